// @ts-check
// createPlayground(root, options): one complete playground inside `root` (an element or a
// shadow root). It owns one engine client (one worker), one drawing scheduler and one
// state; nothing is module-level, so several playgrounds can live on one page. The data
// flow: state -> network + config documents -> worker -> frames -> series -> charts.
import css from '../styles/playground.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { interpolateViridis } from 'd3-scale-chromatic';
import { EngineClient } from '../engine/client.js';
import { activationCurve } from '../state/activations.js';
import { h, setText, fillSelect, append } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { createControls, label } from './controls.js';
import {
  defaultState, parseHash, serializeHash, setField, layerActivation, layerWidth, DEFAULTS,
} from '../state/schema.js';
import { networkDoc, configDoc, dataShape, lossFor, activationDoc, sniffCsv, stateFromNetwork, remedyPlan, layerSetOf } from '../state/network.js';
import { createSeries } from '../state/series.js';
import { PRESETS, presetById, presetState } from '../state/presets.js';
import { createScheduler } from '../charts/base.js';
import { createTimeSeries } from '../charts/timeseries.js';
import { createGradBars } from '../charts/gradbars.js';
import { createHeatmap, rgb } from '../charts/heatmap.js';
import { createLayerHist } from '../charts/layerhist.js';
import { createSameSignBars, createZigzagSim } from '../charts/zigzag.js';
import { createCurves } from '../charts/curves.js';
import { createBoundary } from '../charts/boundary.js';
import { createDiagram, createStrip } from '../charts/diagram.js';
import { card, setWords } from '../views/card.js';
import { headlineOf, lastFiniteOf, divergedSentence, withPageLayers, pageDiverged } from '../views/headline.js';
import { gradientsWords, lossWords, healthWords, slopesWords, zigzagWords } from '../views/explain.js';
import { createProductView } from '../views/product.js';
import { linkProblems, startState } from '../views/links.js';
import { checkFits } from '../state/limits.js';
import embedCss from '../styles/embed.css?inline';
import { elementSnippet, iframeSnippet, appLink } from '../state/embed-snippet.js';
import { FIELD_CONTROLS, defaultOptions } from '../state/embed-options.js';
import { createAnnouncer } from '../ui/announce.js';
import { keyAction } from '../ui/keys.js';
import { createShortcutsPanel } from '../ui/shortcuts.js';
import { attachTables } from '../views/tables.js';
import { withInitialStats, initialNote, batchOf } from './initial.js';
import { createPacing } from '../views/pacing.js';
import { bannerParts, showView, BANNER_CSS } from '../views/banner.js';
import { createTour, TOUR_CSS } from './tour.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('../state/network.js').CsvFile} CsvFile */
/** @typedef {import('../engine/client').Frame} Frame */

/**
 * Options: `hash` mirrors the state in location.hash (the standalone page); `state` is the
 * initial state (else the hash, else `preset`, else the first preset); `keyTarget` is
 * where keyboard shortcuts are heard (default: the playground); `createClient` replaces
 * the engine client (tests).
 * Embedding (web/embed, docs/embedding.md): `views` lists the cards to show, in order
 * (default: all); `controls` switches to the compact embed layout with only these
 * controls in one toolbar (`shown`; of those, `locked` are shown disabled; the names are
 * in state/embed-options.js); `explain` keeps the cards' explanations in that layout; `steps`
 * pauses training after exactly that many steps (then the `finished` event); `network`
 * opens this gradscope-network/1 document (with its weights, if any) instead of one built
 * from the state; `onEvent(type, detail)` hears ready, step (at most 4 a second),
 * diverged, unit-died and finished; `links` are the URLs the share and embed buttons
 * write (default: next to this page); `embedOptions` gives the options the embed button
 * writes (default: the embed defaults); `comparisons` loads the comparison dialogs that
 * the Compare buttons open (compare/dialogs.js; the layer above this one gives it).
 * @typedef {{ hash?: boolean, state?: State, preset?: string, keyTarget?: EventTarget,
 *   createClient?: () => EngineClient,
 *   views?: string[], controls?: { shown: string[], locked: string[] }, explain?: boolean,
 *   steps?: number, network?: object, onEvent?: (type: string, detail: any) => void,
 *   links?: { app: string, script: string, frame: string },
 *   embedOptions?: () => import('../state/embed-options.js').EmbedOptions,
 *   comparisons?: () => Promise<Comparisons> }} PlaygroundOptions
 */
/**
 * The comparison dialogs (compare/dialogs.js), as the playground calls them.
 * @typedef {{
 *   openCompareDialog: (host: HTMLElement, o: { state: State, network: object, config: object, csv: boolean, imported: boolean, vary?: 'activation' | 'remedy' }) => unknown,
 *   openPresetCompare: (host: HTMLElement, p: import('../state/presets.js').Preset, s: State) => void }} Comparisons
 */

const EXPLORER = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu'];
const GRID_BOUNDS = /** @type {[number, number, number, number]} */ ([-1.6, 1.6, -1.6, 1.6]);
const LIVE_FIELDS = new Set(['lr', 'speed', 'theme', 'layer', 'gradField', 'edges', 'preset', 'tour']);

/**
 * @param {HTMLElement | ShadowRoot} root
 * @param {PlaygroundOptions} [options]
 */
