// @ts-check
// A minimal 2-D frame for small canvas charts: axes with ticks, and x/y mappings.
import { textStyle } from './base.js';
import { short } from '../ui/format.js';

/**
 * @typedef {{ x: (v: number) => number, y: (v: number) => number, left: number, top: number, w: number, h: number }} Frame
 */

/** Nice tick values in [a, b]. @param {number} a @param {number} b @param {number} n */
export function ticks(a, b, n = 5) {
  const span = b - a;
  if (!(span > 0)) return [a];
  const step0 = span / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= n) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/**
 * Draws axes and returns the mapping.
 * @param {CanvasRenderingContext2D} ctx @param {import('./base.js').Palette} p
 * @param {{ box: [number, number, number, number], x: [number, number], y: [number, number],
 *   xLabel?: string, yLabel?: string, yFormat?: (v: number) => string, xFormat?: (v: number) => string, yTicks?: number[], xTicks?: number[] }} o
 *   box: left, top, width, height of the plot area
 * @returns {Frame}
 */
export function frame(ctx, p, o) {
  const [left, top, w, h] = o.box;
  const [x0, x1] = o.x, [y0, y1] = o.y;
  const X = (/** @type {number} */ v) => left + ((v - x0) / (x1 - x0 || 1)) * w;
  const Y = (/** @type {number} */ v) => top + h - ((v - y0) / (y1 - y0 || 1)) * h;
  textStyle(ctx, p, 10);
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of o.yTicks ?? ticks(y0, y1, Math.max(2, Math.floor(h / 30)))) {
    ctx.strokeStyle = p.grid;
    ctx.beginPath(); ctx.moveTo(left, Math.round(Y(t)) + 0.5); ctx.lineTo(left + w, Math.round(Y(t)) + 0.5); ctx.stroke();
    ctx.fillText(o.yFormat ? o.yFormat(t) : short(t), left - 4, Y(t));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of o.xTicks ?? ticks(x0, x1, Math.max(2, Math.floor(w / 60)))) {
    ctx.strokeStyle = p.grid;
    ctx.beginPath(); ctx.moveTo(Math.round(X(t)) + 0.5, top); ctx.lineTo(Math.round(X(t)) + 0.5, top + h); ctx.stroke();
    ctx.fillText(o.xFormat ? o.xFormat(t) : short(t), X(t), top + h + 3);
  }
  if (o.xLabel) { textStyle(ctx, p, 11); ctx.fillText(o.xLabel, left + w / 2, top + h + 16); }
  if (o.yLabel) {
    textStyle(ctx, p, 11);
    ctx.save(); ctx.translate(left - 38, top + h / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = 'middle'; ctx.fillText(o.yLabel, 0, 0); ctx.restore();
  }
  return { x: X, y: Y, left, top, w, h };
}

/**
 * @param {CanvasRenderingContext2D} ctx @param {Frame} f @param {ArrayLike<number>} xs @param {ArrayLike<number>} ys
 * @param {string} color @param {{ width?: number, dash?: number[] }} [o]
 */
export function line(ctx, f, xs, ys, color, o = {}) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top - 2, f.w, f.h + 4);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = o.width ?? 1.5;
  ctx.setLineDash(o.dash ?? []);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; ++i) {
    const y = ys[i];
    if (!Number.isFinite(y)) { pen = false; continue; }
    if (pen) ctx.lineTo(f.x(xs[i]), f.y(y)); else ctx.moveTo(f.x(xs[i]), f.y(y));
    pen = true;
  }
  ctx.stroke();
  ctx.restore();
}
