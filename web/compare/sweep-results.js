// @ts-check
// The sweeps' results as they come in (log10 of the first-to-last gradient ratios, per
// series, swept value and measure, at initialisation and after N steps), the curves the
// charts draw, the sentences under them and the summary that figures() returns. Pure: no
// DOM, no engine.
// This file is not: running the sweeps (sweep.js) or their view (sweep-view.js).
import { sci } from '../ui/format.js';
import { listOf } from './words.js';
import { SWEEP_DEPTHS, SWEEP_GAINS, perLayerFactor } from './sweep.js';

/** @typedef {'dW' | 'dz'} Measure */
/** @typedef {{ dW: (number | null)[], dz: (number | null)[] }} Measures log10 ratios, one per x */
/** @typedef {{ init: Measures, after: Measures }} Row */
/** @typedef {{ depth: Row[], gain: Row[] }} Results */

/** @param {number} n */
const empty = (n) => ({ dW: Array.from({ length: n }, () => /** @type {number | null} */ (null)), dz: Array.from({ length: n }, () => /** @type {number | null} */ (null)) });

/** No result yet, for `series` curves. @param {number} series @returns {Results} */
export function blankResults(series) {
  return {
    depth: Array.from({ length: series }, () => ({ init: empty(SWEEP_DEPTHS.length), after: empty(SWEEP_DEPTHS.length) })),
    gain: Array.from({ length: series }, () => ({ init: empty(SWEEP_GAINS.length), after: empty(SWEEP_GAINS.length) })),
  };
}

/** Stores one network's ratios. @param {Results} res @param {import('./sweep.js').SweepResult} r */
export function record(res, r) {
  const lg = (/** @type {number | null} */ v) => (v === null ? null : Math.log10(v));
  const slot = r.job.kind === 'depth' ? res.depth[r.job.series] : res.gain[r.job.series];
  const k = (r.job.kind === 'depth' ? SWEEP_DEPTHS : SWEEP_GAINS).indexOf(r.job.x);
  for (const m of /** @type {const} */ (['dW', 'dz'])) { slot.init[m][k] = lg(r.init[m]); slot.after[m][k] = lg(r.after[m]); }
}

/** The curves of one chart. @param {Row[]} rows @param {string[]} names @param {readonly number[]} xs @param {Measure} m */
export function curves(rows, names, xs, m) {
  return rows.map((r, i) => ({ name: names[i], xs: [...xs], init: r.init[m], after: r.after[m] }));
}

/** "2.1e-12 of" / "89 times" the last layer's @param {number} lg log10 ratio */
const ratioWords = (lg) => (lg < 0 ? `${sci(10 ** lg)} of` : `${sci(10 ** lg)} times`);

/**
 * What the sweeps measured, in sentences: the factor per layer against depth, the range
 * against the gain.
 * @param {Results} res @param {string[]} names @param {Measure} m
 * @param {{ symbol: string, gainDepth: number, steps: number }} o symbol: ‖∂L/∂z‖ or ‖∂L/∂W‖
 */
export function sweepFacts(res, names, m, o) {
  /** @type {string[]} */ const out = [];
  res.depth.forEach((r, i) => {
    const ys = r.init[m];
    const fit = perLayerFactor([...SWEEP_DEPTHS], ys);
    if (!fit) return;
    const at = (/** @type {number} */ d) => { const k = SWEEP_DEPTHS.indexOf(d); return k >= 0 ? ys[k] : null; };
    const d20 = at(20), d100 = at(100);
    const where = `${d20 !== null ? `; layer 1 gets ${ratioWords(d20)} the last layer’s ${o.symbol} at depth 20` : ''}${d100 !== null ? `${d20 !== null ? ' and' : '; layer 1 gets'} ${sci(10 ** d100)} ${d100 < 0 ? 'of it' : 'times it'} at depth 100` : ''}`;
    out.push(Math.abs(fit.slope * 98) < 1
      ? `${names[i]}: no steady trend with depth at initialisation (within a decade from depth 2 to 100; about ×${sci(fit.factor, 3)} per layer)${where}.`
      : `${names[i]}: at initialisation each layer multiplies ${o.symbol} by about ${sci(fit.factor, 3)}, ${fit.r2 > 0.97 ? `a straight line on the log scale (R² ${fit.r2.toFixed(3)})` : `roughly (R² ${fit.r2.toFixed(2)})`}${where}.`);
  });
  res.gain.forEach((r, i) => {
    const ys = r.init[m];
    const ks = ys.map((v, k) => (v === null ? -1 : k)).filter((k) => k >= 0);
    if (ks.length < 2) return;
    const a = ks[0], b = ks[ks.length - 1];
    const near = ks.filter((k) => Math.abs(/** @type {number} */ (ys[k])) <= 1).map((k) => SWEEP_GAINS[k]);
    const lost = r.after[m].filter((v, k) => v === null && ys[k] !== null).length;
    out.push(`${names[i]} at depth ${o.gainDepth}: from ${sci(10 ** /** @type {number} */ (ys[a]))} at gain ${SWEEP_GAINS[a]} to ${sci(10 ** /** @type {number} */ (ys[b]))} at gain ${SWEEP_GAINS[b]} at initialisation; ${near.length ? `within a decade of 1 for gain${near.length === 1 ? '' : 's'} ${near.length > 2 ? `${near[0]} to ${near[near.length - 1]}` : listOf(near.map(String))}` : 'never within a decade of 1'}${lost ? `; ${lost} of ${SWEEP_GAINS.length} had no finite ratio after ${o.steps} steps (diverged or vanished)` : ''}.`);
  });
  return out;
}

/**
 * The results as figures() returns them (log10 of the ratios; perLayer: the fitted factor
 * per layer at initialisation).
 * @param {Results} res
 */
export function resultsSummary(res) {
  return {
    depths: [...SWEEP_DEPTHS], gains: [...SWEEP_GAINS],
    depth: res.depth.map((r) => ({ init: structuredClone(r.init), after: structuredClone(r.after), perLayer: { dW: perLayerFactor([...SWEEP_DEPTHS], r.init.dW)?.factor ?? null, dz: perLayerFactor([...SWEEP_DEPTHS], r.init.dz)?.factor ?? null } })),
    gain: res.gain.map((r) => ({ init: structuredClone(r.init), after: structuredClone(r.after) })),
  };
}