export function createPlayground(root, options = {}) {
  const doc = root instanceof ShadowRoot ? root.ownerDocument : root.ownerDocument;
  const win = doc.defaultView ?? window;
  /** @type {(() => void)[]} */ const cleanups = [];
  const listen = (/** @type {EventTarget} */ t, /** @type {string} */ type, /** @type {EventListener} */ fn, /** @type {AddEventListenerOptions} */ o = {}) => {
    t.addEventListener(type, fn, o);
    cleanups.push(() => t.removeEventListener(type, fn, o));
  };

  // ---- initial state ----
  /** @type {string[]} */ const startMessages = [];
  /** @type {{ label: string, state: State }[]} */ const startFixes = [];
  /** @type {State} */ let state;
  if (options.state) state = options.state;
  else if (options.hash && win.location.hash.length > 1) {
    const r = startState(win.location.hash);
    state = r.state;
    startMessages.push(...r.errors);
    startFixes.push(...r.fixes);
  } else state = presetState(presetById(options.preset ?? 'sigmoid-50') ?? PRESETS[0]);
  /** @type {State | null} */ let committed = null;
  /** @type {CsvFile | null} */ let csv = null;
  /** @type {object | null} */ let imported = options.network ?? null;
  /** @type {any} */ let info = null;
  let running = false;
  let wantRunning = false;

  // ---- embedding: layout, step limit, events ----
  const compact = !!options.controls;
  const shownControls = new Set(options.controls?.shown ?? []);
  const lockedControls = new Set(options.controls?.locked ?? []);
  /** Whether the reader may use a control (always on the standalone page). @param {string} name */
  const usable = (name) => !compact || (shownControls.has(name) && !lockedControls.has(name));
  const t0 = performance.now();
  let limit = options.steps ?? 0;
  let finishing = false, runGen = 0, readyFired = false, firstFrameMs = NaN, lastEmit = -Infinity, lastEmitStep = -1;
  let lastDeadCount = 0, lastUnitCount = 0, lastOpenError = '', initialPending = false;
  /** @type {Frame | null} */ let lastFrameSeen = null;
  /** @type {Set<string>} */ const deadSeen = new Set();
  /** @param {string} type @param {any} detail */
  const emit = (type, detail) => {
    if (!readyFired && type !== 'ready') { early.push([type, detail]); return; }  // ready comes first
    try { options.onEvent?.(type, detail); } catch (e) { queueMicrotask(() => { throw e; }); }
    if (type === 'ready') for (const [t, d] of early.splice(0)) emit(t, d);
  };
  /** @type {[string, any][]} */ const early = [];
  const here = (/** @type {string} */ file) => new URL(file, win.location.href).href;
  const links = options.links ?? { app: here('./').replace(/#.*$/, ''), script: here('grad-scope.js'), frame: here('embed.html') };

  // ---- DOM ----
  const style = h('style', null, `${uplotCss}\n${css}\n${embedCss}\n${BANNER_CSS}\n${TOUR_CSS}`);
  const host = h('div.gs-root', { 'data-theme': state.theme, tabindex: '-1', class: compact ? `gs-compact${options.explain ? ' gs-explain-on' : ''}` : null });
  root.append(style, host);
  const scheduler = createScheduler(host);
  const series = createSeries();

  // header: brand, status, transport
  const statusEl = h('div.gs-status', { 'aria-live': 'off' });
  const loading = h('span.gs-loading', { role: 'status' }, h('span.gs-spinner'), 'loading the engine…');
  const stepEl = h('b', null, '0'), spsEl = h('b', null, '–'), fpsEl = h('b', null, '–'), stateEl = h('span', null, 'paused');
  statusEl.append(loading, h('span', null, 'step ', stepEl), h('span', null, spsEl, ' steps/s'), h('span', null, fpsEl, ' fps'), stateEl);
  const playBtn = h('button.gs-btn.gs-primary', { type: 'button', 'aria-keyshortcuts': 'Space', onclick: () => togglePlay() }, 'Play ', h('kbd', null, 'Space'));
  const stepBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 's', title: 'One training step', onclick: () => stepOnce() }, 'Step ', h('kbd', null, 's'));
  const resetBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 'r', title: 'Back to step 0 with the same seed', onclick: () => resetRun() }, 'Reset ', h('kbd', null, 'r'));
  const seedBtn = h('button.gs-btn', { type: 'button', 'aria-keyshortcuts': 'n', title: 'Re-initialise with a new seed', onclick: () => newSeed() }, 'New seed ', h('kbd', null, 'n'));
  const speedIn = /** @type {HTMLInputElement} */ (h('input', { type: 'range', min: 0, max: 100, step: 1, 'aria-label': 'Training speed (steps per frame)' }));
  const speedOut = h('output', null, '');
  const lrIn = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 0, max: 10, step: 'any', 'aria-label': 'Learning rate (changes without reset)' }));
  const themeBtn = h('button.gs-btn', { type: 'button', title: 'Theme (t)', 'aria-label': 'Switch theme', onclick: () => cycleTheme() }, '◐');
  const shareBtn = h('button.gs-btn', { type: 'button', 'data-action': 'share', title: 'Copy a link to exactly this state', onclick: () => share('link') }, 'Share');
  const embedBtn = h('button.gs-btn', { type: 'button', 'data-action': 'embed', title: 'Copy a snippet that puts this network in a web page', onclick: () => share('embed') }, 'Embed');
  const brand = /** @type {HTMLAnchorElement} */ (h('a.gs-mark', { target: '_blank', rel: 'noopener', title: 'Open this network in the full gradscope playground' }, 'grad', h('span', null, 'scope'), ' ↗'));
  const sharePanel = h('div.gs-share', { role: 'group', 'aria-label': 'Share or embed' });
  sharePanel.hidden = true;
  // the comparison of activations (web/compare), on this network and data, in a dialog
  const compareBtn = h('button.gs-btn', { type: 'button', 'data-action': 'compare', title: 'Compare ReLU, Leaky ReLU and ELU side by side on this network and data', onclick: () => openCompare() }, 'Compare activations');
  compareBtn.hidden = compact;
  const transport = h('div.gs-transport', null, playBtn, stepBtn, resetBtn, seedBtn, shareBtn, embedBtn, compareBtn,
    h('label.gs-field-inline', null, 'speed', speedIn, speedOut),
    h('label.gs-field-inline', null, 'lr', lrIn), themeBtn);
  const header = h('header.gs-top', null,
    h('div.gs-brand', null, h('h1', null, 'grad', h('span', null, 'scope')), h('p', null, 'Build a deep network, train it live, watch its gradients vanish.')),
    transport, statusEl);

  // presets
  const chips = PRESETS.map((p) => h('button.gs-chip', { type: 'button', 'data-preset': p.id, 'aria-pressed': 'false', onclick: () => loadPreset(p.id) }, p.title));
  const claim = h('div.gs-claim', { 'aria-live': 'polite' });
  const presetsEl = h('nav.gs-presets', { 'aria-label': 'Presets' }, h('div.gs-chips', null, ...chips), claim);
  const messages = h('div.gs-messages', { 'aria-live': 'polite' });

  // ---- views ----
  const pngBtn = (/** @type {string} */ name, /** @type {() => (HTMLCanvasElement | null)[]} */ canvases) =>
    h('button.gs-mini', { type: 'button', title: 'Download this chart as PNG', onclick: () => downloadPng(name, canvases()) }, 'PNG');

  // 2. headline
  const bars = createGradBars(scheduler, { label: 'Gradient norm per layer, log scale' });
  const headline = h('p.gs-headline', { 'data-role': 'headline' }, 'Waiting for the first step…');
  const headSub = h('p.gs-sub', { 'data-role': 'headline-sub' });
  const zeroNote = h('p.gs-note', { 'data-role': 'initial-note' });
  const gradSelect = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Gradient measure' }));
  fillSelect(gradSelect, ['dW_norm', 'dz_norm'], label);
  gradSelect.addEventListener('change', () => edit('gradField', gradSelect.value));
  // the global gradient norm over steps, before and after clipping (the exploding preset's remedy)
  const normChart = createTimeSeries(scheduler, {
    label: 'Global gradient norm over steps, before and after clipping (log scale)', height: 150,
    series: [
      { label: '‖g‖ before clipping', color: 'accent', width: 2 },
      { label: '‖g‖ after clipping', color: 'bad', width: 2, dash: [5, 3] },
      { label: 'clip threshold', color: 'muted', width: 1, dash: [2, 3] },
    ],
    scales: { y: { log: true } },
    axes: [{ scale: 'y', label: '‖∂L/∂θ‖', format: (v) => sci(v) }],
  });
  const headCard = card('gradients', { wide: true, tools: [gradSelect, pngBtn('gradients', () => [bars.canvas, normChart.canvas()])], body: [headline, headSub, bars.el, normChart.el] });
  if (!compact) headSub.after(zeroNote);  // embeds reserve their heights: no extra line there

  // 1. loss
  const lossChart = createTimeSeries(scheduler, {
    label: 'Loss and accuracy over steps',
    series: [
      { label: 'batch loss', color: 'muted', width: 1 },
      { label: 'train loss', color: 'accent', width: 2 },
      { label: 'test loss', color: 'bad', width: 2 },
      { label: 'train acc', color: 'accent', scale: 'acc', dash: [5, 3] },
      { label: 'test acc', color: 'bad', scale: 'acc', dash: [5, 3] },
    ],
    scales: { y: {}, acc: { range: [0, 1] } },
    axes: [{ scale: 'y', label: 'loss' }, { scale: 'acc', label: 'accuracy', side: 1, format: (v) => `${Math.round(v * 100)}%` }],
  });
  const lossFigures = h('div.gs-figures');
  const lossCard = card('loss', { tools: [pngBtn('loss', () => [lossChart.canvas()])], body: [lossFigures, lossChart.el] });

  // 3. flow heatmap
  const flow = createHeatmap(scheduler, { label: 'Gradient norm per layer over time (log colour)', height: (rows) => Math.min(260, Math.max(110, rows * 5)), rows: () => (committed ?? state).depth + 1, minMs: 150 });
  const flowCard = card('flow', { tools: [pngBtn('flow', () => [flow.canvas])], body: [flow.el] });

  // 4. layer
  const layerSelect = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Layer to inspect' }));
  layerSelect.addEventListener('change', () => edit('layer', layerSelect.value));
  const layerHist = createLayerHist(scheduler, { label: 'Pre-activation histogram over the activation and its derivative' });
  const layerFigures = h('div.gs-figures');
  const layerCard = card('layer', { tools: [layerSelect, pngBtn('layer', () => [layerHist.canvas])], body: [layerFigures, layerHist.el] });

  // 5. health
  const health = createHeatmap(scheduler, { label: 'Unit health: layers by units', height: (rows) => Math.min(300, Math.max(80, rows * 9)), rows: () => (committed ?? state).depth });
  const healthCounts = createTimeSeries(scheduler, {
    label: 'Dead and saturated units over steps', height: 150,
    series: [{ label: 'dead units', color: 'fg', width: 2 }, { label: 'saturated units (|f′|<ε)', color: 'warn', width: 2 }],
  });
  const healthFigures = h('div.gs-figures');
  const healthCard = card('health', { tools: [pngBtn('health', () => [health.canvas, healthCounts.canvas()])], body: [healthFigures, health.el, healthCounts.el] });

  // 6. zig-zag
  const ssBars = createSameSignBars(scheduler);
  const zz = createZigzagSim(scheduler);
  const zzCard = card('zigzag', {
    tools: [h('button.gs-mini', { type: 'button', onclick: () => zz.resample() }, 'new inputs'), pngBtn('zigzag', () => [ssBars.canvas, zz.canvas])],
    body: [h('div.gs-row', null, ssBars.el, zz.el)],
  });

  // 7. slopes
  const slopesBox = h('div');
  const slopesNote = h('p.gs-note');
  /** @type {ReturnType<typeof createTimeSeries> | null} */ let slopes = null;
  /** @type {{ prelu: number[], rrelu: number[] }} */ let slopeLayers = { prelu: [], rrelu: [] };
  const slopesCard = card('slopes', { tools: [pngBtn('slopes', () => [slopes?.canvas() ?? null])], body: [slopesNote, slopesBox] });

  // 8. boundary
  const boundary = createBoundary(scheduler);
  const boundaryNote = h('p.gs-note');
  const digitsEl = h('div.gs-digits', { 'aria-label': 'Sample test digits with the network’s predictions' });
  digitsEl.hidden = true;
  const boundaryCard = card('boundary', { tools: [pngBtn('boundary', () => [boundary.canvas])], body: [boundaryNote, boundary.el, digitsEl] });

  // 9. explorer
  const curves = createCurves(scheduler);
  const explorerCard = card('explorer', { wide: true, tools: [pngBtn('activations', () => [curves.canvas])], body: [curves.el] });

  // 10. product
  const product = createProductView(scheduler, { pngButton: (canvases) => pngBtn('product', canvases) });
  const productCard = card('product', { tools: product.tools, body: product.body });
  product.start(productCard);

  // 11. network
  const diagram = createDiagram(scheduler);
  const strip = createStrip(scheduler);
  const edgeSelect = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'What the diagram’s edges show', name: 'edgesView' }));
  fillSelect(edgeSelect, ['weights', 'gradients'], (v) => (v === 'weights' ? 'edges: weights w' : 'edges: gradients ∂L/∂w'));
  edgeSelect.addEventListener('change', () => edit('edges', edgeSelect.value));
  const netCard = card('network', { wide: true, tools: [edgeSelect, pngBtn('network', () => [diagram.el.hidden ? null : diagram.canvas, strip.canvas])], body: [diagram.el, strip.el] });

  /** @type {Record<string, HTMLElement>} */
  const cards = { gradients: headCard, loss: lossCard, flow: flowCard, layer: layerCard, health: healthCard, boundary: boundaryCard, zigzag: zzCard, slopes: slopesCard, network: netCard, explorer: explorerCard, product: productCard };
  const shownViews = (options.views ?? Object.keys(cards)).filter((v) => v in cards);
  // a preset's claim step: Play stops there (views/pacing.js); the standalone page only
  const pacing = createPacing({ charts: [lossChart, normChart, healthCounts], goOn: () => { play().catch((e) => say(`${e instanceof Error ? e.message : e}`, 'warn', 'pace')); } });
  const paced = !compact && !options.steps;
  // the guided tour (web/tour): its stop is the state's `tour` (standalone page only)
  const tour = createTour({
    go: (n, id) => { const p = id ? presetById(id) : undefined; if (p) imported = null; applyState(p ? { ...presetState(p, state), tour: n } : { ...state, tour: n }); },
    presetTitle: (id) => presetById(id)?.title ?? id,
    end: () => { applyState({ ...state, tour: 0 }); tourBtn.focus(); },
    play: () => { if (!running) togglePlay(); },
    look: (t) => showView(host, t, (l) => edit('layer', String(Math.min(l, (committed ?? state).depth - 1)))),
    hasView: (id) => shownViews.includes(id),
    read: () => (committed ? { state: committed, stats: lastStats, figures: figures() } : null),
    paceStop: () => (pacing.phase === 'pending' ? pacing.stop : 0),
    now: () => performance.now(),
  });
  const tourBtn = h('button.gs-chip.gs-tour-chip', { type: 'button', 'data-action': 'tour', title: 'A guided tour of the lesson, stop by stop, with the numbers of the network on screen', onclick: () => tour.open(tour.stop || 1) }, 'Guided tour ▸');
  if (!compact) presetsEl.querySelector('.gs-chips')?.prepend(tourBtn);
  // the page's <main> only on the standalone page (inside an element the host page has its own)
  const views = h(options.hash ? 'main.gs-views' : 'div.gs-views', { 'data-count': shownViews.length, id: `gs-views-${Math.random().toString(36).slice(2, 8)}`, tabindex: '-1', 'aria-label': 'Charts' }, ...shownViews.map((v) => cards[v]));
  const tables = attachTables(scheduler, cards, {
    gradients: [bars, normChart], loss: [lossChart], flow: [flow], layer: [layerHist], health: [health, healthCounts], zigzag: [ssBars, zz],
    slopes: [() => slopes], boundary: [boundary], explorer: [curves], product: [product.chart], network: [diagram, strip],
  });
  const announcer = createAnnouncer(doc);
  const shortcuts = createShortcutsPanel();

  const controls = createControls(state, {
    onField: (name, text) => edit(name, text),
    onPerLayer: (widths, activations) => applyState({ ...state, widths, activations, preset: '' }),
    onCsv: (file) => loadCsv(file),
    onNewSeed: () => newSeed(),
    onExport: (what) => exportWhat(what),
    onImport: (file) => importNetwork(file),
    onCompareRemedies: () => openCompare('remedy'),
  });
  if (compact) buildCompact();
  else {
    const skip = h('a.gs-skip', { href: `#${views.id}`, onclick: (/** @type {Event} */ e) => { e.preventDefault(); views.focus(); views.scrollIntoView(); } }, 'Skip to the charts');
    themeBtn.after(shortcuts.button);
    host.append(skip, header, shortcuts.el, presetsEl, sharePanel, messages, h('div.gs-layout', null, controls.el, views));
    host.append(tour.el);
  }
  host.append(announcer.el);
  renderClaim(state);  // now, not after the engine opened: the views below do not move

  /** The embed layout: one toolbar with the chosen controls and the status, then the views. */
  function buildCompact() {
    /** @type {Record<string, HTMLElement | null>} */
    const single = { play: playBtn, step: stepBtn, reset: resetBtn, newseed: seedBtn, speed: speedIn.parentElement, lr: lrIn.parentElement, theme: themeBtn, share: shareBtn, embed: embedBtn };
    const tools = h('div.gs-tools');
    // with the settings panel shown, its fields stay there (the toolbar keeps one row)
    const panel = shownControls.has('settings');
    for (const name of shownControls) {
      const el = single[name];
      if (el) { tools.append(el); continue; }
      if (panel) continue;
      for (const field of FIELD_CONTROLS[name] ?? []) {
        const row = controls.el.querySelector(`[name="${field}"]`)?.closest('.gs-field')?.parentElement;
        if (row) tools.append(row);
      }
    }
    for (const name of lockedControls) {
      const el = single[name];
      const targets = el ? [el.matches('button') ? el : el.querySelector('input')] : (FIELD_CONTROLS[name] ?? []).flatMap((f) => {
        const t = tools.querySelector(`[name="${f}"]`) ?? (panel ? controls.el.querySelector(`[name="${f}"]`) : null);
        const row = t?.closest('.gs-field')?.parentElement;
        return row ? Array.from(row.querySelectorAll('input, select')) : [t];
      });
      for (const t of targets) if (t) { t.setAttribute('disabled', ''); t.setAttribute('data-locked', ''); t.setAttribute('title', 'Fixed by this page'); }
    }
    fpsEl.parentElement?.setAttribute('hidden', '');
    spsEl.parentElement?.classList.add('gs-sps');
    stateEl.classList.add('gs-state-word');
    if (!shownControls.has('settings')) controls.el.querySelector('select[name="data"] option[value="csv"]')?.remove();
    host.append(h('div.gs-bar', { role: 'toolbar', 'aria-label': 'gradscope controls' }, tools, statusEl, brand));
    if (shownControls.has('presets')) host.append(presetsEl);
    host.append(sharePanel, messages, shownControls.has('settings') ? h('div.gs-layout', null, controls.el, views) : views);
  }

  /** Shows (and copies) a link to this state, or the element and iframe snippets for it. @param {'link' | 'embed'} kind @param {boolean} [copy] */
  function share(kind, copy = true) {
    const s = committed ?? state;
    const eo = options.embedOptions?.() ?? defaultOptions();
    const items = kind === 'link'
      ? [{ label: 'Link to this exact state', text: appLink(links.app, s) }]
      : [{ label: 'Element: one script tag and one element', text: elementSnippet(links.script, { ...s, tour: 0 }, eo) },
        { label: 'Iframe: its few lines of script size it to its content (without them it keeps its height)', text: iframeSnippet(links.frame, { ...s, tour: 0 }, eo) }];
    const shown = Array.from(sharePanel.querySelectorAll('textarea'), (t) => t.value);
    if (!copy && shown.length === items.length && items.every((it, i) => it.text === shown[i])) return;
    const note = h('span.gs-share-note', { role: 'status' });
    const close = h('button.gs-mini', { type: 'button', 'aria-label': 'Close', onclick: () => { sharePanel.hidden = true; } }, '×');
    const rows = items.map((it, i) => {
      const ta = /** @type {HTMLTextAreaElement} */ (h('textarea', { readonly: true, rows: kind === 'link' ? 2 : 3, spellcheck: 'false', 'data-role': `share-${kind}-${i}`, 'aria-label': it.label }));
      ta.value = it.text;
      const copyBtn = h('button.gs-mini', { type: 'button', onclick: () => copyText(it.text, ta, note) }, 'Copy');
      return h('div.gs-share-row', null, h('span', null, it.label), ta, copyBtn);
    });
    fill(sharePanel, h('div.gs-share-head', null, h('b', null, kind === 'link' ? 'Share' : 'Embed'), note, close), ...rows);
    sharePanel.hidden = false;
    sharePanel.dataset.kind = kind;
    const first = /** @type {HTMLTextAreaElement} */ (sharePanel.querySelector('textarea'));
    if (copy) copyText(items[0].text, first, note);
    else setText(note, 'Updated to the settings on screen');
  }
  /** @param {string} text @param {HTMLTextAreaElement} ta @param {HTMLElement} note */
  function copyText(text, ta, note) {
    const manual = () => { ta.focus(); ta.select(); setText(note, 'Selected: press Ctrl+C (⌘C) to copy'); };
    const clip = win.navigator.clipboard;
    if (!clip?.writeText) { manual(); return; }
    clip.writeText(text).then(() => setText(note, 'Copied to the clipboard'), manual);
  }
  // narrow screens: the settings start folded so the views come into sight
  if (win.matchMedia?.('(max-width: 900px)').matches) for (const d of controls.el.querySelectorAll('details')) d.open = false;

  // ---- messages ----
  /** @param {string} text @param {'error' | 'warn' | 'info'} kind @param {string} [key] @param {Node[]} [actions] */
  function say(text, kind = 'error', key = '', actions = []) {
    if (key) messages.querySelector(`[data-key="${key}"]`)?.remove();
    const close = h('button.gs-msg-close', { type: 'button', 'aria-label': 'Dismiss' }, '×');
    const msg = h(`div.gs-msg.gs-${kind}`, { role: kind === 'error' ? 'alert' : 'status', 'data-key': key || null }, h('p', null, text), ...actions, close);
    close.addEventListener('click', () => msg.remove());
    messages.append(msg);
    while (messages.children.length > 5) messages.firstElementChild?.remove();
    return msg;
  }
  /** @param {string} key */
  const unsay = (key) => messages.querySelector(`[data-key="${key}"]`)?.remove();
  if (startMessages.length) linkSay(startMessages, startFixes);
  /** Every problem of a link in one message (none dropped), with buttons for the fixes. @param {string[]} problems @param {{ label: string, state: State }[]} [fixes] */
  function linkSay(problems, fixes = []) {
    const { text, list } = linkProblems(problems);
    const buttons = fixes.map((f) => h('button.gs-mini', { type: 'button', 'data-action': 'link-fix', onclick: () => { imported = null; unsay('link'); applyState(f.state); } }, `Open ${f.label}`));
    say(text, 'warn', 'link', [list, ...buttons]).dataset.role = 'link-problems';
  }

  // ---- engine ----
  const client = options.createClient ? options.createClient() : new EngineClient();
  cleanups.push(client.onFrame(onFrame));
  // a worker that crashed or stopped answering: say so in this instance, replace it and
  // re-open the same settings (client.restart()), then resume if it was training
  /** @type {number[]} */ const restarts = [];
  cleanups.push(client.onError((/** @type {Error} */ err) => {
    const resume = running || wantRunning;
    running = false;
    syncPlay();
    if (!committed) return;  // nothing ever opened: the open's own message says why
    const now = performance.now();
    const lost = client.lastFrame?.steps ?? 0;
    const at = lost > 0 ? ` at step ${int(lost)}` : '';
    while (restarts.length && now - restarts[0] > 60000) restarts.shift();
    if (restarts.length >= 3) {
      say(`The training engine on this page stopped${at} (${err.message}); that is ${restarts.length + 1} times in a minute, so it is not restarted again. The charts show the run as it was; reload the page to train again.`, 'error', 'crash');
      return;
    }
    restarts.push(now);
    const msg = say(`The training engine on this page stopped${at} (${err.message}). Restarting it with your settings…`, 'error', 'crash');
    msg.dataset.role = 'worker-crash';
    ++runGen;
    enqueue(async () => {
      await client.restart();
      series.clear(); bars.resetRange(); lastDiverged = -1; deadSeen.clear();
      limit = options.steps ?? 0;
      onOpened();
      if (resume) { wantRunning = true; await client.play(); running = true; }
      syncPlay();
      const p = msg.querySelector('p');
      if (p) p.textContent = `The training engine on this page stopped${at} (${err.message}) and was restarted with your settings: the run starts again from step 0${lost > 0 ? `, and the charts were cleared` : ''}${resume ? '; training goes on' : '; press Play to train'}.`;
      msg.dataset.restarted = 'true';
    }).catch((/** @type {any} */ e) => say(`Restart failed: ${e instanceof Error ? e.message : e}`, 'error', 'crash'));
  }));

  /** @type {Promise<void>} */ let queue = Promise.resolve();
  /** @param {() => Promise<void>} job */
  const enqueue = (job) => { queue = queue.then(job, job); return queue; };
  let applySeq = 0, forceOpen = false, noResume = false;
  /** @type {Promise<void>} */ let lastApply = Promise.resolve();

  /**
   * Applies a new state: live fields go straight to the worker, the others re-open the
   * session. On a core error the message is shown and the previous state stays.
   * Requests coalesce: `state` is always the latest requested state (edits compose on
   * it), and a queued request that a newer one superseded is skipped, since the newer
   * one carries all its edits. The returned promise resolves once the latest request
   * (this one or the one that superseded it) is done.
   * `force`: re-open even if no field changed, and stay paused; `reopen`: re-open even if
   * no field changed (e.g. another CSV file), resuming if it was training.
   * @param {State} next @param {{ force?: boolean, reopen?: boolean }} [o]
   */
  function applyState(next, o = {}) {
    const seq = ++applySeq;
    const base = committed;
    if (o.force || o.reopen) forceOpen = true;
    if (o.force || o.reopen || !base || differs(next, base)) ++runGen;
    if (o.force === true) noResume = true;
    state = next;
    const done = enqueue(async () => {
      if (seq !== applySeq) return;  // superseded: the newer request includes this edit
      const force = forceOpen, stay = noResume;
      forceOpen = false; noResume = false;
      const prev = committed;
      const needsOpen = force || !prev || differs(next, prev);
      if (needsOpen) {
        const shape = dataShape(next, csv);
        const net = /** @type {any} */ (imported ?? networkDoc(next, shape));
        const cfg = configDoc(next, csv);
        // a network that cannot run is refused here, with the sizes that fit (state/limits.js)
        const misfit = imported || next.data === 'csv' ? null : checkFits(next, shape);
        try {
          if (misfit) throw new Error(misfit.message);
          const wasRunning = running || wantRunning;
          if (running) await client.pause();
          info = await client.open(net, cfg);
          committed = next;
          unsay('open');
          unsay('diverged');
          series.clear();
          lastStats = null; initialPending = true;  // onOpened asks for the step-0 gradients
          bars.resetRange();
          limit = options.steps ?? 0; deadSeen.clear();
          pacing.opened(presetById(next.preset), paced);
          await client.setSpeed(next.speed);
          await client.setView({ grid: shape.twoD && info.inputs === 2 ? { res: 40, bounds: GRID_BOUNDS } : null, evaluateMs: 300, probeMs: 400 });
          onOpened();
          if (wasRunning && !stay) { await client.play(); running = true; }
        } catch (e) {
          const msg = withPageLayers(e instanceof Error ? e.message : String(e), next.depth);
          lastOpenError = msg;
          const first = !committed && next.preset !== PRESETS[0].id;
          // (the first network's message stays when the preset opens: another key than 'open')
          const fixes = (misfit?.fixes ?? []).map((f) => h('button.gs-mini', { type: 'button', 'data-action': 'size-fix', onclick: () => { unsay('open'); applyState(f.state); } }, `Use ${f.label}`));
          say(first ? `${msg}\nOpened the preset “${PRESETS[0].title}” instead.` : `${msg}\nThe previous settings are kept.`, 'error', first ? 'open-first' : 'open', fixes);
          if (seq === applySeq) state = committed ?? state;
          // nothing open yet: never leave the page waiting for a network that cannot open
          if (first) { imported = null; applyState(presetState(PRESETS[0], next), { force: true }); }
          if (!committed) throw e;
        }
      } else if (prev) {
        if (next.lr !== prev.lr) await client.setLr(next.lr);
        if (next.speed !== prev.speed) await client.setSpeed(next.speed);
        committed = next;
      }
      afterState();
    }).catch(() => {});
    lastApply = done;
    return done.then(async () => { let p = done; while (p !== lastApply) { p = lastApply; await p; } });
  }
  /** Whether two states differ in a field that needs a re-open. @param {State} a @param {State} b */
  function differs(a, b) {
    return Object.keys(a).some((k) => !LIVE_FIELDS.has(k) && JSON.stringify(a[/** @type {Field} */ (k)]) !== JSON.stringify(b[/** @type {Field} */ (k)]));
  }

  /** Updates everything that follows the state (controls, hash, theme, view options). */
  function afterState() {
    const s = committed ?? state;
    brand.href = appLink(links.app, s);
    if (!sharePanel.hidden && sharePanel.dataset.kind) share(/** @type {'link' | 'embed'} */ (sharePanel.dataset.kind), false);
    controls.update(s, csv && s.data === 'csv' ? csv.name : null);
    controls.remedyNote(remedyWords(s));
    const themeWas = host.dataset.theme;
    host.dataset.theme = s.theme;
    scheduler.themeChanged();
    if (themeWas !== s.theme) recolour();
    if (options.hash) {
      const text = `#${hashOf(s)}`;
      if (win.location.hash !== text) win.history.replaceState(null, '', text);
    }
    for (const c of chips) c.setAttribute('aria-pressed', String(c.dataset.preset === s.preset));
    if (pacing.presetId !== s.preset) pacing.opened(presetById(s.preset), paced && (lastFrameSeen?.steps ?? 0) === 0);
    tour.show(compact ? 0 : s.tour);
    renderClaim(s);
    lrIn.value = String(s.lr);
    speedIn.value = String(speedToSlider(s.speed));
    setText(speedOut, `${s.speed}/frame`);
    gradSelect.value = s.gradField;
    // the diagram redraws when what its edges show changed (the select may already show it: the reader picked it)
    if (edgeSelect.value !== s.edges) edgeSelect.value = s.edges;
    if (diagram.el.dataset.edges !== undefined && diagram.el.dataset.edges !== s.edges && !diagram.el.hidden) refreshWeights();
    const opts = Array.from({ length: s.depth }, (_, l) => String(l));
    if (layerSelect.options.length !== opts.length) {
      layerSelect.replaceChildren(...opts.map((v) => h('option', { value: v }, `layer ${Number(v) + 1} (${label(layerActivation(s, Number(v)))})`)));
    } else opts.forEach((v, i) => { const t = `layer ${i + 1} (${label(layerActivation(s, i))})`; if (layerSelect.options[i].text !== t) layerSelect.options[i].text = t; });
    layerSelect.value = String(s.layer);
    refreshExplorer();
    refreshLayer();
    updateWords(s);
    redrawFromSeries();
  }

  /** The cards' explanations for the network on screen (views/explain.js). @param {State} s */
  function updateWords(s) {
    const shape = dataShape(s, csv);
    setWords(headCard, gradientsWords(s, shape));
    setWords(lossCard, lossWords(s, shape, imported ? String(/** @type {any} */ (imported).loss) : lossFor(s, shape)));
    setWords(healthCard, healthWords(s));
    setWords(slopesCard, slopesWords(s));
    setWords(zzCard, zigzagWords(s, shape, null));
  }

  /** What the remedy switches do on this network, in words. @param {State} s */
  function remedyWords(s) {
    if (imported) return s.batchnorm || s.residual ? 'The imported network’s own remedies are shown; changing them re-builds the network from these settings (new weights).' : '';
    const shape = dataShape(s, csv);
    const plan = remedyPlan(s, shape);
    const parts = [];
    if (plan.batchnorm.length) parts.push(`batch norm on ${layerList(plan.batchnorm, s.depth)}`);
    if (plan.residual.length) parts.push(`skips around ${layerList(plan.residual, s.depth)}`);
    const refused = plan.skipRefused.map((l) => {
      const fanIn = l === 0 ? shape.inputs : layerWidth(s, l - 1);
      return `layer ${l + 1} (${fanIn} inputs → ${layerWidth(s, l)} units)`;
    });
    const text = parts.length ? `Now: ${parts.join('; ')}.` : 'No remedy on.';
    return refused.length ? `${text} No identity skip where the widths differ: ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ` and ${refused.length - 3} more` : ''}.` : text;
  }

  /** @param {State} s */
  function renderClaim(s) {
    const p = presetById(s.preset);
    if (!p) { claim.hidden = true; return; }
    claim.hidden = false;
    const next = p.next ? presetById(p.next.preset) : undefined;
    fill(claim, ...bannerParts(p, {
      hasView: (id) => shownViews.includes(id),
      look: (t) => showView(host, t, (l) => edit('layer', String(Math.min(l, (committed ?? state).depth - 1)))),
      pace: pacing.el,
      compare: compact ? null : () => openPresetCompare(p),
      variant: () => applyState(presetState(p, s, true)),
      next: next && p.next ? { label: p.next.label, go: () => loadPreset(next.id) } : null,
      remedies: p.overrides.batchnorm || p.overrides.residual ? () => openCompare('remedy') : null,
    }));
  }


  function onOpened() {
    loading.hidden = true;
    const s = /** @type {State} */ (committed);
    setText(stepEl, '0');
    // slopes chart for this network
    slopes?.destroy();
    slopes = null;
    slopeLayers = { prelu: [], rrelu: [] };
    for (let l = 0; l < s.depth; ++l) {
      const a = layerActivation(s, l);
      if (a === 'prelu') slopeLayers.prelu.push(l);
      if (a === 'rrelu') slopeLayers.rrelu.push(l);
    }
    slopeLayers.prelu = slopeLayers.prelu.slice(0, 8);
    if (slopeLayers.prelu.length || slopeLayers.rrelu.length) {
      const colors = ['accent', 'ok', 'accent2', 'fg', 'muted', 'bad', 'warn', 'grid'];
      slopes = createTimeSeries(scheduler, {
        label: 'PReLU learned slopes and RReLU sampled slopes over steps', height: 200,
        series: [
          ...slopeLayers.prelu.map((l, i) => ({ label: `PReLU layer ${l + 1}`, color: colors[i % colors.length], width: 2 })),
          ...(slopeLayers.rrelu.length ? [{ label: 'RReLU min', color: 'bad', width: 1 }, { label: 'RReLU mean', color: 'bad', width: 2 }, { label: 'RReLU max', color: 'bad', width: 1 }] : []),
        ],
      });
      slopesBox.replaceChildren(slopes.el);
      setText(slopesNote, `${slopeLayers.prelu.length ? `PReLU in layers ${slopeLayers.prelu.map((l) => l + 1).join(', ')} (initial slope ${s.preluInit}, one ${s.preluPer === 'unit' ? 'per unit' : 'per layer'}). ` : ''}${slopeLayers.rrelu.length ? `RReLU in ${slopeLayers.rrelu.length} layer(s), slopes drawn from U(${s.rreluLower.toFixed(3)}, ${s.rreluUpper.toFixed(3)}).` : ''}`);
    } else {
      slopesBox.replaceChildren();
      setText(slopesNote, 'This network has no PReLU or RReLU layer. Try the preset “Leaky ReLU vs PReLU vs RReLU”, or set some layers to PReLU/RReLU.');
    }
    // boundary
    const shape = dataShape(s, csv);
    if (!(shape.twoD && info?.inputs === 2)) boundary.setNote(s.data === 'digits' ? 'The digits have 64 inputs: there is no plane to draw. Follow the test accuracy in “Loss and accuracy”.' : `This data has ${info?.inputs ?? '?'} inputs; the boundary needs exactly 2.`);
    else boundary.setGrid(null, info?.data?.task ?? 'binary');
    setText(boundaryNote, info ? `${info.data.name}: ${int(info.data.train_rows)} training rows, ${int(info.data.test_rows)} test rows, ${info.data.task}${info.data.classes ? `, ${info.data.classes} classes` : ''}; ${int(info.parameters)} parameters, ${info.precision}.` : '');
    // the data points (and digit samples), when the engine offers them
    boundary.setPoints([]);
    dataRows = null;
    digitsEl.hidden = true;
    client.request(/** @type {any} */ ('data')).then((/** @type {any} */ d) => {
      dataRows = normaliseData(d);
      if (!dataRows) return;
      if (info?.inputs === 2) boundary.setPoints([{ ...dataRows.train }, { ...dataRows.test, test: true }]);
      if (!diagram.el.hidden && committed?.edges === 'gradients') refreshWeights();
      if (s.data === 'digits') { boundary.el.hidden = true; digitsEl.hidden = false; refreshDigits(); }
    }).catch(() => { /* an engine without the 'data' request: no points */ });
    boundary.el.hidden = false;
    // diagram
    const small = s.depth <= 6 && (info?.inputs ?? 99) <= 16 && Array.from({ length: s.depth }, (_, l) => (s.widths ? s.widths[l] : s.width)).every((w) => w <= 12);
    diagram.el.hidden = !small;
    if (small) refreshWeights();
    health.set(null);
    layerHist.set(null);
    flow.set(null);
    lastProbe = null;
    // a frame with the state at step 0, with the gradients of one batch (initial.js);
    // 'ready' waits for it
    lastStats = null;
    initialPending = true;
    // (outside the job queue: a step the reader asked for meanwhile may already be drawn,
    // and then this older frame is not drawn over it)
    client.step(0).then(initial).then((f) => {
      if (!lastFrameSeen || lastFrameSeen.steps <= f.steps) onFrame(f);
      else afterFrame(lastFrameSeen);  // ('ready' waited for this report)
    }).catch(() => { initialPending = false; });
  }

  // ---- frames ----
  /** @type {{ train: { x: number[], labels?: number[], y?: number[] }, test: { x: number[], labels?: number[], y?: number[] }, features: number } | null} */
  let dataRows = null;
  let lastDigitsAt = 0;
  let lastSeriesAt = 0;
  let lastWordsAt = 0;
  /** @type {any} */ let lastProbe = null;
  /** @type {any} */ let lastStats = null;
  let lastDiverged = -1;
  /** @type {any} */ let lastFrameDiverged = null;
  let lastWeightsAt = 0;
  /** @param {Frame} frame */
  function onFrame(frame) {
    if (!frame || !committed) return;
    if (!finishing && frame.running !== running) { running = frame.running; syncPlay(); }
    // words change at a readable rate (and cost layout); the figures every frame
    const now = performance.now();
    const words = !frame.running || now - lastWordsAt >= 125;
    if (words) {
      lastWordsAt = now;
      setText(stepEl, int(frame.steps));
      setText(spsEl, frame.running ? int(frame.stepsPerSecond) : '–');
    }
    host.dataset.stepsPerSecond = String(frame.stepsPerSecond);
    host.dataset.msPerStep = String(frame.msPerStep);
    const st = frame.stats;
    lastFrameDiverged = frame.diverged ?? null;
    if (st && Array.isArray(st.layers) && st.layers.length) {
      lastStats = st;
      series.add(st);
      updateHeadline(st, words);
      if (!compact) setText(zeroNote, initialNote(st, committed.batch));
      updateStrip(st);
    } else if (frame.steps === 0 && !lastStats) {
      setText(headline, 'Press Play (Space) or Step (s): the gradients appear after the first step.');
      headline.className = 'gs-headline';
    }
    if (frame.evaluate) series.addEval({ ...frame.evaluate, step: frame.evaluate.step ?? frame.steps });
    if (frame.probe) { lastProbe = frame.probe; updateHealth(); refreshLayer(); }
    if (frame.grid && info) boundary.setGrid(frame.grid, info.data.task);
    if (frame.diverged && frame.diverged.step !== lastDiverged) { lastDiverged = frame.diverged.step; showDivergence(frame.diverged); }
    // the long series change every frame but their charts need not redraw that often
    if (!frame.running || now - lastSeriesAt >= 100) { lastSeriesAt = now; redrawFromSeries(); }
    if (!diagram.el.hidden && netCard.isConnected && frame.running && performance.now() - lastWeightsAt > 1000) refreshWeights();
    if (!digitsEl.hidden && boundaryCard.isConnected && (frame.running ? performance.now() - lastDigitsAt > 1000 : frame.steps !== digitsStep)) refreshDigits();
    afterFrame(frame);
  }

  /** A step-0 frame completed with the gradients of one training batch. @param {Frame} f */
  function initial(f) {
    const s = committed ?? state;
    return withInitialStats(client, f, { rows: s.batch, loss: imported ? String(/** @type {any} */ (imported).loss) : lossFor(s, dataShape(s, csv)), outputs: Number(info?.outputs) || 1 })
      .finally(() => { initialPending = false; });
  }

  /** Events and the step limit, once a frame is shown. @param {Frame} frame */
  function afterFrame(frame) {
    lastFrameSeen = frame;
    const now = performance.now();
    if (!readyFired && !initialPending) { readyFired = true; firstFrameMs = now - t0; host.dataset.firstFrameMs = firstFrameMs.toFixed(0); emit('ready', figures()); }
    // at most 4 a second; a paused frame at once (a step or pause), except during the paced
    // steps of finish() (frames there are not running either), whose last frame does go out
    const paused = !frame.running && (!finishing || (limit > 0 && frame.steps >= limit));
    if (frame.steps !== lastEmitStep && (now - lastEmit >= 250 || paused)) { lastEmit = now; lastEmitStep = frame.steps; emit('step', figures()); }
    if (limit && !finishing && frame.running && limit - frame.steps <= nearLimit()) finish();
    if (pacing.phase === 'pending' && (frame.steps >= pacing.stop || frame.diverged)) pacing.reached(figures());
    pacing.moved(frame.steps);
    tour.refresh(!frame.running);
  }

  /** Steps before the limit where the free run hands over to finish(): half a second of training. */
  function nearLimit() {
    const s = committed ?? state;
    return Math.max(30 * s.speed, 0.5 * (lastFrameSeen?.stepsPerSecond ?? 0));
  }

  /**
   * Trains to exactly `limit` steps at the requested pace: the free run pauses, then one
   * step(speed) per animation frame until the limit (frames between are sparse when the
   * page is busy, so watching them alone would overshoot). Pause, reset or a new network
   * (runGen) stop it.
   */
  function finish() {
    finishing = true;
    const gen = runGen;
    enqueue(async () => {
      const target = limit;
      if (!target || gen !== runGen) return;
      await client.pause();
      running = true; syncPlay();
      /** @type {Frame} */ let f = await client.step(0);
      let last = performance.now();
      while (f.steps < target && gen === runGen && wantRunning && !f.diverged) {
        await new Promise((r) => win.requestAnimationFrame(() => r(null)));
        // the requested speed is steps per 60 Hz frame: keep it when a round takes longer
        const now = performance.now();
        const k = Math.max(1, Math.round((committed ?? state).speed * Math.min(10, (now - last) / (1000 / 60))));
        last = now;
        f = await client.step(Math.min(k, target - f.steps));
        onFrame(f);
      }
      running = false; syncPlay();
      if (f.steps >= target && gen === runGen) { limit = 0; wantRunning = false; onFrame(f); emit('finished', figures()); }
    }).catch(() => {}).finally(() => { finishing = false; running = false; syncPlay(); });
  }

  /** What the page shows, as numbers (null where there is none yet). */
  function figures() {
    const s = committed ?? state;
    const st = lastStats, f = lastFrameSeen;
    const le = series.evals[series.evals.length - 1];
    const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    /** @type {(number | null)[]} */ const norms = st ? st.layers.map((/** @type {any} */ l) => num(l[s.gradField])) : [];
    const first = norms[0] ?? null, last = norms[Math.max(0, norms.length - 2)] ?? null;
    return {
      ready: readyFired, step: f?.steps ?? 0, running, stepsPerSecond: running ? num(f?.stepsPerSecond) ?? 0 : 0,
      preset: s.preset, depth: s.depth, activation: s.activations ? 'mixed' : s.activation,
      loss: num(st?.loss), trainLoss: num(le?.trainLoss), testLoss: num(le?.testLoss),
      trainAccuracy: num(le?.trainAcc), testAccuracy: num(le?.testAcc),
      gradientField: s.gradField, gradientNorms: norms,
      gradientRatio: first !== null && last ? first / last : null,
      gradNorm: num(st?.grad_norm), clippedNorm: num(st?.clipped_norm), clipped: !!st?.clipped,
      deadUnits: lastDeadCount, units: lastUnitCount,
      diverged: pageDiverged(f?.diverged, s.depth),
      timeToFirstFrameMs: Number.isFinite(firstFrameMs) ? Math.round(firstFrameMs) : null,
    };
  }

  /** @param {any} st @param {boolean} words update the sentences too */
  function updateHeadline(st, words) {
    const s = /** @type {State} */ (committed);
    const field = s.gradField;
    const diverged = lastFrameDiverged ?? (st.diverged && typeof st.diverged === 'object' ? st.diverged : null);
    const hd = headlineOf({ stats: st, field, depth: s.depth, diverged, lastFinite: diverged ? lastFiniteOf(series.records, field === 'dz_norm' ? 'dz' : 'dW', diverged.step) : null });
    if (hd.bars) bars.set(hd.bars, field === 'dW_norm' ? '‖∂L/∂W‖' : '‖∂L/∂z‖');
    bars.el.dataset.finite = String((hd.bars ?? []).every((v) => Number.isFinite(v)));
    bars.el.dataset.count = String(hd.bars?.length ?? 0);
    headline.dataset.ratio = String(hd.ratio);
    headline.dataset.first = String(hd.first);
    headline.dataset.last = String(hd.last);
    headline.dataset.step = String(st.step);
    headline.dataset.overflow = String(hd.overflow);
    if (!words && !hd.overflow) return;
    setText(headline, hd.text);
    if (headline.className !== hd.cls) headline.className = hd.cls;
    if (running) announcer.change(hd.overflow ? 'overflow' : hd.ratio < 1e-3 || hd.first === 0 ? 'vanishing' : hd.ratio > 1e3 ? 'exploding' : 'even', headline.textContent ?? '');
    setText(headSub, hd.sub);
  }

  /** @param {any} st */
  function updateStrip(st) {
    const L = st.layers;
    const col = (/** @type {string} */ k) => L.map((/** @type {any} */ l) => (typeof l[k] === 'number' ? l[k] : NaN));
    const bn = (/** @type {string} */ k) => L.map((/** @type {any} */ l) => (l.batchnorm && typeof l.batchnorm[k] === 'number' ? l.batchnorm[k] : NaN));
    const rows = [
      { label: '‖∂L/∂W‖ (log)', values: col('dW_norm'), log: true, format: (/** @type {number} */ v) => sci(v) },
      { label: 'activation mean', values: col('act_mean'), format: (/** @type {number} */ v) => sci(v) },
      { label: 'activation spread', values: col('act_std'), log: true, format: (/** @type {number} */ v) => sci(v) },
      { label: 'saturated share', values: col('saturated_fraction'), format: pct },
      { label: 'dead units', values: col('dead_units'), format: (/** @type {number} */ v) => (Number.isFinite(v) ? String(v) : '–') },
    ];
    if (L.some((/** @type {any} */ l) => l.batchnorm)) {
      rows.push({ label: 'spread of Wx + b before batch norm (log)', values: bn('in_std'), log: true, format: (v) => sci(v) });
      rows.push({ label: 'learned γ (mean)', values: L.map((/** @type {any} */ l) => (l.batchnorm?.gamma && typeof l.batchnorm.gamma.mean === 'number' ? l.batchnorm.gamma.mean : NaN)), format: (v) => sci(v) });
    }
    strip.set(rows);
  }

  let seriesDrawn = -1;
  function redrawFromSeries() {
    if (series.version === seriesDrawn || !committed) return;
    seriesDrawn = series.version;
    const recs = series.records, evs = series.evals;
    // loss chart: union of record and evaluation steps
    /** @type {number[]} */ const xs = [];
    /** @type {(number | null)[][]} */ const ys = [[], [], [], [], []];
    let i = 0, j = 0;
    while (i < recs.length || j < evs.length) {
      const a = i < recs.length ? recs[i].step : Infinity, b = j < evs.length ? evs[j].step : Infinity;
      const x = Math.min(a, b);
      xs.push(x);
      const r = a === x ? recs[i++] : null;
      const e = b === x ? evs[j++] : null;
      ys[0].push(r && Number.isFinite(r.loss) ? r.loss : null);
      ys[1].push(e && Number.isFinite(e.trainLoss) ? e.trainLoss : null);
      ys[2].push(e && Number.isFinite(e.testLoss) ? e.testLoss : null);
      ys[3].push(e && Number.isFinite(e.trainAcc) ? e.trainAcc : null);
      ys[4].push(e && Number.isFinite(e.testAcc) ? e.testAcc : null);
    }
    lossChart.setData(/** @type {any} */ ([xs, ...ys]));
    const le = evs[evs.length - 1];
    if (le) {
      fill(lossFigures, 
        h('span', null, 'train loss ', h('b', null, sci(le.trainLoss, 3))), h('span', null, 'test loss ', h('b', null, sci(le.testLoss, 3))),
        Number.isFinite(le.testAcc) ? h('span', null, 'train acc ', h('b', null, pct(le.trainAcc))) : null,
        Number.isFinite(le.testAcc) ? h('span', null, 'test acc ', h('b', { 'data-role': 'test-accuracy' }, pct(le.testAcc))) : null,
        h('span', null, `at step ${int(le.step)}`));
    } else fill(lossFigures, );
    // dead / saturated counts
    healthCounts.setData(/** @type {any} */ ([recs.map((r) => r.step), recs.map((r) => (Number.isFinite(r.dead) ? r.dead : null)), recs.map((r) => r.saturated)]));
    // log scale: only positive finite norms are drawn (a diverged step's Inf/NaN is a gap; the message explains it)
    const pos = (/** @type {number} */ v) => (Number.isFinite(v) && v > 0 ? v : null);
    const clipAt = committed.clip > 0 ? committed.clip : null;
    normChart.setData(/** @type {any} */ ([recs.map((r) => r.step), recs.map((r) => pos(r.gradNorm)),
      recs.map((r) => (clipAt ? pos(r.clippedNorm) : null)), recs.map(() => clipAt)]));
    // flow heatmap (at most ~400 columns)
    const s = /** @type {State} */ (committed);
    if (recs.length) {
      const L = recs[recs.length - 1].dW.length;
      const stride = Math.max(1, Math.ceil(recs.length / 400));
      const cols = Math.ceil(recs.length / stride);
      const grab = (/** @type {number} */ c) => recs[Math.min(recs.length - 1, c * stride)];
      const key = s.gradField === 'dz_norm' ? 'dz' : 'dW';
      let lo = Infinity, hi = -Infinity;
      for (let c = 0; c < cols; ++c) for (const v of grab(c)[key]) if (v > 0 && Number.isFinite(v)) { const e = Math.log10(v); if (e < lo) lo = e; if (e > hi) hi = e; }
      if (!(hi > lo)) { lo = -1; hi = 0; }
      const p = scheduler.palette();
      const zero = rgb(p.bad), nan = rgb(p.grid);
      flow.set({
        rows: L, cols,
        color: (r, c) => { const v = grab(c)[key][r]; return v === 0 ? zero : v > 0 && Number.isFinite(v) ? rgb(interpolateViridis((Math.log10(v) - lo) / (hi - lo))) : nan; },
        describe: (r, c) => { const rec = grab(c); const v = rec[key][r]; return `step ${int(rec.step)}, ${r === L - 1 ? 'output layer' : `layer ${r + 1}`}: ${v === 0 ? '0 (underflow)' : sci(v, 3)}`; },
        rowLabel: (r) => (r === L - 1 ? 'out' : String(r + 1)),
        colLabel: (c) => int(grab(c).step),
        xTitle: 'step', yTitle: 'layer',
        scale: { color: (t) => interpolateViridis(t), labels: [`1e${Math.floor(lo)}`, `1e${Math.ceil(hi)}`] },
        legend: { colors: [p.bad, p.grid], labels: ['0 (underflow)', 'Inf/NaN'] },
      });
      // zig-zag: mean same-sign share over the last 60 records
      const tail = recs.slice(-60);
      const ss = [];
      for (let l = 0; l < L; ++l) {
        let sum = 0, n = 0;
        for (const r of tail) if (Number.isFinite(r.sameSign[l])) { sum += r.sameSign[l]; ++n; }
        ss.push(n ? sum / n : NaN);
      }
      ssBars.set(ss);
      const zw = zigzagWords(s, dataShape(s, csv), ss, tail.length);
      setWords(zzCard, zw);
      zzCard.dataset.against = String(zw.against);
      // slopes
      if (slopes) {
        /** @type {(number | null)[][]} */ const cols2 = [];
        const nn = (/** @type {number} */ v) => (Number.isFinite(v) ? v : null);
        for (const l of slopeLayers.prelu) cols2.push(recs.map((r) => nn(r.preluMean[l])));
        if (slopeLayers.rrelu.length) {
          cols2.push(recs.map((r) => nn(Math.min(...slopeLayers.rrelu.map((l) => r.rreluMin[l])))));
          cols2.push(recs.map((r) => nn(slopeLayers.rrelu.reduce((a, l) => a + r.rreluMean[l], 0) / slopeLayers.rrelu.length)));
          cols2.push(recs.map((r) => nn(Math.max(...slopeLayers.rrelu.map((l) => r.rreluMax[l])))));
        }
        slopes.setData(/** @type {any} */ ([recs.map((r) => r.step), ...cols2]));
      }
    } else {
      lossChart.setData([[], [], [], [], [], []]);
    }
  }

  function updateHealth() {
    const s = /** @type {State} */ (committed);
    if (!lastProbe || !Array.isArray(lastProbe.layers)) return;
    const layers = lastProbe.layers;
    const cols = Math.max(...layers.map((/** @type {any} */ l) => l.activity_rate.length));
    const p = scheduler.palette();
    const dead = rgb(p.dead), good = rgb(p.accent), sat = rgb(p.accent2), empty = rgb(p.panel);
    let nDead = 0, nSat = 0, n = 0;
    for (const l of layers) for (let u = 0; u < l.activity_rate.length; ++u) { ++n; if (l.dead[u]) ++nDead; else if (l.activity_rate[u] < 0.1) ++nSat; }
    health.set({
      rows: layers.length, cols,
      color: (r, c) => {
        const l = layers[r];
        if (c >= l.activity_rate.length) return empty;
        if (l.dead[c]) return dead;
        const t = Math.min(1, l.activity_rate[c] / 0.5);
        return [Math.round(sat[0] + (good[0] - sat[0]) * t), Math.round(sat[1] + (good[1] - sat[1]) * t), Math.round(sat[2] + (good[2] - sat[2]) * t)];
      },
      describe: (r, c) => {
        const l = layers[r];
        if (c >= l.activity_rate.length) return `layer ${r + 1} has ${l.activity_rate.length} units`;
        const died = l.died_at[c];
        return `layer ${r + 1}, unit ${c + 1}: ${l.dead[c] ? `dead${died >= 0 ? ` since step ${int(died)}` : ''}` : `active on ${pct(l.activity_rate[c])} of probe rows`}, mean |f′| ${sci(l.mean_abs_deriv[c])}${l.revived?.[c] ? ' (revived)' : ''}`;
      },
      rowLabel: (r) => String(r + 1),
      xTitle: 'unit', yTitle: 'layer',
      scale: { color: (t) => rgbCss(/** @type {[number, number, number]} */ ([0, 1, 2].map((k) => Math.round(sat[k] + (good[k] - sat[k]) * t)))), labels: ['active on 0% of rows', '≥ 50%'] },
      legend: { colors: [p.dead, p.panel], labels: ['dead', 'no unit'] },
    });
    fill(healthFigures, 
      h('span', null, 'dead ', h('b', { 'data-role': 'dead-units' }, String(nDead)), ` of ${n} units`),
      h('span', null, 'rarely active (<10% of rows) ', h('b', null, String(nSat))),
      h('span', null, `probe: ${lastProbe.rows} rows at step ${int(lastProbe.step)}`),
    );
    host.dataset.deadUnits = String(nDead);
    lastDeadCount = nDead; lastUnitCount = n;
    /** @type {{ layer: number, unit: number, step: number }[]} */ const died = [];
    layers.forEach((/** @type {any} */ l, /** @type {number} */ r) => {
      for (let u = 0; u < l.dead.length; ++u) {
        if (!l.dead[u] || deadSeen.has(`${r}:${u}`)) continue;
        deadSeen.add(`${r}:${u}`);
        died.push({ layer: r + 1, unit: u + 1, step: l.died_at?.[u] >= 0 ? l.died_at[u] : lastProbe.step });
      }
    });
    if (died.length) emit('unit-died', { step: lastProbe.step, units: died, deadUnits: nDead, totalUnits: n });
    void s;
  }

  /** @type {Map<string, { xs: number[], f: ArrayLike<number>, d: ArrayLike<number> }>} */
  const curveCache = new Map();
  /** @param {string | object} act */
  function curveOf(act) {
    const key = JSON.stringify(act);
    let c = curveCache.get(key);
    if (!c) {
      const xs = Array.from({ length: 321 }, (_, i) => -8 + i * 0.05);
      try { const r = activationCurve(/** @type {any} */ (act), xs); c = { xs, f: r.value, d: r.deriv }; } catch { return null; }
      if (curveCache.size > 64) curveCache.clear();
      curveCache.set(key, c);
    }
    return c;
  }

  function refreshLayer() {
    const s = committed ?? state;
    const l = Math.min(s.layer, s.depth - 1);
    const pl = lastProbe?.layers?.[l];
    const st = lastStats?.layers?.[l];
    const name = layerActivation(s, l);
    if (!pl) { layerHist.set(null); return; }
    layerHist.set({ z: pl.z, a: pl.a, curve: curveOf(activationDoc(s, name)), eps: 1e-3, actMean: st?.act_mean ?? NaN, actStd: st?.act_std ?? NaN, name: label(name) });
    fill(layerFigures, 
      h('span', null, 'mean ', h('b', null, sci(st?.act_mean))), h('span', null, 'spread ', h('b', null, sci(st?.act_std))),
      h('span', null, 'saturated ', h('b', null, pct(st?.saturated_fraction))),
      st?.zero_fraction !== null && st?.zero_fraction !== undefined ? h('span', null, 'exactly 0 ', h('b', null, pct(st.zero_fraction))) : null,
      h('span', null, 'mean |f′| ', h('b', null, sci(st?.mean_abs_deriv))),
      h('span', null, 'dead ', h('b', null, String(pl.dead.filter(Boolean).length)), ` of ${pl.dead.length}`),
      st?.batchnorm ? h('span', { 'data-role': 'bn-figures' }, 'batch norm: Wx + b mean ', h('b', null, sci(st.batchnorm.in_mean)), ' spread ', h('b', null, sci(st.batchnorm.in_std)),
        ' → z mean ', h('b', null, sci(st.batchnorm.out_mean)), ' spread ', h('b', null, sci(st.batchnorm.out_std)),
        ' · learned γ ', h('b', null, sci(st.batchnorm.gamma?.mean)), ` (${sci(st.batchnorm.gamma?.min)}…${sci(st.batchnorm.gamma?.max)})`,
        ' β ', h('b', null, sci(st.batchnorm.beta?.mean))) : null,
      st?.residual ? h('span', null, 'skip: a = x + f(z)') : null);
  }

  function refreshExplorer() {
    const s = committed ?? state;
    const list = [];
    for (const name of EXPLORER) {
      const c = curveOf(activationDoc(s, name));
      if (!c) continue;
      const lab = name === 'leaky_relu' ? `Leaky ReLU (α = ${s.leakyAlpha})` : name === 'elu' ? `ELU (α = ${s.eluAlpha})` : name === 'prelu' ? `PReLU (initial α = ${s.preluInit})` : name === 'rrelu' ? `RReLU (eval α = ${((s.rreluLower + s.rreluUpper) / 2).toFixed(3)})` : label(name);
      const xs = c.xs, keep = xs.map((x, i) => (x >= -4 && x <= 4 ? i : -1)).filter((i) => i >= 0);
      list.push({ name, label: lab, xs: keep.map((i) => xs[i]), f: keep.map((i) => c.f[i]), d: keep.map((i) => c.d[i]) });
    }
    curves.set(list, new Set(Array.from({ length: s.depth }, (_, l) => layerActivation(s, l))));
  }

  let digitsStep = -1;
  /** Predictions on 16 test digits (the engine's 'gradients' report carries the outputs). */
  function refreshDigits() {
    if (!dataRows || !dataRows.test.labels) return;
    lastDigitsAt = performance.now();
    const F = dataRows.features, n = Math.min(16, dataRows.test.labels.length);
    /** @type {number[][]} */ const x = [];
    /** @type {number[]} */ const y = [];
    for (let r = 0; r < n; ++r) { x.push(dataRows.test.x.slice(r * F, (r + 1) * F)); y.push(dataRows.test.labels[r]); }
    const rows = /** @type {NonNullable<typeof dataRows>} */ (dataRows);
    client.request('gradients', { batch: { x, y } }).then((/** @type {any} */ rep) => {
      digitsStep = lastStats?.step ?? 0;
      const figs = [];
      for (let r = 0; r < n; ++r) {
        const out = rep.output[r];
        let best = 0;
        for (let k = 1; k < out.length; ++k) if (out[k] > out[best]) best = k;
        const c = /** @type {HTMLCanvasElement} */ (h('canvas', { width: 8, height: 8, 'aria-label': `digit ${y[r]}` }));
        const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
        const img = ctx.createImageData(8, 8);
        for (let i = 0; i < 64; ++i) { const v = 255 - Math.round((rows.test.x[r * F + i] / 16) * 255); img.data[i * 4] = v; img.data[i * 4 + 1] = v; img.data[i * 4 + 2] = v; img.data[i * 4 + 3] = 255; }
        ctx.putImageData(img, 0, 0);
        figs.push(h('figure', null, c, h(`figcaption${best === y[r] ? '' : '.gs-wrong'}`, null, `${best}${best === y[r] ? '' : ` (is ${y[r]})`}`)));
      }
      digitsEl.replaceChildren(...figs);
    }).catch(() => {});
  }

  /**
   * The diagram's edges: the weights (export), or the gradient of the loss with respect to
   * each weight on the first 64 training rows at the current weights (gradients request).
   */
  function refreshWeights() {
    lastWeightsAt = performance.now();
    const s = committed;
    if (s?.edges === 'gradients') {
      const batch = gradientBatch(s);
      if (!batch) return;  // the data rows arrive with the 'data' request, which calls again
      client.request('gradients', { batch }).then((/** @type {any} */ g) => {
        if (!Array.isArray(g?.layers) || !info) return;
        diagram.set({ inputs: info.inputs, layers: g.layers.map((/** @type {any} */ l) => ({ W: l.dW })), mode: 'gradients' });
      }).catch(() => {});
      return;
    }
    client.request('export').then((/** @type {any} */ net) => {
      if (!net?.parameters) return;
      diagram.set({ inputs: net.inputs, layers: net.parameters.map((/** @type {any} */ p) => ({ W: p.W })), mode: 'weights' });
    }).catch(() => {});
  }
  /** A batch document of the first 64 training rows, targets as the loss wants them. @param {State} s */
  function gradientBatch(s) {
    if (!dataRows || !info) return null;
    const loss = imported ? String(/** @type {any} */ (imported).loss) : lossFor(s, dataShape(s, csv));
    return batchOf(dataRows.train, dataRows.features, 64, loss, Number(info.outputs) || 1);
  }


  /** @param {any} d */
  function showDivergence(d) {
    running = false;
    syncPlay();
    const s = /** @type {State} */ (committed);
    const tryClip = h('button.gs-mini', { type: 'button', onclick: () => applyState({ ...s, clip: 5, preset: '' }) }, 'clip at 5 and restart');
    const tryLr = h('button.gs-mini', { type: 'button', onclick: () => applyState({ ...s, lr: +(s.lr / 10).toPrecision(3), preset: '' }, { force: true }) }, `learning rate ÷ 10 (${+(s.lr / 10).toPrecision(3)}) and restart`);
    const reset = h('button.gs-mini', { type: 'button', onclick: () => resetRun() }, 'reset');
    say(`${divergedSentence(d, s.depth)}\nTry a smaller learning rate (now ${s.lr}), gradient clipping, or smaller initial weights.`, 'error', 'diverged', [tryClip, tryLr, reset]);
    emit('diverged', pageDiverged(d, s.depth));
  }

  // ---- actions ----
  let wasRunning = false;
  function syncPlay() {
    if (wasRunning && !running) announcer.now(`Paused at step ${stepEl.textContent}. ${headline.textContent}`);
    wasRunning = running;
    playBtn.firstChild && (playBtn.firstChild.textContent = running ? 'Pause ' : 'Play ');
    playBtn.setAttribute('aria-pressed', String(running));
    setText(stateEl, running ? 'training' : 'paused');
  }
  function togglePlay() {
    if (!committed) return;
    wantRunning = !running;
    if (!wantRunning) ++runGen;
    enqueue(async () => {
      if (wantRunning) {
        if (lastDiverged >= 0 && lastStats?.diverged) { say('The run diverged: reset it or change a setting first.', 'warn', 'diverged-play'); wantRunning = false; return; }
        if (!limit) limit = pacing.limitFrom(lastFrameSeen?.steps ?? 0);
        if (limit && limit - (lastFrameSeen?.steps ?? 0) <= nearLimit()) { finish(); return; }
        await client.play(); running = true;
      }
      else { await client.pause(); running = false; }
      syncPlay();
    }).catch(() => {});
  }
  function stepOnce() {
    if (!committed) return;
    ++runGen;
    enqueue(async () => { if (running) { await client.pause(); running = false; wantRunning = false; syncPlay(); } onFrame(await client.step(1)); }).catch(() => {});
  }
  function resetRun() {
    if (!committed) return;
    reset().catch((e) => say(`reset: ${e.message}`));
  }

  // ---- the API (window.gradscope on the page; the <grad-scope> element's methods) ----
  /** Starts training; resolves when the worker runs. */
  function play() {
    wantRunning = true;
    return enqueue(async () => {
      if (!committed || running) return;
      if (lastDiverged >= 0 && lastStats?.diverged) throw new Error('play: the network diverged; reset it first');
      if (limit && limit - (lastFrameSeen?.steps ?? 0) <= nearLimit()) { finish(); return; }
      await client.play(); running = true; syncPlay();
    });
  }
  /** Pauses training; resolves when the worker has paused. */
  function pause() {
    wantRunning = false;
    ++runGen;
    return enqueue(async () => { if (!committed) return; await client.pause(); running = false; syncPlay(); });
  }
  /** Runs n more steps (pausing first), resolves with the figures after them. @param {number} [n] */
  function step(n = 1) {
    if (!Number.isInteger(n) || n < 0 || n > 1000000) return Promise.reject(new RangeError(`step(n): n must be an integer in 0..1000000, got ${n}`));
    ++runGen;
    return enqueue(async () => {
      if (!committed) return;
      if (running) { await client.pause(); running = false; wantRunning = false; syncPlay(); }
      onFrame(await client.step(n));
    }).then(figures);
  }
  /** Back to step 0 with the same seed; resolves with the figures. */
  function reset() {
    ++runGen;
    return enqueue(async () => {
      if (!committed) return;
      const f = await initial(await client.reset());
      series.clear(); bars.resetRange(); lastDiverged = -1; unsay('diverged'); lastStats = null;
      limit = options.steps ?? 0; deadSeen.clear();
      pacing.opened(presetById((committed ?? state).preset), paced);
      onFrame(f);
    }).then(figures);
  }
  /**
   * Opens a gradscope-network/1 document (with its weights, if it has them), paused at
   * step 0. Rejects with the reason; the current network is then kept.
   * @param {any} net
   */
  async function load(net) {
    if (!net || typeof net !== 'object' || net.format !== 'gradscope-network/1') throw new Error(`load: format must be "gradscope-network/1", got ${JSON.stringify(net?.format ?? null)}`);
    const r = stateFromNetwork(net, committed ?? state);
    if ('error' in r) throw new Error(`load: ${r.error}`);
    const prevImported = imported;
    const before = committed;
    imported = net;
    lastOpenError = '';
    await applyState({ ...r.state, preset: '' }, { force: true });
    if (committed === before) { imported = prevImported; throw new Error(`load: ${lastOpenError || 'the engine did not open the network'}`); }
    return figures();
  }
  function newSeed() {
    const s = state;
    applyState({ ...s, seed: (s.seed * 48271 + 11) % 2147483647 || 1, preset: '' });
  }
  /**
   * Opens the comparison of activations (or of remedies) for the current network and data
   * (pauses this one).
   * @param {'activation' | 'remedy'} [vary]
   */
  function openCompare(vary = 'activation') {
    const s = committed ?? state;
    if (running) togglePlay();
    withComparisons((m) => m.openCompareDialog(host, { state: s, network: imported ?? networkDoc(s, dataShape(s, csv)), config: configDoc(s, csv), csv: s.data === 'csv', imported: !!imported, vary }));
  }
  /** The preset and its variant side by side in the comparison dialog (this preset stays). @param {import('../state/presets.js').Preset} p */
  function openPresetCompare(p) {
    const s = committed ?? state;
    if (running) togglePlay();
    withComparisons((m) => m.openPresetCompare(host, p, s));
  }
  /** Loads the comparisons this playground was given (options.comparisons) and runs one. @param {(m: Comparisons) => void} run */
  function withComparisons(run) {
    if (!options.comparisons) { say('compare: this page has no comparisons'); return; }
    options.comparisons().then(run).catch((e) => say(`compare: ${e instanceof Error ? e.message : e}`));
  }
  function cycleTheme() {
    const s = state;
    const order = ['auto', 'light', 'dark'];
    edit('theme', order[(order.indexOf(s.theme) + 1) % 3]);
  }
  /** @param {Field} name @param {string} text */
  function edit(name, text) {
    const s = state;
    const r = setField(s, name, text);
    if (r.error && r.state === s) { controls.fieldError(name, r.error); say(r.error, 'warn', `field-${name}`); return; }
    unsay(`field-${name}`);
    if (r.error) say(r.error, 'warn', `field-${name}`);
    const next = { ...r.state };
    if (!LIVE_FIELDS.has(name)) next.preset = '';
    if (name === 'activation') next.activations = null;
    if (name === 'width') next.widths = null;
    if (name === 'depth') { next.widths = null; next.activations = null; }
    if (['depth', 'width', 'activation', 'batchnorm', 'residual', 'leakyAlpha', 'eluAlpha', 'preluInit', 'preluPer', 'rreluLower', 'rreluUpper', 'init', 'gain', 'bias', 'loss', 'data'].includes(name)) imported = null;
    if (name === 'data' && text === 'csv' && !csv) { say('Choose or drop a CSV file first (features…, label in the last column).', 'info', 'field-data'); controls.update(s); return; }
    applyState(next);
  }
  /** @param {string} id */
  function loadPreset(id) {
    const p = presetById(id);
    if (!p) return;
    imported = null;
    applyState(presetState(p, state));
  }
  /** @param {File} file */
  async function loadCsv(file) {
    if (file.size > 16 * 1024 * 1024) { say(`csv: ${file.name} is ${int(file.size)} bytes, more than the 16,777,216-byte limit. The previous data is kept.`, 'error', 'csv'); return; }
    let text;
    try { text = await file.text(); } catch (e) { say(`csv: could not read ${file.name}`, 'error', 'csv'); return; }
    const prevCsv = csv;
    csv = sniffCsv(file.name, text);
    imported = null;
    const s = state;
    const before = committed;
    await applyState({ ...s, data: 'csv', preset: '', loss: 'auto' }, { reopen: true });
    if (committed === before) { csv = prevCsv; say(`${file.name}: not loaded (see the message above).`, 'error', 'csv'); }
    else { unsay('csv'); say(`Loaded ${file.name}: ${info?.data?.train_rows ?? '?'} training rows, ${info?.inputs ?? '?'} features, ${info?.data?.task ?? ''}.`, 'info', 'csv'); }
  }
  /** @param {File} file */
  async function importNetwork(file) {
    let doc2;
    try { doc2 = JSON.parse(await file.text()); } catch (e) { say(`${file.name}: not valid JSON (${e instanceof Error ? e.message : e}). The current network is kept.`, 'error', 'import'); return; }
    if (!doc2 || doc2.format !== 'gradscope-network/1') { say(`${file.name}: format must be "gradscope-network/1". The current network is kept.`, 'error', 'import'); return; }
    const s = stateFromNetwork(doc2, committed ?? state);
    if ('error' in s) { say(`${file.name}: ${s.error}. The current network is kept.`, 'error', 'import'); return; }
    const prevImported = imported;
    imported = doc2;
    const before = committed;
    await applyState({ ...s.state, preset: '' }, { force: true });
    if (committed === before) imported = prevImported;
    else say(`Imported ${file.name} (${s.state.depth} hidden layers, with its weights). Reset returns to these weights.`, 'info', 'import');
  }
  /** @param {'csv' | 'json' | 'network' | 'torch' | 'png'} what */
  async function exportWhat(what) {
    try {
      if (what === 'csv') download('gradscope-statistics.csv', new Blob([await client.request('historyCsv')], { type: 'text/csv' }));
      else if (what === 'json') download('gradscope-history.json', new Blob([JSON.stringify(await client.request('history'))], { type: 'application/json' }));
      else if (what === 'network') download('gradscope-network.json', new Blob([JSON.stringify(await client.request('export'), null, 1)], { type: 'application/json' }));
      else if (what === 'torch') download('gradscope_network.py', new Blob([await client.request('exportTorch')], { type: 'text/x-python' }));
      else downloadPng('charts', Array.from(views.querySelectorAll('canvas')));
    } catch (e) { say(`export: ${e instanceof Error ? e.message : e}`); }
  }
  /** @param {string} name @param {Blob} blob */
  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = /** @type {HTMLAnchorElement} */ (h('a', { href: url, download: name, hidden: true }));
    host.append(a);
    a.click();
    a.remove();
    win.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  /** Stacks the canvases on the panel colour and downloads one PNG. @param {string} name @param {(HTMLCanvasElement | null)[]} list */
  function downloadPng(name, list) {
    const cs = list.filter((c) => c && c.width > 1 && c.height > 1 && c.offsetParent !== null);
    if (!cs.length) { say('Nothing drawn yet to export.', 'info', 'png'); return; }
    const W = Math.max(...cs.map((c) => /** @type {HTMLCanvasElement} */ (c).width)), Hh = cs.reduce((a, c) => a + /** @type {HTMLCanvasElement} */ (c).height + 8, 8);
    const out = doc.createElement('canvas');
    out.width = W + 16; out.height = Hh;
    const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
    ctx.fillStyle = scheduler.palette().panel;
    ctx.fillRect(0, 0, out.width, out.height);
    let y = 8;
    for (const c of cs) { ctx.drawImage(/** @type {HTMLCanvasElement} */ (c), 8, y); y += /** @type {HTMLCanvasElement} */ (c).height + 8; }
    out.toBlob((b) => { if (b) download(`gradscope-${name}.png`, b); }, 'image/png');
  }

  // speed slider: 0..100 -> 1..10000 steps per frame (log)
  /** @param {number} v */ const sliderToSpeed = (v) => Math.max(1, Math.round(10 ** (v / 25)));
  /** @param {number} s */ const speedToSlider = (s) => Math.round(Math.log10(Math.max(1, s)) * 25);
  listen(speedIn, 'input', () => setText(speedOut, `${sliderToSpeed(Number(speedIn.value))}/frame`));
  listen(speedIn, 'change', () => edit('speed', String(sliderToSpeed(Number(speedIn.value)))));
  listen(lrIn, 'change', () => edit('lr', lrIn.value));

  // keyboard
  const keyTarget = options.keyTarget ?? host;
  listen(keyTarget, 'keydown', (ev) => {
    const e = /** @type {KeyboardEvent} */ (ev);
    const action = keyAction(e);
    if (!action) return;
    const s = state;
    const need = /** @type {Record<string, string>} */ ({ play: 'play', step: 'step', reset: 'reset', newseed: 'newseed', theme: 'theme', faster: 'speed', slower: 'speed' })[action];
    if (need && !usable(need)) return;
    if (action === 'help' && compact) return;
    e.preventDefault();  // Space on a focused button or chip plays; it does not press the button again
    switch (action) {
      case 'play': togglePlay(); break;
      case 'step': stepOnce(); break;
      case 'reset': resetRun(); break;
      case 'newseed': newSeed(); break;
      case 'theme': cycleTheme(); break;
      case 'faster': edit('speed', String(Math.min(10000, Math.max(s.speed + 1, Math.round(s.speed * 2))))); break;
      case 'slower': edit('speed', String(Math.max(1, Math.round(s.speed / 2)))); break;
      case 'layer-prev': edit('layer', String(Math.max(0, s.layer - 1))); break;
      case 'layer-next': edit('layer', String(Math.min(s.depth - 1, s.layer + 1))); break;
      case 'help': shortcuts.toggle(); break;
    }
  });

  // drag and drop of a CSV (or a network file) anywhere on the playground
  const droppable = !compact || shownControls.has('settings');
  listen(host, 'dragover', (e) => { if (!droppable) return; e.preventDefault(); host.classList.add('gs-dragging'); });
  listen(host, 'dragleave', (e) => { if (e.target === host) host.classList.remove('gs-dragging'); });
  listen(host, 'drop', (ev) => {
    const e = /** @type {DragEvent} */ (ev);
    e.preventDefault();
    host.classList.remove('gs-dragging');
    const f = e.dataTransfer?.files?.[0];
    if (!f || !droppable) return;
    if (/\.json$/i.test(f.name)) importNetwork(f); else loadCsv(f);
  });

  // the link
  if (options.hash) {
    listen(win, 'hashchange', () => {
      const text = win.location.hash;
      if (committed && text === `#${hashOf(committed)}`) return;
      const r = startState(text, csv ? undefined : 'circles');
      if (r.errors.length) linkSay(r.errors, r.fixes); else unsay('link');
      applyState(r.state);
    });
  }

  // frame rate: measured while training
  let fpsFrames = 0, fpsSince = performance.now(), fpsRaf = 0;
  const fpsTick = (/** @type {number} */ now) => {
    fpsRaf = 0;
    ++fpsFrames;
    if (now - fpsSince >= 1000) {
      const fps = (fpsFrames * 1000) / (now - fpsSince);
      setText(fpsEl, running ? fps.toFixed(0) : '–');
      host.dataset.fps = fps.toFixed(1);
      fpsFrames = 0; fpsSince = now;
    }
    fpsRaf = win.requestAnimationFrame(fpsTick);
  };
  fpsRaf = win.requestAnimationFrame(fpsTick);
  cleanups.push(() => { if (fpsRaf) win.cancelAnimationFrame(fpsRaf); });

  // media query for the automatic theme
  const mq = win.matchMedia?.('(prefers-color-scheme: dark)');
  if (mq) listen(mq, 'change', () => { scheduler.themeChanged(); recolour(); });
  /** The charts whose colours are computed from the palette when their data arrives. */
  function recolour() { updateHealth(); seriesDrawn = -1; redrawFromSeries(); }

  syncPlay();
  applyState(state, { force: true });

  return {
    /** The current state (a copy). */
    get state() { return { ...(committed ?? state) }; },
    /** @param {string} id */ loadPreset,
    /** @param {State} s */ setState: (s) => applyState(s),
    play, pause, step, reset, load, figures,
    /** Resolves when the queued state changes are done (tests, embedding). */
    settled: () => queue,
    /** Tests: terminates the engine worker without telling the client, as a crash or a hang would. */
    debugKillWorker() { /** @type {any} */ (client)._worker?.terminate(); },
    destroy() {
      for (const c of cleanups.splice(0)) c();
      client.dispose();
      for (const c of [bars, normChart, lossChart, flow, layerHist, health, healthCounts, ssBars, zz, slopes, boundary, curves, product, diagram, strip, tables, announcer]) c?.destroy();
      scheduler.destroy();
      controls.destroy();
      host.remove();
      style.remove();
    },
  };
}

