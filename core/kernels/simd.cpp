// Hand-written WebAssembly SIMD kernels, gs::kernels::simd: the same contracts as
// scalar.cpp, with f32x4 for float and f64x2 for double. Every kernel takes any size
// (scalar tail loops for leftovers).
// Matrix products: one register-blocked micro-kernel for all three (4 rows x 2 vectors of
// accumulators; the A element broadcast, a packed column slice of B loaded contiguously,
// so every load has a constant offset). Each element is summed over
// k = 0..K-1 in order from 0, bias last, exactly as in scalar.cpp, so (WASM has no FMA)
// the products agree bit for bit with their scalar twins and with native builds.
// Activations: a Cephes-style f64x2 exp/expm1 (range reduction by ln 2, polynomial) inside
// the same formulas as scalar.cpp, evaluated in double for float data too and rounded once:
// float results then match scalar.cpp bit for bit almost always (double results within a
// few ulp). Reductions: double accumulators, a different summation order from scalar.cpp
// (results agree to rounding).
// Not here: dispatch (kernels.hpp); state other than per-thread scratch for packed operands.
// Compiled for WASM SIMD builds (-msimd128) and natively on x86-64, where simd128.hpp
// writes the same wasm_* operations with SSE2: one source, the same bits on both.
#include "core/kernels/simd128.hpp"

#if defined(GS_SIMD128)

#include "core/kernels/kernels.hpp"

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace gs::kernels::simd {
namespace {

#define GS_INLINE __attribute__((always_inline)) inline

// ---- one vector type per scalar type ------------------------------------------------------
template <class T>
struct V;

template <>
struct V<float> {
  static constexpr int N = 4;
  static GS_INLINE v128_t load(const float* p) { return wasm_v128_load(p); }
  static GS_INLINE void store(float* p, v128_t v) { wasm_v128_store(p, v); }
  static GS_INLINE v128_t splat(float x) { return wasm_f32x4_splat(x); }
  static GS_INLINE v128_t bcast(const float* p) { return wasm_v128_load32_splat(p); }
  static GS_INLINE v128_t add(v128_t a, v128_t b) { return wasm_f32x4_add(a, b); }
  static GS_INLINE v128_t sub(v128_t a, v128_t b) { return wasm_f32x4_sub(a, b); }
  static GS_INLINE v128_t mul(v128_t a, v128_t b) { return wasm_f32x4_mul(a, b); }
  static GS_INLINE v128_t div(v128_t a, v128_t b) { return wasm_f32x4_div(a, b); }
  static GS_INLINE v128_t gt(v128_t a, v128_t b) { return wasm_f32x4_gt(a, b); }
  // pmin(a,b) = b < a ? b : a and pmax(a,b) = a < b ? b : a: a NaN in a is kept, in b dropped.
  static GS_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f32x4_pmin(a, b); }
  static GS_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f32x4_pmax(a, b); }
};

template <>
struct V<double> {
  static constexpr int N = 2;
  static GS_INLINE v128_t load(const double* p) { return wasm_v128_load(p); }
  static GS_INLINE void store(double* p, v128_t v) { wasm_v128_store(p, v); }
  static GS_INLINE v128_t splat(double x) { return wasm_f64x2_splat(x); }
  static GS_INLINE v128_t bcast(const double* p) { return wasm_v128_load64_splat(p); }
  static GS_INLINE v128_t add(v128_t a, v128_t b) { return wasm_f64x2_add(a, b); }
  static GS_INLINE v128_t sub(v128_t a, v128_t b) { return wasm_f64x2_sub(a, b); }
  static GS_INLINE v128_t mul(v128_t a, v128_t b) { return wasm_f64x2_mul(a, b); }
  static GS_INLINE v128_t div(v128_t a, v128_t b) { return wasm_f64x2_div(a, b); }
  static GS_INLINE v128_t gt(v128_t a, v128_t b) { return wasm_f64x2_gt(a, b); }
  static GS_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f64x2_pmin(a, b); }
  static GS_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f64x2_pmax(a, b); }
};

// mask ? a : b (mask lanes all ones or all zeros)
GS_INLINE v128_t select(v128_t mask, v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, mask); }

// ---- matrix products ---------------------------------------------------------------------
// All three products run one micro-kernel: C = A . B with A's rows contiguous in k
// (a[r*ar + k]) and B packed as a column slice of P = NV*N values per k (b[k*P + c]), so
// every load has a constant offset from one of 1 + MR pointers. (Unrolling k by 2 or 4
// measured slower under V8; by 8, no faster. 4 x 2 vectors also beat 3x3, 5x2, 6x2, 2x4.)
// One block: C[0..MR)[0..P) = sum over k = 0..K-1 (in order, from 0) of A[r][k] * B[k][c],
// then + bias[c] if bias is given.
template <class T, int MR, int NV>
GS_INLINE void gemm_block(T* c, int ldc, const T* a, int ar, const T* b, int K, const T* bias) {
  using X = V<T>;
  constexpr int N = X::N, P = NV * N;
  v128_t acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f64x2_const_splat(0.0);
  const T* ap[MR];
  for (int r = 0; r < MR; ++r) ap[r] = a + std::ptrdiff_t(r) * ar;
  const T* bp = b;
  for (int k = 0; k < K; ++k) {
    v128_t bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = X::load(bp + v * N);
    for (int r = 0; r < MR; ++r) {
      const v128_t av = X::bcast(ap[r]);
      for (int v = 0; v < NV; ++v) acc[r][v] = X::add(acc[r][v], X::mul(av, bv[v]));
      ap[r] += 1;
    }
    bp += P;
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) {
      v128_t out = acc[r][v];
      if (bias) out = X::add(out, X::load(bias + v * N));
      X::store(c + std::ptrdiff_t(r) * ldc + v * N, out);
    }
}

