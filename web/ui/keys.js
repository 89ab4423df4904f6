// @ts-check
// The playground's keyboard shortcuts: which key does what, and where they are not heard.
// Space plays and pauses wherever the focus is, except in a field that takes text (there
// it types a space) and on a checkbox or radio button (there it ticks); on a button or a
// preset chip it does not press the button again. The shortcuts panel lists SHORTCUTS.
// This file is not: what the actions do (app/playground.js) or the panel (ui/shortcuts.js).

/** @typedef {'play' | 'step' | 'reset' | 'newseed' | 'theme' | 'faster' | 'slower' | 'layer-prev' | 'layer-next' | 'help'} KeyAction */

/** Keys, actions and what they do, in the order the panel lists them. @type {{ keys: string[], action: KeyAction, text: string }[]} */
export const SHORTCUTS = [
  { keys: ['Space'], action: 'play', text: 'play / pause' },
  { keys: ['s'], action: 'step', text: 'one training step' },
  { keys: ['r'], action: 'reset', text: 'reset to step 0 (same seed)' },
  { keys: ['n'], action: 'newseed', text: 'new seed' },
  { keys: ['+'], action: 'faster', text: 'train faster (steps per frame × 2)' },
  { keys: ['−'], action: 'slower', text: 'train slower (steps per frame ÷ 2)' },
  { keys: ['['], action: 'layer-prev', text: 'inspect the layer below' },
  { keys: [']'], action: 'layer-next', text: 'inspect the layer above' },
  { keys: ['t'], action: 'theme', text: 'theme: auto, light, dark' },
  { keys: ['?'], action: 'help', text: 'this list of shortcuts' },
  { keys: ['←', '→', '↑', '↓'], action: 'help', text: 'on a focused chart: move over its bars or cells and read their values' },
];

/** @type {Record<string, KeyAction>} */
const BY_KEY = { ' ': 'play', s: 'step', r: 'reset', n: 'newseed', t: 'theme', '+': 'faster', '=': 'faster', '-': 'slower', '[': 'layer-prev', ']': 'layer-next', '?': 'help' };

const NOT_TEXT = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

/** Whether typing in this element types text (so no key is a shortcut there). @param {Element | null} t */
export function takesText(t) {
  if (!t) return false;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NOT_TEXT.has(/** @type {HTMLInputElement} */ (t).type);
  return /** @type {HTMLElement} */ (t).isContentEditable === true;
}

/**
 * The action of a key press, or null (a modifier is held, the focus takes text, or Space
 * on a checkbox). The caller prevents the default of the keys it acts on.
 * @param {KeyboardEvent} e @returns {KeyAction | null}
 */
export function keyAction(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return null;
  const t = /** @type {Element | null} */ (e.composedPath()[0] ?? e.target);
  if (takesText(t)) return null;
  const action = BY_KEY[e.key] ?? null;
  const type = t?.tagName === 'INPUT' ? /** @type {HTMLInputElement} */ (t).type : '';
  if (action === 'play' && (type === 'checkbox' || type === 'radio')) return null;  // Space ticks it
  return action;
}
