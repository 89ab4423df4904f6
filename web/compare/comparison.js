// @ts-check
// createComparison(root, options): 1 to 6 networks that differ in one thing (activation,
// initialiser, optimiser, depth, learning rate, or a remedy: batch norm, skip
// connections), trained side by side on the same data with the same mini-batches, one
// engine worker each, in lock-step (controller.js). Its views: the header, a live summary
// table with its verdict in words, overlaid charts, the measured time per step of each
// network and sweeps of the gradient ratio over depth and initial gain.
// Nothing is module-level: several comparisons can live on one page, each in an element
// or a shadow root (its styles are injected into the root). No ids, no innerHTML.
// This file only puts the pieces together: the controller (controller.js), the views
// (header.js, summary.js, chart-views.js, time-view.js, sweep-view.js), the URL state
// and the set-up form (page.js), the bookkeeping (figures.js), the sentences (words.js).
import playgroundCss from '../styles/playground.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import compareCss from './compare.css?inline';
import { EngineClient } from '../engine/client.js';
import { h } from '../ui/dom.js';
import { createMessages } from '../ui/messages.js';
import { createFpsMeter } from '../ui/fps.js';
import { seriesColors } from '../ui/colors.js';
import { createScheduler } from '../charts/base.js';
import { netColors } from '../charts/netstyle.js';
import { attachTables } from '../views/tables.js';
import { checkOptions, variantsOf, baselineIndex, activationName, NET_COLORS } from '../state/compare-setup.js';
import { createController } from './controller.js';
import { createHeader } from './header.js';
import { createSummary } from './summary.js';
import { createChartViews } from './chart-views.js';
import { createTimeView } from './time-view.js';
import { createSweepView } from './sweep-view.js';
import { samenessText } from './view-text.js';

/** @typedef {import('./events.js').ComparisonEvent} ComparisonEvent */

/**
 * The options of createComparison (docs/comparison.md). Beyond the documented ones:
 * `target` (test accuracy of "steps to target", default 0.9), `timing` (measure the time
 * per step before training, default true), `sweepSteps` (N of the sweeps, default 20),
 * `createClient` (a factory of EngineClient-like objects, for tests).
 * @typedef {{ network: object, config: object, vary?: 'activation' | 'init' | 'optimizer' | 'depth' | 'lr' | 'remedy' | 'setup',
 *   values: Array<string | number | object>, autoplay?: boolean, steps?: number, speed?: number,
 *   theme?: 'light' | 'dark' | 'auto', views?: string[], target?: number, timing?: boolean,
 *   sweepSteps?: number, createClient?: () => EngineClient }} ComparisonOptions
 */

/**
 * @param {HTMLElement | ShadowRoot} root
 * @param {ComparisonOptions} options
 */
