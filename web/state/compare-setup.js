// @ts-check
// The comparison's set-up: from one network + one training configuration and the thing
// that varies (activation, initialiser, optimiser, depth, learning rate or remedy) to one
// (network, config) pair per compared value. Pure functions, no DOM, no module state.
// What stays the same, by construction: the data (same data config and seed), the
// mini-batches and their order (same config seed), and, unless the shapes or the
// initialiser differ, the initial weights (same init seed and shapes; comparison.js
// checks it on the exported weights). Remedies (batch norm, skip connections) keep W and
// b: batch norm starts at gamma = 1, beta = 0, and a skip adds no parameter.
// This file is not: the engine (comparison.js drives the workers) or the URL (state.js).

export const VARIES = /** @type {const} */ (['activation', 'init', 'optimizer', 'depth', 'lr', 'remedy']);
/** @typedef {typeof VARIES[number]} Vary */
/**
 * What a comparison varies: one of VARIES (the comparison page offers these), or 'setup':
 * whole set-ups given as values `{ label, network, config }` (a preset against its
 * variant, which may differ in several fields; the playground's preset banner opens these).
 * @typedef {Vary | 'setup'} AnyVary
 */
/**
 * The remedies against vanishing gradients that can be compared: none, batch
 * normalisation after every hidden layer's linear part, identity skip connections around
 * every hidden layer whose input width equals its units, or both.
 */
export const REMEDIES = /** @type {const} */ (['none', 'batchnorm', 'residual', 'both']);
/** @typedef {typeof REMEDIES[number]} Remedy */
/** The labels of the remedies. */
export const REMEDY_LABELS = /** @type {Readonly<Record<Remedy, string>>} */ (Object.freeze({
  none: 'plain', batchnorm: 'batch norm', residual: 'skips', both: 'batch norm + skips',
}));
export const MIN_NETWORKS = 1;
export const MAX_NETWORKS = 6;
export const VIEWS = /** @type {const} */ (['table', 'loss', 'grad0', 'profile', 'health', 'mean', 'time', 'sweep']);
/** @typedef {typeof VIEWS[number]} View */

/** Short names of what can vary (activations, initialisers, optimisers). */
const NAMES = /** @type {Record<string, string>} */ ({
  sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'Leaky ReLU', prelu: 'PReLU', rrelu: 'RReLU',
  elu: 'ELU', selu: 'SELU', gelu: 'GELU', softplus: 'softplus', silu: 'SiLU', swish: 'SiLU', identity: 'linear', linear: 'linear',
  glorot_uniform: 'Xavier uniform', glorot_normal: 'Xavier normal', xavier_uniform: 'Xavier uniform', xavier_normal: 'Xavier normal',
  he_uniform: 'He uniform', he_normal: 'He normal', kaiming_uniform: 'He uniform', kaiming_normal: 'He normal',
  lecun_normal: 'LeCun normal', normal: 'normal', uniform: 'uniform', constant: 'constant',
  sgd: 'SGD', momentum: 'momentum', rmsprop: 'RMSProp', adam: 'Adam',
});

/**
 * Colour-blind-safe series colours (Okabe–Ito, adjusted for contrast on each theme),
 * one per compared network, in order.
 */
export const NET_COLORS = Object.freeze({
  light: Object.freeze(['#0072b2', '#d55e00', '#009e73', '#b3579a', '#9a6700', '#4d4d4d']),
  dark: Object.freeze(['#56b4e9', '#f0804a', '#2fc497', '#e08fc0', '#e6b54a', '#c9c9c9']),
});

/** Line dashes that tell the networks apart without colour (print, colour blindness). */
export const NET_DASHES = Object.freeze([[], [7, 3], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]]);

/**
 * @typedef {{
 *   network: any, config: any, vary: AnyVary, values: any[],
 *   autoplay: boolean, steps: number | null, speed: number, theme: 'light' | 'dark' | 'auto',
 *   views: View[], target: number, timing: boolean,
 * }} ComparisonSetup
 */

/**
 * Checks and completes the options of createComparison. Throws an Error naming the
 * option and what it allows.
 * @param {any} o
 * @returns {ComparisonSetup}
 */
