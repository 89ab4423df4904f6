// Runs every preset through the engine (web/engine/gradscope.js in Node, the same module
// the page's worker runs) and checks the figure its text claims, at the step the claim is
// about (the preset's `stop`: on the playground, Play stops there and the banner shows the
// claim beside the figures of that step). A preset whose claim no longer holds fails here,
// not in front of a reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadGradscope } from '../../web/engine/gradscope.js';
import { PRESETS, presetById, presetState } from '../../web/state/presets.js';
import { networkDoc, configDoc, dataShape } from '../../web/state/network.js';
import { VIEW_TEXT } from '../../web/views/text.js';

const g = await loadGradscope({ wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)) });

/** Opens the preset (or its comparison), runs `steps` steps, calls look(session) after each `every`. */
function run(id, compare, steps, every, look) {
  const s = presetState(presetById(id), undefined, compare);
  const session = new g.Session(networkDoc(s, dataShape(s, null)), configDoc(s, null));
  try {
    for (let done = 0; done < steps;) {
      const n = Math.min(every, steps - done);
      session.step(n);
      done += n;
      look(session, done);
      if (session.diverged) break;
    }
    return session.diverged;
  } finally {
    session.dispose();
  }
}
const hidden = (st) => st.layers.slice(0, st.layers.length - 1);
const ratio = (st) => st.layers[0].dW_norm / st.layers[st.layers.length - 2].dW_norm;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const figures = {};
/** The step a preset's claim is about (where the playground's Play stops). */
const stop = (id) => presetById(id).stop;

