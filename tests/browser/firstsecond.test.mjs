// The lesson from the first second (issue 13), end to end on the built page: the network
// at initialisation before Play (step-0 gradients in the views and in figures() at ready),
// presets that stop at the step their claim is about and offer to go on, "Look at" links
// that bring the view into sight, preset comparisons in a dialog that keeps the preset,
// and the guided tour (by link, by keyboard, words from the measured numbers).
// Every wait is for a condition; nothing here is timed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/** Waits until the page has its step-0 figures for `preset` (the ready event has fired). */
async function atStepZero(page, preset) {
  await page.waitForFunction((id) => {
    const f = window.gradscope.figures();
    return f.ready && f.preset === id && f.step === 0 && f.gradientRatio !== null;
  }, preset, { timeout: 30000 });
  return page.evaluate(() => window.gradscope.figures());
}

test('before Play, the views show the network at initialisation; figures() at ready has step-0 gradients', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  const f = await atStepZero(page, 'sigmoid-50');
  assert.equal(f.gradientNorms.length, 51);
  assert.ok(f.gradientNorms.every((v) => typeof v === 'number' && v > 0), `norms ${f.gradientNorms}`);
  assert.ok(f.gradientRatio < 1e-20, `sigmoid-50 ratio at step 0: ${f.gradientRatio}`);
  const head = await page.$eval('[data-role="headline"]', (el) => ({ text: el.textContent, step: el.dataset.step, ratio: Number(el.dataset.ratio) }));
  console.log(`# sigmoid-50 at step 0: ${head.text} (ratio ${f.gradientRatio.toExponential(2)})`);
  assert.equal(head.step, '0');
  assert.equal(head.ratio, f.gradientRatio);
  assert.match(head.text, /Layer 1 receives .* of the gradient that layer 50 receives/);
  assert.match(await page.$eval('[data-role="initial-note"]', (el) => el.textContent), /^Step 0: the network as initialised.* 32 training rows/);
  // the probe's views at step 0 too
  assert.match(await page.$eval('[data-view="health"] .gs-figures', (el) => el.textContent), /at step 0/);

  // batch norm at step 0 is measured as training sees it (batch statistics), not eval mode
  await page.click('[data-preset="sigmoid-50-batchnorm"]');
  const bn = await atStepZero(page, 'sigmoid-50-batchnorm');
  console.log(`# sigmoid-50-batchnorm at step 0: ratio ${bn.gradientRatio.toExponential(2)}`);
  assert.ok(bn.gradientRatio > 0.1 && bn.gradientRatio < 1000, `batch-norm ratio at step 0: ${bn.gradientRatio}`);

  // an embedded playground's ready event carries the step-0 figures
  const detail = await page.evaluate(() => new Promise((resolve) => {
    const div = document.createElement('div');
    document.body.append(div);
    window.createGradscope(div, { preset: 'relu-50', controls: { shown: ['play'], locked: [] }, onEvent: (type, d) => { if (type === 'ready') resolve(d); } });
  }));
  console.log(`# relu-50 embedded, ready: step ${detail.step}, ratio ${detail.gradientRatio}`);
  assert.equal(detail.step, 0);
  assert.ok(detail.gradientRatio > 1e-2 && detail.gradientRatio < 100, `relu-50 ratio at ready: ${detail.gradientRatio}`);
  assert.equal(detail.gradientNorms.length, 51);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a preset stops at the step its claim is about, marked on the charts, and offers to go on', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=dying-relu`);
  await ready(page);
  await atStepZero(page, 'dying-relu');
  assert.equal(await page.$eval('[data-role="pace"]', (el) => el.dataset.phase), 'pending');
  assert.ok(await page.locator('[data-view="loss"] [data-marker="100"]').count() === 1, 'the loss chart marks step 100');
  await page.click('.gs-transport .gs-primary');  // Play, as a reader does
  await page.waitForFunction(() => document.querySelector('[data-role="pace"]')?.dataset.phase === 'stopped', null, { timeout: 30000 });
  const f = await page.evaluate(() => window.gradscope.figures());
  const text = await page.$eval('[data-role="pace"]', (el) => el.textContent);
  console.log(`# dying-relu: ${text}`);
  assert.equal(f.step, 100);
  assert.equal(f.running, false);
  // the claim: "within 100 steps about half of the 96 units ... dead"
  assert.ok(f.deadUnits >= 36 && f.deadUnits <= 60, `dead units at step 100: ${f.deadUnits}`);
  assert.match(text, new RegExp(`Stopped at step 100, .* ${f.deadUnits} of 96 units dead`));
  await page.click('[data-action="pace-go-on"]');
  await page.waitForFunction(() => window.gradscope.figures().step > 100, null, { timeout: 30000 });
  assert.equal(await page.$eval('[data-role="pace"]', (el) => el.dataset.phase), 'done');
  await page.evaluate(() => window.gradscope.pause());
  await page.keyboard.press('r');  // reset: the stop applies again
  await page.waitForFunction(() => window.gradscope.figures().step === 0 && document.querySelector('[data-role="pace"]')?.dataset.phase === 'pending', null, { timeout: 30000 });
  // stopped again, then trained on without "Go on" (Step): "Measured now" would no longer be true
  await page.click('.gs-transport .gs-primary');
  await page.waitForFunction(() => document.querySelector('[data-role="pace"]')?.dataset.phase === 'stopped', null, { timeout: 30000 });
  assert.equal((await page.evaluate(() => window.gradscope.step(3))).step, 103);
  await page.waitForFunction(() => document.querySelector('[data-role="pace"]')?.dataset.phase === 'done', null, { timeout: 10000 });
  assert.doesNotMatch(await page.$eval('[data-role="pace"]', (el) => el.textContent), /Measured now/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Look at" links bring the view (and layer) into sight; a preset comparison opens beside the preset', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=saturated-sigmoid&ly=3`);
  await ready(page);
  await atStepZero(page, 'saturated-sigmoid');
  await page.click('.gs-claim [data-look="layer"]');
  await page.waitForFunction(() => {
    const card = document.querySelector('[data-view="layer"]');
    const r = card.querySelector('h2').getBoundingClientRect();
    // its title in sight, not under the sticky header
    const seen = card.contains(document.elementFromPoint(r.left + 5, r.top + r.height / 2));
    return window.gradscope.state.layer === 0 && card.classList.contains('gs-lookat') && document.activeElement === card && seen && r.top < innerHeight / 2;
  }, null, { timeout: 10000 });
  // keyboard: the second link, with Enter
  await page.focus('.gs-claim [data-look="health"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement === document.querySelector('[data-view="health"]') && !document.querySelector('[data-view="layer"]').classList.contains('gs-lookat'), null, { timeout: 10000 });

  await page.click('[data-action="preset-compare"]');
  const dialog = page.locator('dialog.gc-dialog');
  await dialog.waitFor({ timeout: 20000 });
  const labels = await dialog.locator('.gc-key li span').allTextContents();
  console.log(`# saturated-sigmoid compared: ${labels.join(' | ')}`);
  assert.deepEqual(labels, ['normal, std 8', 'Xavier uniform, default gain']);
  await page.waitForFunction(() => Number(document.querySelector('dialog.gc-dialog [data-role="step"]')?.textContent.replace(/,/g, '') ?? 0) > 0, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.gradscope.state.preset), 'saturated-sigmoid');
  await dialog.locator('button', { hasText: 'Close' }).click();
  await page.waitForFunction(() => !document.querySelector('dialog.gc-dialog'));
  assert.ok(await page.locator('.gs-claim').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the guided tour: by link and by keyboard, in the lesson\'s order, words from the measured numbers', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=sigmoid-50&tour=1`);
  await ready(page);
  const f = await atStepZero(page, 'sigmoid-50');
  const tour = page.locator('[data-role="tour"]');
  await tour.waitFor({ state: 'visible' });
  assert.equal(await tour.getAttribute('data-tour-stop'), 'sigmoid');
  const decades = Math.round(-Math.log10(f.gradientRatio));
  await page.waitForFunction((d) => document.querySelector('[data-role="tour-reading"]')?.textContent.includes(`of the gradient that layer 50 receives at step 0: ${d} decades lost over 49 layers`), decades, { timeout: 10000 });
  // Next, with the keyboard: the next stop's preset opens and its title takes the focus
  await page.focus('[data-action="tour-next"]');
  await page.keyboard.press('Enter');
  await atStepZero(page, 'saturated-sigmoid');
  await page.waitForFunction(() => document.activeElement?.classList.contains('gs-tour-title') && location.hash.includes('tour=2'), null, { timeout: 10000 });
  assert.equal(await tour.getAttribute('data-tour-stop'), 'saturation');
  const reading = await page.$eval('[data-role="tour-reading"]', (el) => el.textContent);
  console.log(`# tour stop 2: ${reading}`);
  assert.match(reading, /\d+(\.\d)?% of the outputs of the 80 hidden units sit where \|f′\| < 0\.001 at step 0/);
  // the words follow the network on screen, not a script
  await page.evaluate(() => window.gradscope.setState({ ...window.gradscope.state, depth: 3, preset: '' }));
  await page.waitForFunction(() => /of the 48 hidden units/.test(document.querySelector('[data-role="tour-reading"]')?.textContent ?? '') && !document.querySelector('[data-role="tour-off"]').hidden, null, { timeout: 20000 });
  // Escape ends it; the chip opens it again
  await page.focus('[data-action="tour-back"]');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-role="tour"]').hidden && !location.hash.includes('tour='), null, { timeout: 10000 });
  await page.click('[data-action="tour"]');
  await page.waitForFunction(() => !document.querySelector('[data-role="tour"]').hidden && window.gradscope.state.preset === 'sigmoid-50' && window.gradscope.state.tour === 1, null, { timeout: 20000 });
  assert.deepEqual(errors, []);
  await context.close();
});
