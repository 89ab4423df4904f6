// `gradscope export torch` against PyTorch itself: every exported file is run under
// Debian's python3-torch (tests/js/helpers/torch-run.py, one Python process for all), and
// its check() must give the loss, the output and every dW, db, dalpha, dgamma, dbeta of
// `gradscope grad` on the same batch, float64 within 1e-9 relative. One network per
// activation (random weights and PReLU slopes), batch norm in evaluation and training
// mode, skip connections, the three losses, float32, and the way back: weights changed
// by a PyTorch SGD step, saved by the file's save_network(), read by `gradscope grad`.
// RReLU: evaluation mode compares at the mean slope (lower + upper) / 2 (PyTorch's eval
// slope too); in training mode each side draws its own random slopes, so training mode is
// compared with lower == upper, where both draw exactly `lower`.
// Without python3-torch the PyTorch comparisons are skipped with a message naming the
// package (scripts/ensure-deps.sh installs it when run as root).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CLI, loadEngine, requireCli, rng } from './helpers/engine.mjs';

const PYTHON = process.env.GRADSCOPE_PYTHON ?? '/usr/bin/python3';
const RUNNER = fileURLToPath(new URL('./helpers/torch-run.py', import.meta.url));
const TORCH_MISSING = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0
  ? `PyTorch is not importable by ${PYTHON}: install Debian's python3-torch (scripts/ensure-deps.sh does, as root)`
  : '';
const F64 = { rel: 1e-9, floor: 1e-12 };

/**
 * A network with random explicit parameters (weights, biases, PReLU slopes, batch-norm
 * scales, shifts and running statistics), so no value is a default.
 * @param {{ inputs?: number, hidden: Array<{ units: number, activation?: any, batchnorm?: boolean, residual?: boolean }>,
 *           outputs?: number, loss?: string, seed: number }} o
 */
function randomNetwork(o) {
  const r = rng(o.seed);
  const u = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + (hi - lo) * r();
  const inputs = o.inputs ?? 3;
  const layers = [...o.hidden.map((h) => ({ ...h, activation: h.activation ?? 'sigmoid' })), { units: o.outputs ?? 1 }];
  /** @type {any[]} */
  const parameters = [];
  let fanIn = inputs;
  for (const l of /** @type {any[]} */ (layers)) {
    const scale = 1.5 / Math.sqrt(fanIn);
    /** @type {any} */
    const p = {
      W: Array.from({ length: l.units }, () => Array.from({ length: fanIn }, () => u(-scale, scale))),
      b: Array.from({ length: l.units }, () => u(-0.3, 0.3)),
    };
    const act = l.activation;
    if (act && typeof act === 'object' && act.name === 'prelu')
      p.alpha = Array.from({ length: act.per === 'unit' ? l.units : 1 }, () => u(0.05, 0.5));
    if (l.batchnorm) {
      p.gamma = Array.from({ length: l.units }, () => u(0.5, 1.5));
      p.beta = Array.from({ length: l.units }, () => u(-0.5, 0.5));
      p.running_mean = Array.from({ length: l.units }, () => u(-0.5, 0.5));
      p.running_var = Array.from({ length: l.units }, () => u(0.5, 2));
    }
    parameters.push(p);
    fanIn = l.units;
  }
  return { format: 'gradscope-network/1', inputs, layers, loss: o.loss ?? 'bce_logits', init: { seed: o.seed }, parameters };
}

/** @param {any} net @param {number} rows @param {number} seed @param {'rows' | 'classes' | 'probabilities'} [kind] */
function randomBatch(net, rows, seed, kind = 'rows') {
  const r = rng(seed);
  const K = net.layers[net.layers.length - 1].units;
  const x = Array.from({ length: rows }, () => Array.from({ length: net.inputs }, () => 4 * r() - 2));
  if (kind === 'classes') return { x, y: Array.from({ length: rows }, () => Math.floor(r() * K)) };
  if (kind === 'probabilities') {
    return { x, y: Array.from({ length: rows }, () => { const p = Array.from({ length: K }, () => r()); const s = p.reduce((a, b) => a + b); return p.map((v) => v / s); }) };
  }
  const binary = net.loss === 'bce_logits';
  return { x, y: Array.from({ length: rows }, () => Array.from({ length: K }, () => (binary ? Math.round(r()) : 2 * r() - 1))) };
}

