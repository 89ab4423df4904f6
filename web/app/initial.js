// @ts-check
// The network at initialisation (issue 13, "the lesson from the first second"): before any
// training step the engine has no step statistics, so the page asks for one gradient
// report (the 'gradients' request, `gradscope grad`) on a batch of training rows of the
// size training uses, in training mode (batch norm on the batch's statistics, RReLU's
// slopes drawn), as step 1 will see the network. The worker gives the report's statistics
// in the frames' form too (`statsColumns`), so the step-0 frame carries them as every
// frame does and every view draws step 0 as it draws any other step.
// This file is not: the views (they draw the frame) or the engine.

import { layerCount } from '../state/columns.js';
import { int } from '../ui/format.js';

/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/client').EngineClient} EngineClient */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */

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
 * The completed frame's `statsColumns` are the report's (step 0, the frame's accuracy,
 * learning rate and dead units: the probe's counts per layer) and `initial.rows` says how
 * many training rows the report measured.
 * @param {Pick<EngineClient, 'request'>} client
 * @param {Frame} frame
 * @param {{ rows: number, loss: string, outputs: number }} o
 * @returns {Promise<Frame>}
 */
export async function withInitialStats(client, frame, o) {
  if (!frame || frame.steps !== 0 || frame.diverged || layerCount(frame.statsColumns) > 0) return frame;
  try {
    const n = Math.max(1, Math.min(MAX_INITIAL_ROWS, o.rows));
    const d = /** @type {any} */ (await client.request(/** @type {any} */ ('data'), { maxRows: n }));
    const features = Number(d?.features) || 0;
    const batch = d?.train && features ? batchOf(d.train, features, n, o.loss, o.outputs) : null;
    if (!batch) return frame;
    const rep = /** @type {any} */ (await client.request('gradients', { batch: /** @type {any} */ ({ ...batch, mode: 'train', matrices: false, stats: true }) }));
    /** @type {StatsColumns | undefined} */
    const report = rep?.statsColumns;
    if (!report || layerCount(report) === 0 || !Array.isArray(rep.stats?.layers)) return frame;
    const statsColumns = initialColumns(report, frame);
    const activations = rep.stats.layers.map((/** @type {any} */ l) => String(l.activation));
    return { ...frame, statsColumns, activations, initial: { rows: batch.x.length } };
  } catch {
    return frame;
  }
}

/**
 * The report's columns as step 0's: the step, and what the report does not measure from
 * the frame (accuracy, learning rate, the dead units of its probe).
 * @param {StatsColumns} report @param {Frame} frame @returns {StatsColumns}
 */
function initialColumns(report, frame) {
  const now = frame.statsColumns;
  const dead = report.columns.dead_units;
  const probe = /** @type {any} */ (frame.probe);
  // dead units come from the probe, as in every frame
  if (Array.isArray(probe?.layers)) {
    for (let l = 0; l < report.layers; ++l) {
      const p = probe.layers[l];
      if (p?.dead) dead[l] = p.dead.filter(Boolean).length;
      else if (l === report.layers - 1) dead[l] = 0;  // the linear output layer, as the core counts it
    }
  }
  return {
    ...report, step: 0, accuracy: now ? now.accuracy : NaN, lr: now ? now.lr : NaN,
    dead_units: now ? now.dead_units : NaN, diverged: false,
  };
}

/**
 * The gradients card's note: what the bars are (at step 0 no step was taken; later, the
 * last step's mini-batch), so the line keeps its place as the run goes on.
 * @param {Frame | null | undefined} frame the frame on screen
 * @param {number} batch the training batch size
 * @returns {string}
 */
export function initialNote(frame, batch) {
  if (!frame) return '';
  if (frame.statsColumns?.step === 0 && frame.initial) {
    const n = frame.initial.rows;
    return `Step 0: the network as initialised, before any update. These are the gradients of one batch of ${n} training row${n === 1 ? '' : 's'}, as the first step will see them.`;
  }
  const step = frame.statsColumns?.step ?? frame.steps;
  return `Step ${int(step)}: the gradients of that step’s mini-batch of ${batch} training row${batch === 1 ? '' : 's'}, before its update.`;
}
