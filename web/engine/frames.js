// @ts-check
// Building the worker's frames (docs/engine-client.md, client.d.ts Frame): the step's
// statistics once, as the core's binary columns (Session.statsColumns()), the layers'
// activation names, and, when due, evaluate + grid and a probe. While training, frames
// and their extras are spaced by their measured cost so that they take a bounded share
// of the worker's time. FrameMaker owns that timing and the view settings (setView).
// This file is not: when a frame is sent (pull.js) or training (training.js).

import { statsFromColumns } from './frame-stats.js';
import { DEFAULT_GRID, boundsOf, intIn } from './limits.js';

/** @typedef {import('./gradscope').Session} Session */
/** @typedef {import('./gradscope').NetworkInfo} NetworkInfo */
/** @typedef {import('./client').Frame} Frame */
/** @typedef {import('./client').GridFrame} GridFrame */

/** While training, a frame is built at most every FRAME_SHARE x its cost (<= ~25% of the time). */
const FRAME_SHARE = 4;
/** ... but at least 10 frames a second. */
const MAX_FRAME_WAIT_MS = 100;
/** ... and evaluate + grid, or a probe, at most every EXTRA_SHARE x its cost (<= ~12%). */
const EXTRA_SHARE = 8;

/**
 * What a frame says of the runtime besides the session.
 * @typedef {{ running: boolean, stepsPerFrame: number, msPerStep: number, stepsPerSecond: number }} RunState
 */

export class FrameMaker {
  /** @param {{ now: () => number, evaluateMs?: number, probeMs?: number }} o */
  constructor(o) {
    this._now = o.now;
    this.evaluateMs = o.evaluateMs ?? 250;
    this.probeMs = o.probeMs ?? 500;
    /** @type {{ res: number, bounds: [number, number, number, number] } | null} */
    this.grid = { res: DEFAULT_GRID.res, bounds: boundsOf(DEFAULT_GRID.bounds, 'grid.bounds') };
    /** @type {string[] | null} the session's activation names, read once per session */
    this._activations = null;
    this._seq = 0;
    this._lastEvalAt = -Infinity;
    this._lastProbeAt = -Infinity;
    this._lastFrameAt = -Infinity;
    this._frameCost = 0;  // measured milliseconds to build the last frame's statistics
    this._evalCost = 0;   // ... of the last evaluate + grid
    this._probeCost = 0;  // ... of the last probe
  }

  /** A new session: its activations are read again. */
  newSession() {
    this._activations = null;
    this.afterChange();
  }

  /** State changed under the frames: the next one carries evaluate, grid and probe again. */
  afterChange() {
    this._lastEvalAt = -Infinity;
    this._lastProbeAt = -Infinity;
  }

  /**
   * setView: the grid frames carry (null: none) and the intervals of the extras.
   * @param {any} args
   */
  setView(args) {
    if (args.grid !== undefined) {
      if (args.grid === null || args.grid === false) {
        this.grid = null;
      } else {
        const res = intIn(args.grid.res ?? DEFAULT_GRID.res, 'grid.res', 2, 512);
        const bounds = boundsOf(args.grid.bounds ?? DEFAULT_GRID.bounds, 'grid.bounds');
        this.grid = { res, bounds };
      }
    }
    if (args.evaluateMs !== undefined) this.evaluateMs = intIn(args.evaluateMs, 'evaluateMs', 0, 3600000);
    if (args.probeMs !== undefined) this.probeMs = intIn(args.probeMs, 'probeMs', 0, 3600000);
    this._lastEvalAt = -Infinity;
    return { grid: this.grid, evaluateMs: this.evaluateMs, probeMs: this.probeMs };
  }

  /**
   * While training, frames take at most ~1/4 of the worker's time: an expensive frame
   * (statistics of a deep network, a loaded machine) waits a little longer.
   */
  tooSoon() {
    return this._now() - this._lastFrameAt < Math.min(FRAME_SHARE * this._frameCost, MAX_FRAME_WAIT_MS);
  }

  /**
   * The latest state. `full`: with evaluate, grid and probe; otherwise they come when
   * their interval has passed (stretched so each takes at most ~1/8 of the time).
   * @param {Session} s @param {NetworkInfo} info @param {RunState} run @param {boolean} full
   * @returns {{ frame: Frame, transfer: Transferable[] }}
   */
  build(s, info, run, full) {
    // The probe first, so the statistics of this frame count the dead units it finds.
    const probe = full || this._now() - this._lastProbeAt >= Math.max(this.probeMs, EXTRA_SHARE * this._probeCost) ? this._probe(s) : null;
    const t0 = this._now();
    // One buffer of binary columns from the core (no JSON); `stats` keeps the older shape.
    const sc = s.statsColumns();
    if (sc.layers > 0 && (!this._activations || this._activations.length !== sc.layers))
      this._activations = s.stats().layers.map((l) => l.activation);  // once per session
    const stats = statsFromColumns(sc, this._activations || [], sc.diverged ? s.stats().diverged : null);
    /** @type {Transferable[]} */
    const transfer = [sc.columns.units.buffer];
    /** @type {Frame} */
    const frame = {
      seq: ++this._seq, steps: s.steps, ...run,
      stats, columns: sc.columns, statsColumns: sc, activations: this._activations || [],
      diverged: stats.diverged || null,
    };
    const t1 = this._now();
    this._frameCost = t1 - t0;
    this._lastFrameAt = t1;
    if (full || t1 - this._lastEvalAt >= Math.max(this.evaluateMs, EXTRA_SHARE * this._evalCost)) {
      frame.evaluate = s.evaluate();
      if (this.grid && info.inputs === 2) {
        const g = gridOf(s, info, this.grid.res, this.grid.bounds);
        frame.grid = g;
        transfer.push(g.values.buffer);
      }
      this._lastEvalAt = this._now();
      this._evalCost = this._lastEvalAt - t1;
    }
    if (probe) frame.probe = probe;
    return { frame, transfer };
  }

  /** @param {Session} s */
  _probe(s) {
    const t = this._now();
    const probe = s.probe();
    this._lastProbeAt = this._now();
    this._probeCost = this._lastProbeAt - t;
    return probe;
  }
}

/**
 * The decision-boundary grid of a 2-input network.
 * @param {Session} s @param {NetworkInfo} info @param {unknown} res @param {unknown} bounds
 * @returns {GridFrame}
 */
export function gridOf(s, info, res, bounds) {
  const b = boundsOf(bounds, 'grid.bounds');
  const r = typeof res === 'number' ? res : NaN;
  const values = s.grid(r, b);
  return { res: r, bounds: b, outputs: info.outputs, values };
}
