// The page's plain-JavaScript numbers and words, against independent references:
// activation curves against the engine's activationCurve on a grid; the product
// experiment's PCG32 against the engine's productExperiment; the share of products above
// a threshold against the exact Gamma tail (computed here by another formula); the
// size limits against the engine's own parameter count and refusal; and the words
// generated for the network on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadGradscope } from '../../web/engine/gradscope.js';
import { activationCurve, erf } from '../../web/state/activations.js';
import { pcg32, productTrials, uniformProductTail, shareAbove, quantile } from '../../web/state/product.js';
import { parameterCount, checkFits, sizeOf, MAX_PARAMETERS } from '../../web/state/limits.js';
import { defaultState } from '../../web/state/schema.js';
import { networkDoc, dataShape, configDoc } from '../../web/state/network.js';
import { headlineOf, ratioWords, estimateText, lastFiniteOf, overflowSentence } from '../../web/views/headline.js';
import { gradientsWords, zigzagWords, healthWords, lossWords, productWords } from '../../web/views/explain.js';
import { PRESETS, presetState } from '../../web/state/presets.js';

const engine = async () => loadGradscope({
  wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)),
  digits: await readFile(new URL('../../web/generated/digits.txt', import.meta.url), 'utf8'),
});

test('activation curves in JavaScript equal the engine’s on a grid, for every activation and parameters', async () => {
  const g = await engine();
  const xs = Array.from({ length: 641 }, (_, i) => -16 + i * 0.05).concat([0, -0, 1e-9, -1e-9, 30, -30, 700, -700]);
  const acts = ['sigmoid', 'tanh', 'relu', 'selu', 'gelu', 'softplus', 'silu', 'swish', 'identity', 'linear',
    { name: 'leaky_relu', alpha: 0.01 }, { name: 'leaky_relu', negative_slope: 0.2 }, { name: 'prelu', alpha: 0.25, per: 'unit' },
    { name: 'rrelu', lower: 0.125, upper: 1 / 3 }, { name: 'rrelu', lower: 0, upper: 1 }, { name: 'elu', alpha: 1 }, { name: 'elu', alpha: 2.5 },
    { name: 'softplus', beta: 2, threshold: 5 }, 'leaky_relu', 'elu', 'prelu', 'rrelu'];
  let worst = 0;
  for (const a of acts) {
    const want = g.activationCurve(a, xs);
    const got = activationCurve(a, xs);
    for (let i = 0; i < xs.length; ++i) {
      for (const [w, v, what] of [[want.value[i], got.value[i], 'f'], [want.deriv[i], got.deriv[i], "f'"]]) {
        const err = Math.abs(w - v) / Math.max(1, Math.abs(w));
        worst = Math.max(worst, err);
        assert.ok(err <= 4e-15, `${JSON.stringify(a)} ${what}(${xs[i]}): engine ${w}, JavaScript ${v}`);
      }
    }
  }
  console.log(`# largest relative difference JS vs engine over ${acts.length} activations x ${xs.length} points: ${worst.toExponential(2)}`);
  assert.throws(() => activationCurve('banana', [0]), /unknown name "banana"/);
  // erf against values from the definition (DLMF 7.2, to 16 digits)
  assert.ok(Math.abs(erf(0.5) - 0.5204998778130465) < 4e-16);
  assert.ok(Math.abs(erf(-2) + 0.9953222650189527) < 4e-16);
  assert.equal(erf(7), 1);
});

test('PCG32 in JavaScript draws the engine’s numbers: trial 1 of the product experiment is the engine’s', async () => {
  const g = await engine();
  for (const seed of [1, 2, 7, 123456789, 2 ** 40 + 3]) {
    for (const n of [1, 50, 200]) {
      const u = g.productExperiment({ factors: 'uniform', n, seed });
      const js = productTrials({ factors: 'uniform', n, trials: 1, seed });
      assert.deepEqual(Array.from(js.first), u.factors, `uniform, seed ${seed}, n ${n}`);
      const d = g.productExperiment({ factors: 'derivative', activation: 'sigmoid', n, z_std: 1, seed });
      const jd = productTrials({ factors: 'sigmoid', n, trials: 1, seed });
      for (let i = 0; i < n; ++i) assert.ok(Math.abs(jd.first[i] - d.factors[i]) <= 1e-15, `sigmoid', seed ${seed}, factor ${i}: ${jd.first[i]} vs ${d.factors[i]}`);
      assert.ok(Math.abs(js.log10[0] - u.log10_product[n - 1]) < 1e-9);
    }
  }
  // the generator itself: a different seed, a different stream; values in (0, 1)
  const a = pcg32(1), b = pcg32(2);
  assert.notEqual(a.next(), b.next());
  for (let i = 0; i < 1000; ++i) { const u = a.uniformOpen(); assert.ok(u > 0 && u < 1); }
});

