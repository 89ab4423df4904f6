// Idle is not a hang (issue: "a paused page resets itself"). Every kind of instance is
// brought to rest the way readers do it, then left alone for IDLE_MS (20 s: longer than
// the engine client's 12 s watchdog, four times its former 5 s): the playground paused
// after playing and after Step, a <grad-scope> that reached its `steps` limit, one scrolled away and back, an
// iframe embed that finished, and the comparison page after its run. Afterwards each
// shows the same step, no error, and still answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { RESULTS } from './helpers.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const IDLE_MS = 20000;
let dist, host, hostDir, browser;

before(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'gradscope-idle-'));
  dist = await serve(new URL('../../dist/', import.meta.url).pathname, 0, { cors: true });
  host = await serve(hostDir, 0);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  await dist?.close();
  await host?.close();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/** A page that keeps its console errors and page errors. @param {string} url */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, context, errors };
}

test('idle instances keep their run: playground, element, iframe, comparison', { timeout: 240000 }, async () => {
  // ---- set up every instance and bring it to rest -----------------------------------
  // the playground, paused after playing
  const pg = await open(`${dist.url}#v=1&ps=relu-50`);
  // the playground after Step only
  const pgStep = await open(`${dist.url}#v=1&ps=sigmoid-50`);
  // the element: one finishes at steps="60", one is scrolled away while it trains
  await writeFile(join(hostDir, 'elements.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="${dist.url}grad-scope.js"></script></head><body>
<grad-scope id="done" preset="relu-50" views="gradients" controls="play,step" steps="60" autoplay height="360px"></grad-scope>
<grad-scope id="away" preset="sigmoid-50" views="gradients" controls="play,step" autoplay height="360px"></grad-scope>
<div style="height: 4000px"></div><p id="far">far below</p>
</body></html>`);
  const el = await open(`${host.url}elements.html`);
  // the iframe embed, finished at st=60
  await writeFile(join(hostDir, 'frame.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<iframe id="f" width="760" height="420" src="${dist.url}embed.html#ps=relu-50&vw=gradients&ctl=play,step&st=60&ap=true"></iframe>
</body></html>`);
  const fr = await open(`${host.url}frame.html`);
  // the comparison, run to its end
  const cmp = await open(`${dist.url}compare.html#cmp=1&cv=activation&cx=sigmoid,relu&d=8&data=circles&cn=40&ck=10`);

  const step = (/** @type {import('playwright-core').Page} */ p) => p.evaluate(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? -1));
  const ready = (/** @type {import('playwright-core').Page} */ p) => p.waitForFunction(() => !!window.gradscope && document.querySelector('.gs-loading')?.hidden === true, null, { timeout: 120000 });

  await ready(pg.page);
  await pg.page.evaluate(() => window.gradscope.play());
  await pg.page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step ?? 0) >= 40, null, { timeout: 120000, polling: 50 });
  await pg.page.evaluate(() => window.gradscope.pause());

  await ready(pgStep.page);
  await pgStep.page.evaluate(() => window.gradscope.step(1));
  await pgStep.page.waitForFunction(() => Number(document.querySelector('[data-role="headline"]')?.dataset.step) === 1, null, { timeout: 30000 });

  await el.page.waitForFunction(() => document.getElementById('done')?.figures().step === 60 && document.getElementById('away')?.figures().step > 5, null, { timeout: 120000, polling: 100 });
  await el.page.evaluate(() => document.getElementById('far').scrollIntoView());
  await el.page.waitForFunction(() => !document.getElementById('away').figures().running, null, { timeout: 20000 });

  /** @type {import('playwright-core').Frame | undefined} */
  let frame;
  for (let i = 0; i < 300 && !(frame = fr.page.frames().find((f) => f.url().includes('embed.html'))); ++i) await fr.page.waitForTimeout(100);
  assert.ok(frame, 'the iframe loaded');
  await frame.waitForFunction(() => document.querySelector('grad-scope')?.figures().step === 60, null, { timeout: 120000, polling: 100 });

  await cmp.page.waitForFunction(() => document.querySelector('.gc-main .gc-root')?.dataset.state === 'ready', null, { timeout: 120000 });
  await cmp.page.evaluate(() => window.gradscopeCompare.page.comparison.play());
  await cmp.page.waitForFunction(() => ['finished', 'done'].includes(document.querySelector('.gc-main .gc-root')?.dataset.state), null, { timeout: 120000, polling: 100 });

  // ---- what each shows at rest -------------------------------------------------------
  const before = {
    pg: await step(pg.page),
    pgStep: await step(pgStep.page),
    done: await el.page.evaluate(() => document.getElementById('done').figures().step),
    away: await el.page.evaluate(() => document.getElementById('away').figures().step),
    frame: await frame.evaluate(() => document.querySelector('grad-scope').figures().step),
    cmp: await cmp.page.evaluate(() => window.gradscopeCompare.page.comparison.figures().step),
  };
  assert.ok(before.pg >= 40 && before.pgStep === 1 && before.done === 60 && before.away > 5 && before.frame === 60 && before.cmp === 40,
    `at rest: ${JSON.stringify(before)}`);

  // ---- the reader looks for a while --------------------------------------------------
  await pg.page.waitForTimeout(IDLE_MS);
  await el.page.evaluate(() => window.scrollTo(0, 0));   // ... and scrolls back
  await el.page.waitForTimeout(500);

  // ---- same step, no error, and still answering --------------------------------------
  const afterIdle = {
    pg: await step(pg.page),
    pgStep: await step(pgStep.page),
    done: await el.page.evaluate(() => document.getElementById('done').figures().step),
    frame: await frame.evaluate(() => document.querySelector('grad-scope').figures().step),
    cmp: await cmp.page.evaluate(() => window.gradscopeCompare.page.comparison.figures().step),
  };
  const away = await el.page.evaluate(() => document.getElementById('away').figures().step);
  assert.deepEqual(afterIdle, { pg: before.pg, pgStep: 1, done: 60, frame: 60, cmp: 40 }, 'every instance kept its step');
  assert.ok(away >= before.away, `scrolled back: step ${away} >= ${before.away} (it may train on, never restart)`);

  const errs = {
    pg: await pg.page.evaluate(() => [...document.querySelectorAll('.gs-msg.gs-error, [data-role="worker-crash"]')].map((m) => m.textContent)),
    pgStep: await pgStep.page.evaluate(() => [...document.querySelectorAll('.gs-msg.gs-error, [data-role="worker-crash"]')].map((m) => m.textContent)),
    el: await el.page.evaluate(() => [...document.querySelectorAll('grad-scope')].flatMap((g) => [...(g.shadowRoot ?? g).querySelectorAll('.gs-msg.gs-error, [data-role="worker-crash"]')].map((m) => m.textContent))),
    frame: await frame.evaluate(() => [...document.querySelectorAll('grad-scope')].flatMap((g) => [...(g.shadowRoot ?? g).querySelectorAll('.gs-msg.gs-error, [data-role="worker-crash"]')].map((m) => m.textContent))),
    cmp: await cmp.page.evaluate(() => [...document.querySelectorAll('.gs-msg.gs-error, [data-role="worker-crash"], .gc-msg.gc-error')].map((m) => m.textContent)),
  };
  assert.deepEqual(errs, { pg: [], pgStep: [], el: [], frame: [], cmp: [] }, 'no error message after idling');
  for (const p of [pg, pgStep, el, fr, cmp]) assert.deepEqual(p.errors, [], 'no console errors');

  // each still trains on from where it was
  const next = await pg.page.evaluate(() => window.gradscope.step(3));
  assert.equal(next.step, before.pg + 3, 'the playground steps on from its paused step');
  assert.equal((await pgStep.page.evaluate(() => window.gradscope.step(1))).step, 2);
  assert.equal(await el.page.evaluate(async () => (await document.getElementById('done').step(2)).step), 62);
  await pg.page.screenshot({ path: `${RESULTS}idle-playground.png` });
  for (const p of [pg, pgStep, el, fr, cmp]) await p.context.close();
});
