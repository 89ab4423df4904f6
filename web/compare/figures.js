// @ts-check
// What a comparison accumulates from its networks' frames, one lock-step round at a time:
// the series the charts draw (one shared step axis, one column per network and measure,
// bounded like the core's history) and the running figures of the summary table (steps
// to the target accuracy, best test loss, dead units, ...). Pure bookkeeping: no DOM, no
// engine; the same frames give the same figures (the time per step aside, which is
// measured).

import { layerCount, column, unitsIn } from '../state/columns.js';

/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../state/compare-setup.js').Variant} Variant */

/**
 * The measures of one network after one round.
 * @typedef {{
 *   step: number, testLoss: number, testAcc: number, trainLoss: number, trainAcc: number,
 *   batchLoss: number, grad0: number, gradLast: number, gradRatio: number, dzRatio: number,
 *   dead: number, saturated: number, units: number, meanAct: number,
 *   profile: number[], actProfile: number[], msLive: number,
 * }} Digest
 */

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/**
 * The measures of one frame (a full frame: a step reply carries evaluate and probe). The
 * step's statistics are read from frame.statsColumns only (state/columns.js).
 * @param {Frame} frame
 * @returns {Digest | null} null before the first step
 */
export function digest(frame) {
  const sc = frame.statsColumns;
  const L = layerCount(sc);
  if (L < 1 || !(frame.steps > 0)) return null;
  const H = Math.max(1, L - 1);
  const dW = column(sc, 'dW_norm'), act = column(sc, 'act_mean');
  const units = column(sc, 'units'), satFraction = column(sc, 'saturated_fraction');
  let sat = 0, meanSum = 0, meanN = 0;
  for (let l = 0; l < H; ++l) {
    const f = num(satFraction[l]);
    if (Number.isFinite(f)) sat += f * units[l];
    if (Number.isFinite(act[l])) { meanSum += act[l]; ++meanN; }
  }
  let dead = NaN;
  if (frame.probe && Array.isArray(frame.probe.layers)) {
    dead = 0;
    for (const pl of frame.probe.layers) for (const d of pl.dead) dead += d ? 1 : 0;
  }
  const ev = frame.evaluate;
  return {
    step: frame.steps,
    testLoss: num(ev?.test?.loss), testAcc: num(ev?.test?.accuracy),
    trainLoss: num(ev?.train?.loss), trainAcc: num(ev?.train?.accuracy),
    batchLoss: num(sc.loss),
    grad0: num(dW[0]), gradLast: num(dW[H - 1]), gradRatio: num(column(sc, 'dW_ratio')[0]), dzRatio: num(column(sc, 'dz_ratio')[0]),
    dead, saturated: Math.round(sat), units: unitsIn(sc, 0, H), meanAct: meanN ? meanSum / meanN : NaN,
    profile: Array.from(dW, num), actProfile: Array.from(act.subarray(0, H), num),
    msLive: num(frame.msPerStep),
  };
}

/** The series columns the charts draw, one per network. */
export const COLUMNS = /** @type {const} */ (['testLoss', 'testAcc', 'trainLoss', 'grad0', 'gradRatio', 'dead', 'saturated', 'meanAct', 'msLive']);
/** @typedef {typeof COLUMNS[number]} Column */

/**
 * The running figures of one network.
 * @typedef {{
 *   last: Digest | null, stepsToTarget: number | null, bestTestLoss: number, bestTestLossStep: number | null,
 *   bestTestAcc: number, firstDeadStep: number | null, maxDead: number,
 *   diverged: { step: number, layer: number | null, what: string, message: string } | null,
 *   liveMs: number[], benchMs: number | null, benchRange: [number, number] | null,
 * }} Track
 */

/**
 * @param {number} networks
 * @param {{ target: number, capacity?: number }} o
 */
