// @ts-check
// The comparison mode of <grad-scope compare="relu,elu">: a comparison (compare/) of the
// element's network, wrapped to look like a playground instance (play, pause, step, reset
// resolve with the figures; the events are the element's). The comparison's code is
// loaded only when an element asks for it; a build without it says so in that element.
// This file is not: the element (element.js) or the comparison (compare/comparison.js).
import { networkDoc, configDoc, dataShape } from '../state/network.js';
import { compareVary } from '../state/embed-options.js';
import { message } from './network-source.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/embed-options.js').EmbedOptions} EmbedOptions */
/** @typedef {import('./element.js').Instance} Instance */

const comparisonModule = /** @type {Record<string, () => Promise<any>>} */ (import.meta.glob('../compare/comparison.js'));

/**
 * @param {HTMLElement} frame @param {State} state @param {EmbedOptions} options
 * @param {{ events: readonly string[], onEvent: (type: string, detail: any) => void, fail: (errors: string[]) => void,
 *   current: () => boolean, createClient: () => any }} o current: the element was not reconfigured meanwhile
 * @returns {Promise<Instance | null>}
 */
export async function mountComparison(frame, state, options, o) {
  const load = comparisonModule['../compare/comparison.js'];
  /** @type {any} */ let mod = null;
  try { mod = load ? await load() : null; } catch { mod = null; }
  if (!o.current()) return null;
  if (!mod?.createComparison) { o.fail(['compare: this build of gradscope has no comparison mode (web/compare/comparison.js is missing)']); return null; }
  const shape = dataShape(state, null);
  /** @type {any} */ let c;
  try {
    c = mod.createComparison(frame, {
      network: networkDoc(state, shape), config: configDoc(state, null), vary: compareVary(options.compare ?? []), values: options.compare,
      autoplay: false, steps: options.steps || undefined, speed: state.speed, theme: state.theme, views: options.views,
      createClient: o.createClient,
    });
  } catch (e) { o.fail([`compare: ${message(e)}`]); return null; }
  const figs = () => { const f = c.figures(); return { ...f, ready: f.state !== 'loading' && f.state !== 'timing', running: f.state === 'running' }; };
  // a comparison has no unit-died event (its table counts dead units)
  for (const type of [...o.events, 'error']) {
    try { c.on(type, (/** @type {any} */ detail) => (type === 'error' ? o.fail([`compare: ${detail?.message ?? 'a network could not start'}`]) : o.onEvent(type, detail))); } catch { /* not offered */ }
  }
  const then = async (/** @type {Promise<any> | void} */ p) => { await p; return figs(); };
  return {
    play: () => then(c.play()),
    pause: () => then(c.pause()),
    step: (n = 1) => then(c.step(n)),
    reset: () => then(c.reset()),
    figures: figs,
    get state() { return state; },
    destroy: () => c.destroy(),
  };
}
