// @ts-check
// The side panel: network builder, initialisation, data, training, view and files. It
// shows a state and reports edits as (field, text); the playground validates them through
// the schema and answers with update(state) or fieldError(field, message).
import { h, fillSelect, setText } from '../ui/dom.js';
import { label } from '../ui/labels.js';
import { createFieldKit } from './controls-kit.js';
import {
  DATASETS, INITS, LOSSES, OPTIMIZERS, PRECISIONS, THEMES, PRELU_PER, GRAD_FIELDS, MAX_DEPTH, fieldSpec, writeField,
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

export { label };

/**
 * @param {State} initial
 * @param {ControlHandlers} on
 */
/**
 * The panel's sections (network, initialisation, remedies, data, training, view and files).
 * @param {ReturnType<typeof createFieldKit>} kit @param {ControlHandlers} on
 */
function buildSections(kit, on) {
  const { field, layerSetField, perLayer } = kit;
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
      h('label.gs-field', null, h('span', null, 'Set each layer'), perLayer.toggle),
      perLayer.box,
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
  return { el, paramRows, csvName, drop, bnField, skipField, remedyNote };
}

/**
 * @param {State} initial
 * @param {ControlHandlers} on
 */
export function createControls(initial, on) {
  const kit = createFieldKit(initial, on);
  const { inputs, errors, rows, modes } = kit;
  const { el, paramRows, csvName, drop, bnField, skipField, remedyNote } = buildSections(kit, on);

  /** @param {State} s @param {string | null} csvFile */
  function update(s, csvFile = null) {
    kit.cur.state = s;
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
    kit.perLayer.render();
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
