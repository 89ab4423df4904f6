// @ts-check
// <grad-scope>: one playground (or one comparison) in its own shadow root, configured by
// attributes (state/embed-options.js), driven by methods and heard through CustomEvents
// (docs/embedding.md). Several can live on one page: each owns one worker (two or more
// for a comparison); the WebAssembly module is compiled once per page (engine/client.js).
// An instance is built when it comes near the viewport, starts (autoplay) when it is in
// view, and pauses while it is out of view or the tab is hidden.
// This file is not: the option table (options.js), the playground (app/playground.js),
// the iframe bridge (frame.js).
import { createPlayground } from '../app/playground.js';
import { EngineClient, getCompiledModule } from '../engine/client.js';
import { networkDoc, configDoc, dataShape, stateFromNetwork } from '../state/network.js';
import { fromAttributes, ATTRIBUTES, allowedOption, stateHash, compareVary } from '../state/embed-options.js';
import { expectedHeight } from '../state/embed-height.js';
import shellCss from './element.css?inline';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/embed-options.js').EmbedOptions} EmbedOptions */
/** @typedef {import('../state/embed-options.js').Parsed} Parsed */
/**
 * What an instance offers (a playground, or a comparison wrapped to look like one).
 * @typedef {{ play(): Promise<any>, pause(): Promise<any>, step(n?: number): Promise<any>, reset(): Promise<any>,
 *   load?(network: object): Promise<any>, figures(): any, readonly state?: State, destroy(): void }} Instance
 */

/** The events an instance sends (and the element re-dispatches as CustomEvents). */
export const EVENTS = ['ready', 'step', 'diverged', 'unit-died', 'finished'];

// The comparison mode (web/compare, built by its own module) is loaded only when an
// element asks for it; a build without it says so inside that element.
const comparisonModule = /** @type {Record<string, () => Promise<any>>} */ (import.meta.glob('../compare/comparison.js'));

/** @param {unknown} e */
const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * A gradscope-network/1 document from an object, inline JSON or a URL (relative to `base`).
 * Throws with the reason.
 * @param {unknown} value @param {string} base
 * @returns {Promise<any>}
 */
export async function resolveNetwork(value, base) {
  /** @type {any} */ let doc = value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('{')) {
      try { doc = JSON.parse(t); } catch (e) { throw new Error(`not valid JSON (${message(e)})`); }
    } else {
      /** @type {URL} */ let url;
      try { url = new URL(t, base); } catch { throw new Error(`${JSON.stringify(t.slice(0, 60))} is neither JSON nor a URL`); }
      if (!/^(https?|blob|data):$/.test(url.protocol)) throw new Error(`${JSON.stringify(t.slice(0, 60))}: only http(s), blob and data URLs are read`);
      /** @type {Response} */ let res;
      try { res = await fetch(url, { credentials: 'same-origin' }); } catch (e) { throw new Error(`${url.href}: could not be fetched (${message(e)})`); }
      if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
      const text = await res.text();
      if (text.length > 16 * 1024 * 1024) throw new Error(`${url.href}: ${text.length} bytes, more than the 16 MiB limit`);
      try { doc = JSON.parse(text); } catch (e) { throw new Error(`${url.href}: not valid JSON (${message(e)})`); }
    }
  }
  if (!doc || typeof doc !== 'object' || doc.format !== 'gradscope-network/1') {
    throw new Error(`format must be "gradscope-network/1", got ${JSON.stringify(doc && typeof doc === 'object' ? doc.format ?? null : typeof doc)}`);
  }
  return doc;
}

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

/**
 * Defines <grad-scope> (once per page, whatever the number of script tags).
 * @param {{ base: string, workerUrl: string }} where base: grad-scope.js's own URL
 */
export function defineGradScope(where) {
  if (customElements.get('grad-scope')) return customElements.get('grad-scope');
  const links = {
    app: new URL('index.html', where.base).href,
    script: new URL(where.base).href,
    frame: new URL('embed.html', where.base).href,
  };
  const createWorker = workerFactory(where.workerUrl);
  // compile the engine while the page is idle, so that an element far down the page has it
  // ready when it is scrolled to (one compile per page, shared by every instance)
  const idle = /** @type {any} */ (window).requestIdleCallback ?? ((/** @type {() => void} */ f) => setTimeout(f, 1500));
  idle(() => { if (document.querySelector('grad-scope')) getCompiledModule().catch(() => {}); });

  class GradScopeElement extends HTMLElement {
    static get observedAttributes() { return ATTRIBUTES; }

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
      const wait = document.createElement('div');
      wait.className = 'gse-wait';
      // the height it will have once built (placeholder.js): the page around it does not move
      if (!options.height) wait.style.minHeight = `${expectedHeight(state, options, this.getBoundingClientRect().width)}px`;
      const mark = document.createElement('b');
      mark.append('grad', Object.assign(document.createElement('span'), { textContent: 'scope' }));
      wait.append(mark, document.createTextNode(` · ${state.depth}-layer ${state.activations ? 'mixed' : state.activation} network · starts when it comes into view`));
      frame.append(wait);

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
      this._frame?.replaceChildren(box);
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
        if (options.compare) this._instance = await this._mountComparison(frame, state, options, onEvent, token);
        else {
          this._instance = createPlayground(frame, {
            state, network: network ?? undefined, views: options.views, controls: options.controls, explain: options.explain,
            steps: options.steps || undefined, onEvent, links,
            embedOptions: () => ({ ...options, network: options.network && !/^\s*\{/.test(options.network) ? options.network : null }),
            createClient: () => new EngineClient({ createWorker }),
            comparisons: () => import('../compare/dialogs.js'),
          });
        }
        return this._instance;
      })();
      return this._mounting;
    }

    /**
     * The comparison of several activations on this element's network.
     * @param {HTMLElement} frame @param {State} state @param {EmbedOptions} options
     * @param {(type: string, detail: any) => void} onEvent @param {number} token
     * @returns {Promise<Instance | null>}
     */
    async _mountComparison(frame, state, options, onEvent, token) {
      const load = comparisonModule['../compare/comparison.js'];
      /** @type {any} */ let mod = null;
      try { mod = load ? await load() : null; } catch (e) { mod = null; }
      if (token !== this._token) return null;
      if (!mod?.createComparison) { this._fail(['compare: this build of gradscope has no comparison mode (web/compare/comparison.js is missing)']); return null; }
      const shape = dataShape(state, null);
      /** @type {any} */ let c;
      try {
        c = mod.createComparison(frame, {
          network: networkDoc(state, shape), config: configDoc(state, null), vary: compareVary(options.compare ?? []), values: options.compare,
          autoplay: false, steps: options.steps || undefined, speed: state.speed, theme: state.theme, views: options.views,
          createClient: () => new EngineClient({ createWorker }),
        });
      } catch (e) { this._fail([`compare: ${message(e)}`]); return null; }
      const figs = () => { const f = c.figures(); return { ...f, ready: f.state !== 'loading' && f.state !== 'timing', running: f.state === 'running' }; };
      // a comparison has no unit-died event (its table counts dead units)
      for (const type of [...EVENTS, 'error']) {
        try { c.on(type, (/** @type {any} */ detail) => (type === 'error' ? this._fail([`compare: ${detail?.message ?? 'a network could not start'}`]) : onEvent(type, detail))); } catch { /* not offered */ }
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
  customElements.define('grad-scope', GradScopeElement);
  return GradScopeElement;
}
