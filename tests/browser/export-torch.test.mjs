// The page's Export -> PyTorch: after some training, the "PyTorch (.py)" button (under
// "View, export and import") downloads the text `gradscope export torch` writes for the
// network file the "network file" button downloads at the same moment, in the page's
// precision: the WASM engine and the CLI share the generator (core/export/torch.cpp).
// (tests/js/torch-export.test.mjs runs such files under PyTorch.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { start, openPage, ready } from './helpers.mjs';

const CLI = fileURLToPath(new URL('../../build/gradscope', import.meta.url));

/** @type {any} */ let server;
/** @type {import('playwright-core').Browser} */ let browser;
before(async () => { ({ server, browser } = await start()); });
after(async () => { await browser?.close(); await server?.close(); });

/**
 * Clicks a button and returns the downloaded file's name and text.
 * @param {import('playwright-core').Page} page @param {string} label
 */
async function download(page, label) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(/** @type {string} */ (path), 'utf8') };
}

for (const precision of ['float32', 'float64']) {
  test(`Export -> PyTorch downloads what gradscope export torch writes (${precision})`, async () => {
    // Three PReLU layers of 6 units with batch norm, trained a little (weights and running statistics move).
    const hash = `#v=1&ps=&d=3&w=6&a=prelu&data=moons&p=${precision}&bn=all`;
    const { page, context, errors } = await openPage(browser, `${server.url}${hash}`, { } );
    const dir = mkdtempSync(join(tmpdir(), 'gradscope-torch-page-'));
    try {
      await ready(page);
      await page.evaluate(() => /** @type {any} */ (window).gradscope.step(25));
      await page.locator('summary', { hasText: 'View, export and import' }).click();
      const net = await download(page, 'network file');
      const py = await download(page, 'PyTorch (.py)');
      assert.equal(py.name, 'gradscope_network.py');
      const doc = JSON.parse(net.text);
      assert.ok(doc.parameters[0].gamma, 'batch norm in the exported network');
      writeFileSync(join(dir, 'net.json'), net.text);
      const cli = execFileSync(CLI, ['export', 'torch', join(dir, 'net.json'), '--precision', precision], { encoding: 'utf8' });
      assert.equal(py.text, cli);
      assert.match(py.text, new RegExp(`^DTYPE = torch\\.${precision} `, 'm'));
      assert.match(py.text, /nn\.PReLU\(num_parameters=1, init=0\.25\)/);
      assert.match(py.text, /batchnorm=nn\.BatchNorm1d\(6, eps=1e-05, momentum=0\.1\)/);
      assert.deepEqual(errors, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await context.close();
    }
  });
}
