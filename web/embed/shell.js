// @ts-check
// What an element shows before its instance exists: the waiting placeholder (as tall as
// the instance will be, state/embed-height.js, so the page around it does not move) and,
// when it cannot start, the list of what is wrong (text only, never markup).
// This file is not: the element's life cycle (element.js).
import { expectedHeight } from '../state/embed-height.js';

/**
 * The placeholder of an instance that starts when it comes into view.
 * @param {import('../state/schema.js').State} state @param {import('../state/embed-options.js').EmbedOptions} options
 * @param {number} width the element's width
 */
export function waitingBox(state, options, width) {
  const wait = document.createElement('div');
  wait.className = 'gse-wait';
  if (!options.height) wait.style.minHeight = `${expectedHeight(state, options, width)}px`;
  const mark = document.createElement('b');
  mark.append('grad', Object.assign(document.createElement('span'), { textContent: 'scope' }));
  wait.append(mark, document.createTextNode(` · ${state.depth}-layer ${state.activations ? 'mixed' : state.activation} network · starts when it comes into view`));
  return wait;
}

/** The errors that keep an element from starting; an attribute's name is set as code. @param {string[]} errors */
export function errorBox(errors) {
  const box = document.createElement('div');
  box.className = 'gse-error';
  box.setAttribute('role', 'alert');
  const title = document.createElement('p');
  title.className = 'gse-error-title';
  title.textContent = `<grad-scope> cannot start: ${errors.length === 1 ? 'one setting is' : `${errors.length} settings are`} invalid`;
  const list = document.createElement('ul');
  for (const e of errors) {
    const li = document.createElement('li');
    const m = /^([a-z-]+(?: \([a-z]+\))?): /.exec(e);
    if (m) { const code = document.createElement('code'); code.textContent = m[1]; li.append(code, document.createTextNode(`: ${e.slice(m[0].length)}`)); }
    else li.textContent = e;
    list.append(li);
  }
  const help = document.createElement('p');
  help.className = 'gse-error-help';
  help.textContent = 'Fix the attribute and reload; the attributes and their values are listed in docs/embedding.md.';
  box.append(title, list, help);
  return box;
}
