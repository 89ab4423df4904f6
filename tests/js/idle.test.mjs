// An idle engine is not a hung engine (issue: "a paused page resets itself"). A paused,
// finished or waiting worker answers a pull it cannot serve with 'idle'; the client then
// has no deadline, however long the reader looks. A worker that dies while it owes a
// frame or a reply is still reported. Driven with a short timeout so that a few seconds
// of idling are many timeouts long.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { EngineClient } from '../../web/engine/client.js';
import { compileEngine, network, stack } from './helpers/engine.mjs';
import { NodeWebWorker } from './helpers/node-worker.mjs';

const WORKER = new URL('../../web/engine/worker.js', import.meta.url);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
// The client's watchdog, in ms: short, so that an idle is many timeouts long, yet long
// enough that a worker thread starved by a loaded machine still answers a request in time
// (300 ms was not, at load averages of 20-30 on 2 cores).
const TIMEOUT = 800;
const IDLE = 4000;      // how long each case idles: 5 timeouts

/** @type {WebAssembly.Module} */
let mod;
/** @type {EngineClient[]} */
const clients = [];
before(async () => { mod = await compileEngine(); });
after(() => { for (const c of clients) c.dispose(); });

/** A client whose frames are pulled every 16 ms, like requestAnimationFrame. */
function makeClient() {
  /** @type {{ worker: NodeWebWorker | null }} */
  const box = { worker: null };
  const c = new EngineClient({
    createWorker: () => (box.worker = new NodeWebWorker(WORKER)),
    module: async () => mod,
    requestFrame: (cb) => setTimeout(cb, 16),
    cancelFrame: (h) => clearTimeout(h),
  });
  clients.push(c);
  /** @type {Error[]} */
  const errors = [];
  c.onError((e) => errors.push(e));
  /** @type {import('../../web/engine/client').Frame[]} */
  const frames = [];
  c.onFrame((f) => frames.push(f));
  return { c, errors, frames, box };
}

/** Waits until `cond()` holds (checked every 10 ms), failing after `ms`. */
async function until(/** @type {() => boolean} */ cond, ms = 20000, what = 'condition') {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const NET = network({ hidden: stack(4, 8, 'sigmoid'), seed: 2 });

describe('an idle worker is never "stopped answering"', () => {
  test('paused after playing: same step, no error, requests still answered', async () => {
    const { c, errors, frames } = makeClient();
    await c.open(NET, { batch: 8 });
    c.timeoutMs = TIMEOUT;
    await c.setSpeed(5);
    await c.play();
    await until(() => frames.some((f) => f.steps >= 20), 20000, 'training frames');
    await c.pause();
    const at = (await c.step(0)).steps;
    const seen = frames.length;
    await sleep(IDLE);
    assert.deepEqual(errors.map((e) => e.message), [], 'no error while paused');
    assert.equal(c.alive, true);
    assert.ok(frames.length - seen <= 1, `paused: at most one more frame, got ${frames.length - seen}`);
    assert.equal((await c.request('ping')).steps, at, 'the run kept its step');
    assert.equal(c.lastFrame?.steps, at);
  });

  test('after step(n), after step(0), and after a long wait before the first play', async () => {
    const { c, errors } = makeClient();
    await c.open(NET, { batch: 8 });
    c.timeoutMs = TIMEOUT;
    await sleep(IDLE / 2);  // opened, never played
    const f = await c.step(7);
    assert.equal(f.steps, 7);
    await sleep(IDLE / 2);
    assert.equal((await c.step(0)).steps, 7);
    await sleep(IDLE / 2);
    assert.deepEqual(errors.map((e) => e.message), []);
    assert.equal((await c.step(3)).steps, 10, 'the worker trains on from where it was');
  });

  test('finished: a long step request that ends, then idle', async () => {
    const { c, errors, frames } = makeClient();
    await c.open(NET, { batch: 8 });
    c.timeoutMs = TIMEOUT;
    const done = await c.step(500);
    assert.equal(done.steps, 500);
    await until(() => c.lastFrame?.steps === 500, 5000, 'the last frame');
    const seen = frames.length;
    await sleep(IDLE);
    assert.deepEqual(errors.map((e) => e.message), []);
    assert.equal(frames.length, seen, 'nothing new, no frame');
    assert.equal((await c.request('ping')).steps, 500);
  });

  test('a worker that dies while training is still reported (the owed frame has a deadline)', async () => {
    const { c, errors, box } = makeClient();
    await c.open(NET, { batch: 8 });
    await c.setSpeed(1);
    await c.play();
    await sleep(200);
    c.timeoutMs = TIMEOUT;
    /** @type {any} */ (box.worker)._worker.terminate();  // silent death, no error event
    await until(() => errors.length > 0, 10000, 'onError');
    assert.match(errors[0].message, /stopped answering \(no reply to '(pull|ping)'/);
    assert.equal(c.alive, false);
    await assert.rejects(c.request('ping'), /reload the page/);
  });

  test('a worker that dies while idle is reported by the next request, not before', async () => {
    const { c, errors, box } = makeClient();
    await c.open(NET, { batch: 8 });
    c.timeoutMs = TIMEOUT;
    await c.step(2);
    await sleep(300);
    /** @type {any} */ (box.worker)._worker.terminate();
    await sleep(IDLE / 2);
    assert.equal(errors.length, 0, 'nothing owed, nothing to report');
    await assert.rejects(c.request('ping'), /stopped answering \(no reply to 'ping'/);
    assert.equal(errors.length, 1);
  });
});
