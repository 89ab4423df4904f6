// @ts-check
// Applying a state to the engine (part of the controller): live fields (learning rate,
// speed, view options) go straight to the worker, the others re-open the session; requests
// coalesce so that a burst of edits opens one network. Also the edits that make a state:
// a field typed in a control, a preset, a new seed.
// This file is not: the job queue or the frames (controller.js).
import { setField } from '../state/schema.js';
import { networkDoc, configDoc, dataShape } from '../state/network.js';
import { PRESETS, presetById, presetState } from '../state/presets.js';
import { checkFits } from '../state/limits.js';
import { withPageLayers } from '../views/headline.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */

const GRID_BOUNDS = /** @type {[number, number, number, number]} */ ([-1.6, 1.6, -1.6, 1.6]);
/** Fields that change without re-opening the network. */
export const LIVE_FIELDS = new Set(['lr', 'speed', 'theme', 'layer', 'gradField', 'edges', 'preset', 'tour']);
/** Fields whose change leaves an imported network (the network is built from the state again). */
const REBUILDS = new Set(['depth', 'width', 'activation', 'batchnorm', 'residual', 'leakyAlpha', 'eluAlpha', 'preluInit', 'preluPer', 'rreluLower', 'rreluUpper', 'init', 'gain', 'bias', 'loss', 'data']);

/** Whether two states differ in a field that needs a re-open. @param {State} a @param {State} b */
export function differs(a, b) {
  return Object.keys(a).some((k) => !LIVE_FIELDS.has(k) && JSON.stringify(a[/** @type {Field} */ (k)]) !== JSON.stringify(b[/** @type {Field} */ (k)]));
}

/**
 * @param {{ st: import('./controller.js').PlaygroundState, client: import('../engine/client.js').EngineClient,
 *   enqueue: (job: () => Promise<void>) => Promise<void>, hooks: () => import('./controller.js').Hooks,
 *   clearRun: () => void, onOpened: () => void }} o
 */
export function createOpener(o) {
  const { st, client, enqueue } = o;

  /**
   * Opens `next` in the engine (or refuses it with the reason; the previous state stays).
   * @param {State} next @param {number} seq @param {boolean} stay
   */
  async function open(next, seq, stay) {
    const ui = o.hooks();
    const shape = dataShape(next, st.csv);
    const net = /** @type {any} */ (st.imported ?? networkDoc(next, shape));
    const cfg = configDoc(next, st.csv);
    // a network that cannot run is refused here, with the sizes that fit (state/limits.js)
    const misfit = st.imported || next.data === 'csv' ? null : checkFits(next, shape);
    try {
      if (misfit) throw new Error(misfit.message);
      const wasRunning = st.running || st.wantRunning;
      if (st.running) await client.pause();
      st.info = await client.open(net, cfg);
      st.committed = next;
      ui.unsay('open');
      ui.unsay('diverged');
      o.clearRun();
      st.initialPending = true;  // onOpened asks for the step-0 gradients
      ui.paceOpened(next.preset);
      await client.setSpeed(next.speed);
      await client.setView({ grid: shape.twoD && st.info.inputs === 2 ? { res: 40, bounds: GRID_BOUNDS } : null, evaluateMs: 300, probeMs: 400 });
      o.onOpened();
      if (wasRunning && !stay) { await client.play(); st.running = true; }
    } catch (e) {
      const msg = withPageLayers(e instanceof Error ? e.message : String(e), next.depth);
      st.lastOpenError = msg;
      const first = !st.committed && next.preset !== PRESETS[0].id;
      // (the first network's message stays when the preset opens: another key than 'open')
      ui.openFailed(first ? `${msg}\nOpened the preset “${PRESETS[0].title}” instead.` : `${msg}\nThe previous settings are kept.`, first ? 'open-first' : 'open', misfit?.fixes ?? []);
      if (seq === st.applySeq) st.state = st.committed ?? st.state;
      // nothing open yet: never leave the page waiting for a network that cannot open
      if (first) { st.imported = null; applyState(presetState(PRESETS[0], next), { force: true }); }
      if (!st.committed) throw e;
    }
  }

  /**
   * Applies a new state: live fields go straight to the worker, the others re-open the
   * session. On a core error the message is shown and the previous state stays.
   * Requests coalesce: `st.state` is always the latest requested state (edits compose on
   * it), and a queued request that a newer one superseded is skipped, since the newer
   * one carries all its edits. The returned promise resolves once the latest request
   * (this one or the one that superseded it) is done.
   * `force`: re-open even if no field changed, and stay paused; `reopen`: re-open even if
   * no field changed (e.g. another CSV file), resuming if it was training.
   * @param {State} next @param {{ force?: boolean, reopen?: boolean }} [opt]
   */
  function applyState(next, opt = {}) {
    const seq = ++st.applySeq;
    const base = st.committed;
    if (opt.force || opt.reopen) st.forceOpen = true;
    if (opt.force || opt.reopen || !base || differs(next, base)) ++st.runGen;
    if (opt.force === true) st.noResume = true;
    st.state = next;
    const done = enqueue(async () => {
      if (seq !== st.applySeq) return;  // superseded: the newer request includes this edit
      const force = st.forceOpen, stay = st.noResume;
      st.forceOpen = false; st.noResume = false;
      const prev = st.committed;
      if (force || !prev || differs(next, prev)) await open(next, seq, stay);
      else {
        if (next.lr !== prev.lr) await client.setLr(next.lr);
        if (next.speed !== prev.speed) await client.setSpeed(next.speed);
        st.committed = next;
      }
      o.hooks().shown();
    }).catch(() => {});
    st.lastApply = done;
    return done.then(async () => { let p = done; while (p !== st.lastApply) { p = st.lastApply; await p; } });
  }

  /** A field typed in a control (validated by the schema). @param {Field} name @param {string} text */
  function edit(name, text) {
    const ui = o.hooks();
    const s = st.state;
    const r = setField(s, name, text);
    if (r.error && r.state === s) { ui.say(r.error, 'warn', `field-${name}`); return { error: r.error }; }
    ui.unsay(`field-${name}`);
    if (r.error) ui.say(r.error, 'warn', `field-${name}`);
    const next = { ...r.state };
    if (!LIVE_FIELDS.has(name)) next.preset = '';
    if (name === 'activation') next.activations = null;
    if (name === 'width') next.widths = null;
    if (name === 'depth') { next.widths = null; next.activations = null; }
    if (REBUILDS.has(name)) st.imported = null;
    if (name === 'data' && text === 'csv' && !st.csv) { ui.say('Choose or drop a CSV file first (features…, label in the last column).', 'info', 'field-data'); return { error: null, csvFirst: true }; }
    applyState(next);
    return { error: null };
  }

  return {
    applyState, edit,
    /** Re-initialises with a new seed. */
    newSeed() {
      const s = st.state;
      applyState({ ...s, seed: (s.seed * 48271 + 11) % 2147483647 || 1, preset: '' });
    },
    /** @param {string} id */
    loadPreset(id) {
      const p = presetById(id);
      if (!p) return;
      st.imported = null;
      applyState(presetState(p, st.state));
    },
  };
}
