// @ts-check
// The comparison page (compare.html): the lesson's guided path (guide-view.js), a set-up
// form (setup-form.js), and one comparison (createComparison) built from the set-up; the
// whole set-up lives in the URL hash (state/compare-url.js). A change of set-up rebuilds
// the comparison; a user's CSV file stays in the page (it cannot travel in a link).
// This file is not: the comparison itself (comparison.js) or the form's fields.
import css from '../styles/playground.css?inline';
import compareCss from './compare.css?inline';
import { h } from '../ui/dom.js';
import { int } from '../ui/format.js';
import { createMessages } from '../ui/messages.js';
import { setField } from '../state/schema.js';
import { networkDoc, configDoc, dataShape, sniffCsv } from '../state/network.js';
import { VARIES } from '../state/compare-setup.js';
import { parseCompareHash, serializeCompareHash, valueDocs, DEFAULT_VALUES, SECTION_DEFAULTS } from '../state/compare-url.js';
import { EngineClient } from '../engine/client.js';
import { createComparison } from './comparison.js';
import { stageById } from './guide.js';
import { createSetupForm } from './setup-form.js';
import { createGuideView } from './guide-view.js';

/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('../state/compare-url.js').Section} Section */
/** @typedef {import('./comparison.js').Comparison} Comparison */

/**
 * @param {HTMLElement} mount
 */
export function createComparePage(mount) {
  const doc = mount.ownerDocument;
  const win = doc.defaultView ?? window;
  const first = parseCompareHash(win.location.hash);
  /** The page's state: the set-up (base network, comparison section, CSV file) and the comparison built from it. */
  const st = {
    base: first.base, section: first.section,
    /** @type {import('../state/network.js').CsvFile | null} */ csv: null,
    /** @type {Comparison | null} */ comparison: null,
    runAfterBuild: false, readingAt: 0,
  };

  const style = h('style', null, `${css}\n${compareCss}`);
  const page = h('div.gs-root.gc-page', { 'data-theme': st.base.theme });
  mount.append(style, page);
  const guide = createGuideView({ open: openStage, free: () => { st.section = { ...st.section, guide: '' }; commit(false); } });
  const messages = createMessages({ max: 5 });
  for (const e of first.errors) messages.say(e, 'warn');
  const form = createSetupForm(doc, {
    get: () => ({ base: st.base, section: st.section, csv: st.csv }),
    onBase: editBase, onSection: editSection, onVary: setVary,
    onValues: (values) => { st.section = { ...st.section, values, guide: '' }; commit(false); },
    onCsv: (f) => { loadCsv(f); }, onCopyLink: () => { copyLink(win, messages); },
  });
  const main = h('main.gc-main', { 'aria-label': 'The comparison' });
  page.append(pageHeader(), guide.el, messages.el, h('div.gs-layout.gc-layout', null, form.el, main));
  if (win.matchMedia?.('(max-width: 900px)').matches) for (const d of form.el.querySelectorAll('details')) /** @type {HTMLDetailsElement} */ (d).open = false;

  // ---- edits ----
  /** @param {Field} name @param {string} text */
  function editBase(name, text) {
    const r = setField(st.base, name, text);
    if (r.error && r.state === st.base) { form.fieldError(name, r.error); return; }
    form.fieldError(name, null);
    if (name === 'depth') r.state.widths = null, r.state.activations = null;
    st.base = r.state;
    if (name === 'data') { st.csv = null; form.csvLine(''); }
    if (name === 'theme') { page.dataset.theme = st.base.theme; st.comparison?.setTheme(/** @type {'light' | 'dark' | 'auto'} */ (st.base.theme)); writeHash(); return; }
    commit(false);
  }
  /** @param {keyof Section} name @param {string} text */
  function editSection(name, text) {
    const r = sectionValue(name, text);
    form.fieldError(`c-${name}`, 'error' in r ? r.error : null);
    if ('error' in r) return;
    st.section = { ...st.section, [name]: r.value };
    commit(false);
  }
  /** @param {string} v */
  function setVary(v) {
    if (!VARIES.includes(/** @type {any} */ (v))) return;
    const vary = /** @type {Section['vary']} */ (v);
    st.section = { ...st.section, vary, values: [...DEFAULT_VALUES[vary]], guide: '' };
    commit(false);
  }
  /** @param {string} id */
  function openStage(id) {
    const s = stageById(id);
    if (!s) return;
    st.section = { ...st.section, vary: 'activation', values: [...s.values], guide: s.id };
    commit(true);
  }
  /** @param {File} file */
  async function loadCsv(file) {
    if (file.size > 16 * 1024 * 1024) { messages.say(`csv: ${file.name} is ${int(file.size)} bytes, more than the 16,777,216-byte limit.`, 'error', 'csv'); return; }
    let text;
    try { text = await file.text(); } catch { messages.say(`csv: could not read ${file.name}`, 'error', 'csv'); return; }
    st.csv = sniffCsv(file.name, text);
    st.base = { ...st.base, data: 'csv', loss: 'auto' };
    form.csvLine(`loaded: ${file.name} (stays on this page; the link keeps the other settings)`);
    messages.unsay('csv');
    commit(false);
  }

  // ---- build ----
  function writeHash() {
    const text = `#${serializeCompareHash(st.base, st.section)}`;
    if (win.location.hash !== text) win.history.replaceState(null, '', text);
  }
  function syncForm() { form.sync(); page.dataset.theme = st.base.theme; }

  /** @param {boolean} autoplay */
  function commit(autoplay) {
    writeHash();
    syncForm();
    st.runAfterBuild = autoplay;
    build();
  }

  const options = () => comparisonOptions(st);

  function build() {
    const wasRunning = !!st.comparison && main.querySelector('.gc-root')?.getAttribute('data-state') === 'running';
    st.comparison?.destroy();
    st.comparison = null;
    messages.unsay('build');
    try {
      st.comparison = createComparison(main, { ...options(), autoplay: st.runAfterBuild || wasRunning });
    } catch (e) {
      messages.say(`${e instanceof Error ? e.message : e}`, 'error', 'build');
      return;
    }
    const c = st.comparison;
    c.on('error', (/** @type {any} */ e) => { if (st.base.data === 'csv') messages.say(`Your CSV file: ${e.message}`, 'error', 'csv'); });
    c.on('step', () => { const now = performance.now(); if (now - st.readingAt > 300) { st.readingAt = now; renderStage(false); } });
    c.on('finished', () => renderStage(true));
    c.on('ready', () => renderStage(false));
    renderStage(false);
  }

  /** @param {boolean} done */
  function renderStage(done) {
    const c = st.comparison;
    guide.render(st.section.guide, c ? () => c.figures() : null, done);
  }

  win.addEventListener('hashchange', () => {
    const text = win.location.hash;
    if (text === `#${serializeCompareHash(st.base, st.section)}`) return;
    const r = parseCompareHash(text);
    for (const e of r.errors) messages.say(e, 'warn');
    st.base = r.base; st.section = r.section; st.csv = null;
    syncForm();
    st.runAfterBuild = false;
    build();
  });

  writeHash();
  syncForm();
  st.runAfterBuild = st.section.guide !== '';
  build();

  return {
    /** The comparison on the page now. */
    get comparison() { return st.comparison; },
    /** The createComparison options of the current set-up. */
    options,
    /** The set-up (base network and comparison section). */
    get setup() { return { base: { ...st.base }, section: { ...st.section, values: [...st.section.values] } }; },
    /** @param {string} id */ openStage,
    defaults: SECTION_DEFAULTS,
  };
}

