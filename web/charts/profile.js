// @ts-check
// A measure per layer (input side first) of every compared network at the current step
// (canvas): one line per network in its colour and dash (netstyle.js), an optional zero
// line, and on log charts a mark at the floor where a value is exactly 0 (underflow). The
// tip (ui/tooltip.js) gives every network's value of the layer under the pointer, or of
// the layer chosen with the arrow keys. set() only marks the chart dirty.
// This file is not: the measures over time (overlay.js).
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { frame, line, ticks } from './plot.js';
import { sci, short } from '../ui/format.js';
import { attachTip } from '../ui/tooltip.js';
import { netColors, netDash, decadeLabel } from './netstyle.js';

/**
 * @typedef {{ label: string, yLabel: string, log?: boolean, height?: number, format?: (v: number) => string,
 *   zeroLine?: boolean, xLabel?: [string, string] }} ProfileOptions
 *   xLabel: the x axis title on narrow and on wide charts
 */

/**
 * @param {import('./base.js').Scheduler} scheduler @param {ProfileOptions} opts
 */
export function createProfile(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  /** @type {{ name: string, values: number[] }[]} */ let series = [];
  let lastIsOutput = true;
  let step = 0;
  const height = opts.height ?? 220;
  const fmt = opts.format ?? ((/** @type {number} */ v) => sci(v, 3));
  /** @type {import('./plot.js').Frame | null} */ let geom = null;
  let maxL = 0;
  const tr = (/** @type {number} */ v) => (opts.log ? (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN) : (Number.isFinite(v) ? v : NaN));

  /** The y range of the values (decades on a log chart). */
  function range() {
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (const v of s.values) { const t = tr(v); if (Number.isFinite(t)) { lo = Math.min(lo, t); hi = Math.max(hi, t); } }
    if (!(hi >= lo)) { lo = 0; hi = 1; }
    if (opts.log) { lo = Math.floor(lo); hi = Math.ceil(hi); if (hi - lo < 2) { lo -= 1; hi += 1; } }
    else { if (opts.zeroLine) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); } const pad = (hi - lo) * 0.08 || 0.5; lo -= pad; hi += pad; }
    return [lo, hi];
  }

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    const w = Math.max(240, handle.width);
    const ctx = fitCanvas(canvas, w, height);
    maxL = Math.max(0, ...series.map((s) => s.values.length));
    if (!maxL) { textStyle(ctx, p, 12); ctx.fillText('Waiting for the first round…', 12, 24); geom = null; return; }
    const [lo, hi] = range();
    const span = hi - lo;
    const pw = w - 70;
    const nx = Math.max(2, Math.floor(pw / 44));
    const inner = ticks(1, maxL, nx).filter((t) => Number.isInteger(t) && t > 1 && maxL - t >= maxL / nx / 2);
    const f = frame(ctx, p, {
      box: [58, 10, pw, height - 50], x: [0.5, maxL + 0.5], y: [lo, hi],
      xLabel: opts.xLabel ? opts.xLabel[w < 420 ? 0 : 1] : w < 420 ? 'layer (input → output)' : 'layer (input side → output side; “out”: the output layer)',
      yLabel: opts.yLabel,
      xTicks: [1, ...inner, ...(maxL > 1 ? [maxL] : [])],
      xFormat: (v) => (lastIsOutput && v === maxL && maxL > 1 ? 'out' : String(v)),
      ...(opts.log
        ? { yTicks: ticks(lo, hi, Math.max(2, Math.min(8, Math.floor((height - 50) / 26)))).filter((t) => Number.isInteger(t)), yFormat: decadeLabel }
        : { yFormat: (/** @type {number} */ v) => (Math.abs(v) < span * 1e-6 ? '0' : short(v, 2)) }),
    });
    geom = f;
    if (opts.zeroLine && lo < 0 && hi > 0) {
      ctx.strokeStyle = p.muted; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(f.left, Math.round(f.y(0)) + 0.5); ctx.lineTo(f.left + f.w, Math.round(f.y(0)) + 0.5); ctx.stroke();
    }
    series.forEach((s, i) => {
      const xs = s.values.map((_, l) => l + 1);
      const ys = s.values.map(tr);
      const c = colors[i % colors.length];
      line(ctx, f, xs, ys, c, { width: 2, dash: netDash(i) });
      if (s.values.length <= 60) {
        ctx.fillStyle = c;
        for (let l = 0; l < ys.length; ++l) if (Number.isFinite(ys[l])) { ctx.beginPath(); ctx.arc(f.x(xs[l]), f.y(ys[l]), 2.4, 0, Math.PI * 2); ctx.fill(); }
      }
      // an exact 0 (underflow) cannot sit on a log axis: a mark at the floor
      if (opts.log) {
        ctx.fillStyle = p.bad;
        for (let l = 0; l < s.values.length; ++l) if (s.values[l] === 0) ctx.fillRect(f.x(l + 1) - 3, f.top + f.h - 6, 6, 6);
      }
    });
    textStyle(ctx, p, 10.5);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`step ${step}`, f.left + f.w - 2, f.top + 2);
    tip.refresh();
  }, 120);

  // mouse, pen, touch (a tap shows the values too) and the arrow keys: one column per layer
  const tip = attachTip(box, canvas, {
    size: () => { const L = Math.max(0, ...series.map((x) => x.values.length)); return [L ? 1 : 0, L]; },
    at: (x) => {
      if (!geom || !maxL) return null;
      const l = Math.round(((x - geom.left) / geom.w) * maxL);
      return l < 1 || l > maxL ? null : [0, l - 1];
    },
    anchor: (_r, c) => [geom ? geom.x(c + 1) : 0, geom ? geom.top + 8 : 0],
    describe: (_r, c) => {
      const l = c + 1, L = Math.max(0, ...series.map((x) => x.values.length));
      const lines = [lastIsOutput && l === L && L > 1 ? 'output layer' : `layer ${l}`];
      for (const s of series) { const v = s.values[c]; lines.push(`${s.name}: ${v === undefined ? '–' : v === 0 && opts.log ? '0 (underflow)' : fmt(v)}`); }
      return lines.join('\n');
    },
    width: 300,
  });

  return {
    el: box, canvas,
    /**
     * @param {{ name: string, values: number[] }[]} s one series per network
     * @param {number} atStep @param {boolean} [withOutput] the last value is the output layer's
     */
    set(s, atStep, withOutput = true) { series = s; step = atStep; lastIsOutput = withOutput; handle.invalidate(); },
    /** One row per layer, one column per network, at the current step (charts/table.js). */
    table() {
      const L = Math.max(0, ...series.map((s) => s.values.length));
      if (!L) return null;
      return {
        columns: [`layer (step ${step})`, ...series.map((s) => s.name)],
        rows: Array.from({ length: L }, (_, l) => [lastIsOutput && l === L - 1 ? 'output' : String(l + 1), ...series.map((s) => (Number.isFinite(s.values[l]) ? fmt(s.values[l]) : '–'))]),
      };
    },
    destroy() { handle.destroy(); tip.destroy(); },
  };
}
