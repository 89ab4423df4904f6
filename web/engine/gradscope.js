// The JavaScript API of the WebAssembly engine: one Session per network, JSON documents
// in, plain objects and Float64Array copies out. Every core error becomes an Error with
// the core's message (the bindings return errors as data; see wasm/engine.hpp).
// Used by the worker (web/engine/worker.js) and by the Node tests; no DOM here.
import createGradscopeModule from '../generated/gradscope.mjs';
import { asksForDigits } from './digits.js';

export { asksForDigits };

/** @typedef {import('./gradscope').GradscopeModule} GradscopeModule */

/**
 * Instantiates the module: a new instance (its own memory and digits) per call. The
 * worker calls it once (its runtime owns the instance); so does each Node test file.
 * @param {{ wasmBinary?: ArrayBuffer | Uint8Array, wasmModule?: WebAssembly.Module, digits?: string }} [options]
 *   wasmModule: a compiled module shared between workers (compiled once, instantiated per worker);
 *   wasmBinary: the bytes (Node, where fetch of file URLs fails);
 *   digits: the 8x8 digits (web/generated/digits.txt), which are not inside the .wasm: the
 *   text sessions on `data.name: "digits"` train on (also later, by setDigits()).
 * @returns {Promise<GradscopeModule>}
 */
export async function loadGradscope(options = {}) {
  const api = await instantiate(options);
  if (options.digits) api.setDigits(options.digits);
  return api;
}


/**
 * @param {{ wasmBinary?: ArrayBuffer | Uint8Array, wasmModule?: WebAssembly.Module }} options
 * @returns {Promise<GradscopeModule>}
 */
function instantiate(options) {
  return new Promise((resolve, reject) => {
    /** @type {any} */
    const init = {};
    if (options.wasmModule) {
      const mod = options.wasmModule;
      init.instantiateWasm = (/** @type {any} */ imports, /** @type {any} */ done) => {
        // Emscripten ignores a failure here (its ready promise would never settle).
        WebAssembly.instantiate(mod, imports).then((inst) => done(inst, mod), reject);
        return {};
      };
    } else if (options.wasmBinary) {
      init.wasmBinary = options.wasmBinary;
    }
    createGradscopeModule(init).then((/** @type {any} */ m) => resolve(wrap(m)), reject);
  });
}

