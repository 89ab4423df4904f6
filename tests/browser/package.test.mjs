// The npm package as a course author's project uses it: `npm pack` (scripts/build-package.sh)
// makes build/gradscope-VERSION.tgz; a fresh project in a temporary folder, outside the
// repository, installs it with npm --offline (no registry), bundles a page with Vite and no
// configuration, and the page, in Chromium, trains <grad-scope> (step events), runs the
// engine API on the main thread (loadGradscope, Session, exportTorch), runs a comparison
// (gradscope/compare), and loads a second copy of the element module without an error. Its
// TypeScript also type-checks against the package's types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { start, openPage, RESULTS } from './helpers.mjs';
import { ROOT, VITE_BIN, consumerProject, installOffline, packageTarball } from './package-helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

const NETWORK = { format: 'gradscope-network/1', inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: { name: 'prelu', per: 'unit' } }, { units: 1 }], loss: 'bce_logits', init: { seed: 3 } };

const INDEX = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A course page</title><link rel="icon" href="data:,"></head>
<body>
  <h1>Why deep sigmoid networks stop learning</h1>
  <grad-scope id="live" preset="sigmoid-50" views="gradients,loss" controls="play,step" autoplay></grad-scope>
  <grad-scope id="digits" preset="relu-50" dataset="digits" views="loss" controls="none"></grad-scope>
  <div id="cmp"></div>
  <script type="module" src="/gs-copy/element.js"></script>
  <script type="module" src="./main.js"></script>
</body>
</html>
`;

const MAIN = `import 'gradscope/element';
import { GradScopeElement } from 'gradscope/element';
import { loadGradscope, NETWORK_FORMAT } from 'gradscope';
import { createComparison } from 'gradscope/compare';

const results = { steps: 0, lastStep: 0, sameClass: false, engine: null, comparison: null, errors: [] };
window.results = results;
const el = document.querySelector('#live');
el.addEventListener('step', (e) => { results.steps += 1; results.lastStep = e.detail.step; });
results.sameClass = customElements.get('grad-scope') === GradScopeElement;

const network = ${JSON.stringify(NETWORK)};
const gs = await loadGradscope();
const session = new gs.Session({ ...network, format: NETWORK_FORMAT }, { data: { name: 'circles', samples: 100 }, batch: 16, precision: 'float64' });
session.step(20);
results.engine = { steps: session.steps, loss: session.stats().loss, torch: session.exportTorch() };
session.dispose();

const cmp = createComparison(document.querySelector('#cmp'), {
  network, config: { data: { name: 'circles', samples: 100 }, batch: 16 }, vary: 'activation',
  values: ['sigmoid', 'relu'], steps: 20, autoplay: true, views: ['table'], timing: false });
cmp.on('finished', () => { results.comparison = cmp.figures(); });

// The 8x8 digits are a file of their own, fetched by the worker when a network asks for them.
document.querySelector('#digits').step(2).then((f) => { results.digits = f.step; }, (e) => { results.digits = String(e); });
`;

const CHECK_TS = `import { loadGradscope, NETWORK_FORMAT, EngineClient, type Session, type NetworkDocument } from 'gradscope';
import type { GradScopeElement } from 'gradscope/element';
import { createComparison } from 'gradscope/compare';

const doc: NetworkDocument = { format: NETWORK_FORMAT, inputs: 2, layers: [{ units: 4, activation: 'relu' }, { units: 1 }], loss: 'bce_logits' };
export async function run(): Promise<number> {
  const gs = await loadGradscope();
  const s: Session = new gs.Session(doc, { batch: 8 });
  s.step(1);
  const text: string = s.exportTorch();
  const el: GradScopeElement | null = document.querySelector('grad-scope');
  el?.addEventListener('step', (e) => console.log(e.detail.step));
  await el?.step(3);
  const c = createComparison(document.body, { network: doc, config: {}, values: ['sigmoid', 'relu'] });
  c.destroy();
  new EngineClient().dispose();
  return text.length + s.steps;
}
`;

/** @type {{ dir: string, tarball: string, server: any, browser: import('playwright-core').Browser, close: () => Promise<void> } | null} */
let env = null;

before(async () => {
  const tarball = packageTarball();
  assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
  const dir = consumerProject({ 'index.html': INDEX, 'main.js': MAIN, 'check.ts': CHECK_TS });
  installOffline(dir, tarball);
  // A second copy of the element module (as a page with both a bundle and a <script> tag
  // would have): public/ is copied as it is by Vite.
  mkdirSync(join(dir, 'public'));
  cpSync(join(dir, 'node_modules/gradscope/dist'), join(dir, 'public/gs-copy'), { recursive: true });
  execFileSync(process.execPath, [VITE_BIN, 'build', '--logLevel', 'warn'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const server = await serve(join(dir, 'dist'), 0);
  const { server: unused, browser } = await start();
  await unused.close();
  env = { dir, tarball, server, browser, close: async () => { await browser.close(); await server.close(); } };
});

after(async () => {
  if (!env) return;
  await env.close();
  rmSync(env.dir, { recursive: true, force: true });
});

test('package: the tarball ships only what runs, with exports for the engine, the element and the comparison', () => {
  assert.ok(env);
  const listing = execFileSync('tar', ['tzf', env.tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  for (const f of listing) assert.match(f, /^package\/(package\.json|README\.md|dist\/[\w./-]+\.(js|wasm|txt)|types\/[\w./-]+\.d\.ts)$/, `unexpected file in the tarball: ${f}`);
  assert.ok(listing.some((f) => /^package\/dist\/assets\/gradscope-[\w-]+\.wasm$/.test(f)), 'the .wasm');
  assert.ok(listing.some((f) => /^package\/dist\/assets\/worker-[\w-]+\.js$/.test(f)), 'the engine worker');
  const pkg = JSON.parse(readFileSync(join(env.dir, 'node_modules/gradscope/package.json'), 'utf8'));
  assert.equal(pkg.name, 'gradscope');
  assert.equal(pkg.private, undefined);
  assert.deepEqual(Object.keys(pkg.exports), ['.', './element', './compare', './package.json']);
  assert.equal(pkg.gradscope.networkFormat, 'gradscope-network/1');
  assert.equal(pkg.version.split('.')[0], '1', 'major version 1 = gradscope-network/1');
  assert.equal(pkg.dependencies, undefined, 'no dependencies: nothing to fetch');
  // Vite copied the .wasm and the worker it found through new URL(..., import.meta.url).
  const assets = readdirSync(join(env.dir, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `a .wasm in the consumer's build: ${assets.join(', ')}`);
});

