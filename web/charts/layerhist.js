// @ts-check
// One layer up close: the histogram of its pre-activations z over the probe set, drawn
// over the activation f(z) and its derivative f'(z); the flat zones where |f'(z)| < eps
// are shaded. Below it, the histogram of its outputs a = f(z) with the mean marked.
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { frame, line } from './plot.js';
import { pct, sci } from '../ui/format.js';

/**
 * @typedef {{ lo: number, hi: number, bins: number, counts: number[] }} Hist
 * @typedef {{ z: Hist, a: Hist, curve: { xs: number[], f: ArrayLike<number>, d: ArrayLike<number> } | null,
 *   eps: number, actMean: number, actStd: number, name: string }} LayerHistData
 */

/** @param {import('./base.js').Scheduler} scheduler @param {{ label: string }} opts */
export function createLayerHist(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  /** @type {LayerHistData | null} */ let data = null;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(260, handle.width);
    const H = 300;
    const ctx = fitCanvas(canvas, w, H);
    if (!data) { textStyle(ctx, p, 12); ctx.fillText('waiting for the first probe…', 12, 24); return; }
    const { z, a, curve } = data;
    const zTotal = z.counts.reduce((s, c) => s + c, 0) || 1;
    const inner = z.counts.slice(1, z.bins + 1).map((c) => c / zTotal);
    const peak = Math.max(1e-9, ...inner);
    const yMax = curve ? Math.max(1.1, ...Array.from(curve.f).map((v) => (Number.isFinite(v) ? v : 0)), ...Array.from(curve.d)) : 1;
    const yMin = curve ? Math.min(-0.1, ...Array.from(curve.f).filter(Number.isFinite)) : 0;
    const f = frame(ctx, p, { box: [44, 8, w - 56, 170], x: [z.lo, z.hi], y: [Math.max(-2, yMin), Math.min(4, yMax)], xLabel: 'pre-activation z', yLabel: 'f(z), f′(z)' });
    // flat zones
    if (curve) {
      ctx.fillStyle = p.accent2;
      ctx.globalAlpha = p.dark ? 0.16 : 0.14;
      const step = (curve.xs[1] - curve.xs[0]) || 0.1;
      for (let i = 0; i < curve.xs.length; ++i) {
        if (Math.abs(curve.d[i]) < data.eps) ctx.fillRect(f.x(curve.xs[i] - step / 2), f.top, Math.max(1, f.x(curve.xs[i] + step / 2) - f.x(curve.xs[i] - step / 2)), f.h);
      }
      ctx.globalAlpha = 1;
    }
    // z histogram, scaled to the plot's height
    const bw = (z.hi - z.lo) / z.bins;
    ctx.fillStyle = p.accent;
    ctx.globalAlpha = 0.55;
    for (let i = 0; i < z.bins; ++i) {
      const hgt = (inner[i] / peak) * f.h * 0.92;
      if (hgt > 0) ctx.fillRect(f.x(z.lo + i * bw) + 0.5, f.top + f.h - hgt, Math.max(1, f.x(z.lo + (i + 1) * bw) - f.x(z.lo + i * bw) - 1), hgt);
    }
    ctx.globalAlpha = 1;
    if (curve) {
      line(ctx, f, curve.xs, curve.f, p.fg, { width: 2 });
      line(ctx, f, curve.xs, curve.d, p.bad, { width: 2, dash: [5, 3] });
    }
    textStyle(ctx, p, 10);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    const under = z.counts[0] / zTotal, over = z.counts[z.bins + 1] / zTotal;
    if (under > 0) ctx.fillText(`← ${pct(under)} below ${z.lo}`, f.left + 4, f.top + 2);
    ctx.textAlign = 'right';
    if (over > 0) ctx.fillText(`${pct(over)} above ${z.hi} →`, f.left + f.w - 4, f.top + 2);
    // legend
    ctx.textAlign = 'left';
    const ly = 8 + 170 + 30;
    const items = /** @type {[string, string, boolean][]} */ ([[p.accent, 'histogram of z', false], [p.fg, `f = ${data.name}`, false], [p.bad, 'f′ (dashed)', false], [p.accent2, `flat: |f′| < ${data.eps}`, true]]);
    let x = 44;
    for (const [c, t, translucent] of items) {
      ctx.fillStyle = c; ctx.globalAlpha = translucent ? 0.5 : 1; ctx.fillRect(x, ly, 10, 10); ctx.globalAlpha = 1;
      textStyle(ctx, p, 11); ctx.textBaseline = 'top'; ctx.fillText(t, x + 14, ly - 1);
      x += 26 + ctx.measureText(t).width;
      if (x > w - 80) break;
    }
    // output histogram strip
    const aTotal = a.counts.reduce((s, c) => s + c, 0) || 1;
    const ain = a.counts.slice(1, a.bins + 1).map((c) => c / aTotal);
    const apeak = Math.max(1e-9, ...ain);
    const g = frame(ctx, p, { box: [44, 232, w - 56, 40], x: [a.lo, a.hi], y: [0, 1], yTicks: [], xLabel: 'output a = f(z) (mean ▲, ±1 spread ─)' });
    const abw = (a.hi - a.lo) / a.bins;
    ctx.fillStyle = p.ok;
    for (let i = 0; i < a.bins; ++i) {
      const hgt = (ain[i] / apeak) * g.h;
      if (hgt > 0) ctx.fillRect(g.x(a.lo + i * abw) + 0.5, g.top + g.h - hgt, Math.max(1, g.x(a.lo + (i + 1) * abw) - g.x(a.lo + i * abw) - 1), hgt);
    }
    if (Number.isFinite(data.actMean)) {
      const mx = g.x(Math.max(a.lo, Math.min(a.hi, data.actMean)));
      ctx.fillStyle = p.fg;
      ctx.beginPath(); ctx.moveTo(mx, g.top + g.h); ctx.lineTo(mx - 5, g.top + g.h + 7); ctx.lineTo(mx + 5, g.top + g.h + 7); ctx.fill();
      ctx.strokeStyle = p.fg;
      ctx.beginPath(); ctx.moveTo(g.x(Math.max(a.lo, data.actMean - data.actStd)), g.top + 2); ctx.lineTo(g.x(Math.min(a.hi, data.actMean + data.actStd)), g.top + 2); ctx.stroke();
    }
  });
  return {
    el: box,
    canvas,
    /** @param {LayerHistData | null} d */
    set(d) { data = d; handle.invalidate(); },
    /** The histogram of z as a table: each bin's range and share of the probe rows (charts/table.js). */
    table() {
      if (!data) return null;
      const { z } = data;
      const total = z.counts.reduce((s, c) => s + c, 0) || 1;
      const bw = (z.hi - z.lo) / z.bins;
      const r = (/** @type {number} */ v) => sci(v, 3);
      return {
        columns: ['pre-activation z', 'share of the probe rows'],
        rows: [[`below ${r(z.lo)}`, pct(z.counts[0] / total)],
          ...Array.from({ length: z.bins }, (_, i) => [`${r(z.lo + i * bw)} to ${r(z.lo + (i + 1) * bw)}`, pct(z.counts[i + 1] / total)]),
          [`above ${r(z.hi)}`, pct(z.counts[z.bins + 1] / total)]],
      };
    },
    destroy() { handle.destroy(); },
  };
}
