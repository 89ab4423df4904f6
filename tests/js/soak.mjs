// npm run soak: a million training steps of the WASM engine under Node, statistics on,
// watching memory. Not part of npm test (it takes a few minutes).
//
//   node tests/js/soak.mjs [steps]          (default 1,000,000; build the module first:
//                                            bash scripts/build-wasm.sh)
//
// A small network (2-8-8-1 relu, batch 8, circles, adam) trains with per-step statistics,
// the bounded history (2,048 rows, decimated) and the probe every 10 steps. Memory is
// measured at the start, every 100,000 steps and at the end:
//   wasm  raw.HEAP8.buffer.byteLength (the wasm memory; it only grows)
//   heap  the part of it malloc has handed out (memory size minus what malloc can still
//         allocate in 64 KiB blocks without growing), when the module exports _malloc;
//         at step 100,000 and at the end only (the probe grows the memory once itself)
//   rss   process.memoryUsage().rss
// The history is full after its first 2,048 steps; from the first checkpoint on, its
// memory is bounded, so nothing may grow: exit status 1 when training grew the wasm memory
// after the first checkpoint, or the heap in use grew by more than 1 MiB, or the history
// holds more rows than its capacity, or training diverged / stopped counting.
import { readFile } from 'node:fs/promises';
import process from 'node:process';

import { loadGradscope } from '../../web/engine/gradscope.js';

const STEPS = Number(process.argv[2] ?? 1_000_000);
const CHECK_EVERY = 100_000;
const CHUNK = 10_000;  // steps per call (the session accepts up to 1,000,000)
const HISTORY_CAPACITY = 2048;
const HEAP_SLACK = 1 << 20;

if (!Number.isInteger(STEPS) || STEPS < CHECK_EVERY) {
  console.error(`soak: steps must be an integer >= ${CHECK_EVERY}, got ${process.argv[2]}`);
  process.exit(2);
}

let wasmBinary;
try {
  wasmBinary = await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url));
} catch {
  console.error('soak: web/generated/gradscope.wasm is missing: build it with "bash scripts/build-wasm.sh"');
  process.exit(2);
}
const gs = await loadGradscope({ wasmBinary });
const raw = gs.raw;

/** Bytes of the wasm heap in use, to 64 KiB; null when _malloc is not exported. */
function heapUsed() {
  if (typeof raw._malloc !== 'function' || typeof raw._free !== 'function') return null;
  const block = 64 << 10, size = raw.HEAP8.buffer.byteLength, blocks = [];
  for (;;) {
    const p = raw._malloc(block);
    if (!p) break;
    if (raw.HEAP8.buffer.byteLength !== size) { raw._free(p); break; }
    blocks.push(p);
  }
  for (const p of blocks) raw._free(p);
  return size - blocks.length * block;
}

const MiB = (/** @type {number | null} */ b) => (b === null ? 'n/a' : `${(b / 1048576).toFixed(2)} MiB`);

const network = {
  format: 'gradscope-network/1', inputs: 2,
  layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }, { units: 1 }],
  loss: 'bce_logits', init: { weights: { name: 'he_uniform' }, seed: 3 },
};
const config = {
  data: { name: 'circles', samples: 1000, seed: 1 }, batch: 8, seed: 1,
  optimizer: { name: 'adam', lr: 0.003 }, stats: true, probe_every: 10, history_capacity: HISTORY_CAPACITY,
};

const s = new gs.Session(network, config);
/**
 * @typedef {{ step: number, wasm: number, heap: number | null, wasmAfterProbe: number, rss: number,
 *             history: number, loss: number, seconds: number }} Point
 */
/** @type {Point[]} */
const points = [];
const t0 = performance.now();
/**
 * One checkpoint. The heap probe (malloc until the memory would have to grow) grows the
 * wasm memory by one growth step itself, so it runs only at the first checkpoint after the
 * warm-up and at the end; the other checkpoints read the memory size without touching it.
 * @param {boolean} probe
 */
function measure(probe) {
  const history = s.historySteps().length;
  const st = s.stats();
  const wasm = raw.HEAP8.buffer.byteLength;
  const heap = probe ? heapUsed() : null;
  /** @type {Point} */
  const p = {
    step: s.steps, wasm, heap, wasmAfterProbe: raw.HEAP8.buffer.byteLength, rss: process.memoryUsage().rss,
    history, loss: st.loss ?? NaN, seconds: (performance.now() - t0) / 1000,
  };
  points.push(p);
  console.log(`step ${String(p.step).padStart(9)}  wasm ${MiB(p.wasm).padStart(11)}  heap ${(probe ? MiB(p.heap) : '-').padStart(11)}  ` +
              `rss ${MiB(p.rss).padStart(11)}  history ${String(history).padStart(5)} rows  ` +
              `loss ${p.step ? p.loss.toPrecision(4) : '-'}  ${p.seconds.toFixed(1)} s`);
  return p;
}

/** @type {string[]} */
const failures = [];
console.log(`soak: ${STEPS} steps, 2-8-8-1 relu, batch ${config.batch}, statistics on, history ${HISTORY_CAPACITY} rows, ` +
            `probe every ${config.probe_every} steps`);
const start = measure(false);
while (s.steps < STEPS) {
  const want = Math.min(CHUNK, STEPS - s.steps);
  const before = s.steps;
  const done = s.step(want);
  if (done !== want || s.steps !== before + want) {
    failures.push(`step(${want}) at step ${before} did ${done} (diverged: ${s.diverged})`);
    break;
  }
  if (s.steps % CHECK_EVERY === 0 || s.steps === STEPS) measure(s.steps === CHECK_EVERY || s.steps === STEPS);
}
const first = points.find((p) => p.step >= CHECK_EVERY) ?? start;
const end = points[points.length - 1];
s.dispose();

for (const p of points) {
  if (p.history > HISTORY_CAPACITY) failures.push(`step ${p.step}: the history holds ${p.history} rows, more than ${HISTORY_CAPACITY}`);
}
// From the first checkpoint on (history full), training may not grow the wasm memory:
// compare each checkpoint with the size after the previous one (and its probe, if any).
for (let i = 1; i < points.length; i++) {
  if (points[i - 1].step >= first.step && points[i].wasm > points[i - 1].wasmAfterProbe)
    failures.push(`the wasm memory grew while training from ${MiB(points[i - 1].wasmAfterProbe)} (step ${points[i - 1].step}) ` +
                  `to ${MiB(points[i].wasm)} (step ${points[i].step})`);
}
if (first.heap !== null && end.heap !== null && end.heap - first.heap > HEAP_SLACK)
  failures.push(`the heap in use grew from ${MiB(first.heap)} (step ${first.step}) to ${MiB(end.heap)} (step ${end.step})`);
if (!Number.isFinite(end.loss)) failures.push(`the loss is not finite at the end: ${end.loss}`);

const rate = Math.round(end.step / end.seconds);
console.log(`soak summary: ${end.step} steps in ${end.seconds.toFixed(1)} s (${rate} steps/s); ` +
            `wasm memory ${MiB(start.wasm)} at start, ${MiB(first.wasm)} at step ${first.step} ` +
            `(${MiB(first.wasmAfterProbe)} after its heap probe), ${MiB(end.wasm)} at end; ` +
            `heap in use ${MiB(first.heap)} at step ${first.step}, ${MiB(end.heap)} at end; ` +
            `rss ${MiB(start.rss)} -> ${MiB(end.rss)}`);
if (failures.length) {
  for (const f of failures) console.error(`soak: FAIL: ${f}`);
  process.exit(1);
}
console.log('soak: memory stayed bounded');
