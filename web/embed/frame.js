// @ts-check
// The iframe mode (embed.html#...): the same options as <grad-scope>, read from the hash
// (state/embed-options.js: the state's keys, plus vw, ctl, ap, ex, st, h, cx, net and origin).
// Events go to the host with postMessage, and commands come back the same way, but only
// with one origin: the hash's `origin`, else document.referrer's; with neither, the frame
// sends nothing and obeys nothing. Messages (docs/embedding.md):
//   frame -> host  { gradscope: 1, type: 'ready' | 'step' | 'diverged' | 'unit-died' | 'finished'
//                    | 'error' | 'resize' | 'reply', detail, id? }
//   host -> frame  { gradscope: 1, command: 'play' | 'pause' | 'step' | 'reset' | 'load' | 'figures',
//                    args?: { n?, network? }, id? }   (a 'reply' answers each, with the same id)
// This file is not: the element (element.js) or the option table (options.js).
import { fromHash } from '../state/embed-options.js';
import { elementAttributes } from '../state/embed-snippet.js';
import { EVENTS } from './element.js';

/** The origin of document.referrer, or null. */
function referrerOrigin() {
  try { return document.referrer ? new URL(document.referrer).origin : null; } catch { return null; }
}

/**
 * Builds the embed from location.hash inside `root` and connects it to the host window.
 * @param {HTMLElement} [root]
 * @returns {{ element: HTMLElement | null, target: string | null, errors: string[] }}
 */
export function mountFrame(root = document.body) {
  const parsed = fromHash(location.hash);
  const framed = window.parent !== window;
  const target = framed ? parsed.origin ?? referrerOrigin() : null;
  /** @param {string} type @param {any} detail @param {any} [id] */
  const post = (type, detail, id) => {
    if (!target) return;
    try { window.parent.postMessage({ gradscope: 1, type, detail, ...(id === undefined ? {} : { id }) }, target); } catch { /* a detail that cannot be cloned */ }
  };
  if (parsed.errors.length) {
    const box = document.createElement('div');
    box.className = 'gs-frame-errors';
    root.append(box);
    showErrors(box, parsed.errors);
    post('error', { errors: parsed.errors });
    return { element: null, target, errors: parsed.errors };
  }
  const el = document.createElement('grad-scope');
  for (const [k, v] of elementAttributes(parsed.state, parsed.options)) el.setAttribute(k, v);
  el.style.margin = '0';
  for (const type of [...EVENTS, 'error']) el.addEventListener(type, (e) => post(type, /** @type {CustomEvent} */ (e).detail));
  root.append(el);

  // commands from the host
  window.addEventListener('message', (e) => {
    if (!target || e.origin !== target || e.source !== window.parent) return;
    const m = e.data;
    if (!m || typeof m !== 'object' || m.gradscope !== 1 || typeof m.command !== 'string') return;
    const g = /** @type {any} */ (el);
    const args = m.args && typeof m.args === 'object' ? m.args : {};
    /** @type {Record<string, () => Promise<any>>} */
    const commands = {
      play: () => g.play(), pause: () => g.pause(), step: () => g.step(args.n ?? 1), reset: () => g.reset(),
      load: () => g.load(args.network), figures: async () => g.figures(),
    };
    const run = commands[m.command];
    if (!run) { post('reply', { command: m.command, ok: false, error: `unknown command ${JSON.stringify(m.command).slice(0, 40)}; allowed: ${Object.keys(commands).join(', ')}` }, m.id); return; }
    run().then(
      (result) => post('reply', { command: m.command, ok: true, result }, m.id),
      (err) => post('reply', { command: m.command, ok: false, error: err instanceof Error ? err.message : String(err) }, m.id));
  });

  // the content's height (the body's, not the viewport's: a frame taller than its content
  // shrinks to it), so a host can size the iframe to fit (snippet.js FRAME_LISTENER)
  let lastH = 0;
  const ro = new ResizeObserver(() => {
    const hgt = Math.ceil(document.body.getBoundingClientRect().height);
    if (hgt !== lastH) { lastH = hgt; post('resize', { height: hgt }); }
  });
  ro.observe(document.body);
  return { element: el, target, errors: [] };
}

/** Error messages from the hash, shown in a shadow root (text only). @param {HTMLElement} el @param {string[]} errors */
function showErrors(el, errors) {
  const shadow = el.attachShadow({ mode: 'open' });
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.style.cssText = 'font:14px/1.5 system-ui,sans-serif;padding:14px 16px;border:1px solid #d9dde3;border-left:4px solid #d55e00;border-radius:10px;background:#fff;color:#1b1f24';
  const title = document.createElement('p');
  title.style.cssText = 'margin:0 0 6px;font-weight:600;color:#b24a00';
  title.textContent = `This gradscope embed cannot start: ${errors.length === 1 ? 'one setting in its link is' : `${errors.length} settings in its link are`} invalid`;
  const list = document.createElement('ul');
  list.style.cssText = 'margin:0;padding-left:20px';
  for (const e of errors) { const li = document.createElement('li'); li.textContent = e; list.append(li); }
  box.append(title, list);
  shadow.replaceChildren(box);
}
