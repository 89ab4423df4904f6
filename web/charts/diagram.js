// @ts-check
// The network itself. Small networks: a node-link diagram whose edges show the weights
// (width = |w| relative to the layer's largest, colour = sign) or the gradients dL/dw
// (width and opacity on one log scale over 8 decades for the whole network, so a
// vanishing gradient fades layer by layer towards the input). Every network: a compact per-layer strip, one column per
// layer and one row per measure (gradient norm, activation mean and spread, saturated
// share, dead units), each row coloured on its own cividis scale.
import { interpolateCividis } from 'd3-scale-chromatic';
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { sci, pct } from '../ui/format.js';
import { attachTip } from '../ui/tooltip.js';

/** @typedef {{ inputs: number, layers: { W: number[][] }[], mode?: 'weights' | 'gradients' }} Weights */

const DECADES = 8;

/** @param {import('./base.js').Scheduler} scheduler */
export function createDiagram(scheduler) {
  const { box, canvas } = canvasBox('Diagram of the network: edge width shows the weight magnitude, colour its sign');
  box.dataset.role = 'diagram';
  /** @type {Weights | null} */ let net = null;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const H = 240;
    const ctx = fitCanvas(canvas, w, H);
    if (!net) { textStyle(ctx, p, 12); ctx.fillText('waiting for the weights…', 10, 20); return; }
    const sizes = [net.inputs, ...net.layers.map((l) => l.W.length)];
    const grads = net.mode === 'gradients';
    let gmax = 0;
    if (grads) for (const l of net.layers) for (const row of l.W) for (const v of row) gmax = Math.max(gmax, Math.abs(v));
    const lgmax = Math.log10(gmax || 1);
    /** Edge strength in [0, 1]: per layer for weights, on the network's log scale for gradients. @param {number} v @param {number} mx */
    const strength = (v, mx) => (grads ? (v === 0 ? 0 : Math.max(0, Math.min(1, (Math.log10(Math.abs(v)) - lgmax + DECADES) / DECADES))) : Math.abs(v) / mx);
    const colX = (/** @type {number} */ c) => 24 + (c / (sizes.length - 1)) * (w - 48);
    const rowY = (/** @type {number} */ c, /** @type {number} */ r) => { const n = sizes[c]; return H / 2 + (r - (n - 1) / 2) * Math.min(26, (H - 30) / Math.max(1, n - 1)); };
    for (let l = 0; l < net.layers.length; ++l) {
      const W = net.layers[l].W;
      let mx = 1e-12;
      for (const row of W) for (const v of row) mx = Math.max(mx, Math.abs(v));
      for (let o = 0; o < W.length; ++o) {
        for (let i = 0; i < W[o].length; ++i) {
          const v = W[o][i];
          ctx.strokeStyle = v >= 0 ? p.accent : p.bad;
          const t = strength(v, mx);
          ctx.globalAlpha = grads ? 0.04 + 0.96 * t : 0.15 + 0.85 * t;
          ctx.lineWidth = 0.4 + 3 * t;
          ctx.beginPath(); ctx.moveTo(colX(l), rowY(l, i)); ctx.lineTo(colX(l + 1), rowY(l + 1, o)); ctx.stroke();
        }
      }
    }
    ctx.globalAlpha = 1;
    for (let c = 0; c < sizes.length; ++c) {
      for (let r = 0; r < sizes[c]; ++r) {
        ctx.fillStyle = p.panel; ctx.strokeStyle = p.fg; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.arc(colX(c), rowY(c, r), 5, 0, 7); ctx.fill(); ctx.stroke();
      }
    }
    textStyle(ctx, p, 10);
    ctx.textAlign = 'center';
    ctx.fillText('input', colX(0), H - 4);
    ctx.fillText('output', colX(sizes.length - 1), H - 4);
    ctx.textAlign = 'left';
    ctx.fillText(grads ? `edges: ∂L/∂w on 64 training rows, log scale: widest ${sci(gmax)}, faintest ≤ ${sci(gmax * 10 ** -DECADES)}` : 'edges: w, width relative to the largest |w| of each layer', 6, 12);
  });
  return {
    el: box, canvas,
    /** @param {Weights | null} n */
    set(n) {
      net = n;
      // for tests and assistive tech: what the edges show and each layer's largest |value|
      box.dataset.edges = n?.mode ?? 'weights';
      canvas.setAttribute('aria-label', n?.mode === 'gradients'
        ? 'Diagram of the network: edge width and opacity show the gradient |∂L/∂w| on one log scale, colour its sign'
        : 'Diagram of the network: edge width shows the weight magnitude, colour its sign');
      box.dataset.layerMax = n ? n.layers.map((l) => Math.max(0, ...l.W.map((row) => Math.max(0, ...row.map(Math.abs))))).join(',') : '';
      handle.invalidate();
    },
    /** Per layer: its shape and the largest and mean |w| (or |∂L/∂w|) of its edges (charts/table.js). */
    table() {
      if (!net) return null;
      const what = net.mode === 'gradients' ? '|∂L/∂w|' : '|w|';
      return {
        columns: ['layer', 'units', 'inputs', `largest ${what}`, `mean ${what}`],
        rows: net.layers.map((l, i) => {
          const all = l.W.flat().map(Math.abs);
          return [i === /** @type {Weights} */ (net).layers.length - 1 ? 'output' : String(i + 1), String(l.W.length), String(l.W[0]?.length ?? 0),
            sci(Math.max(0, ...all), 3), sci(all.reduce((a, v) => a + v, 0) / Math.max(1, all.length), 3)];
        }),
      };
    },
    destroy() { handle.destroy(); },
  };
}

