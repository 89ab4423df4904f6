// @ts-check
// The layer card: one layer's pre-activations (the latest probe's histogram) over its
// activation and derivative, with the layer's figures from the step's statistics
// (frame.statsColumns): mean, spread, saturated share, batch norm's moments and γ, β.
// This file is not: the histogram chart (charts/layerhist.js) or the curves (state/activations.js).
import { h } from '../ui/dom.js';
import { sci, pct } from '../ui/format.js';
import { label } from '../ui/labels.js';
import { at, flag, summaryAt } from '../state/columns.js';
import { layerActivation } from '../state/schema.js';
import { activationDoc } from '../state/network.js';
import { createLayerHist } from '../charts/layerhist.js';
import { card } from './card.js';
import { fill, pngButton } from './context.js';
import { createCurveCache } from './explorer.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createLayerView(ctx) {
  const select = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'Layer to inspect' }));
  select.addEventListener('change', () => ctx.edit('layer', select.value));
  const hist = createLayerHist(ctx.scheduler, { label: 'Pre-activation histogram over the activation and its derivative' });
  const figures = h('div.gs-figures');
  const el = card('layer', { tools: [select, pngButton(ctx, 'layer', () => [hist.canvas])], body: [figures, hist.el] });
  const curveOf = createCurveCache();
  /** @type {any} */ let probe = null;

  function refresh() {
    const s = ctx.state();
    const l = Math.min(s.layer, s.depth - 1);
    const pl = probe?.layers?.[l];
    const sc = ctx.sc();
    const name = layerActivation(s, l);
    if (!pl) { hist.set(null); return; }
    const mean = at(sc, 'act_mean', l), spread = at(sc, 'act_std', l), zeros = at(sc, 'zero_fraction', l);
    hist.set({ z: pl.z, a: pl.a, curve: curveOf(activationDoc(s, name)), eps: 1e-3, actMean: mean ?? NaN, actStd: spread ?? NaN, name: label(name) });
    const gamma = summaryAt(sc, 'bn_gamma', l), beta = summaryAt(sc, 'bn_beta', l);
    fill(figures,
      h('span', null, 'mean ', h('b', null, sci(mean))), h('span', null, 'spread ', h('b', null, sci(spread))),
      h('span', null, 'saturated ', h('b', null, pct(at(sc, 'saturated_fraction', l)))),
      zeros !== null ? h('span', null, 'exactly 0 ', h('b', null, pct(zeros))) : null,
      h('span', null, 'mean |f′| ', h('b', null, sci(at(sc, 'mean_abs_deriv', l)))),
      h('span', null, 'dead ', h('b', null, String(pl.dead.filter(Boolean).length)), ` of ${pl.dead.length}`),
      flag(sc, 'batchnorm', l) ? h('span', { 'data-role': 'bn-figures' }, 'batch norm: Wx + b mean ', h('b', null, sci(at(sc, 'bn_in_mean', l))), ' spread ', h('b', null, sci(at(sc, 'bn_in_std', l))),
        ' → z mean ', h('b', null, sci(at(sc, 'bn_out_mean', l))), ' spread ', h('b', null, sci(at(sc, 'bn_out_std', l))),
        ' · learned γ ', h('b', null, sci(gamma?.mean)), ` (${sci(gamma?.min)}…${sci(gamma?.max)})`,
        ' β ', h('b', null, sci(beta?.mean))) : null,
      flag(sc, 'residual', l) ? h('span', null, 'skip: a = x + f(z)') : null);
  }

  return {
    id: 'layer', el, charts: [hist],
    build(parent) { parent.append(el); },
    opened() { probe = null; hist.set(null); },
    update(frame) { if (frame.probe) { probe = frame.probe; refresh(); } },
    shown(s) {
      const opts = Array.from({ length: s.depth }, (_, l) => String(l));
      const text = (/** @type {number} */ l) => `layer ${l + 1} (${label(layerActivation(s, l))})`;
      if (select.options.length !== opts.length) select.replaceChildren(...opts.map((v) => h('option', { value: v }, text(Number(v)))));
      else opts.forEach((_, i) => { const t = text(i); if (select.options[i].text !== t) select.options[i].text = t; });
      select.value = String(s.layer);
      refresh();
    },
    destroy() { hist.destroy(); },
  };
}
