// @ts-check
// The time per step of each compared network (canvas): the measured median (bar, in the
// network's colour) with its quartiles (whisker), and the median while comparing with
// statistics on (dashed tick); the value and the factor against the baseline at the right.
// set() only marks the chart dirty.
// This file is not: the measurement (compare/timing.js).
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { ticks } from './plot.js';
import { sci, short } from '../ui/format.js';
import { netColors } from './netstyle.js';

/**
 * @typedef {{ name: string, ms: number | null, range: [number, number] | null, live: number | null, rel: number | null }} TimeRow
 *   ms: the median measured time per step, range: its quartiles, live: the median while comparing
 */

/**
 * The time per step of each network: the measured median (bar) with its quartiles
 * (whisker), and the median while comparing with statistics on (dashed tick).
 * @param {import('./base.js').Scheduler} scheduler
 */
export function createTimeBars(scheduler) {
  const { box, canvas } = canvasBox('Measured time per training step of each network');
  /** @type {TimeRow[]} */ let rows = [];
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    const w = Math.max(240, handle.width);
    const rowH = 26, top = 8, bottom = 40;
    const height = top + bottom + Math.max(1, rows.length) * rowH;
    const ctx = fitCanvas(canvas, w, height);
    if (!rows.length) return;
    const valueOf = (/** @type {TimeRow} */ r) => (r.ms === null ? '' : `${short(r.ms)} ms${r.rel !== null ? ` (${short(r.rel)}×)` : ''}`);
    textStyle(ctx, p, 12, p.fg);
    const labelW = Math.min(w * 0.34, Math.max(...rows.map((r) => ctx.measureText(r.name).width)) + 12);
    textStyle(ctx, p, 11.5, p.fg);
    const valueW = Math.min(w * 0.4, Math.max(60, ...rows.map((r) => ctx.measureText(valueOf(r)).width)) + 16);
    const left = labelW, right = valueW;
    const max = Math.max(1e-9, ...rows.map((r) => Math.max(r.ms ?? 0, r.live ?? 0, r.range?.[1] ?? 0)));
    const pw = w - left - right;
    const grid = ticks(0, max * 1.05, Math.max(2, Math.floor(pw / 70)));
    const xmax = Math.max(max * 1.05, grid[grid.length - 1] ?? 0);
    const X = (/** @type {number} */ v) => left + (v / xmax) * pw;
    const floor = top + rows.length * rowH;
    textStyle(ctx, p, 10);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of grid) {
      ctx.strokeStyle = p.grid;
      ctx.beginPath(); ctx.moveTo(Math.round(X(t)) + 0.5, top); ctx.lineTo(Math.round(X(t)) + 0.5, floor); ctx.stroke();
      ctx.fillText(short(t), X(t), floor + 4);
    }
    textStyle(ctx, p, 11);
    ctx.textAlign = 'center';
    ctx.fillText(w < 560 ? 'ms per step (bar: median; whisker: quartiles; dashes: live)' : 'milliseconds per step (bar: median of the measurements; whisker: quartiles; dashes: live, with statistics)', left + pw / 2, floor + 20);
    rows.forEach((r, i) => {
      const y = top + i * rowH, ym = y + rowH / 2;
      textStyle(ctx, p, 12, p.fg);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(r.name, left - 8, ym);
      const c = colors[i % colors.length];
      if (r.ms !== null) {
        ctx.fillStyle = c;
        ctx.fillRect(left, y + 5, Math.max(1, X(r.ms) - left), rowH - 10);
      } else {
        textStyle(ctx, p, 11);
        ctx.textAlign = 'left';
        ctx.fillText('measuring…', left + 4, ym);
      }
      if (r.ms !== null && r.range && r.range[1] > r.range[0]) {
        ctx.strokeStyle = p.fg;
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(X(r.range[0]), ym); ctx.lineTo(X(r.range[1]), ym);
        ctx.moveTo(X(r.range[0]), ym - 4); ctx.lineTo(X(r.range[0]), ym + 4);
        ctx.moveTo(X(r.range[1]), ym - 4); ctx.lineTo(X(r.range[1]), ym + 4);
        ctx.stroke();
      }
      if (r.live !== null) {
        ctx.strokeStyle = p.muted;
        ctx.lineWidth = 2;
        ctx.setLineDash([3, 2]);
        ctx.beginPath(); ctx.moveTo(X(r.live), y + 1); ctx.lineTo(X(r.live), y + rowH - 1); ctx.stroke();
        ctx.setLineDash([]);
      }
      textStyle(ctx, p, 11.5, p.fg);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(valueOf(r), w - right + 8, ym);
    });
  }, 200);
  return {
    el: box, canvas,
    /** @param {TimeRow[]} r */
    set(r) { rows = r; handle.invalidate(); },
    /** Each network's measured time per step (charts/table.js). */
    table() {
      if (!rows.length) return null;
      const ms = (/** @type {number | null} */ v) => (v === null ? '–' : `${sci(v, 3)} ms`);
      return {
        columns: ['network', 'time per step (median)', 'quartiles', 'while comparing', 'relative'],
        rows: rows.map((r) => [r.name, ms(r.ms), r.range ? `${ms(r.range[0])} – ${ms(r.range[1])}` : '–', ms(r.live), r.rel === null ? '–' : `${sci(r.rel, 3)}×`]),
      };
    },
    destroy() { handle.destroy(); },
  };
}
