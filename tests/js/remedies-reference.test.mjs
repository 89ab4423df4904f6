// Batch norm and skip connections against an independent reference: `gradscope grad`
// (the native CLI, float64, evaluation and training modes) against a scalar reverse-mode
// autodiff (helpers/autodiff.mjs) that builds the same network from PyTorch's
// definitions: u = x W^T + b; BatchNorm1d z = gamma (u - mean) / sqrt(var + eps) + beta
// with the batch's mean and biased variance in training mode and the running ones in
// evaluation mode; a = f(z), plus x with a skip connection; losses as PyTorch's 'mean'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { V, add, sub, mul, div, exp, log, sqrt, tanh, sigmoid, leaky, elu, sum, backward } from './helpers/autodiff.mjs';
import { rng, runCli } from './helpers/engine.mjs';

/**
 * A random network with explicit parameters (running statistics too) and a batch.
 * @param {{ inputs: number, hidden: Array<{ units: number, act: string, bn?: boolean, skip?: boolean }>, outputs: number, loss: string, B: number, seed: number }} o
 */
function makeCase(o) {
  const r = rng(o.seed);
  const u = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + (hi - lo) * r();
  const layers = [];
  const parameters = [];
  let fanIn = o.inputs;
  for (const h of [...o.hidden, { units: o.outputs, act: '' }]) {
    const layer = /** @type {any} */ ({ units: h.units });
    if (h.act) layer.activation = h.act === 'elu' ? { name: 'elu', alpha: 0.7 } : h.act === 'leaky_relu' ? { name: 'leaky_relu', alpha: 0.05 } : h.act;
    const p = /** @type {any} */ ({
      W: Array.from({ length: h.units }, () => Array.from({ length: fanIn }, () => u(-1, 1))),
      b: Array.from({ length: h.units }, () => u(-0.5, 0.5)),
    });
    if (h.bn) {
      layer.batchnorm = { momentum: 0.1, eps: 1e-5 };
      p.gamma = Array.from({ length: h.units }, () => u(0.5, 1.5));
      p.beta = Array.from({ length: h.units }, () => u(-0.5, 0.5));
      p.running_mean = Array.from({ length: h.units }, () => u(-0.5, 0.5));
      p.running_var = Array.from({ length: h.units }, () => u(0.5, 2));
    }
    if (h.skip) layer.residual = true;
    layers.push(layer);
    parameters.push(p);
    fanIn = h.units;
  }
  const network = { format: 'gradscope-network/1', inputs: o.inputs, layers, loss: o.loss, init: { weights: 'glorot_uniform', seed: 1 }, parameters };
  const x = Array.from({ length: o.B }, () => Array.from({ length: o.inputs }, () => u(-2, 2)));
  const y = Array.from({ length: o.B }, () => Array.from({ length: o.outputs }, () => (o.loss === 'bce_logits' ? (r() < 0.5 ? 0 : 1) : u(-1, 1))));
  return { network, batch: { x, y } };
}

/** The reference: loss and every gradient, by autodiff. @param {any} network @param {any} batch @param {'train' | 'eval'} mode */
function reference(network, batch, mode) {
  const P = network.parameters.map((/** @type {any} */ p) => ({
    W: p.W.map((/** @type {number[]} */ row) => row.map((w) => new V(w))),
    b: p.b.map((/** @type {number} */ w) => new V(w)),
    gamma: p.gamma?.map((/** @type {number} */ w) => new V(w)),
    beta: p.beta?.map((/** @type {number} */ w) => new V(w)),
  }));
  const L = network.layers.length;
  /** @type {V[][]} */ let a = batch.x.map((/** @type {number[]} */ row) => row.map((x) => new V(x)));
  for (let l = 0; l < L; ++l) {
    const spec = network.layers[l], p = P[l], raw = network.parameters[l];
    // u = a W^T + b, one row per sample
    let z = a.map((row) => p.W.map((/** @type {V[]} */ wo, /** @type {number} */ o) => add(sum(wo.map((w, i) => mul(w, row[i]))), p.b[o])));
    if (spec.batchnorm) {
      const B = z.length, eps = spec.batchnorm.eps;
      z = z.map((row) => row.slice());
      for (let o = 0; o < spec.units; ++o) {
        let mean, variance;
        if (mode === 'train') {
          mean = div(sum(z.map((row) => row[o])), B);
          variance = div(sum(z.map((row) => { const d = sub(row[o], mean); return mul(d, d); })), B);
        } else {
          mean = new V(raw.running_mean[o]);
          variance = new V(raw.running_var[o]);
        }
        const inv = div(1, sqrt(add(variance, eps)));
        const col = z.map((row) => add(mul(p.gamma[o], mul(sub(row[o], mean), inv)), p.beta[o]));
        col.forEach((v, r) => { z[r][o] = v; });
      }
    }
    if (l === L - 1) { a = z; break; }
    const act = typeof spec.activation === 'string' ? spec.activation : spec.activation.name;
    const f = (/** @type {V} */ t) => act === 'tanh' ? tanh(t) : act === 'sigmoid' ? sigmoid(t) : act === 'relu' ? leaky(t, 0)
      : act === 'leaky_relu' ? leaky(t, spec.activation.alpha) : act === 'elu' ? elu(t, spec.activation.alpha) : (() => { throw new Error(act); })();
    const fa = z.map((row) => row.map(f));
    a = spec.residual ? fa.map((row, r) => row.map((t, o) => add(t, a[r][o]))) : fa;
  }
  const terms = [];
  a.forEach((row, r) => row.forEach((zz, k) => {
    const t = batch.y[r][k];
    if (network.loss === 'mse') { const d = sub(zz, t); terms.push(mul(d, d)); }
    else {  // bce with logits, stable: max(z, 0) - z t + log(1 + exp(-|z|))
      const absz = zz.value >= 0 ? zz : mul(zz, -1);
      terms.push(add(sub(leaky(zz, 0), mul(zz, t)), log(add(1, exp(mul(absz, -1))))));
    }
  }));
  const loss = div(sum(terms), terms.length);
  backward(loss);
  return {
    loss: loss.value,
    layers: P.map((p) => ({
      dW: p.W.map((/** @type {V[]} */ row) => row.map((w) => w.grad)),
      db: p.b.map((/** @type {V} */ w) => w.grad),
      dgamma: p.gamma?.map((/** @type {V} */ w) => w.grad),
      dbeta: p.beta?.map((/** @type {V} */ w) => w.grad),
    })),
  };
}