// C rows 0..M-1 of one packed column slice (NV vectors wide): row blocks of 4, then one of
// 3, 2 or 1.
template <class T, int NV>
GS_INLINE void slice_rows(T* c, int ldc, const T* a, int ar, const T* b, int K, int M, const T* bias) {
  int r = 0;
  for (; r + 4 <= M; r += 4)
    gemm_block<T, 4, NV>(c + std::ptrdiff_t(r) * ldc, ldc, a + std::ptrdiff_t(r) * ar, ar, b, K, bias);
  T* cr = c + std::ptrdiff_t(r) * ldc;
  const T* arow = a + std::ptrdiff_t(r) * ar;
  switch (M - r) {
    case 3: gemm_block<T, 3, NV>(cr, ldc, arow, ar, b, K, bias); break;
    case 2: gemm_block<T, 2, NV>(cr, ldc, arow, ar, b, K, bias); break;
    case 1: gemm_block<T, 1, NV>(cr, ldc, arow, ar, b, K, bias); break;
    default: break;
  }
}

// Column j of C alone (the < N columns left after the vector slices), plain loops in the
// same order: C[r][j] = sum_k A[r][k] * B[k][j] (+ bias), B column at bcol with k-stride bk.
template <class T>
GS_INLINE void column_scalar(T* c, int ldc, const T* a, int ar, const T* bcol, int bk, int K, int M,
                             const T* bias) {
  for (int r = 0; r < M; ++r) {
    const T* ap = a + std::ptrdiff_t(r) * ar;
    T acc = 0;
    for (int k = 0; k < K; ++k) acc += ap[k] * bcol[std::ptrdiff_t(k) * bk];
    c[std::ptrdiff_t(r) * ldc] = bias ? acc + *bias : acc;
  }
}

// dst[k*P + c] = src[k*lds + c], c < P: one column slice of B made contiguous.
template <class T, int P>
GS_INLINE void copy_slice(T* dst, const T* src, int lds, int K) {
  constexpr int N = V<T>::N;
  for (int k = 0; k < K; ++k)
    for (int v = 0; v < P; v += N)
      wasm_v128_store(dst + std::ptrdiff_t(k) * P + v, wasm_v128_load(src + std::ptrdiff_t(k) * lds + v));
}

// C (M x ncol, ldc) = A (M x K, rows a[r*ar + k]) . B (K x ncol, b[k*bk + j]): column slices
// of 2N, then N (each copied to slice_buf, room for K*2N, then streamed by the
// micro-kernel), then single columns.
template <class T>
void gemm(T* c, int ldc, const T* a, int ar, const T* b, int bk, int M, int ncol, int K, T* slice_buf) {
  constexpr int N = V<T>::N;
  int j = 0;
  for (; j + 2 * N <= ncol; j += 2 * N) {
    copy_slice<T, 2 * N>(slice_buf, b + j, bk, K);
    slice_rows<T, 2>(c + j, ldc, a, ar, slice_buf, K, M, nullptr);
  }
  for (; j + N <= ncol; j += N) {
    copy_slice<T, N>(slice_buf, b + j, bk, K);
    slice_rows<T, 1>(c + j, ldc, a, ar, slice_buf, K, M, nullptr);
  }
  for (; j < ncol; ++j) column_scalar<T>(c + j, ldc, a, ar, b + j, bk, K, M, nullptr);
}

// Per-thread scratch, grown on demand (never shrunk): packed operands of the products.
template <class T>
T* scratch(std::size_t n) {
  thread_local std::vector<T> buf;
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

// N x N block transpose: dst[q*ldd + c] = src[c*lds + q] (4x4 floats / 2x2 doubles).
template <class T>
GS_INLINE void transpose_block(T* dst, int ldd, const T* src, int lds) {
  if constexpr (V<T>::N == 4) {
    const v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + lds);
    const v128_t r2 = wasm_v128_load(src + 2 * lds), r3 = wasm_v128_load(src + 3 * lds);
    const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);  // a0 b0 a1 b1
    const v128_t t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);  // a2 b2 a3 b3
    const v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);  // c0 d0 c1 d1
    const v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);  // c2 d2 c3 d3
    wasm_v128_store(dst, wasm_i64x2_shuffle(t0, t2, 0, 2));
    wasm_v128_store(dst + ldd, wasm_i64x2_shuffle(t0, t2, 1, 3));
    wasm_v128_store(dst + 2 * ldd, wasm_i64x2_shuffle(t1, t3, 0, 2));
    wasm_v128_store(dst + 3 * ldd, wasm_i64x2_shuffle(t1, t3, 1, 3));
  } else {
    const v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + lds);
    wasm_v128_store(dst, wasm_i64x2_shuffle(r0, r1, 0, 2));
    wasm_v128_store(dst + ldd, wasm_i64x2_shuffle(r0, r1, 1, 3));
  }
}

