// The remedies on the page (issue 9): the batch-norm and skip-connection switches, the two
// presets and their "then add" / "without" buttons, the link keys, the side-by-side
// comparison. Every figure is read from the page: the headline's data attributes, the
// remedy note, the layer figures, window.gradscope.figures().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, headline, RESULTS } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/**
 * Trains `steps` more steps through the page's API (queued after any pending re-open) and
 * waits until the headline shows the last one.
 */
async function train(page, steps) {
  const f = await page.evaluate((n) => window.gradscope.step(n), steps);
  await page.waitForFunction((n) => Number(document.querySelector('[data-role="headline"]')?.dataset.step) === n, f.step, { timeout: 30000 });
  return f;
}

/** Waits until the page has applied the state `check` looks for. */
async function opened(page, check) {
  await page.waitForFunction(check, null, { timeout: 30000 });
  await page.evaluate(() => window.gradscope.settled());
}

const note = (page) => page.$eval('[data-role="remedy-note"]', (e) => e.textContent);

test('50-layer sigmoid, then add batch norm: the gradient comes back; and without it again', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.click('[data-preset="sigmoid-50"]');
  await opened(page, () => window.gradscope.state.preset === 'sigmoid-50');
  await train(page, 100);
  const plain = await headline(page);
  assert.ok(plain.ratio < 1e-6, `without batch norm: ratio ${plain.ratio}`);

  await page.click('[data-action="preset-next"]');
  await opened(page, () => window.gradscope.state.preset === 'sigmoid-50-batchnorm');
  assert.equal(await page.evaluate(() => window.gradscope.state.batchnorm), 'all');
  assert.equal(await page.$eval('select[name="batchnormMode"]', (e) => e.value), 'all');
  assert.match(await note(page), /batch norm on all 50 layers/);
  await train(page, 300);
  const bn = await headline(page);
  console.log(`# sigmoid-50: ratio ${plain.ratio.toExponential(2)} at step ${plain.step}; with batch norm ${bn.ratio.toExponential(2)} at step ${bn.step}`);
  assert.ok(bn.ratio > 0.1, `with batch norm: ratio ${bn.ratio}`);
  assert.ok(bn.ratio / plain.ratio > 1e10, `rise ${bn.ratio / plain.ratio}`);
  assert.match(await page.$eval('[data-role="headline-sub"]', (e) => e.textContent), /batch norm on 50 layers/);
  // the layer view shows the spread before and after normalisation, and the learned scale
  const bnFig = await page.$eval('[data-role="bn-figures"]', (e) => e.textContent);
  assert.match(bnFig, /Wx \+ b mean .* spread .* → z mean .* spread .* learned γ/);
  await page.screenshot({ path: `${RESULTS}remedy-batchnorm.png`, fullPage: true });

  await page.click('[data-action="preset-variant"]');
  await opened(page, () => window.gradscope.state.batchnorm === '' && window.gradscope.state.preset === '');
  await train(page, 100);
  const again = await headline(page);
  assert.ok(again.ratio < 1e-6, `without batch norm again: ratio ${again.ratio}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the switches: every layer, chosen layers, a bad list is named with its allowed form; the link keeps them', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=sigmoid-50`);
  await ready(page);
  await page.selectOption('select[name="batchnormMode"]', 'all');
  await opened(page, () => window.gradscope.state.batchnorm === 'all');
  assert.match(await page.evaluate(() => location.hash), /bn=all/);
  await train(page, 50);
  const all = await headline(page);
  assert.ok(all.ratio > 0.1, `batch norm on every layer: ratio ${all.ratio}`);

  await page.selectOption('select[name="batchnormMode"]', 'some');
  await opened(page, () => window.gradscope.state.batchnorm === '1-25');
  await page.fill('input[name="batchnorm"]', '40-50, 1-10,5');
  await page.press('input[name="batchnorm"]', 'Enter');
  await opened(page, () => window.gradscope.state.batchnorm === '1-10,40-50');
  assert.match(await note(page), /batch norm on layers 1–10,40–50 \(21 of 50\)/);
  assert.match(await page.evaluate(() => location.hash), /bn=1-10,40-50/);
  const stats = await page.evaluate(() => window.gradscope.figures());
  assert.equal(stats.depth, 50);

  await page.fill('input[name="batchnorm"]', '0-3');
  await page.press('input[name="batchnorm"]', 'Enter');
  const msg = page.locator('.gs-field-error', { hasText: 'batch norm layers (bn)' });
  await msg.first().waitFor({ timeout: 5000 });
  assert.match(await msg.first().textContent(), /must be empty \(none\), all, or hidden layers and ranges such as 1-10,25 \(layers 1\.\.250\), got "0-3"/);
  assert.equal(await page.evaluate(() => window.gradscope.state.batchnorm), '1-10,40-50');

  await page.selectOption('select[name="batchnormMode"]', 'off');
  await opened(page, () => window.gradscope.state.batchnorm === '');
  assert.match(await note(page), /No remedy on/);
  // the panel's side-by-side comparison of the remedies on this network
  await page.click('[data-action="compare-remedies-panel"]');
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => {
    const d = document.querySelector('dialog[open]');
    return !!d && /batch norm \+ skips/.test(d.textContent ?? '') && /plain/.test(d.textContent ?? '');
  }, null, { timeout: 30000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link with remedies opens them; bad values are named and dropped', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&d=8&a=relu&i=he_uniform&bn=3,1-2&sk=all`);
  await ready(page);
  const s = await page.evaluate(() => window.gradscope.state);
  assert.equal(s.batchnorm, '1-3');
  assert.equal(s.residual, 'all');
  assert.match(await note(page), /batch norm on layers 1–3 \(3 of 8\); skips around layers 2–8 \(7 of 8\)\. No identity skip where the widths differ: layer 1 \(2 inputs → 16 units\)/);
  await context.close();

  const bad = await openPage(browser, `${server.url}#v=1&bn=all,x&sk=300`);
  await ready(bad.page);
  const text = await bad.page.locator('.gs-msg').allTextContents();
  const joined = text.join('\n');
  assert.match(joined, /batch norm layers \(bn\): must be .*got "all,x"; using none/);
  assert.match(joined, /skip connection layers \(sk\): must be .*got "300"; using none/);
  const s2 = await bad.page.evaluate(() => window.gradscope.state);
  assert.equal(s2.batchnorm, '');
  assert.equal(s2.residual, '');
  assert.deepEqual(errors.concat(bad.errors), []);
  await bad.context.close();
});

