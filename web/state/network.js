// @ts-check
// From the playground state to the engine's two documents: the network
// (gradscope-network/1, core/spec.hpp) and the training configuration
// (core/session.hpp parse_session_config). Pure functions.
// This file is not: validation of the documents (the core does it and names the field)
// or the URL hash (schema.js).
import { layerActivation, layerWidth, inLayerSet } from './schema.js';

/** @typedef {import('./schema.js').State} State */
/**
 * What the network needs to know about the data to fit it.
 * @typedef {{ name: string, inputs: number, task: 'binary' | 'multiclass' | 'regression', classes: number, targets: number, twoD: boolean }} DataShape
 */
/** A user's CSV file held outside the state (it never travels in the link). @typedef {{ name: string, text: string, shape: DataShape }} CsvFile */

/** @type {Record<string, DataShape>} */
const BUILTIN = {
  circles: { name: 'circles', inputs: 2, task: 'binary', classes: 2, targets: 0, twoD: true },
  xor: { name: 'xor', inputs: 2, task: 'binary', classes: 2, targets: 0, twoD: true },
  gaussians: { name: 'gaussians', inputs: 2, task: 'binary', classes: 2, targets: 0, twoD: true },
  spiral: { name: 'spiral', inputs: 2, task: 'binary', classes: 2, targets: 0, twoD: true },
  moons: { name: 'moons', inputs: 2, task: 'binary', classes: 2, targets: 0, twoD: true },
  regression: { name: 'regression', inputs: 2, task: 'regression', classes: 0, targets: 1, twoD: true },
  digits: { name: 'digits', inputs: 64, task: 'multiclass', classes: 10, targets: 0, twoD: false },
};

/** @param {State} s @param {CsvFile | null} csv @returns {DataShape} */
export function dataShape(s, csv) {
  if (s.data === 'csv' && csv) return csv.shape;
  return BUILTIN[s.data] ?? BUILTIN.circles;
}

/** The loss that fits the data ('auto'), or the user's choice. @param {State} s @param {DataShape} d */
export function lossFor(s, d) {
  if (s.loss !== 'auto') return s.loss;
  return d.task === 'binary' ? 'bce_logits' : d.task === 'multiclass' ? 'softmax_ce' : 'mse';
}

/** @param {string} loss @param {DataShape} d */
export function outputsFor(loss, d) {
  if (d.task === 'regression') return Math.max(1, d.targets);
  if (d.task === 'multiclass') return d.classes;
  return loss === 'softmax_ce' ? 2 : 1;
}

/** The activation document of one hidden layer. @param {State} s @param {string} name */
export function activationDoc(s, name) {
  switch (name) {
    case 'leaky_relu': return { name, alpha: s.leakyAlpha };
    case 'elu': return { name, alpha: s.eluAlpha };
    case 'prelu': return { name, alpha: s.preluInit, per: s.preluPer };
    case 'rrelu': return { name, lower: s.rreluLower, upper: s.rreluUpper };
    default: return name;
  }
}

/** @param {State} s */
export function initDoc(s) {
  /** @type {Record<string, string | number>} */
  const weights = { name: s.init };
  if (s.init === 'normal') weights.std = s.gain || 1;
  else if (s.init === 'uniform') { weights.a = -(s.gain || 1); weights.b = s.gain || 1; }
  else if (s.gain > 0) weights.gain = s.gain;
  return { weights, bias: s.bias, seed: s.seed };
}

/**
 * Which hidden layers (0-based) get the remedies: batch norm on every layer of the set;
 * a skip connection on every layer of its set whose input width equals its own (an
 * identity skip needs them equal; the others are listed in `skipRefused`). Layers past
 * the network's depth are ignored.
 * @param {State} s @param {DataShape} d
 * @returns {{ batchnorm: number[], residual: number[], skipRefused: number[] }}
 */
