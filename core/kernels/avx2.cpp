// The three matrix products of simd.cpp with 256-bit AVX2 vectors (8 floats / 4 doubles),
// for native x86-64 builds on CPUs that have AVX2: simd::dense_* call these after a
// runtime check (simd::avx2_enabled()), so the binary still runs on any x86-64 CPU.
// Compiled with -mavx2 and nothing else (no -mfma: a*b+c stays two roundings). Same
// micro-kernel and the same contract as simd.cpp: every element summed over k = 0..K-1 in
// order from 0, bias last, so the results are bit for bit those of the 128-bit kernels,
// the scalar twins and the WASM build; only the vector width differs.
// The exp-based activations on float data (sigmoid, tanh, elu) likewise: four lanes of
// double at a time where simd.cpp has two, with the same exp (the "Fast" Cephes-style
// polynomial) and the same formulas, operation for operation, so each lane rounds exactly
// as its 128-bit twin does; the same leading multiple of 4 elements is vectorised and the
// rest left to the scalar twin, as there.
// Also float norm2's sum of squares (8 partial sums, simd.cpp's order) and mul.
// Not here: the dispatch (simd.cpp), double-data activations, the other reductions (simd.cpp).
#if defined(__x86_64__) && !defined(__wasm__) && defined(__AVX2__)

#include <immintrin.h>

#include <cstddef>
#include <vector>