export function createTracker(networks, o) {
  const capacity = o.capacity ?? 1500;
  /** @type {number[]} */ let steps = [];
  /** @type {Record<Column, (number | null)[]>[]} */ let cols = [];
  /** @type {Track[]} */ let tracks = [];
  let version = 0;

  function clear() {
    steps = [];
    cols = Array.from({ length: networks }, () => /** @type {Record<Column, (number | null)[]>} */ (/** @type {unknown} */ (Object.fromEntries(COLUMNS.map((c) => [c, []])))));
    tracks = Array.from({ length: networks }, () => ({
      last: null, stepsToTarget: null, bestTestLoss: Infinity, bestTestLossStep: null, bestTestAcc: -Infinity,
      firstDeadStep: null, maxDead: 0, diverged: null, liveMs: [], benchMs: null, benchRange: null,
    }));
    ++version;
  }

  /** When full, drop every other point of the older half (the newest stay at full resolution). */
  function decimate() {
    const half = steps.length >> 1;
    const keep = (/** @type {unknown} */ _, /** @type {number} */ i) => i >= half || i % 2 === 0;
    steps = steps.filter(keep);
    for (const c of cols) for (const k of COLUMNS) c[k] = c[k].filter(keep);
  }

  clear();

  return {
    get version() { return version; },
    get steps() { return steps; },
    /** @param {number} i */ track: (i) => tracks[i],
    /** @param {number} i @param {Column} c */ column: (i, c) => cols[i][c],
    /** Forgets everything but the measured time per step (the networks are the same). */
    reset() {
      const bench = tracks.map((t) => [t.benchMs, t.benchRange]);
      clear();
      tracks.forEach((t, i) => { t.benchMs = /** @type {number | null} */ (bench[i][0]); t.benchRange = /** @type {[number, number] | null} */ (bench[i][1]); });
    },
    /** The measured time per step (median) and its quartiles. @param {number} i @param {number} ms @param {number} [lo] @param {number} [hi] */
    setBench(i, ms, lo = ms, hi = ms) { tracks[i].benchMs = Number.isFinite(ms) ? ms : null; tracks[i].benchRange = Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null; ++version; },
    /**
     * One round: the frame of every network (null: it did not step, e.g. it diverged
     * earlier). Returns the networks that diverged in this round.
     * @param {(Frame | null)[]} frames
     * @returns {number[]}
     */
    round(frames) {
      /** @type {number[]} */ const diverged = [];
      const ds = frames.map((f) => (f ? digest(f) : null));
      const step = Math.max(0, ...ds.map((d) => d?.step ?? 0));
      if (step > 0 && (steps.length === 0 || step > steps[steps.length - 1])) {
        steps.push(step);
        ds.forEach((d, i) => {
          for (const k of COLUMNS) {
            const v = d && d.step === step ? d[k] : NaN;
            cols[i][k].push(Number.isFinite(v) ? v : null);
          }
        });
        if (steps.length > capacity) decimate();
      }
      frames.forEach((f, i) => {
        const t = tracks[i], d = ds[i];
        if (d) {
          t.last = d;
          if (t.stepsToTarget === null && d.testAcc >= o.target) t.stepsToTarget = d.step;
          if (d.testLoss < t.bestTestLoss) { t.bestTestLoss = d.testLoss; t.bestTestLossStep = d.step; }
          if (d.testAcc > t.bestTestAcc) t.bestTestAcc = d.testAcc;
          if (d.dead > 0 && t.firstDeadStep === null) t.firstDeadStep = d.step;
          if (d.dead > t.maxDead) t.maxDead = d.dead;
          if (d.msLive > 0) { t.liveMs.push(d.msLive); if (t.liveMs.length > 400) t.liveMs.splice(0, 200); }
        }
        if (f && f.diverged && !t.diverged) { t.diverged = f.diverged; diverged.push(i); }
      });
      ++version;
      return diverged;
    },
  };
}

/** @typedef {ReturnType<typeof createTracker>} Tracker */

/** The median of the positive numbers of a list (NaN if none). @param {number[]} xs */
export function median(xs) {
  const s = xs.filter((x) => x > 0 && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The figures of one network, as the summary table shows them (and figures() returns).
 * @typedef {{
 *   index: number, label: string, detail: string, name: string, value: any,
 *   steps: number, testAccuracy: number | null, testLoss: number | null, trainAccuracy: number | null, trainLoss: number | null,
 *   stepsToTarget: number | null, bestTestLoss: number | null, bestTestLossStep: number | null, bestTestAccuracy: number | null,
 *   deadUnits: number | null, maxDeadUnits: number, hiddenUnits: number, saturatedUnits: number | null,
 *   meanActivation: number | null, firstLayerGrad: number | null, lastLayerGrad: number | null, gradRatio: number | null,
 *   hiddenLayers: number,
 *   diverged: { step: number, layer: number | null, what: string, message: string } | null,
 *   time: { msPerStep: number | null, msRange: [number, number] | null, msPerStepLive: number | null, relative: number | null },
 *   verdict: string,
 * }} NetworkFigures
 */

/** NaN and ±Infinity as null (figures are plain JSON). @param {number} v */
export const orNull = (v) => (Number.isFinite(v) ? v : null);

/**
 * @param {Tracker} tracker @param {Variant[]} variants @param {number} baseline
 * @returns {Omit<NetworkFigures, 'verdict'>[]}
 */
export function networkFigures(tracker, variants, baseline) {
  const base = tracker.track(baseline).benchMs;
  return variants.map((v, i) => {
    const t = tracker.track(i), d = t.last;
    const hidden = v.network.layers.length - 1;
    let units = 0;
    for (let l = 0; l < hidden; ++l) units += Number(v.network.layers[l].units) || 0;
    const ms = t.benchMs;
    return {
      index: i, label: v.label, detail: v.detail, name: v.name, value: v.value,
      steps: d?.step ?? 0,
      testAccuracy: orNull(d?.testAcc ?? NaN), testLoss: orNull(d?.testLoss ?? NaN),
      trainAccuracy: orNull(d?.trainAcc ?? NaN), trainLoss: orNull(d?.trainLoss ?? NaN),
      stepsToTarget: t.stepsToTarget,
      bestTestLoss: orNull(t.bestTestLoss), bestTestLossStep: t.bestTestLossStep, bestTestAccuracy: orNull(t.bestTestAcc),
      deadUnits: d ? orNull(d.dead) : null, maxDeadUnits: t.maxDead, hiddenUnits: units,
      saturatedUnits: d ? d.saturated : null, meanActivation: orNull(d?.meanAct ?? NaN),
      firstLayerGrad: orNull(d?.grad0 ?? NaN), lastLayerGrad: orNull(d?.gradLast ?? NaN), gradRatio: orNull(d?.gradRatio ?? NaN),
      hiddenLayers: hidden,
      diverged: t.diverged,
      time: {
        msPerStep: ms, msRange: t.benchRange, msPerStepLive: orNull(median(t.liveMs)),
        relative: ms !== null && base !== null && base > 0 ? ms / base : null,
      },
    };
  });
}
