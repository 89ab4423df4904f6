// @ts-check
// The comparison page (compare.html): the lesson's guided path, a set-up form, and one
// comparison (createComparison) built from the set-up; the whole set-up lives in the URL
// hash (state.js). A change of set-up rebuilds the comparison; a user's CSV file stays in
// the page (it cannot travel in a link).
// This file is not: the comparison itself (comparison.js).
import css from '../styles/playground.css?inline';
import compareCss from './compare.css?inline';
import { h, setText, fillSelect } from '../ui/dom.js';
import { label } from '../app/controls.js';
import { int } from '../ui/format.js';
import { setField, fieldSpec, writeField, ACTIVATIONS, INITS, OPTIMIZERS, DATASETS, THEMES, MAX_DEPTH } from '../state/schema.js';
import { networkDoc, configDoc, dataShape, sniffCsv } from '../state/network.js';
import { EngineClient } from '../engine/client.js';
import { createComparison } from './comparison.js';
import { VARIES, MAX_NETWORKS, REMEDIES, labelOf, skipLayers } from '../state/compare-setup.js';
import { GUIDE, stageById, nextStage, guideReading } from './guide.js';
import {
  parseCompareHash, serializeCompareHash, valueDocs, parseValues, DEFAULT_VALUES, SECTION_DEFAULTS,
} from '../state/compare-url.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('../state/compare-url.js').Section} Section */
/** @typedef {import('./comparison.js').Comparison} Comparison */

const VARY_LABEL = /** @type {Record<string, string>} */ ({ activation: 'activation', init: 'weight initialiser', optimizer: 'optimiser', depth: 'depth (hidden layers)', lr: 'learning rate', remedy: 'remedy (batch norm, skips)' });
/** Activations offered as checkboxes (the lesson's first, then the others). */
const OFFERED = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'prelu', 'rrelu', 'selu', 'gelu', 'silu', 'softplus', 'identity'];

/**
 * @param {HTMLElement} mount
 */
