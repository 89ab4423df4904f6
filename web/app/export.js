// @ts-check
// Downloads: the statistics as CSV, the history as JSON, the network file, the PyTorch
// file (from the engine), and charts as one PNG (canvases stacked on the panel colour).
// This file is not: the engine's documents (engine/) or the charts (charts/).
import { h } from '../ui/dom.js';

/**
 * @param {{ host: HTMLElement, win: Window, palette: () => { panel: string },
 *   request: (kind: any) => Promise<any>, say: (text: string, kind?: 'error' | 'warn' | 'info', key?: string) => unknown,
 *   canvases: () => HTMLCanvasElement[] }} o
 */
export function createExporter(o) {
  /** @param {string} name @param {Blob} blob */
  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = /** @type {HTMLAnchorElement} */ (h('a', { href: url, download: name, hidden: true }));
    o.host.append(a);
    a.click();
    a.remove();
    o.win.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  /** Stacks the canvases on the panel colour and downloads one PNG. @param {string} name @param {(HTMLCanvasElement | null)[]} list */
  function downloadPng(name, list) {
    const cs = /** @type {HTMLCanvasElement[]} */ (list.filter((c) => c && c.width > 1 && c.height > 1 && c.offsetParent !== null));
    if (!cs.length) { o.say('Nothing drawn yet to export.', 'info', 'png'); return; }
    const W = Math.max(...cs.map((c) => c.width)), H = cs.reduce((a, c) => a + c.height + 8, 8);
    const out = o.host.ownerDocument.createElement('canvas');
    out.width = W + 16; out.height = H;
    const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
    ctx.fillStyle = o.palette().panel;
    ctx.fillRect(0, 0, out.width, out.height);
    let y = 8;
    for (const c of cs) { ctx.drawImage(c, 8, y); y += c.height + 8; }
    out.toBlob((b) => { if (b) download(`gradscope-${name}.png`, b); }, 'image/png');
  }
  /** @param {'csv' | 'json' | 'network' | 'torch' | 'png'} what */
  async function exportWhat(what) {
    try {
      if (what === 'csv') download('gradscope-statistics.csv', new Blob([await o.request('historyCsv')], { type: 'text/csv' }));
      else if (what === 'json') download('gradscope-history.json', new Blob([JSON.stringify(await o.request('history'))], { type: 'application/json' }));
      else if (what === 'network') download('gradscope-network.json', new Blob([JSON.stringify(await o.request('export'), null, 1)], { type: 'application/json' }));
      else if (what === 'torch') download('gradscope_network.py', new Blob([await o.request('exportTorch')], { type: 'text/x-python' }));
      else downloadPng('charts', o.canvases());
    } catch (e) { o.say(`export: ${e instanceof Error ? e.message : e}`); }
  }
  return { exportWhat, downloadPng };
}
