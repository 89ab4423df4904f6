// @ts-check
// The guided tour's stops, in the lesson's order (sigmoid, saturation, ReLU, dying ReLU,
// zig-zag, the leaky family, ELU, remedies, choosing). Each stop opens a preset and pairs
// the lesson's idea (fixed text: the lesson's own words) with a reading generated from the
// figures of the network on screen: every number is measured, every judgement ("near
// chance", "never negative") is decided by the number next to it, and a sentence whose
// figures are missing is left out. Pure functions, no DOM.
// This file is not: the panel (tour.js) or the presets' claims (presets.js).
import { sci, pct, int } from '../ui/format.js';
import { layerActivation, TOUR_STOPS } from '../state/schema.js';
import { label } from './controls.js';

/** @typedef {import('../state/schema.js').State} State */
/**
 * What a reading is made of: the state on screen, its latest step statistics (frame
 * stats; step 0 is the network as initialised) and the page's figures().
 * @typedef {{ step: number, gradientRatio: number | null, testAccuracy: number | null,
 *   deadUnits: number, units: number, diverged: any, depth: number }} ReadFigures
 * @typedef {{ title: string, figures: ReadFigures }} Seen the last figures seen at a stop
 * @typedef {{ state: State, stats: any, figures: ReadFigures, seen?: Seen[] }} Reading
 *   seen: the tour's earlier stops, for the last one
 */
/**
 * @typedef {{ id: string, title: string, preset: string | null, lesson: string,
 *   look: { view: string, layer?: number }[], read: (r: Reading) => string[] }} Stop
 */

/** @param {number[]} xs */
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** The hidden layers' statistics. @param {any} st @returns {any[]} */
const hidden = (st) => (Array.isArray(st?.layers) ? st.layers.slice(0, -1) : []);
/** "at step 1,000" @param {Reading} r */
const at = (r) => `at step ${int(r.figures.step)}`;
/** The activation of the network in words ("sigmoid", "mixed: Leaky ReLU, PReLU, RReLU"). @param {State} s */
function actWords(s) {
  const names = [...new Set(Array.from({ length: s.depth }, (_, l) => layerActivation(s, l)))];
  return names.length === 1 ? label(names[0]) : `mixed (${names.map((n) => label(n)).join(', ')})`;
}

/**
 * The gradient ratio in words, with its decades and the factor per layer.
 * @param {Reading} r
 */
function ratioWords(r) {
  const f = r.figures, L = r.state.depth, q = f.gradientRatio;
  if (L < 2) return 'With one hidden layer there is no first-to-last ratio to read.';
  if (q === null) return '';
  if (q === 0) return `Layer 1 receives exactly 0 of the gradient that layer ${L} receives ${at(r)}: it underflowed.`;
  const dec = Math.log10(q);
  const per = `about ${sci(q ** (1 / (L - 1)))}× per layer`;
  if (Math.abs(dec) < 1) return `Layer 1 receives about as much gradient as layer ${L} ${at(r)} (${sci(q)}×): within a decade over ${L - 1} layers, ${per}.`;
  return dec < 0
    ? `Layer 1 receives ${sci(q)} of the gradient that layer ${L} receives ${at(r)}: ${Math.round(-dec)} decades lost over ${L - 1} layers, ${per}.`
    : `Layer 1 receives ${sci(q)} times the gradient that layer ${L} receives ${at(r)}: ${Math.round(dec)} decades gained over ${L - 1} layers, ${per}.`;
}

/** What the tour measured at a stop, in a few words. @param {Seen} v */
function seenWords(v) {
  const f = v.figures, parts = [];
  if (f.gradientRatio !== null && f.depth > 1) parts.push(`layer 1 got ${sci(f.gradientRatio)}× layer ${f.depth}’s gradient`);
  if (f.testAccuracy !== null && f.step > 0) parts.push(`test accuracy ${pct(f.testAccuracy)}`);
  if (f.units) parts.push(`${int(f.deadUnits)} of ${int(f.units)} units dead`);
  return `${parts.join(', ')} at step ${int(f.step)}${f.diverged ? ` (diverged at step ${int(f.diverged.step)})` : ''}`;
}

/** @param {Reading} r */
function accuracyWords(r) {
  const a = r.figures.testAccuracy;
  if (a === null || r.figures.step === 0) return '';
  return `Test accuracy ${at(r)}: ${pct(a)}${a < 0.6 ? ' (near chance for two balanced classes)' : a > 0.9 ? ' (the network learned the data)' : ''}.`;
}

/** The share of hidden outputs with |f′| < ε. @param {any} st */
function saturatedShare(st) {
  let sat = 0, n = 0;
  for (const l of hidden(st)) { const v = num(l.saturated_fraction); if (v !== null) { sat += v * l.units; n += l.units; } }
  return n ? sat / n : null;
}

