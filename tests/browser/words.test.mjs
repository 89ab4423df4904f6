// Every sentence true for the network on screen, in the built page: the headline of a
// run that overflows (step and 1-based layer, no Inf/NaN bars), explanations generated
// for the network on screen, the chain-rule estimate hidden with batch norm, the product
// experiment as a distribution with the reader's threshold (against the exact Gamma
// tail), no WebAssembly instance on the page itself, and links: every problem named with
// the value used, a link that cannot run refused with fixes, `preset=` as a key.
// Every wait is for a condition, never for a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

const text = (page, sel) => page.$eval(sel, (el) => el.textContent);
const words = (page, view) => page.$eval(`[data-view="${view}"]`, (el) => ({
  text: el.querySelector('[data-role="explain-text"]').textContent, look: el.querySelector('[data-role="look-for"]').textContent,
}));

/** P(Gamma(n, 1) < x), by the series of the regularised lower incomplete gamma function (independent of the page's Poisson sum). */
function gammaCdf(n, x) {
  let lnGamma = 0;
  for (let k = 2; k <= n; ++k) lnGamma += Math.log(k);
  let term = 1, sum = 1;
  for (let k = 1; k < 10000; ++k) { term *= x / (n + k); sum += term; if (term < sum * 1e-17) break; }
  return Math.exp(n * Math.log(x) - x - lnGamma) * sum;
}