#include "core/kernels/kernels.hpp"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace gs::kernels::avx2 {
namespace {

#define GS_INLINE __attribute__((always_inline)) inline

template <class T> struct V;
template <> struct V<float> {
  using vec = __m256;
  static constexpr int N = 8;
  static GS_INLINE vec zero() { return _mm256_setzero_ps(); }
  static GS_INLINE vec load(const float* p) { return _mm256_loadu_ps(p); }
  static GS_INLINE void store(float* p, vec v) { _mm256_storeu_ps(p, v); }
  static GS_INLINE vec bcast(const float* p) { return _mm256_broadcast_ss(p); }
  static GS_INLINE vec add(vec a, vec b) { return _mm256_add_ps(a, b); }
  static GS_INLINE vec mul(vec a, vec b) { return _mm256_mul_ps(a, b); }
};
template <> struct V<double> {
  using vec = __m256d;
  static constexpr int N = 4;
  static GS_INLINE vec zero() { return _mm256_setzero_pd(); }
  static GS_INLINE vec load(const double* p) { return _mm256_loadu_pd(p); }
  static GS_INLINE void store(double* p, vec v) { _mm256_storeu_pd(p, v); }
  static GS_INLINE vec bcast(const double* p) { return _mm256_broadcast_sd(p); }
  static GS_INLINE vec add(vec a, vec b) { return _mm256_add_pd(a, b); }
  static GS_INLINE vec mul(vec a, vec b) { return _mm256_mul_pd(a, b); }
};

// C[0..MR)[0..NV*N) = sum over k = 0..K-1 (in order, from 0) of A[r][k] * B[k][c] (+ bias[c]);
// A rows a[r*ar + k], B packed b[k*P + c].
template <class T, int MR, int NV>
GS_INLINE void gemm_block(T* c, int ldc, const T* a, int ar, const T* b, int K, const T* bias) {
  using X = V<T>;
  constexpr int N = X::N, P = NV * N;
  typename X::vec acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = X::zero();
  const T* ap[MR];
  for (int r = 0; r < MR; ++r) ap[r] = a + std::ptrdiff_t(r) * ar;
  for (int k = 0; k < K; ++k) {
    typename X::vec bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = X::load(b + std::ptrdiff_t(k) * P + v * N);
    for (int r = 0; r < MR; ++r) {
      const typename X::vec av = X::bcast(ap[r] + k);
      for (int v = 0; v < NV; ++v) acc[r][v] = X::add(acc[r][v], X::mul(av, bv[v]));
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) {
      typename X::vec out = acc[r][v];
      if (bias) out = X::add(out, X::load(bias + v * N));
      X::store(c + std::ptrdiff_t(r) * ldc + v * N, out);
    }
}

// rows 0..M-1 of one packed slice: blocks of 4 rows, then 3, 2 or 1
template <class T, int NV>
void slice_rows(T* c, int ldc, const T* a, int ar, const T* b, int K, int M, const T* bias) {
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

// one column alone, same order: C[r][j] = sum_k A[r][k] * B[k][j] (+ bias), B column k-stride bk
template <class T>
void column_scalar(T* c, int ldc, const T* a, int ar, const T* bcol, int bk, int K, int M, const T* bias) {
  for (int r = 0; r < M; ++r) {
    const T* ap = a + std::ptrdiff_t(r) * ar;
    T acc = 0;
    for (int k = 0; k < K; ++k) acc += ap[k] * bcol[std::ptrdiff_t(k) * bk];
    c[std::ptrdiff_t(r) * ldc] = bias ? acc + *bias : acc;
  }
}

// dst[q*ldd + c] = src[c*lds + q]: a 4x4 block of floats or a 2x2 block of doubles
GS_INLINE void transpose_block(float* dst, int ldd, const float* src, int lds) {
  __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + lds), r2 = _mm_loadu_ps(src + 2 * lds),
         r3 = _mm_loadu_ps(src + 3 * lds);
  _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
  _mm_storeu_ps(dst, r0);
  _mm_storeu_ps(dst + ldd, r1);
  _mm_storeu_ps(dst + 2 * ldd, r2);
  _mm_storeu_ps(dst + 3 * ldd, r3);
}
GS_INLINE void transpose_block(double* dst, int ldd, const double* src, int lds) {
  const __m128d r0 = _mm_loadu_pd(src), r1 = _mm_loadu_pd(src + lds);
  _mm_storeu_pd(dst, _mm_unpacklo_pd(r0, r1));
  _mm_storeu_pd(dst + ldd, _mm_unpackhi_pd(r0, r1));
}

template <class T>
T* scratch(std::size_t n) {
  thread_local std::vector<T> buf;
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

// C (M x ncol) = A (M x K, rows a[r*ar + k]) . B (K x ncol, b[k*bk + j]): column slices of
// 2N, then N, copied contiguous into slice (K*2N), then single columns.
template <class T>
void gemm(T* c, int ldc, const T* a, int ar, const T* b, int bk, int M, int ncol, int K, T* slice) {
  constexpr int N = V<T>::N;
  int j = 0;
  for (; j + 2 * N <= ncol; j += 2 * N) {
    for (int k = 0; k < K; ++k)
      for (int q = 0; q < 2 * N; ++q) slice[std::ptrdiff_t(k) * 2 * N + q] = b[std::ptrdiff_t(k) * bk + j + q];
    slice_rows<T, 2>(c + j, ldc, a, ar, slice, K, M, nullptr);
  }
  for (; j + N <= ncol; j += N) {
    for (int k = 0; k < K; ++k)
      for (int q = 0; q < N; ++q) slice[std::ptrdiff_t(k) * N + q] = b[std::ptrdiff_t(k) * bk + j + q];
    slice_rows<T, 1>(c + j, ldc, a, ar, slice, K, M, nullptr);
  }
  for (; j < ncol; ++j) column_scalar<T>(c + j, ldc, a, ar, b + j, bk, K, M, nullptr);
}

// ---- exp-based activations on float data ------------------------------------------------
// A constant kept in a register (see simd.cpp opaque_f64x2: clang/gcc would rematerialise it).
GS_INLINE __m256d opaque(double c) {
  __asm__("" : "+x"(c));
  return _mm256_set1_pd(c);
}

// e = exp(x), em = expm1(x) for four doubles x <= 0: simd.cpp's Exp<true> lane for lane
// (x clamped at -700, x = n ln2 + r, p = r + r^2 P(r) by Estrin, 2^n through the exponent).
struct Exp4 {
  __m256d lo = opaque(-700.0), magic = opaque(6755399441055744.0 + 1023.0), log2e = opaque(1.4426950408889634073599),
          c1 = opaque(0.693147180559945309417), one = opaque(1.0);
  __m256i magic_bits = _mm256_set1_epi64x(0x4338000000000000);
  __m256d c[8];
  Exp4() {
    const double k[8] = {2.7617564785876086e-06, 2.4867870179687727e-05, 0.00019841224599656011,
                         0.0013888839110572009,  0.00833333334420298,    0.04166666678626573,
                         0.16666666666662586,    0.4999999999995511};
    for (int i = 0; i < 8; ++i) c[i] = opaque(k[i]);
  }
  GS_INLINE void operator()(__m256d x, __m256d& e, __m256d& em) const {
    x = _mm256_max_pd(lo, x);  // = pmax(x, lo): lo > x ? lo : x, a NaN x kept
    const __m256d t = _mm256_add_pd(_mm256_mul_pd(x, log2e), magic);
    const __m256d fn = _mm256_sub_pd(t, magic);
    const __m256i nb = _mm256_sub_epi64(_mm256_castpd_si256(t), magic_bits);  // n + 1023
    const __m256d r = _mm256_sub_pd(x, _mm256_mul_pd(fn, c1));
    const __m256d xx = _mm256_mul_pd(r, r), x4 = _mm256_mul_pd(xx, xx);
    const __m256d p01 = _mm256_add_pd(_mm256_mul_pd(c[0], r), c[1]), p23 = _mm256_add_pd(_mm256_mul_pd(c[2], r), c[3]);
    const __m256d p45 = _mm256_add_pd(_mm256_mul_pd(c[4], r), c[5]), p67 = _mm256_add_pd(_mm256_mul_pd(c[6], r), c[7]);
    const __m256d p = _mm256_add_pd(_mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(p01, xx), p23), x4),
                                    _mm256_add_pd(_mm256_mul_pd(p45, xx), p67));
    const __m256d pm1 = _mm256_add_pd(_mm256_mul_pd(p, xx), r);
    const __m256d s = _mm256_castsi256_pd(_mm256_slli_epi64(nb, 52));  // 2^n
    e = _mm256_mul_pd(_mm256_add_pd(pm1, one), s);
    em = _mm256_add_pd(_mm256_mul_pd(s, pm1), _mm256_sub_pd(s, one));
  }
};

struct AD4 {
  __m256d a, d;
};

// f maps four doubles z to {a, d}; floats are promoted, f applied, results rounded to float
// once. Returns the elements done (a multiple of 4; the caller leaves the rest to scalar).
template <class F>
GS_INLINE int act_lanes4(float* a, float* d, const float* z, int n, F f) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const AD4 r = f(_mm256_cvtps_pd(_mm_loadu_ps(z + k)));
    _mm_storeu_ps(a + k, _mm256_cvtpd_ps(r.a));
    _mm_storeu_ps(d + k, _mm256_cvtpd_ps(r.d));
  }
  return k;
}

}  // namespace

