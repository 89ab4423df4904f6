// The front end's structure (issue 14), read from the sources with TypeScript's parser:
// - folders are layers and import only downward (or within themselves):
//     engine -> state -> ui -> charts -> views -> app -> compare -> embed
//   (web/*.js entries may import any layer; web/styles/ holds CSS that any layer may
//   import; web/generated/ holds the built WASM module that only engine/ loads);
// - no import cycle between files;
// - no web source file over 400 lines, no function over 150 lines, no module-level
//   mutable state (`let`/`var` at the top of a module, or a top-level container that the
//   module fills or changes).
// Runtime imports count (static and dynamic); so do JSDoc `import('...')` types, which
// tie a file to the one it names as firmly for a reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
export const LAYERS = ['engine', 'state', 'ui', 'charts', 'views', 'app', 'compare', 'embed'];
const LEAVES = { styles: 'any', generated: 'engine' };
const MAX_FILE_LINES = 400, MAX_FUNCTION_LINES = 150;

/** Every .js source under web/ (not the built module), relative to web/. */
function sources(dir = WEB) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'generated') out.push(...sources(p)); }
    else if (name.endsWith('.js')) out.push(relative(WEB, p).split(sep).join('/'));
  }
  return out.sort();
}
const FILES = sources();
const TEXT = new Map(FILES.map((f) => [f, readFileSync(join(WEB, f), 'utf8')]));
/** @param {string} f */
const folderOf = (f) => (f.includes('/') ? f.split('/')[0] : null);

/** Relative specifiers a file imports: { spec, kind: 'static' | 'dynamic' | 'type', line }. */
function importsOf(f) {
  const text = TEXT.get(f) ?? '';
  const found = [];
  const lineOf = (i) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) found.push({ spec: m[1] ?? m[2], kind: 'static', line: lineOf(m.index) });
  // dynamic imports and JSDoc types, from the parser's view of the file
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // JSDoc comments are walked like code: their `import('...')` types are ImportTypeNodes too
  const visit = (n) => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      found.push({ spec: n.arguments[0].text, kind: 'dynamic', line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      found.push({ spec: n.argument.literal.text, kind: 'type', line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    ts.forEachChild(n, visit);
    if (n.jsDoc) for (const d of n.jsDoc) visit(d);
  };
  visit(sf);
  return found.filter((i) => i.spec.startsWith('.')).map((i) => ({ ...i, target: resolveSpec(f, i.spec) }));
}

/** The web/-relative file an import names (a type import may leave out `.d.ts` / `.js`). */
function resolveSpec(f, spec) {
  const base = resolve(WEB, dirname(f), spec.replace(/\?.*$/, ''));
  const hit = [base, `${base}.d.ts`, `${base}.js`].find((p) => { try { return statSync(p).isFile(); } catch { return false; } });
  return relative(WEB, hit ?? base).split(sep).join('/');
}

/** Why an import from f to target breaks the layering, or null. */
export function layerProblem(f, target) {
  const from = folderOf(f), to = folderOf(target);
  if (to !== null && to in LEAVES) {
    const who = LEAVES[/** @type {keyof typeof LEAVES} */ (to)];
    return who === 'any' || who === from ? null : `only ${who}/ may import ${to}/`;
  }
  if (to === null) return `imports the entry ${target}`;
  if (!LAYERS.includes(to)) return `${to}/ is not a layer (${LAYERS.join(' -> ')})`;
  if (from === null) return null; // an entry: any layer
  if (!LAYERS.includes(from)) return `${from}/ is not a layer (${LAYERS.join(' -> ')})`;
  return LAYERS.indexOf(to) > LAYERS.indexOf(from) ? `${from}/ imports upward into ${to}/` : null;
}

test('every web folder is a layer (or styles/ or generated/)', () => {
  const folders = [...new Set(FILES.map(folderOf).filter((d) => d !== null))];
  assert.deepEqual(folders.filter((d) => !LAYERS.includes(d) && !(d in LEAVES)), []);
});

test('folders import only downward: engine -> state -> ui -> charts -> views -> app -> compare -> embed', () => {
  const problems = [];
  for (const f of FILES) for (const i of importsOf(f)) {
    const p = layerProblem(f, i.target);
    if (p) problems.push(`${f}:${i.line} (${i.kind}) -> ${i.target}: ${p}`);
  }
  assert.deepEqual(problems, []);
});

test('the layer rule can fail: an upward import is reported', () => {
  assert.match(String(layerProblem('charts/plot.js', 'app/playground.js')), /upward/);
  assert.match(String(layerProblem('engine/client.js', 'state/schema.js')), /upward/);
  assert.match(String(layerProblem('state/schema.js', 'misc/x.js')), /not a layer/);
  assert.equal(layerProblem('app/playground.js', 'charts/plot.js'), null);
  assert.equal(layerProblem('main.js', 'app/playground.js'), null);
  assert.match(String(layerProblem('state/schema.js', 'generated/gradscope.mjs')), /only engine/);
});

/** Every import target resolves to a file (a moved file leaves no dangling import). */
test('every relative import names a file that exists', () => {
  const missing = [];
  for (const f of FILES) for (const i of importsOf(f)) {
    if (folderOf(i.target) === 'generated') continue; // built by scripts/build-wasm.sh
    try { statSync(join(WEB, i.target)); } catch { missing.push(`${f}:${i.line} -> ${i.spec}`); }
  }
  assert.deepEqual(missing, []);
});

/** A cycle in a graph given as adjacency lists, or null. @param {Map<string, string[]>} g */
export function findCycle(g) {
  const state = new Map(), stack = [];
  const dfs = (v) => {
    state.set(v, 1); stack.push(v);
    for (const w of g.get(v) ?? []) {
      if (state.get(w) === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (!state.has(w)) { const c = dfs(w); if (c) return c; }
    }
    state.set(v, 2); stack.pop();
    return null;
  };
  for (const v of g.keys()) if (!state.has(v)) { const c = dfs(v); if (c) return c; }
  return null;
}

test('no import cycle between files (runtime imports)', () => {
  const g = new Map(FILES.map((f) => [f, importsOf(f).filter((i) => i.kind !== 'type' && i.target.endsWith('.js')).map((i) => i.target)]));
  assert.equal(findCycle(g)?.join(' -> ') ?? null, null);
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
});

/** Functions longer than the limit in a file: "name (N lines) at line L". */
export function longFunctions(f, text, max = MAX_FUNCTION_LINES) {
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = [];
  const visit = (n) => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line, b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const name = n.name && ts.isIdentifier(n.name) ? n.name.text : ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name) ? n.parent.name.text : '(anonymous)';
      if (b - a + 1 > max) out.push(`${f}: ${name} (${b - a + 1} lines) at line ${a + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Module-level mutable state: top-level let/var, or a top-level const the module changes. */
export function mutableState(f, text) {
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const flags = st.declarationList.flags;
    const line = sf.getLineAndCharacterOfPosition(st.getStart()).line + 1;
    for (const d of st.declarationList.declarations) {
      const name = ts.isIdentifier(d.name) ? d.name.text : d.name.getText(sf);
      if (!(flags & ts.NodeFlags.Const)) { out.push(`${f}:${line}: top-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'} ${name}`); continue; }
      if (!ts.isIdentifier(d.name)) continue;
      const esc = name.replace(/\$/g, '\\$');
      const changes = new RegExp(`(?<![\\w$.])${esc}(?:\\.[\\w$]+|\\[[^\\]]+\\])*(?:\\.(?:push|pop|shift|unshift|splice|set|add|delete|clear|sort|reverse|fill)\\(|(?:\\.[\\w$]+|\\[[^\\]]+\\])\\s*(?:[-+*/%|&]|\\?\\?|\\|\\||&&)?=(?!=))`);
      // count only uses outside the declaration itself
      const rest = text.slice(0, d.getStart()) + text.slice(d.getEnd());
      if (changes.test(rest)) out.push(`${f}:${line}: top-level ${name} is changed by the module`);
    }
  }
  return out;
}

// Files still over a limit while issue 14's split is under way: each entry must still be
// over (so the list only shrinks), and nothing else may be.
const KNOWN = {
  lines: new Set(/** @type {string[]} */ ([])),
  functions: new Set(/** @type {string[]} */ ([])),
  state: new Set(/** @type {string[]} */ ([])),
};

/** @param {'lines' | 'functions' | 'state'} kind @param {string[]} found "file: ..." */
function checkAgainstKnown(kind, found) {
  const files = new Set(found.map((s) => s.split(':')[0]));
  assert.deepEqual(found.filter((s) => !KNOWN[kind].has(s.split(':')[0])), [], `new ${kind} problems`);
  assert.deepEqual([...KNOWN[kind]].filter((f) => !files.has(f)), [], `fixed: remove these from KNOWN.${kind}`);
}

test(`no web source file over ${MAX_FILE_LINES} lines`, () => {
  checkAgainstKnown('lines', FILES.map((f) => [f, (TEXT.get(f) ?? '').split('\n').length - 1]).filter(([, n]) => n > MAX_FILE_LINES).map(([f, n]) => `${f}: ${n} lines`));
});

test(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
  checkAgainstKnown('functions', FILES.flatMap((f) => longFunctions(f, TEXT.get(f) ?? '')));
});

