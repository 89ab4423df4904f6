// WASM gradients equal the native CLI's (`gradscope grad`) for the same network and batch:
// every activation, every loss, depth 1..20; float64 within 1e-12 relative, float32 within
// 1e-6 relative with an absolute floor scaled to the array's norm.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { batch, compareValues, loadEngine, network, requireCli, runCli, stack } from './helpers/engine.mjs';

const CSV_REGRESSION = ['a,b,c,t', ...Array.from({ length: 40 }, (_, i) =>
  [Math.sin(i), Math.cos(1.3 * i), (i % 7) / 7 - 0.5, Math.sin(i) * Math.cos(1.3 * i) + 0.1 * i / 40].map((v) => v.toFixed(6)).join(','))].join('\n');

/** @type {Array<{ name: string, net: any, config: any, batch: any }>} */
const CASES = [];
const ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky_relu', { name: 'leaky_relu', negative_slope: 0.2 },
  'prelu', { name: 'prelu', per: 'unit', init: 0.1 }, 'rrelu', 'elu', { name: 'elu', alpha: 0.5 }, 'selu', 'gelu',
  'softplus', { name: 'softplus', beta: 2, threshold: 5 }, 'silu'];
for (const [i, act] of ACTIVATIONS.entries()) {
  CASES.push({
    name: `activation ${JSON.stringify(act)}, depth 3, bce_logits`,
    net: network({ hidden: stack(3, 8, act), seed: 10 + i, weights: { name: 'normal', std: 1.2 } }),
    config: { data: { name: 'circles' } },
    batch: batch({ rows: 9, inputs: 2, outputs: 1, seed: i }),
  });
}
for (const depth of [1, 2, 5, 10, 20]) {
  const hidden = Array.from({ length: depth }, (_, l) => ({ units: 6 + (l % 3), activation: ['sigmoid', 'tanh', 'relu', 'gelu'][l % 4] }));
  CASES.push({
    name: `mixed depth ${depth}, bce_logits`,
    net: network({ hidden, seed: depth }),
    config: { data: { name: 'xor' } },
    batch: batch({ rows: 16, inputs: 2, outputs: 1, seed: 100 + depth }),
  });
}
CASES.push(
  {
    name: 'sigmoid depth 20 (vanishing), mse on 2 classes',
    net: network({ hidden: stack(20, 8, 'sigmoid'), loss: 'mse', seed: 4 }),
    config: { data: { name: 'moons' } },
    batch: batch({ rows: 12, inputs: 2, outputs: 1, seed: 3 }),
  },
  {
    name: 'tanh depth 4, softmax_ce, class indices',
    net: network({ hidden: stack(4, 10, 'tanh'), outputs: 2, loss: 'softmax_ce', seed: 5 }),
    config: { data: { name: 'spiral' } },
    batch: batch({ rows: 11, inputs: 2, outputs: 2, classes: true, seed: 4 }),
  },
  {
    name: 'elu depth 3 on digits, softmax_ce, dense targets',
    net: network({ inputs: 64, hidden: stack(3, 16, 'elu'), outputs: 10, loss: 'softmax_ce', seed: 6 }),
    config: { data: { name: 'digits' } },
    batch: batch({ rows: 8, inputs: 64, outputs: 10, seed: 5 }),
  },
  {
    name: 'relu depth 6 on digits, softmax_ce, class indices',
    net: network({ inputs: 64, hidden: stack(6, 12, 'relu'), outputs: 10, loss: 'softmax_ce', seed: 7, weights: 'he_normal' }),
    config: { data: { name: 'digits' } },
    batch: batch({ rows: 10, inputs: 64, outputs: 10, classes: true, seed: 6 }),
  },
  {
    name: 'silu depth 2, mse regression (CSV)',
    net: network({ inputs: 3, hidden: stack(2, 5, 'silu'), loss: 'mse', seed: 8 }),
    config: { data: { csv: CSV_REGRESSION, regression: true } },
    batch: batch({ rows: 6, inputs: 3, outputs: 1, seed: 7 }),
  },
  {
    name: 'selu depth 1, bce_logits, batch of 1',
    net: network({ hidden: stack(1, 3, 'selu'), seed: 9 }),
    config: { data: { name: 'gaussians' } },
    batch: batch({ rows: 1, inputs: 2, outputs: 1, seed: 8 }),
  },
);

/** @type {any} */
let gs;
before(async () => {
  requireCli();
  gs = await loadEngine();
});

/**
 * @param {any} c @param {'float32' | 'float64'} precision @param {{ rel: number, floor: number }} tol
 */
function compareCase(c, precision, tol) {
  const native = JSON.parse(runCli((f) => ['grad', f.net, f.batch, '--precision', precision], { net: c.net, batch: c.batch }));
  const s = new gs.Session(c.net, { ...c.config, precision });
  let wasm;
  try {
    wasm = s.gradients(c.batch);
  } finally {
    s.dispose();
  }
  const worst = { rel: 0, floored: 0 };
  /** @param {{ rel: number, floored: number }} r */
  const note = (r) => { worst.rel = Math.max(worst.rel, r.rel); worst.floored = Math.max(worst.floored, r.floored); };
  note(compareValues(wasm.loss, native.loss, tol, 'loss'));
  note(compareValues(wasm.output, native.output, tol, 'output'));
  assert.equal(wasm.layers.length, native.layers.length);
  for (let l = 0; l < native.layers.length; ++l) {
    const a = wasm.layers[l], b = native.layers[l];
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `layers[${l}] keys`);
    for (const k of ['dW', 'db', 'dalpha', 'dW_norm', 'dz_norm'])
      if (k in b) note(compareValues(a[k], b[k], tol, `layers[${l}].${k}`));
  }
  return worst;
}

for (const [precision, tol] of /** @type {const} */ ([['float64', { rel: 1e-12, floor: 1e-13 }], ['float32', { rel: 1e-6, floor: 1e-7 }]])) {
  describe(`gradients, ${precision}: WASM == native CLI`, () => {
    for (const c of CASES) {
      test(c.name, (t) => {
        const w = compareCase(c, precision, tol);
        t.diagnostic(`largest plain relative difference ${w.rel.toExponential(2)}, ` +
                     `largest with the norm-scaled floor ${w.floored.toExponential(2)}`);
      });
    }
  });
}
