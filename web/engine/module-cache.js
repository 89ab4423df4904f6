// @ts-check
// One compile of web/generated/gradscope.wasm, held by whoever shares it: every worker it
// is posted to instantiates it (loadGradscope({ wasmModule })). A failed compile is not
// kept, so a later get() (a restart) tries again.
// This file is not: instantiating the module (gradscope.js) or the workers (client.js).

export class ModuleCache {
  /** @param {URL} url the .wasm */
  constructor(url) {
    this.url = url;
    /** @type {Promise<WebAssembly.Module> | null} */
    this._compiled = null;
  }

  /**
   * The compiled module (compiled at the first call). Falls back to an ArrayBuffer
   * compile when the server does not send application/wasm.
   * @returns {Promise<WebAssembly.Module>}
   */
  get() {
    if (!this._compiled) {
      const p = compile(this.url);
      this._compiled = p;
      p.catch(() => { if (this._compiled === p) this._compiled = null; });  // let a later call retry
    }
    return this._compiled;
  }
}

/** @param {URL} url @returns {Promise<WebAssembly.Module>} */
async function compile(url) {
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url));
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;  // TypeError: wrong MIME type; retry below
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`engine: cannot load ${url.href}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}
