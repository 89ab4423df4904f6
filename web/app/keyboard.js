// @ts-check
// The playground's keyboard shortcuts (ui/keys.js names them) and dropping a CSV or a
// network file anywhere on it. An embed hears only the keys of the controls it shows.
// This file is not: the key names (ui/keys.js) or the actions (controller.js, files.js).
import { keyAction } from '../ui/keys.js';

/** @typedef {import('../state/schema.js').State} State */

/**
 * @param {EventTarget} target
 * @param {{ usable: (control: string) => boolean, compact: boolean, state: () => State,
 *   act: Record<'play' | 'step' | 'reset' | 'newseed' | 'theme' | 'help', () => void>,
 *   edit: (name: 'speed' | 'layer', text: string) => void }} o
 * @returns {() => void} stops listening
 */
export function listenKeys(target, o) {
  /** @param {Event} ev */
  const onKey = (ev) => {
    const e = /** @type {KeyboardEvent} */ (ev);
    const action = keyAction(e);
    if (!action) return;
    const s = o.state();
    const need = /** @type {Record<string, string>} */ ({ play: 'play', step: 'step', reset: 'reset', newseed: 'newseed', theme: 'theme', faster: 'speed', slower: 'speed' })[action];
    if (need && !o.usable(need)) return;
    if (action === 'help' && o.compact) return;
    e.preventDefault();  // Space on a focused button or chip plays; it does not press the button again
    switch (action) {
      case 'faster': o.edit('speed', String(Math.min(10000, Math.max(s.speed + 1, Math.round(s.speed * 2))))); break;
      case 'slower': o.edit('speed', String(Math.max(1, Math.round(s.speed / 2)))); break;
      case 'layer-prev': o.edit('layer', String(Math.max(0, s.layer - 1))); break;
      case 'layer-next': o.edit('layer', String(Math.min(s.depth - 1, s.layer + 1))); break;
      default: o.act[/** @type {'play' | 'step' | 'reset' | 'newseed' | 'theme' | 'help'} */ (action)]?.();
    }
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

/**
 * Drag and drop of a CSV (or a .json network file) onto the host.
 * @param {HTMLElement} host @param {{ droppable: boolean, csv: (f: File) => void, network: (f: File) => void }} o
 * @returns {() => void} stops listening
 */
export function listenDrop(host, o) {
  /** @param {Event} e */
  const over = (e) => { if (!o.droppable) return; e.preventDefault(); host.classList.add('gs-dragging'); };
  /** @param {Event} e */
  const leave = (e) => { if (e.target === host) host.classList.remove('gs-dragging'); };
  /** @param {Event} ev */
  const drop = (ev) => {
    const e = /** @type {DragEvent} */ (ev);
    e.preventDefault();
    host.classList.remove('gs-dragging');
    const f = e.dataTransfer?.files?.[0];
    if (!f || !o.droppable) return;
    if (/\.json$/i.test(f.name)) o.network(f); else o.csv(f);
  };
  host.addEventListener('dragover', over);
  host.addEventListener('dragleave', leave);
  host.addEventListener('drop', drop);
  return () => { host.removeEventListener('dragover', over); host.removeEventListener('dragleave', leave); host.removeEventListener('drop', drop); };
}
