// The comparison mode (web/compare, docs/comparison.md) in Debian's Chromium: a 4-way
// comparison of a deep network runs in lock-step; its figures equal those of the same
// networks trained alone through the engine; the same set-up gives the same figures
// again; the page stays responsive; a sweep runs and can be cancelled; the URL is
// validated; remedies (batch norm) compare like the rest; the guided path and the
// playground's button work; the set-up form names a bad value and rebuilds on a good one.
// Screenshots go to test-results/ (light, dark, 375 px).
// GRADSCOPE_DIST=dir serves another build than dist/ (to try a build without replacing it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, RESULTS } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

let server, browser;
before(async () => {
  ({ server, browser } = await start());
  if (process.env.GRADSCOPE_DIST) { await server.close(); server = await serve(process.env.GRADSCOPE_DIST, 0); }
});
after(async () => { await browser?.close(); await server?.close(); });

const DEPTH = 20;
const STEPS = 120;
const SETUP = `cmp=1&cv=activation&cx=sigmoid,relu,leaky_relu,elu&d=${DEPTH}&data=circles&lr=0.003&cn=${STEPS}&ck=20`;

/** Waits until the page's comparison reaches one of the states. */
async function until(page, states, timeout = 60000) {
  await page.waitForFunction((s) => s.includes(document.querySelector('.gc-main .gc-root')?.dataset.state), states, { timeout, polling: 50 });
}

/** Plays the page's comparison to its last step; returns its figures and the frame rate seen meanwhile. */
async function runToEnd(page) {
  await until(page, ['ready']);
  const t0 = Date.now();
  // the frame rate and the longest gap between frames on the main thread, while training
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__frames = { n: 0, longest: 0, last: performance.now(), on: true };
    const tick = (t) => { const f = w.__frames; if (!f.on) return; f.n++; f.longest = Math.max(f.longest, t - f.last); f.last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    w.__frames.t0 = performance.now();
    w.gradscopeCompare.page.comparison.play();
  });
  await until(page, ['finished']);
  const frames = await page.evaluate(() => { const f = window.__frames; f.on = false; return { n: f.n, fps: (f.n * 1000) / (performance.now() - f.t0), longest: f.longest }; });
  const figures = await page.evaluate(() => window.gradscopeCompare.page.comparison.figures());
  return { figures, frames, ms: Date.now() - t0 };
}

/** The figures that must repeat exactly (the measured times and the words built on them aside). */
function deterministic(f) {
  return {
    step: f.step,
    sameWeights: f.sameWeights,
    networks: f.networks.map(({ time, verdict, ...rest }) => rest),
  };
}

/** Scrolls through the page so that every chart draws (they draw only on screen). */
async function drawAll(page) {
  const H = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < H; y += 400) { await page.evaluate((y) => window.scrollTo(0, y), y); await page.waitForTimeout(40); }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
}

