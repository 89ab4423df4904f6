// @ts-check
// <grad-scope>: one playground (or one comparison) in its own shadow root, configured by
// attributes (state/embed-options.js), driven by methods and heard through CustomEvents
// (docs/embedding.md). Several can live on one page: each owns one worker (two or more
// for a comparison); the WebAssembly module is compiled once per page (engine/client.js).
// An instance is built when it comes near the viewport, starts (autoplay) when it is in
// view, and pauses while it is out of view or the tab is hidden.
// This file is not: the option table (state/embed-options.js), the playground
// (app/playground.js), the comparison mode (comparison-instance.js), the placeholder and
// error box (shell.js), reading a network (network-source.js), the iframe bridge (frame.js).
import { createPlayground } from '../app/playground.js';
import { EngineClient, getCompiledModule } from '../engine/client.js';
import { stateFromNetwork } from '../state/network.js';
import { fromAttributes, ATTRIBUTES, allowedOption, stateHash } from '../state/embed-options.js';
import { resolveNetwork, message } from './network-source.js';
import { mountComparison } from './comparison-instance.js';
import { waitingBox, errorBox } from './shell.js';
import shellCss from './element.css?inline';

export { resolveNetwork };

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/embed-options.js').EmbedOptions} EmbedOptions */
/** @typedef {import('../state/embed-options.js').Parsed} Parsed */
/**
 * What an instance offers (a playground, or a comparison wrapped to look like one).
 * @typedef {{ play(): Promise<any>, pause(): Promise<any>, step(n?: number): Promise<any>, reset(): Promise<any>,
 *   load?(network: object): Promise<any>, figures(): any, readonly state?: State, destroy(): void }} Instance
 */
/** @typedef {{ links: { app: string, script: string, frame: string }, createWorker: () => Worker }} Where */

/** The events an instance sends (and the element re-dispatches as CustomEvents). */
export const EVENTS = ['ready', 'step', 'diverged', 'unit-died', 'finished'];

/**
 * Makes the engine's workers from `workerUrl`. A worker must come from the page's own
 * origin: when grad-scope.js is served from another host, a same-origin blob module
 * imports the real worker (which the other host serves with CORS, as it does this script).
 * @param {string} workerUrl
 */
function workerFactory(workerUrl) {
  return () => {
    const url = new URL(workerUrl, document.baseURI);
    if (url.origin === location.origin) return new Worker(url, { type: 'module' });
    const blob = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }));
    const w = new Worker(blob, { type: 'module' });
    setTimeout(() => URL.revokeObjectURL(blob), 60000);
    return w;
  };
}

