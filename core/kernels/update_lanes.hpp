// The optimiser update (kernels.hpp: apply_update, Update) on vectors of doubles, written
// once for both SIMD widths: update_simd.cpp instantiates it with two doubles per vector
// (wasm_simd128.h in WASM, the same operations on SSE2 natively through simd128.hpp),
// update_avx2.cpp with four (AVX2). Per element the operations and their order are those
// of the scalar twin (update_scalar.cpp), in double, with no FMA: p, s1 and s2 agree with
// it bit for bit. The blocks are 8 elements; the sum of squared deltas keeps one partial
// sum per position in the block (element i goes to partial i mod 8) and adds them in one
// fixed order, so the 2-lane and 4-lane kernels give the same bits too (and the native and
// WASM builds). What is left after the last whole block (< 8 elements) goes to the scalar
// twin.
// Everything here is a template on the vector backend X (distinct symbols per backend:
// update_avx2.cpp is compiled with -mavx2, the others are not). X provides:
//   vec; K (vectors per block of 8); splat(double); add, sub, mul, div, sqrt;
//   load(const T*, vec[K])                 8 values of T as doubles
//   store(T*, const vec[K])                8 doubles rounded to T and stored
//   store_rounded(T*, const vec[K], vec[K]) the same, and the stored values as doubles
//   hsum(const vec[K]) -> double           ((e0+e4) + (e2+e6)) + ((e1+e5) + (e3+e7)), e
//                                          the 8 partial sums
// Not here: the vector backends, the choice of kernel (update_simd.cpp, update_avx2.cpp).
#pragma once
#include "core/kernels/kernels.hpp"

namespace gs::kernels::lanes {

#define GS_LANES_INLINE __attribute__((always_inline)) inline

// The coefficients of u splatted once per call.
template <class X>
struct Coef {
  using vec = typename X::vec;
  vec gscale, wd, lr, mu_old, mu, b1, one_b1, decay, one_decay, sbc2, eps;
  explicit Coef(const Update& u)
      : gscale(X::splat(u.gscale)), wd(X::splat(u.wd)), lr(X::splat(u.lr)), mu_old(X::splat(u.mu_old)),
        mu(X::splat(u.mu)), b1(X::splat(u.b1)), one_b1(X::splat(1 - u.b1)), decay(X::splat(u.decay)),
        one_decay(X::splat(1 - u.decay)), sbc2(X::splat(u.sbc2)), eps(X::splat(u.eps)) {}
};

constexpr bool uses_s1(Update::Kind k) { return k == Update::momentum || k == Update::nesterov || k == Update::adam; }
constexpr bool uses_s2(Update::Kind k) { return k == Update::rmsprop || k == Update::adam; }

// g: the gradient (clipped, decayed), s1, s2: the state in, the new state out -> delta
template <Update::Kind K, class X>
GS_LANES_INLINE typename X::vec rule(const Coef<X>& c, typename X::vec g, typename X::vec& s1, typename X::vec& s2) {
  if constexpr (K == Update::sgd) {
    return X::mul(c.lr, g);
  } else if constexpr (K == Update::momentum) {
    s1 = X::add(X::mul(c.mu_old, s1), g);
    return X::mul(c.lr, s1);
  } else if constexpr (K == Update::nesterov) {
    s1 = X::add(X::mul(c.mu_old, s1), g);
    return X::mul(c.lr, X::add(g, X::mul(c.mu, s1)));
  } else if constexpr (K == Update::rmsprop) {
    s2 = X::add(X::mul(c.decay, s2), X::mul(X::mul(c.one_decay, g), g));
    return X::div(X::mul(c.lr, g), X::add(X::sqrt(s2), c.eps));
  } else {  // adam
    s1 = X::add(X::mul(c.b1, s1), X::mul(c.one_b1, g));
    s2 = X::add(X::mul(c.decay, s2), X::mul(X::mul(c.one_decay, g), g));
    return X::div(X::mul(c.lr, s1), X::add(X::div(X::sqrt(s2), c.sbc2), c.eps));
  }
}

// The whole blocks of 8: p, s1, s2 updated; *done = elements done; returns the sum of
// squared deltas over them.
template <Update::Kind K, class X, class T>
double blocks(T* p, T* s1, T* s2, const T* g, int n, const Coef<X>& c, int* done) {
  using vec = typename X::vec;
  constexpr int KV = X::K;
  vec acc[KV];
  for (int k = 0; k < KV; ++k) acc[k] = X::splat(0.0);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    vec pv[KV], gv[KV], a[KV], b[KV], np[KV], stored[KV];
    X::load(p + i, pv);
    X::load(g + i, gv);
    if constexpr (uses_s1(K)) X::load(s1 + i, a);
    if constexpr (uses_s2(K)) X::load(s2 + i, b);
    for (int k = 0; k < KV; ++k) {
      const vec gk = X::add(X::mul(c.gscale, gv[k]), X::mul(c.wd, pv[k]));
      np[k] = X::sub(pv[k], rule<K, X>(c, gk, a[k], b[k]));
    }
    X::store_rounded(p + i, np, stored);
    if constexpr (uses_s1(K)) X::store(s1 + i, a);
    if constexpr (uses_s2(K)) X::store(s2 + i, b);
    for (int k = 0; k < KV; ++k) {
      const vec dd = X::sub(stored[k], pv[k]);
      acc[k] = X::add(acc[k], X::mul(dd, dd));
    }
  }
  *done = i;
  return X::hsum(acc);
}

// apply_update for backend X: the blocks here, the rest by the scalar twin.
template <class X, class T>
double apply_update(T* p, T* s1, T* s2, const T* g, int n, const Update& u) {
  if (n <= 0) return 0.0;
  const Coef<X> c(u);
  int done = 0;
  double sq = 0;
  switch (u.kind) {
    case Update::sgd: sq = blocks<Update::sgd>(p, s1, s2, g, n, c, &done); break;
    case Update::momentum: sq = blocks<Update::momentum>(p, s1, s2, g, n, c, &done); break;
    case Update::nesterov: sq = blocks<Update::nesterov>(p, s1, s2, g, n, c, &done); break;
    case Update::rmsprop: sq = blocks<Update::rmsprop>(p, s1, s2, g, n, c, &done); break;
    case Update::adam: sq = blocks<Update::adam>(p, s1, s2, g, n, c, &done); break;
  }
  if (done < n)
    sq += scalar::apply_update(p + done, s1 ? s1 + done : nullptr, s2 ? s2 + done : nullptr, g + done, n - done, u);
  return sq;
}

#undef GS_LANES_INLINE

}  // namespace gs::kernels::lanes
