// Accessibility and layout stability of every page, in Debian's Chromium against dist/:
// - axe-core (the accessibility engine, injected into each page) finds no serious or
//   critical violation on the playground, the comparison page, the iframe page, the demo
//   article and a host page with <grad-scope> elements and an iframe, in the light and
//   the dark theme (the pages follow prefers-color-scheme; the test switches it live);
// - the cumulative layout shift (PerformanceObserver 'layout-shift', the browser's own
//   measure) of the page's content stays under 0.1 while a reader scrolls through the
//   index, demo and host page (and under 0.2 counting the live figures' own changes);
// - the keyboard: Space plays wherever the focus is except in a text field, a skip link,
//   the "?" panel, charts whose bars and cells read out their values, a table for every
//   chart; the live region speaks on pause, not on every frame;
// - embedding: the iframe snippet sizes itself, a fixed-height element with every
//   control shows its charts, no <main> inside the element, the Embed panel follows the
//   settings; destroying 25 playgrounds leaves no chart behind; colours come from the
//   palette.
// GRADSCOPE_DIST=dir runs it against another build (e.g. one of main, for the numbers
// before a change).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { serve } from '../../scripts/serve.mjs';
import { launch, newPage } from './helpers.mjs';
import { iframeSnippet, elementSnippet } from '../../web/state/embed-snippet.js';
import { PRESETS, presetState } from '../../web/state/presets.js';
import { defaultOptions, CONTROLS } from '../../web/state/embed-options.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SUB = '/gs/';
let dist, host, hostDir, browser;

/**
 * The host page: an author's tutorial with the snippets the Embed button writes (two
 * elements, one an iframe), and one element written by hand far down the page.
 */
function hostPage(distUrl) {
  const preset = (id) => presetState(PRESETS.find((p) => p.id === id));
  const el = (id, o) => elementSnippet(`${distUrl}grad-scope.js`, preset(id), { ...defaultOptions(), ...o });
  const frame = iframeSnippet(`${distUrl}embed.html`, preset('relu-50'), { ...defaultOptions(), views: ['gradients'], controls: { shown: ['play', 'step'], locked: [] } });
  const filler = (n) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} of the tutorial: the gradient of the first layer is a product of one factor per layer above it, and each factor holds the derivative of the activation.</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,"><title>A tutorial with gradscope</title>
