// @ts-check
// One-click presets. Each sets a full state (defaults + its overrides) with a fixed seed,
// so what its text claims does happen; tests/browser/presets.test.mjs runs every preset
// through the engine and checks the claim with the figures quoted here.
// Ids are stable: the <grad-scope preset="..."> attribute uses them.
import { defaultState } from './schema.js';

/** @typedef {import('./schema.js').State} State */
/**
 * A view the banner's "Look at" links to (a card's data-view), and the layer (0-based) to
 * show in it when it has a layer choice.
 * @typedef {{ view: string, layer?: number }} LookTarget
 */
// `stop`: the step the claim is about. On the playground, Play stops there (the step is
// marked on the charts) and offers to go on; presets.test.mjs checks each claim at exactly
// that step. `lookAt`: the views the banner's "Look at" links scroll to.
/**
 * @typedef {{
 *   id: string, title: string, overrides: Partial<State>,
 *   claim: string, look: string, stop: number, lookAt: LookTarget[],
 *   compare?: { label: string, overrides: Partial<State> },
 *   next?: { label: string, preset: string }
 * }} Preset
 */

/** @type {readonly Preset[]} */
export const PRESETS = Object.freeze([
  {
    id: 'sigmoid-50',
    title: '50-layer sigmoid',
    overrides: { depth: 50, width: 16, activation: 'sigmoid', init: 'glorot_uniform', data: 'circles', optimizer: 'adam', lr: 0.01, seed: 1 },
    claim: 'Gradients vanish: layer 1 receives about 1e-34 of the gradient that layer 50 receives, some 34 decades less (from about 1e-32 at step 1), and the test accuracy stays near chance (about 50%).',
    look: 'Gradient norm per layer (log scale): a straight slope of 30+ decades from layer 50 down to layer 1.',
    stop: 200,
    lookAt: [{ view: 'gradients' }],
    compare: { label: 'Same network with ReLU', overrides: { activation: 'relu', init: 'he_uniform', lr: 0.001 } },
    next: { label: 'Then add batch norm', preset: 'sigmoid-50-batchnorm' },
  },
  {
    id: 'relu-50',
    title: '50-layer ReLU',
    overrides: { depth: 50, width: 16, activation: 'relu', init: 'he_uniform', data: 'circles', optimizer: 'adam', lr: 0.001, seed: 1 },
    claim: 'Gradients do not vanish: layer 1 keeps more than 1% of the gradient of layer 50 (usually 10-100%), and the network learns the circles (test accuracy above 95% within 400 steps).',
    look: 'Gradient norm per layer stays within a decade or two; the unit health map shows some dead (black) units.',
    stop: 400,
    lookAt: [{ view: 'gradients' }, { view: 'health' }],
    compare: { label: 'Same network with sigmoid', overrides: { activation: 'sigmoid', init: 'glorot_uniform', lr: 0.01 } },
    next: { label: 'Then 100 layers, with skip connections', preset: 'relu-100-skips' },
  },
  {
    id: 'saturated-sigmoid',
    title: 'Saturated sigmoid',
    overrides: { depth: 5, width: 16, activation: 'sigmoid', init: 'normal', gain: 8, data: 'circles', optimizer: 'adam', lr: 0.01, seed: 1 },
    claim: 'Initial weights drawn from N(0, 8²) push w·x + b far from 0: more than half of the sigmoid units sit where |f′| < 0.001 and stay there (about 60% after 1,000 steps, against 2% with Xavier initialisation).',
    look: 'Per-layer view: the pre-activations pile up in the shaded flat zones; unit health: mostly saturated (orange).',
    stop: 1000,
    lookAt: [{ view: 'layer', layer: 0 }, { view: 'health' }],
    compare: { label: 'Same with Xavier initialisation', overrides: { init: 'glorot_uniform', gain: 0 } },
  },
  {
    id: 'dying-relu',
    title: 'Dying ReLU',
    overrides: { depth: 6, width: 16, activation: 'relu', init: 'he_uniform', data: 'circles', optimizer: 'adam', lr: 0.1, seed: 1 },
    claim: 'A learning rate of 0.1 kills ReLU units: within 100 steps about half of the 96 units output 0 for every probe sample (dead) and none comes back. With 0.001 fewer than a dozen die.',
    look: 'Unit health: black cells (hover for the step of death); the dead count over time jumps, then stays flat.',
    stop: 100,
    lookAt: [{ view: 'health' }],
    compare: { label: 'Same with learning rate 0.001', overrides: { lr: 0.001 } },
  },
  {
    id: 'zigzag',
    title: 'Zig-zag updates',
    overrides: { depth: 3, width: 8, activation: 'sigmoid', init: 'glorot_uniform', data: 'circles', batch: 1, optimizer: 'adam', lr: 0.01, seed: 1 },
    claim: 'Sigmoid outputs are all positive, so every weight of a unit in layers 2, 3 and the output gets an update of the same sign: the same-sign share is exactly 1.00 at every step. With tanh it falls to about 0.6.',
    look: 'Zig-zag view: the same-sign bars at 1.00 from layer 2 on, and the 2-D weight path that can only move along the diagonals.',
    stop: 100,
    lookAt: [{ view: 'zigzag' }],
    compare: { label: 'Same with tanh (zero-centred)', overrides: { activation: 'tanh' } },
  },
  {
    id: 'leaky-family',
    title: 'Leaky ReLU vs PReLU vs RReLU',
    overrides: {
      depth: 9, width: 16, activation: 'leaky_relu',
      activations: ['leaky_relu', 'leaky_relu', 'leaky_relu', 'prelu', 'prelu', 'prelu', 'rrelu', 'rrelu', 'rrelu'],
      init: 'he_uniform', data: 'spiral', optimizer: 'adam', lr: 0.01, seed: 1,
    },
    claim: 'Layers 1-3 Leaky ReLU (slope 0.01), 4-6 PReLU (learned, from 0.25), 7-9 RReLU (slopes drawn from U(1/8, 1/3) each step). No unit dies; the PReLU slopes move away from 0.25 (here to about -0.2..0.06); the spiral is learned (test accuracy above 90%).',
    look: 'PReLU / RReLU view: the learned slopes drift, the sampled ones stay in their band; unit health: no black cells.',
    stop: 1000,
    lookAt: [{ view: 'slopes' }, { view: 'health' }],
  },
  {
    id: 'elu-bias-shift',
    title: 'ELU and bias shift',
    overrides: { depth: 10, width: 16, activation: 'elu', init: 'he_uniform', data: 'circles', optimizer: 'adam', lr: 0.003, seed: 1 },
    claim: 'ELU outputs can be negative, so the activation means of layers 1-6 stay near 0 (|mean| about 0.1 on average); with ReLU they drift to about 0.3: a third of the bias shift.',
    look: 'Per-layer view: the activation mean and spread; the per-layer strip: mean activations close to 0.',
    stop: 200,
    lookAt: [{ view: 'layer', layer: 0 }, { view: 'network' }],
    compare: { label: 'Same with ReLU', overrides: { activation: 'relu' } },
  },
  {
    id: 'exploding',
    title: 'Exploding gradients',
    overrides: { depth: 20, width: 16, activation: 'relu', init: 'he_uniform', gain: 2, data: 'circles', optimizer: 'sgd', lr: 0.01, clip: 0, seed: 1 },
    claim: 'He initialisation with gain 2 instead of √2 makes each layer amplify its signal by about √2: the first updates overflow and training diverges (Inf/NaN) within 10 steps. Clipping the gradient norm at 5 tames it: test accuracy above 90% by step 300.',
    look: 'The divergence message (what, where, what to try); then the gradient norm per layer with clipping on.',
    stop: 10,
    lookAt: [{ view: 'gradients' }],
    compare: { label: 'Same with clipping at 5', overrides: { clip: 5 } },
  },
  {
    id: 'sigmoid-50-batchnorm',
    title: '50-layer sigmoid + batch norm',
    overrides: { depth: 50, width: 16, activation: 'sigmoid', init: 'glorot_uniform', data: 'circles', optimizer: 'adam', lr: 0.003, batchnorm: 'all', seed: 1 },
    claim: 'The 50-layer sigmoid network again, with batch normalisation before every sigmoid: each layer’s pre-activations are re-centred and re-scaled (then shifted and scaled by the learned β and γ), so they stay in the sigmoid’s steep middle. Layer 1 now receives about as much gradient as layer 50 (between 0.1 and 1,000 times as much, against about 1e-33 without batch norm) and the circles are learned (test accuracy above 90% by step 1,000).',
    look: 'Gradient norm per layer: flat instead of a 30-decade slope. Per-layer view: the pre-activation spread before and after normalisation, and the learned γ; compare the same network without batch norm.',
    stop: 1000,
    lookAt: [{ view: 'gradients' }, { view: 'layer', layer: 0 }],
    compare: { label: 'Same without batch norm', overrides: { batchnorm: '' } },
  },
  {
    id: 'relu-100-skips',
    title: '100-layer ReLU + skip connections',
    overrides: { depth: 100, width: 16, activation: 'relu', init: 'he_uniform', gain: 0.1, data: 'circles', optimizer: 'adam', lr: 0.001, residual: 'all', seed: 1 },
    claim: 'A skip connection around each of layers 2-100 (a = x + ReLU(Wx + b); layer 1 maps 2 inputs to 16 units, so it cannot have one) gives the gradient a path around every layer: layer 1 keeps about as much gradient as layer 100 (ratio above 0.1), no unit dies, and the circles are learned (test accuracy above 95% by step 400). The branches start small (He gain 0.1, as residual networks do), so the sum of 99 of them stays bounded. Without the skips, at this seed, about half of the 1,600 units die within 200 steps, the gradient reaching layer 1 falls below 1e-6 of layer 100’s, and to exactly 0 by step 800; the accuracy stays at chance.',
    look: 'Gradient norm per layer: flat with skips; compare the same network without them (He gain √2): the unit health map turns black and the gradient bars of the first layers fall to zero.',
    stop: 400,
    lookAt: [{ view: 'gradients' }, { view: 'health' }],
    compare: { label: 'Same without skips (He gain √2)', overrides: { residual: '', gain: 0 } },
  },
  {
    id: 'xavier-vs-he',
    title: 'Xavier vs He initialisation',
    overrides: { depth: 30, width: 16, activation: 'relu', init: 'glorot_uniform', data: 'circles', optimizer: 'adam', lr: 0.001, seed: 1 },
    claim: 'With Xavier (Glorot) initialisation a ReLU network halves its signal layer after layer: at the first step layer 30’s activation spread is under 1% of layer 1’s. He initialisation (gain √2) keeps it above 5%.',
    look: 'Per-layer strip (activation spread) at step 1: a steep slope with Xavier, a roughly flat one with He.',
    stop: 1,
    lookAt: [{ view: 'network' }],
    compare: { label: 'Same with He initialisation', overrides: { init: 'he_uniform' } },
  },
]);

/** @param {string} id @returns {Preset | undefined} */
export function presetById(id) { return PRESETS.find((p) => p.id === id); }

/**
 * The full state of a preset (keeping the view options of `base`).
 * @param {Preset} p @param {State} [base] @param {boolean} [compare] the comparison variant
 * @returns {State}
 */
export function presetState(p, base, compare = false) {
  const s = { ...defaultState(), ...p.overrides, ...(compare && p.compare ? p.compare.overrides : {}) };
  s.preset = compare ? '' : p.id;
  if (base) { s.theme = base.theme; s.speed = base.speed; s.gradField = base.gradField; }
  s.layer = Math.min(s.layer, s.depth - 1);
  return s;
}
