// @ts-check
// A preset's banner on the playground: its claim, "Look at:" links that scroll to the
// views the claim is about (and pick the layer) and highlight them, the pacing line
// (pacing.js), and the buttons: compare with its variant (a side-by-side dialog), the next
// preset, and the remedies' comparison.
// This file is not: the claims (presets.js) or the comparison (web/compare).
import { h } from '../ui/dom.js';
import { VIEW_TEXT } from './text.js';

/** @typedef {import('../state/presets.js').Preset} Preset */
/** @typedef {import('../state/presets.js').LookTarget} LookTarget */

/**
 * The banner's children for preset `p`.
 * @param {Preset} p
 * @param {{ hasView: (id: string) => boolean, look: (t: LookTarget) => void, pace: HTMLElement,
 *   compare: (() => void) | null, variant: (() => void) | null, next: { label: string, go: () => void } | null, remedies: (() => void) | null }} o
 *   compare: the preset and its variant side by side (a dialog); variant: the variant alone
 *   in place of the preset
 * @returns {HTMLElement[]}
 */
export function bannerParts(p, o) {
  const targets = (p.lookAt ?? []).filter((t) => o.hasView(t.view));
  const links = targets.map((t, i) => {
    const name = VIEW_TEXT[t.view]?.title ?? t.view;
    const text = t.layer !== undefined && t.view === 'layer' ? `${name} (layer ${t.layer + 1})` : name;
    return [i ? ', ' : '', h('a.gs-lookat-link', { href: `#view-${t.view}`, 'data-look': t.view, onclick: (/** @type {Event} */ e) => { e.preventDefault(); o.look(t); } }, text)];
  }).flat();
  return /** @type {HTMLElement[]} */ ([
    h('p', null, h('b', null, `${p.title}: `), p.claim, h('br'),
      h('span.gs-look', null, 'Look at', links.length ? ' ' : '', ...links, `: ${p.look}`)),
    o.pace,
    o.compare && p.compare ? h('button.gs-mini', { type: 'button', 'data-action': 'preset-compare', title: 'Train both side by side in a comparison (this preset stays open here)', onclick: o.compare }, `Compare: ${p.compare.label}`) : null,
    o.variant && p.compare ? h('button.gs-mini', { type: 'button', 'data-action': 'preset-variant', title: 'Replace this preset with its variant on the playground', onclick: o.variant }, 'Open the variant alone') : null,
    o.next ? h('button.gs-mini', { type: 'button', 'data-action': 'preset-next', onclick: o.next.go }, o.next.label) : null,
    o.remedies ? h('button.gs-mini', { type: 'button', 'data-action': 'compare-remedies', onclick: o.remedies }, 'Side by side: no remedy, batch norm, skips, both') : null,
  ].filter(Boolean));
}

/**
 * Scrolls to a view (a card with `data-view`), picks its layer, focuses and highlights it
 * until the focus leaves it. Returns false when the view is not on this page.
 * @param {ParentNode} host @param {LookTarget} t @param {(layer: number) => void} setLayer
 */
export function showView(host, t, setLayer) {
  const card = /** @type {HTMLElement | null} */ (host.querySelector(`[data-view="${t.view}"]`));
  if (!card) return false;
  if (t.layer !== undefined) setLayer(t.layer);
  const win = card.ownerDocument.defaultView;
  const still = !!win?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  if (!card.hasAttribute('tabindex')) card.setAttribute('tabindex', '-1');
  for (const other of host.querySelectorAll('.gs-lookat')) if (other !== card) other.classList.remove('gs-lookat');
  card.classList.add('gs-lookat');
  card.addEventListener('focusout', (e) => {
    const to = /** @type {FocusEvent} */ (e).relatedTarget;
    if (!(to instanceof Node && card.contains(to))) card.classList.remove('gs-lookat');
  }, { once: true });
  // below the sticky header, if there is one
  const head = /** @type {HTMLElement | null} */ (host.querySelector('.gs-top'));
  const sticky = head && win && /sticky|fixed/.test(win.getComputedStyle(head).position) ? head.getBoundingClientRect().height : 0;
  card.style.scrollMarginTop = `${Math.ceil(sticky) + 8}px`;
  card.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
  card.focus({ preventScroll: true });
  return true;
}

/** The banner's and the highlight's styles (injected with the playground's). */
export const BANNER_CSS = `
.gs-claim .gs-lookat-link { color: var(--gs-accent); text-decoration: underline; text-underline-offset: 2px; }
.gs-claim .gs-pace { margin: 6px 0 0; flex: 1 1 100%; font-size: 13px; }
.gs-claim .gs-pace[data-phase="stopped"] { font-weight: 600; }
.gs-card.gs-lookat { outline: 3px solid var(--gs-accent); outline-offset: 2px; }
@media (prefers-reduced-motion: no-preference) {
  .gs-card.gs-lookat { animation: gs-lookat-pulse 1.2s ease-out 2; }
  @keyframes gs-lookat-pulse { 0% { box-shadow: 0 0 0 0 var(--gs-accent); } 100% { box-shadow: 0 0 0 12px transparent; } }
}
`;
