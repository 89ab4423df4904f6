// @ts-check
// The flow card: the gradient norm of every layer over time as a heatmap (log colour), read
// from the series' per-layer columns (at most ~400 columns of steps).
// This file is not: the heatmap (charts/heatmap.js).
import { interpolateViridis } from 'd3-scale-chromatic';
import { sci, int } from '../ui/format.js';
import { createHeatmap, rgb } from '../charts/heatmap.js';
import { card } from './card.js';
import { pngButton } from './context.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createFlowView(ctx) {
  const flow = createHeatmap(ctx.scheduler, { label: 'Gradient norm per layer over time (log colour)', height: (rows) => Math.min(260, Math.max(110, rows * 5)), rows: () => ctx.state().depth + 1, minMs: 150 });
  const el = card('flow', { tools: [pngButton(ctx, 'flow', () => [flow.canvas])], body: [flow.el] });
  let drawn = -1;

  /** @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series, s = ctx.committed();
    if (!s || (!force && series.version === drawn)) return;
    drawn = series.version;
    const n = series.length, L = series.layers;
    if (!n || !L) return;
    const field = s.gradField === 'dz_norm' ? 'dz_norm' : 'dW_norm';
    // at most ~400 columns of steps, copied: the series thins its columns in place later
    const stride = Math.max(1, Math.ceil(n / 400));
    const width = Math.ceil(n / stride);
    const grid = new Float64Array(L * width), steps = new Float64Array(width);
    const allSteps = series.scalar('step');
    for (let c = 0; c < width; ++c) steps[c] = allSteps[Math.min(n - 1, c * stride)];
    for (let l = 0; l < L; ++l) {
      const col = series.layer(field, l);
      for (let c = 0; c < width; ++c) grid[l * width + c] = col[Math.min(n - 1, c * stride)];
    }
    const at = (/** @type {number} */ r, /** @type {number} */ c) => grid[r * width + c];
    let lo = Infinity, hi = -Infinity;
    for (const v of grid) if (v > 0 && Number.isFinite(v)) { const e = Math.log10(v); if (e < lo) lo = e; if (e > hi) hi = e; }
    if (!(hi > lo)) { lo = -1; hi = 0; }
    const p = ctx.scheduler.palette();
    const zero = rgb(p.bad), nan = rgb(p.grid);
    flow.set({
      rows: L, cols: width,
      color: (r, c) => { const v = at(r, c); return v === 0 ? zero : v > 0 && Number.isFinite(v) ? rgb(interpolateViridis((Math.log10(v) - lo) / (hi - lo))) : nan; },
      describe: (r, c) => { const v = at(r, c); return `step ${int(steps[c])}, ${r === L - 1 ? 'output layer' : `layer ${r + 1}`}: ${v === 0 ? '0 (underflow)' : sci(v, 3)}`; },
      rowLabel: (r) => (r === L - 1 ? 'out' : String(r + 1)),
      colLabel: (c) => int(steps[c]),
      xTitle: 'step', yTitle: 'layer',
      scale: { color: (t) => interpolateViridis(t), labels: [`1e${Math.floor(lo)}`, `1e${Math.ceil(hi)}`] },
      legend: { colors: [p.bad, p.grid], labels: ['0 (underflow)', 'Inf/NaN'] },
    });
  }

  return {
    id: 'flow', el, charts: [flow],
    build(parent) { parent.append(el); },
    opened() { flow.set(null); drawn = -1; },
    update(_frame, when) { if (when.series) redraw(); },
    shown() { redraw(); },
    redraw,
    recolour() { redraw(true); },
    destroy() { flow.destroy(); },
  };
}
