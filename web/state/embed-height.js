// @ts-check
// How tall an embed will be, before it is built: the waiting placeholder takes this
// height, and the frame keeps it until the instance is ready and drawn in view, so the text
// around an element does not jump when it is built (layout shift). The heights are those of
// the compact layout's cards (web/styles/embed.css) and of a comparison's cards after it
// trained (its table grows a row pair per network), measured in Chromium at 720 and 960 px;
// they follow the network where a card does (heatmap rows, the explorer's grid). An
// estimate a little short moves the page by that difference only; one a little long leaves
// that much room under the element (the frame never shrinks below it).
// This file is not: the placeholder's markup (element.js) or the iframe's height (snippet.js).

/** @typedef {import('./embed-options.js').EmbedOptions} EmbedOptions */
/** @typedef {import('./schema.js').State} State */

const BAR = 52, PAD = 20, GAP = 10, EXPLAIN = 170, PRESETS = 110;

/** A playground card's height in the compact layout. @param {string} view @param {State} s @param {number} w the card's width */
function cardHeight(view, s, w) {
  switch (view) {
    case 'gradients': return 606;
    case 'loss': return 353;
    case 'flow': return 113 + Math.min(260, Math.max(110, (s.depth + 1) * 5));
    case 'layer': return 436;
    case 'health': return 373 + Math.min(300, Math.max(80, s.depth * 9));
    case 'zigzag': return w < 560 ? 560 : 400;
    case 'slopes': return 162;
    case 'boundary': return 523;
    case 'explorer': return 118 + Math.ceil(7 / (w < 420 ? 2 : w < 720 ? 3 : 4)) * 150;
    case 'product': return 368;
    case 'network': return 207 + (s.depth <= 6 && s.width <= 12 ? 240 : 0);
    default: return 300;
  }
}

/** A comparison card's height (one network more adds a table row pair). @param {string} view @param {number} n networks */
function compareCard(view, n) {
  // the table: its verdicts and sentences are words that change as it trains (60 px to spare)
  const table = { table: 408 + 122 * n, loss: 557, grad0: 405, profile: 405, health: 557, mean: 557, time: 200 + 25 * n, sweep: 600 };
  return /** @type {Record<string, number>} */ (table)[view] ?? 300;
}

/**
 * The height an element with these options will have at this width (CSS pixels).
 * @param {State} s @param {EmbedOptions} o @param {number} width
 */
export function expectedHeight(s, o, width) {
  const W = Math.max(280, width || 720);
  if (o.compare) {
    const n = o.compare.length;
    return Math.round(203 + o.views.reduce((a, v) => a + compareCard(v, n) + GAP, 0) - GAP + (o.explain ? EXPLAIN * o.views.length : 0));
  }
  const cols = o.views.length === 1 ? 1 : Math.max(1, Math.floor((W - PAD + GAP) / (440 + GAP)));
  const cw = (W - PAD - (cols - 1) * GAP) / cols;
  let h = BAR + PAD;
  for (let i = 0; i < o.views.length; i += cols) {
    const row = o.views.slice(i, i + cols).map((v) => cardHeight(v, s, cw) + (o.explain ? EXPLAIN : 0));
    h += Math.max(...row) + (i ? GAP : 0);
  }
  if (o.controls.shown.includes('presets')) h += PRESETS;
  if (o.controls.shown.includes('settings')) h = Math.max(h, 1400);
  return Math.round(h);
}
