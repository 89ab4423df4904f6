// gs::kernels::avx2::apply_update: the optimiser update (update_lanes.hpp) with four doubles
// per vector, for native x86-64 builds on CPUs with AVX2 (simd::apply_update calls it after
// its run-time check). Compiled with -mavx2 alone (no -mfma: a*b+c stays two roundings).
// Same operations per element as the 2-lane kernel and the scalar twin, and the same 8
// partial sums added in the same order, so the results are bit for bit those of
// update_simd.cpp (and of the WASM build).
// Not here: the rules (update_lanes.hpp), the dispatch (update_simd.cpp).
#if defined(__x86_64__) && !defined(__wasm__) && defined(__AVX2__)

#include <immintrin.h>

#include "core/kernels/kernels.hpp"
#include "core/kernels/update_lanes.hpp"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace gs::kernels::avx2 {
namespace {

#define GS_INLINE __attribute__((always_inline)) inline

// Four doubles per vector, two vectors per block of 8 elements.
template <class T>
struct F64x4 {
  using vec = __m256d;
  static constexpr int K = 2;
  static GS_INLINE vec splat(double x) { return _mm256_set1_pd(x); }
  static GS_INLINE vec add(vec a, vec b) { return _mm256_add_pd(a, b); }
  static GS_INLINE vec sub(vec a, vec b) { return _mm256_sub_pd(a, b); }
  static GS_INLINE vec mul(vec a, vec b) { return _mm256_mul_pd(a, b); }
  static GS_INLINE vec div(vec a, vec b) { return _mm256_div_pd(a, b); }
  static GS_INLINE vec sqrt(vec a) { return _mm256_sqrt_pd(a); }

  static GS_INLINE void load(const T* p, vec out[2]) {
    if constexpr (sizeof(T) == 4) {
      out[0] = _mm256_cvtps_pd(_mm_loadu_ps(p));
      out[1] = _mm256_cvtps_pd(_mm_loadu_ps(p + 4));
    } else {
      out[0] = _mm256_loadu_pd(p);
      out[1] = _mm256_loadu_pd(p + 4);
    }
  }
  static GS_INLINE void store(T* p, const vec in[2]) {
    if constexpr (sizeof(T) == 4) {
      _mm_storeu_ps(p, _mm256_cvtpd_ps(in[0]));  // rounded to nearest, as wasm's demote
      _mm_storeu_ps(p + 4, _mm256_cvtpd_ps(in[1]));
    } else {
      _mm256_storeu_pd(p, in[0]);
      _mm256_storeu_pd(p + 4, in[1]);
    }
  }
  static GS_INLINE void store_rounded(T* p, const vec in[2], vec out[2]) {
    if constexpr (sizeof(T) == 4) {
      const __m128 a = _mm256_cvtpd_ps(in[0]), b = _mm256_cvtpd_ps(in[1]);
      _mm_storeu_ps(p, a);
      _mm_storeu_ps(p + 4, b);
      out[0] = _mm256_cvtps_pd(a);
      out[1] = _mm256_cvtps_pd(b);
    } else {
      store(p, in);
      out[0] = in[0];
      out[1] = in[1];
    }
  }
  // acc[k] holds the partial sums of elements 4k..4k+3 of each block:
  // acc0 + acc1 = (e0+e4, e1+e5, e2+e6, e3+e7); low half + high half =
  // ((e0+e4) + (e2+e6), (e1+e5) + (e3+e7)); then lane 0 + lane 1 (update_simd.cpp's order)
  static GS_INLINE double hsum(const vec acc[2]) {
    const __m256d s = _mm256_add_pd(acc[0], acc[1]);
    const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    return _mm_cvtsd_f64(h) + _mm_cvtsd_f64(_mm_unpackhi_pd(h, h));
  }
};

#undef GS_INLINE

}  // namespace

// p, g are (n), s1, s2 the state -> p, s1, s2 updated by rule u; ||p_new - p_old||^2
template <class T>
double apply_update(T* p, T* s1, T* s2, const T* g, int n, const Update& u) {
  return lanes::apply_update<F64x4<T>>(p, s1, s2, g, n, u);
}

template double apply_update<float>(float*, float*, float*, const float*, int, const Update&);
template double apply_update<double>(double*, double*, double*, const double*, int, const Update&);

}  // namespace gs::kernels::avx2

#endif