const two = (/** @type {any} */ activation, /** @type {object} */ extra = {}) => [{ units: 5, activation, ...extra }, { units: 4, activation, ...extra }];

/** Every case: a network, a batch, a mode. */
const CASES = [
  ...['sigmoid', 'tanh', 'relu', 'selu', 'gelu', 'silu', 'identity'].map((a, i) => ({ name: a, net: randomNetwork({ hidden: two(a), seed: 10 + i }) })),
  { name: 'leaky_relu', net: randomNetwork({ hidden: two({ name: 'leaky_relu', alpha: 0.07 }), seed: 20 }) },
  { name: 'prelu per layer', net: randomNetwork({ hidden: two({ name: 'prelu', per: 'layer', alpha: 0.25 }), seed: 21 }) },
  { name: 'prelu per unit', net: randomNetwork({ hidden: two({ name: 'prelu', per: 'unit', alpha: 0.25 }), seed: 22 }) },
  { name: 'rrelu (eval: mean slope)', net: randomNetwork({ hidden: two({ name: 'rrelu', lower: 0.1, upper: 0.4 }), seed: 23 }) },
  { name: 'rrelu lower == upper (train)', mode: 'train', net: randomNetwork({ hidden: two({ name: 'rrelu', lower: 0.2, upper: 0.2 }), seed: 24 }) },
  { name: 'elu', net: randomNetwork({ hidden: two({ name: 'elu', alpha: 0.7 }), seed: 25 }) },
  { name: 'softplus (both sides of the threshold)', net: randomNetwork({ hidden: two({ name: 'softplus', beta: 3, threshold: 2 }), seed: 26 }) },
  { name: 'batch norm (eval)', net: randomNetwork({ hidden: two('tanh', { batchnorm: true }), seed: 30 }) },
  { name: 'batch norm (train)', mode: 'train', net: randomNetwork({ hidden: two({ name: 'prelu', per: 'unit', alpha: 0.2 }, { batchnorm: true }), seed: 31 }) },
  { name: 'batch norm, one row (train falls back to running statistics)', mode: 'train', rows: 1, net: randomNetwork({ hidden: two('relu', { batchnorm: true }), seed: 32 }) },
  { name: 'skips', net: randomNetwork({ inputs: 4, hidden: [{ units: 4, activation: 'relu', residual: true }, { units: 4, activation: { name: 'elu', alpha: 1 }, residual: true }, { units: 4, activation: 'sigmoid', residual: true }], seed: 33 }) },
  { name: 'skips and batch norm (train)', mode: 'train', net: randomNetwork({ inputs: 4, hidden: [{ units: 4, activation: 'sigmoid', residual: true, batchnorm: true }, { units: 3, activation: 'tanh', batchnorm: true }, { units: 3, activation: { name: 'leaky_relu', alpha: 0.1 }, residual: true }], seed: 34 }) },
  { name: 'softmax_ce, class indices', kind: 'classes', net: randomNetwork({ hidden: two('tanh'), outputs: 3, loss: 'softmax_ce', seed: 40 }) },
  { name: 'softmax_ce, probability rows', kind: 'probabilities', net: randomNetwork({ hidden: two('relu'), outputs: 3, loss: 'softmax_ce', seed: 41 }) },
  { name: 'mse, two outputs', net: randomNetwork({ hidden: two('sigmoid'), outputs: 2, loss: 'mse', seed: 42 }) },
];

/** Writes each case's network, batch and exported file; returns their paths. */
function exportCases(/** @type {string} */ dir, /** @type {string} */ precision = 'float64') {
  return CASES.map((c, i) => {
    const networkFile = join(dir, `net${i}.json`), batchFile = join(dir, `batch${i}.json`), module = join(dir, `net${i}_${precision}.py`);
    const batch = randomBatch(c.net, /** @type {any} */ (c).rows ?? 6, 100 + i, /** @type {any} */ (c).kind);
    writeFileSync(networkFile, JSON.stringify(c.net));
    writeFileSync(batchFile, JSON.stringify(batch));
    execFileSync(CLI, ['export', 'torch', networkFile, '--precision', precision, '--batch', batchFile, '--output', module]);
    return { ...c, mode: /** @type {any} */ (c).mode ?? 'eval', networkFile, batchFile, batch, module };
  });
}

