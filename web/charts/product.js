// @ts-check
// The lesson's numeric experiment as a distribution: histograms of log10 of many products
// of N factors (uniform on (0, 1), and sigmoid'(z) with z ~ N(0, 1)), with the reader's
// threshold and the sigmoid bound 0.25^N as vertical lines. The numbers come from
// state/product.js (plain JavaScript, no engine instance on the page).
import { canvasBox, fitCanvas, textStyle, decade } from './base.js';
import { frame, ticks } from './plot.js';

/**
 * @typedef {{ n: number, lo: number, hi: number, uniform: number[], sigmoid: number[],
 *   threshold: number, bound: number, shareAbove: number }} ProductData
 *   lo, hi: log10 range of the bins; uniform, sigmoid: share of trials per bin;
 *   threshold, bound: log10 of the reader's threshold and of 0.25^N
 */

/** @param {import('./base.js').Scheduler} scheduler */
export function createProductChart(scheduler) {
  const { box, canvas } = canvasBox('Histogram of log10 of the product of N random factors: uniform (0, 1) and sigmoid′(z)');
  /** @type {ProductData | null} */ let data = null;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const ctx = fitCanvas(canvas, w, 240);
    if (!data) return;
    const d = data;
    const bins = d.uniform.length, bw = (d.hi - d.lo) / bins;
    const top = Math.max(...d.uniform, ...d.sigmoid, 1e-9) * 1.12;
    const xt = ticks(d.lo, d.hi, Math.max(3, Math.floor((w - 80) / 70))).map(Math.round).filter((v, i, a) => a.indexOf(v) === i);
    const f = frame(ctx, p, { box: [50, 22, w - 62, 180], x: [d.lo, d.hi], y: [0, top], xTicks: xt, xFormat: decade,
      yFormat: (v) => `${+(v * 100).toFixed(1)}%`, xLabel: `product of ${d.n} factors (log scale)`, yLabel: 'share of trials' });
    /** @param {number[]} hs @param {string} color @param {number} alpha */
    const bars = (hs, color, alpha) => {
      ctx.save();
      ctx.globalAlpha = alpha;
      ctx.fillStyle = color;
      for (let i = 0; i < bins; ++i) {
        if (!(hs[i] > 0)) continue;
        const x0 = f.x(d.lo + i * bw), x1 = f.x(d.lo + (i + 1) * bw);
        ctx.fillRect(x0, f.y(hs[i]), Math.max(1, x1 - x0 - 0.5), f.y(0) - f.y(hs[i]));
      }
      ctx.restore();
    };
    bars(d.sigmoid, p.bad, 0.75);
    bars(d.uniform, p.accent, 0.75);
    /** @param {number} x @param {string} color @param {number[]} dash @param {string} text @param {number} row */
    const vline = (x, color, dash, text, row) => {
      if (!(x >= d.lo && x <= d.hi)) return;
      ctx.save();
      ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.setLineDash(dash);
      ctx.beginPath(); ctx.moveTo(Math.round(f.x(x)) + 0.5, f.top); ctx.lineTo(Math.round(f.x(x)) + 0.5, f.top + f.h); ctx.stroke();
      ctx.restore();
      textStyle(ctx, p, 11, color);
      const right = f.x(x) > f.left + f.w * 0.6;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.textBaseline = 'top';
      // on the panel colour, so a line it crosses does not run through the words
      const tw = ctx.measureText(text).width, tx = f.x(x) + (right ? -4 : 4), ty = f.top + 2 + row * 14;
      ctx.fillStyle = p.panel;
      ctx.fillRect(right ? tx - tw - 2 : tx - 2, ty - 1, tw + 4, 14);
      ctx.fillStyle = color;
      ctx.fillText(text, tx, ty);
    };
    vline(d.bound, p.fg, [4, 3], `0.25^${d.n} (sigmoid’s bound)`, 0);
    vline(d.threshold, p.ok, [2, 3], `${Number.isInteger(d.threshold) ? decade(d.threshold) : `10^${+d.threshold.toFixed(2)}`}: ${+(d.shareAbove * 100).toFixed(1)}% of uniform products above`, 1);
    // legend
    textStyle(ctx, p, 11, p.accent);
    ctx.textAlign = 'left'; ctx.textBaseline = 'top';
    ctx.fillText('■ uniform (0, 1)', 50, 4);
    textStyle(ctx, p, 11, p.bad);
    ctx.fillText('■ sigmoid′(z), z ~ N(0, 1)', 170, 4);
  });
  return {
    el: box, canvas,
    /** @param {ProductData} d */
    set(d) { data = d; handle.invalidate(); },
    destroy() { handle.destroy(); },
  };
}