test('a 4-way comparison of a deep network: lock-step, equal to single runs, repeatable, responsive; a sweep runs and cancels', async () => {
  const { page, context, errors, foreign } = await openPage(browser, `${server.url}compare.html#${SETUP}`);
  await until(page, ['ready', 'error']);
  const startMs = await page.$eval('.gc-main .gc-root', (e) => ({ start: Number(e.dataset.startMs), timing: Number(e.dataset.timingMs) }));
  const a = await runToEnd(page);
  const f = a.figures;
  console.log(`# ${DEPTH}x16 circles, ${STEPS} steps in rounds of 20: ready in ${startMs.start} ms (timing ${startMs.timing} ms), trained in ${a.ms} ms; ${a.frames.fps.toFixed(1)} fps, longest frame ${a.frames.longest.toFixed(0)} ms`);
  for (const n of f.networks) {
    console.log(`#   ${n.label.padEnd(10)} ${n.time.msPerStep.toFixed(3)} ms/step (${n.time.relative.toFixed(2)}x ReLU, quartiles ${n.time.msRange.map((v) => v.toFixed(3)).join('-')}; live ${n.time.msPerStepLive?.toFixed(3)}) | to 90%: ${n.stepsToTarget ?? '-'} | test acc ${n.testAccuracy} | dead ${n.deadUnits} | layer-1 grad ${n.firstLayerGrad.toExponential(3)} | ratio ${n.gradRatio.toExponential(2)}`);
  }
  assert.equal(f.networks.length, 4);
  assert.deepEqual(f.networks.map((n) => n.name), ['sigmoid', 'relu', 'leaky_relu', 'elu']);
  for (const n of f.networks) assert.equal(n.steps, STEPS, `${n.label} is at step ${n.steps}`);
  assert.equal(f.sameWeights.identical, true, 'same initial weights');
  assert.ok(f.networks[0].gradRatio < 1e-3, `sigmoid's layer-1 ratio ${f.networks[0].gradRatio}`);
  assert.ok(f.networks[1].gradRatio > 1e-2, `ReLU's layer-1 ratio ${f.networks[1].gradRatio}`);
  for (const n of f.networks) assert.ok(n.time.msPerStep > 0, `${n.label} was timed`);
  assert.ok(f.sentences.length >= 4, 'the verdict in words');
  assert.match(f.sentences.join(' '), /First to 90% test accuracy|No network has reached/);
  // the main thread drew while the workers trained (how fast is npm run bench's: bench/page.mjs)
  assert.ok(a.frames.n > 0, 'no animation frame ran while the comparison trained');
  // the table shows the same figures
  const shown = await page.$$eval('tr.gc-figrow td.gc-dead', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(shown, f.networks.map((n) => `${n.deadUnits} of ${n.hiddenUnits}`));

  // the same networks alone, through the engine, in one step(200): exactly the same figures
  const alone = await page.evaluate(async (steps) => {
    const { EngineClient, page: p } = window.gradscopeCompare;
    const o = p.options();
    const out = [];
    for (const value of o.values) {
      const net = JSON.parse(JSON.stringify(o.network));
      for (let l = 0; l < net.layers.length - 1; ++l) net.layers[l].activation = value;
      const c = new EngineClient();
      await c.open(net, o.config);
      const fr = await c.step(steps);
      const dead = fr.probe.layers.reduce((s, l) => s + l.dead.reduce((x, y) => x + y, 0), 0);
      out.push({ grad0: fr.statsColumns.columns.dW_norm[0], ratio: fr.statsColumns.columns.dW_ratio[0], testAcc: fr.evaluate.test.accuracy, testLoss: fr.evaluate.test.loss, dead });
      c.dispose();
    }
    return out;
  }, STEPS);
  alone.forEach((r, i) => {
    const n = f.networks[i];
    assert.equal(n.firstLayerGrad, r.grad0, `${n.label}: layer-0 gradient norm at step ${STEPS}, compared ${n.firstLayerGrad} vs alone ${r.grad0}`);
    assert.equal(n.gradRatio, r.ratio, `${n.label}: layer-0 ratio`);
    assert.equal(n.testAccuracy, r.testAcc, `${n.label}: test accuracy`);
    assert.equal(n.testLoss, r.testLoss, `${n.label}: test loss`);
    assert.equal(n.deadUnits, r.dead, `${n.label}: dead units`);
  });
  console.log(`# alone == compared at step ${STEPS}: layer-0 ‖∂L/∂W‖ ${alone.map((r) => r.grad0.toExponential(4)).join(', ')}`);

  // the same set-up again: after reset, and in a second comparison (new workers) built
  // from the same options through the public API
  await page.evaluate(() => window.gradscopeCompare.page.comparison.reset());
  const b = await runToEnd(page);
  assert.deepEqual(deterministic(b.figures), deterministic(f), 'same figures after reset');
  const c = await page.evaluate(async () => {
    const { createComparison, page: p } = window.gradscopeCompare;
    const box = document.createElement('div');
    document.body.append(box);
    const cmp = createComparison(box.attachShadow({ mode: 'open' }), { ...p.options(), timing: false, views: ['table'] });
    await new Promise((ok) => { cmp.on('finished', ok); cmp.play(); });
    const out = cmp.figures();
    cmp.destroy();
    box.remove();
    return out;
  });
  assert.deepEqual(deterministic(c), deterministic(f), 'same figures in a second comparison');

  // sweeps: all the way, then cancelled part-way
  const sweep = page.locator('[data-view="sweep"]');
  await sweep.scrollIntoViewIfNeeded();
  await page.click('[data-role="sweep-run"]');
  await page.waitForFunction(() => document.querySelector('[data-view="sweep"]').dataset.sweepState === 'done', null, { timeout: 60000 });
  const s = await page.evaluate(() => window.gradscopeCompare.page.comparison.figures().sweep);
  console.log(`# sweep: ${s.total} networks (${s.activations.length} activations x ${s.depths.length} depths + ${s.gains.length} gains) in ${(s.ms / 1000).toFixed(1)} s; per-layer factor of ‖∂L/∂z‖ at init: ${s.activations.map((n, i) => `${n} ${s.depth[i].perLayer.dz?.toFixed(3)}`).join(', ')}`);
  assert.equal(s.done, s.total);
  const sig = s.depth[0];
  assert.ok(sig.perLayer.dz > 0.05 && sig.perLayer.dz < 0.5, `sigmoid's factor per layer ${sig.perLayer.dz}`);
  assert.ok(sig.init.dz[s.depths.indexOf(100)] < -20, `sigmoid at depth 100: 1e${sig.init.dz[s.depths.indexOf(100)]}`);
  await sweep.screenshot({ path: `${RESULTS}compare-sweep-light.png` });

  // the per-layer and the sweep charts read out their values by keyboard (ui/tooltip.js):
  // the layer or the swept value, then one line per network with its measured value
  /** The tip of a view's first chart after focusing it and pressing `key`. */
  const tipAfter = async (view, key) => {
    await page.locator(`[data-view="${view}"] canvas`).first().focus();
    await page.keyboard.press(key);
    return page.$eval(`[data-view="${view}"] .gs-tip`, (t) => ({ text: t.textContent, hidden: t.hidden, said: t.parentElement.querySelector('[aria-live]').textContent }));
  };
  const prof = await tipAfter('profile', 'Home');
  assert.equal(prof.hidden, false);
  assert.equal(prof.said, prof.text, 'what the tip shows is what a screen reader hears');
  const profLines = prof.text.split('\n');
  assert.equal(profLines[0], 'layer 1');
  assert.deepEqual(profLines.slice(1).map((l) => l.split(':')[0]), f.networks.map((n) => n.label));
  f.networks.forEach((n, i) => assert.notEqual(profLines[i + 1].split(': ')[1], '–', `${n.label} has a layer-1 value`));
  const profNext = await tipAfter('profile', 'ArrowRight');
  assert.equal(profNext.text.split('\n')[0], 'layer 2', 'the right arrow moves to the next layer');
  const sw = await tipAfter('sweep', 'End');
  const swLines = sw.text.split('\n');
  assert.equal(swLines[0], `depth ${s.depths[s.depths.length - 1]}: at initialisation → after ${s.steps} steps`);
  assert.deepEqual(swLines.slice(1).map((l) => l.split(':')[0]), s.activations);
  assert.ok(swLines[1].startsWith(`${s.activations[0]}: `) && /: \d\.\de-\d+ → /.test(swLines[1]), `sigmoid at depth 100, a ratio of many decades: ${swLines[1]}`);

  // screenshots of this page: light, dark (the 'auto' theme follows the system), 375 px wide
  for (const [name, size, scheme] of [['light', [1280, 900], 'light'], ['dark', [1280, 900], 'dark'], ['375px', [375, 812], 'light']]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: size[0], height: size[1] });
    await page.waitForTimeout(150);
    await drawAll(page);
    await page.screenshot({ path: `${RESULTS}compare-${name}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name}: horizontal overflow of ${overflow}px`);
  }

  // a second sweep, cancelled part-way
  await page.click('[data-role="sweep-run"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-view="sweep"]').dataset.sweepDone) >= 6, null, { timeout: 30000 });
  await page.click('[data-role="sweep-cancel"]');
  await page.waitForFunction(() => document.querySelector('[data-view="sweep"]').dataset.sweepState === 'cancelled', null, { timeout: 5000 });
  const doneAt = await sweep.evaluate((e) => Number(e.dataset.sweepDone));
  await page.waitForTimeout(500);
  assert.equal(await sweep.evaluate((e) => Number(e.dataset.sweepDone)), doneAt, 'nothing runs after cancel');
  assert.ok(doneAt < s.total);
  console.log(`# sweep cancelled after ${doneAt} of ${s.total} networks`);

  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('the link is validated: bad values are named with their allowed range, defaults are used', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}compare.html#cmp=2&cv=colour&cx=relu,swishy&cn=-5&d=abc`);
  await until(page, ['loading', 'timing', 'ready']);
  const text = await page.locator('.gc-page > .gs-messages').textContent();
  assert.match(text, /comparison link version \(cmp\): must be 1/);
  assert.match(text, /what varies \(cv\): must be one of activation, init, optimizer, depth, lr/);
  assert.match(text, /compared values \(cx\): must list 1 to 6 names from sigmoid/);
  assert.match(text, /steps to run \(cn\): must be an integer in 1\.\.100000/);
  assert.match(text, /hidden layers \(d\): must be an integer in 1\.\.250/);
  const setup = await page.evaluate(() => window.gradscopeCompare.page.setup);
  assert.equal(setup.section.vary, 'activation');
  assert.deepEqual(setup.section.values, ['sigmoid', 'relu', 'leaky_relu', 'elu']);
  assert.equal(setup.base.depth, 10);
  assert.match(await page.evaluate(() => location.hash), /^#cmp=1&cv=activation&cx=sigmoid,relu,leaky_relu,elu/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('remedies: a deep sigmoid network with and without batch norm; batch norm keeps the gradient of layer 1', async () => {
  const hash = 'cmp=1&cv=remedy&cx=none,batchnorm&d=30&a=sigmoid&i=glorot_uniform&data=circles&cn=60&ck=20';
  const { page, context, errors, foreign } = await openPage(browser, `${server.url}compare.html#${hash}`);
  await until(page, ['ready', 'error']);
  const setup = await page.evaluate(() => window.gradscopeCompare.page.setup);
  assert.equal(setup.section.vary, 'remedy');
  assert.deepEqual(setup.section.values, ['none', 'batchnorm']);
  assert.equal(await page.$eval('.gc-page select[name="c-vary"]', (s) => s.value), 'remedy');
  const boxes = await page.$$eval('.gc-values input[type="checkbox"]', (cs) => cs.map((c) => [c.value, c.checked, c.parentElement.textContent]));
  assert.deepEqual(boxes, [['none', true, 'plain'], ['batchnorm', true, 'batch norm'], ['residual', false, 'skips'], ['both', false, 'batch norm + skips']]);
  assert.match(await page.locator('.gc-page .gs-side .gs-note').first().textContent(), /only around layers whose input and output widths match \(here 29 of 30 hidden layers; the first maps 2 inputs to 16 units\)/);
  const labels = await page.$$eval('.gc-main .gc-key li span', (s) => s.map((x) => x.textContent));
  assert.deepEqual(labels, ['plain', 'batch norm']);
  assert.match(await page.locator('.gc-main .gc-title h2').textContent(), /^Plain and 1 remedy side by side$/);

  await page.evaluate(() => window.gradscopeCompare.page.comparison.step(60));
  await until(page, ['finished']);
  const f = await page.evaluate(() => window.gradscopeCompare.page.comparison.figures());
  const [plain, bn] = f.networks;
  console.log(`# remedies, 30x16 sigmoid, circles, step ${f.step}: layer 1 ÷ last hidden ‖∂L/∂W‖ plain ${plain.gradRatio.toExponential(2)}, batch norm ${bn.gradRatio.toExponential(2)} (${(bn.gradRatio / plain.gradRatio).toExponential(1)}x); test accuracy ${plain.testAccuracy} vs ${bn.testAccuracy}; ${bn.time.relative?.toFixed(2)}x the time per step`);
  assert.equal(f.vary, 'remedy');
  assert.equal(f.networks.length, 2);
  assert.deepEqual(f.networks.map((n) => [n.name, n.label, n.steps]), [['none', 'plain', 60], ['batchnorm', 'batch norm', 60]]);
  assert.equal(f.baseline, 0, 'the plain network is the baseline');
  assert.equal(f.sameWeights.identical, true, 'same initial W and b');
  assert.match(await page.locator('.gc-main [data-role="sameness"]').textContent(), /same initial weights \(checked: every W and b identical at step 0\)/);
  assert.ok(bn.gradRatio > plain.gradRatio * 1e3, `batch norm's ratio ${bn.gradRatio} against plain ${plain.gradRatio}`);
  assert.ok(plain.gradRatio < 1e-6, `plain: the gradient vanishes (${plain.gradRatio})`);
  const words = f.sentences.join(' ');
  assert.doesNotMatch(words, /ReLU/);
  assert.match(words, /closest to 1 first: batch norm/);
  const shown = await page.$$eval('tr.gc-figrow td.gc-ratio', (tds) => tds.map((td) => td.textContent));
  assert.equal(shown.length, 2);

  // the sweep: one series per remedy, batch norm keeps the ratio near 1 at depth 100
  await page.locator('[data-view="sweep"]').scrollIntoViewIfNeeded();
  await page.click('[data-role="sweep-run"]');
  await page.waitForFunction(() => document.querySelector('[data-view="sweep"]').dataset.sweepState === 'done', null, { timeout: 90000 });
  const s = await page.evaluate(() => window.gradscopeCompare.page.comparison.figures().sweep);
  const at100 = (/** @type {number} */ i) => s.depth[i].init.dz[s.depths.indexOf(100)];
  console.log(`# remedy sweep: ${s.total} networks in ${(s.ms / 1000).toFixed(1)} s; log10 ‖∂L/∂z‖ ratio at depth 100, at init: ${s.activations.map((n, i) => `${n} ${at100(i)?.toFixed(1)}`).join(', ')}`);
  assert.deepEqual(s.activations, ['plain', 'batch norm']);
  assert.equal(s.done, s.total);
  assert.ok(at100(0) < -20 && at100(1) > -5, `depth 100: plain 1e${at100(0)}, batch norm 1e${at100(1)}`);

  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('the guided path reads the measured figures; the playground opens a comparison of its network', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}compare.html#cmp=1&cv=activation&cx=relu&d=8&data=circles&cn=100&ck=10`);
  await until(page, ['ready']);
  await page.click('[data-stage="leaky-elu"]');
  await until(page, ['finished'], 60000);
  await page.waitForFunction(() => !document.querySelector('[data-role="guide-next"]').hidden);
  const reading = await page.$$eval('[data-role="guide-reading"] li', (ls) => ls.map((l) => l.textContent));
  const f = await page.evaluate(() => window.gradscopeCompare.page.comparison.figures());
  console.log(`# guide step 2: ${reading.join(' | ')}`);
  assert.match(await page.evaluate(() => location.hash), /cx=relu,leaky_relu,elu&cn=100&cg=leaky-elu&d=8&data=circles/);
  const relu = f.networks.find((n) => n.name === 'relu');
  assert.ok(relu.stepsToTarget !== null, 'ReLU reaches 90% on the circles');
  assert.ok(reading[0].includes(`ReLU ${relu.stepsToTarget}`), `the reading quotes ReLU's ${relu.stepsToTarget} steps`);
  assert.ok(reading.some((t) => t.includes(`ReLU lost ${relu.deadUnits} units`)) || relu.deadUnits === 0, 'the reading quotes ReLU’s dead units');
  await page.screenshot({ path: `${RESULTS}compare-guide.png` });
  assert.deepEqual(errors, []);
  await context.close();

  const pg = await openPage(browser, server.url);
  await pg.page.waitForFunction(() => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
  await pg.page.evaluate(() => { window.gradscope.loadPreset('elu-bias-shift'); return window.gradscope.settled(); });
  await pg.page.click('[data-action="compare"]');
  await pg.page.waitForFunction(() => ['ready', 'running', 'finished'].includes(document.querySelector('dialog.gc-dialog .gc-root')?.dataset.state), null, { timeout: 60000 });
  const labels = await pg.page.$$eval('dialog.gc-dialog .gc-key li span', (s) => s.map((x) => x.textContent));
  assert.deepEqual(labels, ['ReLU', 'Leaky ReLU', 'ELU'], 'the ELU preset’s network with the lesson’s activations');
  await pg.page.screenshot({ path: `${RESULTS}compare-dialog.png` });
  await pg.page.click('dialog.gc-dialog .gc-dialog-head button');
  await pg.page.waitForFunction(() => !document.querySelector('dialog.gc-dialog'));
  assert.deepEqual(pg.errors, []);
  await pg.context.close();
});

