// The worker protocol: message shapes between EngineClient (client.js) and the worker
// (worker.js), and WorkerRuntime, the worker's whole behaviour as a plain class that
// takes a `post` callback, a module loader, a clock and a scheduler. worker.js only wires
// it to `self`; the Node tests drive it directly (tests/js/protocol.test.mjs).
// This file is not: the engine API (gradscope.js) or the page side (client.js).
//
// Client -> worker
//   { id, type, args }   a request (REQUESTS below); answered by exactly one reply
//   { type: 'pull' }     "send me the next frame" (at most one outstanding, from rAF)
// Worker -> client
//   { type: 'reply', id, ok: true, result } | { type: 'reply', id, ok: false, error }
//   { type: 'frame', frame }      the answer to a pull (see client.d.ts Frame)
//   { type: 'idle' }              "nothing new, and nothing running": the pull stays
//                                 parked (answered when something changes) and owes no
//                                 reply, so the client's watchdog does not wait for it
//   { type: 'heartbeat' }         at most once per second while the worker is busy
//   { type: 'fatal', error }      the module aborted; the worker is unusable
//
// Training runs in slices between messages: each slice runs as many steps as fit the
// time budget (sliceMs, measured per step and adapted) and the requested speed (steps
// per 60 Hz frame, paced by the clock so a hidden page does not change the rate).

import { statsFromColumns } from './frame-stats.js';
import { asksForDigits } from './digits.js';

/** @typedef {import('./gradscope').GradscopeModule} GradscopeModule */
/** @typedef {import('./gradscope').Session} Session */
/** @typedef {import('./gradscope').NetworkInfo} NetworkInfo */
/** @typedef {import('./client').Frame} Frame */
/** @typedef {import('./client').GridFrame} GridFrame */
/** @typedef {import('./client').ViewOptions} ViewOptions */

/**
 * @typedef {object} RequestMessage
 * @property {number} id
 * @property {string} type
 * @property {any} [args]
 */
/**
 * @typedef {{ type: 'reply', id: number, ok: true, result: any }
 *   | { type: 'reply', id: number, ok: false, error: string }
 *   | { type: 'frame', frame: Frame }
 *   | { type: 'idle' }
 *   | { type: 'heartbeat' }
 *   | { type: 'fatal', error: string }} WorkerMessage
 */
/** @typedef {(message: WorkerMessage, transfer: Transferable[]) => void} PostFn */
/** @typedef {(fn: () => void, delayMs: number) => () => void} ScheduleFn returns a cancel function */

/** The requests the worker answers, with their arguments (see docs/engine-client.md). */
export const REQUESTS = Object.freeze([
  'init', 'open', 'play', 'pause', 'step', 'reset', 'setSpeed', 'setLr', 'setStats', 'setView',
  'export', 'exportTorch', 'import', 'probe', 'evaluate', 'stats', 'statsColumns', 'info', 'history', 'historyCsv',
  'historyMatrix', 'historySteps', 'grid', 'gradients', 'data', 'ping',
]);

export const FRAME_MS = 1000 / 60;
export const MAX_STEPS_PER_FRAME = 10000;
export const MAX_STEP_REQUEST = 1000000;
/** While training, a frame is built at most every FRAME_SHARE x its cost (<= ~25% of the time). */
const FRAME_SHARE = 4;
/** ... but at least 10 frames a second. */
const MAX_FRAME_WAIT_MS = 100;
/** ... and evaluate + grid, or a probe, at most every EXTRA_SHARE x its cost (<= ~12%). */
const EXTRA_SHARE = 8;
export const DEFAULT_GRID = Object.freeze({ res: 50, bounds: Object.freeze([-1.5, 1.5, -1.5, 1.5]) });

/** @type {ScheduleFn} */
export function timeoutSchedule(fn, delayMs) {
  const t = setTimeout(fn, Math.max(0, delayMs));
  return () => clearTimeout(t);
}

