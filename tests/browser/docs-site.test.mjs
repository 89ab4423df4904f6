// A page in a real documentation site: docs-site/ is a VitePress site whose lessons use
// <grad-scope> through the npm package (installed from its tarball with no network), built
// by `vitepress build` (scripts/build-docs-site.sh). In Chromium: the element trains; the
// reader navigates away and back with VitePress's client-side router (nav links and the
// browser's back button, no reload): the element's workers end when it leaves the page (no
// leaked workers), it trains again when it is back (no duplicate registration error), and
// the site logs no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { start, openPage, RESULTS } from './helpers.mjs';
import { ROOT } from './package-helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

/** @type {{ server: any, browser: import('playwright-core').Browser } | null} */
let env = null;

before(async () => {
  const out = execFileSync('bash', [join(ROOT, 'scripts/build-docs-site.sh')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dist = out.trim().split('\n').pop() ?? '';
  const server = await serve(dist, 0);
  const { server: unused, browser } = await start();
  await unused.close();
  env = { server, browser };
});

after(async () => {
  if (!env) return;
  await env.browser.close();
  await env.server.close();
});

/** @param {import('playwright-core').Page} page the step the lesson's element has reached */
const lessonStep = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector('grad-scope#lesson'))?.figures?.().step ?? -1);

test('docs site: <grad-scope> trains in a VitePress page and survives client-side navigation', async () => {
  assert.ok(env);
  const { page, context, errors, foreign } = await openPage(env.browser, `${env.server.url}vanishing.html`);
  try {
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('grad-scope#lesson'))?.figures?.().step > 0, null, { timeout: 60000 });
    const workers = page.workers().length;
    assert.ok(workers >= 1, 'the element trains in a worker');
    // The page keeps a reference to the old element (as a page script might), so that only
    // the element's own teardown, not garbage collection, can end its workers.
    await page.evaluate(() => { const w = /** @type {any} */ (window); w.__sameDocument = true; w.__oldElement = document.querySelector('grad-scope#lesson'); });

    // Away with a nav link: VitePress swaps the page; the element leaves and its worker ends.
    let createdAway = 0;
    const countAway = () => { createdAway += 1; };
    await page.click('.VPNavBar a[href="/reading.html"]');
    await page.waitForFunction(() => location.pathname === '/reading.html' && !document.querySelector('grad-scope'), null, { timeout: 30000 });
    page.on('worker', countAway);
    await page.waitForFunction(() => /** @type {any} */ (window).__oldElement.status === 'idle', null, { timeout: 30000 })
      .catch(async () => assert.fail(`the element that left the page did not tear down: status ${await page.evaluate(() => /** @type {any} */ (window).__oldElement.status)}, ${page.workers().length} worker(s)`));
    await waitFor(() => page.workers().length === 0, 'the element\'s workers end when it leaves the page');
    page.off('worker', countAway);
    assert.equal(createdAway, 0, 'no worker started while the lesson is off the page');

    // Back with the browser's back button: a new element trains again.
    await page.goBack();
    await page.waitForFunction(() => location.pathname === '/vanishing.html', null, { timeout: 30000 });
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('grad-scope#lesson'))?.figures?.().step > 0, null, { timeout: 60000 });
    assert.ok(page.workers().length <= workers, `no leaked workers: ${page.workers().length} now, ${workers} at first`);

    // Another lesson with its own element (not autoplay), then back with a nav link.
    await page.click('.VPNavBar a[href="/dying-relu.html"]');
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('grad-scope#dying'))?.status === 'ready', null, { timeout: 60000 });
    await page.click('.VPNavBar a[href="/vanishing.html"]');
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('grad-scope#lesson'))?.figures?.().step > 0, null, { timeout: 60000 });
    await waitFor(() => page.workers().length <= workers, 'the other lesson\'s worker ended too');
    assert.ok(await lessonStep(page) > 0);

    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__sameDocument), true, 'client-side navigation: the document was never reloaded');
    assert.equal(await page.evaluate(() => customElements.get('grad-scope') !== undefined), true);
    await page.screenshot({ path: `${RESULTS}docs-site.png` });
    assert.deepEqual(errors, [], 'no console errors (no duplicate registration of grad-scope)');
    assert.deepEqual(foreign, [], 'no requests to other hosts');
  } finally {
    await context.close();
  }
});

/**
 * Polls a condition of the test process (page.workers() is not visible to the page) until
 * it holds; fails with `what` after 30 s.
 * @param {() => boolean} cond @param {string} what
 */
async function waitFor(cond, what) {
  for (let i = 0; i < 300; ++i) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(what);
}
