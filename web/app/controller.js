// @ts-check
// The playground's controller: it owns the engine client (one worker), the job queue that
// orders every request to it, the crash restart, the step limit and its exact finish, the
// events (ready, step, diverged, unit-died, finished) and ONE state object holding all of
// the playground's mutable state. It keeps the frames' statistics (series, the latest
// statsColumns) and hands each frame to the page (hooks) to draw.
// This file is not: the DOM (page.js and the views) or the state's schema (state/).
import { EngineClient } from '../engine/client.js';
import { int } from '../ui/format.js';
import { layerCount, values } from '../state/columns.js';
import { createSeries } from '../state/series.js';
import { PRESETS, presetById, presetState } from '../state/presets.js';
import { dataShape, lossFor, networkDoc, configDoc } from '../state/network.js';
import { startState } from '../views/links.js';
import { pageDiverged } from '../views/headline.js';
import { withInitialStats } from './initial.js';
import { createOpener } from './open.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/network.js').CsvFile} CsvFile */
/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */

/**
 * What the page does for the controller.
 * @typedef {{
 *   say: (text: string, kind?: 'error' | 'warn' | 'info', key?: string, actions?: Node[]) => HTMLElement,
 *   unsay: (key: string) => void,
 *   syncPlay: () => void,
 *   opened: () => void,
 *   cleared: () => void,
 *   frame: (frame: Frame) => void,
 *   shown: () => void,
 *   diverged: (d: any) => void,
 *   openFailed: (text: string, key: string, fixes: { label: string, state: State }[]) => void,
 *   afterFrame: (frame: Frame) => void,
 *   ready: () => void,
 *   paceOpened: (presetId: string) => void,
 *   paceLimit: (steps: number) => number,
 * }} Hooks
 */

/** The playground's mutable state, in one object. @param {import('./playground.js').PlaygroundOptions} options @param {State} state */
function initialState(options, state) {
  return {
    /** the latest requested state (edits compose on it) */ state,
    /** the state the engine runs @type {State | null} */ committed: /** @type {State | null} */ (null),
    /** @type {CsvFile | null} */ csv: /** @type {CsvFile | null} */ (null),
    /** @type {object | null} */ imported: /** @type {object | null} */ (options.network ?? null),
    /** @type {any} */ info: /** @type {any} */ (null),
    running: false, wantRunning: false,
    limit: options.steps ?? 0, finishing: false, runGen: 0,
    readyFired: false, firstFrameMs: NaN, lastEmit: -Infinity, lastEmitStep: -1,
    lastOpenError: '', initialPending: false,
    /** the last frame drawn */ frame: /** @type {Frame | null} */ (null),
    /** the latest step statistics */ sc: /** @type {StatsColumns | null} */ (null),
    lastDiverged: -1, deadCount: 0, unitCount: 0,
    /** the page's pacing: when the words and the long series were last drawn, whether the reader heard "training" */
    wordsAt: 0, seriesAt: 0, announcedRunning: false,
    /** @type {number[]} */ restarts: /** @type {number[]} */ ([]),
    /** @type {Promise<void>} */ queue: Promise.resolve(),
    /** applyState's coalescing: the latest request's number, whether a queued one must re-open (and stay paused), the latest request's job */
    applySeq: 0, forceOpen: false, noResume: false, /** @type {Promise<void>} */ lastApply: Promise.resolve(),
    /** events before 'ready' @type {[string, any][]} */ early: /** @type {[string, any][]} */ ([]),
  };
}
/** @typedef {ReturnType<typeof initialState>} PlaygroundState */

/**
 * @param {import('./playground.js').PlaygroundOptions} options @param {Window} win
 */
