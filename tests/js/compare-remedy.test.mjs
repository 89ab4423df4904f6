// The comparison of remedies (web/compare, docs/comparison.md, `vary: 'remedy'`): the
// variants set batch norm on every hidden layer and skip connections where the widths
// allow, keep W and b (explicit parameters gain or lose gamma/beta), the options and the
// link are validated with messages naming the value and the allowed names; and, in the
// engine, batch norm lets the gradient reach the first layer of a 50-layer sigmoid
// network that loses it without (first-to-last ‖∂L/∂W‖ ratio, orders of magnitude apart).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { loadGradscope } from '../../web/engine/gradscope.js';
import {
  variantOf, variantsOf, labelOf, checkOptions, baselineIndex, samenessClaim, compareWeights, skipLayers, REMEDIES, VARIES,
} from '../../web/state/compare-setup.js';
import { parseValues, parseCompareHash, serializeCompareHash, valueDocs, DEFAULT_VALUES } from '../../web/state/compare-url.js';
import { summarySentences, verdictOf } from '../../web/compare/words.js';

/** A network of `depth` sigmoid layers of `units`, on `inputs` inputs. */
function net({ depth = 4, units = 4, inputs = 2, extra = {} } = {}) {
  return {
    format: 'gradscope-network/1', inputs,
    layers: [...Array.from({ length: depth }, () => ({ units, activation: 'sigmoid', ...extra })), { units: 1 }],
    loss: 'bce_logits', init: { weights: 'glorot_uniform', bias: 0, seed: 1 },
  };
}
const CONFIG = { data: { name: 'circles' }, batch: 32, optimizer: { name: 'adam', lr: 0.003 }, seed: 1 };
/** @param {any} n */
const flags = (n) => n.layers.map((/** @type {any} */ l) => `${l.batchnorm ? 'B' : '-'}${l.residual ? 'S' : '-'}`).join(' ');

