// @ts-check
// The events of a comparison (docs/comparison.md): step, diverged, finished, ready, error.
// A listener that throws does not stop the others (its error is rethrown on its own).
// This file is not: the element's CustomEvents (embed/element.js).

/** @typedef {'step' | 'diverged' | 'finished' | 'ready' | 'error'} ComparisonEvent */

export function createEvents() {
  /** @type {Record<ComparisonEvent, Set<(payload: any) => void>>} */
  const listeners = { step: new Set(), diverged: new Set(), finished: new Set(), ready: new Set(), error: new Set() };
  return {
    /** @param {ComparisonEvent} type @param {any} payload */
    emit(type, payload) {
      for (const cb of [...listeners[type]]) {
        try { cb(payload); } catch (e) { queueMicrotask(() => { throw e; }); }
      }
    },
    /**
     * @param {ComparisonEvent} event @param {(payload: any) => void} cb
     * @returns {() => void} unsubscribe
     */
    on(event, cb) {
      if (!Object.prototype.hasOwnProperty.call(listeners, event)) throw new Error(`on: event must be one of ${Object.keys(listeners).join(', ')}, got ${JSON.stringify(event)}`);
      listeners[event].add(cb);
      return () => { listeners[event].delete(cb); };
    },
    clear() { for (const l of Object.values(listeners)) l.clear(); },
  };
}
