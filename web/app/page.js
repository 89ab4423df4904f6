// @ts-check
// The playground's page: builds the header, presets, messages, settings and the cards
// (web/views/, one a file), arranges them (the standalone page, or an embed's compact
// layout), wires the controls to the controller and draws what it hands over: each frame
// to every card, each applied state to the controls, the link and the cards' words.
// This file is not: the engine, the job queue or the events (controller.js), nor a card.
import css from '../styles/playground.css?inline';
import tourCss from '../styles/tour.css?inline';
import embedCss from '../styles/embed.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { h } from '../ui/dom.js';
import { createAnnouncer } from '../ui/announce.js';
import { createShortcutsPanel } from '../ui/shortcuts.js';
import { createFpsMeter } from '../ui/fps.js';
import { dataShape } from '../state/network.js';
import { PRESETS, presetById, presetState } from '../state/presets.js';
import { appLink } from '../state/embed-snippet.js';
import { createScheduler } from '../charts/base.js';
import { attachTables } from '../views/tables.js';
import { createPacing } from '../views/pacing.js';
import { bannerParts, showView, BANNER_CSS } from '../views/banner.js';
import { divergedSentence } from '../views/headline.js';
import { createControls } from './controls.js';
import { createTransport } from './transport.js';
import { createPageMessages } from './messages.js';
import { createShare } from './share.js';
import { createExporter } from './export.js';
import { createViews } from './views.js';
import { createFiles } from './files.js';
import { buildCompact } from './compact.js';
import { remedyWords } from './remedy-words.js';
import { createTour } from './tour.js';
import { batchOf, initialNote } from './initial.js';
import { writeHash } from './hash.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('./playground.js').PlaygroundOptions} PlaygroundOptions */
/** @typedef {import('./playground.js').Comparisons} Comparisons */

/**
 * @param {HTMLElement | ShadowRoot} root @param {PlaygroundOptions} options
 * @param {import('./controller.js').Controller} c
 */
