// @ts-check
// The comparison page's URL hash: the whole set-up, versioned and validated. Two parts in
// one hash: the comparison section (its own keys, below: what varies, the compared
// values, steps, round size, target accuracy, sweep steps, guide stage) and the base
// network, training and theme, written with the playground's own keys and parser
// (web/state/schema.js: `d=10&a=relu&lr=0.003`), relative to this page's base defaults.
//   #cmp=1&cv=activation&cx=sigmoid,relu,leaky_relu,elu&cn=600&d=10&data=spiral
//   #cmp=1&cv=remedy&cx=none,batchnorm,residual,both&d=30&a=sigmoid
// Pure functions; every invalid value gives a message naming the key and the allowed
// range, and falls back to its default.
import {
  SCHEMA, DEFAULTS, ACTIVATIONS, INITS, OPTIMIZERS, MAX_DEPTH, parseField, writeField, validateState, fmt,
} from './schema.js';
import { activationDoc } from './network.js';
import { VARIES, MAX_NETWORKS, REMEDIES } from './compare-setup.js';

/** @typedef {import('./schema.js').State} State */
/** @typedef {import('./compare-setup.js').Vary} Vary */

export const COMPARE_VERSION = 1;

/**
 * @typedef {{ vary: Vary, values: (string | number)[], steps: number, speed: number,
 *   target: number, sweepSteps: number, guide: string }} Section
 */

/** The base network of the page when the link does not say otherwise. @type {State} */
export const BASE_DEFAULTS = Object.freeze({
  ...DEFAULTS, widths: null, activations: null,
  depth: 10, width: 16, activation: 'relu', init: 'he_uniform', data: 'spiral', optimizer: 'adam', lr: 0.003, seed: 1,
  preset: '', theme: 'auto',
});

/** @type {Section} */
export const SECTION_DEFAULTS = Object.freeze({
  vary: 'activation', values: ['sigmoid', 'relu', 'leaky_relu', 'elu'], steps: 600, speed: 10, target: 0.9, sweepSteps: 20, guide: '',
});

/** Values compared by default for each kind of variation. @type {Record<Vary, (string | number)[]>} */
export const DEFAULT_VALUES = Object.freeze({
  activation: ['sigmoid', 'relu', 'leaky_relu', 'elu'],
  init: ['glorot_uniform', 'he_uniform', 'lecun_normal'],
  optimizer: ['sgd', 'momentum', 'rmsprop', 'adam'],
  depth: [5, 10, 20, 40],
  lr: [0.0003, 0.001, 0.003, 0.01],
  remedy: [...REMEDIES],
});

export const GUIDE_IDS = /** @type {const} */ (['relu', 'leaky-elu', 'prelu-rrelu']);

/** The section's keys, in hash order. */
const KEYS = /** @type {const} */ ({ vary: 'cv', values: 'cx', steps: 'cn', speed: 'ck', target: 'ct', sweepSteps: 'cs', guide: 'cg' });
/** Base fields the page does not use (view options of the single-network playground). */
const IGNORED = new Set(['ps', 'ly', 'gf', 'sp', 'v']);

/**
 * The compared values of one kind, validated.
 * @param {Vary} vary @param {string} text
 * @returns {{ values: (string | number)[] } | { error: string }}
 */
export function parseValues(vary, text) {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const allowed = vary === 'activation' ? ACTIVATIONS : vary === 'init' ? INITS : vary === 'optimizer' ? OPTIMIZERS : vary === 'remedy' ? REMEDIES : null;
  const what = allowed ? `names from ${allowed.join(', ')}` : vary === 'depth' ? `integers in 1..${MAX_DEPTH}` : 'numbers in (0, 10]';
  const bad = { error: `compared values (cx): must list 1 to ${MAX_NETWORKS} ${what}, got "${text.slice(0, 60)}"` };
  if (parts.length < 1 || parts.length > MAX_NETWORKS) return bad;
  if (allowed) return parts.every((p) => /** @type {readonly string[]} */ (allowed).includes(p)) ? { values: parts } : bad;
  const nums = parts.map(Number);
  if (vary === 'depth') return nums.every((n, i) => /^\d+$/.test(parts[i]) && n >= 1 && n <= MAX_DEPTH) ? { values: nums } : bad;
  return nums.every((n, i) => /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(parts[i]) && n > 0 && n <= 10) ? { values: nums } : bad;
}

/**
 * One section field from text.
 * @param {keyof Section} name @param {string} text @param {Vary} vary
 * @returns {{ value: any } | { error: string }}
 */
function parseSectionField(name, text, vary) {
  const intIn = (/** @type {string} */ label, /** @type {number} */ lo, /** @type {number} */ hi) =>
    (/^\d+$/.test(text) && Number(text) >= lo && Number(text) <= hi ? { value: Number(text) } : { error: `${label} (${KEYS[name]}): must be an integer in ${lo}..${hi}, got "${text.slice(0, 30)}"` });
  switch (name) {
    case 'vary': return VARIES.includes(/** @type {any} */ (text)) ? { value: text } : { error: `what varies (cv): must be one of ${VARIES.join(', ')}, got "${text.slice(0, 30)}"` };
    case 'values': { const r = parseValues(vary, text); return 'error' in r ? r : { value: r.values }; }
    case 'steps': return intIn('steps to run', 1, 100000);
    case 'speed': return intIn('steps per lock-step round', 1, 1000);
    case 'sweepSteps': return intIn('sweep steps after initialisation', 1, 1000);
    case 'target': {
      const v = Number(text);
      return /^(0?\.\d+|1(\.0*)?)$/.test(text) && v >= 0.5 && v <= 1 ? { value: v } : { error: `target test accuracy (ct): must be a number in 0.5..1, got "${text.slice(0, 30)}"` };
    }
    case 'guide': return text === '' || GUIDE_IDS.includes(/** @type {any} */ (text)) ? { value: text } : { error: `guided step (cg): must be one of ${GUIDE_IDS.join(', ')}, got "${text.slice(0, 30)}"` };
  }
  return { error: `link: unknown key "${name}"` };
}

