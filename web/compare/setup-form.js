// @ts-check
// The comparison page's set-up form: what varies and its values, the network and data
// (a user's CSV file too), the training, the theme, and a link to the comparison. Every
// field reports a change to the page (which validates it against the schema and keeps the
// set-up); the form shows the page's set-up (sync) and a field's error next to it.
// This file is not: the set-up itself (page.js, state/compare-url.js) or the comparison.
import { h, setText, fillSelect } from '../ui/dom.js';
import { label } from '../app/controls.js';
import { fieldSpec, writeField, ACTIVATIONS, INITS, OPTIMIZERS, DATASETS, THEMES, MAX_DEPTH } from '../state/schema.js';
import { networkDoc, dataShape } from '../state/network.js';
import { VARIES, MAX_NETWORKS, REMEDIES, labelOf, skipLayers } from '../state/compare-setup.js';
import { parseValues } from '../state/compare-url.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('../state/compare-url.js').Section} Section */
/** @typedef {{ base: State, section: Section, csv: import('../state/network.js').CsvFile | null }} Setup */

export const VARY_LABEL = /** @type {Record<string, string>} */ ({ activation: 'activation', init: 'weight initialiser', optimizer: 'optimiser', depth: 'depth (hidden layers)', lr: 'learning rate', remedy: 'remedy (batch norm, skips)' });
/** Activations offered as checkboxes (the lesson's first, then the others). */
const OFFERED = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'prelu', 'rrelu', 'selu', 'gelu', 'silu', 'softplus', 'identity'];

/**
 * @param {Document} doc
 * @param {{ get: () => Setup, onBase: (name: Field, text: string) => void, onSection: (name: keyof Section, text: string) => void,
 *   onVary: (v: string) => void, onValues: (values: (string | number)[]) => void, onCsv: (file: File) => void, onCopyLink: () => void }} on
 */
