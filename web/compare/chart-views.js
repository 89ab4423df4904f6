// @ts-check
// The comparison's chart views, each a card of overlaid charts: test loss and accuracy,
// the first layer's gradient, the gradient per layer now, dead and saturated units, and
// the mean activation (over time and per layer now). update() hands the charts the
// tracker's columns (one per network, on the shared step axis).
// This file is not: the charts (charts/overlay.js, charts/profile.js) or the series (figures.js).
import { h } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { createOverlay } from '../charts/overlay.js';
import { createProfile } from '../charts/profile.js';
import { targetText } from './words.js';
import { card } from './card.js';

/** @typedef {import('../charts/base.js').Scheduler} Scheduler */
/** @typedef {import('./figures.js').Tracker} Tracker */
/** @typedef {import('./figures.js').Column} Column */

/**
 * @param {Scheduler} scheduler @param {{ vary: string, target: number, views: readonly string[] }} setup
 * @param {string[]} names one per network
 */
export function createChartViews(scheduler, setup, names) {
  const has = (/** @type {string} */ v) => setup.views.includes(v);
  const T = targetText(setup.target);
  /** @param {import('../charts/overlay.js').OverlayOptions} o */
  const overlay = (o) => createOverlay(scheduler, o);
  const lossChart = has('loss') ? overlay({ label: 'Test loss of every network over steps', yLabel: 'test loss', names, height: 190 }) : null;
  const accChart = has('loss') ? overlay({
    label: 'Test accuracy of every network over steps', yLabel: 'test accuracy', names, range: [0, 1], height: 190,
    format: (v) => pct(v), axisFormat: (v) => `${Math.round(v * 100)}%`, mark: { value: setup.target, label: `target ${T}` },
  }) : null;
  const grad0Chart = has('grad0') ? overlay({ label: 'Gradient norm of hidden layer 1 over steps, log scale', yLabel: '‖∂L/∂W₁‖', names, log: true, height: 220 }) : null;
  const profileChart = has('profile') ? createProfile(scheduler, { label: 'Gradient norm of every layer at the current step, log scale', yLabel: '‖∂L/∂W‖', log: true }) : null;
  const deadChart = has('health') ? overlay({ label: 'Dead units of every network over steps', yLabel: 'dead units', names, format: (v) => int(v), height: 170 }) : null;
  const satChart = has('health') ? overlay({ label: 'Saturated units of every network over steps', yLabel: 'saturated units', names, format: (v) => int(v), height: 170 }) : null;
  const meanChart = has('mean') ? overlay({ label: 'Mean activation of the hidden layers over steps', yLabel: 'mean activation', names, format: (v) => sci(v, 3), height: 190 }) : null;
  const meanProfile = has('mean') ? createProfile(scheduler, { label: 'Mean activation of every hidden layer at the current step', yLabel: 'mean activation', zeroLine: true, height: 190, xLabel: ['hidden layer (input → output)', 'hidden layer (input side → output side)'] }) : null;

  /** @type {Record<string, HTMLElement>} */ const cards = {};
  if (lossChart && accChart) cards.loss = card('loss', setup.vary, { body: [h('div.gc-pair', null, lossChart.el, accChart.el)] });
  if (grad0Chart) cards.grad0 = card('grad0', setup.vary, { body: [grad0Chart.el] });
  if (profileChart) cards.profile = card('profile', setup.vary, { body: [profileChart.el] });
  if (deadChart && satChart) cards.health = card('health', setup.vary, { body: [h('div.gc-pair', null, deadChart.el, satChart.el)] });
  if (meanChart && meanProfile) cards.mean = card('mean', setup.vary, { body: [h('div.gc-pair', null, meanChart.el, meanProfile.el)] });
  const charts = { loss: [lossChart, accChart], grad0: [grad0Chart], profile: [profileChart], health: [deadChart, satChart], mean: [meanChart, meanProfile] };

  return {
    /** The cards, by view id (only the views asked for). */
    cards,
    /** The charts of each view (for the tables, views/tables.js). */
    charts,
    /** @param {Tracker} tracker @param {number} step */
    update(tracker, step) {
      const xs = tracker.steps;
      const col = (/** @type {Column} */ c) => names.map((_, i) => tracker.column(i, c));
      lossChart?.setData(xs, col('testLoss'));
      accChart?.setData(xs, col('testAcc'));
      grad0Chart?.setData(xs, col('grad0'));
      deadChart?.setData(xs, col('dead'));
      satChart?.setData(xs, col('saturated'));
      meanChart?.setData(xs, col('meanAct'));
      const lasts = names.map((_, i) => tracker.track(i).last);
      profileChart?.set(names.map((name, i) => ({ name, values: lasts[i]?.profile ?? [] })), step);
      meanProfile?.set(names.map((name, i) => ({ name, values: lasts[i]?.actProfile ?? [] })), step, false);
    },
    destroy() { for (const list of Object.values(charts)) for (const c of list) c?.destroy(); },
  };
}
