// A client of a WorkerRuntime in this thread: the worker's own request handling on a
// given module (the real one, usually), without a Worker. request(type, args) resolves
// as EngineClient.request does (rejects with the worker's message).
import { WorkerRuntime } from '../../../web/engine/protocol.js';

/**
 * @param {any} api a loaded module (loadEngine())
 * @returns {Promise<{ rt: WorkerRuntime, request: (type: string, args?: any) => Promise<any> }>}
 */
export async function runtimeClient(api) {
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
  const waiting = new Map();
  let id = 0;
  const rt = new WorkerRuntime({
    post: (m) => {
      if (m.type !== 'reply') return;
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result); else w?.reject(new Error(m.error));
    },
    load: async () => api,
  });
  const request = (/** @type {string} */ type, /** @type {any} */ args) => new Promise((resolve, reject) => {
    const i = ++id;
    waiting.set(i, { resolve, reject });
    rt.handle({ id: i, type, args });
  });
  await request('init', {});
  return { rt, request };
}
