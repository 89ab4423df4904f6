// @ts-check
// The product experiment's card: N, the reader's threshold, resample; many trials run in
// plain JavaScript (state/product.js), drawn as histograms (charts/product.js), with the
// share above the threshold (measured and exact) and words generated from the numbers.
// build() returns the tools and body for card('product'); the figures are on the card's
// data attributes for tests and readers of the DOM.
import { h, setText } from '../ui/dom.js';
import { sci, int } from '../ui/format.js';
import { createProductChart } from '../charts/product.js';
import { trialRunner, uniformProductTail, shareAbove, quantile, histogram } from '../state/product.js';
import { productWords, share1, thresholdText } from './explain.js';
import { setWords } from './card.js';

/** Trials per distribution: the share's standard error is at most 0.8 percentage points (0.5 near 10%). */
export const TRIALS = 4000;
/** Milliseconds of trials per animation frame, so the page stays responsive while they run. */
const SLICE_MS = 8;

/**
 * @param {import('../charts/base.js').Scheduler} scheduler
 * @param {{ pngButton: (canvases: () => (HTMLCanvasElement | null)[]) => Node }} o
 */
export function createProductView(scheduler, o) {
  const chart = createProductChart(scheduler);
  const nIn = /** @type {HTMLInputElement} */ (h('input', { type: 'range', min: 1, max: 200, value: 50, name: 'productN', 'aria-label': 'Number of factors N' }));
  const nOut = h('output', null, '50');
  const tIn = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: -300, max: 0, step: 'any', value: -18, name: 'productThreshold', 'aria-label': 'Threshold: its power of ten (−18 means 1e-18, −18.5 means 3.2e-19)' }));
  const tErr = h('span.gs-field-error', { role: 'status' });
  let seed = 1;
  const figures = h('div.gs-figures', { 'data-role': 'product-figures' });
  const tools = [
    h('label.gs-field-inline', null, 'N', nIn, nOut),
    h('label.gs-field-inline', null, 'threshold 10^', tIn), tErr,
    h('button.gs-mini', { type: 'button', 'data-action': 'product-resample', onclick: () => { seed += 1; run(); } }, 'resample'),
    o.pngButton(() => [chart.canvas]),
  ];
  /** @type {Element | null} */ let cardEl = null;
  let raf = 0;
  const win = nIn.ownerDocument.defaultView ?? window;
  const schedule = () => { if (!raf) raf = win.requestAnimationFrame(() => { raf = 0; run(); }); };
  nIn.addEventListener('input', () => { setText(nOut, nIn.value); schedule(); });
  tIn.addEventListener('input', schedule);
  tIn.addEventListener('change', schedule);

  /** The threshold's exponent, or null with a message. */
  function threshold() {
    const v = Number(tIn.value);
    if (tIn.value.trim() === '' || !Number.isFinite(v) || v < -300 || v > 0) {
      setText(tErr, `threshold: its power of ten must be a number in −300..0 (1e-300 to 1), got "${tIn.value.slice(0, 12)}"; using −18`);
      return -18;
    }
    setText(tErr, '');
    return v;
  }

  /** @type {{ n: number, t: number, seed: number, u: ReturnType<typeof trialRunner>, g: ReturnType<typeof trialRunner> } | null} */ let job = null;
  let slice = 0;
  /** Starts the trials for the current N and seed (a new request replaces an unfinished one). */
  function run() {
    const n = Number(nIn.value), t = threshold();
    if (job && job.n === n && job.seed === seed && job.u.done && job.g.done) { job.t = t; show(); return; }
    job = { n, t, seed, u: trialRunner({ factors: 'uniform', n, trials: TRIALS, seed }), g: trialRunner({ factors: 'sigmoid', n, trials: TRIALS, seed: seed + 1000003 }) };
    figures.dataset.pending = 'true';
    if (!slice) slice = win.requestAnimationFrame(work);
  }
  function work() {
    slice = 0;
    if (!job) return;
    const until = performance.now() + SLICE_MS;
    while (performance.now() < until && !(job.u.done && job.g.done)) { job.u.run(50); job.g.run(50); }
    if (job.u.done && job.g.done) show(); else slice = win.requestAnimationFrame(work);
  }
  /** Draws the finished trials and writes their words. */
  function show() {
    if (!job) return;
    const { n, t } = job, u = job.u.log10, g = job.g.log10;
    const bound = n * Math.log10(0.25);
    const share = shareAbove(u, t), exact = uniformProductTail(n, t);
    const med = quantile(u, 0.5), gMed = quantile(g, 0.5);
    let gMax = -Infinity, lo = Infinity, hi = -Infinity;
    for (const v of g) { if (v > gMax) gMax = v; if (v < lo) lo = v; }
    for (const v of u) { if (v < lo) lo = v; if (v > hi) hi = v; }
    lo = Math.floor(Math.min(lo, bound, t) - 1);
    hi = Math.ceil(Math.max(hi, t, bound) + 1);
    hi = Math.min(0, Math.max(hi, lo + 4));
    const bins = Math.min(120, Math.max(30, Math.round((hi - lo) * 2)));
    chart.set({ n, lo, hi, uniform: histogram(u, lo, hi, bins), sigmoid: histogram(g, lo, hi, bins), threshold: t, bound, shareAbove: share });
    const words = productWords({ n, trials: TRIALS, log10Threshold: t, shareAbove: share, exactAbove: exact, medianLog10: med, sigmoidMaxLog10: gMax, sigmoidMedianLog10: gMed });
    if (cardEl) setWords(cardEl, words);
    figures.replaceChildren(
      h('span', null, `above ${thresholdText(t)}: `, h('b', { 'data-role': 'product-share' }, share1(share)), ` of ${int(TRIALS)} (exact ${share1(exact)})`),
      h('span', null, 'uniform median ', h('b', null, sci(10 ** med))),
      h('span', null, 'sigmoid′ median ', h('b', null, sci(10 ** gMed))),
      h('span', null, `0.25^${n}: `, h('b', null, sci(0.25 ** n))));
    Object.assign(/** @type {HTMLElement} */ (figures).dataset, { n: String(n), threshold: String(t), share: String(share), exact: String(exact), sigmoidMax: String(gMax), bound: String(bound), trials: String(TRIALS), seed: String(seed), pending: 'false' });
  }

  return {
    tools, body: [figures, chart.el], chart,
    /** Attaches the card (for its words) and runs the first experiment. @param {Element} el */
    start(el) { cardEl = el; run(); },
    destroy() { if (raf) win.cancelAnimationFrame(raf); if (slice) win.cancelAnimationFrame(slice); job = null; chart.destroy(); },
  };
}
