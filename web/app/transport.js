// @ts-check
// The playground's header: brand, the transport buttons (Play, Step, Reset, New seed,
// Share, Embed, Compare), speed and learning rate, theme, and the status line (step,
// steps/s, fps, training or paused). It shows what the controller says; its buttons call
// the actions it is given.
// This file is not: the actions (controller.js) or the share panel (share.js).
import { h, setText } from '../ui/dom.js';
import { int } from '../ui/format.js';

/**
 * @typedef {{ togglePlay: () => void, stepOnce: () => void, reset: () => void, newSeed: () => void,
 *   cycleTheme: () => void, share: (kind: 'link' | 'embed') => void, compare: () => void,
 *   speed: (perFrame: number) => void, lr: (text: string) => void }} TransportActions
 */

/** Speed slider 0..100 -> 1..10000 steps per frame (log). @param {number} v */
export const sliderToSpeed = (v) => Math.max(1, Math.round(10 ** (v / 25)));
/** @param {number} s */
export const speedToSlider = (s) => Math.round(Math.log10(Math.max(1, s)) * 25);

/** @param {TransportActions} act @param {boolean} compact */
export function createTransport(act, compact) {
  const statusEl = h('div.gs-status', { 'aria-live': 'off' });
  const loading = h('span.gs-loading', { role: 'status' }, h('span.gs-spinner'), 'loading the engine…');
  const stepEl = h('b', null, '0'), spsEl = h('b', null, '–'), fpsEl = h('b', null, '–'), stateEl = h('span', null, 'paused');
  statusEl.append(loading, h('span', null, 'step ', stepEl), h('span', null, spsEl, ' steps/s'), h('span', null, fpsEl, ' fps'), stateEl);
  const playBtn = h('button.gs-btn.gs-primary', { type: 'button', 'aria-keyshortcuts': 'Space', onclick: () => act.togglePlay() }, 'Play ', h('kbd', null, 'Space'));
  const stepBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 's', title: 'One training step', onclick: () => act.stepOnce() }, 'Step ', h('kbd', null, 's'));
  const resetBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 'r', title: 'Back to step 0 with the same seed', onclick: () => act.reset() }, 'Reset ', h('kbd', null, 'r'));
  const seedBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 'n', title: 'Re-initialise with a new seed', onclick: () => act.newSeed() }, 'New seed ', h('kbd', null, 'n'));
  const speedIn = /** @type {HTMLInputElement} */ (h('input', { type: 'range', min: 0, max: 100, step: 1, 'aria-label': 'Training speed (steps per frame)' }));
  const speedOut = h('output', null, '');
  const lrIn = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 0, max: 10, step: 'any', 'aria-label': 'Learning rate (changes without reset)' }));
  const themeBtn = h('button.gs-btn', { type: 'button', title: 'Theme (t)', 'aria-label': 'Switch theme', onclick: () => act.cycleTheme() }, '◐');
  const shareBtn = h('button.gs-btn', { type: 'button', 'data-action': 'share', title: 'Copy a link to exactly this state', onclick: () => act.share('link') }, 'Share');
  const embedBtn = h('button.gs-btn', { type: 'button', 'data-action': 'embed', title: 'Copy a snippet that puts this network in a web page', onclick: () => act.share('embed') }, 'Embed');
  const brand = /** @type {HTMLAnchorElement} */ (h('a.gs-mark', { target: '_blank', rel: 'noopener', title: 'Open this network in the full gradscope playground' }, 'grad', h('span', null, 'scope'), ' ↗'));
  // the comparison of activations (web/compare), on this network and data, in a dialog
  const compareBtn = h('button.gs-btn', { type: 'button', 'data-action': 'compare', title: 'Compare ReLU, Leaky ReLU and ELU side by side on this network and data', onclick: () => act.compare() }, 'Compare activations');
  compareBtn.hidden = compact;
  const transport = h('div.gs-transport', null, playBtn, stepBtn, resetBtn, seedBtn, shareBtn, embedBtn, compareBtn,
    h('label.gs-field-inline', null, 'speed', speedIn, speedOut),
    h('label.gs-field-inline', null, 'lr', lrIn), themeBtn);
  const header = h('header.gs-top', null,
    h('div.gs-brand', null, h('h1', null, 'grad', h('span', null, 'scope')), h('p', null, 'Build a deep network, train it live, watch its gradients vanish.')),
    transport, statusEl);
  speedIn.addEventListener('input', () => setText(speedOut, `${sliderToSpeed(Number(speedIn.value))}/frame`));
  speedIn.addEventListener('change', () => act.speed(sliderToSpeed(Number(speedIn.value))));
  lrIn.addEventListener('change', () => act.lr(lrIn.value));

  return {
    header, statusEl, loading, brand, themeBtn, fpsEl, spsEl, stateEl, stepEl,
    /** The single controls an embed may show, by name (state/embed-options.js). */
    single: /** @type {Record<string, HTMLElement | null>} */ ({ play: playBtn, step: stepBtn, reset: resetBtn, newseed: seedBtn, speed: speedIn.parentElement, lr: lrIn.parentElement, theme: themeBtn, share: shareBtn, embed: embedBtn }),
    /** Shows training or paused. @param {boolean} running */
    showRunning(running) {
      if (playBtn.firstChild) playBtn.firstChild.textContent = running ? 'Pause ' : 'Play ';
      playBtn.setAttribute('aria-pressed', String(running));
      setText(stateEl, running ? 'training' : 'paused');
    },
    /** The live fields of a state. @param {{ lr: number, speed: number }} s */
    showState(s) {
      lrIn.value = String(s.lr);
      speedIn.value = String(speedToSlider(s.speed));
      setText(speedOut, `${s.speed}/frame`);
    },
    /** @param {number} step @param {number | null} perSecond null: not training */
    showStep(step, perSecond) {
      setText(stepEl, int(step));
      setText(spsEl, perSecond === null ? '–' : int(perSecond));
    },
  };
}