test('no module-level mutable state', () => {
  checkAgainstKnown('state', FILES.flatMap((f) => mutableState(f, TEXT.get(f) ?? '')));
});

test('the size and state checks can fail', () => {
  const body = Array.from({ length: 151 }, () => '  x++;').join('\n');
  assert.equal(longFunctions('x.js', `function big() {\n${body}\n}\n`).length, 1);
  assert.equal(longFunctions('x.js', 'const f = () => 1;\n').length, 0);
  assert.equal(mutableState('x.js', 'let n = 0;\nexport const A = Object.freeze([1]);\n').length, 1);
  assert.equal(mutableState('x.js', 'const cache = new Map();\nexport function f(k) { cache.set(k, 1); }\n').length, 1);
  assert.equal(mutableState('x.js', 'const o = {};\nexport function f() { o.a = 1; }\n').length, 1);
  assert.equal(mutableState('x.js', 'const T = { a: 1 };\nexport function f(o) { return o.a === T.a; }\n').length, 0);
});

test('every chart gives its canvas as a property (`chart.canvas`), none as a method', () => {
  const methods = FILES.filter((f) => folderOf(f) === 'charts' && /^\s*(?:get\s+)?canvas\s*\(\)\s*\{/m.test(TEXT.get(f) ?? '') && !/^\s*get\s+canvas\s*\(\)/m.test(TEXT.get(f) ?? ''));
  assert.deepEqual(methods, []);
  const calls = FILES.filter((f) => /\.canvas\(\)/.test(TEXT.get(f) ?? ''));
  assert.deepEqual(calls, [], 'callers read chart.canvas, not chart.canvas()');
});
