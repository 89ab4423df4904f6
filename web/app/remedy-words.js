// @ts-check
// What the remedy switches (batch norm, skips) do on the network on screen, in words: on
// which layers, and where a skip is refused because the widths differ.
// This file is not: the plan itself (state/network.js remedyPlan).
import { layerWidth } from '../state/schema.js';
import { dataShape, remedyPlan, layerSetOf } from '../state/network.js';

/** @typedef {import('../state/schema.js').State} State */

/**
 * Hidden layers (0-based) in words: "all 50 layers", "layers 2–100 (99 of 100)".
 * @param {number[]} layers @param {number} depth
 */
export function layerList(layers, depth) {
  if (layers.length === depth) return `all ${depth} layer${depth === 1 ? '' : 's'}`;
  const flags = Array.from({ length: depth }, () => false);
  for (const l of layers) flags[l] = true;
  const set = layerSetOf(flags).replace(/-/g, '–');
  return `${layers.length === 1 ? 'layer' : 'layers'} ${set} (${layers.length} of ${depth})`;
}

/**
 * @param {State} s @param {import('../state/network.js').CsvFile | null} csv
 * @param {boolean} imported an imported network (its own remedies)
 */
export function remedyWords(s, csv, imported) {
  if (imported) return s.batchnorm || s.residual ? 'The imported network’s own remedies are shown; changing them re-builds the network from these settings (new weights).' : '';
  const shape = dataShape(s, csv);
  const plan = remedyPlan(s, shape);
  const parts = [];
  if (plan.batchnorm.length) parts.push(`batch norm on ${layerList(plan.batchnorm, s.depth)}`);
  if (plan.residual.length) parts.push(`skips around ${layerList(plan.residual, s.depth)}`);
  const refused = plan.skipRefused.map((l) => {
    const fanIn = l === 0 ? shape.inputs : layerWidth(s, l - 1);
    return `layer ${l + 1} (${fanIn} inputs → ${layerWidth(s, l)} units)`;
  });
  const text = parts.length ? `Now: ${parts.join('; ')}.` : 'No remedy on.';
  return refused.length ? `${text} No identity skip where the widths differ: ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ` and ${refused.length - 3} more` : ''}.` : text;
}
