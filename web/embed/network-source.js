// @ts-check
// Where an embed's network comes from: the `network` attribute (or the iframe's `net`)
// holds a gradscope-network/1 document as inline JSON or as a URL (http(s), blob or data,
// at most 16 MiB). Every failure says why, naming the URL.
// This file is not: turning the document into the playground's state (state/network.js).

/** @param {unknown} e */
export const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * A gradscope-network/1 document from an object, inline JSON or a URL (relative to `base`).
 * Throws with the reason.
 * @param {unknown} value @param {string} base
 * @returns {Promise<any>}
 */
export async function resolveNetwork(value, base) {
  /** @type {any} */ let doc = value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('{')) {
      try { doc = JSON.parse(t); } catch (e) { throw new Error(`not valid JSON (${message(e)})`); }
    } else doc = await fetchNetwork(t, base);
  }
  if (!doc || typeof doc !== 'object' || doc.format !== 'gradscope-network/1') {
    throw new Error(`format must be "gradscope-network/1", got ${JSON.stringify(doc && typeof doc === 'object' ? doc.format ?? null : typeof doc)}`);
  }
  return doc;
}

/** The JSON at a URL. @param {string} t @param {string} base */
async function fetchNetwork(t, base) {
  /** @type {URL} */ let url;
  try { url = new URL(t, base); } catch { throw new Error(`${JSON.stringify(t.slice(0, 60))} is neither JSON nor a URL`); }
  if (!/^(https?|blob|data):$/.test(url.protocol)) throw new Error(`${JSON.stringify(t.slice(0, 60))}: only http(s), blob and data URLs are read`);
  /** @type {Response} */ let res;
  try { res = await fetch(url, { credentials: 'same-origin' }); } catch (e) { throw new Error(`${url.href}: could not be fetched (${message(e)})`); }
  if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > 16 * 1024 * 1024) throw new Error(`${url.href}: ${text.length} bytes, more than the 16 MiB limit`);
  try { return JSON.parse(text); } catch (e) { throw new Error(`${url.href}: not valid JSON (${message(e)})`); }
}