<style>body { font: 18px/1.6 Georgia, serif; max-width: 820px; margin: 0 auto; padding: 0 16px; background: Canvas; color: CanvasText; }</style>
<script type="module" src="${distUrl}grad-scope.js"></script></head>
<body><header><p>My blog</p></header><main><h1>Vanishing gradients</h1>
${filler(4)}
${el('sigmoid-50', { views: ['gradients', 'health'], controls: { shown: ['play', 'step', 'activation'], locked: [] }, autoplay: true })}
${filler(6)}
${el('relu-50', { controls: { shown: [...CONTROLS], locked: [] }, height: '600px' }).replace('<grad-scope ', '<grad-scope id="all" ')}
${filler(6)}
${frame}
${filler(6)}
<grad-scope preset="dying-relu" views="health" controls="play,reset,lr"></grad-scope>
${filler(4)}
</main></body></html>`;
}

before(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'gradscope-a11y-'));
  dist = await serve(process.env.GRADSCOPE_DIST ?? new URL('../../dist/', import.meta.url).pathname, 0, { prefix: SUB, cors: true });
  host = await serve(hostDir, 0);
  await writeFile(join(hostDir, 'index.html'), hostPage(dist.url));
  browser = await launch();
});
const open = new Set();
afterEach(async () => { for (const c of open) await c.close().catch(() => {}); open.clear(); });
after(async () => {
  await browser?.close();
  await dist?.close();
  await host?.close();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/**
 * Run in every document of a test's page: records its layout shifts (window.__cls: the sum
 * of all shifts without recent input, and the largest session window as Chrome's CLS counts it).
 */
function recordLayoutShifts() {
  // Chrome's CLS: the largest sum of shifts in a session window (gaps under 1 s, at most
  // 5 s). `page`: the same over the shifts that moved the page's own content (a source
  // node outside any shadow root: the text around the embeds); `all`: every shift, also
  // those inside a live figure as it fills in (its nodes are in its shadow root)
  const windowed = () => ({ max: 0, win: 0, first: 0, last: 0, add(e) {
    if (this.win && e.startTime - this.last < 1000 && e.startTime - this.first < 5000) this.win += e.value;
    else { this.win = e.value; this.first = e.startTime; }
    this.last = e.startTime;
    this.max = Math.max(this.max, this.win);
  } });
  const c = { total: 0, windowMax: 0, all: windowed(), page: windowed(), shifts: [] };
  window.__cls = c;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      c.total += e.value;
      c.all.add(e);
      if ((e.sources ?? []).some((s) => s.node && !(s.node.getRootNode() instanceof ShadowRoot))) c.page.add(e);
      c.windowMax = c.all.max;
      // what moved: the node (when it is not in a shadow root) and its box before and after (y+height)
      if (e.value > 0.002) c.shifts.push({ t: Math.round(e.startTime), v: +e.value.toFixed(4), scrollY: Math.round(scrollY), moved: (e.sources ?? []).slice(0, 3).map((s) => `${s.node?.nodeName?.toLowerCase() ?? '(shadow)'} ${Math.round(s.previousRect.y)}+${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.y)}+${Math.round(s.currentRect.height)}`).join(', ') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * A page (helpers.mjs) that records console errors and its layout shifts.
 * @param {{ width?: number, height?: number, colorScheme?: 'light' | 'dark', touch?: boolean }} [o]
 */
const trackedPage = (o = {}) => newPage(browser, { ...o, open, init: recordLayoutShifts });

const until = (page, fn, arg, timeout = 30000) => page.waitForFunction(fn, arg, { timeout, polling: 50 });
const playgroundReady = (page) => until(page, () => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true);
const elementsReady = (page) => until(page, () => [...document.querySelectorAll('grad-scope')].every((e) => e.status === 'ready'));

/** Scrolls down like a reader, a screen at a time; where elements come into view, waits until they are ready. */
async function read(page) {
  let y = 0;
  for (;;) {
    const { H, vh } = await page.evaluate(() => ({ H: document.documentElement.scrollHeight, vh: innerHeight }));
    if (y >= H - vh) break;
    y = Math.min(H - vh, y + Math.round(vh * 0.6));
    await page.evaluate((y) => window.scrollTo(0, y), y);
    // the elements on screen (and those the page builds ahead) are ready, the frames that show them drawn
    await until(page, () => [...document.querySelectorAll('grad-scope')].every((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom < -300 || r.top > innerHeight + 300 || e.status === 'ready' || e.status === 'error';
    }), null, 60000);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}

/** Runs axe-core on the page; returns the violations (with their impact, rule and first targets). */
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.flat().join(' > ')), why: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') }));
  });
}

// ------------------------------------------- every page: axe, layout shift ----

/** Checks of the host page beyond axe: the iframe's height, a 600 px element with every control, landmarks. */
async function hostChecks(page) {
  // the iframe from the snippet takes the height of its content
  const iframe = page.locator('iframe');
  await until(page, () => !!document.querySelector('iframe')?.style.height);
  const frame = await (await iframe.elementHandle()).contentFrame();
  await frame.waitForFunction(() => document.querySelector('grad-scope')?.status === 'ready', null, { timeout: 30000 });
  // the content may still change (its charts draw when they come into view): follow it
  await iframe.scrollIntoViewIfNeeded();
  let content = 0, outer = -100;
  for (let i = 0; i < 200 && Math.abs(outer - content) > 2; ++i) {
    content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    outer = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    if (Math.abs(outer - content) > 2) await page.waitForTimeout(100);
  }
  assert.ok(Math.abs(outer - content) <= 2, `the iframe is ${outer} px high, its content ${content} px`);
  console.log(`# host: the iframe's height attribute ${await iframe.getAttribute('height')}, sized to its content: ${content} px`);
  // controls="all" height="600": the toolbar, the presets, then the charts within the 600 px
  const inside = await page.$eval('#all', (el) => {
    const r = el.getBoundingClientRect();
    const card = el.shadowRoot.querySelector('.gs-card');
    return { height: r.height, cardTop: card.getBoundingClientRect().top - r.top };
  });
  assert.equal(inside.height, 600);
  assert.ok(inside.cardTop < 400, `the first chart card starts ${inside.cardTop} px down a 600 px element`);
  // no landmark of the page's own inside an element
  assert.deepEqual(await page.$$eval('grad-scope', (els) => els.map((e) => e.shadowRoot.querySelectorAll('main').length)), [0, 0, 0]);
}

