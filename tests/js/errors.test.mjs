// Errors cross the boundary as Errors carrying the core's message (never aborts, never
// opaque exceptions), and failing calls leak nothing: after 100,000 of them the module's
// stack pointer, memory and results are unchanged.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { batch, loadEngine, network, stack } from './helpers/engine.mjs';

/** @type {any} */
let gs;
before(async () => { gs = await loadEngine(); });

const NET = network({ hidden: stack(2, 8, 'tanh'), seed: 3 });

/** @param {() => unknown} fn @param {string | RegExp} expected */
function throwsWith(fn, expected) {
  assert.throws(fn, (/** @type {any} */ e) => {
    assert.ok(e instanceof Error, `an Error, got ${e}`);
    if (typeof expected === 'string') assert.equal(e.message, expected);
    else assert.match(e.message, expected);
    return true;
  });
}

describe('errors carry the core messages', () => {
  test('bad network', () => {
    const bad = network({ hidden: [{ units: 4, activation: { name: 'elu', alpha: -2 } }] });
    throwsWith(() => new gs.Session(bad), 'layers[0].activation.alpha: must be >= 0, got -2');
    throwsWith(() => new gs.Session({ ...NET, format: 'x' }), 'format: must be "gradscope-network/1", got "x"');
    throwsWith(() => new gs.Session('{not json'), /^network: not valid JSON/);
    throwsWith(() => new gs.Session(network({ hidden: stack(1, 4, 'relu'), outputs: 3 })),
               /^layers\[1\]\.units: the output layer must have 2 units for 2 classes/);
  });
  test('bad config', () => {
    // (the core writes these integer limits as 1.0..4096.0 today; either form passes)
    throwsWith(() => new gs.Session(NET, { batch: 0 }), /^batch: must be in 1(\.0)?\.\.4096(\.0)?, got 0(\.0)?$/);
    throwsWith(() => new gs.Session(NET, { batch: 1000 }), /^batch: must be in 1\.\.400 \(the training rows of 'circles'\), got 1000/);
    throwsWith(() => new gs.Session(NET, { data: { name: 'nope' } }), /^data\.name: unknown dataset 'nope'/);
    throwsWith(() => new gs.Session(NET, { precision: 'float16' }), 'precision: must be "float32" or "float64", got "float16"');
    throwsWith(() => new gs.Session(NET, { seeed: 1 }), /^seeed: unknown key, expected one of data, batch/);
  });
  test('bad calls on an open session', () => {
    const s = new gs.Session(NET);
    try {
      throwsWith(() => s.grid(1), 'grid.res: must be in 2..512, got 1');
      throwsWith(() => s.grid(10, [1, -1, 0, 1]), 'grid: the bounds must be finite with lo < hi');
      throwsWith(() => s.step(-1), 'step: n must be in 0..1000000, got -1');
      throwsWith(() => s.setLr(-1), /^lr: must be in 0\.\.1000, got -1/);
      throwsWith(() => s.historyMatrix('nope'), /nope/);
      throwsWith(() => s.gradients({ x: [[1, 2, 3]], y: [[1]] }), "batch.x[0]: must be a row of 2 numbers (the network's inputs)");
      throwsWith(() => s.gradients({ x: [[1, 2]], y: [3] }), /^batch\.y: class indices are for softmax_ce/);
      // the session is unharmed by all of that
      assert.equal(s.step(3), 3);
      assert.equal(s.steps, 3);
    } finally {
      s.dispose();
    }
    throwsWith(() => s.step(1), 'session: already disposed');
  });
  test('importNetwork with wrong shapes', () => {
    const s = new gs.Session(NET);
    try {
      const doc = s.exportNetwork();
      const shortW = structuredClone(doc);
      shortW.parameters[0].W.pop();
      throwsWith(() => s.importNetwork(shortW), 'parameters[0].W: must be 8 rows (units) of 2 values (fan-in), got 7 rows');
      const shortRow = structuredClone(doc);
      shortRow.parameters[1].W[3].push(0.5);
      throwsWith(() => s.importNetwork(shortRow), 'parameters[1].W[3]: must have 8 values, got 9');
      const noParams = structuredClone(doc);
      delete noParams.parameters;
      throwsWith(() => s.importNetwork(noParams), 'parameters: missing; the import needs explicit parameters');
      const other = new gs.Session(network({ hidden: stack(2, 9, 'tanh') }));
      try {
        throwsWith(() => s.importNetwork(other.exportNetwork()), /^network: the imported network's layers, activations or loss differ/);
      } finally {
        other.dispose();
      }
      // a good import round-trips exactly
      s.step(5);
      const trained = s.exportNetwork();
      s.reset();
      s.importNetwork(trained);
      assert.deepEqual(s.exportNetwork(), trained);
    } finally {
      s.dispose();
    }
  });
  test('helpers', () => {
    throwsWith(() => gs.activationCurve('nope', [0]), /^layers\[0\]\.activation: unknown activation 'nope'/);
    throwsWith(() => gs.productExperiment({ factors: 'nope' }), /nope/);
    const c = gs.activationCurve('sigmoid', [0]);
    assert.equal(c.value[0], 0.5);
    assert.equal(c.deriv[0], 0.25);
  });
});

describe('failing calls leak nothing', () => {
  test('100,000 failing calls: same stack pointer, memory and results', (t) => {
    const raw = gs.raw;
    const reference = () => {
      const s = new gs.Session(NET, { seed: 4 });
      try {
        s.step(20);
        return JSON.stringify(s.stats());
      } finally {
        s.dispose();
      }
    };
    const before = reference();
    const sp0 = raw.stackSave(), bytes0 = raw.HEAP8.buffer.byteLength, handles0 = raw.count_emval_handles();
    const s = new gs.Session(NET);
    const badNet = network({ hidden: [{ units: 4, activation: { name: 'elu', alpha: -2 } }] });
    const badBatch = batch({ rows: 2, inputs: 3, outputs: 1 });
    const calls = [
      () => s.setLr(-1),
      () => s.grid(1),
      () => s.gradients(badBatch),
      () => s.importNetwork('{"format": 1}'),
      () => s.step(-5),
      () => new gs.Session(badNet),
      () => new gs.Session(NET, { batch: 0 }),
      () => gs.activationCurve('nope', [1]),
    ];
    const N = 100000;
    let failed = 0;
    const t0 = performance.now();
    try {
      for (let i = 0; i < N; ++i) {
        try {
          calls[i % calls.length]();
        } catch (e) {
          if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError) throw e;
          ++failed;
        }
      }
    } finally {
      s.dispose();
    }
    const ms = performance.now() - t0;
    assert.equal(failed, N);
    assert.equal(raw.stackSave(), sp0, 'the wasm stack pointer is back where it was');
    assert.equal(raw.count_emval_handles(), handles0, 'no emval handle leaked');
    const bytes1 = raw.HEAP8.buffer.byteLength;
    assert.ok(bytes1 - bytes0 <= 1 << 20, `memory grew from ${bytes0} to ${bytes1} bytes`);
    assert.equal(reference(), before, 'results are unchanged');
    t.diagnostic(`${N} failing calls in ${ms.toFixed(0)} ms; memory ${bytes0} -> ${bytes1} bytes`);
  });
});
