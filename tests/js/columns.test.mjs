// web/state/columns.js against the JSON it stands in for: every accessor, on a real
// session's statistics (a PReLU, an RReLU, a batch-norm and a residual layer), gives what
// session.stats() says for the same step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers/engine.mjs';
import { layerCount, hiddenCount, at, flag, summaryAt, values, unitsIn, column } from '../../web/state/columns.js';

test('columns.js reads what stats() says, layer by layer', async () => {
  const g = await loadEngine();
  const network = {
    format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
    layers: [
      { units: 8, activation: 'prelu', batchnorm: true },
      { units: 8, activation: { name: 'rrelu', lower: 0.125, upper: 0.3333 }, residual: true },
      { units: 8, activation: 'relu' },
      { units: 8, activation: 'sigmoid' },
      { units: 1 },
    ],
  };
  const s = new g.Session(network, { data: { name: 'circles', samples: 200 }, batch: 16, probe_every: 5 });
  try {
    s.step(5); s.probe();
    s.step(1);
    const js = s.stats(), sc = s.statsColumns();
    assert.equal(layerCount(sc), js.layers.length);
    assert.equal(hiddenCount(sc), js.layers.length - 1);
    assert.equal(unitsIn(sc), js.layers.reduce((a, l) => a + l.units, 0));
    for (let l = 0; l < js.layers.length; ++l) {
      const L = js.layers[l];
      for (const f of ['dW_norm', 'dz_ratio', 'act_mean', 'zero_fraction', 'same_sign_share', 'dead_units', 'predicted_ratio']) {
        assert.equal(at(sc, f, l), L[f], `layer ${l} ${f}`);
      }
      assert.deepEqual(summaryAt(sc, 'prelu_alpha', l), L.prelu_alpha, `layer ${l} prelu_alpha`);
      assert.deepEqual(summaryAt(sc, 'rrelu_slope', l), L.rrelu_slope, `layer ${l} rrelu_slope`);
      assert.deepEqual(summaryAt(sc, 'bn_gamma', l), L.batchnorm ? L.batchnorm.gamma : null, `layer ${l} bn_gamma`);
      assert.equal(flag(sc, 'batchnorm', l), L.batchnorm !== null);
      assert.equal(flag(sc, 'residual', l), L.residual);
    }
    assert.deepEqual(values(sc, 'dW_norm'), js.layers.map((l) => l.dW_norm));
    assert.deepEqual(values(sc, 'act_std', 1, 3), js.layers.slice(1, 3).map((l) => l.act_std));
    assert.equal(at(sc, 'dW_norm', 99), null);
    assert.equal(column(null, 'dW_norm').length, 0);
    assert.equal(layerCount(undefined), 0);
  } finally {
    s.dispose();
  }
});