/** The page's title bar. */
function pageHeader() {
  return h('header.gs-top', null,
    h('div.gs-brand', null, h('h1', null, 'grad', h('span', null, 'scope'), h('small.gc-sub', null, ' · compare')),
      h('p', null, 'Test the lesson’s advice on activations, on the same data, side by side.')),
    h('a.gs-btn', { href: './index.html' }, '← One network'));
}

/** Copies the page's link (or shows it where the clipboard is not allowed). @param {Window} win @param {import('../ui/messages.js').Messages} messages */
async function copyLink(win, messages) {
  const url = win.location.href;
  try { await win.navigator.clipboard.writeText(url); messages.say(`Copied: ${url}`, 'info', 'link'); }
  catch { messages.say(`The link to this comparison: ${url}`, 'info', 'link'); }
}

/**
 * A number of the comparison section (steps, speed, target, sweepSteps) from its field.
 * @param {keyof Section} name @param {string} text
 * @returns {{ value: number } | { error: string }}
 */
function sectionValue(name, text) {
  const t = text.trim();
  const v = Number(t);
  const ok = name === 'target' ? v >= 0.5 && v <= 1 : Number.isInteger(v) && v >= 1 && v <= (name === 'steps' ? 100000 : 1000);
  if (ok && t !== '') return { value: v };
  const range = name === 'target' ? 'a number in 0.5..1' : `an integer in 1..${name === 'steps' ? 100000 : 1000}`;
  return { error: `must be ${range}, got "${t.slice(0, 20)}"` };
}

/**
 * The createComparison options of a set-up.
 * @param {{ base: import('../state/schema.js').State, section: Section, csv: import('../state/network.js').CsvFile | null }} s
 */
function comparisonOptions(s) {
  const shape = dataShape(s.base, s.csv);
  return {
    network: networkDoc(s.base, shape),
    config: configDoc(s.base, s.csv),
    vary: s.section.vary,
    values: valueDocs(s.base, s.section),
    steps: s.section.steps,
    speed: s.section.speed,
    target: s.section.target,
    sweepSteps: s.section.sweepSteps,
    theme: /** @type {'light' | 'dark' | 'auto'} */ (s.base.theme),
  };
}

/** For the console and the tests. */
export { createComparison, EngineClient };
