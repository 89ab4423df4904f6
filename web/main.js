// @ts-check
// The standalone page: one playground filling the page, its state mirrored in the URL
// hash, keyboard shortcuts heard on the whole document.
import { createPlayground } from './app/playground.js';

const mount = /** @type {HTMLElement} */ (document.querySelector('[data-gradscope]'));
const playground = createPlayground(mount, { hash: true, keyTarget: document });
// For tests and the console: the page's playground, and the factory (more playgrounds,
// e.g. inside a shadow root, as the <grad-scope> element will make them).
/** @type {any} */ (window).gradscope = playground;
/** @type {any} */ (window).createGradscope = createPlayground;
