// Embedding (docs/embedding.md), end to end against the built dist/ served from a
// sub-path (/some/sub/path/) on one origin, with host pages on a second origin (another
// port) that load grad-scope.js from the first, as a blog would from its static host.
// Checks: the demo page's instances load lazily, train independently and share one
// compiled module; bad attributes stay inside their instance; the element's events; the
// iframe's postMessage events and commands with origin checks; shared links and embed
// snippets restore exactly the same state; no request leaves 127.0.0.1. Screenshots of
// the demo article (light and dark) go to test-results/.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { RESULTS } from './helpers.mjs';
import { fromAttributes, fromHash, toHash, stateHash, TABLE, ATTRIBUTES } from '../../web/state/embed-options.js';
import { elementSnippet, iframeSnippet, elementAttributes } from '../../web/state/embed-snippet.js';
import { SCHEMA } from '../../web/state/schema.js';
import { networkDoc, dataShape } from '../../web/state/network.js';
import { PRESETS, presetState } from '../../web/state/presets.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SUB = '/some/sub/path/';
let dist, host, hostDir, browser;

before(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'gradscope-host-'));
  dist = await serve(new URL('../../dist/', import.meta.url).pathname, 0, { prefix: SUB, cors: true });
  host = await serve(hostDir, 0);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});
/** Contexts still open when a test ends (it failed half-way) are closed before the next one. */
const open = new Set();
afterEach(async () => { for (const c of open) await c.close().catch(() => {}); open.clear(); });
after(async () => {
  await browser?.close();
  await dist?.close();
  await host?.close();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/**
 * A page that records console errors, page errors, requests that leave 127.0.0.1, and
 * every WebAssembly compile (to count them).
 * @param {{ colorScheme?: 'light' | 'dark', width?: number, height?: number }} [o]
 */
async function newPage(o = {}) {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 900 }, colorScheme: o.colorScheme ?? 'light', deviceScaleFactor: 1 });
  open.add(context);
  await context.addInitScript(() => {
    window.__compiles = 0;
    const wrap = (name) => { const f = WebAssembly[name]; WebAssembly[name] = function (...a) { window.__compiles++; return f.apply(this, a); }; };
    wrap('compileStreaming'); wrap('compile');
    window.__events = [];
    for (const type of ['ready', 'step', 'diverged', 'unit-died', 'finished', 'error']) {
      document.addEventListener(type, (e) => {
        if (e.target?.localName === 'grad-scope' && e instanceof CustomEvent) {
          window.__events.push({ type, id: e.target.id || e.target.dataset.demo || '', detail: JSON.parse(JSON.stringify(e.detail ?? null)), t: performance.now() });
        }
      }, true);
    }
  });
  const page = await context.newPage();
  const errors = [], foreign = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { const u = new URL(r.url()); if (!['blob:', 'data:'].includes(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(r.url()); });
  return { page, context, errors, foreign };
}

const events = (page, type, id) => page.evaluate(([type, id]) => window.__events.filter((e) => e.type === type && (id === undefined || e.id === id)), [type, id]);
const figs = (page, sel) => page.$eval(sel, (el) => el.figures());
const until = (page, fn, arg, timeout = 20000) => page.waitForFunction(fn, arg, { timeout, polling: 50 });

// ---------------------------------------------------------------- pure ----

