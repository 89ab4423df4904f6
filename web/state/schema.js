// @ts-check
// The playground's one serialisable state: network + training configuration + view
// options. One schema table (name, hash key, type, allowed values, default) drives
// parsing, validation and writing of the URL hash (`#v=1&d=50&a=sigmoid...`, only the
// fields that differ from the defaults). Pure functions, no module-level mutable state:
// every invalid value yields a message naming the field and the allowed range, and the
// field falls back to its default.
// This file is not: the network document (network.js builds gradscope-network/1 from a
// state) or the DOM.

export const HASH_VERSION = 1;

export const ACTIVATIONS = /** @type {const} */ ([
  'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu', 'gelu', 'softplus', 'silu', 'identity',
]);
export const DATASETS = /** @type {const} */ (['circles', 'xor', 'gaussians', 'spiral', 'moons', 'regression', 'digits', 'csv']);
export const INITS = /** @type {const} */ ([
  'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_normal', 'normal', 'uniform',
]);
export const LOSSES = /** @type {const} */ (['auto', 'mse', 'bce_logits', 'softmax_ce']);
export const OPTIMIZERS = /** @type {const} */ (['sgd', 'momentum', 'rmsprop', 'adam']);
export const PRECISIONS = /** @type {const} */ (['float32', 'float64']);
export const THEMES = /** @type {const} */ (['auto', 'light', 'dark']);
export const PRELU_PER = /** @type {const} */ (['layer', 'unit']);
export const GRAD_FIELDS = /** @type {const} */ (['dW_norm', 'dz_norm']);
export const EDGE_MODES = /** @type {const} */ (['weights', 'gradients']);
export const MAX_DEPTH = 250;
export const REMEDY_LAYERS_HINT = 'empty (none), all, or hidden layers and ranges such as 1-10,25';
export const MAX_WIDTH = 1024;
/**
 * Fields that define the network and its training run: a link that changes one of them
 * (without naming a preset) is not the default preset any more. The learning rate is not
 * one (the playground changes it live and keeps the preset); view options are not either.
 */
export const RUN_FIELDS = new Set(['depth', 'width', 'widths', 'activation', 'activations', 'leakyAlpha', 'eluAlpha',
  'preluInit', 'preluPer', 'rreluLower', 'rreluUpper', 'init', 'gain', 'bias', 'loss', 'data', 'samples', 'noise',
  'testFraction', 'dataSeed', 'batch', 'optimizer', 'momentum', 'weightDecay', 'clip', 'batchnorm', 'residual',
  'precision', 'seed']);
/** The guided tour's stops (web/app/tour-stops.js); the `tour` field is 0 (off) or 1..TOUR_STOPS. */
export const TOUR_STOPS = 9;

/**
 * @typedef {{
 *   depth: number, width: number, widths: number[] | null,
 *   activation: string, activations: string[] | null,
 *   leakyAlpha: number, eluAlpha: number, preluInit: number, preluPer: string,
 *   rreluLower: number, rreluUpper: number,
 *   init: string, gain: number, bias: number, loss: string,
 *   data: string, samples: number, noise: number, testFraction: number, dataSeed: number,
 *   batch: number, optimizer: string, lr: number, momentum: number, weightDecay: number, clip: number,
 *   batchnorm: string, residual: string,
 *   precision: string, seed: number, speed: number,
 *   theme: string, layer: number, gradField: string, edges: string, preset: string, tour: number
 * }} State
 */

/** @typedef {keyof State} Field */

/**
 * @typedef {{ type: 'int', min: number, max: number }
 *   | { type: 'number', min: number, max: number }
 *   | { type: 'enum', values: readonly string[] }
 *   | { type: 'intList', min: number, max: number }
 *   | { type: 'enumList', values: readonly string[] }
 *   | { type: 'layerSet' }
 *   | { type: 'id' }} FieldType
 */

/** @typedef {FieldType & { name: Field, key: string, label: string }} FieldSpec */

