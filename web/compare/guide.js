// @ts-check
// The lesson's recommendation as a guided path: three comparisons in a row (ReLU alone;
// ReLU vs Leaky ReLU vs ELU; then PReLU and RReLU too), each with the advice it tests and a
// reading of the results actually measured. The advice is the lesson's (fixed text); the
// reading is generated from the figures, and every judgement in it ("good enough",
// "worth its cost") is decided by the numbers shown next to it.
import { sci, pct, int } from '../ui/format.js';
import { listOf, targetText, times, msText, byName } from './words.js';

/** @typedef {import('./words.js').FiguresCore} FiguresCore */
/** @typedef {import('./figures.js').NetworkFigures} NetworkFigures */

/**
 * @typedef {{ id: 'relu' | 'leaky-elu' | 'prelu-rrelu', title: string, values: string[], advice: string, question: string }} Stage
 */

/** @type {readonly Stage[]} */
export const GUIDE = Object.freeze([
  {
    id: 'relu', title: '1. Start with ReLU', values: ['relu'],
    advice: 'The lesson’s first rule: start with ReLU. It is the cheapest activation (no exponentials) and often good enough.',
    question: 'Does ReLU reach the target accuracy on this data, and how many of its units die on the way?',
  },
  {
    id: 'leaky-elu', title: '2. If it disappoints: Leaky ReLU or ELU', values: ['relu', 'leaky_relu', 'elu'],
    advice: 'If ReLU disappoints, try Leaky ReLU or ELU: zero-centred activations usually beat those that are not. ELU if compute is not a concern or the network is small, Leaky ReLU otherwise. Both add a hyperparameter.',
    question: 'Do they converge in fewer steps than ReLU, and is ELU’s saving worth its dearer steps?',
  },
  {
    id: 'prelu-rrelu', title: '3. With compute to spare: PReLU and RReLU', values: ['relu', 'leaky_relu', 'elu', 'prelu', 'rrelu'],
    advice: 'With plenty of compute and time, compare PReLU and Randomized Leaky ReLU too. RReLU can help against over-fitting; PReLU only with plenty of training data.',
    question: 'Do the learned (PReLU) or random (RReLU) slopes beat the best of step 2, and does RReLU over-fit less?',
  },
]);

/** @param {string} id */
export function stageById(id) { return GUIDE.find((s) => s.id === id); }

/** The index of the stage after `id` (null after the last). @param {string} id */
export function nextStage(id) {
  const i = GUIDE.findIndex((s) => s.id === id);
  return i >= 0 && i + 1 < GUIDE.length ? GUIDE[i + 1] : null;
}

/** @param {NetworkFigures} n */
const deadShare = (n) => (n.deadUnits ?? 0) / Math.max(1, n.hiddenUnits);
/** Steps x time per step: the compute spent to reach the target. @param {NetworkFigures} n */
const cost = (n) => (n.stepsToTarget !== null && n.time.msPerStep !== null ? n.stepsToTarget * n.time.msPerStep : null);

/**
 * The reading of a stage's results, in sentences.
 * @param {Stage['id']} id @param {FiguresCore} f @param {boolean} done the run reached its last step
 * @returns {string[]}
 */
