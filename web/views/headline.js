// @ts-check
// The headline of the gradient card, in words generated from the measured statistics of
// the network on screen: the first-to-last ratio (in decades when it is far from 1), an
// overflow (at which step, in which layer, 1-based as in the charts) instead of Inf/NaN
// bars, and the chain-rule estimate only where it applies (no batch norm, no skips).
// Pure: numbers in, words out; the playground puts them on the page.
import { sci, int } from '../ui/format.js';

/**
 * @typedef {{ step: number, layer: number | null, what: string, message?: string }} Diverged
 *   the core's divergence report: layer 0-based, = depth for the output layer, null for the loss
 * @typedef {{ step: number, values: number[] }} FiniteBars the last gradient norms that were all finite
 * @typedef {{
 *   text: string, cls: string, sub: string, ratio: number, first: number, last: number,
 *   bars: number[] | null, barsNote: string, overflow: boolean
 * }} Headline
 */

/** Decades between two positive numbers, as words: "33 decades" ("1 decade"). @param {number} r */
export function decadesText(r) {
  const d = Math.abs(Math.log10(r));
  const t = d >= 10 ? String(Math.round(d)) : String(+d.toFixed(1));
  return `${t} decade${t === '1' ? '' : 's'}`;
}

/**
 * A layer in words, 1-based: "layer 3", "the output layer", "the loss".
 * @param {number | null | undefined} layer 0-based hidden layer, depth = output layer, null = the loss
 * @param {number} depth hidden layers
 */
export function layerName(layer, depth) {
  if (layer === null || layer === undefined || layer < 0) return 'the loss';
  return layer >= depth ? 'the output layer' : `layer ${layer + 1}`;
}

/** @param {string} what the core's `what` */
function overflowWhat(what) {
  switch (what) {
    case 'activation': return 'the activations overflowed to Inf/NaN';
    case 'loss': return 'the loss became Inf/NaN';
    case 'weight': return 'the weights overflowed to Inf/NaN after the update';
    default: return 'the gradient overflowed to Inf/NaN (exploding gradients)';
  }
}

/**
 * What went wrong, in one sentence with the page's layer numbering.
 * @param {Diverged} d @param {number} depth
 */
export function overflowSentence(d, depth) {
  return `Training overflowed at step ${int(d.step)} in ${layerName(d.layer, depth)}: ${overflowWhat(d.what)}.`;
}

/**
 * The divergence message's first sentence: "Training paused: it diverged at step 4 in layer 5 (the activations overflowed to Inf/NaN)."
 * @param {Diverged} d @param {number} depth
 */
export function divergedSentence(d, depth) {
  return `Training paused: it diverged at step ${int(d.step)} in ${layerName(d.layer, depth)} (${overflowWhat(d.what)}).`;
}

/**
 * The ratio sentence for finite norms.
 * @param {number} first layer 1's norm @param {number} last the last hidden layer's @param {number} lastIndex 1-based
 */
export function ratioWords(first, last, lastIndex) {
  if (lastIndex <= 1) return 'With one hidden layer there is nothing to compare: add layers.';
  if (last === 0 && first === 0) return `Layers 1 and ${lastIndex} both receive exactly 0 (underflow): no gradient reaches them from the loss.`;
  if (last === 0) return `Layer ${lastIndex} receives exactly 0 (underflow), while layer 1 receives ${sci(first)}.`;
  if (first === 0) return `Layer 1 receives exactly 0 (underflow): none of the gradient that layer ${lastIndex} receives (${sci(last)}).`;
  const r = first / last;
  if (r >= 0.5 && r <= 2) return `Layer 1 receives about as much gradient as layer ${lastIndex} (${sci(r)}×).`;
  if (r > 1000) return `Layer 1 receives ${sci(r)} times the gradient that layer ${lastIndex} receives, ${decadesText(r)} more: it grows towards the input (exploding).`;
  if (r > 2) return `Layer 1 receives ${sci(r)} times the gradient that layer ${lastIndex} receives.`;
  if (r < 1e-3) return `Layer 1 receives ${sci(r)} of the gradient that layer ${lastIndex} receives: ${decadesText(r)} less.`;
  return `Layer 1 receives ${sci(r)} of the gradient that layer ${lastIndex} receives.`;
}

/**
 * The chain-rule estimate in the sub line, or why there is none. The estimate predicts
 * layer 1's ‖∂L/∂z‖ over the last hidden layer's (docs/statistics.md), so it is set beside
 * that measured ratio, whatever the bars show.
 * @param {any[]} layers the stats' layers
 */
export function estimateText(layers) {
  const hidden = layers.slice(0, -1);
  if (hidden.length < 2) return '';
  const nb = hidden.filter((l) => l.batchnorm).length, ns = hidden.filter((l) => l.residual).length;
  if (nb || ns) {
    const why = [];
    if (nb) why.push('batch norm makes each layer’s gradient depend on the batch statistics');
    if (ns) why.push('skips give the gradient a path around the layers');
    return ` · no chain-rule estimate: ${why.join(' and ')}, so it is not a product of one factor per layer`;
  }
  const pred = layers[0]?.predicted_ratio;
  if (typeof pred !== 'number' || !Number.isFinite(pred)) return '';
  const last = hidden[hidden.length - 1]?.dz_norm, first = layers[0]?.dz_norm;
  const measured = typeof layers[0]?.dz_ratio === 'number' ? layers[0].dz_ratio : first / last;
  let t = ` · chain-rule estimate of layer 1’s ‖∂L/∂z‖ over layer ${hidden.length}’s, ∏ mean|f′|·scale(W): ${sci(pred)}`;
  if (pred > 0 && measured > 0 && Number.isFinite(measured)) {
    const off = Math.abs(Math.log10(pred / measured));
    t += off >= 2 ? ` (measured ${sci(measured)}: the estimate is ${decadesText(pred / measured)} off: it multiplies per-layer averages)` : ` (measured ${sci(measured)})`;
  }
  return t;
}