/** @param {any} m */
function wrap(m) {
  /** @type {{ scalars: string[], columns: import('./gradscope').StatsColumnName[] }} */
  const names = JSON.parse(m.statsColumnNames());
  const S = names.scalars.length, C = names.columns.length;
  /** where each scalar of statsColumns() is in the buffer (the core's names, checked here) */
  const scalarIndex = Object.fromEntries(names.scalars.map((n, i) => [n, i]));
  for (const n of ['step', 'loss', 'accuracy', 'lr', 'grad_norm', 'clipped_norm', 'clipped', 'dead_units', 'diverged'])
    if (!(n in scalarIndex)) throw new Error(`engine: the module's statistics have no scalar '${n}'`);
  /** @type {string | null} the digits' text, once given (loadGradscope / setDigits) */
  let digits = null;
  class Session {
    /**
     * @param {object | string} network a gradscope-network/1 document
     * @param {object | string} [config] the training configuration (docs/session.md)
     */
    constructor(network, config = {}) {
      // Serialised first: a document that cannot be (a cycle, a BigInt) throws before an
      // Engine exists; anything failing after is cleaned up by the finally.
      const net = str(network), cfg = str(config);
      /** @type {any} */
      this._e = null;
      const e = new m.Engine();
      try {
        if (digits !== null && asksForDigits(cfg)) e.setDigits(digits);
        if (!e.open(net, cfg)) throw new Error(e.takeError());
        this._e = e;
      } finally {
        if (this._e !== e) e.delete();
      }
    }
    /** @template T @param {() => T} f @returns {T} */
    _call(f) {
      if (!this._e) throw new Error('session: already disposed');
      const r = f();
      const err = this._e.takeError();
      if (err) throw new Error(err);
      return r;
    }
    /** @param {number} n */ step(n = 1) { return this._call(() => this._e.step(n | 0)); }
    get steps() { return this._call(() => this._e.steps()); }
    get diverged() { return this._call(() => this._e.diverged()); }
    reset() { this._call(() => this._e.reset()); }
    /** @param {number} lr */ setLr(lr) { this._call(() => this._e.setLr(+lr)); }
    /** @param {boolean} on */ setStats(on) { this._call(() => this._e.setStats(!!on)); }
    stats() { return JSON.parse(this._call(() => this._e.statsJson())); }
    /**
     * The same statistics without JSON: one copy of the core's column buffer, the step's
     * scalars as numbers and every per-layer statistic as a Float64Array view of it
     * (NaN where stats() has null).
     * @returns {import('./gradscope').StatsColumns}
     */
    statsColumns() {
      // a view of wasm memory, copied before anything else can run (memory growth would detach it)
      /** @type {Float64Array} */
      const buf = this._call(() => this._e.statsColumns()).slice();
      const L = (buf.length - S) / C, B = buf.buffer;
      /** @type {Record<string, Float64Array>} */
      const columns = {};
      for (let c = 0; c < C; ++c) columns[names.columns[c]] = new Float64Array(B, (S + c * L) * 8, L);
      const at = scalarIndex;
      return {
        step: buf[at.step], loss: buf[at.loss], accuracy: buf[at.accuracy], lr: buf[at.lr],
        grad_norm: buf[at.grad_norm], clipped_norm: buf[at.clipped_norm], clipped: buf[at.clipped] === 1,
        dead_units: buf[at.dead_units], diverged: buf[at.diverged] === 1, layers: L,
        columns: /** @type {import('./gradscope').StatsColumns['columns']} */ (columns),
      };
    }
    evaluate() { return JSON.parse(this._call(() => this._e.evaluateJson())); }
    probe() { return JSON.parse(this._call(() => this._e.probeJson())); }
    history() { return JSON.parse(this._call(() => this._e.historyJson())); }
    historyCsv() { return this._call(() => this._e.historyCsv()); }
    /** @param {string} field */ historyMatrix(field) { return this._call(() => this._e.historyMatrix(field)); }
    historySteps() { return this._call(() => this._e.historySteps()); }
    /** @param {number} res @param {number[]} [bounds] [xLo, xHi, yLo, yHi] */
    grid(res, bounds = [-1.5, 1.5, -1.5, 1.5]) {
      return this._call(() => this._e.grid(res | 0, bounds[0], bounds[1], bounds[2], bounds[3]));
    }
    exportNetwork() { return JSON.parse(this._call(() => this._e.exportNetwork())); }
    /** The network as one Python file for PyTorch (what `gradscope export torch` writes). */
    exportTorch() { return this._call(() => this._e.exportTorch()); }
    /** @param {object | string} network */ importNetwork(network) { this._call(() => this._e.importNetwork(str(network))); }
    /** @param {object | string} batch */ gradients(batch) { return JSON.parse(this._call(() => this._e.gradientsJson(str(batch)))); }
    info() { return JSON.parse(this._call(() => this._e.infoJson())); }
    /** @param {number} [maxRows] rows per split, 1..100000 */
    data(maxRows = 2000) { return JSON.parse(this._call(() => this._e.dataJson(maxRows | 0))); }
    dispose() { if (this._e) { this._e.delete(); this._e = null; } }
  }
  /**
   * Runs a stateless helper on its own Engine: errors come through takeError(), the one
   * error channel, and the Engine is freed whatever happens.
   * @template T @param {(e: any) => T} f @returns {T}
   */
  function helper(f) {
    const e = new m.Engine();
    try {
      const r = f(e);
      const err = e.takeError();
      if (err) throw new Error(err);
      return r;
    } finally {
      e.delete();
    }
  }

  return {
    Session,
    statsColumnNames: () => ({ scalars: [...names.scalars], columns: [...names.columns] }),
    /** @param {string} text the digits (web/generated/digits.txt), for sessions on "digits" */
    setDigits(text) {
      if (typeof text !== 'string' || text.length === 0) throw new Error('digits: must be the text of digits.txt');
      digits = text;
    },
    hasDigits: () => digits !== null,
    version: () => m.version(),
    /** @param {object} cfg */
    productExperiment(cfg) {
      const text = JSON.stringify(cfg);
      return JSON.parse(helper((e) => e.productExperiment(text)));
    },
    /** @param {string | object} activation @param {ArrayLike<number>} xs */
    activationCurve(activation, xs) {
      const act = typeof activation === 'string' ? activation : JSON.stringify(activation);
      const values = Array.from(xs);
      /** @type {Float64Array} */
      const out = helper((e) => e.activationCurve(act, values));
      const n = values.length;
      return { value: out.slice(0, n), deriv: out.slice(n) };
    },
    /** The raw module, for tests of memory use. */
    raw: m,
  };
}

/** @param {object | string} v */
function str(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
