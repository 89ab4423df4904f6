// Hot loops of the engine: dense-layer matrix products, activations with their
// derivatives, statistics reductions and the optimiser update. Raw pointers and ints;
// outputs first, then inputs, then sizes (llm.c style). Every kernel exists three times
// with one signature:
//   gs::kernels::scalar::NAME  the plain reference: the test oracle, and the engine's code
//                              where there is no SIMD (scalar.cpp, update_scalar.cpp);
//   gs::kernels::simd::NAME    hand-written wasm_simd128.h code, on WASM SIMD builds and, through
//                              simd128.hpp's SSE2 version of those operations, on x86-64
//                              (simd.cpp, update_simd.cpp);
//   gs::kernels::NAME          the dispatcher the engine calls: simd:: where it exists
//                              (GS_KERNELS_SIMD), scalar:: elsewhere (e.g. ARM).
// Defined for T = float and T = double (explicit instantiations in the .cpp files).
// This file is not: the activation table (core/activation.hpp) or anything with state.
#pragma once
#include <cstdint>

namespace gs::kernels {

// Result of reduce_moments: double accumulators so float32 statistics do not lose bits.
struct Moments {
  double sum = 0, sumsq = 0;  // sum of x, sum of x^2 (in double)
  double min = 0, max = 0;    // over the n values (0 when n == 0)
  int64_t zeros = 0;          // values exactly == 0
};

// One optimiser update's coefficients, fixed for a step (core/optimizer.hpp's rules). Per
// element, in double: g' = gscale g + wd p (clipping, L2 weight decay), then
//   sgd       delta = lr g'
//   momentum  s1 = mu_old s1 + g'; delta = lr s1                  (mu_old = 0 at step 1)
//   nesterov  s1 = mu_old s1 + g'; delta = lr (g' + mu s1)
//   rmsprop   s2 = decay s2 + (1-decay) g'^2; delta = lr g' / (sqrt(s2) + eps)
//   adam      s1 = b1 s1 + (1-b1) g'; s2 = decay s2 + (1-decay) g'^2;
//             delta = lr s1 / (sqrt(s2)/sbc2 + eps)              (lr = lr/(1-b1^t), sbc2 = sqrt(1-b2^t))
// with the new s1, s2 used unrounded in delta and stored in T, and p = T(p - delta).
struct Update {
  enum Kind { sgd, momentum, nesterov, rmsprop, adam } kind = sgd;
  double gscale = 1, wd = 0;
  double lr = 0;
  double mu_old = 0, mu = 0;  // momentum, nesterov
  double b1 = 0;              // adam
  double decay = 0;           // rmsprop alpha, adam beta2
  double sbc2 = 1, eps = 0;   // adam sqrt(1 - b2^t); rmsprop, adam eps
};

#define GS_KERNEL_DECLS(NS)                                                                    \
  namespace NS {                                                                               \
  /* x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b */                      \
  template <class T> void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out); \
  /* dz is (B,out), x is (B,in) -> dW is (out,in) = dz^T.x, db is (out) = sum over B of dz;    \
     both overwritten */                                                                       \
  template <class T> void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out); \
  /* dz is (B,out), W is (out,in) -> dx is (B,in) = dz.W, overwritten */                        \
  template <class T> void dense_backward_input(T* dx, const T* dz, const T* W, int B, int in, int out); \
  /* z is (n) -> a = sigmoid(z), d = a(1-a) */                                                  \
  template <class T> void act_sigmoid(T* a, T* d, const T* z, int n);                          \
  /* z is (n) -> a = tanh(z), d = 1 - a^2 */                                                    \
  template <class T> void act_tanh(T* a, T* d, const T* z, int n);                             \
  /* z is (n) -> a = max(z,0), d = (z > 0) (relu'(0) = 0) */                                  \
  template <class T> void act_relu(T* a, T* d, const T* z, int n);                             \
  /* z is (rows,units); slope[r*slope_stride + u] (slope_stride 0: one slope per unit,           \
     units: one per element) -> a = z > 0 ? z : s*z, d = z > 0 ? 1 : s (slope at 0) */          \
  template <class T> void act_leaky(T* a, T* d, const T* z, const T* slope, int rows, int units, int slope_stride); \
  /* z is (n) -> a = z > 0 ? z : alpha(e^z - 1), d = z > 0 ? 1 : alpha e^z (elu'(0) = alpha) */ \
  template <class T> void act_elu(T* a, T* d, const T* z, T alpha, int n);                     \
  /* a, b are (n) -> out = a*b elementwise (dz = da * f'(z)) */                                \
  template <class T> void mul(T* out, const T* a, const T* b, int n);                          \
  /* x is (n) -> Euclidean norm that never underflows or overflows: a float32 value of       \
     1e-33 has norm ~1e-33 (accumulate in double), a double 1e-200 has norm ~1e-200          \
     (scaled, as BLAS nrm2). Returned as double. */                                            \
  template <class T> double norm2(const T* x, int n);                                          \
  /* x is (n) -> sum, sum of squares (double), min, max, exact-zero count */                  \
  template <class T> Moments reduce_moments(const T* x, int n);                                \
  /* x is (n) -> count of |x| < eps (saturation) and sum of |x| (double) */                    \
  template <class T> int64_t count_abs_below(const T* x, int n, double eps, double* sum_abs);  \
  /* x is (n) -> sum of (x - mean)^2 in double (the second pass of a spread) */               \
  template <class T> double sum_sq_dev(const T* x, int n, double mean);                        \
  /* p, g are (n), s1, s2 the parameter's optimiser state (n; null where the rule has none) ->   \
     p, s1, s2 updated by rule u (Update above); returns ||p_new - p_old||^2 of the stored       \
     values, in double */                                                                      \
  template <class T> double apply_update(T* p, T* s1, T* s2, const T* g, int n, const Update& u); \
  }

