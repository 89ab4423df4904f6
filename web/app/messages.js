// @ts-check
// The playground's messages: errors, warnings and notes under the header, each with a
// close button, at most 5; a message with a key replaces the previous one of that key.
// The link's problems are one message with a button for each fix.
// This file is not: the words of the messages (their callers).
import { h } from '../ui/dom.js';
import { linkProblems } from '../views/links.js';

/** @typedef {import('../state/schema.js').State} State */

export function createMessages() {
  const el = h('div.gs-messages', { 'aria-live': 'polite' });
  /** @param {string} text @param {'error' | 'warn' | 'info'} [kind] @param {string} [key] @param {Node[]} [actions] */
  function say(text, kind = 'error', key = '', actions = []) {
    if (key) el.querySelector(`[data-key="${key}"]`)?.remove();
    const close = h('button.gs-msg-close', { type: 'button', 'aria-label': 'Dismiss' }, '×');
    const msg = h(`div.gs-msg.gs-${kind}`, { role: kind === 'error' ? 'alert' : 'status', 'data-key': key || null }, h('p', null, text), ...actions, close);
    close.addEventListener('click', () => msg.remove());
    el.append(msg);
    while (el.children.length > 5) el.firstElementChild?.remove();
    return msg;
  }
  /** @param {string} key */
  const unsay = (key) => { el.querySelector(`[data-key="${key}"]`)?.remove(); };
  /**
   * Every problem of a link in one message (none dropped), with buttons for the fixes.
   * @param {string[]} problems @param {{ label: string, state: State }[]} fixes @param {(s: State) => void} open
   */
  function linkSay(problems, fixes, open) {
    const { text, list } = linkProblems(problems);
    const buttons = fixes.map((f) => h('button.gs-mini', { type: 'button', 'data-action': 'link-fix', onclick: () => { unsay('link'); open(f.state); } }, `Open ${f.label}`));
    say(text, 'warn', 'link', [list, ...buttons]).dataset.role = 'link-problems';
  }
  return { el, say, unsay, linkSay };
}
