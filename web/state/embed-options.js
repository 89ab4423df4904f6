// @ts-check
// The options of one embedded gradscope: the attributes of <grad-scope> and the same
// options in the hash of embed.html. One table (attribute, hash key, type, allowed values)
// drives reading, validation and writing, as state/schema.js does for the playground's
// state. Pure functions, no DOM: every invalid value yields a message that names the
// attribute (or hash key) and the allowed values; a caller with messages shows them and
// does not start (an author sees the mistake at once instead of a silently different demo).
// This file is not: the element (element.js), the snippets (snippet.js) or the state schema.
import {
  ACTIVATIONS, DATASETS, SCHEMA, HASH_VERSION, fieldSpec, parseField, allowed, parseHash, serializeHash,
} from './schema.js';
import { PRESETS, presetById, presetState } from './presets.js';
import { VIEWS as COMPARISON_VIEWS, REMEDIES } from './compare-setup.js';

/** @typedef {import('./schema.js').State} State */
/** @typedef {import('./schema.js').Field} Field */

/** The views an embed can show, in the standalone page's order (card ids). */
export const VIEWS = /** @type {const} */ ([
  'gradients', 'loss', 'flow', 'layer', 'health', 'boundary', 'zigzag', 'slopes', 'network', 'explorer', 'product',
]);
export const DEFAULT_VIEWS = ['gradients', 'loss'];
/** The views of a comparison (compare="..."): web/compare's own. */
export const COMPARE_VIEWS = /** @type {readonly string[]} */ (COMPARISON_VIEWS);
export const DEFAULT_COMPARE_VIEWS = ['table', 'loss', 'profile'];

/** Buttons and inputs of the toolbar. */
export const TRANSPORT = /** @type {const} */ (['play', 'step', 'reset', 'newseed', 'speed', 'lr', 'theme']);
/** Larger pieces: the preset chips, the full settings panel, the share and embed buttons. */
export const EXTRAS = /** @type {const} */ (['presets', 'settings', 'share', 'embed']);
/** Settings that can sit in the toolbar, and the state fields each one shows. */
export const FIELD_CONTROLS = /** @type {Readonly<Record<string, readonly Field[]>>} */ (Object.freeze({
  depth: ['depth'], width: ['width'], activation: ['activation'],
  alpha: ['leakyAlpha', 'eluAlpha', 'preluInit', 'preluPer', 'rreluLower', 'rreluUpper'],
  init: ['init'], gain: ['gain'], bias: ['bias'], seed: ['seed'],
  dataset: ['data'], noise: ['noise'], samples: ['samples'],
  loss: ['loss'], optimizer: ['optimizer'], momentum: ['momentum'], batch: ['batch'], clip: ['clip'],
  decay: ['weightDecay'], precision: ['precision'], measure: ['gradField'],
  batchnorm: ['batchnorm'], skips: ['residual'],
}));
export const CONTROLS = [...TRANSPORT, ...EXTRAS, ...Object.keys(FIELD_CONTROLS)];
export const DEFAULT_CONTROLS = ['play', 'step', 'reset'];
/** What a `compare` list varies: remedies when every name is one, else activations. @param {readonly string[]} values */
export function compareVary(values) {
  return values.every((v) => (/** @type {readonly string[]} */ (REMEDIES)).includes(v)) ? 'remedy' : 'activation';
}
/** Datasets an embed can name (a CSV file cannot travel in an attribute). */
export const EMBED_DATASETS = DATASETS.filter((d) => d !== 'csv');
export const MAX_STEPS = 1000000;
export const COMPARE_MIN = 2, COMPARE_MAX = 6;

/**
 * @typedef {{ shown: string[], locked: string[] }} ControlsSpec
 * @typedef {{
 *   views: string[], controls: ControlsSpec, autoplay: boolean, explain: boolean,
 *   steps: number, height: string, compare: string[] | null, network: string | null,
 * }} EmbedOptions
 * @typedef {{ state: State, options: EmbedOptions, errors: string[] }} Parsed
 */

