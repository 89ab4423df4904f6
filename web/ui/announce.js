// @ts-check
// What a screen reader hears while a network trains: one polite live region that speaks
// when training pauses (the figures then) and when the picture changes meaningfully (the
// headline's verdict: vanishing, exploding, about even), never on every frame. The
// headline itself is not a live region: it changes up to 8 times a second.
// This file is not: the headline's words (ui/format.js) or the message area.

/**
 * @param {Document} doc
 * @param {{ gapMs?: number }} [o] gapMs: at least this long between two change announcements
 */
export function createAnnouncer(doc, o = {}) {
  const el = doc.createElement('p');
  el.className = 'gs-sr';
  el.setAttribute('aria-live', 'polite');
  el.dataset.role = 'announcer';
  const gap = o.gapMs ?? 4000;
  let lastKey = '', lastAt = -Infinity;
  /** @type {string | null} */ let pending = null;
  /** @type {ReturnType<typeof setTimeout> | null} */ let timer = null;
  /** @param {string} text */
  function speak(text) {
    if (timer) { clearTimeout(timer); timer = null; }
    pending = null;
    lastAt = performance.now();
    el.textContent = text;
  }
  return {
    el,
    /** Says this now (a pause, a step the reader asked for). @param {string} text */
    now(text) { if (text && text !== el.textContent) speak(text); },
    /**
     * Says this if `key` (the kind of picture) changed since the last time; changes that
     * come faster than the gap are merged, and only the latest is said.
     * @param {string} key @param {string} text
     */
    change(key, text) {
      if (key === lastKey) { if (pending !== null) pending = text; return; }
      lastKey = key;
      const wait = lastAt + gap - performance.now();
      if (wait <= 0) { speak(text); return; }
      pending = text;
      if (!timer) timer = setTimeout(() => { timer = null; if (pending !== null) speak(pending); }, wait);
    },
    destroy() { if (timer) clearTimeout(timer); el.remove(); },
  };
}