/** @type {Record<string, () => void>} */
const checks = {
  'sigmoid-50'() {
    let r = 1, acc = 1;
    run('sigmoid-50', false, stop('sigmoid-50'), stop('sigmoid-50'), (s) => { r = ratio(s.stats()); acc = s.evaluate().test.accuracy; });
    figures['sigmoid-50'] = { ratio: r, testAccuracy: acc };
    assert.ok(r < 1e-6, `ratio ${r}`);
    assert.ok(acc < 0.65, `test accuracy ${acc}`);
  },
  'relu-50'() {
    let r = 0, acc = 0;
    run('relu-50', false, stop('relu-50'), stop('relu-50'), (s) => { r = ratio(s.stats()); acc = s.evaluate().test.accuracy; });
    figures['relu-50'] = { ratio: r, testAccuracy: acc };
    assert.ok(r > 1e-2, `ratio ${r}`);
    assert.ok(acc > 0.95, `test accuracy ${acc}`);
  },
  'saturated-sigmoid'() {
    const sat = (c) => { let v = 0; run('saturated-sigmoid', c, stop('saturated-sigmoid'), stop('saturated-sigmoid'), (s) => { v = mean(hidden(s.stats()).map((l) => l.saturated_fraction)); }); return v; };
    const big = sat(false), xavier = sat(true);
    figures['saturated-sigmoid'] = { saturated: big, saturatedXavier: xavier };
    assert.ok(big > 0.5, `saturated share ${big}`);
    assert.ok(xavier < 0.1, `saturated share with Xavier ${xavier}`);
  },
  'dying-relu'() {
    const dead = (c) => { let d = 0; run('dying-relu', c, stop('dying-relu'), stop('dying-relu'), (s) => { s.probe(); d = s.stats().dead_units; }); return d; };
    const hi = dead(false), lo = dead(true);
    figures['dying-relu'] = { dead: hi, deadAtLr0001: lo, units: 96 };
    assert.ok(hi >= 30, `dead units ${hi}`);
    assert.ok(hi >= 36 && hi <= 60, `about half of 96: ${hi}`);
    assert.ok(lo < 12, `fewer than a dozen dead at lr 0.001: ${lo}`);
  },
  zigzag() {
    const share = (c) => {
      const v = [];
      run('zigzag', c, stop('zigzag'), 1, (s) => { for (const l of s.stats().layers.slice(1)) if (l.same_sign_share !== null) v.push(l.same_sign_share); });
      return mean(v);
    };
    const sig = share(false), tanh = share(true);
    figures.zigzag = { sameSignSigmoid: sig, sameSignTanh: tanh };
    assert.equal(sig, 1);
    assert.ok(tanh < 0.85, `tanh share ${tanh}`);
  },
  'leaky-family'() {
    let st = null, acc = 0;
    run('leaky-family', false, stop('leaky-family'), stop('leaky-family'), (s) => { s.probe(); st = s.stats(); acc = s.evaluate().test.accuracy; });
    const prelu = st.layers.filter((l) => l.prelu_alpha).map((l) => l.prelu_alpha.mean);
    const rr = st.layers.filter((l) => l.rrelu_slope);
    figures['leaky-family'] = { dead: st.dead_units, preluMeans: prelu, testAccuracy: acc };
    assert.equal(st.dead_units, 0);
    assert.ok(prelu.some((a) => Math.abs(a - 0.25) > 0.1), `prelu slopes ${prelu}`);
    for (const l of rr) assert.ok(l.rrelu_slope.min >= 0.125 - 1e-6 && l.rrelu_slope.max <= 1 / 3 + 1e-6);
    assert.ok(acc > 0.9, `test accuracy ${acc}`);
  },
  'elu-bias-shift'() {
    const shift = (c) => { let v = 0; run('elu-bias-shift', c, stop('elu-bias-shift'), stop('elu-bias-shift'), (s) => { v = mean(s.stats().layers.slice(0, 6).map((l) => Math.abs(l.act_mean))); }); return v; };
    const elu = shift(false), relu = shift(true);
    figures['elu-bias-shift'] = { meanAbsActMeanElu: elu, meanAbsActMeanRelu: relu };
    assert.ok(elu < 0.5 * relu, `elu ${elu} relu ${relu}`);
  },
  exploding() {
    let at = -1;
    const div = run('exploding', false, stop('exploding'), 1, (s, step) => { if (s.diverged && at < 0) at = step; });
    let acc = 0;
    const div2 = run('exploding', true, 300, 300, (s) => { acc = s.evaluate().test.accuracy; });
    figures.exploding = { divergedAtStep: at, clippedTestAccuracy: acc };
    assert.ok(div, 'diverges without clipping');
    assert.ok(!div2 && acc > 0.9, `clipped: diverged ${div2}, accuracy ${acc}`);
  },
  'sigmoid-50-batchnorm'() {
    /** @type {number[]} */ const ratios = [];
    let acc = 0;
    run('sigmoid-50-batchnorm', false, stop('sigmoid-50-batchnorm'), 100, (s) => { ratios.push(ratio(s.stats())); acc = s.evaluate().test.accuracy; });
    let plain = 1;
    run('sigmoid-50-batchnorm', true, 200, 200, (s) => { plain = ratio(s.stats()); });
    figures['sigmoid-50-batchnorm'] = { ratios, testAccuracy: acc, ratioWithoutBatchNorm: plain };
    for (const r of ratios) assert.ok(r > 0.1 && r < 1000, `ratio ${r} (all: ${ratios})`);
    assert.ok(acc > 0.9, `test accuracy ${acc}`);
    assert.ok(plain < 1e-20, `ratio without batch norm ${plain}`);
  },
  'relu-100-skips'() {
    /** The figures at every `every` steps. @param {boolean} c @param {number} steps @param {number} every */
    const look = (c, steps, every) => {
      /** @type {Record<number, { ratio: number, testAccuracy: number, dead: number }>} */ const at = {};
      run('relu-100-skips', c, steps, every, (s, step) => { s.probe(); const st = s.stats(); at[step] = { ratio: ratio(st), dead: st.dead_units, testAccuracy: s.evaluate().test.accuracy }; });
      return at;
    };
    const skips = look(false, stop('relu-100-skips'), 200)[stop('relu-100-skips')], plain = look(true, 800, 200);
    figures['relu-100-skips'] = { skips, withoutSkips: plain };
    assert.ok(skips.ratio > 0.1, `ratio ${skips.ratio}`);
    assert.equal(skips.dead, 0);
    assert.ok(skips.testAccuracy > 0.95, `test accuracy ${skips.testAccuracy}`);
    assert.ok(plain[200].dead >= 600, `dead units without skips at step 200: ${plain[200].dead} of 1600`);
    assert.ok(plain[200].ratio < 1e-6, `ratio without skips at step 200: ${plain[200].ratio}`);
    assert.equal(plain[800].ratio, 0, 'without skips, layer 1 gets exactly 0 by step 800');
    for (const f of Object.values(plain)) assert.ok(f.testAccuracy < 0.6, `test accuracy without skips ${f.testAccuracy}`);
  },
  'xavier-vs-he'() {
    const spread = (c) => { let v = 0; run('xavier-vs-he', c, stop('xavier-vs-he'), 1, (s) => { const h = hidden(s.stats()); v = h[h.length - 1].act_std / h[0].act_std; }); return v; };
    const x = spread(false), he = spread(true);
    figures['xavier-vs-he'] = { spreadRatioXavier: x, spreadRatioHe: he };
    assert.ok(x < 1e-2, `xavier ${x}`);
    assert.ok(he > 5e-2, `he ${he}`);
  },
};

test('every preset has a check, a stop step and views to look at', () => {
  for (const p of PRESETS) {
    assert.ok(checks[p.id], `no check for preset ${p.id}`);
    assert.ok(Number.isInteger(p.stop) && p.stop >= 1, `${p.id}: stop ${p.stop}`);
    assert.ok(p.lookAt.length >= 1 && p.lookAt.every((t) => VIEW_TEXT[t.view]), `${p.id}: lookAt ${JSON.stringify(p.lookAt)}`);
  }
});
for (const p of PRESETS) {
  test(`preset ${p.id}: ${p.title}`, (t) => {
    try {
      checks[p.id]();
    } finally {  // the measured figures, also when the claim fails
      t.diagnostic(`figures: ${JSON.stringify(figures[p.id])}`);
    }
  });
}
