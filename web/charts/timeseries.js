// @ts-check
// A time-series chart (uPlot): columnar data [xs, ys1, ys2, ...] (arrays or Float64Arrays,
// NaN or null a gap), or several such tables on their own steps, joined by uPlot when
// drawn. setData() and setTables() only mark it dirty; the scheduler draws once per frame
// while the chart is on screen.
import uPlot from 'uplot';
import { sci } from '../ui/format.js';

/**
 * @typedef {{ label: string, color: keyof import('./base.js').Palette | string, scale?: string, dash?: number[], width?: number, points?: boolean }} SeriesSpec
 * @typedef {{ label: string, series: SeriesSpec[], height?: number, log?: boolean,
 *   scales?: Record<string, { range?: [number, number], log?: boolean }>,
 *   axes?: { scale: string, label: string, side?: 0 | 1 | 2 | 3, format?: (v: number) => string }[], minMs?: number }} TimeSeriesOptions
 */

/**
 * @param {import('./base.js').Scheduler} scheduler
 * @param {TimeSeriesOptions} opts
 */
export function createTimeSeries(scheduler, opts) {
  const box = document.createElement('div');
  box.className = 'gs-chart gs-uplot';
  box.style.minHeight = `${(opts.height ?? 190) + 30}px`;  // the plot and one row of legend, before uPlot is built
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', opts.label);
  /** @type {uPlot | null} */ let plot = null;
  /** @type {uPlot.AlignedData} */ let data = [[], ...opts.series.map(() => [])];
  /** Tables to join before the next draw (setTables), or null. @type {uPlot.AlignedData[] | null} */ let tables = null;
  let builtFor = '';
  const height = opts.height ?? 190;
  /** A step marked by a dashed vertical line (a preset's claim step), or null. @type {{ step: number, label: string } | null} */
  let marker = null;

  function build() {
    const p = scheduler.palette();
    plot?.destroy();
    const color = (/** @type {string} */ c) => /** @type {Record<string, unknown>} */ (p)[c] && typeof (/** @type {Record<string, unknown>} */ (p)[c]) === 'string' ? String(/** @type {Record<string, unknown>} */ (p)[c]) : c;
    /** @type {uPlot.Scales} */
    const scales = { x: { time: false } };
    // the marked step stays in view before the run gets there
    if (marker) { const m = marker.step; scales.x.range = (_u, lo, hi) => [Math.min(lo ?? 0, 0), Math.max(hi ?? 0, m * 1.03, 1)]; }
    for (const [k, s] of Object.entries(opts.scales ?? {})) {
      scales[k] = { ...(s.range ? { range: s.range, auto: false } : { auto: true }), ...(s.log ? { distr: 3 } : {}) };
    }
    const axis = (/** @type {Partial<uPlot.Axis>} */ a) => ({ stroke: p.muted, grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif', ...a });
    plot = new uPlot({
      width: Math.max(200, Math.floor(handle.width || 300)),
      height,
      // one swatch per line, drawn as the line is: its colour, its width, solid, dashed or dotted
      legend: {
        show: true, live: false,
        markers: {
          width: (_u, i) => Math.max(2, Math.round(opts.series[i - 1]?.width ?? 1.5)),
          dash: (_u, i) => { const d = opts.series[i - 1]?.dash; return !d || !d.length ? 'solid' : d[0] <= 2 ? 'dotted' : 'dashed'; },
          fill: () => 'transparent',
        },
      },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales,
      hooks: { draw: [(u) => drawMarker(u, p.fg)] },
      series: [
        { label: 'step' },
        ...opts.series.map((s) => ({
          label: s.label, stroke: color(String(s.color)), width: s.width ?? 1.5, scale: s.scale ?? 'y', dash: s.dash, spanGaps: true,
          points: { show: s.points ?? false, size: 4, fill: color(String(s.color)) },
        })),
      ],
      axes: [
        axis({ label: 'step', labelSize: 14, size: 32 }),
        ...(opts.axes ?? [{ scale: 'y', label: '' }]).map((a) => axis({
          scale: a.scale, label: a.label, labelSize: a.label ? 14 : 0, side: a.side ?? 3, size: 48,
          ...(a.side === 1 ? { grid: { show: false } } : {}),
          ...(a.format ? { values: (/** @type {uPlot} */ _u, /** @type {number[]} */ ticks) => ticks.map((t) => (t === null ? '' : a.format?.(t) ?? String(t))) } : {}),
        })),
      ],
    }, data, box);
    builtFor = `${p.fg}|${p.grid}`;
  }

  /** @param {uPlot} u @param {string} color */
  function drawMarker(u, color) {
    if (!marker) return;
    const x = Math.round(u.valToPos(marker.step, 'x', true)) + 0.5;
    const ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
    if (!(x >= u.bbox.left - 1 && x <= u.bbox.left + u.bbox.width + 1)) return;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `${Math.round(11 * (devicePixelRatio || 1))}px system-ui, sans-serif`;
    ctx.textAlign = x > u.bbox.left + u.bbox.width * 0.7 ? 'right' : 'left';
    ctx.fillText(marker.label, x + (ctx.textAlign === 'right' ? -4 : 4), top + Math.round(12 * (devicePixelRatio || 1)));
    ctx.restore();
  }

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(200, Math.floor(handle.width));
    if (!plot || builtFor !== `${p.fg}|${p.grid}`) build();
    else if (plot.width !== w) plot.setSize({ width: w, height });
    if (tables) { data = uPlot.join(tables); tables = null; }
    plot?.setData(data);
  }, opts.minMs ?? 100);

  return {
    el: box,
    /** @param {uPlot.AlignedData} d */
    setData(d) { data = d; tables = null; handle.invalidate(); },
    /**
     * Tables with steps of their own ([xs, ys...] each), drawn on the union of their steps
     * (a table's series are gaps at the others' steps). Joined when drawn, not here.
     * @param {uPlot.AlignedData[]} t
     */
    setTables(t) { tables = t; handle.invalidate(); },
    /**
     * Marks one step with a dashed vertical line and a label (null: no mark).
     * @param {{ step: number, label: string } | null} m
     */
    setMarker(m) {
      if (JSON.stringify(m) === JSON.stringify(marker)) return;
      marker = m ? { step: m.step, label: m.label } : null;
      box.dataset.marker = marker ? String(marker.step) : '';
      builtFor = '';
      handle.invalidate();
    },
    get canvas() { return /** @type {HTMLCanvasElement | null} */ (box.querySelector('canvas')); },
    /** The series as a table, at most `max` rows (evenly spaced, the last step always in) (charts/table.js). */
    table(max = 100) {
      if (tables) { data = uPlot.join(tables); tables = null; }
      const xs = /** @type {ArrayLike<number>} */ (data[0] ?? []);
      if (!xs.length) return null;
      const k = Math.max(1, Math.ceil(xs.length / max));
      const idx = [];
      for (let i = 0; i < xs.length; i += k) idx.push(i);
      if (idx[idx.length - 1] !== xs.length - 1) idx.push(xs.length - 1);
      const fmt = (/** @type {number | null | undefined} */ v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : sci(v, 3));
      return {
        columns: ['step', ...opts.series.map((s) => s.label)],
        rows: idx.map((i) => [String(xs[i]), ...opts.series.map((_, j) => fmt(/** @type {any} */ (data[j + 1])?.[i]))]),
      };
    },
    destroy() { handle.destroy(); plot?.destroy(); plot = null; },
  };
}
