// @ts-check
// A message area: short notes, warnings and errors, each with a close button, the newest
// last; a message with a key replaces the earlier one with the same key (a crash, a
// link's problems), and only the last `max` stay. Errors are alerts, the rest statuses.
// This file is not: what a screen reader hears while training (announce.js).
import { h } from './dom.js';

/** @typedef {'error' | 'warn' | 'info'} MessageKind */

/**
 * @param {{ max?: number, className?: string }} [o] className: classes after `gs-messages`
 *   ("a.b"); max: messages kept (default 5)
 */
export function createMessages(o = {}) {
  const max = o.max ?? 5;
  const el = h(`div.gs-messages${o.className ? `.${o.className}` : ''}`, { 'aria-live': 'polite' });
  /** @param {string} key */
  const find = (key) => el.querySelector(`[data-key="${CSS.escape(key)}"]`);
  return {
    el,
    /**
     * Shows a message; returns its element.
     * @param {string} text @param {MessageKind} [kind] @param {string} [key] @param {Node[]} [actions] buttons after the text
     */
    say(text, kind = 'error', key = '', actions = []) {
      if (key) find(key)?.remove();
      const close = h('button.gs-msg-close', { type: 'button', 'aria-label': 'Dismiss' }, '×');
      const msg = h(`div.gs-msg.gs-${kind}`, { role: kind === 'error' ? 'alert' : 'status', 'data-key': key || null }, h('p', null, text), ...actions, close);
      close.addEventListener('click', () => msg.remove());
      el.append(msg);
      while (el.children.length > max) el.firstElementChild?.remove();
      return msg;
    },
    /** Removes the message with this key, if any. @param {string} key */
    unsay(key) { find(key)?.remove(); },
  };
}

/** @typedef {ReturnType<typeof createMessages>} Messages */
