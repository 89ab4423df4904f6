// @ts-check
// The comparison's header: its title, the transport (Play/Pause, one round, Reset, theme),
// the key (one line style per network, as in every chart), the status line (step, frame
// rate, what it is doing), the progress to the step limit and what the networks share.
// This file is not: the controller that decides what the buttons do (controller.js).
import { h, setText } from '../ui/dom.js';
import { int } from '../ui/format.js';
import { NET_DASHES, samenessClaim } from '../state/compare-setup.js';
import { titleOf } from './view-text.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */

/**
 * @param {Document} doc
 * @param {{ vary: import('../state/compare-setup.js').AnyVary, speed: number, steps: number | null }} setup
 * @param {Variant[]} variants
 * @param {{ toggle: () => void, step: () => void, reset: () => void, theme: () => void }} act
 */
export function createHeader(doc, setup, variants, act) {
  const { title, sub } = titleOf(variants, setup.vary);
  /** @type {SVGLineElement[]} */ const keyLines = [];
  const key = h('ul.gc-key', { 'aria-label': 'Networks and their line styles' }, ...variants.map((v, i) => {
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '28'); svg.setAttribute('height', '10'); svg.setAttribute('aria-hidden', 'true');
    const ln = doc.createElementNS('http://www.w3.org/2000/svg', 'line');
    ln.setAttribute('x1', '1'); ln.setAttribute('x2', '27'); ln.setAttribute('y1', '5'); ln.setAttribute('y2', '5');
    ln.setAttribute('stroke-width', '3');
    if (NET_DASHES[i].length) ln.setAttribute('stroke-dasharray', NET_DASHES[i].join(' '));
    svg.append(ln);
    keyLines.push(ln);
    return h('li', { 'data-network': i }, svg, h('span', null, v.label), v.detail && !v.label.includes(v.detail) ? h('small', null, v.detail) : null);
  }));

  const playBtn = /** @type {HTMLButtonElement} */ (h('button.gs-btn.gs-primary', { type: 'button', disabled: true, onclick: act.toggle }, 'Play'));
  const stepBtn = /** @type {HTMLButtonElement} */ (h('button.gs-btn', { type: 'button', disabled: true, title: `One lock-step round: ${setup.speed} step${setup.speed === 1 ? '' : 's'} for every network`, onclick: act.step }, `+${setup.speed} steps`));
  const resetBtn = /** @type {HTMLButtonElement} */ (h('button.gs-btn', { type: 'button', disabled: true, title: 'Back to step 0: the same initial weights and batches', onclick: act.reset }, 'Reset'));
  const themeBtn = h('button.gs-btn', { type: 'button', title: 'Switch theme', 'aria-label': 'Switch theme', onclick: act.theme }, '◐');
  const stepEl = h('b', { 'data-role': 'step' }, '0');
  const fpsEl = h('b', null, '–');
  const stateEl = h('span.gc-state', { 'aria-live': 'polite' }, 'loading the engine…');
  const progress = /** @type {HTMLProgressElement} */ (h('progress.gc-progress', { max: setup.steps ?? 1, value: 0, 'aria-label': 'Steps done' }));
  progress.hidden = setup.steps === null;
  const status = h('div.gs-status.gc-status', null,
    h('span', null, 'step ', stepEl, setup.steps !== null ? ` of ${int(setup.steps)}` : ''),
    h('span', null, fpsEl, ' fps'), stateEl);
  const note = h('p.gc-note', { 'data-role': 'sameness' }, samenessClaim(setup.vary));
  const el = h('header.gc-head', null,
    h('div.gc-title', null, h('h2', null, title), h('p', null, sub)),
    h('div.gs-transport', null, playBtn, stepBtn, resetBtn, themeBtn),
    key, h('div.gc-statusline', null, status, progress), note);

  return {
    el,
    /** @param {{ phase: string, wanted: boolean, finished: boolean }} s */
    transport(s) {
      const ready = s.phase === 'ready' || s.phase === 'running' || s.phase === 'finished';
      playBtn.disabled = !ready || s.finished;
      stepBtn.disabled = !ready || s.finished;
      resetBtn.disabled = !ready && s.phase !== 'error';
      setText(playBtn, s.wanted && !s.finished ? 'Pause' : 'Play');
      playBtn.setAttribute('aria-pressed', String(s.wanted && !s.finished));
    },
    /** @param {number} n */
    step(n) { setText(stepEl, int(n)); progress.value = n; },
    /** @param {string} text */
    status(text) { setText(stateEl, text); },
    /** @param {string} text */
    note(text) { setText(note, text); },
    /** @param {string} text */
    fps(text) { setText(fpsEl, text); },
    /** @param {readonly string[]} colors one per network, in the theme */
    recolour(colors) { keyLines.forEach((ln, i) => ln.setAttribute('stroke', colors[i % colors.length])); },
  };
}