export function createController(options, win) {
  /** @type {{ errors: string[], fixes: { label: string, state: State }[] }} */
  const start = { errors: [], fixes: [] };
  /** @type {State} */ let first;
  if (options.state) first = options.state;
  else if (options.hash && win.location.hash.length > 1) {
    const r = startState(win.location.hash);
    first = r.state;
    start.errors.push(...r.errors);
    start.fixes.push(...r.fixes);
  } else first = presetState(presetById(options.preset ?? 'sigmoid-50') ?? PRESETS[0]);
  const st = initialState(options, first);
  const series = createSeries();
  const t0 = performance.now();
  /** @type {Hooks} */ let ui = /** @type {any} */ (null);
  const client = options.createClient ? options.createClient() : new EngineClient();
  /** @type {(() => void)[]} */ const cleanups = [];

  /** @param {() => Promise<void>} job */
  const enqueue = (job) => { st.queue = st.queue.then(job, job); return st.queue; };
  /** @param {string} type @param {any} detail */
  function emit(type, detail) {
    if (!st.readyFired && type !== 'ready') { st.early.push([type, detail]); return; }  // ready comes first
    try { options.onEvent?.(type, detail); } catch (e) { queueMicrotask(() => { throw e; }); }
    if (type === 'ready') for (const [t, d] of st.early.splice(0)) emit(t, d);
  }
  const shown = () => st.committed ?? st.state;
  /** The loss of the network on screen (an imported network's own). */
  const lossName = () => { const s = shown(); return st.imported ? String(/** @type {any} */ (st.imported).loss) : lossFor(s, dataShape(s, st.csv)); };

  const figures = () => figuresOf(st, series, shown());

  /** Forgets the run (series, latest statistics, step limit): a new network, a reset or a restart. */
  function clearRun() {
    series.clear(); st.sc = null; st.lastDiverged = -1;
    st.limit = options.steps ?? 0;
    ui.cleared();
  }

  /** A step-0 frame completed with the gradients of one training batch. @param {Frame} f @returns {Promise<Frame>} */
  function initial(f) {
    const s = shown();
    return withInitialStats(client, f, { rows: s.batch, loss: lossName(), outputs: Number(st.info?.outputs) || 1 })
      .finally(() => { st.initialPending = false; });
  }

  /** A network was opened (or re-opened after a crash): the views start over, then the step-0 frame. */
  function onOpened() {
    ui.opened();
    // a frame with the state at step 0, with the gradients of one batch (initial.js); 'ready' waits for it
    st.sc = null;
    st.initialPending = true;
    // (outside the job queue: a step the reader asked for meanwhile may already be drawn,
    // and then this older frame is not drawn over it)
    client.step(0).then(initial).then((f) => {
      if (!st.frame || st.frame.steps <= f.steps) onFrame(f);
      else afterFrame(st.frame);  // ('ready' waited for this report)
    }).catch(() => { st.initialPending = false; });
  }

  /** @param {Frame} frame */
  function onFrame(frame) {
    if (!frame || !st.committed) return;
    if (!st.finishing && frame.running !== st.running) { st.running = frame.running; ui.syncPlay(); }
    const sc = frame.statsColumns;
    if (layerCount(sc)) { st.sc = sc; series.add(sc); }
    if (frame.evaluate) series.addEval({ ...frame.evaluate, step: frame.evaluate.step ?? frame.steps });
    ui.frame(frame);
    if (frame.diverged && frame.diverged.step !== st.lastDiverged) {
      st.lastDiverged = frame.diverged.step;
      st.running = false;
      ui.syncPlay();
      ui.diverged(frame.diverged);
      emit('diverged', pageDiverged(frame.diverged, shown().depth));
    }
    afterFrame(frame);
  }

  /** Events and the step limit, once a frame is shown. @param {Frame} frame */
  function afterFrame(frame) {
    st.frame = frame;
    const now = performance.now();
    if (!st.readyFired && !st.initialPending) { st.readyFired = true; st.firstFrameMs = now - t0; ui.ready(); emit('ready', figures()); }
    // at most 4 a second; a paused frame at once (a step or pause), except during the paced
    // steps of finish() (frames there are not running either), whose last frame does go out
    const paused = !frame.running && (!st.finishing || (st.limit > 0 && frame.steps >= st.limit));
    if (frame.steps !== st.lastEmitStep && (now - st.lastEmit >= 250 || paused)) { st.lastEmit = now; st.lastEmitStep = frame.steps; emit('step', figures()); }
    if (st.limit && !st.finishing && frame.running && st.limit - frame.steps <= nearLimit()) finish();
    ui.afterFrame(frame);
  }

  /** Steps before the limit where the free run hands over to finish(): half a second of training. */
  function nearLimit() {
    return Math.max(30 * shown().speed, 0.5 * (st.frame?.stepsPerSecond ?? 0));
  }

  /**
   * Trains to exactly `limit` steps at the requested pace: the free run pauses, then one
   * step(speed) per animation frame until the limit (frames between are sparse when the
   * page is busy, so watching them alone would overshoot). Pause, reset or a new network
   * (runGen) stop it.
   */
  function finish() {
    st.finishing = true;
    const gen = st.runGen;
    enqueue(async () => {
      const target = st.limit;
      if (!target || gen !== st.runGen) return;
      await client.pause();
      st.running = true; ui.syncPlay();
      /** @type {Frame} */ let f = await client.step(0);
      let last = performance.now();
      while (f.steps < target && gen === st.runGen && st.wantRunning && !f.diverged) {
        await new Promise((r) => win.requestAnimationFrame(() => r(null)));
        // the requested speed is steps per 60 Hz frame: keep it when a round takes longer
        const now = performance.now();
        const k = Math.max(1, Math.round(shown().speed * Math.min(10, (now - last) / (1000 / 60))));
        last = now;
        f = await client.step(Math.min(k, target - f.steps));
        onFrame(f);
      }
      st.running = false; ui.syncPlay();
      if (f.steps >= target && gen === st.runGen) { st.limit = 0; st.wantRunning = false; onFrame(f); emit('finished', figures()); }
    }).catch(() => {}).finally(() => { st.finishing = false; st.running = false; ui.syncPlay(); });
  }

  cleanups.push(client.onFrame(onFrame));
  cleanups.push(client.onError((/** @type {Error} */ err) => restartAfter(err, { st, client, enqueue, ui, clearRun, onOpened })));

  const opener = createOpener({ st, client, enqueue, hooks: () => ui, clearRun, onOpened });
  const { applyState } = opener;

  const actions = runActions({ st, client, enqueue, ui: () => ui, nearLimit, finish, onFrame, initial, clearRun, figures, shown });

  return {
    st, series, client, start, enqueue, emit, figures, shown, lossName,
    applyState, edit: opener.edit,
    /** The network and training documents of a state (an imported network as it was given). @param {State} s */
    documents: (s) => ({ network: /** @type {object} */ (st.imported ?? networkDoc(s, dataShape(s, st.csv))), config: configDoc(s, st.csv) }), newSeed: opener.newSeed, loadPreset: opener.loadPreset,
    ...actions,
    /** Connects the page (before the first state is applied). @param {Hooks} hooks */
    attach(hooks) { ui = hooks; },
    /** Opens the first state. */
    begin() { applyState(st.state, { force: true }); },
    destroy() { for (const c of cleanups.splice(0)) c(); client.dispose(); },
  };
}

