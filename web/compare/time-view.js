// @ts-check
// The time view: each network's measured time per step (charts/timebars.js) and, in words,
// the factor against the baseline; "Measure again" measures on fresh workers.
// This file is not: the measurement (timing.js) or the bars (charts/timebars.js).
import { h, setText } from '../ui/dom.js';
import { createTimeBars } from '../charts/timebars.js';
import { msText, times } from './words.js';
import { ROUNDS } from './timing.js';
import { card } from './card.js';

/** @typedef {ReturnType<import('./controller.js').Controller['figuresCore']>} Core */

/**
 * @param {import('../charts/base.js').Scheduler} scheduler
 * @param {{ vary: string, timing: boolean }} setup @param {number} baseline
 * @param {() => void} again "Measure again"
 */
export function createTimeView(scheduler, setup, baseline, again) {
  const bars = createTimeBars(scheduler);
  const note = h('p.gc-figline', { 'data-role': 'time-note' });
  const againBtn = h('button.gs-mini', { type: 'button', 'data-role': 'measure-again', title: 'Measure the time per step again (the comparison pauses)', onclick: again }, 'Measure again');
  const el = card('time', setup.vary, { tools: [againBtn], body: [bars.el, note] });
  return {
    el,
    charts: [bars],
    /** @param {Core} core */
    update(core) {
      const N = core.networks.length;
      bars.set(core.networks.map((n) => ({ name: n.label, ms: n.time.msPerStep, range: n.time.msRange, live: n.time.msPerStepLive, rel: N > 1 ? n.time.relative : null })));
      const timed = core.networks.filter((n) => n.time.msPerStep !== null);
      if (timed.length === N && N > 1) {
        const b = core.networks[baseline];
        const costly = timed.filter((n) => n.index !== baseline && n.time.relative !== null).sort((a, c) => /** @type {number} */ (c.time.relative) - /** @type {number} */ (a.time.relative));
        setText(note, `${costly.length ? `Against ${b.label} (${msText(b.time.msPerStep)} per step): ${costly.map((n) => `${n.label} ${times(/** @type {number} */ (n.time.relative))}`).join(', ')}. ` : ''}Median of ${ROUNDS} measurements taken in turns; a busy machine spreads them (the whiskers), so measure again to check a small difference.`);
      } else setText(note, setup.timing ? '' : 'Time per step not measured (timing: false).');
    },
    destroy() { bars.destroy(); },
  };
}