/** @returns {EmbedOptions} */
export function defaultOptions() {
  return { views: [...DEFAULT_VIEWS], controls: { shown: [...DEFAULT_CONTROLS], locked: [] }, autoplay: false, explain: false, steps: 0, height: '', compare: null, network: null };
}

/**
 * The embed table. `state` rows set a field of the playground state (validated by its
 * schema entry); `option` rows set an EmbedOptions field. `key` is the hash key (state rows
 * use the schema's). The attribute `state` (a whole link hash) and `network` are read apart.
 * @typedef {{ attr: string, key: string, kind: 'state', field: Field, values?: readonly string[] }
 *   | { attr: string, key: string, kind: 'option', name: keyof EmbedOptions }} Row
 * @type {readonly Row[]}
 */
export const TABLE = Object.freeze([
  { attr: 'preset', key: 'ps', kind: 'state', field: 'preset', values: PRESETS.map((p) => p.id) },
  { attr: 'dataset', key: 'data', kind: 'state', field: 'data', values: EMBED_DATASETS },
  { attr: 'seed', key: 's', kind: 'state', field: 'seed' },
  { attr: 'speed', key: 'sp', kind: 'state', field: 'speed' },
  { attr: 'theme', key: 't', kind: 'state', field: 'theme' },
  { attr: 'views', key: 'vw', kind: 'option', name: 'views' },
  { attr: 'controls', key: 'ctl', kind: 'option', name: 'controls' },
  { attr: 'autoplay', key: 'ap', kind: 'option', name: 'autoplay' },
  { attr: 'explain', key: 'ex', kind: 'option', name: 'explain' },
  { attr: 'steps', key: 'st', kind: 'option', name: 'steps' },
  { attr: 'height', key: 'h', kind: 'option', name: 'height' },
  { attr: 'compare', key: 'cx', kind: 'option', name: 'compare' },
  { attr: 'network', key: 'net', kind: 'option', name: 'network' },
]);
/** Every attribute <grad-scope> reads (observedAttributes). */
export const ATTRIBUTES = [...TABLE.map((r) => r.attr), 'state'];
/** Hash keys of embed.html that are not state fields (plus `origin`, read by the frame). */
export const OPTION_KEYS = TABLE.filter((r) => r.kind === 'option').map((r) => r.key);

/** Text of a value as it appears in a message: quoted, cut, never markup (messages go in via textContent). @param {string} v */
const q = (v) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);

/** Allowed values of an option row, in words. @param {keyof EmbedOptions} name */
export function allowedOption(name) {
  switch (name) {
    case 'views': return `a comma-separated list of ${VIEWS.join(', ')} (or all); with compare: of ${COMPARE_VIEWS.join(', ')}`;
    case 'controls': return `none, all, or a comma-separated list of ${CONTROLS.join(', ')}; add :locked to show a control without letting the reader change it (e.g. activation:locked)`;
    case 'autoplay': case 'explain': return 'present with no value, true or false';
    case 'steps': return `an integer in 1..${MAX_STEPS} (stop training after that many steps)`;
    case 'height': return 'a CSS length in px, em, rem or vh (e.g. 480px or 480), from 120px';
    case 'compare': return `${COMPARE_MIN} to ${COMPARE_MAX} different activations, comma-separated, from ${ACTIVATIONS.join(', ')}; or remedies, from ${REMEDIES.join(', ')}`;
    case 'network': return 'a gradscope-network/1 document as inline JSON, or the URL of one';
  }
}

/**
 * Reads one option value. @param {keyof EmbedOptions} name @param {string} text
 * @returns {{ value: any } | { error: string }}
 */