/** @typedef {ReturnType<typeof createController>} Controller */

/**
 * What the page shows, as numbers (null where there is none yet).
 * @param {PlaygroundState} st @param {import('../state/series.js').Series} series @param {State} s
 */
export function figuresOf(st, series, s) {
  const sc = st.sc, f = st.frame;
  const k = series.evalLength - 1;
  const ev = (/** @type {import('../state/series.js').EvalName} */ n) => (k >= 0 ? series.evaluation(n)[k] : NaN);
  const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const norms = values(sc, s.gradField === 'dz_norm' ? 'dz_norm' : 'dW_norm');
  const a = norms[0] ?? null, b = norms[Math.max(0, norms.length - 2)] ?? null;
  return {
    ready: st.readyFired, step: f?.steps ?? 0, running: st.running, stepsPerSecond: st.running ? num(f?.stepsPerSecond) ?? 0 : 0,
    preset: s.preset, depth: s.depth, activation: s.activations ? 'mixed' : s.activation,
    loss: num(sc?.loss), trainLoss: num(ev('trainLoss')), testLoss: num(ev('testLoss')),
    trainAccuracy: num(ev('trainAcc')), testAccuracy: num(ev('testAcc')),
    gradientField: s.gradField, gradientNorms: norms,
    gradientRatio: a !== null && b ? a / b : null,
    gradNorm: num(sc?.grad_norm), clippedNorm: num(sc?.clipped_norm), clipped: !!sc?.clipped,
    deadUnits: st.deadCount, units: st.unitCount,
    diverged: pageDiverged(f?.diverged, s.depth),
    timeToFirstFrameMs: Number.isFinite(st.firstFrameMs) ? Math.round(st.firstFrameMs) : null,
  };
}

/**
 * A worker that crashed or stopped answering: say so in this instance, replace it and
 * re-open the same settings (client.restart()), then resume if it was training; at most 3
 * times a minute.
 * @param {Error} err
 * @param {{ st: PlaygroundState, client: EngineClient, enqueue: (job: () => Promise<void>) => Promise<void>,
 *   ui: Hooks, clearRun: () => void, onOpened: () => void }} o
 */
