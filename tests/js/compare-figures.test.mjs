// web/compare/figures.js reads a comparison's measures from the one frame stream: the
// step's statistics come from frame.statsColumns only (never frame.stats or
// frame.columns). Checked against what session.stats() (the JSON) says for the same step,
// on a real network with a batch-norm and a residual layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers/engine.mjs';
import { digest, createTracker } from '../../web/compare/figures.js';

const NETWORK = {
  format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
  layers: [
    { units: 8, activation: 'relu', batchnorm: true },
    { units: 8, activation: 'tanh', residual: true },
    { units: 6, activation: 'sigmoid' },
    { units: 1 },
  ],
};

/** A frame as the worker sends it, with the old fields left out. @param {any} s */
function frameOf(s) {
  const sc = s.statsColumns();
  return { steps: sc.step, msPerStep: 0.25, statsColumns: sc, evaluate: s.evaluate(), probe: s.probe(), diverged: null, activations: [] };
}

test('digest: the measures of a frame are those stats() gives for the same step', async () => {
  const g = await loadEngine();
  const s = new g.Session(NETWORK, { data: { name: 'circles', samples: 200 }, batch: 16, seed: 3 });
  try {
    s.step(7);
    const frame = frameOf(s);
    const js = s.stats(), ev = frame.evaluate;
    const d = digest(/** @type {any} */ (frame));
    assert.ok(d, 'a digest after the first step');
    const H = js.layers.length - 1;
    const hidden = js.layers.slice(0, H);
    assert.equal(d.step, 7);
    assert.equal(d.batchLoss, js.loss);
    assert.equal(d.testLoss, ev.test.loss);
    assert.equal(d.grad0, js.layers[0].dW_norm);
    assert.equal(d.gradLast, js.layers[H - 1].dW_norm);
    assert.equal(d.gradRatio, js.layers[0].dW_ratio);
    assert.equal(d.dzRatio, js.layers[0].dz_ratio);
    assert.equal(d.units, 22);
    assert.equal(d.saturated, Math.round(hidden.reduce((a, l) => a + (l.saturated_fraction ?? 0) * l.units, 0)));
    assert.ok(Math.abs(d.meanAct - hidden.reduce((a, l) => a + l.act_mean, 0) / H) < 1e-12);
    assert.deepEqual(d.profile, js.layers.map((l) => l.dW_norm));
    assert.deepEqual(d.actProfile, hidden.map((l) => l.act_mean));
    assert.equal(d.dead, frame.probe.layers.reduce((a, l) => a + l.dead.reduce((b, x) => b + (x ? 1 : 0), 0), 0));
    assert.ok(Array.isArray(d.profile) && Array.isArray(d.actProfile), 'plain arrays (figures are JSON)');
  } finally { s.dispose(); }
});

test('digest: only statsColumns counts (a frame with the old stats/columns fields alone has no measures)', async () => {
  const g = await loadEngine();
  const s = new g.Session(NETWORK, { data: { name: 'circles', samples: 200 }, batch: 16, seed: 3 });
  try {
    s.step(2);
    const { statsColumns, ...rest } = frameOf(s);
    assert.equal(digest(/** @type {any} */ ({ ...rest, stats: s.stats(), columns: statsColumns.columns })), null);
    // statistics off: layers 0, no measures either
    assert.equal(digest(/** @type {any} */ ({ ...rest, statsColumns: { ...statsColumns, layers: 0 } })), null);
  } finally { s.dispose(); }
});

test('tracker: one round of frames gives the series and the running figures', async () => {
  const g = await loadEngine();
  const sessions = [0, 1].map(() => new g.Session(NETWORK, { data: { name: 'circles', samples: 200 }, batch: 16, seed: 3 }));
  try {
    const tracker = createTracker(2, { target: 0 });
    for (const s of sessions) s.step(3);
    assert.deepEqual(tracker.round(sessions.map((s) => /** @type {any} */ (frameOf(s)))), []);
    assert.deepEqual(tracker.steps, [3]);
    const js = sessions[0].stats();
    assert.deepEqual(tracker.column(0, 'grad0'), [js.layers[0].dW_norm]);
    assert.deepEqual(tracker.column(1, 'grad0'), tracker.column(0, 'grad0'), 'same network, same batches');
    assert.equal(tracker.track(0).stepsToTarget, 3, 'target 0 is reached at the first round');
  } finally { for (const s of sessions) s.dispose(); }
});
