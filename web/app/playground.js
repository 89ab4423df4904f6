// @ts-check
// createPlayground(root, options): one complete playground inside `root` (an element or a
// shadow root): a controller (controller.js: the engine client, the job queue, restart,
// events and the one state object) and a page (page.js: the header, settings and cards,
// one a file in web/views/). Nothing is module-level, so several playgrounds can live on
// one page. The data flow: state -> network + config documents -> worker -> frames
// (statsColumns) -> series (columns) -> charts.
// This file is not: any of those parts; it joins them and is the public API.
import { defaultState, DEFAULTS } from '../state/schema.js';
import { createController } from './controller.js';
import { createPage, pageHooks } from './page.js';
import { listenKeys, listenDrop } from './keyboard.js';
import { followHash } from './hash.js';

/** @typedef {import('../state/schema.js').State} State */

/**
 * Options: `hash` mirrors the state in location.hash (the standalone page); `state` is the
 * initial state (else the hash, else `preset`, else the first preset); `keyTarget` is
 * where keyboard shortcuts are heard (default: the playground); `createClient` replaces
 * the engine client (tests).
 * Embedding (web/embed, docs/embedding.md): `views` lists the cards to show, in order
 * (default: all); `controls` switches to the compact embed layout with only these
 * controls in one toolbar (`shown`; of those, `locked` are shown disabled; the names are
 * in state/embed-options.js); `explain` keeps the cards' explanations in that layout; `steps`
 * pauses training after exactly that many steps (then the `finished` event); `network`
 * opens this gradscope-network/1 document (with its weights, if any) instead of one built
 * from the state; `onEvent(type, detail)` hears ready, step (at most 4 a second),
 * diverged, unit-died and finished; `links` are the URLs the share and embed buttons
 * write (default: next to this page); `embedOptions` gives the options the embed button
 * writes (default: the embed defaults); `comparisons` loads the comparison dialogs that
 * the Compare buttons open (compare/dialogs.js; the layer above this one gives it).
 * @typedef {{ hash?: boolean, state?: State, preset?: string, keyTarget?: EventTarget,
 *   createClient?: () => import('../engine/client.js').EngineClient,
 *   views?: string[], controls?: { shown: string[], locked: string[] }, explain?: boolean,
 *   steps?: number, network?: object, onEvent?: (type: string, detail: any) => void,
 *   links?: { app: string, script: string, frame: string },
 *   embedOptions?: () => import('../state/embed-options.js').EmbedOptions,
 *   comparisons?: () => Promise<Comparisons> }} PlaygroundOptions
 */
/**
 * The comparison dialogs (compare/dialogs.js), as the playground calls them.
 * @typedef {{
 *   openCompareDialog: (host: HTMLElement, o: { state: State, network: object, config: object, csv: boolean, imported: boolean, vary?: 'activation' | 'remedy' }) => unknown,
 *   openPresetCompare: (host: HTMLElement, p: import('../state/presets.js').Preset, s: State) => void }} Comparisons
 */

/**
 * @param {HTMLElement | ShadowRoot} root
 * @param {PlaygroundOptions} [options]
 */
export function createPlayground(root, options = {}) {
  const win = root.ownerDocument.defaultView ?? window;
  const c = createController(options, win);
  const st = c.st;
  const p = createPage(root, options, c);
  const { host, messages } = p;
  const { files } = p;
  p.renderClaim(st.state);  // now, not after the engine opened: the views below do not move
  const open = (/** @type {State} */ s) => { st.imported = null; c.applyState(s); };
  if (c.start.errors.length) messages.linkSay(c.start.errors, c.start.fixes, open);
  c.attach(pageHooks(p, c, options));

  const shownControls = new Set(options.controls?.shown ?? []), lockedControls = new Set(options.controls?.locked ?? []);
  /** @type {(() => void)[]} */ const cleanups = [];
  cleanups.push(listenKeys(options.keyTarget ?? host, {
    compact: p.compact, state: () => st.state, edit: p.edit,
    /** Whether the reader may use a control (always on the standalone page). */
    usable: (name) => !p.compact || (shownControls.has(name) && !lockedControls.has(name)),
    act: {
      play: c.togglePlay, step: c.stepOnce, newseed: c.newSeed, theme: p.cycleTheme, help: () => p.shortcuts.toggle(),
      reset: () => { if (st.committed) c.reset().catch((e) => messages.say(`reset: ${e.message}`)); },
    },
  }));
  // drag and drop of a CSV (or a network file) anywhere on the playground
  cleanups.push(listenDrop(host, { droppable: !p.compact || shownControls.has('settings'), csv: files.loadCsv, network: files.importNetwork }));
  // the link
  if (options.hash) {
    cleanups.push(followHash(win, {
      committed: () => st.committed, hasCsv: () => !!st.csv, open: (s) => c.applyState(s),
      problems: (errors, fixes) => messages.linkSay(errors, fixes, open), noProblems: () => messages.unsay('link'),
    }));
  }
  // media query for the automatic theme
  const mq = win.matchMedia?.('(prefers-color-scheme: dark)');
  if (mq) {
    const onScheme = () => { p.scheduler.themeChanged(); p.recolour(); };
    mq.addEventListener('change', onScheme);
    cleanups.push(() => mq.removeEventListener('change', onScheme));
  }

  p.transport.showRunning(false);
  c.begin();

  return {
    /** The current state (a copy). */
    get state() { return { ...c.shown() }; },
    /** @param {string} id */ loadPreset: c.loadPreset,
    /** @param {State} s */ setState: (s) => c.applyState(s),
    play: c.play, pause: c.pause, step: c.step, reset: c.reset, load: files.load, figures: c.figures,
    /** Resolves when the queued state changes are done (tests, embedding). */
    settled: () => st.queue,
    /** Tests: terminates the engine worker without telling the client, as a crash or a hang would. */
    debugKillWorker() { /** @type {any} */ (c.client)._worker?.terminate(); },
    destroy() {
      for (const f of cleanups.splice(0)) f();
      p.fps.destroy();
      c.destroy();
      for (const v of p.views.all) v.destroy();
      p.tables.destroy();
      p.announcer.destroy();
      p.scheduler.destroy();
      p.controls.destroy();
      host.remove();
      p.style.remove();
    },
  };
}

export { defaultState, DEFAULTS };
