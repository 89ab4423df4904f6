// @ts-check
// A view's card: title, tools, the chart(s), the explanation with its formula, and what
// to look for. The explanation and what to look for start as text.js has them and can be
// replaced by words generated for the network on screen (setWords, views/explain.js).
import { h, setText } from '../ui/dom.js';
import { formula } from '../ui/math.js';
import { VIEW_TEXT } from './text.js';

/**
 * @param {string} id key of VIEW_TEXT
 * @param {{ wide?: boolean, tools?: (Node | null)[], body: (Node | null)[] }} o
 */
export function card(id, o) {
  const t = VIEW_TEXT[id];
  const headingId = `gs-h-${id}-${Math.random().toString(36).slice(2, 8)}`;
  return h(`section.gs-card${o.wide ? '.gs-wide' : ''}`, { 'data-view': id, 'aria-labelledby': headingId },
    h('header', null, h('h2', { id: headingId }, t.title), ...(o.tools ?? [])),
    ...o.body,
    h('div.gs-explain', null, scrollable(formula(t.tex, true), `Formula: ${t.title}`), h('span', { 'data-role': 'explain-text' }, t.text)),
    h('p.gs-lookfor', { 'data-role': 'look-for' }, t.look),
  );
}

/**
 * Replaces a card's explanation and what to look for (only what changed).
 * @param {Element} el the card @param {{ text?: string, look?: string }} words
 */
export function setWords(el, words) {
  const text = el.querySelector('[data-role="explain-text"]'), look = el.querySelector('[data-role="look-for"]');
  if (text && words.text !== undefined) setText(/** @type {HTMLElement} */ (text), words.text);
  if (look && words.look !== undefined) setText(/** @type {HTMLElement} */ (look), words.look);
}

/** A box that may scroll sideways (a wide formula) is reachable by keyboard. @param {HTMLElement} el @param {string} name */
function scrollable(el, name) {
  el.tabIndex = 0;
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', name);
  return el;
}
