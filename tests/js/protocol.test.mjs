// The worker's behaviour (WorkerRuntime, web/engine/protocol.js) without a Worker: fed
// messages, its replies, slices, frame pulls, pacing, divergence and errors are checked
// on a fake clock with a fake engine, then with the real module.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DEFAULT_GRID, WorkerRuntime } from '../../web/engine/protocol.js';
import { at, column, layerCount, values } from '../../web/state/columns.js';
import { FAKE_STATS_NAMES, FakeLoop, fakeEngine } from './helpers/fake-engine.mjs';
import { compileEngine, network, stack } from './helpers/engine.mjs';
import { loadGradscope } from '../../web/engine/gradscope.js';

const settle = () => new Promise((r) => setImmediate(r));

/**
 * A runtime on a fake clock with a fake engine, opened and ready.
 * @param {Parameters<typeof fakeEngine>[1]} [engineOpts]
 */
async function harness(engineOpts = {}) {
  const loop = new FakeLoop();
  const { api, calls } = fakeEngine(loop, engineOpts);
  /** @type {Array<{ msg: any, transfer: Transferable[], t: number }>} */
  const out = [];
  const rt = new WorkerRuntime({
    post: (msg, transfer) => out.push({ msg, transfer, t: loop.t }),
    load: async () => /** @type {any} */ (api),
    now: loop.now,
    schedule: loop.schedule,
  });
  let nextId = 0;
  const h = {
    loop, rt, out, calls,
    /** @param {string} type @param {any} [args] */
    send(type, args) {
      const id = ++nextId;
      rt.handle({ id, type, args });
      return id;
    },
    /** @param {number} id */
    reply(id) {
      const r = out.find((o) => o.msg.type === 'reply' && o.msg.id === id);
      return r && r.msg;
    },
    /** @param {number} id */
    ok(id) {
      const r = h.reply(id);
      assert.ok(r, `request ${id} was answered`);
      assert.equal(r.ok, true, `request ${id} failed: ${r.error}`);
      return r.result;
    },
    /** @param {number} id */
    error(id) {
      const r = h.reply(id);
      assert.ok(r, `request ${id} was answered`);
      assert.equal(r.ok, false, `request ${id} should have failed`);
      return r.error;
    },
    frames() { return out.filter((o) => o.msg.type === 'frame'); },
    pull() { rt.handle({ type: 'pull' }); },
  };
  h.send('init', {});
  await settle();
  h.ok(h.send('open', { network: {}, config: {} }));
  return h;
}

