// @ts-check
// Sweeps: for each compared activation, the first-to-last gradient ratio of many small
// networks, at initialisation and after N training steps, across depths 1..100 and
// across initial weight scales (the initialiser's gain). Each network is one job: open,
// N steps, then the per-layer gradient norms of the first step (the gradients of the
// initial weights: the ratio "at initialisation") and of step N, read from the session's
// history (its first and last rows survive any decimation). Jobs are spread over a pool
// of engine workers; cancel() terminates the pool at once. Sweeps run in float64 so that
// a ratio of 1e-60 (sigmoid, 100 layers) is still a number, not an underflow.
// This file is not: the lock-step comparison (comparison.js) or drawing (charts.js).
import { variantOf } from '../state/compare-setup.js';

/** @typedef {import('../engine/client.js').EngineClient} EngineClient */

/** Depths of the depth sweep (1..100, denser where the curves bend). */
export const SWEEP_DEPTHS = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100]);
/** Gains of the gain sweep (√2 apart, 1/4..4). */
export const SWEEP_GAINS = Object.freeze([0.25, 0.354, 0.5, 0.707, 1, 1.414, 2, 2.828, 4]);
/** The depth of the gain sweep's networks when the compared network is deeper. */
export const MAX_GAIN_DEPTH = 100;

/**
 * @typedef {{ kind: 'depth' | 'gain', series: number, x: number, network: any, config: any }} SweepJob
 * @typedef {{ dW: number | null, dz: number | null }} Ratios
 *   the first-to-last hidden layer ratios of ‖∂L/∂W‖ and ‖∂L/∂z‖ (null: not finite)
 * @typedef {{ job: SweepJob, init: Ratios, after: Ratios, diverged: number | null }} SweepResult
 */

/**
 * The initialiser document with its scale set to `gain` (the spread for normal/uniform).
 * @param {any} weights @param {number} gain
 */
export function withGain(weights, gain) {
  const w = typeof weights === 'string' ? { name: weights } : { ...(weights ?? { name: 'glorot_uniform' }) };
  if (w.name === 'normal') return { name: 'normal', mean: w.mean ?? 0, std: gain };
  if (w.name === 'uniform') return { name: 'uniform', a: -gain, b: gain };
  if (w.name === 'constant') return { name: 'constant', value: gain };
  return { ...w, gain };
}

/**
 * Every network of a sweep.
 * @param {{ network: any, config: any, activations: any[], depths: readonly number[], gains: readonly number[], gainDepth: number }} o
 * @returns {SweepJob[]}
 */
export function sweepJobs(o) {
  const config = { ...variantOf(o.network, o.config, 'depth', 1).config, precision: 'float64', probe_rows: 1, history_capacity: 16 };
  /** @type {SweepJob[]} */ const jobs = [];
  o.activations.forEach((a, series) => {
    const net = variantOf(o.network, o.config, 'activation', a).network;
    for (const d of o.depths) jobs.push({ kind: 'depth', series, x: d, network: variantOf(net, config, 'depth', d).network, config });
    const deep = variantOf(net, config, 'depth', o.gainDepth).network;
    for (const g of o.gains) {
      const n = JSON.parse(JSON.stringify(deep));
      n.init = { ...(n.init ?? {}), weights: withGain(n.init?.weights, g) };
      jobs.push({ kind: 'gain', series, x: g, network: n, config });
    }
  });
  // depth jobs first, shallow to deep across all activations (the curves grow together,
  // left to right), then the gain jobs
  const rank = (/** @type {SweepJob} */ j) => (j.kind === 'depth' ? 0 : 1);
  return jobs.sort((a, b) => rank(a) - rank(b) || a.x - b.x || a.series - b.series);
}

const NONE = Object.freeze({ dW: null, dz: null });
/** @param {number} v */
const ok = (v) => (Number.isFinite(v) && v > 0 ? v : null);

/**
 * Layer 1 over the last hidden layer, in one row of (rows, layers) history matrices.
 * @param {Float64Array} dW @param {Float64Array} dz @param {number} layers @param {number} row
 * @returns {Ratios}
 */
function ratiosAt(dW, dz, layers, row) {
  const last = Math.max(0, layers - 2);  // the last hidden layer (the output layer is last)
  const at = (/** @type {Float64Array} */ m) => ok(m[row * layers] / m[row * layers + last]);
  return { dW: at(dW), dz: at(dz) };
}

/**
 * Runs the jobs on `poolSize` workers (jobs are taken in order by whichever worker is
 * free; results are keyed by job, so the figures do not depend on the pool).
 * @param {SweepJob[]} jobs
 * @param {{ steps: number, poolSize: number, createClient: () => EngineClient,
 *   onResult: (r: SweepResult, done: number) => void }} o
 */
export function runSweep(jobs, o) {
  /** @type {EngineClient[]} */ const pool = [];
  let next = 0, done = 0, cancelled = false;
  /** @type {Error | null} */ let failure = null;
  const t0 = performance.now();

  /** @param {EngineClient} client */
  async function worker(client) {
    while (!cancelled && !failure && next < jobs.length) {
      const job = jobs[next++];
      /** @type {SweepResult} */ const r = { job, init: NONE, after: NONE, diverged: null };
      try {
        await client.open(job.network, job.config);
        const f = await client.step(o.steps);
        const [dW, dz, steps] = await Promise.all([
          client.request('historyMatrix', { field: 'dW_norm' }), client.request('historyMatrix', { field: 'dz_norm' }), client.request('historySteps'),
        ]);
        const layers = job.network.layers.length;
        const rows = steps.length;
        if (rows > 0 && steps[0] === 1) r.init = ratiosAt(dW, dz, layers, 0);
        if (f.diverged) r.diverged = f.diverged.step;
        else if (rows > 0 && steps[rows - 1] === o.steps) r.after = ratiosAt(dW, dz, layers, rows - 1);
      } catch (e) {
        if (cancelled) return;
        // a network the core refuses (e.g. too many parameters) is a gap, not a failure
        const msg = e instanceof Error ? e.message : String(e);
        if (/worker|disposed|engine:/.test(msg)) { failure = e instanceof Error ? e : new Error(msg); return; }
      }
      if (cancelled) return;
      ++done;
      o.onResult(r, done);
    }
  }

  const size = Math.max(1, Math.min(o.poolSize, jobs.length));
  for (let i = 0; i < size; ++i) pool.push(o.createClient());
  const finished = Promise.all(pool.map(worker)).then(() => {
    for (const c of pool) c.dispose();
    if (failure && !cancelled) throw failure;
    return { cancelled, done, total: jobs.length, ms: performance.now() - t0 };
  });
  return {
    /** Resolves when every job ran or the sweep was cancelled. */
    finished,
    /** Stops at once: the pool's workers are terminated, pending jobs are dropped. */
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const c of pool) c.dispose();
    },
  };
}

/**
 * The least-squares slope of log10(ratio) against depth (depth >= 2): the measured
 * factor per layer is 10^slope. Null with fewer than 3 points.
 * @param {number[]} depths @param {(number | null)[]} logRatios
 */
export function perLayerFactor(depths, logRatios) {
  /** @type {[number, number][]} */ const pts = [];
  depths.forEach((d, i) => { const v = logRatios[i]; if (d >= 2 && v !== null && Number.isFinite(v)) pts.push([d, v]); });
  if (pts.length < 3) return null;
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p[0], 0) / n, my = pts.reduce((a, p) => a + p[1], 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (const [x, y] of pts) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2; }
  const slope = sxy / sxx;
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { factor: 10 ** slope, slope, r2 };
}