test('options: attributes and hash are validated, named, and round-trip through snippets', () => {
  // hash keys of the embed options never collide with the state's keys
  const stateKeys = new Set(SCHEMA.map((f) => f.key));
  for (const r of TABLE) if (r.kind === 'option') assert.ok(!stateKeys.has(r.key), `hash key ${r.key} is a state key too`);
  assert.ok(ATTRIBUTES.includes('compare') && ATTRIBUTES.includes('network') && ATTRIBUTES.includes('state'));

  const attrs = (o) => (n) => (n in o ? o[n] : null);
  const bad = fromAttributes(attrs({ preset: 'sigmoid-5O', views: 'gradients,bogus', controls: 'play,jump', speed: 'fast', height: '10px', compare: 'relu', autoplay: 'yes', steps: '-3' }));
  const all = bad.errors.join('\n');
  assert.match(all, /^preset: got "sigmoid-5O"; allowed: one of sigmoid-50, relu-50, saturated-sigmoid/m);
  assert.match(all, /^views: "bogus" is not a view; allowed: a comma-separated list of gradients, loss, flow/m);
  assert.match(all, /^controls: "jump" is not a control; allowed: none, all, or a comma-separated list of play, step/m);
  assert.match(all, /^speed: got "fast"; allowed: an integer in 1\.\.10000/m);
  assert.match(all, /^height: got "10px"; allowed: a CSS length/m);
  assert.match(all, /^compare: got "relu"; allowed: 2 to 6 different activations/m);
  assert.match(all, /^autoplay: got "yes"; allowed: present with no value, true or false/m);
  assert.match(all, /^steps: got "-3"; allowed: an integer in 1\.\.1000000/m);
  assert.match(fromAttributes(attrs({ compare: 'sigmoid,relu', views: 'gradients' })).errors[0], /views: "gradients" is not a view of a comparison; allowed with compare: table, loss/);
  assert.deepEqual(fromAttributes(attrs({})).errors, []);
  // compare: activations, or remedies (not mixed)
  assert.deepEqual(fromAttributes(attrs({ compare: 'none,batchnorm' })).options.compare, ['none', 'batchnorm']);
  assert.match(fromAttributes(attrs({ compare: 'none,relu' })).errors[0], /^compare: "none" is not an activation \(remedies cannot be mixed with activations\); allowed: .*or remedies, from none, batchnorm, residual, both/);

  // every preset, with options, survives element attributes, the iframe hash and the link
  const opts = { views: ['gradients', 'health'], controls: { shown: ['play', 'step', 'activation', 'lr'], locked: ['lr'] }, autoplay: true, explain: false, steps: 300, height: '520px', compare: null, network: null };
  for (const p of PRESETS) {
    const s = { ...presetState(p), speed: 12, theme: 'dark' };
    const fromEl = fromAttributes(attrs(Object.fromEntries(elementAttributes(s, opts))));
    assert.deepEqual(fromEl.errors, [], p.id);
    assert.deepEqual(fromEl.state, s, p.id);
    assert.deepEqual(fromEl.options, opts, p.id);
    const fromFrame = fromHash(`#${toHash(s, opts, 'https://blog.example')}`);
    assert.deepEqual(fromFrame.errors, [], p.id);
    assert.deepEqual(fromFrame.state, s, p.id);
    assert.deepEqual(fromFrame.options, opts, p.id);
    assert.equal(fromFrame.origin, 'https://blog.example');
  }
  // a comparison set-up travels too (cx= in the hash, compare= on the element)
  const cmp = { ...opts, views: ['table', 'profile'], compare: ['sigmoid', 'relu', 'leaky_relu', 'elu'] };
  const s10 = presetState(PRESETS.find((p) => p.id === 'elu-bias-shift'));
  assert.match(toHash(s10, cmp), /&cx=sigmoid,relu,leaky_relu,elu/);
  assert.deepEqual(fromHash(`#${toHash(s10, cmp)}`).options, cmp);
  assert.deepEqual(fromAttributes(attrs(Object.fromEntries(elementAttributes(s10, cmp)))).options, cmp);
  // a changed state (not a preset's) travels as the `state` attribute; values are escaped
  const changed = { ...presetState(PRESETS[0]), activation: 'tanh', lr: 0.02, preset: '' };
  const snip = elementSnippet('https://h.example/g/grad-scope.js', changed, { ...opts, compare: null });
  assert.match(snip, /^<script type="module" src="https:\/\/h\.example\/g\/grad-scope\.js"><\/script>\n<grad-scope state="v=1&amp;ps=&amp;a=tanh&amp;lr=0\.02" views="gradients,health" controls="play,step,activation,lr:locked" autoplay steps="300" height="520px" style="display:block;min-height:520px"><\/grad-scope>$/);
  assert.match(iframeSnippet('https://h.example/g/embed.html', changed, opts), /src="https:\/\/h\.example\/g\/embed\.html#v=1&amp;ps=&amp;a=tanh&amp;lr=0\.02&amp;vw=gradients,health/);
  assert.deepEqual(fromAttributes(attrs({ state: stateHash(changed) })).state, changed);
  assert.deepEqual(fromHash(`#${toHash(changed, opts)}`).state, changed);
  assert.deepEqual(fromHash(`#${toHash(changed, opts)}`).errors, []);
  assert.equal(fromHash('#origin=javascript:alert(1)').errors[0].slice(0, 8), 'origin: ');
});

// ---------------------------------------------------------- the demo page ----

test('demo page: instances start in view, pause out of view, train independently, one compile', async () => {
  const { page, context, errors, foreign } = await newPage();
  const t0 = Date.now();
  await page.goto(`${dist.url}demo.html`);
  const sel = (d) => `grad-scope[data-demo="${d}"]`;
  const status = () => page.$$eval('grad-scope', (els) => els.map((e) => e.status));
  await until(page, () => document.querySelector('grad-scope')?.status === 'ready');
  const atLoad = await status();
  console.log(`# demo: statuses at load ${atLoad.join(', ')}`);
  assert.equal(atLoad[0], 'ready');
  assert.deepEqual(atLoad.slice(2), ['waiting', 'waiting', 'waiting'], 'far instances wait to be scrolled to');
  assert.equal((await figs(page, sel('sigmoid'))).running, false, 'not in view yet: autoplay waits');

  // scroll to each: it starts; the one left behind pauses
  await page.locator(sel('sigmoid')).scrollIntoViewIfNeeded();
  await until(page, (s) => document.querySelector(s).figures().step > 20, sel('sigmoid'));
  await page.locator(sel('relu')).scrollIntoViewIfNeeded();
  await until(page, (s) => document.querySelector(s).figures().step > 20, sel('relu'));
  await until(page, (s) => !document.querySelector(s).figures().running, sel('sigmoid'));
  await page.locator(sel('dying')).scrollIntoViewIfNeeded();
  await until(page, () => window.__events.some((e) => e.type === 'finished' && e.id === 'dying'), null, 30000);
  assert.equal((await figs(page, sel('dying'))).step, 400, 'steps="400" stops at exactly 400');
  assert.ok(!(await figs(page, sel('relu'))).running, 'scrolled away: paused');

  // all three at once (the API starts them wherever they are), then one paused alone
  await page.$eval(sel('sigmoid'), (e) => e.play());
  await page.$eval(sel('relu'), (e) => e.play());
  await page.$eval(sel('dying'), (e) => e.reset().then(() => e.play()));
  await page.waitForTimeout(800);
  const a = await page.$$eval('grad-scope', (els) => els.slice(0, 3).map((e) => e.figures()));
  assert.ok(a[0].running && a[1].running && (a[2].running || a[2].step === 400), `all three train: ${a.map((f) => `${f.running} at ${f.step}`)}`);
  await page.$eval(sel('relu'), (e) => e.pause());
  await page.waitForTimeout(300);  // the frame the worker sends as it pauses
  const b = await page.$$eval('grad-scope', (els) => els.slice(0, 3).map((e) => e.figures().step));
  await page.waitForTimeout(700);
  const c = await page.$$eval('grad-scope', (els) => els.slice(0, 3).map((e) => e.figures().step));
  console.log(`# demo: steps ${b.join('/')} -> ${c.join('/')} (relu paused)`);
  assert.ok(c[0] > b[0], 'sigmoid kept training');
  assert.equal(c[1], b[1], 'relu stayed paused');
  assert.ok(c[2] > 0 && c[2] <= 400, 'dying-relu trained again, up to its limit');
  const sig = await figs(page, sel('sigmoid')), relu = await figs(page, sel('relu'));
  console.log(`# demo: sigmoid ratio ${sig.gradientRatio} at ${sig.step}; relu ratio ${relu.gradientRatio} at ${relu.step}`);
  assert.ok(sig.gradientRatio < 1e-6 && relu.gradientRatio > 1e-3);
  // a hidden tab pauses the instance in view; back, it resumes
  await page.$eval(sel('relu'), (e) => e.play());
  await page.locator(sel('relu')).scrollIntoViewIfNeeded();
  const hide = (state) => page.evaluate((state) => { Object.defineProperty(document, 'visibilityState', { value: state, configurable: true }); document.dispatchEvent(new Event('visibilitychange')); }, state);
  await hide('hidden');
  await until(page, (s) => !document.querySelector(s).figures().running, sel('relu'));
  await hide('visible');
  await until(page, (s) => document.querySelector(s).figures().running, sel('relu'));
  await page.$eval(sel('relu'), (e) => e.pause());
  await page.$eval(sel('sigmoid'), (e) => e.pause());

  const compiles = await page.evaluate(() => window.__compiles);
  const ttff = await page.$$eval('grad-scope', (els) => els.slice(0, 3).map((e) => e.figures().timeToFirstFrameMs));
  console.log(`# demo: ${compiles} WebAssembly compile(s) for 3 instances; time to first frame ${ttff.join(', ')} ms; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.equal(compiles, 1);
  // the whole article, every figure drawn (the comparison too), for the eye: light, then
  // dark (the embeds follow the reader's colour scheme)
  // (the comparison first runs a few lock-step rounds, so that its table and curves say something)
  await page.$eval(sel('compare'), (e) => e.step(120));
  await scrollThrough(page, 600);
  const statuses = await status();
  assert.deepEqual(statuses, ['ready', 'ready', 'ready', 'ready', 'ready'], `statuses ${statuses}`);
  // the remedies: the same 50 sigmoid layers without and with batch norm (compare="none,batchnorm")
  await page.$eval(sel('remedies'), (e) => e.step(60));
  const rem = await figs(page, sel('remedies'));
  const [plain, bn] = rem.networks;
  console.log(`# demo: remedies at step ${rem.step}: ${plain.label} ratio ${plain.gradRatio}, ${bn.label} ratio ${bn.gradRatio}`);
  assert.equal(rem.vary, 'remedy');
  assert.deepEqual(rem.networks.map((n) => n.label), ['plain', 'batch norm']);
  assert.ok(plain.gradRatio < 1e-6 && bn.gradRatio > 1e-2, `ratios ${plain.gradRatio} ${bn.gradRatio}`);
  await page.screenshot({ path: `${RESULTS}demo-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await scrollThrough(page, 250);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 20, 23)');
  assert.equal(await page.$eval('grad-scope', (e) => getComputedStyle(e.shadowRoot.querySelector('.gs-root')).backgroundColor), 'rgb(15, 18, 22)');
  await page.screenshot({ path: `${RESULTS}demo-dark.png`, fullPage: true });
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Scrolls through the page so that every instance starts and draws, then back to the top. */
async function scrollThrough(page, ms) {
  for (const el of await page.$$('figure')) { await el.scrollIntoViewIfNeeded(); await page.waitForTimeout(ms); }
  await page.waitForFunction(() => [...document.querySelectorAll('grad-scope')].every((e) => e.status === 'ready'), null, { timeout: 20000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

// ------------------------------------------- another origin: element, events ----

test('on another origin: a bad attribute stays in its instance; events fire; styles do not leak', async () => {
  await writeFile(join(hostDir, 'events.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<style>* { color: rgb(255, 0, 0); font-family: monospace; } .gs-card, .gs-root { padding: 0 !important; border: 9px solid red; } body { margin: 0; }</style>
<script type="module" src="${dist.url}grad-scope.js"></script></head><body>
<div class="gs-card" id="outside">host text</div>
<grad-scope id="bad" views="gradients,bogus" speed="fast" preset="&lt;img src=x onerror=alert(1)&gt;"></grad-scope>
<grad-scope id="boom" preset="exploding" views="gradients" controls="none" autoplay height="300"></grad-scope>
<grad-scope id="dying" preset="dying-relu" views="health" controls="play,reset,activation:locked,share,embed" steps="200" autoplay height="340px"></grad-scope>
<grad-scope id="net" network="./net.json" views="gradients" controls="step" height="260"></grad-scope>
<grad-scope id="badnet" network='{"format":"gradscope-network/9"}'></grad-scope>
</body></html>`);
  const netState = { ...presetState(PRESETS.find((p) => p.id === 'relu-50')), depth: 7, width: 12 };
  await writeFile(join(hostDir, 'net.json'), JSON.stringify(networkDoc(netState, dataShape(netState, null))));
  const { page, context, errors, foreign } = await newPage({ height: 1400 });
  await page.goto(`${host.url}events.html`);
  const bad = page.locator('#bad .gse-error');
  await bad.waitFor();
  const text = await bad.textContent();
  console.log(`# bad attributes: ${text.replace(/\s+/g, ' ').slice(0, 300)}…`);
  assert.match(text, /views: "bogus" is not a view; allowed: a comma-separated list of gradients, loss/);
  assert.match(text, /speed: got "fast"; allowed: an integer in 1\.\.10000/);
  assert.match(text, /preset: got "<img src=x onerror=alert\(1\)>"; allowed: one of sigmoid-50/);
  assert.equal(await page.$eval('#bad', (e) => e.shadowRoot.querySelectorAll('img').length), 0, 'attribute values are text, never markup');
  assert.equal(await page.$eval('#bad', (e) => e.status), 'error');
  assert.equal((await events(page, 'error', 'bad')).length, 1);

  await until(page, () => window.__events.some((e) => e.type === 'diverged' && e.id === 'boom'));
  await until(page, () => window.__events.some((e) => e.type === 'finished' && e.id === 'dying'), null, 30000);
  const div = (await events(page, 'diverged', 'boom'))[0].detail;
  console.log(`# diverged: step ${div.step}, ${div.what}: ${div.message.slice(0, 80)}`);
  assert.ok(div.step <= 20);
  const fin = (await events(page, 'finished', 'dying'))[0].detail;
  assert.equal(fin.step, 200);
  const died = await events(page, 'unit-died', 'dying');
  assert.ok(died.length >= 1 && died[0].detail.units.length >= 1 && died[0].detail.units[0].layer >= 1);
  const steps = await events(page, 'step', 'dying');
  const span = (steps[steps.length - 1].t - steps[0].t) / 1000;
  console.log(`# events: ready ${(await events(page, 'ready')).length}, ${steps.length} step events over ${span.toFixed(1)} s, ${died.length} unit-died (first: ${died[0].detail.units.length} units), finished at ${fin.step}, ${fin.deadUnits} dead`);
  assert.equal((await events(page, 'ready')).length, 3);
  assert.ok(steps.length <= 4 * span + 3, 'step events are throttled');
  assert.ok((await figs(page, '#dying')).deadUnits > 0);

  // network: from a URL (then load() another); a bad one is named
  assert.match(await page.locator('#badnet .gse-error').textContent(), /network: format must be "gradscope-network\/1", got "gradscope-network\/9"/);
  assert.deepEqual(await page.$eval('#net', (e) => [e.state.depth, e.state.width, e.state.activation]), [7, 12, 'relu']);
  const loaded = await page.$eval('#net', async (e) => { const doc = await (await fetch('./net.json')).json(); doc.layers.splice(0, 3); await e.load(doc); await e.step(3); return [e.state.depth, e.figures().step]; });
  assert.deepEqual(loaded, [4, 3]);
  // locked: shown, disabled; hidden: absent
  assert.equal(await page.locator('#dying select[name="activation"]').isDisabled(), true);
  assert.equal(await page.locator('#dying [aria-keyshortcuts="s"]').count(), 0, 'step is not in controls');
  // nothing leaks in (inherited or matched) or out, and no ids reach the document
  const inside = await page.$eval('#dying', (e) => { const c = e.shadowRoot.querySelector('.gs-card'); const s = getComputedStyle(c); const h = getComputedStyle(c.querySelector('h2')); return { border: s.borderTopWidth, color: h.color, font: h.fontFamily }; });
  assert.notEqual(inside.border, '9px');
  assert.notEqual(inside.color, 'rgb(255, 0, 0)');
  assert.doesNotMatch(inside.font, /^monospace$/);
  assert.equal(await page.$eval('#outside', (e) => getComputedStyle(e).borderRadius), '0px', 'the embed sheet does not style the host page');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id).sort()), ['bad', 'badnet', 'boom', 'dying', 'net', 'outside']);
  await page.screenshot({ path: `${RESULTS}embed-events.png`, fullPage: true });

  // the element's share button: the link opens the full playground in exactly this state
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url.replace(/\/$/, '') });
  await page.locator('#dying [data-action="share"]').click();
  const link = await page.locator('#dying [data-role="share-link-0"]').inputValue();
  assert.ok(link.startsWith(`${dist.url}index.html#v=1`), link);
  const want = await page.$eval('#dying', (e) => e.state);
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true, null, { timeout: 20000 });
  assert.deepEqual(await other.evaluate(() => window.gradscope.state), want);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});