describe('variants', () => {
  test('remedy is a kind of variation with its four values by default', () => {
    assert.ok(VARIES.includes('remedy'));
    assert.deepEqual([...REMEDIES], ['none', 'batchnorm', 'residual', 'both']);
    assert.deepEqual(DEFAULT_VALUES.remedy, ['none', 'batchnorm', 'residual', 'both']);
  });

  test('batch norm on every hidden layer, skips where the input width equals the units, none on the output layer', () => {
    const base = net();  // 2 inputs -> 4 units: no skip around the first layer
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'none').network), '-- -- -- -- --');
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'batchnorm').network), 'B- B- B- B- --');
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'residual').network), '-- -S -S -S --');
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'both').network), 'B- BS BS BS --');
    // the first layer takes a skip when the inputs match its units
    assert.equal(flags(variantOf(net({ inputs: 4 }), CONFIG, 'remedy', 'residual').network), '-S -S -S -S --');
    assert.deepEqual(skipLayers(net({ inputs: 4 })), [0, 1, 2, 3]);
  });

  test('widths that refuse a skip get none (a bottleneck and the layer after it)', () => {
    const base = net();
    base.layers[1].units = 8;  // 2 -> 4 -> 8 -> 4 -> 4
    base.layers[2].units = 4;
    assert.deepEqual(skipLayers(base), [3]);
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'both').network), 'B- B- B- BS --');
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'residual').network), '-- -- -- -S --');
  });

  test('the remedies the base network had are removed, its other settings kept, the input untouched', () => {
    const base = net({ extra: { batchnorm: true, residual: true } });
    base.layers[0] = { units: 4, activation: 'sigmoid', batchnorm: true };  // a valid base: no skip on layer 1
    const before = JSON.stringify(base);
    const plain = variantOf(base, CONFIG, 'remedy', 'none');
    assert.equal(flags(plain.network), '-- -- -- -- --');
    for (const l of plain.network.layers) { assert.ok(!('batchnorm' in l)); assert.ok(!('residual' in l)); }
    assert.equal(flags(variantOf(base, CONFIG, 'remedy', 'residual').network), '-- -S -S -S --');
    assert.equal(JSON.stringify(base), before, 'the base network is not changed');
    assert.deepEqual(plain.network.init, base.init);
    assert.equal(plain.network.layers[2].activation, 'sigmoid');
    assert.deepEqual(plain.config.optimizer, CONFIG.optimizer);
    assert.equal(plain.config.stats, true);
    assert.equal(plain.config.probe_every, 0);
  });

  test('explicit parameters: W, b and alpha kept; gamma = 1s and beta = 0s added to new batch-norm layers; removed elsewhere', () => {
    const base = net({ depth: 2, units: 3 });
    base.layers[1].activation = /** @type {any} */ ({ name: 'prelu', per: 'unit' });
    base.parameters = [
      { W: [[1, 2], [3, 4], [5, 6]], b: [0.1, 0.2, 0.3] },
      { W: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], b: [0, 0, 0], alpha: [0.25, 0.25, 0.25] },
      { W: [[1, 1, 1]], b: [0] },
    ];
    const bn = variantOf(base, CONFIG, 'remedy', 'both').network;
    assert.deepEqual(bn.parameters[0], { W: [[1, 2], [3, 4], [5, 6]], b: [0.1, 0.2, 0.3], gamma: [1, 1, 1], beta: [0, 0, 0] });
    assert.deepEqual(bn.parameters[1], { W: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], b: [0, 0, 0], alpha: [0.25, 0.25, 0.25], gamma: [1, 1, 1], beta: [0, 0, 0] });
    assert.deepEqual(bn.parameters[2], { W: [[1, 1, 1]], b: [0] }, 'the output layer gets no batch norm');
    assert.equal(flags(bn), 'B- BS --');

    // a batch-norm base (an imported network) keeps its learned gamma/beta and running
    // statistics where it stays batch-norm, and loses them where it does not
    const learned = structuredClone(bn);
    learned.parameters[0].gamma = [2, 2, 2];
    learned.parameters[0].running_mean = [0.5, 0.5, 0.5];
    learned.parameters[0].running_var = [1.5, 1.5, 1.5];
    const again = variantOf(learned, CONFIG, 'remedy', 'batchnorm').network;
    assert.deepEqual(again.parameters[0].gamma, [2, 2, 2]);
    assert.deepEqual(again.parameters[0].running_var, [1.5, 1.5, 1.5]);
    for (const v of ['none', 'residual']) {
      const p = variantOf(learned, CONFIG, 'remedy', v).network.parameters;
      for (const layer of p) for (const k of ['gamma', 'beta', 'running_mean', 'running_var']) assert.ok(!(k in layer), `${v}: no ${k}`);
      assert.deepEqual(p[0].W, base.parameters[0].W);
      assert.deepEqual(p[1].alpha, [0.25, 0.25, 0.25]);
    }
    // gamma of the wrong length (not this network's) is replaced
    const wrong = structuredClone(bn);
    wrong.parameters[1].gamma = [3];
    assert.deepEqual(variantOf(wrong, CONFIG, 'remedy', 'batchnorm').network.parameters[1].gamma, [1, 1, 1]);
  });

  test('labels, names, the baseline and the sameness claim', () => {
    assert.deepEqual(REMEDIES.map((r) => labelOf('remedy', r).label), ['plain', 'batch norm', 'skips', 'batch norm + skips']);
    const s = checkOptions({ network: net(), config: CONFIG, vary: 'remedy', values: ['batchnorm', 'none', 'both'] });
    const vs = variantsOf(s);
    assert.deepEqual(vs.map((v) => [v.name, v.label]), [['batchnorm', 'batch norm'], ['none', 'plain'], ['both', 'batch norm + skips']]);
    assert.equal(baselineIndex(vs, 'remedy'), 1, 'the plain network is the baseline');
    assert.equal(baselineIndex(variantsOf(checkOptions({ network: net(), vary: 'remedy', values: ['batchnorm', 'residual'] })), 'remedy'), 0);
    assert.equal(baselineIndex(variantsOf(checkOptions({ network: net(), values: ['elu', 'relu'] }))), 1, 'ReLU for activations, as before');
    assert.match(samenessClaim('remedy'), /same initial weights/);
  });

  test('checkOptions names the bad value and the allowed names', () => {
    const o = (/** @type {any[]} */ values) => () => checkOptions({ network: net(), config: CONFIG, vary: 'remedy', values });
    assert.throws(o(['none', 'dropout']), /options\.values\[1\]: a remedy must be one of none, batchnorm, residual, both, got "dropout"/);
    assert.throws(o([{ name: 'batchnorm' }]), /options\.values\[0\]: a remedy must be one of none, batchnorm, residual, both/);
    assert.throws(o([]), /options\.values must list 1 to 6 values/);
    assert.throws(o(['none', 'none', 'none', 'none', 'none', 'none', 'none']), /got 7/);
    assert.throws(() => checkOptions({ network: net(), vary: 'remedies', values: ['none'] }), /options\.vary must be one of activation, init, optimizer, depth, lr, remedy/);
    assert.equal(checkOptions({ network: net(), vary: 'remedy', values: ['both'] }).vary, 'remedy');
  });
});

