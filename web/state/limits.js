// @ts-check
// Whether a state's network can run in the engine, before it is sent there: the core's
// size limits (core/spec.hpp kMaxParameters, core/trainer.hpp kMaxActivationBytes),
// mirrored here so that a link that cannot run is refused with a fix (a width or a depth
// that fits) instead of leaving the page waiting. The core still checks for real.
// Pure functions; the test compares these counts with the engine's own on real networks.
import { networkDoc } from './network.js';

/** core/spec.hpp kMaxParameters */
export const MAX_PARAMETERS = 4000000;
/** core/trainer.hpp kMaxActivationBytes (512 MiB) */
export const MAX_ACTIVATION_BYTES = 512 * 1024 * 1024;
/** core/trainer.hpp TrainConfig::probe_rows (the page keeps the default) */
const PROBE_ROWS = 256;

/** @typedef {import('./schema.js').State} State */
/** @typedef {ReturnType<typeof import('./network.js').dataShape>} DataShape */

/**
 * Parameters of a gradscope-network/1 document, as NetworkSpec::parameter_count counts them.
 * @param {any} net @returns {number}
 */
export function parameterCount(net) {
  let n = 0, fanIn = net.inputs;
  for (const l of net.layers) {
    n += l.units * fanIn + l.units;
    const a = l.activation;
    if (a === 'prelu' || (a && typeof a === 'object' && a.name === 'prelu')) n += typeof a === 'object' && a.per === 'unit' ? l.units : 1;
    if (l.batchnorm) n += 2 * l.units;
    fanIn = l.units;
  }
  return n;
}

/**
 * Activation memory the trainer reserves (every layer caches about 8 values per unit and
 * row, for the larger of the batch and the probe set).
 * @param {any} net @param {number} batch @param {string} precision
 */
export function activationBytes(net, batch, precision) {
  const units = net.layers.reduce((/** @type {number} */ a, /** @type {any} */ l) => a + l.units, 0);
  const rows = Math.max(batch, PROBE_ROWS, 256);
  return rows * units * 8 * (precision === 'float64' ? 8 : 4);
}

/** @param {number} v */
const int = (v) => Math.round(v).toLocaleString('en-US');
/** @param {number} b */
const mib = (b) => `${int(b / 1048576)} MiB`;

/**
 * @param {State} s @param {DataShape} shape
 * @returns {{ parameters: number, bytes: number, fits: boolean }}
 */
export function sizeOf(s, shape) {
  const net = networkDoc(s, shape);
  const parameters = parameterCount(net);
  const bytes = activationBytes(net, s.batch, s.precision);
  return { parameters, bytes, fits: parameters <= MAX_PARAMETERS && bytes <= MAX_ACTIVATION_BYTES };
}

/**
 * Checks that the state's network fits the engine. Returns null when it does, else the
 * reason (naming each limit it exceeds, with the numbers) and the nearest states that fit:
 * the same depth with the widest width that fits, and the same width with the most layers.
 * @param {State} s @param {DataShape} shape
 * @returns {null | { message: string, parameters: number, bytes: number,
 *   fixes: { label: string, state: State }[] }}
 */
export function checkFits(s, shape) {
  const size = sizeOf(s, shape);
  if (size.fits) return null;
  const perLayer = !!s.widths;
  const what = perLayer
    ? `${s.depth} hidden layers of ${Math.min(...(s.widths ?? []))}–${Math.max(...(s.widths ?? []))} units`
    : `${s.depth} hidden layer${s.depth === 1 ? '' : 's'} of ${int(s.width)} units`;
  const over = [];
  if (size.parameters > MAX_PARAMETERS) over.push(`${int(size.parameters)} parameters, more than the engine's limit of ${int(MAX_PARAMETERS)}`);
  if (size.bytes > MAX_ACTIVATION_BYTES) over.push(`${mib(size.bytes)} of activation memory (${int(Math.max(s.batch, PROBE_ROWS))} rows${s.precision === 'float64' ? ', float64' : ''}), more than the ${mib(MAX_ACTIVATION_BYTES)} limit`);
  /** @type {{ label: string, state: State }[]} */ const fixes = [];
  // widest uniform width at this depth
  const base = { ...s, widths: null };
  const fitsW = (/** @type {number} */ w) => sizeOf({ ...base, width: w }, shape).fits;
  if (fitsW(1)) {
    let lo = 1, hi = perLayer ? Math.max(...(s.widths ?? [s.width])) : s.width;
    while (lo < hi) { const mid = Math.ceil((lo + hi) / 2); if (fitsW(mid)) lo = mid; else hi = mid - 1; }
    fixes.push({ label: `${s.depth} layers of ${int(lo)} units`, state: { ...base, width: lo, preset: '' } });
  }
  // most layers at this width
  if (!perLayer) {
    const fitsD = (/** @type {number} */ d) => sizeOf({ ...s, depth: d, activations: null, layer: Math.min(s.layer, d - 1) }, shape).fits;
    if (fitsD(1)) {
      let lo = 1, hi = s.depth;
      while (lo < hi) { const mid = Math.ceil((lo + hi) / 2); if (fitsD(mid)) lo = mid; else hi = mid - 1; }
      fixes.push({ label: `${int(lo)} layer${lo === 1 ? '' : 's'} of ${int(s.width)} units`, state: { ...s, depth: lo, activations: null, layer: Math.min(s.layer, lo - 1), preset: '' } });
    }
  }
  const fixText = fixes.length ? ` It fits with ${fixes.map((f) => f.label).join(', or ')}.` : ' Use a smaller batch or network.';
  return { message: `This network cannot run: ${what} need ${over.join(', and ')}.${fixText}`, parameters: size.parameters, bytes: size.bytes, fixes };
}
