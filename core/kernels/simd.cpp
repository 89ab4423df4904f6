// Hand-written WebAssembly SIMD kernels, gs::kernels::simd: the same contracts as
// scalar.cpp, with f32x4 for float and f64x2 for double. Every kernel takes any size
// (scalar tail loops for leftovers).
// Matrix products: one register-blocked micro-kernel (4 rows x 2 vectors of accumulators,
// the A element broadcast, the B row loaded contiguously) for all three products. Each
// element is summed over k = 0..K-1 in order from 0, bias last, exactly as in scalar.cpp,
// so (WASM has no FMA) the products agree bit for bit with their scalar twins.
// Activations: a Cephes-style f64x2 exp/expm1 (range reduction by ln 2, rational
// polynomial; ~1 ulp) inside the same formulas as scalar.cpp, evaluated in double for float
// data too and rounded once (float results then match scalar.cpp bit for bit almost always;
// double results within a few ulp). Reductions: double accumulators, a different summation
// order from scalar.cpp (results agree to rounding).
// Not here: dispatch (kernels.hpp); state other than per-thread scratch for the packed W^T.
// Compiled only for WASM SIMD builds (-msimd128).
#if defined(__wasm_simd128__)

#include "core/kernels/kernels.hpp"

#include <wasm_simd128.h>

#include <cmath>
#include <cstddef>
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
  static GS_INLINE v128_t abs(v128_t a) { return wasm_f32x4_abs(a); }
  static GS_INLINE v128_t gt(v128_t a, v128_t b) { return wasm_f32x4_gt(a, b); }
  static GS_INLINE v128_t ge(v128_t a, v128_t b) { return wasm_f32x4_ge(a, b); }
  static GS_INLINE v128_t lt(v128_t a, v128_t b) { return wasm_f32x4_lt(a, b); }
  // pmin(a,b) = b < a ? b : a and pmax(a,b) = a < b ? b : a: a NaN in a is kept, in b dropped.
  static GS_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f32x4_pmin(a, b); }
  static GS_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f32x4_pmax(a, b); }
  static GS_INLINE v128_t sign_mask() { return wasm_i32x4_const_splat(int32_t(0x80000000u)); }
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
  static GS_INLINE v128_t abs(v128_t a) { return wasm_f64x2_abs(a); }
  static GS_INLINE v128_t gt(v128_t a, v128_t b) { return wasm_f64x2_gt(a, b); }
  static GS_INLINE v128_t ge(v128_t a, v128_t b) { return wasm_f64x2_ge(a, b); }
  static GS_INLINE v128_t lt(v128_t a, v128_t b) { return wasm_f64x2_lt(a, b); }
  static GS_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f64x2_pmin(a, b); }
  static GS_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f64x2_pmax(a, b); }
  static GS_INLINE v128_t sign_mask() { return wasm_i64x2_const_splat(int64_t(0x8000000000000000ull)); }
};

// mask ? a : b (mask lanes all ones or all zeros)
GS_INLINE v128_t select(v128_t mask, v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, mask); }

