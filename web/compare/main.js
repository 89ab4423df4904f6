// @ts-check
// The comparison page's entry (compare.html): the page fills the document; the factory,
// the page and the engine client are exposed for the console and the browser tests.
import { createComparePage, createComparison, EngineClient } from './page.js';

const mount = /** @type {HTMLElement} */ (document.querySelector('[data-gradscope-compare]'));
const page = createComparePage(mount);
/** @type {any} */ (window).gradscopeCompare = { page, createComparison, EngineClient };
