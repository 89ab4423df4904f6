// The worker protocol: message shapes between EngineClient (client.js) and the worker
// (worker.js), and WorkerRuntime, the worker's whole behaviour as a plain class that
// takes a `post` callback, a module loader, a clock and a scheduler. worker.js only wires
// it to `self`; the Node tests drive it directly (tests/js/protocol.test.mjs).
// The runtime holds the worker's state; its jobs are split by responsibility:
// requests.js (one handler per request), training.js (slices) with pace.js (speed and
// measurement), frames.js (building frames, view settings) and pull.js (pull and idle).
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

import { HANDLERS } from './requests.js';
import { Pace } from './pace.js';
import { FrameMaker } from './frames.js';
import { Pull, answerPull, sayIdle } from './pull.js';
import { reschedule, runSlice, stopTimer } from './training.js';

export { FRAME_MS, MAX_STEPS_PER_FRAME, MAX_STEP_REQUEST, DEFAULT_GRID } from './limits.js';

/** @typedef {import('./gradscope').GradscopeModule} GradscopeModule */
/** @typedef {import('./gradscope').Session} Session */
/** @typedef {import('./gradscope').NetworkInfo} NetworkInfo */
/** @typedef {import('./client').Frame} Frame */

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
/** A pending `step` request, run in slices. @typedef {{ id: number, remaining: number }} StepJob */

/** The requests the worker answers, with their arguments (see docs/engine-client.md). */
export const REQUESTS = Object.freeze([
  'init', 'open', 'play', 'pause', 'step', 'reset', 'setSpeed', 'setLr', 'setStats', 'setView',
  'export', 'exportTorch', 'import', 'probe', 'evaluate', 'stats', 'statsColumns', 'info', 'history', 'historyCsv',
  'historyMatrix', 'historySteps', 'grid', 'gradients', 'data', 'ping',
]);

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

/**
 * The worker's state and message loop. Its fields are read and changed by the files of
 * the runtime (requests.js, training.js, pull.js); the page only calls handle().
 */
export class WorkerRuntime {
  /** @param {WorkerRuntimeOptions} options */
  constructor(options) {
    this._postFn = options.post;
    this._load = options.load;
    this._loadDigits = options.loadDigits || null;
    this.now = options.now || (() => performance.now());
    this.schedule = options.schedule || timeoutSchedule;
    this.sliceMs = options.sliceMs ?? 8;
    this.heartbeatMs = options.heartbeatMs ?? 1000;

    /** @type {GradscopeModule} set by init (no request reaches a handler before) */
    this.api = /** @type {any} */ (null);
    this._loading = false;
    /** @type {RequestMessage[] | null} messages that wait (before init, while the digits load) */
    this.queue = [];
    /** @type {string | null} set once the module is unusable */ this.broken = null;
    /** @type {Session | null} */ this.session = null;
    /** @type {NetworkInfo | null} */ this.info = null;

    this.running = false;
    this.stepsPerFrame = 10;
    /** @type {StepJob[]} */ this.jobs = [];
    this.pace = new Pace(this.now);
    /** @type {(() => void) | null} cancels the scheduled slice */ this.cancel = null;
    this.scheduledDelay = 0;

    this.frames = new FrameMaker({ now: this.now, evaluateMs: options.evaluateMs, probeMs: options.probeMs });
    this.pull = new Pull();
    this._lastPostAt = this.now();
  }

  /** The measured milliseconds per step (0 before the first slice). */
  get msPerStep() { return this.pace.msPerStep; }
  /** Interval of evaluate + grid in frames while running (setView). */
  get evaluateMs() { return this.frames.evaluateMs; }
  /** Interval of probes in frames while running (setView). */
  get probeMs() { return this.frames.probeMs; }
  /** Whether an open may fetch the digits. */
  get canLoadDigits() { return this._loadDigits !== null; }