// z is (n) -> a = sigmoid(z), d = a(1-a): q = 1/(1+e), e = exp(-|z|), a = q or e*q, d = e*q*q
int act_sigmoid(float* a, float* d, const float* z, int n) {
  const Exp4 exp;
  const __m256d one = exp.one, zero = opaque(0.0), sign = opaque(-0.0);
  return act_lanes4(a, d, z, n, [&](__m256d v) {
    __m256d e, em;
    exp(_mm256_or_pd(v, sign), e, em);  // -|z|
    const __m256d q = _mm256_div_pd(one, _mm256_add_pd(one, e));
    const __m256d eq = _mm256_mul_pd(e, q);
    const __m256d ge = _mm256_cmp_pd(v, zero, _CMP_GE_OQ);
    return AD4{_mm256_blendv_pd(eq, q, ge), _mm256_mul_pd(eq, q)};
  });
}

// z is (n) -> a = tanh(z) = -em/(2+em) with the sign of z, d = 4e/(2+em)^2, e = exp(-2|z|)
int act_tanh(float* a, float* d, const float* z, int n) {
  const Exp4 exp;
  const __m256d one = exp.one, two = opaque(2.0), four = opaque(4.0), sign_mask = opaque(-0.0);
  return act_lanes4(a, d, z, n, [&](__m256d v) {
    const __m256d sign = _mm256_and_pd(v, sign_mask);
    const __m256d nax = _mm256_or_pd(v, sign_mask);  // -|z|
    __m256d e, em;
    exp(_mm256_add_pd(nax, nax), e, em);
    const __m256d den = _mm256_add_pd(two, em);
    const __m256d r = _mm256_div_pd(one, den);
    const __m256d t = _mm256_mul_pd(_mm256_xor_pd(em, sign_mask), r);  // -em * r
    return AD4{_mm256_or_pd(t, sign), _mm256_mul_pd(_mm256_mul_pd(four, e), _mm256_mul_pd(r, r))};
  });
}

// z is (n) -> a = z > 0 ? z : alpha expm1(z), d = z > 0 ? 1 : alpha exp(z)
int act_elu(float* a, float* d, const float* z, float alpha, int n) {
  const Exp4 exp;
  const __m256d al = opaque(double(alpha)), one = exp.one, zero = opaque(0.0);
  return act_lanes4(a, d, z, n, [&](__m256d v) {
    __m256d e, em;
    exp(_mm256_min_pd(zero, v), e, em);  // = pmin(v, 0): zero < v ? zero : v, a NaN v kept
    const __m256d pos = _mm256_cmp_pd(v, zero, _CMP_GT_OQ);
    return AD4{_mm256_blendv_pd(_mm256_mul_pd(al, em), v, pos), _mm256_blendv_pd(_mm256_mul_pd(al, e), one, pos)};
  });
}

