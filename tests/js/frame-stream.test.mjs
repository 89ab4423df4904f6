// One frame stream (issue 14): the playground, the comparison, the embeds and their cards,
// charts and series read a frame's step statistics only from `frame.statsColumns` through
// web/state/columns.js; frames no longer carry the older `frame.stats` objects or
// `frame.columns` (a reader of them would also fail tsc). app/initial.js is exempt: it
// reads the activations from the `gradients` reply's own `stats` document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const READERS = ['ui', 'charts', 'views', 'app', 'compare', 'embed'];
const EXEMPT = new Set(['app/initial.js']);

/** Lines that read the old frame fields: "file:line: text". @param {string} f @param {string} text */
export function oldFieldReads(f, text) {
  const out = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    if (/\.stats\b(?!Columns)|\bframe\??\.columns\b|\bcolumns\s*:\s*\w+\.columns\b/.test(line)) out.push(`${f}:${i + 1}: ${line.trim().slice(0, 80)}`);
  });
  return out;
}

test('the page reads step statistics only from frame.statsColumns', () => {
  const found = [];
  for (const dir of READERS) {
    for (const name of readdirSync(join(WEB, dir))) {
      const f = `${dir}/${name}`;
      if (!name.endsWith('.js') || EXEMPT.has(f)) continue;
      found.push(...oldFieldReads(f, readFileSync(join(WEB, f), 'utf8')));
    }
  }
  assert.deepEqual(found, []);
  // the check can fail
  assert.equal(oldFieldReads('x.js', 'const st = frame.stats;\nconst c = frame.columns;\nconst ok = frame.statsColumns;\n').length, 2);
  assert.equal(oldFieldReads('x.js', 'if (Array.isArray(f.stats?.layers)) {}\n').length, 1);
});

test('the series and the charts of the playground are fed columns, not records', () => {
  const series = readFileSync(join(WEB, 'state/series.js'), 'utf8');
  assert.match(series, /Float64Array/);
  assert.doesNotMatch(series, /\brecords\b/);
  for (const name of readdirSync(join(WEB, 'views'))) {
    assert.doesNotMatch(readFileSync(join(WEB, 'views', name), 'utf8'), /\.records\b|redrawFromSeries/, name);
  }
});