// One panel of W for dense_forward: P rows of W (output units) side by side,
// dst[k*P + c] = w[c*in + k], so the micro-kernel streams it contiguously.
template <class T, int P>
GS_INLINE void pack_panel(T* dst, const T* w, int in) {
  constexpr int N = V<T>::N;
  int k = 0;
  for (; k + N <= in; k += N)
    for (int g = 0; g < P; g += N) transpose_block<T>(dst + std::ptrdiff_t(k) * P + g, P, w + std::ptrdiff_t(g) * in + k, in);
  for (; k < in; ++k)
    for (int c = 0; c < P; ++c) dst[std::ptrdiff_t(k) * P + c] = w[std::ptrdiff_t(c) * in + k];
}

// ---- loop-invariant constants -------------------------------------------------------------
// Clang rematerialises every v128.const at its use, inside loops, and V8 (x64) builds each
// one from two 64-bit immediates (~4 instructions): in the activation loops that cost more
// than the arithmetic. A scalar passed through an empty asm cannot be folded, so the
// constant is splatted once per kernel call and stays in a register (or a stack slot).
// (Not a volatile local: clang 14 turns splat(volatile load) into a load-splat from the
// reused stack slot after it was overwritten by the next constant.)
GS_INLINE v128_t opaque_f64x2(double c) {
  __asm__("" : GS_SIMD_FLOAT_REG(c));
  return wasm_f64x2_splat(c);
}
GS_INLINE v128_t opaque_i64x2(int64_t c) {
  __asm__("" : "+r"(c));
  return wasm_i64x2_splat(c);
}

// ---- exp and expm1 ---------------------------------------------------------------------
// Two doubles: e = exp(x), em = expm1(x), x = n ln2 + r (|r| <= ln2/2), e = 2^n (1 + p(r)),
// em = 2^n p(r) + (2^n - 1) with p(r) ~ expm1(r), so em keeps full relative accuracy near 0.
// NaN propagates (the clamps keep a NaN in their first operand). Callers pass x <= 0.
//   Fast = false (double data): Cephes exp, two-constant reduction, p = 2P/(Q-P) with P, Q
//     polynomials in r^2 (~1 ulp); 2^n applied in two halves so results in the subnormal
//     range round once (like libm) and x below -745 gives 0.
//   Fast = true (float data, results rounded to float): p = r + r^2 P(r), P a degree-7
//     Chebyshev fit of (expm1(r) - r)/r^2 (relative error of exp < 1e-13, no division,
//     coefficients from mpmath.chebyfit, highest first);
//     x is clamped at -700, where exp already rounds to 0 in float, so 2^n is one normal
//     double, and the single-constant reduction costs < 1e-13 there.
template <bool Fast>
struct Exp {
  // t = x log2e + magic rounds to an integer n in the low bits: fn = t - magic = n and
  // bits(t) - bits(1.5 * 2^52) = n + 1023 (the bias folded into magic), so 2^n = that << 52.
  v128_t lo = opaque_f64x2(Fast ? -700.0 : -760.0), hi = opaque_f64x2(Fast ? 0.0 : 720.0);
  v128_t magic = opaque_f64x2(6755399441055744.0 + 1023.0);
  v128_t magic_bits = opaque_i64x2(0x4338000000000000);  // bits of 1.5 * 2^52
  v128_t log2e = opaque_f64x2(1.4426950408889634073599);
  v128_t c1 = opaque_f64x2(Fast ? 0.693147180559945309417 : 6.93145751953125E-1);
  v128_t c2 = opaque_f64x2(1.42860682030941723212E-6);
  v128_t one = opaque_f64x2(1.0);
  v128_t c[8];

  Exp() {
    if constexpr (Fast) {
      const double k[8] = {2.7617564785876086e-06, 2.4867870179687727e-05, 0.00019841224599656011,
                           0.0013888839110572009,  0.00833333334420298,    0.04166666678626573,
                           0.16666666666662586,    0.4999999999995511};
      for (int i = 0; i < 8; ++i) c[i] = opaque_f64x2(k[i]);
    } else {
      const double k[7] = {1.26177193074810590878E-4, 3.02994407707441961300E-2, 9.99999999999999999910E-1,
                           3.00198505138664455042E-6, 2.52448340349684104192E-3, 2.27265548208155028766E-1,
                           2.00000000000000000009E0};
      for (int i = 0; i < 7; ++i) c[i] = opaque_f64x2(k[i]);
    }
  }

  GS_INLINE void operator()(v128_t x, v128_t& e, v128_t& em) const {
    using X = V<double>;
    x = X::pmax(x, lo);
    if constexpr (!Fast) x = X::pmin(x, hi);
    const v128_t t = X::add(X::mul(x, log2e), magic);
    const v128_t fn = X::sub(t, magic);
    const v128_t nb = wasm_i64x2_sub(t, magic_bits);  // n + 1023
    v128_t r = X::sub(x, X::mul(fn, c1));
    if constexpr (!Fast) r = X::sub(r, X::mul(fn, c2));
    const v128_t xx = X::mul(r, r);
    if constexpr (Fast) {
      // Estrin's scheme: half the dependency chain of Horner's
      const v128_t x4 = X::mul(xx, xx);
      const v128_t p01 = X::add(X::mul(c[0], r), c[1]), p23 = X::add(X::mul(c[2], r), c[3]);
      const v128_t p45 = X::add(X::mul(c[4], r), c[5]), p67 = X::add(X::mul(c[6], r), c[7]);
      const v128_t p = X::add(X::mul(X::add(X::mul(p01, xx), p23), x4), X::add(X::mul(p45, xx), p67));
      const v128_t pm1 = X::add(X::mul(p, xx), r);
      const v128_t s = wasm_i64x2_shl(nb, 52);  // 2^n
      e = X::mul(X::add(pm1, one), s);
      em = X::add(X::mul(s, pm1), X::sub(s, one));
    } else {
      v128_t p = X::mul(X::add(X::mul(X::add(X::mul(c[0], xx), c[1]), xx), c[2]), r);
      const v128_t q = X::add(X::mul(X::add(X::mul(X::add(X::mul(c[3], xx), c[4]), xx), c[5]), xx), c[6]);
      const v128_t pm1 = X::div(X::add(p, p), X::sub(q, p));  // expm1(r) = 2p / (q - p)
      const v128_t bias = wasm_i64x2_const_splat(1023);
      const v128_t n = wasm_i64x2_sub(nb, bias);
      const v128_t n1 = wasm_i64x2_shr(n, 1);
      const v128_t s1 = wasm_i64x2_shl(wasm_i64x2_add(n1, bias), 52);            // 2^n1
      const v128_t s2 = wasm_i64x2_shl(wasm_i64x2_sub(nb, n1), 52);              // 2^(n-n1)
      e = X::mul(X::mul(X::add(pm1, one), s1), s2);
      const v128_t s = X::mul(s1, s2);  // 2^n (0 below the subnormals: em is -1 there anyway)
      em = X::add(X::mul(s, pm1), X::sub(s, one));
    }
  }
};

