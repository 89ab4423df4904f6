// Accessibility and layout stability of every page, in Debian's Chromium against dist/:
// - axe-core (the accessibility engine, injected into each page) finds no serious or
//   critical violation on the playground, the comparison page, the iframe page, the demo
//   article and a host page with <grad-scope> elements and an iframe, in the light and
//   the dark theme (the pages follow prefers-color-scheme; the test switches it live);
// - the cumulative layout shift (PerformanceObserver 'layout-shift', the browser's own
//   measure) stays under 0.1 while a reader scrolls through the index, demo and host page;
// - the keyboard: Space plays wherever the focus is except in a text field, a skip link,
//   the "?" panel, charts whose bars and cells read out their values, a table for every
//   chart; the live region speaks on pause, not on every frame;
// - embedding: the iframe snippet sizes itself, a fixed-height element with every
//   control shows its charts, no <main> inside the element, the Embed panel follows the
//   settings; destroying 100 playgrounds leaves no chart behind; colours come from the
//   palette.
// GRADSCOPE_DIST=dir runs it against another build (e.g. one of main, for the numbers
// before a change).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { iframeSnippet, elementSnippet } from '../../web/embed/snippet.js';
import { PRESETS, presetState } from '../../web/presets/presets.js';
import { defaultOptions, CONTROLS } from '../../web/embed/options.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
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
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
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
 * A page that records console errors and its layout shifts (window.__cls: the sum of all
 * shifts without recent input, and the largest session window as Chrome's CLS counts it).
 */
async function newPage(o = {}) {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 900 }, colorScheme: o.colorScheme ?? 'light', deviceScaleFactor: 1, hasTouch: !!o.touch });
  open.add(context);
  await context.addInitScript(() => {
    const c = { total: 0, windowMax: 0, win: 0, first: 0, last: 0, shifts: [] };
    window.__cls = c;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        c.total += e.value;
        if (c.win && e.startTime - c.last < 1000 && e.startTime - c.first < 5000) c.win += e.value;
        else { c.win = e.value; c.first = e.startTime; }
        c.last = e.startTime;
        c.windowMax = Math.max(c.windowMax, c.win);
        if (e.value > 0.002) c.shifts.push({ t: Math.round(e.startTime), v: +e.value.toFixed(4), who: (e.sources ?? []).map((s) => s.node?.nodeName ? `${s.node.nodeName.toLowerCase()}.${(s.node.className?.baseVal ?? s.node.className ?? '').toString().split(' ')[0]}` : '?').slice(0, 3).join(' ') });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, context, errors };
}

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

// ------------------------------------------------------------------ axe ----

const PAGES = [
  { name: 'index', url: () => `${dist.url}`, ready: async (p) => { await playgroundReady(p); await p.evaluate(() => window.gradscope.step(5)); } },
  { name: 'compare', url: () => `${dist.url}compare.html`, ready: (p) => until(p, () => ['ready', 'running', 'paused', 'finished'].includes(document.querySelector('.gc-main .gc-root')?.dataset.state)) },
  { name: 'embed', url: () => `${dist.url}embed.html#v=1&ps=sigmoid-50&vw=gradients,health&ctl=play,step,activation`, ready: elementsReady },
  { name: 'demo', url: () => `${dist.url}demo.html`, ready: async (p) => { await read(p); await elementsReady(p); } },
  { name: 'host', url: () => host.url, ready: async (p) => { await read(p); await elementsReady(p); } },
];

test('axe-core: no serious or critical violation on any page, light and dark', async () => {
  const report = [];
  const bad = [];
  const consoleErrors = [];
  for (const pg of PAGES) {
    const { page, context, errors } = await newPage();
    await page.goto(pg.url());
    await pg.ready(page);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const v = await axe(page);
      const serious = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
      report.push(`${pg.name}/${scheme}: ${v.length} rule(s) violated, ${serious.length} serious or critical${v.length ? ` (${v.map((x) => `${x.id}:${x.impact}×${x.n}`).join(', ')})` : ''}`);
      for (const x of serious) bad.push(`${pg.name}/${scheme}: ${x.id} (${x.impact}) on ${x.n} node(s), e.g. ${x.targets.join(' | ')}: ${x.why}`);
    }
    consoleErrors.push(...errors.map((e) => `${pg.name}: ${e}`));
    await context.close();
    open.delete(context);
  }
  console.log(`# axe\n# ${report.join('\n# ')}`);
  assert.deepEqual(bad, []);
  assert.deepEqual(consoleErrors, []);
});

// ------------------------------------------------------------- layout ----

test('layout shift while a reader scrolls: under 0.1 on the index, the demo and a host page', async () => {
  const out = [];
  for (const pg of PAGES.filter((p) => ['index', 'demo', 'host'].includes(p.name))) {
    const { page, context } = await newPage();
    await page.goto(pg.url());
    if (pg.name === 'index') { await playgroundReady(page); await read(page); } else await pg.ready(page);
    const cls = await page.evaluate(() => window.__cls);
    out.push({ page: pg.name, cls: +cls.windowMax.toFixed(4), total: +cls.total.toFixed(4), shifts: cls.shifts.slice(0, 6) });
    await context.close();
    open.delete(context);
  }
  console.log(`# layout shift (CLS = largest session window; total = every shift)\n${out.map((o) => `# ${o.page}: CLS ${o.cls}, total ${o.total}${o.shifts.length ? `; largest shifts ${JSON.stringify(o.shifts)}` : ''}`).join('\n')}`);
  for (const o of out) assert.ok(o.cls < 0.1, `${o.page}: CLS ${o.cls} (shifts ${JSON.stringify(o.shifts)})`);
});
