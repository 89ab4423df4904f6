// @ts-check
// What a card (one view a file in web/views/) is given by the page that arranges it, and
// what it offers back. A view is built once per playground: build(parent) puts its card on
// the page, update(frame) draws a worker frame (the step's statistics read only from
// frame.statsColumns through state/columns.js), destroy() frees its charts. The optional
// hooks follow the page's other events: a network opened, a run cleared, a state shown, the dataset's rows
// arrived, the series changed, the theme changed.
// This file is only types (and the one helper every card uses for its PNG button).
import { h, append } from '../ui/dom.js';

/** @typedef {import('../state/schema.js').State} State */
/** @typedef {import('../state/schema.js').Field} Field */
/** @typedef {import('../engine/client').Frame} Frame */
/** @typedef {import('../engine/gradscope').StatsColumns} StatsColumns */
/** @typedef {import('../state/series.js').Series} Series */

/**
 * The dataset's rows (the engine's 'data' request), flat row-major.
 * @typedef {{ train: { x: number[], labels?: number[], y?: number[] }, test: { x: number[], labels?: number[], y?: number[] }, features: number }} DataRows
 */

/**
 * @typedef {{
 *   scheduler: import('../charts/base.js').Scheduler,
 *   series: Series,
 *   compact: boolean,
 *   host: HTMLElement,
 *   state: () => State,
 *   committed: () => State | null,
 *   shape: () => import('../state/network.js').DataShape,
 *   lossName: () => string,
 *   info: () => any,
 *   sc: () => StatsColumns | null,
 *   barsNote: (frame: Frame) => string,
 *   running: () => boolean,
 *   edit: (name: Field, text: string) => void,
 *   request: (kind: any, args?: any) => Promise<any>,
 *   emit: (type: string, detail: any) => void,
 *   announce: (kind: string, text: string) => void,
 *   downloadPng: (name: string, canvases: (HTMLCanvasElement | null)[]) => void,
 * }} ViewContext
 */

/**
 * When a frame's parts are drawn: `words` the sentences (at a readable rate), `series` the
 * long time series (at most ~10 a second while training).
 * @typedef {{ words: boolean, series: boolean }} When
 */

/**
 * @typedef {{
 *   id: string,
 *   el: HTMLElement,
 *   charts: any[],
 *   build: (parent: Element) => void,
 *   update: (frame: Frame, when: When) => void,
 *   destroy: () => void,
 *   opened?: () => void,
 *   reset?: () => void,
 *   shown?: (s: State) => void,
 *   dataArrived?: (rows: DataRows) => void,
 *   redraw?: (force?: boolean) => void,
 *   recolour?: () => void,
 * }} View
 */

/** The PNG button of a card's header. @param {ViewContext} ctx @param {string} name @param {() => (HTMLCanvasElement | null)[]} canvases */
export function pngButton(ctx, name, canvases) {
  return h('button.gs-mini', { type: 'button', title: 'Download this chart as PNG', onclick: () => ctx.downloadPng(name, canvases()) }, 'PNG');
}

/** Replaces an element's children, skipping null/false. @param {Element} el @param {...(Node | string | null | false)} children */
export function fill(el, ...children) { el.replaceChildren(); append(el, children); }
