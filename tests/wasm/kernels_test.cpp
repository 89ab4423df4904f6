// SIMD kernels (gs::kernels::simd) against their scalar twins, run inside WebAssembly and
// natively (x86-64: the same kernels through core/kernels/simd128.hpp's SSE2 operations).
// doctest, like the native suites: one test case per family of kernels, one assertion per
// check (doctest counts them; a failing one prints what it compared). Built with em++ and
// run under Node by scripts/test-wasm-kernels.sh:
//   em++ -std=c++17 -O3 -msimd128 -I. core/kernels/*.cpp tests/wasm/kernels_test.cpp ...
// and natively by ctest (CMake target gradscope_simd_test).
// Inputs mix ordinary values with exact zeros (the relu/leaky/elu kinks), large magnitudes
// (|z| up to 100, some up to 1000), tiny values (~1e-30) and, in dedicated checks, NaN and
// infinities. The matrix products must agree bit for bit (same summation order, no FMA in
// WASM) and in any case within 1e-6 (float) / 1e-12 (double) of the dot's magnitude;
// exp-based activations within a few ulp; the optimiser update bit for bit in the
// parameters and state, its sum of squared deltas in the order update_lanes.hpp documents.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#ifdef __EMSCRIPTEN__
#define DOCTEST_CONFIG_NO_POSIX_SIGNALS  // no signal handlers inside WebAssembly
#endif
#include <doctest/doctest.h>

#include "core/kernels/kernels.hpp"

#if !defined(GS_KERNELS_SIMD)
#error "kernels_test.cpp tests the SIMD kernels: build it with em++ -msimd128, or natively on x86-64"
#endif

#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sc = gs::kernels::scalar;
namespace sd = gs::kernels::simd;

namespace {

// One check: a doctest assertion that prints `what` (the sizes and errors seen) on failure.
void report(bool ok, const std::string& what) { CHECK_MESSAGE(ok, what); }

template <class T>
const char* tname() { return std::is_same_v<T, float> ? "float" : "double"; }

// xorshift64*: deterministic, independent of the project RNG.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  double uniform() { return double(next() >> 11) * 0x1p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
};

// Mixed test values: mostly U(-3,3); also exact zeros (+0 and -0), tiny (~1e-30), large
// (|z| up to 100), and a few integers.
template <class T>
std::vector<T> values(Rng& rng, int n, double big = 100) {
  std::vector<T> v(std::size_t(n > 0 ? n : 0));
  for (auto& x : v) {
    const double c = rng.uniform();
    const double sgn = rng.uniform() < 0.5 ? -1 : 1;
    if (c < 0.08) x = T(0);
    else if (c < 0.10) x = -T(0);
    else if (c < 0.16) x = T(sgn * 1e-30 * rng.uniform(0.5, 2));
    else if (c < 0.24) x = T(sgn * rng.uniform(10, big));
    else if (c < 0.28) x = T(sgn * std::floor(rng.uniform(0, 6)));
    else x = T(rng.uniform(-3, 3));
  }
  return v;
}

