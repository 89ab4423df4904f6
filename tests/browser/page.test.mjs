// End-to-end tests of the built page (dist/) in Debian's Chromium. Every claim is read
// from the page's own figures: the headline's data attributes and the unit-health count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, openPage, ready, headline, RESULTS } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/** Plays until the headline reports at least `steps` steps (or `until` holds), then pauses. */
async function trainUntil(page, steps, until = null, timeout = 60000) {
  await page.evaluate(() => window.gradscope.play());
  await page.waitForFunction(([n, cond]) => {
    const el = document.querySelector('[data-role="headline"]');
    const step = Number(el?.dataset.step ?? 0);
    if (step < n) return false;
    return cond ? new Function('el', cond)(el) : true;
  }, [steps, until], { timeout, polling: 50 });
  await page.evaluate(() => window.gradscope.pause());
  await page.waitForTimeout(200);
}

async function choosePreset(page, id) {
  await page.click(`[data-preset="${id}"]`);
  await page.waitForFunction((id) => window.gradscope.state.preset === id && document.querySelector('[data-role="headline"]')?.dataset.step === '0' || window.gradscope.state.preset === id, id);
  await page.evaluate(() => window.gradscope.settled());
  await page.waitForTimeout(200);
}

/** Scrolls through the page so every chart draws (they draw only on screen), then back up. */
async function drawAll(page) {
  const H = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < H; y += 400) { await page.evaluate((y) => window.scrollTo(0, y), y); await page.waitForTimeout(50); }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
}