test('100-layer ReLU with skips trains; without them units die and layer 1 loses its gradient', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.click('[data-preset="relu-100-skips"]');
  await opened(page, () => window.gradscope.state.preset === 'relu-100-skips');
  assert.match(await note(page), /skips around layers 2–100 \(99 of 100\)\. No identity skip where the widths differ: layer 1 \(2 inputs → 16 units\)/);
  await train(page, 400);
  const skips = await headline(page);
  const fs = await page.evaluate(() => window.gradscope.figures());
  console.log(`# relu-100-skips at step ${skips.step}: ratio ${skips.ratio.toExponential(2)}, dead ${fs.deadUnits}, test accuracy ${fs.testAccuracy}`);
  assert.ok(skips.ratio > 0.1, `ratio ${skips.ratio}`);
  assert.equal(fs.deadUnits, 0);

  await page.click('[data-action="preset-variant"]');
  await opened(page, () => window.gradscope.state.residual === '' && window.gradscope.state.preset === '');
  await train(page, 250);
  await page.waitForFunction(() => window.gradscope.figures().deadUnits > 0, null, { timeout: 20000 });
  const plain = await headline(page);
  const fp = await page.evaluate(() => window.gradscope.figures());
  console.log(`# without skips at step ${plain.step}: ratio ${plain.ratio.toExponential(2)}, dead ${fp.deadUnits} of ${fp.units}`);
  assert.ok(plain.ratio < 1e-6, `ratio without skips ${plain.ratio}`);
  assert.ok(fp.deadUnits >= 600, `dead units without skips ${fp.deadUnits}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('exploding gradients, then clipping: the page shows the norm before and after clipping', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.click('[data-preset="exploding"]');
  await opened(page, () => window.gradscope.state.preset === 'exploding');
  await page.click('[data-action="preset-variant"]');
  await opened(page, () => window.gradscope.state.clip === 5);
  const f = await train(page, 1);
  console.log(`# exploding with clipping at 5, step 1: global norm ${f.gradNorm}, after clipping ${f.clippedNorm}`);
  assert.equal(f.clipped, true);
  assert.ok(f.gradNorm > 5, `norm before clipping ${f.gradNorm}`);
  assert.ok(Math.abs(f.clippedNorm - 5) < 1e-3, `norm after clipping ${f.clippedNorm}`);
  assert.match(await page.$eval('[data-role="headline-sub"]', (e) => e.textContent), /global gradient norm \S+ \(clipped to 5(\.0+)?\)/);
  const g = await train(page, 299);
  assert.equal(g.diverged, null);
  assert.ok(g.testAccuracy === null || g.testAccuracy > 0.5);
  // the chart of the global norm has a point per frame, before and after clipping
  await page.$eval('[data-role="headline"]', (e) => e.scrollIntoView());
  await page.waitForTimeout(300);
  const legend = await page.$$eval('.gs-uplot .u-legend .u-series', (els) => els.map((e) => e.textContent?.trim()));
  assert.ok(legend.some((t) => /before clipping/.test(t ?? '')) && legend.some((t) => /after clipping/.test(t ?? '')), `legend ${legend}`);
  await page.screenshot({ path: `${RESULTS}remedy-clipping.png` });
  assert.deepEqual(errors, []);
  await context.close();
});
