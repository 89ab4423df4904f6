// @ts-check
// The guided tour's panel: one stop of the lesson at a time (stops.js), its idea, a
// reading of the network on screen generated from the measured figures, links to the views
// to look at, Play to the step its claim is about, and Back / Next. The stop is in the
// state (`tour`, in the link: `#tour=1`), so a link opens the tour where it was.
// Keyboard: every control is a button or a link; Escape inside the panel ends the tour;
// moving to a stop focuses its heading (screen readers read the stop's title).
// This file is not: the words (stops.js) or the playground (it gets callbacks).
import { h, setText } from '../ui/dom.js';
import { STOPS, readingOf } from './tour-stops.js';
import { VIEW_TEXT } from '../views/text.js';

/** @typedef {import('./tour-stops.js').Reading} Reading */
/** @typedef {import('./tour-stops.js').Stop} Stop */

/**
 * @param {{
 *   go: (stop: number, preset: string | null) => void,
 *   presetTitle: (id: string) => string,
 *   end: () => void,
 *   play: () => void,
 *   look: (t: { view: string, layer?: number }) => void,
 *   hasView: (id: string) => boolean,
 *   read: () => Reading | null,
 *   paceStop: () => number,
 *   now: () => number,
 * }} o
 *   go: open stop 1..N with its preset (null: keep the network) and set the state's `tour`;
 *   end: leave the tour (tour 0);
 *   read: the figures of the network on screen; paceStop: the step Play stops at (0: none)
 */
export function createTour(o) {
  let stop = 0;  // 1-based; 0: closed
  /** The last figures seen at each stop on its own preset (for the last stop's summary). @type {Map<number, import('./tour-stops.js').Seen>} */
  const seen = new Map();
  let readAt = -Infinity;
  const count = h('span.gs-tour-count');
  const title = h('h2.gs-tour-title', { tabindex: '-1' });
  const lesson = h('p.gs-tour-lesson');
  const reading = h('div.gs-tour-reading', { 'aria-live': 'polite', 'data-role': 'tour-reading' });
  const looks = h('p.gs-tour-look');
  const back = h('button.gs-btn', { type: 'button', 'data-action': 'tour-back', onclick: () => { if (stop > 1) goTo(stop - 1); } }, '← Back');
  const playBtn = h('button.gs-btn.gs-primary', { type: 'button', 'data-action': 'tour-play', onclick: () => o.play() }, 'Play');
  const next = h('button.gs-btn', { type: 'button', 'data-action': 'tour-next', onclick: () => { if (stop < STOPS.length) goTo(stop + 1); else o.end(); } }, 'Next →');
  const reopen = h('button.gs-mini', { type: 'button', 'data-action': 'tour-open-preset', onclick: () => goTo(stop) }, '');
  const offNote = h('p.gs-tour-off', { 'data-role': 'tour-off' }, h('span'), ' ', reopen);
  offNote.hidden = true;
  const close = h('button.gs-mini', { type: 'button', 'data-action': 'tour-end', 'aria-label': 'End the tour' }, 'End tour ×');
  close.addEventListener('click', () => o.end());
  const el = h('section.gs-tour', { 'data-role': 'tour', 'aria-label': 'Guided tour', role: 'region' },
    h('div.gs-tour-head', null, count, close), title, lesson, offNote, reading, looks,
    h('div.gs-tour-nav', null, back, playBtn, next));
  el.hidden = true;
  el.addEventListener('keydown', (e) => {
    if (/** @type {KeyboardEvent} */ (e).key === 'Escape') { e.preventDefault(); e.stopPropagation(); o.end(); }
  });

  /** @param {number} n */
  function goTo(n) { o.go(n, /** @type {Stop} */ (STOPS[n - 1]).preset); }

  function renderReading() {
    if (!stop) return;
    readAt = o.now();
    const base = o.read();
    const want = /** @type {Stop} */ (STOPS[stop - 1]).preset;
    offNote.hidden = !want || !base || base.state.preset === want;
    if (base && want && base.state.preset === want && base.stats) seen.set(stop, { title: o.presetTitle(want), figures: base.figures });
    const r = base && stop === STOPS.length ? { ...base, seen: [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v) } : base;
    if (want && !offNote.hidden) {
      setText(/** @type {HTMLElement} */ (offNote.firstChild), `This stop’s example is the preset “${o.presetTitle(want)}”; the network on screen is another one, and the reading below is about it.`);
      setText(reopen, `Open “${o.presetTitle(want)}”`);
    }
    const lines = r ? readingOf(stop - 1, r) : ['Measuring the network…'];
    const key = lines.join('\n');
    if (reading.dataset.text === key) return;
    reading.dataset.text = key;
    reading.replaceChildren(...lines.map((t) => h('p', null, t)));
    const ps = o.paceStop();
    setText(playBtn, ps && r && r.figures.step < ps ? `Play to step ${ps}` : 'Play');
  }

  return {
    el,
    /** The stop shown (1-based; 0: closed). */
    get stop() { return stop; },
    /**
     * Follows the state's `tour` field: shows stop n (1-based) or closes (0).
     * @param {number} n
     */
    show(n) {
      const changed = n !== stop;
      stop = n >= 1 && n <= STOPS.length ? n : 0;
      el.hidden = !stop;
      el.dataset.stop = String(stop);
      if (!stop || !changed) { renderReading(); return; }
      const s = /** @type {Stop} */ (STOPS[stop - 1]);
      setText(count, `Guided tour · ${stop} of ${STOPS.length}`);
      setText(title, s.title);
      el.dataset.tourStop = s.id;
      setText(lesson, s.lesson);
      const targets = s.look.filter((t) => o.hasView(t.view));
      looks.replaceChildren(...(targets.length ? ['Look at ', ...targets.flatMap((t, i) => [i ? ', ' : '',
        h('a.gs-lookat-link', { href: `#view-${t.view}`, 'data-look': t.view, onclick: (/** @type {Event} */ e) => { e.preventDefault(); o.look(t); } },
          `${VIEW_TEXT[t.view]?.title ?? t.view}${t.layer !== undefined && t.view === 'layer' ? ` (layer ${t.layer + 1})` : ''}`)]), '.'] : []));
      back.toggleAttribute('disabled', stop === 1);
      setText(next, stop === STOPS.length ? 'Finish' : 'Next →');
      reading.dataset.text = '';
      renderReading();
      title.focus({ preventScroll: true });
    },
    /** Opens stop n (1-based) with its preset. @param {number} n */
    open(n) { goTo(Math.min(STOPS.length, Math.max(1, n))); },
    /**
     * New figures on screen: the reading follows (while training at most 4 times a
     * second; `now`: at once, e.g. a paused frame).
     * @param {boolean} [now]
     */
    refresh(now = false) {
      if (!stop) return;
      // read out while paused (a step, a stop), not several times a second while training
      reading.setAttribute('aria-live', now ? 'polite' : 'off');
      if (now || o.now() - readAt >= 250) renderReading();
    },
  };
}

