// @ts-check
// The sweeps' view: N (steps after initialisation), Run and Cancel, the progress, the two
// charts (against depth, against the initial gain) and what they measured in words. One
// series per compared activation, or per compared remedy (the base activation with each
// remedy), else the base network's activation alone.
// This file is not: running the sweeps (sweep.js) or their bookkeeping (sweep-results.js).
import { h, setText } from '../ui/dom.js';
import { int } from '../ui/format.js';
import { createSweepChart } from '../charts/sweepplot.js';
import { variantOf, labelOf, hiddenLayers } from '../state/compare-setup.js';
import { sweepJobs, runSweep, SWEEP_DEPTHS, SWEEP_GAINS, MAX_GAIN_DEPTH } from './sweep.js';
import { blankResults, record, curves, sweepFacts, resultsSummary } from './sweep-results.js';
import { card } from './card.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */
/** @typedef {import('../engine/client.js').EngineClient} EngineClient */

/**
 * What the sweeps run on: the series, the networks and where the compared network sits.
 * @param {{ vary: string, network: any, config: any }} setup @param {Variant[]} variants
 */
function sweepPlan(setup, variants) {
  const byRemedy = setup.vary === 'remedy';
  const acts = setup.vary === 'activation' ? variants.map((v) => v.value) : [setup.network.layers[0].activation];
  const names = setup.vary === 'activation' || byRemedy ? variants.map((v) => v.label) : [labelOf('activation', acts[0]).label];
  const baseDepth = hiddenLayers(setup.network);
  const gainDepth = Math.min(MAX_GAIN_DEPTH, baseDepth);
  const w0 = setup.network.init?.weights;
  const initName = typeof w0 === 'string' ? w0 : w0?.name ?? 'glorot_uniform';
  const baseGain = typeof w0 === 'object' && w0 ? (w0.gain ?? w0.std ?? w0.b ?? null) : null;
  /** The sweep's networks (each remedy applied to every network of the base's sweep). */
  const jobs = () => {
    const base = sweepJobs({ network: setup.network, config: setup.config, activations: acts, depths: SWEEP_DEPTHS, gains: SWEEP_GAINS, gainDepth });
    if (!byRemedy) return base;
    const rank = (/** @type {import('./sweep.js').SweepJob} */ j) => (j.kind === 'depth' ? 0 : 1);
    return variants.flatMap((v, series) => base.map((j) => ({ ...j, series, network: variantOf(j.network, j.config, 'remedy', v.value).network })))
      .sort((a, b) => rank(a) - rank(b) || a.x - b.x || a.series - b.series);
  };
  const noun = byRemedy ? (names.length === 1 ? 'remedy' : 'remedies') : `activation${names.length === 1 ? '' : 's'}`;
  return { names, noun, jobs, baseDepth, gainDepth, initName, gainMark: baseGain ?? (/^(he|kaiming)_/.test(initName) ? Math.SQRT2 : 1) };
}

/**
 * @param {import('../charts/base.js').Scheduler} scheduler
 * @param {{ vary: string, network: any, config: any }} setup @param {Variant[]} variants
 * @param {{ win: Window, sweepSteps?: number, createClient: () => EngineClient,
 *   before: () => Promise<void>, alive: () => boolean, changed?: () => void }} o before: pauses
 *   the comparison and waits for its round to end; changed: a sweep started or ended
 */
