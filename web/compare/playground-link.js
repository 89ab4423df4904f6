// @ts-check
// The playground's "Compare activations" (and "Compare remedies"): the lesson's
// activations (ReLU, Leaky ReLU, ELU, after the network's own when it is another one), or
// the remedies against vanishing gradients (none, batch norm, skip connections, both),
// compared on the playground's current network and data, in a dialog over the
// playground. Its own data (a CSV file) and its imported weights come along; a link to
// the same comparison as a page is offered when the set-up can travel in a URL.
// This file is not: the comparison (comparison.js) or the playground (app/playground.js).
import { openComparisonDialog } from './comparison.js';
import { valueDocs, serializeCompareHash, SECTION_DEFAULTS, DEFAULT_VALUES } from '../state/compare-url.js';
import { layerActivation } from '../state/schema.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/compare-url.js').Section} Section */

/** The lesson's advice: ReLU first, then Leaky ReLU or ELU. */
const LESSON = ['relu', 'leaky_relu', 'elu'];

/** The dialog's title for each kind of comparison. */
const TITLES = Object.freeze({
  activation: 'Compare activations on this network and data',
  remedy: 'Compare remedies (batch norm, skip connections) on this network and data',
});

/**
 * The activations to compare for a playground state: the network's own activation first
 * (when all its layers share one that the lesson's list lacks), then the lesson's.
 * @param {State} s
 */
export function valuesFor(s) {
  const acts = new Set(Array.from({ length: s.depth }, (_, l) => layerActivation(s, l)));
  const own = acts.size === 1 ? [...acts][0] : null;
  return own && !LESSON.includes(own) ? [own, ...LESSON] : [...LESSON];
}

/**
 * @param {HTMLElement | ShadowRoot} container where the dialog goes (the playground's root)
 * @param {{ state: State, network: object, config: object, csv: boolean, imported: boolean, vary?: 'activation' | 'remedy' }} o
 *   network/config: the documents the playground trains (with a CSV's text, an import's
 *   weights); vary: what to compare (default 'activation'; 'remedy' compares none, batch
 *   norm, skips and both on this network, whatever remedies it has now)
 */
export function openCompareDialog(container, o) {
  const vary = o.vary === 'remedy' ? 'remedy' : 'activation';
  const values = vary === 'remedy' ? [...DEFAULT_VALUES.remedy] : valuesFor(o.state);
  /** @type {Section} */
  const section = { ...SECTION_DEFAULTS, vary, values };
  const win = (container.ownerDocument ?? document).defaultView ?? window;
  // the page's base network, without the remedies the variants set anyway
  const base = vary === 'remedy' ? { ...o.state, preset: '', batchnorm: '', residual: '' } : { ...o.state, preset: '' };
  const link = o.csv || o.imported ? null : new URL(`compare.html#${serializeCompareHash(base, section)}`, win.location.href).href;
  const theme = o.state.theme === 'light' || o.state.theme === 'dark' ? o.state.theme : 'auto';
  return openComparisonDialog(container, {
    network: o.network, config: o.config, vary, values: valueDocs(o.state, section),
    steps: section.steps, speed: section.speed, target: section.target, theme, autoplay: true,
  }, { title: TITLES[vary], link });
}
