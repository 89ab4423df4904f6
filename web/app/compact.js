// @ts-check
// The embed layout: one toolbar with the controls the embed shows (single buttons and the
// fields of the settings panel it names; the locked ones disabled), the status and the
// brand, then the presets, messages and the views.
// This file is not: which controls exist (state/embed-options.js FIELD_CONTROLS).
import { h } from '../ui/dom.js';
import { FIELD_CONTROLS } from '../state/embed-options.js';

/**
 * @param {HTMLElement} host
 * @param {{ shown: Set<string>, locked: Set<string>, single: Record<string, HTMLElement | null>,
 *   settings: HTMLElement, status: HTMLElement, brand: HTMLElement, fps: HTMLElement, sps: HTMLElement, state: HTMLElement,
 *   presets: HTMLElement, share: HTMLElement, messages: HTMLElement, views: HTMLElement }} o
 */
export function buildCompact(host, o) {
  const tools = h('div.gs-tools');
  // with the settings panel shown, its fields stay there (the toolbar keeps one row)
  const panel = o.shown.has('settings');
  for (const name of o.shown) {
    const el = o.single[name];
    if (el) { tools.append(el); continue; }
    if (panel) continue;
    for (const field of FIELD_CONTROLS[name] ?? []) {
      const row = o.settings.querySelector(`[name="${field}"]`)?.closest('.gs-field')?.parentElement;
      if (row) tools.append(row);
    }
  }
  for (const name of o.locked) {
    const el = o.single[name];
    const targets = el ? [el.matches('button') ? el : el.querySelector('input')] : (FIELD_CONTROLS[name] ?? []).flatMap((f) => {
      const t = tools.querySelector(`[name="${f}"]`) ?? (panel ? o.settings.querySelector(`[name="${f}"]`) : null);
      const row = t?.closest('.gs-field')?.parentElement;
      return row ? Array.from(row.querySelectorAll('input, select')) : [t];
    });
    for (const t of targets) if (t) { t.setAttribute('disabled', ''); t.setAttribute('data-locked', ''); t.setAttribute('title', 'Fixed by this page'); }
  }
  o.fps.parentElement?.setAttribute('hidden', '');
  o.sps.parentElement?.classList.add('gs-sps');
  o.state.classList.add('gs-state-word');
  if (!panel) o.settings.querySelector('select[name="data"] option[value="csv"]')?.remove();
  host.append(h('div.gs-bar', { role: 'toolbar', 'aria-label': 'gradscope controls' }, tools, o.status, o.brand));
  if (o.shown.has('presets')) host.append(o.presets);
  host.append(o.share, o.messages, panel ? h('div.gs-layout', null, o.settings, o.views) : o.views);
}
