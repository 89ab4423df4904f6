// @ts-check
// The drawing loop of one playground: charts register a draw function, setters only mark
// them dirty, and one requestAnimationFrame draws each dirty chart that is on screen, at
// most once per frame. No module-level state: each playground owns one scheduler.

/**
 * @typedef {{ fg: string, muted: string, grid: string, bg: string, panel: string, accent: string,
 *   accent2: string, bad: string, warn: string, ok: string, dead: string, dark: boolean }} Palette
 * @typedef {{ invalidate(): void, readonly width: number, destroy(): void }} ChartHandle
 * @typedef {ReturnType<typeof createScheduler>} Scheduler
 */

/**
 * @param {HTMLElement} root the element whose CSS variables hold the theme
 * @param {{ seriesColors?: (dark: boolean) => string[] }} [o] seriesColors: the colours of
 *   the lines of several networks, one per network (a comparison: ui/colors.js)
 */
export function createScheduler(root, o = {}) {
  /** @typedef {{ el: Element, draw: () => void, dirty: boolean, visible: boolean, width: number, minMs: number, last: number }} Item */
  /** @type {Set<Item>} */ const items = new Set();
  /** @type {WeakMap<Element, Item>} */ const byEl = new WeakMap();
  /** @type {Set<(now: number) => void>} */ const hooks = new Set();
  const win = root.ownerDocument.defaultView ?? window;
  let raf = 0, alive = true;
  /** @type {Palette | null} */ let palette = null;
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const it = byEl.get(e.target);
      if (it) { it.visible = e.isIntersecting; if (it.visible && it.dirty) request(); }
    }
  }, { rootMargin: '200px' });
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      const it = byEl.get(e.target);
      if (it && Math.abs(it.width - e.contentRect.width) > 0.5) { it.width = e.contentRect.width; it.dirty = true; request(); }
    }
  });
  function request() { if (!raf && alive) raf = win.requestAnimationFrame(tick); }
  /** @param {number} now */
  function tick(now) {
    raf = 0;
    if (!alive) return;
    for (const f of hooks) f(now);
    let waiting = false;
    for (const it of items) {
      if (!it.dirty || !it.visible) continue;
      if (now - it.last < it.minMs) { waiting = true; continue; }
      it.dirty = false;
      it.last = now;
      try { it.draw(); } catch (err) { console.error('gradscope: a chart failed to draw', err); }
    }
    if (waiting) request();
  }
  return {
    /**
     * @param {HTMLElement} el the chart's box (observed for size and visibility)
     * @param {() => void} draw
     * @param {number} [minMs] at most one draw per this many milliseconds (data that
     *   changes every frame but whose picture need not: long time series, heatmaps)
     * @returns {ChartHandle}
     */
    add(el, draw, minMs = 0) {
      /** @type {Item} */
      const it = { el, draw, dirty: true, visible: true, width: el.clientWidth, minMs, last: -Infinity };
      items.add(it); byEl.set(el, it); io.observe(el); ro.observe(el); request();
      return {
        invalidate() { it.dirty = true; request(); },
        get width() { return it.width || el.clientWidth; },
        destroy() { items.delete(it); io.unobserve(el); ro.unobserve(el); },
      };
    },
    /** Runs f at the start of every frame in which something is drawn. @param {(now: number) => void} f */
    onFrame(f) { hooks.add(f); return () => hooks.delete(f); },
    request,
    /** @returns {Palette} */
    palette() {
      if (!palette) {
        const cs = getComputedStyle(root);
        const v = (/** @type {string} */ n, /** @type {string} */ d) => cs.getPropertyValue(n).trim() || d;
        palette = {
          fg: v('--gs-fg', '#1b1f24'), muted: v('--gs-muted', '#5b6470'), grid: v('--gs-grid', '#e3e6ea'),
          bg: v('--gs-bg', '#fff'), panel: v('--gs-panel', '#fff'), accent: v('--gs-accent', '#0072b2'),
          accent2: v('--gs-accent2', '#e69f00'), bad: v('--gs-bad', '#d55e00'), warn: v('--gs-warn', '#e69f00'),
          ok: v('--gs-ok', '#009e73'), dead: v('--gs-dead', '#222'), dark: v('--gs-dark', '0') === '1',
        };
      }
      return palette;
    },
    /** The colour of each compared network in this theme, or null (the charts' default). */
    seriesColors() { return o.seriesColors ? o.seriesColors(this.palette().dark) : null; },
    /** After a theme change: re-read the colours and redraw everything. */
    themeChanged() { palette = null; for (const it of items) it.dirty = true; request(); },
    destroy() { alive = false; if (raf) win.cancelAnimationFrame(raf); io.disconnect(); ro.disconnect(); items.clear(); hooks.clear(); },
  };
}

/**
 * Sizes a canvas for the device pixel ratio; returns its 2-D context in CSS pixels.
 * @param {HTMLCanvasElement} canvas @param {number} w @param {number} h
 */
export function fitCanvas(canvas, w, h) {
  const dpr = Math.min(2, (canvas.ownerDocument.defaultView ?? window).devicePixelRatio || 1);
  const W = Math.max(1, Math.round(w * dpr)), H = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== W || canvas.height !== H) { canvas.width = W; canvas.height = H; }
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/** A canvas inside a box that the scheduler watches. @param {string} label */
export function canvasBox(label) {
  const box = document.createElement('div');
  box.className = 'gs-chart';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.append(canvas);
  return { box, canvas };
}

/** "1e-12" style tick label for a power of ten. @param {number} e */
export function decade(e) { return e === 0 ? '1' : `1e${e}`; }

/** @param {CanvasRenderingContext2D} ctx @param {Palette} p */
export function textStyle(ctx, p, size = 11, color = p.muted) {
  ctx.font = `${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  ctx.fillStyle = color;
}

/**
 * A sticky range: grows at once, shrinks only when the data moved well inside it, so axes
 * do not jitter from frame to frame.
 */
export function stickyRange() {
  let lo = Infinity, hi = -Infinity;
  return {
    /** @param {number} a @param {number} b @param {number} slack */
    fit(a, b, slack) {
      if (!(a <= b)) return [lo, hi];
      if (a < lo || a > lo + slack) lo = a;
      if (b > hi || b < hi - slack) hi = b;
      return [lo, hi];
    },
    reset() { lo = Infinity; hi = -Infinity; },
  };
}