export function checkOptions(o) {
  const fail = (/** @type {string} */ m) => { throw new Error(`createComparison: ${m}`); };
  if (!o || typeof o !== 'object') fail('options must be an object');
  const network = o.network;
  if (!network || typeof network !== 'object' || !Array.isArray(network.layers) || network.layers.length < 2)
    fail('options.network must be a gradscope-network/1 object with hidden layers and an output layer');
  const config = o.config ?? {};
  if (typeof config !== 'object') fail('options.config must be a training configuration object');
  const vary = o.vary ?? 'activation';
  if (!VARIES.includes(vary) && vary !== 'setup') fail(`options.vary must be one of ${VARIES.join(', ')} or setup, got ${JSON.stringify(vary)}`);
  const values = o.values;
  if (!Array.isArray(values) || values.length < MIN_NETWORKS || values.length > MAX_NETWORKS)
    fail(`options.values must list ${MIN_NETWORKS} to ${MAX_NETWORKS} values (2 or more to compare; 1 runs a baseline alone), got ${Array.isArray(values) ? values.length : JSON.stringify(values)}`);
  values.forEach((/** @type {any} */ v, /** @type {number} */ i) => {
    const where = `options.values[${i}]`;
    if (vary === 'depth' && !(Number.isInteger(v) && v >= 1 && v <= 250)) fail(`${where}: a depth must be an integer in 1..250, got ${JSON.stringify(v)}`);
    if (vary === 'lr' && !(typeof v === 'number' && v > 0 && v <= 1000)) fail(`${where}: a learning rate must be a number in (0, 1000], got ${JSON.stringify(v)}`);
    if (vary === 'remedy' && !REMEDIES.includes(v)) fail(`${where}: a remedy must be one of ${REMEDIES.join(', ')}, got ${JSON.stringify(v)}`);
    if (vary === 'setup' && !(v && typeof v === 'object' && typeof v.label === 'string' && v.network && typeof v.network === 'object' && Array.isArray(v.network.layers) && v.network.layers.length >= 2))
      fail(`${where}: a set-up must be { label, network, config } with a gradscope-network/1 network, got ${JSON.stringify(v)?.slice(0, 80)}`);
    if ((vary === 'activation' || vary === 'init' || vary === 'optimizer') &&
        !(typeof v === 'string' || (v && typeof v === 'object' && typeof v.name === 'string')))
      fail(`${where}: must be a name or an object with a name, got ${JSON.stringify(v)}`);
  });
  const steps = o.steps === undefined || o.steps === null || o.steps === 0 ? null : o.steps;
  if (steps !== null && !(Number.isInteger(steps) && steps >= 1 && steps <= 10000000)) fail(`options.steps must be an integer in 1..10000000, got ${JSON.stringify(o.steps)}`);
  const speed = o.speed ?? 10;
  if (!(Number.isInteger(speed) && speed >= 1 && speed <= 10000)) fail(`options.speed (steps per lock-step round) must be an integer in 1..10000, got ${JSON.stringify(o.speed)}`);
  const theme = o.theme ?? 'auto';
  if (!['light', 'dark', 'auto'].includes(theme)) fail(`options.theme must be light, dark or auto, got ${JSON.stringify(theme)}`);
  const views = o.views ?? [...VIEWS];
  if (!Array.isArray(views) || views.some((v) => !VIEWS.includes(v))) fail(`options.views must list some of ${VIEWS.join(', ')}, got ${JSON.stringify(o.views)}`);
  const target = o.target ?? 0.9;
  if (!(typeof target === 'number' && target > 0 && target <= 1)) fail(`options.target (test accuracy) must be a number in (0, 1], got ${JSON.stringify(o.target)}`);
  return {
    network, config, vary, values, autoplay: !!o.autoplay, steps, speed, theme, views: [...views], target,
    timing: o.timing ?? true,
  };
}

/** @param {any} v */
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** @param {any} a activation document (a name or an object) */
export function activationName(a) { return typeof a === 'string' ? a : a && typeof a === 'object' ? String(a.name) : 'identity'; }

/**
 * The optimiser object of a config, with `patch` applied.
 * @param {any} base @param {object} patch
 */
function mergeOptimizer(base, patch) {
  const o = typeof base === 'string' ? { name: base } : base && typeof base === 'object' ? { ...base } : {};
  return { ...o, ...patch };
}

/**
 * Explicit parameters (an imported network) that still fit after an activation change:
 * PReLU layers need their slopes, the others must not have them.
 * @param {any} net
 */
function fitParameters(net) {
  if (!Array.isArray(net.parameters)) return;
  const hidden = net.layers.length - 1;
  net.parameters.forEach((/** @type {any} */ p, /** @type {number} */ l) => {
    if (!p || typeof p !== 'object' || l >= hidden) { if (p) delete p.alpha; return; }
    const a = net.layers[l].activation;
    if (activationName(a) !== 'prelu') { delete p.alpha; return; }
    if (Array.isArray(p.alpha)) return;
    const init = typeof a === 'object' ? (a.alpha ?? a.init ?? 0.25) : 0.25;
    const per = typeof a === 'object' && a.per === 'unit' ? net.layers[l].units : 1;
    p.alpha = Array.from({ length: per }, () => init);
  });
}

