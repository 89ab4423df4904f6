// @ts-check
// Pacing and measurement of the worker's training: how many steps the requested speed
// allows now (steps per 60 Hz frame, paced by the clock, at most one frame of backlog),
// how many fit one slice (time per step measured and smoothed) and the steps per second
// of the last second. Plain numbers in, plain numbers out: the slices themselves run in
// training.js.
// This file is not: scheduling slices (training.js) or frames (frames.js).

import { FRAME_MS, MAX_STEP_REQUEST } from './limits.js';

export class Pace {
  /** @param {() => number} now milliseconds */
  constructor(now) {
    this._now = now;
    this.credit = 0;       // steps allowed now by the requested speed
    this.lastTick = 0;
    this.msPerStep = 0;    // measured, smoothed; 0 = unknown
    this.lastN = 0;        // steps asked of the last slice
    this.doneTotal = 0;    // steps run by this runtime (for steps/s; reset-proof)
    /** @type {number[]} [t0, steps0, t1, steps1, ...] of the last second */
    this.samples = [];
  }

  /** Training starts (play): one step at once, the rate measured afresh. */
  start() {
    this.samples = [];
    this.credit = 1;
    this.lastTick = this._now();
  }

  /** A new session: nothing is known of its speed. */
  forget() {
    this.msPerStep = 0;
    this.lastN = 0;
    this.samples = [];
  }

  /** The speed changed: no more backlog than one frame of it. @param {number} stepsPerFrame */
  clamp(stepsPerFrame) {
    this.credit = Math.min(this.credit, stepsPerFrame);
  }

  /**
   * Adds the credit earned since the last call and returns the steps it allows now.
   * @param {number} now @param {number} stepsPerFrame
   */
  accrue(now, stepsPerFrame) {
    this.credit = Math.min(this.credit + Math.max(0, now - this.lastTick) * (stepsPerFrame / FRAME_MS), Math.max(1, stepsPerFrame));
    this.lastTick = now;
    return Math.floor(this.credit + 1e-9);  // (rounding: 0.999999... is 1)
  }

  /** Milliseconds until the speed allows one more step. @param {number} stepsPerFrame */
  waitMs(stepsPerFrame) {
    return Math.max(1, (1 - this.credit) / (stepsPerFrame / FRAME_MS));
  }

  /** Paced steps that ran. @param {number} done */
  spend(done) {
    this.credit -= done;
  }

  /** The most steps that fit one slice of `sliceMs` at the measured speed. @param {number} sliceMs */
  budget(sliceMs) {
    if (!(this.msPerStep > 0)) return this.lastN > 0 ? Math.min(this.lastN * 2, MAX_STEP_REQUEST) : 1;
    return Math.max(1, Math.min(MAX_STEP_REQUEST, Math.floor(sliceMs / this.msPerStep)));
  }

  /** A slice asked for n steps and ran `done` in dt ms. @param {number} n @param {number} done @param {number} dt */
  measure(n, done, dt) {
    this.lastN = n;
    if (done > 0) {
      if (dt > 0) {
        const per = dt / done;
        this.msPerStep = this.msPerStep > 0 ? 0.7 * this.msPerStep + 0.3 * per : per;
      } else if (this.msPerStep > 0) {
        this.msPerStep *= 0.5;  // below the clock's resolution: allow bigger slices
      }
    }
    this.doneTotal += done;
    const t = this._now();
    this.samples.push(t, this.doneTotal);
    while (this.samples.length > 4 && t - this.samples[0] > 1000) this.samples.splice(0, 2);
  }

  /** Steps per second over the last second of slices (0 when idle). */
  stepsPerSecond() {
    const s = this.samples;
    if (s.length < 4) return 0;
    const t1 = s[s.length - 2];
    if (this._now() - t1 > 1000) return 0;
    const dt = t1 - s[0];
    return dt > 0 ? ((s[s.length - 1] - s[1]) * 1000) / dt : 0;
  }
}
