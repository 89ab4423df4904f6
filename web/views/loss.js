// @ts-check
// The loss card: the batch loss of every frame and the train/test loss and accuracy of the
// evaluations, over steps (two tables of the series' columns on their own steps, joined by
// the chart), with the latest evaluation in figures.
// This file is not: keeping the columns (state/series.js) or the chart (charts/timeseries.js).
import { h } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { createTimeSeries } from '../charts/timeseries.js';
import { card, setWords } from './card.js';
import { fill, pngButton } from './context.js';
import { lossWords } from './explain.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createLossView(ctx) {
  const chart = createTimeSeries(ctx.scheduler, {
    label: 'Loss and accuracy over steps',
    series: [
      { label: 'batch loss', color: 'muted', width: 1 },
      { label: 'train loss', color: 'accent', width: 2 },
      { label: 'test loss', color: 'bad', width: 2 },
      { label: 'train acc', color: 'accent', scale: 'acc', dash: [5, 3] },
      { label: 'test acc', color: 'bad', scale: 'acc', dash: [5, 3] },
    ],
    scales: { y: {}, acc: { range: [0, 1] } },
    axes: [{ scale: 'y', label: 'loss' }, { scale: 'acc', label: 'accuracy', side: 1, format: (v) => `${Math.round(v * 100)}%` }],
  });
  const figures = h('div.gs-figures');
  const el = card('loss', { tools: [pngButton(ctx, 'loss', () => [chart.canvas])], body: [figures, chart.el] });
  let drawn = -1;

  /** @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series;
    if (!ctx.committed() || (!force && series.version === drawn)) return;
    drawn = series.version;
    const ev = (/** @type {import('../state/series.js').EvalName} */ n) => series.evaluation(n);
    chart.setTables([
      [series.scalar('step'), series.scalar('loss')],
      [ev('step'), ev('trainLoss'), ev('testLoss'), ev('trainAcc'), ev('testAcc')],
    ]);
    const k = series.evalLength - 1;
    if (k < 0) { fill(figures); return; }
    const trainAcc = ev('trainAcc')[k], testAcc = ev('testAcc')[k];
    fill(figures,
      h('span', null, 'train loss ', h('b', null, sci(ev('trainLoss')[k], 3))), h('span', null, 'test loss ', h('b', null, sci(ev('testLoss')[k], 3))),
      Number.isFinite(testAcc) ? h('span', null, 'train acc ', h('b', null, pct(trainAcc))) : null,
      Number.isFinite(testAcc) ? h('span', null, 'test acc ', h('b', { 'data-role': 'test-accuracy' }, pct(testAcc))) : null,
      h('span', null, `at step ${int(ev('step')[k])}`));
  }

  return {
    id: 'loss', el, charts: [chart],
    build(parent) { parent.append(el); },
    opened() { drawn = -1; },
    update(_frame, when) { if (when.series) redraw(); },
    shown(s) {
      const shape = ctx.shape();
      setWords(el, lossWords(s, shape, ctx.lossName()));
      redraw();
    },
    redraw,
    recolour() { redraw(true); },
    destroy() { chart.destroy(); },
  };
}
