// The page's state: schema, URL hash parse/serialize, validation messages, and the
// documents built from a state (pure functions, no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { defaultState, parseHash, serializeHash, setField, SCHEMA, DEFAULTS } from '../../web/state/schema.js';
import { networkDoc, configDoc, dataShape, sniffCsv, stateFromNetwork } from '../../web/state/network.js';
import { PRESETS, presetState } from '../../web/state/presets.js';
import { loadGradscope } from '../../web/engine/gradscope.js';

test('every field has a unique hash key and a default', () => {
  const keys = SCHEMA.map((f) => f.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const f of SCHEMA) assert.ok(f.name in DEFAULTS, f.name);
  assert.deepEqual(Object.keys(DEFAULTS).sort(), SCHEMA.map((f) => f.name).sort());
});

test('the hash round-trips every preset and writes only what differs', () => {
  assert.equal(serializeHash(defaultState()), 'v=1');
  for (const p of PRESETS) {
    const s = presetState(p);
    const text = serializeHash(s);
    const r = parseHash(`#${text}`);
    assert.deepEqual(r.errors, [], text);
    assert.deepEqual(r.state, s, text);
  }
  assert.match(serializeHash(presetState(PRESETS.find((p) => p.id === 'leaky-family'))), /as=leaky_relu,leaky_relu,leaky_relu,prelu/);
});

test('a link naming a preset reads the other fields relative to it', () => {
  const base = (id) => { const p = PRESETS.find((q) => q.id === id); return p ? presetState(p) : undefined; };
  const r = parseHash('#v=1&ps=leaky-family&lr=0.02', base);
  assert.deepEqual(r.errors, []);
  assert.equal(r.state.preset, 'leaky-family');
  assert.equal(r.state.activations.length, 9);
  assert.equal(r.state.lr, 0.02);
  for (const p of PRESETS) {
    const s = { ...presetState(p), lr: 0.01, speed: 7 };
    const text = serializeHash(s, presetState(p));
    assert.match(text, new RegExp(`ps=${p.id}`));
    assert.deepEqual(parseHash(`#${text}`, base).state, s, text);
  }
});

test('bad values name the field and the allowed range, and keep the default', () => {
  const r = parseHash('#v=1&d=0&w=abc&a=swish2&lr=1e9&ws=4,4&zz=1&o=adamw');
  const all = r.errors.join('\n');
  assert.match(all, /hidden layers \(d\): must be an integer in 1\.\.250, got "0"/);
  assert.match(all, /units per layer \(w\): must be an integer in 1\.\.1024, got "abc"/);
  assert.match(all, /activation \(a\): must be one of sigmoid, tanh/);
  assert.match(all, /learning rate \(lr\): must be a number in 0\.\.10/);
  assert.match(all, /units of each layer \(ws\): must list 50 values/);
  assert.match(all, /unknown key "zz"/);
  assert.match(all, /optimiser \(o\): must be one of sgd, momentum, rmsprop, adam/);
  assert.equal(r.state.depth, DEFAULTS.depth);
  assert.equal(r.state.lr, DEFAULTS.lr);
  assert.equal(r.state.widths, null);
  assert.match(parseHash('#v=7').errors[0], /link version \(v\): must be 1/);
  assert.match(parseHash('#ru=0.01').errors[0], /RReLU upper \(ru\): must be >= RReLU lower/);
});

test('setField validates one control', () => {
  const s = defaultState();
  assert.equal(setField(s, 'depth', '7').state.depth, 7);
  const bad = setField(s, 'batch', '0');
  assert.equal(bad.state, s);
  assert.match(bad.error, /batch size \(bs\): must be an integer in 1\.\.4096, got "0"/);
});