describe('WorkerRuntime with a fake engine', () => {
  test('requests sent before init are queued and answered in order', async () => {
    const loop = new FakeLoop();
    const { api } = fakeEngine(loop);
    /** @type {any[]} */
    const out = [];
    const rt = new WorkerRuntime({ post: (m) => out.push(m), load: async () => /** @type {any} */ (api), now: loop.now, schedule: loop.schedule });
    rt.handle({ id: 2, type: 'open', args: { network: {} } });
    rt.handle({ id: 3, type: 'info' });
    rt.handle({ id: 1, type: 'init', args: {} });
    assert.equal(out.length, 0);
    await settle();
    assert.deepEqual(out.map((m) => [m.id, m.ok]), [[1, true], [2, true], [3, true]]);
    assert.equal(out[0].result.version, 'fake');
  });

  test('frames are pulled: one per pull, none without, held while nothing changed', async () => {
    const h = await harness();
    h.loop.run(100);
    assert.equal(h.frames().length, 0, 'no frame without a pull');
    h.pull();
    assert.equal(h.frames().length, 1, 'the opened session is news: answered at once');
    const f = h.frames()[0].msg.frame;
    assert.equal(f.steps, 0);
    assert.equal(f.running, false);
    assert.ok(f.evaluate && f.probe && f.grid, 'a paused frame carries everything');
    h.pull();
    h.loop.run(1000);
    assert.equal(h.frames().length, 1, 'paused and unchanged: the pull waits');
    const stepped = h.send('step', { n: 3 });
    assert.equal(h.frames().length, 1, 'a step is sliced: not answered synchronously');
    h.loop.run(10);
    assert.equal(h.ok(stepped).steps, 3);
    assert.equal(h.frames().length, 2, 'the change answers the pending pull (after the first slice)');
    assert.ok(h.frames()[1].msg.frame.steps >= 1);
    h.ok(h.send('play'));
    h.loop.run(1000);
    assert.equal(h.frames().length, 2, 'running, but no pull: no frame');
    for (let i = 0; i < 5; ++i) {
      h.pull();
      h.loop.run(16);
    }
    assert.equal(h.frames().length, 7, 'one frame per pull');
    h.ok(h.send('pause'));
    h.pull();
    h.loop.run(16);
    assert.equal(h.frames().length, 8, 'pausing is news');
    h.pull();
    h.pull();  // a second pull while one is pending does not queue another frame
    h.send('step', { n: 2 });
    h.loop.run(100);
    assert.equal(h.frames().length, 9, 'still one frame');
  });

  test('a step request is sliced and messages are answered between slices', async () => {
    const h = await harness({ msPerStep: 0.5 });
    const id = h.send('step', { n: 400 });  // 200 ms of work, sliced to ~8 ms
    h.loop.run(20);
    assert.equal(h.reply(id), undefined, 'not done yet');
    const ping = h.send('ping');
    assert.ok(h.ok(ping).steps > 0 && h.ok(ping).steps < 400, 'answered in the middle of the step request');
    h.loop.run(1000);
    const frame = h.ok(id);
    assert.equal(frame.steps, 400);
    const sizes = h.calls.map((c) => c.n);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 400);
    assert.ok(sizes.length >= 20, `sliced: ${sizes.length} slices`);
    assert.ok(Math.max(...sizes) <= 8 / 0.5, `no slice over the 8 ms budget: ${sizes}`);
    assert.ok(sizes.slice(3).every((n) => n === 16 || n === sizes.at(-1)), `slices sized to the budget after measuring: ${sizes}`);
  });

  test('speed paces the steps (steps per 60 Hz frame); the machine limits it', async () => {
    const h = await harness({ msPerStep: 0.05 });
    h.ok(h.send('setSpeed', { stepsPerFrame: 5 }));
    h.ok(h.send('play'));
    h.loop.run(2000);
    const done = h.calls.reduce((a, c) => a + c.n, 0);
    assert.ok(Math.abs(done - 600) <= 10, `5 steps/frame for 2 s = 600 steps, got ${done}`);
    h.pull();
    h.loop.run(10);
    const f = h.frames().at(-1)?.msg.frame;
    assert.ok(Math.abs(f.stepsPerSecond - 300) < 15, `steps/s measured in the worker: ${f.stepsPerSecond}`);
    assert.equal(f.stepsPerFrame, 5);

    const fast = await harness({ msPerStep: 0.5 });  // at most 2000 steps/s
    fast.ok(fast.send('setSpeed', { stepsPerFrame: 10000 }));
    fast.ok(fast.send('play'));
    fast.loop.run(1000);
    fast.pull();
    fast.loop.run(10);
    const g = fast.frames().at(-1)?.msg.frame;
    assert.ok(Math.abs(g.stepsPerSecond - 2000) < 50, `as fast as the machine allows: ${g.stepsPerSecond}`);
    assert.ok(Math.abs(g.msPerStep - 0.5) < 1e-9);
    assert.ok(fast.calls.slice(5).every((c) => c.n === 16), 'slices of 8 ms');
  });

  test('frames while running: columns transferred; evaluate + grid every 250 ms, probe every 500 ms', async () => {
    const h = await harness({ msPerStep: 0.5, layers: 4 });
    h.ok(h.send('setSpeed', { stepsPerFrame: 10000 }));
    h.ok(h.send('play'));
    for (let i = 0; i < 60; ++i) {  // a second of 60 Hz pulls
      h.pull();
      h.loop.run(1000 / 60);
    }
    const frames = h.frames().map((o) => o.msg.frame);
    assert.ok(frames.length >= 55, `${frames.length} frames`);
    const withEval = frames.filter((f) => f.evaluate).length, withProbe = frames.filter((f) => f.probe).length;
    assert.ok(withEval >= 4 && withEval <= 6, `evaluate in ${withEval} frames`);
    assert.ok(withProbe >= 2 && withProbe <= 3, `probe in ${withProbe} frames`);
    assert.ok(frames.every((f) => !!f.grid === !!f.evaluate), 'the grid comes with evaluate (2-D data)');
    for (const o of h.frames()) {
      const f = o.msg.frame;
      const sc = f.statsColumns;
      assert.deepEqual(Object.keys(sc.columns), [...FAKE_STATS_NAMES.columns]);
      assert.equal(sc.step, f.steps, 'the statistics of the frame\'s step');
      assert.ok(column(sc, 'dW_norm') instanceof Float64Array && layerCount(sc) === 4);
      assert.deepEqual(values(sc, 'dW_norm'), [1, 2, 3, 4]);
      assert.ok(Number.isNaN(column(sc, 'dz_ratio')[0]), 'null becomes NaN');
      assert.equal(at(sc, 'dz_ratio', 0), null, '... and null again through state/columns.js');
      assert.equal(f.activations.length, 4, 'one activation name per layer');
      assert.equal(f.diverged, null);
      const buffers = [...new Set(Object.values(sc.columns).map((c) => c.buffer)), ...(f.grid ? [f.grid.values.buffer] : [])];
      assert.equal(new Set(Object.values(sc.columns).map((c) => c.buffer)).size, 1, 'one buffer for all columns');
      assert.deepEqual(new Set(o.transfer), new Set(buffers), 'every array buffer is in the transfer list');
    }
    const g = frames.find((f) => f.grid);
    assert.equal(g.grid.res, DEFAULT_GRID.res);
    assert.equal(g.grid.values.length, DEFAULT_GRID.res ** 2);
  });

  test('expensive frames and extras are spaced out to keep training going', async () => {
    const h = await harness({ msPerStep: 0.5, statsMs: 10, extrasMs: 40 });
    h.ok(h.send('setSpeed', { stepsPerFrame: 10000 }));
    h.ok(h.send('play'));
    const t0 = h.loop.t;
    for (let i = 0; i < 120; ++i) {  // two seconds of 60 Hz pulls
      h.pull();
      h.loop.run(1000 / 60);
    }
    const frames = h.frames().map((o) => o.msg.frame);
    const T = h.loop.t - t0;
    // a frame costs 10 ms: at most one per 40 ms (not 60 a second)
    assert.ok(frames.length <= T / 40 + 2 && frames.length >= T / 80, `${frames.length} frames in ${T.toFixed(0)} ms`);
    // evaluate (40 ms) at most every 320 ms, probe (40 ms) at most every 500 ms
    const evals = frames.filter((f) => f.evaluate).length, probes = frames.filter((f) => f.probe).length;
    assert.ok(evals <= T / 320 + 2, `${evals} evaluations`);
    assert.ok(probes <= T / 500 + 2, `${probes} probes`);
    const steps = h.calls.reduce((a, c) => a + c.n, 0);
    assert.ok(steps * 0.5 >= 0.5 * T, `training kept at least half the time: ${steps} steps in ${T.toFixed(0)} ms`);
  });

  test('divergence pauses training and the frame carries it', async () => {
    const h = await harness({ divergeAt: 37 });
    h.ok(h.send('setSpeed', { stepsPerFrame: 100 }));
    h.ok(h.send('play'));
    h.pull();
    h.loop.run(500);
    h.pull();
    h.loop.run(500);
    assert.equal(h.rt.running, false);
    const last = h.frames().at(-1)?.msg.frame;
    assert.equal(last.running, false);
    assert.equal(last.steps, 37);
    assert.equal(last.diverged.step, 37);
    assert.match(h.error(h.send('play')), /^play: the network diverged at step 37 \(diverged at step 37\); reset to train again$/);
    const stepped = h.send('step', { n: 5 });
    h.loop.run(10);
    assert.equal(h.ok(stepped).steps, 37, 'a step after divergence does nothing');
    assert.equal(h.ok(h.send('reset')).diverged, null);
    h.ok(h.send('play'));
    assert.equal(h.rt.running, true);
  });

  test('a network on "digits" makes the worker fetch them once; messages meanwhile wait their turn', async () => {
    const loop = new FakeLoop();
    const { api } = fakeEngine(loop);
    /** @type {any[]} */
    const out = [];
    /** @type {(text: string) => void} */
    let resolveDigits = () => {};
    let fetches = 0;
    const rt = new WorkerRuntime({
      post: (m) => out.push(m), load: async () => /** @type {any} */ (api), now: loop.now, schedule: loop.schedule,
      loadDigits: () => { fetches++; return new Promise((r) => { resolveDigits = r; }); },
    });
    rt.handle({ id: 1, type: 'init', args: {} });
    await settle();
    rt.handle({ id: 2, type: 'open', args: { network: {}, config: { data: { name: 'digits' } } } });
    rt.handle({ id: 3, type: 'setLr', args: { lr: 0.5 } });  // waits for the open
    await settle();
    assert.equal(fetches, 1);
    assert.ok(!out.some((m) => m.id === 2 || m.id === 3), 'nothing answered before the digits are in');
    resolveDigits('the digits');
    await settle();
    const replies = out.filter((m) => m.type === 'reply');
    assert.deepEqual(replies.map((m) => [m.id, m.ok]), [[1, true], [2, true], [3, true]], 'open, then the queued setLr');
    assert.equal(api.hasDigits(), true);
    rt.handle({ id: 4, type: 'open', args: { network: {}, config: '{"data": {"name": "digits"}}' } });
    await settle();
    assert.equal(fetches, 1, 'fetched once');
    assert.equal(out.at(-1).ok, true);
    // a failed fetch answers the open with a message and keeps the worker usable
    const { api: api2 } = fakeEngine(new FakeLoop());
    const out2 = /** @type {any[]} */ ([]);
    const rt2 = new WorkerRuntime({
      post: (m) => out2.push(m), load: async () => /** @type {any} */ (api2),
      loadDigits: () => Promise.reject(new Error('HTTP 404')),
    });
    rt2.handle({ id: 1, type: 'init', args: {} });
    await settle();
    rt2.handle({ id: 2, type: 'open', args: { network: {}, config: { data: { name: 'digits' } } } });
    await settle();
    assert.match(out2.find((m) => m.id === 2).error, /^data\.name: the digits could not be loaded \(HTTP 404\)/);
    rt2.handle({ id: 3, type: 'open', args: { network: {}, config: {} } });
    await settle();
    assert.equal(out2.find((m) => m.id === 3).ok, true);
  });

  test('open failing keeps the previous session running', async () => {
    const h = await harness({ msPerStep: 0.5 });
    h.ok(h.send('play'));
    h.loop.run(100);
    const before = h.ok(h.send('ping')).steps;
    assert.ok(before > 0);
    assert.equal(h.error(h.send('open', { network: { bad: true } })), 'layers[0].activation.alpha: must be >= 0, got -2');
    assert.equal(h.rt.running, true);
    h.loop.run(100);
    assert.ok(h.ok(h.send('ping')).steps > before, 'still training');
    h.ok(h.send('open', { network: {} }));
    assert.equal(h.rt.running, false, 'a new session starts paused');
    assert.equal(h.ok(h.send('ping')).steps, 0);
  });

  test('every failing request is answered with the message', async () => {
    const h = await harness();
    assert.match(h.error(h.send('bogus')), /^engine: unknown request 'bogus', expected one of init, open, /);
    assert.equal(h.error(h.send('setSpeed', { stepsPerFrame: 0 })), 'stepsPerFrame: must be an integer in 1..10000, got 0');
    assert.equal(h.error(h.send('step', { n: 1.5 })), 'step: n: must be an integer in 0..1000000, got 1.5');
    const now = h.ok(h.send('step', { n: 0 }));
    assert.ok(now.evaluate && now.probe && now.grid && now.steps === 0, 'step(0): the current state at once, in full');
    assert.equal(h.error(h.send('setLr', { lr: -1 })), 'lr: must be in 0..1000, got -1');
    assert.equal(h.error(h.send('setLr', {})), 'lr: must be a number, got undefined');
    assert.equal(h.error(h.send('grid', { res: 1 })), 'grid.res: must be in 2..512, got 1');
    assert.match(h.error(h.send('setView', { grid: { res: 1 } })), /^grid\.res: must be an integer in 2\.\.512, got 1$/);
    assert.match(h.error(h.send('setView', { grid: { bounds: [0, 0, 0, 1] } })), /^grid\.bounds: must be \[xLo, xHi, yLo, yHi\]/);
    assert.match(h.error(h.send('init', {})), /already loaded/);

    const fresh = new WorkerRuntime({ post: (m) => fresh._last = m, load: async () => /** @type {any} */ (fakeEngine(new FakeLoop()).api) });
    fresh.handle({ id: 1, type: 'init' });
    await settle();
    fresh.handle({ id: 2, type: 'step', args: { n: 1 } });
    assert.equal(/** @type {any} */ (fresh)._last.error, 'session: not open (call open() with a network first)');
  });

  test('a module that fails to load answers everything with the error and reports it', async () => {
    /** @type {any[]} */
    const out = [];
    const rt = new WorkerRuntime({ post: (m) => out.push(m), load: () => Promise.reject(new Error('CompileError: bad magic')) });
    rt.handle({ id: 1, type: 'init' });
    rt.handle({ id: 2, type: 'open', args: { network: {} } });
    await settle();
    assert.deepEqual(out.map((m) => [m.type, m.id, m.ok]), [['reply', 1, false], ['reply', 2, false], ['fatal', undefined, undefined]]);
    assert.match(out[2].error, /could not load the WebAssembly module: CompileError: bad magic/);
    rt.handle({ id: 3, type: 'ping' });
    assert.equal(out[3].ok, false);
  });

  test('a trap in the module is fatal: pending and later requests fail, the client is told', async () => {
    const h = await harness({ trapAt: 50 });
    const stepping = h.send('step', { n: 100 });
    h.loop.run(100);
    assert.match(h.error(stepping), /unreachable/);
    const fatal = h.out.find((o) => o.msg.type === 'fatal');
    assert.ok(fatal, 'fatal posted');
    assert.match(fatal.msg.error, /^engine: the WebAssembly module failed: unreachable/);
    assert.match(h.error(h.send('ping')), /the WebAssembly module failed/);
  });

  test('heartbeats at most once a second while busy', async () => {
    const h = await harness({ msPerStep: 0.5 });
    h.ok(h.send('play'));
    const n0 = h.out.length;
    h.loop.run(3500);
    const beats = h.out.slice(n0).filter((o) => o.msg.type === 'heartbeat');
    assert.ok(beats.length >= 3 && beats.length <= 4, `${beats.length} heartbeats in 3.5 s`);
    h.ok(h.send('pause'));
    const n1 = h.out.length;
    h.loop.run(3000);
    assert.equal(h.out.length, n1, 'silent while idle');
    assert.ok(h.loop.idle, 'nothing scheduled while idle');
  });

  test('reset and import answer with a full frame; setSpeed/setLr/setStats/setView reply with the value', async () => {
    const h = await harness();
    h.send('step', { n: 10 });
    h.loop.run(10);
    const r = h.ok(h.send('reset'));
    assert.equal(r.steps, 0);
    assert.ok(r.evaluate && r.probe && r.grid);
    assert.deepEqual(h.ok(h.send('setSpeed', { stepsPerFrame: 7 })), { stepsPerFrame: 7 });
    assert.deepEqual(h.ok(h.send('setLr', { lr: 0.5 })), { lr: 0.5 });
    assert.deepEqual(h.ok(h.send('setStats', { on: false })), { on: false });
    assert.deepEqual(h.ok(h.send('setView', { grid: null, probeMs: 100 })), { grid: null, evaluateMs: 250, probeMs: 100 });
    const f = h.ok(h.send('import', { network: {} }));
    assert.equal(f.grid, undefined, 'no grid after setView({ grid: null })');
    assert.equal(f.statsColumns.lr, 0.5);
  });
});

