// @ts-check
// The unit health card: every unit of every hidden layer at the latest probe (dead, rarely
// active, active) as a heatmap, and the dead and saturated counts over steps (the series'
// columns). A unit seen dead for the first time is announced once (the 'unit-died' event).
// This file is not: the heatmap (charts/heatmap.js).
import { h } from '../ui/dom.js';
import { sci, pct, int } from '../ui/format.js';
import { createHeatmap, rgb } from '../charts/heatmap.js';
import { createTimeSeries } from '../charts/timeseries.js';
import { card, setWords } from './card.js';
import { fill, pngButton } from './context.js';
import { healthWords } from './explain.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */

/** @param {[number, number, number]} c */
const rgbCss = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * @param {ViewContext & { counted: (dead: number, units: number) => void }} ctx
 * @returns {import('./context.js').View}
 */
export function createHealthView(ctx) {
  const health = createHeatmap(ctx.scheduler, { label: 'Unit health: layers by units', height: (rows) => Math.min(300, Math.max(80, rows * 9)), rows: () => ctx.state().depth });
  const counts = createTimeSeries(ctx.scheduler, {
    label: 'Dead and saturated units over steps', height: 150,
    series: [{ label: 'dead units', color: 'fg', width: 2 }, { label: 'saturated units (|f′|<ε)', color: 'warn', width: 2 }],
  });
  const figures = h('div.gs-figures');
  const el = card('health', { tools: [pngButton(ctx, 'health', () => [health.canvas, counts.canvas])], body: [figures, health.el, counts.el] });
  /** @type {any} */ let probe = null;
  /** Units already reported dead ("layer:unit"). @type {Set<string>} */ const deadSeen = new Set();
  let drawn = -1;

  function showProbe() {
    if (!probe || !Array.isArray(probe.layers)) return;
    const layers = probe.layers;
    const cols = Math.max(...layers.map((/** @type {any} */ l) => l.activity_rate.length));
    const p = ctx.scheduler.palette();
    const dead = rgb(p.dead), good = rgb(p.accent), sat = rgb(p.accent2), empty = rgb(p.panel);
    const mix = (/** @type {number} */ t) => /** @type {[number, number, number]} */ ([0, 1, 2].map((k) => Math.round(sat[k] + (good[k] - sat[k]) * t)));
    let nDead = 0, nSat = 0, n = 0;
    for (const l of layers) for (let u = 0; u < l.activity_rate.length; ++u) { ++n; if (l.dead[u]) ++nDead; else if (l.activity_rate[u] < 0.1) ++nSat; }
    health.set({
      rows: layers.length, cols,
      color: (r, c) => {
        const l = layers[r];
        if (c >= l.activity_rate.length) return empty;
        return l.dead[c] ? dead : mix(Math.min(1, l.activity_rate[c] / 0.5));
      },
      describe: (r, c) => {
        const l = layers[r];
        if (c >= l.activity_rate.length) return `layer ${r + 1} has ${l.activity_rate.length} units`;
        const died = l.died_at[c];
        return `layer ${r + 1}, unit ${c + 1}: ${l.dead[c] ? `dead${died >= 0 ? ` since step ${int(died)}` : ''}` : `active on ${pct(l.activity_rate[c])} of probe rows`}, mean |f′| ${sci(l.mean_abs_deriv[c])}${l.revived?.[c] ? ' (revived)' : ''}`;
      },
      rowLabel: (r) => String(r + 1),
      xTitle: 'unit', yTitle: 'layer',
      scale: { color: (t) => rgbCss(mix(t)), labels: ['active on 0% of rows', '≥ 50%'] },
      legend: { colors: [p.dead, p.panel], labels: ['dead', 'no unit'] },
    });
    fill(figures,
      h('span', null, 'dead ', h('b', { 'data-role': 'dead-units' }, String(nDead)), ` of ${n} units`),
      h('span', null, 'rarely active (<10% of rows) ', h('b', null, String(nSat))),
      h('span', null, `probe: ${probe.rows} rows at step ${int(probe.step)}`),
    );
    ctx.host.dataset.deadUnits = String(nDead);
    ctx.counted(nDead, n);
    /** @type {{ layer: number, unit: number, step: number }[]} */ const died = [];
    layers.forEach((/** @type {any} */ l, /** @type {number} */ r) => {
      for (let u = 0; u < l.dead.length; ++u) {
        if (!l.dead[u] || deadSeen.has(`${r}:${u}`)) continue;
        deadSeen.add(`${r}:${u}`);
        died.push({ layer: r + 1, unit: u + 1, step: l.died_at?.[u] >= 0 ? l.died_at[u] : probe.step });
      }
    });
    if (died.length) ctx.emit('unit-died', { step: probe.step, units: died, deadUnits: nDead, totalUnits: n });
  }

  /** @param {boolean} [force] */
  function redraw(force = false) {
    const series = ctx.series;
    if (!ctx.committed() || (!force && series.version === drawn)) return;
    drawn = series.version;
    counts.setData([series.scalar('step'), series.scalar('dead'), series.scalar('saturated')]);
  }

  return {
    id: 'health', el, charts: [health, counts],
    build(parent) { parent.append(el); },
    reset() { deadSeen.clear(); },
    opened() { probe = null; health.set(null); drawn = -1; },
    update(frame, when) {
      if (frame.probe) { probe = frame.probe; showProbe(); }
      if (when.series) redraw();
    },
    shown(s) { setWords(el, healthWords(s)); redraw(); },
    redraw,
    recolour() { showProbe(); redraw(true); },
    destroy() { health.destroy(); counts.destroy(); },
  };
}
