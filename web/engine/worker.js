// The engine worker: one module Web Worker owns one WorkerRuntime (protocol.js), which
// owns one Session of the WASM engine. Created by EngineClient as
//   new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })
// The client posts the compiled WebAssembly.Module in its first message ('init'); the
// worker instantiates it here (loadGradscope({ wasmModule })), so a page with several
// networks compiles the module once. All behaviour lives in protocol.js.
import { loadGradscope } from './gradscope.js';
import { WorkerRuntime } from './protocol.js';

/**
 * A zero-delay scheduler that does not suffer setTimeout's 4 ms clamping: a
 * MessageChannel message is a task, so the client's messages interleave with slices.
 * Two channels, used in turn: an engine that drains a port's queue in one go (Node's
 * worker_threads do, up to 1000 messages) would otherwise run slice after slice and
 * starve the client's messages.
 * @returns {import('./protocol.js').ScheduleFn}
 */
function channelSchedule() {
  const channels = [new MessageChannel(), new MessageChannel()];
  /** @type {(() => void) | null} */
  let next = null;
  let turn = 0;
  for (const c of channels) {
    c.port1.onmessage = () => {
      const fn = next;
      next = null;
      if (fn) fn();
    };
  }
  return (fn, delayMs) => {
    if (delayMs > 0) {
      const t = setTimeout(fn, delayMs);
      return () => clearTimeout(t);
    }
    next = fn;
    turn ^= 1;
    channels[turn].port2.postMessage(null);
    return () => {
      if (next === fn) next = null;
    };
  };
}

/**
 * Wires a runtime to a worker scope (`self` in a browser; the Node tests pass a shim).
 * @param {{ postMessage(message: any, transfer: Transferable[]): void,
 *           addEventListener(type: 'message', listener: (event: MessageEvent) => void): void }} scope
 * @returns {WorkerRuntime}
 */
function startWorker(scope) {
  // The 8x8 digits' URL: the client's, from 'init' (resolved on the page, where bundlers
  // rewrite it), else the file next to this one.
  let digitsUrl = new URL('../generated/digits.txt', import.meta.url).href;
  const runtime = new WorkerRuntime({
    post: (message, transfer) => scope.postMessage(message, transfer),
    load: (wasmModule) => loadGradscope(wasmModule ? { wasmModule } : {}),
    loadDigits: async () => {
      const url = digitsUrl;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response.text();
    },
    now: () => performance.now(),
    schedule: channelSchedule(),
  });
  scope.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'init' && m.args && typeof m.args.digitsUrl === 'string') digitsUrl = m.args.digitsUrl;
    runtime.handle(m);
  });
  return runtime;
}

startWorker(/** @type {any} */ (globalThis));
