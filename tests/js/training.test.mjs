// Training in WASM agrees with the native CLI (`gradscope train --format jsonl`) for the
// same network, data, configuration and seed; sessions are deterministic (the same seed
// gives bit-identical statistics, and reset() replays them).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadEngine, network, relDiff, requireCli, runCli, stack } from './helpers/engine.mjs';

/** @type {any} */
let gs;
before(async () => {
  requireCli();
  gs = await loadEngine();
});

const RUNS = [
  {
    name: 'tanh depth 5, adam, circles',
    net: network({ hidden: stack(5, 8, 'tanh'), seed: 2 }),
    config: { data: { name: 'circles', samples: 300 }, batch: 16, optimizer: { name: 'adam', lr: 0.01 }, seed: 3 },
  },
  {
    name: 'sigmoid depth 12, sgd momentum, xor',
    net: network({ hidden: stack(12, 10, 'sigmoid'), seed: 4 }),
    config: { data: { name: 'xor' }, batch: 32, optimizer: { name: 'sgd', lr: 0.5, momentum: 0.9 }, seed: 5 },
  },
  {
    name: 'relu + prelu depth 4, rmsprop, spiral, softmax_ce',
    net: network({ hidden: [...stack(2, 12, 'relu'), ...stack(2, 12, { name: 'prelu', per: 'unit' })], outputs: 2, loss: 'softmax_ce', seed: 6 }),
    config: { data: { name: 'spiral' }, batch: 24, optimizer: { name: 'rmsprop', lr: 0.003 }, seed: 7 },
  },
  {
    name: 'rrelu depth 3, adam, moons (random slopes while training)',
    net: network({ hidden: stack(3, 8, 'rrelu'), seed: 8 }),
    config: { data: { name: 'moons' }, batch: 8, optimizer: 'adam', seed: 9 },
  },
];

/** Fields compared per step: the loss, the gradient norm and every layer's norms. */
const LAYER_FIELDS = ['dW_norm', 'db_norm', 'dz_norm', 'W_norm', 'act_mean'];

/**
 * act_std is computed as sqrt(E[x^2] - mean^2) (core/stats.cpp), which loses digits to
 * cancellation when std << |mean| (a saturated layer): compare on the scale E[x^2], the
 * precision that formula has.
 * @param {any} a @param {any} b
 */
function stdDiff(a, b) {
  const ex2 = Math.max(a.act_mean ** 2 + a.act_std ** 2, b.act_mean ** 2 + b.act_std ** 2);
  return ex2 === 0 ? 0 : Math.abs(a.act_std ** 2 - b.act_std ** 2) / ex2;
}

/**
 * @param {any} a WASM statistics @param {any} b native (one JSONL line)
 * @returns {number} the largest relative difference
 */
function worstDiff(a, b) {
  assert.equal(a.step, b.step);
  let worst = Math.max(relDiff(a.loss, b.loss), relDiff(a.grad_norm, b.grad_norm));
  for (let l = 0; l < b.layers.length; ++l) {
    for (const f of LAYER_FIELDS) worst = Math.max(worst, relDiff(a.layers[l][f], b.layers[l][f]));
    worst = Math.max(worst, stdDiff(a.layers[l], b.layers[l]));
  }
  return worst;
}

/**
 * Native JSONL lines at the given steps, and the WASM statistics at the same steps.
 * @param {any} run @param {string} precision @param {number} steps @param {number} every
 */
function both(run, precision, steps, every) {
  const config = { ...run.config, precision };
  const lines = runCli((f) => ['train', f.net, '--config', f.config, '--steps', String(steps), '--every', String(every), '--format', 'jsonl'],
    { net: run.net, config }).trim().split('\n').map((l) => JSON.parse(l));
  const s = new gs.Session(run.net, config);
  try {
    const wasm = [];
    for (const line of lines) {
      s.step(line.step - s.steps);
      wasm.push(s.stats());
    }
    return { native: lines, wasm };
  } finally {
    s.dispose();
  }
}

describe('WASM vs native training', () => {
  for (const run of RUNS) {
    test(`${run.name}: float64, steps 1..5 and 100, within 1e-12`, (t) => {
      const few = both(run, 'float64', 5, 1);
      let worst = 0;
      for (let i = 0; i < few.native.length; ++i) {
        const d = worstDiff(few.wasm[i], few.native[i]);
        worst = Math.max(worst, d);
        assert.ok(d <= 1e-12, `step ${i + 1}: relative difference ${d}`);
      }
      const long = both(run, 'float64', 100, 100);
      const d = worstDiff(long.wasm[0], long.native[0]);
      t.diagnostic(`largest relative difference: steps 1..5 ${worst.toExponential(2)}, step 100 ${d.toExponential(2)}`);
      assert.ok(d <= 1e-12, `step 100: relative difference ${d}`);
    });
    test(`${run.name}: float32, steps 1..5 within 1e-6`, (t) => {
      const few = both(run, 'float32', 5, 1);
      let worst = 0;
      for (let i = 0; i < few.native.length; ++i) {
        const d = worstDiff(few.wasm[i], few.native[i]);
        worst = Math.max(worst, d);
        assert.ok(d <= 1e-6, `step ${i + 1}: relative difference ${d}`);
      }
      t.diagnostic(`largest relative difference: steps 1..5 ${worst.toExponential(2)}`);
    });
  }
});

describe('determinism', () => {
  const run = RUNS[3];  // rrelu: random slopes and a shuffled batch order
  for (const precision of ['float32', 'float64']) {
    test(`${precision}: the same seed gives bit-identical statistics; reset replays them`, () => {
      const config = { ...run.config, precision };
      const a = new gs.Session(run.net, config), b = new gs.Session(run.net, config);
      try {
        const trace = (/** @type {any} */ s) => {
          const out = [];
          for (let i = 0; i < 6; ++i) {
            s.step(i === 0 ? 1 : 37);
            out.push(JSON.stringify(s.stats()));
          }
          out.push(JSON.stringify(s.exportNetwork()), JSON.stringify(s.evaluate()), JSON.stringify(s.probe()));
          return out;
        };
        const ta = trace(a), tb = trace(b);
        assert.deepEqual(ta, tb);
        a.reset();
        assert.equal(a.steps, 0);
        assert.deepEqual(trace(a), ta);
        const c = new gs.Session(run.net, { ...config, seed: 10 });
        try {
          c.step(186);
          assert.notEqual(JSON.stringify(c.stats()), ta[5], 'another seed gives another run');
        } finally {
          c.dispose();
        }
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  }
});