// ------------------------------------------------------------ iframe mode ----

test('iframe: events reach the origin it names, commands only from it; bad hash shows its error', async () => {
  const me = host.url.replace(/\/$/, '');
  const src = (hash) => `${dist.url}embed.html#${hash}`;
  await writeFile(join(hostDir, 'frames.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<iframe id="good" width="700" height="420" src="${src(`ps=dying-relu&vw=health&ctl=play,reset&st=150&ap=true&origin=${encodeURIComponent(me)}`)}"></iframe>
<iframe id="ref" width="700" height="300" src="${src('ps=relu-50&vw=gradients&ctl=none')}"></iframe>
<iframe id="wrong" width="700" height="300" src="${src('ps=sigmoid-50&vw=gradients&origin=http%3A%2F%2F127.0.0.1%3A9')}"></iframe>
<iframe id="broken" width="700" height="200" src="${src('ps=sigmoid-50&vw=gradients,bogus&d=0')}"></iframe>
<script>
  window.__msgs = [];
  addEventListener('message', (e) => {
    const f = [...document.querySelectorAll('iframe')].find((x) => x.contentWindow === e.source);
    if (e.data && e.data.gradscope === 1) window.__msgs.push({ from: f ? f.id : '?', origin: e.origin, type: e.data.type, id: e.data.id, detail: e.data.detail });
  });
</script></body></html>`);
  const { page, context, errors, foreign } = await newPage({ height: 1500 });
  await page.goto(`${host.url}frames.html`);
  const msgs = (from, type) => page.evaluate(([f, t]) => window.__msgs.filter((m) => m.from === f && m.type === t), [from, type]);
  await until(page, () => window.__msgs.some((m) => m.from === 'good' && m.type === 'finished'), null, 30000);
  for (const type of ['ready', 'step', 'unit-died', 'finished']) assert.ok((await msgs('good', type)).length >= 1, `good: ${type}`);
  assert.equal((await msgs('good', 'finished'))[0].detail.step, 150);
  assert.equal((await msgs('good', 'finished'))[0].origin, new URL(dist.url).origin);
  await until(page, () => window.__msgs.some((m) => m.from === 'ref' && m.type === 'ready'));  // no origin: document.referrer's
  assert.ok((await msgs('good', 'resize')).length >= 1);

  // commands: answered from the named origin; the frame that names another ignores us
  await page.evaluate(() => document.getElementById('good').contentWindow.postMessage({ gradscope: 1, command: 'step', args: { n: 5 }, id: 41 }, '*'));
  await until(page, () => window.__msgs.some((m) => m.type === 'reply' && m.id === 41));
  const reply = (await msgs('good', 'reply')).find((m) => m.id === 41).detail;
  assert.equal(reply.ok, true);
  assert.equal(reply.result.step, 155);
  const wrong = await (await page.$('#wrong')).contentFrame();
  await wrong.waitForFunction(() => document.querySelector('grad-scope')?.status === 'ready', null, { timeout: 20000 });
  await page.evaluate(() => document.getElementById('wrong').contentWindow.postMessage({ gradscope: 1, command: 'step', args: { n: 7 }, id: 42 }, '*'));
  await page.waitForTimeout(600);
  assert.equal(await wrong.evaluate(() => document.querySelector('grad-scope').figures().step), 0, 'a command from another origin is ignored');
  assert.equal((await page.evaluate(() => window.__msgs.filter((m) => m.from === 'wrong'))).length, 0, 'no events to an origin it does not name');

  const broken = await (await page.$('#broken')).contentFrame();
  const text = await broken.locator('.gs-frame-errors [role="alert"]').textContent();
  assert.match(text, /vw \(views\): "bogus" is not a view/);
  assert.match(text, /hidden layers \(d\): must be an integer in 1\.\.250, got "0"/);
  assert.equal((await msgs('broken', 'error')).length, 1);
  await page.screenshot({ path: `${RESULTS}embed-iframes.png`, fullPage: true });
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});

// ------------------------------------------------------- share and embed ----

test('the page\'s share link and embed snippets restore exactly the same state', async () => {
  const { page, context, errors, foreign } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(dist.url).origin });
  await page.goto(`${dist.url}index.html`);
  const ready = (p) => p.waitForFunction(() => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true, null, { timeout: 20000 });
  await ready(page);
  const settled = () => page.evaluate(() => window.gradscope.settled());
  await page.selectOption('select[name="activation"]', 'tanh');
  await settled();
  await page.fill('input[name="depth"]', '12');
  await page.press('input[name="depth"]', 'Enter');
  await settled();
  await page.selectOption('select[name="data"]', 'spiral');
  await settled();
  await page.fill('input[aria-label^="Learning rate"]', '0.02');
  await page.press('input[aria-label^="Learning rate"]', 'Enter');
  await settled();
  const want = await page.evaluate(() => window.gradscope.state);
  assert.equal(want.activation, 'tanh'); assert.equal(want.depth, 12); assert.equal(want.lr, 0.02);

  await page.click('[data-action="share"]');
  const link = await page.locator('[data-role="share-link-0"]').inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'share copies the link');
  await page.click('[data-action="embed"]');
  const element = await page.locator('[data-role="share-embed-0"]').inputValue();
  const iframe = await page.locator('[data-role="share-embed-1"]').inputValue();
  console.log(`# embed snippet: ${element.replace('\n', ' ')}`);
  await page.screenshot({ path: `${RESULTS}share-embed.png` });
  await page.close();
  /** A new page of this context, watched like the first. */
  const another = async () => {
    const p = await context.newPage();
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('request', (r) => { const u = new URL(r.url()); if (!['blob:', 'data:'].includes(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(r.url()); });
    return p;
  };
  // the link, opened anew
  const again = await another();
  await again.goto(link);
  await ready(again);
  assert.deepEqual(await again.evaluate(() => window.gradscope.state), want);
  await again.close();
  // the element snippet, pasted into a page on another origin
  await writeFile(join(hostDir, 'pasted.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>\n${element}\n</body></html>`);
  const pasted = await another();
  await pasted.goto(`${host.url}pasted.html`);
  await pasted.waitForFunction(() => document.querySelector('grad-scope')?.status === 'ready', null, { timeout: 20000 });
  assert.deepEqual(await pasted.$eval('grad-scope', (e) => e.state), want);
  await pasted.close();
  // the iframe snippet's page
  const frameSrc = /src="([^"]+)"/.exec(iframe)[1].replace(/&amp;/g, '&');
  const framed = await another();
  await framed.goto(frameSrc);
  await framed.waitForFunction(() => document.querySelector('grad-scope')?.status === 'ready', null, { timeout: 20000 });
  assert.deepEqual(await framed.$eval('grad-scope', (e) => e.state), want);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});