const PAGES = [
  { name: 'index', url: () => `${dist.url}`, cls: true, ready: async (p) => { await playgroundReady(p); await read(p); await p.evaluate(() => window.gradscope.step(5)); } },
  { name: 'compare', url: () => `${dist.url}compare.html`, ready: (p) => until(p, () => ['ready', 'running', 'paused', 'finished'].includes(document.querySelector('.gc-main .gc-root')?.dataset.state)) },
  { name: 'embed', url: () => `${dist.url}embed.html#v=1&ps=sigmoid-50&vw=gradients,health&ctl=play,step,activation`, ready: elementsReady },
  { name: 'demo', url: () => `${dist.url}demo.html`, cls: true, ready: async (p) => { await read(p); await elementsReady(p); } },
  { name: 'host', url: () => host.url, cls: true, ready: async (p) => { await read(p); await elementsReady(p); }, more: hostChecks },
];

for (const pg of PAGES) {
  test(`${pg.name}: no serious or critical axe-core violation, light and dark${pg.cls ? '; layout shift under 0.1 while a reader scrolls' : ''}`, async () => {
    const { page, errors } = await trackedPage();
    await page.goto(pg.url());
    await pg.ready(page);
    if (pg.cls) {
      const c = await page.evaluate(() => ({ ...window.__cls, page: window.__cls.page.max }));
      console.log(`# ${pg.name}: layout shift of the page's content ${c.page.toFixed(4)}; CLS of every shift ${c.windowMax.toFixed(4)} (largest session window), ${c.total.toFixed(4)} summed${c.shifts.length ? `; shifts ${JSON.stringify(c.shifts.slice(0, 8))}` : ''}`);
      assert.ok(c.page < 0.1, `the page's content moved: CLS ${c.page} (shifts ${JSON.stringify(c.shifts)})`);
      assert.ok(c.windowMax < 0.2, `CLS ${c.windowMax} with the figures' own changes (shifts ${JSON.stringify(c.shifts)})`);
    }
    const bad = [];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const v = await axe(page);
      const serious = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
      console.log(`# ${pg.name}/${scheme}: axe: ${v.length} rule(s) violated, ${serious.length} serious or critical${v.length ? ` (${v.map((x) => `${x.id}:${x.impact}×${x.n}`).join(', ')})` : ''}`);
      for (const x of serious) bad.push(`${scheme}: ${x.id} (${x.impact}) on ${x.n} node(s), e.g. ${x.targets.join(' | ')}: ${x.why}`);
    }
    assert.deepEqual(bad, []);
    await pg.more?.(page);
    assert.deepEqual(errors, []);
  });
}

// ----------------------------------------------------------- keyboard ----

