// @ts-check
// Step statistics in the JSON's shape (StepStats: stats(), a gradient report's `stats`)
// as the core's binary columns (StatsColumns: Session.statsColumns()), for statistics the
// core gives only as JSON: the step-0 report of the 'gradients' request. The inverse of
// frame-stats.js: null -> NaN, booleans -> 0/1, `{min, mean, max}` summaries -> three
// columns (`prelu_alpha_min` ...), batch norm's fields -> `bn_*`. A column the rules do
// not know throws, so a statistic added to the core cannot go missing silently.
// This file is not: reading columns (web/state/columns.js) or building frames (frames.js).

/** @typedef {import('./gradscope').StatsColumns} StatsColumns */
/** @typedef {import('./gradscope').StepStats} StepStats */

const SUMMARIES = /** @type {const} */ (['prelu_alpha', 'rrelu_slope']);
const BN_SUMMARIES = /** @type {const} */ ({ bn_gamma: 'gamma', bn_beta: 'beta' });

/** @param {unknown} v a number or null */
const num = (v) => (typeof v === 'number' ? v : NaN);

/**
 * One layer's value of a column.
 * @param {any} l a LayerStats @param {string} name a column of statsColumnNames()
 * @returns {number}
 */
function valueOf(l, name) {
  if (name === 'batchnorm' || name === 'residual') return l[name] ? 1 : 0;
  const m = /^(.*)_(min|mean|max)$/.exec(name);
  if (m && /** @type {readonly string[]} */ (SUMMARIES).includes(m[1])) return num(l[m[1]]?.[m[2]]);
  if (m && m[1] in BN_SUMMARIES) return num(l.batchnorm?.[BN_SUMMARIES[/** @type {keyof typeof BN_SUMMARIES} */ (m[1])]]?.[m[2]]);
  if (name.startsWith('bn_')) {
    const field = name.slice(3);
    if (['in_mean', 'in_std', 'out_mean', 'out_std', 'gain'].includes(field)) return num(l.batchnorm?.[field]);
  } else if (name in l && (l[name] === null || typeof l[name] === 'number')) {
    return num(l[name]);
  }
  throw new Error(`statistics: no rule for the column '${name}' (layer ${l.index})`);
}

/**
 * StepStats as StatsColumns: every column a Float64Array view of one buffer, in the
 * order of `names.columns` (the module's statsColumnNames()).
 * @param {StepStats | any} st
 * @param {{ columns: readonly string[] }} names
 * @returns {StatsColumns}
 */
export function columnsFromStats(st, names) {
  const layers = Array.isArray(st.layers) ? st.layers : [];
  const L = layers.length, buffer = new ArrayBuffer(8 * L * names.columns.length);
  /** @type {Record<string, Float64Array>} */
  const columns = {};
  names.columns.forEach((name, c) => {
    const col = new Float64Array(buffer, 8 * L * c, L);
    for (let l = 0; l < L; ++l) col[l] = valueOf(layers[l], name);
    columns[name] = col;
  });
  return {
    step: num(st.step), loss: num(st.loss), accuracy: num(st.accuracy), lr: num(st.lr),
    grad_norm: num(st.grad_norm), clipped_norm: num(st.clipped_norm), clipped: !!st.clipped,
    dead_units: num(st.dead_units), diverged: !!st.diverged, layers: L,
    columns: /** @type {StatsColumns['columns']} */ (columns),
  };
}
