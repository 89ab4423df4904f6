// @ts-check
// The worker's request handlers: one function per request type of REQUESTS (protocol.js)
// but 'init', each given the runtime, the request's arguments and its id, returning the
// reply ({ result, transfer }) or null when the reply comes later (a `step` runs in
// slices; an `open` that needs the digits waits for them). A handler that throws is
// answered with the error's message (protocol.js _dispatch).
// This file is not: the message loop (protocol.js), training (training.js) or frames (frames.js).

import { asksForDigits } from './digits.js';
import { columnsFromStats } from './stats-columns.js';
import { DEFAULT_GRID, MAX_STEP_REQUEST, MAX_STEPS_PER_FRAME, intIn } from './limits.js';
import { gridOf } from './frames.js';

/** @typedef {import('./protocol.js').WorkerRuntime} WorkerRuntime */
/** @typedef {import('./gradscope').GradscopeModule} GradscopeModule */
/** @typedef {{ result: any, transfer?: Transferable[] } | null} Reply */
/** @typedef {(rt: WorkerRuntime, args: any, id: number) => Reply} Handler */

/** @param {any} result @param {Transferable[]} [transfer] @returns {Reply} */
const reply = (result, transfer) => (transfer ? { result, transfer } : { result });

/** Requests on the worker's own state (no session needed). @type {Readonly<Record<string, Handler>>} */
const WORKER = Object.freeze({
  ping: (rt) => reply({ steps: rt.session ? rt.session.steps : 0 }),
  open(rt, args, id) {
    const api = rt.api;
    if (asksForDigits(args.config) && !api.hasDigits() && rt.canLoadDigits) {
      rt.openWithDigits(args, id);
      return null;  // answered when the digits are in
    }
    return reply(rt.open(args.network, args.config));
  },
  setSpeed(rt, args) {
    rt.stepsPerFrame = intIn(args.stepsPerFrame, 'stepsPerFrame', 1, MAX_STEPS_PER_FRAME);
    rt.pace.clamp(rt.stepsPerFrame);
    return reply({ stepsPerFrame: rt.stepsPerFrame });
  },
  setView(rt, args) {
    const r = rt.frames.setView(args);
    rt.pull.dirty = true;
    return reply(r);
  },
});

/** Training and state changes of the open session. @type {Readonly<Record<string, Handler>>} */
const TRAINING = Object.freeze({
  play(rt) {
    const s = rt.need();
    if (s.diverged) {
      const d = s.stats().diverged;
      throw new Error(`play: the network diverged${d ? ` at step ${d.step} (${d.message})` : ''}; reset to train again`);
    }
    if (!rt.running) {
      rt.running = true;
      rt.pace.start();
      rt.pull.dirty = true;
    }
    return reply({ running: true });
  },
  pause(rt) {
    rt.need();
    if (rt.running) rt.pull.dirty = true;
    rt.running = false;
    rt.stopTimer();
    return reply({ running: false });
  },
  step(rt, args, id) {
    rt.need();
    const n = intIn(args.n ?? 1, 'step: n', 0, MAX_STEP_REQUEST);
    if (n === 0) return rt.frameReply(true);  // "the current state, in full"
    rt.jobs.push({ id, remaining: n });
    return null;
  },
  reset(rt) {
    const s = rt.need();
    rt.finishJobs();
    s.reset();
    rt.afterChange();
    return rt.frameReply(true);
  },
  setLr(rt, args) {
    const s = rt.need();
    if (typeof args.lr !== 'number') throw new Error(`lr: must be a number, got ${JSON.stringify(args.lr)}`);
    s.setLr(args.lr);
    rt.pull.dirty = true;
    return reply({ lr: args.lr });
  },
  setStats(rt, args) {
    rt.need().setStats(!!args.on);
    rt.pull.dirty = true;
    return reply({ on: !!args.on });
  },
  import(rt, args) {
    const s = rt.need();
    rt.finishJobs();
    s.importNetwork(args.network);
    rt.afterChange();
    return rt.frameReply(true);
  },
});

/** Questions to the open session (no change). @type {Readonly<Record<string, Handler>>} */
const QUESTIONS = Object.freeze({
  export: (rt) => reply(rt.need().exportNetwork()),
  exportTorch: (rt) => reply(rt.need().exportTorch()),
  probe: (rt) => reply(rt.need().probe()),
  evaluate: (rt) => reply(rt.need().evaluate()),
  stats: (rt) => reply(rt.need().stats()),
  statsColumns(rt) {
    const sc = rt.need().statsColumns();
    return reply(sc, [sc.columns.units.buffer]);
  },
  info: (rt) => reply(rt.need().info()),
  history: (rt) => reply(rt.need().history()),
  historyCsv: (rt) => reply(rt.need().historyCsv()),
  historyMatrix(rt, args) {
    const values = rt.need().historyMatrix(String(args.field));
    return reply(values, [values.buffer]);
  },
  historySteps(rt) {
    const values = rt.need().historySteps();
    return reply(values, [values.buffer]);
  },
  grid(rt, args) {
    const s = rt.need();
    const g = gridOf(s, /** @type {any} */ (rt.info), args.res ?? DEFAULT_GRID.res, args.bounds ?? DEFAULT_GRID.bounds);
    return reply(g, [g.values.buffer]);
  },
  gradients(rt, args) {
    const report = rt.need().gradients(args.batch);
    if (!report.stats) return reply(report);
    // the report's statistics also in the frames' form (one transferred buffer)
    const statsColumns = columnsFromStats(report.stats, rt.api.statsColumnNames());
    return reply({ ...report, statsColumns }, [statsColumns.columns.units.buffer]);
  },
  data: (rt, args) => reply(rt.need().data(args.maxRows ?? 2000)),
});

/** Every request but 'init' (which protocol.js handles before the module is loaded). */
export const HANDLERS = Object.freeze({ ...WORKER, ...TRAINING, ...QUESTIONS });
