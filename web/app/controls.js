// @ts-check
// The side panel: network builder, initialisation, data, training, view and files. It
// shows a state and reports edits as (field, text); the playground validates them through
// the schema and answers with update(state) or fieldError(field, message).
import { h, fillSelect, setText } from '../ui/dom.js';
import {
  ACTIVATIONS, DATASETS, INITS, LOSSES, OPTIMIZERS, PRECISIONS, THEMES, PRELU_PER, GRAD_FIELDS, MAX_DEPTH,
  REMEDY_LAYERS_HINT, fieldSpec, writeField, layerActivation, layerWidth,
} from '../state/schema.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */

/**
 * @typedef {{
 *   onField: (name: Field, text: string) => void,
 *   onPerLayer: (widths: number[] | null, activations: string[] | null) => void,
 *   onCsv: (file: File) => void,
 *   onNewSeed: () => void,
 *   onExport: (what: 'csv' | 'json' | 'network' | 'torch' | 'png') => void,
 *   onImport: (file: File) => void,
 *   onCompareRemedies?: () => void,
 * }} ControlHandlers
 */

const LABELS = /** @type {Record<string, string>} */ ({
  sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'Leaky ReLU', prelu: 'PReLU', rrelu: 'RReLU (randomized)',
  elu: 'ELU', selu: 'SELU', gelu: 'GELU', softplus: 'softplus', silu: 'SiLU (swish)', identity: 'identity (linear)',
  glorot_uniform: 'Xavier/Glorot uniform', glorot_normal: 'Xavier/Glorot normal', he_uniform: 'He/Kaiming uniform',
  he_normal: 'He/Kaiming normal', lecun_normal: 'LeCun normal', normal: 'normal N(0, gain²)', uniform: 'uniform U(−gain, gain)',
  auto: 'auto', mse: 'mean squared error', bce_logits: 'binary cross-entropy', softmax_ce: 'softmax cross-entropy',
  sgd: 'SGD', momentum: 'SGD + momentum', rmsprop: 'RMSProp', adam: 'Adam',
  circles: 'circles', xor: 'xor', gaussians: 'two gaussians', spiral: 'spiral', moons: 'moons', regression: 'regression (2-D)',
  digits: 'digits 8×8 (10 classes)', csv: 'your CSV file',
  float32: 'float32', float64: 'float64', light: 'light', dark: 'dark', layer: 'one per layer', unit: 'one per unit',
  dW_norm: '‖∂L/∂W‖ (weights)', dz_norm: '‖∂L/∂z‖ (pre-activations)',
});
/** @param {string} v */
export const label = (v) => LABELS[v] ?? v;

/**
 * @param {State} initial
 * @param {ControlHandlers} on
 */