// Distance in units in the last place (0 for equal values, also +0/-0; NaN == NaN).
template <class T>
double ulps(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return (std::isnan(a) && std::isnan(b)) ? 0 : 1e30;
  if (a == b) return 0;
  using I = std::conditional_t<std::is_same_v<T, float>, int32_t, int64_t>;
  I ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  const I mn = std::numeric_limits<I>::min();
  if (ia < 0) ia = mn - ia;  // map to a monotone integer line
  if (ib < 0) ib = mn - ib;
  using U = std::make_unsigned_t<I>;
  return double(ia > ib ? U(ia) - U(ib) : U(ib) - U(ia));  // exact: no int64 -> double rounding first
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

template <class T>
double max_ulps(const std::vector<T>& a, const std::vector<T>& b) {
  double m = 0;
  for (std::size_t k = 0; k < a.size(); ++k) m = std::fmax(m, ulps(a[k], b[k]));
  return m;
}

template <class T>
std::string fmt(const char* kernel, const char* fmtstr, ...) __attribute__((format(printf, 2, 3)));
template <class T>
std::string fmt(const char* kernel, const char* fmtstr, ...) {
  char buf[512];
  int p = std::snprintf(buf, sizeof buf, "%s<%s> ", kernel, tname<T>());
  va_list ap;
  va_start(ap, fmtstr);
  std::vsnprintf(buf + p, sizeof buf - std::size_t(p), fmtstr, ap);
  va_end(ap);
  return buf;
}

const int kSizes[] = {1, 3, 4, 5, 17, 255};

// ---- matrix products ---------------------------------------------------------------------
template <class T>
void check_matmuls(Rng& rng) {
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-12;
  for (int B : kSizes)
    for (int in : kSizes)
      for (int out : kSizes) {
        const auto x = values<T>(rng, B * in), W = values<T>(rng, out * in);
        const auto b = values<T>(rng, out), dz = values<T>(rng, B * out);
        // forward: y = x.W^T + b; scale = sum |x_k w_k| + |b|
        {
          std::vector<T> y1(std::size_t(B) * out, T(-7)), y2(y1);
          sc::dense_forward(y1.data(), x.data(), W.data(), b.data(), B, in, out);
          sd::dense_forward(y2.data(), x.data(), W.data(), b.data(), B, in, out);
          double worst = 0;
          for (int r = 0; r < B; ++r)
            for (int o = 0; o < out; ++o) {
              double scale = std::fabs(double(b[o]));
              for (int i = 0; i < in; ++i) scale += std::fabs(double(x[r * in + i]) * double(W[o * in + i]));
              const double err = std::fabs(double(y1[r * out + o]) - double(y2[r * out + o]));
              worst = std::fmax(worst, scale > 0 ? err / scale : err);
            }
          const bool bits = same_bits(y1, y2);
          report(worst <= tol && bits,
                 fmt<T>("dense_forward", "B=%d in=%d out=%d rel=%.3g bit-identical=%d", B, in, out, worst, bits));
        }
        // dW = dz^T.x, db = sum_b dz
        {
          std::vector<T> dW1(std::size_t(out) * in, T(-7)), dW2(dW1), db1(std::size_t(out), T(-7)), db2(db1);
          sc::dense_backward_params(dW1.data(), db1.data(), dz.data(), x.data(), B, in, out);
          sd::dense_backward_params(dW2.data(), db2.data(), dz.data(), x.data(), B, in, out);
          double worst = 0;
          for (int o = 0; o < out; ++o) {
            for (int i = 0; i < in; ++i) {
              double scale = 0;
              for (int r = 0; r < B; ++r) scale += std::fabs(double(dz[r * out + o]) * double(x[r * in + i]));
              const double err = std::fabs(double(dW1[o * in + i]) - double(dW2[o * in + i]));
              worst = std::fmax(worst, scale > 0 ? err / scale : err);
            }
            double scale = 0;
            for (int r = 0; r < B; ++r) scale += std::fabs(double(dz[r * out + o]));
            const double err = std::fabs(double(db1[o]) - double(db2[o]));
            worst = std::fmax(worst, scale > 0 ? err / scale : err);
          }
          const bool bits = same_bits(dW1, dW2) && same_bits(db1, db2);
          report(worst <= tol && bits, fmt<T>("dense_backward_params", "B=%d in=%d out=%d rel=%.3g bit-identical=%d",
                                              B, in, out, worst, bits));
        }
        // dx = dz.W
        {
          std::vector<T> dx1(std::size_t(B) * in, T(-7)), dx2(dx1);
          sc::dense_backward_input(dx1.data(), dz.data(), W.data(), B, in, out);
          sd::dense_backward_input(dx2.data(), dz.data(), W.data(), B, in, out);
          double worst = 0;
          for (int r = 0; r < B; ++r)
            for (int i = 0; i < in; ++i) {
              double scale = 0;
              for (int o = 0; o < out; ++o) scale += std::fabs(double(dz[r * out + o]) * double(W[o * in + i]));
              const double err = std::fabs(double(dx1[r * in + i]) - double(dx2[r * in + i]));
              worst = std::fmax(worst, scale > 0 ? err / scale : err);
            }
          const bool bits = same_bits(dx1, dx2);
          report(worst <= tol && bits, fmt<T>("dense_backward_input", "B=%d in=%d out=%d rel=%.3g bit-identical=%d",
                                              B, in, out, worst, bits));
        }
      }
}

// ---- activations -------------------------------------------------------------------------
// ulp budgets, simd vs scalar. float: both compute in double and round once (1 ulp only
// when a double result lies within ~1e-16 of a rounding boundary); double: ~1-2 ulp each
// from the truth, and tanh's derivative formulas differ slightly.
template <class T>
constexpr double kUlpA = std::is_same_v<T, float> ? 1 : 4;
template <class T>
constexpr double kUlpD = std::is_same_v<T, float> ? 1 : 4;

template <class T, class F1, class F2>
void check_act(const char* name, Rng& rng, F1 f_scalar, F2 f_simd, double ua, double ud) {
  std::vector<int> sizes(std::begin(kSizes), std::end(kSizes));
  sizes.push_back(4099);
  for (int n : sizes) {
    auto z = values<T>(rng, n);
    for (int k = 0; k < n; k += 7) z[std::size_t(k)] = T(rng.uniform(-1000, 1000));  // far saturation
    std::vector<T> a1(z.size()), d1(z.size()), a2(z.size()), d2(z.size());
    f_scalar(a1.data(), d1.data(), z.data(), n);
    f_simd(a2.data(), d2.data(), z.data(), n);
    bool finite = true;
    for (std::size_t k = 0; k < z.size(); ++k) finite = finite && !std::isnan(a2[k]) && !std::isnan(d2[k]);
    double ea = 0, ed = 0, za = 0, zd = 0;  // worst ulps and where
    int differ = 0;
    for (std::size_t k = 0; k < z.size(); ++k) {
      const double ka = ulps(a1[k], a2[k]), kd = ulps(d1[k], d2[k]);
      differ += ka > 0 || kd > 0;
      if (ka > ea) { ea = ka; za = double(z[k]); }
      if (kd > ed) { ed = kd; zd = double(z[k]); }
    }
    report(ea <= ua && ed <= ud && finite,
           fmt<T>(name, "n=%d a:%.0f ulp (z=%.9g) d:%.0f ulp (z=%.9g) budget %.0f/%.0f not-bit-identical=%d no-NaN=%d",
                  n, ea, za, ed, zd, ua, ud, differ, finite));
  }
  // special values: NaN propagates into a, +-inf saturate
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  std::vector<T> z = {nan, inf, -inf, T(0), -T(0), T(1e-30), T(-1e-30), nan, T(88), T(-88), T(710), T(-710), nan};
  const int n = int(z.size());
  std::vector<T> a1(z.size()), d1(z.size()), a2(z.size()), d2(z.size());
  f_scalar(a1.data(), d1.data(), z.data(), n);
  f_simd(a2.data(), d2.data(), z.data(), n);
  bool ok = std::isnan(a2[0]) && std::isnan(a2[7]) && std::isnan(a2[12]);
  std::string detail;
  for (std::size_t k = 1; k < z.size(); ++k) {
    if (k == 7 || k == 12) continue;
    if (ulps(a1[k], a2[k]) > ua || ulps(d1[k], d2[k]) > ud) {
      ok = false;
      char buf[160];
      std::snprintf(buf, sizeof buf, " [z=%g: scalar %g,%g simd %g,%g]", double(z[k]), double(a1[k]), double(d1[k]),
                    double(a2[k]), double(d2[k]));
      detail += buf;
    }
  }
  report(ok, fmt<T>(name, "special values (NaN, inf, 0, -0, 1e-30, +-88, +-710)%s", detail.c_str()));
}

// Accuracy against the truth: the float kernel against the double scalar kernel.
template <class F1, class F2>
void check_float_truth(const char* name, Rng& rng, F1 f_float, F2 f_double, double ua, double ud) {
  const int n = 20000;
  std::vector<float> z(n);
  for (int k = 0; k < n; ++k) {
    const double c = rng.uniform();
    z[std::size_t(k)] = float(c < 0.5 ? rng.uniform(-4, 4) : c < 0.8 ? rng.uniform(-20, 20) : std::ldexp(rng.uniform(-1, 1), -int(rng.uniform(0, 40))));
  }
  std::vector<float> a(n), d(n);
  std::vector<double> zd(z.begin(), z.end()), ad(n), dd(n);
  f_float(a.data(), d.data(), z.data(), n);
  f_double(ad.data(), dd.data(), zd.data(), n);
  double ea = 0, ed = 0;
  for (int k = 0; k < n; ++k) {
    ea = std::fmax(ea, ulps(a[std::size_t(k)], float(ad[std::size_t(k)])));
    ed = std::fmax(ed, ulps(d[std::size_t(k)], float(dd[std::size_t(k)])));
  }
  report(ea <= ua && ed <= ud, std::string(name) + "<float> simd vs double truth: a " + std::to_string(int(ea)) +
                                   " ulp, d " + std::to_string(int(ed)) + " ulp");
}

template <class T>
void check_activations(Rng& rng) {
  check_act<T>("act_sigmoid", rng, sc::act_sigmoid<T>, sd::act_sigmoid<T>, kUlpA<T>, kUlpD<T>);
  check_act<T>("act_tanh", rng, sc::act_tanh<T>, sd::act_tanh<T>, kUlpA<T>, kUlpD<T>);
  check_act<T>("act_relu", rng, sc::act_relu<T>, sd::act_relu<T>, 0, 0);
  const T alpha = T(1.0), alpha2 = T(0.3);
  check_act<T>("act_elu(alpha=1)", rng, [&](T* a, T* d, const T* z, int n) { sc::act_elu(a, d, z, alpha, n); },
               [&](T* a, T* d, const T* z, int n) { sd::act_elu(a, d, z, alpha, n); }, kUlpA<T>, kUlpD<T>);
  check_act<T>("act_elu(alpha=0.3)", rng, [&](T* a, T* d, const T* z, int n) { sc::act_elu(a, d, z, alpha2, n); },
               [&](T* a, T* d, const T* z, int n) { sd::act_elu(a, d, z, alpha2, n); }, kUlpA<T>, kUlpD<T>);
  // elu'(0) = alpha, relu'(0) = 0 in the SIMD lanes
  {
    std::vector<T> z = {T(0), -T(0), T(0), T(0)}, a(4), d(4), ar(4), dr(4);
    sd::act_elu(a.data(), d.data(), z.data(), alpha2, 4);
    sd::act_relu(ar.data(), dr.data(), z.data(), 4);
    bool ok = true;
    for (int k = 0; k < 4; ++k) ok = ok && a[k] == T(0) && d[k] == alpha2 && ar[k] == T(0) && dr[k] == T(0);
    report(ok, fmt<T>("kinks", "elu(0) = 0, elu'(0) = alpha, relu(0) = 0, relu'(0) = 0 in SIMD lanes"));
  }
  // leaky: slope strides 0 (per unit), units (per element) and a padded stride
  for (int rows : kSizes)
    for (int units : kSizes) {
      for (int mode = 0; mode < 3; ++mode) {
        const int stride = mode == 0 ? 0 : mode == 1 ? units : units + 3;
        const auto z = values<T>(rng, rows * units);
        std::vector<T> slope(std::size_t(rows) * std::size_t(units + 3));
        for (auto& s : slope) s = T(rng.uniform(0, 1));
        std::vector<T> a1(z.size()), d1(z.size()), a2(z.size()), d2(z.size());
        sc::act_leaky(a1.data(), d1.data(), z.data(), slope.data(), rows, units, stride);
        sd::act_leaky(a2.data(), d2.data(), z.data(), slope.data(), rows, units, stride);
        const bool ok = same_bits(a1, a2) && same_bits(d1, d2);
        report(ok, fmt<T>("act_leaky", "rows=%d units=%d stride=%d bit-identical=%d", rows, units, stride, ok));
      }
    }
  {
    const T nan = std::numeric_limits<T>::quiet_NaN();
    std::vector<T> z = {nan, T(0), -T(2), T(3), nan}, s = {T(0.1), T(0.2), T(0.3), T(0.4), T(0.5)};
    std::vector<T> a(5), d(5);
    sd::act_leaky(a.data(), d.data(), z.data(), s.data(), 1, 5, 0);
    const bool ok = std::isnan(a[0]) && std::isnan(a[4]) && a[1] == T(0) && d[1] == T(0.2) &&
                    a[2] == T(0.3) * T(-2) && d[2] == T(0.3) && a[3] == T(3) && d[3] == T(1);
    report(ok, fmt<T>("act_leaky", "NaN propagates, leaky'(0) = slope"));
  }
  // in place: a (or d) may be z itself
  for (int n : kSizes) {
    const auto z = values<T>(rng, n);
    std::vector<T> a(z.size()), d(z.size()), za = z, zd = z;
    sc::act_sigmoid(a.data(), d.data(), z.data(), n);
    sd::act_sigmoid(za.data(), d.data(), za.data(), n);
    std::vector<T> a2(z.size());
    sd::act_elu(a2.data(), zd.data(), zd.data(), T(1), n);
    std::vector<T> a3(z.size()), d3(z.size());
    sc::act_elu(a3.data(), d3.data(), z.data(), T(1), n);
    const bool ok = max_ulps(za, a) <= kUlpA<T> && max_ulps(zd, d3) <= kUlpD<T> && max_ulps(a2, a3) <= kUlpA<T>;
    report(ok, fmt<T>("in-place activations", "n=%d (a == z for sigmoid, d == z for elu)", n));
  }
  // mul
  for (int n : kSizes) {
    const auto a = values<T>(rng, n), b = values<T>(rng, n);
    std::vector<T> o1(a.size()), o2(a.size());
    sc::mul(o1.data(), a.data(), b.data(), n);
    sd::mul(o2.data(), a.data(), b.data(), n);
    report(same_bits(o1, o2), fmt<T>("mul", "n=%d bit-identical", n));
  }
}

// ---- reductions --------------------------------------------------------------------------
bool close(double a, double b, double rel) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  return std::fabs(a - b) <= rel * std::fmax(std::fabs(a), std::fabs(b));
}