describe('the link', () => {
  test('parseValues reads remedy names and names the key and the allowed names', () => {
    assert.deepEqual(parseValues('remedy', 'none,batchnorm, residual,both'), { values: ['none', 'batchnorm', 'residual', 'both'] });
    const bad = parseValues('remedy', 'none,bn');
    assert.ok('error' in bad);
    assert.match(bad.error, /compared values \(cx\): must list 1 to 6 names from none, batchnorm, residual, both, got "none,bn"/);
    assert.ok('error' in parseValues('remedy', ''));
    assert.ok('error' in parseValues('remedy', 'relu'));
  });

  test('cv=remedy: parse, defaults, errors, and the serialize round trip', () => {
    const r = parseCompareHash('#cmp=1&cv=remedy&cx=none,batchnorm&d=30&a=sigmoid&i=glorot_uniform&data=circles');
    assert.deepEqual(r.errors, []);
    assert.equal(r.section.vary, 'remedy');
    assert.deepEqual(r.section.values, ['none', 'batchnorm']);
    assert.equal(r.base.depth, 30);
    assert.equal(r.base.activation, 'sigmoid');
    assert.deepEqual(valueDocs(r.base, r.section), ['none', 'batchnorm']);
    const text = serializeCompareHash(r.base, r.section);
    assert.match(text, /^cmp=1&cv=remedy&cx=none,batchnorm&/);
    const back = parseCompareHash(text);
    assert.deepEqual(back.errors, []);
    assert.deepEqual(back.section, r.section);
    assert.deepEqual(back.base, r.base);

    const dflt = parseCompareHash('#cmp=1&cv=remedy');
    assert.deepEqual(dflt.section.values, ['none', 'batchnorm', 'residual', 'both']);
    const bad = parseCompareHash('#cmp=1&cv=remedy&cx=none,layernorm');
    assert.equal(bad.errors.length, 1);
    assert.match(bad.errors[0], /compared values \(cx\): must list 1 to 6 names from none, batchnorm, residual, both, got "none,layernorm"; using none,batchnorm,residual,both/);
    assert.deepEqual(bad.section.values, ['none', 'batchnorm', 'residual', 'both']);
    const unknownVary = parseCompareHash('#cmp=1&cv=dropout');
    assert.match(unknownVary.errors[0], /what varies \(cv\): must be one of activation, init, optimizer, depth, lr, remedy/);
  });
});

describe('words', () => {
  /** Figures of two networks as figures.js gives them. */
  function figures() {
    const n = (/** @type {number} */ index, /** @type {string} */ name, /** @type {string} */ label, /** @type {any} */ o) => ({
      index, name, label, detail: '', value: name, steps: 200, testAccuracy: 0.5, testLoss: 0.69, trainAccuracy: 0.5, trainLoss: 0.69,
      stepsToTarget: null, bestTestLoss: 0.69, bestTestLossStep: 10, bestTestAccuracy: 0.55, deadUnits: 0, maxDeadUnits: 0,
      hiddenUnits: 480, saturatedUnits: 0, meanActivation: 0.5, firstLayerGrad: 1e-30, lastLayerGrad: 0.1, gradRatio: 1e-29,
      hiddenLayers: 30, diverged: null, time: { msPerStep: 1, msRange: [1, 1], msPerStepLive: null, relative: 1 }, verdict: '', ...o,
    });
    return {
      step: 200, target: 0.9, baseline: 0, vary: 'remedy', data: { name: 'circles', task: 'binary', trainRows: 400, testRows: 100 },
      networks: [
        n(0, 'none', 'plain', {}),
        n(1, 'batchnorm', 'batch norm', { stepsToTarget: 120, testAccuracy: 0.95, bestTestAccuracy: 0.96, bestTestLoss: 0.2, gradRatio: 2.5, time: { msPerStep: 1.5, msRange: [1.4, 1.6], msPerStepLive: null, relative: 1.5 } }),
      ],
    };
  }

  test('the sentences compare against the plain network, never against ReLU', () => {
    const f = figures();
    const text = summarySentences(f).join('\n');
    assert.doesNotMatch(text, /ReLU/);
    assert.match(text, /Batch norm reached 90% test accuracy at step 120; the plain network had not by step 200\. Each batch norm step costs 1\.5× a plain step\./);
    assert.match(text, /The plain network: layer 1 gets 1(\.0)?e-29 of the gradient of layer 30/);
    assert.match(text, /closest to 1 first: batch norm 2\.5, the plain network 1(\.0)?e-29\./);
    assert.match(verdictOf(/** @type {any} */ (f.networks[1]), f), /1\.5× the plain network’s time per step/);
  });
});

