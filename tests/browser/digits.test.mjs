// The 8x8 digits are not inside the .wasm (issue 15): the page loads without them and the
// engine worker fetches web/generated/digits.txt the first time a network asks for them.
// Checked on the built page: no digits request before, exactly one once a digits network
// opens, and that network trains (the headline's step count moves, no page errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready } from './helpers.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

test('the digits are fetched only when a network asks for them, once, and then train', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  /** @type {string[]} */
  const fetched = [];
  context.on('request', (r) => { if (/digits[^/]*\.txt/.test(r.url())) fetched.push(r.url()); });
  await ready(page);
  assert.deepEqual(fetched, [], 'a page on circles does not load the digits');
  await page.goto(`${server.url}#v=1&data=digits&d=2&w=16&a=relu`);
  await ready(page);
  await page.waitForFunction(() => window.gradscope.state.data === 'digits', null, { timeout: 30000 });
  await page.evaluate(() => window.gradscope.play());
  await page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= 20,
    null, { timeout: 60000, polling: 100 });
  await page.evaluate(() => window.gradscope.pause());
  assert.equal(fetched.length, 1, `the digits file was requested once: ${fetched.join(', ')}`);
  assert.deepEqual(errors, []);
  await context.close();
});