/** @type {State} */
export const DEFAULTS = Object.freeze({
  depth: 50, width: 16, widths: null,
  activation: 'sigmoid', activations: null,
  leakyAlpha: 0.01, eluAlpha: 1, preluInit: 0.25, preluPer: 'layer',
  rreluLower: 0.125, rreluUpper: 1 / 3,
  init: 'glorot_uniform', gain: 0, bias: 0, loss: 'auto',
  data: 'circles', samples: 500, noise: 0.1, testFraction: 0.2, dataSeed: 1,
  batch: 32, optimizer: 'adam', lr: 0.01, momentum: 0.9, weightDecay: 0, clip: 0,
  batchnorm: '', residual: '',
  precision: 'float32', seed: 1, speed: 30,
  theme: 'auto', layer: 0, gradField: 'dW_norm', edges: 'weights', preset: 'sigmoid-50', tour: 0,
});

/** The schema table: every field of State once, in hash order. @type {readonly FieldSpec[]} */
export const SCHEMA = Object.freeze([
  { name: 'preset', key: 'ps', label: 'preset', type: 'id' },
  { name: 'depth', key: 'd', label: 'hidden layers', type: 'int', min: 1, max: MAX_DEPTH },
  { name: 'width', key: 'w', label: 'units per layer', type: 'int', min: 1, max: MAX_WIDTH },
  { name: 'widths', key: 'ws', label: 'units of each layer', type: 'intList', min: 1, max: MAX_WIDTH },
  { name: 'activation', key: 'a', label: 'activation', type: 'enum', values: ACTIVATIONS },
  { name: 'activations', key: 'as', label: 'activation of each layer', type: 'enumList', values: ACTIVATIONS },
  { name: 'leakyAlpha', key: 'la', label: 'Leaky ReLU slope', type: 'number', min: 0, max: 1 },
  { name: 'eluAlpha', key: 'ea', label: 'ELU alpha', type: 'number', min: 0, max: 10 },
  { name: 'preluInit', key: 'pa', label: 'PReLU initial slope', type: 'number', min: -1, max: 1 },
  { name: 'preluPer', key: 'pp', label: 'PReLU slopes per', type: 'enum', values: PRELU_PER },
  { name: 'rreluLower', key: 'rl', label: 'RReLU lower', type: 'number', min: 0, max: 1 },
  { name: 'rreluUpper', key: 'ru', label: 'RReLU upper', type: 'number', min: 0, max: 1 },
  { name: 'init', key: 'i', label: 'weight initialiser', type: 'enum', values: INITS },
  { name: 'gain', key: 'g', label: 'initialiser gain (0 = its default)', type: 'number', min: 0, max: 100 },
  { name: 'bias', key: 'b', label: 'initial bias', type: 'number', min: -10, max: 10 },
  { name: 'loss', key: 'l', label: 'loss', type: 'enum', values: LOSSES },
  { name: 'data', key: 'data', label: 'data set', type: 'enum', values: DATASETS },
  { name: 'samples', key: 'n', label: 'samples', type: 'int', min: 10, max: 100000 },
  { name: 'noise', key: 'nz', label: 'noise', type: 'number', min: 0, max: 1 },
  { name: 'testFraction', key: 'tf', label: 'test fraction', type: 'number', min: 0, max: 0.9 },
  { name: 'dataSeed', key: 'ds', label: 'data seed', type: 'int', min: 0, max: 2147483647 },
  { name: 'batch', key: 'bs', label: 'batch size', type: 'int', min: 1, max: 4096 },
  { name: 'optimizer', key: 'o', label: 'optimiser', type: 'enum', values: OPTIMIZERS },
  { name: 'lr', key: 'lr', label: 'learning rate', type: 'number', min: 0, max: 10 },
  { name: 'momentum', key: 'm', label: 'momentum', type: 'number', min: 0, max: 0.999 },
  { name: 'weightDecay', key: 'wd', label: 'L2 weight decay', type: 'number', min: 0, max: 1 },
  { name: 'clip', key: 'c', label: 'gradient clipping (max norm, 0 = off)', type: 'number', min: 0, max: 1e6 },
  { name: 'batchnorm', key: 'bn', label: 'batch norm layers', type: 'layerSet' },
  { name: 'residual', key: 'sk', label: 'skip connection layers', type: 'layerSet' },
  { name: 'precision', key: 'p', label: 'precision', type: 'enum', values: PRECISIONS },
  { name: 'seed', key: 's', label: 'seed', type: 'int', min: 0, max: 2147483647 },
  { name: 'speed', key: 'sp', label: 'steps per frame', type: 'int', min: 1, max: 10000 },
  { name: 'theme', key: 't', label: 'theme', type: 'enum', values: THEMES },
  { name: 'layer', key: 'ly', label: 'inspected layer', type: 'int', min: 0, max: MAX_DEPTH - 1 },
  { name: 'gradField', key: 'gf', label: 'gradient measure', type: 'enum', values: GRAD_FIELDS },
  { name: 'edges', key: 'eg', label: 'diagram edges', type: 'enum', values: EDGE_MODES },
  { name: 'tour', key: 'tour', label: 'guided tour stop (0 = no tour)', type: 'int', min: 0, max: TOUR_STOPS },
]);

