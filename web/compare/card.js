// @ts-check
// A comparison view's card: its title and tools, its body, what it shows and what to look
// for (view-text.js), with `data-view` naming the view.
// This file is not: what is inside the cards (summary.js, chart-views.js, time-view.js, sweep-view.js).
import { h } from '../ui/dom.js';
import { viewText } from './view-text.js';

/**
 * @param {string} id the view @param {string} vary what the comparison varies
 * @param {{ wide?: boolean, tools?: (Node | null)[], body: (Node | null)[] }} o
 */
export function card(id, vary, o) {
  const t = viewText(id, vary);
  return h(`section.gs-card.gc-card${o.wide ? '.gs-wide' : ''}`, { 'data-view': id, 'aria-label': t.title },
    h('header', null, h('h2', null, t.title), ...(o.tools ?? [])),
    ...o.body,
    h('p.gc-explain', null, t.text),
    h('p.gs-lookfor', null, t.look));
}