export function remedyPlan(s, d) {
  /** @type {number[]} */ const batchnorm = [], residual = [], skipRefused = [];
  for (let l = 0; l < s.depth; ++l) {
    if (inLayerSet(s.batchnorm, l)) batchnorm.push(l);
    if (!inLayerSet(s.residual, l)) continue;
    const fanIn = l === 0 ? d.inputs : layerWidth(s, l - 1);
    if (fanIn === layerWidth(s, l)) residual.push(l);
    else skipRefused.push(l);
  }
  return { batchnorm, residual, skipRefused };
}

/**
 * The network document.
 * @param {State} s @param {DataShape} d
 */
export function networkDoc(s, d) {
  const loss = lossFor(s, d);
  const plan = remedyPlan(s, d);
  const bn = new Set(plan.batchnorm), skip = new Set(plan.residual);
  /** @type {{ units: number, activation?: string | object, batchnorm?: boolean, residual?: boolean }[]} */
  const layers = [];
  for (let l = 0; l < s.depth; ++l) {
    /** @type {{ units: number, activation?: string | object, batchnorm?: boolean, residual?: boolean }} */
    const layer = { units: layerWidth(s, l), activation: activationDoc(s, layerActivation(s, l)) };
    if (bn.has(l)) layer.batchnorm = true;
    if (skip.has(l)) layer.residual = true;
    layers.push(layer);
  }
  layers.push({ units: outputsFor(loss, d) });
  return { format: 'gradscope-network/1', inputs: d.inputs, layers, loss, init: initDoc(s) };
}

/**
 * The training configuration.
 * @param {State} s @param {CsvFile | null} csv
 * @param {{ probeEvery?: number }} [opts]
 * @returns {import('../engine/gradscope').TrainingConfig}
 */
export function configDoc(s, csv, opts = {}) {
  /** @type {NonNullable<import('../engine/gradscope').TrainingConfig['data']>} */
  const data = { name: s.data === 'csv' ? 'circles' : s.data, samples: s.samples, noise: s.noise, test_fraction: s.testFraction, seed: s.dataSeed };
  if (s.data === 'csv' && csv) {
    data.csv = csv.text;
    data.csv_name = csv.name;
    delete data.samples; delete data.noise;
    if (csv.shape.task === 'regression') data.regression = true;
  }
  return {
    data,
    batch: s.batch,
    optimizer: { name: s.optimizer, lr: s.lr, momentum: s.momentum, weight_decay: s.weightDecay, clip_norm: s.clip },
    seed: s.seed,
    precision: s.precision === 'float64' ? 'float64' : 'float32',
    probe_every: opts.probeEvery ?? 25,
  };
}

/**
 * A first look at a CSV file, only to size the network (inputs, outputs); the core
 * parses and validates it for real and names any problem by line and column.
 * @param {string} name @param {string} text @returns {CsvFile}
 */
export function sniffCsv(name, text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (/** @type {string} */ l) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const first = lines.length ? split(lines[0]) : [];
  const cols = first.length;
  const isNum = (/** @type {string} */ c) => c !== '' && Number.isFinite(Number(c));
  const header = first.slice(0, -1).some((c) => !isNum(c));
  const labels = new Set();
  let numeric = true, integer = true;
  for (let i = header ? 1 : 0; i < lines.length; ++i) {
    const cells = split(lines[i]);
    const lab = cells[cells.length - 1] ?? '';
    labels.add(lab);
    if (!isNum(lab)) numeric = false;
    else if (!Number.isInteger(Number(lab))) integer = false;
  }
  const classes = labels.size;
  const regression = numeric && !integer;
  /** @type {DataShape} */
  const shape = {
    name: `csv:${name}`,
    inputs: Math.max(1, cols - 1),
    task: regression ? 'regression' : classes > 2 ? 'multiclass' : 'binary',
    classes: regression ? 0 : Math.max(2, classes),
    targets: regression ? 1 : 0,
    twoD: cols - 1 === 2,
  };
  return { name, text, shape };
}

