// @ts-check
// The "?" panel: the keyboard shortcuts (ui/keys.js SHORTCUTS) in a small non-modal
// dialog. "?" or its button opens it and moves the focus into it; Escape, its close
// button or "?" again closes it and gives the focus back.
// This file is not: what the keys do (app/playground.js).
import { SHORTCUTS } from './keys.js';

/**
 * A small element builder (text only, never markup), so that ui/ imports nothing above it.
 * @param {string} tag "tag.class" @param {Record<string, string> | null} attrs @param {...(Node | string | null)} children
 */
function h(tag, attrs, ...children) {
  const [name, cls] = tag.split('.');
  const el = document.createElement(name);
  if (cls) el.className = cls;
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

/** @param {{ usable?: (action: string) => boolean }} [o] usable: false hides a shortcut (an embed without that control) */
export function createShortcutsPanel(o = {}) {
  const usable = o.usable ?? (() => true);
  const list = h('dl.gs-keys', null, ...SHORTCUTS.filter((s) => usable(s.action)).flatMap((s) => [
    h('dt', null, ...s.keys.flatMap((k, i) => [i ? ' ' : null, h('kbd', null, k)])),
    h('dd', null, s.text),
  ]));
  const close = h('button.gs-mini', { type: 'button', 'aria-label': 'Close the shortcuts' }, '×');
  const title = h('h2', null, 'Keyboard shortcuts');
  const el = h('div.gs-shortcuts', { role: 'dialog', 'aria-label': 'Keyboard shortcuts', tabindex: '-1', 'data-role': 'shortcuts' },
    h('div.gs-shortcuts-head', null, title, close), list,
    h('p.gs-note', null, 'Keys work anywhere on the page except in a text field. Tab reaches every control and chart; each chart has a Table button.'));
  el.hidden = true;
  const button = h('button.gs-btn', { type: 'button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)', 'aria-expanded': 'false', 'aria-keyshortcuts': 'Shift+?', 'data-action': 'shortcuts' }, '?');
  /** @type {HTMLElement | null} */ let back = null;
  function open() {
    if (!el.hidden) return;
    const active = /** @type {HTMLElement | null} */ (el.ownerDocument.activeElement);
    back = active && active !== el.ownerDocument.body ? active : button;
    el.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    el.focus();
  }
  function shut() {
    if (el.hidden) return;
    el.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (back?.isConnected) back.focus();
    back = null;
  }
  const toggle = () => (el.hidden ? open() : shut());
  button.addEventListener('click', toggle);
  close.addEventListener('click', shut);
  el.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); shut(); } });
  return { button, el, toggle, open, close: shut };
}