// ---- matrix products ---------------------------------------------------------------------
// A is addressed a[r*ar + k*ak], B is b[k*bk + c], C is c[r*ldc + c]. One block:
// C[0..MR)[0..NV*N) = sum over k = 0..K-1 (in order, from 0) of A[r][k] * B[k][c], then
// + bias[c] if bias is given.
template <class T, int MR, int NV>
GS_INLINE void gemm_block(T* c, int ldc, const T* a, int ar, int ak, const T* b, int bk, int K,
                          const T* bias) {
  using X = V<T>;
  constexpr int N = X::N;
  v128_t acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f64x2_const_splat(0.0);
  const T* ap = a;
  const T* bp = b;
  for (int k = 0; k < K; ++k, ap += ak, bp += bk) {
    v128_t bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = X::load(bp + v * N);
    for (int r = 0; r < MR; ++r) {
      const v128_t av = X::bcast(ap + std::ptrdiff_t(r) * ar);
      for (int v = 0; v < NV; ++v) acc[r][v] = X::add(acc[r][v], X::mul(av, bv[v]));
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) {
      v128_t out = acc[r][v];
      if (bias) out = X::add(out, X::load(bias + v * N));
      X::store(c + std::ptrdiff_t(r) * ldc + v * N, out);
    }
}

// MR rows of C, all ncol columns: blocks of 2 vectors, then 1 vector, then scalar columns.
template <class T, int MR>
GS_INLINE void gemm_rows(T* c, int ldc, const T* a, int ar, int ak, const T* b, int bk, int ncol,
                         int K, const T* bias) {
  constexpr int N = V<T>::N;
  int j = 0;
  for (; j + 2 * N <= ncol; j += 2 * N)
    gemm_block<T, MR, 2>(c + j, ldc, a, ar, ak, b + j, bk, K, bias ? bias + j : nullptr);
  for (; j + N <= ncol; j += N)
    gemm_block<T, MR, 1>(c + j, ldc, a, ar, ak, b + j, bk, K, bias ? bias + j : nullptr);
  for (; j < ncol; ++j)
    for (int r = 0; r < MR; ++r) {
      const T* ap = a + std::ptrdiff_t(r) * ar;
      T acc = 0;
      for (int k = 0; k < K; ++k) acc += ap[std::ptrdiff_t(k) * ak] * b[std::ptrdiff_t(k) * bk + j];
      c[std::ptrdiff_t(r) * ldc + j] = bias ? acc + bias[j] : acc;
    }
}

// C (nrow,ncol) = A (nrow,K) . B (K,ncol) [+ bias], strides as in gemm_block.
template <class T>
void gemm(T* c, int ldc, const T* a, int ar, int ak, const T* b, int bk, int nrow, int ncol, int K,
          const T* bias) {
  int r = 0;
  for (; r + 4 <= nrow; r += 4)
    gemm_rows<T, 4>(c + std::ptrdiff_t(r) * ldc, ldc, a + std::ptrdiff_t(r) * ar, ar, ak, b, bk, ncol, K, bias);
  const std::ptrdiff_t co = std::ptrdiff_t(r) * ldc, ao = std::ptrdiff_t(r) * ar;
  switch (nrow - r) {
    case 3: gemm_rows<T, 3>(c + co, ldc, a + ao, ar, ak, b, bk, ncol, K, bias); break;
    case 2: gemm_rows<T, 2>(c + co, ldc, a + ao, ar, ak, b, bk, ncol, K, bias); break;
    case 1: gemm_rows<T, 1>(c + co, ldc, a + ao, ar, ak, b, bk, ncol, K, bias); break;
    default: break;
  }
}

// W (rows,cols) row-major -> WT (cols,rows) row-major; 4x4 (float) / 2x2 (double) blocks.
template <class T>
void transpose(T* wt, const T* w, int rows, int cols) {
  constexpr int N = V<T>::N;
  int o = 0;
  for (; o + N <= rows; o += N) {
    int i = 0;
    for (; i + N <= cols; i += N) {
      const T* src = w + std::ptrdiff_t(o) * cols + i;
      T* dst = wt + std::ptrdiff_t(i) * rows + o;
      if constexpr (N == 4) {
        const v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + cols);
        const v128_t r2 = wasm_v128_load(src + 2 * cols), r3 = wasm_v128_load(src + 3 * cols);
        const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
        const v128_t t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
        const v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
        const v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
        wasm_v128_store(dst, wasm_i64x2_shuffle(t0, t2, 0, 2));
        wasm_v128_store(dst + rows, wasm_i64x2_shuffle(t0, t2, 1, 3));
        wasm_v128_store(dst + 2 * rows, wasm_i64x2_shuffle(t1, t3, 0, 2));
        wasm_v128_store(dst + 3 * rows, wasm_i64x2_shuffle(t1, t3, 1, 3));
      } else {
        const v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + cols);
        wasm_v128_store(dst, wasm_i64x2_shuffle(r0, r1, 0, 2));
        wasm_v128_store(dst + rows, wasm_i64x2_shuffle(r0, r1, 1, 3));
      }
    }
    for (; i < cols; ++i)
      for (int q = 0; q < N; ++q) wt[std::ptrdiff_t(i) * rows + o + q] = w[std::ptrdiff_t(o + q) * cols + i];
  }
  for (; o < rows; ++o)
    for (int i = 0; i < cols; ++i) wt[std::ptrdiff_t(i) * rows + o] = w[std::ptrdiff_t(o) * cols + i];
}

