// @ts-check
// The network itself. Small networks: a node-link diagram whose edges show the weights
// (width = |w| relative to the layer's largest, colour = sign) or the gradients dL/dw
// (width and opacity on one log scale over 8 decades for the whole network, so a
// vanishing gradient fades layer by layer towards the input). Every network: a compact per-layer strip, one column per
// layer and one row per measure (gradient norm, activation mean and spread, saturated
// share, dead units), each row coloured on its own cividis scale.
import { interpolateCividis } from 'd3-scale-chromatic';
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { sci, pct } from '../app/format.js';

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
    destroy() { handle.destroy(); },
  };
}

/**
 * @typedef {{ label: string, values: number[], log?: boolean, format: (v: number) => string }} StripRow
 */

/** @param {import('./base.js').Scheduler} scheduler */
export function createStrip(scheduler) {
  const { box, canvas } = canvasBox('Per-layer strip: one column per layer, one row per measure');
  const tip = document.createElement('div');
  tip.className = 'gs-tip';
  tip.hidden = true;
  box.append(tip);
  /** @type {StripRow[]} */ let rows = [];
  let geom = { left: 0, cw: 1, rh: 1, n: 0 };
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const rh = 22, left = 110;
    const H = rows.length * rh + 22;
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
  }, 100);
  /** @param {MouseEvent} e */
  function onMove(e) {
    const r = canvas.getBoundingClientRect();
    const i = Math.floor((e.clientX - r.left - geom.left) / geom.cw);
    const row = Math.floor((e.clientY - r.top) / geom.rh);
    if (i < 0 || i >= geom.n || row < 0 || row >= rows.length) { tip.hidden = true; return; }
    tip.textContent = `${i === geom.n - 1 ? 'output layer' : `layer ${i + 1}`}: ${rows[row].label} = ${rows[row].format(rows[row].values[i])}`;
    tip.hidden = false;
    tip.style.left = `${Math.min(e.clientX - r.left + 10, r.width - 200)}px`;
    tip.style.top = `${e.clientY - r.top + 12}px`;
  }
  canvas.addEventListener('mousemove', onMove);
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  return {
    el: box, canvas,
    /** @param {StripRow[]} r */
    set(r) { rows = r; handle.invalidate(); },
    destroy() { handle.destroy(); },
  };
}

export { sci, pct };
