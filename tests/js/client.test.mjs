// EngineClient with the real worker (web/engine/worker.js) on Node worker_threads: frames
// pulled per animation frame, requests and their errors, one compile for several
// clients, a crashed or silent worker reported through onError, and restart().
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { EngineClient, getCompiledModule } from '../../web/engine/client.js';
import { column, layerCount } from '../../web/state/columns.js';
import { WASM_URL, compileEngine, network, stack } from './helpers/engine.mjs';
import { NodeWebWorker } from './helpers/node-worker.mjs';

const WORKER = new URL('../../web/engine/worker.js', import.meta.url);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @type {WebAssembly.Module} */
let mod;
/** @type {EngineClient[]} */
const clients = [];
before(async () => { mod = await compileEngine(); });
after(() => { for (const c of clients) c.dispose(); });

/** @param {Partial<import('../../web/engine/client').EngineClientOptions>} [options] */
function makeClient(options = {}) {
  const c = new EngineClient({
    createWorker: () => new NodeWebWorker(WORKER),
    module: async () => mod,
    requestFrame: (cb) => setTimeout(cb, 16),
    cancelFrame: (h) => clearTimeout(h),
    ...options,
  });
  clients.push(c);
  return c;
}

/**
 * Polls `cond` until it holds (a condition, not a time: a loaded machine only makes it slower).
 * @template T @param {() => T | Promise<T>} cond @param {string} what @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
async function waitFor(cond, what, timeoutMs = 30000) {
  const t0 = performance.now();
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Collects frames until `enough(frames)` holds.
 * @param {EngineClient} c @param {(frames: import('../../web/engine/client').Frame[]) => boolean} enough @param {string} what
 * @returns {Promise<import('../../web/engine/client').Frame[]>}
 */
async function framesUntil(c, enough, what) {
  /** @type {any[]} */
  const frames = [];
  const off = c.onFrame((f) => frames.push(f));
  try {
    await waitFor(() => enough(frames), what);
  } finally {
    off();
  }
  return frames;
}

/**
 * Collects frames for `ms`.
 * @param {EngineClient} c @param {number} ms
 * @returns {Promise<import('../../web/engine/client').Frame[]>}
 */
async function framesFor(c, ms) {
  /** @type {any[]} */
  const frames = [];
  const off = c.onFrame((f) => frames.push(f));
  await sleep(ms);
  off();
  return frames;
}

const DEEP_SIGMOID = network({ hidden: stack(50, 16, 'sigmoid'), seed: 1 });

