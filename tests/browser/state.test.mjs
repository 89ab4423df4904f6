// The page's state: schema, URL hash parse/serialize, validation messages, and the
// documents built from a state (pure functions, no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { defaultState, parseHash, serializeHash, setField, SCHEMA, DEFAULTS } from '../../web/state/schema.js';
import { networkDoc, configDoc, dataShape, sniffCsv, stateFromNetwork } from '../../web/state/network.js';
import { PRESETS, presetState } from '../../web/presets/presets.js';
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
