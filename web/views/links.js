// @ts-check
// What the playground opens from a link: the state the hash describes (relative to its
// preset; `ps` or `preset`), every problem of the link in its own line naming the value
// actually used, and a network that cannot run refused with the fixes that fit (the
// page then opens the default preset instead, never waits for an engine that cannot
// open it).
import { h } from '../ui/dom.js';
import { parseHash } from '../state/schema.js';
import { dataShape } from '../state/network.js';
import { checkFits } from '../state/limits.js';
import { PRESETS, presetById, presetState } from '../state/presets.js';

/** @typedef {import('../state/schema.js').State} State */

/** The state of a preset, as the base the link's other fields are relative to. @param {string} id */
const presetBase = (id) => { const p = presetById(id); return p ? presetState(p) : undefined; };

/**
 * @param {string} hash the link's hash
 * @param {string} [csvFallback] the data set to use when the link names a CSV file (which cannot travel in a link); undefined: keep 'csv'
 * @returns {{ state: State, errors: string[], fixes: { label: string, state: State }[] }}
 */
export function startState(hash, csvFallback = 'circles') {
  const r = parseHash(hash, presetBase, PRESETS.map((p) => p.id));
  let state = r.state;
  const errors = [...r.errors];
  if (state.data === 'csv' && csvFallback) {
    errors.push(`data set (data): a CSV file cannot travel in a link; drop the file on the page again. Using ${csvFallback} meanwhile.`);
    state = { ...state, data: csvFallback };
  }
  const misfit = checkFits(state, dataShape(state, null));
  if (!misfit) return { state, errors, fixes: [] };
  const fallback = presetState(PRESETS[0], state);
  errors.push(`${misfit.message} Opened the preset “${PRESETS[0].title}” instead.`);
  return { state: fallback, errors, fixes: misfit.fixes };
}

/**
 * The problems of a link as one message: a sentence and a list with one item each.
 * @param {string[]} problems
 * @returns {{ text: string, list: HTMLElement }}
 */
export function linkProblems(problems) {
  const text = problems.length === 1 ? 'This link has a problem:' : `This link has ${problems.length} problems:`;
  const list = h('ul.gs-link-problems', { 'data-role': 'link-problem-list' }, ...problems.map((p) => h('li', null, p)));
  return { text, list };
}

