// @ts-check
// How the charts of a comparison tell its networks apart: one colour (the scheduler's
// series colours, ui/colors.js, else NET_COLORS) and one dash (NET_DASHES) per network,
// the same in every chart; and the tick label of a log10 axis.
// This file is not: a chart (overlay.js, profile.js, timebars.js, sweepplot.js).
import { NET_COLORS, NET_DASHES } from '../state/compare-setup.js';
import { sci } from '../ui/format.js';

/** @typedef {import('./base.js').Scheduler} Scheduler */

/** The colours of the networks for the scheduler's current theme. @param {Scheduler} s */
export function netColors(s) { return s.seriesColors() ?? (s.palette().dark ? NET_COLORS.dark : NET_COLORS.light); }

/** The dash of network i (solid for the first). @param {number} i */
export function netDash(i) { return NET_DASHES[i % NET_DASHES.length]; }

/** "1e-12" for a whole decade of a log10 axis, else the value. @param {number} e */
export function decadeLabel(e) {
  return Math.abs(e - Math.round(e)) < 1e-9 ? (Math.round(e) === 0 ? '1' : `1e${Math.round(e)}`) : sci(10 ** e);
}
