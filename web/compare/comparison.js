// @ts-check
// createComparison(root, options): 1 to 6 networks that differ in one thing (activation,
// initialiser, optimiser, depth, learning rate, or a remedy: batch norm, skip
// connections), trained side by side on the same data
// with the same mini-batches, one engine worker each, in lock-step: every round asks each
// worker for k steps and waits for all of them, so "step 200" means the same for every
// network and the same set-up gives the same figures. Overlaid views, a live summary table
// with its verdict in words, the measured time per step of each network, and sweeps of the
// gradient ratio over depth and initial gain.
// Nothing is module-level: several comparisons can live on one page, each in an element
// or a shadow root (its styles are injected into the root). No ids, no innerHTML.
// This file is not: the URL state or the set-up form (page.js, state.js), the pure
// bookkeeping (figures.js), the sentences (words.js) or the drawing (charts.js).
import playgroundCss from '../styles/playground.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import compareCss from './compare.css?inline';
import { EngineClient } from '../engine/client.js';
import { h, setText } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { createScheduler } from '../charts/base.js';
import { seriesColors } from '../ui/colors.js';
import { attachTables } from '../views/tables.js';
import {
  checkOptions, variantsOf, variantOf, baselineIndex, samenessClaim, compareWeights, labelOf, activationName,
  hiddenLayers, NET_DASHES, NET_COLORS,
} from '../state/compare-setup.js';
import { createTracker, networkFigures } from './figures.js';
import { verdictOf, summarySentences, msText, times, targetText, listOf } from './words.js';
import { createOverlay, createProfile, createTimeBars, createSweepChart, netColors } from './charts.js';
import { sweepJobs, runSweep, SWEEP_DEPTHS, SWEEP_GAINS, MAX_GAIN_DEPTH, perLayerFactor } from './sweep.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */
/** @typedef {import('./figures.js').NetworkFigures} NetworkFigures */
/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {'step' | 'diverged' | 'finished' | 'ready' | 'error'} ComparisonEvent */
/** @typedef {EngineClient} EngineClientLike */

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

/** Milliseconds of training of each time-per-step measurement and of the warm-up; rounds. */
const MEASURE_MS = 25;
const WARM_MS = 50;
const ROUNDS = 7;
/** Initial parameters are compared only for networks up to this size. */
const MAX_COMPARED_PARAMETERS = 200000;

const VARY_NOUN = /** @type {Record<string, [string, string]>} */ ({
  activation: ['activation', 'activations'], init: ['initialiser', 'initialisers'], optimizer: ['optimiser', 'optimisers'],
  depth: ['depth', 'depths'], lr: ['learning rate', 'learning rates'], remedy: ['remedy', 'remedies'],
  setup: ['set-up', 'set-ups'],
});

/** The words of each view: title, what it shows, what to look for. */
const VIEW_TEXT = /** @type {Record<string, { title: string, text: string, look: string }>} */ ({
  table: {
    title: 'Summary',
    text: 'Every figure is measured on the networks as they train: test figures over the whole test split at the end of every lock-step round, dead units over the probe rows, the time per step in each network’s own worker.',
    look: 'Steps to the target accuracy (speed of convergence), dead units, the mean activation (zero-centred outputs) and the time per step: the trade-offs the lesson names.',
  },
  loss: {
    title: 'Test loss and accuracy',
    text: 'Loss and accuracy over the whole test split, measured at the end of every round (the same steps for every network).',
    look: 'The curve that drops first converges fastest; a flat line at the chance level is a network that does not learn.',
  },
  grad0: {
    title: 'First-layer gradient over time',
    text: 'The norm of ∂L/∂W of hidden layer 1, the layer farthest from the loss, at the last step of every round (log scale).',
    look: 'Decades below the others: the gradient vanished on its way down (sigmoid). A line that stops: the network diverged.',
  },
  profile: {
    title: 'Gradient per layer, now',
    text: 'The norm of ∂L/∂W of every layer at the current step, input side on the left, output layer last (log scale).',
    look: 'A straight slope down to layer 1 is the lesson’s product of derivatives; a flat profile passes the gradient through.',
  },
  health: {
    title: 'Dead and saturated units',
    text: 'Dead: the unit outputs exactly 0 for every probe row, so no gradient reaches its weights. Saturated: |f′(z)| < ε on this step’s mini-batch.',
    look: 'A ReLU unit that dies rarely comes back. Leaky ReLU, PReLU, RReLU and ELU keep a gradient on the negative side, so their units cannot die. ReLU counts as saturated wherever z < 0 (f′ = 0 there).',
  },
  mean: {
    title: 'Mean activation (bias shift)',
    text: 'The mean output of the hidden layers: what the next layer receives on average. Over time (averaged over the hidden layers), and per layer now.',
    look: 'ReLU and sigmoid outputs are never negative, so their mean sits above 0; Leaky ReLU and ELU can output negative values, which can pull it towards 0. Which line stays closest to 0 here?',
  },
  time: {
    title: 'Time per step',
    text: 'Bars: milliseconds per training step, measured in each network’s own worker before training, one worker at a time, statistics off (the cost of the forward and backward pass). Ticks: the median while comparing, with statistics and several workers sharing the processor.',
    look: 'ELU’s exponentials and sigmoid’s make their steps dearer than ReLU’s; read the factor, then weigh it against the steps saved.',
  },
  sweep: {
    title: 'Sweeps: gradient ratio against depth and initial scale',
    text: 'For each activation, many small networks (the compared network’s width, initialiser, data and training, one value changed): the gradient norm of layer 1 divided by that of the last hidden layer, at initialisation (solid) and after N steps (dashed). ‖∂L/∂z‖ is the signal the chain rule carries down; ‖∂L/∂W‖ is what each layer’s weights receive. Computed in float64 (so 1e-60 stays a number) on a pool of workers.',
    look: 'On a log scale the sigmoid’s ratio against depth is a straight line: each layer multiplies the gradient by about the same factor (f′ ≤ 0.25 times the weights’ scale). The dotted vertical line marks the compared network.',
  },
});

