// @ts-check
// The state in the page's link (location.hash, the standalone page only): written relative
// to the state's preset after every change, read back when the reader edits or pastes a link.
// This file is not: the link's format (state/schema.js, views/links.js).
import { serializeHash } from '../state/schema.js';
import { presetById, presetState } from '../state/presets.js';
import { startState } from '../views/links.js';

/** @typedef {import('../state/schema.js').State} State */

/** The link of a state: relative to its preset when it has one. @param {State} s */
export function hashOf(s) {
  const p = s.preset ? presetById(s.preset) : undefined;
  return serializeHash(s, p ? presetState(p) : undefined);
}

/** Writes the state into the link (without a history entry). @param {Window} win @param {State} s */
export function writeHash(win, s) {
  const text = `#${hashOf(s)}`;
  if (win.location.hash !== text) win.history.replaceState(null, '', text);
}

/**
 * Follows the link: a changed hash opens its state (its problems said, with fixes).
 * @param {Window} win
 * @param {{ committed: () => State | null, hasCsv: () => boolean, problems: (errors: string[], fixes: { label: string, state: State }[]) => void,
 *   noProblems: () => void, open: (s: State) => void }} o
 * @returns {() => void} stops following
 */
export function followHash(win, o) {
  const onChange = () => {
    const text = win.location.hash;
    const c = o.committed();
    if (c && text === `#${hashOf(c)}`) return;
    const r = startState(text, o.hasCsv() ? undefined : 'circles');
    if (r.errors.length) o.problems(r.errors, r.fixes); else o.noProblems();
    o.open(r.state);
  };
  win.addEventListener('hashchange', onChange);
  return () => win.removeEventListener('hashchange', onChange);
}
