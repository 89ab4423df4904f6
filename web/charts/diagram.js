// @ts-check
// The network itself. Small networks: a node-link diagram whose edges show the weights
// (width = |w|, colour = sign). Every network: a compact per-layer strip, one column per
// layer and one row per measure (gradient norm, activation mean and spread, saturated
// share, dead units), each row coloured on its own cividis scale.
import { interpolateCividis } from 'd3-scale-chromatic';
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { sci, pct } from '../app/format.js';

/** @typedef {{ inputs: number, layers: { W: number[][] }[] }} Weights */

/** @param {import('./base.js').Scheduler} scheduler */
export function createDiagram(scheduler) {
  const { box, canvas } = canvasBox('Diagram of the network: edge width shows the weight magnitude, colour its sign');
  /** @type {Weights | null} */ let net = null;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const H = 240;
    const ctx = fitCanvas(canvas, w, H);
    if (!net) { textStyle(ctx, p, 12); ctx.fillText('waiting for the weights…', 10, 20); return; }
    const sizes = [net.inputs, ...net.layers.map((l) => l.W.length)];
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
          ctx.globalAlpha = 0.15 + 0.85 * Math.abs(v) / mx;
          ctx.lineWidth = 0.4 + 3 * Math.abs(v) / mx;
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
  });
  return {
    el: box, canvas,
    /** @param {Weights | null} n */
    set(n) { net = n; handle.invalidate(); },
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
