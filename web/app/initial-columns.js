// @ts-check
// The step-0 frame in the one frame stream: initial.js completes a step-0 frame with the
// statistics of one gradient report, still as a stats() object. Until it writes them as
// statsColumns itself, this turns that object into the columns the views read (the
// inverse of engine/frame-stats.js), so that nothing else of the page reads `frame.stats`.
// Once initial.js fills `statsColumns`, withColumns() passes the frame through unchanged.
// This file is not: the report (initial.js) or the reading of columns (state/columns.js).

/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */

/** Per-layer fields that are one number each (null -> NaN). */
const PLAIN = ['units', 'dW_norm', 'db_norm', 'dz_norm', 'dW_ratio', 'db_ratio', 'dz_ratio', 'W_norm', 'update_ratio',
  'act_mean', 'act_std', 'act_min', 'act_max', 'saturated_fraction', 'zero_fraction', 'mean_abs_deriv',
  'same_sign_share', 'weight_scale', 'local_factor', 'predicted_ratio', 'dead_units'];
/** {min, mean, max} summaries: [column prefix, where the summary is in a layer object]. */
const SUMMARIES = /** @type {const} */ ([['prelu_alpha', (/** @type {any} */ l) => l.prelu_alpha], ['rrelu_slope', (/** @type {any} */ l) => l.rrelu_slope],
  ['bn_gamma', (/** @type {any} */ l) => l.batchnorm?.gamma], ['bn_beta', (/** @type {any} */ l) => l.batchnorm?.beta]]);
const BN = ['in_mean', 'in_std', 'out_mean', 'out_std', 'gain'];

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' ? v : NaN);

/**
 * statsColumns from a stats() object (the step-0 report's).
 * @param {any} st @returns {StatsColumns}
 */
export function columnsFromStats(st) {
  const layers = /** @type {any[]} */ (st.layers);
  /** @type {Record<string, Float64Array>} */ const c = {};
  const col = (/** @type {(l: any) => number} */ f) => Float64Array.from(layers, f);
  for (const k of PLAIN) c[k] = col((l) => num(l[k]));
  for (const [p, get] of SUMMARIES) for (const k of ['min', 'mean', 'max']) c[`${p}_${k}`] = col((l) => num(get(l)?.[k]));
  for (const k of BN) c[`bn_${k}`] = col((l) => num(l.batchnorm?.[k]));
  c.batchnorm = col((l) => (l.batchnorm ? 1 : 0));
  c.residual = col((l) => (l.residual ? 1 : 0));
  return {
    step: num(st.step), loss: num(st.loss), accuracy: num(st.accuracy), lr: num(st.lr),
    grad_norm: num(st.grad_norm), clipped_norm: num(st.clipped_norm), clipped: !!st.clipped,
    dead_units: num(st.dead_units), diverged: !!st.diverged, layers: layers.length,
    columns: /** @type {StatsColumns['columns']} */ (/** @type {unknown} */ (c)),
  };
}

/**
 * The step-0 frame with its statistics in statsColumns, and the rows of the report (null
 * when the frame is not a completed step-0 frame).
 * @param {Frame} f @returns {{ frame: Frame, initialRows: number | null }}
 */
export function withColumns(f) {
  const any = /** @type {any} */ (f);
  const rows = any?.initial?.rows ?? any?.statsColumns?.initial?.rows ?? any?.stats?.initial?.rows;
  const initialRows = typeof rows === 'number' ? rows : null;
  if (!f || f.statsColumns?.layers > 0 || !Array.isArray(any.stats?.layers) || !any.stats.layers.length) return { frame: f, initialRows };
  return { frame: { ...f, statsColumns: columnsFromStats(any.stats) }, initialRows };
}
