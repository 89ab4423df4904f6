// Web security of the built pages: user-provided text (the URL hash of every page, the
// <grad-scope> attributes, a CSV file's name and contents) reaches the page only as text,
// never as markup or script; and the pages work under a strict Content-Security-Policy
// (no inline scripts, no eval; WebAssembly and workers allowed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve } from '../../scripts/serve.mjs';
import { start, openPage, ready } from './helpers.mjs';

const PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  '"><script>window.__xss=1</script>',
  'javascript:window.__xss=1',
  '</style><img src=x onerror=window.__xss=1>',
];
const enc = encodeURIComponent;

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens a page and records dialogs (dismissed at once). */
async function open(url) {
  const o = await openPage(browser, 'about:blank');
  const dialogs = [];
  o.page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await o.page.goto(url);
  return { ...o, dialogs };
}

/** No payload ran anywhere on the page (any frame), no dialog, no element made from a payload. */
async function assertClean(page, dialogs, what) {
  await page.waitForTimeout(600);
  for (const f of page.frames()) {
    const r = await f.evaluate(() => {
      /** Every element in the document and in open shadow roots. */
      const all = [];
      const walk = (root) => { for (const el of root.querySelectorAll('*')) { all.push(el); if (el.shadowRoot) walk(el.shadowRoot); } };
      walk(document);
      return {
        xss: window.__xss,
        imgs: all.filter((e) => e.tagName === 'IMG').map((e) => e.getAttribute('src')),
        inline: all.filter((e) => e.tagName === 'SCRIPT' && !e.getAttribute('src')).map((e) => e.textContent),
        jsHrefs: all.filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? '') || /^\s*javascript:/i.test(e.getAttribute('src') ?? '')).length,
      };
    }).catch(() => null);
    if (!r) continue;
    assert.equal(r.xss, undefined, `${what}: a payload ran`);
    assert.deepEqual(r.imgs, [], `${what}: an <img> was made`);
    assert.deepEqual(r.inline, [], `${what}: an inline <script> was made`);
    assert.equal(r.jsHrefs, 0, `${what}: a javascript: link was made`);
  }
  assert.deepEqual(dialogs, [], `${what}: a dialog fired`);
}

/** The text of the page, shadow roots included. */
async function allText(page) {
  return page.evaluate(() => {
    let t = '';
    const walk = (root) => { for (const el of root.querySelectorAll('*')) { if (el.shadowRoot) { t += ` ${el.shadowRoot.textContent}`; walk(el.shadowRoot); } } };
    t += document.body.textContent;
    walk(document);
    return t;
  });
}

test('the playground link (index.html hash): payloads are shown as text, never run', async () => {
  // One load with a payload in each field; then every payload in every field through the
  // page's hashchange path (the same parser and messages, without a page load each).
  const hash = (/** @type {string[]} */ [a, ps, lr, key]) => `v=1&a=${enc(a)}&ps=${enc(ps)}&lr=${enc(lr)}&${enc(key)}=1`;
  const { page, context, dialogs } = await open(`${server.url}#${hash(PAYLOADS)}`);
  await ready(page);
  await assertClean(page, dialogs, 'hash on load');
  const messages = () => page.locator('.gs-messages').textContent();
  assert.match(await messages(), /activation \(a\)/);
  const shown = async (/** @type {string} */ p) => {
    const part = [p.slice(0, 20), JSON.stringify(p).slice(1, 20)];
    await page.waitForFunction((part) => part.some((x) => document.querySelector('.gs-messages')?.textContent.includes(x)), part, { timeout: 10000 }).catch(() => {});
    const text = await messages();
    assert.ok(part.some((x) => text.includes(x)), `the payload ${p} is shown as text: ${text.slice(0, 300)}`);
  };
  await shown(PAYLOADS[0]);
  for (const p of PAYLOADS) {
    await page.evaluate((h) => { location.hash = h; }, hash([p, p, p, p]));
    await shown(p);
    await assertClean(page, dialogs, `hash ${p}`);
    assert.match(await messages(), /activation \(a\)/);
    await page.evaluate((p) => { location.hash = `v=1&d=${encodeURIComponent(p)}`; }, p);
    await page.waitForTimeout(300);
    await assertClean(page, dialogs, `hashchange ${p}`);
  }
  // the page still works
  const after = (await page.evaluate(() => window.gradscope.step(2))).step;
  assert.ok(after >= 2, `the page trains on after the payloads: step ${after}`);
  await context.close();
});

