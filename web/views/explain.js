// @ts-check
// The cards' explanations generated from the network on screen (its activations, depth,
// remedies, batch size and data) and from the measured numbers, instead of fixed
// sentences that hold for one network only. Each function returns the card's text and
// what to look for; a card without a function here keeps its words from text.js, which
// hold for every network.
// Pure: state and numbers in, words out.
import { sci, pct, int } from '../ui/format.js';
import { layerActivation, layerWidth } from '../state/schema.js';
import { remedyPlan } from '../state/network.js';
import { decadesText } from './headline.js';
import { VIEW_TEXT } from './text.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {ReturnType<typeof import('../state/network.js').dataShape>} DataShape */
/** @typedef {{ text: string, look: string }} Words */

const NAMES = /** @type {Record<string, string>} */ ({
  sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'Leaky ReLU', prelu: 'PReLU', rrelu: 'RReLU', elu: 'ELU',
  selu: 'SELU', gelu: 'GELU', softplus: 'softplus', silu: 'SiLU', identity: 'identity',
});
/** An activation's name in a sentence. @param {string} a */
const label = (a) => NAMES[a] ?? a;

/** Activations whose outputs are never negative (sigmoid, softplus: > 0; ReLU: >= 0). */
const NON_NEGATIVE = new Set(['sigmoid', 'relu', 'softplus']);
/** The ReLU family: f' = 1 on the positive side. */
const RELU_LIKE = new Set(['relu', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu']);

/** A threshold 10^e in words: 1e-18 for whole powers, else its value (3.2e-19). @param {number} e */
export function thresholdText(e) { return Number.isInteger(e) ? `1e${e}` : sci(10 ** e); }

/** A share with one decimal, and more for small ones: 10.8%, 0.013%. @param {number} v */
export function share1(v) {
  if (!Number.isFinite(v)) return '–';
  const p = 100 * v;
  return `${p === 0 || p >= 0.1 ? +p.toFixed(1) : +p.toPrecision(2)}%`;
}

/** "a", "a and b", "a, b and c" @param {string[]} xs */
function listOf(xs) {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** 1-based layer ranges of 0-based indices: "layers 2–5, 9", "layer 3". @param {number[]} ls */
export function layersText(ls) {
  if (!ls.length) return 'no layer';
  /** @type {string[]} */ const parts = [];
  let a = ls[0], b = ls[0];
  for (const l of [...ls.slice(1), NaN]) {
    if (l === b + 1) { b = l; continue; }
    parts.push(a === b ? String(a + 1) : `${a + 1}–${b + 1}`);
    a = l; b = l;
  }
  return `${ls.length === 1 ? 'layer' : 'layers'} ${parts.join(', ')}`;
}

/** The activations of a state and the 0-based layers of each, in order of first use. @param {State} s */
export function activationGroups(s) {
  /** @type {Map<string, number[]>} */ const m = new Map();
  for (let l = 0; l < s.depth; ++l) {
    const a = layerActivation(s, l);
    if (!m.has(a)) m.set(a, []);
    /** @type {number[]} */ (m.get(a)).push(l);
  }
  return m;
}

/**
 * The gradient card: why the gradient shrinks or does not, for these activations, this
 * depth and these remedies.
 * @param {State} s @param {DataShape} shape
 * @returns {Words}
 */
export function gradientsWords(s, shape) {
  const H = s.depth;
  const groups = activationGroups(s);
  const names = [...groups.keys()];
  const plan = remedyPlan(s, shape);
  /** @type {string[]} */ const out = ['The gradient that reaches layer 1 is the output gradient multiplied by one factor per layer above it, and each factor contains the activation’s derivative f′ (and the layer’s weights).'];
  if (H === 1) out.push('With one hidden layer there is no chain of factors yet: add layers to see it shrink or grow.');
  else {
    const k = H - 1;
    const only = names.length === 1 ? names[0] : null;
    if (only === 'sigmoid') {
      const e = k * Math.log10(0.25);
      out.push(`With the sigmoid, f′ ≤ 0.25, so the ${int(k)} factor${k === 1 ? '' : 's'} between layer ${H} and layer 1 bring at most 0.25^${k} ≈ ${sci(10 ** e)} from f′ alone (${decadesText(10 ** e)}), unless the weights make up for it.`);
    } else if (only === 'tanh') {
      out.push(`With tanh, f′ ≤ 1, and equals 1 only at z = 0: in each of the ${int(k)} factors f′ can only shrink the gradient, slowly while the pre-activations stay near 0 and fast once they saturate; only the weights can make up for it.`);
    } else if (only && RELU_LIKE.has(only)) {
      const neg = only === 'relu' ? 'exactly 0 (the unit passes nothing back)' : only === 'elu' || only === 'selu' ? 'between 0 and α (ELU: αe^z)' : `its negative-side slope (${only === 'leaky_relu' ? s.leakyAlpha : only === 'prelu' ? `learned, from ${s.preluInit}` : `${+s.rreluLower.toFixed(3)}–${+s.rreluUpper.toFixed(3)}`})`;
      out.push(`With ${label(only)}, f′ = 1 wherever z > 0 and ${neg} elsewhere: the ${int(k)} factors do not shrink the gradient through active units, so how much reaches layer 1 depends on the weights${only === 'relu' ? ' and on how many units are dead' : ''}.`);
    } else if (only) {
      out.push(`With ${label(only)}, each of the ${int(k)} factors multiplies the gradient by f′ at that layer’s pre-activations, times the weights.`);
    } else {
      out.push(`This network mixes activations (${listOf(names.map((n) => `${label(n)} in ${layersText(/** @type {number[]} */ (groups.get(n)))}`))}): each of the ${int(k)} factors has its own layer’s f′${groups.has('sigmoid') ? ', at most 0.25 in the sigmoid layers' : ''}.`);
    }
  }
  if (plan.batchnorm.length) out.push(`Batch norm on ${layersText(plan.batchnorm)} re-centres and re-scales each layer’s pre-activations over the mini-batch, which keeps them where f′ is large; the gradient then also flows through the batch statistics, so the product of factors no longer describes it.`);
  if (plan.residual.length) out.push(`Skips around ${layersText(plan.residual)} (a = x + f(z)) add an identity path: the gradient a layer receives is the one above it plus the product through f, so it cannot vanish through those layers.`);
  return { text: out.join(' '), look: VIEW_TEXT.gradients.look };
}

/**
 * The loss card: the chance level of this data and loss.
 * @param {State} s @param {DataShape} shape @param {string} loss the loss in use
 * @returns {Words}
 */
export function lossWords(s, shape, loss) {
  let chance = '';
  if (shape.task === 'binary') chance = `at the chance level (${loss === 'mse' ? '0.25 for mse on two balanced classes' : `${Math.LN2.toFixed(3)} = ln 2 for two balanced classes`}, accuracy about 50%)`;
  else if (shape.task === 'multiclass' && shape.classes > 1) chance = `at the chance level (ln ${shape.classes} = ${Math.log(shape.classes).toFixed(2)} for ${shape.classes} balanced classes, accuracy about ${pct(1 / shape.classes)})`;
  else chance = 'at the level of always predicting the mean (the targets’ variance for mse)';
  return { text: VIEW_TEXT.loss.text, look: `A flat line ${chance} means nothing is learning; a test curve that parts from the training curve means over-fitting.` };
}

/**
 * The unit-health card: which units can die in this network.
 * @param {State} s
 * @returns {Words}
 */
export function healthWords(s) {
  const groups = activationGroups(s);
  /** Layers whose activation has a side with f' = 0 exactly (ReLU; Leaky ReLU or RReLU with slope 0). */
  const zeroSide = [];
  for (let l = 0; l < s.depth; ++l) {
    const a = layerActivation(s, l);
    if (a === 'relu' || (a === 'leaky_relu' && s.leakyAlpha === 0) || (a === 'rrelu' && s.rreluUpper === 0)) zeroSide.push(l);
  }
  const base = 'Each cell is one unit (columns) of one layer (rows), judged over the probe set: the share of samples on which it is active.';
  const canDie = zeroSide.length
    ? `In ${layersText(zeroSide)} f′ is exactly 0 for z < 0, so a unit whose z is negative for every sample is dead: its gradient is 0 and it cannot recover.`
    : `No layer here has a side where f′ is exactly 0 (${listOf([...groups.keys()].map(label))}): a unit counts as dead only if f′ is 0 on every probe row, which these activations reach only where floating point rounds f′ to 0, far out in their flat zones.`;
  const sat = groups.has('sigmoid') || groups.has('tanh') ? ' Sigmoid and tanh units saturate where |z| is large (f′ near 0): orange.' : '';
  return { text: `${base} ${canDie}`, look: `${zeroSide.length ? 'Black cells are dead (hover for the step of death); ' : ''}orange ones are rarely active or saturated.${sat} The chart below counts both over time.` };
}

/**
 * The slopes card: the PReLU initial slope and RReLU range of this network.
 * @param {State} s
 * @returns {Words}
 */
export function slopesWords(s) {
  const groups = activationGroups(s);
  const parts = [];
  if (groups.has('prelu')) parts.push(`PReLU lines start at the initial slope ${s.preluInit} and move as the network learns its own`);
  if (groups.has('rrelu')) parts.push(`RReLU’s band stays inside [${+s.rreluLower.toFixed(3)}, ${+s.rreluUpper.toFixed(3)}]`);
  return { text: VIEW_TEXT.slopes.text, look: parts.length ? `${parts.join('; ')}.` : 'This network has no PReLU or RReLU layer: nothing to draw here.' };
}

/**
 * The zig-zag card: which layers take inputs of one sign, what batch size does to the
 * rule, and whether the measured shares follow it.
 * @param {State} s @param {DataShape} shape
 * @param {ArrayLike<number> | null} share measured same-sign share per layer (hidden layers, then the output layer)
 * @param {number} [records] how many measurements `share` averages (fewer than 10: too few to judge)
 * @returns {Words & { against: boolean }}
 */
export function zigzagWords(s, shape, share, records = Infinity) {
  const H = s.depth;
  /** Whether layer l's inputs are all of one sign: true, false, or null (unknown: CSV data). @param {number} l */
  const oneSign = (l) => (l === 0 ? (s.data === 'digits' ? true : s.data === 'csv' ? null : false) : NON_NEGATIVE.has(layerActivation(s, l - 1)));
  /** @type {number[]} */ const pos = [], mixed = [];
  for (let l = 0; l <= H; ++l) { const o = oneSign(l); if (o === true) pos.push(l); else if (o === false) mixed.push(l); }
  const name = (/** @type {number[]} */ ls) => ls.map((l) => (l === H ? 'the output layer' : null)).some(Boolean) ? `${layersText(ls.filter((l) => l < H))}${ls.filter((l) => l < H).length ? ' and ' : ''}the output layer` : layersText(ls);
  const text = 'When a layer’s inputs all have one sign (sigmoid outputs, ReLU outputs, pixel values), the gradients of all the weights of one unit share a sign for each sample, so one step moves them together. The bars show the share of a unit’s weight gradients that share the majority sign.';
  const rule = pos.length
    ? `Here ${name(pos)} take inputs of one sign${s.batch === 1 ? ': with batch 1 their bars should be at 1.00' : `; with batch ${s.batch} each gradient sums ${s.batch} samples whose signs can differ, so their bars can fall below 1.00 (batch 1 makes the rule exact)`}.`
    : 'Here no layer takes inputs of one sign (zero-centred activations and data), so the shares should stay well below 1.00.';
  if (!share || !share.length || records < 10) return { text, look: `${rule} On the right: with positive inputs the path to w* zig-zags; with zero-centred inputs it heads straight there.`, against: false };
  const mean = (/** @type {number[]} */ ls) => { let a = 0, n = 0; for (const l of ls) if (Number.isFinite(share[l])) { a += share[l]; ++n; } return n ? a / n : NaN; };
  const mp = mean(pos), mm = mean(mixed);
  /** @type {string[]} */ const seen = [];
  let against = false;
  if (Number.isFinite(mp)) {
    const low = pos.filter((l) => Number.isFinite(share[l]) && share[l] < 0.995);
    if (s.batch === 1 && low.length) {
      against = true;
      seen.push(`against the rule, ${name(low)} average ${mean(low).toFixed(2)}, not 1.00 (gradients that are exactly 0 do not count, so a unit with dead inputs can fall short)`);
    } else seen.push(`${name(pos)} average ${mp.toFixed(2)}${s.batch === 1 ? ', as the rule says' : mp >= 0.95 ? ', close to the rule even with this batch' : ''}`);
  }
  // with fewer than 4 inputs a share near 1 is common by chance (2 inputs: 1.00 whenever both have one sign)
  const fanIn = (/** @type {number} */ l) => (l === 0 ? shape.inputs : layerWidth(s, l - 1));
  if (Number.isFinite(mm)) {
    const high = mixed.filter((l) => Number.isFinite(share[l]) && share[l] >= 0.95 && fanIn(l) >= 4);
    if (high.length) {
      against = true;
      seen.push(`against the rule of thumb, ${name(high)} average ${mean(high).toFixed(2)} although their inputs can have both signs (here they are mostly of one sign)`);
    } else seen.push(`${name(mixed)} (inputs of both signs) average ${mm.toFixed(2)}`);
  }
  return { text, look: `${rule} Measured over the last records: ${seen.join('; ')}. On the right: with positive inputs the path to w* zig-zags; with zero-centred inputs it heads straight there.`, against };
}

/**
 * The product card's words from the measured distribution.
 * @param {{ n: number, trials: number, log10Threshold: number, shareAbove: number, exactAbove: number,
 *   medianLog10: number, sigmoidMaxLog10: number, sigmoidMedianLog10: number }} m
 * @returns {Words}
 */
export function productWords(m) {
  const bound = m.n * Math.log10(0.25);
  const t = thresholdText(m.log10Threshold);
  const text = `Multiply N = ${m.n} numbers drawn from U(0, 1), ${int(m.trials)} times: the histogram shows log10 of the products. The logarithm of each product is a sum of ${m.n} terms, so it concentrates around N·log10(1/e) ≈ ${(m.n * -Math.LOG10E).toFixed(1)}: −ln of the product follows a Gamma(${m.n}, 1) law. Products of sigmoid derivatives (z ~ N(0, 1)) can never exceed 0.25^${m.n} ≈ ${sci(10 ** bound)}.`;
  const share = m.shareAbove === 0 ? 'none' : share1(m.shareAbove);
  const look = `Above ${t}: ${share} of the ${int(m.trials)} uniform products (the exact share is ${share1(m.exactAbove)}); their median is ${sci(10 ** m.medianLog10)}. ` +
    `The sigmoid′ products stay left of the bound line: the largest of them is ${sci(10 ** m.sigmoidMaxLog10)}, the median ${sci(10 ** m.sigmoidMedianLog10)}, ${decadesText(10 ** (m.medianLog10 - m.sigmoidMedianLog10))} below the uniform median.`;
  return { text, look };
}
