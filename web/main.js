// @ts-check
// The standalone page: one playground filling the page, its state mirrored in the URL
// hash, keyboard shortcuts heard on the whole document.
import { createPlayground } from './app/playground.js';

const mount = /** @type {HTMLElement} */ (document.querySelector('[data-gradscope]'));
const playground = createPlayground(mount, { hash: true, keyTarget: document });
// For tests and the console: the page's one playground.
/** @type {any} */ (window).gradscope = playground;
