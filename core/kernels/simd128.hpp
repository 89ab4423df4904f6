// The 128-bit SIMD vocabulary of simd.cpp: WebAssembly's wasm_simd128.h on WASM builds, and
// on x86-64 the same functions written with SSE2 (part of every x86-64 CPU, so a native
// binary runs on any x86-64 machine without a runtime check). One kernel source, two
// targets: the native CLI, tests and bench run the code the browser runs.
// Only the operations simd.cpp uses are defined here. Every one has WebAssembly's exact
// semantics: IEEE add/sub/mul/div/sqrt (no FMA contraction: SSE2 has none), pmin/pmax as
// b < a ? b : a and a < b ? b : a (minps/maxps with swapped operands), comparisons false
// on NaN, f64 -> f32 demotion rounding to nearest (the default MXCSR mode), signed 64-bit
// shift right. So the kernels give the same bits natively and in WASM.
// Not here: the kernels (simd.cpp), NEON (ARM builds use the scalar kernels).
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define GS_SIMD128 1
#define GS_SIMD_FLOAT_REG "+r"   // asm constraint holding a double (opaque constants)
#elif defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>

#include <cstdint>
#define GS_SIMD128 1
#define GS_SIMD_FLOAT_REG "+x"

namespace gs::kernels::sse {

using v128_t = __m128i;
#define GS_SSE_INLINE __attribute__((always_inline)) inline

GS_SSE_INLINE __m128 ps(v128_t v) { return _mm_castsi128_ps(v); }
GS_SSE_INLINE __m128d pd(v128_t v) { return _mm_castsi128_pd(v); }
GS_SSE_INLINE v128_t vi(__m128 v) { return _mm_castps_si128(v); }
GS_SSE_INLINE v128_t vi(__m128d v) { return _mm_castpd_si128(v); }

// memory
GS_SSE_INLINE v128_t wasm_v128_load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
GS_SSE_INLINE void wasm_v128_store(void* p, v128_t v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
GS_SSE_INLINE v128_t wasm_v128_load32_splat(const void* p) { return vi(_mm_set1_ps(*static_cast<const float*>(p))); }
GS_SSE_INLINE v128_t wasm_v128_load64_splat(const void* p) { return vi(_mm_set1_pd(*static_cast<const double*>(p))); }

// bitwise
GS_SSE_INLINE v128_t wasm_v128_and(v128_t a, v128_t b) { return _mm_and_si128(a, b); }
GS_SSE_INLINE v128_t wasm_v128_or(v128_t a, v128_t b) { return _mm_or_si128(a, b); }
// (a & m) | (b & ~m)
GS_SSE_INLINE v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t m) {
  return _mm_or_si128(_mm_and_si128(a, m), _mm_andnot_si128(m, b));
}

// f32x4
GS_SSE_INLINE v128_t wasm_f32x4_splat(float x) { return vi(_mm_set1_ps(x)); }
GS_SSE_INLINE v128_t wasm_f32x4_add(v128_t a, v128_t b) { return vi(_mm_add_ps(ps(a), ps(b))); }
GS_SSE_INLINE v128_t wasm_f32x4_sub(v128_t a, v128_t b) { return vi(_mm_sub_ps(ps(a), ps(b))); }
GS_SSE_INLINE v128_t wasm_f32x4_mul(v128_t a, v128_t b) { return vi(_mm_mul_ps(ps(a), ps(b))); }
GS_SSE_INLINE v128_t wasm_f32x4_div(v128_t a, v128_t b) { return vi(_mm_div_ps(ps(a), ps(b))); }
GS_SSE_INLINE v128_t wasm_f32x4_gt(v128_t a, v128_t b) { return vi(_mm_cmpgt_ps(ps(a), ps(b))); }
GS_SSE_INLINE v128_t wasm_f32x4_eq(v128_t a, v128_t b) { return vi(_mm_cmpeq_ps(ps(a), ps(b))); }
// minps(x, y) = x < y ? x : y, so pmin(a, b) = b < a ? b : a = minps(b, a); pmax likewise
GS_SSE_INLINE v128_t wasm_f32x4_pmin(v128_t a, v128_t b) { return vi(_mm_min_ps(ps(b), ps(a))); }
GS_SSE_INLINE v128_t wasm_f32x4_pmax(v128_t a, v128_t b) { return vi(_mm_max_ps(ps(b), ps(a))); }
// two doubles -> two floats (rounded to nearest) in lanes 0, 1; lanes 2, 3 zero
GS_SSE_INLINE v128_t wasm_f32x4_demote_f64x2_zero(v128_t a) { return vi(_mm_cvtpd_ps(pd(a))); }

// f64x2
GS_SSE_INLINE v128_t wasm_f64x2_splat(double x) { return vi(_mm_set1_pd(x)); }
#define wasm_f64x2_const_splat(x) ::gs::kernels::sse::wasm_f64x2_splat(x)
GS_SSE_INLINE v128_t wasm_f64x2_add(v128_t a, v128_t b) { return vi(_mm_add_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_sub(v128_t a, v128_t b) { return vi(_mm_sub_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_mul(v128_t a, v128_t b) { return vi(_mm_mul_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_div(v128_t a, v128_t b) { return vi(_mm_div_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_sqrt(v128_t a) { return vi(_mm_sqrt_pd(pd(a))); }
GS_SSE_INLINE v128_t wasm_f64x2_gt(v128_t a, v128_t b) { return vi(_mm_cmpgt_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_ge(v128_t a, v128_t b) { return vi(_mm_cmpge_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_lt(v128_t a, v128_t b) { return vi(_mm_cmplt_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_eq(v128_t a, v128_t b) { return vi(_mm_cmpeq_pd(pd(a), pd(b))); }
GS_SSE_INLINE v128_t wasm_f64x2_pmin(v128_t a, v128_t b) { return vi(_mm_min_pd(pd(b), pd(a))); }
GS_SSE_INLINE v128_t wasm_f64x2_pmax(v128_t a, v128_t b) { return vi(_mm_max_pd(pd(b), pd(a))); }
GS_SSE_INLINE v128_t wasm_f64x2_abs(v128_t a) { return _mm_and_si128(a, _mm_set1_epi64x(0x7fffffffffffffffLL)); }
GS_SSE_INLINE v128_t wasm_f64x2_neg(v128_t a) { return _mm_xor_si128(a, _mm_set1_epi64x(static_cast<long long>(0x8000000000000000ULL))); }
GS_SSE_INLINE v128_t wasm_f64x2_promote_low_f32x4(v128_t a) { return vi(_mm_cvtps_pd(ps(a))); }
template <int L> GS_SSE_INLINE double f64x2_extract_lane(v128_t a) {
  static_assert(L == 0 || L == 1, "lane");
  if constexpr (L == 0) return _mm_cvtsd_f64(pd(a));
  else return _mm_cvtsd_f64(_mm_unpackhi_pd(pd(a), pd(a)));
}
#define wasm_f64x2_extract_lane(a, L) ::gs::kernels::sse::f64x2_extract_lane<L>(a)

// integers
GS_SSE_INLINE v128_t wasm_i32x4_splat(int32_t x) { return _mm_set1_epi32(x); }
GS_SSE_INLINE v128_t wasm_i32x4_sub(v128_t a, v128_t b) { return _mm_sub_epi32(a, b); }
GS_SSE_INLINE v128_t wasm_i64x2_splat(int64_t x) { return _mm_set1_epi64x(x); }
#define wasm_i64x2_const_splat(x) ::gs::kernels::sse::wasm_i64x2_splat(x)
GS_SSE_INLINE v128_t wasm_i64x2_add(v128_t a, v128_t b) { return _mm_add_epi64(a, b); }
GS_SSE_INLINE v128_t wasm_i64x2_sub(v128_t a, v128_t b) { return _mm_sub_epi64(a, b); }
GS_SSE_INLINE v128_t wasm_i64x2_shl(v128_t a, int n) { return _mm_sll_epi64(a, _mm_cvtsi32_si128(n & 63)); }
// signed: SSE2 has no 64-bit arithmetic shift, so lane by lane
GS_SSE_INLINE v128_t wasm_i64x2_shr(v128_t a, int n) {
  const int64_t lo = _mm_cvtsi128_si64(a), hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a));
  return _mm_set_epi64x(hi >> (n & 63), lo >> (n & 63));
}
// sign-extended lanes 0, 1 (low) or 2, 3 (high) of an i32x4
GS_SSE_INLINE v128_t wasm_i64x2_extend_low_i32x4(v128_t a) { return _mm_unpacklo_epi32(a, _mm_srai_epi32(a, 31)); }
GS_SSE_INLINE v128_t wasm_i64x2_extend_high_i32x4(v128_t a) { return _mm_unpackhi_epi32(a, _mm_srai_epi32(a, 31)); }
template <int L> GS_SSE_INLINE int64_t i64x2_extract_lane(v128_t a) {
  static_assert(L == 0 || L == 1, "lane");
  if constexpr (L == 0) return _mm_cvtsi128_si64(a);
  else return _mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a));
}
#define wasm_i64x2_extract_lane(a, L) ::gs::kernels::sse::i64x2_extract_lane<L>(a)

// shuffles: lanes 0..N-1 from a, N..2N-1 from b; the patterns simd.cpp uses are single
// unpack instructions, any other goes through memory
template <int I0, int I1> GS_SSE_INLINE v128_t i64x2_shuffle(v128_t a, v128_t b) {
  if constexpr (I0 == 0 && I1 == 2) return _mm_unpacklo_epi64(a, b);
  else if constexpr (I0 == 1 && I1 == 3) return _mm_unpackhi_epi64(a, b);
  else if constexpr (I0 == 1 && I1 == 1) return _mm_unpackhi_epi64(a, a);
  else {
    alignas(16) int64_t t[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(t), a);
    _mm_store_si128(reinterpret_cast<__m128i*>(t + 2), b);
    return _mm_set_epi64x(t[I1], t[I0]);
  }
}
#define wasm_i64x2_shuffle(a, b, i0, i1) ::gs::kernels::sse::i64x2_shuffle<i0, i1>(a, b)
template <int I0, int I1, int I2, int I3> GS_SSE_INLINE v128_t i32x4_shuffle(v128_t a, v128_t b) {
  if constexpr (I0 == 0 && I1 == 4 && I2 == 1 && I3 == 5) return _mm_unpacklo_epi32(a, b);
  else if constexpr (I0 == 2 && I1 == 6 && I2 == 3 && I3 == 7) return _mm_unpackhi_epi32(a, b);
  else {
    alignas(16) int32_t t[8];
    _mm_store_si128(reinterpret_cast<__m128i*>(t), a);
    _mm_store_si128(reinterpret_cast<__m128i*>(t + 4), b);
    return _mm_set_epi32(t[I3], t[I2], t[I1], t[I0]);
  }
}
#define wasm_i32x4_shuffle(a, b, i0, i1, i2, i3) ::gs::kernels::sse::i32x4_shuffle<i0, i1, i2, i3>(a, b)

#undef GS_SSE_INLINE
}  // namespace gs::kernels::sse

namespace gs::kernels::simd {
using namespace ::gs::kernels::sse;
}
#endif