/** The words of the views that read differently when remedies are compared. */
const REMEDY_VIEW_TEXT = /** @type {Record<string, { look?: string, text?: string }>} */ ({
  table: { look: 'The layer 1 ÷ last hidden gradient ratio (how much of the gradient reaches the first layer), steps to the target accuracy and the time per step: what each remedy buys and what it costs.' },
  grad0: { look: 'Decades below the others: the gradient vanished on its way down. Batch norm rescales every layer’s signal; a skip connection gives the gradient a path around each layer.' },
  profile: { look: 'A straight slope down to layer 1 is the lesson’s product of derivatives; with batch norm or skips the profile flattens: the gradient reaches the first layers.' },
  health: { look: 'Saturated units pass almost no gradient (|f′| < ε); batch norm keeps the pre-activations near 0, where sigmoid and tanh are not saturated.' },
  mean: { look: 'Batch norm re-centres each layer’s pre-activations over the mini-batch, but the outputs still follow the activation (sigmoid’s stay above 0); a skip adds each layer’s input to its output, so a mean away from 0 can grow layer after layer.' },
  time: { look: 'Batch norm adds a normalisation per layer to both passes; a skip adds one addition per layer. Read the factor, then weigh it against the steps saved.' },
  sweep: { text: 'For each remedy, many small networks (the compared network’s width, activation, initialiser, data and training, one value changed; skips only where a layer’s input and output widths match): the gradient norm of layer 1 divided by that of the last hidden layer, at initialisation (solid) and after N steps (dashed). ‖∂L/∂z‖ is the signal the chain rule carries down; ‖∂L/∂W‖ is what each layer’s weights receive. Computed in float64 (so 1e-60 stays a number) on a pool of workers.',
    look: 'Without a remedy the ratio falls on a straight line against depth (a steady factor per layer); a remedy that works keeps it within a few decades of 1 at any depth. The dotted vertical line marks the compared network.' },
});

/**
 * @param {HTMLElement | ShadowRoot} root
 * @param {ComparisonOptions} options
 */
