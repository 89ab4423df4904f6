// A scalar reverse-mode automatic differentiator (micrograd-style), float64: the
// independent reference for the remedies' gradients. It knows nothing of gradscope's
// matrix formulas: every value is a node, every operation records its local derivatives,
// and backward() applies the chain rule over the recorded graph. Slow, exact, tiny.

export class V {
  /** @param {number} value @param {Array<[V, number]>} [parents] (parent, d this / d parent) */
  constructor(value, parents = []) {
    this.value = value;
    this.grad = 0;
    this.parents = parents;
  }
}

/** @param {V | number} x */
const v = (x) => (x instanceof V ? x : new V(x));

export const add = (/** @type {V | number} */ a, /** @type {V | number} */ b) => { a = v(a); b = v(b); return new V(a.value + b.value, [[a, 1], [b, 1]]); };
export const sub = (/** @type {V | number} */ a, /** @type {V | number} */ b) => { a = v(a); b = v(b); return new V(a.value - b.value, [[a, 1], [b, -1]]); };
export const mul = (/** @type {V | number} */ a, /** @type {V | number} */ b) => { a = v(a); b = v(b); return new V(a.value * b.value, [[a, b.value], [b, a.value]]); };
export const div = (/** @type {V | number} */ a, /** @type {V | number} */ b) => { a = v(a); b = v(b); return new V(a.value / b.value, [[a, 1 / b.value], [b, -a.value / (b.value * b.value)]]); };
export const exp = (/** @type {V} */ a) => { const e = Math.exp(a.value); return new V(e, [[a, e]]); };
export const log = (/** @type {V} */ a) => new V(Math.log(a.value), [[a, 1 / a.value]]);
export const sqrt = (/** @type {V} */ a) => { const s = Math.sqrt(a.value); return new V(s, [[a, 0.5 / s]]); };
export const tanh = (/** @type {V} */ a) => { const t = Math.tanh(a.value); return new V(t, [[a, 1 - t * t]]); };
export const sigmoid = (/** @type {V} */ a) => { const s = 1 / (1 + Math.exp(-a.value)); return new V(s, [[a, s * (1 - s)]]); };
/** max(0, x) + slope * min(0, x); the derivative at 0 is `slope` (PyTorch: relu'(0) = 0). */
export const leaky = (/** @type {V} */ a, /** @type {number} */ slope) => new V(a.value > 0 ? a.value : slope * a.value, [[a, a.value > 0 ? 1 : slope]]);
/** ELU: x (x > 0), alpha (e^x - 1) otherwise. */
export const elu = (/** @type {V} */ a, /** @type {number} */ alpha) =>
  new V(a.value > 0 ? a.value : alpha * Math.expm1(a.value), [[a, a.value > 0 ? 1 : alpha * Math.exp(a.value)]]);
/** @param {V[]} xs */
export const sum = (xs) => xs.reduce((s, x) => add(s, x), new V(0));

/** Fills .grad of every node that `out` depends on with d out / d node. @param {V} out */
export function backward(out) {
  /** @type {V[]} */ const order = [];
  const seen = new Set();
  /** @type {Array<[V, number]>} */ const stack = [[out, 0]];
  while (stack.length) {  // iterative post-order (deep graphs would overflow a recursion)
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i === 0 && seen.has(node)) { stack.pop(); continue; }
    seen.add(node);
    if (i < node.parents.length) { top[1] = i + 1; const p = node.parents[i][0]; if (!seen.has(p)) stack.push([p, 0]); }
    else { order.push(node); stack.pop(); }
  }
  for (const n of order) n.grad = 0;
  out.grad = 1;
  for (let k = order.length - 1; k >= 0; --k) {
    const n = order[k];
    for (const [p, d] of n.parents) p.grad += d * n.grad;
  }
}