/**
 * P(Gamma(n, 1) < x) by the series of the regularised lower incomplete gamma function,
 * P(n, x) = x^n e^-x / Gamma(n + 1) * sum_k x^k / ((n + 1) ... (n + k)) (Numerical Recipes
 * 6.2.5): another formula than the page's Poisson sum.
 */
function gammaCdf(n, x) {
  let lnGamma = 0;
  for (let k = 2; k <= n; ++k) lnGamma += Math.log(k);  // ln n! = ln Gamma(n + 1)
  let term = 1, sum = 1;
  for (let k = 1; k < 10000; ++k) { term *= x / (n + k); sum += term; if (term < sum * 1e-17) break; }
  return Math.exp(n * Math.log(x) - x - lnGamma) * sum;
}

test('the share of uniform products above a threshold matches the exact Gamma tail', () => {
  // the figures: N = 50, above 1e-18 in 10.8% of trials, median about 2.7e-22
  const exact = gammaCdf(50, 18 * Math.LN10);
  assert.ok(Math.abs(exact - 0.108) < 0.001, `exact share ${exact}`);
  for (const [n, t] of [[50, -18], [50, -22], [50, -30], [10, -3], [10, -8], [200, -80], [1, -1]]) {
    const want = gammaCdf(n, -t * Math.LN10);
    assert.ok(Math.abs(uniformProductTail(n, t) - want) < 1e-12, `page's exact share, N ${n}, 1e${t}: ${uniformProductTail(n, t)} vs ${want}`);
    const trials = 10000;
    const logs = productTrials({ factors: 'uniform', n, trials, seed: 11 }).log10;
    const share = shareAbove(logs, t);
    const se = Math.sqrt(want * (1 - want) / trials);
    assert.ok(Math.abs(share - want) <= 4 * se + 1e-4, `measured share N ${n}, 1e${t}: ${share} vs exact ${want} (4 SE = ${4 * se})`);
  }
  const med = quantile(productTrials({ factors: 'uniform', n: 50, trials: 10000, seed: 3 }).log10, 0.5);
  assert.ok(Math.abs(10 ** med / 2.7e-22 - 1) < 0.25, `median ${10 ** med}`);
  // every sigmoid' product is below 0.25^N
  const sig = productTrials({ factors: 'sigmoid', n: 50, trials: 2000, seed: 5 }).log10;
  assert.ok(Math.max(...sig) <= 50 * Math.log10(0.25));
});

test('the product card’s words come from the measured distribution', () => {
  const w = productWords({ n: 50, trials: 10000, log10Threshold: -18, shareAbove: 0.1071, exactAbove: 0.108, medianLog10: -21.57, sigmoidMaxLog10: -31.2, sigmoidMedianLog10: -36 });
  assert.match(w.look, /Above 1e-18: 10\.7% of the 10,000 uniform products \(the exact share is 10\.8%\)/);
  assert.match(w.look, /median is 2\.7e-22/);
  assert.match(w.text, /0\.25\^50 ≈ 7\.9e-31/);
  assert.doesNotMatch(`${w.text} ${w.look}`, /almost never/);
});