/** @param {any[]} jobs */
function runTorch(jobs) {
  const out = execFileSync(PYTHON, [RUNNER], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out);
}

/** @param {string} networkFile @param {string} batchFile @param {string} mode @param {string} precision */
function grad(networkFile, batchFile, mode, precision = 'float64') {
  return JSON.parse(execFileSync(CLI, ['grad', networkFile, batchFile, '--precision', precision, '--mode', mode], { encoding: 'utf8' }));
}

const GRADIENTS = ['dW', 'db', 'dalpha', 'dgamma', 'dbeta'];

/**
 * Compares every field check() shares with `gradscope grad`, value by value:
 *   |a - b| <= rel * max(|a|, |b|) + floor * (the layer's largest gradient).
 * The floor is for values that are 0 up to rounding: a bias before batch norm in training
 * mode gets sum(dL/du) over the batch, exactly 0 in theory and a few 1e-18 on either side.
 * Returns the worst plain relative difference of the values above that floor.
 */
function compareReports(/** @type {any} */ torch, /** @type {any} */ gs, /** @type {string} */ where, tol = F64) {
  let worst = 0;
  const flat = (/** @type {any} */ v) => [v].flat(Infinity);
  const compare = (/** @type {any} */ a, /** @type {any} */ b, /** @type {number} */ scale, /** @type {string} */ what) => {
    const fa = flat(a), fb = flat(b);
    assert.equal(fa.length, fb.length, `${where}: ${what}: ${fa.length} values vs ${fb.length}`);
    fa.forEach((va, i) => {
      const vb = fb[i];
      assert.ok(Number.isFinite(va) && Number.isFinite(vb), `${where}: ${what}[${i}]: ${va} vs ${vb}`);
      const d = Math.abs(va - vb), m = Math.max(Math.abs(va), Math.abs(vb));
      if (d > tol.rel * m + tol.floor * scale)
        assert.fail(`${where}: ${what}[${i}]: PyTorch ${va} vs gradscope ${vb}: difference ${d.toExponential(3)} exceeds ` +
                    `${tol.rel} relative + ${tol.floor} x ${scale.toExponential(3)}`);
      if (d > 0 && m > (tol.floor / tol.rel) * scale) worst = Math.max(worst, d / m);
    });
  };
  const largest = (/** @type {any[]} */ vs) => Math.max(0, ...vs.flatMap(flat).filter((v) => v !== null).map(Math.abs));
  compare([torch.loss], [gs.loss], Math.abs(gs.loss), 'loss');
  compare(torch.output, gs.output, largest([gs.output]), 'output');
  assert.equal(torch.layers.length, gs.layers.length, `${where}: layers`);
  torch.layers.forEach((/** @type {any} */ l, /** @type {number} */ i) => {
    const g = gs.layers[i];
    const scale = largest(GRADIENTS.map((k) => g[k] ?? []));
    for (const k of GRADIENTS) {
      if (!(k in g) && !(k in l)) continue;
      assert.equal(l[k] === null || l[k] === undefined, g[k] === null || g[k] === undefined, `${where}: layers[${i}].${k} present on one side only`);
      if (l[k] !== null && l[k] !== undefined) compare(l[k], g[k], scale, `layers[${i}].${k}`);
    }
  });
  return worst;
}

/**
 * Exports every case (float64 and a few in float32) and runs them all in one Python
 * process (importing PyTorch is the slow part); the tests below read the results.
 */
function runAll() {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-torch-'));
  const cases = exportCases(dir);
  const f32 = exportCases(dir, 'float32').filter((c) => ['tanh', 'prelu per unit', 'batch norm (train)', 'skips'].includes(c.name));
  const stepCase = /** @type {any} */ (cases.find((c) => c.name === 'skips and batch norm (train)'));
  const saved = join(dir, 'stepped.json');
  const jobs = [...cases.map((c) => ({ module: c.module, inspect: true })),
                ...cases.map((c) => ({ module: c.module, batch: c.batch, mode: c.mode })),
                ...f32.map((c) => ({ module: c.module, batch: c.batch, mode: c.mode })),
                { module: f32[0].module, inspect: true },
                { module: stepCase.module, batch: stepCase.batch, mode: 'eval', step_and_save: saved }];
  const out = runTorch(jobs);
  const n = cases.length;
  return {
    dir, cases, f32, stepCase, saved,
    info: out.slice(0, n), checks: out.slice(n, 2 * n), f32checks: out.slice(2 * n, 2 * n + f32.length),
    f32info: out[2 * n + f32.length], stepped: out[2 * n + f32.length + 1],
  };
}

