// @ts-check
// Sentences generated from the measured figures: every number in them is read from the
// networks, every comparison ("before", "cheaper", "none") is decided by the numbers, and
// a sentence whose figures are missing is left out. No canned results.
// This file is not: the figures (figures.js) or where the sentences are shown.
import { sci, pct, int, short } from '../ui/format.js';

/** @typedef {import('./figures.js').NetworkFigures} NetworkFigures */
/**
 * @typedef {{ step: number, target: number, baseline: number, vary: string,
 *   data: { name: string, task: string, trainRows: number, testRows: number } | null,
 *   networks: NetworkFigures[] }} FiguresCore
 */

/** "a", "a and b", "a, b and c" @param {string[]} xs */
export function listOf(xs) {
  if (xs.length <= 1) return xs[0] ?? '';
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** 90% @param {number} t */
export const targetText = (t) => `${+(t * 100).toFixed(1)}%`;

/** 1.77× @param {number} x */
export const times = (x) => `${x >= 100 ? Math.round(x) : short(x)}×`;

/** 0.312 ms, 0.0451 ms (one unit, so the figures of one comparison line up) @param {number | null} ms */
export function msText(ms) {
  if (ms === null || !Number.isFinite(ms)) return '–';
  return `${short(ms)} ms`;
}

/** @param {string} s */
const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** "ReLU’s", "2 layers’" @param {string} label */
export const of = (label) => (/s$/.test(label) ? `${label}’` : `${label}’s`);

/**
 * A network as a noun in a sentence: its label, except the plain network of a comparison
 * of remedies ("the plain network", not "plain").
 * @param {NetworkFigures} n @param {FiguresCore} f
 */
export const nameOf = (n, f) => (f.vary === 'remedy' && n.name === 'none' ? 'the plain network' : n.label);

/**
 * A network at the start of a sentence (remedies capitalised: "Batch norm reached...";
 * activations keep their names as written: "sigmoid", "tanh").
 * @param {NetworkFigures} n @param {FiguresCore} f
 */
const subject = (n, f) => (f.vary === 'remedy' ? cap(nameOf(n, f)) : n.label);

/** Activations whose negative side keeps a gradient (units cannot die). */
const LEAKY = new Set(['leaky_relu', 'prelu', 'rrelu', 'elu', 'selu', 'gelu', 'silu', 'softplus', 'tanh', 'sigmoid', 'identity']);

/** @param {FiguresCore} f */
const hasAccuracy = (f) => f.networks.some((n) => n.testAccuracy !== null);

/** @param {NetworkFigures} n */
const units = (n) => `${int(n.deadUnits ?? 0)} of ${int(n.hiddenUnits)} (${pct((n.deadUnits ?? 0) / Math.max(1, n.hiddenUnits))})`;

/**
 * Compute time to reach the target, in the baseline's time per step (steps x ms).
 * @param {NetworkFigures} n
 */
const costToTarget = (n) => (n.stepsToTarget !== null && n.time.msPerStep !== null ? n.stepsToTarget * n.time.msPerStep : null);

/**
 * The short verdict of one network (the table's last column).
 * @param {NetworkFigures} n @param {FiguresCore} f
 */
export function verdictOf(n, f) {
  if (n.diverged) return `Diverged at step ${int(n.diverged.step)} (${n.diverged.what} became Inf/NaN).`;
  if (n.steps === 0) return 'Not started.';
  /** @type {string[]} */ const parts = [];
  const T = targetText(f.target);
  if (hasAccuracy(f)) {
    const reached = f.networks.filter((x) => x.stepsToTarget !== null && !x.diverged);
    const fastest = Math.min(...reached.map((x) => /** @type {number} */ (x.stepsToTarget)));
    if (n.stepsToTarget !== null) {
      const alone = reached.filter((x) => x.stepsToTarget === fastest).length === 1;
      parts.push(n.stepsToTarget === fastest && alone && f.networks.length > 1 ? `first to ${T} (step ${int(n.stepsToTarget)})` : `${T} at step ${int(n.stepsToTarget)}`);
    } else parts.push(`not at ${T} yet (best ${pct(n.bestTestAccuracy)})`);
  }
  if (n.gradRatio !== null && n.gradRatio < 1e-3 && n.hiddenLayers > 1) parts.push(`gradients vanish: layer 1 gets ${sci(n.gradRatio)} of layer ${n.hiddenLayers}’s`);
  if (n.gradRatio !== null && n.gradRatio > 1e3 && n.hiddenLayers > 1) parts.push(`gradients explode: layer 1 gets ${sci(n.gradRatio)}× layer ${n.hiddenLayers}’s`);
  const anyDead = f.networks.some((x) => (x.deadUnits ?? 0) > 0);
  if ((n.deadUnits ?? 0) > 0) parts.push(`${units(n)} units dead`);
  else if (anyDead && n.deadUnits === 0) parts.push('no dead units');
  const means = f.networks.filter((x) => x.meanActivation !== null && !x.diverged);
  if (means.length > 1 && n.meanActivation !== null) {
    const sorted = [...means].sort((a, b) => Math.abs(/** @type {number} */ (a.meanActivation)) - Math.abs(/** @type {number} */ (b.meanActivation)));
    const second = Math.abs(/** @type {number} */ (sorted[1].meanActivation));
    if (sorted[0].index === n.index && Math.abs(n.meanActivation) * 1.5 < second) parts.push(`most zero-centred (mean ${sci(n.meanActivation)})`);
  }
  const base = f.networks[f.baseline];
  if (n.index !== f.baseline && n.time.relative !== null && Math.abs(n.time.relative - 1) >= 0.08)
    parts.push(`${times(n.time.relative)} ${of(nameOf(base, f))} time per step`);
  return `${cap(parts.join('; '))}.`;
}

/**
 * The comparison in sentences, most important first: convergence, against the baseline,
 * compute, dead units, vanishing gradients, bias shift, best test loss.
 * @param {FiguresCore} f
 * @returns {string[]}
 */
export function summarySentences(f) {
  /** @type {string[]} */ const out = [];
  const nets = f.networks.filter((n) => n.steps > 0);
  if (!nets.length) return out;
  const T = targetText(f.target);
  const base = f.networks[f.baseline];
  const ref = nameOf(base, f);
  const name = (/** @type {NetworkFigures} */ n) => nameOf(n, f);
  const many = f.networks.length > 1;

  // convergence
  if (hasAccuracy(f)) {
    const reached = nets.filter((n) => n.stepsToTarget !== null).sort((a, b) => /** @type {number} */ (a.stepsToTarget) - /** @type {number} */ (b.stepsToTarget));
    const missed = nets.filter((n) => n.stepsToTarget === null);
    const missText = missed.map((n) => `${name(n)} (best ${pct(n.bestTestAccuracy)}${n.diverged ? `, diverged at step ${int(n.diverged.step)}` : ''})`);
    if (!many) {
      const n = nets[0];
      out.push(n.stepsToTarget !== null
        ? `${subject(n, f)} reached ${T} test accuracy at step ${int(n.stepsToTarget)}; it is at ${pct(n.testAccuracy)} at step ${int(n.steps)}.`
        : `${subject(n, f)} has not reached ${T} test accuracy in ${int(n.steps)} steps (best ${pct(n.bestTestAccuracy)}).`);
    } else if (reached.length) {
      const first = reached[0];
      const tie = reached.filter((n) => n.stepsToTarget === first.stepsToTarget);
      const rest = reached.slice(tie.length).map((n) => `${name(n)} at step ${int(/** @type {number} */ (n.stepsToTarget))}`);
      out.push(`First to ${T} test accuracy: ${listOf(tie.map(name))}, at step ${int(/** @type {number} */ (first.stepsToTarget))}` +
        `${rest.length ? `; then ${listOf(rest)}` : ''}` +
        `${missed.length ? `. Not there by step ${int(Math.max(...nets.map((n) => n.steps)))}: ${listOf(missText)}` : ''}.`);
    } else {
      out.push(`No network has reached ${T} test accuracy in ${int(Math.max(...nets.map((n) => n.steps)))} steps: ${listOf(missText)}.`);
    }
    // against the baseline
    if (many && base.steps > 0) {
      for (const n of nets) {
        if (n.index === f.baseline) continue;
        const rel = n.time.relative !== null ? `, at ${times(n.time.relative)} the time per step` : '';
        const each = n.time.relative !== null ? ` Each ${n.label} step costs ${times(n.time.relative)} a ${base.label} step.` : '';
        if (n.stepsToTarget !== null && base.stepsToTarget !== null) {
          const d = base.stepsToTarget - n.stepsToTarget;
          const cn = costToTarget(n), cb = costToTarget(base);
          const cost = cn !== null && cb !== null && cb > 0 && d !== 0 && n.time.relative !== null && Math.abs(n.time.relative - 1) >= 0.05
            ? `: ${times(cn / cb)} ${of(ref)} compute time to get there` : '';
          out.push(d === 0
            ? `${subject(n, f)} reached ${T} test accuracy at the same step as ${ref} (${int(n.stepsToTarget)})${rel}.`
            : `${subject(n, f)} reached ${T} test accuracy ${int(Math.abs(d))} steps ${d > 0 ? 'before' : 'after'} ${ref} (step ${int(n.stepsToTarget)} against ${int(base.stepsToTarget)})${rel}${cost}.`);
        } else if (n.stepsToTarget !== null) {
          out.push(`${subject(n, f)} reached ${T} test accuracy at step ${int(n.stepsToTarget)}; ${ref} had not by step ${int(base.steps)}.${each}`);
        } else if (base.stepsToTarget !== null) {
          out.push(`${subject(n, f)} had not reached ${T} test accuracy by step ${int(n.steps)}; ${ref} did at step ${int(base.stepsToTarget)}.${each}`);
        }
      }
    }
  } else {
    const best = [...nets].filter((n) => n.bestTestLoss !== null).sort((a, b) => /** @type {number} */ (a.bestTestLoss) - /** @type {number} */ (b.bestTestLoss));
    if (best.length) out.push(`Lowest test loss: ${best.map((n) => `${n.label} ${sci(n.bestTestLoss, 3)} (step ${int(/** @type {number} */ (n.bestTestLossStep))})`).join(', ')}.`);
  }

  // compute
  const timed = f.networks.filter((n) => n.time.msPerStep !== null);
  if (timed.length === f.networks.length) {
    const sorted = [...timed].sort((a, b) => /** @type {number} */ (a.time.msPerStep) - /** @type {number} */ (b.time.msPerStep));
    out.push(`Time per training step, measured in each network’s own worker (statistics off, one worker at a time): ${sorted.map((n) => `${n.label} ${msText(n.time.msPerStep)}${many && n.index !== f.baseline && n.time.relative !== null ? ` (${times(n.time.relative)})` : ''}`).join(', ')}.`);
  }

  // dead units
  const alive = nets.filter((n) => !n.diverged);
  const withDead = alive.filter((n) => (n.deadUnits ?? 0) > 0);
  if (withDead.length) {
    const none = alive.filter((n) => n.deadUnits === 0);
    const why = none.length && none.every((n) => LEAKY.has(n.name)) && withDead.every((n) => n.name === 'relu')
      ? `: ${none.length === 1 ? 'its' : 'their'} negative side keeps a gradient, so no unit can die` : '';
    out.push(`Dead units at step ${int(Math.max(...nets.map((n) => n.steps)))} (output 0 for every probe row, so no gradient reaches them): ${withDead.map((n) => `${n.label} ${units(n)}`).join('; ')}` +
      `${none.length ? `; none in ${listOf(none.map(name))}${why}` : ''}.`);
  } else if (alive.length && alive.every((n) => n.deadUnits === 0) && alive.some((n) => n.name === 'relu')) {
    out.push('No unit has died in any network so far.');
  }

  // vanishing / exploding gradients
  for (const n of nets) {
    if (n.gradRatio === null || n.hiddenLayers < 2) continue;
    if (n.gradRatio < 1e-3) out.push(`${subject(n, f)}: layer 1 gets ${sci(n.gradRatio)} of the gradient of layer ${n.hiddenLayers} at step ${int(n.steps)}, so its first layers barely learn.`);
    else if (n.gradRatio > 1e3) out.push(`${subject(n, f)}: layer 1 gets ${sci(n.gradRatio)} times the gradient of layer ${n.hiddenLayers} at step ${int(n.steps)} (exploding).`);
  }

  // what the remedies change: how much of the gradient reaches layer 1
  if (f.vary === 'remedy' && many) {
    const ratios = nets.filter((n) => n.gradRatio !== null && n.gradRatio > 0 && n.hiddenLayers > 1 && !n.diverged);
    if (ratios.length > 1) {
      const off = (/** @type {NetworkFigures} */ n) => Math.abs(Math.log10(/** @type {number} */ (n.gradRatio)));
      const sorted = [...ratios].sort((a, b) => off(a) - off(b));
      out.push(`Layer 1’s ‖∂L/∂W‖ over the last hidden layer’s at step ${int(Math.max(...ratios.map((n) => n.steps)))}, closest to 1 first: ${sorted.map((n) => `${name(n)} ${sci(n.gradRatio)}`).join(', ')}.`);
    }
  }

  // bias shift
  const means = nets.filter((n) => n.meanActivation !== null && !n.diverged);
  if (means.length > 1) {
    const sorted = [...means].sort((a, b) => Math.abs(/** @type {number} */ (a.meanActivation)) - Math.abs(/** @type {number} */ (b.meanActivation)));
    out.push(`Mean activation over the hidden layers (the bias shift the next layer sees), closest to 0 first: ${sorted.map((n) => `${n.label} ${sci(n.meanActivation)}`).join(', ')}.`);
  }

  out.push(...againstRules(f));

  // best test loss
  if (hasAccuracy(f) && many) {
    const best = [...nets].filter((n) => n.bestTestLoss !== null).sort((a, b) => /** @type {number} */ (a.bestTestLoss) - /** @type {number} */ (b.bestTestLoss));
    if (best.length) out.push(`Lowest test loss: ${name(best[0])}, ${sci(best[0].bestTestLoss, 3)} at step ${int(/** @type {number} */ (best[0].bestTestLossStep))}.`);
  }
  return out;
}

/** Activations whose outputs can be negative, which the lesson says pulls the mean activation towards 0. */
const ZERO_CENTRING = new Set(['elu', 'selu', 'leaky_relu', 'prelu', 'rrelu', 'tanh']);

/**
 * Where this run goes against the lesson's rules of thumb, said as such (so a reader does
 * not take the rule for what happened): a remedy that does not bring layer 1's gradient
 * closer to the last layer's, or that reaches the target later than the plain network;
 * sigmoid keeping more of the gradient than ReLU; an activation with negative outputs
 * whose mean is not closer to 0 than ReLU's; a ReLU network that reached the target
 * before a leaky one although it lost units. Empty when the run follows the rules.
 * @param {FiguresCore} f
 * @returns {string[]}
 */
export function againstRules(f) {
  /** @type {string[]} */ const out = [];
  const nets = f.networks.filter((n) => n.steps > 0 && !n.diverged);
  const step = int(Math.max(0, ...nets.map((n) => n.steps)));
  const T = targetText(f.target);
  const off = (/** @type {number | null} */ r) => (r !== null && r > 0 ? Math.abs(Math.log10(r)) : null);
  if (f.vary === 'remedy') {
    const plain = nets.find((n) => n.name === 'none');
    if (!plain) return out;
    const p = off(plain.gradRatio);
    for (const n of nets) {
      if (n === plain) continue;
      const o = off(n.gradRatio);
      if (p !== null && o !== null && n.hiddenLayers > 1 && o > p + 0.5)
        out.push(`Against the rule of thumb that a remedy lets the gradient reach the first layers: at step ${step}, ${nameOf(n, f)}’s layer 1 gets ${sci(n.gradRatio)} of its last hidden layer’s gradient, further from 1 than the plain network’s ${sci(plain.gradRatio)}.`);
      if (plain.stepsToTarget !== null && (n.stepsToTarget === null || n.stepsToTarget > plain.stepsToTarget))
        out.push(`Against the rule of thumb, the plain network reached ${T} test accuracy (step ${int(plain.stepsToTarget)}) ${n.stepsToTarget === null ? `and ${nameOf(n, f)} has not by step ${int(n.steps)}` : `before ${nameOf(n, f)} (step ${int(n.stepsToTarget)})`}.`);
    }
    return out;
  }
  if (f.vary !== 'activation') return out;
  const relu = nets.find((n) => n.name === 'relu'), sigmoid = nets.find((n) => n.name === 'sigmoid');
  if (relu && sigmoid && relu.hiddenLayers > 1) {
    const a = off(sigmoid.gradRatio), b = off(relu.gradRatio);
    if (a !== null && b !== null && a < b)
      out.push(`Against the rule of thumb that the sigmoid’s gradient vanishes faster: here sigmoid’s layer 1 gets ${sci(sigmoid.gradRatio)} of its last hidden layer’s gradient, closer to 1 than ReLU’s ${sci(relu.gradRatio)}.`);
  }
  if (relu && relu.meanActivation !== null) {
    for (const n of nets) {
      if (!ZERO_CENTRING.has(n.name) || n.meanActivation === null) continue;
      if (Math.abs(n.meanActivation) >= Math.abs(relu.meanActivation))
        out.push(`Against the rule of thumb that negative outputs pull the mean towards 0: ${n.label}’s mean activation (${sci(n.meanActivation)}) is not closer to 0 than ReLU’s (${sci(relu.meanActivation)}) at step ${int(n.steps)}.`);
    }
  }
  if (relu && relu.time.msPerStep !== null) {
    for (const n of nets) {
      if ((n.name !== 'elu' && n.name !== 'sigmoid') || n.time.msPerStep === null) continue;
      if (n.time.msPerStep <= relu.time.msPerStep)
        out.push(`Against the rule of thumb that ${n.label}’s exponentials make its steps dearer than ReLU’s: here ${/^[aeiou]/i.test(n.label) ? 'an' : 'a'} ${n.label} step took ${msText(n.time.msPerStep)} against ReLU’s ${msText(relu.time.msPerStep)} (each measured in its own worker on this machine).`);
    }
  }
  if (relu && (relu.deadUnits ?? 0) > 0 && relu.stepsToTarget !== null) {
    const slower = nets.filter((n) => n.name !== 'relu' && LEAKY.has(n.name) && n.name !== 'sigmoid' && n.name !== 'tanh' && n.name !== 'identity' && (n.stepsToTarget === null || n.stepsToTarget > /** @type {number} */ (relu.stepsToTarget)));
    if (slower.length)
      out.push(`Dead units did not slow ReLU down here: with ${units(relu)} units dead it reached ${T} at step ${int(relu.stepsToTarget)}, before ${listOf(slower.map((n) => n.label))}, whose units cannot die.`);
  }
  return out;
}

/**
 * @param {FiguresCore} f @param {string} name
 * @returns {NetworkFigures | undefined}
 */
export const byName = (f, name) => f.networks.find((n) => n.name === name);
