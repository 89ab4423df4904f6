// @ts-check
// The comparison's controller: one engine client per network, the job queue (one job at a
// time: rounds, step(n), reset, measurements), the events, and the one state object. It
// trains in lock-step: every round asks each worker for k steps and waits for all of them,
// so "step 200" means the same for every network and the same set-up gives the same
// figures. It draws nothing: it tells its view (`ui`) what changed.
// This file is not: the views (comparison.js and the files it names), the bookkeeping of
// frames (figures.js), the time measurement (timing.js) or the words (words.js).
import { compareWeights } from '../state/compare-setup.js';
import { int } from '../ui/format.js';
import { createTracker, networkFigures } from './figures.js';
import { verdictOf, summarySentences } from './words.js';
import { createEvents } from './events.js';
import { measureTimes } from './timing.js';
import { createRounds } from './rounds.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */
/** @typedef {import('./figures.js').NetworkFigures} NetworkFigures */
/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/client.js').EngineClient} EngineClient */
/** @typedef {'loading' | 'timing' | 'ready' | 'running' | 'finished' | 'error'} Phase */
/**
 * What the controller tells its view.
 * @typedef {{
 *   phase: (p: Phase, text?: string) => void, transport: () => void, status: (text: string) => void,
 *   refresh: (words: boolean) => void, say: (text: string, kind?: 'error' | 'warn' | 'info', key?: string) => void,
 *   unsay: (key: string) => void, note: (info: any) => void, mark: (name: string, value: number) => void,
 *   sweepRunning: () => boolean, sweepSummary: () => any,
 * }} ComparisonUi
 */

/** Initial parameters are compared only for networks up to this size. */
const MAX_COMPARED_PARAMETERS = 200000;

/**
 * @param {ReturnType<typeof import('../state/compare-setup.js').checkOptions>} setup
 * @param {Variant[]} variants @param {number} baseline
 * @param {() => EngineClient} makeClient
 */
