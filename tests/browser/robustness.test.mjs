// The playground under pressure: settings edited in quick succession (each edit composes
// on the latest requested state, none is lost), and a worker that dies or stops answering
// (the page says so and restarts it with the same settings, without a reload).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/** Sets form controls of the playground and fires their change events, all in one task (no waiting in between). */
async function quickEdits(page, edits) {
  await page.evaluate((edits) => {
    for (const [name, value] of edits) {
      const el = document.querySelector(`.gs-root [name="${name}"]`);
      if (!el) throw new Error(`no control named ${name}`);
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, edits);
}

const step = (page) => page.$eval('[data-role="headline"]', (el) => Number(el.dataset.step ?? 0));

test('two quick settings edits (depth, then activation) both take effect', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=sigmoid-50`);
  await ready(page);
  await quickEdits(page, [['depth', '7'], ['activation', 'tanh']]);
  await page.waitForFunction(() => window.gradscope.state.depth === 7 && window.gradscope.state.activation === 'tanh', null, { timeout: 20000 });
  await page.evaluate(() => window.gradscope.settled());
  const s = await page.evaluate(() => window.gradscope.state);
  assert.equal(s.depth, 7, 'the depth edit was kept');
  assert.equal(s.activation, 'tanh', 'the activation edit was kept');
  // the engine opened that network: 7 layers, all tanh, and the link says so
  const layers = await page.$$eval('select[aria-label="Layer to inspect"] option', (os) => os.map((o) => o.textContent));
  assert.equal(layers.length, 7);
  assert.ok(layers.every((t) => /tanh/i.test(t)), layers.join(' | '));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /(^#|&)d=7(&|$)/);
  assert.match(hash, /(^#|&)a=tanh(&|$)/);

  // three edits, one of them live (the learning rate), also compose
  await quickEdits(page, [['width', '9'], ['lr', '0.037'], ['activation', 'elu']]);
  await page.waitForFunction(() => { const s = window.gradscope.state; return s.width === 9 && s.activation === 'elu' && s.lr === 0.037; }, null, { timeout: 20000 });
  const s2 = await page.evaluate(() => window.gradscope.state);
  assert.equal(s2.depth, 7, 'the earlier depth edit is still there');
  // and it trains
  await page.evaluate(() => window.gradscope.step(5));
  assert.ok(await step(page) >= 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a killed worker: the page says so, restarts it with the same settings and trains on', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#v=1&ps=relu-50`);
  await ready(page);
  await quickEdits(page, [['depth', '12'], ['activation', 'tanh']]);
  await page.waitForFunction(() => window.gradscope.state.depth === 12 && window.gradscope.state.activation === 'tanh', null, { timeout: 20000 });
  await quickEdits(page, [['lr', '0.042']]);
  await page.waitForFunction(() => window.gradscope.state.lr === 0.042);
  await page.evaluate(() => window.gradscope.settled());
  await page.evaluate(() => window.gradscope.play());
  await page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= 20, null, { timeout: 30000, polling: 50 });
  const settingsBefore = await page.evaluate(() => window.gradscope.state);

  await page.evaluate(() => window.gradscope.debugKillWorker());
  const msg = page.locator('[data-role="worker-crash"]');
  await msg.waitFor({ timeout: 40000 });
  const text = await msg.textContent();
  console.log(`# crash message: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
  assert.match(text, /worker/i);
  assert.match(text, /stopped answering|stopped|failed/);
  await page.waitForFunction(() => document.querySelector('[data-role="worker-crash"]')?.dataset.restarted === 'true', null, { timeout: 30000 });
  assert.match(await msg.textContent(), /restarted with your settings: the run starts again from step 0/);
  assert.doesNotMatch(await msg.textContent(), /restart\(\)/, 'the page speaks of the page, not of the API');

  // training goes on (the step count rises again after the restart)
  const s0 = await step(page);
  await page.waitForFunction((s0) => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= s0 + 20, s0, { timeout: 30000, polling: 50 });
  const after = await page.evaluate(() => window.gradscope.state);
  assert.deepEqual(after, settingsBefore, 'the settings are kept');
  const layers = await page.$$eval('select[aria-label="Layer to inspect"] option', (os) => os.length);
  assert.equal(layers, 12);
  await page.evaluate(() => window.gradscope.pause());
  // the new worker answers requests
  const f = await page.evaluate(() => window.gradscope.step(3));
  assert.ok(f, 'step() answers after the restart');
  assert.deepEqual(errors.filter((e) => !/worker/i.test(e)), []);
  await context.close();
});

test('the divergence message\'s buttons look like the other buttons', async () => {
  const { page, context } = await openPage(browser, `${server.url}#v=1&ps=relu-50&lr=10`);
  await ready(page);
  await page.evaluate(() => window.gradscope.step(200).catch(() => {}));
  const msg = page.locator('.gs-msg[data-key="diverged"]');
  await msg.waitFor({ timeout: 30000 });
  const styles = await page.evaluate(() => {
    const pick = (el) => { const c = getComputedStyle(el); return { border: c.borderTopStyle, borderWidth: c.borderTopWidth, radius: c.borderTopLeftRadius, bg: c.backgroundColor, font: c.fontSize }; };
    const inMsg = [...document.querySelectorAll('.gs-msg[data-key="diverged"] > button.gs-mini')];
    const ref = document.querySelector('[data-view] header button.gs-mini');
    return { n: inMsg.length, msg: inMsg.map(pick), ref: pick(ref) };
  });
  assert.equal(styles.n, 3);
  for (const s of styles.msg) assert.deepEqual(s, styles.ref);
  assert.notEqual(styles.ref.border, 'none');
  await context.close();
});

test('the comparison summary table stays inside its card (scrolls or wraps)', async () => {
  /** Every summary table's card: its width and scroll width, the box's overflow. */
  const tables = (/** @type {import('playwright-core').Page} */ page) => page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += 500) { scrollTo(0, y); await new Promise((ok) => setTimeout(ok, 80)); }
    await new Promise((ok) => setTimeout(ok, 1500));
    const out = [];
    const walk = (root) => { for (const el of root.querySelectorAll('*')) { if (el.matches('[data-view="table"]')) out.push(el); if (el.shadowRoot) walk(el.shadowRoot); } };
    walk(document);
    return out.map((c) => { const box = c.querySelector('.gc-tablebox'); return { card: [c.clientWidth, c.scrollWidth], overflow: getComputedStyle(box).overflowX, text: c.querySelector('tbody')?.textContent.length }; });
  });
  // the comparison page at 1280 px, then the same page narrowed to 800 px; the article's embed
  for (const [url, widths] of /** @type {[string, number[]][]} */ ([['compare.html', [1280, 800]], ['demo.html', [1280]]])) {
    const { page, context } = await openPage(browser, `${server.url}${url}`, { width: widths[0] });
    await page.waitForTimeout(1500);
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      const r = await tables(page);
      assert.ok(r.length >= 1, `${url}: a summary table`);
      for (const c of r) {
        assert.ok(c.card[1] <= c.card[0] + 1, `${url} @${width}: the table overflows its card (${c.card})`);
        assert.equal(c.overflow, 'auto');
      }
    }
    await context.close();
  }
});