// ---- horizontal helpers ----------------------------------------------------------------
GS_INLINE double hsum_f64(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }
GS_INLINE int64_t hsum_i64(v128_t v) { return wasm_i64x2_extract_lane(v, 0) + wasm_i64x2_extract_lane(v, 1); }
// float lanes 0,1 and 2,3 of v as two f64x2
GS_INLINE v128_t lo_f64(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
GS_INLINE v128_t hi_f64(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(v, v, 1, 1)); }

// ---- exp-based activations ---------------------------------------------------------------
// make(fast) builds, once per call, the lane function f(z) mapping two doubles z to {a, d}
// (its constants are set up there, outside the loop). Float data is promoted, computed in
// double and rounded once, as in scalar.cpp, so float results match the scalar twin (and
// native builds) bit for bit almost always; fast is std::true_type there (~1e-14 is plenty
// before rounding to float) and std::false_type for double data. Returns how many leading
// elements were done (the rest, < 4 or < 2, are left to the scalar twin).
struct AD {
  v128_t a, d;
};

template <class Make>
GS_INLINE int act_lanes(float* a, float* d, const float* z, int n, Make make) {
  const auto f = make(std::true_type());
  int k = 0;
  for (; k + 8 <= n; k += 8) {  // two vectors per iteration: more independent work in flight
    const v128_t v0 = wasm_v128_load(z + k), v1 = wasm_v128_load(z + k + 4);
    const AD l0 = f(lo_f64(v0)), h0 = f(hi_f64(v0)), l1 = f(lo_f64(v1)), h1 = f(hi_f64(v1));
    wasm_v128_store(a + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(l0.a), wasm_f32x4_demote_f64x2_zero(h0.a), 0, 2));
    wasm_v128_store(d + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(l0.d), wasm_f32x4_demote_f64x2_zero(h0.d), 0, 2));
    wasm_v128_store(a + k + 4, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(l1.a), wasm_f32x4_demote_f64x2_zero(h1.a), 0, 2));
    wasm_v128_store(d + k + 4, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(l1.d), wasm_f32x4_demote_f64x2_zero(h1.d), 0, 2));
  }
  for (; k + 4 <= n; k += 4) {
    const v128_t v = wasm_v128_load(z + k);
    const AD lo = f(lo_f64(v)), hi = f(hi_f64(v));
    wasm_v128_store(a + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo.a), wasm_f32x4_demote_f64x2_zero(hi.a), 0, 2));
    wasm_v128_store(d + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo.d), wasm_f32x4_demote_f64x2_zero(hi.d), 0, 2));
  }
  return k;
}

template <class Make>
GS_INLINE int act_lanes(double* a, double* d, const double* z, int n, Make make) {
  const auto f = make(std::false_type());
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const AD r0 = f(wasm_v128_load(z + k)), r1 = f(wasm_v128_load(z + k + 2));
    wasm_v128_store(a + k, r0.a);
    wasm_v128_store(d + k, r0.d);
    wasm_v128_store(a + k + 2, r1.a);
    wasm_v128_store(d + k + 2, r1.d);
  }
  for (; k + 2 <= n; k += 2) {
    const AD r = f(wasm_v128_load(z + k));
    wasm_v128_store(a + k, r.a);
    wasm_v128_store(d + k, r.d);
  }
  return k;
}

}  // namespace

#if defined(GS_KERNELS_AVX2)
// Whether the products run avx2.cpp's 256-bit kernels: the CPU has AVX2 (this function is
// compiled without -mavx2, so it runs anywhere) and GRADSCOPE_SIMD is not "sse2" (for
// testing the 128-bit path on an AVX2 machine). Decided once.
bool avx2_enabled() {
  static const bool on = [] {
    const char* env = std::getenv("GRADSCOPE_SIMD");
    return __builtin_cpu_supports("avx2") && !(env && std::strcmp(env, "sse2") == 0);
  }();
  return on;
}
#endif

