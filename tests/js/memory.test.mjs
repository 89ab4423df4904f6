// Sessions free what they take: creating, training and deleting 10,000 sessions leaves the
// wasm memory flat, and so does a repeated large allocation. Measured two ways: the size
// of the wasm memory (it only grows, so it alone would miss a leak smaller than the free
// space), and the heap in use: the memory size minus what malloc can still hand out in
// 64 KiB blocks before the memory has to grow.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadEngine, network, stack } from './helpers/engine.mjs';

/** @type {any} */
let gs;
before(async () => { gs = await loadEngine(); });

/** Bytes of the heap in use, to 64 KiB (may grow the memory once, to measure). */
function heapUsed() {
  const raw = gs.raw, block = 64 << 10, size = raw.HEAP8.buffer.byteLength;
  const blocks = [];
  for (;;) {
    const p = raw._malloc(block);
    if (!p) break;
    if (raw.HEAP8.buffer.byteLength !== size) {
      raw._free(p);
      break;
    }
    blocks.push(p);
  }
  for (const p of blocks) raw._free(p);
  return size - blocks.length * block;
}

/** @param {any} net @param {any} config @param {number} steps */
function cycle(net, config, steps) {
  const s = new gs.Session(net, config);
  try {
    if (steps) s.step(steps);
  } finally {
    s.dispose();
  }
}

test('10,000 sessions created, trained and deleted leave memory flat', (t) => {
  const net = network({ hidden: stack(3, 16, 'relu'), seed: 2 });
  const config = { data: { name: 'circles', samples: 200 }, batch: 16, probe_every: 1 };
  for (let i = 0; i < 50; ++i) cycle(net, config, 2);  // warm-up: first-use allocations
  const used0 = heapUsed(), bytes0 = gs.raw.HEAP8.buffer.byteLength, handles0 = gs.raw.count_emval_handles();
  const t0 = performance.now();
  for (let i = 0; i < 10000; ++i) {
    cycle(net, config, i % 10 === 0 ? 2 : 0);
    if (i % 1000 === 0) {
      // a few calls that build strings and arrays on the way
      const s = new gs.Session(net, config);
      s.step(1);
      s.stats(); s.probe(); s.evaluate(); s.grid(8); s.history(); s.historyCsv(); s.exportNetwork();
      s.dispose();
    }
  }
  const ms = performance.now() - t0;
  const bytes1 = gs.raw.HEAP8.buffer.byteLength, used1 = heapUsed();
  t.diagnostic(`10,000 sessions in ${ms.toFixed(0)} ms; wasm memory ${bytes0} -> ${bytes1} bytes; ` +
               `heap in use ${used0} -> ${used1} bytes`);
  assert.equal(bytes1, bytes0, 'the wasm memory did not grow');
  assert.ok(used1 - used0 <= 64 << 10, `the heap in use grew by ${used1 - used0} bytes`);
  assert.equal(gs.raw.count_emval_handles(), handles0, 'no emval handle leaked');
});

test('a large session created and deleted 15 times grows memory once', (t) => {
  // ~1.6 M parameters with Adam: ~30 MB of float32 arrays per session
  const net = network({ hidden: stack(3, 700, 'tanh'), seed: 3 });
  const config = { data: { name: 'circles', samples: 200 }, batch: 64, optimizer: 'adam' };
  cycle(net, config, 1);
  const used0 = heapUsed(), bytes0 = gs.raw.HEAP8.buffer.byteLength;
  for (let i = 0; i < 15; ++i) cycle(net, config, 1);
  const bytes1 = gs.raw.HEAP8.buffer.byteLength, used1 = heapUsed();
  t.diagnostic(`large session x15: wasm memory ${bytes0} -> ${bytes1} bytes; heap in use ${used0} -> ${used1} bytes`);
  assert.equal(bytes1, bytes0, 'the wasm memory did not grow');
  assert.ok(used1 - used0 <= 64 << 10, `the heap in use grew by ${used1 - used0} bytes`);
});