/**
 * Parses the hash (with or without '#').
 * @param {string} hash
 * @returns {{ base: State, section: Section, errors: string[] }}
 */
export function parseCompareHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  /** @type {string[]} */ const errors = [];
  /** @type {Record<string, unknown>} */ const base = { ...BASE_DEFAULTS };
  /** @type {Section} */ const section = { ...SECTION_DEFAULTS, values: [...SECTION_DEFAULTS.values] };
  const version = params.get('cmp');
  if (version !== null && version !== String(COMPARE_VERSION)) errors.push(`comparison link version (cmp): must be ${COMPARE_VERSION}, got "${version.slice(0, 10)}"; reading it as version ${COMPARE_VERSION}`);
  const v = params.get('v');
  if (v !== null && v !== '1') errors.push(`link version (v): must be 1, got "${v.slice(0, 10)}"; reading it as version 1`);
  // what varies first: the values are read according to it
  const vt = params.get(KEYS.vary);
  if (vt !== null) {
    const r = parseSectionField('vary', vt, section.vary);
    if ('error' in r) errors.push(`${r.error}; using ${section.vary}`); else section.vary = r.value;
  }
  section.values = [...DEFAULT_VALUES[section.vary]];
  for (const [key, text] of params) {
    if (key === 'cmp' || key === KEYS.vary || IGNORED.has(key)) continue;
    const name = /** @type {keyof Section | undefined} */ (/** @type {any} */ (Object.keys(KEYS)).find((/** @type {string} */ k) => KEYS[/** @type {keyof typeof KEYS} */ (k)] === key));
    if (name) {
      const r = parseSectionField(name, text, section.vary);
      if ('error' in r) errors.push(`${r.error}; using ${name === 'values' ? section.values.join(',') : String(section[name]) || 'none'}`);
      else /** @type {Record<string, unknown>} */ (section)[name] = r.value;
      continue;
    }
    const f = SCHEMA.find((s) => s.key === key);
    if (!f) { errors.push(`link: unknown key "${key.slice(0, 20)}", ignored`); continue; }
    const r = parseField(f, text);
    if ('error' in r) errors.push(`${r.error}; using ${writeField(f, BASE_DEFAULTS[f.name]) || 'none'}`);
    else base[f.name] = r.value;
  }
  const checked = validateState(/** @type {State} */ (base));
  if (checked.state.data === 'csv') { errors.push('data set (data): a CSV file cannot travel in a link; choose the file again on this page. Using spiral meanwhile.'); checked.state.data = 'spiral'; }
  return { base: { ...checked.state, preset: '' }, section, errors: errors.concat(checked.errors) };
}

/**
 * Writes the set-up: the section (always the version, what varies and the values), then
 * the base fields that differ from the page's base defaults.
 * @param {State} base @param {Section} section
 */
export function serializeCompareHash(base, section) {
  const parts = [`cmp=${COMPARE_VERSION}`, `${KEYS.vary}=${section.vary}`, `${KEYS.values}=${section.values.map((x) => (typeof x === 'number' ? fmt(x) : x)).join(',')}`];
  if (section.steps !== SECTION_DEFAULTS.steps) parts.push(`${KEYS.steps}=${section.steps}`);
  if (section.speed !== SECTION_DEFAULTS.speed) parts.push(`${KEYS.speed}=${section.speed}`);
  if (section.target !== SECTION_DEFAULTS.target) parts.push(`${KEYS.target}=${fmt(section.target)}`);
  if (section.sweepSteps !== SECTION_DEFAULTS.sweepSteps) parts.push(`${KEYS.sweepSteps}=${section.sweepSteps}`);
  if (section.guide) parts.push(`${KEYS.guide}=${section.guide}`);
  for (const f of SCHEMA) {
    if (IGNORED.has(f.key)) continue;
    const v = base[f.name], ref = BASE_DEFAULTS[f.name];
    if (Array.isArray(v) && Array.isArray(ref) ? v.join() === ref.join() : v === ref) continue;
    if (v === null) { if (ref !== null) parts.push(`${f.key}=`); continue; }
    if (f.name === 'data' && v === 'csv') continue;
    parts.push(`${f.key}=${encodeURIComponent(writeField(f, v)).replace(/%2C/g, ',')}`);
  }
  return parts.join('&');
}

/**
 * The compared values as the engine documents want them: activations with the base
 * state's parameters (Leaky slope, ELU alpha...), initialisers with its gain.
 * @param {State} base @param {Section} section
 * @returns {any[]}
 */
export function valueDocs(base, section) {
  return section.values.map((v) => {
    if (section.vary === 'activation') return activationDoc(base, String(v));
    if (section.vary === 'init') {
      const name = String(v);
      if (name === 'normal') return { name, std: base.gain || 1 };
      if (name === 'uniform') return { name, a: -(base.gain || 1), b: base.gain || 1 };
      return base.gain > 0 ? { name, gain: base.gain } : name;
    }
    return v;
  });
}
