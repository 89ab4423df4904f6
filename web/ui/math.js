// @ts-check
// Formulas: KaTeX renders only our own formula strings (never user text), as MathML, which
// the browser draws itself: no fonts to load, and it works inside a shadow root.
import katex from 'katex';

/** @param {string} tex @param {boolean} [display] @returns {HTMLElement} */
export function formula(tex, display = false) {
  const span = document.createElement('span');
  span.className = 'gs-math';
  span.innerHTML = katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: false });
  return span;
}
