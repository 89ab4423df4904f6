// One source of truth at the WASM boundary (issue 14): the table of engine methods
// (web/engine/methods.js) against every layer that must have them, both ways — the Embind
// bindings (the module's Engine prototype), the JavaScript wrapper (gradscope.js Session
// and module functions), the worker protocol (REQUESTS and the runtime's handlers, requests.js), the
// client (EngineClient methods, client.d.ts RequestResults/RequestArgs) and the .d.ts
// declarations. Also: one error channel (helpers report through takeError(), no
// {"error": ...} results), Engine construction that cannot leak, and the test fake's
// statistics names equal to the core's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { EngineClient } from '../../web/engine/client.js';
import { ENGINE_METHODS, WORKER_ONLY_REQUESTS } from '../../web/engine/methods.js';
import { REQUESTS } from '../../web/engine/protocol.js';
import { HANDLERS } from '../../web/engine/requests.js';
import { FAKE_STATS_NAMES } from './helpers/fake-engine.mjs';
import { loadEngine, network, stack } from './helpers/engine.mjs';

/** @type {any} */
let g;
before(async () => { g = await loadEngine(); });

const source = (/** @type {string} */ f) => readFile(new URL(`../../web/engine/${f}`, import.meta.url), 'utf8');
/** Embind's own members of every bound class. */
const EMBIND = new Set(['constructor', 'clone', 'delete', 'isDeleted', 'deleteLater', 'isAliasOf']);

/** Getters and methods of a prototype (own, not underscore). @param {object} proto */
function own(proto) {
  return new Set(Object.getOwnPropertyNames(proto).filter((k) => !k.startsWith('_')));
}

describe('the engine method table', () => {
  test('the bindings bind exactly the table (a bound method missing here, or a listed one not bound, fails)', () => {
    const bound = [...own(g.raw.Engine.prototype)].filter((k) => !EMBIND.has(k)).sort();
    const listed = ENGINE_METHODS.map((m) => m.engine).filter((k) => !EMBIND.has(k)).sort();
    assert.deepEqual(bound, listed);
    assert.equal(typeof g.raw.Engine.prototype.delete, 'function');
  });

  test('the JavaScript wrapper has every session method and module function of the table, and nothing unlisted', () => {
    const s = new g.Session(network({ hidden: stack(1, 2, 'relu') }));
    try {
      const proto = Object.getPrototypeOf(s);
      const members = own(proto);
      members.delete('constructor');
      const listed = new Set(ENGINE_METHODS.map((m) => m.session).filter((k) => k && k !== 'constructor'));
      assert.deepEqual([...members].sort(), [...listed].sort());
    } finally {
      s.dispose();
    }
    for (const m of ENGINE_METHODS.filter((x) => x.module)) assert.equal(typeof g[/** @type {string} */ (m.module)], 'function', m.module);
  });

  test('the worker protocol answers every request of the table, and every request is in the table or worker-only', () => {
    const listed = new Set(ENGINE_METHODS.map((m) => m.request).filter(Boolean));
    for (const r of listed) {
      assert.ok(REQUESTS.includes(/** @type {string} */ (r)), `REQUESTS lacks '${r}'`);
      assert.equal(typeof (/** @type {any} */ (HANDLERS))[/** @type {string} */ (r)], 'function', `the runtime has no handler for '${r}'`);
    }
    for (const r of REQUESTS) assert.ok(listed.has(r) || WORKER_ONLY_REQUESTS.includes(r), `request '${r}' is in no table`);
    // a handler for every request but 'init' (answered before the module is loaded), and no other
    assert.deepEqual(Object.keys(HANDLERS).sort(), REQUESTS.filter((r) => r !== 'init').sort());
  });

  test('the client reaches every request of the table (its own method, or request(type) typed in client.d.ts)', async () => {
    const dts = await source('client.d.ts');
    /** keys at the top level of `export type NAME = { ... }` */
    const typed = (/** @type {string} */ block) => {
      const start = dts.indexOf(`export type ${block} = {`);
      assert.ok(start >= 0, `client.d.ts declares ${block}`);
      let depth = 0, body = '';
      for (let i = dts.indexOf('{', start); i < dts.length; ++i) {
        if (dts[i] === '{') depth++;
        else if (dts[i] === '}' && --depth === 0) break;
        else if (depth === 1) body += dts[i];
      }
      return new Set([...body.matchAll(/^\s*(\w+)\??:/gm)].map((x) => x[1]));
    };
    const results = typed('RequestResults'), args = typed('RequestArgs');
    for (const m of ENGINE_METHODS.filter((x) => x.client)) {
      if (m.client === 'request') {
        assert.ok(results.has(/** @type {string} */ (m.request)), `RequestResults lacks '${m.request}'`);
        assert.ok(args.has(/** @type {string} */ (m.request)), `RequestArgs lacks '${m.request}'`);
      } else {
        assert.equal(typeof (/** @type {any} */ (EngineClient.prototype))[/** @type {string} */ (m.client)], 'function', `EngineClient.${m.client}`);
        assert.match(dts, new RegExp(`\\n\\s+${m.client}\\(`), `client.d.ts declares EngineClient.${m.client}`);
      }
    }
  });

  test('gradscope.d.ts declares every session method and module function of the table', async () => {
    const dts = await source('gradscope.d.ts');
    const body = (/** @type {string} */ name) => {
      const start = dts.indexOf(`export interface ${name} {`);
      assert.ok(start >= 0, name);
      return dts.slice(start, dts.indexOf('\n}', start));
    };
    const session = body('Session'), mod = body('GradscopeModule');
    for (const m of ENGINE_METHODS) {
      if (m.session && m.session !== 'constructor') assert.match(session, new RegExp(`\\n\\s+(readonly )?${m.session}[(:?]`), `Session.${m.session}`);
      if (m.module) assert.match(mod, new RegExp(`\\n\\s+${m.module}\\(`), `GradscopeModule.${m.module}`);
    }
  });
});