// ---- exp and expm1 ---------------------------------------------------------------------
// Two doubles: e = exp(x), em = expm1(x). Cephes exp: range reduction x = n ln2 + r
// (|r| <= ln2/2), expm1(r) = 2p/(q-p) with p, q polynomials in r^2; 2^n applied in two
// halves so results in the subnormal range round once (like libm) and x below the clamp
// gives 0. NaN propagates. ~1 ulp for x <= 0 (all the callers need); em keeps full
// relative accuracy near 0.
GS_INLINE void exp_expm1(v128_t x, v128_t& e, v128_t& em) {
  using X = V<double>;
  x = X::pmax(x, X::splat(-760.0));
  x = X::pmin(x, X::splat(720.0));
  const v128_t magic = X::splat(6755399441055744.0);  // 1.5 * 2^52
  const v128_t t = X::add(X::mul(x, X::splat(1.4426950408889634073599)), magic);
  const v128_t fn = X::sub(t, magic);
  const v128_t n = wasm_i64x2_sub(t, magic);
  v128_t r = X::sub(x, X::mul(fn, X::splat(6.93145751953125E-1)));
  r = X::sub(r, X::mul(fn, X::splat(1.42860682030941723212E-6)));
  const v128_t xx = X::mul(r, r);
  v128_t p = X::splat(1.26177193074810590878E-4);
  p = X::add(X::mul(p, xx), X::splat(3.02994407707441961300E-2));
  p = X::add(X::mul(p, xx), X::splat(9.99999999999999999910E-1));
  p = X::mul(p, r);
  v128_t q = X::splat(3.00198505138664455042E-6);
  q = X::add(X::mul(q, xx), X::splat(2.52448340349684104192E-3));
  q = X::add(X::mul(q, xx), X::splat(2.27265548208155028766E-1));
  q = X::add(X::mul(q, xx), X::splat(2.00000000000000000009E0));
  const v128_t pm1 = X::div(X::add(p, p), X::sub(q, p));  // expm1(r) = 2p / (q - p)
  const v128_t n1 = wasm_i64x2_shr(n, 1), n2 = wasm_i64x2_sub(n, n1);
  const v128_t bias = wasm_i64x2_splat(1023);
  const v128_t s1 = wasm_i64x2_shl(wasm_i64x2_add(n1, bias), 52);
  const v128_t s2 = wasm_i64x2_shl(wasm_i64x2_add(n2, bias), 52);
  const v128_t one = X::splat(1.0);
  e = X::mul(X::mul(X::add(pm1, one), s1), s2);
  const v128_t s = X::mul(s1, s2);
  em = X::add(X::mul(s, pm1), X::sub(s, one));
}

// ---- horizontal helpers ----------------------------------------------------------------
GS_INLINE double hsum_f64(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }
GS_INLINE int64_t hsum_i64(v128_t v) { return wasm_i64x2_extract_lane(v, 0) + wasm_i64x2_extract_lane(v, 1); }
// float lanes 0,1 and 2,3 of v as two f64x2
GS_INLINE v128_t lo_f64(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
GS_INLINE v128_t hi_f64(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(v, v, 1, 1)); }

// ---- exp-based activations ---------------------------------------------------------------
// f maps two doubles z to {a, d}. Float data is promoted, computed in double and rounded
// once, as in scalar.cpp, so float results match the scalar twin (and native builds) bit
// for bit almost always. Returns how many leading elements were done (the rest < 4 or < 2
// are left to the scalar twin).
struct AD {
  v128_t a, d;
};

template <class F>
GS_INLINE int act_lanes(float* a, float* d, const float* z, int n, F f) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const v128_t v = wasm_v128_load(z + k);
    const AD lo = f(lo_f64(v)), hi = f(hi_f64(v));
    wasm_v128_store(a + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo.a), wasm_f32x4_demote_f64x2_zero(hi.a), 0, 2));
    wasm_v128_store(d + k, wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo.d), wasm_f32x4_demote_f64x2_zero(hi.d), 0, 2));
  }
  return k;
}

template <class F>
GS_INLINE int act_lanes(double* a, double* d, const double* z, int n, F f) {
  int k = 0;
  for (; k + 2 <= n; k += 2) {
    const AD r = f(wasm_v128_load(z + k));
    wasm_v128_store(a + k, r.a);
    wasm_v128_store(d + k, r.d);
  }
  return k;
}

}  // namespace

// x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b
template <class T>
void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out) {
  if (B <= 0 || out <= 0) return;
  thread_local std::vector<T> scratch;  // W^T (in,out): B rows of it are loaded contiguously
  if (scratch.size() < std::size_t(in) * out) scratch.resize(std::size_t(in) * out);
  T* wt = scratch.data();
  transpose(wt, W, out, in);
  gemm<T>(y, out, x, in, 1, wt, out, B, out, in, b);
}

// dz is (B,out), x is (B,in) -> dW is (out,in) = dz^T.x, db is (out) = sum over B of dz
template <class T>
void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out) {
  using X = V<T>;
  constexpr int N = X::N;
  // A = dz^T: A[o][k=b] = dz[b*out + o]; B = x: x[b*in + i]
  gemm<T>(dW, in, dz, 1, out, x, in, out, in, B, nullptr);
  int o = 0;
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
  gemm<T>(dx, in, dz, out, 1, W, in, B, in, out, nullptr);
}

