// @ts-check
// The decision boundary for 2-D data: the network's outputs over a grid of the two
// inputs (binary: sigmoid of the logit, on a blue-orange scale; multiclass: the argmax
// class; regression: the value on viridis), with the data points when the engine sends them.
import { interpolatePuOr, interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { rgb } from './heatmap.js';
import { sci } from '../ui/format.js';

/**
 * @typedef {{ res: number, bounds: number[], outputs: number, values: ArrayLike<number> }} Grid
 * @typedef {{ x: ArrayLike<number>, labels?: ArrayLike<number>, y?: ArrayLike<number>, test?: boolean }} Points
 */

/** @param {number} t */
const binColor = (t) => rgb(interpolatePuOr(1 - t));
/** The points of class 0 and 1 in the colours of the map's two ends (purple 0, orange 1). */
const classZero = interpolatePuOr(1), classOne = interpolatePuOr(0);

/** @param {import('./base.js').Scheduler} scheduler */
export function createBoundary(scheduler) {
  const { box, canvas } = canvasBox('Decision boundary over the two inputs, with the data points');
  /** @type {Grid | null} */ let grid = null;
  /** @type {Points[]} */ let points = [];
  let task = 'binary';
  let note = 'waiting for the network’s outputs…';
  const off = document.createElement('canvas');
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const size = Math.max(200, Math.min(handle.width, 380));
    const ctx = fitCanvas(canvas, size, size);
    if (!grid) { textStyle(ctx, p, 12); ctx.fillText(note, 10, 20); return; }
    const { res, values, outputs } = grid;
    const [x0, x1, y0, y1] = grid.bounds;
    off.width = res; off.height = res;
    const octx = /** @type {CanvasRenderingContext2D} */ (off.getContext('2d'));
    const img = octx.createImageData(res, res);
    let vlo = Infinity, vhi = -Infinity;
    if (task === 'regression') for (let i = 0; i < res * res; ++i) { const v = values[i * outputs]; if (v < vlo) vlo = v; if (v > vhi) vhi = v; }
    for (let j = 0; j < res; ++j) {
      for (let i = 0; i < res; ++i) {
        const cell = j * res + i; // row j = y index from y0 upwards
        /** @type {[number, number, number]} */ let c;
        if (task === 'multiclass' || outputs > 1) {
          let best = 0;
          for (let k = 1; k < outputs; ++k) if (values[cell * outputs + k] > values[cell * outputs + best]) best = k;
          c = outputs === 2 && task === 'binary' ? binColor(1 / (1 + Math.exp(-(values[cell * 2 + 1] - values[cell * 2])))) : rgb(schemeTableau10[best % 10]);
        } else if (task === 'regression') {
          c = rgb(interpolateViridis((values[cell] - vlo) / (vhi - vlo || 1)));
        } else {
          c = binColor(1 / (1 + Math.exp(-values[cell])));
        }
        const o = ((res - 1 - j) * res + i) * 4;
        img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = task === 'multiclass' ? 150 : 235;
      }
    }
    octx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, size, size);
    const X = (/** @type {number} */ v) => ((v - x0) / (x1 - x0)) * size;
    const Y = (/** @type {number} */ v) => size - ((v - y0) / (y1 - y0)) * size;
    for (const set of points) {
      const n = set.x.length / 2;
      for (let r = 0; r < n; ++r) {
        const lab = set.labels ? set.labels[r] : 0;
        ctx.fillStyle = task === 'multiclass' ? schemeTableau10[lab % 10] : lab ? classOne : classZero;
        ctx.strokeStyle = set.test ? p.fg : p.panel;
        ctx.lineWidth = set.test ? 1.2 : 0.8;
        ctx.beginPath();
        ctx.arc(X(set.x[2 * r]), Y(set.x[2 * r + 1]), 3, 0, 7);
        ctx.fill(); ctx.stroke();
      }
    }
    ctx.strokeStyle = p.grid;
    ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  });
  return {
    el: box, canvas,
    /** @param {Grid | null} g @param {string} t */
    setGrid(g, t) { grid = g; task = t; handle.invalidate(); },
    /** @param {Points[]} pts */
    setPoints(pts) { points = pts; handle.invalidate(); },
    /** @param {string} text */
    setNote(text) { note = text; grid = null; handle.invalidate(); },
    /** The network's output on a coarse grid of the plane: rows x₂ (top = high), columns x₁ (charts/table.js). */
    table() {
      if (!grid) return null;
      const { res, values, outputs } = grid;
      const [x0, x1, y0, y1] = grid.bounds;
      const k = Math.max(1, Math.round(res / 8));
      /** @type {number[]} */ const idx = []; for (let i = 0; i < res; i += k) idx.push(i);
      const at = (/** @type {number} */ v, /** @type {number} */ a, /** @type {number} */ b) => sci(a + ((v + 0.5) / res) * (b - a), 2);
      /** @param {number} cell */
      const out = (cell) => {
        if (task === 'regression' && outputs === 1) return sci(values[cell], 3);
        if (outputs === 1) return sci(1 / (1 + Math.exp(-values[cell])), 2);
        let best = 0;
        for (let c = 1; c < outputs; ++c) if (values[cell * outputs + c] > values[cell * outputs + best]) best = c;
        return `class ${best}`;
      };
      return {
        columns: ['x₂ (rows) / x₁ (columns)', ...idx.map((i) => at(i, x0, x1))],
        rows: idx.slice().reverse().map((j) => [at(j, y0, y1), ...idx.map((i) => out(j * res + i))]),
      };
    },
    destroy() { handle.destroy(); },
  };
}