// x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b
template <class T>
void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out) {
#if defined(GS_KERNELS_AVX2)
  if (avx2_enabled()) return avx2::dense_forward(y, x, W, b, B, in, out);
#endif
  if (B <= 0 || out <= 0) return;
  constexpr int N = V<T>::N;
  // Each slice of 2N (then N) output units is W^T's columns: W's rows transposed into a
  // contiguous panel, panel[k*P + c] = W[(j+c)*in + k]. Columns left over use W's rows.
  T* panel = scratch<T>(std::size_t(in > 0 ? in : 1) * 2 * N);
  int j = 0;
  for (; j + 2 * N <= out; j += 2 * N) {
    pack_panel<T, 2 * N>(panel, W + std::ptrdiff_t(j) * in, in);
    slice_rows<T, 2>(y + j, out, x, in, panel, in, B, b + j);
  }
  for (; j + N <= out; j += N) {
    pack_panel<T, N>(panel, W + std::ptrdiff_t(j) * in, in);
    slice_rows<T, 1>(y + j, out, x, in, panel, in, B, b + j);
  }
  for (; j < out; ++j) column_scalar<T>(y + j, out, x, in, W + std::ptrdiff_t(j) * in, 1, in, B, b + j);
}

// dz is (B,out), x is (B,in) -> dW is (out,in) = dz^T.x, db is (out) = sum over B of dz
template <class T>
void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out) {
#if defined(GS_KERNELS_AVX2)
  if (avx2_enabled()) return avx2::dense_backward_params(dW, db, dz, x, B, in, out);
#endif
  using X = V<T>;
  constexpr int N = X::N;
  if (out <= 0) return;
  // A = dz^T (out x B), transposed first so its rows are contiguous; B operand = x
  // (B x in: k is the batch row).
  T* buf = scratch<T>(std::size_t(out) * B + std::size_t(B) * 2 * N + 1);
  T* dzt = buf;                           // (out, B)
  T* slice = buf + std::size_t(out) * B;  // B*2N
  int o = 0;
  for (; o + N <= out; o += N) {
    int r = 0;
    for (; r + N <= B; r += N)
      transpose_block<T>(dzt + std::ptrdiff_t(o) * B + r, B, dz + std::ptrdiff_t(r) * out + o, out);
    for (; r < B; ++r)
      for (int q = 0; q < N; ++q) dzt[std::ptrdiff_t(o + q) * B + r] = dz[std::ptrdiff_t(r) * out + o + q];
  }
  for (; o < out; ++o)
    for (int r = 0; r < B; ++r) dzt[std::ptrdiff_t(o) * B + r] = dz[std::ptrdiff_t(r) * out + o];
  gemm<T>(dW, in, dzt, B, x, in, out, in, B, slice);
  o = 0;
  for (; o + N <= out; o += N) {
    v128_t acc = X::splat(0);
    for (int r = 0; r < B; ++r) acc = X::add(acc, X::load(dz + std::ptrdiff_t(r) * out + o));
    X::store(db + o, acc);
  }
  for (; o < out; ++o) {
    T acc = 0;
    for (int r = 0; r < B; ++r) acc += dz[std::ptrdiff_t(r) * out + o];
    db[o] = acc;
  }
}

// dz is (B,out), W is (out,in) -> dx is (B,in) = dz.W
template <class T>
void dense_backward_input(T* dx, const T* dz, const T* W, int B, int in, int out) {
#if defined(GS_KERNELS_AVX2)
  if (avx2_enabled()) return avx2::dense_backward_input(dx, dz, W, B, in, out);
#endif
  if (B <= 0 || in <= 0) return;
  constexpr int N = V<T>::N;
  gemm<T>(dx, in, dz, out, W, in, B, in, out, scratch<T>(std::size_t(out) * 2 * N + 1));
}

// z is (n) -> a = sigmoid(z), d = a(1-a): q = 1/(1+e), e = exp(-|z|), a = q or e*q, d = e*q*q
template <class T>
void act_sigmoid(T* a, T* d, const T* z, int n) {
#if defined(GS_KERNELS_AVX2)
  if constexpr (std::is_same_v<T, float>) {
    if (avx2_enabled()) {
      const int k = avx2::act_sigmoid(a, d, z, n);
      if (k < n) scalar::act_sigmoid(a + k, d + k, z + k, n - k);
      return;
    }
  }
#endif
  const int k = act_lanes(a, d, z, n, [](auto fast) {
    const Exp<decltype(fast)::value> exp;
    // zero opaque too: with a literal 0 clang compares the promoted floats in f32x4 and
    // widens the mask with shifts that V8 expands to a dozen instructions
    const v128_t one = exp.one, zero = opaque_f64x2(0.0), sign = opaque_f64x2(-0.0);
    return [=](v128_t v) {
      v128_t e, em;
      exp(wasm_v128_or(v, sign), e, em);  // -|z|
      const v128_t q = wasm_f64x2_div(one, wasm_f64x2_add(one, e));
      const v128_t eq = wasm_f64x2_mul(e, q);
      return AD{select(wasm_f64x2_ge(v, zero), q, eq), wasm_f64x2_mul(eq, q)};
    };
  });
  if (k < n) scalar::act_sigmoid(a + k, d + k, z + k, n - k);
}