test('documents: every preset opens in the engine; CSV sniffing sizes the network', async () => {
  const g = await loadGradscope({ wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)) });
  for (const p of PRESETS) {
    const s = presetState(p);
    const session = new g.Session(networkDoc(s, dataShape(s, null)), configDoc(s, null));
    session.dispose();
  }
  const digits = { ...defaultState(), data: 'digits', depth: 3 };
  const net = networkDoc(digits, dataShape(digits, null));
  assert.equal(net.inputs, 64);
  assert.equal(net.layers[3].units, 10);
  assert.equal(net.loss, 'softmax_ce');
  const csv = sniffCsv('iris.csv', 'a,b,c,species\n1,2,3,setosa\n2,3,4,versicolor\n3,4,5,virginica\n1,1,1,setosa\n');
  assert.equal(csv.shape.inputs, 3);
  assert.equal(csv.shape.task, 'multiclass');
  assert.equal(csv.shape.classes, 3);
  const s = { ...defaultState(), data: 'csv', depth: 2, batch: 2 };
  const session = new g.Session(networkDoc(s, dataShape(s, csv)), configDoc(s, csv));
  assert.equal(session.info().data.classes, 3);
  // an exported network comes back as the same state
  const exported = session.exportNetwork();
  const back = stateFromNetwork(exported, s);
  assert.ok('state' in back);
  assert.equal(back.state.depth, 2);
  assert.equal(back.state.activation, 'sigmoid');
  session.dispose();
});

test('remedy layer sets: parsed, normalised, written; bad ones named with the allowed form', async () => {
  const { normaliseLayerSet, inLayerSet } = await import('../../web/state/schema.js');
  const { remedyPlan, layerSetOf } = await import('../../web/state/network.js');
  assert.equal(normaliseLayerSet(' 40-50, 1-10,5 '), '1-10,40-50');
  assert.equal(normaliseLayerSet('3,1-2'), '1-3');
  assert.equal(normaliseLayerSet('ALL'), 'all');
  assert.equal(normaliseLayerSet('none'), '');
  assert.equal(normaliseLayerSet('7'), '7');
  for (const bad of ['0', '0-3', '5-2', '251', 'all,1', '1-', '-1', '1;2', '1.5', 'x']) assert.equal(normaliseLayerSet(bad), null, bad);
  assert.ok(inLayerSet('1-3,7', 0) && inLayerSet('1-3,7', 2) && inLayerSet('1-3,7', 6));
  assert.ok(!inLayerSet('1-3,7', 3) && !inLayerSet('', 0) && inLayerSet('all', 249));
  for (const flags of [[true, true, false, true], [false, false], [true], [false, true, true, true, false, true]]) {
    const set = layerSetOf(flags);
    flags.forEach((f, l) => assert.equal(inLayerSet(set, l), f, `${set} layer ${l}`));
  }
  assert.equal(layerSetOf([true, true]), 'all');

  const r = parseHash('#v=1&bn=0-3&sk=1-5x');
  assert.equal(r.state.batchnorm, '');
  assert.equal(r.state.residual, '');
  assert.match(r.errors[0], /^batch norm layers \(bn\): must be empty \(none\), all, or hidden layers and ranges such as 1-10,25 \(layers 1\.\.250\), got "0-3"; using none$/);
  assert.match(r.errors[1], /^skip connection layers \(sk\): must be .* got "1-5x"; using none$/);
  const ok = parseHash('#v=1&d=6&bn=2-3,5&sk=all');
  assert.deepEqual(ok.errors, []);
  // a link that changes the network without naming a preset is no longer the default preset
  assert.equal(ok.state.preset, '');
  assert.equal(serializeHash(ok.state), 'v=1&ps=&d=6&bn=2-3,5&sk=all');

  // the documents: batch norm where asked; skips only where the input width equals the units
  const s = { ...defaultState(), depth: 4, widths: [16, 16, 8, 8], batchnorm: '2-3,9', residual: 'all' };
  const d = dataShape(s, null);
  assert.deepEqual(remedyPlan(s, d), { batchnorm: [1, 2], residual: [1, 3], skipRefused: [0, 2] });
  const doc = networkDoc(s, d);
  assert.deepEqual(doc.layers.map((l) => [!!l.batchnorm, !!l.residual]), [[false, false], [true, true], [true, false], [false, true], [false, false]]);
  // and back: an imported file's remedies show in the controls
  const back = stateFromNetwork(doc, defaultState());
  assert.ok('state' in back);
  assert.equal(back.state.batchnorm, '2-3');
  assert.equal(back.state.residual, '2,4');
  // the engine accepts every such document (skips where allowed) and reports the remedies per layer
  const g = await loadGradscope({ wasmBinary: await readFile(new URL('../../web/generated/gradscope.wasm', import.meta.url)) });
  const session = new g.Session(doc, configDoc(s, null));
  try {
    session.step(2);
    const st = session.stats();
    assert.deepEqual(st.layers.map((l) => [!!l.batchnorm, l.residual]), [[false, false], [true, true], [true, false], [false, true], [false, false]]);
    assert.ok(st.layers[1].batchnorm.out_std > 0 && Number.isFinite(st.layers[1].batchnorm.in_std));
  } finally {
    session.dispose();
  }
});