/** @type {readonly Stop[]} */
export const STOPS = Object.freeze([
  {
    id: 'sigmoid', title: 'The sigmoid: gradients vanish', preset: 'sigmoid-50',
    lesson: 'By the chain rule the gradient that reaches layer 1 is a product of one factor per layer above it, and each factor contains the activation’s derivative. The sigmoid’s derivative is at most 0.25: fifty such factors collapse the product.',
    look: [{ view: 'gradients' }],
    read: (r) => {
      const mad = mean(hidden(r.stats).map((l) => num(l.mean_abs_deriv)).filter((v) => v !== null));
      return [ratioWords(r),
        Number.isFinite(mad) ? `The mean |f′| over the ${actWords(r.state)} layers is ${sci(mad)}${mad <= 0.25 ? ', below the sigmoid’s bound of 0.25' : ''}: each layer multiplies the gradient by a factor of that order times its weights’ scale.` : '',
        accuracyWords(r)];
    },
  },
  {
    id: 'saturation', title: 'Saturated neurons', preset: 'saturated-sigmoid',
    lesson: 'A sigmoid unit whose pre-activation w·x + b is far from 0 sits on a flat part of the curve: its derivative is almost 0, so its weights barely move, and it takes many steps to leave. Sigmoid and tanh saturate on both sides.',
    look: [{ view: 'layer', layer: 0 }, { view: 'health' }],
    read: (r) => {
      const s = saturatedShare(r.stats);
      const units = hidden(r.stats).reduce((a, l) => a + l.units, 0);
      return [s === null ? '' : `${pct(s)} of the outputs of the ${int(units)} hidden units sit where |f′| < 0.001 ${at(r)}, on one batch of training rows.`,
        s === null ? '' : s > 0.5 ? 'More than half: most of this network barely learns.' : s < 0.1 ? 'Few: most units sit where the curve is steep.' : '',
        accuracyWords(r)];
    },
  },
  {
    id: 'relu', title: 'ReLU: the gradient passes', preset: 'relu-50',
    lesson: 'ReLU’s derivative is 1 for positive inputs and 0 for negative ones: a product of ReLU derivatives does not shrink, it passes the gradient or blocks it. All negative inputs map to 0 (one-sided saturation), so many units output exactly 0: sparsity.',
    look: [{ view: 'gradients' }, { view: 'health' }],
    read: (r) => {
      const z = mean(hidden(r.stats).map((l) => num(l.zero_fraction)).filter((v) => v !== null));
      return [ratioWords(r), Number.isFinite(z) ? `${pct(z)} of the hidden outputs are exactly 0 ${at(r)} (sparsity).` : '', accuracyWords(r)];
    },
  },
  {
    id: 'dying-relu', title: 'Dying ReLU', preset: 'dying-relu',
    lesson: 'If the weights and bias drive w·x + b below 0 for every input, a ReLU unit outputs 0 everywhere, its gradient is 0 everywhere, and it never recovers: a dead unit. A large learning rate makes this likely.',
    look: [{ view: 'health' }],
    read: (r) => {
      const f = r.figures;
      return [f.units ? `${int(f.deadUnits)} of the ${int(f.units)} hidden units are dead ${at(r)} (0 for every probe row), with learning rate ${r.state.lr}.` : '',
        f.units && f.step > 0 ? (f.deadUnits / f.units >= 0.3 ? 'That is a large share of the network lost for good.' : f.deadUnits === 0 ? 'None has died so far.' : '') : 'Press Play and watch the dead count.',
        accuracyWords(r)];
    },
  },
  {
    id: 'zigzag', title: 'Non-zero-centred outputs: zig-zag updates', preset: 'zigzag',
    lesson: 'Sigmoid and ReLU outputs are never negative. The next layer’s weight gradient is δ·xᵢ with every xᵢ ≥ 0, so all weights of one unit get updates of the same sign in a step; when the best step raises some and lowers others, the optimiser has to zig-zag.',
    look: [{ view: 'zigzag' }],
    read: (r) => {
      const L = hidden(r.stats);
      const below = L.slice(0, -1).map((l) => num(l.act_min)).filter((v) => v !== null);
      const share = mean((Array.isArray(r.stats?.layers) ? r.stats.layers.slice(1) : []).map((/** @type {any} */ l) => num(l.same_sign_share)).filter((/** @type {any} */ v) => v !== null));
      const lowest = below.length ? Math.min(...below) : null;
      return [lowest === null ? '' : `The smallest output of the ${actWords(r.state)} layers feeding another layer ${at(r)} is ${sci(lowest)}: ${lowest >= 0 ? 'never negative' : 'some outputs are negative'}.`,
        Number.isFinite(share) ? `Same-sign share of the weight updates (layers 2 on, batch of ${r.state.batch}): ${share.toFixed(2)}${share === 1 ? ': every weight of a unit moves the same way' : ''}.` : ''];
    },
  },
  {
    id: 'leaky', title: 'Leaky ReLU, PReLU and Randomized Leaky ReLU', preset: 'leaky-family',
    lesson: 'Leaky ReLU keeps a small slope α for negative inputs, so units cannot die and outputs can be negative. PReLU learns α by backpropagation; RReLU draws it at random while training (a regulariser) and uses the mean in evaluation.',
    look: [{ view: 'slopes' }, { view: 'health' }],
    read: (r) => {
      const L = hidden(r.stats);
      const prelu = L.map((l) => num(l.prelu_alpha?.mean)).filter((v) => v !== null);
      const rr = L.filter((l) => l.rrelu_slope).map((l) => l.rrelu_slope);
      return [r.figures.units ? `${int(r.figures.deadUnits)} of ${int(r.figures.units)} units dead ${at(r)}.` : '',
        prelu.length ? `PReLU slopes (mean per layer) ${at(r)}: ${prelu.map((v) => sci(v)).join(', ')}${prelu.some((v) => Math.abs(v - r.state.preluInit) > 0.01) ? ` (moved from ${r.state.preluInit})` : ` (still at their initial ${r.state.preluInit})`}.` : '',
        rr.length ? `RReLU slopes drawn this step: ${sci(Math.min(...rr.map((/** @type {any} */ s) => s.min)))} to ${sci(Math.max(...rr.map((/** @type {any} */ s) => s.max)))}, inside U(${sci(r.state.rreluLower)}, ${sci(r.state.rreluUpper)}).` : '',
        accuracyWords(r)];
    },
  },
  {
    id: 'elu', title: 'ELU and bias shift', preset: 'elu-bias-shift',
    lesson: 'ELU is x for positive inputs and α(eˣ − 1) otherwise: it saturates to −α on the negative side (one-sided) and its outputs can be negative, so the mean a layer passes on stays nearer 0 (less bias shift). Its cost: an exponential per unit.',
    look: [{ view: 'layer', layer: 0 }, { view: 'network' }],
    read: (r) => {
      const L = hidden(r.stats);
      const m = mean(L.map((l) => num(l.act_mean)).filter((v) => v !== null).map(Math.abs));
      const neg = L.map((l) => num(l.act_min)).filter((v) => v !== null);
      return [Number.isFinite(m) ? `Mean |activation mean| over the ${L.length} ${actWords(r.state)} layers ${at(r)}: ${sci(m)}${m < 0.15 ? ' (close to zero-centred)' : ''}.` : '',
        neg.length ? `Smallest output: ${sci(Math.min(...neg))}${Math.min(...neg) < 0 ? ' (negative outputs pull the mean down)' : ''}.` : '',
        accuracyWords(r)];
    },
  },
  {
    id: 'remedies', title: 'Remedies: batch norm and skip connections', preset: 'sigmoid-50-batchnorm',
    lesson: 'Batch normalisation re-centres and re-scales every layer’s pre-activations, so they stay where the sigmoid is steep; a skip connection gives the gradient a path around each layer. Good initialisation (Xavier, He) is the first defence; clipping tames the opposite failure, exploding gradients.',
    look: [{ view: 'gradients' }, { view: 'layer', layer: 0 }],
    read: (r) => {
      const bn = hidden(r.stats).filter((l) => l.batchnorm);
      const inStd = mean(bn.map((l) => num(l.batchnorm.in_std)).filter((v) => v !== null));
      return [ratioWords(r),
        bn.length && Number.isFinite(inStd) ? `Batch norm on ${bn.length} layers: the spread of Wx + b before it averages ${sci(inStd)}; after it, each layer’s z has spread about |γ| (γ starts at 1).` : bn.length ? '' : 'This network has no batch norm layer.',
        accuracyWords(r)];
    },
  },
  {
    id: 'choosing', title: 'Choosing an activation', preset: null,
    lesson: 'The lesson’s advice: start with ReLU (cheapest, often good enough). If it disappoints, try Leaky ReLU or ELU (zero-centred ones usually do better): ELU if compute is no concern or the network is small, Leaky ReLU otherwise. With plenty of compute and time, compare PReLU and RReLU too.',
    look: [{ view: 'explorer' }],
    read: (r) => [
      r.seen?.length ? 'What this tour measured (the last figures seen at each stop):' : '',
      ...(r.seen ?? []).map((v) => `${v.title}: ${seenWords(v)}.`),
      `On screen: ${r.state.depth} ${actWords(r.state)} layer${r.state.depth === 1 ? '' : 's'}. “Compare activations” trains ReLU, Leaky ReLU and ELU side by side on it, with a reading of which one the numbers favour.`],
  },
]);

if (STOPS.length !== TOUR_STOPS) throw new Error(`tour: ${STOPS.length} stops, but the state schema allows ${TOUR_STOPS}`);

/**
 * The reading of stop `i` (0-based) for the network on screen: sentences, empty ones left out.
 * @param {number} i @param {Reading} r @returns {string[]}
 */
export function readingOf(i, r) {
  if (!r.stats || !Array.isArray(r.stats.layers) || !r.stats.layers.length) return ['Measuring the network…'];
  if (r.figures.diverged) return [`Training diverged at step ${int(r.figures.diverged.step)}: the figures are no longer finite. Reset (r) to go back to step 0.`];
  return [r.figures.step === 0 && STOPS[i].preset ? 'Step 0: the network as initialised, before any update.' : '', ...STOPS[i].read(r)].filter(Boolean);
}
