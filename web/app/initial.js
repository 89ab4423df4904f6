// @ts-check
// The network at initialisation (issue 13, "the lesson from the first second"): before any
// training step the engine has no step statistics, so the page asks for one gradient
// report (the 'gradients' request, `gradscope grad`) on a batch of training rows of the
// size training uses, in training mode (batch norm on the batch's statistics, RReLU's
// slopes drawn), as step 1 will see the network. The report's `stats` has the shape of a
// frame's statistics, so every view draws step 0 as it draws any other step.
// This file is not: the views (playground.js draws the frame) or the engine.

/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/client').EngineClient} EngineClient */

/** The most rows of the step-0 batch (the training batch size when it is smaller). */
export const MAX_INITIAL_ROWS = 256;

/**
 * A batch document (x and y as the loss wants them) of the first `n` rows of a split.
 * @param {{ x: number[], labels?: number[], y?: number[] }} split flat row-major rows
 * @param {number} features @param {number} n rows wanted (fewer when the split is smaller)
 * @param {string} loss the network's loss @param {number} outputs the network's outputs
 * @returns {{ x: number[][], y: number[][] | number[] } | null} null when there is no row
 */
export function batchOf(split, features, n, loss, outputs) {
  const rows = Math.min(n, Math.floor(split.x.length / features));
  if (!(rows > 0)) return null;
  /** @type {number[][]} */ const x = [];
  /** @type {number[][]} */ const dense = [];
  /** @type {number[]} */ const classes = [];
  for (let r = 0; r < rows; ++r) {
    x.push(split.x.slice(r * features, (r + 1) * features));
    const lab = split.labels?.[r];
    if (lab === undefined) dense.push(split.y ? split.y.slice(r * outputs, (r + 1) * outputs) : Array.from({ length: outputs }, () => 0));
    else if (loss === 'softmax_ce') classes.push(lab);
    else dense.push(outputs === 1 ? [lab] : Array.from({ length: outputs }, (_, k) => (k === lab ? 1 : 0)));
  }
  return { x, y: classes.length ? classes : dense };
}

/**
 * Completes a step-0 frame with the statistics of one gradient report, or returns it as
 * it is (a frame past step 0, one that has statistics, or a report the engine refused:
 * the views then wait for the first step, as before). `rows`: the training batch size.
 * @param {Pick<EngineClient, 'request'>} client
 * @param {Frame} frame
 * @param {{ rows: number, loss: string, outputs: number }} o
 * @returns {Promise<Frame>}
 */
export async function withInitialStats(client, frame, o) {
  if (!frame || frame.steps !== 0 || frame.diverged || (Array.isArray(frame.stats?.layers) && frame.stats.layers.length)) return frame;
  try {
    const n = Math.max(1, Math.min(MAX_INITIAL_ROWS, o.rows));
    const d = /** @type {any} */ (await client.request(/** @type {any} */ ('data'), { maxRows: n }));
    const features = Number(d?.features) || 0;
    const batch = d?.train && features ? batchOf(d.train, features, n, o.loss, o.outputs) : null;
    if (!batch) return frame;
    const rep = /** @type {any} */ (await client.request('gradients', { batch: /** @type {any} */ ({ ...batch, mode: 'train', matrices: false, stats: true }) }));
    const st = rep?.stats;
    if (!st || !Array.isArray(st.layers) || !st.layers.length) return frame;
    const probe = /** @type {any} */ (frame.probe);
    // dead units come from the probe, as in every frame
    if (Array.isArray(probe?.layers)) {
      st.layers.forEach((/** @type {any} */ l, /** @type {number} */ i) => {
        const p = probe.layers[i];
        if (p?.dead) l.dead_units = p.dead.filter(Boolean).length;
        else if (i === st.layers.length - 1) l.dead_units = 0;  // the linear output layer, as the core counts it
      });
    }
    const stats = { ...frame.stats, ...st, step: 0, accuracy: frame.stats?.accuracy ?? null, diverged: null, initial: { rows: batch.x.length } };
    return /** @type {Frame} */ ({ ...frame, stats });
  } catch {
    return frame;
  }
}

/**
 * The gradients card's note: what the bars are (at step 0 no step was taken; later, the
 * last step's mini-batch), so the line keeps its place as the run goes on.
 * @param {any} st the statistics on screen @param {number} batch the training batch size
 * @returns {string}
 */
export function initialNote(st, batch) {
  if (!st) return '';
  if (st.step === 0 && st.initial) {
    const n = st.initial.rows;
    return `Step 0: the network as initialised, before any update. These are the gradients of one batch of ${n} training row${n === 1 ? '' : 's'}, as the first step will see them.`;
  }
  return `After step 0: the gradients of the latest step’s mini-batch of ${batch} training row${batch === 1 ? '' : 's'}, before its update.`;
}