describe('WorkerRuntime with the real module', () => {
  /**
   * @param {WebAssembly.Module} mod
   * @returns {Promise<{ rt: WorkerRuntime, out: any[], request: (type: string, args?: any) => Promise<any>, pull: () => Promise<any> }>}
   */
  async function real(mod) {
    /** @type {any[]} */
    const out = [];
    /** @type {Array<() => void>} */
    const waiters = [];
    const rt = new WorkerRuntime({
      post: (m) => { out.push(m); for (const w of waiters.splice(0)) w(); },
      load: (wasmModule) => loadGradscope({ wasmModule }),
    });
    let id = 0;
    /** @param {(m: any) => boolean} pred */
    const next = (pred) => new Promise((resolve) => {
      const look = () => {
        const m = out.find(pred);
        if (m) {
          out.splice(out.indexOf(m), 1);
          resolve(m);
        } else {
          waiters.push(look);
        }
      };
      look();
    });
    const request = async (/** @type {string} */ type, /** @type {any} */ args) => {
      const i = ++id;
      rt.handle({ id: i, type, args });
      const m = await next((x) => x.type === 'reply' && x.id === i);
      if (!m.ok) throw new Error(m.error);
      return m.result;
    };
    const pull = async () => {
      rt.handle({ type: 'pull' });
      return (await next((x) => x.type === 'frame')).frame;
    };
    return { rt, out, request, pull };
  }

  test('open, step, frames, errors with the core messages, divergence', async () => {
    const mod = await compileEngine();
    const { rt, request, pull } = await real(mod);
    assert.match((await request('init', { module: mod })).version, /^gradscope-core /);
    const info = await request('open', { network: network({ hidden: stack(4, 8, 'tanh') }), config: { batch: 16 } });
    assert.equal(info.hidden_layers, 4);
    const f = await request('step', { n: 25 });
    assert.equal(f.steps, 25);
    // frames (evaluate, grid, probe between slices) do not perturb training
    const gs = await loadGradscope({ wasmModule: mod });
    const direct = new gs.Session(network({ hidden: stack(4, 8, 'tanh') }), { batch: 16 });
    direct.step(25);
    assert.deepEqual(await request('export'), direct.exportNetwork());
    assert.equal(f.statsColumns.loss, direct.stats().loss);
    assert.deepEqual(values(f.statsColumns, 'dW_norm'), direct.stats().layers.map((/** @type {any} */ l) => l.dW_norm));
    assert.deepEqual(f.activations, [...Array(4).fill('tanh'), 'linear']);
    direct.dispose();
    assert.equal(layerCount(f.statsColumns), 5);
    assert.equal(f.grid.values.length, 50 * 50);
    assert.equal(f.evaluate.step, 25);
    assert.equal(f.probe.layers.length, 4);
    await assert.rejects(request('grid', { res: 1 }), { message: 'grid.res: must be in 2..512, got 1' });
    await assert.rejects(request('open', { network: network({ hidden: [{ units: 4, activation: { name: 'elu', alpha: -2 } }] }) }),
                         { message: 'layers[0].activation.alpha: must be >= 0, got -2' });
    const exported = await request('export');
    exported.parameters[0].W.pop();
    await assert.rejects(request('import', { network: exported }), { message: 'parameters[0].W: must be 8 rows (units) of 2 values (fan-in), got 7 rows' });
    assert.equal((await request('ping')).steps, 25, 'the session survived the failures');
    const g = await request('grid', { res: 4, bounds: [-1, 1, -1, 1] });
    assert.equal(g.values.length, 16);
    const m = await request('historyMatrix', { field: 'dW_norm' });
    assert.ok(m instanceof Float64Array && m.length === 25 * 5);

    // divergence while playing: the worker pauses and the frame says why
    await request('open', { network: network({ hidden: stack(3, 16, 'relu'), loss: 'mse', seed: 2 }), config: { optimizer: { name: 'sgd', lr: 50 } } });
    await request('setSpeed', { stepsPerFrame: 100 });
    await request('play');
    let frame;
    for (let i = 0; i < 200; ++i) {
      frame = await pull();
      if (frame.diverged) break;
    }
    assert.ok(frame && frame.diverged, 'diverged');
    assert.equal(frame.running, false);
    assert.equal(rt.running, false);
    assert.match(frame.diverged.message, /^diverged at step \d+/);
    await assert.rejects(request('play'), /^Error: play: the network diverged at step \d+/);
    rt.dispose();
  });
});