// z is (n) -> a = tanh(z), d = 1 - a^2 = 4e/(1+e)^2 with e = exp(-2|z|), em = expm1(-2|z|):
//   float data: a = -em/(2+em) with the sign of z, d = 4e/(2+em)^2 (one division);
//   double data: for |z| < 0.625 Cephes' rational approximation z + z s P(s)/Q(s)
//   (s = z^2), above -em/(2+em); d = 4e/(1+e)^2 as in scalar.cpp.
template <class T>
void act_tanh(T* a, T* d, const T* z, int n) {
#if defined(GS_KERNELS_AVX2)
  if constexpr (std::is_same_v<T, float>) {
    if (avx2_enabled()) {
      const int k = avx2::act_tanh(a, d, z, n);
      if (k < n) scalar::act_tanh(a + k, d + k, z + k, n - k);
      return;
    }
  }
#endif
  const int k = act_lanes(a, d, z, n, [](auto fast) {
    constexpr bool kFast = decltype(fast)::value;
    const Exp<kFast> exp;
    const v128_t one = exp.one, two = opaque_f64x2(2.0), four = opaque_f64x2(4.0);
    const v128_t sign_mask = opaque_f64x2(-0.0), abs_mask = opaque_i64x2(0x7fffffffffffffff);
    // Cephes tanh, |z| < 0.625 (double data only)
    const v128_t p0 = opaque_f64x2(-9.64399179425052238628E-1), p1 = opaque_f64x2(-9.92877231001918586564E1),
                 p2 = opaque_f64x2(-1.61468768441708447952E3), q0 = opaque_f64x2(1.12811678491632931402E2),
                 q1 = opaque_f64x2(2.23548839060100448583E3), q2 = opaque_f64x2(4.84406305325125486048E3),
                 cut = opaque_f64x2(0.625);
    return [=](v128_t v) {
      const v128_t ax = wasm_v128_and(v, abs_mask);
      const v128_t sign = wasm_v128_and(v, sign_mask);
      v128_t e, em;
      const v128_t nax = wasm_v128_or(v, sign_mask);  // -|z|
      exp(wasm_f64x2_add(nax, nax), e, em);
      const v128_t den = wasm_f64x2_add(two, em);
      if constexpr (kFast) {
        const v128_t r = wasm_f64x2_div(one, den);
        const v128_t t = wasm_f64x2_mul(wasm_f64x2_neg(em), r);
        return AD{wasm_v128_or(t, sign), wasm_f64x2_mul(wasm_f64x2_mul(four, e), wasm_f64x2_mul(r, r))};
      } else {
        const v128_t big = wasm_f64x2_div(wasm_f64x2_neg(em), den);
        const v128_t s = wasm_f64x2_mul(v, v);
        const v128_t p = wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_add(wasm_f64x2_mul(p0, s), p1), s), p2);
        const v128_t q =
            wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_add(s, q0), s), q1), s), q2);
        const v128_t small = wasm_f64x2_add(v, wasm_f64x2_mul(wasm_f64x2_mul(v, s), wasm_f64x2_div(p, q)));
        // NaN: the comparison is false and big carries the NaN
        const v128_t t = select(wasm_f64x2_lt(ax, cut), small, wasm_v128_or(big, sign));
        const v128_t den1 = wasm_f64x2_add(one, e);
        return AD{t, wasm_f64x2_div(wasm_f64x2_mul(four, e), wasm_f64x2_mul(den1, den1))};
      }
    };
  });
  if (k < n) scalar::act_tanh(a + k, d + k, z + k, n - k);
}

// z is (n) -> a = max(z,0) (NaN stays NaN), d = (z > 0)
template <class T>
void act_relu(T* a, T* d, const T* z, int n) {
  using X = V<T>;
  constexpr int N = X::N;
  const v128_t zero = X::splat(0), one = X::splat(1);
  int k = 0;
  for (; k + N <= n; k += N) {
    const v128_t v = X::load(z + k);
    X::store(a + k, X::pmax(v, zero));  // v < 0 ? 0 : v
    X::store(d + k, wasm_v128_and(X::gt(v, zero), one));
  }
  if (k < n) scalar::act_relu(a + k, d + k, z + k, n - k);
}

// z is (rows,units), slope[r*slope_stride + u] -> a = z > 0 ? z : s*z, d = z > 0 ? 1 : s
template <class T>
void act_leaky(T* a, T* d, const T* z, const T* slope, int rows, int units, int slope_stride) {
  using X = V<T>;
  constexpr int N = X::N;
  const v128_t zero = X::splat(0), one = X::splat(1);
  for (int r = 0; r < rows; ++r) {
    const std::ptrdiff_t off = std::ptrdiff_t(r) * units;
    const T* s = slope + std::ptrdiff_t(r) * slope_stride;
    int u = 0;
    for (; u + N <= units; u += N) {
      const v128_t v = X::load(z + off + u), sv = X::load(s + u);
      const v128_t pos = X::gt(v, zero);
      X::store(a + off + u, select(pos, v, X::mul(sv, v)));
      X::store(d + off + u, select(pos, one, sv));
    }
    for (; u < units; ++u) {
      const T v = z[off + u];
      a[off + u] = v > T(0) ? v : s[u] * v;
      d[off + u] = v > T(0) ? T(1) : s[u];
    }
  }
}

// z is (n) -> a = z > 0 ? z : alpha*expm1(z), d = z > 0 ? 1 : alpha*exp(z)
template <class T>
void act_elu(T* a, T* d, const T* z, T alpha, int n) {
#if defined(GS_KERNELS_AVX2)
  if constexpr (std::is_same_v<T, float>) {
    if (avx2_enabled()) {
      const int k = avx2::act_elu(a, d, z, alpha, n);
      if (k < n) scalar::act_elu(a + k, d + k, z + k, alpha, n - k);
      return;
    }
  }
#endif
  const int k = act_lanes(a, d, z, n, [alpha](auto fast) {
    const Exp<decltype(fast)::value> exp;
    const v128_t al = opaque_f64x2(double(alpha)), one = exp.one, zero = opaque_f64x2(0.0);  // see sigmoid
    return [=](v128_t v) {
      v128_t e, em;
      exp(wasm_f64x2_pmin(v, zero), e, em);  // NaN kept
      const v128_t pos = wasm_f64x2_gt(v, zero);
      return AD{select(pos, v, wasm_f64x2_mul(al, em)), select(pos, one, wasm_f64x2_mul(al, e))};
    };
  });
  if (k < n) scalar::act_elu(a + k, d + k, z + k, alpha, n - k);
}