describe('EngineClient + worker.js', () => {
  test('open, play, frames at most once per animation frame, pause', async () => {
    let ticks = 0;  // animation frames that ran (each may pull one frame, never more)
    const c = makeClient({ requestFrame: (cb) => setTimeout(() => { ++ticks; cb(); }, 16) });
    const info = await c.open(network({ hidden: stack(3, 8, 'tanh') }), { batch: 16 });
    assert.equal(info.hidden_layers, 3);
    await c.setSpeed(20);
    await c.play();
    const ticks0 = ticks;
    const frames = await framesUntil(c, (fs) => fs.length >= 5 && fs.some((f) => f.grid) && fs.some((f) => f.evaluate) && fs.some((f) => f.probe),
                                     'frames with a grid, an evaluation and a probe');
    assert.ok(frames.length <= ticks - ticks0, `${frames.length} frames in ${ticks - ticks0} animation frames`);
    for (let i = 1; i < frames.length; ++i) {
      assert.ok(frames[i].seq > frames[i - 1].seq);
      assert.ok(frames[i].steps >= frames[i - 1].steps);
    }
    const last = frames[frames.length - 1];
    assert.equal(last.running, true);
    assert.ok(last.steps > frames[0].steps, 'training advances between frames');
    assert.ok(last.stepsPerSecond > 0);
    assert.ok(column(last.statsColumns, 'dW_norm') instanceof Float64Array && layerCount(last.statsColumns) === 4);
    assert.equal(last.statsColumns.step, last.steps, 'the statistics of the frame\'s step');
    assert.ok(frames.some((f) => f.grid && f.grid.values instanceof Float64Array && f.grid.values.length === 2500));
    // paced at 20 steps per 60 Hz frame: about 1200 steps/s at most, however fast the machine
    assert.ok(last.stepsPerSecond < 1500, `paced at 20 steps/frame: ${last.stepsPerSecond} steps/s`);
    await c.pause();
    const pausedAt = (await c.request('ping')).steps;
    const paused = await framesFor(c, 100);
    assert.ok(paused.length <= 1, 'paused and unchanged: at most the pause frame');
    assert.equal((await c.request('ping')).steps, pausedAt, 'no step while paused');
    const f = await c.step(5);
    assert.equal(f.running, false);
    assert.equal(f.steps, pausedAt + 5, 'step(5) after pause: exactly 5 steps on from where it paused');
    const r = await c.reset();
    assert.equal(r.steps, 0);
  });

  test('errors reject with the core message; open failing keeps the previous session running', async () => {
    const c = makeClient();
    await c.open(network({ hidden: stack(2, 8, 'relu') }));
    await c.play();
    await assert.rejects(c.open(network({ hidden: [{ units: 4, activation: { name: 'elu', alpha: -2 } }] })),
                         { message: 'layers[0].activation.alpha: must be >= 0, got -2' });
    await assert.rejects(c.open(network({ hidden: stack(2, 8, 'relu') }), { batch: 0 }), /^Error: batch: must be in 1/);
    const before = (await c.request('ping')).steps;
    await waitFor(async () => (await c.request('ping')).steps > before, 'the previous session to go on training');
    await assert.rejects(c.request('grid', { res: 1 }), { message: 'grid.res: must be in 2..512, got 1' });
    await assert.rejects(c.setSpeed(0), { message: 'stepsPerFrame: must be an integer in 1..10000, got 0' });
    await assert.rejects(c.setLr(-1), /^Error: lr: must be in 0\.\.1000/);
    await assert.rejects(c.request(/** @type {any} */ ('nope')), /unknown request 'nope'/);
    const g = await c.request('grid', { res: 3 });
    assert.equal(g.values.length, 9);
    assert.equal(c.alive, true, 'request errors do not kill the worker');
  });

  test('several clients share one compile (getCompiledModule)', async () => {
    const bytes = await readFile(WASM_URL);
    const realFetch = globalThis.fetch;
    let fetches = 0;
    globalThis.fetch = /** @type {any} */ (async (/** @type {any} */ url) => {
      ++fetches;
      assert.equal(String(url), WASM_URL.href);
      return new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
    });
    try {
      const a = makeClient({ module: undefined }), b = makeClient({ module: undefined });
      const [m1, m2] = await Promise.all([getCompiledModule(), getCompiledModule()]);
      assert.equal(m1, m2);
      await Promise.all([a.open(network({ hidden: stack(2, 4, 'tanh') })), b.open(network({ hidden: stack(3, 4, 'relu') }))]);
      const [fa, fb] = await Promise.all([a.step(3), b.step(4)]);
      assert.equal(fa.steps, 3);
      assert.equal(fb.steps, 4);
      assert.equal(fetches, 1, 'one fetch + compile for the page');
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  test('a worker that crashes: onError, pending requests reject; restart() gives a new one', async () => {
    let spawned = 0;
    const c = makeClient({
      createWorker: () => (++spawned === 1
        ? new NodeWebWorker("setTimeout(() => { throw new Error('boom') }, 50);", { eval: true })
        : new NodeWebWorker(WORKER)),
    });
    /** @type {Error[]} */
    const errors = [];
    c.onError((e) => errors.push(e));
    await assert.rejects(c.open(network({ hidden: stack(2, 4, 'tanh') })), /^Error: engine: the worker failed: boom/);
    assert.equal(errors.length, 1);
    assert.equal(c.alive, false);
    await assert.rejects(c.request('ping'), /stopped until it is restarted \(reload the page\)/);
    assert.equal(await c.restart(), null, 'nothing had opened');
    assert.equal(c.alive, true);
    await c.open(network({ hidden: stack(2, 4, 'tanh') }));
    assert.equal((await c.step(2)).steps, 2);
    assert.equal(spawned, 2);
  });

  test('a worker that stops answering: timeout, onError; restart() re-opens with the user settings', async () => {
    /** @type {NodeWebWorker | null} */
    let current = null;
    const c = makeClient({ createWorker: () => (current = new NodeWebWorker(WORKER)) });
    /** @type {Error[]} */
    const errors = [];
    c.onError((e) => errors.push(e));
    const net = network({ hidden: stack(3, 8, 'tanh'), seed: 5 });
    await c.open(net, { batch: 8, seed: 3 });
    await c.setSpeed(7);
    await c.setLr(0.05);
    await c.setStats(false);
    await c.setView({ grid: null, probeMs: 1000 });
    await c.step(10);
    c.timeoutMs = 400;  // (after the worker's start-up, which a loaded machine can make slow)
    /** @type {any} */ (current)._worker.terminate();  // the thread dies without an error event
    const t0 = performance.now();
    await assert.rejects(c.request('ping'), /^Error: engine: the worker stopped answering \(no reply to 'ping' for 0\.\d s\)/);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(errors.length, 1);
    c.timeoutMs = 5000;
    const info = await c.restart();
    assert.equal(info && info.hidden_layers, 3);
    const f = await c.step(1);
    assert.equal(f.steps, 1, 're-opened at step 0');
    assert.equal(f.stepsPerFrame, 7);
    assert.equal(f.statsColumns.lr, 0.05);
    assert.equal(layerCount(f.statsColumns), 0, 'statistics still off');
    assert.equal(f.grid, undefined, 'no grid, as set');
    assert.equal(errors.length, 1);
  });

  test('dispose rejects pending requests and ends the worker', async () => {
    /** @type {NodeWebWorker | null} */
    let w = null;
    const c = makeClient({ createWorker: () => (w = new NodeWebWorker(WORKER)) });
    const opening = c.open(DEEP_SIGMOID);
    c.dispose();
    await assert.rejects(opening, /disposed/);
    await assert.rejects(c.play(), /disposed/);
    assert.equal(/** @type {any} */ (w).terminated, true);
    assert.equal(c.alive, false);
  });

  test('a 50x16 sigmoid network, batch 32, trains with statistics on and off', async (t) => {
    const c = makeClient();
    await c.open(DEEP_SIGMOID, { batch: 32 });
    await c.setSpeed(10000);
    for (const stats of [true, false]) {
      await c.setStats(stats);
      await c.reset();
      await c.play();
      const frames = await framesUntil(c, (fs) => fs.length >= 3 && fs[fs.length - 1].steps >= 100, '100 steps');
      await c.pause();
      const last = frames[frames.length - 1];
      assert.equal(layerCount(last.statsColumns), stats ? 51 : 0, `statistics ${stats ? 'on' : 'off'}`);
      assert.ok(last.stepsPerSecond > 0);
      // speed is npm run bench's; this only says what this run saw
      t.diagnostic(`stats ${stats ? 'on' : 'off'}: ${last.stepsPerSecond.toFixed(0)} steps/s in the worker (${last.msPerStep.toFixed(3)} ms/step)`);
    }
  });
});