test('link problems: each bad key named with the value actually used; preset= as a key; unknown presets and repeats said', () => {
  const base = (id) => { const p = PRESETS.find((q) => q.id === id); return p ? presetState(p) : undefined; };
  const ids = PRESETS.map((p) => p.id);
  // the value used is the preset's, not the default's
  const r = parseHash('#ps=relu-50&a=banana&lr=99', base, ids);
  assert.equal(r.state.activation, 'relu');
  assert.equal(r.state.lr, 0.001);
  assert.match(r.errors[0], /activation \(a\): must be one of .*, got "banana"; using relu$/);
  assert.match(r.errors[1], /learning rate \(lr\): must be a number in 0\.\.10, got "99"; using 0\.001$/);
  // five bad keys: five messages
  const five = parseHash('#v=1&d=0&w=abc&a=x&zz=1&o=adamw', base, ids);
  assert.equal(five.errors.length, 5, five.errors.join('\n'));
  // the field's name works as a key: preset=relu-50 as ps=relu-50, depth=7 as d=7
  const named = parseHash('#preset=relu-50&depth=7', base, ids);
  assert.deepEqual(named.errors, []);
  assert.equal(named.state.preset, 'relu-50');
  assert.equal(named.state.activation, 'relu');
  assert.equal(named.state.depth, 7);
  assert.deepEqual(parseHash('#preset=relu-50', base, ids).state, presetState(PRESETS.find((p) => p.id === 'relu-50')));
  // an unknown preset is named with the ids, and the default is not claimed
  const unknown = parseHash('#v=1&ps=relu-5O&d=3', base, ids);
  assert.match(unknown.errors[0], /^preset \(ps\): no preset named "relu-5O"; must be one of sigmoid-50, relu-50, .*; ignored/);
  assert.equal(unknown.state.preset, '');
  assert.equal(unknown.state.depth, 3);
  // a key given twice: said, the last valid value counts
  const twice = parseHash('#v=1&d=4&d=5', base, ids);
  assert.equal(twice.state.depth, 5);
  assert.match(twice.errors[0], /hidden layers \(d\): given more than once; the last valid value counts/);
  // a link that changes the network without naming a preset does not claim the default preset; the learning rate alone does not change that
  assert.equal(parseHash('#v=1&d=7', base, ids).state.preset, '');
  assert.equal(parseHash('#v=1&lr=0.02', base, ids).state.preset, DEFAULTS.preset);
  // a bad per-layer list: the value used is the one for every layer
  assert.match(parseHash('#ps=relu-50&as=relu,banana', base, ids).errors[0], /activation of each layer \(as\): .*; using relu for every layer$/);
  assert.match(parseHash('#ps=relu-50&ws=4,x', base, ids).errors[0], /units of each layer \(ws\): .*; using 16 units for every layer$/);
  // the inspected layer beyond the network is said, not clamped silently
  const ly = parseHash('#v=1&d=5&ly=10', base, ids);
  assert.equal(ly.state.layer, 4);
  assert.match(ly.errors[0], /^inspected layer \(ly\): must be in 0\.\.4 \(counted from 0; this network has 5 hidden layers\), got 10; using 4$/);
});