/**
 * @param {{ stats: any, field: string, depth: number, diverged: Diverged | null,
 *   lastFinite: FiniteBars | null }} o
 * @returns {Headline}
 */
export function headlineOf(o) {
  const st = o.stats;
  const values = st.layers.map((/** @type {any} */ l) => (typeof l[o.field] === 'number' ? l[o.field] : NaN));
  const H = st.layers.length - 2;
  const first = values[0], last = values[Math.max(0, H)];
  // an overflow is what the core reports; a norm that is not a number without that report
  // was not measured (frames carry non-finite numbers as null)
  const overflow = !!o.diverged;
  const zeros = values.slice(0, H + 1).filter((/** @type {number} */ v) => v === 0).length;
  const remedies = remedyTag(st.layers);
  if (overflow) {
    const d = /** @type {Diverged} */ (o.diverged);
    const lf = o.lastFinite && o.lastFinite.step < d.step ? o.lastFinite : null;
    const barsNote = lf
      ? `The bars show step ${int(lf.step)}, the last measured step whose gradients were all finite.`
      : `No step before it had finite gradients to show: the bars stay empty rather than draw Inf/NaN.`;
    return {
      text: `${overflowSentence(d, o.depth)} ${barsNote}`, cls: 'gs-headline gs-vanish', overflow: true,
      sub: `step ${int(st.step)} · training paused${remedies}`,
      ratio: NaN, first, last, bars: lf ? lf.values : [], barsNote,
    };
  }
  if (!Number.isFinite(first) || !Number.isFinite(last)) {
    return {
      text: `No gradient measured at step ${int(st.step)} yet for ${!Number.isFinite(first) ? 'layer 1' : `layer ${H + 1}`}: press Step (s) or Play (Space).`,
      cls: 'gs-headline', overflow: false, sub: `step ${int(st.step)}${remedies}`, ratio: NaN, first, last, bars: values, barsNote: '',
    };
  }
  const ratio = last > 0 ? first / last : NaN;
  const sub = `step ${int(st.step)} · global gradient norm ${sci(st.grad_norm)}${st.clipped ? ` (clipped to ${sci(st.clipped_norm)})` : ''}` +
    `${zeros ? ` · ${zeros} layer${zeros === 1 ? '' : 's'} underflowed to exactly 0` : ''}${remedies}${estimateText(st.layers)}`;
  return {
    text: ratioWords(first, last, H + 1), cls: `gs-headline${ratio < 1e-3 || first === 0 ? ' gs-vanish' : ''}`, overflow: false,
    sub, ratio, first, last, bars: values, barsNote: '',
  };
}

/** The remedies on, for the sub line: " · batch norm on 50 layers". @param {any[]} layers */
export function remedyTag(layers) {
  const hidden = layers.slice(0, -1);
  const nb = hidden.filter((l) => l.batchnorm).length, ns = hidden.filter((l) => l.residual).length;
  return `${nb ? ` · batch norm on ${nb} layer${nb === 1 ? '' : 's'}` : ''}${ns ? ` · skips around ${ns} layer${ns === 1 ? '' : 's'}` : ''}`;
}

/**
 * The newest record before `beforeStep` whose norms are all finite, as bars.
 * @param {readonly { step: number, dW: ArrayLike<number>, dz: ArrayLike<number> }[]} records
 * @param {'dW' | 'dz'} key @param {number} beforeStep
 * @returns {FiniteBars | null}
 */
export function lastFiniteOf(records, key, beforeStep) {
  for (let i = records.length - 1; i >= 0; --i) {
    const r = records[i];
    if (r.step >= beforeStep) continue;
    const v = Array.from(r[key]);
    if (v.length && v.every(Number.isFinite)) return { step: r.step, values: v };
  }
  return null;
}

/**
 * A core message with the page's layer numbering next to the document's: the core names
 * layers by their 0-based index in the network file ("layers[3].units"); the page numbers
 * hidden layers from 1 ("layers[3].units (hidden layer 4)", "(the output layer)").
 * @param {string} msg @param {number} depth hidden layers
 */
export function withPageLayers(msg, depth) {
  return msg.replace(/\blayers\[(\d+)\]((?:\.[a-z_]+)*)/g, (m, i) => {
    const l = Number(i);
    return `${m} (${l === depth ? 'the output layer' : l < depth ? `hidden layer ${l + 1}` : `layer ${l + 1}`})`;
  });
}

/**
 * The core's divergence report in the page's numbering, for events and figures():
 * `layer` 1-based like the charts (1..depth the hidden layers, depth + 1 the output layer,
 * null the loss), `message` the page's sentence.
 * @param {Diverged | null | undefined} d @param {number} depth
 * @returns {{ step: number, layer: number | null, what: string, message: string } | null}
 */
export function pageDiverged(d, depth) {
  if (!d) return null;
  const layer = d.layer === null || d.layer === undefined || d.layer < 0 ? null : d.layer + 1;
  return { step: d.step, layer, what: d.what, message: divergedSentence(d, depth) };
}