test('the page loads, with no console errors and no requests to other hosts', async () => {
  const { page, context, errors, foreign } = await openPage(browser, server.url);
  await ready(page);
  assert.equal(await page.$eval('.gs-brand h1', (e) => e.textContent), 'gradscope');
  assert.equal(await page.locator("[data-preset]").count(), 11);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('50-layer sigmoid: layer 1 gets < 1e-6 of the last layer\'s gradient; ReLU: > 1e-2', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await choosePreset(page, 'sigmoid-50');
  await trainUntil(page, 200);
  const sig = await headline(page);
  console.log(`# sigmoid-50 at step ${sig.step}: ${sig.text} (ratio ${sig.ratio})`);
  assert.ok(sig.ratio < 1e-6, `sigmoid ratio ${sig.ratio}`);
  assert.match(sig.text, /Layer 1 receives .* of the gradient that layer 50 receives/);
  await drawAll(page);
  await page.screenshot({ path: `${RESULTS}sigmoid-50-light.png`, fullPage: true });

  await choosePreset(page, 'relu-50');
  await trainUntil(page, 100, 'return Number(el.dataset.ratio) > 1e-2');
  const relu = await headline(page);
  console.log(`# relu-50 at step ${relu.step}: ${relu.text} (ratio ${relu.ratio})`);
  assert.ok(relu.ratio > 1e-2, `relu ratio ${relu.ratio}`);
  await page.screenshot({ path: `${RESULTS}relu-50-light.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('dying ReLU: the page reports dead units', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await choosePreset(page, 'dying-relu');
  await trainUntil(page, 300);
  await page.waitForFunction(() => Number(document.querySelector('.gs-root')?.dataset.deadUnits ?? 0) > 0, null, { timeout: 10000 });
  const dead = await page.$eval('[data-role="dead-units"]', (e) => Number(e.textContent));
  console.log(`# dying-relu: ${dead} dead units of 96`);
  assert.ok(dead >= 20, `dead units ${dead}`);
  await page.locator('[data-view="health"]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.locator('[data-view="health"]').screenshot({ path: `${RESULTS}dying-relu-health.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad CSV shows the core\'s message and keeps the previous data', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  const before = await page.evaluate(() => window.gradscope.state.data);
  await page.setInputFiles('input[name="csv"]', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,a\n3,oops,b\n4,5,a\n') });
  const msg = page.locator('.gs-msg.gs-error', { hasText: 'csv line' });
  await msg.first().waitFor({ timeout: 10000 });
  const text = await msg.first().textContent();
  console.log(`# bad CSV message: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
  assert.match(text, /csv line 3/);
  assert.equal(await page.evaluate(() => window.gradscope.state.data), before);
  // a good CSV is accepted
  const rows = ['a,b,label'];
  for (let i = 0; i < 60; ++i) rows.push(`${(i % 7) / 7},${(i % 5) / 5},${i % 2 ? 'yes' : 'no'}`);
  await page.setInputFiles('input[name="csv"]', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => window.gradscope.state.data === 'csv', null, { timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('invalid link values are named with their allowed range; defaults are used', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&d=abc&a=swishy&lr=-3`);
  await ready(page);
  const text = await page.locator('.gs-messages').textContent();
  assert.match(text, /hidden layers \(d\): must be an integer in 1\.\.250/);
  assert.match(text, /activation \(a\): must be one of sigmoid/);
  assert.match(text, /learning rate \(lr\): must be a number in 0\.\.10/);
  const s = await page.evaluate(() => window.gradscope.state);
  assert.equal(s.depth, 50);
  assert.equal(s.activation, 'sigmoid');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: s steps, r resets; exploding preset pauses and explains', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.keyboard.press('s');
  await page.waitForFunction(() => document.querySelector('[data-role="headline"]')?.dataset.step === '1');
  await page.keyboard.press('s');
  await page.waitForFunction(() => document.querySelector('[data-role="headline"]')?.dataset.step === '2');
  await choosePreset(page, 'exploding');
  await page.evaluate(() => window.gradscope.play());
  const msg = page.locator('.gs-msg.gs-error', { hasText: 'diverged' });
  await msg.first().waitFor({ timeout: 20000 });
  const text = await msg.first().textContent();
  console.log(`# exploding: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
  assert.match(text, /Training paused: it diverged at step \d+/);
  assert.match(text, /Try/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('while the 50-layer sigmoid trains, the page keeps drawing, reports its rates, and stops on pause', async () => {
  // Conditions, not speeds: frame rate and steps/s are npm run bench's (bench/page.mjs).
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await choosePreset(page, 'sigmoid-50');
  const step = () => page.$eval('[data-role="headline"]', (el) => Number(el.dataset.step ?? 0));
  const s0 = await step();
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__ticks = 0;
    const tick = () => { w.__ticks++; if (w.__ticks < 1e6) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    w.gradscope.play();
  });
  // the main thread keeps drawing while the worker trains: 30 animation frames, 100 steps,
  // and the page's own readouts of both rates
  await page.waitForFunction((s0) => {
    const root = document.querySelector('.gs-root');
    const el = document.querySelector('[data-role="headline"]');
    return window.__ticks >= 30 && Number(el?.dataset.step ?? 0) >= s0 + 100 &&
      Number(root?.dataset.fps) > 0 && Number(root?.dataset.stepsPerSecond) > 0;
  }, s0, { timeout: 60000, polling: 100 });
  const rates = await page.$eval('.gs-root', (e) => ({ fps: Number(e.dataset.fps), sps: Number(e.dataset.stepsPerSecond) }));
  console.log(`# while training 50x16 sigmoid (this run, not a target): ${rates.fps.toFixed(1)} fps, ${Math.round(rates.sps)} steps/s`);
  await page.evaluate(() => window.gradscope.pause());
  // paused: the step stops changing (the last frame in flight may still land)
  let paused = await step();
  for (let stable = 0, t0 = Date.now(); stable < 5; ) {
    assert.ok(Date.now() - t0 < 30000, `still training 30 s after pause (step ${paused})`);
    await page.waitForTimeout(100);
    const now = await step();
    stable = now === paused ? stable + 1 : 0;
    paused = now;
  }
  assert.ok(paused >= s0 + 100);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [name, o] of [['dark', { colorScheme: 'dark' }], ['375px', { width: 375, height: 812 }]]) {
  test(`screenshots: ${name}`, async () => {
    const { page, context, errors } = await openPage(browser, server.url, o);
    await ready(page);
    await page.keyboard.press('s');
    await trainUntil(page, 150);
    await drawAll(page);
    await page.screenshot({ path: `${RESULTS}page-${name}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a gradscope-network/1 file imports with its weights; a wrong file is refused', async () => {
  const { readFile } = await import('node:fs/promises');
  const { loadGradscope } = await import('../../web/engine/gradscope.js');
  const g = await loadGradscope({ wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)) });
  const net = { format: 'gradscope-network/1', inputs: 2, layers: [{ units: 5, activation: 'tanh' }, { units: 4, activation: { name: 'elu', alpha: 0.5 } }, { units: 1 }], loss: 'bce_logits', init: { weights: 'he_normal', seed: 3 } };
  const session = new g.Session(net, { data: { name: 'moons' } });
  session.step(5);
  const exported = session.exportNetwork();
  session.dispose();
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.setInputFiles('input[accept^=".json"]', { name: 'net.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.waitForFunction(() => window.gradscope.state.depth === 2, null, { timeout: 10000 });
  const s = await page.evaluate(() => window.gradscope.state);
  assert.deepEqual(s.activations, ['tanh', 'elu']);
  assert.deepEqual(s.widths, [5, 4]);
  assert.equal(s.eluAlpha, 0.5);
  await page.setInputFiles('input[accept^=".json"]', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something-else"}') });
  await page.locator('.gs-msg.gs-error', { hasText: 'gradscope-network/1' }).first().waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => window.gradscope.state.depth), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second playground lives in a shadow root, independent of the first', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.id = 'embed';
    document.body.append(div);
    const shadow = div.attachShadow({ mode: 'open' });
    window.second = window.createGradscope(shadow, { preset: 'relu-50' });
  });
  await page.waitForFunction(() => document.querySelector('#embed').shadowRoot.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
  // a fixed number of steps (deterministic figures), not free running read at a random step
  await page.evaluate(() => window.second.step(200));
  await page.waitForFunction(() => Number(document.querySelector('#embed').shadowRoot.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= 200, null, { timeout: 30000 });
  const inner = await page.evaluate(() => ({
    preset: window.second.state.preset,
    ratio: Number(document.querySelector('#embed').shadowRoot.querySelector('[data-role="headline"]').dataset.ratio),
    styled: getComputedStyle(document.querySelector('#embed').shadowRoot.querySelector('.gs-card')).borderTopStyle,
  }));
  assert.equal(inner.preset, 'relu-50');
  assert.ok(inner.ratio > 1e-2, `embedded relu ratio ${inner.ratio}`);
  assert.equal(inner.styled, 'solid');
  assert.equal(await page.evaluate(() => window.gradscope.state.preset), 'sigmoid-50');
  await page.evaluate(() => { window.second.destroy(); });
  assert.equal(await page.evaluate(() => document.querySelector('#embed').shadowRoot.childElementCount), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the diagram shows gradients per edge: a 6-layer sigmoid network fades towards the input', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=&d=6&w=8&a=sigmoid&eg=gradients`);
  await ready(page);
  await page.evaluate(() => window.gradscope.step(20));
  const sel = '[data-role="diagram"]';
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.edges === 'gradients', sel, { timeout: 20000 });
  const grad = (await page.$eval(sel, (e) => e.dataset.layerMax)).split(',').map(Number);
  console.log(`# largest |dL/dw| per layer (input side first): ${grad.map((g) => g.toExponential(1)).join(' ')}`);
  assert.equal(grad.length, 7);
  assert.ok(grad.every((g) => g > 0 && Number.isFinite(g)), `${grad}`);
  assert.ok(grad[0] < grad[5] / 10, `layer 1 ${grad[0]} vs layer 6 ${grad[5]}`);
  // back to weights: the same diagram, per-layer scale
  await page.selectOption('select[name="edgesView"]', 'weights');
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.edges === 'weights', sel, { timeout: 20000 });
  assert.doesNotMatch(await page.evaluate(() => location.hash), /eg=/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each card\'s PNG button downloads its charts as one PNG image (loss, gradients, health, slopes); without a chart it is disabled and says why', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.evaluate(() => /** @type {any} */ (window).gradscope.step(20));
  await trainUntil(page, 20);
  for (const view of ['loss', 'gradients', 'health']) {
    const cardEl = page.locator(`[data-view="${view}"]`);
    await cardEl.scrollIntoViewIfNeeded();
    await page.waitForFunction((v) => [...document.querySelectorAll(`[data-view="${v}"] canvas`)].some((c) => c.width > 1 && c.height > 1), view);
    const [d] = await Promise.all([page.waitForEvent('download'), cardEl.getByRole('button', { name: 'PNG', exact: true }).click()]);
    assert.equal(d.suggestedFilename(), `gradscope-${view}.png`);
    const path = await d.path();
    const bytes = await readFile(path);
    assert.ok(bytes.length > 1000, `${view}: ${bytes.length} bytes`);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${view}: a PNG file`);
  }
  // the slopes card has a chart only with a PReLU or RReLU layer: without one its button is
  // disabled and says why; with the leaky-family preset it downloads the chart
  const slopesPng = page.locator('[data-view="slopes"]').getByRole('button', { name: 'PNG', exact: true });
  assert.equal(await slopesPng.isDisabled(), true, 'slopes PNG without PReLU/RReLU layers');
  assert.match(String(await slopesPng.getAttribute('title')), /no PReLU or RReLU layer/);
  await page.click('[data-preset="leaky-family"]');
  await page.waitForFunction(() => /** @type {any} */ (window).gradscope.state.preset === 'leaky-family');
  await page.evaluate(() => /** @type {any} */ (window).gradscope.settled());
  await page.evaluate(() => /** @type {any} */ (window).gradscope.step(5));
  await page.locator('[data-view="slopes"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-view="slopes"] canvas')].some((c) => c.width > 1 && c.height > 1));
  assert.equal(await slopesPng.isDisabled(), false, 'slopes PNG with PReLU/RReLU layers');
  const [d] = await Promise.all([page.waitForEvent('download'), slopesPng.click()]);
  assert.equal(d.suggestedFilename(), 'gradscope-slopes.png');
  assert.deepEqual([...(await readFile(await d.path())).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'slopes: a PNG file');
  assert.deepEqual(errors, []);
  await context.close();
});

test('pause() resolves with the step it stopped at on screen: nothing moves afterwards', async () => {
  // sigmoid-50: steps slow enough that a slice is still running when pause() is asked
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=sigmoid-50`);
  await ready(page);
  for (let round = 0; round < 6; ++round) {
    await page.evaluate(() => /** @type {any} */ (window).gradscope.play());
    await page.waitForFunction((n) => Number(document.querySelector('[data-role="headline"]')?.dataset.step) >= n, 40 * (round + 1), { timeout: 60000 });
    await page.evaluate(() => /** @type {any} */ (window).gradscope.pause());
    const at = await page.evaluate(() => ({ shown: Number(document.querySelector('[data-role="headline"]')?.dataset.step), figures: /** @type {any} */ (window).gradscope.figures().step }));
    assert.equal(at.shown, at.figures, `round ${round}: the headline shows the figures' step when pause() resolves`);
    await page.waitForTimeout(1500);
    const later = await page.evaluate(() => ({ shown: Number(document.querySelector('[data-role="headline"]')?.dataset.step), figures: /** @type {any} */ (window).gradscope.figures().step }));
    assert.deepEqual(later, at, `round ${round}: the step moved after pause() resolved`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
