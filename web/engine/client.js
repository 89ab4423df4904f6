// EngineClient: the page's handle on one engine worker (docs/engine-client.md). One
// client owns one module Web Worker (worker.js), which owns one Session of the WASM
// engine. Requests are Promises that reject with the core's message; frames are pulled
// from requestAnimationFrame (at most one outstanding), so the page draws at most once a
// frame while the worker trains as fast as the requested speed and the machine allow.
// The link to the current worker (messages, deadlines, the pull) is link.js; this file
// is the public API, the listeners and restart().
// This file is not: the worker's behaviour (protocol.js) or drawing.

import { ModuleCache } from './module-cache.js';
import { WorkerLink } from './link.js';

/** @typedef {import('./client').Frame} Frame */
/** @typedef {import('./client').EngineClientOptions} EngineClientOptions */
/** @typedef {import('./client').WorkerLike} WorkerLike */
/** @typedef {import('./client').ViewOptions} ViewOptions */
/** @typedef {import('./gradscope').NetworkInfo} NetworkInfo */

/**
 * The page's one compile of the module, shared by every client on the page (the compile
 * is the page's, not a client's): the only state this module holds, in its own object.
 */
const PAGE_MODULE = new ModuleCache(new URL('../generated/gradscope.wasm', import.meta.url));

/**
 * Compiles web/generated/gradscope.wasm once per page; every worker instantiates it.
 * Falls back to an ArrayBuffer compile when the server does not send application/wasm.
 * @returns {Promise<WebAssembly.Module>}
 */
export function getCompiledModule() {
  return PAGE_MODULE.get();
}

/** @returns {WorkerLike} */
function createEngineWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/** @template T @param {T} v @returns {T} */
function copy(v) {
  return typeof v === 'string' || v === undefined || v === null ? v : structuredClone(v);
}

/**
 * Calls every listener; a listener's bug must not stop the others (it is rethrown apart).
 * @template T @param {Set<(v: T) => void>} listeners @param {T} v
 */
function callAll(listeners, v) {
  for (const cb of [...listeners]) {
    try {
      cb(v);
    } catch (e) {
      queueMicrotask(() => { throw e; });
    }
  }
}

export class EngineClient {
  /** @param {EngineClientOptions} [options] */
  constructor(options = {}) {
    this._createWorker = options.createWorker || createEngineWorker;
    this._getModule = options.module || getCompiledModule;
    this.timeoutMs = options.timeoutMs ?? 12000;  // a busy worker sends heartbeats; 12 s tolerates a loaded machine
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : null;
    /** @type {(cb: () => void) => unknown} */
    this._requestFrame = options.requestFrame ||
      (raf ? (cb) => raf(cb) : (cb) => setTimeout(cb, 16));
    /** @type {(handle: any) => void} */
    this._cancelFrame = options.cancelFrame ||
      (typeof cancelAnimationFrame === 'function' && raf ? (h) => cancelAnimationFrame(h) : (h) => clearTimeout(h));
    this._now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

    /** @type {Set<(frame: Frame) => void>} */ this._frameListeners = new Set();
    /** @type {Set<(error: Error) => void>} */ this._errorListeners = new Set();
    this._disposed = false;
    /** @type {Frame | null} */ this._lastFrame = null;
    /** The last network and config that opened successfully (restart() re-opens them). */
    /** @type {{ network: any, config: any } | null} */ this._opened = null;
    /** User settings re-applied by restart(). */
    /** @type {{ stepsPerFrame: number | null, lr: number | null, stats: boolean | null, view: ViewOptions | null }} */
    this._settings = { stepsPerFrame: null, lr: null, stats: null, view: null };
    /** @type {WorkerLink} the current worker */
    this._link = this._spawn();
  }

  /** The latest frame received (null before the first). */
  get lastFrame() { return this._lastFrame; }
  /** Whether the worker is alive (false after a crash until restart()). */
  get alive() { return this._link.open && !this._disposed; }
  /** The current worker (for tests that kill it). */
  get _worker() { return this._link.worker; }

  /** @returns {WorkerLink} */
  _spawn() {
    return new WorkerLink({
      createWorker: this._createWorker,
      getModule: this._getModule,
      timeoutMs: () => this.timeoutMs,
      requestFrame: this._requestFrame,
      cancelFrame: this._cancelFrame,
      now: this._now,
      wantsFrames: () => this._frameListeners.size > 0,
      frame: (frame) => {
        this._lastFrame = frame;
        callAll(this._frameListeners, frame);
      },
      died: (error) => callAll(this._errorListeners, error),
    });
  }

  /**
   * Sends a request; resolves with the worker's result or rejects with its message.
   * @param {string} type @param {object} [args] @returns {Promise<any>}
   */
  _request(type, args) {
    if (this._disposed) return Promise.reject(new Error('engine: the client is disposed'));
    const dead = this._link.dead;
    if (dead) return Promise.reject(new Error(`${dead.message}; the engine is stopped until it is restarted (reload the page)`));
    return this._link.request(type, args);
  }

