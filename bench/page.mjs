#!/usr/bin/env node
// npm run bench, the page: frame rate and training speed of the built page (dist/) in
// Debian's Chromium, measured here and not in the functional tests (they wait for
// conditions). Prints each figure with its target, met or missed:
//   playground, 50 x 16 sigmoid training: 60 fps at >= 1,000 steps/s
//   comparison, 4 x 20-layer networks:    >= 30 fps while they train, no frame > 250 ms
// Usage: node bench/page.mjs [--seconds S]   (default 6; after a 2 s warm-up)
import { start, openPage, ready } from '../tests/browser/helpers.mjs';

const i = process.argv.indexOf('--seconds');
const seconds = i > 0 ? Number(process.argv[i + 1]) : 6;
if (!(seconds > 0)) throw new Error('--seconds: must be a number > 0');

/** @param {string} what @param {number} value @param {string} unit @param {(v: number) => boolean} ok @param {string} target */
function line(what, value, unit, ok, target) {
  console.log(`${what.padEnd(46)} ${value.toFixed(1).padStart(8)} ${unit.padEnd(8)} target ${target.padEnd(10)} ${ok(value) ? 'met' : 'MISSED'}`);
}

const { server, browser } = await start();
try {
  {
    const { page, context } = await openPage(browser, `${server.url}#v=1&ps=sigmoid-50`);
    await ready(page);
    await page.evaluate(() => window.gradscope.loadPreset('sigmoid-50'));
    await page.evaluate(() => window.gradscope.settled());
    await page.evaluate(() => window.gradscope.play());
    await page.waitForTimeout(2000);  // warm-up: the engine's code tiers up
    const samples = [];
    for (let k = 0; k < seconds; ++k) {
      await page.waitForTimeout(1000);
      samples.push(await page.$eval('.gs-root', (e) => ({ fps: Number(e.dataset.fps), sps: Number(e.dataset.stepsPerSecond) })));
    }
    await page.evaluate(() => window.gradscope.pause());
    const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / v.length;
    line('playground, 50x16 sigmoid training: frame rate', mean(samples.map((s) => s.fps)), 'fps', (v) => v >= 55, '>= 55');
    line('playground, 50x16 sigmoid training: speed', mean(samples.map((s) => s.sps)), 'steps/s', (v) => v >= 1000, '>= 1000');
    await context.close();
  }
  {
    const setup = 'cmp=1&cv=activation&cx=sigmoid,relu,leaky_relu,elu&d=20&data=circles&lr=0.003&cn=600&ck=20';
    const { page, context } = await openPage(browser, `${server.url}compare.html#${setup}`);
    const state = (/** @type {string[]} */ s) => page.waitForFunction((s) => s.includes(document.querySelector('.gc-main .gc-root')?.dataset.state), s, { timeout: 120000 });
    await state(['ready']);
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__f = { n: 0, longest: 0, last: performance.now(), on: true, t0: performance.now() };
      const tick = (/** @type {number} */ t) => { const f = w.__f; if (!f.on) return; f.n++; f.longest = Math.max(f.longest, t - f.last); f.last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      w.gradscopeCompare.page.comparison.play();
    });
    await state(['finished']);
    const f = await page.evaluate(() => { const f = window.__f; f.on = false; return { fps: (f.n * 1000) / (performance.now() - f.t0), longest: f.longest }; });
    line('comparison, 4 x 20-layer networks: frame rate', f.fps, 'fps', (v) => v >= 30, '>= 30');
    line('comparison, 4 x 20-layer networks: longest frame', f.longest, 'ms', (v) => v <= 250, '<= 250');
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
