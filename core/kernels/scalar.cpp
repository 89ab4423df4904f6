// Plain reference kernels, gs::kernels::scalar: the native engine's code and the oracle the
// SIMD twins (simd.cpp) are tested against. Inner loops run over a contiguous dimension
// with restrict-qualified pointers so g++/clang -O3 can vectorise them.
// Summation order is part of the contract: every matrix-product element is summed over
// its inner index k = 0..K-1 in order, starting from 0, with the bias added last. simd.cpp
// keeps exactly this order, so the products agree bit for bit with their SIMD twins (and
// between native and WASM builds) as long as nothing contracts a*b+c into an FMA.
// Not here: dispatch (kernels.hpp), activation tables, anything with state beyond a
// per-thread scratch buffer for the transposed weights.
#include "core/kernels/kernels.hpp"

// The bit-for-bit agreement with simd.cpp (and between native and WASM builds) needs every
// a*b + c rounded twice, also where -march=native offers FMA and -std=gnu++17 would let
// the compiler contract it.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

namespace gs::kernels::scalar {

// x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b
template <class T>
void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out) {
  if (B <= 0 || out <= 0) return;
  if (B < 4 || in <= 0) {  // a few rows: plain dot products, not worth transposing W
    for (int r = 0; r < B; ++r)
      for (int o = 0; o < out; ++o) {
        const T* xr = x + std::size_t(r) * in;
        const T* wo = W + std::size_t(o) * in;
        T acc = 0;
        for (int i = 0; i < in; ++i) acc += xr[i] * wo[i];
        y[std::size_t(r) * out + o] = acc + b[o];
      }
    return;
  }
  // W^T (in,out) in scratch, so the inner loop runs over contiguous outputs (axpy form).
  thread_local std::vector<T> scratch;
  scratch.resize(std::size_t(in) * out);
  T* __restrict wt = scratch.data();
  for (int o = 0; o < out; ++o)
    for (int i = 0; i < in; ++i) wt[std::size_t(i) * out + o] = W[std::size_t(o) * in + i];
  for (int r = 0; r < B; ++r) {
    T* __restrict yr = y + std::size_t(r) * out;
    const T* xr = x + std::size_t(r) * in;
    for (int o = 0; o < out; ++o) yr[o] = 0;
    for (int i = 0; i < in; ++i) {
      const T xi = xr[i];
      const T* __restrict wi = wt + std::size_t(i) * out;
      for (int o = 0; o < out; ++o) yr[o] += xi * wi[o];
    }
    for (int o = 0; o < out; ++o) yr[o] += b[o];
  }
}

// dz is (B,out), x is (B,in) -> dW is (out,in) = dz^T.x, db is (out) = sum over B of dz
template <class T>
void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out) {
  for (int o = 0; o < out; ++o) {
    T* __restrict dwo = dW + std::size_t(o) * in;
    for (int i = 0; i < in; ++i) dwo[i] = 0;
    T dbo = 0;
    for (int r = 0; r < B; ++r) {
      const T d = dz[std::size_t(r) * out + o];
      dbo += d;
      const T* __restrict xr = x + std::size_t(r) * in;
      for (int i = 0; i < in; ++i) dwo[i] += d * xr[i];
    }
    db[o] = dbo;
  }
}

// dz is (B,out), W is (out,in) -> dx is (B,in) = dz.W
template <class T>
void dense_backward_input(T* dx, const T* dz, const T* W, int B, int in, int out) {
  for (int r = 0; r < B; ++r) {
    T* __restrict dxr = dx + std::size_t(r) * in;
    for (int i = 0; i < in; ++i) dxr[i] = 0;
    for (int o = 0; o < out; ++o) {
      const T d = dz[std::size_t(r) * out + o];
      const T* __restrict wo = W + std::size_t(o) * in;
      for (int i = 0; i < in; ++i) dxr[i] += d * wo[i];
    }
  }
}

// The exp-based activations compute in double for T = float too and round once at the
// end: float results are then (almost always) the correctly rounded values, so native and
// WASM builds agree bit for bit even though their exp implementations differ.

// z is (n) -> a = sigmoid(z), d = a(1-a). With e = exp(-|z|) <= 1 nothing overflows:
// q = 1/(1+e), a = q (z >= 0) or e*q (z < 0), d = e*q*q (= a(1-a), without the
// cancellation of 1-a, so d stays > 0 far into saturation).
template <class T>
void act_sigmoid(T* a, T* d, const T* z, int n) {
  for (int k = 0; k < n; ++k) {
    const double v = double(z[k]);
    const double e = std::exp(-std::fabs(v));
    const double q = 1.0 / (1.0 + e);
    const double eq = e * q;
    a[k] = T(v >= 0 ? q : eq);
    d[k] = T(eq * q);
  }
}

// z is (n) -> a = tanh(z), d = 1 - a^2, taken as 4e/(1+e)^2 with e = exp(-2|z|) (equal,
// without the cancellation of 1 - a^2 when |a| is close to 1)
template <class T>
void act_tanh(T* a, T* d, const T* z, int n) {
  for (int k = 0; k < n; ++k) {
    const double v = double(z[k]);
    const double e = std::exp(-2.0 * std::fabs(v));
    const double den = 1.0 + e;
    a[k] = T(std::tanh(v));
    d[k] = T(4.0 * e / (den * den));
  }
}

// z is (n) -> a = max(z,0) (NaN stays NaN), d = (z > 0), relu'(0) = 0
template <class T>
void act_relu(T* a, T* d, const T* z, int n) {
  for (int k = 0; k < n; ++k) {
    const T v = z[k];
    a[k] = v < T(0) ? T(0) : v;
    d[k] = v > T(0) ? T(1) : T(0);
  }
}