export function createController(setup, variants, baseline, makeClient) {
  const N = variants.length;
  const events = createEvents();
  const tracker = createTracker(N, { target: setup.target });
  const clients = variants.map(() => makeClient());
  /** The comparison's whole mutable state. */
  const state = {
    /** @type {Phase} */ phase: 'loading',
    step: 0, wanted: !!setup.autoplay, looping: false, destroyed: false, finished: false,
    /** @type {{ identical: boolean, sharedLayers: number, layers: number } | null} */ sameness: null,
    /** @type {{ name: string, task: string, trainRows: number, testRows: number } | null} */ dataInfo: null,
    /** @type {Promise<void>} the job queue's tail */ chain: Promise.resolve(),
    /** @type {'light' | 'dark' | 'auto'} */ theme: setup.theme,
  };
  /** @type {ComparisonUi | null} */ let ui = null;
  const view = () => /** @type {ComparisonUi} */ (ui);
  /** @type {(() => void)[]} */ const cleanups = [];
  /** Runs one job at a time (rounds, step(n), reset, sweeps' pause). @param {() => Promise<void>} job */
  const exclusive = (job) => { const p = state.chain.then(job); state.chain = p.catch(() => {}); return p; };
  const ready = deferred();
  ready.promise.catch(() => {});

  for (const [i, c] of clients.entries()) {
    cleanups.push(c.onError((/** @type {Error} */ err) => {
      state.wanted = false;
      view().say(`${variants[i].label}: ${err.message}. Press Reset to start again.`, 'error', `crash-${i}`);
    }));
  }

  /** @param {Phase} p @param {string} [text] */
  function setPhase(p, text) { state.phase = p; view().phase(p, text); }

  /**
   * Opens every network (with its own configuration, or a variant of it); a refusal names
   * the network. @param {(config: any) => any} [cfg] @param {EngineClient[]} [cs]
   */
  function openAll(cfg = (c) => c, cs = clients) {
    return Promise.all(cs.map((c, i) => c.open(variants[i].network, cfg(variants[i].config)).catch((/** @type {Error} */ e) => {
      throw new Error(`${variants[i].label}: ${e.message}`);
    })));
  }

  /** Measures the time per step on `cs` into the tracker. @param {EngineClient[]} cs */
  async function timeSteps(cs) {
    const t0 = performance.now();
    const q = await measureTimes(cs, variants, { open: openAll, alive: () => !state.destroyed, status: (t) => view().status(t) });
    if (!q) return;
    q.forEach((x, i) => tracker.setBench(i, x.median, x.lo, x.hi));
    view().mark('timingMs', Math.round(performance.now() - t0));
  }

  /** Bring-up: time the steps, open every network, compare the initial weights. @param {ComparisonUi} u */
  async function start(u) {
    ui = u;
    setPhase('loading', 'loading the engine…');
    const t0 = performance.now();
    try {
      if (setup.timing) { setPhase('timing', 'measuring the time per step…'); await timeSteps(clients); }
      if (state.destroyed) return;
      const infos = await openAll();
      if (state.destroyed) return;
      const d = infos[0].data;
      state.dataInfo = { name: d.name, task: d.task, trainRows: d.train_rows, testRows: d.test_rows };
      if (Math.max(...infos.map((x) => x.parameters)) <= MAX_COMPARED_PARAMETERS) {
        state.sameness = compareWeights(await Promise.all(clients.map((c) => c.request('export'))));
      }
      if (state.destroyed) return;
      view().note(infos[0]);
      view().mark('startMs', Math.round(performance.now() - t0));
      setPhase('ready', 'ready');
      view().refresh(true);
      ready.resolve(undefined);
      events.emit('ready', { networks: N, labels: variants.map((v) => v.label), sameWeights: state.sameness });
      if (state.wanted) play();
    } catch (e) {
      if (state.destroyed) return;
      const err = e instanceof Error ? e : new Error(String(e));
      setPhase('error', 'could not start');
      view().say(err.message, 'error', 'open');
      ready.reject(err);
      events.emit('error', { message: err.message });
    }
  }

  /** Measures the time per step again on temporary workers (the networks keep their state). */
  async function measureAgain() {
    await ready.promise;
    if (view().sweepRunning()) { view().say('Measure again when the sweep is done: its workers would share the processor with the measurement.', 'info', 'measure'); return; }
    state.wanted = false;
    view().transport();
    await exclusive(async () => {
      const temp = variants.map(() => makeClient());
      const before = state.phase;
      setPhase('timing', 'measuring the time per step…');
      try { await timeSteps(temp); } finally {
        for (const c of temp) c.dispose();
        if (!state.destroyed) setPhase(before === 'finished' ? 'finished' : 'ready', before === 'finished' ? `finished at step ${int(state.step)}` : `paused at step ${int(state.step)}`);
      }
      view().refresh(true);
    });
  }

  const figuresCore = () => coreFigures(setup, state, tracker, variants, baseline);
  /** The summary table's data, the sentences and the sweep's results (plain JSON). */
  const figures = () => {
    const core = figuresCore();
    return structuredClone({
      ...core, state: state.phase, vary: setup.vary, steps: setup.steps, speed: setup.speed,
      sameWeights: state.sameness, sentences: summarySentences(core), sweep: ui ? ui.sweepSummary() : null,
    });
  };

  const { play, pause, step } = createRounds({ state, setup, variants, clients, tracker, events, view, exclusive, ready: ready.promise, setPhase, figures });

  async function reset() {
    state.wanted = false;
    if (state.phase === 'error' && !clients.every((c) => c.alive)) { /* a crashed worker: restart below */ } else await ready.promise;
    await exclusive(async () => {
      await Promise.all(clients.map((c) => (c.alive ? c.reset() : c.restart().then(() => c.setStats(true)))));
      tracker.reset();
      state.step = 0;
      state.finished = false;
      for (let i = 0; i < N; ++i) view().unsay(`diverged-${i}`);
      setPhase('ready', 'back at step 0');
      view().refresh(true);
    });
  }

  return {
    state, tracker, events, start, play, pause, step, reset, measureAgain, figures, figuresCore,
    /** Resolves when the job running now (a round) is over. */
    idle: () => state.chain,
    /** Resolves when every network is open and timed (rejects if one cannot open). */
    ready: () => ready.promise,
    destroy() {
      if (state.destroyed) return;
      state.destroyed = true;
      state.wanted = false;
      for (const c of cleanups.splice(0)) c();
      for (const c of clients) c.dispose();
      events.clear();
      ready.reject(new Error('the comparison was destroyed'));
    },
  };
}

/** A promise and its resolvers. */
function deferred() {
  /** @type {(v: any) => void} */ let resolve = () => {};
  /** @type {(e: Error) => void} */ let reject = () => {};
  const promise = new Promise((ok, bad) => { resolve = ok; reject = bad; });
  return { promise, resolve, reject };
}

/** @typedef {ReturnType<typeof createController>} Controller */

/**
 * The figures of every network now, with their verdicts.
 * @param {{ target: number, vary: any }} setup @param {{ step: number, dataInfo: any }} state
 * @param {import('./figures.js').Tracker} tracker @param {Variant[]} variants @param {number} baseline
 */
function coreFigures(setup, state, tracker, variants, baseline) {
  const nets = /** @type {NetworkFigures[]} */ (networkFigures(tracker, variants, baseline).map((n) => ({ ...n, verdict: '' })));
  const core = { step: state.step, target: setup.target, baseline, vary: setup.vary, data: state.dataInfo, networks: nets };
  for (const n of nets) n.verdict = verdictOf(n, core);
  return core;
}