test('package: the consumer\'s TypeScript type-checks against the package\'s types', () => {
  assert.ok(env);
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
    '--lib', 'es2022,dom,dom.iterable', '--skipLibCheck', 'false', 'check.ts'], { cwd: env.dir, stdio: ['ignore', 'inherit', 'inherit'] });
});

test('package: a page bundled by Vite trains <grad-scope>, runs the engine and a comparison in Chromium', async () => {
  assert.ok(env);
  const { page, context, errors, foreign } = await openPage(env.browser, `${env.server.url}index.html`);
  /** @type {string[]} */
  const missing = [];
  page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
  try {
    await page.waitForFunction(() => /** @type {any} */ (window).results?.steps >= 2, null, { timeout: 60000 })
      .catch(() => assert.fail(`<grad-scope> sent no step events; console errors: ${JSON.stringify(errors)}; failed requests: ${JSON.stringify(missing)}`));
    const r = await page.evaluate(() => /** @type {any} */ (window).results);
    assert.ok(r.lastStep > 0, `step events carry the step (${r.lastStep})`);
    assert.equal(r.sameClass, true, 'one definition of <grad-scope> for both copies');
    assert.equal(r.engine.steps, 20);
    assert.ok(Number.isFinite(r.engine.loss));
    assert.match(r.engine.torch, /^DTYPE = torch\.float64 /m);
    await page.waitForFunction(() => /** @type {any} */ (window).results?.comparison, null, { timeout: 60000 });
    await page.waitForFunction(() => /** @type {any} */ (window).results?.digits !== undefined, null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).results.digits), 2, 'a network on the 8x8 digits trains');
    const c = await page.evaluate(() => /** @type {any} */ (window).results.comparison);
    assert.ok(c, 'the comparison finished');
    assert.ok((await page.evaluate(() => document.querySelector('grad-scope')?.figures().step)) > 0);
    assert.ok(page.workers().length >= 1, 'the element trains in a worker');
    await page.screenshot({ path: `${RESULTS}package-consumer.png` });
    assert.deepEqual(missing, [], 'every request found its file');
    assert.deepEqual(errors, [], 'no console errors');
    assert.deepEqual(foreign, [], 'no requests to other hosts');
  } finally {
    await context.close();
  }
});

test('package: the same project under Vite\'s dev server (no configuration) trains <grad-scope>', async () => {
  assert.ok(env);
  const dir = env.dir;
  // Vite picks the next free port from a random one; its first lines name the URL.
  const vite = spawn(process.execPath, [VITE_BIN, '--host', '127.0.0.1', '--port', String(20000 + Math.floor(Math.random() * 20000))], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      vite.stdout.on('data', (d) => { out += d; const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(/http:\/\/127\.0\.0\.1:\d+\//); if (m) resolve(m[0]); });
      vite.on('exit', (code) => reject(new Error(`vite dev server exited (${code}): ${out}`)));
    });
    const { page, context, errors } = await openPage(env.browser, `${url}index.html`);
    try {
      await page.waitForFunction(() => /** @type {any} */ (window).results?.steps >= 2, null, { timeout: 90000 })
        .catch(() => assert.fail(`<grad-scope> sent no step events under the dev server; console errors: ${JSON.stringify(errors)}`));
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  } finally {
    vite.kill();
  }
});
