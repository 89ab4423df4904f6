// @ts-check
// THE headline: gradient norm per layer on a log scale, input layer to output layer.
// A norm that underflowed to exactly 0 gets a marked bar and the label "0 (underflow)"
// instead of disappearing. Hover shows the layer's figures.
import { canvasBox, fitCanvas, textStyle, decade, stickyRange } from './base.js';
import { sci } from '../ui/format.js';
import { attachTip } from '../ui/tooltip.js';

/**
 * @param {import('./base.js').Scheduler} scheduler
 * @param {{ label: string, height?: number }} opts
 */
export function createGradBars(scheduler, opts) {
  const { box, canvas } = canvasBox(opts.label);
  /** @type {number[]} */ let values = [];
  /** @type {string[]} */ let names = [];
  let measure = '‖∂L/∂W‖';
  const range = stickyRange();
  let geom = { x0: 0, bw: 0, n: 0, top: 10 };
  const height = opts.height ?? 260;

  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(240, handle.width);
    const ctx = fitCanvas(canvas, w, height);
    const n = values.length;
    if (!n) return;
    const pos = values.filter((v) => v > 0 && Number.isFinite(v));
    const lo = pos.length ? Math.floor(Math.log10(Math.min(...pos))) - 1 : -12;
    const hi = pos.length ? Math.ceil(Math.log10(Math.max(...pos))) : 0;
    const [a, b] = range.fit(lo, Math.max(hi, lo + 2), 3);
    const left = 64, right = 8, top = 10, bottom = 34;
    const ph = height - top - bottom, pw = w - left - right;
    const y = (/** @type {number} */ e) => top + ph - ((e - a) / (b - a)) * ph;
    // decade grid
    textStyle(ctx, p);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const step = Math.max(1, Math.ceil((b - a) / 8));
    for (let e = Math.ceil(a); e <= b; e += step) {
      ctx.strokeStyle = p.grid;
      ctx.beginPath(); ctx.moveTo(left, y(e) + 0.5); ctx.lineTo(w - right, y(e) + 0.5); ctx.stroke();
      ctx.fillText(decade(e), left - 6, y(e));
    }
    const bw = pw / n;
    geom = { x0: left, bw, n, top };
    for (let i = 0; i < n; ++i) {
      const v = values[i];
      const x = left + i * bw;
      const isOut = i === n - 1;
      if (v > 0 && Number.isFinite(v)) {
        const yy = y(Math.max(a, Math.log10(v)));
        ctx.fillStyle = isOut ? p.muted : p.accent;
        ctx.fillRect(x + bw * 0.12, yy, Math.max(1, bw * 0.76), top + ph - yy);
      } else if (v === 0) {
        // underflow: a hatched stub at the floor, in the warning colour
        ctx.fillStyle = p.bad;
        ctx.fillRect(x + bw * 0.12, top + ph - 10, Math.max(1, bw * 0.76), 10);
        if (bw >= 14) {
          ctx.save();
          ctx.translate(x + bw / 2, top + ph - 14);
          ctx.rotate(-Math.PI / 2);
          textStyle(ctx, p, 10, p.bad);
          ctx.textAlign = 'left';
          ctx.fillText('0 (underflow)', 0, 0);
          ctx.restore();
        }
      } else if (!Number.isNaN(v)) {
        textStyle(ctx, p, 10, p.bad);
        ctx.textAlign = 'center';
        ctx.fillText('∞', x + bw / 2, top + ph - 6);
      }  // NaN: not measured (the headline says why); no bar
    }
    // x labels: layer numbers (thinned), "out" for the output layer
    textStyle(ctx, p);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(26 / bw));
    for (let i = 0; i < n; ++i) {
      if (i !== 0 && i !== n - 1 && (i + 1) % every !== 0) continue;
      if (i !== n - 1 && n - 1 - i < every && i !== 0) continue;
      ctx.fillText(names[i] ?? String(i + 1), left + (i + 0.5) * bw, top + ph + 4);
    }
    ctx.fillText(w < 560 ? 'layer (input → output) · red: exactly 0' : `layer (input side → output side) · bars: ${measure} · red stub: exactly 0 (underflow)`, left + pw / 2, top + ph + 18);
    ctx.save();
    ctx.translate(12, top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(`${measure} (log)`, 0, 0);
    ctx.restore();
  }, 33);

  /** What the tip (and the table) says of bar i. @param {number} i */
  const describe = (i) => `${i === values.length - 1 ? 'output layer' : `layer ${i + 1}`}: ${measure} = ${values[i] === 0 ? '0 (underflow)' : sci(values[i], 3)}`;
  const tip = attachTip(box, canvas, {
    size: () => [values.length ? 1 : 0, values.length],
    at: (x) => { const i = Math.floor((x - geom.x0) / geom.bw); return geom.bw > 0 && i >= 0 && i < values.length ? [0, i] : null; },
    anchor: (_r, i) => [geom.x0 + (i + 0.5) * geom.bw, geom.top + 8],
    describe: (_r, i) => describe(i),
  });

  return {
    el: box,
    canvas,
    /** @param {number[]} v per layer, last = output layer @param {string} m measure label */
    set(v, m) { values = v; measure = m; names = v.map((_, i) => (i === v.length - 1 ? 'out' : String(i + 1))); handle.invalidate(); tip.refresh(); },
    resetRange() { range.reset(); handle.invalidate(); },
    /** The bars as a table (charts/table.js). */
    table() {
      return { columns: ['layer', measure], rows: values.map((v, i) => [i === values.length - 1 ? 'output' : String(i + 1), v === 0 ? '0 (underflow)' : sci(v, 3)]) };
    },
    destroy() { handle.destroy(); tip.destroy(); },
  };
}
