// The .d.ts types checked by tsc against real documents (issue 14), not only member names:
// the README's network example and docs/session.md's configuration, every valid network of
// the fuzz corpus, and, from the engine, a trained remedies network's export (batch norm's
// gamma, beta and running statistics), its gradient report (dgamma, dbeta), stats(),
// statsColumns() (every column, as Float64Array), probe(), evaluate(), info() and
// history(); and client.d.ts against the worker's own answers: a full frame while
// training, the page's step-0 frame (web/app/initial.js) and a gradient report with its
// statsColumns. Each becomes `const x: Type = <document>` in a generated TypeScript file,
// so a field the types lack (excess property) or a wrong type fails tsc, and this test.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { loadEngine, ROOT } from './helpers/engine.mjs';
import { runtimeClient } from './helpers/runtime-client.mjs';
import { withInitialStats } from '../../web/app/initial.js';

const root = fileURLToPath(ROOT);

/** The one ```json block after `heading` in a Markdown file. @param {string} file @param {string} heading */
function jsonBlock(file, heading) {
  const text = readFileSync(join(root, file), 'utf8');
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `${file}: ${heading}`);
  const m = text.slice(at).match(/```json\n([\s\S]*?)```/);
  assert.ok(m, `${file}: a json block after ${heading}`);
  return m[1];
}

/** A value as a TypeScript expression (Float64Array columns and NaN kept as such). @param {unknown} v @returns {string} */
function ts(v) {
  if (v instanceof Float64Array) return `new Float64Array([${Array.from(v, (x) => ts(x)).join(', ')}])`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
  if (Array.isArray(v)) return `[${v.map(ts).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${ts(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}

test('gradscope.d.ts accepts the real documents (tsc)', async () => {
  const g = await loadEngine();
  /** @type {[string, string, string][]} name, type, TypeScript expression */
  const docs = [];
  // the README's network example, without its "parameters": [...] placeholder line
  const block = jsonBlock('README.md', '## The network file');
  const cut = block.indexOf(',\n  "parameters": [ { "W": [[...]');
  assert.ok(cut > 0, 'the README example ends with its parameters placeholder');
  const readme = `${block.slice(0, cut)} }`;
  docs.push(['readme_network', 'NetworkDocument', ts(JSON.parse(readme))]);
  docs.push(['session_config', 'TrainingConfig', ts(JSON.parse(jsonBlock('docs/session.md', '# ')))]);
  const corpus = join(root, 'fuzz/corpus/network');
  const valid = readdirSync(corpus).filter((f) => f.startsWith('valid-'));
  assert.ok(valid.length >= 5, 'the fuzz corpus has valid networks');
  for (const f of valid) docs.push([`corpus_${f.replace(/\W/g, '_')}`, 'NetworkDocument', ts(JSON.parse(readFileSync(join(corpus, f), 'utf8')))]);

  const remedies = {
    format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
    layers: [
      { units: 2, activation: 'relu', batchnorm: true, residual: true },
      { units: 4, activation: { name: 'prelu', per: 'unit' }, batchnorm: { momentum: 0.2 } },
      { units: 1 },
    ],
  };
  const s = new g.Session(remedies, { data: { name: 'circles', samples: 100 }, batch: 8, probe_every: 2 });
  try {
    s.step(5);
    const exported = s.exportNetwork();
    assert.ok(exported.parameters?.[0].gamma, 'the export has batch norm parameters');
    docs.push(['remedies_export', 'NetworkDocument', ts(exported)]);
    const report = s.gradients({ x: [[0.1, 0.2], [0.5, -1], [1, 1]], y: [[1], [0], [1]] });
    assert.ok(report.layers[0].dgamma, 'the report has dgamma');
    docs.push(['gradient_report', 'GradientReport', ts(report)]);
    docs.push(['step_stats', 'StepStats', ts(s.stats())]);
    docs.push(['stats_columns', 'StatsColumns', ts(s.statsColumns())]);
    docs.push(['probe', 'Probe', ts(s.probe())]);
    docs.push(['evaluation', 'Evaluation', ts(s.evaluate())]);
    docs.push(['info', 'NetworkInfo', ts(s.info())]);
    docs.push(['history', 'HistoryDocument', ts(s.history())]);
  } finally {
    s.dispose();
  }

  // the worker's answers, typed by client.d.ts
  const client = await runtimeClient(g);
  try {
    await client.request('open', { network: remedies, config: { data: { name: 'circles', samples: 100 }, batch: 8 } });
    const start = await client.request('step', { n: 0 });
    const initial = await withInitialStats(client, start, { rows: 8, loss: 'bce_logits', outputs: 1 });
    assert.equal(initial.initial?.rows, 8, 'the step-0 frame was completed');
    docs.push(['frame_initial', 'Frame', ts(initial)]);
    const trained = await client.request('step', { n: 3 });
    assert.ok(trained.grid && trained.probe && trained.evaluate && trained.statsColumns.layers === 3, 'a full frame');
    docs.push(['frame', 'Frame', ts(trained)]);
    const report = await client.request('gradients', { batch: { x: [[0.1, 0.2], [0.5, -1]], y: [[1], [0]], matrices: false, stats: true } });
    assert.ok(report.statsColumns, 'the report with its statistics as columns');
    docs.push(['gradients_reply', "RequestResults['gradients']", ts(report)]);
  } finally {
    client.rt.dispose();
  }

  const dir = mkdtempSync(join(root, 'tests/js/.types-'));
  try {
    const fromClient = ['Frame', 'RequestResults'];
    const types = [...new Set(docs.map((d) => d[1].replace(/\[.*$/, '')))];
    const dts = (/** @type {string} */ f) => join(root, `web/engine/${f}`).replace(/\\/g, '/');
    writeFileSync(join(dir, 'documents.ts'),
      `import type { ${types.filter((t) => !fromClient.includes(t)).join(', ')} } from '${dts('gradscope')}';\n` +
      `import type { ${types.filter((t) => fromClient.includes(t)).join(', ')} } from '${dts('client')}';\n` +
      docs.map(([n, t, e]) => `export const ${n}: ${t} = ${e};\n`).join(''));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['documents.ts'],
    }));
    let out = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      out = `${/** @type {any} */ (e).stdout ?? ''}${/** @type {any} */ (e).stderr ?? ''}`;
    }
    assert.equal(out, '', `tsc rejects a document:\n${out.slice(0, 4000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
