// The hand-written declarations (web/engine/*.d.ts) match the JavaScript: every method
// and property they declare exists, and every public one the JavaScript has is declared.
// (`tsc -p tsconfig.json` with checkJs, run by npm test, checks the types; this catches drift in names.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';

import * as clientModule from '../../web/engine/client.js';
import * as gradscopeModule from '../../web/engine/gradscope.js';
import { REQUESTS } from '../../web/engine/protocol.js';
import { loadEngine, network, stack } from './helpers/engine.mjs';

/** @param {string} file */
const dts = (file) => readFile(new URL(`../../web/engine/${file}`, import.meta.url), 'utf8');

/**
 * Member names declared in `class|interface NAME { ... }` (methods and properties, one level).
 * @param {string} text @param {string} kind @param {string} name
 */
function members(text, kind, name) {
  const start = text.search(new RegExp(`${kind} ${name}\\b[^{]*\\{`));
  assert.ok(start >= 0, `${kind} ${name} is declared`);
  let depth = 0, i = text.indexOf('{', start), body = '';
  for (; i < text.length; ++i) {
    const ch = text[i];
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth === 1 && ch !== '{') body += ch;
    else if (depth === 1) body += ' ';
    if (depth === 0) break;
  }
  const names = new Set();
  for (const line of body.split('\n')) {
    const m = line.match(/^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*[?<(:]/);
    if (m && m[1] !== 'constructor' && !line.trim().startsWith('//') && !line.trim().startsWith('*')) names.add(m[1]);
  }
  return names;
}

/** Public (non-underscore) members of an object's prototype chain up to Object.prototype. @param {object} proto */
function publicMembers(proto) {
  const names = new Set();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) if (!k.startsWith('_') && k !== 'constructor') names.add(k);
  return names;
}

/** @type {any} */
let gs;
before(async () => { gs = await loadEngine(); });

test('client.d.ts: EngineClient and the module exports', async () => {
  const text = await dts('client.d.ts');
  const declared = members(text, 'class', 'EngineClient');
  const actual = publicMembers(clientModule.EngineClient.prototype);
  actual.add('timeoutMs');  // an instance field
  assert.deepEqual([...declared].sort(), [...actual].sort());
  for (const name of Object.keys(clientModule)) assert.match(text, new RegExp(`export declare (function|class) ${name}\\b`));
  // every request type of the typed request() exists in the worker protocol
  for (const k of members(text, 'type', 'RequestResults')) assert.ok(REQUESTS.includes(k), `request '${k}'`);
});

test('gradscope.d.ts: Session, GradscopeModule and the module exports', async () => {
  const text = await dts('gradscope.d.ts');
  const s = new gs.Session(network({ hidden: stack(1, 2, 'relu') }));
  try {
    assert.deepEqual([...members(text, 'interface', 'Session')].sort(), [...publicMembers(Object.getPrototypeOf(s))].sort());
  } finally {
    s.dispose();
  }
  assert.deepEqual([...members(text, 'interface', 'GradscopeModule')].sort(), Object.keys(gs).sort());
  for (const name of Object.keys(gradscopeModule)) assert.match(text, new RegExp(`export declare function ${name}\\b`));
});