template <class T>
void check_norm2_case(const char* what, const std::vector<T>& x, double expect) {
  const int n = int(x.size());
  const double s1 = sc::norm2(x.data(), n), s2 = sd::norm2(x.data(), n);
  const bool ok = close(s1, s2, 1e-13) && (std::isnan(expect) ? std::isnan(s2) : close(s2, expect, 1e-6));
  report(ok, fmt<T>("norm2", "%s n=%d scalar=%.17g simd=%.17g expect=%.6g", what, n, s1, s2, expect));
}

template <class T>
void check_reductions(Rng& rng) {
  std::vector<int> sizes(std::begin(kSizes), std::end(kSizes));
  sizes.push_back(0);
  sizes.push_back(10007);
  for (int n : sizes) {
    const auto x = values<T>(rng, n);
    double ref = 0;
    for (T v : x) ref += double(v) * double(v);
    check_norm2_case<T>("random", x, std::sqrt(ref));
    if constexpr (std::is_same_v<T, float>) {
      // float norm2 sums in the documented order (8 partial sums), the same bits with 2
      // lanes (WASM, SSE2) and 4 (AVX2)
      double P[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      const int whole = n / 8 * 8;
      for (int i = 0; i < whole; ++i) P[i % 8] += double(x[i]) * double(x[i]);
      double want = ((P[0] + P[4]) + (P[2] + P[6])) + ((P[1] + P[5]) + (P[3] + P[7]));
      for (int i = whole; i < n; ++i) want += double(x[i]) * double(x[i]);  // the rest in order
      want = std::sqrt(want);
      const double got = sd::norm2(x.data(), n);
      report(got == want, fmt<T>("norm2", "n=%d in the documented order: %.17g, want %.17g", n, got, want));
    }
    const auto m1 = sc::reduce_moments(x.data(), n), m2 = sd::reduce_moments(x.data(), n);
    double sabs = 0;
    for (T v : x) sabs += std::fabs(double(v));
    const bool ok = std::fabs(m1.sum - m2.sum) <= 1e-13 * sabs && close(m1.sumsq, m2.sumsq, 1e-13) &&
                    m1.min == m2.min && m1.max == m2.max && m1.zeros == m2.zeros;
    report(ok, fmt<T>("reduce_moments", "n=%d sum %.6g/%.6g sumsq %.6g/%.6g min %g/%g max %g/%g zeros %lld/%lld", n,
                      m1.sum, m2.sum, m1.sumsq, m2.sumsq, m1.min, m2.min, m1.max, m2.max, (long long)m1.zeros,
                      (long long)m2.zeros));
    for (double eps : {1e-6, 0.5, 2.0}) {
      double sa1 = -1, sa2 = -1;
      const int64_t c1 = sc::count_abs_below(x.data(), n, eps, &sa1), c2 = sd::count_abs_below(x.data(), n, eps, &sa2);
      report(c1 == c2 && close(sa1, sa2, 1e-13),
             fmt<T>("count_abs_below", "n=%d eps=%g count %lld/%lld sum %.6g/%.6g", n, eps, (long long)c1,
                    (long long)c2, sa1, sa2));
    }
    for (double mean : {0.0, 0.5, -3.25}) {
      const double q1 = sc::sum_sq_dev(x.data(), n, mean), q2 = sd::sum_sq_dev(x.data(), n, mean);
      report(close(q1, q2, 1e-13), fmt<T>("sum_sq_dev", "n=%d mean=%g %.17g/%.17g", n, mean, q1, q2));
    }
  }
  // scaling cases
  const double rt = std::sqrt(2.0);
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  if constexpr (std::is_same_v<T, float>) {
    check_norm2_case<T>("1e-33 x2", {1e-33f, 1e-33f}, double(1e-33f) * rt);
    check_norm2_case<T>("1e-33 x17", std::vector<float>(17, 1e-33f), double(1e-33f) * std::sqrt(17.0));
    check_norm2_case<T>("1e30 x17", std::vector<float>(17, 1e30f), double(1e30f) * std::sqrt(17.0));
    check_norm2_case<T>("denormal 1e-44 x5", std::vector<float>(5, 1e-44f), double(1e-44f) * std::sqrt(5.0));
  } else {
    check_norm2_case<T>("1e-200 x2", {1e-200, 1e-200}, 1e-200 * rt);
    check_norm2_case<T>("1e200 x2", {1e200, 1e200}, 1e200 * rt);
    check_norm2_case<T>("1e200 x17", std::vector<double>(17, 1e200), 1e200 * std::sqrt(17.0));
    check_norm2_case<T>("1e-310 x5 (subnormal)", std::vector<double>(5, 1e-310), 1e-310 * std::sqrt(5.0));
    check_norm2_case<T>("1e-320 x255", std::vector<double>(255, 1e-320), 1e-320 * std::sqrt(255.0));
    check_norm2_case<T>("1e300 and 1e-300 mix", {1e300, 1e-300, -1e300, 3, 0}, 1e300 * rt);
  }
  check_norm2_case<T>("zeros x17", std::vector<T>(17, T(0)), 0.0);
  check_norm2_case<T>("3,4", {T(3), T(4)}, 5.0);
  check_norm2_case<T>("NaN x5", {T(1), nan, T(2), T(3), T(4)}, std::numeric_limits<double>::quiet_NaN());
  check_norm2_case<T>("all NaN x4", {nan, nan, nan, nan}, std::numeric_limits<double>::quiet_NaN());
  check_norm2_case<T>("inf", {T(1), T(2), inf, T(0), T(1)}, std::numeric_limits<double>::infinity());
  {
    std::vector<T> x = {nan, nan, nan, nan, nan};
    const auto m1 = sc::reduce_moments(x.data(), 5), m2 = sd::reduce_moments(x.data(), 5);
    report(std::isnan(m2.sum) && std::isnan(m2.min) && std::isnan(m2.max) && std::isnan(m1.min) && m2.zeros == 0,
           fmt<T>("reduce_moments", "all NaN -> NaN sum/min/max"));
    x = {T(1), nan, T(-2), T(0), T(5), nan, T(0)};
    const auto m3 = sd::reduce_moments(x.data(), 7), m4 = sc::reduce_moments(x.data(), 7);
    report(std::isnan(m3.sum) && m3.min == -2 && m3.max == 5 && m3.zeros == 2 && m4.min == -2 && m4.max == 5,
           fmt<T>("reduce_moments", "NaN ignored by min/max, propagates into sum"));
  }
}

// ---- optimiser update -------------------------------------------------------------------
// One rule of every kind with ordinary coefficients, and variants with clipping (gscale < 1),
// weight decay, the first momentum step (mu_old 0) and a large eps.
std::vector<std::pair<const char*, gs::kernels::Update>> update_rules() {
  using U = gs::kernels::Update;
  std::vector<std::pair<const char*, U>> r;
  U u;
  u.kind = U::sgd;
  u.lr = 0.01;
  r.push_back({"sgd", u});
  u.gscale = 0.37;
  u.wd = 0.05;
  r.push_back({"sgd clipped, decay", u});
  u = U();
  u.kind = U::momentum;
  u.lr = 0.05;
  u.mu = u.mu_old = 0.9;
  r.push_back({"momentum", u});
  u.mu_old = 0;
  u.wd = 0.1;
  r.push_back({"momentum first step, decay", u});
  u.kind = U::nesterov;
  u.mu_old = 0.8;
  u.mu = 0.8;
  u.gscale = 0.5;
  r.push_back({"nesterov clipped, decay", u});
  u = U();
  u.kind = U::rmsprop;
  u.lr = 0.003;
  u.decay = 0.99;
  u.eps = 1e-8;
  r.push_back({"rmsprop", u});
  u.decay = 0.9;
  u.eps = 1e-3;
  u.wd = 0.01;
  r.push_back({"rmsprop alpha 0.9, eps 1e-3, decay", u});
  u = U();
  u.kind = U::adam;
  u.b1 = 0.9;
  u.decay = 0.999;
  u.lr = 0.01 / (1 - 0.9);  // step 1
  u.sbc2 = std::sqrt(1 - 0.999);
  u.eps = 1e-8;
  r.push_back({"adam step 1", u});
  u.lr = 0.01 / (1 - std::pow(0.9, 7));
  u.sbc2 = std::sqrt(1 - std::pow(0.999, 7));
  u.gscale = 0.25;
  u.wd = 0.02;
  r.push_back({"adam step 7 clipped, decay", u});
  return r;
}

// The sum of squared deltas in the order update_lanes.hpp documents: 8 partial sums over
// whole blocks (element i to partial i mod 8), ((P0+P4) + (P2+P6)) + ((P1+P5) + (P3+P7)),
// then the rest in order. The 2-lane (WASM, SSE2) and 4-lane (AVX2) kernels must both give
// exactly this.
template <class T>
double documented_sq(const std::vector<T>& before, const std::vector<T>& after) {
  const int n = int(before.size()), whole = n / 8 * 8;
  double P[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < whole; ++i) {
    const double d = double(after[i]) - double(before[i]);
    P[i % 8] += d * d;
  }
  double sq = ((P[0] + P[4]) + (P[2] + P[6])) + ((P[1] + P[5]) + (P[3] + P[7]));
  double tail = 0;
  for (int i = whole; i < n; ++i) {
    const double d = double(after[i]) - double(before[i]);
    tail += d * d;
  }
  return sq + tail;
}

// simd::apply_update against scalar::apply_update (the xtensor formulas): p and the state
// bit for bit, the sum of squared deltas to rounding and exactly in the documented order.
// The state a rule does not have is passed as null (and must not be touched).
template <class T>
void check_update_case(const char* what, const gs::kernels::Update& u, const std::vector<T>& p0, const std::vector<T>& g,
                       const std::vector<T>& m0, const std::vector<T>& v0) {
  using U = gs::kernels::Update;
  const int n = int(p0.size());
  const bool has1 = u.kind == U::momentum || u.kind == U::nesterov || u.kind == U::adam;
  const bool has2 = u.kind == U::rmsprop || u.kind == U::adam;
  std::vector<T> p1 = p0, m1 = m0, v1 = v0, p2 = p0, m2 = m0, v2 = v0;
  const double q1 = sc::apply_update(p1.data(), has1 ? m1.data() : nullptr, has2 ? v1.data() : nullptr, g.data(), n, u);
  const double q2 = sd::apply_update(p2.data(), has1 ? m2.data() : nullptr, has2 ? v2.data() : nullptr, g.data(), n, u);
  const double want = documented_sq(p0, p2);
  const bool changed = n < 16 || !same_bits(p0, p2);  // not vacuous: the update moved p
  report(same_bits(p1, p2) && same_bits(m1, m2) && same_bits(v1, v2) && changed,
         fmt<T>("apply_update", "%s n=%d: p, s1, s2 bit-identical to scalar (p ulps %g, s1 ulps %g, s2 ulps %g)", what, n,
                max_ulps(p1, p2), max_ulps(m1, m2), max_ulps(v1, v2)));
  report(close(q1, q2, 1e-13) && (std::isnan(q2) ? std::isnan(want) : q2 == want),
         fmt<T>("apply_update", "%s n=%d: sum of squared deltas scalar %.17g simd %.17g documented order %.17g", what, n,
                q1, q2, want));
}

template <class T>
void check_updates(Rng& rng) {
  const int sizes[] = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 255, 1000, 4099};
  for (const auto& [name, u] : update_rules())
    for (int n : sizes) {
      const auto p = values<T>(rng, n, 10), g = values<T>(rng, n, 10), m = values<T>(rng, n, 10);
      std::vector<T> v = values<T>(rng, n, 10);
      for (auto& x : v) x = std::fabs(x);  // a running mean of squares
      check_update_case<T>(name, u, p, g, m, v);
    }
  // NaN and infinite gradients, parameters and state propagate the same way
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  std::vector<T> p = values<T>(rng, 19, 10), g = values<T>(rng, 19, 10), m = values<T>(rng, 19, 10), v(19, T(0.5));
  g[2] = nan;
  g[11] = inf;
  p[5] = -inf;
  m[9] = nan;
  g[17] = -inf;
  for (const auto& [name, u] : update_rules()) check_update_case<T>(name, u, p, g, m, v);
}

}  // namespace