export function createComparison(root, options) {
  const setup = checkOptions(options);
  const variants = variantsOf(setup);
  const N = variants.length;
  const baseline = baselineIndex(variants, setup.vary);
  const makeClient = typeof options.createClient === 'function' ? options.createClient : () => new EngineClient();
  const doc = root.ownerDocument ?? document;
  const win = doc.defaultView ?? window;
  const T = targetText(setup.target);
  const has = (/** @type {string} */ v) => setup.views.includes(/** @type {any} */ (v));

  // ---- events ----
  /** @type {Record<ComparisonEvent, Set<(payload: any) => void>>} */
  const listeners = { step: new Set(), diverged: new Set(), finished: new Set(), ready: new Set(), error: new Set() };
  /** @param {ComparisonEvent} type @param {any} payload */
  function emit(type, payload) {
    for (const cb of [...listeners[type]]) {
      try { cb(payload); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  }
  /** @type {(() => void)[]} */ const cleanups = [];

  // ---- DOM ----
  let theme = setup.theme;
  const style = h('style', null, `${uplotCss}\n${playgroundCss}\n${compareCss}`);
  const host = h('div.gs-root.gc-root', { 'data-theme': theme, 'data-state': 'loading', tabindex: '-1' });
  root.append(style, host);
  // one colour per activation on every page (ui/colors.js); other comparisons: in order
  const scheduler = createScheduler(host, { seriesColors: (dark) => seriesColors(variants.map((v) => (setup.vary === 'activation' ? v.name : `#${v.index}`)), dark, dark ? NET_COLORS.dark : NET_COLORS.light) });

  const noun = VARY_NOUN[setup.vary];
  const plain = setup.vary === 'remedy' ? variants.filter((v) => v.name === 'none').length : 0;
  const titleText = N === 1 ? `${variants[0].label} alone: the baseline`
    : plain === 1 ? `Plain and ${N - 1} ${noun[N - 1 === 1 ? 0 : 1]} side by side`
    : `${N} ${noun[1]} side by side`;
  const subText = N === 1 ? 'One network, measured the same way as in a comparison.' : `Same network otherwise: ${listOf(variants.map((v) => v.label))}.`;

  // key: one entry per network, colour and dash as in every chart
  const keyLines = /** @type {SVGLineElement[]} */ ([]);
  const key = h('ul.gc-key', { 'aria-label': 'Networks and their line styles' }, ...variants.map((v, i) => {
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '28'); svg.setAttribute('height', '10'); svg.setAttribute('aria-hidden', 'true');
    const ln = doc.createElementNS('http://www.w3.org/2000/svg', 'line');
    ln.setAttribute('x1', '1'); ln.setAttribute('x2', '27'); ln.setAttribute('y1', '5'); ln.setAttribute('y2', '5');
    ln.setAttribute('stroke-width', '3');
    if (NET_DASHES[i].length) ln.setAttribute('stroke-dasharray', NET_DASHES[i].join(' '));
    svg.append(ln);
    keyLines.push(ln);
    return h('li', { 'data-network': i }, svg, h('span', null, v.label), v.detail && !v.label.includes(v.detail) ? h('small', null, v.detail) : null);
  }));

  const playBtn = h('button.gs-btn.gs-primary', { type: 'button', disabled: true, onclick: () => (wanted ? pause() : play()) }, 'Play');
  const stepBtn = h('button.gs-btn', { type: 'button', disabled: true, title: `One lock-step round: ${setup.speed} step${setup.speed === 1 ? '' : 's'} for every network`, onclick: () => { step(setup.speed).catch(() => {}); } }, `+${setup.speed} steps`);
  const resetBtn = h('button.gs-btn', { type: 'button', disabled: true, title: 'Back to step 0: the same initial weights and batches', onclick: () => { reset().catch(() => {}); } }, 'Reset');
  const themeBtn = h('button.gs-btn', { type: 'button', title: 'Switch theme', 'aria-label': 'Switch theme', onclick: () => setTheme(scheduler.palette().dark ? 'light' : 'dark') }, '◐');
  const stepEl = h('b', { 'data-role': 'step' }, '0');
  const fpsEl = h('b', null, '–');
  const stateEl = h('span.gc-state', { 'aria-live': 'polite' }, 'loading the engine…');
  const progress = /** @type {HTMLProgressElement} */ (h('progress.gc-progress', { max: setup.steps ?? 1, value: 0, 'aria-label': 'Steps done' }));
  progress.hidden = setup.steps === null;
  const status = h('div.gs-status.gc-status', null,
    h('span', null, 'step ', stepEl, setup.steps !== null ? ` of ${int(setup.steps)}` : ''),
    h('span', null, fpsEl, ' fps'), stateEl);
  const note = h('p.gc-note', { 'data-role': 'sameness' }, samenessClaim(setup.vary));
  const messages = h('div.gs-messages.gc-messages', { 'aria-live': 'polite' });
  const header = h('header.gc-head', null,
    h('div.gc-title', null, h('h2', null, titleText), h('p', null, subText)),
    h('div.gs-transport', null, playBtn, stepBtn, resetBtn, themeBtn),
    key, h('div.gc-statusline', null, status, progress), note);

  /** @param {string} text @param {'error' | 'warn' | 'info'} [kind] @param {string} [k] */
  function say(text, kind = 'error', k = '') {
    if (k) messages.querySelector(`[data-key="${k}"]`)?.remove();
    const close = h('button.gs-msg-close', { type: 'button', 'aria-label': 'Dismiss' }, '×');
    const msg = h(`div.gs-msg.gs-${kind}`, { role: kind === 'error' ? 'alert' : 'status', 'data-key': k || null }, h('p', null, text), close);
    close.addEventListener('click', () => msg.remove());
    messages.append(msg);
    while (messages.children.length > 4) messages.firstElementChild?.remove();
  }

  /**
   * A view's card.
   * @param {string} id @param {{ wide?: boolean, tools?: (Node | null)[], body: (Node | null)[] }} o
   */
  function card(id, o) {
    const t = setup.vary === 'remedy' ? { ...VIEW_TEXT[id], ...REMEDY_VIEW_TEXT[id] } : VIEW_TEXT[id];
    return h(`section.gs-card.gc-card${o.wide ? '.gs-wide' : ''}`, { 'data-view': id, 'aria-label': t.title },
      h('header', null, h('h2', null, t.title), ...(o.tools ?? [])),
      ...o.body,
      h('p.gc-explain', null, t.text),
      h('p.gs-lookfor', null, t.look));
  }
  const names = variants.map((v) => v.label);
  /** @type {{ destroy(): void }[]} */ const charts = [];
  /** @template {{ destroy(): void }} C @param {C} c @returns {C} */
  const chart = (c) => { charts.push(c); return c; };
  /** @type {HTMLElement[]} */ const cards = [];

  // summary table
  const headers = ['Network', `Steps to ${T} test accuracy`, 'Test accuracy', 'Best test loss (at step)', 'Dead units', 'Saturated units', 'Mean activation', 'Layer 1 ÷ last hidden ‖∂L/∂W‖', 'Time per step', 'Verdict'];
  /** @type {Record<string, HTMLElement>[]} */ const cells = [];
  // two rows per network: its figures, then its verdict in words across the table
  const tbody = h('tbody', null, ...variants.flatMap((v, i) => {
    /** @type {Record<string, HTMLElement>} */ const c = {};
    const td = (/** @type {string} */ k, /** @type {number} */ col) => { c[k] = h(`td.gc-${k}`, { 'data-label': headers[col] }, '–'); return c[k]; };
    const sw = h('span.gc-swatch', { 'aria-hidden': 'true' });
    c.swatch = sw;
    c.verdict = h('td.gc-verdict', { colspan: headers.length - 1, 'data-label': headers[9] }, '–');
    cells.push(c);
    return [
      h('tr.gc-figrow', { 'data-network': i },
        h('th', { scope: 'row', rowspan: 2 }, sw, h('span', null, v.label), v.detail && !v.label.includes(v.detail) ? h('small', null, v.detail) : null),
        td('target', 1), td('acc', 2), td('loss', 3), td('dead', 4), td('sat', 5), td('mean', 6), td('ratio', 7), td('time', 8)),
      h('tr.gc-verdictrow', { 'data-network': i }, c.verdict),
    ];
  }));
  const table = h('table.gc-table', null,
    h('thead', null, h('tr', null, ...headers.slice(0, -1).map((t) => h('th', { scope: 'col' }, t)))), tbody);
  const sentences = h('ul.gc-sentences', { 'data-role': 'sentences', 'aria-live': 'off' });
  if (has('table')) cards.push(card('table', { wide: true, body: [h('div.gc-tablebox', null, table), h('h3.gc-h3', null, 'What the numbers say'), sentences] }));

  // loss and accuracy
  const lossChart = has('loss') ? chart(createOverlay(scheduler, { label: 'Test loss of every network over steps', yLabel: 'test loss', names, height: 190 })) : null;
  const accChart = has('loss') ? chart(createOverlay(scheduler, {
    label: 'Test accuracy of every network over steps', yLabel: 'test accuracy', names, range: [0, 1], height: 190,
    format: (v) => pct(v), axisFormat: (v) => `${Math.round(v * 100)}%`, mark: { value: setup.target, label: `target ${T}` },
  })) : null;
  if (lossChart && accChart) cards.push(card('loss', { body: [h('div.gc-pair', null, lossChart.el, accChart.el)] }));

  // first-layer gradient
  const grad0Chart = has('grad0') ? chart(createOverlay(scheduler, { label: 'Gradient norm of hidden layer 1 over steps, log scale', yLabel: '‖∂L/∂W₁‖', names, log: true, height: 220 })) : null;
  if (grad0Chart) cards.push(card('grad0', { body: [grad0Chart.el] }));

  // per-layer profile
  const profileChart = has('profile') ? chart(createProfile(scheduler, { label: 'Gradient norm of every layer at the current step, log scale', yLabel: '‖∂L/∂W‖', log: true })) : null;
  if (profileChart) cards.push(card('profile', { body: [profileChart.el] }));

  // health
  const deadChart = has('health') ? chart(createOverlay(scheduler, { label: 'Dead units of every network over steps', yLabel: 'dead units', names, format: (v) => int(v), height: 170 })) : null;
  const satChart = has('health') ? chart(createOverlay(scheduler, { label: 'Saturated units of every network over steps', yLabel: 'saturated units', names, format: (v) => int(v), height: 170 })) : null;
  if (deadChart && satChart) cards.push(card('health', { body: [h('div.gc-pair', null, deadChart.el, satChart.el)] }));

  // mean activation
  const meanChart = has('mean') ? chart(createOverlay(scheduler, { label: 'Mean activation of the hidden layers over steps', yLabel: 'mean activation', names, format: (v) => sci(v, 3), height: 190 })) : null;
  const meanProfile = has('mean') ? chart(createProfile(scheduler, { label: 'Mean activation of every hidden layer at the current step', yLabel: 'mean activation', zeroLine: true, height: 190, xLabel: ['hidden layer (input → output)', 'hidden layer (input side → output side)'] })) : null;
  if (meanChart && meanProfile) cards.push(card('mean', { body: [h('div.gc-pair', null, meanChart.el, meanProfile.el)] }));

  // time per step
  const timeBars = has('time') ? chart(createTimeBars(scheduler)) : null;
  const timeNote = h('p.gc-figline', { 'data-role': 'time-note' });
  const againBtn = h('button.gs-mini', { type: 'button', 'data-role': 'measure-again', title: 'Measure the time per step again (the comparison pauses)', onclick: () => { measureAgain().catch(() => {}); } }, 'Measure again');
  if (timeBars) cards.push(card('time', { tools: [againBtn], body: [timeBars.el, timeNote] }));

  // sweeps
  const sweepUi = has('sweep') ? createSweepView() : null;
  if (sweepUi) cards.push(sweepUi.card);

  const views = h('div.gs-views.gc-views', null, ...cards);
  host.append(header, messages, views);
  // "Table" on every chart card (views/tables.js)
  const tables = attachTables(scheduler, Object.fromEntries(cards.map((c) => [c.dataset.view ?? '', c])), {
    loss: [lossChart, accChart], grad0: [grad0Chart], profile: [profileChart], health: [deadChart, satChart],
    mean: [meanChart, meanProfile], time: [timeBars], sweep: sweepUi?.charts ?? [],
  });
  cleanups.push(() => tables.destroy());

  // ---- state ----
  const tracker = createTracker(N, { target: setup.target });
  const clients = variants.map(() => makeClient());
  /** @type {'loading' | 'timing' | 'ready' | 'running' | 'finished' | 'error'} */ let phase = 'loading';
  let stepNow = 0;
  let wanted = !!setup.autoplay;
  let looping = false;
  let destroyed = false;
  let finished = false;
  /** @type {{ identical: boolean, sharedLayers: number, layers: number } | null} */ let sameness = null;
  /** @type {{ name: string, task: string, trainRows: number, testRows: number } | null} */ let dataInfo = null;
  /** @type {Promise<void>} */ let chain = Promise.resolve();
  /** Runs one job at a time (rounds, step(n), reset, sweeps' pause). @param {() => Promise<void>} job */
  const exclusive = (job) => { const p = chain.then(job); chain = p.catch(() => {}); return p; };
  /** @type {(v?: any) => void} */ let readyResolve = () => {};
  /** @type {(e: Error) => void} */ let readyReject = () => {};
  /** @type {Promise<void>} */
  const readyPromise = new Promise((ok, bad) => { readyResolve = ok; readyReject = bad; });
  readyPromise.catch(() => {});

  for (const [i, c] of clients.entries()) {
    cleanups.push(c.onError((/** @type {Error} */ err) => {
      wanted = false;
      say(`${variants[i].label}: ${err.message}. Press Reset to start again.`, 'error', `crash-${i}`);
    }));
  }

  /** @param {'loading' | 'timing' | 'ready' | 'running' | 'finished' | 'error'} p @param {string} [text] */
  function setPhase(p, text) {
    phase = p;
    host.dataset.state = p;
    if (text !== undefined) setText(stateEl, text);
    syncTransport();
  }

  function syncTransport() {
    const ready = phase === 'ready' || phase === 'running' || phase === 'finished';
    /** @type {HTMLButtonElement} */ (playBtn).disabled = !ready || finished;
    /** @type {HTMLButtonElement} */ (stepBtn).disabled = !ready || finished;
    /** @type {HTMLButtonElement} */ (resetBtn).disabled = !ready && phase !== 'error';
    setText(playBtn, wanted && !finished ? 'Pause' : 'Play');
    playBtn.setAttribute('aria-pressed', String(wanted && !finished));
  }

  // ---- bring-up: time the steps, open every network, compare the initial weights ----
  /**
   * Opens every network (with its own configuration, or a variant of it); a refusal names
   * the network. @param {(config: any) => any} [cfg] @param {EngineClientLike[]} [cs]
   */
  function openAll(cfg = (c) => c, cs = clients) {
    return Promise.all(cs.map((c, i) => c.open(variants[i].network, cfg(variants[i].config)).catch((/** @type {Error} */ e) => {
      throw new Error(`${variants[i].label}: ${e.message}`);
    })));
  }

  async function start() {
    setPhase('loading', 'loading the engine…');
    const t0 = performance.now();
    try {
      if (setup.timing) { setPhase('timing', 'measuring the time per step…'); await measureTimes(clients); }
      if (destroyed) return;
      const infos = await openAll();
      if (destroyed) return;
      const d = infos[0].data;
      dataInfo = { name: d.name, task: d.task, trainRows: d.train_rows, testRows: d.test_rows };
      if (Math.max(...infos.map((x) => x.parameters)) <= MAX_COMPARED_PARAMETERS) {
        sameness = compareWeights(await Promise.all(clients.map((c) => c.request('export'))));
      }
      if (destroyed) return;
      setText(note, samenessText(infos[0]));
      host.dataset.startMs = String(Math.round(performance.now() - t0));
      setPhase('ready', 'ready');
      refresh(true);
      readyResolve();
      emit('ready', { networks: N, labels: names, sameWeights: sameness });
      if (wanted) play();
    } catch (e) {
      if (destroyed) return;
      const err = e instanceof Error ? e : new Error(String(e));
      setPhase('error', 'could not start');
      say(err.message, 'error', 'open');
      readyReject(err);
      emit('error', { message: err.message });
    }
  }

  /** @param {any} info */
  function samenessText(info) {
    const data = `${String(info.data.name).replace(/^csv:/, '')}: ${int(info.data.train_rows)} training and ${int(info.data.test_rows)} test rows`;
    if (N === 1) return `${data}; ${int(info.parameters)} parameters.`;
    const batches = 'the same mini-batches in the same order';
    if (!sameness) return `Same data (${data}), ${batches}. ${setup.vary === 'depth' || setup.vary === 'init' ? 'The initial weights differ.' : 'Same initial weights (same seed and shapes).'}`;
    if (sameness.identical) return `Same data (${data}), ${batches}, same initial weights (checked: every W and b identical at step 0).`;
    const why = setup.vary === 'depth' ? 'the networks have different shapes' : setup.vary === 'init' ? 'the initialiser is what is compared'
      : setup.vary === 'remedy' ? 'not expected: a remedy changes no W or b' : setup.vary === 'setup' ? 'the set-ups draw them differently' : 'the shapes differ';
    return `Same data (${data}), ${batches}. The initial weights differ (${why})${sameness.sharedLayers > 0 ? `; the first ${sameness.sharedLayers} layer${sameness.sharedLayers === 1 ? '' : 's'} start identical` : ''}.`;
  }

  /**
   * Time per step of each network, measured in a worker of its own, one worker at a time
   * (so they do not share the processor), with statistics off: the cost of the training
   * step itself. The networks are opened with a light configuration (no statistics, one
   * probe row) and warmed up (the engine's code is optimised while it runs); then ROUNDS
   * interleaved measurements of about MEASURE_MS each; the median counts, with the
   * quartiles as its spread (other programs on the machine make single measurements
   * slower). At start the comparison's own workers are used (they are opened again with
   * the real configuration afterwards); measureAgain() uses temporary ones.
   * @param {EngineClientLike[]} cs one worker per network
   */
  async function measureTimes(cs) {
    const t0 = performance.now();
    /** @type {number[][]} */ const samples = variants.map(() => []);
    /** @type {number[]} */ const est = variants.map(() => 0);
    await openAll((c) => ({ ...c, stats: false, probe_rows: 1, history_capacity: 16 }), cs);
    const measure = async (/** @type {number} */ i, /** @type {number} */ ms) => {
      const n = Math.max(4, Math.min(20000, Math.round(ms / (est[i] || 1))));
      const f = await cs[i].step(n);
      if (f.msPerStep > 0) est[i] = f.msPerStep;
      return f;
    };
    for (let i = 0; i < N; ++i) {
      if (destroyed) return;
      setText(stateEl, `measuring the time per step of ${variants[i].label}…`);
      est[i] = (await cs[i].step(4)).msPerStep || 1;
      await measure(i, WARM_MS);
    }
    setText(stateEl, 'measuring the time per step of every network, in turns…');
    for (let r = 0; r < ROUNDS; ++r) {
      for (let j = 0; j < N; ++j) {
        const i = (j + r) % N;
        if (destroyed) return;
        const f = await measure(i, MEASURE_MS);
        if (f.msPerStep > 0 && !f.diverged) samples[i].push(f.msPerStep);
      }
    }
    samples.forEach((xs, i) => {
      const s = xs.sort((a, b) => a - b);
      const q = (/** @type {number} */ p) => (s.length ? s[Math.round(p * (s.length - 1))] : NaN);
      tracker.setBench(i, q(0.5), q(0.25), q(0.75));
    });
    host.dataset.timingMs = String(Math.round(performance.now() - t0));
  }

  /**
   * Measures the time per step again on temporary workers (the comparison pauses; its
   * networks keep their state).
   */
  async function measureAgain() {
    await readyPromise;
    if (sweepUi?.running()) { say('Measure again when the sweep is done: its workers would share the processor with the measurement.', 'info', 'measure'); return; }
    wanted = false;
    syncTransport();
    await exclusive(async () => {
      const temp = variants.map(() => makeClient());
      const before = phase;
      setPhase('timing', 'measuring the time per step…');
      try { await measureTimes(temp); } finally {
        for (const c of temp) c.dispose();
        if (!destroyed) setPhase(before === 'finished' ? 'finished' : 'ready', before === 'finished' ? `finished at step ${int(stepNow)}` : `paused at step ${int(stepNow)}`);
      }
      refresh(true);
    });
  }

  // ---- lock-step rounds ----
  /** Steps of the next round: the speed, cut at the step limit. */
  const nextRound = () => (setup.steps === null ? setup.speed : Math.min(setup.speed, setup.steps - stepNow));
  const liveIndices = () => variants.map((_, i) => i).filter((i) => !tracker.track(i).diverged && clients[i].alive);

  /** One round: k steps for every live network, all awaited. @param {number} k */
  async function round(k) {
    const live = liveIndices();
    if (!live.length || k <= 0) return;
    const got = await Promise.all(live.map((i) => clients[i].step(k)));
    if (destroyed) return;
    /** @type {(Frame | null)[]} */ const frames = variants.map(() => null);
    live.forEach((i, j) => { frames[i] = got[j]; });
    const diverged = tracker.round(frames);
    stepNow = Math.max(stepNow, ...got.map((f) => f.steps));
    refresh(false);
    for (const i of diverged) {
      const d = /** @type {NonNullable<ReturnType<typeof tracker.track>['diverged']>} */ (tracker.track(i).diverged);
      say(`${variants[i].label} diverged at step ${int(d.step)}: ${d.message}`, 'warn', `diverged-${i}`);
      emit('diverged', { index: i, label: variants[i].label, step: d.step, layer: d.layer, what: d.what, message: d.message });
    }
    emit('step', { step: stepNow, figures: figures() });
    if ((setup.steps !== null && stepNow >= setup.steps) || liveIndices().length === 0) finish();
  }

  function finish() {
    if (finished) return;
    finished = true;
    wanted = false;
    setPhase('finished', liveIndices().length === 0 ? 'every network diverged' : `finished at step ${int(stepNow)}`);
    refresh(true);
    emit('finished', { step: stepNow, figures: figures() });
  }

  async function loop() {
    if (looping) return;
    looping = true;
    try {
      while (wanted && !destroyed && !finished) {
        const k = nextRound();
        if (k <= 0) { finish(); break; }
        await exclusive(() => round(k));
      }
    } catch (e) {
      if (!destroyed) say(`Training stopped: ${e instanceof Error ? e.message : e}`, 'error', 'loop');
      wanted = false;
    } finally {
      looping = false;
      if (!destroyed && phase !== 'error') setPhase(finished ? 'finished' : 'ready', finished ? stateEl.textContent ?? '' : `paused at step ${int(stepNow)}`);
    }
  }

  function play() {
    if (destroyed) return;
    wanted = true;
    if (phase === 'loading' || phase === 'timing') { syncTransport(); return; }  // starts when ready
    if (phase !== 'ready' && phase !== 'running') return;
    if (finished) { wanted = false; return; }
    setPhase('running', 'training in lock-step');
    loop();
  }
  function pause() {
    wanted = false;
    syncTransport();
  }

  /** n steps for every network, in rounds of `speed` steps (at most to the step limit). @param {number} n */
  async function step(n = 1) {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`step: n must be an integer >= 0, got ${JSON.stringify(n)}`);
    await readyPromise;
    wanted = false;
    syncTransport();
    await exclusive(async () => {
      let left = setup.steps === null ? n : Math.min(n, setup.steps - stepNow);
      while (left > 0 && !destroyed && !finished && liveIndices().length) {
        const k = Math.min(setup.speed, left);
        await round(k);
        left -= k;
      }
      if (!finished && !destroyed) setPhase('ready', `paused at step ${int(stepNow)}`);
    });
  }

  async function reset() {
    wanted = false;
    if (phase === 'error' && !clients.every((c) => c.alive)) { /* a crashed worker: restart below */ } else await readyPromise;
    await exclusive(async () => {
      await Promise.all(clients.map((c) => (c.alive ? c.reset() : c.restart().then(() => c.setStats(true)))));
      tracker.reset();
      stepNow = 0;
      finished = false;
      for (let i = 0; i < N; ++i) messages.querySelector(`[data-key="diverged-${i}"]`)?.remove();
      setPhase('ready', 'back at step 0');
      refresh(true);
    });
  }

  // ---- figures ----
  function figuresCore() {
    const nets = /** @type {NetworkFigures[]} */ (networkFigures(tracker, variants, baseline).map((n) => ({ ...n, verdict: '' })));
    const core = { step: stepNow, target: setup.target, baseline, vary: setup.vary, data: dataInfo, networks: nets };
    for (const n of nets) n.verdict = verdictOf(n, core);
    return core;
  }

  /** The summary table's data, the sentences and the sweep's results (plain JSON). */
  function figures() {
    const core = figuresCore();
    return structuredClone({
      ...core, state: phase, vary: setup.vary, steps: setup.steps, speed: setup.speed,
      sameWeights: sameness, sentences: summarySentences(core), sweep: sweepUi ? sweepUi.summary() : null,
    });
  }

  // ---- drawing ----
  let lastWordsAt = 0;
  /** @param {boolean} words update the sentences now (else at most 4 times a second) */
  function refresh(words) {
    setText(stepEl, int(stepNow));
    host.dataset.step = String(stepNow);
    progress.value = stepNow;
    const xs = tracker.steps;
    const col = (/** @type {import('./figures.js').Column} */ c) => variants.map((_, i) => tracker.column(i, c));
    lossChart?.setData(xs, col('testLoss'));
    accChart?.setData(xs, col('testAcc'));
    grad0Chart?.setData(xs, col('grad0'));
    deadChart?.setData(xs, col('dead'));
    satChart?.setData(xs, col('saturated'));
    meanChart?.setData(xs, col('meanAct'));
    const lasts = variants.map((_, i) => tracker.track(i).last);
    profileChart?.set(variants.map((v, i) => ({ name: v.label, values: lasts[i]?.profile ?? [] })), stepNow);
    meanProfile?.set(variants.map((v, i) => ({ name: v.label, values: lasts[i]?.actProfile ?? [] })), stepNow, false);
    const now = performance.now();
    if (!words && now - lastWordsAt < 250) return;
    lastWordsAt = now;
    const core = figuresCore();
    updateTable(core);
    updateTime(core);
    const list = summarySentences(core);
    const have = Array.from(sentences.children).map((li) => li.textContent);
    if (have.length !== list.length || have.some((t, i) => t !== list[i])) sentences.replaceChildren(...list.map((t) => h('li', null, t)));
  }

  /** @param {ReturnType<typeof figuresCore>} core */
  function updateTable(core) {
    core.networks.forEach((n, i) => {
      const c = cells[i];
      const started = n.steps > 0;
      setText(c.target, !started ? '–' : n.stepsToTarget !== null ? int(n.stepsToTarget) : n.testAccuracy === null ? 'n/a' : `– (best ${pct(n.bestTestAccuracy)})`);
      setText(c.acc, pct(n.testAccuracy));
      setText(c.loss, n.bestTestLoss === null ? '–' : `${sci(n.bestTestLoss, 3)} (step ${int(/** @type {number} */ (n.bestTestLossStep))})`);
      setText(c.dead, n.deadUnits === null ? '–' : `${int(n.deadUnits)} of ${int(n.hiddenUnits)}`);
      setText(c.sat, n.saturatedUnits === null ? '–' : `${int(n.saturatedUnits)} (${pct(n.saturatedUnits / Math.max(1, n.hiddenUnits))})`);
      setText(c.mean, sci(n.meanActivation, 3));
      setText(c.ratio, n.hiddenLayers < 2 ? '1 (one layer)' : sci(n.gradRatio));
      setText(c.time, n.time.msPerStep === null ? (phase === 'timing' ? 'measuring…' : '–') : `${msText(n.time.msPerStep)}${N > 1 && i !== baseline && n.time.relative !== null ? ` (${times(n.time.relative)})` : ''}`);
      setText(c.verdict, started || n.diverged ? n.verdict : '–');
      c.verdict.closest('tr')?.classList.toggle('gc-diverged', !!n.diverged);
      c.target.closest('tr')?.classList.toggle('gc-diverged', !!n.diverged);
    });
  }

  /** @param {ReturnType<typeof figuresCore>} core */
  function updateTime(core) {
    if (!timeBars) return;
    timeBars.set(core.networks.map((n) => ({ name: n.label, ms: n.time.msPerStep, range: n.time.msRange, live: n.time.msPerStepLive, rel: N > 1 ? n.time.relative : null })));
    const timed = core.networks.filter((n) => n.time.msPerStep !== null);
    if (timed.length === N && N > 1) {
      const b = core.networks[baseline];
      const costly = timed.filter((n) => n.index !== baseline && n.time.relative !== null).sort((a, c) => /** @type {number} */ (c.time.relative) - /** @type {number} */ (a.time.relative));
      setText(timeNote, `${costly.length ? `Against ${b.label} (${msText(b.time.msPerStep)} per step): ${costly.map((n) => `${n.label} ${times(/** @type {number} */ (n.time.relative))}`).join(', ')}. ` : ''}Median of ${ROUNDS} measurements taken in turns; a busy machine spreads them (the whiskers), so measure again to check a small difference.`);
    } else setText(timeNote, setup.timing ? '' : 'Time per step not measured (timing: false).');
  }

  // ---- theme ----
  function syncTheme() {
    host.dataset.theme = theme;
    scheduler.themeChanged();
    const colors = netColors(scheduler);
    keyLines.forEach((ln, i) => ln.setAttribute('stroke', colors[i % colors.length]));
    cells.forEach((c, i) => { c.swatch.style.background = colors[i % colors.length]; });
  }
  /** @param {'light' | 'dark' | 'auto'} t */
  function setTheme(t) {
    if (!['light', 'dark', 'auto'].includes(t)) throw new Error(`setTheme: must be light, dark or auto, got ${JSON.stringify(t)}`);
    theme = t;
    syncTheme();
  }
  const mq = win.matchMedia?.('(prefers-color-scheme: dark)');
  if (mq) {
    const onMq = () => { if (theme === 'auto') syncTheme(); };
    mq.addEventListener('change', onMq);
    cleanups.push(() => mq.removeEventListener('change', onMq));
  }
  syncTheme();

  // ---- frame rate, measured while training ----
  let fpsFrames = 0, fpsSince = performance.now(), fpsRaf = 0;
  const fpsTick = (/** @type {number} */ t) => {
    fpsRaf = 0;
    if (destroyed) return;
    ++fpsFrames;
    if (t - fpsSince >= 1000) {
      const fps = (fpsFrames * 1000) / (t - fpsSince);
      host.dataset.fps = fps.toFixed(1);
      setText(fpsEl, phase === 'running' || sweepUi?.running() ? fps.toFixed(0) : '–');
      fpsFrames = 0; fpsSince = t;
    }
    fpsRaf = win.requestAnimationFrame(fpsTick);
  };
  fpsRaf = win.requestAnimationFrame(fpsTick);
  cleanups.push(() => { if (fpsRaf) win.cancelAnimationFrame(fpsRaf); });

  // ---- sweeps ----
  function createSweepView() {
    // one series per compared activation, or per compared remedy (the base activation
    // with each remedy), else the base network's activation alone
    const byRemedy = setup.vary === 'remedy';
    const acts = setup.vary === 'activation' ? variants.map((v) => v.value) : [setup.network.layers[0].activation];
    const actNames = setup.vary === 'activation' || byRemedy ? variants.map((v) => v.label) : [labelOf('activation', acts[0]).label];
    const seriesCount = actNames.length;
    const seriesNoun = byRemedy ? (seriesCount === 1 ? 'remedy' : 'remedies') : `activation${seriesCount === 1 ? '' : 's'}`;
    /** The sweep's networks (each remedy applied to every network of the base's sweep). */
    const sweepPlan = () => {
      const jobs = sweepJobs({ network: setup.network, config: setup.config, activations: acts, depths: SWEEP_DEPTHS, gains: SWEEP_GAINS, gainDepth });
      if (!byRemedy) return jobs;
      const rank = (/** @type {import('./sweep.js').SweepJob} */ j) => (j.kind === 'depth' ? 0 : 1);
      return variants.flatMap((v, series) => jobs.map((j) => ({ ...j, series, network: variantOf(j.network, j.config, 'remedy', v.value).network })))
        .sort((a, b) => rank(a) - rank(b) || a.x - b.x || a.series - b.series);
    };
    const baseDepth = hiddenLayers(setup.network);
    const gainDepth = Math.min(MAX_GAIN_DEPTH, baseDepth);
    const w0 = setup.network.init?.weights;
    const initName = typeof w0 === 'string' ? w0 : w0?.name ?? 'glorot_uniform';
    const baseGain = typeof w0 === 'object' && w0 ? (w0.gain ?? w0.std ?? w0.b ?? null) : null;
    const gainMark = baseGain ?? (/^(he|kaiming)_/.test(initName) ? Math.SQRT2 : 1);
    const stepsIn = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 1, max: 1000, step: 1, value: String(options.sweepSteps ?? 20), 'aria-label': 'Steps after initialisation (N)' }));
    const measureSel = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Gradient measure of the sweeps' },
      h('option', { value: 'dz' }, '‖∂L/∂z‖ (backpropagated signal)'), h('option', { value: 'dW' }, '‖∂L/∂W‖ (weight gradient)')));
    measureSel.addEventListener('change', () => { draw(); writeFacts(); });
    const runBtn = h('button.gs-btn.gs-primary', { type: 'button', 'data-role': 'sweep-run', onclick: () => { run(); } }, 'Run sweep');
    const cancelBtn = h('button.gs-btn', { type: 'button', 'data-role': 'sweep-cancel', disabled: true, onclick: () => cancel() }, 'Cancel');
    const bar = /** @type {HTMLProgressElement} */ (h('progress.gc-progress', { max: 1, value: 0, 'aria-label': 'Sweep progress' }));
    const statusText = h('span.gc-sweepstatus', { 'data-role': 'sweep-status', 'aria-live': 'polite' }, '');
    const depthChart = chart(createSweepChart(scheduler, { label: 'First-to-last gradient ratio against depth, log scale', xLabel: 'hidden layers (depth)' }));
    const gainChart = chart(createSweepChart(scheduler, { label: 'First-to-last gradient ratio against initial gain, log scale', xLabel: `gain of ${labelOf('init', initName).label} (log scale)`, xLog: true }));
    const facts = h('ul.gc-sentences', { 'data-role': 'sweep-facts' });
    const count = seriesCount * (SWEEP_DEPTHS.length + SWEEP_GAINS.length);
    const plan = `${int(count)} networks: ${seriesCount} ${seriesNoun} × (${SWEEP_DEPTHS.length} depths from 1 to 100 + ${SWEEP_GAINS.length} gains at depth ${gainDepth}).`;
    setText(statusText, plan);
    const cardEl = card('sweep', {
      wide: true,
      tools: [measureSel],
      body: [
        h('div.gc-sweepbar', null, h('label.gs-field-inline', null, 'N', stepsIn), runBtn, cancelBtn, bar, statusText),
        h('div.gc-pair', null,
          h('div', null, h('h3.gc-h3', null, 'Against depth'), depthChart.el),
          h('div', null, h('h3.gc-h3', null, `Against the initial scale, at depth ${gainDepth}`), gainChart.el)),
        facts,
      ],
    });
    /** @type {'idle' | 'running' | 'done' | 'cancelled' | 'error'} */ let state = 'idle';
    /** @type {ReturnType<typeof runSweep> | null} */ let current = null;
    let done = 0, total = count, ms = 0, steps = Number(stepsIn.value) || 20;
    /** @typedef {{ dW: (number | null)[], dz: (number | null)[] }} Measures log10 ratios, one per x */
    const empty = (/** @type {number} */ n) => ({ dW: Array.from({ length: n }, () => /** @type {number | null} */ (null)), dz: Array.from({ length: n }, () => /** @type {number | null} */ (null)) });
    const blank = () => ({
      depth: actNames.map(() => ({ init: empty(SWEEP_DEPTHS.length), after: empty(SWEEP_DEPTHS.length) })),
      gain: actNames.map(() => ({ init: empty(SWEEP_GAINS.length), after: empty(SWEEP_GAINS.length) })),
    });
    let res = blank();
    const measure = () => /** @type {'dW' | 'dz'} */ (measureSel.value === 'dW' ? 'dW' : 'dz');
    const symbol = () => (measure() === 'dW' ? '‖∂L/∂W‖' : '‖∂L/∂z‖');

    function draw() {
      const m = measure();
      const after = `after ${steps} step${steps === 1 ? '' : 's'}`;
      const yLabel = `layer 1 ÷ last hidden, ${symbol()}`;
      depthChart.set(res.depth.map((r, i) => ({ name: actNames[i], xs: [...SWEEP_DEPTHS], init: r.init[m], after: r.after[m] })), [...SWEEP_DEPTHS], after, { yLabel, marker: baseDepth <= 100 ? baseDepth : null });
      gainChart.set(res.gain.map((r, i) => ({ name: actNames[i], xs: [...SWEEP_GAINS], init: r.init[m], after: r.after[m] })), [...SWEEP_GAINS], after, { yLabel, marker: gainMark >= 0.25 && gainMark <= 4 ? gainMark : null });
    }
    /** "2.1e-12 of" / "89 times" the last layer's @param {number} lg log10 ratio */
    const ratioWords = (lg) => (lg < 0 ? `${sci(10 ** lg)} of` : `${sci(10 ** lg)} times`);
    function writeFacts() {
      const m = measure();
      /** @type {string[]} */ const out = [];
      res.depth.forEach((r, i) => {
        const ys = r.init[m];
        const fit = perLayerFactor([...SWEEP_DEPTHS], ys);
        if (!fit) return;
        const at = (/** @type {number} */ d) => { const k = SWEEP_DEPTHS.indexOf(d); return k >= 0 ? ys[k] : null; };
        const d20 = at(20), d100 = at(100);
        const where = `${d20 !== null ? `; layer 1 gets ${ratioWords(d20)} the last layer’s ${symbol()} at depth 20` : ''}${d100 !== null ? `${d20 !== null ? ' and' : '; layer 1 gets'} ${sci(10 ** d100)} ${d100 < 0 ? 'of it' : 'times it'} at depth 100` : ''}`;
        out.push(Math.abs(fit.slope * 98) < 1
          ? `${actNames[i]}: no steady trend with depth at initialisation (within a decade from depth 2 to 100; about ×${sci(fit.factor, 3)} per layer)${where}.`
          : `${actNames[i]}: at initialisation each layer multiplies ${symbol()} by about ${sci(fit.factor, 3)}, ${fit.r2 > 0.97 ? `a straight line on the log scale (R² ${fit.r2.toFixed(3)})` : `roughly (R² ${fit.r2.toFixed(2)})`}${where}.`);
      });
      res.gain.forEach((r, i) => {
        const ys = r.init[m];
        const ks = ys.map((v, k) => (v === null ? -1 : k)).filter((k) => k >= 0);
        if (ks.length < 2) return;
        const a = ks[0], b = ks[ks.length - 1];
        const near = ks.filter((k) => Math.abs(/** @type {number} */ (ys[k])) <= 1).map((k) => SWEEP_GAINS[k]);
        const lost = r.after[m].filter((v, k) => v === null && ys[k] !== null).length;
        out.push(`${actNames[i]} at depth ${gainDepth}: from ${sci(10 ** /** @type {number} */ (ys[a]))} at gain ${SWEEP_GAINS[a]} to ${sci(10 ** /** @type {number} */ (ys[b]))} at gain ${SWEEP_GAINS[b]} at initialisation; ${near.length ? `within a decade of 1 for gain${near.length === 1 ? '' : 's'} ${near.length > 2 ? `${near[0]} to ${near[near.length - 1]}` : listOf(near.map(String))}` : 'never within a decade of 1'}${lost ? `; ${lost} of ${SWEEP_GAINS.length} had no finite ratio after ${steps} steps (diverged or vanished)` : ''}.`);
      });
      facts.replaceChildren(...out.map((t) => h('li', null, t)));
    }
    function sync() {
      cardEl.dataset.sweepState = state;
      cardEl.dataset.sweepDone = String(done);
      cardEl.dataset.sweepTotal = String(total);
      /** @type {HTMLButtonElement} */ (runBtn).disabled = state === 'running';
      /** @type {HTMLButtonElement} */ (cancelBtn).disabled = state !== 'running';
      bar.max = Math.max(1, total);
      bar.value = done;
    }
    async function run() {
      if (state === 'running' || destroyed) return;
      const n = Math.round(Number(stepsIn.value));
      if (!(n >= 1 && n <= 1000)) { stepsIn.setAttribute('aria-invalid', 'true'); setText(statusText, `N (steps after initialisation): must be an integer in 1..1000, got "${stepsIn.value.slice(0, 20)}"`); return; }
      stepsIn.removeAttribute('aria-invalid');
      steps = n;
      if (wanted) { pause(); say('The comparison is paused while the sweep runs (they would share the processor).', 'info', 'sweep-pause'); }
      await chain;  // the current round ends first
      const jobs = sweepPlan();
      res = blank();
      done = 0; total = jobs.length; ms = 0;
      state = 'running';
      sync(); draw(); facts.replaceChildren();
      const poolSize = Math.max(1, Math.min(4, win.navigator?.hardwareConcurrency || 2));
      const t0 = performance.now();
      setText(statusText, `0 of ${int(total)} networks on ${poolSize} workers…`);
      let drawnAt = 0;
      current = runSweep(jobs, {
        steps, poolSize, createClient: makeClient,
        onResult: (r, d) => {
          done = d;
          const lg = (/** @type {number | null} */ v) => (v === null ? null : Math.log10(v));
          const slot = r.job.kind === 'depth' ? res.depth[r.job.series] : res.gain[r.job.series];
          const k = (r.job.kind === 'depth' ? SWEEP_DEPTHS : SWEEP_GAINS).indexOf(r.job.x);
          for (const m of /** @type {const} */ (['dW', 'dz'])) { slot.init[m][k] = lg(r.init[m]); slot.after[m][k] = lg(r.after[m]); }
          sync();
          const now = performance.now();
          if (now - drawnAt > 100) { drawnAt = now; draw(); }
          setText(statusText, `${int(done)} of ${int(total)} networks on ${poolSize} workers, ${((now - t0) / 1000).toFixed(1)} s…`);
        },
      });
      try {
        const out = await current.finished;
        ms = out.ms;
        state = out.cancelled ? 'cancelled' : 'done';
        setText(statusText, out.cancelled
          ? `Cancelled after ${int(out.done)} of ${int(out.total)} networks (${(ms / 1000).toFixed(1)} s).`
          : `${int(out.total)} networks in ${(ms / 1000).toFixed(1)} s on ${poolSize} workers (${(ms / out.total).toFixed(0)} ms per network).`);
      } catch (e) {
        state = 'error';
        setText(statusText, `The sweep stopped: ${e instanceof Error ? e.message : e}`);
      }
      current = null;
      cardEl.dataset.sweepMs = String(Math.round(ms));
      sync(); draw(); writeFacts();
    }
    function cancel() { current?.cancel(); }
    draw(); sync();
    return {
      card: cardEl,
      charts: [depthChart, gainChart],
      run,
      cancel,
      running: () => state === 'running',
      summary: () => ({
        state, done, total, ms: state === 'running' ? null : ms, steps, gainDepth,
        activations: actNames,
        depths: [...SWEEP_DEPTHS], gains: [...SWEEP_GAINS],
        /** log10 of the ratios; perLayer: the fitted factor per layer at initialisation */
        depth: res.depth.map((r) => ({ init: structuredClone(r.init), after: structuredClone(r.after), perLayer: { dW: perLayerFactor([...SWEEP_DEPTHS], r.init.dW)?.factor ?? null, dz: perLayerFactor([...SWEEP_DEPTHS], r.init.dz)?.factor ?? null } })),
        gain: res.gain.map((r) => ({ init: structuredClone(r.init), after: structuredClone(r.after) })),
      }),
    };
  }

  start();

  return {
    /** Trains every network in lock-step rounds until pause() or the step limit. */
    play,
    /** Stops after the current round. */
    pause,
    /** n more steps for every network (in rounds of `speed`); resolves when all are done. */
    step,
    /** Every network back to step 0 (same weights, same batches). */
    reset,
    /** The summary table's data (plain JSON; see docs/comparison.md). */
    figures,
    /**
     * @param {ComparisonEvent} event @param {(payload: any) => void} cb
     * @returns {() => void} unsubscribe
     */
    on(event, cb) {
      if (!listeners[event]) throw new Error(`on: event must be one of ${Object.keys(listeners).join(', ')}, got ${JSON.stringify(event)}`);
      listeners[event].add(cb);
      return () => { listeners[event].delete(cb); };
    },
    /** Resolves when every network is open and timed (rejects if one cannot open). */
    ready: () => readyPromise,
    /** @param {'light' | 'dark' | 'auto'} t */
    setTheme,
    /** Runs the sweeps (the 'sweep' view); resolves when done or cancelled. */
    sweep: () => sweepUi?.run() ?? Promise.resolve(),
    /** Cancels a running sweep. */
    cancelSweep: () => sweepUi?.cancel(),
    /** Measures the time per step again, on temporary workers (the comparison pauses). */
    measureAgain,
    /** The element the comparison draws into. */
    get element() { return host; },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      wanted = false;
      sweepUi?.cancel();
      for (const c of cleanups.splice(0)) c();
      for (const c of clients) c.dispose();
      for (const c of charts) c.destroy();
      scheduler.destroy();
      for (const l of Object.values(listeners)) l.clear();
      host.remove();
      style.remove();
      readyReject(new Error('the comparison was destroyed'));
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