describe('the engine', () => {
  /** @type {any} */ let gs;
  before(async () => {
    gs = await loadGradscope({ wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)) });
  });

  const deep = net({ depth: 50, units: 16 });
  const config = { data: { name: 'circles' }, batch: 32, optimizer: { name: 'adam', lr: 0.003 }, seed: 1 };

  /** The first-to-last hidden layer ‖∂L/∂W‖ ratio after `steps` steps, and the initial parameters. */
  function run(/** @type {string} */ remedy, steps = 1) {
    const v = variantOf(deep, config, 'remedy', remedy);
    const s = new gs.Session(v.network, v.config);
    try {
      const exported = s.exportNetwork();
      s.step(steps);
      const st = s.stats();
      const hidden = v.network.layers.length - 1;
      return { ratio: st.layers[0].dW_norm / st.layers[hidden - 1].dW_norm, stats: st, exported, network: v.network };
    } finally {
      s.dispose();
    }
  }

  test('every remedy variant of a 50-layer sigmoid network opens; batch norm lifts the first-to-last gradient ratio by more than 1e6x', () => {
    /** @type {Record<string, ReturnType<typeof run>>} */ const r = {};
    for (const remedy of REMEDIES) r[remedy] = run(remedy);
    const report = REMEDIES.map((m) => `${m} ${r[m].ratio.toExponential(2)}`).join(', ');
    console.log(`first-to-last hidden ‖dW‖ after 1 step: ${report}; batch norm / none = ${(r.batchnorm.ratio / r.none.ratio).toExponential(2)}`);
    for (const m of REMEDIES) assert.ok(Number.isFinite(r[m].ratio) && r[m].ratio > 0, `${m}: a finite ratio`);
    assert.ok(r.none.ratio < 1e-10, `plain: the gradient vanishes (${r.none.ratio})`);
    assert.ok(r.batchnorm.ratio / r.none.ratio > 1e6, `batch norm: ${r.batchnorm.ratio} against ${r.none.ratio}`);
    assert.ok(r.both.ratio / r.none.ratio > 1e6, `batch norm + skips: ${r.both.ratio} against ${r.none.ratio}`);
    assert.ok(r.residual.ratio / r.none.ratio > 1e6, `skips: ${r.residual.ratio} against ${r.none.ratio}`);

    // the statistics say which layers have which remedy
    assert.equal(r.none.stats.layers[1].batchnorm, null);
    assert.ok(r.batchnorm.stats.layers[1].batchnorm && r.batchnorm.stats.layers[1].batchnorm.gamma.mean > 0);
    assert.deepEqual(r.residual.stats.layers.slice(0, 50).map((/** @type {any} */ l) => l.residual), [false, ...Array(49).fill(true)]);
    assert.equal(r.both.stats.layers[0].residual, false, 'no skip around 2 inputs -> 16 units');

    // the same initial W and b in every variant (the check the component runs)
    const same = compareWeights(REMEDIES.map((m) => r[m].exported));
    assert.deepEqual(same, { identical: true, sharedLayers: 51, layers: 51 });
  });

  test('a variant of an exported batch-norm network (explicit parameters) opens in the engine', () => {
    const small = net({ depth: 3, units: 4 });
    const s0 = new gs.Session(variantOf(small, config, 'remedy', 'both').network, config);
    const exported = s0.exportNetwork();
    s0.dispose();
    assert.ok(Array.isArray(exported.parameters[0].gamma));
    for (const m of REMEDIES) {
      const v = variantOf(exported, config, 'remedy', m);
      const s = new gs.Session(v.network, v.config);
      try {
        s.step(2);
        assert.equal(s.stats().layers[1].batchnorm === null, m === 'none' || m === 'residual', m);
        assert.deepEqual(s.exportNetwork().parameters.map((/** @type {any} */ p) => p.W.length), [4, 4, 4, 1]);
      } finally {
        s.dispose();
      }
    }
  });
});