/**
 * The message text of anything thrown.
 * @param {unknown} e
 */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * An error the module cannot recover from (a trap or an abort: the instance's memory or
 * stack may be corrupt), as opposed to a core error, which is data.
 * @param {unknown} e
 */
function isFatal(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

/**
 * @param {unknown} v @param {string} what @param {number} lo @param {number} hi
 * @returns {number}
 */
function intIn(v, what, lo, hi) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${what}: must be an integer in ${lo}..${hi}, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * @param {unknown} v @param {string} what
 * @returns {[number, number, number, number]}
 */
function boundsOf(v, what) {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
      !(v[0] < v[1] && v[2] < v[3]))
    throw new Error(`${what}: must be [xLo, xHi, yLo, yHi], finite with lo < hi, got ${JSON.stringify(v)}`);
  return [v[0], v[1], v[2], v[3]];
}

/**
 * @typedef {object} WorkerRuntimeOptions
 * @property {PostFn} post sends a message (with its transfer list) to the client
 * @property {(wasmModule: WebAssembly.Module | undefined) => Promise<GradscopeModule>} load
 *   instantiates the engine (worker.js: loadGradscope({ wasmModule }))
 * @property {() => number} [now] milliseconds (performance.now)
 * @property {ScheduleFn} [schedule] runs the next slice (worker.js: a MessageChannel)
 * @property {() => Promise<string>} [loadDigits] fetches the 8x8 digits (web/generated/digits.txt),
 *   which are not inside the .wasm, the first time a network asks for them
 * @property {number} [sliceMs] time budget of one slice, default 8
 * @property {number} [evaluateMs] interval of evaluate + grid in frames while running, default 250
 * @property {number} [probeMs] interval of probes in frames while running, default 500
 * @property {number} [heartbeatMs] default 1000
 */

/** A pending `step` request, run in slices. */
/** @typedef {{ id: number, remaining: number }} StepJob */

export class WorkerRuntime {
  /** @param {WorkerRuntimeOptions} options */
  constructor(options) {
    this._postFn = options.post;
    this._load = options.load;
    this._loadDigits = options.loadDigits || null;
    this._now = options.now || (() => performance.now());
    this._schedule = options.schedule || timeoutSchedule;
    this.sliceMs = options.sliceMs ?? 8;
    this.evaluateMs = options.evaluateMs ?? 250;
    this.probeMs = options.probeMs ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? 1000;

    /** @type {GradscopeModule | null} */ this._api = null;
    this._loading = false;
    /** @type {RequestMessage[] | null} messages that arrived before init finished */
    this._queue = [];
    /** @type {string | null} set once the module is unusable */ this._broken = null;
    /** @type {Session | null} */ this._session = null;
    /** @type {NetworkInfo | null} */ this._info = null;
    /** @type {string[] | null} the session's activation names (statsFromColumns) */ this._activations = null;

    this._running = false;
    this._stepsPerFrame = 10;
    /** @type {{ res: number, bounds: [number, number, number, number] } | null} */
    this._grid = { res: DEFAULT_GRID.res, bounds: boundsOf(DEFAULT_GRID.bounds, 'grid.bounds') };
    /** @type {StepJob[]} */ this._jobs = [];

    // pacing and measurement
    this._credit = 0;            // steps allowed now by the requested speed
    this._lastTick = 0;
    this._msPerStep = 0;         // measured, smoothed; 0 = unknown
    this._lastN = 0;
    this._doneTotal = 0;         // steps run by this runtime (for steps/s; reset-proof)
    /** @type {number[]} */ this._samples = [];  // [t0, steps0, t1, steps1, ...] of the last second
    /** @type {(() => void) | null} */ this._cancel = null;
    this._scheduledDelay = 0;

    // frames
    this._pullPending = false;
    this._idleSaid = false;      // the last message posted was 'idle' (the client has parked its pull)
    this._dirty = false;
    this._seq = 0;
    this._lastEvalAt = -Infinity;
    this._lastProbeAt = -Infinity;
    this._lastFrameAt = -Infinity;
    this._frameCost = 0;         // measured milliseconds to build the last frame (stats + columns)
    this._evalCost = 0;          // ... of the last evaluate + grid
    this._probeCost = 0;         // ... of the last probe
    this._lastPostAt = this._now();
  }