export function createSweepView(scheduler, setup, variants, o) {
  const plan = sweepPlan(setup, variants);
  const { names, gainDepth } = plan;
  const stepsIn = /** @type {HTMLInputElement} */ (h('input', { type: 'number', min: 1, max: 1000, step: 1, value: String(o.sweepSteps ?? 20), 'aria-label': 'Steps after initialisation (N)' }));
  const measureSel = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Gradient measure of the sweeps' },
    h('option', { value: 'dz' }, '‖∂L/∂z‖ (backpropagated signal)'), h('option', { value: 'dW' }, '‖∂L/∂W‖ (weight gradient)')));
  measureSel.addEventListener('change', () => { draw(); writeFacts(); });
  const runBtn = /** @type {HTMLButtonElement} */ (h('button.gs-btn.gs-primary', { type: 'button', 'data-role': 'sweep-run', onclick: () => { run(); } }, 'Run sweep'));
  const cancelBtn = /** @type {HTMLButtonElement} */ (h('button.gs-btn', { type: 'button', 'data-role': 'sweep-cancel', disabled: true, onclick: () => cancel() }, 'Cancel'));
  const bar = /** @type {HTMLProgressElement} */ (h('progress.gc-progress', { max: 1, value: 0, 'aria-label': 'Sweep progress' }));
  const statusText = h('span.gc-sweepstatus', { 'data-role': 'sweep-status', 'aria-live': 'polite' }, '');
  const depthChart = createSweepChart(scheduler, { label: 'First-to-last gradient ratio against depth, log scale', xLabel: 'hidden layers (depth)' });
  const gainChart = createSweepChart(scheduler, { label: 'First-to-last gradient ratio against initial gain, log scale', xLabel: `gain of ${labelOf('init', plan.initName).label} (log scale)`, xLog: true });
  const facts = h('ul.gc-sentences', { 'data-role': 'sweep-facts' });
  const count = names.length * (SWEEP_DEPTHS.length + SWEEP_GAINS.length);
  setText(statusText, `${int(count)} networks: ${names.length} ${plan.noun} × (${SWEEP_DEPTHS.length} depths from 1 to 100 + ${SWEEP_GAINS.length} gains at depth ${gainDepth}).`);
  const el = card('sweep', setup.vary, {
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
  /** The sweep's state. */
  const s = {
    /** @type {'idle' | 'running' | 'done' | 'cancelled' | 'error'} */ state: 'idle',
    /** @type {ReturnType<typeof runSweep> | null} */ current: null,
    done: 0, total: count, ms: 0, steps: Number(stepsIn.value) || 20, results: blankResults(names.length),
  };
  const measure = () => /** @type {'dW' | 'dz'} */ (measureSel.value === 'dW' ? 'dW' : 'dz');
  const symbol = () => (measure() === 'dW' ? '‖∂L/∂W‖' : '‖∂L/∂z‖');

  function draw() {
    const m = measure();
    const after = `after ${s.steps} step${s.steps === 1 ? '' : 's'}`;
    const yLabel = `layer 1 ÷ last hidden, ${symbol()}`;
    depthChart.set(curves(s.results.depth, names, SWEEP_DEPTHS, m), [...SWEEP_DEPTHS], after, { yLabel, marker: plan.baseDepth <= 100 ? plan.baseDepth : null });
    gainChart.set(curves(s.results.gain, names, SWEEP_GAINS, m), [...SWEEP_GAINS], after, { yLabel, marker: plan.gainMark >= 0.25 && plan.gainMark <= 4 ? plan.gainMark : null });
  }
  function writeFacts() {
    facts.replaceChildren(...sweepFacts(s.results, names, measure(), { symbol: symbol(), gainDepth, steps: s.steps }).map((t) => h('li', null, t)));
  }
  function sync() {
    el.dataset.sweepState = s.state;
    el.dataset.sweepDone = String(s.done);
    el.dataset.sweepTotal = String(s.total);
    runBtn.disabled = s.state === 'running';
    cancelBtn.disabled = s.state !== 'running';
    bar.max = Math.max(1, s.total);
    bar.value = s.done;
  }
  /** Reads N; says what is wrong with it. @returns {number | null} */
  function readSteps() {
    const n = Math.round(Number(stepsIn.value));
    if (!(n >= 1 && n <= 1000)) { stepsIn.setAttribute('aria-invalid', 'true'); setText(statusText, `N (steps after initialisation): must be an integer in 1..1000, got "${stepsIn.value.slice(0, 20)}"`); return null; }
    stepsIn.removeAttribute('aria-invalid');
    return n;
  }
  async function run() {
    if (s.state === 'running' || !o.alive()) return;
    const n = readSteps();
    if (n === null) return;
    s.steps = n;
    await o.before();
    const jobs = plan.jobs();
    Object.assign(s, { results: blankResults(names.length), done: 0, total: jobs.length, ms: 0, state: 'running' });
    sync(); draw(); facts.replaceChildren();
    o.changed?.();
    const poolSize = Math.max(1, Math.min(4, o.win.navigator?.hardwareConcurrency || 2));
    const t0 = performance.now();
    setText(statusText, `0 of ${int(s.total)} networks on ${poolSize} workers…`);
    let drawnAt = 0;
    s.current = runSweep(jobs, {
      steps: s.steps, poolSize, createClient: o.createClient,
      onResult: (r, d) => {
        s.done = d;
        record(s.results, r);
        sync();
        const now = performance.now();
        if (now - drawnAt > 100) { drawnAt = now; draw(); }
        setText(statusText, `${int(s.done)} of ${int(s.total)} networks on ${poolSize} workers, ${((now - t0) / 1000).toFixed(1)} s…`);
      },
    });
    try {
      const out = await s.current.finished;
      s.ms = out.ms;
      s.state = out.cancelled ? 'cancelled' : 'done';
      setText(statusText, out.cancelled
        ? `Cancelled after ${int(out.done)} of ${int(out.total)} networks (${(s.ms / 1000).toFixed(1)} s).`
        : `${int(out.total)} networks in ${(s.ms / 1000).toFixed(1)} s on ${poolSize} workers (${(s.ms / out.total).toFixed(0)} ms per network).`);
    } catch (e) {
      s.state = 'error';
      setText(statusText, `The sweep stopped: ${e instanceof Error ? e.message : e}`);
    }
    s.current = null;
    el.dataset.sweepMs = String(Math.round(s.ms));
    sync(); draw(); writeFacts();
    o.changed?.();
  }
  function cancel() { s.current?.cancel(); }
  draw(); sync();
  return {
    el,
    charts: [depthChart, gainChart],
    run,
    cancel,
    running: () => s.state === 'running',
    summary: () => {
      const r = resultsSummary(s.results);
      return {
        state: s.state, done: s.done, total: s.total, ms: s.state === 'running' ? null : s.ms, steps: s.steps, gainDepth,
        activations: names, depths: r.depths, gains: r.gains, depth: r.depth, gain: r.gain,
      };
    },
    destroy() { cancel(); depthChart.destroy(); gainChart.destroy(); },
  };
}