/** Batch-norm parameters of the network file (gamma, beta and the running statistics). */
const BN_KEYS = ['gamma', 'beta', 'running_mean', 'running_var'];

/**
 * Sets the remedies of every hidden layer (removing those the network had): batch norm on
 * every hidden layer when asked; a skip connection on every hidden layer whose input
 * width (the inputs for the first, else the previous layer's units) equals its units,
 * when asked. The output layer gets neither. Explicit parameters keep W, b and alpha;
 * a batch-norm layer gets gamma = 1s and beta = 0s when it has none (its own are kept),
 * the other layers lose their batch-norm parameters.
 * @param {any} net (changed in place) @param {boolean} bn @param {boolean} skip
 */
function setRemedies(net, bn, skip) {
  const hidden = net.layers.length - 1;
  const skips = new Set(skip ? skipLayers(net) : []);
  net.layers = net.layers.map((/** @type {any} */ layer, /** @type {number} */ l) => {
    const out = { ...layer };
    delete out.batchnorm;
    delete out.residual;
    if (l < hidden && bn) out.batchnorm = true;
    if (skips.has(l)) out.residual = true;
    return out;
  });
  if (!Array.isArray(net.parameters)) return;
  net.parameters.forEach((/** @type {any} */ p, /** @type {number} */ l) => {
    if (!p || typeof p !== 'object') return;
    const layer = net.layers[l];
    if (!layer?.batchnorm) { for (const k of BN_KEYS) delete p[k]; return; }
    const units = Number(layer.units);
    const fits = (/** @type {any} */ a) => Array.isArray(a) && a.length === units;
    if (fits(p.gamma) && fits(p.beta)) {
      if (!fits(p.running_mean) || !fits(p.running_var)) { delete p.running_mean; delete p.running_var; }
      return;
    }
    for (const k of BN_KEYS) delete p[k];
    p.gamma = Array.from({ length: units }, () => 1);
    p.beta = Array.from({ length: units }, () => 0);
  });
}

/**
 * The hidden layers (0-based) of a network that can take an identity skip connection:
 * those whose input width equals their units.
 * @param {any} network
 * @returns {number[]}
 */
export function skipLayers(network) {
  /** @type {number[]} */ const out = [];
  let width = Number(network.inputs);
  for (let l = 0; l < network.layers.length - 1; ++l) {
    const units = Number(network.layers[l].units);
    if (width === units) out.push(l);
    width = units;
  }
  return out;
}

/**
 * The network and configuration of one compared value. The configuration always keeps
 * per-step statistics on and probes only when asked (the lock-step rounds probe at their
 * end, so every network's dead units are counted at the same step).
 * @param {any} network @param {any} config @param {AnyVary} vary @param {any} value
 * @returns {{ network: any, config: any }}
 */
export function variantOf(network, config, vary, value) {
  const net = clone(network), cfg = clone(config ?? {});
  const hidden = net.layers.length - 1;
  switch (vary) {
    case 'activation':
      for (let l = 0; l < hidden; ++l) net.layers[l] = { ...net.layers[l], activation: clone(value) };
      fitParameters(net);
      break;
    case 'init':
      net.init = { ...(net.init ?? {}), weights: clone(value) };
      delete net.parameters;
      break;
    case 'optimizer':
      cfg.optimizer = mergeOptimizer(cfg.optimizer, typeof value === 'string' ? { name: value } : clone(value));
      break;
    case 'lr':
      cfg.optimizer = mergeOptimizer(cfg.optimizer, { lr: value });
      break;
    case 'depth': {
      const layers = net.layers.slice(0, hidden);
      const out = net.layers[hidden];
      net.layers = Array.from({ length: value }, (_, l) => ({ ...layers[Math.min(l, layers.length - 1)] })).concat([out]);
      delete net.parameters;
      break;
    }
    case 'remedy':
      setRemedies(net, value === 'batchnorm' || value === 'both', value === 'residual' || value === 'both');
      break;
    case 'setup': {  // the value is the whole set-up
      const cfg2 = clone(value.config ?? config ?? {});
      cfg2.stats = true;
      cfg2.probe_every = 0;
      return { network: clone(value.network), config: cfg2 };
    }
  }
  cfg.stats = true;
  cfg.probe_every = 0;
  return { network: net, config: cfg };
}

/**
 * The label of one value ("Leaky ReLU", "He uniform", "Adam", "20 layers", "lr 0.003",
 * "batch norm") and its details (the parameters that are not in the label).
 * @param {AnyVary} vary @param {any} value
 * @returns {{ label: string, detail: string }}
 */