// Each test case draws from its own generator: a family's inputs do not depend on which
// other cases ran (doctest -tc=... runs one).
TEST_CASE("dense matmuls, float: simd == scalar, bit for bit") {
  Rng rng(20240611);
  check_matmuls<float>(rng);
}
TEST_CASE("dense matmuls, double: simd == scalar, bit for bit") {
  Rng rng(20240612);
  check_matmuls<double>(rng);
}
TEST_CASE("activations, float: simd within budget of scalar") {
  Rng rng(20240613);
  check_activations<float>(rng);
}
TEST_CASE("activations, double: simd within budget of scalar") {
  Rng rng(20240614);
  check_activations<double>(rng);
}
TEST_CASE("float activations against the double truth") {
  Rng rng(20240615);
  check_float_truth("act_sigmoid", rng, sd::act_sigmoid<float>, sc::act_sigmoid<double>, 1, 1);
  check_float_truth("act_tanh", rng, sd::act_tanh<float>, sc::act_tanh<double>, 1, 1);
  check_float_truth("act_elu", rng, [](float* a, float* d, const float* z, int n) { sd::act_elu(a, d, z, 1.0f, n); },
                    [](double* a, double* d, const double* z, int n) { sc::act_elu(a, d, z, 1.0, n); }, 1, 1);
  check_float_truth("scalar act_sigmoid", rng, sc::act_sigmoid<float>, sc::act_sigmoid<double>, 0, 0);
  check_float_truth("scalar act_tanh", rng, sc::act_tanh<float>, sc::act_tanh<double>, 0, 0);
}
TEST_CASE("reductions, float: norm2, moments, counts") {
  Rng rng(20240616);
  check_reductions<float>(rng);
}
TEST_CASE("reductions, double: norm2, moments, counts") {
  Rng rng(20240617);
  check_reductions<double>(rng);
}
TEST_CASE("optimiser update, float: simd == scalar, bit for bit") {
  Rng rng(20240618);
  check_updates<float>(rng);
}
TEST_CASE("optimiser update, double: simd == scalar, bit for bit") {
  Rng rng(20240619);
  check_updates<double>(rng);
}