/**
 * Hidden layers (0-based) in words: "all 50 layers", "layers 2-100 (99 of 100)".
 * @param {number[]} layers @param {number} depth
 */
function layerList(layers, depth) {
  if (layers.length === depth) return `all ${depth} layer${depth === 1 ? '' : 's'}`;
  const flags = Array.from({ length: depth }, () => false);
  for (const l of layers) flags[l] = true;
  const set = layerSetOf(flags).replace(/-/g, '–');
  return `${layers.length === 1 ? 'layer' : 'layers'} ${set} (${layers.length} of ${depth})`;
}

/** The state of a preset, as the base the link's other fields are relative to. @param {string} id */
function presetBase(id) { const p = presetById(id); return p ? presetState(p) : undefined; }

/** The link of a state: relative to its preset when it has one. @param {State} s */
function hashOf(s) {
  const base = s.preset ? presetBase(s.preset) : undefined;
  return serializeHash(s, base);
}

/**
 * The engine's data rows, nested or flat, as flat row-major arrays.
 * @param {any} d @returns {{ train: { x: number[], labels?: number[] }, test: { x: number[], labels?: number[] }, features: number } | null}
 */
function normaliseData(d) {
  if (!d || !d.train || !d.test) return null;
  const flat = (/** @type {any} */ x) => (Array.isArray(x) && Array.isArray(x[0]) ? x.flat() : Array.from(x ?? []));
  const features = d.features ?? (Array.isArray(d.train.x?.[0]) ? d.train.x[0].length : 2);
  const part = (/** @type {any} */ p) => ({
    x: /** @type {number[]} */ (flat(p.x)),
    labels: p.labels ? Array.from(/** @type {number[]} */ (p.labels)) : undefined,
    y: p.y ? /** @type {number[]} */ (flat(p.y)) : undefined,
  });
  return { train: part(d.train), test: part(d.test), features };
}

/** Replaces an element's children, skipping null/false. @param {Element} el @param {...(Node | string | null | false)} children */
function fill(el, ...children) { el.replaceChildren(); append(el, children); }

/** @param {[number, number, number]} c */
function rgbCss(c) { return `rgb(${c[0]}, ${c[1]}, ${c[2]})`; }

export { defaultState, DEFAULTS };
