// @ts-check
// The sweeps' chart (canvas): log10 of the first-to-last gradient ratio against depth or
// against the initial gain, one colour per compared activation (or remedy): solid at
// initialisation, dashed after N steps; a dotted line at ratio 1 and at the compared
// network's own depth or gain. The tip (ui/tooltip.js) gives every curve's ratios at the
// swept value under the pointer or chosen with the arrow keys. set() only marks it dirty.
// This file is not: running the sweeps (compare/sweep.js).
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { frame, line, ticks } from './plot.js';
import { sci, short } from '../ui/format.js';
import { attachTip } from '../ui/tooltip.js';
import { netColors, decadeLabel } from './netstyle.js';

/**
 * @typedef {{ name: string, xs: number[], init: (number | null)[], after: (number | null)[] }} SweepCurve
 *   init / after: log10 of the first-to-last gradient ratio (null: not measured, or not finite)
 */

/**
 * log10 gradient ratio against depth or initial gain, one colour per activation: solid at
 * initialisation, dashed after N steps.
 * @param {import('./base.js').Scheduler} scheduler
 * @param {{ label: string, xLabel: string, xLog?: boolean, height?: number, yLabel?: string }} opts
 */
export function createSweepChart(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  /** @type {SweepCurve[]} */ let curves = [];
  let afterLabel = 'after N steps';
  let yLabel = opts.yLabel ?? 'layer 1 ÷ last hidden layer';
  /** @type {number[]} */ let domain = [1, 2];
  /** @type {number | null} */ let marker = null;
  /** @type {import('./plot.js').Frame | null} */ let geom = null;
  const height = opts.height ?? 270;
  const tx = (/** @type {number} */ x) => (opts.xLog ? Math.log2(x) : x);

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    const w = Math.max(240, handle.width);
    // the legend first: it decides where the plot starts
    textStyle(ctx0(), p, 11.5, p.fg);
    const entries = [...curves.map((c, i) => ({ text: c.name, col: colors[i % colors.length], dash: /** @type {number[]} */ ([]) })),
      ...(curves.length ? [{ text: 'at initialisation', col: p.muted, dash: [] }, { text: afterLabel, col: p.muted, dash: [5, 4] }] : [])];
    /** @type {{ x: number, y: number }[]} */ const at = [];
    let lx = 58, ly = 10;
    for (const e of entries) {
      const tw = ctx0().measureText(e.text).width + 34;
      if (lx + tw > w - 6 && lx > 58) { lx = 58; ly += 16; }
      at.push({ x: lx, y: ly });
      lx += tw;
    }
    const legendH = ly + 12;
    const ctx = fitCanvas(canvas, w, height);
    let lo = Infinity, hi = -Infinity;
    for (const c of curves) for (const v of [...c.init, ...c.after]) if (v !== null && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(hi >= lo)) { lo = -4; hi = 1; }
    lo = Math.floor(lo); hi = Math.max(Math.ceil(hi), lo + 2);
    const x0 = tx(domain[0]), x1 = tx(domain[domain.length - 1]);
    const xTicks = opts.xLog ? domain.filter((d) => Number.isInteger(Math.log2(d))).map(tx) : ticks(domain[0], domain[domain.length - 1], Math.max(3, Math.floor((w - 80) / 50)));
    const f = frame(ctx, p, {
      box: [58, legendH + 4, w - 70, height - 48 - legendH], x: [x0, x1 === x0 ? x0 + 1 : x1], y: [lo, hi],
      xLabel: opts.xLabel, yLabel,
      yTicks: ticks(lo, hi, Math.max(3, Math.floor((height - 80) / 24))).filter((t) => Number.isInteger(t)), yFormat: decadeLabel,
      xTicks, xFormat: opts.xLog ? (v) => short(2 ** v) : undefined,
    });
    geom = f;
    // ratio 1 (no change from the last layer to the first)
    if (lo < 0 && hi > 0) {
      ctx.strokeStyle = p.muted; ctx.lineWidth = 1; ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(f.left, Math.round(f.y(0)) + 0.5); ctx.lineTo(f.left + f.w, Math.round(f.y(0)) + 0.5); ctx.stroke();
      ctx.setLineDash([]);
    }
    // the compared network's own value of x
    if (marker !== null) {
      const mx = Math.round(f.x(tx(marker))) + 0.5;
      ctx.strokeStyle = p.accent; ctx.lineWidth = 1; ctx.setLineDash([1, 3]);
      ctx.beginPath(); ctx.moveTo(mx, f.top); ctx.lineTo(mx, f.top + f.h); ctx.stroke();
      ctx.setLineDash([]);
    }
    curves.forEach((c, i) => {
      const col = colors[i % colors.length];
      const xs = c.xs.map(tx);
      const ys0 = c.init.map((v) => (v === null ? NaN : v)), ys1 = c.after.map((v) => (v === null ? NaN : v));
      line(ctx, f, xs, ys0, col, { width: 2.2 });
      line(ctx, f, xs, ys1, col, { width: 1.6, dash: [5, 4] });
      ctx.fillStyle = col;
      for (let k = 0; k < xs.length; ++k) if (Number.isFinite(ys0[k])) { ctx.beginPath(); ctx.arc(f.x(xs[k]), f.y(ys0[k]), 2.2, 0, Math.PI * 2); ctx.fill(); }
    });
    textStyle(ctx, p, 11.5, p.fg);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    entries.forEach((e, k) => {
      const { x, y } = at[k];
      ctx.strokeStyle = e.col; ctx.lineWidth = 2; ctx.setLineDash(e.dash);
      ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 20, y); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = p.fg;
      ctx.fillText(e.text, x + 24, y);
    });
    tip.refresh();
  }, 120);

  /** A context for measuring text before the canvas is sized. */
  function ctx0() { return /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')); }

  /** The swept value nearest to x (within 30 pixels), or -1. @param {number} mx */
  function nearest(mx) {
    let best = -1, bd = Infinity;
    domain.forEach((d, k) => { const dd = Math.abs(geom ? geom.x(tx(d)) - mx : Infinity); if (dd < bd) { bd = dd; best = k; } });
    return bd > 30 ? -1 : best;
  }
  // mouse, pen, touch (a tap shows the values too) and the arrow keys: one column per swept value
  const tip = attachTip(box, canvas, {
    size: () => [curves.length ? 1 : 0, domain.length],
    at: (x) => { const k = geom && curves.length ? nearest(x) : -1; return k < 0 ? null : [0, k]; },
    anchor: (_r, k) => [geom ? geom.x(tx(domain[k])) : 0, geom ? geom.top + 8 : 0],
    describe: (_r, k) => {
      const d = domain[k];
      const lines = [`${opts.xLog ? 'gain' : 'depth'} ${d}: at initialisation → ${afterLabel}`];
      for (const c of curves) {
        const j = c.xs.indexOf(d);
        const a = j >= 0 ? c.init[j] : null, b = j >= 0 ? c.after[j] : null;
        lines.push(`${c.name}: ${a === null ? '–' : sci(10 ** a)} → ${b === null ? '–' : sci(10 ** b)}`);
      }
      return lines.join('\n');
    },
    width: 320,
  });

  return {
    el: box, canvas,
    /**
     * @param {SweepCurve[]} c @param {number[]} xs the swept values @param {string} after the dashed lines' legend
     * @param {{ yLabel?: string, marker?: number | null }} [o] marker: the compared network's own x
     */
    set(c, xs, after, o = {}) {
      curves = c; domain = xs.length ? xs : [1, 2]; afterLabel = after;
      if (o.yLabel) yLabel = o.yLabel;
      if (o.marker !== undefined) marker = o.marker;
      handle.invalidate();
    },
    /** The ratio at each swept value, per activation, at initialisation and after (charts/table.js). */
    table() {
      if (!curves.length) return null;
      const r = (/** @type {number | null | undefined} */ v) => (v === null || v === undefined ? '–' : sci(10 ** v, 2));
      return {
        columns: [opts.xLabel, ...curves.flatMap((c) => [`${c.name}: at initialisation`, `${c.name}: ${afterLabel}`])],
        rows: domain.map((x, i) => [String(x), ...curves.flatMap((c) => [r(c.init[i]), r(c.after[i])])]),
      };
    },
    destroy() { handle.destroy(); tip.destroy(); },
  };
}
