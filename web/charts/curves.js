// @ts-check
// The activation explorer: small multiples of f (solid) and f' (dashed) for each
// activation of the lesson, with the current parameters; the network's own activation is
// highlighted. Values come from state/activations.js, the core's formulas in plain
// JavaScript (tests/js/words.test.mjs checks them against the engine's activationCurve).
import { canvasBox, fitCanvas, textStyle } from './base.js';
import { frame, line } from './plot.js';
import { activationColor } from '../ui/colors.js';

/** @typedef {{ name: string, label: string, xs: number[], f: ArrayLike<number>, d: ArrayLike<number> }} Curve */

/** @param {import('./base.js').Scheduler} scheduler */
export function createCurves(scheduler) {
  const { box, canvas } = canvasBox('Activation functions (solid) and their derivatives (dashed)');
  /** @type {Curve[]} */ let curves = [];
  /** @type {Set<string>} */ let chosen = new Set();
  const handle = scheduler.add(box, () => {
    const p = scheduler.palette();
    const w = Math.max(260, handle.width);
    const cols = w < 420 ? 2 : w < 720 ? 3 : 4;
    const rows = Math.ceil(curves.length / cols) || 1;
    const cw = w / cols, chh = 150;
    const ctx = fitCanvas(canvas, w, rows * chh);
    curves.forEach((c, i) => {
      const cx = (i % cols) * cw, cy = Math.floor(i / cols) * chh;
      const isChosen = chosen.has(c.name);
      if (isChosen) {
        ctx.fillStyle = p.accent;
        ctx.globalAlpha = p.dark ? 0.10 : 0.07;
        ctx.fillRect(cx + 2, cy + 2, cw - 4, chh - 4);
        ctx.globalAlpha = 1;
        ctx.strokeStyle = p.accent;
        ctx.strokeRect(cx + 2.5, cy + 2.5, cw - 5, chh - 5);
      }
      const f = frame(ctx, p, { box: [cx + 34, cy + 22, cw - 44, chh - 44], x: [-4, 4], y: [-1.5, 2], xTicks: [-4, 0, 4], yTicks: [-1, 0, 1, 2] });
      line(ctx, f, c.xs, c.f, activationColor(c.name, p.dark) ?? p.fg, { width: isChosen ? 2.4 : 1.6 });
      line(ctx, f, c.xs, c.d, p.muted, { width: 1.6, dash: [4, 3] });
      textStyle(ctx, p, 12, p.fg);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.font = `${isChosen ? 'bold ' : ''}12px system-ui, sans-serif`;
      ctx.fillText(c.label + (isChosen ? '  (in your network)' : ''), cx + 36, cy + 5);
    });
  });
  return {
    el: box, canvas,
    /** @param {Curve[]} c @param {Set<string>} inNetwork */
    set(c, inNetwork) { curves = c; chosen = inNetwork; handle.invalidate(); },
    destroy() { handle.destroy(); },
  };
}
