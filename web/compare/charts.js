// @ts-check
// The comparison's charts: every one overlays the compared networks (one colour and one
// dash per network, NET_COLORS / NET_DASHES, the same in every chart), draws through the
// comparison's scheduler (setters only mark dirty; at most one draw per frame while on
// screen) and reports the values under the pointer in a small tooltip.
// - createOverlay: a measure over steps (uPlot); log charts draw log10 of the values on a
//   linear axis labelled in decades, so 1e-30 and 0.1 share one readable axis.
// - createProfile: a measure per layer at the current step (canvas).
// - createTimeBars: the measured time per step of each network (canvas).
// - createSweepChart: log10 gradient ratio against depth or initial gain (canvas).
import uPlot from 'uplot';
import { canvasBox, fitCanvas, textStyle } from '../charts/base.js';
import { frame, line, ticks } from '../charts/plot.js';
import { sci } from '../ui/format.js';
import { NET_COLORS, NET_DASHES } from '../state/compare-setup.js';

/** @typedef {import('../charts/base.js').Scheduler} Scheduler */

/** The colours of the networks for the scheduler's current theme. @param {Scheduler} s */
export function netColors(s) { return s.seriesColors() ?? (s.palette().dark ? NET_COLORS.dark : NET_COLORS.light); }

/** A tooltip inside a chart box (positioned in the box's coordinates). @param {HTMLElement} box */
function tooltip(box) {
  const tip = document.createElement('div');
  tip.className = 'gs-tip gc-tip';
  tip.hidden = true;
  box.append(tip);
  return {
    /** @param {number} x @param {number} y @param {string[]} lines */
    show(x, y, lines) {
      tip.replaceChildren(...lines.map((l) => { const d = document.createElement('div'); d.textContent = l; return d; }));
      tip.hidden = false;
      const w = box.clientWidth;
      const tw = tip.offsetWidth || 160;
      tip.style.left = `${Math.max(0, x + 12 + tw > w ? x - tw - 12 : x + 12)}px`;
      tip.style.top = `${y + 14}px`;
    },
    hide() { tip.hidden = true; },
  };
}

/** "1e-12" for a whole decade, else the value. @param {number} e */
const decadeLabel = (e) => (Math.abs(e - Math.round(e)) < 1e-9 ? (Math.round(e) === 0 ? '1' : `1e${Math.round(e)}`) : sci(10 ** e));

/**
 * @typedef {{ label: string, yLabel: string, names: string[], log?: boolean, range?: [number, number],
 *   format?: (v: number) => string, axisFormat?: (v: number) => string, height?: number, minMs?: number,
 *   mark?: { value: number, label: string } }} OverlayOptions
 *   format: values in the tooltip; axisFormat: tick labels (default: format);
 *   mark: a dashed horizontal line (e.g. the target accuracy)
 */

/**
 * A measure of every network over steps.
 * @param {Scheduler} scheduler @param {OverlayOptions} opts
 */
