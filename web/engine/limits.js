// @ts-check
// The worker's limits and defaults, and the checks of request arguments against them
// (each failure names the field, the allowed range and the value given).
// This file is not: the requests themselves (requests.js) or the pacing (pace.js).

/** One 60 Hz frame, the unit of the requested speed. */
export const FRAME_MS = 1000 / 60;
export const MAX_STEPS_PER_FRAME = 10000;
export const MAX_STEP_REQUEST = 1000000;
export const DEFAULT_GRID = Object.freeze({ res: 50, bounds: Object.freeze([-1.5, 1.5, -1.5, 1.5]) });

/**
 * @param {unknown} v @param {string} what @param {number} lo @param {number} hi
 * @returns {number}
 */
export function intIn(v, what, lo, hi) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${what}: must be an integer in ${lo}..${hi}, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * @param {unknown} v @param {string} what
 * @returns {[number, number, number, number]}
 */
export function boundsOf(v, what) {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
      !(v[0] < v[1] && v[2] < v[3]))
    throw new Error(`${what}: must be [xLo, xHi, yLo, yHi], finite with lo < hi, got ${JSON.stringify(v)}`);
  return [v[0], v[1], v[2], v[3]];
}