/**
 * The layer set ('', 'all' or ranges such as '1-10,25') of the layers flagged true.
 * @param {boolean[]} flags @returns {string}
 */
export function layerSetOf(flags) {
  if (flags.length && flags.every(Boolean)) return 'all';
  /** @type {string[]} */ const parts = [];
  for (let l = 0; l < flags.length; ++l) {
    if (!flags[l]) continue;
    let e = l;
    while (e + 1 < flags.length && flags[e + 1]) ++e;
    parts.push(e === l ? String(l + 1) : `${l + 1}-${e + 1}`);
    l = e;
  }
  return parts.join(',');
}

/**
 * The state that shows an imported network in the controls (architecture, activations
 * and their parameters, initialiser, seed), keeping `base`'s data and training settings.
 * The network's own weights travel separately (the document is opened as it is).
 * @param {any} doc a gradscope-network/1 document
 * @param {State} base
 * @returns {{ state: State } | { error: string }}
 */
export function stateFromNetwork(doc, base) {
  if (!Array.isArray(doc.layers) || doc.layers.length < 2) return { error: 'layers: must list the hidden layers and the output layer' };
  const hidden = doc.layers.slice(0, -1);
  if (hidden.length > 250) return { error: `layers: at most 250 hidden layers here, got ${hidden.length}` };
  /** @type {State} */
  const s = { ...base, widths: null, activations: null };
  s.depth = hidden.length;
  const widths = hidden.map((/** @type {any} */ l) => Number(l.units));
  if (widths.some((/** @type {number} */ w) => !(w >= 1 && w <= 1024 && Number.isInteger(w)))) return { error: 'layers[].units: must be integers in 1..1024' };
  const acts = hidden.map((/** @type {any} */ l) => (typeof l.activation === 'string' ? l.activation : l.activation?.name ?? 'identity'));
  for (const l of hidden) {
    const a = l.activation;
    if (!a || typeof a !== 'object') continue;
    if (a.name === 'leaky_relu' && typeof a.alpha === 'number') s.leakyAlpha = a.alpha;
    if (a.name === 'elu' && typeof a.alpha === 'number') s.eluAlpha = a.alpha;
    if (a.name === 'prelu') { if (typeof a.alpha === 'number') s.preluInit = a.alpha; if (a.per === 'unit' || a.per === 'layer') s.preluPer = a.per; }
    if (a.name === 'rrelu') { if (typeof a.lower === 'number') s.rreluLower = a.lower; if (typeof a.upper === 'number') s.rreluUpper = a.upper; }
  }
  if (widths.every((/** @type {number} */ w) => w === widths[0])) s.width = widths[0]; else s.widths = widths;
  if (acts.every((/** @type {string} */ a) => a === acts[0])) s.activation = acts[0]; else s.activations = acts;
  s.batchnorm = layerSetOf(hidden.map((/** @type {any} */ l) => !!l.batchnorm));
  s.residual = layerSetOf(hidden.map((/** @type {any} */ l) => l.residual === true));
  const w = doc.init?.weights;
  const name = typeof w === 'string' ? w : w?.name;
  if (typeof name === 'string') s.init = name.replace(/^xavier_/, 'glorot_').replace(/^kaiming_/, 'he_');
  if (w && typeof w === 'object' && typeof w.gain === 'number') s.gain = w.gain;
  if (typeof doc.init?.bias === 'number') s.bias = doc.init.bias;
  if (Number.isInteger(doc.init?.seed) && doc.init.seed <= 2147483647) s.seed = doc.init.seed;
  if (typeof doc.loss === 'string') s.loss = doc.loss === 'bce_with_logits' ? 'bce_logits' : doc.loss === 'cross_entropy' ? 'softmax_ce' : doc.loss;
  if (doc.inputs === 64 && s.data !== 'csv') s.data = 'digits';
  else if (doc.inputs === 2 && (s.data === 'digits' || s.data === 'csv')) s.data = 'circles';
  s.layer = Math.min(s.layer, s.depth - 1);
  return { state: s };
}