/** Counts the text changes of the live regions (polite, assertive, status, alert) from now on. */
const countAnnouncements = (page) => page.evaluate(() => {
  window.__said = [];
  const live = (n) => n?.closest?.('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]');
  new MutationObserver((ms) => {
    for (const m of ms) {
      const el = live(m.target.nodeType === 1 ? m.target : m.target.parentElement);
      if (el && !el.hidden) window.__said.push(el.textContent);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});

test('keyboard, screen reader and touch: Space plays, skip link, "?" panel, values of bars and cells, a table for every chart', async () => {
  const { page, context, errors } = await trackedPage({ touch: true });
  await page.goto(dist.url);
  await playgroundReady(page);
  const running = () => page.evaluate(() => window.gradscope.figures().running);
  const focused = () => page.evaluate(() => { const a = document.activeElement; return { tag: a?.tagName, text: a?.textContent?.trim().slice(0, 40), cls: a?.className }; });

  // the first Tab stop skips to the charts
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'Skip to the charts');
  await page.keyboard.press('Enter');
  assert.match(String((await focused()).cls), /gs-views/);

  // Space after clicking a preset chip plays and pauses (it does not load the preset again)
  await page.click('[data-preset="relu-50"]');
  await page.evaluate(() => window.gradscope.settled());
  assert.equal((await focused()).tag, 'BUTTON');
  await countAnnouncements(page);
  await page.keyboard.press(' ');
  await until(page, () => window.gradscope.figures().running);
  // a reader watches it train for five seconds: the live regions do not read every frame
  // (the preset may reach the step its claim is about and stop meanwhile: one announcement)
  await page.waitForTimeout(5000);
  const said = await page.evaluate(() => window.__said.length);
  if (await running()) await page.keyboard.press(' ');
  await until(page, () => !window.gradscope.figures().running);
  const step = await page.evaluate(() => window.gradscope.figures().step);
  assert.ok(step > 0, `Space on the chip trained (step ${step}), it did not reset the preset`);
  await until(page, () => {
    const said = document.querySelector('[data-role="announcer"]')?.textContent ?? '';
    const head = document.querySelector('[data-role="headline"]')?.textContent ?? '';
    return /^Paused at step [\d,]+\. /.test(said) && said.endsWith(head);
  });
  console.log(`# live regions: ${said} announcement(s) in 5 s of training (to step ${step}): ${JSON.stringify(await page.evaluate(() => window.__said.slice(0, 4).map((t) => t.slice(0, 60))))}; on pause: "${await page.$eval('[data-role="announcer"]', (e) => e.textContent)}"`);
  assert.ok(said <= 4, `${said} announcements in 5 s of training: ${JSON.stringify(await page.evaluate(() => window.__said.slice(0, 8)))}`);
  // in a text field Space types; elsewhere the shortcuts work
  const exact = () => page.evaluate(() => window.gradscope.step(0).then((f) => f.step));  // the worker's own count
  const at = await exact();
  await page.focus('input[aria-label^="Learning rate"]');
  await page.keyboard.press(' ');
  await page.keyboard.press('s');
  await page.evaluate(() => window.gradscope.settled());
  assert.equal(await running(), false);
  assert.equal(await exact(), at, '"s" in a text field is a letter, not a step');

  // "?" opens the shortcuts (focus inside), Escape closes them and gives the focus back
  await page.focus('[data-preset="relu-50"]');
  await page.keyboard.press('?');
  const panel = page.locator('[data-role="shortcuts"]');
  assert.equal(await panel.isVisible(), true);
  assert.match(await panel.textContent(), /Space\s*play \/ pause/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.role), 'shortcuts');
  await page.keyboard.press('Escape');
  assert.equal(await panel.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.preset), 'relu-50');

  // the bars take the focus; the arrow keys read out each layer's value, as the tip shows it
  const bars = page.locator('[data-view="gradients"] canvas').first();
  await bars.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  const tip = await page.locator('[data-view="gradients"] .gs-tip').first().textContent();
  assert.match(tip, /^layer 2: ‖∂L\/∂W‖ = \S+$/);
  assert.equal(await page.locator('[data-view="gradients"] .gs-sr[aria-live="polite"]').first().textContent(), tip);
  // ... and the table holds the same value for layer 2, and one row per layer
  await page.click('[data-view="gradients"] [data-action="table"]');
  const rows = page.locator('[data-view="gradients"] .gs-table table').first().locator('tbody tr');
  assert.equal(await rows.count(), 51);
  assert.equal(await rows.nth(1).locator('td').textContent(), tip.split(' = ')[1]);
  // every card has a Table button, and every open table has numbers in it
  const cards = await page.locator('.gs-card:not([hidden])').count();
  assert.equal(await page.locator('.gs-card [data-action="table"]').count(), cards);
  for (const id of ['loss', 'flow', 'health', 'network']) {
    await page.click(`[data-view="${id}"] [data-action="table"]`);
    assert.ok(await page.locator(`[data-view="${id}"] .gs-table td`).count() > 0, `${id}: a table with values`);
  }

  // touch: a tap on a unit-health cell shows its tip
  const cell = page.locator('[data-view="health"] canvas').first();
  await cell.scrollIntoViewIfNeeded();
  const b = await cell.boundingBox();
  await page.touchscreen.tap(b.x + b.width / 2, b.y + 20);
  assert.match(await page.locator('[data-view="health"] .gs-tip').first().textContent(), /^layer \d+, unit \d+: /);

  // the Embed panel follows the settings while it is open
  await page.click('[data-action="embed"]');
  await page.selectOption('select[name="activation"]', 'tanh');
  await page.evaluate(() => window.gradscope.settled());
  await until(page, () => /a=tanh/.test(document.querySelector('[data-role="share-embed-0"]')?.value ?? ''));
  assert.deepEqual(errors, []);
});