  /** Whether training is running (for tests). */
  get running() { return this._running; }
  /** The requested steps per 60 Hz frame. */
  get stepsPerFrame() { return this._stepsPerFrame; }
  /** Measured milliseconds per step (0 before the first slice). */
  get msPerStep() { return this._msPerStep; }

  /**
   * Handles one message from the client.
   * @param {any} msg
   */
  handle(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'pull') {
      this._pullPending = true;
      this._idleSaid = false;
      this._answerPull();
      this._sayIdle();
      return;
    }
    if (typeof msg.id !== 'number') return;
    if (this._broken) {
      this._replyError(msg.id, this._broken);
      return;
    }
    if (msg.type === 'init') {
      this._init(msg);
      return;
    }
    if (this._queue) {
      this._queue.push(msg);
      return;
    }
    this._dispatch(msg);
  }

  /** Stops training and frees the session (the worker is about to end). */
  dispose() {
    this._stopTimer();
    this._running = false;
    if (this._session) this._session.dispose();
    this._session = null;
  }

  // ---- messages -----------------------------------------------------------------------

  /** @param {RequestMessage} msg */
  _init(msg) {
    if (this._loading) {
      this._replyError(msg.id, 'init: the engine is already loaded');
      return;
    }
    this._loading = true;
    this._load(msg.args ? msg.args.module : undefined).then(
      (api) => {
        this._api = api;
        this._reply(msg.id, { version: api.version() });
        const queued = this._queue || [];
        this._queue = null;
        for (const m of queued) this.handle(m);
        this._sayIdle();
      },
      (e) => {
        const error = `engine: could not load the WebAssembly module: ${messageOf(e)}`;
        this._broken = error;
        this._replyError(msg.id, error);
        for (const m of this._queue || []) this._replyError(m.id, error);
        this._queue = null;
        this._post({ type: 'fatal', error }, []);
      });
  }

  /** @param {RequestMessage} msg */
  _dispatch(msg) {
    try {
      const out = this._run(msg.type, msg.args || {}, msg.id);
      if (out) this._reply(msg.id, out.result, out.transfer);
    } catch (e) {
      this._fail(msg.id, e);
    }
    this._answerPull();
    this._reschedule();
    this._sayIdle();  // any reply woke the client's watchdog: park the pull again
  }

  /**
   * Runs a request. Returns the reply, or null when it is answered later (step).
   * @param {string} type @param {any} args @param {number} id
   * @returns {{ result: any, transfer?: Transferable[] } | null}
   */
  _run(type, args, id) {
    const api = /** @type {GradscopeModule} */ (this._api);
    switch (type) {
      case 'ping': return { result: { steps: this._session ? this._session.steps : 0 } };
      case 'open':
        if (asksForDigits(args.config) && !api.hasDigits() && this._loadDigits) {
          this._openWithDigits(api, args, id);
          return null;  // answered when the digits are in
        }
        return { result: this._open(api, args.network, args.config) };
      case 'setSpeed': {
        this._stepsPerFrame = intIn(args.stepsPerFrame, 'stepsPerFrame', 1, MAX_STEPS_PER_FRAME);
        this._credit = Math.min(this._credit, this._stepsPerFrame);
        return { result: { stepsPerFrame: this._stepsPerFrame } };
      }
      case 'setView': return { result: this._setView(args) };
      default: break;
    }
    const s = this._need();
    switch (type) {
      case 'play': {
        if (s.diverged) {
          const d = s.stats().diverged;
          throw new Error(`play: the network diverged${d ? ` at step ${d.step} (${d.message})` : ''}; reset to train again`);
        }
        if (!this._running) {
          this._running = true;
          this._samples = [];
          this._credit = 1;
          this._lastTick = this._now();
          this._dirty = true;
        }
        return { result: { running: true } };
      }
      case 'pause':
        if (this._running) this._dirty = true;
        this._running = false;
        this._stopTimer();
        return { result: { running: false } };
      case 'step': {
        const n = intIn(args.n ?? 1, 'step: n', 0, MAX_STEP_REQUEST);
        if (n === 0) return this._frameReply(true);  // "the current state, in full"
        this._jobs.push({ id, remaining: n });
        return null;
      }
      case 'reset':
        this._finishJobs();
        s.reset();
        this._afterChange();
        return this._frameReply(true);
      case 'setLr': {
        if (typeof args.lr !== 'number') throw new Error(`lr: must be a number, got ${JSON.stringify(args.lr)}`);
        s.setLr(args.lr);
        this._dirty = true;
        return { result: { lr: args.lr } };
      }
      case 'setStats':
        s.setStats(!!args.on);
        this._dirty = true;
        return { result: { on: !!args.on } };
      case 'export': return { result: s.exportNetwork() };
      case 'exportTorch': return { result: s.exportTorch() };
      case 'import':
        this._finishJobs();
        s.importNetwork(args.network);
        this._afterChange();
        return this._frameReply(true);
      case 'probe': return { result: s.probe() };
      case 'evaluate': return { result: s.evaluate() };
      case 'stats': return { result: s.stats() };
      case 'statsColumns': {
        const sc = s.statsColumns();
        return { result: sc, transfer: [sc.columns.units.buffer] };
      }
      case 'info': return { result: s.info() };
      case 'history': return { result: s.history() };
      case 'historyCsv': return { result: s.historyCsv() };
      case 'historyMatrix': {
        const values = s.historyMatrix(String(args.field));
        return { result: values, transfer: [values.buffer] };
      }
      case 'historySteps': {
        const values = s.historySteps();
        return { result: values, transfer: [values.buffer] };
      }
      case 'grid': {
        const g = this._gridOf(s, args.res ?? DEFAULT_GRID.res, args.bounds ?? DEFAULT_GRID.bounds);
        return { result: g, transfer: [g.values.buffer] };
      }
      case 'gradients': return { result: s.gradients(args.batch) };
      case 'data': return { result: s.data(args.maxRows ?? 2000) };
      default:
        throw new Error(`engine: unknown request '${type}', expected one of ${REQUESTS.join(', ')}`);
    }
  }

  /**
   * Fetches the digits, then opens (the first network on `digits`). Messages that arrive
   * meanwhile wait in the queue, so they act on the new session as they would have.
   * @param {GradscopeModule} api @param {any} args @param {number} id
   */
  _openWithDigits(api, args, id) {
    this._queue = [];
    const loadDigits = /** @type {() => Promise<string>} */ (this._loadDigits);
    loadDigits().then(
      (text) => {
        try {
          api.setDigits(text);
          this._reply(id, this._open(api, args.network, args.config));
        } catch (e) {
          this._fail(id, e);
        }
      },
      (e) => this._replyError(id, `data.name: the digits could not be loaded (${messageOf(e)}); try again`),
    ).finally(() => {
      const queued = this._queue || [];
      this._queue = null;
      for (const m of queued) this.handle(m);
      this._answerPull();
      this._reschedule();
    });
  }

  /**
   * Opens a new session; on failure the current one keeps running untouched.
   * @param {GradscopeModule} api @param {any} network @param {any} config
   */
  _open(api, network, config) {
    if (network === undefined || network === null) throw new Error('open: a network is required');
    const next = new api.Session(network, config ?? {});
    let info;
    try {
      info = next.info();
    } catch (e) {
      next.dispose();
      throw e;
    }
    this._finishJobs();
    if (this._session) this._session.dispose();
    this._session = next;
    this._info = info;
    this._activations = null;
    this._running = false;
    this._stopTimer();
    this._msPerStep = 0;
    this._lastN = 0;
    this._samples = [];
    this._afterChange();
    return info;
  }

  /** @param {any} args */
  _setView(args) {
    if (args.grid !== undefined) {
      if (args.grid === null || args.grid === false) {
        this._grid = null;
      } else {
        const res = intIn(args.grid.res ?? DEFAULT_GRID.res, 'grid.res', 2, 512);
        const bounds = boundsOf(args.grid.bounds ?? DEFAULT_GRID.bounds, 'grid.bounds');
        this._grid = { res, bounds };
      }
    }
    if (args.evaluateMs !== undefined) this.evaluateMs = intIn(args.evaluateMs, 'evaluateMs', 0, 3600000);
    if (args.probeMs !== undefined) this.probeMs = intIn(args.probeMs, 'probeMs', 0, 3600000);
    this._lastEvalAt = -Infinity;
    this._dirty = true;
    return { grid: this._grid, evaluateMs: this.evaluateMs, probeMs: this.probeMs };
  }

  /** @returns {Session} */
  _need() {
    if (!this._session) throw new Error('session: not open (call open() with a network first)');
    return this._session;
  }

  /** State changed under the frames: the next frame carries everything again. */
  _afterChange() {
    this._dirty = true;
    this._lastEvalAt = -Infinity;
    this._lastProbeAt = -Infinity;
  }

  /** Answers every pending step request with the current state. */
  _finishJobs() {
    const jobs = this._jobs;
    this._jobs = [];
    for (const job of jobs) {
      try {
        const r = this._frameReply(true);
        this._reply(job.id, r.result, r.transfer);
      } catch (e) {
        this._fail(job.id, e);
      }
    }
  }

  // ---- the training loop --------------------------------------------------------------

  _stopTimer() {
    if (this._cancel) this._cancel();
    this._cancel = null;
  }

  /** Schedules the next slice when there is work: immediately, or when speed allows. */
  _reschedule() {
    if (!this._session || this._broken) return;
    const busy = this._jobs.length > 0 || this._running;
    if (!busy) {
      this._stopTimer();
      return;
    }
    if (this._cancel && (this._scheduledDelay === 0 || this._jobs.length === 0)) return;
    this._at(0);
  }

  /** @param {number} delay */
  _at(delay) {
    this._stopTimer();
    this._scheduledDelay = delay;
    this._cancel = this._schedule(() => {
      this._cancel = null;
      this.tick();
    }, delay);
  }

  /** The most steps that fit one slice at the measured speed. */
  _budgetSteps() {
    if (!(this._msPerStep > 0)) return this._lastN > 0 ? Math.min(this._lastN * 2, MAX_STEP_REQUEST) : 1;
    return Math.max(1, Math.min(MAX_STEP_REQUEST, Math.floor(this.sliceMs / this._msPerStep)));
  }

  /**
   * One slice: runs steps for the first pending step request, or paced training, then
   * answers a pending pull and schedules the next slice. Public for tests.
   */
  tick() {
    const s = this._session;
    if (!s || this._broken) return;
    const now = this._now();
    const job = this._jobs.length > 0 ? this._jobs[0] : null;
    let n = 0;
    if (job) {
      n = Math.min(job.remaining, this._budgetSteps());
    } else if (this._running) {
      const perMs = this._stepsPerFrame / FRAME_MS;
      this._credit = Math.min(this._credit + Math.max(0, now - this._lastTick) * perMs, Math.max(1, this._stepsPerFrame));
      this._lastTick = now;
      const allowed = Math.floor(this._credit + 1e-9);  // (rounding: 0.999999... is 1)
      if (allowed < 1) {
        this._heartbeat(now);
        this._at(Math.max(1, (1 - this._credit) / perMs));
        return;
      }
      n = Math.min(allowed, this._budgetSteps());
    } else {
      return;
    }

    let done = 0;
    const t0 = this._now();
    try {
      done = s.step(n);
    } catch (e) {
      // a core error here is unexpected (n is in range); stop rather than spin
      this._running = false;
      if (job) {
        this._jobs.shift();
        this._fail(job.id, e);
        this._dirty = true;
        this._answerPull();
      } else {
        this._fatal(e);
      }
      return;
    }
    const dt = this._now() - t0;
    this._measure(n, done, dt);
    if (!job) this._credit -= done;
    if (done > 0) this._dirty = true;

    const diverged = done < n || s.diverged;
    if (diverged) {
      this._running = false;
      this._dirty = true;
      this._finishJobs();
    } else if (job) {
      job.remaining -= done;
      if (job.remaining <= 0) {
        this._jobs.shift();
        const r = this._frameReply(true);
        this._reply(job.id, r.result, r.transfer);
      }
    }
    this._answerPull();
    this._heartbeat(this._now());
    if (this._jobs.length > 0 || this._running) this._at(0);
    else this._sayIdle();
  }

  /** @param {number} n @param {number} done @param {number} dt */
  _measure(n, done, dt) {
    this._lastN = n;
    if (done > 0) {
      if (dt > 0) {
        const per = dt / done;
        this._msPerStep = this._msPerStep > 0 ? 0.7 * this._msPerStep + 0.3 * per : per;
      } else if (this._msPerStep > 0) {
        this._msPerStep *= 0.5;  // below the clock's resolution: allow bigger slices
      }
    }
    this._doneTotal += done;
    const t = this._now();
    this._samples.push(t, this._doneTotal);
    while (this._samples.length > 4 && t - this._samples[0] > 1000) this._samples.splice(0, 2);
  }

  /** Steps per second over the last second of slices (0 when idle). */
  stepsPerSecond() {
    const s = this._samples;
    if (s.length < 4) return 0;
    const t1 = s[s.length - 2];
    if (this._now() - t1 > 1000) return 0;
    const dt = t1 - s[0];
    return dt > 0 ? ((s[s.length - 1] - s[1]) * 1000) / dt : 0;
  }

  // ---- frames -------------------------------------------------------------------------

  _answerPull() {
    if (!this._pullPending || !this._dirty || !this._session || this._broken) return;
    // While training, frames take at most ~1/4 of the worker's time: an expensive frame
    // (statistics of a deep network, a loaded machine) waits a little longer.
    if (this._running && this._now() - this._lastFrameAt < Math.min(FRAME_SHARE * this._frameCost, MAX_FRAME_WAIT_MS)) return;
    let r;
    try {
      r = this._buildFrame(!this._running);
    } catch (e) {
      this._fatal(e);
      return;
    }
    this._pullPending = false;
    this._dirty = false;
    this._post({ type: 'frame', frame: r.frame }, r.transfer);
  }

  /**
   * A pull that waits while nothing runs may wait for minutes (a paused or finished
   * page): tell the client once, so that it does not take the silence for a hang.
   */
  _sayIdle() {
    if (!this._pullPending || this._idleSaid) return;
    if (this._running || this._jobs.length > 0 || this._queue) return;  // a frame or reply is coming
    if (this._dirty && this._session && !this._broken) return;           // ... or was just sent
    this._post({ type: 'idle' }, []);
  }

  /** @param {boolean} full @returns {{ result: Frame, transfer: Transferable[] }} */
  _frameReply(full) {
    const r = this._buildFrame(full);
    return { result: r.frame, transfer: r.transfer };
  }

  /**
   * The latest state. `full`: with evaluate, grid and probe; otherwise they come when
   * their interval has passed (stretched so each takes at most ~1/8 of the time).
   * @param {boolean} full
   * @returns {{ frame: Frame, transfer: Transferable[] }}
   */
  _buildFrame(full) {
    const s = this._need();
    // The probe first, so the statistics of this frame count the dead units it finds.
    /** @type {any} */
    let probe = null;
    if (full || this._now() - this._lastProbeAt >= Math.max(this.probeMs, EXTRA_SHARE * this._probeCost)) {
      const t2 = this._now();
      probe = s.probe();
      this._lastProbeAt = this._now();
      this._probeCost = this._lastProbeAt - t2;
    }
    const t0 = this._now();
    // One buffer of binary columns from the core (no JSON); `stats` keeps the page's shape.
    const sc = s.statsColumns();
    if (sc.layers > 0 && (!this._activations || this._activations.length !== sc.layers))
      this._activations = s.stats().layers.map((l) => l.activation);  // once per session
    const stats = statsFromColumns(sc, this._activations || [], sc.diverged ? s.stats().diverged : null);
    const columns = sc.columns;
    /** @type {Transferable[]} */
    const transfer = [columns.units.buffer];
    /** @type {Frame} */
    const frame = {
      seq: ++this._seq,
      steps: s.steps,
      running: this._running,
      stepsPerSecond: this._running || this._jobs.length > 0 ? this.stepsPerSecond() : 0,
      stepsPerFrame: this._stepsPerFrame,
      msPerStep: this._msPerStep,
      stats,
      columns,
      statsColumns: sc,
      activations: this._activations || [],
      diverged: stats.diverged || null,
    };
    const t1 = this._now();
    this._frameCost = t1 - t0;
    this._lastFrameAt = t1;
    if (full || t1 - this._lastEvalAt >= Math.max(this.evaluateMs, EXTRA_SHARE * this._evalCost)) {
      frame.evaluate = s.evaluate();
      const info = /** @type {NetworkInfo} */ (this._info);
      if (this._grid && info.inputs === 2) {
        const g = this._gridOf(s, this._grid.res, this._grid.bounds);
        frame.grid = g;
        transfer.push(g.values.buffer);
      }
      this._lastEvalAt = this._now();
      this._evalCost = this._lastEvalAt - t1;
    }
    if (probe) frame.probe = probe;
    return { frame, transfer };
  }

  /**
   * @param {Session} s @param {unknown} res @param {unknown} bounds
   * @returns {GridFrame}
   */
  _gridOf(s, res, bounds) {
    const b = boundsOf(bounds, 'grid.bounds');
    const r = typeof res === 'number' ? res : NaN;
    const values = s.grid(r, b);
    const info = /** @type {NetworkInfo} */ (this._info);
    return { res: r, bounds: b, outputs: info.outputs, values };
  }

  // ---- replies ------------------------------------------------------------------------

  /** @param {WorkerMessage} message @param {Transferable[]} transfer */
  _post(message, transfer) {
    this._lastPostAt = this._now();
    this._idleSaid = message.type === 'idle';  // any other message un-parks the client's pull
    this._postFn(message, transfer);
  }

  /** @param {number} now */
  _heartbeat(now) {
    if (now - this._lastPostAt >= this.heartbeatMs) this._post({ type: 'heartbeat' }, []);
  }

  /** @param {number} id @param {any} result @param {Transferable[]} [transfer] */
  _reply(id, result, transfer) {
    this._post({ type: 'reply', id, ok: true, result }, transfer || []);
  }

  /** @param {number} id @param {string} error */
  _replyError(id, error) {
    this._post({ type: 'reply', id, ok: false, error }, []);
  }

  /**
   * A request failed: reply with the message; a trap also breaks the runtime.
   * @param {number} id @param {unknown} e
   */
  _fail(id, e) {
    this._replyError(id, messageOf(e));
    if (isFatal(e)) this._fatal(e);
  }

  /**
   * The module trapped or aborted, or a call outside any request failed (a bug): the
   * runtime stops, answers everything pending with the error and reports it once.
   * @param {unknown} e
   */
  _fatal(e) {
    if (this._broken) return;
    const error = `engine: ${isFatal(e) ? 'the WebAssembly module failed' : 'internal error'}: ${messageOf(e)}`;
    this._broken = error;
    this._running = false;
    this._stopTimer();
    const jobs = this._jobs;
    this._jobs = [];
    for (const job of jobs) this._replyError(job.id, error);
    this._post({ type: 'fatal', error }, []);
  }
}
