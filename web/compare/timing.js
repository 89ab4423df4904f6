// @ts-check
// The time per step of each compared network, measured in a worker of its own, one worker
// at a time (so they do not share the processor), with statistics off: the cost of the
// training step itself. The networks are opened with a light configuration (no
// statistics, one probe row) and warmed up (the engine's code is optimised while it runs);
// then ROUNDS interleaved measurements of about MEASURE_MS each; the median counts, with
// the quartiles as its spread (other programs on the machine make single measurements
// slower).
// This file is not: the lock-step training (controller.js) or the bars (charts/timebars.js).

/** @typedef {import('../engine/client.js').EngineClient} EngineClient */
/** @typedef {import('../state/compare-setup.js').Variant} Variant */

/** Milliseconds of training of each measurement and of the warm-up; rounds. */
export const MEASURE_MS = 25;
export const WARM_MS = 50;
export const ROUNDS = 7;

/**
 * @param {EngineClient[]} cs one worker per network
 * @param {Variant[]} variants
 * @param {{ open: (cfg: (c: any) => any, cs: EngineClient[]) => Promise<any>, alive: () => boolean,
 *   status: (text: string) => void }} o open: opens every network on cs with a changed configuration
 * @returns {Promise<{ median: number, lo: number, hi: number }[] | null>} per network; null if stopped
 */
export async function measureTimes(cs, variants, o) {
  const N = variants.length;
  /** @type {number[][]} */ const samples = variants.map(() => []);
  /** @type {number[]} */ const est = variants.map(() => 0);
  await o.open((c) => ({ ...c, stats: false, probe_rows: 1, history_capacity: 16 }), cs);
  const measure = async (/** @type {number} */ i, /** @type {number} */ ms) => {
    const n = Math.max(4, Math.min(20000, Math.round(ms / (est[i] || 1))));
    const f = await cs[i].step(n);
    if (f.msPerStep > 0) est[i] = f.msPerStep;
    return f;
  };
  for (let i = 0; i < N; ++i) {
    if (!o.alive()) return null;
    o.status(`measuring the time per step of ${variants[i].label}…`);
    est[i] = (await cs[i].step(4)).msPerStep || 1;
    await measure(i, WARM_MS);
  }
  o.status('measuring the time per step of every network, in turns…');
  for (let r = 0; r < ROUNDS; ++r) {
    for (let j = 0; j < N; ++j) {
      const i = (j + r) % N;
      if (!o.alive()) return null;
      const f = await measure(i, MEASURE_MS);
      if (f.msPerStep > 0 && !f.diverged) samples[i].push(f.msPerStep);
    }
  }
  return samples.map((xs) => {
    const s = xs.sort((a, b) => a - b);
    const q = (/** @type {number} */ p) => (s.length ? s[Math.round(p * (s.length - 1))] : NaN);
    return { median: q(0.5), lo: q(0.25), hi: q(0.75) };
  });
}