export function guideReading(id, f, done) {
  const T = targetText(f.target);
  const nets = f.networks.filter((n) => n.steps > 0);
  if (!nets.length) return ['Press Play: the reading appears as soon as the networks have trained.'];
  /** @type {string[]} */ const out = [];
  const relu = byName(f, 'relu');
  const accOk = nets.some((n) => n.testAccuracy !== null);
  const at = done ? `after ${int(f.step)} steps` : `so far (step ${int(f.step)})`;

  if (id === 'relu' && relu) {
    out.push(relu.stepsToTarget !== null
      ? `ReLU reached ${T} test accuracy at step ${int(relu.stepsToTarget)}; ${at} it is at ${pct(relu.testAccuracy)}, lowest test loss ${sci(relu.bestTestLoss, 3)}.`
      : accOk ? `ReLU has not reached ${T} test accuracy ${at} (best ${pct(relu.bestTestAccuracy)}).` : `ReLU’s lowest test loss ${at}: ${sci(relu.bestTestLoss, 3)}.`);
    out.push(`${int(relu.deadUnits ?? 0)} of its ${int(relu.hiddenUnits)} hidden units are dead (${pct(deadShare(relu))}), and a step takes ${msText(relu.time.msPerStep)}.`);
    if (done) {
      const slow = accOk && relu.stepsToTarget === null;
      const dying = deadShare(relu) >= 0.1;
      out.push(!slow && !dying
        ? 'By the lesson’s first rule that is good enough: you could stop here. Step 2 shows what Leaky ReLU and ELU would buy on the same data.'
        : `That disappoints (${[slow ? `it never reached ${T}` : '', dying ? `${pct(deadShare(relu))} of its units died` : ''].filter(Boolean).join(' and ')}): the lesson’s next step is Leaky ReLU or ELU.`);
    }
    return out;
  }

  if (id === 'leaky-elu' || id === 'prelu-rrelu') {
    const leaky = byName(f, 'leaky_relu'), elu = byName(f, 'elu');
    const contenders = id === 'leaky-elu' ? [leaky, elu] : [byName(f, 'prelu'), byName(f, 'rrelu')];
    const reached = nets.filter((n) => n.stepsToTarget !== null).sort((a, b) => /** @type {number} */ (a.stepsToTarget) - /** @type {number} */ (b.stepsToTarget));
    if (accOk) {
      out.push(reached.length
        ? `Steps to ${T} test accuracy: ${reached.map((n) => `${n.label} ${int(/** @type {number} */ (n.stepsToTarget))}`).join(', ')}${nets.length > reached.length ? `; not reached ${at}: ${listOf(nets.filter((n) => n.stepsToTarget === null).map((n) => n.label))}` : ''}.`
        : `No network has reached ${T} test accuracy ${at}.`);
    }
    // compute spent to get there
    const costed = reached.filter((n) => cost(n) !== null);
    if (costed.length > 1 && relu && cost(relu) !== null) {
      const cr = /** @type {number} */ (cost(relu));
      out.push(`Counting the time per step too (steps × ms per step), against ReLU: ${costed.filter((n) => n !== relu).map((n) => `${n.label} ${times(/** @type {number} */ (cost(n)) / cr)}`).join(', ')}.`);
    }
    if (id === 'leaky-elu' && leaky && elu) {
      // the lesson: ELU if compute is no concern, Leaky ReLU otherwise
      if (leaky.stepsToTarget !== null && elu.stepsToTarget !== null && elu.time.relative !== null && leaky.time.relative !== null) {
        const saved = leaky.stepsToTarget - elu.stepsToTarget;
        const ratio = /** @type {number} */ (elu.time.msPerStep) / /** @type {number} */ (leaky.time.msPerStep);
        const cheaper = /** @type {number} */ (cost(elu)) < /** @type {number} */ (cost(leaky));
        out.push(saved > 0
          ? `ELU needed ${int(saved)} fewer steps than Leaky ReLU, at ${times(ratio)} its time per step: ${cheaper ? 'worth it even counting compute' : 'worth it only if compute is not a concern; otherwise Leaky ReLU, as the lesson advises'}.`
          : saved < 0
            ? `Leaky ReLU needed ${int(-saved)} fewer steps than ELU, and ELU’s steps cost ${times(ratio)} Leaky ReLU’s: here Leaky ReLU wins on both counts.`
            : `ELU and Leaky ReLU needed the same number of steps; ELU’s cost ${times(ratio)} as much: Leaky ReLU.`);
      }
      if (relu) {
        const dead = [leaky, elu].filter((n) => n.deadUnits === 0).map((n) => n.label);
        if ((relu.deadUnits ?? 0) > 0 && dead.length) out.push(`ReLU lost ${int(relu.deadUnits ?? 0)} units; ${listOf(dead)} lost none: ${dead.length === 1 ? 'its' : 'their'} negative side keeps a gradient.`);
        const m = [relu, leaky, elu].filter((n) => n.meanActivation !== null);
        if (m.length === 3) {
          const closer = [leaky, elu].filter((n) => Math.abs(/** @type {number} */ (n.meanActivation)) < Math.abs(/** @type {number} */ (relu.meanActivation)));
          out.push(`Mean activation: ReLU ${sci(relu.meanActivation)}, Leaky ReLU ${sci(leaky.meanActivation)}, ELU ${sci(elu.meanActivation)}${closer.length ? ` (${listOf(closer.map((n) => n.label))} closer to zero-centred)` : ' (neither is closer to 0 than ReLU here)'}.`);
        }
      }
    }
    if (id === 'prelu-rrelu') {
      const step2 = [relu, leaky, elu].filter((n) => n && n.stepsToTarget !== null).sort((a, b) => /** @type {number} */ (a?.stepsToTarget) - /** @type {number} */ (b?.stepsToTarget))[0];
      for (const n of contenders) {
        if (!n) continue;
        if (step2 && n.stepsToTarget !== null) {
          const d = /** @type {number} */ (step2.stepsToTarget) - n.stepsToTarget;
          out.push(`${n.label}: ${T} at step ${int(n.stepsToTarget)}, ${d > 0 ? `${int(d)} steps before` : d < 0 ? `${int(-d)} steps after` : 'the same step as'} the best of step 2 (${step2.label}, ${int(/** @type {number} */ (step2.stepsToTarget))})${n.time.relative !== null ? `, at ${times(n.time.relative)} ReLU’s time per step` : ''}.`);
        }
      }
      // over-fitting: the gap between test and train loss
      const gaps = nets.filter((n) => n.testLoss !== null && n.trainLoss !== null).map((n) => ({ n, gap: /** @type {number} */ (n.testLoss) - /** @type {number} */ (n.trainLoss) }));
      if (gaps.length > 1) {
        gaps.sort((a, b) => a.gap - b.gap);
        const r = gaps.find((g) => g.n.name === 'rrelu');
        out.push(`Test loss minus training loss (over-fitting) ${at}: ${gaps.map((g) => `${g.n.label} ${sci(g.gap)}`).join(', ')}.` +
          (r ? (gaps[0].n.name === 'rrelu' ? ' RReLU’s is the smallest: its random slopes acted as a regulariser here.' : ` RReLU’s is not the smallest here (${gaps[0].n.label}’s is).`) : ''));
      }
      const prelu = byName(f, 'prelu');
      if (prelu && f.data) out.push(`PReLU learns its slopes from ${int(f.data.trainRows)} training rows; the lesson keeps it for plenty of data${f.data.trainRows < 5000 ? ' — this is not much' : ''}.`);
    }
  }
  return out;
}