// z is (n) -> a = sigmoid(z), d = a(1-a): q = 1/(1+e), e = exp(-|z|), a = q or e*q, d = e*q*q
template <class T>
void act_sigmoid(T* a, T* d, const T* z, int n) {
  const int k = act_lanes(a, d, z, n, [](v128_t v) {
    const v128_t one = wasm_f64x2_splat(1.0);
    v128_t e, em;
    exp_expm1(wasm_f64x2_neg(wasm_f64x2_abs(v)), e, em);
    const v128_t q = wasm_f64x2_div(one, wasm_f64x2_add(one, e));
    const v128_t eq = wasm_f64x2_mul(e, q);
    return AD{select(wasm_f64x2_ge(v, wasm_f64x2_splat(0.0)), q, eq), wasm_f64x2_mul(eq, q)};
  });
  if (k < n) scalar::act_sigmoid(a + k, d + k, z + k, n - k);
}

// z is (n) -> a = tanh(z): for |z| < 0.625 Cephes' rational approximation
// z + z s P(s)/Q(s) (s = z^2), above -expm1(-2|z|) / (2 + expm1(-2|z|)) with the sign of z;
// d = 1 - a^2 = 4e/(1+e)^2, e = exp(-2|z|), as in scalar.cpp
template <class T>
void act_tanh(T* a, T* d, const T* z, int n) {
  const int k = act_lanes(a, d, z, n, [](v128_t v) {
    const v128_t ax = wasm_f64x2_abs(v);
    v128_t e, em;
    exp_expm1(wasm_f64x2_mul(ax, wasm_f64x2_splat(-2.0)), e, em);
    const v128_t big = wasm_f64x2_div(wasm_f64x2_neg(em), wasm_f64x2_add(wasm_f64x2_splat(2.0), em));
    const v128_t s = wasm_f64x2_mul(v, v);
    v128_t p = wasm_f64x2_splat(-9.64399179425052238628E-1);
    p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(-9.92877231001918586564E1));
    p = wasm_f64x2_add(wasm_f64x2_mul(p, s), wasm_f64x2_splat(-1.61468768441708447952E3));
    v128_t q = wasm_f64x2_add(s, wasm_f64x2_splat(1.12811678491632931402E2));
    q = wasm_f64x2_add(wasm_f64x2_mul(q, s), wasm_f64x2_splat(2.23548839060100448583E3));
    q = wasm_f64x2_add(wasm_f64x2_mul(q, s), wasm_f64x2_splat(4.84406305325125486048E3));
    const v128_t small = wasm_f64x2_add(v, wasm_f64x2_mul(wasm_f64x2_mul(v, s), wasm_f64x2_div(p, q)));
    const v128_t sign = wasm_v128_and(v, V<double>::sign_mask());
    // NaN: the comparison is false, and big carries the NaN
    const v128_t t = select(wasm_f64x2_lt(ax, wasm_f64x2_splat(0.625)), small, wasm_v128_or(big, sign));
    const v128_t den = wasm_f64x2_add(wasm_f64x2_splat(1.0), e);
    return AD{t, wasm_f64x2_div(wasm_f64x2_mul(wasm_f64x2_splat(4.0), e), wasm_f64x2_mul(den, den))};
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
  const v128_t al = wasm_f64x2_splat(double(alpha));
  const int k = act_lanes(a, d, z, n, [al](v128_t v) {
    const v128_t zero = wasm_f64x2_splat(0.0);
    v128_t e, em;
    exp_expm1(wasm_f64x2_pmin(v, zero), e, em);  // NaN kept
    const v128_t pos = wasm_f64x2_gt(v, zero);
    return AD{select(pos, v, wasm_f64x2_mul(al, em)), select(pos, wasm_f64x2_splat(1.0), wasm_f64x2_mul(al, e))};
  });
  if (k < n) scalar::act_elu(a + k, d + k, z + k, alpha, n - k);
}

// a, b are (n) -> out = a*b
template <class T>
void mul(T* out, const T* a, const T* b, int n) {
  using X = V<T>;
  constexpr int N = X::N;
  int k = 0;
  for (; k + N <= n; k += N) X::store(out + k, X::mul(X::load(a + k), X::load(b + k)));
  for (; k < n; ++k) out[k] = a[k] * b[k];
}

// x is (n) -> Euclidean norm without underflow/overflow (see scalar.cpp)
template <class T>
double norm2(const T* x, int n) {
  if (n <= 0) return 0.0;
  if constexpr (std::is_same_v<T, float>) {
    v128_t s0 = wasm_f64x2_splat(0), s1 = s0;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
      const v128_t v = wasm_v128_load(x + k);
      const v128_t lo = lo_f64(v), hi = hi_f64(v);
      s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(lo, lo));
      s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(hi, hi));
    }
    double s = hsum_f64(wasm_f64x2_add(s0, s1));
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
  template int64_t count_abs_below<T>(const T*, int, double, double*);
GS_INSTANTIATE(float)
GS_INSTANTIATE(double)
#undef GS_INSTANTIATE
#undef GS_INLINE

}  // namespace gs::kernels::simd

#endif  // __wasm_simd128__