test('<grad-scope> attributes: payloads are shown as text, never run', async () => {
  const { page, context, dialogs } = await open(`${server.url}demo.html`);
  await page.waitForFunction(() => !!customElements.get('grad-scope'));
  await page.evaluate((payloads) => {
    const attrs = ['preset', 'dataset', 'views', 'controls', 'height', 'compare', 'network', 'state', 'theme', 'speed'];
    for (const p of payloads) for (const a of attrs) {
      const el = document.createElement('grad-scope');
      el.setAttribute(a, p);
      el.setAttribute('data-test', a);
      document.body.prepend(el);
    }
  }, PAYLOADS);
  await page.waitForTimeout(1500);
  await assertClean(page, dialogs, 'attributes');
  const text = await allText(page);
  for (const p of PAYLOADS) assert.ok(text.includes(JSON.stringify(p.slice(0, 60)).slice(1, -1).slice(0, 15)) || text.includes(p.slice(0, 15)), `payload ${p} shown as text`);
  await context.close();
});

test('a CSV file whose name and contents carry payloads: shown as text, never run', async () => {
  const { page, context, dialogs } = await open(server.url);
  await ready(page);
  for (const p of PAYLOADS) {
    const name = `${p}.csv`;
    // a broken file: the message names it
    await page.setInputFiles('input[name="csv"]', { name, mimeType: 'text/csv', buffer: Buffer.from(`x1,x2,label\n1,${p},a\n3,4,b\n`) });
    await page.locator('.gs-msg.gs-error').filter({ hasText: p.slice(0, 12) }).first().waitFor({ timeout: 10000 });
    await assertClean(page, dialogs, `broken csv ${p}`);
    // a good file with payloads in the header and as class labels
    const rows = [`${p},b2,${p}`];
    for (let i = 0; i < 60; ++i) rows.push(`${(i % 7) / 7},${(i % 5) / 5},${i % 2 ? p : 'no'}`);
    await page.setInputFiles('input[name="csv"]', { name, mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    // (a payload with a lone double quote makes an unterminated quoted cell: then the file is refused, by name)
    const said = page.locator('.gs-msg[data-key="csv"]').filter({ hasText: name });
    await said.first().waitFor({ timeout: 10000 });
    await page.evaluate(() => window.gradscope.step(5));
    await assertClean(page, dialogs, `good csv ${p}`);
    const text = await said.first().textContent();
    assert.ok(text.includes(`Loaded ${name}`) || (p.includes('"') && text.includes(`${name}: not loaded`)), `the file name is shown as text: ${text}`);
  }
  await context.close();
});

test('the comparison page hash: payloads are shown as text, never run', async () => {
  // The first payload on load, then each through the page's hashchange path.
  const hash = (/** @type {string} */ p) => `v=1&vary=${enc(p)}&acts=${enc(p)}&a=${enc(p)}&ps=${enc(p)}&${enc(p)}=${enc(p)}`;
  const { page, context, dialogs } = await open(`${server.url}compare.html#${hash(PAYLOADS[0])}`);
  for (const [i, p] of PAYLOADS.entries()) {
    if (i > 0) await page.evaluate((h) => { location.hash = h; }, hash(p));
    const part = [p.slice(0, 12), JSON.stringify(p).slice(1, 13)];
    await page.waitForFunction((part) => part.some((x) => document.body.textContent.includes(x)), part, { timeout: 10000 }).catch(() => {});
    await page.waitForTimeout(1000);
    await assertClean(page, dialogs, `compare hash ${p}`);
    const text = await allText(page);
    assert.ok(part.some((x) => text.includes(x)), `compare: payload ${p} shown as text`);
  }
  await context.close();
});

test('the iframe (embed.html hash), alone and framed: payloads are shown as text, never run', async () => {
  const hash = (/** @type {string} */ p) => `v=1&ps=${enc(p)}&vw=${enc(p)}&ctl=${enc(p)}&net=${enc(p)}&origin=${enc(p)}`;
  const part = (/** @type {string} */ p) => [p.slice(0, 12), JSON.stringify(p).slice(1, 13)];
  // alone: one page, each payload's link loaded in turn (the frame reads its hash once, on load)
  const { page, context, dialogs } = await open('about:blank');
  for (const p of PAYLOADS) {
    await page.goto('about:blank');
    await page.goto(`${server.url}embed.html#${hash(p)}`);
    let text = '';
    for (let i = 0; i < 100 && !part(p).some((x) => text.includes(x)); ++i) { await page.waitForTimeout(100); text = await allText(page); }
    await assertClean(page, dialogs, `embed hash ${p}`);
    assert.ok(part(p).some((x) => text.includes(x)), `embed: payload ${p} shown as text`);
  }
  // framed by a host page (same origin), all four at once: no frame posts to a payload
  // origin or runs anything
  await page.goto(`${server.url}demo.html`);
  await page.evaluate((srcs) => {
    for (const src of srcs) { const f = document.createElement('iframe'); f.src = src; f.style.width = '800px'; f.style.height = '400px'; document.body.prepend(f); }
  }, PAYLOADS.map((p) => `embed.html#${hash(p)}`));
  /** The text of each embed frame, shadow roots included. */
  const frameTexts = () => Promise.all(page.frames().filter((f) => f.url().includes('embed.html')).map((f) => f.evaluate(() => {
    let t = document.body?.textContent ?? '';
    const walk = (root) => { for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { t += ` ${el.shadowRoot.textContent}`; walk(el.shadowRoot); } };
    walk(document);
    return t;
  }).catch(() => '')));
  const allShown = async () => {
    const texts = await frameTexts();
    return PAYLOADS.every((p) => texts.some((t) => part(p).some((x) => t.includes(x))));
  };
  for (let i = 0; i < 100 && !(await allShown()); ++i) await page.waitForTimeout(100);
  await page.waitForTimeout(1000);
  await assertClean(page, dialogs, 'framed embeds');
  const texts = await frameTexts();
  assert.equal(texts.length, PAYLOADS.length, 'every frame loaded');
  for (const p of PAYLOADS) assert.ok(texts.some((t) => part(p).some((x) => t.includes(x))), `framed embed: payload ${p} shown as text`);
  await context.close();
});

test('the iframe obeys only its host origin (postMessage origin check)', async () => {
  const { page, context } = await open(`${server.url}demo.html`);
  const frameUrl = `${server.url}embed.html#v=1&ps=sigmoid-50&ctl=play&origin=${enc('https://other.example')}`;
  await page.evaluate((src) => { const f = document.createElement('iframe'); f.src = src; f.id = 'f'; document.body.prepend(f); }, frameUrl);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await frame.waitForFunction(() => document.querySelector('grad-scope')?.shadowRoot?.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
  // the host's origin is not the one named in the hash: its commands are ignored
  await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ gradscope: 1, command: 'step', args: { n: 7 } }, '*'));
  await page.waitForTimeout(800);
  const steps = await frame.evaluate(() => document.querySelector('grad-scope').shadowRoot.querySelector('[data-role="headline"]')?.dataset.step ?? '0');
  assert.equal(Number(steps), 0, 'a command from another origin was obeyed');
  await context.close();
});

