// @ts-check
// A preset's "Compare: ..." (issue 13): the preset and its variant trained side by side in
// the comparison dialog (web/compare), so the playground keeps the preset and its lesson.
// The two networks are labelled by the fields in which they differ, generated from the two
// states ("sigmoid, Xavier uniform, lr 0.01" against "ReLU, He uniform, lr 0.001").
// This file is not: the comparison (web/compare/comparison.js) or the presets' texts.
import { networkDoc, configDoc, dataShape } from '../state/network.js';
import { presetState } from '../state/presets.js';
import { labelOf } from '../state/compare-setup.js';
import { short } from '../ui/format.js';

/** @typedef {import('../state/presets.js').Preset} Preset */
/** @typedef {import('../state/schema.js').State} State */

/** Views of a preset comparison (the sweeps vary one thing at a time: not these). */
export const PRESET_COMPARE_VIEWS = Object.freeze(['table', 'loss', 'grad0', 'profile', 'health', 'mean']);

/**
 * One field of a state, in a few words.
 * @param {State} s @param {string} field
 */
export function fieldWords(s, field) {
  switch (field) {
    case 'activation': return labelOf('activation', s.activation).label;
    case 'init': return labelOf('init', s.init).label;
    case 'gain': return s.gain > 0 ? `${s.init === 'normal' ? 'std' : 'gain'} ${short(s.gain)}` : 'default gain';
    case 'lr': return `lr ${short(s.lr)}`;
    case 'clip': return s.clip > 0 ? `clipping at ${short(s.clip)}` : 'no clipping';
    case 'batchnorm': return s.batchnorm ? 'batch norm' : 'no batch norm';
    case 'residual': return s.residual ? 'skips' : 'no skips';
    default: return `${field} ${JSON.stringify(/** @type {any} */ (s)[field])}`;
  }
}

/**
 * The comparison of a preset with its variant: options for createComparison.
 * @param {Preset} p @param {State} base the page's state (theme, speed)
 * @returns {{ values: { label: string, network: object, config: object }[], steps: number, title: string } | null}
 */
export function presetComparison(p, base) {
  if (!p.compare) return null;
  const a = presetState(p, base), b = presetState(p, base, true);
  const fields = Object.keys(p.compare.overrides).filter((k) => JSON.stringify(/** @type {any} */ (a)[k]) !== JSON.stringify(/** @type {any} */ (b)[k]));
  const label = (/** @type {State} */ s) => fields.map((f) => fieldWords(s, f)).join(', ');
  const doc = (/** @type {State} */ s) => ({ label: label(s), network: networkDoc(s, dataShape(s, null)), config: configDoc(s, null) });
  return {
    values: [doc(a), doc(b)],
    steps: Math.max(p.stop, 200),
    title: `${p.title}, against: ${p.compare.label.replace(/^Same /, 'the same ')}`,
  };
}
