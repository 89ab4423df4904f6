// @ts-check
// gradscope for other people's pages: the one script an author loads,
//   <script type="module" src=".../grad-scope.js"></script>
//   <grad-scope preset="sigmoid-50" views="gradients,health" controls="play,step,activation" autoplay></grad-scope>
// It defines <grad-scope> (embed/element.js) and finds everything else relative to its own
// URL (import.meta.url): the engine worker, the .wasm, embed.html and the full playground.
// The build writes it as dist/grad-scope.js (vite.config.js). docs/embedding.md has the rest.
import workerUrl from './engine/worker.js?worker&url';
import { defineGradScope } from './embed/element.js';
import { mountFrame as mountFrameIn } from './embed/frame.js';

const base = import.meta.url;
export const GradScopeElement = defineGradScope({ base, workerUrl });

/** The iframe page (embed.html) calls this: builds the embed from location.hash. */
export function mountFrame() { return mountFrameIn(/** @type {HTMLElement} */ (document.querySelector('main') ?? document.body)); }

// embed.html marks itself with <html data-gradscope-frame>: mount there (no inline script)
if (typeof document !== 'undefined' && document.documentElement.hasAttribute('data-gradscope-frame')) mountFrame();
