// gs::kernels::simd::apply_update: the optimiser update (update_lanes.hpp) on f64x2 vectors,
// with wasm_simd128.h in WASM builds and, through simd128.hpp, SSE2 natively; on x86-64
// CPUs with AVX2 it hands over to update_avx2.cpp (same bits, four lanes). Float data is
// promoted to double, updated and rounded once, as in the scalar twin (update_scalar.cpp).
// Not here: the rules (update_lanes.hpp), the scalar twin, the other kernels (simd.cpp).
#include "core/kernels/simd128.hpp"

#if defined(GS_SIMD128)

#include "core/kernels/kernels.hpp"
#include "core/kernels/update_lanes.hpp"

namespace gs::kernels::simd {
namespace {

#define GS_INLINE __attribute__((always_inline)) inline

// Two doubles per vector, four vectors per block of 8 elements.
template <class T>
struct F64x2 {
  using vec = v128_t;
  static constexpr int K = 4;
  static GS_INLINE vec splat(double x) { return wasm_f64x2_splat(x); }
  static GS_INLINE vec add(vec a, vec b) { return wasm_f64x2_add(a, b); }
  static GS_INLINE vec sub(vec a, vec b) { return wasm_f64x2_sub(a, b); }
  static GS_INLINE vec mul(vec a, vec b) { return wasm_f64x2_mul(a, b); }
  static GS_INLINE vec div(vec a, vec b) { return wasm_f64x2_div(a, b); }
  static GS_INLINE vec sqrt(vec a) { return wasm_f64x2_sqrt(a); }

  static GS_INLINE void load(const T* p, vec out[4]) {
    if constexpr (sizeof(T) == 4) {  // two f32x4, each promoted in halves
      const v128_t a = wasm_v128_load(p), b = wasm_v128_load(p + 4);
      out[0] = wasm_f64x2_promote_low_f32x4(a);
      out[1] = wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(a, a, 1, 1));
      out[2] = wasm_f64x2_promote_low_f32x4(b);
      out[3] = wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(b, b, 1, 1));
    } else {
      for (int k = 0; k < 4; ++k) out[k] = wasm_v128_load(p + 2 * k);
    }
  }
  // float: the 8 doubles rounded to float (two f32x4); double: as they are
  static GS_INLINE void store(T* p, const vec in[4]) {
    if constexpr (sizeof(T) == 4) {
      wasm_v128_store(p, demote4(in[0], in[1]));
      wasm_v128_store(p + 4, demote4(in[2], in[3]));
    } else {
      for (int k = 0; k < 4; ++k) wasm_v128_store(p + 2 * k, in[k]);
    }
  }
  static GS_INLINE void store_rounded(T* p, const vec in[4], vec out[4]) {
    if constexpr (sizeof(T) == 4) {
      const v128_t a = demote4(in[0], in[1]), b = demote4(in[2], in[3]);
      wasm_v128_store(p, a);
      wasm_v128_store(p + 4, b);
      out[0] = wasm_f64x2_promote_low_f32x4(a);
      out[1] = wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(a, a, 1, 1));
      out[2] = wasm_f64x2_promote_low_f32x4(b);
      out[3] = wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(b, b, 1, 1));
    } else {
      for (int k = 0; k < 4; ++k) {
        wasm_v128_store(p + 2 * k, in[k]);
        out[k] = in[k];
      }
    }
  }
  // acc[k] holds the partial sums of elements 2k, 2k+1 of each block:
  // (acc0 + acc2) + (acc1 + acc3) = ((e0+e4) + (e2+e6), (e1+e5) + (e3+e7)), then lane 0 + lane 1
  static GS_INLINE double hsum(const vec acc[4]) {
    const v128_t s = wasm_f64x2_add(wasm_f64x2_add(acc[0], acc[2]), wasm_f64x2_add(acc[1], acc[3]));
    return wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1);
  }

 private:
  // two f64x2 -> one f32x4 (rounded to nearest)
  static GS_INLINE v128_t demote4(v128_t lo, v128_t hi) {
    return wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 2);
  }
};

#undef GS_INLINE

}  // namespace

// p, g are (n), s1, s2 the state -> p, s1, s2 updated by rule u; ||p_new - p_old||^2
template <class T>
double apply_update(T* p, T* s1, T* s2, const T* g, int n, const Update& u) {
#if defined(GS_KERNELS_AVX2)
  if (avx2_enabled()) return avx2::apply_update(p, s1, s2, g, n, u);
#endif
  return lanes::apply_update<F64x2<T>>(p, s1, s2, g, n, u);
}

template double apply_update<float>(float*, float*, float*, const float*, int, const Update&);
template double apply_update<double>(double*, double*, double*, const double*, int, const Update&);

}  // namespace gs::kernels::simd

#endif  // GS_SIMD128
