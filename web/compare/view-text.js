// @ts-check
// The words around a comparison's views: each view's title, what it shows and what to
// look for (some read differently when remedies are compared), and the comparison's
// title. Fixed words about the views; every sentence about the measured numbers is
// written from them (words.js).
// This file is not: the views (cards.js, summary.js, ...) or the measured sentences (words.js).
import { int } from '../ui/format.js';
import { listOf } from './words.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */

const VARY_NOUN = /** @type {Record<string, [string, string]>} */ ({
  activation: ['activation', 'activations'], init: ['initialiser', 'initialisers'], optimizer: ['optimiser', 'optimisers'],
  depth: ['depth', 'depths'], lr: ['learning rate', 'learning rates'], remedy: ['remedy', 'remedies'],
  setup: ['set-up', 'set-ups'],
});

/** The words of each view: title, what it shows, what to look for. */
export const VIEW_TEXT = /** @type {Record<string, { title: string, text: string, look: string }>} */ ({
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

/** A view's words in this comparison. @param {string} id @param {string} vary */
export function viewText(id, vary) {
  return vary === 'remedy' ? { ...VIEW_TEXT[id], ...REMEDY_VIEW_TEXT[id] } : VIEW_TEXT[id];
}

/**
 * The comparison's title and subtitle ("3 activations side by side").
 * @param {Variant[]} variants @param {string} vary
 */
export function titleOf(variants, vary) {
  const N = variants.length;
  const noun = VARY_NOUN[vary];
  const plain = vary === 'remedy' ? variants.filter((v) => v.name === 'none').length : 0;
  const title = N === 1 ? `${variants[0].label} alone: the baseline`
    : plain === 1 ? `Plain and ${N - 1} ${noun[N - 1 === 1 ? 0 : 1]} side by side`
    : `${N} ${noun[1]} side by side`;
  const sub = N === 1 ? 'One network, measured the same way as in a comparison.' : `Same network otherwise: ${listOf(variants.map((v) => v.label))}.`;
  return { title, sub };
}

/**
 * What the networks share, after the bring-up checked their initial weights.
 * @param {any} info the first network's open() reply
 * @param {{ identical: boolean, sharedLayers: number } | null} sameness null: not checked
 * @param {string} vary @param {number} N networks
 */
export function samenessText(info, sameness, vary, N) {
  const data = `${String(info.data.name).replace(/^csv:/, '')}: ${int(info.data.train_rows)} training and ${int(info.data.test_rows)} test rows`;
  if (N === 1) return `${data}; ${int(info.parameters)} parameters.`;
  const batches = 'the same mini-batches in the same order';
  if (!sameness) return `Same data (${data}), ${batches}. ${vary === 'depth' || vary === 'init' ? 'The initial weights differ.' : 'Same initial weights (same seed and shapes).'}`;
  if (sameness.identical) return `Same data (${data}), ${batches}, same initial weights (checked: every W and b identical at step 0).`;
  const why = vary === 'depth' ? 'the networks have different shapes' : vary === 'init' ? 'the initialiser is what is compared'
    : vary === 'remedy' ? 'not expected: a remedy changes no W or b' : vary === 'setup' ? 'the set-ups draw them differently' : 'the shapes differ';
  return `Same data (${data}), ${batches}. The initial weights differ (${why})${sameness.sharedLayers > 0 ? `; the first ${sameness.sharedLayers} layer${sameness.sharedLayers === 1 ? '' : 's'} start identical` : ''}.`;
}