// ---------------------------------------------------------- embedding ----

test('a comparison that trained while its charts were below the screen shows every step when scrolled to; its charts have tables', async () => {
  const { page, errors } = await trackedPage();
  // a comparison trains while its charts are below the screen; scrolled to, they show every step
  await writeFile(join(hostDir, 'cmp.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>c</title>
<script type="module" src="${dist.url}grad-scope.js"></script></head><body><main><div style="height:600px"></div>
<grad-scope preset="elu-bias-shift" compare="relu,elu" views="table,loss" steps="150" autoplay></grad-scope><div style="height:1200px"></div></main></body></html>`);
  await page.goto(`${host.url}cmp.html`);
  await until(page, () => document.querySelector('grad-scope').figures().step >= 150 && !document.querySelector('grad-scope').figures().running, null, 60000);
  const drawn = () => page.$eval('grad-scope', (el) => [...el.shadowRoot.querySelectorAll('.gc-overlay')].map((b) => b.dataset.drawnStep ?? ''));
  console.log(`# comparison charts below the screen, after training: drawn up to ${JSON.stringify(await drawn())}`);
  await page.$eval('grad-scope', (el) => el.shadowRoot.querySelector('.gc-overlay').scrollIntoView());
  await until(page, () => [...document.querySelector('grad-scope').shadowRoot.querySelectorAll('.gc-overlay')].every((b) => b.dataset.drawnStep === '150'));
  // its charts have tables too: the loss card's last row is the last step, one column per network
  const table = await page.$eval('grad-scope', (el) => {
    const card = el.shadowRoot.querySelector('[data-view="loss"]');
    card.querySelector('[data-action="table"]').click();
    const t = card.querySelector('.gs-table table');
    const rows = t ? [...t.querySelectorAll('tbody tr')] : [];
    return { head: t ? [...t.querySelectorAll('thead th')].map((c) => c.textContent) : [], last: rows.length ? rows[rows.length - 1].querySelector('th').textContent : null };
  });
  assert.deepEqual(table.head.slice(1), ['ReLU', 'ELU']);
  assert.equal(table.last, '150');
  assert.deepEqual(errors, []);
});

// ------------------------------------------------------------ cleanup ----

// 25 rounds: a chart or a loop kept by one playground shows after the first; more rounds
// only cost page time (each builds every chart of a playground).
const DESTROY_ROUNDS = 25;
test(`destroy(): ${DESTROY_ROUNDS} playgrounds created and destroyed leave no chart (uPlot) and no animation-frame loop behind; a paused playground asks for no animation frame`, async () => {
  const { page, context, errors } = await trackedPage();
  // uPlot listens to the window for 'dppxchange' until destroy(): count the listeners
  await context.addInitScript(() => {
    window.__dppx = 0;
    const add = window.addEventListener, remove = window.removeEventListener;
    window.addEventListener = function (t, ...a) { if (t === 'dppxchange') window.__dppx++; return add.call(this, t, ...a); };
    window.removeEventListener = function (t, ...a) { if (t === 'dppxchange') window.__dppx--; return remove.call(this, t, ...a); };
  });
  await page.goto(dist.url);
  await playgroundReady(page);
  // the product experiment's trials (animation-frame slices) have finished
  await until(page, () => document.querySelector('[data-role="product-figures"]')?.dataset.pending === 'false');
  const base = await page.evaluate(() => window.__dppx);
  const left = await page.evaluate(async (rounds) => {
    // animation frames asked for and not yet run or cancelled (the FPS meter, the charts)
    const pending = new Set();
    const raf = window.requestAnimationFrame.bind(window), caf = window.cancelAnimationFrame.bind(window);
    let asked = 0;
    window.requestAnimationFrame = (cb) => { ++asked; const id = raf((t) => { pending.delete(id); cb(t); }); pending.add(id); return id; };
    window.cancelAnimationFrame = (id) => { pending.delete(id); caf(id); };
    // the page's own playground, ready and paused: once its last draws are done it asks for
    // no animation frame (a loop would ask ~60 times in every second: the quietest of a few
    // seconds is counted, so late first draws do not count)
    let idleFrames = Infinity;
    for (let k = 0; k < 5 && idleFrames > 0; ++k) {
      const from = asked;
      await new Promise((ok) => setTimeout(ok, 1000));
      idleFrames = Math.min(idleFrames, asked - from);
    }
    const before = pending.size;
    // an engine that never answers: the charts are built, no worker is started
    const never = () => new Promise(() => {});
    const client = () => ({ onFrame: () => () => {}, onError: () => () => {}, open: never, play: never, pause: never, step: never, reset: never, setSpeed: never, setLr: never, setView: never, request: never, restart: never, dispose() {} });
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let most = 0;
    for (let i = 0; i < rounds; ++i) {
      const div = document.createElement('div');
      div.style.cssText = 'position:fixed;inset:0;overflow:auto;z-index:9';  // on screen: its charts draw
      document.body.append(div);
      const pg = window.createGradscope(div.attachShadow({ mode: 'open' }), { preset: 'sigmoid-50', createClient: client });
      await frames();  // the charts draw (uPlot builds its plots)
      most = Math.max(most, window.__dppx);
      pg.destroy();
      div.remove();
    }
    await frames();
    return { most, after: window.__dppx, idleFrames, before, pending: pending.size };
  }, DESTROY_ROUNDS);
  console.log(`# uPlot instances alive: ${base} before, at most ${left.most - base} more with one playground, ${left.after - base} after ${DESTROY_ROUNDS} destroyed`);
  assert.ok(left.most - base >= 2, `the charts were built (${left.most - base})`);
  assert.equal(left.after - base, 0);
  assert.equal(left.idleFrames, 0, 'a paused playground asks for no animation frame (its frame-rate meter runs only while it trains)');
  assert.ok(left.pending <= left.before, `no animation-frame loop left (${left.pending} pending, ${left.before} before)`);
  assert.deepEqual(errors, []);
});

// ------------------------------------------------------------ palette ----

test('colours come from the palette: no colour literal in the page\'s code outside the palette', async () => {
  const root = new URL('../../web/', import.meta.url).pathname;
  // where colours are defined: the theme's defaults, the activations' colours, the compared
  // networks' colours, the iframe's error box (shown before any theme exists)
  const PALETTES = new Set(['charts/base.js', 'ui/colors.js', 'state/compare-setup.js', 'embed/frame.js']);
  const found = [];
  for (const dir of ['engine', 'state', 'ui', 'charts', 'views', 'app', 'compare', 'embed']) {
    for (const f of await readdir(join(root, dir))) {
      if (!f.endsWith('.js') || PALETTES.has(`${dir}/${f}`)) continue;
      const text = await readFile(join(root, dir, f), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        for (const m of line.matchAll(/'#[0-9a-f]{3,8}'|"#[0-9a-f]{3,8}"|rgba?\(\s*\d/gi)) found.push(`${dir}/${f}:${i + 1}: ${m[0]}`);
      });
    }
  }
  assert.deepEqual(found, []);
});
