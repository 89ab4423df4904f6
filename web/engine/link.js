// @ts-check
// The client's link to its worker (docs/engine-client.md, "Liveness"): spawning it and
// sending `init` with the compiled module, requests as Promises, the frame pull from
// requestAnimationFrame (at most one outstanding), and the deadlines: only what owes an
// answer (a pending request, a pull the worker has not parked with 'idle') has one; a
// worker that misses it, fails or says 'fatal' is dead, and everything pending rejects.
// EngineClient (client.js) holds one WorkerLink per worker it spawns.
// This file is not: the public API or restart() (client.js), the worker (protocol.js).

/** @typedef {import('./client').Frame} Frame */
/** @typedef {import('./client').WorkerLike} WorkerLike */

/**
 * @typedef {object} Pending
 * @property {(value: any) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {string} type
 * @property {number} sentAt
 */

/**
 * What the link needs of its client.
 * @typedef {object} LinkOptions
 * @property {() => WorkerLike} createWorker
 * @property {() => Promise<WebAssembly.Module>} getModule
 * @property {() => number} timeoutMs read at each check (the client's `timeoutMs`)
 * @property {(cb: () => void) => unknown} requestFrame
 * @property {(handle: any) => void} cancelFrame
 * @property {() => number} now
 * @property {() => boolean} wantsFrames whether anyone listens to frames
 * @property {(frame: Frame) => void} frame a frame arrived
 * @property {(error: Error) => void} died the worker died (not called after close())
 */

export class WorkerLink {
  /** @param {LinkOptions} o */
  constructor(o) {
    this._o = o;
    this.worker = o.createWorker();
    this._nextId = 1;
    /** @type {Map<number, Pending>} */ this._pending = new Map();
    /** @type {Error | null} set when the worker died */ this.dead = null;
    this._closed = false;
    this._lastHeard = o.now();
    /** @type {ReturnType<typeof setInterval> | null} */ this._watchdog = null;
    /**
     * The frame pull: 'none' (not sent), 'owed' (sent, a frame is due: it has a deadline), or
     * 'parked' (the worker said 'idle': it waits for a change and owes no reply).
     * @type {'none' | 'owed' | 'parked'}
     */
    this._pull = 'none';
    this._pullSentAt = 0;
    /** @type {unknown} */ this._rafHandle = null;
    this._listen();
    this._init();
    this.schedulePull();
  }

  /** True while the worker may answer (not dead, not closed). */
  get open() { return !this.dead && !this._closed; }

  _listen() {
    const w = this.worker;
    w.addEventListener('message', (/** @type {any} */ e) => { if (this.open) this._onMessage(e.data); });
    w.addEventListener('error', (/** @type {any} */ e) => {
      if (e && typeof e.preventDefault === 'function') e.preventDefault();
      const where = e && e.filename ? ` (${e.filename}:${e.lineno})` : '';
      if (this.open) this.die(new Error(`engine: the worker failed: ${(e && e.message) || 'it could not start or crashed'}${where}`));
    });
    w.addEventListener('messageerror', () => {
      if (this.open) this.die(new Error('engine: a message from the worker could not be read'));
    });
  }

  /** init: the compiled module goes first; the worker queues requests until it is loaded. */
  _init() {
    const id = this._register('init', () => {}, () => {});
    Promise.resolve()
      .then(() => this._o.getModule())
      .then(
        (module) => {
          if (!this.open) return;
          const p = this._pending.get(id);
          if (p) p.sentAt = this._o.now();  // the compile does not count against the timeout
          // digitsUrl: resolved here, on the page, where a bundler that copies this package's
          // files rewrites it (a worker copied as a file keeps its own references unchanged)
          this.worker.postMessage({ id, type: 'init', args: { module, digitsUrl: new URL('../generated/digits.txt', import.meta.url).href } });
        },
        (e) => {
          if (!this._closed) this.die(new Error(`engine: could not compile the WebAssembly module: ${e && e.message ? e.message : e}`));
        });
  }