// a, b are (n) -> out = a*b
template <class T>
void mul(T* out, const T* a, const T* b, int n) {
  using X = V<T>;
  constexpr int N = X::N;
  int k = 0;
#if defined(GS_KERNELS_AVX2)
  if (avx2_enabled()) k = avx2::mul(out, a, b, n);
#endif
  for (; k + N <= n; k += N) X::store(out + k, X::mul(X::load(a + k), X::load(b + k)));
  for (; k < n; ++k) out[k] = a[k] * b[k];
}

// x is (n) -> Euclidean norm without underflow/overflow (see scalar.cpp)
template <class T>
double norm2(const T* x, int n) {
  if (n <= 0) return 0.0;
  if constexpr (std::is_same_v<T, float>) {
    // 8 partial sums (element k to partial k mod 8 over whole blocks of 8), added as
    // ((P0+P4) + (P2+P6)) + ((P1+P5) + (P3+P7)), then the rest in order: the AVX2 twin
    // (avx2::norm2_sq) keeps the same partials, so both give the same bits.
    double s = 0;
    int k = 0;
#if defined(GS_KERNELS_AVX2)
    if (avx2_enabled()) k = avx2::norm2_sq(x, n, &s);
    else
#endif
    {
      v128_t s0 = wasm_f64x2_splat(0), s1 = s0, s2 = s0, s3 = s0;
      for (; k + 8 <= n; k += 8) {
        const v128_t v = wasm_v128_load(x + k), w = wasm_v128_load(x + k + 4);
        const v128_t a = lo_f64(v), b = hi_f64(v), c = lo_f64(w), d = hi_f64(w);
        s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(a, a));
        s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(b, b));
        s2 = wasm_f64x2_add(s2, wasm_f64x2_mul(c, c));
        s3 = wasm_f64x2_add(s3, wasm_f64x2_mul(d, d));
      }
      s = hsum_f64(wasm_f64x2_add(wasm_f64x2_add(s0, s2), wasm_f64x2_add(s1, s3)));
    }
    for (; k < n; ++k) s += double(x[k]) * double(x[k]);
    return std::sqrt(s);
  } else {
    v128_t mv = wasm_f64x2_splat(0);
    int k = 0;
    for (; k + 2 <= n; k += 2) mv = wasm_f64x2_pmax(mv, wasm_f64x2_abs(wasm_v128_load(x + k)));  // NaN dropped
    double m = std::fmax(wasm_f64x2_extract_lane(mv, 0), wasm_f64x2_extract_lane(mv, 1));
    for (; k < n; ++k) m = std::fmax(m, std::fabs(x[k]));
    if (m == std::numeric_limits<double>::infinity()) return m;
    int e = m > 0 ? std::ilogb(m) : 0;
    double pre = 1;
    if (e < -1000) { pre = 0x1p600; e += 600; }
    const double sc = std::ldexp(1.0, -e);
    const v128_t pv = wasm_f64x2_splat(pre), sv = wasm_f64x2_splat(sc);
    v128_t s0 = wasm_f64x2_splat(0), s1 = s0;
    k = 0;
    for (; k + 4 <= n; k += 4) {
      const v128_t v0 = wasm_f64x2_mul(wasm_f64x2_mul(wasm_v128_load(x + k), pv), sv);
      const v128_t v1 = wasm_f64x2_mul(wasm_f64x2_mul(wasm_v128_load(x + k + 2), pv), sv);
      s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(v0, v0));
      s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(v1, v1));
    }
    double s = hsum_f64(wasm_f64x2_add(s0, s1));
    for (; k < n; ++k) {
      const double v = x[k] * pre * sc;
      s += v * v;
    }
    return std::ldexp(std::sqrt(s), e) / pre;
  }
}