export function createPage(root, options, c) {
  const doc = root.ownerDocument;
  const win = doc.defaultView ?? window;
  const st = c.st;
  const compact = !!options.controls;
  const style = h('style', null, `${uplotCss}\n${css}\n${embedCss}\n${BANNER_CSS}\n${tourCss}`);
  const host = h('div.gs-root', { 'data-theme': st.state.theme, tabindex: '-1', class: compact ? `gs-compact${options.explain ? ' gs-explain-on' : ''}` : null });
  root.append(style, host);
  const scheduler = createScheduler(host);
  const messages = createPageMessages();
  const here = (/** @type {string} */ file) => new URL(file, win.location.href).href;
  const links = options.links ?? { app: here('./').replace(/#.*$/, ''), script: here('grad-scope.js'), frame: here('embed.html') };
  const share = createShare({ win, links, embedOptions: options.embedOptions });
  const announcer = createAnnouncer(doc);
  // the frame rate, measured while training (an idle page asks for no animation frame)
  const fps = createFpsMeter(win, (v) => {
    transport.fpsEl.textContent = st.running ? v.toFixed(0) : '–';
    host.dataset.fps = v.toFixed(1);
  });
  const shortcuts = createShortcutsPanel();
  const viewsEl = h(options.hash ? 'main.gs-views' : 'div.gs-views', { id: `gs-views-${Math.random().toString(36).slice(2, 8)}`, tabindex: '-1', 'aria-label': 'Charts' });
  const exporter = createExporter({ host, win, palette: () => scheduler.palette(), request: (k) => c.client.request(k), say: messages.say, canvases: () => Array.from(viewsEl.querySelectorAll('canvas')) });
  /** A field typed in a control or a card: invalid text is said next to its field. @param {Field} name @param {string} text */
  const edit = (name, text) => {
    const r = c.edit(name, text);
    if (r.error) controls.fieldError(name, r.error);
    if (r.csvFirst) controls.update(st.state);
  };
  const cycleTheme = () => { const order = ['auto', 'light', 'dark']; edit('theme', order[(order.indexOf(st.state.theme) + 1) % 3]); };
  const transport = createTransport({
    togglePlay: c.togglePlay, stepOnce: c.stepOnce, newSeed: c.newSeed, cycleTheme,
    reset: () => { if (st.committed) c.reset().catch((e) => messages.say(`reset: ${e.message}`)); },
    share: (kind) => share.share(c.shown(), kind), compare: () => openCompare(),
    speed: (v) => edit('speed', String(v)), lr: (text) => edit('lr', text),
  }, compact);
  const views = createViews({
    scheduler, series: c.series, compact, host, state: c.shown, committed: () => st.committed,
    shape: () => dataShape(c.shown(), st.csv), lossName: c.lossName, info: () => st.info, sc: () => st.sc,
    barsNote: (frame) => initialNote(frame, c.shown().batch), running: () => st.running, edit, request: (k, a) => c.client.request(k, a),
    emit: c.emit, announce: (kind, text) => announcer.change(/** @type {any} */ (kind), text), downloadPng: exporter.downloadPng,
    counted: (dead, units) => { st.deadCount = dead; st.unitCount = units; },
    gradientBatch: (rows) => (st.info ? batchOf(rows.train, rows.features, 64, c.lossName(), Number(st.info.outputs) || 1) : null),
  });
  const shownViews = (options.views ?? views.all.map((v) => v.id)).filter((id) => views.byId(id));
  viewsEl.dataset.count = String(shownViews.length);
  for (const id of shownViews) views.byId(id)?.build(viewsEl);
  const tables = attachTables(scheduler, Object.fromEntries(views.all.map((v) => [v.id, v.el])), Object.fromEntries(views.all.map((v) => [v.id, v.charts])));

  // presets, the preset's claim, its pacing (a preset's claim step: Play stops there; the standalone page only) and the tour
  const chips = PRESETS.map((p) => h('button.gs-chip', { type: 'button', 'data-preset': p.id, 'aria-pressed': 'false', onclick: () => c.loadPreset(p.id) }, p.title));
  const claim = h('div.gs-claim', { 'aria-live': 'polite' });
  const presetsEl = h('nav.gs-presets', { 'aria-label': 'Presets' }, h('div.gs-chips', null, ...chips), claim);
  const pacing = createPacing({ charts: views.timeCharts, goOn: () => { c.play().catch((e) => messages.say(`${e instanceof Error ? e.message : e}`, 'warn', 'pace')); } });
  const paced = !compact && !options.steps;
  const look = (/** @type {any} */ t) => showView(host, t, (l) => edit('layer', String(Math.min(l, c.shown().depth - 1))));
  const tour = createTour({
    go: (n, id) => { const p = id ? presetById(id) : undefined; if (p) st.imported = null; c.applyState(p ? { ...presetState(p, st.state), tour: n } : { ...st.state, tour: n }); },
    presetTitle: (id) => presetById(id)?.title ?? id,
    end: () => { c.applyState({ ...st.state, tour: 0 }); tourBtn.focus(); },
    play: () => { if (!st.running) c.togglePlay(); },
    look, hasView: (id) => shownViews.includes(id),
    read: () => (st.committed ? { state: st.committed, sc: st.sc, figures: c.figures() } : null),
    paceStop: () => (pacing.phase === 'pending' ? pacing.stop : 0),
    now: () => performance.now(),
  });
  const tourBtn = h('button.gs-chip.gs-tour-chip', { type: 'button', 'data-action': 'tour', title: 'A guided tour of the lesson, stop by stop, with the numbers of the network on screen', onclick: () => tour.open(tour.stop || 1) }, 'Guided tour ▸');
  if (!compact) presetsEl.querySelector('.gs-chips')?.prepend(tourBtn);

  const files = createFiles(c, messages.say, messages.unsay);
  const controls = createControls(st.state, {
    onField: (name, text) => edit(name, text),
    onPerLayer: (widths, activations) => c.applyState({ ...st.state, widths, activations, preset: '' }),
    onCsv: (file) => files.loadCsv(file),
    onNewSeed: () => c.newSeed(),
    onExport: (what) => exporter.exportWhat(what),
    onImport: (file) => files.importNetwork(file),
    onCompareRemedies: () => openCompare('remedy'),
  });
  if (compact) {
    buildCompact(host, { shown: new Set(options.controls?.shown ?? []), locked: new Set(options.controls?.locked ?? []), single: transport.single, settings: controls.el,
      status: transport.statusEl, brand: transport.brand, fps: transport.fpsEl, sps: transport.spsEl, state: transport.stateEl,
      presets: presetsEl, share: share.panel, messages: messages.el, views: viewsEl });
  } else {
    const skip = h('a.gs-skip', { href: `#${viewsEl.id}`, onclick: (/** @type {Event} */ e) => { e.preventDefault(); viewsEl.focus(); viewsEl.scrollIntoView(); } }, 'Skip to the charts');
    transport.themeBtn.after(shortcuts.button);
    host.append(skip, transport.header, shortcuts.el, presetsEl, share.panel, messages.el, h('div.gs-layout', null, controls.el, viewsEl));
    host.append(tour.el);
  }
  host.append(announcer.el);
  // narrow screens: the settings start folded so the views come into sight
  if (win.matchMedia?.('(max-width: 900px)').matches) for (const d of controls.el.querySelectorAll('details')) d.open = false;

  /** @param {State} s */
  function renderClaim(s) {
    const p = presetById(s.preset);
    if (!p) { claim.hidden = true; return; }
    claim.hidden = false;
    const next = p.next ? presetById(p.next.preset) : undefined;
    claim.replaceChildren(...bannerParts(p, {
      hasView: (id) => shownViews.includes(id), look, pace: pacing.el,
      compare: compact ? null : () => openPresetCompare(p),
      variant: () => c.applyState(presetState(p, s, true)),
      next: next && p.next ? { label: p.next.label, go: () => c.loadPreset(next.id) } : null,
      remedies: p.overrides.batchnorm || p.overrides.residual ? () => openCompare('remedy') : null,
    }).filter((x) => x !== null && x !== undefined));
  }
  /** Loads the comparisons this playground was given (options.comparisons) and runs one. @param {(m: Comparisons) => void} run */
  function withComparisons(run) {
    if (!options.comparisons) { messages.say('compare: this page has no comparisons'); return; }
    options.comparisons().then(run).catch((e) => messages.say(`compare: ${e instanceof Error ? e.message : e}`));
  }
  /** The comparison of activations (or of remedies) for the current network and data (pauses this one). @param {'activation' | 'remedy'} [vary] */
  function openCompare(vary = 'activation') {
    const s = c.shown();
    if (st.running) c.togglePlay();
    withComparisons((m) => m.openCompareDialog(host, { state: s, ...c.documents(s), csv: s.data === 'csv', imported: !!st.imported, vary }));
  }
  /** The preset and its variant side by side in the comparison dialog (this preset stays). @param {import('../state/presets.js').Preset} p */
  function openPresetCompare(p) {
    const s = c.shown();
    if (st.running) c.togglePlay();
    withComparisons((m) => m.openPresetCompare(host, p, s));
  }
  /** The charts whose colours are computed from the palette when their data arrives. */
  const recolour = () => { for (const v of views.all) v.recolour?.(); };

  return {
    host, style, scheduler, messages, transport, fps, controls, views, pacing, tour, chips, shortcuts, announcer, tables, share,
    paced, compact, renderClaim, recolour, edit, cycleTheme, links,
    files,
    /** @param {'link' | 'embed'} kind */
    shareNow: (kind) => share.share(c.shown(), kind),
  };
}

/** @typedef {ReturnType<typeof createPage>} Page */

/**
 * The hooks through which the controller has the page draw (controller.js Hooks).
 * @param {Page} p @param {import('./controller.js').Controller} c @param {PlaygroundOptions} options
 * @returns {import('./controller.js').Hooks}
 */
export function pageHooks(p, c, options) {
  const st = c.st, win = p.host.ownerDocument.defaultView ?? window;
  const { messages, transport, views } = p;
  return {
    say: messages.say, unsay: messages.unsay,
    syncPlay() {
      if (st.announcedRunning && !st.running) p.announcer.now(`Paused at step ${transport.stepEl.textContent}. ${views.gradients.headline.textContent}`);
      st.announcedRunning = st.running;
      transport.showRunning(st.running);
      if (st.running) p.fps.start();
      else { p.fps.stop(); transport.fpsEl.textContent = '–'; }
    },
    opened() {
      transport.loading.hidden = true;
      transport.showStep(0, null);
      for (const v of views.all) v.opened?.();
      // the data points (and digit samples), when the engine offers them
      c.client.request(/** @type {any} */ ('data')).then((/** @type {any} */ d) => {
        const rows = normaliseData(d);
        if (rows) for (const v of views.all) v.dataArrived?.(rows);
      }).catch(() => { /* an engine without the 'data' request: no points */ });
    },
    cleared() { for (const v of views.all) v.reset?.(); },
    frame(frame) {
      // words change at a readable rate (and cost layout); the figures every frame; the long
      // series change every frame but their charts need not redraw that often
      const now = performance.now();
      const words = !frame.running || now - st.wordsAt >= 125;
      if (words) { st.wordsAt = now; transport.showStep(frame.steps, frame.running ? frame.stepsPerSecond : null); }
      const series = !frame.running || now - st.seriesAt >= 100;
      if (series) st.seriesAt = now;
      p.host.dataset.stepsPerSecond = String(frame.stepsPerSecond);
      p.host.dataset.msPerStep = String(frame.msPerStep);
      for (const v of views.all) v.update(frame, { words, series });
    },
    shown() {
      const s = c.shown();
      transport.brand.href = appLink(p.links.app, s);
      p.share.follow(s);
      p.controls.update(s, st.csv && s.data === 'csv' ? st.csv.name : null);
      p.controls.remedyNote(remedyWords(s, st.csv, !!st.imported));
      const themeWas = p.host.dataset.theme;
      p.host.dataset.theme = s.theme;
      p.scheduler.themeChanged();
      if (themeWas !== s.theme) p.recolour();
      if (options.hash) writeHash(win, s);
      for (const chip of p.chips) chip.setAttribute('aria-pressed', String(chip.dataset.preset === s.preset));
      if (p.pacing.presetId !== s.preset) p.pacing.opened(presetById(s.preset), p.paced && (st.frame?.steps ?? 0) === 0);
      p.tour.show(p.compact ? 0 : s.tour);
      p.renderClaim(s);
      transport.showState(s);
      for (const v of views.all) v.shown?.(s);
    },
    diverged(d) {
      const s = /** @type {State} */ (st.committed);
      const lr = +(s.lr / 10).toPrecision(3);
      const tryClip = h('button.gs-mini', { type: 'button', onclick: () => c.applyState({ ...s, clip: 5, preset: '' }) }, 'clip at 5 and restart');
      const tryLr = h('button.gs-mini', { type: 'button', onclick: () => c.applyState({ ...s, lr, preset: '' }, { force: true }) }, `learning rate ÷ 10 (${lr}) and restart`);
      const reset = h('button.gs-mini', { type: 'button', onclick: () => { c.reset().catch((e) => messages.say(`reset: ${e.message}`)); } }, 'reset');
      messages.say(`${divergedSentence(d, s.depth)}\nTry a smaller learning rate (now ${s.lr}), gradient clipping, or smaller initial weights.`, 'error', 'diverged', [tryClip, tryLr, reset]);
    },
    openFailed(text, key, fixes) {
      const buttons = fixes.map((f) => h('button.gs-mini', { type: 'button', 'data-action': 'size-fix', onclick: () => { messages.unsay('open'); c.applyState(f.state); } }, `Use ${f.label}`));
      messages.say(text, 'error', key, buttons);
    },
    ready() { p.host.dataset.firstFrameMs = st.firstFrameMs.toFixed(0); },
    afterFrame(frame) {
      const pacing = p.pacing;
      if (pacing.phase === 'pending' && (frame.steps >= pacing.stop || frame.diverged)) pacing.reached(c.figures());
      pacing.moved(frame.steps);
      p.tour.refresh(!frame.running);
    },
    paceOpened: (id) => p.pacing.opened(presetById(id), p.paced),
    paceLimit: (steps) => p.pacing.limitFrom(steps),
  };
}

/**
 * The engine's data rows, nested or flat, as flat row-major arrays.
 * @param {any} d @returns {import('../views/context.js').DataRows | null}
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
