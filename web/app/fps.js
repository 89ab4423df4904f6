// @ts-check
// The frame rate the page draws at, measured over each second by requestAnimationFrame and
// shown while training (also on the host's data-fps for tests and readers of the DOM).
// This file is not: the drawing scheduler (charts/base.js).

/**
 * @param {Window} win @param {(fps: number) => void} show
 * @returns {() => void} stops measuring
 */
export function measureFps(win, show) {
  let frames = 0, since = performance.now(), raf = 0;
  /** @param {number} now */
  const tick = (now) => {
    raf = 0;
    ++frames;
    if (now - since >= 1000) {
      show((frames * 1000) / (now - since));
      frames = 0; since = now;
    }
    raf = win.requestAnimationFrame(tick);
  };
  raf = win.requestAnimationFrame(tick);
  return () => { if (raf) win.cancelAnimationFrame(raf); raf = 0; };
}