#if defined(__wasm_simd128__) || (defined(__SSE2__) && defined(__x86_64__))
#define GS_KERNELS_SIMD 1
#endif

GS_KERNEL_DECLS(scalar)
#if defined(GS_KERNELS_SIMD)
GS_KERNEL_DECLS(simd)
#endif
#undef GS_KERNEL_DECLS

#if defined(GS_KERNELS_SIMD) && defined(__x86_64__) && !defined(__wasm__)
// Native x86-64: the matrix products, the float exp-based activations, float norm2, mul
// and the optimiser update also exist with 256-bit AVX2 vectors (avx2.cpp and update_avx2.cpp, built with
// -mavx2 alone); simd:: uses them when the CPU
// has AVX2 (checked once at run time) and the environment does not say GRADSCOPE_SIMD=sse2.
// Same bits either way.
#define GS_KERNELS_AVX2 1
namespace avx2 {
template <class T> void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out);
template <class T> void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out);
template <class T> void dense_backward_input(T* dx, const T* dz, const T* W, int B, int in, int out);
// float data: the leading multiple of 4 elements (returned); the caller does the rest
int act_sigmoid(float* a, float* d, const float* z, int n);
int act_tanh(float* a, float* d, const float* z, int n);
int act_elu(float* a, float* d, const float* z, float alpha, int n);
// float norm2's sum of squares over the leading multiple of 8 elements (returned), in
// simd.cpp's order; mul over the leading multiple of N elements (returned)
int norm2_sq(const float* x, int n, double* sum);
template <class T> int mul(T* out, const T* a, const T* b, int n);
// the optimiser update, four lanes of double (update_avx2.cpp)
template <class T> double apply_update(T* p, T* s1, T* s2, const T* g, int n, const Update& u);
}  // namespace avx2
namespace simd {
bool avx2_enabled();
}  // namespace simd
#endif

#if defined(GS_KERNELS_SIMD)
namespace impl = simd;
#else
namespace impl = scalar;
#endif
using impl::dense_forward;
using impl::dense_backward_params;
using impl::dense_backward_input;
using impl::act_sigmoid;
using impl::act_tanh;
using impl::act_relu;
using impl::act_leaky;
using impl::act_elu;
using impl::mul;
using impl::norm2;
using impl::reduce_moments;
using impl::count_abs_below;
using impl::sum_sq_dev;
using impl::apply_update;

}  // namespace gs::kernels
