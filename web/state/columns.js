// @ts-check
// Reading a frame's statistics (Frame.statsColumns, the core's Session.statsColumns()):
// one Float64Array per per-layer statistic, NaN where the JSON has null. The views read
// numbers through these few functions instead of rebuilding one object per layer.
// Names are those of docs/statistics.md; `{min, mean, max}` summaries are three columns
// (`prelu_alpha_min` ...), batch norm's fields are `bn_*`; booleans are 0/1.
// This file is not: building the columns (the core, engine/protocol.js) or keeping them
// over time (series.js).

/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */
/** @typedef {import('../engine/gradscope').StatsColumnName} StatsColumnName */
/** @typedef {{ min: number | null, mean: number | null, max: number | null }} Summary */

const EMPTY = new Float64Array(0);

/** Layers in the statistics (0 while statistics are off or before the first frame). @param {StatsColumns | null | undefined} sc */
export function layerCount(sc) {
  return sc && sc.layers > 0 ? sc.layers : 0;
}

/** Hidden layers (all but the output layer). @param {StatsColumns | null | undefined} sc */
export function hiddenCount(sc) {
  return Math.max(0, layerCount(sc) - 1);
}

/** A statistic's column (length = layers; empty when absent). @param {StatsColumns | null | undefined} sc @param {StatsColumnName} name */
export function column(sc, name) {
  return (sc && sc.layers > 0 && sc.columns[name]) || EMPTY;
}

/** A number, or null where it is not finite (the JSON's convention). @param {number | undefined} v */
export function finiteOrNull(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * One layer's statistic, or null (not defined there, not finite, no such layer).
 * @param {StatsColumns | null | undefined} sc @param {StatsColumnName} name @param {number} l
 */
export function at(sc, name, l) {
  return finiteOrNull(column(sc, name)[l]);
}

/** True where a 0/1 column is 1 (`batchnorm`, `residual`). @param {StatsColumns | null | undefined} sc @param {'batchnorm' | 'residual'} name @param {number} l */
export function flag(sc, name, l) {
  return column(sc, name)[l] === 1;
}

/**
 * A `{min, mean, max}` summary (`prelu_alpha`, `rrelu_slope`, `bn_gamma`, `bn_beta`), or null
 * where the layer has none (its mean is NaN).
 * @param {StatsColumns | null | undefined} sc @param {'prelu_alpha' | 'rrelu_slope' | 'bn_gamma' | 'bn_beta'} prefix @param {number} l
 * @returns {Summary | null}
 */
export function summaryAt(sc, prefix, l) {
  const mean = column(sc, /** @type {StatsColumnName} */ (`${prefix}_mean`))[l];
  if (mean === undefined || Number.isNaN(mean)) return null;
  return {
    min: at(sc, /** @type {StatsColumnName} */ (`${prefix}_min`), l), mean: finiteOrNull(mean),
    max: at(sc, /** @type {StatsColumnName} */ (`${prefix}_max`), l),
  };
}

/**
 * A layer's values of one statistic over layers [from, to) (default: every layer), as
 * numbers or null.
 * @param {StatsColumns | null | undefined} sc @param {StatsColumnName} name @param {number} [from] @param {number} [to]
 * @returns {(number | null)[]}
 */
export function values(sc, name, from = 0, to = layerCount(sc)) {
  const c = column(sc, name), out = [];
  for (let l = from; l < Math.min(to, c.length); ++l) out.push(finiteOrNull(c[l]));
  return out;
}

/** Units in layers [from, to). @param {StatsColumns | null | undefined} sc @param {number} [from] @param {number} [to] */
export function unitsIn(sc, from = 0, to = layerCount(sc)) {
  const c = column(sc, 'units');
  let n = 0;
  for (let l = from; l < Math.min(to, c.length); ++l) n += c[l];
  return n;
}
