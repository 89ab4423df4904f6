// The worker's and the client's parts on their own (web/engine/pace.js, module-cache.js,
// limits.js): pacing at the requested speed on a fake clock, the slice budget from the
// measured time per step, steps per second over the last second, one compile shared and
// a failed compile retried, and the argument checks' messages. protocol.test.mjs checks
// them again through the runtime.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { Pace } from '../../web/engine/pace.js';
import { ModuleCache } from '../../web/engine/module-cache.js';
import { FRAME_MS, MAX_STEP_REQUEST, boundsOf, intIn } from '../../web/engine/limits.js';
import { WASM_URL } from './helpers/engine.mjs';

/** A Pace on a clock the test moves. */
function paced() {
  const clock = { t: 1000 };
  return { clock, pace: new Pace(() => clock.t) };
}

describe('Pace', () => {
  test('the speed allows steps per 60 Hz frame, with at most one frame of backlog', () => {
    const { clock, pace } = paced();
    pace.start();
    assert.equal(pace.accrue(clock.t, 30), 1, 'one step at once when training starts');
    pace.spend(1);
    clock.t += FRAME_MS / 2;
    assert.equal(pace.accrue(clock.t, 30), 15, 'half a frame at 30 steps per frame');
    pace.spend(15);
    clock.t += 10 * FRAME_MS;  // a hidden page: no burst of ten frames
    assert.equal(pace.accrue(clock.t, 30), 30, 'at most one frame of backlog');
    pace.spend(30);
    assert.equal(pace.accrue(clock.t, 30), 0);
    assert.equal(pace.waitMs(30), 1, 'a step is 1/30 of a frame away: waits at least 1 ms');
    assert.ok(Math.abs(pace.waitMs(1) - FRAME_MS) < 1e-9, 'at 1 step per frame, a frame away');
    pace.credit = 25;
    pace.clamp(10);
    assert.equal(pace.credit, 10, 'a lower speed cuts the backlog');
  });

  test('the slice budget follows the measured time per step', () => {
    const { clock, pace } = paced();
    assert.equal(pace.budget(8), 1, 'nothing measured: one step');
    pace.measure(1, 1, 0);
    assert.equal(pace.budget(8), 2, 'below the clock resolution: twice the last slice');
    pace.measure(100, 100, 50);  // 0.5 ms a step
    assert.equal(pace.msPerStep, 0.5);
    assert.equal(pace.budget(8), 16);
    pace.measure(16, 16, 16);  // 1 ms a step: smoothed 0.7 * 0.5 + 0.3 * 1
    assert.ok(Math.abs(pace.msPerStep - 0.65) < 1e-12, `${pace.msPerStep}`);
    pace.measure(16, 16, 0);
    assert.ok(Math.abs(pace.msPerStep - 0.325) < 1e-12, 'a slice under the clock resolution halves the estimate');
    pace.msPerStep = 1e-9;
    assert.equal(pace.budget(8), MAX_STEP_REQUEST);
    pace.forget();
    assert.equal(pace.msPerStep, 0);
    assert.equal(pace.budget(8), 1);
    assert.equal(clock.t, 1000);
  });

  test('steps per second over the last second, 0 once idle for a second', () => {
    const { clock, pace } = paced();
    assert.equal(pace.stepsPerSecond(), 0);
    for (let i = 0; i < 30; ++i) {
      clock.t += 100;
      pace.measure(50, 50, 10);
    }
    assert.equal(pace.stepsPerSecond(), 500, '50 steps every 100 ms');
    assert.ok(pace.samples.length <= 2 * 12, `only the last second is kept (${pace.samples.length / 2} samples)`);
    clock.t += 1001;
    assert.equal(pace.stepsPerSecond(), 0);
  });
});

describe('ModuleCache', () => {
  test('one compile for every get(); a failed compile is retried by the next get()', async () => {
    const bytes = await readFile(WASM_URL);
    const realFetch = globalThis.fetch;
    let fetches = 0, fail = true;
    globalThis.fetch = /** @type {any} */ (async () => {
      ++fetches;
      if (fail) return new Response('missing', { status: 404 });
      return new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } });  // the wrong type: the ArrayBuffer path
    });
    try {
      const cache = new ModuleCache(new URL('https://example.invalid/gradscope.wasm'));
      await assert.rejects(cache.get(), /404|compile|WebAssembly/i);
      fail = false;
      const [a, b] = await Promise.all([cache.get(), cache.get()]);
      assert.ok(a instanceof WebAssembly.Module);
      assert.equal(a, b);
      assert.equal(await cache.get(), a);
      const before = fetches;
      await cache.get();
      assert.equal(fetches, before, 'no fetch once compiled');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('limits', () => {
  test('the argument checks name the field, the range and the value', () => {
    assert.equal(intIn(7, 'stepsPerFrame', 1, 10000), 7);
    assert.throws(() => intIn(0, 'stepsPerFrame', 1, 10000), { message: 'stepsPerFrame: must be an integer in 1..10000, got 0' });
    assert.throws(() => intIn(1.5, 'step: n', 0, 10), { message: 'step: n: must be an integer in 0..10, got 1.5' });
    assert.throws(() => intIn('3', 'grid.res', 2, 512), { message: 'grid.res: must be an integer in 2..512, got "3"' });
    assert.deepEqual(boundsOf([-1, 1, -2, 2], 'grid.bounds'), [-1, 1, -2, 2]);
    assert.throws(() => boundsOf([1, -1, 0, 1], 'grid.bounds'), { message: 'grid.bounds: must be [xLo, xHi, yLo, yHi], finite with lo < hi, got [1,-1,0,1]' });
    assert.throws(() => boundsOf([0, 1, 0, Infinity], 'grid.bounds'), /finite/);
  });
});
