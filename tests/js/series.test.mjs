// The page's series (web/state/series.js): Float64Array columns appended in place from
// each frame's statsColumns, grown by doubling, thinned in place when full (every other row
// of the older half), started over when the step goes back; evaluations on their own rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeries } from '../../web/state/series.js';

/** A statsColumns of L layers at `step`, every per-layer value step * 10 + layer. */
function frame(step, L = 3, over = {}) {
  const col = (f) => Float64Array.from({ length: L }, (_, l) => f(l));
  const names = ['dW_norm', 'dz_norm', 'same_sign_share', 'prelu_alpha_mean', 'rrelu_slope_min', 'rrelu_slope_mean', 'rrelu_slope_max'];
  const columns = Object.fromEntries(names.map((n) => [n, col((l) => step * 10 + l)]));
  columns.units = col(() => 4);
  columns.saturated_fraction = col(() => 0.5);
  return { step, loss: step / 2, accuracy: NaN, lr: 0.1, grad_norm: step, clipped_norm: step, clipped: false, dead_units: 1, diverged: false, layers: L, columns, ...over };
}

test('series: columns appended in place, one row per new step; the layers are columns of their own', () => {
  const s = createSeries(100);
  assert.equal(s.add(frame(1)), true);
  assert.equal(s.add(frame(1)), false, 'the same step again is not a row');
  assert.equal(s.add({ ...frame(2), layers: 0 }), false, 'statistics off: nothing to add');
  for (let k = 2; k <= 40; ++k) s.add(frame(k));
  assert.equal(s.length, 40);
  assert.equal(s.layers, 3);
  assert.ok(s.scalar('step') instanceof Float64Array);
  assert.deepEqual(Array.from(s.scalar('step').slice(0, 3)), [1, 2, 3]);
  assert.deepEqual(Array.from(s.layer('dW_norm', 2).slice(0, 3)), [12, 22, 32]);
  // the hidden layers' saturated units: 0.5 * 4 units * 2 hidden layers
  assert.equal(s.scalar('saturated')[0], 4);
  assert.equal(s.scalar('loss')[39], 20);
  const v = s.version;
  s.add(frame(41));
  assert.ok(s.version > v);
});

test('series: past its capacity every other row of the older half goes, in place; a step back starts over', () => {
  const s = createSeries(8);
  for (let k = 1; k <= 9; ++k) s.add(frame(k));
  // 9 rows > 8: of the older half (rows 0..3) rows 1 and 3 go
  assert.deepEqual(Array.from(s.scalar('step')), [1, 3, 5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(s.layer('dz_norm', 1)), [11, 31, 51, 61, 71, 81, 91]);
  s.addEval({ step: 9, train: { loss: 1, accuracy: 0.5, rows: 1 }, test: { loss: 2, accuracy: 0.25, rows: 1 } });
  assert.deepEqual(Array.from(s.evaluation('testAcc')), [0.25]);
  s.add(frame(2));
  assert.deepEqual(Array.from(s.scalar('step')), [2], 'a reset: the run starts over');
  assert.equal(s.evalLength, 0);
  // another network (other layer count): the columns follow it
  s.add(frame(3, 5));
  assert.equal(s.layers, 5);
  assert.deepEqual(Array.from(s.layer('dW_norm', 4)), [34]);
  s.clear();
  assert.equal(s.length, 0);
  assert.equal(s.scalar('step').length, 0);
});

test('series: evaluations keep their own steps (an evaluation without one takes the newest frame\'s)', () => {
  const s = createSeries();
  s.add(frame(5));
  s.addEval({ train: { loss: 1, accuracy: 0.5, rows: 1 }, test: { loss: null, accuracy: 0.75, rows: 1 } });
  s.addEval({ step: 5, train: { loss: 9, accuracy: 0.5, rows: 1 }, test: { loss: 9, accuracy: 0.5, rows: 1 } });
  assert.deepEqual(Array.from(s.evaluation('step')), [5]);
  assert.ok(Number.isNaN(s.evaluation('testLoss')[0]), 'null is a gap (NaN)');
  assert.equal(s.evaluation('testAcc')[0], 0.75);
});