export function createComparePage(mount) {
  const win = mount.ownerDocument.defaultView ?? window;
  const first = parseCompareHash(win.location.hash);
  /** @type {State} */ let base = first.base;
  /** @type {Section} */ let section = first.section;
  /** @type {import('../state/network.js').CsvFile | null} */ let csv = null;
  /** @type {Comparison | null} */ let comparison = null;
  let runAfterBuild = false;

  const style = h('style', null, `${css}\n${compareCss}`);
  const page = h('div.gs-root.gc-page', { 'data-theme': base.theme });
  mount.append(style, page);

  // ---- header and guide ----
  const header = h('header.gs-top', null,
    h('div.gs-brand', null, h('h1', null, 'grad', h('span', null, 'scope'), h('small.gc-sub', null, ' · compare')),
      h('p', null, 'Test the lesson’s advice on activations, on the same data, side by side.')),
    h('a.gs-btn', { href: './index.html' }, '← One network'));
  const chips = GUIDE.map((s) => h('button.gs-chip', { type: 'button', 'data-stage': s.id, 'aria-pressed': 'false', onclick: () => openStage(s.id) }, s.title));
  const freeChip = h('button.gs-chip', { type: 'button', 'data-stage': '', 'aria-pressed': 'false', onclick: () => { section = { ...section, guide: '' }; commit(false); } }, 'Free comparison');
  const stageTitle = h('h2.gc-stage-title');
  const stageAdvice = h('p.gc-advice');
  const stageQuestion = h('p.gc-question');
  const reading = h('ul.gc-sentences.gc-reading', { 'data-role': 'guide-reading', 'aria-live': 'polite' });
  const nextBtn = h('button.gs-btn.gs-primary', { type: 'button', 'data-role': 'guide-next', onclick: () => { const n = nextStage(section.guide); if (n) openStage(n.id); } }, 'Next step');
  nextBtn.hidden = true;
  const stagePanel = h('section.gc-stage', { 'aria-label': 'The lesson’s advice, tested' }, stageTitle, stageAdvice, stageQuestion, h('h3.gc-h3', null, 'What this run measured'), reading, nextBtn);
  const guideNav = h('nav.gs-presets.gc-guide', { 'aria-label': 'The lesson’s advice, step by step' },
    h('p.gc-guide-intro', null, 'The lesson’s advice, step by step: one click runs each comparison, on the network and data of the set-up panel.'),
    h('div.gs-chips', null, ...chips, freeChip), stagePanel);
  const messages = h('div.gs-messages', { 'aria-live': 'polite' });

  /** @param {string} text @param {'error' | 'warn' | 'info'} [kind] @param {string} [key] */
  function say(text, kind = 'warn', key = '') {
    if (key) messages.querySelector(`[data-key="${key}"]`)?.remove();
    const close = h('button.gs-msg-close', { type: 'button', 'aria-label': 'Dismiss' }, '×');
    const msg = h(`div.gs-msg.gs-${kind}`, { role: kind === 'error' ? 'alert' : 'status', 'data-key': key || null }, h('p', null, text), close);
    close.addEventListener('click', () => msg.remove());
    messages.append(msg);
    while (messages.children.length > 5) messages.firstElementChild?.remove();
  }
  /** @param {string} key */
  const unsay = (key) => messages.querySelector(`[data-key="${key}"]`)?.remove();
  for (const e of first.errors) say(e, 'warn');

  // ---- the set-up form ----
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
    return row(name, text, input, (v) => editBase(name, v));
  }
  /** @param {keyof Section} name @param {string} text @param {string} aria */
  function sectionRow(name, text, aria) {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'number', step: 'any', inputmode: 'decimal', 'aria-label': aria }));
    return row(`c-${name}`, text, input, (v) => editSection(name, v));
  }

  const varySelect = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'What varies between the networks' }));
  fillSelect(varySelect, VARIES, (v) => VARY_LABEL[v]);
  const valuesBox = h('div.gc-values', { role: 'group', 'aria-label': 'Compared values' });
  const valuesHint = h('p.gs-note');
  const csvInput = /** @type {HTMLInputElement} */ (h('input', { type: 'file', accept: '.csv,text/csv,text/plain', 'aria-label': 'Load a CSV file' }));
  const csvName = h('p.gs-note');
  csvInput.addEventListener('change', () => { const f = csvInput.files?.[0]; if (f) loadCsv(f); csvInput.value = ''; });

  const compareSection = h('details.gs-section', { open: true }, h('summary', null, 'Compare'),
    h('div.gs-body', null, row('c-vary', 'What varies', varySelect, (v) => setVary(v)), valuesBox, valuesHint));
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
  const linkBtn = h('button.gs-mini', { type: 'button', onclick: () => copyLink() }, 'Copy the link to this comparison');
  const aside = h('aside.gs-side', { 'aria-label': 'Set-up of the comparison' }, compareSection, networkSection, trainingSection, h('div.gs-actions', null, linkBtn));
  const main = h('main.gc-main', { 'aria-label': 'The comparison' });
  page.append(header, guideNav, messages, h('div.gs-layout.gc-layout', null, aside, main));
  if (win.matchMedia?.('(max-width: 900px)').matches) for (const d of aside.querySelectorAll('details')) /** @type {HTMLDetailsElement} */ (d).open = false;

  // ---- edits ----
  /** @param {Field} name @param {string} text */
  function editBase(name, text) {
    const r = setField(base, name, text);
    const err = errs.get(name);
    if (r.error && r.state === base) {
      inputs.get(name)?.setAttribute('aria-invalid', 'true');
      if (err) { err.textContent = r.error; err.hidden = false; }
      return;
    }
    if (err) err.hidden = true;
    inputs.get(name)?.removeAttribute('aria-invalid');
    if (name === 'depth') r.state.widths = null, r.state.activations = null;
    const themeOnly = name === 'theme';
    base = r.state;
    if (name === 'data') { csv = null; setText(csvName, ''); }
    if (themeOnly) { page.dataset.theme = base.theme; comparison?.setTheme(/** @type {'light' | 'dark' | 'auto'} */ (base.theme)); writeHash(); return; }
    commit(false);
  }
  /** @param {keyof Section} name @param {string} text */
  function editSection(name, text) {
    const t = text.trim();
    const err = errs.get(`c-${name}`);
    const v = Number(t);
    const ok = name === 'target' ? v >= 0.5 && v <= 1 : Number.isInteger(v) && v >= 1 && v <= (name === 'steps' ? 100000 : 1000);
    if (!ok || t === '') {
      const range = name === 'target' ? 'a number in 0.5..1' : `an integer in 1..${name === 'steps' ? 100000 : 1000}`;
      if (err) { err.textContent = `must be ${range}, got "${t.slice(0, 20)}"`; err.hidden = false; }
      inputs.get(`c-${name}`)?.setAttribute('aria-invalid', 'true');
      return;
    }
    if (err) err.hidden = true;
    inputs.get(`c-${name}`)?.removeAttribute('aria-invalid');
    section = { ...section, [name]: v };
    commit(false);
  }
  /** @param {string} v */
  function setVary(v) {
    if (!VARIES.includes(/** @type {any} */ (v))) return;
    const vary = /** @type {Section['vary']} */ (v);
    section = { ...section, vary, values: [...DEFAULT_VALUES[vary]], guide: '' };
    commit(false);
  }
  /** @param {(string | number)[]} values */
  function setValues(values) {
    section = { ...section, values, guide: '' };
    commit(false);
  }
  /** @param {string} id */
  function openStage(id) {
    const s = stageById(id);
    if (!s) return;
    section = { ...section, vary: 'activation', values: [...s.values], guide: s.id };
    commit(true);
  }
  /** @param {File} file */
  async function loadCsv(file) {
    if (file.size > 16 * 1024 * 1024) { say(`csv: ${file.name} is ${int(file.size)} bytes, more than the 16,777,216-byte limit.`, 'error', 'csv'); return; }
    let text;
    try { text = await file.text(); } catch { say(`csv: could not read ${file.name}`, 'error', 'csv'); return; }
    csv = sniffCsv(file.name, text);
    base = { ...base, data: 'csv', loss: 'auto' };
    setText(csvName, `loaded: ${file.name} (stays on this page; the link keeps the other settings)`);
    unsay('csv');
    commit(false);
  }
  async function copyLink() {
    const url = win.location.href;
    try { await win.navigator.clipboard.writeText(url); say(`Copied: ${url}`, 'info', 'link'); }
    catch { say(`The link to this comparison: ${url}`, 'info', 'link'); }
  }

  // ---- build ----
  function writeHash() {
    const text = `#${serializeCompareHash(base, section)}`;
    if (win.location.hash !== text) win.history.replaceState(null, '', text);
  }

  /** @param {boolean} autoplay */
  function commit(autoplay) {
    writeHash();
    syncForm();
    runAfterBuild = autoplay;
    build();
  }

  function options() {
    const shape = dataShape(base, csv);
    return {
      network: networkDoc(base, shape),
      config: configDoc(base, csv),
      vary: section.vary,
      values: valueDocs(base, section),
      steps: section.steps,
      speed: section.speed,
      target: section.target,
      sweepSteps: section.sweepSteps,
      theme: /** @type {'light' | 'dark' | 'auto'} */ (base.theme),
    };
  }

  let readingAt = 0;
  function build() {
    const wasRunning = !!comparison && main.querySelector('.gc-root')?.getAttribute('data-state') === 'running';
    comparison?.destroy();
    comparison = null;
    unsay('build');
    try {
      comparison = createComparison(main, { ...options(), autoplay: runAfterBuild || wasRunning });
    } catch (e) {
      say(`${e instanceof Error ? e.message : e}`, 'error', 'build');
      return;
    }
    const c = comparison;
    c.on('error', (/** @type {any} */ e) => { if (base.data === 'csv') say(`Your CSV file: ${e.message}`, 'error', 'csv'); });
    c.on('step', () => { const now = performance.now(); if (now - readingAt > 300) { readingAt = now; renderStage(false); } });
    c.on('finished', () => renderStage(true));
    c.on('ready', () => renderStage(false));
    renderStage(false);
  }

  /** @param {boolean} done */
  function renderStage(done) {
    const s = stageById(section.guide);
    for (const chip of chips) chip.setAttribute('aria-pressed', String(chip.dataset.stage === section.guide));
    freeChip.setAttribute('aria-pressed', String(!s));
    stagePanel.hidden = !s;
    if (!s || !comparison) return;
    setText(stageTitle, s.title);
    setText(stageAdvice, s.advice);
    setText(stageQuestion, s.question);
    const f = comparison.figures();
    const lines = guideReading(s.id, f, done);
    reading.replaceChildren(...lines.map((t) => h('li', null, t)));
    const next = nextStage(s.id);
    nextBtn.hidden = !(done && next);
    if (next) setText(nextBtn, `Next: ${next.title}`);
  }

  function syncForm() {
    for (const [name, input] of inputs) {
      if (input === mount.ownerDocument.activeElement) continue;
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
    const show = (/** @type {string} */ n, /** @type {boolean} */ on) => { const r = rows.get(n); if (r) r.hidden = !on; };
    const varied = section.vary;
    show('activation', varied !== 'activation');
    show('init', varied !== 'init');
    show('optimizer', varied !== 'optimizer');
    show('lr', varied !== 'lr');
    show('depth', varied !== 'depth');
    show('noise', base.data !== 'digits' && base.data !== 'csv');
    const acts = varied === 'activation' ? section.values.map(String) : [base.activation];
    show('leakyAlpha', acts.includes('leaky_relu'));
    show('eluAlpha', acts.includes('elu'));
    renderValues();
    page.dataset.theme = base.theme;
  }

  function renderValues() {
    const vary = section.vary;
    if (vary === 'depth' || vary === 'lr') {
      const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', value: section.values.join(','), 'aria-label': `${VARY_LABEL[vary]} values, comma-separated` }));
      const err = h('p.gs-field-error', { role: 'alert' });
      err.hidden = true;
      input.addEventListener('change', () => {
        const r = parseValues(vary, input.value);
        if ('error' in r) { err.textContent = r.error; err.hidden = false; input.setAttribute('aria-invalid', 'true'); return; }
        setValues(r.values);
      });
      valuesBox.replaceChildren(h('label.gs-field.gs-full', null, h('span', null, `${vary === 'depth' ? 'Depths' : 'Learning rates'} (1 to ${MAX_NETWORKS}, comma-separated)`), input), err);
      setText(valuesHint, vary === 'depth' ? 'Different depths have different weights (different shapes); the first layers start identical.' : 'Same initial weights and batches; only the step size differs.');
      return;
    }
    const names = vary === 'activation' ? OFFERED : vary === 'init' ? INITS : vary === 'remedy' ? REMEDIES : OPTIMIZERS;
    const nameLabel = (/** @type {string} */ n) => (vary === 'remedy' ? labelOf('remedy', n).label : label(n));
    const chosen = new Set(section.values.map(String));
    const boxes = names.map((n) => {
      const cb = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', value: n }));
      cb.checked = chosen.has(n);
      cb.disabled = !cb.checked && chosen.size >= MAX_NETWORKS;
      cb.addEventListener('change', () => {
        const next = names.filter((m) => (m === n ? cb.checked : chosen.has(m)));
        if (!next.length) { cb.checked = true; return; }
        setValues(next);
      });
      return h('label.gc-check', null, cb, nameLabel(n));
    });
    valuesBox.replaceChildren(...boxes);
    setText(valuesHint, `${chosen.size} of at most ${MAX_NETWORKS} chosen${vary === 'init' ? '; different initialisers start from different weights by design' : ''}.${vary === 'remedy' ? ` ${remedyHint()}` : ''}`);
  }

  /** What the remedies do to this set-up's network, in words. */
  function remedyHint() {
    let skips = '';
    try {
      const net = networkDoc(base, dataShape(base, csv));
      const hidden = net.layers.length - 1;
      const n = skipLayers(net).length;
      skips = ` (here ${n === hidden ? `all ${hidden}` : `${n} of ${hidden}`} hidden layer${hidden === 1 ? '' : 's'}${n < hidden && net.layers[0].units !== net.inputs ? `; the first maps ${net.inputs} input${net.inputs === 1 ? '' : 's'} to ${net.layers[0].units} units` : ''})`;
    } catch { /* the data shape is not known yet */ }
    return `Batch norm normalises every hidden layer’s pre-activations over the mini-batch (then scales them by γ = 1 and shifts them by β = 0, both learned). A skip connection adds a layer’s input to its output, so it goes only around layers whose input and output widths match${skips}. The initial weights are the same in every network.`;
  }

  listen(win, 'hashchange', () => {
    const text = win.location.hash;
    if (text === `#${serializeCompareHash(base, section)}`) return;
    const r = parseCompareHash(text);
    for (const e of r.errors) say(e, 'warn');
    base = r.base; section = r.section; csv = null;
    syncForm();
    runAfterBuild = false;
    build();
  });
  /** @param {EventTarget} t @param {string} type @param {EventListener} fn */
  function listen(t, type, fn) { t.addEventListener(type, fn); }

  writeHash();
  syncForm();
  runAfterBuild = section.guide !== '';
  build();

  return {
    /** The comparison on the page now. */
    get comparison() { return comparison; },
    /** The createComparison options of the current set-up. */
    options,
    /** The set-up (base network and comparison section). */
    get setup() { return { base: { ...base }, section: { ...section, values: [...section.values] } }; },
    /** @param {string} id */ openStage,
    defaults: SECTION_DEFAULTS,
  };
}

/** For the console and the tests. */
export { createComparison, EngineClient };
