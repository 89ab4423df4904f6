// @ts-check
// The frame rate the page draws at while something moves: frames counted over about a
// second of animation frames, reported once a second, between start() and stop(). A
// stopped meter asks for no animation frame (an idle page stays idle).
// This file is not: the drawing loop (charts/base.js).

/**
 * @param {Window} win @param {(fps: number) => void} report called about once a second while running
 */
export function createFpsMeter(win, report) {
  let frames = 0, since = 0, raf = 0, on = false;
  /** @param {number} now */
  const tick = (now) => {
    raf = 0;
    if (!on) return;
    ++frames;
    if (now - since >= 1000) {
      report((frames * 1000) / (now - since));
      frames = 0; since = now;
    }
    raf = win.requestAnimationFrame(tick);
  };
  const stop = () => { on = false; if (raf) win.cancelAnimationFrame(raf); raf = 0; };
  return {
    start() {
      if (on) return;
      on = true; frames = 0; since = performance.now();
      raf = win.requestAnimationFrame(tick);
    },
    stop,
    get running() { return on; },
    destroy: stop,
  };
}
