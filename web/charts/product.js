// @ts-check
// The lesson's numeric experiment: the running product of N factors, on a log scale.
// Uniform factors from (0, 1) and sigmoid derivatives at z ~ N(0, 1) (the core's
// productExperiment computes both), with the marks 1e-18 and 0.25^N.
import { canvasBox, fitCanvas, textStyle, decade } from './base.js';
import { frame, line } from './plot.js';

/**
 * @typedef {{ uniform: number[], sigmoid: number[], n: number }} ProductData  log10 running products
 */

/** @param {import('./base.js').Scheduler} scheduler */
export function createProductChart(scheduler) {
  const { box, canvas } = canvasBox('Running product of N random factors, log scale');
  /** @type {ProductData | null} */ let data = null;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const ctx = fitCanvas(canvas, w, 230);
    if (!data) { textStyle(ctx, p, 12); ctx.fillText('loading the engine…', 12, 24); return; }
    const { n } = data;
    const bound = n * Math.log10(0.25);
    const fin = [...data.uniform, ...data.sigmoid].filter(Number.isFinite);
    const lo = Math.min(-20, Math.floor(Math.min(bound, ...fin) / 5) * 5 - 2);
    const step = Math.max(5, Math.ceil(-lo / 6 / 5) * 5);
    const yTicks = [];
    for (let e = 0; e >= lo; e -= step) yTicks.push(e);
    const f = frame(ctx, p, { box: [50, 8, w - 60, 180], x: [0, n], y: [lo, 0], yTicks, yFormat: decade, xLabel: 'number of factors multiplied', yLabel: 'product' });
    const xs = Array.from({ length: n + 1 }, (_, i) => i);
    line(ctx, f, xs, [0, ...data.uniform], p.accent, { width: 2 });
    line(ctx, f, xs, [0, ...data.sigmoid], p.bad, { width: 2 });
    line(ctx, f, [0, n], [0, bound], p.muted, { dash: [4, 3] });
    line(ctx, f, [0, n], [-18, -18], p.ok, { dash: [2, 3] });
    textStyle(ctx, p, 11, p.ok);
    ctx.textAlign = 'right';
    if (-18 > lo) ctx.fillText('1e-18', f.left + f.w - 4, f.y(-18) - 8);
    textStyle(ctx, p, 11, p.muted);
    ctx.fillText(`0.25^N (sigmoid's bound)`, f.left + f.w - 4, Math.min(f.top + f.h - 6, f.y(bound) - 8));
    ctx.textAlign = 'left';
    textStyle(ctx, p, 11, p.accent);
    ctx.fillText('uniform (0, 1)', f.left + 6, f.top + f.h - 22);
    textStyle(ctx, p, 11, p.bad);
    ctx.fillText('sigmoid′(z), z ~ N(0, 1)', f.left + 6, f.top + f.h - 8);
  });
  return {
    el: box, canvas,
    /** @param {ProductData} d */
    set(d) { data = d; handle.invalidate(); },
    destroy() { handle.destroy(); },
  };
}
