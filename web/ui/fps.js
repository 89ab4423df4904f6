// @ts-check
// The frame rate the page draws at: frames counted over about a second of animation
// frames, reported once a second. It runs until destroy() (a page that draws nothing
// still has animation frames; the caller decides when the number is worth showing).
// This file is not: the drawing loop (charts/base.js).

/**
 * @param {Window} win @param {(fps: number) => void} report called about once a second
 * @returns {{ destroy(): void }}
 */
export function createFpsMeter(win, report) {
  let frames = 0, since = performance.now(), raf = 0, alive = true;
  /** @param {number} now */
  const tick = (now) => {
    raf = 0;
    if (!alive) return;
    ++frames;
    if (now - since >= 1000) {
      report((frames * 1000) / (now - since));
      frames = 0; since = now;
    }
    raf = win.requestAnimationFrame(tick);
  };
  raf = win.requestAnimationFrame(tick);
  return { destroy() { alive = false; if (raf) win.cancelAnimationFrame(raf); raf = 0; } };
}
