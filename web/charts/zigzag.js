// @ts-check
// Zig-zag: (1) the same-sign share per layer (1.0 = every incoming weight of a unit moved
// the same way in this step), averaged over recent frames; (2) a tiny simulation of one
// unit with two weights learning w* = (1, -1): with inputs that are all positive every
// step moves both weights the same way, so the path zig-zags; with zero-centred inputs it
// heads straight for the target.
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { frame, line } from './plot.js';
import { sci } from '../ui/format.js';

/** @param {import('./base.js').Scheduler} scheduler */
export function createSameSignBars(scheduler) {
  const { box, canvas } = canvasBox('Same-sign share of the weight updates per layer');
  /** @type {number[]} */ let values = [];
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(220, handle.width);
    const ctx = fitCanvas(canvas, w, 170);
    const n = values.length;
    if (!n) return;
    const f = frame(ctx, p, { box: [44, 8, w - 52, 124], x: [0, n], y: [0.5, 1], yTicks: [0.5, 0.75, 1], xTicks: [], xLabel: 'layer (1 … output) · 0.5 = balanced, 1 = all one sign', yLabel: 'share' });
    const bw = f.w / n;
    for (let i = 0; i < n; ++i) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      ctx.fillStyle = v > 0.97 ? p.bad : p.accent;
      const y = f.y(Math.max(0.5, v));
      ctx.fillRect(f.x(i) + bw * 0.15, y, Math.max(1, bw * 0.7), f.top + f.h - y);
    }
    textStyle(ctx, p, 10);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(22 / bw));
    for (let i = 0; i < n; i += every) ctx.fillText(i === n - 1 ? 'out' : String(i + 1), f.x(i + 0.5), f.top + f.h + 2);
    if ((n - 1) % every) ctx.fillText('out', f.x(n - 0.5), f.top + f.h + 2);
  }, 150);
  return {
    el: box, canvas,
    /** @param {number[]} v */
    set(v) { values = v; handle.invalidate(); },
    /** Per layer: the share of a unit's weight updates with the majority sign (charts/table.js). */
    table() {
      if (!values.length) return null;
      return { columns: ['layer', 'same-sign share'], rows: values.map((v, i) => [i === values.length - 1 ? 'output' : String(i + 1), sci(v, 3)]) };
    },
    destroy() { handle.destroy(); },
  };
}

/** A small seeded generator (mulberry32) for the simulation. @param {number} seed */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One unit y = w·x learning w* by SGD on 0.5 (w·x - w*·x)², batch 1.
 * @param {boolean} centred inputs x ~ U(-1, 1)² (true) or U(0, 1)² (false)
 * @param {number} seed @param {number} steps
 */
export function simulatePath(centred, seed, steps = 40) {
  const r = rng(seed);
  const target = [1, -1];
  let w = [-0.8, 0.6];
  const xs = [w[0]], ys = [w[1]];
  const lr = 0.8;
  for (let s = 0; s < steps; ++s) {
    const x = centred ? [2 * r() - 1, 2 * r() - 1] : [0.15 + 0.85 * r(), 0.15 + 0.85 * r()];
    const err = (w[0] - target[0]) * x[0] + (w[1] - target[1]) * x[1];
    w = [w[0] - lr * err * x[0], w[1] - lr * err * x[1]];
    xs.push(w[0]); ys.push(w[1]);
  }
  return { xs, ys, target };
}

/** @param {import('./base.js').Scheduler} scheduler */
export function createZigzagSim(scheduler) {
  const { box, canvas } = canvasBox('Weight path of one unit with two weights: positive inputs versus zero-centred inputs');
  let seed = 7;
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(220, Math.min(handle.width, 420));
    const hgt = Math.min(300, w * 0.75);
    const ctx = fitCanvas(canvas, w, hgt);
    const f = frame(ctx, p, { box: [44, 8, w - 56, hgt - 42], x: [-1.1, 1.4], y: [-1.3, 1.3], xLabel: 'w₁', yLabel: 'w₂' });
    const pos = simulatePath(false, seed), cen = simulatePath(true, seed);
    line(ctx, f, pos.xs, pos.ys, p.bad, { width: 1.5 });
    line(ctx, f, cen.xs, cen.ys, p.accent, { width: 1.5 });
    for (const [path, c] of /** @type {[ReturnType<typeof simulatePath>, string][]} */ ([[pos, p.bad], [cen, p.accent]])) {
      ctx.fillStyle = c;
      for (let i = 0; i < path.xs.length; ++i) { ctx.beginPath(); ctx.arc(f.x(path.xs[i]), f.y(path.ys[i]), 1.8, 0, 7); ctx.fill(); }
    }
    ctx.fillStyle = p.ok;
    ctx.beginPath(); ctx.arc(f.x(1), f.y(-1), 5, 0, 7); ctx.fill();
    textStyle(ctx, p, 11, p.fg);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('w* (target)', f.x(1) - 30, f.y(-1) - 14);
    ctx.fillText('start', f.x(-0.8) - 10, f.y(0.6) - 10);
    textStyle(ctx, p, 11, p.bad); ctx.fillText('inputs all > 0', f.left + 6, f.top + f.h - 22);
    textStyle(ctx, p, 11, p.accent); ctx.fillText('zero-centred inputs', f.left + 6, f.top + f.h - 8);
  });
  return {
    el: box, canvas,
    resample() { seed = (seed * 7919 + 13) % 100000; handle.invalidate(); },
    /** Both weight paths, step by step (charts/table.js). */
    table() {
      const pos = simulatePath(false, seed), cen = simulatePath(true, seed);
      const f = (/** @type {number} */ v) => sci(v, 3);
      return {
        columns: ['step', 'w₁ (inputs all > 0)', 'w₂ (inputs all > 0)', 'w₁ (zero-centred)', 'w₂ (zero-centred)'],
        rows: pos.xs.map((_, i) => [String(i), f(pos.xs[i]), f(pos.ys[i]), f(cen.xs[i]), f(cen.ys[i])]),
      };
    },
    destroy() { handle.destroy(); },
  };
}