test('the set-up form: a bad value is named with its range and changes nothing; a good one rebuilds the comparison and its link', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}compare.html#cmp=1&cv=activation&cx=relu,elu&d=3&cn=50`);
  await until(page, ['ready', 'running', 'finished']);
  const hash = () => page.evaluate(() => decodeURIComponent(location.hash));
  /** Types into a field and leaves it (the form reads a field on change). */
  const enter = async (sel, text) => { await page.fill(sel, text); await page.press(sel, 'Tab'); };
  const fieldError = (name) => page.$eval(`.gc-page [name="${name}"]`, (el) => ({
    invalid: el.getAttribute('aria-invalid'), text: el.closest('div').querySelector('.gs-field-error').textContent,
    hidden: el.closest('div').querySelector('.gs-field-error').hidden,
  }));

  const before = await hash();
  await enter('[name="c-steps"]', '0');
  assert.deepEqual(await fieldError('c-steps'), { invalid: 'true', text: 'must be an integer in 1..100000, got "0"', hidden: false });
  assert.equal(await hash(), before, 'a bad value leaves the link as it was');
  await enter('[name="c-steps"]', '80');
  assert.equal((await fieldError('c-steps')).hidden, true);
  assert.equal((await fieldError('c-steps')).invalid, null);
  assert.match(await hash(), /[#&]cn=80(&|$)/);
  assert.equal(await page.evaluate(() => window.gradscopeCompare.page.comparison.figures().steps), 80, 'the comparison was rebuilt with 80 steps');

  await enter('[name="lr"]', '-1');
  const lr = await fieldError('lr');
  assert.equal(lr.invalid, 'true');
  assert.equal(lr.hidden, false);
  assert.match(lr.text, /0\.\.10/, 'the allowed range');

  // one more activation by its checkbox: three networks, in the link and in the key
  await page.check('.gc-values input[type="checkbox"][value="tanh"]');
  await page.waitForFunction(() => document.querySelectorAll('.gc-main .gc-key li').length === 3);
  assert.match(await hash(), /[#&]cx=[^&]*tanh/);

  // depths are typed as a list: a bad list is named, a good one is the link
  await page.selectOption('[name="c-vary"]', 'depth');
  const depths = '.gc-values input[type="text"]';
  await enter(depths, '2,x');
  assert.equal(await page.$eval(depths, (el) => el.getAttribute('aria-invalid')), 'true');
  assert.notEqual(await page.$eval('.gc-values .gs-field-error', (el) => el.textContent), '');
  await enter(depths, '2,4');
  assert.match(await hash(), /[#&]cv=depth&.*cx=2,4(&|$)|[#&]cv=depth&cx=2,4/);
  await page.waitForFunction(() => [...document.querySelectorAll('.gc-main .gc-key li span')].map((s) => s.textContent).join('|').includes('4'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('idle, a comparison asks for no animation frame; 30 comparisons created and destroyed leave no chart (uPlot), worker or frame-rate loop behind', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}compare.html#cmp=1&cv=activation&cx=relu,elu&d=2&cn=10`);
  await until(page, ['ready']);
  await page.waitForTimeout(300);  // the first draws are done
  const r = await page.evaluate(async () => {
    // uPlot listens to the window for 'dppxchange' until destroy(): count the listeners
    const w = /** @type {any} */ (window);
    w.__dppx = 0;
    const add = window.addEventListener, remove = window.removeEventListener;
    window.addEventListener = function (t, ...a) { if (t === 'dppxchange') w.__dppx++; return add.call(this, t, ...a); };
    window.removeEventListener = function (t, ...a) { if (t === 'dppxchange') w.__dppx--; return remove.call(this, t, ...a); };
    // animation frames asked for and not yet run or cancelled (the FPS meter, the charts)
    const pending = new Set();
    const raf = window.requestAnimationFrame.bind(window), caf = window.cancelAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { const id = raf((t) => { pending.delete(id); cb(t); }); pending.add(id); return id; };
    window.cancelAnimationFrame = (id) => { pending.delete(id); caf(id); };
    // an engine that never answers: the views are built, no worker is started
    let made = 0, disposed = 0;
    const never = () => new Promise(() => {});
    const client = () => { ++made; return { alive: true, onError: () => () => {}, open: never, step: never, reset: never, restart: never, request: never, setStats: never, dispose() { ++disposed; } }; };
    const frames = () => new Promise((ok) => raf(() => raf(ok)));
    const { createComparison, page: p } = w.gradscopeCompare;
    // the page's own comparison, ready and not training: it asks for no animation frame
    let asked = 0;
    window.requestAnimationFrame = ((inner) => (cb) => { ++asked; return inner(cb); })(window.requestAnimationFrame);
    await new Promise((ok) => setTimeout(ok, 1200));
    const idleFrames = asked;
    p.comparison.destroy();  // the page's own: its workers and loops go too
    await frames();
    const base = { dppx: w.__dppx, pending: pending.size };
    let most = 0;
    for (let i = 0; i < 30; ++i) {
      const div = document.createElement('div');
      div.style.cssText = 'position:fixed;inset:0;overflow:auto;z-index:9';  // on screen: its charts draw
      document.body.append(div);
      const c = createComparison(div.attachShadow({ mode: 'open' }), { ...p.options(), createClient: client });
      await frames();
      most = Math.max(most, w.__dppx);
      c.destroy();
      div.remove();
    }
    await frames();
    return { base, most, dppx: w.__dppx, pending: pending.size, made, disposed, idleFrames };
  });
  console.log(`# 30 comparisons: uPlot instances at most ${r.most - r.base.dppx} with one, ${r.dppx - r.base.dppx} after; clients ${r.made} made, ${r.disposed} disposed; animation frames pending ${r.pending} (${r.base.pending} before)`);
  assert.ok(r.most - r.base.dppx >= 4, `the charts were built (${r.most - r.base.dppx})`);
  assert.equal(r.dppx, r.base.dppx, 'no uPlot left');
  assert.equal(r.idleFrames, 0, 'an idle comparison asks for no animation frame (its frame-rate meter runs only while it trains or sweeps)');
  assert.equal(r.made, 60);
  assert.equal(r.disposed, r.made, 'every client disposed');
  assert.ok(r.pending <= r.base.pending, `no animation-frame loop left (${r.pending} pending, ${r.base.pending} before)`);
  assert.deepEqual(errors, []);
  await context.close();
});
