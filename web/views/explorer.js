// @ts-check
// The activation explorer card: every activation and its derivative on [−4, 4], with the
// parameters of the state on screen (α of Leaky ReLU and ELU, PReLU's initial slope, RReLU's
// mean slope), the ones the network uses marked. Curves are plain JavaScript
// (state/activations.js), kept in a small cache per card.
// This file is not: the chart (charts/curves.js).
import { label } from '../ui/labels.js';
import { activationCurve } from '../state/activations.js';
import { layerActivation } from '../state/schema.js';
import { activationDoc } from '../state/network.js';
import { createCurves } from '../charts/curves.js';
import { card } from './card.js';
import { pngButton } from './context.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

const EXPLORER = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu'];

/**
 * curveOf(activation document) -> { xs, f, d } on [−8, 8] (321 points), or null for one the
 * curves cannot draw; at most 65 kept.
 */
export function createCurveCache() {
  /** @type {Map<string, { xs: number[], f: ArrayLike<number>, d: ArrayLike<number> }>} */
  const cache = new Map();
  /** @param {string | object} act */
  return (act) => {
    const key = JSON.stringify(act);
    let c = cache.get(key);
    if (!c) {
      const xs = Array.from({ length: 321 }, (_, i) => -8 + i * 0.05);
      try { const r = activationCurve(/** @type {any} */ (act), xs); c = { xs, f: r.value, d: r.deriv }; } catch { return null; }
      if (cache.size > 64) cache.clear();
      cache.set(key, c);
    }
    return c;
  };
}

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createExplorerView(ctx) {
  const curves = createCurves(ctx.scheduler);
  const el = card('explorer', { wide: true, tools: [pngButton(ctx, 'activations', () => [curves.canvas])], body: [curves.el] });
  const curveOf = createCurveCache();
  return {
    id: 'explorer', el, charts: [curves],
    build(parent) { parent.append(el); },
    update() {},
    shown(s) {
      const list = [];
      for (const name of EXPLORER) {
        const c = curveOf(activationDoc(s, name));
        if (!c) continue;
        const lab = name === 'leaky_relu' ? `Leaky ReLU (α = ${s.leakyAlpha})` : name === 'elu' ? `ELU (α = ${s.eluAlpha})` : name === 'prelu' ? `PReLU (initial α = ${s.preluInit})` : name === 'rrelu' ? `RReLU (eval α = ${((s.rreluLower + s.rreluUpper) / 2).toFixed(3)})` : label(name);
        const xs = c.xs, keep = xs.map((x, i) => (x >= -4 && x <= 4 ? i : -1)).filter((i) => i >= 0);
        list.push({ name, label: lab, xs: keep.map((i) => xs[i]), f: keep.map((i) => c.f[i]), d: keep.map((i) => c.d[i]) });
      }
      curves.set(list, new Set(Array.from({ length: s.depth }, (_, l) => layerActivation(s, l))));
    },
    destroy() { curves.destroy(); },
  };
}
