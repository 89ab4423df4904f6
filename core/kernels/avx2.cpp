// The three matrix products of simd.cpp with 256-bit AVX2 vectors (8 floats / 4 doubles),
// for native x86-64 builds on CPUs that have AVX2: simd::dense_* call these after a
// runtime check (simd::avx2_enabled()), so the binary still runs on any x86-64 CPU.
// Compiled with -mavx2 and nothing else (no -mfma: a*b+c stays two roundings). Same
// micro-kernel and the same contract as simd.cpp: every element summed over k = 0..K-1 in
// order from 0, bias last, so the results are bit for bit those of the 128-bit kernels,
// the scalar twins and the WASM build; only the vector width differs.
// Not here: the dispatch (simd.cpp), activations and reductions (128-bit, simd.cpp).
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

}  // namespace

// x is (B,in), W is (out,in), b is (out) -> y is (B,out) = x.W^T + b
template <class T>
void dense_forward(T* y, const T* x, const T* W, const T* b, int B, int in, int out) {
  if (B <= 0 || out <= 0) return;
  constexpr int N = V<T>::N;
  T* panel = scratch<T>(std::size_t(in > 0 ? in : 1) * 2 * N);
  int j = 0;
  auto pack = [&](int P) {  // panel[k*P + c] = W[(j+c)*in + k]
    for (int c = 0; c < P; ++c)
      for (int k = 0; k < in; ++k) panel[std::ptrdiff_t(k) * P + c] = W[std::ptrdiff_t(j + c) * in + k];
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
  for (int r = 0; r < B; ++r)
    for (int o = 0; o < out; ++o) dzt[std::ptrdiff_t(o) * B + r] = dz[std::ptrdiff_t(r) * out + o];
  gemm<T>(dW, in, dzt, B, x, in, out, in, B, slice);
  for (int o = 0; o < out; ++o) {  // rows in order, as the scalar twin
    T acc = 0;
    for (int r = 0; r < B; ++r) acc += dzt[std::ptrdiff_t(o) * B + r];
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
  template void dense_backward_input<T>(T*, const T*, const T*, int, int, int);
GS_INSTANTIATE(float)
GS_INSTANTIATE(double)
#undef GS_INSTANTIATE
#undef GS_INLINE

}  // namespace gs::kernels::avx2

#endif