  /**
   * Calls `listener` with every frame (at most one per animation frame).
   * @param {(frame: Frame) => void} listener
   * @returns {() => void} unsubscribe
   */
  onFrame(listener) {
    this._frameListeners.add(listener);
    this._link.schedulePull();
    return () => { this._frameListeners.delete(listener); };
  }

  /**
   * Calls `listener` when the worker crashes or stops answering (then: restart()).
   * @param {(error: Error) => void} listener
   * @returns {() => void} unsubscribe
   */
  onError(listener) {
    this._errorListeners.add(listener);
    return () => { this._errorListeners.delete(listener); };
  }

  // ---- requests -----------------------------------------------------------------------

  /**
   * Opens a network with a training configuration, paused at step 0. Rejects with the
   * core's message on bad input; the previous session then keeps running.
   * @param {object | string} network a gradscope-network/1 document
   * @param {object | string} [config] the training configuration
   * @returns {Promise<NetworkInfo>}
   */
  async open(network, config = {}) {
    const info = await this._request('open', { network, config });
    this._opened = { network: copy(network), config: copy(config) };
    this._settings.lr = null;     // the config's values now rule
    this._settings.stats = null;
    return info;
  }

  /** @returns {Promise<{ running: true }>} */
  play() { return this._request('play'); }
  /** @returns {Promise<{ running: false }>} */
  pause() { return this._request('pause'); }

  /**
   * Runs n steps (in slices; also while playing) and resolves with the frame after them
   * (with evaluate, probe and grid). step(0): the current state at once.
   * @param {number} [n] 0..1000000, default 1
   * @returns {Promise<Frame>}
   */
  step(n = 1) { return this._request('step', { n }); }

  /** Back to the initial parameters (same seed), step 0. @returns {Promise<Frame>} */
  reset() { return this._request('reset'); }

  /**
   * Training speed in steps per 60 Hz frame, 1..10000 (the machine may do fewer).
   * @param {number} stepsPerFrame
   * @returns {Promise<{ stepsPerFrame: number }>}
   */
  async setSpeed(stepsPerFrame) {
    const r = await this._request('setSpeed', { stepsPerFrame });
    this._settings.stepsPerFrame = r.stepsPerFrame;
    return r;
  }

  /** Learning rate, from the next step on (no reset). @param {number} lr @returns {Promise<{ lr: number }>} */
  async setLr(lr) {
    const r = await this._request('setLr', { lr });
    this._settings.lr = r.lr;
    return r;
  }

  /** Per-step statistics on or off (off: faster, frames carry only the loss). @param {boolean} on */
  async setStats(on) {
    const r = await this._request('setStats', { on });
    this._settings.stats = r.on;
    return r;
  }

  /**
   * What frames carry: the decision-boundary grid (null: none) and the intervals of
   * evaluate/grid and probe while running.
   * @param {ViewOptions} view
   */
  async setView(view) {
    const r = await this._request('setView', view);
    this._settings.view = { ...(this._settings.view || {}), ...copy(view) };
    return r;
  }

  /**
   * Any request of the worker: 'probe' | 'evaluate' | 'stats' | 'info' | 'history' |
   * 'historyCsv' | 'historyMatrix' {field} | 'historySteps' | 'export' | 'exportTorch' | 'import' {network} |
   * 'grid' {res, bounds} | 'gradients' {batch} | 'ping'.
   * @param {string} type @param {object} [args] @returns {Promise<any>}
   */
  request(type, args) { return this._request(type, args); }

  /**
   * Replaces the worker with a new one and re-opens the last network and config that
   * opened, then re-applies speed, learning rate, statistics and view. Training starts
   * paused at step 0. Resolves with the network info (null if nothing was open).
   * @returns {Promise<NetworkInfo | null>}
   */
  async restart() {
    if (this._disposed) throw new Error('engine: the client is disposed');
    this._link.close(new Error('engine: the worker was restarted'));
    this._link = this._spawn();
    if (!this._opened) return null;
    const s = this._settings;
    const info = await this._request('open', this._opened);
    /** @type {Promise<any>[]} */
    const again = [];
    if (s.stepsPerFrame !== null) again.push(this._request('setSpeed', { stepsPerFrame: s.stepsPerFrame }));
    if (s.lr !== null) again.push(this._request('setLr', { lr: s.lr }));
    if (s.stats !== null) again.push(this._request('setStats', { on: s.stats }));
    if (s.view !== null) again.push(this._request('setView', s.view));
    await Promise.all(again);
    return info;
  }

  /** Terminates the worker; pending requests reject. The client cannot be used again. */
  dispose() {
    if (this._disposed) return;
    this._disposed = true;
    this._link.close(new Error('engine: the client is disposed'));
    this._frameListeners.clear();
    this._errorListeners.clear();
  }
}