/** @type {ReturnType<typeof runAll> | null} */
let all = null;
const results = () => (all ??= runAll());
after(() => { if (all) rmSync(all.dir, { recursive: true, force: true }); });

test('export torch: PyTorch classes and parameters for every layer', { skip: TORCH_MISSING || false }, () => {
  const { cases, info } = results();
  const byName = Object.fromEntries(cases.map((c, i) => [c.name, info[i]]));
  assert.deepEqual(byName['leaky_relu'].activations[0], ['LeakyReLU', 'LeakyReLU(negative_slope=0.07)']);
  assert.deepEqual(byName['prelu per unit'].activations[0], ['PReLU', 'PReLU(num_parameters=5)']);
  assert.deepEqual(byName['prelu per layer'].activations[1], ['PReLU', 'PReLU(num_parameters=1)']);
  assert.deepEqual(byName['rrelu (eval: mean slope)'].activations[0], ['RReLU', 'RReLU(lower=0.1, upper=0.4)']);
  assert.deepEqual(byName['elu'].activations[0], ['ELU', 'ELU(alpha=0.7)']);
  assert.deepEqual(byName['softplus (both sides of the threshold)'].activations[0], ['Softplus', 'Softplus(beta=3.0, threshold=2.0)']);
  for (const [name, cls] of [['sigmoid', 'Sigmoid'], ['tanh', 'Tanh'], ['relu', 'ReLU'], ['selu', 'SELU'], ['gelu', 'GELU'], ['silu', 'SiLU'], ['identity', 'Identity']])
    assert.equal(byName[name].activations[0][0], cls, name);
  assert.match(byName['batch norm (eval)'].batchnorm[0], /^BatchNorm1d\(5, eps=1e-05, momentum=0\.1, affine=True, track_running_stats=True\)$/);
  assert.deepEqual(byName['skips'].residual, [true, true, true]);
  assert.equal(byName['softmax_ce, class indices'].loss, 'CrossEntropyLoss');
  assert.equal(byName['mse, two outputs'].loss, 'MSELoss');
  assert.equal(byName['sigmoid'].loss, 'BCEWithLogitsLoss');
  assert.equal(byName['sigmoid'].dtype, 'torch.float64');
});

test('export torch: check() gives gradscope grad\'s loss and every gradient, float64 within 1e-9', { skip: TORCH_MISSING || false }, () => {
  const { cases, checks } = results();
  let worst = 0;
  cases.forEach((c, i) => { worst = Math.max(worst, compareReports(checks[i], grad(c.networkFile, c.batchFile, c.mode), `${c.name} (${c.mode})`)); });
  console.log(`PyTorch, ${cases.length} networks: worst relative difference to gradscope grad ${worst.toExponential(2)} (float64)`);
});

test('export torch: the way back, weights changed by PyTorch and saved by save_network()', { skip: TORCH_MISSING || false }, () => {
  const { stepCase, saved, stepped } = results();
  // One SGD step in training mode changed the weights and the running statistics; gradscope
  // reads the saved file and agrees with PyTorch on the changed model.
  const back = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(back.format, 'gradscope-network/1');
  assert.notDeepEqual(back.parameters[0].W, stepCase.net.parameters[0].W, 'the SGD step changed the weights');
  assert.notDeepEqual(back.parameters[0].running_mean, stepCase.net.parameters[0].running_mean, 'training mode updated the running mean');
  compareReports(stepped, grad(saved, stepCase.batchFile, 'eval'), 'saved by save_network()');
});

test('export torch: float32 files compute in float32, close to gradscope grad --precision float32', { skip: TORCH_MISSING || false }, () => {
  const { f32, f32checks, f32info } = results();
  assert.equal(f32.length, 4);
  assert.equal(f32info.dtype, 'torch.float32');
  // Different summation orders in float32: agreement to a few ulps of the layer's largest gradient.
  f32.forEach((c, i) => compareReports(f32checks[i], grad(c.networkFile, c.batchFile, c.mode, 'float32'), `${c.name} float32`, { rel: 1e-5, floor: 1e-5 }));
});

