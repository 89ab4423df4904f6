// A Web Worker look-alike on Node's worker_threads, so EngineClient and the real
// web/engine/worker.js can be tested in Node: the main side speaks addEventListener /
// postMessage / terminate; the worker side (worker-scope.mjs) gives the module
// `globalThis.postMessage` and `addEventListener('message')` before importing it.
import { Worker } from 'node:worker_threads';

const SCOPE = new URL('./worker-scope.mjs', import.meta.url);

export class NodeWebWorker {
  /**
   * @param {URL | string} entry the worker module (e.g. web/engine/worker.js), or inline
   *   code when `eval` is set (run inside the same scope shim)
   * @param {{ eval?: boolean }} [options]
   */
  constructor(entry, options = {}) {
    this._worker = new Worker(SCOPE, { workerData: { entry: String(entry), eval: !!options.eval } });
    /** @type {Record<string, Array<(e: any) => void>>} */
    this._listeners = { message: [], error: [], messageerror: [] };
    this._worker.on('message', (data) => this._emit('message', { data }));
    this._worker.on('error', (error) => this._emit('error', { message: error.message, error, preventDefault() {} }));
    this._worker.on('messageerror', (error) => this._emit('messageerror', { error }));
    this.terminated = false;
  }
  /** @param {string} type @param {any} e */
  _emit(type, e) { for (const fn of this._listeners[type] || []) fn(e); }
  /** @param {any} message @param {any[]} [transfer] */
  postMessage(message, transfer) { this._worker.postMessage(message, transfer); }
  /** @param {string} type @param {(e: any) => void} fn */
  addEventListener(type, fn) { (this._listeners[type] ||= []).push(fn); }
  terminate() {
    this.terminated = true;
    void this._worker.terminate();
  }
}
