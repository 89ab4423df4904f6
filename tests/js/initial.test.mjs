// The step-0 report the page shows before any training step (issue 13): a session's
// gradients(batch) with the options `mode`, `matrices` and `stats`. Checked against the
// native CLI (`gradscope grad --mode train`), against the same report with its matrices
// (the global norm is every parameter's gradient), and against step 1 of a session whose
// only batch is that batch (the full training set as one batch: what step 1 measures),
// through the worker's own handling of the requests, in the frames' form (statsColumns).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { batch, compareValues, loadEngine, network, runCli, stack } from './helpers/engine.mjs';
import { runtimeClient } from './helpers/runtime-client.mjs';
import { withInitialStats, batchOf, initialNote } from '../../web/app/initial.js';
import { layerCount, values } from '../../web/state/columns.js';

/** @type {any} */ let gs;
before(async () => { gs = await loadEngine(); });

const sumSq = (/** @type {any} */ a) => (Array.isArray(a) ? a.reduce((s, v) => s + sumSq(v), 0) : typeof a === 'number' ? a * a : 0);

test('mode "train" equals the CLI\'s --mode train (batch norm on the batch, RReLU drawn); eval differs', () => {
  const net = network({ hidden: stack(6, 8, 'sigmoid').map((l, i) => (i % 2 ? { ...l, batchnorm: true } : { ...l, activation: 'rrelu' })), seed: 3 });
  const b = batch({ rows: 12, inputs: 2, outputs: 1, seed: 9 });
  const s = new gs.Session(net, { data: { name: 'circles' }, precision: 'float64' });
  try {
    const train = s.gradients({ ...b, mode: 'train' });
    const evalRep = s.gradients(b);
    const cli = JSON.parse(runCli((f) => ['grad', f.net, f.batch, '--precision', 'float64', '--mode', 'train'], { net, batch: b }));
    compareValues(train.layers.map((l) => l.dW_norm), cli.layers.map((l) => l.dW_norm), { rel: 1e-12, floor: 0 }, 'dW_norm (train)');
    compareValues(train.loss, cli.loss, { rel: 1e-12, floor: 0 }, 'loss (train)');
    assert.ok(Math.abs(evalRep.loss - train.loss) > 1e-9, 'eval and train modes give different losses with batch norm');
  } finally { s.dispose(); }
});

test('matrices: false leaves the matrices out; stats: true gives the step statistics of the pass', () => {
  const net = network({ hidden: stack(5, 8, 'prelu'), seed: 4 });
  const b = batch({ rows: 10, inputs: 2, outputs: 1, seed: 2 });
  const s = new gs.Session(net, { data: { name: 'circles' }, precision: 'float64' });
  try {
    const full = s.gradients({ ...b, mode: 'train' });
    const rep = s.gradients({ ...b, mode: 'train', matrices: false, stats: true });
    assert.equal(rep.output, undefined);
    for (const l of rep.layers) { assert.equal(l.dW, undefined); assert.equal(l.db, undefined); assert.equal(l.dalpha, undefined); }
    assert.ok(full.layers[0].dW && full.layers[0].dalpha, 'the default report keeps its matrices');
    const st = rep.stats;
    assert.equal(st.step, null);
    assert.equal(st.layers.length, 6);
    compareValues(st.layers.map((l) => l.dW_norm), full.layers.map((l) => l.dW_norm), { rel: 1e-12, floor: 0 }, 'dW_norm');
    compareValues(st.layers.map((l) => l.db_norm), full.layers.map((l) => Math.sqrt(sumSq(l.db))), { rel: 1e-12, floor: 0 }, 'db_norm');
    const g = Math.sqrt(full.layers.reduce((a, l) => a + sumSq(l.dW) + sumSq(l.db) + sumSq(l.dalpha), 0));
    compareValues(st.grad_norm, g, { rel: 1e-12, floor: 0 }, 'grad_norm over W, b and the PReLU slopes');
    assert.equal(st.layers[0].activation, 'prelu');
    assert.ok(st.layers[4].prelu_alpha && st.layers[4].predicted_ratio !== undefined);
    assert.throws(() => s.gradients({ ...b, mode: 'training' }), /batch\.mode: must be "eval" or "train", got "training"/);
    assert.throws(() => s.gradients({ ...b, stats: 1 }), /batch\.stats/);
  } finally { s.dispose(); }
});

