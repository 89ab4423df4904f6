// @ts-check
// One colour per activation, on every page: the comparison's lines, table swatches and key
// (web/compare) and the activation explorer's curves (charts/curves.js) draw sigmoid,
// ReLU, ELU... each in its own colour, whatever else is on screen. Okabe–Ito hues first
// (colour-blind safe), each with a lighter twin for the dark theme (contrast against
// the dark panel); every line also has its own dash, so colour is never the only cue.
// This file is not: the theme's colours (styles/playground.css, charts/base.js palette).

/** @type {Readonly<Record<string, readonly [string, string]>>} name: [light, dark] */
export const ACTIVATION_COLORS = Object.freeze({
  sigmoid: ['#0072b2', '#56b4e9'],
  relu: ['#d55e00', '#f0804a'],
  leaky_relu: ['#009e73', '#2fc497'],
  elu: ['#b3579a', '#e08fc0'],
  prelu: ['#9a6700', '#e6b54a'],
  rrelu: ['#4d4d4d', '#c9c9c9'],
  tanh: ['#6a3d9a', '#b79be0'],
  selu: ['#117733', '#5fc486'],
  gelu: ['#882255', '#d67aa6'],
  softplus: ['#44546a', '#9fb0c5'],
  silu: ['#aa4499', '#dd88cc'],
  swish: ['#aa4499', '#dd88cc'],
  identity: ['#333333', '#bbbbbb'],
  linear: ['#333333', '#bbbbbb'],
});

/** The colour of an activation (null for a name without one). @param {string} name @param {boolean} dark */
export function activationColor(name, dark) {
  const c = ACTIVATION_COLORS[name];
  return c ? c[dark ? 1 : 0] : null;
}

/**
 * Colours for compared networks: by activation when every network has a different one
 * with a colour, else `fallback` in order.
 * @param {string[]} names activation names (or other values) @param {boolean} dark @param {readonly string[]} fallback
 */
export function seriesColors(names, dark, fallback) {
  const own = names.map((n) => activationColor(n, dark));
  const unique = new Set(own).size === own.length;
  return own.every((c) => c) && unique ? /** @type {string[]} */ (own) : names.map((_, i) => fallback[i % fallback.length]);
}