describe('one error channel', () => {
  test('helpers throw the core message through takeError(); no JSON {"error": ...} and no second error function', () => {
    assert.equal(g.raw.lastHelperError, undefined, 'no helper error function');
    assert.throws(() => g.productExperiment({ factors: 'nope' }), /probe\.factors: must be "uniform" or "derivative", got "nope"/);
    assert.throws(() => g.productExperiment({ n: 0 }), /probe\.n: must be in 1\.\.100000, got 0/);
    assert.throws(() => g.activationCurve('nope', [0]), /^Error: layers\[0\]\.activation: unknown activation 'nope'/);
    const e = new g.raw.Engine();
    try {
      assert.equal(e.productExperiment('{"factors": "nope"}'), '', 'a failed call returns a neutral value');
      assert.match(e.takeError(), /probe\.factors/);
      assert.equal(e.takeError(), '', 'taking the error clears it');
      const ok = JSON.parse(e.productExperiment('{"n": 3, "seed": 2}'));
      assert.equal(ok.factors.length, 3);
      assert.ok(!('error' in ok));
    } finally {
      e.delete();
    }
    const r = g.productExperiment({ n: 4 });
    assert.equal(r.log10_product.length, 4);
  });

  test('a session that cannot be built, or whose documents cannot be serialised, leaks no Engine', () => {
    let made = 0, deleted = 0;
    const Engine = g.raw.Engine;
    const origOpen = Engine.prototype.open, origDelete = Engine.prototype.delete;
    // count constructions through open() (every Session calls it once) and deletions
    Engine.prototype.open = function (/** @type {any[]} */ ...a) { made++; return origOpen.apply(this, a); };
    Engine.prototype.delete = function () { deleted++; return origDelete.call(this); };
    try {
      const cyclic = /** @type {any} */ ({ format: 'gradscope-network/1' });
      cyclic.self = cyclic;
      assert.throws(() => new g.Session(cyclic), TypeError);
      assert.throws(() => new g.Session(network({ hidden: stack(1, 2, 'relu') }), { seed: 1n }), TypeError);
      assert.equal(made, 0, 'no Engine is made for documents that cannot be serialised');
      assert.throws(() => new g.Session({ format: 'gradscope-network/1', inputs: 2, layers: [], loss: 'mse' }), /layers/);
      assert.equal(made, 1);
      assert.equal(deleted, 1, 'the Engine of a refused network is deleted');
      const s = new g.Session(network({ hidden: stack(1, 2, 'relu') }));
      s.dispose();
      s.dispose();
      assert.equal(deleted, 2, 'dispose deletes once');
    } finally {
      Engine.prototype.open = origOpen;
      Engine.prototype.delete = origDelete;
    }
  });
});

test("the test fake's statistics names are the core's (statsColumnNames)", () => {
  assert.deepEqual(g.statsColumnNames(), { scalars: [...FAKE_STATS_NAMES.scalars], columns: [...FAKE_STATS_NAMES.columns] });
});