// z is (rows,units), slope[r*slope_stride + u] -> a = z > 0 ? z : s*z, d = z > 0 ? 1 : s
template <class T>
void act_leaky(T* a, T* d, const T* z, const T* slope, int rows, int units, int slope_stride) {
  for (int r = 0; r < rows; ++r) {
    const std::size_t off = std::size_t(r) * units;
    const T* s = slope + std::size_t(r) * slope_stride;
    for (int u = 0; u < units; ++u) {
      const T v = z[off + u];
      a[off + u] = v > T(0) ? v : s[u] * v;
      d[off + u] = v > T(0) ? T(1) : s[u];
    }
  }
}

// z is (n) -> a = z > 0 ? z : alpha*expm1(z), d = z > 0 ? 1 : alpha*exp(z), elu'(0) = alpha
// (in double, rounded once, as above)
template <class T>
void act_elu(T* a, T* d, const T* z, T alpha, int n) {
  const double al = double(alpha);
  for (int k = 0; k < n; ++k) {
    const double v = double(z[k]);
    if (v > 0) {
      a[k] = z[k];
      d[k] = T(1);
    } else {
      a[k] = T(al * std::expm1(v));
      d[k] = T(al * std::exp(v));
    }
  }
}

// a, b are (n) -> out = a*b
template <class T>
void mul(T* out, const T* a, const T* b, int n) {
  for (int k = 0; k < n; ++k) out[k] = a[k] * b[k];
}

// x is (n) -> Euclidean norm. float: squares summed in double (cannot over/underflow).
// double: scaled by a power of two near 1/max|x| (exact), summed, scaled back (BLAS nrm2).
template <class T>
double norm2(const T* x, int n) {
  if (n <= 0) return 0.0;
  if constexpr (std::is_same_v<T, float>) {
    double s = 0;
    for (int k = 0; k < n; ++k) s += double(x[k]) * double(x[k]);
    return std::sqrt(s);
  } else {
    double m = 0;  // max |x|, NaN ignored here (pass 2 propagates it)
    for (int k = 0; k < n; ++k) m = std::max(m, std::fabs(double(x[k])));
    if (m == std::numeric_limits<double>::infinity()) return m;
    int e = m > 0 ? std::ilogb(m) : 0;  // m in [2^e, 2^(e+1))
    double pre = 1;                      // keeps 2^-e representable for subnormal m
    if (e < -1000) { pre = 0x1p600; e += 600; }
    const double s = std::ldexp(1.0, -e);
    double acc = 0;
    for (int k = 0; k < n; ++k) {
      const double v = double(x[k]) * pre * s;
      acc += v * v;
    }
    return std::ldexp(std::sqrt(acc), e) / pre;
  }
}

// x is (n) -> sum, sum of squares (double), min, max (NaN ignored; NaN if all NaN), zeros
template <class T>
Moments reduce_moments(const T* x, int n) {
  Moments m;
  if (n <= 0) return m;
  double s = 0, s2 = 0;
  T lo = std::numeric_limits<T>::infinity(), hi = -lo;
  int64_t zeros = 0;
  for (int k = 0; k < n; ++k) {
    const T v = x[k];
    s += double(v);
    s2 += double(v) * double(v);
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    zeros += v == T(0);
  }
  if (lo > hi) lo = hi = std::numeric_limits<T>::quiet_NaN();  // every value was NaN
  m.sum = s;
  m.sumsq = s2;
  m.min = double(lo);
  m.max = double(hi);
  m.zeros = zeros;
  return m;
}

// x is (n) -> count of |x| < eps (compared in double), *sum_abs = sum of |x| (double)
template <class T>
int64_t count_abs_below(const T* x, int n, double eps, double* sum_abs) {
  int64_t c = 0;
  double s = 0;
  for (int k = 0; k < n; ++k) {
    const double v = std::fabs(double(x[k]));
    c += v < eps;
    s += v;
  }
  if (sum_abs) *sum_abs = s;
  return c;
}

// x is (n) -> sum of (x - mean)^2, in double.
template <class T>
double sum_sq_dev(const T* x, int n, double mean) {
  double s = 0;
  for (int k = 0; k < n; ++k) {
    const double d = double(x[k]) - mean;
    s += d * d;
  }
  return s;
}

#define GS_INSTANTIATE(T)                                                                        \
  template void dense_forward<T>(T*, const T*, const T*, const T*, int, int, int);              \
  template void dense_backward_params<T>(T*, T*, const T*, const T*, int, int, int);            \
  template void dense_backward_input<T>(T*, const T*, const T*, int, int, int);                 \
  template void act_sigmoid<T>(T*, T*, const T*, int);                                          \
  template void act_tanh<T>(T*, T*, const T*, int);                                             \
  template void act_relu<T>(T*, T*, const T*, int);                                             \
  template void act_leaky<T>(T*, T*, const T*, const T*, int, int, int);                        \
  template void act_elu<T>(T*, T*, const T*, T, int);                                           \
  template void mul<T>(T*, const T*, const T*, int);                                            \
  template double norm2<T>(const T*, int);                                                      \
  template Moments reduce_moments<T>(const T*, int);                                            \
  template int64_t count_abs_below<T>(const T*, int, double, double*);                         \
  template double sum_sq_dev<T>(const T*, int, double);
GS_INSTANTIATE(float)
GS_INSTANTIATE(double)
#undef GS_INSTANTIATE

}  // namespace gs::kernels::scalar