test('strict Content-Security-Policy: the pages load and train with no violation', async () => {
  // Emscripten's Embind glue builds functions from strings (new Function) unless the module
  // is linked with -sDYNAMIC_EXECUTION=0 (wasm/CMakeLists.txt); such a module cannot start
  // under a CSP without 'unsafe-eval'.
  const glue = await readFile(new URL('../../web/generated/gradscope.mjs', import.meta.url), 'utf8');
  assert.doesNotMatch(glue, /new Function\(/, 'web/generated/gradscope.mjs builds code from strings: link it with -sDYNAMIC_EXECUTION=0');
  const strict = await serve(new URL('../../dist/', import.meta.url).pathname, 0, { headers: { 'content-security-policy': CSP } });
  try {
    for (const path of ['', 'embed.html#v=1&ps=relu-50&ctl=play,step', 'compare.html', 'demo.html']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(() => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
      });
      const page = await context.newPage();
      const problems = [];
      page.on('console', (m) => { if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`worker: ${m.text()}`); }));
      await page.goto(`${strict.url}${path}`);
      if (path === '') {
        await ready(page);
        await page.evaluate(() => window.gradscope.play());
        await page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= 20, null, { timeout: 30000, polling: 50 });
        await page.evaluate(() => window.gradscope.pause());
        const msgs = await page.locator('.gs-messages').textContent();
        assert.doesNotMatch(msgs, /Content Security Policy|could not load/i, msgs);
      } else if (path.startsWith('embed')) {
        const el = page.locator('grad-scope');
        await page.waitForFunction(() => document.querySelector('grad-scope')?.shadowRoot?.querySelector('.gs-loading')?.hidden === true, null, { timeout: 30000 });
        await el.evaluate((g) => g.step(25));
        const n = await page.evaluate(() => Number(document.querySelector('grad-scope').shadowRoot.querySelector('[data-role="headline"]')?.dataset.step ?? 0));
        assert.ok(n >= 25, `embed under CSP trained ${n} steps`);
      } else if (path === 'compare.html') {  // the comparison's workers have started and timed their networks
        await page.waitForFunction(() => ['ready', 'running', 'finished'].includes(document.querySelector('.gc-main .gc-root')?.dataset.state ?? ''), null, { timeout: 60000 });
      } else {  // the article's embeds in view have opened their networks (the others start when scrolled to)
        await page.waitForFunction(() => [...document.querySelectorAll('grad-scope')].some((e) => e.shadowRoot?.querySelector('.gs-loading')?.hidden === true), null, { timeout: 60000 });
      }
      const violations = await page.evaluate(() => window.__csp);
      assert.deepEqual(violations, [], `${path || 'index.html'}: CSP violations`);
      assert.deepEqual(problems, [], `${path || 'index.html'}: console errors`);
      await context.close();
    }
  } finally {
    await strict.close();
  }
});