test('the exploding preset: the headline says where and when it overflowed, and no bar is Inf/NaN', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=exploding`);
  await ready(page);
  await page.evaluate(() => window.gradscope.step(40).catch(() => {}));
  await page.waitForFunction(() => document.querySelector('[data-role="headline"]')?.dataset.overflow === 'true', null, { timeout: 30000 });
  const d = await page.$eval('[data-role="headline"]', (el) => ({ text: el.textContent, step: Number(el.dataset.step) }));
  const diverged = await page.evaluate(async () => (await window.gradscope.step(0)).diverged);
  assert.ok(diverged, 'the run diverged');
  // figures() and the 'diverged' event number layers as the page does: 1..20 hidden, 21 the output layer, null the loss
  const where = diverged.layer === null ? 'the loss' : diverged.layer === 21 ? 'the output layer' : `layer ${diverged.layer}`;
  assert.ok(diverged.layer === null || (diverged.layer >= 1 && diverged.layer <= 21), `layer ${diverged.layer}`);
  assert.match(diverged.message, new RegExp(`^Training paused: it diverged at step ${diverged.step} in ${where} \\(`));
  console.log(`# headline: ${d.text}`);
  assert.match(d.text, new RegExp(`^Training overflowed at step ${diverged.step} in ${where}: `));
  assert.doesNotMatch(d.text, /receives no gradient at all|NaN bars/);
  const bars = await page.$eval('[data-view="gradients"] .gs-chart', (el) => ({ finite: el.dataset.finite, count: Number(el.dataset.count) }));
  assert.equal(bars.finite, 'true', 'every bar drawn is a finite number');
  if (bars.count) assert.match(d.text, /The bars show step \d+, the last measured step whose gradients were all finite/);
  else assert.match(d.text, /the bars stay empty/);
  // the message says the same, with the same numbering (not the core's 0-based layers[N])
  const msg = await text(page, '.gs-msg[data-key="diverged"] p');
  assert.match(msg, new RegExp(`^Training paused: it diverged at step ${diverged.step} in ${where} \\(`));
  assert.doesNotMatch(msg, /layers\[\d+\]/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('explanations and the headline follow the network on screen (ReLU, skips, batch norm)', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=relu-50&d=6`);
  await ready(page);
  let g = await words(page, 'gradients');
  assert.doesNotMatch(g.text, /sigmoid|0\.25|fifty/i, g.text);
  assert.match(g.text, /With ReLU, f′ = 1 wherever z > 0/);
  assert.match(g.text, /the 5 factors/);
  // the health card: ReLU units can die; with ELU none can
  assert.match((await words(page, 'health')).text, /In layers 1–6 f′ is exactly 0 for z < 0/);
  await page.evaluate(() => window.gradscope.loadPreset('relu-100-skips'));
  await page.waitForFunction(() => /Skips around layers 2–100/.test(document.querySelector('[data-view="gradients"] [data-role="explain-text"]')?.textContent ?? ''), null, { timeout: 30000 });
  g = await words(page, 'gradients');
  assert.doesNotMatch(g.text, /sigmoid|0\.25/);
  // sigmoid + batch norm: no chain-rule estimate beside the measured ratio, and why
  await page.evaluate(() => window.gradscope.loadPreset('sigmoid-50-batchnorm'));
  await page.waitForFunction(() => window.gradscope.state.preset === 'sigmoid-50-batchnorm');
  await page.evaluate(() => window.gradscope.settled());
  await page.evaluate(() => window.gradscope.step(3));
  await page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step) >= 3 && /no chain-rule estimate/.test(document.querySelector('[data-role="headline-sub"]')?.textContent ?? ''), null, { timeout: 30000 });
  const sub = await text(page, '[data-role="headline-sub"]');
  assert.doesNotMatch(sub, /∏ mean\|f′\|·scale\(W\): \d/);
  assert.match(sub, /no chain-rule estimate: batch norm/);
  assert.match((await words(page, 'gradients')).text, /With the sigmoid, f′ ≤ 0\.25, so the 49 factors/);
  assert.match((await words(page, 'gradients')).text, /Batch norm on layers 1–50/);
  // and without batch norm the estimate is back, next to the measured ratio
  await page.evaluate(() => window.gradscope.loadPreset('sigmoid-50'));
  await page.waitForFunction(() => window.gradscope.state.preset === 'sigmoid-50');
  await page.evaluate(() => window.gradscope.settled());
  await page.evaluate(() => window.gradscope.step(2));
  await page.waitForFunction(() => /chain-rule estimate of layer 1’s ‖∂L\/∂z‖ over layer 50’s, ∏ mean\|f′\|·scale\(W\): \S+ \(measured/.test(document.querySelector('[data-role="headline-sub"]')?.textContent ?? ''), null, { timeout: 30000 });
  const head = await text(page, '[data-role="headline"]');
  assert.match(head, /decades less\.$/, head);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the zig-zag card reads the measured shares against the rule for this batch size', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=zigzag`);
  await ready(page);
  for (let i = 0; i < 12; ++i) await page.evaluate(() => window.gradscope.step(3));
  await page.waitForFunction(() => /Measured over the last records/.test(document.querySelector('[data-view="zigzag"] [data-role="look-for"]')?.textContent ?? ''), null, { timeout: 30000 });
  const z = await words(page, 'zigzag');
  assert.match(z.look, /layers 2–3 and the output layer take inputs of one sign: with batch 1 their bars should be at 1\.00/);
  assert.match(z.look, /average 1\.00, as the rule says/);
  assert.equal(await page.$eval('[data-view="zigzag"]', (el) => el.dataset.against), 'false');
  // batch 32: the words say why the bars may fall short of 1.00
  await page.evaluate(() => window.gradscope.setState({ ...window.gradscope.state, batch: 32, preset: '' }));
  await page.evaluate(() => window.gradscope.step(3));
  await page.waitForFunction(() => /with batch 32 each gradient sums 32 samples/.test(document.querySelector('[data-view="zigzag"] [data-role="look-for"]')?.textContent ?? ''), null, { timeout: 30000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the product experiment: a distribution, the share above the reader’s threshold, no WebAssembly on the page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // count WebAssembly instances created by the page itself (the engine's worker has its own global)
  await context.addInitScript(() => {
    const w = /** @type {any} */ (globalThis);
    w.__wasmInstances = 0;
    for (const k of ['instantiate', 'instantiateStreaming']) {
      const f = WebAssembly[k];
      if (f) WebAssembly[k] = function (...a) { w.__wasmInstances += 1; return f.apply(this, a); };
    }
    const I = WebAssembly.Instance;
    WebAssembly.Instance = function (...a) { w.__wasmInstances += 1; return new I(...a); };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}#v=1&ps=sigmoid-50`);
  await ready(page);
  const figs = () => page.$eval('[data-role="product-figures"]', (el) => ({ ...el.dataset }));
  await page.waitForFunction(() => document.querySelector('[data-role="product-figures"]')?.dataset.pending === 'false', null, { timeout: 30000 });
  let f = await figs();
  const trials = Number(f.trials);
  assert.equal(Number(f.n), 50);
  assert.equal(Number(f.threshold), -18);
  const exact18 = gammaCdf(50, 18 * Math.LN10);
  assert.ok(Math.abs(Number(f.exact) - exact18) < 1e-9, `page's exact share ${f.exact} vs ${exact18}`);
  const se = Math.sqrt(exact18 * (1 - exact18) / trials);
  assert.ok(Math.abs(Number(f.share) - exact18) < 4 * se, `measured share ${f.share} vs exact ${exact18}`);
  assert.ok(Number(f.sigmoidMax) <= Number(f.bound), 'every sigmoid′ product is below 0.25^N');
  let look = (await words(page, 'product')).look;
  assert.match(look, /^Above 1e-18: 1\d(\.\d)?% of the [\d,]+ uniform products \(the exact share is 10\.8%\)/);
  assert.doesNotMatch(look, /almost never/);
  // the reader picks another threshold
  await page.fill('input[name="productThreshold"]', '-25');
  await page.dispatchEvent('input[name="productThreshold"]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-role="product-figures"]')?.dataset.threshold === '-25' && document.querySelector('[data-role="product-figures"]')?.dataset.pending === 'false', null, { timeout: 30000 });
  f = await figs();
  const exact25 = gammaCdf(50, 25 * Math.LN10);
  assert.ok(Math.abs(Number(f.exact) - exact25) < 1e-9);
  assert.ok(Math.abs(Number(f.share) - exact25) < 4 * Math.sqrt(exact25 * (1 - exact25) / trials) + 1e-3, `share above 1e-25: ${f.share} vs ${exact25}`);
  look = (await words(page, 'product')).look;
  assert.match(look, /^Above 1e-25: /);
  // any threshold, not only whole powers of ten
  await page.fill('input[name="productThreshold"]', '-18.5');
  await page.dispatchEvent('input[name="productThreshold"]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-role="product-figures"]')?.dataset.threshold === '-18.5' && document.querySelector('[data-role="product-figures"]')?.dataset.pending === 'false', null, { timeout: 30000 });
  assert.ok(Math.abs(Number((await figs()).exact) - gammaCdf(50, 18.5 * Math.LN10)) < 1e-9);
  assert.match((await words(page, 'product')).look, /^Above 3\.2e-19: /);
  // and another N (keyboard on the slider)
  await page.focus('input[name="productN"]');
  for (let i = 0; i < 40; ++i) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('[data-role="product-figures"]')?.dataset.n === '10' && document.querySelector('[data-role="product-figures"]')?.dataset.pending === 'false', null, { timeout: 30000 });
  f = await figs();
  assert.ok(Math.abs(Number(f.exact) - gammaCdf(10, 18.5 * Math.LN10)) < 1e-12);
  assert.match((await words(page, 'product')).text, /0\.25\^10 ≈ 9\.5e-7/);
  // a bad threshold is named, and a valid one is used meanwhile
  await page.fill('input[name="productThreshold"]', '5');
  await page.dispatchEvent('input[name="productThreshold"]', 'change');
  await page.waitForFunction(() => /threshold: its power of ten must be a number in −300\.\.0/.test(document.querySelector('[data-view="product"]')?.textContent ?? ''));
  // the explorer's curves are drawn, and none of this made a WebAssembly instance on the page
  await page.$eval('[data-view="explorer"]', (el) => el.scrollIntoView());
  await page.waitForFunction(() => { const c = document.querySelector('[data-view="explorer"] canvas'); return c && c.width > 100; });
  assert.equal(await page.evaluate(() => window.__wasmInstances), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('link problems: each named with the value actually used; `preset=` works as a key', async () => {
  let { page, context, errors } = await openPage(browser, `${server.url}#ps=relu-50&a=banana&zz=1&d=0&w=x&lr=99`);
  await ready(page);
  const items = await page.$$eval('[data-role="link-problem-list"] li', (li) => li.map((x) => x.textContent));
  assert.equal(items.length, 5, items.join('\n'));
  assert.match(items.join('\n'), /activation \(a\): must be one of .* got "banana"; using relu/);
  assert.match(items.join('\n'), /learning rate \(lr\): must be a number in 0\.\.10, got "99"; using 0\.001/);
  assert.match(items.join('\n'), /unknown key "zz"/);
  const s = await page.evaluate(() => window.gradscope.state);
  assert.equal(s.activation, 'relu');
  assert.equal(s.lr, 0.001);
  assert.deepEqual(errors, []);
  await context.close();

  ({ page, context, errors } = await openPage(browser, `${server.url}#preset=relu-50`));
  await ready(page);
  const p = await page.evaluate(() => window.gradscope.state);
  assert.equal(p.preset, 'relu-50');
  assert.equal(p.activation, 'relu');
  assert.equal(await page.$$eval('[data-role="link-problems"]', (m) => m.length), 0);
  assert.match(await page.evaluate(() => location.hash), /ps=relu-50/);
  // a link edited while the page is open: its problems listed the same way
  await page.evaluate(() => { location.hash = '#v=1&ps=dying-relu&a=banana&o=adamw'; });
  await page.waitForFunction(() => window.gradscope.state.preset === 'dying-relu', null, { timeout: 30000 });
  const edited = await page.$$eval('[data-role="link-problem-list"] li', (li) => li.map((x) => x.textContent));
  assert.equal(edited.length, 2, edited.join('\n'));
  assert.match(edited[0], /got "banana"; using relu$/);
  assert.match(edited[1], /optimiser \(o\): must be one of sgd, momentum, rmsprop, adam, got "adamw"; using adam$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link that cannot run is refused with fixes that fit, and the page opens a preset instead', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&d=250&w=1024`);
  await ready(page);  // not stuck on "loading the engine…"
  const msg = await text(page, '[data-role="link-problems"]');
  assert.match(msg, /250 hidden layers of 1,024 units need 261,354,497 parameters, more than the engine's limit of 4,000,000/);
  assert.match(msg, /It fits with 250 layers of 126 units, or 4 layers of 1,024 units/);
  assert.match(msg, /Opened the preset “50-layer sigmoid” instead/);
  const s = await page.evaluate(() => window.gradscope.state);
  assert.equal(s.preset, 'sigmoid-50');
  assert.equal(await page.$eval('input[aria-label^="Learning rate"]', (el) => el.value), '0.01');
  // the fix opens and trains
  await page.click('button[data-action="link-fix"]:has-text("4 layers")');
  await page.waitForFunction(() => window.gradscope.state.depth === 4 && window.gradscope.state.width === 1024, null, { timeout: 30000 });
  await page.evaluate(() => window.gradscope.settled());
  // opened by the engine (no open error); not stepped here: a step of 3 million parameters can
  // take seconds on a loaded machine
  assert.equal(await page.$$eval('.gs-msg[data-key="open"]', (m) => m.length), 0);
  assert.equal((await page.evaluate(() => window.gradscope.figures())).depth, 4);
  assert.deepEqual(errors, []);
  await context.close();

  // a link the engine refuses for another reason (a batch larger than the training rows):
  // the engine's message, and the page opens the preset instead of waiting
  const b = await openPage(browser, `${server.url}#v=1&n=10&bs=4096`);
  await ready(b.page);
  const open = await text(b.page, '.gs-msg[data-key="open-first"]');
  assert.match(open, /batch: must be in 1\.\.\d+/);
  assert.match(open, /Opened the preset “50-layer sigmoid” instead/);
  assert.equal((await b.page.evaluate(() => window.gradscope.state)).preset, 'sigmoid-50');
  assert.equal((await b.page.evaluate(() => window.gradscope.step(1))).step, 1);
  // an edit that makes the network too large: refused with the sizes that fit, the previous settings kept
  await b.page.evaluate(() => { const el = document.querySelector('.gs-root [name="width"]'); el.value = '1024'; el.dispatchEvent(new Event('change', { bubbles: true })); });
  await b.page.waitForSelector('.gs-msg[data-key="open"] button[data-action="size-fix"]', { timeout: 30000 });
  const refused = await text(b.page, '.gs-msg[data-key="open"] p');
  assert.match(refused, /: 50 hidden layers of 1,024 units need 51,434,497 parameters, more than the engine's limit of 4,000,000\. It fits with 50 layers of (\d+) units, or 4 layers of 1,024 units\.\nThe previous settings are kept\./);
  const widest = Number(/50 layers of (\d+) units/.exec(refused)[1]);
  assert.equal((await b.page.evaluate(() => window.gradscope.state)).width, 16);
  await b.page.click('.gs-msg[data-key="open"] button[data-action="size-fix"]');
  await b.page.waitForFunction((w) => window.gradscope.state.width === w, widest, { timeout: 30000 });
  assert.deepEqual(b.errors, []);
  await b.context.close();
});

test('an element whose state cannot run says why, offers sizes that fit, and opens a preset', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route(`${server.url}words-host.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="${server.url}grad-scope.js"></script></head><body>
<grad-scope id="big" state="v=1&amp;d=250&amp;w=1024" views="gradients" controls="play,step"></grad-scope></body></html>` }));
  await page.goto(`${server.url}words-host.html`);
  const msgOf = () => page.evaluate(() => [...(document.querySelector('#big')?.shadowRoot?.querySelectorAll('.gs-msg') ?? [])].map((m) => m.textContent).join('\n'));
  await page.waitForFunction(() => /cannot run/.test([...(document.querySelector('#big')?.shadowRoot?.querySelectorAll('.gs-msg') ?? [])].map((m) => m.textContent).join('\n'))
    && document.querySelector('#big')?.shadowRoot?.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
  const msg = await msgOf();
  assert.match(msg, /261,354,497 parameters, more than the engine's limit of 4,000,000/);
  assert.match(msg, /Opened the preset “50-layer sigmoid” instead/);
  const f = await page.evaluate(() => document.querySelector('#big').step(1));
  assert.equal(f.step, 1);
  assert.equal(f.depth, 50);
  assert.deepEqual(errors, []);
  await context.close();
});