/** @param {Field} name @returns {FieldSpec} */
export function fieldSpec(name) {
  const f = SCHEMA.find((s) => s.name === name);
  if (!f) throw new Error(`schema: no field ${name}`);
  return f;
}

/** A number as links and messages write it: integers as they are, others to 6 significant digits. @param {number} v */
export function fmt(v) { return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6)); }

/** @param {FieldSpec} f */
export function allowed(f) {
  switch (f.type) {
    case 'int': return `an integer in ${f.min}..${f.max}`;
    case 'number': return `a number in ${fmt(f.min)}..${fmt(f.max)}`;
    case 'enum': return `one of ${f.values.join(', ')}`;
    case 'intList': return `a comma-separated list of integers in ${f.min}..${f.max}`;
    case 'enumList': return `a comma-separated list of ${f.values.join(', ')}`;
    case 'id': return 'a preset id (letters, digits, -)';
    case 'layerSet': return `${REMEDY_LAYERS_HINT} (layers 1..${MAX_DEPTH})`;
  }
}

/**
 * Reads a set of hidden layers: '' or 'none' (no layer), 'all', or 1-based layer numbers
 * and ranges ('1-10, 25'). Returns the normal form ('', 'all' or sorted, merged ranges
 * such as '1-10,25'), or null when the text is not such a set.
 * @param {string} text @returns {string | null}
 */
export function normaliseLayerSet(text) {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'none') return '';
  if (t === 'all') return 'all';
  /** @type {[number, number][]} */ const ranges = [];
  for (const part of t.split(',')) {
    const m = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b > MAX_DEPTH || a > b) return null;
    ranges.push([a, b]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  /** @type {[number, number][]} */ const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

/**
 * Whether 0-based hidden layer l is in a normalised layer set.
 * @param {string} set @param {number} l
 */
export function inLayerSet(set, l) {
  if (set === '') return false;
  if (set === 'all') return true;
  for (const part of set.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    if (l + 1 >= a && l + 1 <= b) return true;
  }
  return false;
}

/**
 * Parses one field's text. Returns the value, or an error message naming the field and
 * the allowed range.
 * @param {FieldSpec} f @param {string} text
 * @returns {{ value: State[Field] } | { error: string }}
 */
export function parseField(f, text) {
  const bad = () => ({ error: `${f.label} (${f.key}): must be ${allowed(f)}, got "${text.slice(0, 40)}"` });
  switch (f.type) {
    case 'int': {
      if (!/^-?\d+$/.test(text)) return bad();
      const v = Number(text);
      return v >= f.min && v <= f.max ? { value: v } : bad();
    }
    case 'number': {
      if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return bad();
      const v = Number(text);
      return Number.isFinite(v) && v >= f.min && v <= f.max ? { value: v } : bad();
    }
    case 'enum': return f.values.includes(text) ? { value: text } : bad();
    case 'intList': {
      if (text === '') return { value: null };
      const parts = text.split(',');
      if (parts.length < 1 || parts.length > MAX_DEPTH) return bad();
      /** @type {number[]} */ const out = [];
      for (const p of parts) {
        if (!/^\d+$/.test(p)) return bad();
        const v = Number(p);
        if (v < f.min || v > f.max) return bad();
        out.push(v);
      }
      return { value: out };
    }
    case 'enumList': {
      if (text === '') return { value: null };
      const parts = text.split(',');
      if (parts.length < 1 || parts.length > MAX_DEPTH) return bad();
      for (const p of parts) if (!f.values.includes(p)) return bad();
      return { value: parts };
    }
    case 'id': return /^[a-z0-9-]{0,40}$/.test(text) ? { value: text } : bad();
    case 'layerSet': {
      const v = text.length <= 1000 ? normaliseLayerSet(text) : null;
      return v === null ? bad() : { value: v };
    }
  }
}

/** @param {FieldSpec} f @param {State[Field]} v @returns {string} */
export function writeField(f, v) {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'number') return f.type === 'number' ? fmt(v) : String(v);
  return String(v ?? '');
}

