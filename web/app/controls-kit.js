// @ts-check
// The settings panel's fields (part of controls.js): a labelled input or select per schema
// field that reports (field, text) when it changes, with its error line; the layer-set
// fields of the remedies (a mode and the layers); the per-layer table (units and
// activation of each hidden layer). `cur.state` is the state the panel shows.
// This file is not: the sections (controls.js) or validation (state/schema.js).
import { h, fillSelect } from '../ui/dom.js';
import { label } from '../ui/labels.js';
import { ACTIVATIONS, REMEDY_LAYERS_HINT, fieldSpec, layerActivation, layerWidth } from '../state/schema.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */

/**
 * @param {State} initial
 * @param {Pick<import('./controls.js').ControlHandlers, 'onField' | 'onPerLayer'>} on
 */
export function createFieldKit(initial, on) {
  const cur = { state: initial };
  /** @type {Map<Field, HTMLInputElement | HTMLSelectElement>} */
  const inputs = new Map();
  /** @type {Map<Field, HTMLElement>} */
  const errors = new Map();
  /** @type {Map<Field, HTMLElement>} */
  const rows = new Map();
  /** @type {Map<Field, HTMLSelectElement>} */
  const modes = new Map();

  /**
   * @param {Field} name @param {string} text @param {'number' | 'select' | 'range'} kind
   * @param {{ step?: string, values?: readonly string[], hint?: string }} [o]
   */
  function field(name, text, kind, o = {}) {
    const spec = fieldSpec(name);
    /** @type {HTMLInputElement | HTMLSelectElement} */
    let input;
    if (kind === 'select') {
      const sel = /** @type {HTMLSelectElement} */ (h('select', { name }));
      fillSelect(sel, o.values ?? (spec.type === 'enum' ? spec.values : []), label);
      input = sel;
    } else {
      input = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name, step: o.step ?? 'any', inputmode: 'decimal' }));
      if (spec.type === 'int' || spec.type === 'number') { input.min = String(spec.min); input.max = String(spec.max); }
    }
    input.setAttribute('aria-label', spec.label);
    if (o.hint) input.title = o.hint;
    input.addEventListener('change', () => on.onField(name, input.value));
    inputs.set(name, input);
    const err = h('p.gs-field-error', { role: 'alert' });
    err.hidden = true;
    errors.set(name, err);
    const row = h('div', null, h('label.gs-field', null, h('span', null, text), input), err);
    rows.set(name, row);
    return row;
  }

  /**
   * A layer-set field: a mode (off / every layer / chosen layers) and the layers.
   * @param {'batchnorm' | 'residual'} name @param {string} text @param {string} every
   */
  function layerSetField(name, text, every) {
    const spec = fieldSpec(name);
    const mode = /** @type {HTMLSelectElement} */ (h('select', { name: `${name}Mode`, 'aria-label': `${spec.label}: where` }));
    fillSelect(mode, ['off', 'all', 'some'], (v) => (v === 'off' ? 'off' : v === 'all' ? 'every layer' : 'chosen layers'));
    mode.title = `${text}: off, ${every}, or on the hidden layers you list`;
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name, 'aria-label': spec.label, placeholder: '1-10,25', spellcheck: 'false', autocomplete: 'off' }));
    input.title = `Hidden layers: ${REMEDY_LAYERS_HINT}`;
    mode.addEventListener('change', () => {
      const now = /** @type {string} */ (cur.state[name]);
      const half = `1-${Math.max(1, Math.ceil(cur.state.depth / 2))}`;
      on.onField(name, mode.value === 'off' ? '' : mode.value === 'all' ? 'all' : now && now !== 'all' ? now : half);
    });
    input.addEventListener('change', () => on.onField(name, input.value));
    inputs.set(name, input);
    modes.set(name, mode);
    const err = h('p.gs-field-error', { role: 'alert' });
    err.hidden = true;
    errors.set(name, err);
    const layersRow = h('label.gs-field', null, h('span', null, 'on layers'), input);
    const row = h('div', null, h('label.gs-field', null, h('span', null, text), mode), layersRow, err);
    rows.set(name, row);
    return { row, layersRow };
  }

  return { cur, inputs, errors, rows, modes, field, layerSetField, perLayer: createPerLayer(cur, on) };
}

/**
 * The per-layer table: a toggle, and for each hidden layer its activation and units.
 * @param {{ state: State }} cur @param {Pick<import('./controls.js').ControlHandlers, 'onPerLayer'>} on
 */
function createPerLayer(cur, on) {
  const perLayerToggle = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'perLayer' }));
  const perLayerBox = h('div.gs-perlayer', { role: 'group', 'aria-label': 'Units and activation of each hidden layer' });
  perLayerToggle.addEventListener('change', () => {
    if (perLayerToggle.checked) {
      on.onPerLayer(Array.from({ length: cur.state.depth }, (_, l) => layerWidth(cur.state, l)), Array.from({ length: cur.state.depth }, (_, l) => layerActivation(cur.state, l)));
    } else on.onPerLayer(null, null);
  });
  let perLayerKey = '';
  function renderPerLayer() {
    const on2 = !!(cur.state.widths || cur.state.activations);
    perLayerToggle.checked = on2;
    perLayerBox.hidden = !on2;
    if (!on2) { perLayerKey = ''; return; }
    const key = `${cur.state.depth}|${(cur.state.widths ?? []).join(',')}|${(cur.state.activations ?? []).join(',')}`;
    if (key === perLayerKey) return;
    perLayerKey = key;
    const items = [];
    for (let l = 0; l < cur.state.depth; ++l) {
      const sel = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': `activation of layer ${l + 1}` }));
      fillSelect(sel, ACTIVATIONS, label);
      sel.value = layerActivation(cur.state, l);
      const num = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 1, max: 1024, step: 1, 'aria-label': `units of layer ${l + 1}` }));
      num.value = String(layerWidth(cur.state, l));
      const li = l;
      const commit = () => {
        const widths = Array.from({ length: cur.state.depth }, (_, k) => layerWidth(cur.state, k));
        const acts = Array.from({ length: cur.state.depth }, (_, k) => layerActivation(cur.state, k));
        const w = Math.round(Number(num.value));
        if (!(w >= 1 && w <= 1024)) { num.setAttribute('aria-invalid', 'true'); num.title = 'units: an integer in 1..1024'; return; }
        num.removeAttribute('aria-invalid');
        widths[li] = w; acts[li] = sel.value;
        on.onPerLayer(widths, acts);
      };
      sel.addEventListener('change', commit);
      num.addEventListener('change', commit);
      items.push(h('label', null, `L${l + 1}`, sel, num));
    }
    perLayerBox.replaceChildren(...items);
  }
  return { toggle: perLayerToggle, box: perLayerBox, render: renderPerLayer };
}
