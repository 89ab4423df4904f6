// @ts-check
// The network card: the diagram of a small network (at most 6 layers of 12 units, 16
// inputs) with its weights or their gradients on the edges, and the per-layer strip of the
// step's statistics (frame.statsColumns: one column of the strip per layer).
// This file is not: the drawings (charts/diagram.js).
import { h, fillSelect } from '../ui/dom.js';
import { sci, pct } from '../ui/format.js';
import { column, layerCount } from '../state/columns.js';
import { createDiagram, createStrip } from '../charts/diagram.js';
import { card } from './card.js';
import { pngButton } from './context.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */
/** @typedef {import('./context.js').DataRows} DataRows */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */

/** The strip's rows from the step's statistics. @param {StatsColumns} sc */
function stripRows(sc) {
  const s = (/** @type {number} */ v) => sci(v);
  const rows = [
    { label: '‖∂L/∂W‖ (log)', values: column(sc, 'dW_norm'), log: true, format: s },
    { label: 'activation mean', values: column(sc, 'act_mean'), format: s },
    { label: 'activation spread', values: column(sc, 'act_std'), log: true, format: s },
    { label: 'saturated share', values: column(sc, 'saturated_fraction'), format: pct },
    { label: 'dead units', values: column(sc, 'dead_units'), format: (/** @type {number} */ v) => (Number.isFinite(v) ? String(v) : '–') },
  ];
  if (column(sc, 'batchnorm').some((v) => v === 1)) {
    rows.push({ label: 'spread of Wx + b before batch norm (log)', values: column(sc, 'bn_in_std'), log: true, format: s });
    rows.push({ label: 'learned γ (mean)', values: column(sc, 'bn_gamma_mean'), format: s });
  }
  return rows;
}

/**
 * @param {ViewContext & { gradientBatch: (rows: DataRows) => any }} ctx
 * @returns {import('./context.js').View}
 */
export function createNetworkView(ctx) {
  const diagram = createDiagram(ctx.scheduler);
  const strip = createStrip(ctx.scheduler);
  const select = /** @type {HTMLSelectElement} */ (h('select.gs-mini', { 'aria-label': 'What the diagram’s edges show', name: 'edgesView' }));
  fillSelect(select, ['weights', 'gradients'], (v) => (v === 'weights' ? 'edges: weights w' : 'edges: gradients ∂L/∂w'));
  select.addEventListener('change', () => ctx.edit('edges', select.value));
  const el = card('network', { wide: true, tools: [select, pngButton(ctx, 'network', () => [diagram.el.hidden ? null : diagram.canvas, strip.canvas])], body: [diagram.el, strip.el] });
  /** @type {DataRows | null} */ let rows = null;
  let weightsAt = 0;

  /**
   * The diagram's edges: the weights (export), or the gradient of the loss with respect to
   * each weight on the first 64 training rows at the current weights (gradients request).
   */
  function refreshWeights() {
    weightsAt = performance.now();
    const s = ctx.committed();
    if (s?.edges === 'gradients') {
      const batch = rows ? ctx.gradientBatch(rows) : null;
      if (!batch) return;  // the data rows arrive with the 'data' request, which calls again
      ctx.request('gradients', { batch }).then((/** @type {any} */ g) => {
        const info = ctx.info();
        if (!Array.isArray(g?.layers) || !info) return;
        diagram.set({ inputs: info.inputs, layers: g.layers.map((/** @type {any} */ l) => ({ W: l.dW })), mode: 'gradients' });
      }).catch(() => {});
      return;
    }
    ctx.request('export').then((/** @type {any} */ net) => {
      if (!net?.parameters) return;
      diagram.set({ inputs: net.inputs, layers: net.parameters.map((/** @type {any} */ p) => ({ W: p.W })), mode: 'weights' });
    }).catch(() => {});
  }

  return {
    id: 'network', el, charts: [diagram, strip],
    build(parent) { parent.append(el); },
    opened() {
      const s = /** @type {import('../state/schema.js').State} */ (ctx.committed());
      rows = null;
      const small = s.depth <= 6 && (ctx.info()?.inputs ?? 99) <= 16 && Array.from({ length: s.depth }, (_, l) => (s.widths ? s.widths[l] : s.width)).every((w) => w <= 12);
      diagram.el.hidden = !small;
      if (small) refreshWeights();
    },
    dataArrived(d) {
      rows = d;
      if (!diagram.el.hidden && ctx.committed()?.edges === 'gradients') refreshWeights();
    },
    update(frame) {
      const sc = frame.statsColumns;
      if (layerCount(sc)) strip.set(stripRows(sc));
      if (!diagram.el.hidden && el.isConnected && frame.running && performance.now() - weightsAt > 1000) refreshWeights();
    },
    shown(s) {
      // the diagram redraws when what its edges show changed (the select may already show it: the reader picked it)
      if (select.value !== s.edges) select.value = s.edges;
      if (diagram.el.dataset.edges !== undefined && diagram.el.dataset.edges !== s.edges && !diagram.el.hidden) refreshWeights();
    },
    destroy() { diagram.destroy(); strip.destroy(); },
  };
}