/** The panel's styles (injected with the playground's). */
export const TOUR_CSS = `
.gs-tour { position: fixed; right: 16px; bottom: 16px; z-index: 30; width: min(420px, calc(100vw - 32px)); max-height: min(70vh, 560px);
  overflow: auto; background: var(--gs-panel); color: var(--gs-fg); border: 1px solid var(--gs-border); border-top: 4px solid var(--gs-accent);
  border-radius: 10px; padding: 10px 14px; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.25); font-size: 14px; }
.gs-tour[hidden] { display: none; }
.gs-tour-head { display: flex; justify-content: space-between; align-items: center; color: var(--gs-muted); font-size: 12px; }
.gs-tour-title { font-size: 16px; margin: 4px 0 6px; }
.gs-tour-title:focus { outline: 2px solid var(--gs-accent); outline-offset: 2px; }
.gs-tour-lesson { margin: 0 0 6px; }
.gs-tour-reading p { margin: 4px 0; font-weight: 500; }
.gs-tour-off { margin: 4px 0; font-size: 13px; color: var(--gs-muted); }
.gs-tour-look { margin: 6px 0; font-size: 13px; }
.gs-tour-nav { display: flex; gap: 8px; justify-content: space-between; margin-top: 8px; }
.gs-tour .gs-lookat-link { color: var(--gs-accent); }
@media (max-width: 600px) { .gs-tour { right: 8px; bottom: 8px; width: calc(100vw - 16px); max-height: 45vh; } }
`;
