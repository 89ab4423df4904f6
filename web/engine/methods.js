// @ts-check
// The one table of the WASM engine's methods, and where each reaches JavaScript: the
// Embind method of wasm/bindings.cpp (`engine`), the gradscope.js Session member or module
// function (`session` / `module`), the worker request of protocol.js (`request`) and the
// EngineClient method (`client`; 'request' = client.request(type), typed by client.d.ts
// RequestResults). tests/js/boundary.test.mjs checks every layer against this table, both
// ways: a method bound but missing here, or listed here but missing in one layer, fails.
// null: the layer has no such entry on purpose (`why` says so).
// This file is not: the bindings themselves, or the worker's behaviour.

/**
 * @typedef {{ engine: string, session?: string | null, module?: string | null,
 *             request: string | null, client: string | null, why?: string }} EngineMethod
 */

/** @type {readonly EngineMethod[]} */
export const ENGINE_METHODS = Object.freeze([
  { engine: 'open', session: 'constructor', request: 'open', client: 'open' },
  { engine: 'isOpen', session: null, request: null, client: null, why: 'a Session is open from construction to dispose()' },
  { engine: 'takeError', session: null, request: null, client: null, why: 'the error channel: read after every call, thrown as Error' },
  { engine: 'step', session: 'step', request: 'step', client: 'step' },
  { engine: 'steps', session: 'steps', request: 'ping', client: 'request' },
  { engine: 'diverged', session: 'diverged', request: null, client: null, why: 'every frame carries it (frame.diverged)' },
  { engine: 'reset', session: 'reset', request: 'reset', client: 'reset' },
  { engine: 'setLr', session: 'setLr', request: 'setLr', client: 'setLr' },
  { engine: 'setStats', session: 'setStats', request: 'setStats', client: 'setStats' },
  { engine: 'statsJson', session: 'stats', request: 'stats', client: 'request' },
  { engine: 'statsColumns', session: 'statsColumns', request: 'statsColumns', client: 'request' },
  { engine: 'evaluateJson', session: 'evaluate', request: 'evaluate', client: 'request' },
  { engine: 'probeJson', session: 'probe', request: 'probe', client: 'request' },
  { engine: 'historyJson', session: 'history', request: 'history', client: 'request' },
  { engine: 'historyCsv', session: 'historyCsv', request: 'historyCsv', client: 'request' },
  { engine: 'historyMatrix', session: 'historyMatrix', request: 'historyMatrix', client: 'request' },
  { engine: 'historySteps', session: 'historySteps', request: 'historySteps', client: 'request' },
  { engine: 'grid', session: 'grid', request: 'grid', client: 'request' },
  { engine: 'exportNetwork', session: 'exportNetwork', request: 'export', client: 'request' },
  { engine: 'exportTorch', session: 'exportTorch', request: 'exportTorch', client: 'request' },
  { engine: 'importNetwork', session: 'importNetwork', request: 'import', client: 'request' },
  { engine: 'gradientsJson', session: 'gradients', request: 'gradients', client: 'request' },
  { engine: 'infoJson', session: 'info', request: 'info', client: 'request' },
  { engine: 'dataJson', session: 'data', request: 'data', client: 'request' },
  { engine: 'delete', session: 'dispose', request: null, client: 'dispose', why: 'the worker frees its session on open and when it ends' },
  { engine: 'setDigits', module: 'setDigits', request: null, client: null, why: 'the worker fetches the digits itself when an open asks for them (WorkerRuntimeOptions.loadDigits)' },
  { engine: 'productExperiment', module: 'productExperiment', request: null, client: null, why: 'a stateless helper of the module' },
  { engine: 'activationCurve', module: 'activationCurve', request: null, client: null, why: 'a stateless helper of the module' },
]);

/** Worker requests that are not engine methods (the worker's own state). */
export const WORKER_ONLY_REQUESTS = Object.freeze(['init', 'play', 'pause', 'setSpeed', 'setView']);