class GradScopeElement extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  /** Where this page's copy of gradscope lives (set by defineGradScope's subclass). @returns {Where} */
  get _where() { throw new Error('<grad-scope>: defined without defineGradScope'); }

  constructor() {
    super();
    this._shadow = this.attachShadow({ mode: 'open' });
    /** @type {Instance | null} */ this._instance = null;
    /** @type {Parsed | null} */ this._parsed = null;
    /** 'idle' | 'waiting' | 'loading' | 'ready' | 'error' */ this._status = 'idle';
    this._token = 0;
    this._inView = false;
    this._autoPaused = false;
    this._pendingAutoplay = false;
    this._running = false;
    /** @type {Promise<Instance | null> | null} */ this._mounting = null;
    /** @type {(() => void)[]} */ this._cleanups = [];
    this._rebuildQueued = false;
    /** @type {Promise<void> | null} */ this._syncChain = null;
    /** @type {(v: any) => void} */ this._readyOk = () => {};
    /** @type {(e: Error) => void} */ this._readyFail = () => {};
    /** @type {Promise<any>} */ this._ready = Promise.resolve();
    this._newReady();
  }

  _newReady() {
    /** @type {(v: any) => void} */ let ok = () => {};
    /** @type {(e: Error) => void} */ let fail = () => {};
    this._ready = new Promise((a, b) => { ok = a; fail = b; });
    this._ready.catch(() => {});
    this._readyOk = ok;
    this._readyFail = fail;
  }

  connectedCallback() { this._setup(); }
  disconnectedCallback() { this._teardown(); }
  attributeChangedCallback() {
    if (!this.isConnected || this._status === 'idle' || this._rebuildQueued) return;
    this._rebuildQueued = true;
    queueMicrotask(() => { this._rebuildQueued = false; if (this.isConnected) { this._teardown(); this._setup(); } });
  }

  /** Reads the attributes, draws the shell, and waits to come near the viewport. */
  _setup() {
    const token = ++this._token;
    const parsed = fromAttributes((n) => this.getAttribute(n));
    this._parsed = parsed;
    const { state, options } = parsed;
    const style = document.createElement('style');
    style.textContent = shellCss;
    const frame = document.createElement('div');
    frame.className = 'gse-frame';
    frame.dataset.theme = state.theme;
    if (options.height) { frame.style.height = options.height; frame.classList.add('gse-fixed'); }
    this._frame = frame;
    this._shadow.replaceChildren(style, frame);
    if (parsed.errors.length) { this._fail(parsed.errors); return; }
    this._status = 'waiting';
    this._pendingAutoplay = options.autoplay;
    // the height it will have once built (embed-height.js): the page around it does not move
    frame.append(waitingBox(state, options, this.getBoundingClientRect().width));

    // near the viewport (within three quarters of a screen): build it, so it has its final
    // size before it is seen; in view: run it; out of view or tab hidden: pause it
    const near = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && token === this._token) this._mount().catch(() => {});
    }, { rootMargin: '75% 0px' });
    const seen = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      this._inView = e.isIntersecting;
      this._sync();
    }, { threshold: 0 });
    near.observe(this);
    seen.observe(this);
    const vis = () => this._sync();
    document.addEventListener('visibilitychange', vis);
    this._cleanups.push(() => { near.disconnect(); seen.disconnect(); document.removeEventListener('visibilitychange', vis); });
  }

  _teardown() {
    ++this._token;
    for (const c of this._cleanups.splice(0)) c();
    try { this._instance?.destroy(); } catch { /* already gone */ }
    this._instance = null;
    this._mounting = null;
    this._running = false;
    this._autoPaused = false;
    if (this._status !== 'idle') { this._readyFail(new Error('<grad-scope>: the element was reconfigured or removed')); this._newReady(); }
    this._status = 'idle';
  }

  /** Shows what is wrong, inside this element only (text, never markup). @param {string[]} errors */
  _fail(errors) {
    this._status = 'error';
    this._frame?.replaceChildren(errorBox(errors));
    const err = new Error(errors.join('\n'));
    this._readyFail(err);
    this.dispatchEvent(new CustomEvent('error', { detail: { errors: [...errors] }, bubbles: true, composed: true }));
  }

  /** Builds the instance (once); resolves with it, or null when it cannot start. */
  _mount() {
    if (this._mounting) return this._mounting;
    const parsed = this._parsed;
    if (!parsed || parsed.errors.length || this._status === 'error') return Promise.resolve(null);
    const token = this._token;
    this._status = 'loading';
    this._mounting = (async () => {
      let { state } = parsed;
      const { options } = parsed;
      /** @type {any} */ let network = null;
      if (options.network) {
        try {
          network = await resolveNetwork(options.network, document.baseURI);
          const r = stateFromNetwork(network, state);
          if ('error' in r) throw new Error(r.error);
          state = { ...r.state, preset: '' };
        } catch (e) {
          if (token === this._token) this._fail([`network: ${message(e)}; allowed: ${allowedOption('network')}`]);
          return null;
        }
      }
      if (token !== this._token) return null;
      const frame = /** @type {HTMLElement} */ (this._frame);
      // the frame keeps the placeholder's height as its least height: while the instance is
      // built, draws and fills in (a comparison's table grows as it trains) the text below
      // it does not move (placeholder.js estimates the final height)
      if (!options.height) frame.style.minHeight = `${frame.getBoundingClientRect().height}px`;
      frame.replaceChildren();
      const onEvent = (/** @type {string} */ type, /** @type {any} */ detail) => this._event(type, detail, token);
      if (options.compare) {
        this._instance = await mountComparison(frame, state, options, {
          events: EVENTS, onEvent, fail: (errors) => this._fail(errors), current: () => token === this._token,
          createClient: () => new EngineClient({ createWorker: this._where.createWorker }),
        });
      }
      else {
        this._instance = createPlayground(frame, {
          state, network: network ?? undefined, views: options.views, controls: options.controls, explain: options.explain,
          steps: options.steps || undefined, onEvent, links: this._where.links,
          embedOptions: () => ({ ...options, network: options.network && !/^\s*\{/.test(options.network) ? options.network : null }),
          createClient: () => new EngineClient({ createWorker: this._where.createWorker }),
          comparisons: () => import('../compare/dialogs.js'),
        });
      }
      return this._instance;
    })();
    return this._mounting;
  }

  /** An instance's event: bookkeeping, then the CustomEvent. @param {string} type @param {any} detail @param {number} token */
  _event(type, detail, token) {
    if (token !== this._token) return;
    if (type === 'ready') { this._status = 'ready'; this._readyOk(detail); queueMicrotask(() => this._sync()); }
    if (type === 'finished' || type === 'diverged') this._autoPaused = false;
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /**
   * Runs the instance while it is in view and the tab is visible (if it should run). The
   * decisions are chained, each made after the previous play or pause took effect.
   */
  _sync() {
    this._syncChain = (this._syncChain ?? Promise.resolve()).then(async () => {
      const inst = this._instance;
      if (!inst || this._status !== 'ready') return;
      const visible = this._inView && document.visibilityState !== 'hidden';
      if (visible) {
        if (this._pendingAutoplay || this._autoPaused) {
          this._pendingAutoplay = false;
          this._autoPaused = false;
          await inst.play();
        }
      } else if (inst.figures()?.running) {
        this._autoPaused = true;
        await inst.pause();
      }
    }).catch(() => {});
  }

  /** The instance, built now if it was waiting to be scrolled to; rejects if it cannot start. */
  async _ensure() {
    if (this._status === 'idle') throw new Error('<grad-scope>: the element is not in a document');
    await this._mount();
    const inst = await this._ready.then(() => this._instance);
    if (!inst) throw new Error('<grad-scope>: the element was reconfigured');
    return inst;
  }

  // ---- the public API (docs/embedding.md) ----
  /** Resolves with the figures once the first frame is on screen; rejects when it cannot start. */
  whenReady() { return this._ready; }
  /** 'waiting' (for the viewport), 'loading', 'ready' or 'error'. */
  get status() { return this._status; }
  /** The errors of the attributes, if any. */
  get errors() { return [...(this._parsed?.errors ?? [])]; }
  /** The playground state (what the share link holds). */
  get state() { const s = this._instance?.state ?? this._parsed?.state; return s ? { ...s } : null; }
  /** The state as a link hash (the `state` attribute's form). */
  get link() { const s = this.state; return s ? stateHash(s) : ''; }
  async play() { const i = await this._ensure(); this._pendingAutoplay = false; this._autoPaused = false; await i.play(); return i.figures(); }
  async pause() { const i = await this._ensure(); this._pendingAutoplay = false; this._autoPaused = false; await i.pause(); return i.figures(); }
  /** @param {number} [n] */
  async step(n = 1) { const i = await this._ensure(); this._autoPaused = false; return i.step(n); }
  async reset() { const i = await this._ensure(); return i.reset(); }
  /** @param {object | string} network a gradscope-network/1 document, its JSON text, or its URL */
  async load(network) {
    const i = await this._ensure();
    const doc = await resolveNetwork(network, document.baseURI);
    if (!i.load) throw new Error('load: a comparison loads its network from the network attribute');
    return i.load(doc);
  }
  figures() {
    return this._instance?.figures() ?? { ready: false, step: 0, running: false, status: this._status };
  }
}

/**
 * Defines <grad-scope> (once per page, whatever the number of script tags).
 * @param {{ base: string, workerUrl: string }} where base: grad-scope.js's own URL
 */
export function defineGradScope(where) {
  if (customElements.get('grad-scope')) return customElements.get('grad-scope');
  /** @type {Where} */
  const at = {
    links: { app: new URL('index.html', where.base).href, script: new URL(where.base).href, frame: new URL('embed.html', where.base).href },
    createWorker: workerFactory(where.workerUrl),
  };
  // compile the engine while the page is idle, so that an element far down the page has it
  // ready when it is scrolled to (one compile per page, shared by every instance)
  const idle = /** @type {any} */ (window).requestIdleCallback ?? ((/** @type {() => void} */ f) => setTimeout(f, 1500));
  idle(() => { if (document.querySelector('grad-scope')) getCompiledModule().catch(() => {}); });
  const defined = class extends GradScopeElement { get _where() { return at; } };
  customElements.define('grad-scope', defined);
  return defined;
}