export function parseOption(name, text) {
  const t = text.trim();
  const bad = () => ({ error: `got ${q(text)}; allowed: ${allowedOption(name)}` });
  switch (name) {
    case 'views': {
      if (t === 'all') return { value: ['all'] };
      const parts = t.split(',').map((s) => s.trim()).filter(Boolean);
      if (!parts.length) return bad();
      const unknown = parts.filter((p) => !(/** @type {readonly string[]} */ (VIEWS)).includes(p) && !COMPARE_VIEWS.includes(p));
      if (unknown.length) return { error: `${unknown.map(q).join(', ')} ${unknown.length > 1 ? 'are not views' : 'is not a view'}; allowed: ${allowedOption(name)}` };
      return { value: [...new Set(parts)] };
    }
    case 'controls': {
      if (t === 'none' || t === '') return { value: { shown: [], locked: [] } };
      if (t === 'all') return { value: { shown: [...CONTROLS], locked: [] } };
      /** @type {string[]} */ const shown = [];
      /** @type {string[]} */ const locked = [];
      for (const raw of t.split(',').map((s) => s.trim()).filter(Boolean)) {
        const m = /^([a-z]+)(?::(locked|shown))?$/.exec(raw);
        if (!m || !CONTROLS.includes(m[1])) return { error: `${q(raw)} is not a control; allowed: ${allowedOption(name)}` };
        if (!shown.includes(m[1])) shown.push(m[1]);
        if (m[2] === 'locked' && !locked.includes(m[1])) locked.push(m[1]);
      }
      return { value: { shown, locked } };
    }
    case 'autoplay': case 'explain':
      if (t === '' || t === 'true' || t === name) return { value: true };
      if (t === 'false') return { value: false };
      return bad();
    case 'steps': {
      if (!/^\d{1,7}$/.test(t)) return bad();
      const v = Number(t);
      return v >= 1 && v <= MAX_STEPS ? { value: v } : bad();
    }
    case 'height': {
      const m = /^(\d{1,5}(?:\.\d{1,3})?)(px|em|rem|vh)?$/.exec(t);
      if (!m) return bad();
      const v = Number(m[1]), unit = m[2] ?? 'px';
      const px = unit === 'px' ? v : unit === 'vh' ? v * 8 : v * 16;
      if (px < 120 || (unit === 'vh' && v > 100) || px > 10000) return bad();
      return { value: `${m[1]}${unit}` };
    }
    case 'compare': {
      const parts = t.split(',').map((s) => s.trim()).filter(Boolean);
      const remedies = parts.length > 0 && parts.every((p) => (/** @type {readonly string[]} */ (REMEDIES)).includes(p));
      const unknown = remedies ? [] : parts.filter((p) => !(/** @type {readonly string[]} */ (ACTIVATIONS)).includes(p));
      if (unknown.length) return { error: `${unknown.map(q).join(', ')} ${unknown.length > 1 ? 'are not activations' : 'is not an activation'} (remedies cannot be mixed with activations); allowed: ${allowedOption(name)}` };
      if (parts.length < COMPARE_MIN || parts.length > COMPARE_MAX || new Set(parts).size !== parts.length) return bad();
      return { value: parts };
    }
    case 'network': return t ? { value: t } : bad();
  }
}

/**
 * Reads one state field given as an attribute (preset, dataset, seed, speed, theme).
 * @param {Extract<Row, { kind: 'state' }>} row @param {string} text
 * @returns {{ value: any } | { error: string }}
 */
function parseStateAttr(row, text) {
  const t = text.trim();
  if (row.values) return row.values.includes(t) ? { value: t } : { error: `got ${q(text)}; allowed: one of ${row.values.join(', ')}` };
  const f = fieldSpec(row.field);
  const r = parseField(f, t);
  return 'error' in r ? { error: `got ${q(text)}; allowed: ${allowed(f)}` } : r;
}

/**
 * Views depend on the mode: a playground's or a comparison's. Fixes `o.views` (defaults,
 * `all`) and reports views of the other mode. @param {EmbedOptions} o @param {boolean} given
 * @param {string} name how the message names the option @returns {string | null}
 */
