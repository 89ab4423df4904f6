// @ts-check
// The standalone page: one playground filling the page, its state mirrored in the URL
// hash, keyboard shortcuts heard on the whole document; its Compare buttons open the
// comparison dialogs (loaded when first used).
import { createPlayground } from './app/playground.js';

/** @type {() => Promise<import('./compare/dialogs.js')>} */
const comparisons = () => import('./compare/dialogs.js');
const mount = /** @type {HTMLElement} */ (document.querySelector('[data-gradscope]'));
const playground = createPlayground(mount, { hash: true, keyTarget: document, comparisons });
// For tests and the console: the page's playground, and the factory (more playgrounds,
// e.g. inside a shadow root, as the <grad-scope> element will make them).
/** @type {any} */ (window).gradscope = playground;
/** @type {any} */ (window).createGradscope = (/** @type {HTMLElement | ShadowRoot} */ root, /** @type {import('./app/playground.js').PlaygroundOptions} */ o = {}) => createPlayground(root, { comparisons, ...o });
