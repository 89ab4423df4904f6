// Dead units add up: in the WASM API (stats, history) and in the worker's frames, every
// layer's `dead_units` and the total agree, and a count no probe has measured yet is null.
// The network: 2 -> 50 x 16 relu -> 1 with bias -5, every hidden unit dead from the start.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { WorkerRuntime } from '../../web/engine/protocol.js';
import { column, unitsIn, values } from '../../web/state/columns.js';
import { loadGradscope } from '../../web/engine/gradscope.js';
import { compileEngine, stack } from './helpers/engine.mjs';

const DEAD_NET = {
  format: 'gradscope-network/1',
  inputs: 2,
  layers: [...stack(50, 16, 'relu'), { units: 1 }],
  loss: 'bce_logits',
  init: { bias: -5, seed: 3 },
};
const HIDDEN_UNITS = 50 * 16;

/** @type {WebAssembly.Module} */
let mod;
/** @type {any} */
let gs;
before(async () => {
  mod = await compileEngine();
  gs = await loadGradscope({ wasmModule: mod });
});

/**
 * Asserts that the total and the layers agree: all null, or numbers summing to the total.
 * @param {any} st core stats object @param {string} where
 * @returns {number | null} the total
 */
function agreeing(st, where) {
  const per = st.layers.map((/** @type {any} */ l) => l.dead_units);
  if (st.dead_units === null) {
    assert.ok(per.every((/** @type {any} */ v) => v === null), `${where}: total null but layers ${JSON.stringify(per)}`);
    return null;
  }
  assert.ok(per.every((/** @type {any} */ v) => Number.isInteger(v)), `${where}: total ${st.dead_units} but layers ${JSON.stringify(per)}`);
  assert.equal(per.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0), st.dead_units, `${where}: the layers sum to the total`);
  return st.dead_units;
}

describe('dead units in the WASM API', () => {
  test('null until the first probe (step 10), then 16 per hidden layer and 800 in all, on every step', () => {
    const s = new gs.Session(DEAD_NET, { data: { name: 'circles' } });
    try {
      assert.equal(agreeing(s.stats(), 'step 0'), null);
      for (let step = 1; step <= 21; ++step) {
        s.step(1);
        const st = s.stats();
        assert.equal(st.step, step);
        const total = agreeing(st, `step ${step}`);
        if (step < 10) {
          assert.equal(total, null, `step ${step}: no probe has run yet`);
        } else {
          assert.equal(total, HIDDEN_UNITS, `step ${step}`);
          st.layers.slice(0, 50).forEach((/** @type {any} */ l, /** @type {number} */ i) => assert.equal(l.dead_units, 16, `step ${step} layer ${i}`));
          assert.equal(st.layers[50].dead_units, 0, 'the linear output layer');
        }
      }
      // the history keeps the same: null (NaN in the matrix) before step 10, 16 from then on
      const m = s.historyMatrix('dead_units');
      const steps = Array.from(s.historySteps());
      assert.equal(m.length, steps.length * 51);
      steps.forEach((step, r) => {
        const v = m[r * 51];
        if (step < 10) assert.ok(Number.isNaN(v), `history step ${step}: ${v}`);
        else assert.equal(v, 16, `history step ${step}`);
      });
    } finally {
      s.dispose();
    }
  });

  test('with probe_every 0 the count is null until probe() is asked for, then the step statistics report it', () => {
    const s = new gs.Session(DEAD_NET, { data: { name: 'circles' }, probe_every: 0 });
    try {
      s.step(15);
      assert.equal(agreeing(s.stats(), 'before the probe'), null);
      const p = s.probe();
      const probed = p.layers.reduce((/** @type {number} */ n, /** @type {any} */ l) => n + l.dead.filter(Boolean).length, 0);
      assert.equal(probed, HIDDEN_UNITS);
      assert.equal(agreeing(s.stats(), 'after the probe'), HIDDEN_UNITS, 'the last step reports the latest probe');
      s.reset();
      assert.equal(agreeing(s.stats(), 'after reset'), null);
    } finally {
      s.dispose();
    }
  });
});

describe('dead units in the worker frames', () => {
  test('a frame\'s statistics, columns and probe count the same units', async () => {
    /** @type {any[]} */
    const out = [];
    const rt = new WorkerRuntime({ post: (m) => out.push(m), load: (wasmModule) => loadGradscope({ wasmModule }) });
    let id = 0;
    /** @param {string} type @param {any} [args] */
    const request = async (type, args) => {
      const i = ++id;
      rt.handle({ id: i, type, args });
      for (;;) {
        const m = out.find((x) => x.type === 'reply' && x.id === i);
        if (m) { if (!m.ok) throw new Error(m.error); return m.result; }
        await new Promise((r) => setImmediate(r));
      }
    };
    try {
      await request('init', { module: mod });
      await request('open', { network: DEAD_NET, config: { data: { name: 'circles' } } });
      for (const n of [3, 4, 5]) {  // steps 3 and 7 (no scheduled probe yet), 12
        const f = await request('step', { n });
        const sc = f.statsColumns;
        const total = sc.dead_units;
        assert.equal(sc.step, f.steps);
        assert.deepEqual(values(sc, 'dead_units'), [...Array(50).fill(16), 0], `frame at step ${f.steps}: 16 per hidden layer, none in the output layer`);
        assert.equal(unitsIn(sc) - 1, HIDDEN_UNITS, 'every hidden unit is dead');
        assert.equal(Array.from(column(sc, 'dead_units')).reduce((a, b) => a + b, 0), total, 'the columns sum to the total');
        assert.ok(f.probe, 'a full frame carries the probe');
        const probed = f.probe.layers.reduce((/** @type {number} */ k, /** @type {any} */ l) => k + l.dead.filter(Boolean).length, 0);
        assert.equal(total, probed, `frame at step ${f.steps}: the statistics count the units the probe found`);
        assert.equal(total, HIDDEN_UNITS);
      }
    } finally {
      rt.dispose();
    }
  });
});