function restartAfter(err, o) {
  const { st, client, enqueue, ui, clearRun, onOpened } = o;
  const resume = st.running || st.wantRunning;
  st.running = false;
  ui.syncPlay();
  if (!st.committed) return;  // nothing ever opened: the open's own message says why
  const now = performance.now();
  const lost = client.lastFrame?.steps ?? 0;
  const at = lost > 0 ? ` at step ${int(lost)}` : '';
  while (st.restarts.length && now - st.restarts[0] > 60000) st.restarts.shift();
  if (st.restarts.length >= 3) {
    ui.say(`The training engine on this page stopped${at} (${err.message}); that is ${st.restarts.length + 1} times in a minute, so it is not restarted again. The charts show the run as it was; reload the page to train again.`, 'error', 'crash');
    return;
  }
  st.restarts.push(now);
  const msg = ui.say(`The training engine on this page stopped${at} (${err.message}). Restarting it with your settings…`, 'error', 'crash');
  msg.dataset.role = 'worker-crash';
  ++st.runGen;
  enqueue(async () => {
    await client.restart();
    clearRun();
    onOpened();
    if (resume) { st.wantRunning = true; await client.play(); st.running = true; }
    ui.syncPlay();
    const p = msg.querySelector('p');
    if (p) p.textContent = `The training engine on this page stopped${at} (${err.message}) and was restarted with your settings: the run starts again from step 0${lost > 0 ? `, and the charts were cleared` : ''}${resume ? '; training goes on' : '; press Play to train'}.`;
    msg.dataset.restarted = 'true';
  }).catch((/** @type {any} */ e) => ui.say(`Restart failed: ${e instanceof Error ? e.message : e}`, 'error', 'crash'));
}

/**
 * Play, pause, step, reset: the API's promises and the buttons' actions, all through the
 * job queue.
 * @param {{ st: PlaygroundState, client: EngineClient, enqueue: (job: () => Promise<void>) => Promise<void>, ui: () => Hooks,
 *   nearLimit: () => number, finish: () => void, onFrame: (f: Frame) => void, initial: (f: Frame) => Promise<Frame>,
 *   clearRun: () => void, figures: () => ReturnType<typeof figuresOf>, shown: () => State }} o
 */
function runActions(o) {
  const { st, client, enqueue, nearLimit, finish, onFrame, initial, clearRun, figures, shown } = o;
  /** Starts training; resolves when the worker runs. */
  function play() {
    st.wantRunning = true;
    return enqueue(async () => {
      if (!st.committed || st.running) return;
      if (st.lastDiverged >= 0 && st.sc?.diverged) throw new Error('play: the network diverged; reset it first');
      if (st.limit && st.limit - (st.frame?.steps ?? 0) <= nearLimit()) { finish(); return; }
      await client.play(); st.running = true; o.ui().syncPlay();
    });
  }
  /** Stops the free run (inside a queued job). */
  async function halt() {
    await client.pause();
    st.running = false;
    st.wantRunning = false;
    o.ui().syncPlay();
  }
  /** Stops the free run and shows the step it stopped at (the worker's last slice may have
   *  gone on past the last frame drawn). */
  async function haltShown() {
    await halt();
    onFrame(await client.step(0));
  }
  /** Pauses training; resolves when the worker has paused and its last step is shown. */
  function pause() {
    st.wantRunning = false;
    ++st.runGen;
    return enqueue(async () => { if (st.committed) await haltShown(); });
  }
  /** Runs n more steps (pausing first), resolves with the figures after them. @param {number} [n] */
  function step(n = 1) {
    if (!Number.isInteger(n) || n < 0 || n > 1000000) return Promise.reject(new RangeError(`step(n): n must be an integer in 0..1000000, got ${n}`));
    ++st.runGen;
    return enqueue(async () => {
      if (!st.committed) return;
      if (st.running) await halt();
      onFrame(await client.step(n));
    }).then(figures);
  }
  /** Back to step 0 with the same seed; resolves with the figures. */
  function reset() {
    ++st.runGen;
    return enqueue(async () => {
      if (!st.committed) return;
      const f = await initial(await client.reset());
      clearRun();
      o.ui().unsay('diverged');
      o.ui().paceOpened(shown().preset);
      onFrame(f);
    }).then(figures);
  }
  /** Play or pause, as the button and Space do (a diverged run says why it does not play). */
  function togglePlay() {
    if (!st.committed) return;
    st.wantRunning = !st.running;
    if (!st.wantRunning) ++st.runGen;
    enqueue(async () => {
      if (st.wantRunning) {
        if (st.lastDiverged >= 0 && st.sc?.diverged) { o.ui().say('The run diverged: reset it or change a setting first.', 'warn', 'diverged-play'); st.wantRunning = false; return; }
        if (!st.limit) st.limit = o.ui().paceLimit(st.frame?.steps ?? 0);
        if (st.limit && st.limit - (st.frame?.steps ?? 0) <= nearLimit()) { finish(); return; }
        await client.play(); st.running = true;
        o.ui().syncPlay();
      } else await haltShown();
    }).catch(() => {});
  }
  /** One step, as the button and `s` do. */
  function stepOnce() {
    if (!st.committed) return;
    ++st.runGen;
    enqueue(async () => { if (st.running) await halt(); onFrame(await client.step(1)); }).catch(() => {});
  }

  return { play, pause, step, reset, togglePlay, stepOnce };
}