test('the page\'s step-0 frame: the report on the training set as one batch equals step 1\'s statistics, as statsColumns', async () => {
  const net = network({ hidden: stack(8, 8, 'sigmoid'), seed: 5 });
  const cfg = { data: { name: 'circles', samples: 40, test_fraction: 0.2 }, batch: 32, precision: 'float64', optimizer: { name: 'sgd', lr: 0.1 } };
  const client = await runtimeClient(gs);
  const ref = new gs.Session(net, cfg);
  try {
    await client.request('open', { network: net, config: cfg });
    const frame = /** @type {any} */ (await client.request('step', { n: 0 }));
    assert.equal(layerCount(frame.statsColumns), 0, 'no statistics before the first step');
    assert.ok(frame.probe, 'a full frame carries a probe');
    const out = await withInitialStats(client, frame, { rows: 32, loss: 'bce_logits', outputs: 1 });
    assert.notEqual(out, frame);
    const sc = out.statsColumns;
    assert.equal(sc.step, 0);
    assert.equal(sc.diverged, false);
    assert.equal(sc.lr, frame.statsColumns.lr);
    assert.equal(layerCount(sc), 9);
    assert.deepEqual(out.initial, { rows: 32 });
    assert.deepEqual(out.activations, [...Array(8).fill('sigmoid'), 'linear']);
    assert.equal(new Set(Object.values(sc.columns).map((c) => c.buffer)).size, 1, 'one buffer, as a frame\'s');
    // the full training set (32 rows) is the one batch of step 1, whatever its order
    ref.step(1);
    const st1 = ref.statsColumns();
    for (const name of /** @type {const} */ (['dW_norm', 'db_norm', 'dz_norm', 'dz_ratio', 'act_mean', 'act_std', 'mean_abs_deriv']))
      compareValues(values(sc, name), values(st1, name), { rel: 1e-9, floor: 0 }, `${name} at step 0 vs step 1`);
    compareValues(sc.grad_norm, st1.grad_norm, { rel: 1e-9, floor: 0 }, 'grad_norm');
    compareValues(sc.loss, st1.loss, { rel: 1e-9, floor: 0 }, 'loss');
    assert.deepEqual(values(sc, 'units'), values(st1, 'units'));
    // dead units: the frame's probe, per layer (none in a sigmoid network; the output layer 0)
    const dead = values(sc, 'dead_units');
    const probed = Array.from({ length: 9 }, (_, i) => frame.probe.layers[i]?.dead?.filter(Boolean).length ?? (i === 8 ? 0 : null));
    assert.deepEqual(dead, probed);
    assert.equal(probed.filter((v) => v === null).length, 0, 'the probe counts every hidden layer');
    assert.equal(initialNote(out, 32), 'Step 0: the network as initialised, before any update. These are the gradients of one batch of 32 training rows, as the first step will see them.');
    // past step 0 the note names the step whose mini-batch the bars show
    assert.equal(initialNote({ ...out, statsColumns: { ...out.statsColumns, step: 1234 }, initial: undefined }, 32),
      'Step 1,234: the gradients of that step’s mini-batch of 32 training rows, before its update.');
    // a frame past step 0, or with statistics, is left as it is
    const later = { ...frame, steps: 3 };
    assert.equal(await withInitialStats(client, later, { rows: 32, loss: 'bce_logits', outputs: 1 }), later);
    assert.equal(await withInitialStats(client, out, { rows: 32, loss: 'bce_logits', outputs: 1 }), out);
    // an engine that refuses the report: the frame as it was (the views wait for step 1)
    const refusing = { request: async () => { throw new Error('no'); } };
    assert.equal(await withInitialStats(refusing, frame, { rows: 32, loss: 'bce_logits', outputs: 1 }), frame);
    // a report without statistics: the frame as it was
    const plain = { request: async (/** @type {string} */ type, /** @type {any} */ args) => (type === 'gradients' ? { layers: [], loss: 0 } : client.request(type, args)) };
    assert.equal(await withInitialStats(plain, frame, { rows: 32, loss: 'bce_logits', outputs: 1 }), frame);
  } finally { client.rt.dispose(); ref.dispose(); }
});

test('the worker\'s gradients reply: with stats, the report\'s statistics also as statsColumns (null -> NaN), without, none', async () => {
  const net = network({ hidden: stack(3, 6, 'prelu').map((l, i) => (i === 1 ? { ...l, batchnorm: true } : l)), seed: 2 });
  const client = await runtimeClient(gs);
  try {
    await client.request('open', { network: net, config: { data: { name: 'circles' }, precision: 'float64' } });
    const b = batch({ rows: 10, inputs: 2, outputs: 1, seed: 4 });
    const rep = /** @type {any} */ (await client.request('gradients', { batch: { ...b, mode: 'train', matrices: false, stats: true } }));
    const sc = rep.statsColumns, st = rep.stats;
    assert.equal(sc.layers, st.layers.length);
    assert.deepEqual(Object.keys(sc.columns), gs.statsColumnNames().columns);
    assert.ok(Number.isNaN(sc.step), 'the report has no step');
    assert.equal(sc.grad_norm, st.grad_norm);
    assert.deepEqual(Array.from(sc.columns.dW_norm), st.layers.map((/** @type {any} */ l) => l.dW_norm));
    assert.deepEqual(Array.from(sc.columns.prelu_alpha_mean), st.layers.map((/** @type {any} */ l) => l.prelu_alpha?.mean ?? NaN));
    assert.deepEqual(Array.from(sc.columns.batchnorm), [0, 1, 0, 0]);
    assert.equal(sc.columns.bn_gamma_mean[1], st.layers[1].batchnorm.gamma.mean);
    assert.ok(Number.isNaN(sc.columns.bn_gain[0]), 'no batch norm: NaN');
    const without = /** @type {any} */ (await client.request('gradients', { batch: b }));
    assert.equal(without.statsColumns, undefined);
    assert.equal(without.stats, undefined);
  } finally { client.rt.dispose(); }
});

test('batchOf: targets as the loss wants them', () => {
  const split = { x: [1, 2, 3, 4, 5, 6], labels: [0, 2, 1] };
  assert.deepEqual(batchOf(split, 2, 5, 'softmax_ce', 3), { x: [[1, 2], [3, 4], [5, 6]], y: [0, 2, 1] });
  assert.deepEqual(batchOf(split, 2, 2, 'mse', 3), { x: [[1, 2], [3, 4]], y: [[1, 0, 0], [0, 0, 1]] });
  assert.deepEqual(batchOf({ x: [1, 2], labels: [1] }, 2, 1, 'bce_logits', 1), { x: [[1, 2]], y: [[1]] });
  assert.deepEqual(batchOf({ x: [1, 2, 3, 4], y: [0.5, -1] }, 2, 2, 'mse', 1), { x: [[1, 2], [3, 4]], y: [[0.5], [-1]] });
  assert.equal(batchOf({ x: [] }, 2, 4, 'mse', 1), null);
});
