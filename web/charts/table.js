// @ts-check
// "Show as table": every chart's numbers as an HTML table, for readers who cannot see the
// canvas, want exact values, or use the keyboard. A toggle button (aria-expanded) opens a
// scrollable, focusable region under the chart; while it is open it follows the data at
// most twice a second (through the scheduler's frame hook, so a paused page costs nothing).
// A source returns { columns, rows } (strings), or null when there is nothing yet.
// This file is not: the charts (each offers its own table()) or where the toggles go
// (views/tables.js).
import { h } from '../ui/dom.js';

/** @typedef {{ columns: string[], rows: string[][] }} TableData */
/** @typedef {() => (TableData | null)} TableSource */

/**
 * @param {import('./base.js').Scheduler} scheduler
 * @param {{ caption: string, sources: TableSource[] }} o one table per source, in order
 */
export function createTableToggle(scheduler, o) {
  const box = h('div.gs-table', { role: 'region', tabindex: '0', 'aria-label': `${o.caption}: as a table` });
  box.hidden = true;
  const button = h('button.gs-mini', { type: 'button', 'aria-expanded': 'false', 'data-action': 'table', title: 'Show the numbers of this chart as a table' }, 'Table');
  let shown = '', last = 0;
  function render() {
    last = performance.now();
    const tables = o.sources.map((src) => { try { return src(); } catch { return null; } }).filter((t) => t && t.rows.length);
    const key = JSON.stringify(tables);
    if (key === shown) return;
    shown = key;
    if (!tables.length) { box.replaceChildren(h('p.gs-note', null, 'No numbers yet: they appear with the first measurement.')); return; }
    box.replaceChildren(...tables.map((t, i) => {
      const d = /** @type {TableData} */ (t);
      return h('table', null,
        h('caption', null, tables.length > 1 ? `${o.caption} (${i + 1} of ${tables.length})` : o.caption),
        h('thead', null, h('tr', null, ...d.columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, ...d.rows.map((r) => h('tr', null, ...r.map((v, j) => (j === 0 ? h('th', { scope: 'row' }, v) : h('td', null, v)))))));
    }));
  }
  function toggle() {
    const open = box.hidden;
    box.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Hide table' : 'Table';
    if (open) { shown = ''; render(); }
  }
  button.addEventListener('click', toggle);
  const off = scheduler.onFrame((now) => { if (!box.hidden && now - last > 500) render(); });
  return {
    button, el: box,
    /** Re-reads the sources now (when the data changed without a chart redraw). */
    refresh() { if (!box.hidden) render(); },
    destroy() { off(); button.removeEventListener('click', toggle); },
  };
}
