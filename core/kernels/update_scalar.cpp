// The optimiser update's scalar twin, gs::kernels::scalar::apply_update: the rules of
// kernels.hpp (Update) written as they read there, as xtensor expressions over the
// parameter's buffers, in double. It is the oracle that update_simd.cpp and
// update_avx2.cpp are tested against, the code ARM builds run, and the tail (< 8
// elements) of the SIMD kernels. The SIMD twins evaluate the same operations in the same
// order per element, so p, s1 and s2 agree bit for bit; only the sum of squared deltas is
// summed in another order (it agrees to rounding).
// Not here: the choice of rule and its coefficients (core/optimizer.cpp).
#include "core/kernels/kernels.hpp"

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <cstddef>
#include <type_traits>

#include "core/xt.hpp"

namespace gs::kernels::scalar {
namespace {

// One pass over the parameter: the rule's expressions are read element by element (lazy
// xtensor expressions: nothing is materialised), then the state and p are written. For
// element i, delta(i), m(i) and v(i) read only element i of p, s1 and s2, all before any
// of them is written. Returns ||p_new - p_old||^2 of the values as stored.
template <class T, class Delta, class M, class V>
double commit(T* p, T* s1, T* s2, std::size_t n, const Delta& delta, const M* m, const V* v) {  // M, V = int: none
  double sq = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = delta(i);
    if constexpr (!std::is_same_v<M, int>) s1[i] = static_cast<T>((*m)(i));
    if constexpr (!std::is_same_v<V, int>) s2[i] = static_cast<T>((*v)(i));
    const T old = p[i];
    p[i] = static_cast<T>(old - d);
    const double dd = static_cast<double>(p[i]) - static_cast<double>(old);
    sq += dd * dd;
  }
  return sq;
}
constexpr const int* kNone = nullptr;  // "no new state" for commit

}  // namespace

// p, g, s1, s2 are (n) -> the rule u (kernels.hpp) with g: the gradient, clipped, with
// weight decay; m, v: the new state; delta: the step. Returns ||p_new - p_old||^2.
template <class T>
double apply_update(T* p_, T* s1_, T* s2_, const T* g_, int n_, const Update& u) {
  if (n_ <= 0) return 0.0;
  const std::size_t n = static_cast<std::size_t>(n_);
  const auto p = xt::cast<double>(xvec(p_, n));
  const auto g = u.gscale * xt::cast<double>(xvec(g_, n)) + u.wd * p;
  const double lr = u.lr, eps = u.eps;
  switch (u.kind) {
    case Update::sgd:
      return commit<T>(p_, s1_, s2_, n, lr * g, kNone, kNone);
    case Update::momentum:
    case Update::nesterov: {
      const auto s1 = xt::cast<double>(xvec(s1_, n));
      const auto m = u.mu_old * s1 + g;
      if (u.kind == Update::nesterov) return commit<T>(p_, s1_, s2_, n, lr * (g + u.mu * m), &m, kNone);
      return commit<T>(p_, s1_, s2_, n, lr * m, &m, kNone);
    }
    case Update::rmsprop: {
      const auto s2 = xt::cast<double>(xvec(s2_, n));
      const double a = u.decay;
      const auto v = a * s2 + (1 - a) * g * g;
      return commit<T>(p_, s1_, s2_, n, lr * g / (xt::sqrt(v) + eps), kNone, &v);
    }
    case Update::adam: {
      const auto s1 = xt::cast<double>(xvec(s1_, n)), s2 = xt::cast<double>(xvec(s2_, n));
      const double b1 = u.b1, b2 = u.decay;
      const auto m = b1 * s1 + (1 - b1) * g;
      const auto v = b2 * s2 + (1 - b2) * g * g;
      return commit<T>(p_, s1_, s2_, n, lr * m / (xt::sqrt(v) / u.sbc2 + eps), &m, &v);
    }
  }
  return 0.0;
}

template double apply_update<float>(float*, float*, float*, const float*, int, const Update&);
template double apply_update<double>(double*, double*, double*, const double*, int, const Update&);

}  // namespace gs::kernels::scalar
