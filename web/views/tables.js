// @ts-check
// "Table" on every card: puts a charts/table.js toggle in each card's header and its table
// under the card's charts. A chart offers its numbers through table(); for the two charts
// that do not (the activation explorer and the product experiment), the numbers are read
// from what they were last given (set()).
// This file is not: the tables' markup (charts/table.js) or the charts.
import { createTableToggle } from '../charts/table.js';
import { sci, fromLog10 } from '../ui/format.js';

/** @typedef {import('../charts/table.js').TableData} TableData */
/** @typedef {{ el?: HTMLElement, table?: () => (TableData | null), set?: (...a: any[]) => void }} Chart */

/**
 * @param {import('../charts/base.js').Scheduler} scheduler
 * @param {Record<string, HTMLElement>} cards by view id
 * @param {Record<string, (Chart | null | (() => Chart | null))[]>} charts by view id (a function: a chart that is
 *   re-created; null: a chart this layout does not have)
 */
export function attachTables(scheduler, cards, charts) {
  /** @type {ReturnType<typeof createTableToggle>[]} */ const toggles = [];
  for (const [id, list] of Object.entries(charts)) {
    const cardEl = cards[id];
    const present = /** @type {(Chart | (() => Chart | null))[]} */ (list.filter((c) => c));
    if (!cardEl || !present.length) continue;
    const sources = present.map((c) => sourceOf(c));
    const title = cardEl.querySelector('h2')?.textContent ?? id;
    const t = createTableToggle(scheduler, { caption: title, sources });
    const header = cardEl.querySelector(':scope > header');
    const png = header?.querySelector('button[title^="Download"]');
    if (png) png.before(t.button); else header?.append(t.button);
    const explain = cardEl.querySelector(':scope > .gs-explain, :scope > .gc-explain');
    if (explain) explain.before(t.el); else cardEl.append(t.el);
    toggles.push(t);
  }
  return { destroy() { for (const t of toggles) t.destroy(); } };
}

/** @param {Chart | (() => Chart | null)} c @returns {() => (TableData | null)} */
function sourceOf(c) {
  const get = typeof c === 'function' ? c : () => c;
  const chart = get();
  // charts without table(): remember what they are given
  if (chart && !chart.table && chart.set) {
    const set = chart.set.bind(chart);
    /** @type {any[] | null} */ let last = null;
    chart.set = (...a) => { last = a; set(...a); };
    return () => (last ? fromArgs(last) : null);
  }
  return () => {
    const ch = get();
    if (!ch || ch.el?.hidden || !ch.table) return null;
    return ch.table();
  };
}

/**
 * The explorer's curves (list of { label, xs, f, d }) or the product experiment's
 * ({ uniform, sigmoid, n }: log10 running products), as tables.
 * @param {any[]} a @returns {TableData | null}
 */
function fromArgs(a) {
  const d = a[0];
  if (Array.isArray(d) && d.length && Array.isArray(d[0]?.xs)) {
    const xs = /** @type {number[]} */ (d[0].xs);
    const keep = xs.map((x, i) => (Math.abs(x * 2 - Math.round(x * 2)) < 1e-9 ? i : -1)).filter((i) => i >= 0);
    return {
      columns: ['z', ...d.flatMap((c) => [`${c.label}: f(z)`, `${c.label}: f′(z)`])],
      rows: keep.map((i) => [String(+xs[i].toFixed(2)), ...d.flatMap((c) => [num(c.f[i]), num(c.d[i])])]),
    };
  }
  if (d && Array.isArray(d.uniform) && typeof d.lo === 'number' && typeof d.hi === 'number') {
    // the product experiment: share of trials per bin of log10(product)
    const k = d.uniform.length, w = (d.hi - d.lo) / k;
    const pc = (/** @type {number} */ v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');
    return {
      columns: ['log10 of the product, from', 'to', `share of trials, ${d.n} uniform (0, 1) factors`, `share of trials, ${d.n} sigmoid′ factors`],
      rows: Array.from({ length: k }, (_, i) => [(d.lo + i * w).toFixed(1), (d.lo + (i + 1) * w).toFixed(1), pc(d.uniform[i]), Array.isArray(d.sigmoid) ? pc(d.sigmoid[i]) : '–']),
    };
  }
  if (d && Array.isArray(d.uniform) && typeof d.n === 'number') {
    const dec = (/** @type {number} */ v) => fromLog10(v);
    return {
      columns: ['factors N', 'uniform (0, 1) product', 'sigmoid′ product', '0.25^N'],
      rows: Array.from({ length: d.n }, (_, i) => [String(i + 1), dec(d.uniform[i]), Array.isArray(d.sigmoid) ? dec(d.sigmoid[i]) : '–', sci(0.25 ** (i + 1))]),
    };
  }
  return null;
}

/** @param {number} v */
const num = (v) => (Number.isFinite(v) ? sci(v, 3) : '–');
