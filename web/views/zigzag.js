// @ts-check
// The zig-zag card: the share of each layer's weight updates with one sign per unit (the
// mean over the last 60 rows of the series' columns), and a small simulation of a path to
// w* with positive and with zero-centred inputs.
// This file is not: the charts (charts/zigzag.js) or the words (explain.js).
import { h } from '../ui/dom.js';
import { createSameSignBars, createZigzagSim } from '../charts/zigzag.js';
import { card, setWords } from './card.js';
import { pngButton } from './context.js';
import { zigzagWords } from './explain.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

/** Rows the same-sign share is averaged over. */
const TAIL = 60;

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createZigzagView(ctx) {
  const bars = createSameSignBars(ctx.scheduler);
  const sim = createZigzagSim(ctx.scheduler);
  const el = card('zigzag', {
    tools: [h('button.gs-mini', { type: 'button', onclick: () => sim.resample() }, 'new inputs'), pngButton(ctx, 'zigzag', () => [bars.canvas, sim.canvas])],
    body: [h('div.gs-row', null, bars.el, sim.el)],
  });
  let drawn = -1;

  /** @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series, s = ctx.committed();
    if (!s || (!force && series.version === drawn)) return;
    drawn = series.version;
    const n = series.length, from = Math.max(0, n - TAIL);
    if (!n) return;
    const share = [];
    for (let l = 0; l < series.layers; ++l) {
      const c = series.layer('same_sign_share', l);
      let sum = 0, k = 0;
      for (let i = from; i < n; ++i) if (Number.isFinite(c[i])) { sum += c[i]; ++k; }
      share.push(k ? sum / k : NaN);
    }
    bars.set(share);
    const words = zigzagWords(s, ctx.shape(), share, n - from);
    setWords(el, words);
    el.dataset.against = String(words.against);
  }

  return {
    id: 'zigzag', el, charts: [bars, sim],
    build(parent) { parent.append(el); },
    opened() { drawn = -1; },
    update(_frame, when) { if (when.series) redraw(); },
    shown(s) { setWords(el, zigzagWords(s, ctx.shape(), null)); redraw(); },
    redraw,
    recolour() { redraw(true); },
    destroy() { bars.destroy(); sim.destroy(); },
  };
}