export function createSetupForm(doc, on) {
  /** @type {Map<string, HTMLInputElement | HTMLSelectElement>} */ const inputs = new Map();
  /** @type {Map<string, HTMLElement>} */ const rows = new Map();
  /** @type {Map<string, HTMLElement>} */ const errs = new Map();
  /**
   * @param {string} name @param {string} text @param {HTMLInputElement | HTMLSelectElement} input
   * @param {(value: string) => void} onChange
   */
  function row(name, text, input, onChange) {
    input.setAttribute('name', name);
    input.addEventListener('change', () => onChange(input.value));
    const err = h('p.gs-field-error', { role: 'alert' });
    err.hidden = true;
    const r = h('div', null, h('label.gs-field', null, h('span', null, text), input), err);
    inputs.set(name, input); rows.set(name, r); errs.set(name, err);
    return r;
  }
  /** @param {Field} name @param {string} text @param {'number' | 'select'} kind @param {readonly string[]} [values] */
  function baseRow(name, text, kind, values) {
    const spec = fieldSpec(name);
    /** @type {HTMLInputElement | HTMLSelectElement} */ let input;
    if (kind === 'select') { input = /** @type {HTMLSelectElement} */ (h('select')); fillSelect(input, values ?? (spec.type === 'enum' ? spec.values : []), label); }
    else {
      input = /** @type {HTMLInputElement} */ (h('input', { type: 'number', step: 'any', inputmode: 'decimal' }));
      if (spec.type === 'int' || spec.type === 'number') { input.min = String(spec.min); input.max = String(spec.max); }
    }
    input.setAttribute('aria-label', spec.label);
    return row(name, text, input, (v) => on.onBase(name, v));
  }
  /** @param {keyof Section} name @param {string} text @param {string} aria */
  function sectionRow(name, text, aria) {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'number', step: 'any', inputmode: 'decimal', 'aria-label': aria }));
    return row(`c-${name}`, text, input, (v) => on.onSection(name, v));
  }

  const varySelect = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'What varies between the networks' }));
  fillSelect(varySelect, VARIES, (v) => VARY_LABEL[v]);
  const valuesBox = h('div.gc-values', { role: 'group', 'aria-label': 'Compared values' });
  const valuesHint = h('p.gs-note');
  const csvInput = /** @type {HTMLInputElement} */ (h('input', { type: 'file', accept: '.csv,text/csv,text/plain', 'aria-label': 'Load a CSV file' }));
  const csvName = h('p.gs-note');
  csvInput.addEventListener('change', () => { const f = csvInput.files?.[0]; if (f) on.onCsv(f); csvInput.value = ''; });

  const compareSection = h('details.gs-section', { open: true }, h('summary', null, 'Compare'),
    h('div.gs-body', null, row('c-vary', 'What varies', varySelect, (v) => on.onVary(v)), valuesBox, valuesHint));
  const networkSection = h('details.gs-section', { open: true }, h('summary', null, 'Network and data'),
    h('div.gs-body', null,
      baseRow('data', 'Data set', 'select', DATASETS.filter((d) => d !== 'csv')),
      baseRow('noise', 'Noise', 'number'),
      h('div.gs-drop', null, 'Your own data (CSV: features…, label last):', h('br'), csvInput, csvName),
      baseRow('depth', `Hidden layers (1–${MAX_DEPTH})`, 'number'),
      baseRow('width', 'Units per layer', 'number'),
      baseRow('activation', 'Activation', 'select', ACTIVATIONS),
      baseRow('leakyAlpha', 'Leaky slope α', 'number'),
      baseRow('eluAlpha', 'ELU α', 'number'),
      baseRow('init', 'Weights', 'select', INITS),
      baseRow('gain', 'Gain (0 = default)', 'number'),
      baseRow('seed', 'Seed (weights, batches)', 'number')));
  const trainingSection = h('details.gs-section', { open: true }, h('summary', null, 'Training'),
    h('div.gs-body', null,
      baseRow('optimizer', 'Optimiser', 'select', OPTIMIZERS),
      baseRow('lr', 'Learning rate', 'number'),
      baseRow('batch', 'Batch size', 'number'),
      sectionRow('steps', 'Steps to run', 'Steps to run (1–100000)'),
      sectionRow('speed', 'Steps per lock-step round', 'Steps per lock-step round (1–1000)'),
      sectionRow('target', 'Target test accuracy', 'Target test accuracy (0.5–1)'),
      sectionRow('sweepSteps', 'Sweep: steps after init (N)', 'Sweep steps after initialisation (1–1000)'),
      baseRow('theme', 'Theme', 'select', THEMES)));
  const linkBtn = h('button.gs-mini', { type: 'button', onclick: () => on.onCopyLink() }, 'Copy the link to this comparison');
  const el = h('aside.gs-side', { 'aria-label': 'Set-up of the comparison' }, compareSection, networkSection, trainingSection, h('div.gs-actions', null, linkBtn));

  /** The values of what varies: a comma-separated list (depth, lr) or checkboxes. @param {Setup} s */
  function renderValues(s) {
    const vary = s.section.vary;
    if (vary === 'depth' || vary === 'lr') {
      const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', value: s.section.values.join(','), 'aria-label': `${VARY_LABEL[vary]} values, comma-separated` }));
      const err = h('p.gs-field-error', { role: 'alert' });
      err.hidden = true;
      input.addEventListener('change', () => {
        const r = parseValues(vary, input.value);
        if ('error' in r) { err.textContent = r.error; err.hidden = false; input.setAttribute('aria-invalid', 'true'); return; }
        on.onValues(r.values);
      });
      valuesBox.replaceChildren(h('label.gs-field.gs-full', null, h('span', null, `${vary === 'depth' ? 'Depths' : 'Learning rates'} (1 to ${MAX_NETWORKS}, comma-separated)`), input), err);
      setText(valuesHint, vary === 'depth' ? 'Different depths have different weights (different shapes); the first layers start identical.' : 'Same initial weights and batches; only the step size differs.');
      return;
    }
    const names = vary === 'activation' ? OFFERED : vary === 'init' ? INITS : vary === 'remedy' ? REMEDIES : OPTIMIZERS;
    const nameLabel = (/** @type {string} */ n) => (vary === 'remedy' ? labelOf('remedy', n).label : label(n));
    const chosen = new Set(s.section.values.map(String));
    const boxes = names.map((n) => {
      const cb = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', value: n }));
      cb.checked = chosen.has(n);
      cb.disabled = !cb.checked && chosen.size >= MAX_NETWORKS;
      cb.addEventListener('change', () => {
        const next = names.filter((m) => (m === n ? cb.checked : chosen.has(m)));
        if (!next.length) { cb.checked = true; return; }
        on.onValues(next);
      });
      return h('label.gc-check', null, cb, nameLabel(n));
    });
    valuesBox.replaceChildren(...boxes);
    setText(valuesHint, `${chosen.size} of at most ${MAX_NETWORKS} chosen${vary === 'init' ? '; different initialisers start from different weights by design' : ''}.${vary === 'remedy' ? ` ${remedyHint(s)}` : ''}`);
  }

  /** Shows the set-up in the fields (not in the one being edited). */
  function sync() {
    const s = on.get();
    const { base, section } = s;
    for (const [name, input] of inputs) {
      if (input === doc.activeElement) continue;
      let v = '';
      if (name.startsWith('c-')) {
        const k = /** @type {keyof Section} */ (name.slice(2));
        v = k === 'vary' ? section.vary : String(section[k]);
      } else {
        const f = fieldSpec(/** @type {Field} */ (name));
        v = writeField(f, base[f.name]);
        if (name === 'data' && base.data === 'csv') v = 'csv';
      }
      if (input instanceof HTMLSelectElement && name === 'data') {
        if (base.data === 'csv' && !Array.from(input.options).some((o) => o.value === 'csv')) input.append(h('option', { value: 'csv' }, 'your CSV file'));
      }
      if (input.value !== v) input.value = v;
    }
    const show = (/** @type {string} */ n, /** @type {boolean} */ yes) => { const r = rows.get(n); if (r) r.hidden = !yes; };
    const varied = section.vary;
    for (const f of ['activation', 'init', 'optimizer', 'lr', 'depth']) show(f, varied !== f);
    show('noise', base.data !== 'digits' && base.data !== 'csv');
    const acts = varied === 'activation' ? section.values.map(String) : [base.activation];
    show('leakyAlpha', acts.includes('leaky_relu'));
    show('eluAlpha', acts.includes('elu'));
    renderValues(s);
  }

  return {
    el,
    sync,
    /** The loaded CSV file's line. @param {string} text */
    csvLine(text) { setText(csvName, text); },
    /** Shows or clears the error of a field. @param {string} name @param {string | null} error */
    fieldError(name, error) {
      const err = errs.get(name);
      if (error === null) { if (err) err.hidden = true; inputs.get(name)?.removeAttribute('aria-invalid'); return; }
      inputs.get(name)?.setAttribute('aria-invalid', 'true');
      if (err) { err.textContent = error; err.hidden = false; }
    },
  };
}

/** What the remedies do to this set-up's network, in words. @param {Setup} s */
function remedyHint(s) {
  let skips = '';
  try {
    const net = networkDoc(s.base, dataShape(s.base, s.csv));
    const hidden = net.layers.length - 1;
    const n = skipLayers(net).length;
    skips = ` (here ${n === hidden ? `all ${hidden}` : `${n} of ${hidden}`} hidden layer${hidden === 1 ? '' : 's'}${n < hidden && net.layers[0].units !== net.inputs ? `; the first maps ${net.inputs} input${net.inputs === 1 ? '' : 's'} to ${net.layers[0].units} units` : ''})`;
  } catch { /* the data shape is not known yet */ }
  return `Batch norm normalises every hidden layer’s pre-activations over the mini-batch (then scales them by γ = 1 and shifts them by β = 0, both learned). A skip connection adds a layer’s input to its output, so it goes only around layers whose input and output widths match${skips}. The initial weights are the same in every network.`;
}
