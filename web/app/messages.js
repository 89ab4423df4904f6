// @ts-check
// The playground's messages (ui/messages.js: at most 5, a key replaces its earlier one),
// plus the link's problems: one message with a button for each fix.
// This file is not: the message area itself (ui/messages.js) or the link's words (views/links.js).
import { h } from '../ui/dom.js';
import { createMessages } from '../ui/messages.js';
import { linkProblems } from '../views/links.js';

/** @typedef {import('../state/schema.js').State} State */

export function createPageMessages() {
  const m = createMessages();
  /**
   * Every problem of a link in one message (none dropped), with buttons for the fixes.
   * @param {string[]} problems @param {{ label: string, state: State }[]} fixes @param {(s: State) => void} open
   */
  function linkSay(problems, fixes, open) {
    const { text, list } = linkProblems(problems);
    const buttons = fixes.map((f) => h('button.gs-mini', { type: 'button', 'data-action': 'link-fix', onclick: () => { m.unsay('link'); open(f.state); } }, `Open ${f.label}`));
    m.say(text, 'warn', 'link', [list, ...buttons]).dataset.role = 'link-problems';
  }
  return { el: m.el, say: m.say, unsay: m.unsay, linkSay };
}
