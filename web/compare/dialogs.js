// @ts-check
// The comparisons a playground can open over itself, given to it by whoever builds it (the
// page's entry, the element): the playground (app/) sits below the comparison (compare/)
// and never imports it.
// - openCompareDialog: ReLU/Leaky ReLU/ELU (or the remedies) on the playground's network;
// - openPresetCompare: a preset beside the variant its claim is about.
// This file is not: the dialogs themselves (comparison.js, playground-link.js) or the
// preset's variant (presets.js).
import { openCompareDialog } from './playground-link.js';
import { openComparisonDialog } from './comparison.js';
import { presetComparison, PRESET_COMPARE_VIEWS } from './presets.js';

export { openCompareDialog };

/**
 * The preset and its variant side by side in the comparison dialog (the preset stays).
 * @param {HTMLElement} host
 * @param {import('../state/presets.js').Preset} p
 * @param {import('../state/schema.js').State} s the playground's state
 */
export function openPresetCompare(host, p, s) {
  const c = presetComparison(p, s);
  if (!c) return;
  const theme = s.theme === 'light' || s.theme === 'dark' ? s.theme : 'auto';
  openComparisonDialog(host, { network: c.values[0].network, config: c.values[0].config, vary: 'setup', values: c.values,
    steps: c.steps, speed: 10, theme, autoplay: true, views: [...PRESET_COMPARE_VIEWS] }, { title: c.title });
}
