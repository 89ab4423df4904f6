// @ts-check
// The activation table in plain JavaScript: value f(z) and derivative f'(z), the same
// formulas as core/activation.cpp (PyTorch's names, parameters and defaults), for the
// activation explorer and the layer view's curves. The page draws them without a WASM
// instance of its own; tests/js/activations.test.mjs checks every activation against the
// engine's activationCurve on a grid.
// This file is not: the training kernels (core/kernels) or the product experiment (product.js).

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const INV_SQRT2 = 0.70710678118654752440084436210485;
const INV_SQRT2PI = 0.39894228040143267793994605993438;
const TWO_OVER_SQRTPI = 1.1283791670955125738961589031215;

/**
 * An activation with its parameters (core/activation.hpp Activation).
 * @typedef {{ name: string, alpha: number, perUnit: boolean, lower: number, upper: number,
 *   beta: number, threshold: number }} Act
 */

/** @param {number} z */
const sigm = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * erf(x) to about 1e-16: the series erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!
 * (all terms positive, so no cancellation); |x| >= 6 is +-1 in double precision.
 * @param {number} x
 */
export function erf(x) {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  let term = a, sum = a;
  for (let n = 1; n < 500; ++n) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRTPI * Math.exp(-a * a) * sum;
  return x < 0 ? -r : r;
}

/**
 * Reads an activation document (a name, or { name, ...parameters }) with the core's
 * defaults and aliases (swish = silu, linear = identity, negative_slope = alpha).
 * @param {string | { name: string, [k: string]: unknown }} doc @returns {Act}
 */
export function activationOf(doc) {
  const o = /** @type {Record<string, any>} */ (typeof doc === 'string' ? { name: doc } : doc);
  let name = String(o.name);
  if (name === 'swish') name = 'silu';
  if (name === 'linear') name = 'identity';
  const dflt = name === 'leaky_relu' ? 0.01 : name === 'elu' ? 1 : name === 'prelu' ? 0.25 : 0;
  const alpha = typeof o.alpha === 'number' ? o.alpha : typeof o.negative_slope === 'number' ? o.negative_slope : dflt;
  return {
    name, alpha, perUnit: o.per === 'unit',
    lower: typeof o.lower === 'number' ? o.lower : 0.125, upper: typeof o.upper === 'number' ? o.upper : 1 / 3,
    beta: typeof o.beta === 'number' ? o.beta : 1, threshold: typeof o.threshold === 'number' ? o.threshold : 20,
  };
}

/** The negative-side slope in evaluation (core eval_slope): RReLU uses the mid-point of its range. @param {Act} a */
export function evalSlope(a) {
  if (a.name === 'leaky_relu' || a.name === 'prelu') return a.alpha;
  if (a.name === 'rrelu') return 0.5 * (a.lower + a.upper);
  return 0;
}

/**
 * f(z) and f'(z) for one z.
 * @param {Act} a @param {number} z @param {number} [slope] negative-side slope (default: evalSlope)
 * @returns {[number, number]} [value, derivative]
 */
export function activate(a, z, slope = evalSlope(a)) {
  switch (a.name) {
    case 'identity': return [z, 1];
    case 'sigmoid': { const s = sigm(z); return [s, s * (1 - s)]; }
    case 'tanh': { const t = Math.tanh(z); return [t, 1 - t * t]; }
    case 'relu': return z > 0 ? [z, 1] : [0, 0];
    case 'leaky_relu': case 'prelu': case 'rrelu': return z > 0 ? [z, 1] : [slope * z, slope];
    case 'elu': return z > 0 ? [z, 1] : [a.alpha * Math.expm1(z), a.alpha * Math.exp(z)];
    case 'selu': return z > 0 ? [SELU_SCALE * z, SELU_SCALE] : [SELU_SCALE * SELU_ALPHA * Math.expm1(z), SELU_SCALE * SELU_ALPHA * Math.exp(z)];
    case 'gelu': {
      const e = erf(z * INV_SQRT2);
      return [0.5 * z * (1 + e), 0.5 * (1 + e) + z * INV_SQRT2PI * Math.exp(-0.5 * z * z)];
    }
    case 'softplus':
      return a.beta * z > a.threshold ? [z, 1] : [Math.log1p(Math.exp(a.beta * z)) / a.beta, sigm(a.beta * z)];
    case 'silu': { const s = sigm(z); return [z * s, s * (1 + z * (1 - s))]; }
    default: throw new Error(`activation: unknown name "${a.name}"`);
  }
}

/**
 * The curve of an activation over xs: values and derivatives (as the engine's
 * activationCurve returns them).
 * @param {string | { name: string, [k: string]: unknown }} doc @param {ArrayLike<number>} xs
 * @returns {{ value: Float64Array, deriv: Float64Array }}
 */
export function activationCurve(doc, xs) {
  const a = activationOf(doc), slope = evalSlope(a);
  const value = new Float64Array(xs.length), deriv = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; ++i) [value[i], deriv[i]] = activate(a, xs[i], slope);
  return { value, deriv };
}

/**
 * The largest |f'(z)| over all z, where it is bounded by a simple number (sigmoid 0.25,
 * tanh 1, the ReLU family max(1, |slope|), ELU max(1, alpha)), else null.
 * @param {string | { name: string, [k: string]: unknown }} doc @returns {number | null}
 */
export function derivBound(doc) {
  const a = activationOf(doc);
  switch (a.name) {
    case 'sigmoid': return 0.25;
    case 'tanh': case 'relu': case 'identity': case 'softplus': return 1;
    case 'leaky_relu': case 'prelu': return Math.max(1, Math.abs(a.alpha));
    case 'rrelu': return Math.max(1, a.upper);
    case 'elu': return Math.max(1, a.alpha);
    case 'selu': return SELU_SCALE * SELU_ALPHA;
    default: return null;
  }
}