  /**
   * Handles one message from the client.
   * @param {any} msg
   */
  handle(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'pull') {
      this.pull.arrived();
      this.answerPull();
      this.sayIdle();
      return;
    }
    if (typeof msg.id !== 'number') return;
    if (this.broken) this.replyError(msg.id, this.broken);
    else if (msg.type === 'init') this._init(msg);
    else if (this.queue) this.queue.push(msg);
    else this._dispatch(msg);
  }

  /** Stops training and frees the session (the worker is about to end). */
  dispose() {
    this.stopTimer();
    this.running = false;
    if (this.session) this.session.dispose();
    this.session = null;
  }

  /** One slice of training (training.js); public for tests. */
  tick() { runSlice(this); }
  /** Steps per second over the last second of slices (0 when idle). */
  stepsPerSecond() { return this.pace.stepsPerSecond(); }

  // ---- messages -----------------------------------------------------------------------

  /** @param {RequestMessage} msg */
  _init(msg) {
    if (this._loading) {
      this.replyError(msg.id, 'init: the engine is already loaded');
      return;
    }
    this._loading = true;
    this._load(msg.args ? msg.args.module : undefined).then(
      (api) => {
        this.api = api;
        this.reply(msg.id, { version: api.version() });
        this._drain();
        this.sayIdle();
      },
      (e) => {
        const error = `engine: could not load the WebAssembly module: ${messageOf(e)}`;
        this.broken = error;
        this.replyError(msg.id, error);
        for (const m of this.queue || []) this.replyError(m.id, error);
        this.queue = null;
        this.post({ type: 'fatal', error }, []);
      });
  }

  /** Handles the messages that waited in the queue, in order. */
  _drain() {
    const queued = this.queue || [];
    this.queue = null;
    for (const m of queued) this.handle(m);
  }

  /** @param {RequestMessage} msg */
  _dispatch(msg) {
    try {
      const handler = Object.hasOwn(HANDLERS, msg.type) ? HANDLERS[/** @type {keyof typeof HANDLERS} */ (msg.type)] : null;
      if (!handler) throw new Error(`engine: unknown request '${msg.type}', expected one of ${REQUESTS.join(', ')}`);
      const out = handler(this, msg.args || {}, msg.id);
      if (out) this.reply(msg.id, out.result, out.transfer);
    } catch (e) {
      this.fail(msg.id, e);
    }
    this.answerPull();
    reschedule(this);
    this.sayIdle();  // any reply woke the client's watchdog: park the pull again
  }

  /**
   * Fetches the digits, then opens (the first network on `digits`). Messages that arrive
   * meanwhile wait in the queue, so they act on the new session as they would have.
   * @param {any} args @param {number} id
   */
  openWithDigits(args, id) {
    this.queue = [];
    const loadDigits = /** @type {() => Promise<string>} */ (this._loadDigits);
    loadDigits().then(
      (text) => {
        try {
          this.api.setDigits(text);
          this.reply(id, this.open(args.network, args.config));
        } catch (e) {
          this.fail(id, e);
        }
      },
      (e) => this.replyError(id, `data.name: the digits could not be loaded (${messageOf(e)}); try again`),
    ).finally(() => {
      this._drain();
      this.answerPull();
      reschedule(this);
    });
  }

  /**
   * Opens a new session; on failure the current one keeps running untouched.
   * @param {any} network @param {any} config
   */
  open(network, config) {
    if (network === undefined || network === null) throw new Error('open: a network is required');
    const next = new this.api.Session(network, config ?? {});
    let info;
    try {
      info = next.info();
    } catch (e) {
      next.dispose();
      throw e;
    }
    this.finishJobs();
    if (this.session) this.session.dispose();
    this.session = next;
    this.info = info;
    this.running = false;
    this.stopTimer();
    this.pace.forget();
    this.frames.newSession();
    this.pull.dirty = true;
    return info;
  }

  /** @returns {Session} */
  need() {
    if (!this.session) throw new Error('session: not open (call open() with a network first)');
    return this.session;
  }

  /** State changed under the frames: the next frame carries everything again. */
  afterChange() {
    this.pull.dirty = true;
    this.frames.afterChange();
  }

  /** Answers every pending step request with the current state. */
  finishJobs() {
    const jobs = this.jobs;
    this.jobs = [];
    for (const job of jobs) {
      try {
        const r = this.frameReply(true);
        this.reply(job.id, r.result, r.transfer);
      } catch (e) {
        this.fail(job.id, e);
      }
    }
  }

  stopTimer() { stopTimer(this); }

  // ---- frames -------------------------------------------------------------------------

  /**
   * The latest state (frames.js); `full`: with evaluate, grid and probe.
   * @param {boolean} full @returns {{ frame: Frame, transfer: Transferable[] }}
   */
  buildFrame(full) {
    const busy = this.running || this.jobs.length > 0;
    const run = { running: this.running, stepsPerSecond: busy ? this.stepsPerSecond() : 0, stepsPerFrame: this.stepsPerFrame, msPerStep: this.pace.msPerStep };
    return this.frames.build(this.need(), /** @type {NetworkInfo} */ (this.info), run, full);
  }

  /** @param {boolean} full @returns {{ result: Frame, transfer: Transferable[] }} */
  frameReply(full) {
    const r = this.buildFrame(full);
    return { result: r.frame, transfer: r.transfer };
  }

  answerPull() { answerPull(this); }
  sayIdle() { sayIdle(this); }

  // ---- replies ------------------------------------------------------------------------

  /** @param {WorkerMessage} message @param {Transferable[]} transfer */
  post(message, transfer) {
    this._lastPostAt = this.now();
    this.pull.idleSaid = message.type === 'idle';  // any other message un-parks the client's pull
    this._postFn(message, transfer);
  }

  /** @param {number} now */
  heartbeat(now) {
    if (now - this._lastPostAt >= this.heartbeatMs) this.post({ type: 'heartbeat' }, []);
  }

  /** @param {number} id @param {any} result @param {Transferable[]} [transfer] */
  reply(id, result, transfer) {
    this.post({ type: 'reply', id, ok: true, result }, transfer || []);
  }

  /** @param {number} id @param {string} error */
  replyError(id, error) {
    this.post({ type: 'reply', id, ok: false, error }, []);
  }

  /**
   * A request failed: reply with the message; a trap also breaks the runtime.
   * @param {number} id @param {unknown} e
   */
  fail(id, e) {
    this.replyError(id, messageOf(e));
    if (isFatal(e)) this.fatal(e);
  }

  /**
   * The module trapped or aborted, or a call outside any request failed (a bug): the
   * runtime stops, answers everything pending with the error and reports it once.
   * @param {unknown} e
   */
  fatal(e) {
    if (this.broken) return;
    const error = `engine: ${isFatal(e) ? 'the WebAssembly module failed' : 'internal error'}: ${messageOf(e)}`;
    this.broken = error;
    this.running = false;
    this.stopTimer();
    const jobs = this.jobs;
    this.jobs = [];
    for (const job of jobs) this.replyError(job.id, error);
    this.post({ type: 'fatal', error }, []);
  }
}
