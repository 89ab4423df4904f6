// @ts-check
// The summary view: one row of figures per network (steps to the target accuracy, test
// accuracy, best test loss, dead and saturated units, mean activation, the first-to-last
// gradient ratio, the time per step) and its verdict in words under it, then what the
// numbers say (words.js).
// This file is not: the figures (controller.js, figures.js) or their words (words.js).
import { h, setText } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { msText, times, summarySentences, targetText } from './words.js';
import { card } from './card.js';

/** @typedef {import('../state/compare-setup.js').Variant} Variant */
/** @typedef {ReturnType<import('./controller.js').Controller['figuresCore']>} Core */

/**
 * @param {{ vary: string, target: number }} setup @param {Variant[]} variants @param {number} baseline
 */
export function createSummary(setup, variants, baseline) {
  const N = variants.length;
  const headers = ['Network', `Steps to ${targetText(setup.target)} test accuracy`, 'Test accuracy', 'Best test loss (at step)', 'Dead units', 'Saturated units', 'Mean activation', 'Layer 1 ÷ last hidden ‖∂L/∂W‖', 'Time per step', 'Verdict'];
  /** @type {Record<string, HTMLElement>[]} */ const cells = [];
  // two rows per network: its figures, then its verdict in words across the table
  const tbody = h('tbody', null, ...variants.flatMap((v, i) => {
    /** @type {Record<string, HTMLElement>} */ const c = {};
    const td = (/** @type {string} */ k, /** @type {number} */ col) => { c[k] = h(`td.gc-${k}`, { 'data-label': headers[col] }, '–'); return c[k]; };
    const sw = h('span.gc-swatch', { 'aria-hidden': 'true' });
    c.swatch = sw;
    c.verdict = h('td.gc-verdict', { colspan: headers.length - 1, 'data-label': headers[9] }, '–');
    cells.push(c);
    return [
      h('tr.gc-figrow', { 'data-network': i },
        h('th', { scope: 'row', rowspan: 2 }, sw, h('span', null, v.label), v.detail && !v.label.includes(v.detail) ? h('small', null, v.detail) : null),
        td('target', 1), td('acc', 2), td('loss', 3), td('dead', 4), td('sat', 5), td('mean', 6), td('ratio', 7), td('time', 8)),
      h('tr.gc-verdictrow', { 'data-network': i }, c.verdict),
    ];
  }));
  const table = h('table.gc-table', null,
    h('thead', null, h('tr', null, ...headers.slice(0, -1).map((t) => h('th', { scope: 'col' }, t)))), tbody);
  const sentences = h('ul.gc-sentences', { 'data-role': 'sentences', 'aria-live': 'off' });
  const el = card('table', setup.vary, { wide: true, body: [h('div.gc-tablebox', null, table), h('h3.gc-h3', null, 'What the numbers say'), sentences] });

  /** @param {Core} core @param {string} phase */
  function updateTable(core, phase) {
    core.networks.forEach((n, i) => {
      const c = cells[i];
      const started = n.steps > 0;
      setText(c.target, !started ? '–' : n.stepsToTarget !== null ? int(n.stepsToTarget) : n.testAccuracy === null ? 'n/a' : `– (best ${pct(n.bestTestAccuracy)})`);
      setText(c.acc, pct(n.testAccuracy));
      setText(c.loss, n.bestTestLoss === null ? '–' : `${sci(n.bestTestLoss, 3)} (step ${int(/** @type {number} */ (n.bestTestLossStep))})`);
      setText(c.dead, n.deadUnits === null ? '–' : `${int(n.deadUnits)} of ${int(n.hiddenUnits)}`);
      setText(c.sat, n.saturatedUnits === null ? '–' : `${int(n.saturatedUnits)} (${pct(n.saturatedUnits / Math.max(1, n.hiddenUnits))})`);
      setText(c.mean, sci(n.meanActivation, 3));
      setText(c.ratio, n.hiddenLayers < 2 ? '1 (one layer)' : sci(n.gradRatio));
      setText(c.time, n.time.msPerStep === null ? (phase === 'timing' ? 'measuring…' : '–') : `${msText(n.time.msPerStep)}${N > 1 && i !== baseline && n.time.relative !== null ? ` (${times(n.time.relative)})` : ''}`);
      setText(c.verdict, started || n.diverged ? n.verdict : '–');
      c.verdict.closest('tr')?.classList.toggle('gc-diverged', !!n.diverged);
      c.target.closest('tr')?.classList.toggle('gc-diverged', !!n.diverged);
    });
  }

  return {
    /** The card (its table and sentences are filled by update even when not shown). */
    el,
    /** @param {Core} core @param {string} phase */
    update(core, phase) {
      updateTable(core, phase);
      const list = summarySentences(core);
      const have = Array.from(sentences.children).map((li) => li.textContent);
      if (have.length !== list.length || have.some((t, i) => t !== list[i])) sentences.replaceChildren(...list.map((t) => h('li', null, t)));
    },
    /** @param {readonly string[]} colors one per network, in the theme */
    recolour(colors) { cells.forEach((c, i) => { c.swatch.style.background = colors[i % colors.length]; }); },
  };
}
