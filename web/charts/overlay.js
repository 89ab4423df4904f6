// @ts-check
// A measure of every compared network over steps (uPlot): one colour and one dash per
// network (netstyle.js). Log charts draw log10 of the values on a linear axis labelled in
// decades, so 1e-30 and 0.1 share one readable axis. setData() only marks the chart dirty;
// the scheduler draws it at most once per animation frame while it is on screen.
// This file is not: the per-layer profile (profile.js) or the playground's time series
// (timeseries.js).
import uPlot from 'uplot';
import { sci } from '../ui/format.js';
import { placeTip } from '../ui/tooltip.js';
import { netColors, netDash, decadeLabel } from './netstyle.js';

/** @typedef {import('./base.js').Scheduler} Scheduler */

/**
 * @typedef {{ label: string, yLabel: string, names: string[], log?: boolean, range?: [number, number],
 *   format?: (v: number) => string, axisFormat?: (v: number) => string, height?: number, minMs?: number,
 *   mark?: { value: number, label: string } }} OverlayOptions
 *   format: values in the tooltip; axisFormat: tick labels (default: format);
 *   mark: a dashed horizontal line (e.g. the target accuracy)
 */

/** Draws the dashed line of opts.mark. @param {uPlot} u @param {{ value: number, label: string }} m @param {string} color */
function drawMark(u, m, color) {
  const dpr = uPlot.pxRatio || 1;
  const y = Math.round(u.valToPos(m.value, 'y', true)) + 0.5;
  const c = u.ctx;
  c.save();
  c.strokeStyle = color; c.lineWidth = dpr; c.setLineDash([4 * dpr, 4 * dpr]);
  c.beginPath(); c.moveTo(u.bbox.left, y); c.lineTo(u.bbox.left + u.bbox.width, y); c.stroke();
  c.setLineDash([]);
  c.fillStyle = color; c.font = `${11 * dpr}px system-ui, sans-serif`; c.textAlign = 'left'; c.textBaseline = 'bottom';
  c.fillText(m.label, u.bbox.left + 4 * dpr, y - 2 * dpr);
  c.restore();
}

/**
 * A measure of every network over steps.
 * @param {Scheduler} scheduler @param {OverlayOptions} opts
 */
export function createOverlay(scheduler, opts) {
  const doc = document;
  const box = doc.createElement('div');
  box.className = 'gs-chart gs-uplot gc-overlay';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', opts.label);
  const tip = doc.createElement('div');
  tip.className = 'gs-tip gc-tip';
  tip.hidden = true;
  /** @type {uPlot | null} */ let plot = null;
  /** @type {(number | null)[][]} */ let raw = [[]];
  /** @type {uPlot.AlignedData} */ let data = [[], ...opts.names.map(() => [])];
  let builtFor = '';
  const height = opts.height ?? 200;
  const fmt = opts.format ?? ((/** @type {number} */ v) => sci(v, 3));
  const axisFmt = opts.axisFormat ?? opts.format;
  const empty = doc.createElement('p');
  empty.className = 'gc-empty';
  empty.textContent = 'Waiting for the first round…';
  box.append(tip, empty);

  /** The values at the cursor, in the tip. @param {uPlot} u */
  function showTip(u) {
    const i = u.cursor.idx;
    if (i === null || i === undefined || u.cursor.left === undefined || u.cursor.left < 0) { tip.hidden = true; return; }
    const lines = [`step ${raw[0][i]}`];
    opts.names.forEach((n, k) => { const v = raw[k + 1]?.[i]; lines.push(`${n}: ${v === null || v === undefined ? '–' : fmt(v)}`); });
    tip.textContent = lines.join('\n');
    tip.hidden = false;
    const o = u.over.getBoundingClientRect(), b = box.getBoundingClientRect();
    placeTip(tip, o.left - b.left + (u.cursor.left ?? 0), o.top - b.top + (u.cursor.top ?? 0), box.clientWidth, tip.offsetWidth || 160);
  }

  function build() {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    plot?.destroy();
    const axis = (/** @type {Partial<uPlot.Axis>} */ a) => ({ stroke: p.muted, grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif', ...a });
    plot = new uPlot({
      width: Math.max(200, Math.floor(handle.width || 300)),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: false }, y: opts.range ? { range: opts.range, auto: false } : { auto: true } },
      series: [
        { label: 'step' },
        ...opts.names.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 2, dash: netDash(i), spanGaps: false, points: { show: false } })),
      ],
      axes: [
        axis({ label: 'step', labelSize: 14, size: 32 }),
        axis({
          label: opts.yLabel, labelSize: 14, size: 52,
          ...(opts.log
            ? { incrs: [1, 2, 3, 5, 10, 20, 50], values: (/** @type {uPlot} */ _u, /** @type {number[]} */ t) => t.map(decadeLabel) }
            : axisFmt ? { values: (/** @type {uPlot} */ _u, /** @type {number[]} */ t) => t.map((v) => (v === null ? '' : axisFmt(v))) } : {}),
        }),
      ],
      hooks: {
        draw: [(u) => { if (opts.mark) drawMark(u, opts.mark, scheduler.palette().muted); }],
        setCursor: [showTip],
      },
    }, data, box);
    plot.root.addEventListener('mouseleave', () => { tip.hidden = true; });
    builtFor = `${p.fg}|${p.grid}|${p.dark}`;
  }

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(200, Math.floor(handle.width));
    empty.hidden = (data[0]?.length ?? 0) > 0;
    if (!plot || builtFor !== `${p.fg}|${p.grid}|${p.dark}`) build();
    else if (plot.width !== w) plot.setSize({ width: w, height });
    plot?.setData(data);
    box.dataset.drawnStep = String(data[0]?.[data[0].length - 1] ?? '');  // the last step on screen (tests)
  }, opts.minMs ?? 100);

  return {
    el: box,
    /** The plot's canvas (null until it is first drawn). */
    get canvas() { return /** @type {HTMLCanvasElement | null} */ (box.querySelector('canvas')); },
    /** @param {number[]} xs steps @param {(number | null)[][]} ys one column per network */
    setData(xs, ys) {
      raw = [xs, ...ys];
      const tr = opts.log ? ys.map((c) => c.map((v) => (v !== null && v > 0 ? Math.log10(v) : null))) : ys;
      data = /** @type {uPlot.AlignedData} */ ([xs, ...tr]);
      handle.invalidate();
    },
    /** Every network's values over steps, at most 100 rows (charts/table.js). */
    table() {
      const xs = raw[0] ?? [];
      if (!xs.length) return null;
      const k = Math.max(1, Math.ceil(xs.length / 100));
      const idx = [];
      for (let i = 0; i < xs.length; i += k) idx.push(i);
      if (idx[idx.length - 1] !== xs.length - 1) idx.push(xs.length - 1);
      return { columns: ['step', ...opts.names], rows: idx.map((i) => [String(xs[i]), ...opts.names.map((_, j) => { const v = raw[j + 1]?.[i]; return v === null || v === undefined ? '–' : fmt(v); })]) };
    },
    destroy() { handle.destroy(); plot?.destroy(); plot = null; tip.remove(); },
  };
}
