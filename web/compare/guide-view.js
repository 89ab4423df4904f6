// @ts-check
// The lesson's guided path on the comparison page: one chip per stage (and "Free
// comparison"), and the open stage's advice, its question, what this run measured
// (guide.js's reading of the comparison's figures) and, once it finished, the next stage.
// This file is not: the stages and their readings (guide.js).
import { h, setText } from '../ui/dom.js';
import { GUIDE, stageById, nextStage, guideReading } from './guide.js';

/**
 * @param {{ open: (id: string) => void, free: () => void }} on
 */
export function createGuideView(on) {
  const chips = GUIDE.map((s) => h('button.gs-chip', { type: 'button', 'data-stage': s.id, 'aria-pressed': 'false', onclick: () => on.open(s.id) }, s.title));
  const freeChip = h('button.gs-chip', { type: 'button', 'data-stage': '', 'aria-pressed': 'false', onclick: () => on.free() }, 'Free comparison');
  const stageTitle = h('h2.gc-stage-title');
  const stageAdvice = h('p.gc-advice');
  const stageQuestion = h('p.gc-question');
  const reading = h('ul.gc-sentences.gc-reading', { 'data-role': 'guide-reading', 'aria-live': 'polite' });
  /** @type {string} */ let shown = '';
  const nextBtn = h('button.gs-btn.gs-primary', { type: 'button', 'data-role': 'guide-next', onclick: () => { const n = nextStage(shown); if (n) on.open(n.id); } }, 'Next step');
  nextBtn.hidden = true;
  const panel = h('section.gc-stage', { 'aria-label': 'The lesson’s advice, tested' }, stageTitle, stageAdvice, stageQuestion, h('h3.gc-h3', null, 'What this run measured'), reading, nextBtn);
  const el = h('nav.gs-presets.gc-guide', { 'aria-label': 'The lesson’s advice, step by step' },
    h('p.gc-guide-intro', null, 'The lesson’s advice, step by step: one click runs each comparison, on the network and data of the set-up panel.'),
    h('div.gs-chips', null, ...chips, freeChip), panel);

  return {
    el,
    /**
     * Shows stage `id` ('' for none) with what the comparison measured.
     * @param {string} id @param {(() => any) | null} figures the comparison's figures, if there is one
     * @param {boolean} done the comparison finished
     */
    render(id, figures, done) {
      const s = stageById(id);
      shown = id;
      for (const chip of chips) chip.setAttribute('aria-pressed', String(chip.dataset.stage === id));
      freeChip.setAttribute('aria-pressed', String(!s));
      panel.hidden = !s;
      if (!s || !figures) return;
      setText(stageTitle, s.title);
      setText(stageAdvice, s.advice);
      setText(stageQuestion, s.question);
      reading.replaceChildren(...guideReading(s.id, figures(), done).map((t) => h('li', null, t)));
      const next = nextStage(s.id);
      nextBtn.hidden = !(done && next);
      if (next) setText(nextBtn, `Next: ${next.title}`);
    },
  };
}
