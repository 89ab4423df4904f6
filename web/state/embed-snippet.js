// @ts-check
// What the "share" and "embed" buttons copy: a link to the full playground, a
// <grad-scope> element, or an <iframe> of embed.html, for the state on screen. Pure
// functions (strings in, strings out); every attribute value is escaped.
// This file is not: the clipboard or the buttons (playground.js).
import { SCHEMA } from './schema.js';
import { presetBase, stateHash, toHash, optionTexts, defaultOptions, TABLE } from './embed-options.js';
import { expectedHeight } from './embed-height.js';

/** @typedef {import('./schema.js').State} State */
/** @typedef {import('./embed-options.js').EmbedOptions} EmbedOptions */

/** Escapes text for a double-quoted HTML attribute. @param {string} v */
export function escapeAttr(v) {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fields a <grad-scope> attribute sets on top of a preset while keeping it (the live ones:
 *  seed or dataset make a different network, which the `state` attribute writes). */
const ATTR_FIELDS = /** @type {Record<string, string>} */ ({ speed: 'speed', theme: 'theme' });

/**
 * The attributes that recreate `s` and `o` on a <grad-scope> element, in a readable order:
 * `preset` (+ seed/speed/theme) when the state is a preset's, otherwise `state` (the link's
 * hash), then the embed options. Boolean attributes have the value ''.
 * @param {State} s @param {EmbedOptions} o @returns {[string, string][]}
 */
export function elementAttributes(s, o) {
  /** @type {[string, string][]} */ const out = [];
  const base = s.preset ? presetBase(s.preset) : undefined;
  const diff = base ? SCHEMA.filter((f) => f.name !== 'preset' && JSON.stringify(s[f.name]) !== JSON.stringify(base[f.name])).map((f) => f.name) : null;
  if (diff && diff.every((n) => n in ATTR_FIELDS)) {
    out.push(['preset', s.preset]);
    for (const n of diff) out.push([ATTR_FIELDS[n], String(s[n])]);
  } else out.push(['state', stateHash(s)]);
  const texts = optionTexts(o);
  for (const row of TABLE) {
    if (row.kind !== 'option' || !(row.key in texts)) continue;
    if (row.name === 'network' && /^\s*\{/.test(texts[row.key])) continue;  // inline JSON: the state carries the architecture
    out.push([row.attr, row.name === 'autoplay' || row.name === 'explain' ? '' : texts[row.key]]);
  }
  return out;
}

/**
 * `<script type="module" src="…/grad-scope.js"></script>` and the element. The element's
 * style reserves its height (the fixed `height`, or the one it will have in a 720 px column,
 * placeholder.js) while the script loads: the text below it does not jump when it appears.
 * @param {string} scriptUrl absolute URL of grad-scope.js @param {State} s @param {EmbedOptions} [o]
 */
export function elementSnippet(scriptUrl, s, o = defaultOptions()) {
  const attrs = elementAttributes(s, o).map(([k, v]) => (v === '' && (k === 'autoplay' || k === 'explain') ? k : `${k}="${escapeAttr(v)}"`));
  const reserve = o.height || `${expectedHeight(s, o, 720)}px`;
  return `<script type="module" src="${escapeAttr(scriptUrl)}"></script>\n<grad-scope ${attrs.join(' ')} style="display:block;min-height:${escapeAttr(reserve)}"></grad-scope>`;
}

/**
 * The iframe's height before its content reports its own: the element's expected height in a
 * 720 px column (placeholder.js; the frame scrolls if it is short), or the fixed height.
 * @param {EmbedOptions} o @param {State} [s]
 */
export function frameHeight(o, s) {
  const m = /^(\d+(?:\.\d+)?)px$/.exec(o.height);
  if (m) return Math.round(Number(m[1]));
  if (!s) return Math.min(1400, 90 + (o.compare ? 420 : 0) + o.views.length * (o.explain ? 420 : 330));
  return Math.min(2400, expectedHeight(s, o, 720) + 2);
}

/**
 * The few lines a host page needs so an iframe takes the height of its content: embed.html
 * posts { gradscope: 1, type: 'resize', detail: { height } } to its host (frame.js); this
 * listener sets the height of the iframe that sent it (matched by its window and origin).
 * One listener serves every gradscope iframe of the page; pasted twice, it does no harm.
 */
export const FRAME_LISTENER = '<script>addEventListener("message",function(e){var d=e.data;if(!d||d.gradscope!==1||d.type!=="resize"||!d.detail)return;'
  + 'document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source&&new URL(f.src,location.href).origin===e.origin)'
  + 'f.style.height=Math.max(80,Math.min(6000,Math.ceil(+d.detail.height)||0))+"px"})})</script>';

/**
 * An <iframe> of embed.html with the state and options in its hash, then the listener that
 * sizes it to its content (FRAME_LISTENER; a host that allows no scripts drops it and the
 * iframe keeps its height, frameHeight()). The host adds `&origin=https://its.origin` to
 * receive events when its pages send no referrer (docs/embedding.md).
 * @param {string} frameUrl absolute URL of embed.html @param {State} s @param {EmbedOptions} [o]
 */
export function iframeSnippet(frameUrl, s, o = defaultOptions()) {
  const src = `${frameUrl.replace(/#.*$/, '')}#${toHash(s, o)}`;
  const title = `gradscope: ${s.depth}-layer ${s.activations ? 'mixed' : s.activation} network`;
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${frameHeight(o, s)}" style="border:0;max-width:100%" loading="lazy"></iframe>\n${FRAME_LISTENER}`;
}

/** A link to the full playground with this state. @param {string} appUrl @param {State} s */
export function appLink(appUrl, s) {
  return `${appUrl.replace(/#.*$/, '')}#${stateHash(s)}`;
}
