// @ts-check
// The step statistics of a frame, from the engine's binary columns (Session.statsColumns())
// instead of its JSON: the worker reads one buffer per frame and sends its columns (the
// charts' form); `stats` keeps the StepStats shape the page reads, rebuilt here with the
// JSON's conventions (non-finite -> null, summaries as {min, mean, max} or null).
// Not here: scheduling frames (protocol.js), the engine (gradscope.js).

/** @typedef {import('./gradscope').StatsColumns} StatsColumns */
/** @typedef {import('./gradscope').StepStats} StepStats */
/** @typedef {import('./gradscope').LayerStats} LayerStats */
/** @typedef {import('./gradscope').Divergence} Divergence */

/** Per-layer fields copied one to one (number, or null when not finite). */
const PLAIN = /** @type {const} */ ([
  'dW_norm', 'db_norm', 'dz_norm', 'dW_ratio', 'db_ratio', 'dz_ratio', 'W_norm', 'update_ratio',
  'act_mean', 'act_std', 'act_min', 'act_max', 'saturated_fraction', 'zero_fraction',
  'mean_abs_deriv', 'same_sign_share', 'weight_scale', 'local_factor', 'predicted_ratio',
]);

/** @param {number} v */
const orNull = (v) => (Number.isFinite(v) ? v : null);

/**
 * {min, mean, max} of column prefix `p` at layer l, or null where the mean is NaN (as the core).
 * @param {Record<string, Float64Array>} c @param {string} p @param {number} l
 * @returns {{ min: any, mean: any, max: any } | null}
 */
function summary(c, p, l) {
  const mean = c[`${p}_mean`][l];
  if (Number.isNaN(mean)) return null;
  return { min: orNull(c[`${p}_min`][l]), mean: orNull(mean), max: orNull(c[`${p}_max`][l]) };
}

/**
 * stats() rebuilt from statsColumns(): the same object, field for field.
 * @param {StatsColumns} sc
 * @param {string[]} activations each layer's activation name (stats().layers[l].activation)
 * @param {Divergence | null} diverged stats().diverged (read only when sc.diverged)
 * @returns {StepStats}
 */
export function statsFromColumns(sc, activations, diverged) {
  const c = /** @type {Record<string, Float64Array>} */ (sc.columns);
  /** @type {LayerStats[]} */
  const layers = [];
  for (let l = 0; l < sc.layers; ++l) {
    /** @type {any} */
    const o = { index: l, units: c.units[l], activation: activations[l] ?? '' };
    for (const f of PLAIN) o[f] = orNull(c[f][l]);
    o.prelu_alpha = summary(c, 'prelu_alpha', l);
    o.rrelu_slope = summary(c, 'rrelu_slope', l);
    o.dead_units = orNull(c.dead_units[l]);  // null before the first probe
    o.batchnorm = c.batchnorm[l] === 1 ? {
      in_mean: orNull(c.bn_in_mean[l]), in_std: orNull(c.bn_in_std[l]),
      out_mean: orNull(c.bn_out_mean[l]), out_std: orNull(c.bn_out_std[l]),
      gamma: summary(c, 'bn_gamma', l), beta: summary(c, 'bn_beta', l), gain: orNull(c.bn_gain[l]),
    } : null;
    o.residual = c.residual[l] === 1;
    layers.push(o);
  }
  return {
    step: sc.step, loss: orNull(sc.loss), accuracy: orNull(sc.accuracy), lr: /** @type {number} */ (orNull(sc.lr)),
    grad_norm: orNull(sc.grad_norm), clipped_norm: orNull(sc.clipped_norm), clipped: sc.clipped,
    layers, dead_units: orNull(sc.dead_units), diverged: sc.diverged ? diverged : null,
  };
}
