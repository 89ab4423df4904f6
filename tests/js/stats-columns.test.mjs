// Session.statsColumns(): the step statistics as binary columns (issue 15), checked against
// stats() (the JSON) number for number on networks that use every field, and the worker's
// frame statistics (frame-stats.js statsFromColumns) equal to stats() object for object,
// and the way back (stats-columns.js columnsFromStats, for the step-0 report) equal to
// statsColumns() number for number.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { statsFromColumns } from '../../web/engine/frame-stats.js';
import { columnsFromStats } from '../../web/engine/stats-columns.js';
import { loadEngine } from './helpers/engine.mjs';

/** @type {import('../../web/engine/gradscope').GradscopeModule} */
let g;
before(async () => { g = await loadEngine(); });

const NETWORKS = {
  every_activation: {
    format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
    layers: [
      { units: 6, activation: 'sigmoid' },
      { units: 6, activation: { name: 'leaky_relu', alpha: 0.01 } },
      { units: 6, activation: { name: 'prelu', per: 'unit', alpha: 0.25 } },
      { units: 6, activation: { name: 'rrelu', lower: 0.125, upper: 0.3333 } },
      { units: 6, activation: 'elu' },
      { units: 1 },
    ],
  },
  remedies: {
    format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
    layers: [
      { units: 8, activation: 'relu', batchnorm: true },
      { units: 8, activation: 'relu', batchnorm: true, residual: true },
      { units: 8, activation: 'tanh', residual: true },
      { units: 1 },
    ],
  },
  dead_relus: {
    format: 'gradscope-network/1', inputs: 2, loss: 'bce_logits',
    layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }, { units: 1 }],
    init: { weights: { name: 'glorot_uniform' }, bias: -3, seed: 2 },
  },
};

/** JSON value for column `name` of one stats() layer (nested summaries, batch norm). */
function jsonValue(layer, name) {
  for (const p of ['prelu_alpha', 'rrelu_slope']) if (name.startsWith(`${p}_`)) return layer[p]?.[name.slice(p.length + 1)] ?? null;
  if (name === 'batchnorm') return layer.batchnorm ? 1 : 0;
  if (name === 'residual') return layer.residual ? 1 : 0;
  const bn = name.match(/^bn_(gamma|beta)_(min|mean|max)$/);
  if (bn) return layer.batchnorm?.[bn[1]]?.[bn[2]] ?? null;
  if (name.startsWith('bn_')) return layer.batchnorm?.[name.slice(3)] ?? null;
  assert.ok(name in layer, `stats() has no field for column ${name}`);
  return layer[name];
}

/** statsColumns() holds exactly the numbers of stats(), and statsFromColumns() rebuilds it. */
function checkAgainstJson(s) {
  const st = s.stats(), sc = s.statsColumns();
  const names = g.statsColumnNames();
  assert.equal(sc.layers, st.layers.length);
  assert.deepEqual(Object.keys(sc.columns), names.columns);
  for (const k of names.scalars) {
    const want = k === 'diverged' ? st.diverged !== null : st[k];
    if (want === null) assert.ok(Number.isNaN(sc[k]) || !Number.isFinite(sc[k]), `${k}: null -> not finite`);
    else assert.equal(sc[k], want, `scalar ${k}`);
  }
  const buffers = new Set(Object.values(sc.columns).map((c) => c.buffer));
  assert.equal(buffers.size, 1, 'all columns are views of one copied buffer');
  for (const [name, col] of Object.entries(sc.columns)) {
    assert.ok(col instanceof Float64Array && col.length === sc.layers, name);
    for (let l = 0; l < sc.layers; ++l) {
      const want = jsonValue(st.layers[l], name);
      if (want === null) assert.ok(!Number.isFinite(col[l]), `${name}[${l}]: null -> not finite, got ${col[l]}`);
      else assert.equal(col[l], want, `${name}[${l}]`);
    }
  }
  const rebuilt = statsFromColumns(sc, st.layers.map((l) => l.activation), st.diverged);
  assert.deepEqual(rebuilt, st, 'the frame statistics equal stats()');
  // and back: the JSON as columns (the step-0 report's path) gives the core's columns
  const back = columnsFromStats(st, names);
  assert.deepEqual(Object.keys(back.columns), names.columns);
  assert.equal(new Set(Object.values(back.columns).map((c) => c.buffer)).size, 1, 'one buffer');
  for (const k of names.scalars) sameNumber(back[k], sc[k], `scalar ${k} (columnsFromStats)`);
  assert.equal(back.layers, sc.layers);
  for (const name of names.columns)
    for (let l = 0; l < sc.layers; ++l) sameNumber(back.columns[name][l], sc.columns[name][l], `${name}[${l}] (columnsFromStats)`);
}