test('export torch: the file runs on its own and prints check() of its example batch', { skip: TORCH_MISSING || false }, () => {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-torch-'));
  try {
    // No parameters: the weights are drawn from init as gradscope draws them.
    const net = { format: 'gradscope-network/1', inputs: 2, layers: [{ units: 8, activation: { name: 'prelu', per: 'unit' } }, { units: 8, activation: 'sigmoid', batchnorm: true }, { units: 1 }], loss: 'bce_logits', init: { seed: 5 } };
    const networkFile = join(dir, 'net.json'), module = join(dir, 'gradscope_network.py');
    writeFileSync(networkFile, JSON.stringify(net));
    execFileSync(CLI, ['export', 'torch', networkFile, '--precision', 'float64', '--output', module]);
    const text = readFileSync(module, 'utf8');
    const example = text.match(/EXAMPLE_BATCH = json\.loads\(r"""\n(.*)\n"""\)/);
    assert.ok(example, 'the file holds its example batch');
    const batchFile = join(dir, 'batch.json');
    writeFileSync(batchFile, example[1]);
    const printed = JSON.parse(execFileSync(PYTHON, [module], { cwd: dir, encoding: 'utf8' }));
    compareReports(printed, grad(networkFile, batchFile, 'eval'), 'python3 gradscope_network.py');
    // --save-network writes the exported weights back unchanged, bit for bit.
    execFileSync(PYTHON, [module, '--save-network', join(dir, 'back.json')], { cwd: dir });
    const back = JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8'));
    const original = JSON.parse(execFileSync(CLI, ['export', 'torch', networkFile, '--precision', 'float64'], { encoding: 'utf8' }).match(/NETWORK = json\.loads\(r"""\n([\s\S]*?)\n"""\)/)?.[1] ?? 'null');
    assert.deepEqual(back.parameters, original.parameters);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export torch: bad input names the problem, exit status 2, nothing on stdout', () => {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-torch-'));
  try {
    const networkFile = join(dir, 'net.json');
    writeFileSync(networkFile, JSON.stringify(randomNetwork({ hidden: two('relu'), seed: 1 })));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ x: [[1, 2]], y: [[1]] }));
    const run = (/** @type {string[]} */ args) => spawnSync(CLI, args, { encoding: 'utf8' });
    for (const [args, message] of [
      [['export'], /export: expected a target, 'torch'/],
      [['export', 'keras', networkFile], /export: expected a target, 'torch' .*got 'keras'/],
      [['export', 'torch'], /export torch: expected one NETWORK\.json/],
      [['export', 'torch', networkFile, '--precision', 'half'], /--precision: must be float32 or float64, got 'half'/],
      [['export', 'torch', networkFile, '--batch', join(dir, 'bad.json')], /batch\.x\[0\]: must be a row of 3 numbers/],
      [['export', 'torch', join(dir, 'missing.json')], /network: cannot open/],
    ]) {
      const r = run(/** @type {string[]} */ (args));
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /** @type {RegExp} */ (message));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export torch: the WASM engine (the page\'s Export -> PyTorch) writes the CLI\'s text', async () => {
  requireCli();
  const gs = await loadEngine();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-torch-'));
  try {
    for (const precision of ['float64', 'float32']) {
      const net = randomNetwork({ hidden: [{ units: 6, activation: { name: 'prelu', per: 'unit', alpha: 0.2 }, batchnorm: true }, { units: 6, activation: { name: 'rrelu', lower: 0.1, upper: 0.3 }, residual: true }], inputs: 2, outputs: 2, loss: 'softmax_ce', seed: 3 });
      const s = new gs.Session(net, { data: { name: 'spiral', samples: 60 }, batch: 8, precision, optimizer: { name: 'adam', lr: 0.01 } });
      try {
        s.step(5);  // trained weights and running statistics, not the file's
        const text = s.exportTorch();
        const file = join(dir, `trained-${precision}.json`);
        writeFileSync(file, JSON.stringify(s.exportNetwork()));
        const cli = execFileSync(CLI, ['export', 'torch', file, '--precision', precision], { encoding: 'utf8' });
        assert.equal(text, cli, precision);
        assert.match(text, new RegExp(`^DTYPE = torch\\.${precision} `, 'm'));
        assert.match(text, /nn\.PReLU\(num_parameters=6, init=0\.2\)/);
      } finally {
        s.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
