// @ts-check
// Share and Embed: a panel with the link to exactly this state, or the element and iframe
// snippets that put this network in another page, each copied to the clipboard (or
// selected, where the clipboard is not allowed). An open panel follows the state.
// This file is not: the link's and snippets' text (state/embed-snippet.js).
import { h, setText, append } from '../ui/dom.js';
import { elementSnippet, iframeSnippet, appLink } from '../state/embed-snippet.js';
import { defaultOptions } from '../state/embed-options.js';

/** @typedef {import('../state/schema.js').State} State */

/**
 * @param {{ win: Window, links: { app: string, script: string, frame: string },
 *   embedOptions?: () => import('../state/embed-options.js').EmbedOptions }} o
 */
export function createShare(o) {
  const panel = h('div.gs-share', { role: 'group', 'aria-label': 'Share or embed' });
  panel.hidden = true;

  /** @param {string} text @param {HTMLTextAreaElement} ta @param {HTMLElement} note */
  function copyText(text, ta, note) {
    const manual = () => { ta.focus(); ta.select(); setText(note, 'Selected: press Ctrl+C (⌘C) to copy'); };
    const clip = o.win.navigator.clipboard;
    if (!clip?.writeText) { manual(); return; }
    clip.writeText(text).then(() => setText(note, 'Copied to the clipboard'), manual);
  }

  /** Shows (and copies) a link to this state, or the element and iframe snippets for it. @param {State} s @param {'link' | 'embed'} kind @param {boolean} [copy] */
  function share(s, kind, copy = true) {
    const eo = o.embedOptions?.() ?? defaultOptions();
    const items = kind === 'link'
      ? [{ label: 'Link to this exact state', text: appLink(o.links.app, s) }]
      : [{ label: 'Element: one script tag and one element', text: elementSnippet(o.links.script, { ...s, tour: 0 }, eo) },
        { label: 'Iframe: its few lines of script size it to its content (without them it keeps its height)', text: iframeSnippet(o.links.frame, { ...s, tour: 0 }, eo) }];
    const shown = Array.from(panel.querySelectorAll('textarea'), (t) => t.value);
    if (!copy && shown.length === items.length && items.every((it, i) => it.text === shown[i])) return;
    const note = h('span.gs-share-note', { role: 'status' });
    const close = h('button.gs-mini', { type: 'button', 'aria-label': 'Close', onclick: () => { panel.hidden = true; } }, '×');
    const rows = items.map((it, i) => {
      const ta = /** @type {HTMLTextAreaElement} */ (h('textarea', { readonly: true, rows: kind === 'link' ? 2 : 3, spellcheck: 'false', 'data-role': `share-${kind}-${i}`, 'aria-label': it.label }));
      ta.value = it.text;
      const copyBtn = h('button.gs-mini', { type: 'button', onclick: () => copyText(it.text, ta, note) }, 'Copy');
      return h('div.gs-share-row', null, h('span', null, it.label), ta, copyBtn);
    });
    panel.replaceChildren();
    append(panel, [h('div.gs-share-head', null, h('b', null, kind === 'link' ? 'Share' : 'Embed'), note, close), ...rows]);
    panel.hidden = false;
    panel.dataset.kind = kind;
    const first = /** @type {HTMLTextAreaElement} */ (panel.querySelector('textarea'));
    if (copy) copyText(items[0].text, first, note);
    else setText(note, 'Updated to the settings on screen');
  }

  return {
    panel, share,
    /** An open panel follows the state on screen. @param {State} s */
    follow(s) { if (!panel.hidden && panel.dataset.kind) share(s, /** @type {'link' | 'embed'} */ (panel.dataset.kind), false); },
  };
}