/** @param {any} network @param {any} batch @param {'train' | 'eval'} mode */
function cli(network, batch, mode) {
  return JSON.parse(runCli((f) => ['grad', f.network, f.batch, '--precision', 'float64', '--mode', mode], { network, batch }));
}

/** Largest relative difference between two nested arrays of numbers. @param {any} a @param {any} b */
function worst(a, b) {
  if (typeof a === 'number') return Math.abs(a - b) / Math.max(1e-3, Math.abs(b));
  assert.equal(a.length, b.length);
  return Math.max(0, ...a.map((/** @type {any} */ x, /** @type {number} */ i) => worst(x, b[i])));
}

const CASES = [
  { name: 'batch norm on every hidden layer (tanh, relu, elu), mse', inputs: 3, outputs: 2, loss: 'mse', B: 6, seed: 11,
    hidden: [{ units: 4, act: 'tanh', bn: true }, { units: 5, act: 'relu', bn: true }, { units: 3, act: 'elu', bn: true }] },
  { name: 'skip connections (sigmoid, leaky_relu, tanh), bce_logits', inputs: 4, outputs: 1, loss: 'bce_logits', B: 5, seed: 12,
    hidden: [{ units: 4, act: 'sigmoid', skip: true }, { units: 4, act: 'leaky_relu', skip: true }, { units: 4, act: 'tanh', skip: true }] },
  { name: 'both on one layer, and mixed', inputs: 2, outputs: 2, loss: 'mse', B: 7, seed: 13,
    hidden: [{ units: 5, act: 'tanh', bn: true }, { units: 5, act: 'relu', bn: true, skip: true }, { units: 5, act: 'sigmoid', skip: true }, { units: 3, act: 'elu', bn: true }] },
];

for (const c of CASES) {
  for (const mode of /** @type {const} */ (['train', 'eval'])) {
    test(`remedies vs an autodiff reference: ${c.name}, ${mode} mode`, () => {
      const { network, batch } = makeCase(c);
      const ref = reference(network, batch, mode);
      const got = cli(network, batch, mode);
      const errs = [Math.abs(got.loss - ref.loss) / Math.abs(ref.loss)];
      got.layers.forEach((/** @type {any} */ g, /** @type {number} */ l) => {
        const r = ref.layers[l];
        errs.push(worst(g.dW, r.dW), worst(g.db, r.db));
        if (r.dgamma) errs.push(worst(g.dgamma, r.dgamma), worst(g.dbeta, r.dbeta));
        else assert.equal(g.dgamma, undefined, `layer ${l} has no batch norm`);
      });
      const e = Math.max(...errs);
      console.log(`# ${c.name}, ${mode}: loss ${ref.loss.toPrecision(6)}, worst relative difference ${e.toExponential(2)}`);
      assert.ok(e < 1e-9, `worst relative difference ${e}`);
      // in training mode a batch-norm layer's bias has no effect on the loss
      if (mode === 'train') got.layers.forEach((/** @type {any} */ g, /** @type {number} */ l) => {
        if (network.layers[l].batchnorm) for (const d of g.db) assert.ok(Math.abs(d) < 1e-12, `layer ${l} db ${d}`);
      });
    });
  }
}