export function createOverlay(scheduler, opts) {
  const box = document.createElement('div');
  box.className = 'gs-chart gs-uplot gc-overlay';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', opts.label);
  const tip = tooltip(box);
  /** @type {uPlot | null} */ let plot = null;
  /** @type {(number | null)[][]} */ let raw = [[]];
  /** @type {uPlot.AlignedData} */ let data = [[], ...opts.names.map(() => [])];
  let builtFor = '';
  const height = opts.height ?? 200;
  const fmt = opts.format ?? ((/** @type {number} */ v) => sci(v, 3));
  const axisFmt = opts.axisFormat ?? opts.format;
  const empty = document.createElement('p');
  empty.className = 'gc-empty';
  empty.textContent = 'Waiting for the first round…';
  box.append(empty);

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
        ...opts.names.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 2, dash: NET_DASHES[i % NET_DASHES.length], spanGaps: false, points: { show: false } })),
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
        draw: [(u) => {
          const m = opts.mark;
          if (!m) return;
          const pal = scheduler.palette();
          const dpr = uPlot.pxRatio || 1;
          const y = Math.round(u.valToPos(m.value, 'y', true)) + 0.5;
          const c = u.ctx;
          c.save();
          c.strokeStyle = pal.muted; c.lineWidth = dpr; c.setLineDash([4 * dpr, 4 * dpr]);
          c.beginPath(); c.moveTo(u.bbox.left, y); c.lineTo(u.bbox.left + u.bbox.width, y); c.stroke();
          c.setLineDash([]);
          c.fillStyle = pal.muted; c.font = `${11 * dpr}px system-ui, sans-serif`; c.textAlign = 'left'; c.textBaseline = 'bottom';
          c.fillText(m.label, u.bbox.left + 4 * dpr, y - 2 * dpr);
          c.restore();
        }],
        setCursor: [(u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || u.cursor.left === undefined || u.cursor.left < 0) { tip.hide(); return; }
          const lines = [`step ${raw[0][i]}`];
          opts.names.forEach((n, k) => { const v = raw[k + 1]?.[i]; lines.push(`${n}: ${v === null || v === undefined ? '–' : fmt(v)}`); });
          const o = u.over.getBoundingClientRect(), b = box.getBoundingClientRect();
          tip.show(o.left - b.left + (u.cursor.left ?? 0), o.top - b.top + (u.cursor.top ?? 0), lines);
        }],
      },
    }, data, box);
    plot.root.addEventListener('mouseleave', () => tip.hide());
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
    /** @param {number[]} xs steps @param {(number | null)[][]} ys one column per network */
    setData(xs, ys) {
      raw = [xs, ...ys];
      const tr = opts.log ? ys.map((c) => c.map((v) => (v !== null && v > 0 ? Math.log10(v) : null))) : ys;
      data = /** @type {uPlot.AlignedData} */ ([xs, ...tr]);
      handle.invalidate();
    },
    /** @returns {HTMLCanvasElement | null} */
    canvas() { return box.querySelector('canvas'); },
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
    destroy() { handle.destroy(); plot?.destroy(); plot = null; },
  };
}

/**
 * @typedef {{ label: string, yLabel: string, log?: boolean, height?: number, format?: (v: number) => string,
 *   zeroLine?: boolean, xLabel?: [string, string] }} ProfileOptions
 *   xLabel: the x axis title on narrow and on wide charts
 */

/**
 * A measure per layer (input side first) of every network, at the current step.
 * @param {Scheduler} scheduler @param {ProfileOptions} opts
 */
export function createProfile(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  const tip = tooltip(box);
  /** @type {{ name: string, values: number[] }[]} */ let series = [];
  let lastIsOutput = true;
  let step = 0;
  const height = opts.height ?? 220;
  const fmt = opts.format ?? ((/** @type {number} */ v) => sci(v, 3));
  /** @type {import('../charts/plot.js').Frame | null} */ let geom = null;
  let maxL = 0;

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    const w = Math.max(240, handle.width);
    const ctx = fitCanvas(canvas, w, height);
    maxL = Math.max(0, ...series.map((s) => s.values.length));
    if (!maxL) { textStyle(ctx, p, 12); ctx.fillText('Waiting for the first round…', 12, 24); geom = null; return; }
    const tr = (/** @type {number} */ v) => (opts.log ? (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN) : (Number.isFinite(v) ? v : NaN));
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (const v of s.values) { const t = tr(v); if (Number.isFinite(t)) { lo = Math.min(lo, t); hi = Math.max(hi, t); } }
    if (!(hi >= lo)) { lo = 0; hi = 1; }
    if (opts.log) { lo = Math.floor(lo); hi = Math.ceil(hi); if (hi - lo < 2) { lo -= 1; hi += 1; } }
    else { if (opts.zeroLine) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); } const pad = (hi - lo) * 0.08 || 0.5; lo -= pad; hi += pad; }
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
        : { yFormat: (/** @type {number} */ v) => (Math.abs(v) < span * 1e-6 ? '0' : String(+v.toPrecision(2))) }),
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
      line(ctx, f, xs, ys, c, { width: 2, dash: NET_DASHES[i % NET_DASHES.length] });
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
  }, 120);

  // mouse, pen and touch (a tap shows the values too)
  const onPoint = (/** @type {MouseEvent} */ e) => {
    if (!geom || !maxL) return;
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const l = Math.round(0.5 + ((x - geom.left) / geom.w) * maxL - 0.5);
    if (l < 1 || l > maxL) { tip.hide(); return; }
    const lines = [lastIsOutput && l === maxL && maxL > 1 ? 'output layer' : `layer ${l}`];
    for (const s of series) { const v = s.values[l - 1]; lines.push(`${s.name}: ${v === undefined ? '–' : v === 0 && opts.log ? '0 (underflow)' : fmt(v)}`); }
    tip.show(x, e.clientY - r.top, lines);
  };
  canvas.addEventListener('pointermove', onPoint);
  canvas.addEventListener('pointerdown', onPoint);
  canvas.addEventListener('pointerleave', () => tip.hide());

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
    destroy() { handle.destroy(); },
  };
}

