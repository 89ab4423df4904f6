// The JavaScript API of the WebAssembly engine: one Session per network, JSON documents
// in, plain objects and Float64Array copies out. Every core error becomes an Error with
// the core's message (the bindings return errors as data; see wasm/engine.hpp).
// Used by the worker (web/engine/worker.js) and by the Node tests; no DOM here.
import createGradscopeModule from '../generated/gradscope.mjs';

/** @typedef {import('./gradscope').GradscopeModule} GradscopeModule */

/** @type {Map<string, Promise<GradscopeModule>>} */
const cache = new Map();

/**
 * Instantiates the module (once per realm and binary).
 * @param {{ wasmBinary?: ArrayBuffer | Uint8Array, wasmModule?: WebAssembly.Module }} [options]
 *   wasmModule: a compiled module shared between workers (compiled once, instantiated per worker);
 *   wasmBinary: the bytes (Node, where fetch of file URLs fails).
 * @returns {Promise<GradscopeModule>}
 */
export function loadGradscope(options = {}) {
  const key = options.wasmModule ? 'module' : options.wasmBinary ? 'binary' : 'url';
  let p = cache.get(key);
  if (!p) {
    p = instantiate(options);
    cache.set(key, p);
    // A failed load is not cached: a later call (e.g. after a restart) tries again.
    p.catch(() => { if (cache.get(key) === p) cache.delete(key); });
  }
  return p;
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
  class Session {
    /**
     * @param {object | string} network a gradscope-network/1 document
     * @param {object | string} [config] the training configuration (docs/session.md)
     */
    constructor(network, config = {}) {
      this._e = new m.Engine();
      const ok = this._e.open(str(network), str(config));
      if (!ok) {
        const msg = this._e.takeError();
        this._e.delete();
        this._e = null;
        throw new Error(msg);
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
  return {
    Session,
    version: () => m.version(),
    /** @param {object} cfg */
    productExperiment(cfg) {
      const r = JSON.parse(m.productExperiment(JSON.stringify(cfg)));
      if (r.error) throw new Error(r.error);
      return r;
    },
    /** @param {string | object} activation @param {ArrayLike<number>} xs */
    activationCurve(activation, xs) {
      const out = m.activationCurve(typeof activation === 'string' ? activation : JSON.stringify(activation), Array.from(xs));
      const err = m.lastHelperError();
      if (err) throw new Error(err);
      const n = xs.length;
      return { value: out.slice(0, n), deriv: out.slice(n) };
    },
    /** The raw module, for tests of memory use. */
    raw: m,
  };
}

/** @param {object | string} v */
function str(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