// x is (n) -> *sum = the sum of squares (double) of the leading multiple of 8 elements, in
// simd.cpp's order: partial sums P0..P7 (element k to P[k mod 8]), then
// ((P0+P4) + (P2+P6)) + ((P1+P5) + (P3+P7)). Returns the elements done.
int norm2_sq(const float* x, int n, double* sum) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0;
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(x + k)), w = _mm256_cvtps_pd(_mm_loadu_ps(x + k + 4));
    a0 = _mm256_add_pd(a0, _mm256_mul_pd(v, v));
    a1 = _mm256_add_pd(a1, _mm256_mul_pd(w, w));
  }
  const __m256d s = _mm256_add_pd(a0, a1);  // P0+P4, P1+P5, P2+P6, P3+P7
  const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  *sum = _mm_cvtsd_f64(h) + _mm_cvtsd_f64(_mm_unpackhi_pd(h, h));
  return k;
}

// a, b are (n) -> out = a*b over the leading multiple of N elements (returned)
template <class T>
int mul(T* out, const T* a, const T* b, int n) {
  using X = V<T>;
  int k = 0;
  for (; k + X::N <= n; k += X::N) X::store(out + k, X::mul(X::load(a + k), X::load(b + k)));
  return k;
}

// x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b
template <class T>
void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out) {
  if (B <= 0 || out <= 0) return;
  constexpr int N = V<T>::N;
  T* panel = scratch<T>(std::size_t(in > 0 ? in : 1) * 2 * N);
  int j = 0;
  auto pack = [&](int P) {  // panel[k*P + c] = W[(j+c)*in + k], in 128-bit blocks, then the rest
    constexpr int TB = 16 / sizeof(T);
    const T* w = W + std::ptrdiff_t(j) * in;
    int k = 0;
    for (; k + TB <= in; k += TB)
      for (int c = 0; c < P; c += TB) transpose_block(panel + std::ptrdiff_t(k) * P + c, P, w + std::ptrdiff_t(c) * in + k, in);
    for (; k < in; ++k)
      for (int c = 0; c < P; ++c) panel[std::ptrdiff_t(k) * P + c] = w[std::ptrdiff_t(c) * in + k];
  };
  for (; j + 2 * N <= out; j += 2 * N) {
    pack(2 * N);
    slice_rows<T, 2>(y + j, out, x, in, panel, in, B, b + j);
  }
  for (; j + N <= out; j += N) {
    pack(N);
    slice_rows<T, 1>(y + j, out, x, in, panel, in, B, b + j);
  }
  for (; j < out; ++j) column_scalar<T>(y + j, out, x, in, W + std::ptrdiff_t(j) * in, 1, in, B, b + j);
}

// dz is (B,out), x is (B,in) -> dW is (out,in) = dz^T.x, db is (out) = sum over B of dz
template <class T>
void dense_backward_params(T* dW, T* db, const T* dz, const T* x, int B, int in, int out) {
  if (out <= 0) return;
  constexpr int N = V<T>::N;
  T* buf = scratch<T>(std::size_t(out) * B + std::size_t(B) * 2 * N + 1);
  T* dzt = buf;                           // (out, B)
  T* slice = buf + std::size_t(out) * B;  // B*2N
  constexpr int TB = 16 / sizeof(T);      // transposed in 128-bit blocks: 4x4 floats, 2x2 doubles
  int o = 0;
  for (; o + TB <= out; o += TB) {
    int r = 0;
    for (; r + TB <= B; r += TB) transpose_block(dzt + std::ptrdiff_t(o) * B + r, B, dz + std::ptrdiff_t(r) * out + o, out);
    for (; r < B; ++r)
      for (int q = 0; q < TB; ++q) dzt[std::ptrdiff_t(o + q) * B + r] = dz[std::ptrdiff_t(r) * out + o + q];
  }
  for (; o < out; ++o)
    for (int r = 0; r < B; ++r) dzt[std::ptrdiff_t(o) * B + r] = dz[std::ptrdiff_t(r) * out + o];
  gemm<T>(dW, in, dzt, B, x, in, out, in, B, slice);
  // db: every output's rows summed in order from 0, as the scalar twin, N outputs per vector
  using X = V<T>;
  o = 0;
  for (; o + N <= out; o += N) {
    typename X::vec acc = X::zero();
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
  if (B <= 0 || in <= 0) return;
  constexpr int N = V<T>::N;
  gemm<T>(dx, in, dz, out, W, in, B, in, out, scratch<T>(std::size_t(out) * 2 * N + 1));
}

#define GS_INSTANTIATE(T)                                                                  \
  template void dense_forward<T>(T*, const T*, const T*, const T*, int, int, int);        \
  template void dense_backward_params<T>(T*, T*, const T*, const T*, int, int, int);      \
  template void dense_backward_input<T>(T*, const T*, const T*, int, int, int);        \
  template int mul<T>(T*, const T*, const T*, int);
GS_INSTANTIATE(float)
GS_INSTANTIATE(double)
#undef GS_INSTANTIATE
#undef GS_INLINE

}  // namespace gs::kernels::avx2

#endif
