// @ts-check
// The product experiment in plain JavaScript: many trials of the product of N factors,
// uniform on (0, 1) or sigmoid'(z) with z ~ N(0, 1), with the project's PCG32 (bit for
// bit as core/rng.cpp, so trial 1 is the engine's productExperiment for the same seed),
// and the exact law of the uniform product: -ln(u_1 ... u_N) is Gamma(N, 1), so
// P(product > t) = P(Poisson(-ln t) >= N).
// This file is not: the chart (charts/product.js) or its words (views/explain.js).
import { activationOf, activate } from './activations.js';

/**
 * PCG-XSH-RR 64/32 (core/rng.hpp), the 64-bit state as two 32-bit halves.
 * @param {number} seed an integer in 0..2^53
 */
export function pcg32(seed) {
  let sh = 0, sl = 0;
  // inc = (stream << 1) | 1 with the core's default stream 0xda3e39cb94b95bdb
  const ih = ((0xda3e39cb << 1) | (0x94b95bdb >>> 31)) >>> 0, il = ((0x94b95bdb << 1) | 1) >>> 0;
  const MH = 0x5851f42d, ML = 0x4c957f2d;
  /** @returns {number} uint32 */
  function next() {
    const oh = sh, ol = sl;
    // state = old * M + inc (mod 2^64)
    const a0 = ol & 0xffff, a1 = ol >>> 16, b0 = ML & 0xffff, b1 = ML >>> 16;
    const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    const low = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
    const high = (p11 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536)) >>> 0;
    const hi = (Math.imul(oh, ML) + Math.imul(ol, MH) + high) >>> 0;
    const lo2 = low + il;
    sl = lo2 >>> 0;
    sh = (hi + ih + (lo2 >= 4294967296 ? 1 : 0)) >>> 0;
    // output from the old state
    const xh = (oh >>> 18) ^ oh, xl = (((ol >>> 18) | (oh << 14)) >>> 0) ^ ol;
    const xs = ((xl >>> 27) | (xh << 5)) >>> 0;
    const rot = oh >>> 27;
    return ((xs >>> rot) | (xs << ((32 - rot) & 31))) >>> 0;
  }
  next();
  const lo = sl + (seed % 4294967296);
  sl = lo >>> 0;
  sh = (sh + Math.floor(seed / 4294967296) + (lo >= 4294967296 ? 1 : 0)) >>> 0;
  next();
  let spare = 0, hasSpare = false;
  /** [0, 1) with 53 random bits */
  const uniform = () => { const hi27 = next() >>> 5, lo26 = next() >>> 6; return (hi27 * 67108864 + lo26) / 9007199254740992; };
  /** (0, 1) */
  const uniformOpen = () => { let u; do u = uniform(); while (u === 0); return u; };
  /** standard normal, Box-Muller, both halves */
  const normal = () => {
    if (hasSpare) { hasSpare = false; return spare; }
    const u1 = uniformOpen(), u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1)), t = 6.283185307179586 * u2;
    spare = r * Math.sin(t); hasSpare = true;
    return r * Math.cos(t);
  };
  return { next, uniform, uniformOpen, normal };
}

/**
 * `trials` products of n factors, computed a chunk at a time (run(k) does k more trials),
 * so a page can spread them over frames; the result does not depend on the chunks.
 * log10: log10 of each product (trial order); first: the factors of the first trial (the
 * engine's productExperiment for the same seed).
 * 'uniform': u ~ U(0, 1); 'sigmoid': |sigmoid'(z)|, z ~ N(0, zStd^2).
 * @param {{ factors: 'uniform' | 'sigmoid', n: number, trials: number, seed: number, zStd?: number }} o
 */
export function trialRunner(o) {
  const rng = pcg32(o.seed);
  const sig = activationOf('sigmoid');
  const zStd = o.zStd ?? 1;
  const log10 = new Float64Array(o.trials), first = new Float64Array(o.n);
  let t = 0;
  return {
    log10, first,
    get done() { return t >= o.trials; },
    /** Runs up to k more trials; returns how many are done. @param {number} k */
    run(k) {
      const end = Math.min(o.trials, t + k);
      for (; t < end; ++t) {
        let lp = 0;
        for (let i = 0; i < o.n; ++i) {
          const f = o.factors === 'uniform' ? rng.uniformOpen() : Math.abs(activate(sig, zStd * rng.normal(), 0)[1]);
          if (t === 0) first[i] = f;
          lp += f > 0 ? Math.log10(f) : -Infinity;
        }
        log10[t] = lp;
      }
      return t;
    },
  };
}

/**
 * All the trials at once (tests, small runs).
 * @param {{ factors: 'uniform' | 'sigmoid', n: number, trials: number, seed: number, zStd?: number }} o
 * @returns {{ log10: Float64Array, first: Float64Array }}
 */
export function productTrials(o) {
  const r = trialRunner(o);
  r.run(o.trials);
  return { log10: r.log10, first: r.first };
}

/**
 * P(u_1 ... u_n > t) for u_i ~ U(0, 1), exactly: -ln of the product is Gamma(n, 1), so this
 * is P(Gamma(n, 1) < x) = P(Poisson(x) >= n) = 1 - sum_{k<n} e^-x x^k / k!, x = -ln t.
 * @param {number} n @param {number} log10t log10 of the threshold t (t in (0, 1])
 */
export function uniformProductTail(n, log10t) {
  const x = -log10t * Math.LN10;
  if (!(x > 0)) return 0;
  // sum in log space: terms e^(-x + k ln x - ln k!)
  let lnFact = 0, below = 0;
  for (let k = 0; k < n; ++k) {
    if (k > 0) lnFact += Math.log(k);
    below += Math.exp(-x + k * Math.log(x) - lnFact);
  }
  return Math.max(0, Math.min(1, 1 - below));
}

/**
 * The share of values above a threshold, and quantiles.
 * @param {ArrayLike<number>} values @param {number} above
 */
export function shareAbove(values, above) {
  let k = 0;
  for (let i = 0; i < values.length; ++i) if (values[i] > above) ++k;
  return values.length ? k / values.length : NaN;
}

/** @param {ArrayLike<number>} values @param {number} q in [0, 1] */
export function quantile(values, q) {
  const v = Float64Array.from(values).sort();
  if (!v.length) return NaN;
  const pos = q * (v.length - 1), i = Math.floor(pos), f = pos - i;
  return i + 1 < v.length ? v[i] + f * (v[i + 1] - v[i]) : v[i];
}

/**
 * A histogram on shared bin edges.
 * @param {ArrayLike<number>} values @param {number} lo @param {number} hi @param {number} bins
 * @returns {number[]} the share of all values in each bin
 */
export function histogram(values, lo, hi, bins) {
  const out = new Array(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; ++i) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    out[Math.min(bins - 1, Math.floor((v - lo) / w))] += 1;
  }
  return out.map((c) => c / Math.max(1, values.length));
}
