// @ts-check
// The tooltip of a canvas chart, for every way of pointing: the mouse (hover), touch or a
// pen (tap and drag), and the keyboard (the canvas takes focus; the arrow keys, Home and
// End move over the bars or cells, Escape hides the tip). What the tip says for a cell
// is the chart's own describe(); a keyboard move also puts that text in a polite live
// region, so a screen reader reads the value the eye sees.
// This file is not: what a chart draws (charts/*) or its table (charts/table.js).

/**
 * @typedef {{
 *   size: () => [number, number],
 *   at: (x: number, y: number) => [number, number] | null,
 *   anchor: (row: number, col: number) => [number, number],
 *   describe: (row: number, col: number) => string,
 *   width?: number,
 * }} TipSource
 *   size: rows and columns (0 when there is nothing to point at); at: the cell under a
 *   point in CSS pixels of the canvas, or null; anchor: where the tip of a cell chosen by
 *   keyboard goes (canvas CSS pixels); describe: the tip's text.
 */

/**
 * @param {HTMLElement} box the chart's box (position: relative) @param {HTMLCanvasElement} canvas
 * @param {TipSource} src
 */
export function attachTip(box, canvas, src) {
  const doc = box.ownerDocument;
  const tip = doc.createElement('div');
  tip.className = 'gs-tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true');
  const live = doc.createElement('p');
  live.className = 'gs-sr';
  live.setAttribute('aria-live', 'polite');
  box.append(tip, live);
  canvas.tabIndex = 0;
  const label = canvas.getAttribute('aria-label') ?? '';
  if (!/arrow keys/.test(label)) canvas.setAttribute('aria-label', `${label}; the arrow keys read out the values`);
  let row = -1, col = -1;
  const maxW = src.width ?? 220;

  /** @param {number} x @param {number} y canvas CSS pixels */
  const place = (x, y) => placeTip(tip, x, y, canvas.clientWidth || box.clientWidth, maxW);
  /** @param {number} r @param {number} c @param {boolean} speak */
  function show(r, c, speak) {
    const [R, C] = src.size();
    if (!R || !C) { hide(); return; }
    row = Math.max(0, Math.min(R - 1, r)); col = Math.max(0, Math.min(C - 1, c));
    const text = src.describe(row, col);
    tip.textContent = text;
    tip.hidden = false;
    if (speak) { live.textContent = text; const [x, y] = src.anchor(row, col); place(x, y); }
  }
  function hide() { tip.hidden = true; }
  /** @param {PointerEvent} e */
  function onPointer(e) {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const cell = src.at(x, y);
    if (!cell) { hide(); return; }
    show(cell[0], cell[1], false);
    place(x, y);
  }
  /** @param {KeyboardEvent} e */
  function onKey(e) {
    const [R, C] = src.size();
    if (!R || !C) return;
    if (row < 0) { row = R - 1; col = 0; }
    let r = row, c = col;
    switch (e.key) {
      case 'ArrowRight': c += 1; break;
      case 'ArrowLeft': c -= 1; break;
      case 'ArrowUp': r += 1; break;      // row 0 is drawn at the bottom
      case 'ArrowDown': r -= 1; break;
      case 'Home': c = 0; break;
      case 'End': c = C - 1; break;
      case 'PageUp': r = R - 1; break;
      case 'PageDown': r = 0; break;
      case 'Escape': hide(); return;
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
    show(r, c, true);
  }
  const onFocus = () => { const [R] = src.size(); show(row < 0 ? R - 1 : row, col < 0 ? 0 : col, true); };
  canvas.addEventListener('pointermove', onPointer);
  canvas.addEventListener('pointerdown', onPointer);
  canvas.addEventListener('pointerleave', hide);
  canvas.addEventListener('keydown', onKey);
  canvas.addEventListener('focus', onFocus);
  canvas.addEventListener('blur', hide);
  return {
    tip,
    /** The data changed: a shown tip follows it. */
    refresh() { if (!tip.hidden && row >= 0) show(row, col, false); },
    destroy() {
      canvas.removeEventListener('pointermove', onPointer);
      canvas.removeEventListener('pointerdown', onPointer);
      canvas.removeEventListener('pointerleave', hide);
      canvas.removeEventListener('keydown', onKey);
      canvas.removeEventListener('focus', onFocus);
      canvas.removeEventListener('blur', hide);
      tip.remove(); live.remove();
    },
  };
}

/**
 * Puts a tip next to a point, inside a box `width` wide (a tip `maxW` wide never runs out
 * on the right): the one placement of every chart's tip.
 * @param {HTMLElement} tip @param {number} x @param {number} y the point, in the box's CSS pixels
 * @param {number} width @param {number} [maxW]
 */
export function placeTip(tip, x, y, width, maxW = 220) {
  tip.style.left = `${Math.max(0, Math.min(x + 10, width - maxW))}px`;
  tip.style.top = `${y + 12}px`;
}
