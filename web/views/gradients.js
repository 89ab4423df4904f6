// @ts-check
// The gradients card: the headline (the first-to-last ratio in words, views/headline.js),
// the gradient norm of every layer as bars, and the global gradient norm over steps before
// and after clipping. Reads the step's statistics from frame.statsColumns and the norms over
// time from the series' columns.
// This file is not: the words (headline.js, explain.js) or the charts (charts/).
import { h, setText, fillSelect } from '../ui/dom.js';
import { sci } from '../ui/format.js';
import { createGradBars } from '../charts/gradbars.js';
import { createTimeSeries } from '../charts/timeseries.js';
import { layerCount } from '../state/columns.js';
import { GRAD_FIELDS } from '../state/schema.js';
import { label } from '../ui/labels.js';
import { card, setWords } from './card.js';
import { pngButton } from './context.js';
import { headlineOf, lastFiniteOf } from './headline.js';
import { gradientsWords } from './explain.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */

/** @param {ViewContext} ctx @returns {import('./context.js').View & { headline: HTMLElement }} */
export function createGradientsView(ctx) {
  const bars = createGradBars(ctx.scheduler, { label: 'Gradient norm per layer, log scale' });
  const headline = h('p.gs-headline', { 'data-role': 'headline' }, 'Waiting for the first step…');
  const headSub = h('p.gs-sub', { 'data-role': 'headline-sub' });
  const zeroNote = h('p.gs-note', { 'data-role': 'initial-note' });
  const gradSelect = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Gradient measure' }));
  fillSelect(gradSelect, GRAD_FIELDS, label);
  gradSelect.addEventListener('change', () => ctx.edit('gradField', gradSelect.value));
  // the global gradient norm over steps, before and after clipping (the exploding preset's remedy)
  const normChart = createTimeSeries(ctx.scheduler, {
    label: 'Global gradient norm over steps, before and after clipping (log scale)', height: 150,
    series: [
      { label: '‖g‖ before clipping', color: 'accent', width: 2 },
      { label: '‖g‖ after clipping', color: 'bad', width: 2, dash: [5, 3] },
      { label: 'clip threshold', color: 'muted', width: 1, dash: [2, 3] },
    ],
    scales: { y: { log: true } },
    axes: [{ scale: 'y', label: '‖∂L/∂θ‖', format: (v) => sci(v) }],
  });
  const el = card('gradients', { wide: true, tools: [gradSelect, pngButton(ctx, 'gradients', () => [bars.canvas, normChart.canvas])], body: [headline, headSub, bars.el, normChart.el] });
  if (!ctx.compact) headSub.after(zeroNote);  // embeds reserve their heights: no extra line there
  let drawn = -1;
  /** The clip threshold as a column (NaN: none), reused. */
  let flat = new Float64Array(0);

  /** @param {StatsColumns} sc @param {any} diverged @param {boolean} words update the sentences too */
  function showHeadline(sc, diverged, words) {
    const s = /** @type {import('../state/schema.js').State} */ (ctx.committed());
    const field = s.gradField === 'dz_norm' ? 'dz_norm' : 'dW_norm';
    const series = ctx.series;
    const lastFinite = diverged ? lastFiniteOf(series.scalar('step'), Array.from({ length: series.layers }, (_, l) => series.layer(field, l)), diverged.step) : null;
    const hd = headlineOf({ sc, field, depth: s.depth, diverged, lastFinite });
    if (hd.bars) bars.set(hd.bars, field === 'dW_norm' ? '‖∂L/∂W‖' : '‖∂L/∂z‖');
    bars.el.dataset.finite = String((hd.bars ?? []).every((v) => Number.isFinite(v)));
    bars.el.dataset.count = String(hd.bars?.length ?? 0);
    headline.dataset.ratio = String(hd.ratio);
    headline.dataset.first = String(hd.first);
    headline.dataset.last = String(hd.last);
    headline.dataset.step = String(sc.step);
    headline.dataset.overflow = String(hd.overflow);
    if (!words && !hd.overflow) return;
    setText(headline, hd.text);
    if (headline.className !== hd.cls) headline.className = hd.cls;
    if (ctx.running()) ctx.announce(hd.overflow ? 'overflow' : hd.ratio < 1e-3 || hd.first === 0 ? 'vanishing' : hd.ratio > 1e3 ? 'exploding' : 'even', headline.textContent ?? '');
    setText(headSub, hd.sub);
  }

  /** The norm chart from the series' columns. @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series, s = ctx.committed();
    if (!s || (!force && series.version === drawn)) return;
    drawn = series.version;
    const n = series.length;
    const clipAt = s.clip > 0 ? s.clip : NaN;
    if (flat.length !== n || flat[0] !== clipAt) { flat = new Float64Array(n); flat.fill(clipAt); }
    normChart.setData([series.scalar('step'), series.scalar('grad_norm'), s.clip > 0 ? series.scalar('clipped_norm') : flat, flat]);
  }

  return {
    id: 'gradients', el, headline, charts: [bars, normChart],
    build(parent) { parent.append(el); },
    reset() { bars.resetRange(); },
    opened() { drawn = -1; },
    update(frame, when) {
      const sc = frame.statsColumns;
      if (layerCount(sc)) {
        showHeadline(sc, frame.diverged ?? null, when.words);
        if (!ctx.compact && when.words) setText(zeroNote, ctx.barsNote(frame));
      } else if (frame.steps === 0 && !ctx.sc()) {
        setText(headline, 'Press Play (Space) or Step (s): the gradients appear after the first step.');
        headline.className = 'gs-headline';
      }
      if (when.series) redraw();
    },
    shown(s) {
      gradSelect.value = s.gradField;
      setWords(el, gradientsWords(s, ctx.shape()));
      redraw();
    },
    redraw,
    recolour() { redraw(true); },
    destroy() { bars.destroy(); normChart.destroy(); },
  };
}
