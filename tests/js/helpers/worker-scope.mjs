// Runs inside a worker_threads Worker: a minimal DedicatedWorkerGlobalScope (postMessage
// and message events) and then the worker module, as a browser would.
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const g = /** @type {any} */ (globalThis);
g.postMessage = (/** @type {any} */ message, /** @type {any[]} */ transfer) => port.postMessage(message, transfer);
g.addEventListener = (/** @type {string} */ type, /** @type {(e: any) => void} */ fn) => {
  if (type === 'message') port.on('message', (data) => fn({ data }));
};
if (workerData.eval) {
  await import(`data:text/javascript,${encodeURIComponent(workerData.entry)}`);
} else {
  await import(workerData.entry);
}