export function createComparison(root, options) {
  const setup = checkOptions(options);
  const variants = variantsOf(setup);
  const baseline = baselineIndex(variants, setup.vary);
  const makeClient = typeof options.createClient === 'function' ? options.createClient : () => new EngineClient();
  const doc = root.ownerDocument ?? document;
  const win = doc.defaultView ?? window;
  const has = (/** @type {string} */ v) => setup.views.includes(/** @type {any} */ (v));
  const ctl = createController(setup, variants, baseline, makeClient);
  const { state } = ctl;

  const style = h('style', null, `${uplotCss}\n${playgroundCss}\n${compareCss}`);
  const host = h('div.gs-root.gc-root', { 'data-theme': state.theme, 'data-state': 'loading', tabindex: '-1' });
  root.append(style, host);
  // one colour per activation on every page (ui/colors.js); other comparisons: in order
  const scheduler = createScheduler(host, { seriesColors: (dark) => seriesColors(variants.map((v) => (setup.vary === 'activation' ? v.name : `#${v.index}`)), dark, dark ? NET_COLORS.dark : NET_COLORS.light) });
  /** @type {(() => void)[]} */ const cleanups = [];

  // ---- views ----
  const header = createHeader(doc, setup, variants, {
    toggle: () => (state.wanted ? ctl.pause() : ctl.play()),
    step: () => { ctl.step(setup.speed).catch(() => {}); },
    reset: () => { ctl.reset().catch(() => {}); },
    theme: () => setTheme(scheduler.palette().dark ? 'light' : 'dark'),
  });
  const messages = createMessages({ className: 'gc-messages', max: 4 });
  const summary = createSummary(setup, variants, baseline);
  const chartViews = createChartViews(scheduler, setup, variants.map((v) => v.label));
  const timeView = has('time') ? createTimeView(scheduler, setup, baseline, () => { ctl.measureAgain().catch(() => {}); }) : null;
  const sweepView = has('sweep') ? createSweepView(scheduler, setup, variants, {
    win, sweepSteps: options.sweepSteps, createClient: makeClient, alive: () => !state.destroyed, changed: () => syncFps(),
    before: async () => {
      if (state.wanted) { ctl.pause(); messages.say('The comparison is paused while the sweep runs (they would share the processor).', 'info', 'sweep-pause'); }
      await ctl.idle();  // the current round ends first
    },
  }) : null;
  const cards = /** @type {Record<string, HTMLElement>} */ ({
    ...(has('table') ? { table: summary.el } : {}), ...chartViews.cards,
    ...(timeView ? { time: timeView.el } : {}), ...(sweepView ? { sweep: sweepView.el } : {}),
  });
  host.append(header.el, messages.el, h('div.gs-views.gc-views', null, ...Object.values(cards)));
  // "Table" on every chart card (views/tables.js)
  const tables = attachTables(scheduler, cards, { ...chartViews.charts, time: timeView?.charts ?? [], sweep: sweepView?.charts ?? [] });
  cleanups.push(() => tables.destroy());

  let lastWordsAt = 0;
  /** @param {boolean} words update the table and sentences now (else at most 4 times a second) */
  function refresh(words) {
    header.step(state.step);
    host.dataset.step = String(state.step);
    chartViews.update(ctl.tracker, state.step);
    const now = performance.now();
    if (!words && now - lastWordsAt < 250) return;
    lastWordsAt = now;
    const core = ctl.figuresCore();
    summary.update(core, state.phase);
    timeView?.update(core);
  }

  // ---- theme ----
  function syncTheme() {
    host.dataset.theme = state.theme;
    scheduler.themeChanged();
    const colors = netColors(scheduler);
    header.recolour(colors);
    summary.recolour(colors);
  }
  /** @param {'light' | 'dark' | 'auto'} t */
  function setTheme(t) {
    if (!['light', 'dark', 'auto'].includes(t)) throw new Error(`setTheme: must be light, dark or auto, got ${JSON.stringify(t)}`);
    state.theme = t;
    syncTheme();
  }
  const mq = win.matchMedia?.('(prefers-color-scheme: dark)');
  if (mq) {
    const onMq = () => { if (state.theme === 'auto') syncTheme(); };
    mq.addEventListener('change', onMq);
    cleanups.push(() => mq.removeEventListener('change', onMq));
  }
  syncTheme();

  // ---- frame rate, measured while training or sweeping (idle: no animation frames) ----
  const fps = createFpsMeter(win, (f) => { host.dataset.fps = f.toFixed(1); header.fps(f.toFixed(0)); });
  function syncFps() {
    if (state.destroyed) return;
    if (state.phase === 'running' || sweepView?.running()) fps.start();
    else if (fps.running) { fps.stop(); header.fps('–'); }
  }
  cleanups.push(() => fps.destroy());

  ctl.start({
    phase: (p, text) => { host.dataset.state = p; if (text !== undefined) header.status(text); header.transport(state); syncFps(); },
    transport: () => header.transport(state),
    status: (text) => header.status(text),
    refresh,
    say: (text, kind, key) => { messages.say(text, kind, key); },
    unsay: (key) => messages.unsay(key),
    note: (info) => header.note(samenessText(info, state.sameness, setup.vary, variants.length)),
    mark: (name, value) => { host.dataset[name] = String(value); },
    sweepRunning: () => !!sweepView?.running(),
    sweepSummary: () => (sweepView ? sweepView.summary() : null),
  });

  return {
    /** Trains every network in lock-step rounds until pause() or the step limit. */
    play: ctl.play,
    /** Stops after the current round. */
    pause: ctl.pause,
    /** n more steps for every network (in rounds of `speed`); resolves when all are done. */
    step: ctl.step,
    /** Every network back to step 0 (same weights, same batches). */
    reset: ctl.reset,
    /** The summary table's data (plain JSON; see docs/comparison.md). */
    figures: ctl.figures,
    /**
     * @param {ComparisonEvent} event @param {(payload: any) => void} cb
     * @returns {() => void} unsubscribe
     */
    on: (event, cb) => ctl.events.on(event, cb),
    /** Resolves when every network is open and timed (rejects if one cannot open). */
    ready: ctl.ready,
    /** @param {'light' | 'dark' | 'auto'} t */
    setTheme,
    /** Runs the sweeps (the 'sweep' view); resolves when done or cancelled. */
    sweep: () => sweepView?.run() ?? Promise.resolve(),
    /** Cancels a running sweep. */
    cancelSweep: () => sweepView?.cancel(),
    /** Measures the time per step again, on temporary workers (the comparison pauses). */
    measureAgain: ctl.measureAgain,
    /** The element the comparison draws into. */
    get element() { return host; },
    destroy() {
      if (state.destroyed) return;
      sweepView?.cancel();
      for (const c of cleanups.splice(0)) c();
      ctl.destroy();
      chartViews.destroy();
      timeView?.destroy();
      sweepView?.destroy();
      scheduler.destroy();
      host.remove();
      style.remove();
    },
  };
}

/** @typedef {ReturnType<typeof createComparison>} Comparison */

/**
 * Opens a comparison in a modal dialog inside `container` (the playground's "Compare
 * activations"): the dialog, its close button and its link; the comparison is destroyed
 * when the dialog closes.
 * @param {HTMLElement | ShadowRoot} container
 * @param {ComparisonOptions} options
 * @param {{ title?: string, link?: string | null }} [extra] link: the same comparison as a page
 */
export function openComparisonDialog(container, options, extra = {}) {
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog.gc-dialog', { 'aria-label': extra.title ?? 'Comparison' }));
  const closeBtn = h('button.gs-btn', { type: 'button', 'aria-label': 'Close the comparison' }, 'Close ×');
  const head = h('div.gc-dialog-head', null, h('strong', null, extra.title ?? 'Comparison'),
    extra.link ? h('a.gs-mini', { href: extra.link, target: '_blank', rel: 'noopener' }, 'Open as a page (shareable link) ↗') : null, closeBtn);
  const body = h('div.gc-dialog-body');
  dialog.append(head, body);
  container.append(dialog);
  const comparison = createComparison(body, options);
  closeBtn.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { comparison.destroy(); dialog.remove(); });
  dialog.showModal();
  return { comparison, dialog, close: () => dialog.close() };
}

export { activationName };
