// @ts-check
// Files the reader brings: a CSV data set (at most 16 MiB) and a gradscope-network/1
// document (with its weights), from the settings panel, by dropping them, or through the
// API's load(). Each keeps the current network when the file cannot be opened, and says why.
// This file is not: parsing CSV (state/network.js sniffCsv) or opening (open.js).
import { int } from '../ui/format.js';
import { sniffCsv, stateFromNetwork } from '../state/network.js';

/** @param {import('./controller.js').Controller} c @param {(text: string, kind?: 'error' | 'warn' | 'info', key?: string) => unknown} say @param {(key: string) => void} unsay */
export function createFiles(c, say, unsay) {
  const st = c.st;
  /** @param {File} file */
  async function loadCsv(file) {
    if (file.size > 16 * 1024 * 1024) { say(`csv: ${file.name} is ${int(file.size)} bytes, more than the 16,777,216-byte limit. The previous data is kept.`, 'error', 'csv'); return; }
    let text;
    try { text = await file.text(); } catch { say(`csv: could not read ${file.name}`, 'error', 'csv'); return; }
    const prevCsv = st.csv;
    st.csv = sniffCsv(file.name, text);
    st.imported = null;
    const before = st.committed;
    await c.applyState({ ...st.state, data: 'csv', preset: '', loss: 'auto' }, { reopen: true });
    if (st.committed === before) { st.csv = prevCsv; say(`${file.name}: not loaded (see the message above).`, 'error', 'csv'); }
    else { unsay('csv'); say(`Loaded ${file.name}: ${st.info?.data?.train_rows ?? '?'} training rows, ${st.info?.inputs ?? '?'} features, ${st.info?.data?.task ?? ''}.`, 'info', 'csv'); }
  }
  /** @param {File} file */
  async function importNetwork(file) {
    let doc;
    try { doc = JSON.parse(await file.text()); } catch (e) { say(`${file.name}: not valid JSON (${e instanceof Error ? e.message : e}). The current network is kept.`, 'error', 'import'); return; }
    if (!doc || doc.format !== 'gradscope-network/1') { say(`${file.name}: format must be "gradscope-network/1". The current network is kept.`, 'error', 'import'); return; }
    const s = stateFromNetwork(doc, c.shown());
    if ('error' in s) { say(`${file.name}: ${s.error}. The current network is kept.`, 'error', 'import'); return; }
    const prevImported = st.imported;
    st.imported = doc;
    const before = st.committed;
    await c.applyState({ ...s.state, preset: '' }, { force: true });
    if (st.committed === before) st.imported = prevImported;
    else say(`Imported ${file.name} (${s.state.depth} hidden layers, with its weights). Reset returns to these weights.`, 'info', 'import');
  }
  /**
   * Opens a gradscope-network/1 document (with its weights, if it has them), paused at
   * step 0. Rejects with the reason; the current network is then kept.
   * @param {any} net
   */
  async function load(net) {
    if (!net || typeof net !== 'object' || net.format !== 'gradscope-network/1') throw new Error(`load: format must be "gradscope-network/1", got ${JSON.stringify(net?.format ?? null)}`);
    const r = stateFromNetwork(net, c.shown());
    if ('error' in r) throw new Error(`load: ${r.error}`);
    const prevImported = st.imported;
    const before = st.committed;
    st.imported = net;
    st.lastOpenError = '';
    await c.applyState({ ...r.state, preset: '' }, { force: true });
    if (st.committed === before) { st.imported = prevImported; throw new Error(`load: ${st.lastOpenError || 'the engine did not open the network'}`); }
    return c.figures();
  }
  return { loadCsv, importNetwork, load };
}
