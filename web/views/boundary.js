// @ts-check
// The boundary card: for 2-input data, the network's output over the plane (the frames'
// grid) with the training and test points; for the digits, 16 test digits with the
// network's predictions (the engine's 'gradients' report carries the outputs); otherwise a
// note on why there is no plane to draw.
// This file is not: the chart (charts/boundary.js).
import { h, setText } from '../ui/dom.js';
import { int } from '../ui/format.js';
import { createBoundary } from '../charts/boundary.js';
import { card } from './card.js';
import { pngButton } from './context.js';

/** @typedef {import('./context.js').ViewContext} ViewContext */
/** @typedef {import('./context.js').DataRows} DataRows */

/** @param {ViewContext} ctx @returns {import('./context.js').View} */
export function createBoundaryView(ctx) {
  const boundary = createBoundary(ctx.scheduler);
  const note = h('p.gs-note');
  const digits = h('div.gs-digits', { 'aria-label': 'Sample test digits with the network’s predictions' });
  digits.hidden = true;
  const el = card('boundary', { tools: [pngButton(ctx, 'boundary', () => [boundary.canvas])], body: [note, boundary.el, digits] });
  /** @type {DataRows | null} */ let rows = null;
  let digitsAt = 0, digitsStep = -1;

  /** Predictions on 16 test digits. */
  function refreshDigits() {
    const r = rows;
    if (!r || !r.test.labels) return;
    digitsAt = performance.now();
    const F = r.features, labels = r.test.labels, n = Math.min(16, labels.length);
    /** @type {number[][]} */ const x = [];
    for (let i = 0; i < n; ++i) x.push(r.test.x.slice(i * F, (i + 1) * F));
    const y = labels.slice(0, n);
    ctx.request('gradients', { batch: { x, y } }).then((/** @type {any} */ rep) => {
      digitsStep = ctx.sc()?.step ?? 0;
      const figs = [];
      for (let i = 0; i < n; ++i) {
        const out = rep.output[i];
        let best = 0;
        for (let k = 1; k < out.length; ++k) if (out[k] > out[best]) best = k;
        const c = /** @type {HTMLCanvasElement} */ (h('canvas', { width: 8, height: 8, 'aria-label': `digit ${y[i]}` }));
        const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
        const img = g.createImageData(8, 8);
        for (let p = 0; p < 64; ++p) { const v = 255 - Math.round((r.test.x[i * F + p] / 16) * 255); img.data[p * 4] = v; img.data[p * 4 + 1] = v; img.data[p * 4 + 2] = v; img.data[p * 4 + 3] = 255; }
        g.putImageData(img, 0, 0);
        figs.push(h('figure', null, c, h(`figcaption${best === y[i] ? '' : '.gs-wrong'}`, null, `${best}${best === y[i] ? '' : ` (is ${y[i]})`}`)));
      }
      digits.replaceChildren(...figs);
    }).catch(() => {});
  }

  return {
    id: 'boundary', el, charts: [boundary],
    build(parent) { parent.append(el); },
    opened() {
      const s = /** @type {import('../state/schema.js').State} */ (ctx.committed()), info = ctx.info();
      if (!(ctx.shape().twoD && info?.inputs === 2)) boundary.setNote(s.data === 'digits' ? 'The digits have 64 inputs: there is no plane to draw. Follow the test accuracy in “Loss and accuracy”.' : `This data has ${info?.inputs ?? '?'} inputs; the boundary needs exactly 2.`);
      else boundary.setGrid(null, info?.data?.task ?? 'binary');
      setText(note, info ? `${info.data.name}: ${int(info.data.train_rows)} training rows, ${int(info.data.test_rows)} test rows, ${info.data.task}${info.data.classes ? `, ${info.data.classes} classes` : ''}; ${int(info.parameters)} parameters, ${info.precision}.` : '');
      boundary.setPoints([]);
      rows = null;
      digits.hidden = true;
      boundary.el.hidden = false;
    },
    dataArrived(d) {
      rows = d;
      if (ctx.info()?.inputs === 2) boundary.setPoints([{ ...d.train }, { ...d.test, test: true }]);
      if (ctx.committed()?.data === 'digits') { boundary.el.hidden = true; digits.hidden = false; refreshDigits(); }
    },
    update(frame) {
      const info = ctx.info();
      if (frame.grid && info) boundary.setGrid(frame.grid, info.data.task);
      if (!digits.hidden && el.isConnected && (frame.running ? performance.now() - digitsAt > 1000 : frame.steps !== digitsStep)) refreshDigits();
    },
    destroy() { boundary.destroy(); },
  };
}
