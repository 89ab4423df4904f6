// @ts-check
// A small element builder. Text always goes in through textContent (never innerHTML), so
// user-provided strings (hash values, CSV messages, file names) cannot become markup.

/**
 * @typedef {{ [k: string]: string | number | boolean | null | undefined | EventListener }} Attrs
 * @typedef {Node | string | number | null | undefined | false} Child
 */

/**
 * h('div.gs-card', {title: 'x', onclick: fn}, 'text', child...)
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K | string} tag  "tag.class1.class2"
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
      else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
      else if (k === 'text') el.textContent = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {(Child | Child[])[]} children */
export function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces the text of an element only when it changed. @param {Element} el @param {string} text */
export function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

/** @param {HTMLSelectElement} sel @param {readonly string[]} values @param {(v: string) => string} [label] */
export function fillSelect(sel, values, label = (v) => v) {
  sel.replaceChildren(...values.map((v) => h('option', { value: v }, label(v))));
}
