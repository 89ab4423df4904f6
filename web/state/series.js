// @ts-check
// What the page keeps of the worker's frames for the time charts, as columns: one
// Float64Array per scalar (step, loss, ...) and one per layer of each per-layer statistic,
// appended in place from each frame's statsColumns. Capacity grows
// by doubling; past `capacity` rows, every other row of the older half is dropped in place
// (as the core bounds its history). The charts take the columns as they are (uPlot's form:
// [xs, ys1, ...]); NaN is a gap. Evaluations (train/test loss and accuracy) are a second,
// independent set of columns, since they arrive at their own pace.
// This file is not: reading one frame's statistics (columns.js) or drawing them (charts/).
import { column, layerCount, hiddenCount } from './columns.js';

/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */
/** @typedef {import('../engine/gradscope').Evaluation} Evaluation */

/** Scalars kept per frame. `dead` NaN before the first probe; `saturated`: hidden units with |f′| < ε. */
export const SCALARS = /** @type {const} */ (['step', 'loss', 'dead', 'saturated', 'grad_norm', 'clipped_norm']);
/** Per-layer statistics kept per frame (names of docs/statistics.md). */
export const LAYERED = /** @type {const} */ (['dW_norm', 'dz_norm', 'same_sign_share', 'prelu_alpha_mean', 'rrelu_slope_min', 'rrelu_slope_mean', 'rrelu_slope_max']);
/** Evaluation columns. */
export const EVALS = /** @type {const} */ (['step', 'trainLoss', 'trainAcc', 'testLoss', 'testAcc']);

/** @typedef {typeof SCALARS[number]} ScalarName */
/** @typedef {typeof LAYERED[number]} LayeredName */
/** @typedef {typeof EVALS[number]} EvalName */

/**
 * A growable set of Float64Array columns, one value per row each; `keys` name them.
 * @param {readonly string[]} keys @param {number} capacity
 */
function table(keys, capacity) {
  let rows = 0, room = 16;
  /** @type {Float64Array[]} */ let cols = [];
  /** @type {Map<string, number>} */ const index = new Map();
  /** Empties the table (and sets its columns). @param {readonly string[]} [next] */
  function reset(next = keys) {
    keys = next;
    rows = 0; room = 16;
    cols = keys.map(() => new Float64Array(room));
    index.clear();
    keys.forEach((k, i) => index.set(k, i));
  }
  /** Keeps every other row of the older half, in place (the newer half all stays). */
  function decimate() {
    const half = rows >> 1;
    let j = 0;
    for (const a of cols) {
      j = 0;
      for (let i = 0; i < rows; ++i) if (i >= half || i % 2 === 0) a[j++] = a[i];
    }
    rows = j;
  }
  reset();
  return {
    get rows() { return rows; },
    get keys() { return keys; },
    reset,
    /** Appends one row: write(cols, row) sets each column's value at `row`. @param {(cols: Float64Array[], row: number) => void} write */
    push(write) {
      if (rows === room) {
        room *= 2;
        cols = cols.map((a) => { const b = new Float64Array(room); b.set(a); return b; });
      }
      write(cols, rows);
      ++rows;
      if (rows > capacity) decimate();
    },
    /** A column's filled part (a view, valid until the next append or clear). @param {string} k */
    col(k) { const i = index.get(k); return i === undefined ? EMPTY : cols[i].subarray(0, rows); },
    /** A column's last value (NaN when empty). @param {string} k */
    last(k) { const i = index.get(k); return rows && i !== undefined ? cols[i][rows - 1] : NaN; },
  };
}

const EMPTY = new Float64Array(0);

/** @param {LayeredName} name @param {number} l */
const layerKey = (name, l) => `${name}:${l}`;

/** @param {number} [capacity] rows kept before the older half is thinned */
export function createSeries(capacity = 1500) {
  let L = 0, version = 0;
  const frames = table(SCALARS, capacity);
  const evals = table(EVALS, capacity);
  /** Columns for L layers: the scalars, then each LAYERED statistic's L layers. @param {number} layers */
  function relayout(layers) {
    L = layers;
    frames.reset([...SCALARS, ...LAYERED.flatMap((name) => Array.from({ length: L }, (_, l) => layerKey(name, l)))]);
  }
  return {
    /** Changes with every append or clear (charts redraw when it moved). */
    get version() { return version; },
    /** Rows of frame statistics. */
    get length() { return frames.rows; },
    /** Layers of the per-layer columns. */
    get layers() { return L; },
    /** Rows of evaluations. */
    get evalLength() { return evals.rows; },
    clear() { frames.reset(); evals.reset(); ++version; },
    /** A scalar over rows. @param {ScalarName} name */
    scalar(name) { return frames.col(name); },
    /** A per-layer statistic of layer l over rows. @param {LayeredName} name @param {number} l */
    layer(name, l) { return frames.col(layerKey(name, l)); },
    /** An evaluation column over its rows. @param {EvalName} name */
    evaluation(name) { return evals.col(name); },
    /**
     * Appends a frame's statistics (statsColumns); a step at or before the last is skipped,
     * a step before it starts over (a reset). False when there is nothing to add.
     * @param {StatsColumns | null | undefined} sc
     */
    add(sc) {
      const n = layerCount(sc);
      if (!sc || n === 0) return false;
      const lastStep = frames.rows ? frames.last('step') : -Infinity;
      if (sc.step <= lastStep) {
        if (sc.step === lastStep) return false;
        frames.reset(); evals.reset();
      }
      if (n !== L) relayout(n);
      const units = column(sc, 'units'), sat = column(sc, 'saturated_fraction');
      let saturated = 0;
      for (let l = 0; l < hiddenCount(sc); ++l) saturated += (sat[l] * units[l]) || 0;
      frames.push((cols, row) => {
        // in SCALARS' order: step, loss, dead, saturated, grad_norm, clipped_norm
        cols[0][row] = sc.step; cols[1][row] = sc.loss; cols[2][row] = sc.dead_units;
        cols[3][row] = saturated; cols[4][row] = sc.grad_norm; cols[5][row] = sc.clipped_norm;
        LAYERED.forEach((name, k) => {
          const c = column(sc, name), at = SCALARS.length + k * L;
          for (let l = 0; l < L; ++l) cols[at + l][row] = l < c.length ? c[l] : NaN;
        });
      });
      ++version;
      return true;
    },
    /** Appends an evaluation (at its step, else the newest frame's). @param {Evaluation | null | undefined} ev */
    addEval(ev) {
      if (!ev || !ev.train || !ev.test) return;
      const step = typeof ev.step === 'number' ? ev.step : (frames.rows ? frames.last('step') : 0);
      const last = evals.rows ? evals.last('step') : -Infinity;
      if (step <= last) { if (step === last) return; evals.reset(); }
      const num = (/** @type {unknown} */ v) => (typeof v === 'number' ? v : NaN);
      evals.push((cols, r) => {
        // in EVALS' order: step, trainLoss, trainAcc, testLoss, testAcc
        cols[0][r] = step; cols[1][r] = num(ev.train.loss); cols[2][r] = num(ev.train.accuracy);
        cols[3][r] = num(ev.test.loss); cols[4][r] = num(ev.test.accuracy);
      });
      ++version;
    },
  };
}

/** @typedef {ReturnType<typeof createSeries>} Series */