  /** @param {any} msg */
  _onMessage(msg) {
    this._lastHeard = this._o.now();
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
    if (msg.type === 'reply') this._onReply(msg);
    else if (msg.type === 'frame') {
      this._pull = 'none';
      this._armWatchdog();
      this._o.frame(msg.frame);
      this.schedulePull();
    } else if (msg.type === 'fatal') this.die(new Error(msg.error));
    // else: a heartbeat
  }

  /** @param {{ id: number, ok: boolean, result?: any, error?: string }} msg */
  _onReply(msg) {
    const p = this._pending.get(msg.id);
    if (!p) return;
    this._pending.delete(msg.id);
    this._armWatchdog();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  }

  /**
   * @param {string} type @param {(v: any) => void} resolve @param {(e: Error) => void} reject
   * @returns {number} the request id
   */
  _register(type, resolve, reject) {
    const id = this._nextId++;
    this._pending.set(id, { resolve, reject, type, sentAt: this._o.now() });
    this._armWatchdog();
    return id;
  }

  /**
   * Sends a request; resolves with the worker's result or rejects with its message.
   * @param {string} type @param {object} [args] @returns {Promise<any>}
   */
  request(type, args) {
    return new Promise((resolve, reject) => {
      const id = this._register(type, resolve, reject);
      try {
        this.worker.postMessage({ id, type, args: args || {} });
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
    if ((this._pending.size === 0 && this._pull !== 'owed') || !this.open) {
      if (this._watchdog !== null) clearInterval(this._watchdog);
      this._watchdog = null;
      return;
    }
    if (this._watchdog !== null) return;
    this._watchdog = setInterval(() => this._checkStall(), Math.max(10, Math.min(1000, this._o.timeoutMs() / 4)));
  }

  _checkStall() {
    if ((this._pending.size === 0 && this._pull !== 'owed') || !this.open) return this._armWatchdog();
    let oldest = Infinity, type = '';
    for (const p of this._pending.values()) if (p.sentAt < oldest) { oldest = p.sentAt; type = p.type; }
    if (this._pull === 'owed' && this._pullSentAt < oldest) { oldest = this._pullSentAt; type = 'pull'; }
    const silent = this._o.now() - Math.max(oldest, this._lastHeard);
    if (silent > this._o.timeoutMs())
      this.die(new Error(`engine: the worker stopped answering (no reply to '${type}' for ${(silent / 1000).toFixed(1)} s)`));
  }

  /** Asks for the next frame at the next animation frame, when someone listens. */
  schedulePull() {
    if (!this.open || this._pull !== 'none' || this._rafHandle !== null || !this._o.wantsFrames()) return;
    this._rafHandle = this._o.requestFrame(() => {
      this._rafHandle = null;
      if (!this.open || this._pull !== 'none' || !this._o.wantsFrames()) return;
      this._pull = 'owed';
      this._pullSentAt = this._o.now();
      this._armWatchdog();  // a frame that never comes means the worker is gone
      this.worker.postMessage({ type: 'pull' });
    });
  }

  /** The worker is gone: close, then tell the client. @param {Error} error */
  die(error) {
    if (!this.open) return;
    this.dead = error;
    this._shut(error);
    this._o.died(error);
  }

  /** Ends the link (restart, dispose): pending requests reject with `error`. @param {Error} error */
  close(error) {
    if (this._closed) return;
    this._closed = true;
    this._shut(error);
  }

  /** @param {Error} error */
  _shut(error) {
    this.worker.terminate();
    if (this._rafHandle !== null) this._o.cancelFrame(this._rafHandle);
    this._rafHandle = null;
    this._pull = 'none';
    const pending = [...this._pending.values()];
    this._pending.clear();
    this._armWatchdog();
    for (const p of pending) p.reject(error);
  }
}
