// EngineClient: the page's handle on one engine worker (docs/engine-client.md). One
// client owns one module Web Worker (worker.js), which owns one Session of the WASM
// engine. Requests are Promises that reject with the core's message; frames are pulled
// from requestAnimationFrame (at most one outstanding), so the page draws at most once a
// frame while the worker trains as fast as the requested speed and the machine allow.
// No module-level mutable state except the per-page compiled module (getCompiledModule).
// This file is not: the worker's behaviour (protocol.js) or drawing.

/** @typedef {import('./client').Frame} Frame */
/** @typedef {import('./client').EngineClientOptions} EngineClientOptions */
/** @typedef {import('./client').WorkerLike} WorkerLike */
/** @typedef {import('./client').ViewOptions} ViewOptions */
/** @typedef {import('./gradscope').NetworkInfo} NetworkInfo */

/**
 * The one compile of the module for this page (a Promise, shared by every client).
 * @type {Promise<WebAssembly.Module> | null}
 */
let compiled = null;

/**
 * Compiles web/generated/gradscope.wasm once per page; every worker instantiates it.
 * Falls back to an ArrayBuffer compile when the server does not send application/wasm.
 * @returns {Promise<WebAssembly.Module>}
 */
export function getCompiledModule() {
  if (!compiled) {
    const url = new URL('../generated/gradscope.wasm', import.meta.url);
    const p = (async () => {
      if (typeof WebAssembly.compileStreaming === 'function') {
        try {
          return await WebAssembly.compileStreaming(fetch(url));
        } catch (e) {
          if (!(e instanceof TypeError)) throw e;  // TypeError: wrong MIME type; retry below
        }
      }
      const response = await fetch(url);
      if (!response.ok) throw new Error(`engine: cannot load ${url.href}: HTTP ${response.status}`);
      return WebAssembly.compile(await response.arrayBuffer());
    })();
    compiled = p;
    p.catch(() => { if (compiled === p) compiled = null; });  // let a later client retry
  }
  return compiled;
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
 * @typedef {object} Pending
 * @property {(value: any) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {string} type
 * @property {number} sentAt
 */

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

    /** @type {WorkerLike | null} */ this._worker = null;
    this._generation = 0;
    this._nextId = 1;
    /** @type {Map<number, Pending>} */ this._pending = new Map();
    /** @type {Set<(frame: Frame) => void>} */ this._frameListeners = new Set();
    /** @type {Set<(error: Error) => void>} */ this._errorListeners = new Set();
    /** @type {Error | null} set when the worker died; cleared by restart() */ this._dead = null;
    this._disposed = false;
    this._lastHeard = 0;
    /** @type {ReturnType<typeof setInterval> | null} */ this._watchdog = null;
    /**
     * The frame pull: 'none' (not sent), 'owed' (sent, a frame is due: it has a deadline), or
     * 'parked' (the worker said 'idle': it waits for a change and owes no reply).
     * @type {'none' | 'owed' | 'parked'}
     */
    this._pull = 'none';
    this._pullSentAt = 0;
    /** @type {unknown} */ this._rafHandle = null;
    /** @type {Frame | null} */ this._lastFrame = null;

    /** The last network and config that opened successfully (restart() re-opens them). */
    /** @type {{ network: any, config: any } | null} */ this._opened = null;
    /** User settings re-applied by restart(). */
    /** @type {{ stepsPerFrame: number | null, lr: number | null, stats: boolean | null, view: ViewOptions | null }} */
    this._settings = { stepsPerFrame: null, lr: null, stats: null, view: null };

    this._spawn();
  }

  /** The latest frame received (null before the first). */
  get lastFrame() { return this._lastFrame; }
  /** Whether the worker is alive (false after a crash until restart()). */
  get alive() { return !this._dead && !this._disposed; }

  // ---- the worker ---------------------------------------------------------------------

  _spawn() {
    const gen = ++this._generation;
    const worker = this._createWorker();
    this._worker = worker;
    this._dead = null;
    this._pull = 'none';
    this._lastHeard = this._now();
    worker.addEventListener('message', (/** @type {any} */ e) => {
      if (gen === this._generation) this._onMessage(e.data);
    });
    worker.addEventListener('error', (/** @type {any} */ e) => {
      if (e && typeof e.preventDefault === 'function') e.preventDefault();
      if (gen !== this._generation) return;
      const where = e && e.filename ? ` (${e.filename}:${e.lineno})` : '';
      this._die(new Error(`engine: the worker failed: ${(e && e.message) || 'it could not start or crashed'}${where}`));
    });
    worker.addEventListener('messageerror', () => {
      if (gen === this._generation) this._die(new Error('engine: a message from the worker could not be read'));
    });
    // init: the compiled module goes first; the worker queues requests until it is loaded
    const id = this._register('init', () => {}, () => {});
    Promise.resolve()
      .then(() => this._getModule())
      .then(
        (module) => {
          if (gen !== this._generation || this._dead) return;
          const p = this._pending.get(id);
          if (p) p.sentAt = this._now();  // the compile does not count against the timeout
          // digitsUrl: resolved here, on the page, where a bundler that copies this package's
          // files rewrites it (a worker copied as a file keeps its own references unchanged)
          worker.postMessage({ id, type: 'init', args: { module, digitsUrl: new URL('../generated/digits.txt', import.meta.url).href } });
        },
        (e) => {
          if (gen === this._generation) this._die(new Error(`engine: could not compile the WebAssembly module: ${e && e.message ? e.message : e}`));
        });
    this._schedulePull();
  }

  /** @param {any} msg */
  _onMessage(msg) {
    this._lastHeard = this._now();
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'idle') {
      // paused, finished or waiting: the pull is answered when something changes, and
      // an idle worker is never "stopped answering" however long the reader looks
      if (this._pull === 'owed') this._pull = 'parked';
      this._armWatchdog();
      return;
    }
    // anything else may start work (a reply to play or step): the parked pull owes a
    // frame again, counted from now
    if (this._pull === 'parked') {
      this._pull = 'owed';
      this._pullSentAt = this._lastHeard;
      this._armWatchdog();
    }
    switch (msg.type) {
      case 'reply': {
        const p = this._pending.get(msg.id);
        if (!p) return;
        this._pending.delete(msg.id);
        this._armWatchdog();
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
        return;
      }
      case 'frame': {
        this._pull = 'none';
        this._armWatchdog();
        this._lastFrame = msg.frame;
        for (const cb of [...this._frameListeners]) {
          try {
            cb(msg.frame);
          } catch (e) {
            queueMicrotask(() => { throw e; });  // a listener's bug must not stop the frames
          }
        }
        this._schedulePull();
        return;
      }
      case 'fatal':
        this._die(new Error(msg.error));
        return;
      default:
        return;  // heartbeat
    }
  }

  /**
   * @param {string} type @param {(v: any) => void} resolve @param {(e: Error) => void} reject
   * @returns {number} the request id
   */
  _register(type, resolve, reject) {
    const id = this._nextId++;
    this._pending.set(id, { resolve, reject, type, sentAt: this._now() });
    this._armWatchdog();
    return id;
  }

  /**
   * Sends a request; resolves with the worker's result or rejects with its message.
   * @param {string} type @param {object} [args] @returns {Promise<any>}
   */
  _request(type, args) {
    if (this._disposed) return Promise.reject(new Error('engine: the client is disposed'));
    if (this._dead) return Promise.reject(new Error(`${this._dead.message}; the engine is stopped until it is restarted (reload the page)`));
    return new Promise((resolve, reject) => {
      const id = this._register(type, resolve, reject);
      try {
        /** @type {WorkerLike} */ (this._worker).postMessage({ id, type, args: args || {} });
      } catch (e) {
        // e.g. DataCloneError: the arguments cannot be sent
        this._pending.delete(id);
        this._armWatchdog();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /**
   * Runs the stall check while something owes a reply (and only then): pending requests,
   * and a pull the worker has not parked. An idle worker has no deadline.
   */
  _armWatchdog() {
    if ((this._pending.size === 0 && this._pull !== 'owed') || this._dead || this._disposed) {
      if (this._watchdog !== null) clearInterval(this._watchdog);
      this._watchdog = null;
      return;
    }
    if (this._watchdog !== null) return;
    this._watchdog = setInterval(() => this._checkStall(), Math.max(10, Math.min(1000, this.timeoutMs / 4)));
  }

  _checkStall() {
    if ((this._pending.size === 0 && this._pull !== 'owed') || this._dead) return this._armWatchdog();
    let oldest = Infinity, type = '';
    for (const p of this._pending.values()) if (p.sentAt < oldest) { oldest = p.sentAt; type = p.type; }
    if (this._pull === 'owed' && this._pullSentAt < oldest) { oldest = this._pullSentAt; type = 'pull'; }
    const silent = this._now() - Math.max(oldest, this._lastHeard);
    if (silent > this.timeoutMs)
      this._die(new Error(`engine: the worker stopped answering (no reply to '${type}' for ${(silent / 1000).toFixed(1)} s)`));
  }

  /** The worker is gone: reject everything pending, tell the onError listeners. @param {Error} error */
  _die(error) {
    if (this._dead || this._disposed) return;
    this._dead = error;
    this._teardown(error);
    for (const cb of [...this._errorListeners]) {
      try {
        cb(error);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  }

  /** @param {Error} error */
  _teardown(error) {
    this._generation++;  // ignore anything the old worker still sends
    if (this._worker) this._worker.terminate();
    this._worker = null;
    if (this._rafHandle !== null) this._cancelFrame(this._rafHandle);
    this._rafHandle = null;
    this._pull = 'none';
    const pending = [...this._pending.values()];
    this._pending.clear();
    this._armWatchdog();
    for (const p of pending) p.reject(error);
  }

  // ---- frames -------------------------------------------------------------------------

  _schedulePull() {
    if (this._disposed || this._dead || this._pull !== 'none' || this._rafHandle !== null || this._frameListeners.size === 0) return;
    this._rafHandle = this._requestFrame(() => {
      this._rafHandle = null;
      if (this._disposed || this._dead || this._pull !== 'none' || this._frameListeners.size === 0 || !this._worker) return;
      this._pull = 'owed';
      this._pullSentAt = this._now();
      this._armWatchdog();  // a frame that never comes means the worker is gone
      this._worker.postMessage({ type: 'pull' });
    });
  }

  /**
   * Calls `listener` with every frame (at most one per animation frame).
   * @param {(frame: Frame) => void} listener
   * @returns {() => void} unsubscribe
   */
  onFrame(listener) {
    this._frameListeners.add(listener);
    this._schedulePull();
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
    this._teardown(new Error('engine: the worker was restarted'));
    this._spawn();
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
    this._teardown(new Error('engine: the client is disposed'));
    this._disposed = true;
    this._frameListeners.clear();
    this._errorListeners.clear();
  }
}