/** Equal, or both not finite (the JSON writes NaN and infinities as null). */
function sameNumber(a, b, what) {
  if (typeof b === 'boolean') assert.equal(a, b, what);
  else if (Number.isFinite(b)) assert.equal(a, b, what);
  else assert.ok(Number.isNaN(a), `${what}: ${b} -> NaN, got ${a}`);
}

describe('statsColumns', () => {
  for (const [name, net] of Object.entries(NETWORKS)) {
    for (const precision of ['float32', 'float64']) {
      test(`${name} (${precision}): every number of stats(), before and after steps, probes, stats off, reset`, () => {
        const s = new g.Session(net, { data: { name: 'circles', samples: 200 }, batch: 16, probe_every: 5, precision });
        try {
          checkAgainstJson(s);
          assert.equal(s.statsColumns().layers, 0, 'no layers before the first step');
          s.step(7);
          checkAgainstJson(s);
          s.probe();
          checkAgainstJson(s);
          s.setStats(false);
          s.step(1);
          checkAgainstJson(s);
          assert.equal(s.statsColumns().layers, 0, 'no layers while statistics are off');
          s.setStats(true);
          s.step(2);
          checkAgainstJson(s);
          s.reset();
          checkAgainstJson(s);
        } finally {
          s.dispose();
        }
      });
    }
  }

  test('a regression network (accuracy NaN) and a diverged one (the flag, and stats() for the details)', () => {
    const r = new g.Session({ format: 'gradscope-network/1', inputs: 2, layers: [{ units: 4, activation: 'elu' }, { units: 1 }], loss: 'mse' },
      { data: { name: 'regression' } });
    r.step(3);
    checkAgainstJson(r);
    assert.ok(Number.isNaN(r.statsColumns().accuracy));
    r.dispose();
    // identity layers of width 1 with w = 1e10: float32 overflows in layers[3] on the first step
    const exploding = {
      format: 'gradscope-network/1', inputs: 2, loss: 'mse',
      layers: [...Array(5).fill({ units: 1, activation: 'identity' }), { units: 1 }],
      parameters: [{ W: [[1e10, 1e10]], b: [0] }, ...Array(4).fill({ W: [[1e10]], b: [0] }), { W: [[1]], b: [0] }],
    };
    const d = new g.Session(exploding, { data: { name: 'regression' } });
    d.step(3);
    assert.ok(d.diverged);
    const sc = d.statsColumns();
    assert.equal(sc.diverged, true);
    checkAgainstJson(d);
    d.dispose();
  });

  test('columnsFromStats: a column without a rule throws (a new core statistic cannot go missing)', () => {
    const s = new g.Session(NETWORKS.remedies, { data: { name: 'circles' } });
    try {
      s.step(1);
      const names = g.statsColumnNames();
      assert.throws(() => columnsFromStats(s.stats(), { columns: [...names.columns, 'dW_entropy'] }), /no rule for the column 'dW_entropy'/);
      assert.equal(columnsFromStats({ layers: [] }, { columns: ['dW_entropy'] }).layers, 0, 'no layer: nothing to read');
    } finally {
      s.dispose();
    }
  });

  test('the columns are copies: later steps do not change a result already read', () => {
    const s = new g.Session(NETWORKS.every_activation, { data: { name: 'circles' } });
    s.step(1);
    const a = s.statsColumns(), before = Float64Array.from(a.columns.dW_norm);
    s.step(5);
    assert.deepEqual(a.columns.dW_norm, before);
    assert.notDeepEqual(s.statsColumns().columns.dW_norm, before);
    s.dispose();
    assert.throws(() => s.statsColumns(), /already disposed/);
  });
});
