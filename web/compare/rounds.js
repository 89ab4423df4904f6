// @ts-check
// The comparison's lock-step training: every round asks each live worker for k steps and
// waits for all of them; play() runs rounds until pause(), the step limit or every
// network diverged; step(n) runs n steps in rounds of `speed`. One job at a time, through
// the controller's queue.
// This file is not: the controller's bring-up, reset and figures (controller.js).
import { int } from '../ui/format.js';

/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('./controller.js').Phase} Phase */

/**
 * @param {{
 *   state: { phase: Phase, step: number, wanted: boolean, looping: boolean, destroyed: boolean, finished: boolean },
 *   setup: { steps: number | null, speed: number },
 *   variants: { label: string }[],
 *   clients: import('../engine/client.js').EngineClient[],
 *   tracker: import('./figures.js').Tracker,
 *   events: ReturnType<typeof import('./events.js').createEvents>,
 *   view: () => import('./controller.js').ComparisonUi,
 *   exclusive: (job: () => Promise<void>) => Promise<void>,
 *   ready: Promise<any>,
 *   setPhase: (p: Phase, text?: string) => void,
 *   figures: () => any,
 * }} c
 */
export function createRounds(c) {
  const { state, setup, variants, clients, tracker, events, view } = c;
  /** Steps of the next round: the speed, cut at the step limit. */
  const nextRound = () => (setup.steps === null ? setup.speed : Math.min(setup.speed, setup.steps - state.step));
  const liveIndices = () => variants.map((_, i) => i).filter((i) => !tracker.track(i).diverged && clients[i].alive);

  /** One round: k steps for every live network, all awaited. @param {number} k */
  async function round(k) {
    const live = liveIndices();
    if (!live.length || k <= 0) return;
    const got = await Promise.all(live.map((i) => clients[i].step(k)));
    if (state.destroyed) return;
    /** @type {(Frame | null)[]} */ const frames = variants.map(() => null);
    live.forEach((i, j) => { frames[i] = got[j]; });
    const diverged = tracker.round(frames);
    state.step = Math.max(state.step, ...got.map((f) => f.steps));
    view().refresh(false);
    for (const i of diverged) {
      const d = /** @type {NonNullable<ReturnType<typeof tracker.track>['diverged']>} */ (tracker.track(i).diverged);
      view().say(`${variants[i].label} diverged at step ${int(d.step)}: ${d.message}`, 'warn', `diverged-${i}`);
      events.emit('diverged', { index: i, label: variants[i].label, step: d.step, layer: d.layer, what: d.what, message: d.message });
    }
    events.emit('step', { step: state.step, figures: c.figures() });
    if ((setup.steps !== null && state.step >= setup.steps) || liveIndices().length === 0) finish();
  }

  function finish() {
    if (state.finished) return;
    state.finished = true;
    state.wanted = false;
    c.setPhase('finished', liveIndices().length === 0 ? 'every network diverged' : `finished at step ${int(state.step)}`);
    view().refresh(true);
    events.emit('finished', { step: state.step, figures: c.figures() });
  }

  async function loop() {
    if (state.looping) return;
    state.looping = true;
    /** @type {string | null} */ let finishedText = null;
    try {
      while (state.wanted && !state.destroyed && !state.finished) {
        const k = nextRound();
        if (k <= 0) { finish(); break; }
        await c.exclusive(() => round(k));
      }
    } catch (e) {
      if (!state.destroyed) view().say(`Training stopped: ${e instanceof Error ? e.message : e}`, 'error', 'loop');
      state.wanted = false;
    } finally {
      state.looping = false;
      if (state.finished) finishedText = liveIndices().length === 0 ? 'every network diverged' : `finished at step ${int(state.step)}`;
      if (!state.destroyed && state.phase !== 'error') c.setPhase(state.finished ? 'finished' : 'ready', finishedText ?? `paused at step ${int(state.step)}`);
    }
  }

  function play() {
    if (state.destroyed) return;
    state.wanted = true;
    if (state.phase === 'loading' || state.phase === 'timing') { view().transport(); return; }  // starts when ready
    if (state.phase !== 'ready' && state.phase !== 'running') return;
    if (state.finished) { state.wanted = false; return; }
    c.setPhase('running', 'training in lock-step');
    loop();
  }
  function pause() {
    state.wanted = false;
    view().transport();
  }

  /** n steps for every network, in rounds of `speed` steps (at most to the step limit). @param {number} n */
  async function step(n = 1) {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`step: n must be an integer >= 0, got ${JSON.stringify(n)}`);
    await c.ready;
    state.wanted = false;
    view().transport();
    await c.exclusive(async () => {
      let left = setup.steps === null ? n : Math.min(n, setup.steps - state.step);
      while (left > 0 && !state.destroyed && !state.finished && liveIndices().length) {
        const k = Math.min(setup.speed, left);
        await round(k);
        left -= k;
      }
      if (!state.finished && !state.destroyed) c.setPhase('ready', `paused at step ${int(state.step)}`);
    });
  }

  return { play, pause, step };
}