/**
 * @typedef {{ label: string, values: number[], log?: boolean, format: (v: number) => string }} StripRow
 */

/** @param {import('./base.js').Scheduler} scheduler */
export function createStrip(scheduler) {
  const { box, canvas } = canvasBox('Per-layer strip: one column per layer, one row per measure');
  /** @type {StripRow[]} */ let rows = [];
  let geom = { left: 0, cw: 1, rh: 1, n: 0 };
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const rh = 22, left = 110;
    const H = rows.length * rh + 22 + 22;
    const ctx = fitCanvas(canvas, w, H);
    if (!rows.length) return;
    const n = rows[0].values.length;
    const cw = (w - left - 6) / n;
    geom = { left, cw, rh, n };
    rows.forEach((row, r) => {
      const vals = row.values.map((v) => (row.log ? (v > 0 ? Math.log10(v) : NaN) : v));
      const fin = vals.filter(Number.isFinite);
      const lo = Math.min(...fin), hi = Math.max(...fin);
      for (let i = 0; i < n; ++i) {
        const v = vals[i];
        ctx.fillStyle = Number.isFinite(v) ? interpolateCividis(hi > lo ? (v - lo) / (hi - lo) : 0) : row.log && row.values[i] === 0 ? p.bad : p.grid;
        ctx.fillRect(left + i * cw, r * rh + 2, Math.max(1, cw - (cw > 4 ? 1 : 0)), rh - 4);
      }
      textStyle(ctx, p, 11, p.fg);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(row.label, left - 6, r * rh + rh / 2);
    });
    textStyle(ctx, p, 10);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(24 / cw));
    for (let i = 0; i < n; i += every) ctx.fillText(i === n - 1 ? 'out' : String(i + 1), left + (i + 0.5) * cw, rows.length * rh + 4);
    // the colour bar: each row on its own cividis scale, from its lowest to its highest value
    const yy = rows.length * rh + 22 + 9, bw = Math.min(160, Math.max(80, (w - left) / 4));
    for (let i = 0; i < bw; ++i) { ctx.fillStyle = interpolateCividis(i / (bw - 1)); ctx.fillRect(left + i, yy - 5, 1, 10); }
    textStyle(ctx, p, 10);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    ctx.fillText('row’s lowest', left - 4, yy);
    ctx.textAlign = 'left';
    let x = left + bw + 4;
    ctx.fillText('row’s highest', x, yy);
    x += ctx.measureText('row’s highest').width + 16;
    for (const [c, t] of /** @type {[string, string][]} */ ([[p.bad, 'exactly 0 (underflow)'], [p.grid, 'no value']])) {
      ctx.fillStyle = c; ctx.fillRect(x, yy - 5, 10, 10);
      textStyle(ctx, p, 10); ctx.textBaseline = 'middle'; ctx.fillText(t, x + 14, yy);
      x += 28 + ctx.measureText(t).width;
    }
  }, 100);
  // the tip's rows count from the bottom; the strip draws its first row at the top
  const tip = attachTip(box, canvas, {
    size: () => (rows.length && geom.n ? [rows.length, geom.n] : [0, 0]),
    at: (x, y) => {
      const i = Math.floor((x - geom.left) / geom.cw), r = Math.floor(y / geom.rh);
      return i >= 0 && i < geom.n && r >= 0 && r < rows.length ? [rows.length - 1 - r, i] : null;
    },
    anchor: (r, i) => [geom.left + (i + 0.5) * geom.cw, (rows.length - 1 - r + 0.5) * geom.rh],
    describe: (r, i) => { const row = rows[rows.length - 1 - r]; return `${i === geom.n - 1 ? 'output layer' : `layer ${i + 1}`}: ${row.label} = ${row.format(row.values[i])}`; },
    width: 260,
  });
  return {
    el: box, canvas,
    /** @param {StripRow[]} r */
    set(r) { rows = r; handle.invalidate(); tip.refresh(); },
    /** One row per layer, one column per measure (charts/table.js). */
    table() {
      if (!rows.length) return null;
      const n = rows[0].values.length;
      return {
        columns: ['layer', ...rows.map((r) => r.label.replace(/ \(log\)$/, ''))],
        rows: Array.from({ length: n }, (_, i) => [i === n - 1 ? 'output' : String(i + 1), ...rows.map((r) => r.format(r.values[i]))]),
      };
    },
    destroy() { handle.destroy(); tip.destroy(); },
  };
}

export { sci, pct };