// x is (n) -> sum, sum of squares (double), min, max (NaN ignored; NaN if all NaN), zeros
template <class T>
Moments reduce_moments(const T* x, int n) {
  using X = V<T>;
  constexpr int N = X::N;
  Moments m;
  if (n <= 0) return m;
  v128_t s0 = wasm_f64x2_splat(0), s1 = s0, q0 = s0, q1 = s0;
  v128_t lo = X::splat(std::numeric_limits<T>::infinity()), hi = X::splat(-std::numeric_limits<T>::infinity());
  v128_t zc = wasm_i64x2_splat(0);
  const v128_t zero = X::splat(0);
  int k = 0;
  if constexpr (std::is_same_v<T, float>) {
    // zero counts in i32 lanes, flushed to i64 every 2^20 blocks
    v128_t zc32 = wasm_i32x4_splat(0);
    int blocks = 0;
    for (; k + 4 <= n; k += 4) {
      const v128_t v = wasm_v128_load(x + k);
      const v128_t a = lo_f64(v), b = hi_f64(v);
      s0 = wasm_f64x2_add(s0, a);
      s1 = wasm_f64x2_add(s1, b);
      q0 = wasm_f64x2_add(q0, wasm_f64x2_mul(a, a));
      q1 = wasm_f64x2_add(q1, wasm_f64x2_mul(b, b));
      lo = wasm_f32x4_pmin(lo, v);  // v < lo ? v : lo (NaN dropped)
      hi = wasm_f32x4_pmax(hi, v);  // hi < v ? v : hi (NaN dropped)
      zc32 = wasm_i32x4_sub(zc32, wasm_f32x4_eq(v, zero));
      if (++blocks == (1 << 20)) {
        zc = wasm_i64x2_add(zc, wasm_i64x2_add(wasm_i64x2_extend_low_i32x4(zc32), wasm_i64x2_extend_high_i32x4(zc32)));
        zc32 = wasm_i32x4_splat(0);
        blocks = 0;
      }
    }
    zc = wasm_i64x2_add(zc, wasm_i64x2_add(wasm_i64x2_extend_low_i32x4(zc32), wasm_i64x2_extend_high_i32x4(zc32)));
  } else {
    for (; k + 4 <= n; k += 4) {
      const v128_t a = wasm_v128_load(x + k), b = wasm_v128_load(x + k + 2);
      s0 = wasm_f64x2_add(s0, a);
      s1 = wasm_f64x2_add(s1, b);
      q0 = wasm_f64x2_add(q0, wasm_f64x2_mul(a, a));
      q1 = wasm_f64x2_add(q1, wasm_f64x2_mul(b, b));
      lo = wasm_f64x2_pmin(wasm_f64x2_pmin(lo, a), b);
      hi = wasm_f64x2_pmax(wasm_f64x2_pmax(hi, a), b);
      zc = wasm_i64x2_sub(zc, wasm_f64x2_eq(a, zero));
      zc = wasm_i64x2_sub(zc, wasm_f64x2_eq(b, zero));
    }
  }
  double sum = hsum_f64(wasm_f64x2_add(s0, s1)), sumsq = hsum_f64(wasm_f64x2_add(q0, q1));
  T l[N], h[N];
  X::store(l, lo);
  X::store(h, hi);
  T mn = l[0], mx = h[0];
  for (int j = 1; j < N; ++j) {
    mn = l[j] < mn ? l[j] : mn;
    mx = h[j] > mx ? h[j] : mx;
  }
  int64_t zeros = hsum_i64(zc);
  for (; k < n; ++k) {
    const T v = x[k];
    sum += double(v);
    sumsq += double(v) * double(v);
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
    zeros += v == T(0);
  }
  if (mn > mx) mn = mx = std::numeric_limits<T>::quiet_NaN();  // every value was NaN
  m.sum = sum;
  m.sumsq = sumsq;
  m.min = double(mn);
  m.max = double(mx);
  m.zeros = zeros;
  return m;
}

// x is (n) -> count of |x| < eps (compared in double), *sum_abs = sum of |x| (double)
template <class T>
int64_t count_abs_below(const T* x, int n, double eps, double* sum_abs) {
  const v128_t ev = wasm_f64x2_splat(eps);
  v128_t c = wasm_i64x2_splat(0), s0 = wasm_f64x2_splat(0), s1 = s0;
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    v128_t a, b;
    if constexpr (std::is_same_v<T, float>) {
      const v128_t v = wasm_v128_load(x + k);
      a = wasm_f64x2_abs(lo_f64(v));
      b = wasm_f64x2_abs(hi_f64(v));
    } else {
      a = wasm_f64x2_abs(wasm_v128_load(x + k));
      b = wasm_f64x2_abs(wasm_v128_load(x + k + 2));
    }
    c = wasm_i64x2_sub(c, wasm_f64x2_lt(a, ev));
    c = wasm_i64x2_sub(c, wasm_f64x2_lt(b, ev));
    s0 = wasm_f64x2_add(s0, a);
    s1 = wasm_f64x2_add(s1, b);
  }
  int64_t count = hsum_i64(c);
  double s = hsum_f64(wasm_f64x2_add(s0, s1));
  for (; k < n; ++k) {
    const double v = std::fabs(double(x[k]));
    count += v < eps;
    s += v;
  }
  if (sum_abs) *sum_abs = s;
  return count;
}

// x is (n) -> sum of (x - mean)^2 in double, f64x2 lanes (two accumulators).
template <class T>
double sum_sq_dev(const T* x, int n, double mean) {
  if (n <= 0) return 0.0;
  const v128_t mv = wasm_f64x2_splat(mean);
  v128_t s0 = wasm_f64x2_splat(0), s1 = s0;
  int k = 0;
  if constexpr (std::is_same_v<T, float>) {
    for (; k + 4 <= n; k += 4) {
      const v128_t v = wasm_v128_load(x + k);
      const v128_t lo = wasm_f64x2_sub(lo_f64(v), mv), hi = wasm_f64x2_sub(hi_f64(v), mv);
      s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(lo, lo));
      s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(hi, hi));
    }
  } else {
    for (; k + 4 <= n; k += 4) {
      const v128_t a = wasm_f64x2_sub(wasm_v128_load(x + k), mv), b = wasm_f64x2_sub(wasm_v128_load(x + k + 2), mv);
      s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(a, a));
      s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(b, b));
    }
  }
  double s = hsum_f64(wasm_f64x2_add(s0, s1));
  for (; k < n; ++k) {
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
#undef GS_INLINE

}  // namespace gs::kernels::simd

#endif  // GS_SIMD128