export function labelOf(vary, value) {
  if (vary === 'setup') return { label: String(value.label), detail: String(value.detail ?? '') };
  if (vary === 'remedy') return { label: REMEDY_LABELS[/** @type {Remedy} */ (value)] ?? String(value), detail: '' };
  if (vary === 'depth') return { label: `${value} layer${value === 1 ? '' : 's'}`, detail: '' };
  if (vary === 'lr') return { label: `lr ${+Number(value).toPrecision(4)}`, detail: '' };
  const name = activationName(value);
  const label = NAMES[name] ?? name;
  if (typeof value !== 'object') return { label, detail: '' };
  const detail = Object.entries(value).filter(([k]) => k !== 'name')
    .map(([k, v]) => `${k === 'alpha' && name === 'leaky_relu' ? 'α' : k === 'alpha' ? 'α' : k} ${typeof v === 'number' ? +v.toPrecision(3) : v}`).join(', ');
  return { label, detail };
}

/**
 * @typedef {{ index: number, value: any, name: string, label: string, detail: string, network: any, config: any }} Variant
 */

/**
 * Every compared network, labelled (labels made unique with their details, then #n).
 * @param {ComparisonSetup} s
 * @returns {Variant[]}
 */
export function variantsOf(s) {
  const out = s.values.map((value, index) => {
    const { label, detail } = labelOf(s.vary, value);
    const v = variantOf(s.network, s.config, s.vary, value);
    const name = s.vary === 'setup' ? `setup-${index}` : s.vary === 'depth' || s.vary === 'lr' || s.vary === 'remedy' ? String(value) : activationName(value);
    return { index, value, name, label, detail, ...v };
  });
  const count = (/** @type {string} */ l) => out.filter((v) => v.label === l).length;
  for (const v of out) if (count(v.label) > 1 && v.detail) v.label = `${v.label} (${v.detail})`;
  for (const v of out) {
    if (count(v.label) > 1) {
      const same = out.filter((w) => w.label === v.label);
      same.forEach((w, i) => { w.label = `${w.label} #${i + 1}`; });
    }
  }
  return out;
}

/** The hidden layers of a network document. @param {any} network */
export function hiddenLayers(network) { return network.layers.length - 1; }

/** The hidden units of a network document. @param {any} network */
export function hiddenUnits(network) {
  let n = 0;
  for (let l = 0; l < network.layers.length - 1; ++l) n += Number(network.layers[l].units) || 0;
  return n;
}

/**
 * The index of the reference network for relative figures: the plain network when
 * remedies are compared and it is one of them, ReLU when activations are compared and it
 * is one of them, else the first.
 * @param {Variant[]} variants @param {AnyVary} [vary] (default: activation)
 */
export function baselineIndex(variants, vary = 'activation') {
  const ref = vary === 'remedy' ? 'none' : vary === 'activation' ? 'relu' : null;
  const i = ref === null ? -1 : variants.findIndex((v) => v.name === ref);
  return i >= 0 ? i : 0;
}

/**
 * What is the same and what differs, in words, before any weight is checked.
 * @param {AnyVary} vary
 */
export function samenessClaim(vary) {
  switch (vary) {
    case 'depth': return 'Same data, same mini-batches in the same order. The initial weights differ: the networks have different shapes.';
    case 'init': return 'Same data, same mini-batches in the same order. The initial weights differ by design: that is what is compared.';
    case 'remedy': return 'Same data, same mini-batches in the same order, same initial weights (W and b; batch norm starts at γ = 1, β = 0, and a skip connection adds no parameter).';
    case 'setup': return 'Same data, same mini-batches in the same order; the networks differ in what their labels name (the initial weights are checked below).';
    default: return 'Same data, same mini-batches in the same order, same initial weights.';
  }
}

/**
 * Compares the initial parameters of the networks (exported at step 0), layer by layer:
 * how many leading layers are identical in all of them, and whether all are.
 * @param {any[]} exported gradscope-network/1 documents with parameters
 * @returns {{ identical: boolean, sharedLayers: number, layers: number }}
 */
export function compareWeights(exported) {
  const params = exported.map((d) => (Array.isArray(d?.parameters) ? d.parameters : []));
  const layers = Math.min(...params.map((p) => p.length));
  let shared = 0;
  for (let l = 0; l < layers; ++l) {
    const key = (/** @type {any} */ p) => JSON.stringify([p[l].W, p[l].b]);
    const first = key(params[0]);
    if (!params.every((p) => key(p) === first)) break;
    ++shared;
  }
  const identical = shared === layers && params.every((p) => p.length === layers);
  return { identical, sharedLayers: shared, layers: Math.max(...params.map((p) => p.length)) };
}
