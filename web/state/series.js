// @ts-check
// What the page accumulates from the worker's frames for the time charts: one record per
// frame (the latest step's statistics), bounded like the core's history (when full, every
// other record of the older half is dropped). Columns for the charts are rebuilt lazily,
// once per change (version).

/**
 * @typedef {{ step: number, loss: number, acc: number, dead: number, saturated: number,
 *   gradNorm: number, clippedNorm: number,
 *   dW: Float64Array, dz: Float64Array, sameSign: Float64Array, actMean: Float64Array, actStd: Float64Array,
 *   satFrac: Float64Array,
 *   preluMean: Float64Array, rreluMin: Float64Array, rreluMax: Float64Array, rreluMean: Float64Array }} Rec
 * @typedef {{ step: number, trainLoss: number, trainAcc: number, testLoss: number, testAcc: number }} EvalRec
 */

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' ? v : NaN);

/** @param {number} [capacity] */
export function createSeries(capacity = 1500) {
  /** @type {Rec[]} */ let recs = [];
  /** @type {EvalRec[]} */ let evals = [];
  let version = 0;
  /** @param {any[]} arr */
  function decimate(arr) {
    const half = arr.length >> 1;
    return arr.filter((_, i) => i >= half || i % 2 === 0);
  }
  return {
    get version() { return version; },
    get records() { return recs; },
    get evals() { return evals; },
    get last() { return recs.length ? recs[recs.length - 1] : null; },
    clear() { recs = []; evals = []; ++version; },
    /** @param {any} st the frame's stats (core statsJson) */
    add(st) {
      if (!st || !Array.isArray(st.layers) || st.layers.length === 0) return false;
      const last = recs[recs.length - 1];
      if (last && st.step <= last.step) {
        if (st.step < last.step) { recs = []; evals = []; } else return false;
      }
      const L = st.layers.length;
      const f = (/** @type {(l: any) => number} */ g) => { const a = new Float64Array(L); for (let i = 0; i < L; ++i) a[i] = g(st.layers[i]); return a; };
      let sat = 0;
      for (let i = 0; i < L - 1; ++i) sat += num(st.layers[i].saturated_fraction) * st.layers[i].units || 0;
      recs.push({
        step: st.step, loss: num(st.loss), acc: num(st.accuracy), dead: num(st.dead_units), saturated: sat,
        gradNorm: num(st.grad_norm), clippedNorm: num(st.clipped_norm),
        dW: f((l) => num(l.dW_norm)), dz: f((l) => num(l.dz_norm)), sameSign: f((l) => num(l.same_sign_share)),
        actMean: f((l) => num(l.act_mean)), actStd: f((l) => num(l.act_std)), satFrac: f((l) => num(l.saturated_fraction)),
        preluMean: f((l) => num(l.prelu_alpha?.mean)), rreluMin: f((l) => num(l.rrelu_slope?.min)),
        rreluMax: f((l) => num(l.rrelu_slope?.max)), rreluMean: f((l) => num(l.rrelu_slope?.mean)),
      });
      if (recs.length > capacity) recs = decimate(recs);
      ++version;
      return true;
    },
    /** @param {any} ev core evaluate_json object */
    addEval(ev) {
      if (!ev || !ev.train || !ev.test) return;
      const step = typeof ev.step === 'number' ? ev.step : (recs[recs.length - 1]?.step ?? 0);
      const last = evals[evals.length - 1];
      if (last && step <= last.step) { if (step < last.step) evals = []; else return; }
      evals.push({ step, trainLoss: num(ev.train.loss), trainAcc: num(ev.train.accuracy), testLoss: num(ev.test.loss), testAcc: num(ev.test.accuracy) });
      if (evals.length > capacity) evals = decimate(evals);
      ++version;
    },
  };
}

/** @typedef {ReturnType<typeof createSeries>} Series */
