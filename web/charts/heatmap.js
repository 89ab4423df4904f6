// @ts-check
// A rows x columns heatmap on a canvas (layers x steps for the gradient flow, layers x
// units for unit health). Cells are coloured by a function the caller gives (a
// colour-blind-safe scale, shown as a colour bar); pointing at a cell, or moving to it with
// the arrow keys, reports it through describe() (ui/tooltip.js).
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { attachTip } from '../ui/tooltip.js';

/**
 * @typedef {{ rows: number, cols: number, color: (r: number, c: number) => [number, number, number],
 *   describe: (r: number, c: number) => string, rowLabel: (r: number) => string, colLabel?: (c: number) => string,
 *   xTitle: string, yTitle: string, legend?: { colors: string[], labels: string[] },
 *   scale?: { color: (t: number) => string, labels: [string, string] },
 *   table?: () => { columns: string[], rows: string[][] } }} HeatData
 *   legend: one swatch per category; scale: a colour bar from t = 0 to 1 (labels at its
 *   two ends), drawn before the legend's swatches; table: the values as a table
 *   (default: the cells' descriptions when there are few enough columns)
 */

/**
 * @param {import('./base.js').Scheduler} scheduler
 * @param {{ label: string, height?: (rows: number) => number, rows?: () => number, minMs?: number }} opts
 *   rows: how many rows the data will have (so the box has its final height before the
 *   data comes, and keeps it when the data is cleared: no layout shift)
 */
export function createHeatmap(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  /** @type {HeatData | null} */ let data = null;
  const off = document.createElement('canvas');
  let geom = { left: 0, top: 0, cw: 0, ch: 0, rows: 0, cols: 0 };

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const rows = data?.rows ?? 0, cols = data?.cols ?? 0;
    const expect = rows || (opts.rows?.() ?? 0);
    const ph = opts.height ? opts.height(expect) : Math.min(320, Math.max(120, expect * 6));
    const height = ph + 40 + 20;  // the legend's row is always kept
    const ctx = fitCanvas(canvas, w, height);
    if (!data || !rows || !cols) {
      textStyle(ctx, p, 12);
      ctx.fillText('waiting for data…', 12, 24);
      return;
    }
    const left = 44, right = 8, top = 6;
    const pw = w - left - right;
    off.width = cols; off.height = rows;
    const octx = /** @type {CanvasRenderingContext2D} */ (off.getContext('2d'));
    const img = octx.createImageData(cols, rows);
    for (let r = 0; r < rows; ++r) {
      for (let c = 0; c < cols; ++c) {
        const [R, G, B] = data.color(r, c);
        const o = ((rows - 1 - r) * cols + c) * 4; // row 0 at the bottom
        img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
      }
    }
    octx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, left, top, pw, ph);
    geom = { left, top, cw: pw / cols, ch: ph / rows, rows, cols };
    textStyle(ctx, p, 10);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(12 / (ph / rows)));
    for (let r = 0; r < rows; r += every) ctx.fillText(data.rowLabel(r), left - 4, top + ph - (r + 0.5) * (ph / rows));
    if (rows > 1 && (rows - 1) % every) ctx.fillText(data.rowLabel(rows - 1), left - 4, top + (ph / rows) * 0.5);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    if (data.colLabel) {
      const ce = Math.max(1, Math.ceil(70 / (pw / cols)));
      for (let c = 0; c < cols; c += ce) ctx.fillText(data.colLabel(c), left + (c + 0.5) * (pw / cols), top + ph + 3);
    }
    textStyle(ctx, p, 11);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(data.xTitle, left + pw / 2, top + ph + 17);
    ctx.save();
    ctx.translate(10, top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(data.yTitle, 0, 0);
    ctx.restore();
    let x = left;
    const yy = top + ph + 34;
    if (data.scale) {
      // the colour bar: a continuous ramp with its two ends and middle labelled
      const bw = Math.min(180, Math.max(90, pw / 3));
      for (let i = 0; i < bw; ++i) { ctx.fillStyle = data.scale.color(i / (bw - 1)); ctx.fillRect(x + i, yy - 5, 1, 10); }
      ctx.strokeStyle = p.grid;
      ctx.strokeRect(x + 0.5, yy - 4.5, bw - 1, 9);
      textStyle(ctx, p, 10);
      ctx.textBaseline = 'middle';
      const [a, b] = data.scale.labels;
      ctx.textAlign = 'right'; ctx.fillText(a, x - 3, yy);
      x += bw + 4;
      ctx.textAlign = 'left'; ctx.fillText(b, x, yy);
      x += ctx.measureText(b).width + 18;
    }
    if (data.legend) {
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      for (let i = 0; i < data.legend.colors.length; ++i) {
        ctx.fillStyle = data.legend.colors[i];
        ctx.fillRect(x, yy - 5, 10, 10);
        ctx.strokeStyle = p.grid;
        ctx.strokeRect(x + 0.5, yy - 4.5, 9, 9);
        textStyle(ctx, p, 11);
        ctx.fillText(data.legend.labels[i], x + 14, yy);
        x += 22 + ctx.measureText(data.legend.labels[i]).width;
      }
    }
  }, opts.minMs ?? 0);

  const tip = attachTip(box, canvas, {
    size: () => (data && geom.rows ? [geom.rows, geom.cols] : [0, 0]),
    at: (x, y) => {
      const c = Math.floor((x - geom.left) / geom.cw), r = geom.rows - 1 - Math.floor((y - geom.top) / geom.ch);
      return data && c >= 0 && c < geom.cols && r >= 0 && r < geom.rows ? [r, c] : null;
    },
    anchor: (r, c) => [geom.left + (c + 0.5) * geom.cw, geom.top + (geom.rows - 1 - r + 0.5) * geom.ch],
    describe: (r, c) => data?.describe(r, c) ?? '',
    width: 260,
  });

  return {
    el: box,
    canvas,
    /** @param {HeatData | null} d */
    set(d) { data = d; handle.invalidate(); tip.refresh(); },
    /** The cells as a table (charts/table.js). */
    table() {
      if (!data || !data.rows || !data.cols) return null;
      if (data.table) return data.table();
      const d = data;
      const cols = Math.min(d.cols, 64);
      return {
        columns: [d.yTitle, ...Array.from({ length: cols }, (_, c) => (d.colLabel ? d.colLabel(c) : `${d.xTitle} ${c + 1}`))],
        rows: Array.from({ length: d.rows }, (_, r) => [d.rowLabel(r), ...Array.from({ length: cols }, (_, c) => d.describe(r, c).replace(/^[^:]*: /, ''))]),
      };
    },
    destroy() { handle.destroy(); tip.destroy(); },
  };
}

/** "#rrggbb" or "rgb(r, g, b)" -> [r, g, b]. @param {string} c @returns {[number, number, number]} */
export function rgb(c) {
  if (c.startsWith('#')) {
    const n = parseInt(c.length === 4 ? c.slice(1).split('').map((x) => x + x).join('') : c.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = c.match(/\d+(\.\d+)?/g);
  return m ? [Number(m[0]), Number(m[1]), Number(m[2])] : [0, 0, 0];
}