function settleViews(o, given, name) {
  const list = o.compare ? COMPARE_VIEWS : /** @type {readonly string[]} */ (VIEWS);
  if (!given) { o.views = [...(o.compare ? DEFAULT_COMPARE_VIEWS : DEFAULT_VIEWS)]; return null; }
  if (o.views[0] === 'all') { o.views = [...list]; return null; }
  const wrong = o.views.filter((v) => !list.includes(v));
  if (!wrong.length) return null;
  o.views = [...(o.compare ? DEFAULT_COMPARE_VIEWS : DEFAULT_VIEWS)];
  return `${name}: ${wrong.map(q).join(', ')} ${o.compare ? 'is not a view of a comparison' : 'is a view of a comparison only (set compare)'}; allowed${o.compare ? ' with compare' : ''}: ${list.join(', ')}`;
}

/** The state of a preset id (the base that a link's other fields are relative to). @param {string} id */
export function presetBase(id) { const p = presetById(id); return p ? presetState(p) : undefined; }

/**
 * Reads the options of a <grad-scope> element from its attributes.
 * @param {(name: string) => string | null} get the element's getAttribute
 * @returns {Parsed}
 */
export function fromAttributes(get) {
  /** @type {string[]} */ const errors = [];
  const options = defaultOptions();
  const preset = get('preset');
  const stateText = get('state');
  /** @type {State} */ let state;
  const presetRow = /** @type {Extract<Row, { kind: 'state' }>} */ (TABLE[0]);
  let presetId = 'sigmoid-50';
  if (preset !== null) {
    const r = parseStateAttr(presetRow, preset);
    if ('error' in r) errors.push(`preset: ${r.error}`); else presetId = r.value;
  }
  if (stateText !== null) {
    const r = parseHash(stateText.trim().replace(/^#/, ''), presetBase);
    for (const e of r.errors) errors.push(`state: ${e}`);
    state = r.state;
    if (state.data === 'csv') errors.push('state: data set (data): a CSV file cannot travel in an embed; allowed: ' + EMBED_DATASETS.join(', '));
    if (preset !== null && !errors.length) state = { ...(presetBase(presetId) ?? state), ...pick(state, stateText) };
  } else state = /** @type {State} */ (presetBase(presetId));
  /** @type {Record<string, unknown>} */ const rec = state = { ...state };
  /** @type {Record<string, unknown>} */ const opt = options;
  for (const row of TABLE) {
    if (row.attr === 'preset') continue;
    const text = get(row.attr);
    if (text === null) continue;
    const r = row.kind === 'state' ? parseStateAttr(row, text) : parseOption(row.name, text);
    if ('error' in r) { errors.push(`${row.attr}: ${r.error}`); continue; }
    if (row.kind === 'option') { opt[row.name] = r.value; continue; }
    rec[row.field] = r.value;
    // like an edit on the page: a changed network or data set is no longer the preset
    if (row.field !== 'speed' && row.field !== 'theme' && rec[row.field] !== presetBase(String(rec.preset))?.[row.field]) rec.preset = '';
  }
  const v = settleViews(options, get('views') !== null && !errors.some((e) => e.startsWith('views:')), 'views');
  if (v) errors.push(v);
  return { state, options, errors };
}

/**
 * The fields a link hash sets explicitly (a `state` attribute combined with a `preset`
 * attribute: the preset is the base, the link's own fields win).
 * @param {State} s @param {string} text
 */
function pick(s, text) {
  const keys = new Set(new URLSearchParams(text.trim().replace(/^#/, '')).keys());
  /** @type {Record<string, unknown>} */ const out = {};
  for (const f of SCHEMA) if (keys.has(f.key) && f.name !== 'preset') out[f.name] = s[f.name];
  return out;
}

/**
 * Reads embed.html's hash: the playground state (the schema's keys, relative to `ps`),
 * the embed options (vw, ctl, ap, ex, st, h, cx, net) and the host's origin (`origin`).
 * @param {string} hash
 * @returns {Parsed & { origin: string | null }}
 */
export function fromHash(hash) {
  const text = hash.replace(/^#/, '');
  const params = new URLSearchParams(text);
  /** @type {string[]} */ const errors = [];
  const options = defaultOptions();
  /** @type {Record<string, unknown>} */ const opt = options;
  const stateParams = new URLSearchParams();
  let origin = null;
  for (const [key, value] of params) {
    if (key === 'origin') {
      const o = parseOrigin(value);
      if (o === null) errors.push(`origin: got ${q(value)}; allowed: an origin such as https://example.org (scheme, host and port only)`);
      else origin = o;
      continue;
    }
    const row = TABLE.find((r) => r.kind === 'option' && r.key === key);
    if (row && row.kind === 'option') {
      const r = parseOption(row.name, value);
      if ('error' in r) errors.push(`${row.key} (${row.attr}): ${r.error}`); else opt[row.name] = r.value;
      continue;
    }
    stateParams.append(key, value);
  }
  const v = settleViews(options, params.has('vw') && !errors.some((e) => e.startsWith('vw ')), 'vw (views)');
  if (v) errors.push(v);
  const ps = stateParams.get('ps');
  if (ps !== null && ps !== '' && !presetById(ps)) errors.push(`ps (preset): got ${q(ps)}; allowed: one of ${PRESETS.map((p) => p.id).join(', ')}`);
  if (!stateParams.has('ps')) stateParams.set('ps', 'sigmoid-50');
  const r = parseHash(stateParams.toString().replace(/%2C/gi, ','), presetBase);
  errors.push(...r.errors);
  if (r.state.data === 'csv') errors.push(`data set (data): a CSV file cannot travel in a link; allowed: ${EMBED_DATASETS.join(', ')}`);
  return { state: r.state, options, errors, origin };
}

/** A web origin ("https://host[:port]"), or null. @param {string} text */
export function parseOrigin(text) {
  try {
    const u = new URL(text);
    if (!/^https?:$/.test(u.protocol) || u.origin === 'null') return null;
    if (text.replace(/\/$/, '') !== u.origin) return null;
    return u.origin;
  } catch { return null; }
}

/** The link text of a state: only what differs from its preset (or the defaults). @param {State} s */
export function stateHash(s) {
  return serializeHash(s, s.preset ? presetBase(s.preset) : undefined);
}

/**
 * Writes embed.html's hash for a state and options (only what differs from the defaults).
 * @param {State} s @param {EmbedOptions} o @param {string | null} [origin]
 */
export function toHash(s, o, origin = null) {
  const parts = [stateHash(s)];
  for (const [key, value] of Object.entries(optionTexts(o))) parts.push(`${key}=${encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
  if (origin) parts.push(`origin=${encodeURIComponent(origin)}`);
  return parts.join('&');
}

/**
 * The options that differ from the defaults, as text, keyed by hash key (the attribute
 * name is TABLE's `attr` of the same row).
 * @param {EmbedOptions} o @returns {Record<string, string>}
 */
export function optionTexts(o) {
  const d = defaultOptions();
  /** @type {Record<string, string>} */ const out = {};
  const sameList = (/** @type {string[]} */ a, /** @type {string[]} */ b) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!sameList(o.views, o.compare ? DEFAULT_COMPARE_VIEWS : d.views)) out.vw = o.views.join(',');
  const c = o.controls;
  if (!sameList(c.shown, d.controls.shown) || c.locked.length) out.ctl = c.shown.length ? c.shown.map((n) => (c.locked.includes(n) ? `${n}:locked` : n)).join(',') : 'none';
  if (o.autoplay) out.ap = 'true';
  if (o.explain) out.ex = 'true';
  if (o.steps) out.st = String(o.steps);
  if (o.height) out.h = o.height;
  if (o.compare) out.cx = o.compare.join(',');
  if (o.network) out.net = o.network;
  return out;
}

export { HASH_VERSION };