/**
 * @typedef {{ name: string, ms: number | null, range: [number, number] | null, live: number | null, rel: number | null }} TimeRow
 *   ms: the median measured time per step, range: its quartiles, live: the median while comparing
 */

/**
 * The time per step of each network: the measured median (bar) with its quartiles
 * (whisker), and the median while comparing with statistics on (dashed tick).
 * @param {Scheduler} scheduler
 */
export function createTimeBars(scheduler) {
  const { box, canvas } = canvasBox('Measured time per training step of each network');
  /** @type {TimeRow[]} */ let rows = [];
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const colors = netColors(scheduler);
    const w = Math.max(240, handle.width);
    const rowH = 26, top = 8, bottom = 40;
    const height = top + bottom + Math.max(1, rows.length) * rowH;
    const ctx = fitCanvas(canvas, w, height);
    if (!rows.length) return;
    const valueOf = (/** @type {TimeRow} */ r) => (r.ms === null ? '' : `${+r.ms.toPrecision(3)} ms${r.rel !== null ? ` (${+r.rel.toPrecision(3)}×)` : ''}`);
    textStyle(ctx, p, 12, p.fg);
    const labelW = Math.min(w * 0.34, Math.max(...rows.map((r) => ctx.measureText(r.name).width)) + 12);
    textStyle(ctx, p, 11.5, p.fg);
    const valueW = Math.min(w * 0.4, Math.max(60, ...rows.map((r) => ctx.measureText(valueOf(r)).width)) + 16);
    const left = labelW, right = valueW;
    const max = Math.max(1e-9, ...rows.map((r) => Math.max(r.ms ?? 0, r.live ?? 0, r.range?.[1] ?? 0)));
    const pw = w - left - right;
    const grid = ticks(0, max * 1.05, Math.max(2, Math.floor(pw / 70)));
    const xmax = Math.max(max * 1.05, grid[grid.length - 1] ?? 0);
    const X = (/** @type {number} */ v) => left + (v / xmax) * pw;
    const floor = top + rows.length * rowH;
    textStyle(ctx, p, 10);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of grid) {
      ctx.strokeStyle = p.grid;
      ctx.beginPath(); ctx.moveTo(Math.round(X(t)) + 0.5, top); ctx.lineTo(Math.round(X(t)) + 0.5, floor); ctx.stroke();
      ctx.fillText(String(+t.toPrecision(3)), X(t), floor + 4);
    }
    textStyle(ctx, p, 11);
    ctx.textAlign = 'center';
    ctx.fillText(w < 560 ? 'ms per step (bar: median; whisker: quartiles; dashes: live)' : 'milliseconds per step (bar: median of the measurements; whisker: quartiles; dashes: live, with statistics)', left + pw / 2, floor + 20);
    rows.forEach((r, i) => {
      const y = top + i * rowH, ym = y + rowH / 2;
      textStyle(ctx, p, 12, p.fg);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(r.name, left - 8, ym);
      const c = colors[i % colors.length];
      if (r.ms !== null) {
        ctx.fillStyle = c;
        ctx.fillRect(left, y + 5, Math.max(1, X(r.ms) - left), rowH - 10);
      } else {
        textStyle(ctx, p, 11);
        ctx.textAlign = 'left';
        ctx.fillText('measuring…', left + 4, ym);
      }
      if (r.ms !== null && r.range && r.range[1] > r.range[0]) {
        ctx.strokeStyle = p.fg;
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(X(r.range[0]), ym); ctx.lineTo(X(r.range[1]), ym);
        ctx.moveTo(X(r.range[0]), ym - 4); ctx.lineTo(X(r.range[0]), ym + 4);
        ctx.moveTo(X(r.range[1]), ym - 4); ctx.lineTo(X(r.range[1]), ym + 4);
        ctx.stroke();
      }
      if (r.live !== null) {
        ctx.strokeStyle = p.muted;
        ctx.lineWidth = 2;
        ctx.setLineDash([3, 2]);
        ctx.beginPath(); ctx.moveTo(X(r.live), y + 1); ctx.lineTo(X(r.live), y + rowH - 1); ctx.stroke();
        ctx.setLineDash([]);
      }
      textStyle(ctx, p, 11.5, p.fg);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(valueOf(r), w - right + 8, ym);
    });
  }, 200);
  return {
    el: box, canvas,
    /** @param {TimeRow[]} r */
    set(r) { rows = r; handle.invalidate(); },
    /** Each network's measured time per step (charts/table.js). */
    table() {
      if (!rows.length) return null;
      const ms = (/** @type {number | null} */ v) => (v === null ? '–' : `${sci(v, 3)} ms`);
      return {
        columns: ['network', 'time per step (median)', 'quartiles', 'while comparing', 'relative'],
        rows: rows.map((r) => [r.name, ms(r.ms), r.range ? `${ms(r.range[0])} – ${ms(r.range[1])}` : '–', ms(r.live), r.rel === null ? '–' : `${sci(r.rel, 3)}×`]),
      };
    },
    destroy() { handle.destroy(); },
  };
}