export function createControls(initial, on) {
  let state = initial;
  /** @type {Map<Field, HTMLInputElement | HTMLSelectElement>} */
  const inputs = new Map();
  /** @type {Map<Field, HTMLElement>} */
  const errors = new Map();
  /** @type {Map<Field, HTMLElement>} */
  const rows = new Map();

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

  // ---- network ----
  const perLayerToggle = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'perLayer' }));
  const perLayerBox = h('div.gs-perlayer', { role: 'group', 'aria-label': 'Units and activation of each hidden layer' });
  perLayerToggle.addEventListener('change', () => {
    if (perLayerToggle.checked) {
      on.onPerLayer(Array.from({ length: state.depth }, (_, l) => layerWidth(state, l)), Array.from({ length: state.depth }, (_, l) => layerActivation(state, l)));
    } else on.onPerLayer(null, null);
  });
  let perLayerKey = '';
  function renderPerLayer() {
    const on2 = !!(state.widths || state.activations);
    perLayerToggle.checked = on2;
    perLayerBox.hidden = !on2;
    if (!on2) { perLayerKey = ''; return; }
    const key = `${state.depth}|${(state.widths ?? []).join(',')}|${(state.activations ?? []).join(',')}`;
    if (key === perLayerKey) return;
    perLayerKey = key;
    const items = [];
    for (let l = 0; l < state.depth; ++l) {
      const sel = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': `activation of layer ${l + 1}` }));
      fillSelect(sel, ACTIVATIONS, label);
      sel.value = layerActivation(state, l);
      const num = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 1, max: 1024, step: 1, 'aria-label': `units of layer ${l + 1}` }));
      num.value = String(layerWidth(state, l));
      const li = l;
      const commit = () => {
        const widths = Array.from({ length: state.depth }, (_, k) => layerWidth(state, k));
        const acts = Array.from({ length: state.depth }, (_, k) => layerActivation(state, k));
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

  const paramRows = {
    leaky: [field('leakyAlpha', 'Leaky slope α', 'number', { step: '0.01' })],
    elu: [field('eluAlpha', 'ELU α', 'number', { step: '0.1' })],
    prelu: [field('preluInit', 'PReLU initial slope', 'number', { step: '0.05' }), field('preluPer', 'PReLU slopes', 'select', { values: PRELU_PER })],
    rrelu: [field('rreluLower', 'RReLU lower l', 'number', { step: '0.01' }), field('rreluUpper', 'RReLU upper u', 'number', { step: '0.01' })],
  };

  const network = h('details.gs-section', { open: true },
    h('summary', null, 'Network'),
    h('div.gs-body', null,
      field('depth', `Hidden layers (1–${MAX_DEPTH})`, 'number', { step: '1' }),
      field('width', 'Units per layer', 'number', { step: '1' }),
      field('activation', 'Activation', 'select'),
      h('label.gs-field', null, h('span', null, 'Set each layer'), perLayerToggle),
      perLayerBox,
      ...paramRows.leaky, ...paramRows.elu, ...paramRows.prelu, ...paramRows.rrelu,
    ));

  const seedBtn = h('button.gs-mini', { type: 'button', title: 'New random seed (n)', onclick: () => on.onNewSeed() }, 'new seed');
  const init = h('details.gs-section', { open: true },
    h('summary', null, 'Initialisation'),
    h('div.gs-body', null,
      field('init', 'Weights', 'select'),
      field('gain', 'Gain (0 = default)', 'number', { step: '0.1', hint: 'Xavier: 1, He: √2 by default; for normal/uniform the spread' }),
      field('bias', 'Initial bias', 'number', { step: '0.1' }),
      field('seed', 'Seed', 'number', { step: '1' }),
      h('div.gs-actions', null, seedBtn),
    ));

  // ---- data ----
  const fileInput = /** @type {HTMLInputElement} */ (h('input', { type: 'file', accept: '.csv,text/csv,text/plain', name: 'csv', 'aria-label': 'Load a CSV file' }));
  fileInput.addEventListener('change', () => { const f = fileInput.files?.[0]; if (f) on.onCsv(f); fileInput.value = ''; });
  const csvName = h('p.gs-note');
  const drop = h('div.gs-drop', null, 'Drop a CSV file anywhere on the page (features…, label), or choose one:', h('br'), fileInput, csvName);
  const data = h('details.gs-section', { open: true },
    h('summary', null, 'Data'),
    h('div.gs-body', null,
      field('data', 'Data set', 'select'),
      field('noise', 'Noise', 'number', { step: '0.05' }),
      field('samples', 'Samples', 'number', { step: '50' }),
      field('testFraction', 'Test fraction', 'number', { step: '0.05' }),
      field('dataSeed', 'Data seed', 'number', { step: '1' }),
      drop,
    ));

  // ---- training ----
  const training = h('details.gs-section', { open: true },
    h('summary', null, 'Training'),
    h('div.gs-body', null,
      field('loss', 'Loss', 'select'),
      field('optimizer', 'Optimiser', 'select'),
      field('lr', 'Learning rate (live)', 'number', { step: '0.001' }),
      field('momentum', 'Momentum', 'number', { step: '0.05' }),
      field('batch', 'Batch size', 'number', { step: '1' }),
      field('weightDecay', 'L2 weight decay', 'number', { step: '0.0001' }),
      field('clip', 'Clip gradient norm (0 = off)', 'number', { step: '0.5' }),
      field('precision', 'Precision', 'select'),
    ));

  // ---- remedies: batch norm and skip connections, on every layer or on some ----
  /** @type {Map<Field, HTMLSelectElement>} */
  const modes = new Map();
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
      const cur = /** @type {string} */ (state[name]);
      const half = `1-${Math.max(1, Math.ceil(state.depth / 2))}`;
      on.onField(name, mode.value === 'off' ? '' : mode.value === 'all' ? 'all' : cur && cur !== 'all' ? cur : half);
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
  const bnField = layerSetField('batchnorm', 'Batch normalisation', 'before every activation');
  const skipField = layerSetField('residual', 'Skip connections', 'around every layer');
  const remedyNote = h('p.gs-note', { 'data-role': 'remedy-note' });
  const remedies = h('details.gs-section', { open: true },
    h('summary', null, 'Remedies'),
    h('div.gs-body', null,
      bnField.row, skipField.row, remedyNote,
      on.onCompareRemedies
        ? h('div.gs-actions', null, h('button.gs-mini', { type: 'button', 'data-action': 'compare-remedies-panel', onclick: () => on.onCompareRemedies?.() }, 'Compare side by side: none, batch norm, skips, both'))
        : null,
      h('p.gs-note', null, 'Batch norm: z = γ·(u − mean)/√(var + ε) + β per unit, mean and var over the batch (PyTorch BatchNorm1d: momentum 0.1, ε 1e-5). Skip: a = x + f(z), only where a layer’s input and output widths match. Gradient clipping is under Training.'),
    ));

  // ---- view + files ----
  const importInput = /** @type {HTMLInputElement} */ (h('input', { type: 'file', accept: '.json,application/json', 'aria-label': 'Import a gradscope-network/1 file', hidden: true }));
  importInput.addEventListener('change', () => { const f = importInput.files?.[0]; if (f) on.onImport(f); importInput.value = ''; });
  const files = h('details.gs-section', { open: false },
    h('summary', null, 'View, export and import'),
    h('div.gs-body', null,
      field('theme', 'Theme', 'select', { values: THEMES }),
      field('gradField', 'Gradient measure', 'select', { values: GRAD_FIELDS }),
      h('div.gs-actions', null,
        h('button.gs-mini', { type: 'button', onclick: () => on.onExport('png') }, 'charts as PNG'),
        h('button.gs-mini', { type: 'button', onclick: () => on.onExport('csv') }, 'statistics CSV'),
        h('button.gs-mini', { type: 'button', onclick: () => on.onExport('json') }, 'history JSON'),
        h('button.gs-mini', { type: 'button', onclick: () => on.onExport('network') }, 'network file'),
        h('button.gs-mini', { type: 'button', title: 'One Python file: an nn.Module with these weights, the loss, and check() for the gradients', onclick: () => on.onExport('torch') }, 'PyTorch (.py)'),
        h('button.gs-mini', { type: 'button', onclick: () => importInput.click() }, 'import network…'),
        importInput,
      ),
      h('div.gs-help', null, 'Keyboard: ',
        h('ul', null,
          h('li', null, h('kbd', null, 'Space'), ' play / pause, ', h('kbd', null, 's'), ' one step, ', h('kbd', null, 'r'), ' reset (same seed), ', h('kbd', null, 'n'), ' new seed'),
          h('li', null, h('kbd', null, '+'), ' / ', h('kbd', null, '−'), ' speed, ', h('kbd', null, 't'), ' theme, ', h('kbd', null, '['), ' / ', h('kbd', null, ']'), ' inspected layer'),
        )),
    ));

  const el = h('aside.gs-side', { 'aria-label': 'Network and training settings' }, network, init, remedies, data, training, files);

  /** @param {State} s @param {string | null} csvFile */
  function update(s, csvFile = null) {
    state = s;
    for (const [name, input] of inputs) {
      if (input === el.ownerDocument.activeElement && input instanceof HTMLInputElement) continue;
      const v = writeField(fieldSpec(name), s[name]);
      if (input.value !== v) input.value = v;
      input.removeAttribute('aria-invalid');
      const err = errors.get(name);
      if (err) err.hidden = true;
    }
    const acts = new Set(s.activations ?? [s.activation]);
    for (const r of paramRows.leaky) r.hidden = !acts.has('leaky_relu');
    for (const r of paramRows.elu) r.hidden = !acts.has('elu');
    for (const r of paramRows.prelu) r.hidden = !acts.has('prelu');
    for (const r of paramRows.rrelu) r.hidden = !acts.has('rrelu');
    const show = (/** @type {Field} */ n, /** @type {boolean} */ v) => { const r = rows.get(n); if (r) r.hidden = !v; };
    show('momentum', s.optimizer === 'momentum');
    const gen = s.data !== 'digits' && s.data !== 'csv';
    show('noise', gen);
    show('samples', gen);
    show('width', !s.widths);
    show('activation', !s.activations);
    setText(csvName, csvFile ? `loaded: ${csvFile}` : '');
    for (const [name, mode] of modes) {
      const v = /** @type {string} */ (s[name]);
      const m = v === '' ? 'off' : v === 'all' ? 'all' : 'some';
      if (mode.value !== m) mode.value = m;
    }
    bnField.layersRow.hidden = modes.get('batchnorm')?.value !== 'some';
    skipField.layersRow.hidden = modes.get('residual')?.value !== 'some';
    renderPerLayer();
  }

  update(initial);
  fillSelect(/** @type {HTMLSelectElement} */ (inputs.get('data')), DATASETS, label);
  fillSelect(/** @type {HTMLSelectElement} */ (inputs.get('init')), INITS, label);
  fillSelect(/** @type {HTMLSelectElement} */ (inputs.get('loss')), LOSSES, label);
  fillSelect(/** @type {HTMLSelectElement} */ (inputs.get('optimizer')), OPTIMIZERS, label);
  fillSelect(/** @type {HTMLSelectElement} */ (inputs.get('precision')), PRECISIONS, label);
  update(initial);

  return {
    el,
    drop,
    update,
    /** @param {Field} name @param {string} message */
    fieldError(name, message) {
      const input = inputs.get(name), err = errors.get(name);
      if (input) input.setAttribute('aria-invalid', 'true');
      if (err) { err.textContent = message; err.hidden = false; }
    },
    /** What the remedies do on this network, in words (the playground knows the data's shape). @param {string} text */
    remedyNote(text) { setText(remedyNote, text); },
    destroy() { el.remove(); },
  };
}
