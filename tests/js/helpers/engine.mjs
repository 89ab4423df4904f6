// Shared helpers of the Node tests of the WASM engine: loading the module, the native
// CLI, network and batch builders, and comparisons at a tolerance.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadGradscope } from '../../../web/engine/gradscope.js';

export const ROOT = new URL('../../../', import.meta.url);
export const WASM_URL = new URL('web/generated/gradscope.wasm', ROOT);
export const CLI = fileURLToPath(new URL('build/gradscope', ROOT));

export const DIGITS_URL = new URL('web/generated/digits.txt', ROOT);

/** The module, from its bytes (TOOLCHAIN.md pitfall 4: no fetch of file URLs in Node), with
 *  the digits' text (the .wasm leaves them out; the worker fetches the same file). */
export async function loadEngine() {
  return loadGradscope({ wasmBinary: await readFile(WASM_URL), digits: await readFile(DIGITS_URL, 'utf8') });
}

/** The compiled module, as the page would post it to a worker. */
export async function compileEngine() {
  return WebAssembly.compile(await readFile(WASM_URL));
}

/** Fails (never skips silently) when the native CLI has not been built. */
export function requireCli() {
  if (!existsSync(CLI))
    assert.fail(`the native CLI ${CLI} is missing: build it with "cmake -S . -B build && cmake --build build" ` +
                '(npm test does this before the JS tests)');
}

/**
 * Runs the native CLI with JSON documents written to a temporary folder.
 * @param {(files: Record<string, string>) => string[]} argsOf gets the paths of `docs`
 * @param {Record<string, unknown>} docs name -> JSON value (or string)
 * @returns {string} stdout
 */
export function runCli(argsOf, docs) {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-js-'));
  try {
    /** @type {Record<string, string>} */
    const files = {};
    for (const [name, v] of Object.entries(docs)) {
      files[name] = join(dir, `${name}.json`);
      writeFileSync(files[name], typeof v === 'string' ? v : JSON.stringify(v));
    }
    return execFileSync(CLI, argsOf(files), { encoding: 'utf8', maxBuffer: 256 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small seeded PRNG (mulberry32) for batches. @param {number} seed */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A gradscope-network/1 document.
 * @param {{ inputs?: number, hidden: Array<{ units: number, activation: any }>, outputs?: number,
 *           loss?: string, seed?: number, weights?: any }} o
 */
export function network(o) {
  /** @type {any} */
  const doc = {
    format: 'gradscope-network/1',
    inputs: o.inputs ?? 2,
    layers: [...o.hidden, { units: o.outputs ?? 1 }],
    loss: o.loss ?? 'bce_logits',
    init: { seed: o.seed ?? 1 },
  };
  if (o.weights) doc.init.weights = o.weights;
  return doc;
}

/** `depth` hidden layers of `units` with one activation. @param {number} depth @param {number} units @param {any} activation */
export function stack(depth, units, activation) {
  return Array.from({ length: depth }, () => ({ units, activation }));
}

/**
 * A random batch: x in [-2, 2); y as class indices (classes > 0) or dense rows.
 * @param {{ rows: number, inputs: number, outputs: number, classes?: boolean, seed?: number }} o
 */
export function batch(o) {
  const r = rng(o.seed ?? 7);
  const x = Array.from({ length: o.rows }, () => Array.from({ length: o.inputs }, () => 4 * r() - 2));
  const y = o.classes
    ? Array.from({ length: o.rows }, () => Math.floor(r() * o.outputs))
    : Array.from({ length: o.rows }, () => Array.from({ length: o.outputs }, () => (o.outputs === 1 ? Math.round(r()) : r())));
  return { x, y };
}

/**
 * Compares two numeric trees (numbers, nulls, nested arrays) value by value:
 *   |a - b| <= rel * max(|a|, |b|) + floor * scale,
 * scale = the largest |value| of the array (an absolute floor scaled to its norm, for
 * values that are sums which cancel). Returns { rel, floored }: the largest plain relative
 * difference, and the largest |a - b| / (max(|a|, |b|) + floor/rel * scale) seen.
 * @param {any} a @param {any} b @param {{ rel: number, floor: number }} tol @param {string} where
 */
export function compareValues(a, b, tol, where) {
  const fa = flat(a), fb = flat(b);
  assert.equal(fa.length, fb.length, `${where}: ${fa.length} values vs ${fb.length}`);
  let scale = 0;
  for (const v of [...fa, ...fb]) if (typeof v === 'number' && Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  let worstRel = 0, worstFloored = 0;
  for (let i = 0; i < fa.length; ++i) {
    const va = fa[i], vb = fb[i];
    if (typeof va !== 'number' || typeof vb !== 'number' || !Number.isFinite(va) || !Number.isFinite(vb)) {
      assert.equal(va, vb, `${where}[${i}]`);
      continue;
    }
    if (va === vb) continue;
    const d = Math.abs(va - vb), m = Math.max(Math.abs(va), Math.abs(vb));
    worstRel = Math.max(worstRel, d / m);
    worstFloored = Math.max(worstFloored, d / (m + (tol.floor / tol.rel) * scale));
    if (d > tol.rel * m + tol.floor * scale)
      assert.fail(`${where}[${i}]: ${va} vs ${vb}: difference ${d.toExponential(3)} exceeds ${tol.rel} relative ` +
                  `+ ${tol.floor} x ${scale.toExponential(3)} (the array's largest value)`);
  }
  return { rel: worstRel, floored: worstFloored };
}

/** Relative difference of two scalars (0 when equal). @param {number} a @param {number} b */
export function relDiff(a, b) {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** @param {any} v @returns {any[]} */
function flat(v) {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(/** @type {any} */ (v)).flatMap(flat);
  return [v];
}