/**
 * @typedef {{ name: string, xs: number[], init: (number | null)[], after: (number | null)[] }} SweepCurve
 *   init / after: log10 of the first-to-last gradient ratio (null: not measured, or not finite)
 */

/**
 * log10 gradient ratio against depth or initial gain, one colour per activation: solid at
 * initialisation, dashed after N steps.
 * @param {Scheduler} scheduler
 * @param {{ label: string, xLabel: string, xLog?: boolean, height?: number, yLabel?: string }} opts
 */
export function createSweepChart(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  const tip = tooltip(box);
  /** @type {SweepCurve[]} */ let curves = [];
  let afterLabel = 'after N steps';
  let yLabel = opts.yLabel ?? 'layer 1 ÷ last hidden layer';
  /** @type {number[]} */ let domain = [1, 2];
  /** @type {number | null} */ let marker = null;
  /** @type {import('../charts/plot.js').Frame | null} */ let geom = null;
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
      xTicks, xFormat: opts.xLog ? (v) => String(+(2 ** v).toPrecision(3)) : undefined,
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
  }, 120);

  /** A context for measuring text before the canvas is sized. */
  function ctx0() { return /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')); }

  // mouse, pen and touch (a tap shows the values too)
  const onPoint = (/** @type {MouseEvent} */ e) => {
    if (!geom || !curves.length) return;
    const r = canvas.getBoundingClientRect();
    const mx = e.clientX - r.left;
    let best = -1, bd = Infinity;
    domain.forEach((d, k) => { const dd = Math.abs(geom ? geom.x(tx(d)) - mx : Infinity); if (dd < bd) { bd = dd; best = k; } });
    if (best < 0 || bd > 30) { tip.hide(); return; }
    const d = domain[best];
    const lines = [`${opts.xLog ? 'gain' : 'depth'} ${d}: at initialisation → ${afterLabel}`];
    for (const c of curves) {
      const k = c.xs.indexOf(d);
      const a = k >= 0 ? c.init[k] : null, b = k >= 0 ? c.after[k] : null;
      lines.push(`${c.name}: ${a === null ? '–' : sci(10 ** a)} → ${b === null ? '–' : sci(10 ** b)}`);
    }
    tip.show(mx, e.clientY - r.top, lines);
  };
  canvas.addEventListener('pointermove', onPoint);
  canvas.addEventListener('pointerdown', onPoint);
  canvas.addEventListener('pointerleave', () => tip.hide());

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
    destroy() { handle.destroy(); },
  };
}