/** @param {State[Field]} a @param {State[Field]} b */
function same(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** @returns {State} */
export function defaultState() {
  return { ...DEFAULTS, widths: null, activations: null };
}

/**
 * Cross-field checks (list lengths, ranges that depend on each other). Returns a fixed
 * copy and the messages.
 * @param {State} s @returns {{ state: State, errors: string[] }}
 */
export function validateState(s) {
  /** @type {string[]} */ const errors = [];
  const out = { ...s };
  if (out.widths && out.widths.length !== out.depth) {
    errors.push(`units of each layer (ws): must list ${out.depth} values (one per hidden layer), got ${out.widths.length}; using ${out.width} for all`);
    out.widths = null;
  }
  if (out.activations && out.activations.length !== out.depth) {
    errors.push(`activation of each layer (as): must list ${out.depth} names (one per hidden layer), got ${out.activations.length}; using ${out.activation} for all`);
    out.activations = null;
  }
  if (out.rreluLower > out.rreluUpper) {
    errors.push(`RReLU upper (ru): must be >= RReLU lower (${fmt(out.rreluLower)}), got ${fmt(out.rreluUpper)}; using the defaults 1/8..1/3`);
    out.rreluLower = DEFAULTS.rreluLower;
    out.rreluUpper = DEFAULTS.rreluUpper;
  }
  if (out.layer > out.depth - 1) out.layer = out.depth - 1;
  return { state: out, errors };
}

/**
 * The schema field a link key names: its short key (`d`), or the field's own name
 * (`depth`, `preset`), so `#preset=relu-50` reads as `#ps=relu-50`.
 * @param {string} key @returns {FieldSpec | undefined}
 */
export function fieldOfKey(key) {
  return SCHEMA.find((s) => s.key === key) ?? SCHEMA.find((s) => s.name === key);
}

/**
 * Parses a URL hash (with or without '#'). Every unknown key, bad value, repeated key and
 * unknown preset gets its own message naming the field, the allowed values and the value
 * actually used; the field keeps the value of the base (the preset's, else the default).
 * With a preset (`ps` or `preset`) and `presetBase`, the other fields are read relative to
 * that preset's state (serializeHash writes them that way). `presetIds` (optional) lists
 * the preset ids for the message about an unknown one.
 * @param {string} hash
 * @param {(id: string) => State | undefined} [presetBase]
 * @param {readonly string[]} [presetIds]
 * @returns {{ state: State, errors: string[] }}
 */
export function parseHash(hash, presetBase, presetIds) {
  const text = hash.replace(/^#/, '');
  const params = new URLSearchParams(text);
  /** @type {string[]} */ const errors = [];
  const ps = params.get('ps') ?? params.get('preset');
  if (params.has('ps') && params.has('preset')) errors.push(`preset: given as both ps and preset; using ps=${ps}`);
  const base = ps && presetBase ? presetBase(ps) : undefined;
  if (ps && presetBase && !base) {
    errors.push(`preset (ps): no preset named "${ps.slice(0, 40)}"${presetIds?.length ? `; must be one of ${presetIds.join(', ')}` : ''}; ignored (the link's other fields are read against the default settings)`);
  }
  const state = base ? { ...base } : defaultState();
  if (!text) return { state, errors };
  const v = params.get('v');
  if (v !== null && v !== String(HASH_VERSION)) {
    errors.push(`link version (v): must be ${HASH_VERSION}, got "${v.slice(0, 10)}"; reading it as version ${HASH_VERSION}`);
  }
  /** @type {Record<string, unknown>} */ const rec = state;
  /** @type {Map<Field, number>} */ const seen = new Map();
  for (const [key, value] of params) {
    if (key === 'v') continue;
    const f = fieldOfKey(key);
    if (!f) { errors.push(`link: unknown key "${key.slice(0, 20)}" (=${value.slice(0, 20)}), ignored`); continue; }
    if (f.name === 'preset' && presetBase && !base) continue;  // unknown preset: said above
    const times = (seen.get(f.name) ?? 0) + 1;
    seen.set(f.name, times);
    const r = parseField(f, value);
    if ('error' in r) errors.push(`${r.error}; using ${usedText(f, /** @type {State} */ (state))}`);
    else rec[f.name] = r.value;
    if (times === 2) errors.push(`${f.label} (${f.key}): given more than once; the last valid value counts`);
  }
  if (seen.has('layer') && state.layer > state.depth - 1) {
    errors.push(`inspected layer (ly): must be in 0..${state.depth - 1} (counted from 0; this network has ${state.depth} hidden layers), got ${state.layer}; using ${state.depth - 1}`);
  }
  const checked = validateState(state);
  // a link without a (known) preset that changes the network is no longer the default preset
  if (!base && checked.state.preset === DEFAULTS.preset && SCHEMA.some((f) => RUN_FIELDS.has(f.name) && !same(checked.state[f.name], DEFAULTS[f.name]))) checked.state.preset = '';
  return { state: checked.state, errors: errors.concat(checked.errors) };
}

/**
 * The value a field keeps after a bad one, in words.
 * @param {FieldSpec} f @param {State} s
 */
function usedText(f, s) {
  const v = s[f.name];
  if (v === null && f.name === 'widths') return `${s.width} units for every layer`;
  if (v === null && f.name === 'activations') return `${s.activation} for every layer`;
  return writeField(f, v) || 'none';
}

/**
 * Writes the fields that differ from the defaults (or from `base`, the state of the
 * preset named in `s.preset`; then the preset id is always written).
 * @param {State} s @param {State} [base] @returns {string}
 */
export function serializeHash(s, base) {
  const parts = [`v=${HASH_VERSION}`];
  const ref = base ?? DEFAULTS;
  for (const f of SCHEMA) {
    const v = s[f.name];
    if (base && f.name === 'preset') { if (v) parts.push(`ps=${v}`); continue; }
    if (same(v, ref[f.name])) continue;
    if (v === null) { parts.push(`${f.key}=`); continue; }
    parts.push(`${f.key}=${encodeURIComponent(writeField(f, v)).replace(/%2C/g, ',')}`);
  }
  return parts.join('&');
}

/**
 * Sets one field from text (a form control), validating it.
 * @param {State} s @param {Field} name @param {string} text
 * @returns {{ state: State, error: string | null }}
 */
export function setField(s, name, text) {
  const f = fieldSpec(name);
  const r = parseField(f, text.trim());
  if ('error' in r) return { state: s, error: r.error };
  /** @type {Record<string, unknown>} */ const next = { ...s };
  next[name] = r.value;
  const checked = validateState(/** @type {State} */ (next));
  return { state: checked.state, error: checked.errors[0] ?? null };
}

/** The activation of hidden layer l. @param {State} s @param {number} l */
export function layerActivation(s, l) { return s.activations ? s.activations[l] : s.activation; }
/** The units of hidden layer l. @param {State} s @param {number} l */
export function layerWidth(s, l) { return s.widths ? s.widths[l] : s.width; }