test('size limits: the same parameter count as the engine; a link that cannot run gets fixes that fit', async () => {
  const g = await engine();
  const nets = [
    { ...defaultState(), depth: 3, width: 7 },
    { ...defaultState(), depth: 4, activation: 'prelu', preluPer: 'unit', batchnorm: '2-3' },
    { ...defaultState(), depth: 2, activation: 'prelu', preluPer: 'layer', data: 'digits' },
    { ...defaultState(), depth: 5, widths: [3, 9, 4, 4, 12], residual: 'all' },
  ];
  for (const s of nets) {
    const shape = dataShape(s, null);
    const session = new g.Session(networkDoc(s, shape), configDoc(s, null));
    try { assert.equal(parameterCount(networkDoc(s, shape)), session.info().parameters, JSON.stringify(s.widths ?? s.width)); } finally { session.dispose(); }
  }
  const big = { ...defaultState(), depth: 250, width: 1024 };
  const shape = dataShape(big, null);
  assert.throws(() => new g.Session(networkDoc(big, shape), configDoc(big, null)), /more than the limit of 4000000/);
  const r = checkFits(big, shape);
  assert.ok(r);
  assert.match(r.message, /261,354,497 parameters, more than the engine's limit of 4,000,000/);
  assert.match(r.message, /MiB of activation memory/);
  assert.equal(r.fixes.length, 2);
  for (const f of r.fixes) {
    assert.ok(sizeOf(f.state, shape).fits, f.label);
    assert.ok(parameterCount(networkDoc(f.state, shape)) <= MAX_PARAMETERS);
  }
  // the widest width and the deepest depth that fit: one more does not
  const [wide, deep] = r.fixes;
  assert.equal(wide.state.depth, 250);
  assert.ok(!sizeOf({ ...wide.state, width: wide.state.width + 1 }, shape).fits);
  assert.equal(deep.state.width, 1024);
  assert.ok(!sizeOf({ ...deep.state, depth: deep.state.depth + 1 }, shape).fits);
  // and the engine opens the deepest fix
  const session = new g.Session(networkDoc(deep.state, shape), configDoc(deep.state, null));
  session.dispose();
  assert.equal(checkFits(defaultState(), dataShape(defaultState(), null)), null);
});

test('headline: an overflow is said (step, 1-based layer), never drawn as NaN bars', () => {
  const layer = (v) => ({ dW_norm: v, dz_norm: v, units: 16 });
  const nan = { step: 7, grad_norm: NaN, layers: Array.from({ length: 21 }, () => layer(NaN)) };
  const d = { step: 7, layer: 2, what: 'gradient' };
  const records = [{ step: 3, dW: [1, 2, 3], dz: [1, 2, 3] }, { step: 5, dW: [1, NaN, 3], dz: [1, 1, 1] }, { step: 7, dW: [NaN, NaN, NaN], dz: [1, 1, 1] }];
  const lf = lastFiniteOf(records, 'dW', 7);
  assert.deepEqual(lf, { step: 3, values: [1, 2, 3] });
  const h = headlineOf({ stats: nan, field: 'dW_norm', depth: 20, diverged: d, lastFinite: lf });
  assert.equal(h.overflow, true);
  assert.match(h.text, /^Training overflowed at step 7 in layer 3: the gradient overflowed to Inf\/NaN/);
  assert.match(h.text, /The bars show step 3/);
  assert.deepEqual(h.bars, [1, 2, 3]);
  assert.doesNotMatch(h.text, /no gradient at all/);
  const none = headlineOf({ stats: nan, field: 'dW_norm', depth: 20, diverged: d, lastFinite: null });
  assert.deepEqual(none.bars, []);
  assert.match(none.text, /bars stay empty/);
  // without the core's report a missing norm is not an overflow: it was not measured
  const partial = { step: 0, layers: [layer(null), layer(null), layer(2), layer(null)] };
  const unmeasured = headlineOf({ stats: partial, field: 'dW_norm', depth: 3, diverged: null, lastFinite: null });
  assert.equal(unmeasured.overflow, false);
  assert.match(unmeasured.text, /^No gradient measured at step 0 yet for layer 1/);
  assert.doesNotMatch(unmeasured.text, /overflow/);
  // the core's report without a layer (a non-finite loss, or a gradient it could not place)
  assert.match(headlineOf({ stats: partial, field: 'dW_norm', depth: 3, diverged: { step: 9, layer: null, what: 'loss' }, lastFinite: null }).text, /at step 9 in the loss/);
  assert.equal(overflowSentence({ step: 4, layer: 20, what: 'activation' }, 20), 'Training overflowed at step 4 in the output layer: the activations overflowed to Inf/NaN.');
  assert.match(overflowSentence({ step: 4, layer: null, what: 'loss' }, 20), /in the loss: the loss became Inf\/NaN/);
});

test('headline: ratios far from 1 in decades; the chain-rule estimate only without batch norm and skips', () => {
  assert.equal(ratioWords(3e-34, 1, 50), 'Layer 1 receives 3.0e-34 of the gradient that layer 50 receives: 34 decades less.');
  assert.match(ratioWords(2e-5, 1, 6), /4\.7 decades less/);
  assert.match(ratioWords(5e6, 1, 20), /6\.7 decades more: it grows towards the input/);
  assert.equal(ratioWords(0.9, 1, 50), 'Layer 1 receives about as much gradient as layer 50 (0.9×).');
  // set beside the measured ‖∂L/∂z‖ ratio (what it predicts), not the ‖∂L/∂W‖ one
  const plain = [{ predicted_ratio: 1.3e-13, dz_ratio: 1e-12, dz_norm: 1e-12, dW_norm: 5 }, { dz_norm: 0.5 }, { dz_norm: 1 }, {}];
  assert.match(estimateText(plain), /chain-rule estimate of layer 1’s ‖∂L\/∂z‖ over layer 3’s, ∏ mean\|f′\|·scale\(W\): 1\.3e-13 \(measured 1\.0e-12\)/);
  assert.match(estimateText([{ predicted_ratio: 1.3e-13, dz_norm: 10.6 }, { dz_norm: 1 }, { dz_norm: 1 }, {}]), /measured 10\.6: the estimate is 14 decades off/);
  const bn = [{ predicted_ratio: 1.3e-13, batchnorm: { in_std: 1 } }, { batchnorm: {} }, {}, {}];
  const t = estimateText(bn);
  assert.doesNotMatch(t, /1\.3e-13/);
  assert.match(t, /no chain-rule estimate: batch norm/);
  assert.match(estimateText([{ residual: false }, { residual: true }, { residual: true }, {}]), /no chain-rule estimate: skips give the gradient a path around/);
});

test('the gradient card’s explanation is about the network on screen', () => {
  const words = (over) => { const s = { ...defaultState(), ...over }; return gradientsWords(s, dataShape(s, null)).text; };
  const sig = words({ depth: 50, activation: 'sigmoid' });
  assert.match(sig, /With the sigmoid, f′ ≤ 0\.25, so the 49 factors between layer 50 and layer 1 bring at most 0\.25\^49 ≈ 3\.2e-30 from f′ alone \(30 decades\)/);
  const relu6 = words({ depth: 6, activation: 'relu' });
  assert.doesNotMatch(relu6, /sigmoid|0\.25|fifty/);
  assert.match(relu6, /With ReLU, f′ = 1 wherever z > 0 and exactly 0/);
  assert.match(relu6, /the 5 factors/);
  const skips = words({ depth: 100, activation: 'relu', residual: 'all', gain: 0.1 });
  assert.doesNotMatch(skips, /sigmoid|0\.25/);
  assert.match(skips, /Skips around layers 2–100/);
  const bn = words({ depth: 50, activation: 'sigmoid', batchnorm: 'all' });
  assert.match(bn, /Batch norm on layers 1–50/);
  const mixed = words({ depth: 9, activations: ['leaky_relu', 'leaky_relu', 'leaky_relu', 'prelu', 'prelu', 'prelu', 'rrelu', 'rrelu', 'rrelu'] });
  assert.match(mixed, /Leaky ReLU in layers 1–3, PReLU in layers 4–6 and RReLU in layers 7–9/);
  assert.match(words({ depth: 1 }), /one hidden layer/);
});

test('the other cards: chance level, who can die, and the zig-zag rule against the measured shares', () => {
  const s = { ...defaultState(), depth: 3, width: 8, activation: 'sigmoid', batch: 1 };
  const shape = dataShape(s, null);
  assert.match(lossWords(s, shape, 'bce_logits').look, /0\.693 = ln 2/);
  const dg = { ...s, data: 'digits' };
  assert.match(lossWords(dg, dataShape(dg, null), 'softmax_ce').look, /ln 10 = 2\.30 for 10 balanced classes/);
  assert.match(healthWords({ ...s, activation: 'elu' }).text, /No layer here has a side where f′ is exactly 0 \(ELU\)/);
  assert.match(healthWords({ ...s, activation: 'leaky_relu', leakyAlpha: 0 }).text, /In layers 1–3 f′ is exactly 0 for z < 0/);
  assert.match(healthWords({ ...s, activation: 'relu' }).text, /In layers 1–3 f′ is exactly 0 for z < 0, so a unit whose z is negative for every sample is dead/);
  // sigmoid, batch 1: layers 2, 3 and the output take positive inputs; measured 1.00 follows the rule
  const ok = zigzagWords(s, shape, [0.6, 1, 1, 1]);
  assert.equal(ok.against, false);
  assert.match(ok.look, /layers 2–3 and the output layer take inputs of one sign: with batch 1 their bars should be at 1\.00/);
  assert.match(ok.look, /average 1\.00, as the rule says/);
  const bad = zigzagWords(s, shape, [0.6, 0.8, 0.9, 1]);
  assert.equal(bad.against, true);
  assert.match(bad.look, /against the rule/);
  // tanh: no layer takes inputs of one sign; shares near 1 go against the rule of thumb
  const t = { ...s, activation: 'tanh' };
  assert.match(zigzagWords(t, shape, [0.6, 0.6, 0.6, 0.6]).look, /no layer takes inputs of one sign/);
  assert.equal(zigzagWords(t, shape, [0.6, 0.99, 0.99, 0.99]).against, true);
  assert.equal(zigzagWords(t, shape, [0.99, 0.6, 0.6, 0.6]).against, false, "layer 1 has 2 inputs: 1.00 by chance is no evidence");
  assert.match(zigzagWords(s, shape, [0.6, 0.8, 0.9, 1], 3).look, /should be at 1\.00\. On the right/, "too few records: no judgement");
  // batch 32: the rule is not exact, and the words say why
  assert.match(zigzagWords({ ...s, batch: 32 }, shape, [0.6, 0.7, 0.7, 0.7]).look, /with batch 32 each gradient sums 32 samples/);
});

test('every preset’s explanations name its own network', () => {
  for (const p of PRESETS) {
    const s = presetState(p);
    const t = gradientsWords(s, dataShape(s, null)).text;
    const sigmoid = s.activation === 'sigmoid' && !s.activations;
    assert.equal(/0\.25/.test(t), sigmoid, `${p.id}: ${t}`);
    assert.match(t, new RegExp(s.depth === 1 ? 'one hidden layer' : `${s.depth - 1} factors`), p.id);
  }
});

test('the comparison’s reading says when a run goes against the rule of thumb, and only then', async () => {
  const { againstRules, summarySentences } = await import('../../web/compare/words.js');
  const n = (index, name, label, o) => ({
    index, name, label, detail: '', value: name, steps: 400, testAccuracy: 0.9, testLoss: 0.3, trainAccuracy: 0.9, trainLoss: 0.3,
    stepsToTarget: 200, bestTestLoss: 0.3, bestTestLossStep: 390, bestTestAccuracy: 0.92, deadUnits: 0, maxDeadUnits: 0,
    hiddenUnits: 160, saturatedUnits: 0, meanActivation: 0.3, firstLayerGrad: 1e-3, lastLayerGrad: 1e-2, gradRatio: 0.1,
    hiddenLayers: 10, diverged: null, time: { msPerStep: 1, msRange: [1, 1], msPerStepLive: null, relative: 1 }, verdict: '', ...o,
  });
  const core = (vary, networks) => ({ step: 400, target: 0.9, baseline: 0, vary, data: { name: 'circles', task: 'binary', trainRows: 400, testRows: 100 }, networks });
  // remedies that do what the rule says: nothing against it
  const good = core('remedy', [n(0, 'none', 'plain', { gradRatio: 1e-20, stepsToTarget: null }), n(1, 'batchnorm', 'batch norm', { gradRatio: 2, stepsToTarget: 150 })]);
  assert.deepEqual(againstRules(good), []);
  // batch norm further from 1 and later to the target than the plain network
  const bad = core('remedy', [n(0, 'none', 'plain', { gradRatio: 0.5, stepsToTarget: 100 }), n(1, 'batchnorm', 'batch norm', { gradRatio: 1e-4, stepsToTarget: 300 })]);
  const t = againstRules(bad).join('\n');
  assert.match(t, /Against the rule of thumb that a remedy lets the gradient reach the first layers: at step 400, batch norm’s layer 1 gets 1\.0e-4 of its last hidden layer’s gradient, further from 1 than the plain network’s 0\.5\./);
  assert.match(t, /the plain network reached 90% test accuracy \(step 100\) before batch norm \(step 300\)/);
  assert.ok(summarySentences(bad).some((x) => /^Against the rule of thumb/.test(x)), 'the summary carries them');
  // activations: ELU not more zero-centred than ReLU, sigmoid keeping more gradient than ReLU
  const acts = core('activation', [n(0, 'relu', 'ReLU', { meanActivation: 0.2, gradRatio: 1e-3 }), n(1, 'elu', 'ELU', { meanActivation: -0.25 }), n(2, 'sigmoid', 'sigmoid', { gradRatio: 0.5 })]);
  const a = againstRules(acts).join('\n');
  assert.match(a, /ELU’s mean activation \(-0\.25\) is not closer to 0 than ReLU’s \(0\.2\)/);
  assert.match(a, /sigmoid’s layer 1 gets 0\.5 of its last hidden layer’s gradient, closer to 1 than ReLU’s 1\.0e-3/);
  const dear = { time: { msPerStep: 1.4, msRange: [1.4, 1.4], msPerStepLive: null, relative: 1.4 } };
  const fine = core('activation', [n(0, 'relu', 'ReLU', { meanActivation: 0.4, gradRatio: 0.5 }), n(1, 'elu', 'ELU', { meanActivation: 0.05, ...dear }), n(2, 'sigmoid', 'sigmoid', { gradRatio: 1e-12, ...dear })]);
  assert.deepEqual(againstRules(fine), []);
  // time per step: ELU not dearer than ReLU here is said as such
  const timed = (ms) => ({ time: { msPerStep: ms, msRange: [ms, ms], msPerStepLive: null, relative: ms } });
  const cheapElu = core('activation', [n(0, 'relu', 'ReLU', { meanActivation: 0.4, ...timed(0.5) }), n(1, 'elu', 'ELU', { meanActivation: 0.05, ...timed(0.45) })]);
  assert.match(againstRules(cheapElu).join('\n'), /Against the rule of thumb that ELU’s exponentials make its steps dearer than ReLU’s: here an ELU step took 0\.45 ms against ReLU’s 0\.5 ms/);
  assert.deepEqual(againstRules(core('activation', [n(0, 'relu', 'ReLU', { meanActivation: 0.4, ...timed(0.5) }), n(1, 'elu', 'ELU', { meanActivation: 0.05, ...timed(0.7) })])), []);
});

test('core messages carry the page’s 1-based layer numbers next to the document’s indexes', async () => {
  const { withPageLayers } = await import('../../web/views/headline.js');
  assert.equal(withPageLayers('layers[0].residual: an identity skip needs 2 = 16', 50), 'layers[0].residual (hidden layer 1): an identity skip needs 2 = 16');
  assert.equal(withPageLayers('layers[50].activation: the output layer is linear', 50), 'layers[50].activation (the output layer): the output layer is linear');
  assert.equal(withPageLayers('batch: must be in 1..8', 50), 'batch: must be in 1..8');
});

test('the divergence report in the page’s numbering (events, figures())', async () => {
  const { pageDiverged } = await import('../../web/views/headline.js');
  assert.deepEqual(pageDiverged({ step: 4, layer: 4, what: 'activation', message: 'diverged at step 4 in layers[4]: ...' }, 20),
    { step: 4, layer: 5, what: 'activation', message: 'Training paused: it diverged at step 4 in layer 5 (the activations overflowed to Inf/NaN).' });
  assert.equal(pageDiverged({ step: 2, layer: 20, what: 'gradient' }, 20).layer, 21);
  assert.match(pageDiverged({ step: 2, layer: 20, what: 'gradient' }, 20).message, /in the output layer/);
  assert.equal(pageDiverged({ step: 2, layer: -1, what: 'loss' }, 20).layer, null);
  assert.equal(pageDiverged(null, 20), null);
});
