// @ts-check
// Preset pacing (issue 13): a preset's claim is about one step (presets.js `stop`). On the
// playground, Play trains to exactly that step and stops there, the step is marked on the
// time charts, and the banner says what was measured at it and offers to go on. Reset or a
// new network starts over; any edit that leaves the preset drops the stop.
// This file is not: the stepping (playground.js finish() trains to a limit) or the claims
// (presets.js).
import { h, setText } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';

/** @typedef {import('../state/presets.js').Preset} Preset */
/** @typedef {{ setMarker: (m: { step: number, label: string } | null) => void }} Marked */
/**
 * The figures the stop sentence is made of (playground figures()).
 * @typedef {{ step: number, depth: number, gradientRatio: number | null, testAccuracy: number | null,
 *   deadUnits: number, units: number, diverged: any }} StopFigures
 */

/**
 * What was measured at the stop, in words, from the figures on screen.
 * @param {StopFigures} f
 * @returns {string}
 */
export function stopSentence(f) {
  const parts = [];
  if (f.depth > 1 && f.gradientRatio !== null) parts.push(`layer 1 receives ${sci(f.gradientRatio)} × layer ${f.depth}’s gradient`);
  if (f.testAccuracy !== null) parts.push(`test accuracy ${pct(f.testAccuracy)}`);
  if (f.units > 0) parts.push(`${int(f.deadUnits)} of ${int(f.units)} units dead`);
  return `Stopped at step ${int(f.step)}, the step this claim is about. Measured now: ${parts.join('; ')}.`;
}

/**
 * One playground's pacing. `charts` get the marker; `goOn` resumes training past the stop.
 * @param {{ charts: Marked[], goOn: () => void }} o
 */
export function createPacing(o) {
  /** @type {Preset | null} */ let preset = null;
  /** 'off': no stop; 'pending': Play stops at `stop`; 'stopped': it did; 'done': past it; 'diverged' */
  let phase = 'off';
  const text = h('span', { 'data-role': 'pace-text' });
  const goOn = /** @type {HTMLButtonElement} */ (h('button.gs-mini', { type: 'button', 'data-action': 'pace-go-on', onclick: () => { phase = 'done'; render(null); o.goOn(); } }, 'Go on training'));
  const el = h('p.gs-pace', { 'data-role': 'pace', role: 'status' }, text, ' ', goOn);

  /** @param {StopFigures | null} f */
  function render(f) {
    el.dataset.phase = phase;
    goOn.hidden = phase !== 'stopped';
    el.hidden = phase === 'off';
    if (!preset) return;
    const stop = int(preset.stop);
    if (phase === 'pending') setText(text, preset.stop === 1 ? 'Play runs one step and stops there: the claim is about step 1 (marked on the charts).' : `Play trains to step ${stop} and stops there: the claim is about that step (marked on the charts).`);
    else if (phase === 'stopped' && f) setText(text, stopSentence(f));
    else if (phase === 'done') setText(text, `Past step ${stop}, the step the claim is about (marked on the charts): from here on the run goes beyond the claim.`);
  }
  function mark() {
    const m = preset && phase !== 'off' ? { step: preset.stop, label: `step ${int(preset.stop)}: the claim` } : null;
    for (const c of o.charts) c.setMarker(m);
  }

  return {
    /** The banner's line. */
    el,
    /**
     * A network was opened or reset to step 0: its preset's stop applies again (none when
     * `enabled` is false: embeds, which have their own `steps`).
     * @param {Preset | undefined} p @param {boolean} enabled
     */
    opened(p, enabled) {
      preset = p && enabled && p.stop > 0 ? p : null;
      phase = preset ? 'pending' : 'off';
      render(null);
      mark();
    },
    /**
     * The step Play should stop at from `step`, or 0 (no stop pending).
     * @param {number} step
     */
    limitFrom(step) { return preset && phase === 'pending' && step < preset.stop ? preset.stop : 0; },
    /**
     * Training reached a limit: when it is the preset's stop, say what was measured there.
     * @param {StopFigures} f
     */
    reached(f) {
      if (!preset || phase !== 'pending') return;
      if (f.diverged) {  // the run cannot go on: say where it stopped
        phase = 'diverged';
        const d = Number(f.diverged.step);
        setText(text, `Training diverged at step ${int(d)}, ${d <= preset.stop ? 'within' : 'after'} the ${int(preset.stop)} step${preset.stop === 1 ? '' : 's'} this claim is about (the message above says where and why).`);
        el.dataset.phase = phase;
        goOn.hidden = true;
        return;
      }
      if (f.step !== preset.stop) { phase = 'done'; render(null); return; }
      phase = 'stopped';
      render(f);
    },
    /**
     * A frame at `step`: once training went on past a stop (Go on, Step, Space, the API's
     * play()), the stop's "Measured now" sentence is about the past, so it gives way.
     * @param {number} step
     */
    moved(step) {
      if (preset && phase === 'stopped' && step > preset.stop) { phase = 'done'; render(null); }
    },
    /** @returns {string} for tests and the tour */
    get phase() { return phase; },
    /** @returns {string} the paced preset's id, or '' */
    get presetId() { return preset ? preset.id : ''; },
    /** @returns {number} the preset's stop, or 0 */
    get stop() { return preset ? preset.stop : 0; },
  };
}
