// @ts-check
// The slopes card: PReLU's learned slopes (the mean of each PReLU layer, at most 8 layers)
// and RReLU's sampled slopes (min, mean, max over its layers) over steps, from the series'
// columns. The chart is made for each network (its lines are the network's layers).
// This file is not: the chart (charts/timeseries.js).
import { h, setText } from '../ui/dom.js';
import { layerActivation } from '../state/schema.js';
import { createTimeSeries } from '../charts/timeseries.js';
import { card, setWords } from './card.js';
import { pngButton } from './context.js';
import { slopesWords } from './explain.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

const COLORS = ['accent', 'ok', 'accent2', 'fg', 'muted', 'bad', 'warn', 'grid'];

/**
 * Over rows, one value per row from the layers' columns (min, mean or max), NaN where none is finite.
 * @param {Float64Array[]} cols @param {number} n @param {'min' | 'mean' | 'max'} how
 */
function across(cols, n, how) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    let lo = Infinity, hi = -Infinity, sum = 0;
    for (const c of cols) { const v = c[i]; if (v < lo) lo = v; if (v > hi) hi = v; sum += v; }
    out[i] = how === 'min' ? lo : how === 'max' ? hi : sum / cols.length;
    if (!Number.isFinite(out[i])) out[i] = NaN;
  }
  return out;
}

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createSlopesView(ctx) {
  const box = h('div');
  const note = h('p.gs-note');
  /** @type {ReturnType<typeof createTimeSeries> | null} */ let chart = null;
  /** @type {{ prelu: number[], rrelu: number[] }} */ let layers = { prelu: [], rrelu: [] };
  const png = /** @type {HTMLButtonElement} */ (pngButton(ctx, 'slopes', () => [chart?.canvas ?? null]));
  const pngTitle = png.title;
  const el = card('slopes', { tools: [png], body: [note, box] });
  /** The PNG button works only when there is a chart (a PReLU or RReLU layer). @param {boolean} on */
  const pngFor = (on) => {
    png.disabled = !on;
    png.title = on ? pngTitle : 'No chart to download: this network has no PReLU or RReLU layer';
  };
  let drawn = -1;

  function opened() {
    const s = /** @type {import('../state/schema.js').State} */ (ctx.committed());
    chart?.destroy();
    chart = null;
    drawn = -1;
    layers = { prelu: [], rrelu: [] };
    for (let l = 0; l < s.depth; ++l) {
      const a = layerActivation(s, l);
      if (a === 'prelu') layers.prelu.push(l);
      if (a === 'rrelu') layers.rrelu.push(l);
    }
    layers.prelu = layers.prelu.slice(0, 8);
    if (!layers.prelu.length && !layers.rrelu.length) {
      box.replaceChildren();
      setText(note, 'This network has no PReLU or RReLU layer. Try the preset “Leaky ReLU vs PReLU vs RReLU”, or set some layers to PReLU/RReLU.');
      pngFor(false);
      return;
    }
    pngFor(true);
    chart = createTimeSeries(ctx.scheduler, {
      label: 'PReLU learned slopes and RReLU sampled slopes over steps', height: 200,
      series: [
        ...layers.prelu.map((l, i) => ({ label: `PReLU layer ${l + 1}`, color: COLORS[i % COLORS.length], width: 2 })),
        ...(layers.rrelu.length ? [{ label: 'RReLU min', color: 'bad', width: 1 }, { label: 'RReLU mean', color: 'bad', width: 2 }, { label: 'RReLU max', color: 'bad', width: 1 }] : []),
      ],
    });
    box.replaceChildren(chart.el);
    setText(note, `${layers.prelu.length ? `PReLU in layers ${layers.prelu.map((l) => l + 1).join(', ')} (initial slope ${s.preluInit}, one ${s.preluPer === 'unit' ? 'per unit' : 'per layer'}). ` : ''}${layers.rrelu.length ? `RReLU in ${layers.rrelu.length} layer(s), slopes drawn from U(${s.rreluLower.toFixed(3)}, ${s.rreluUpper.toFixed(3)}).` : ''}`);
  }

  /** @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series;
    if (!chart || !ctx.committed() || (!force && series.version === drawn)) return;
    drawn = series.version;
    const n = series.length;
    if (!n) return;
    const have = (/** @type {number} */ l) => l < series.layers;
    const cols = layers.prelu.filter(have).map((l) => series.layer('prelu_alpha_mean', l));
    const rr = layers.rrelu.filter(have);
    if (rr.length) {
      cols.push(across(rr.map((l) => series.layer('rrelu_slope_min', l)), n, 'min'));
      cols.push(across(rr.map((l) => series.layer('rrelu_slope_mean', l)), n, 'mean'));
      cols.push(across(rr.map((l) => series.layer('rrelu_slope_max', l)), n, 'max'));
    }
    chart.setData([series.scalar('step'), ...cols]);
  }

  return {
    id: 'slopes', el, charts: [() => chart],
    build(parent) { parent.append(el); },
    opened,
    update(_frame, when) { if (when.series) redraw(); },
    shown(s) { setWords(el, slopesWords(s)); redraw(); },
    redraw,
    recolour() { redraw(true); },
    destroy() { chart?.destroy(); chart = null; },
  };
}
