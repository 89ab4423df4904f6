// Scalar kernels (gs::kernels::scalar: the oracle of the SIMD twins, and the engine's code
// where no SIMD exists) against independent references written here: naive triple loops in
// long double for the matrix products, hand values for activations and their kink
// conventions, scaled norms that must not under/overflow, the statistics reductions, and the
// optimiser update against its rules written out per element. The SIMD twins are compared
// with these kernels by tests/wasm/kernels_test.cpp, inside WebAssembly and natively
// (gradscope_simd_test); here, the dispatched update (SIMD natively) against its scalar twin.
#include "core/kernels/kernels.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace k = gs::kernels::scalar;

namespace {

const int kSizes[] = {1, 3, 4, 5, 17, 255};

// Deterministic values in [-2, 2) with exact zeros mixed in (xorshift, no std:: distributions).
template <class T>
std::vector<T> test_values(int n, uint64_t seed) {
  std::vector<T> v(static_cast<std::size_t>(n));
  uint64_t s = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  for (auto& x : v) {
    s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
    const uint64_t r = s * 2685821657736338717ull;
    x = (r % 11 == 0) ? T(0) : T(double(r >> 11) * 0x1p-53 * 4.0 - 2.0);
  }
  return v;
}

template <class T>
constexpr double eps() { return double(std::numeric_limits<T>::epsilon()); }

// Relative comparison (doctest's Approx adds a default scale of 1, which would make every
// check on a tiny value pass).
doctest::Approx approx(double want, double rel) { return doctest::Approx(want).epsilon(rel).scale(1e-300); }

// |got - want| <= tol * scale, with scale the sum of the magnitudes of the terms
void check_close(double got, long double want, long double scale, double tol) {
  const long double err = std::fabs(static_cast<long double>(got) - want);
  CHECK(err <= tol * scale + 1e-300L);
}

}  // namespace

TEST_CASE_TEMPLATE("kernels: dense products match naive triple loops", T, float, double) {
  // Rigorous bound for K products summed in order in precision T: (K + 2) eps * sum|terms|.
  for (int B : kSizes)
    for (int in : kSizes)
      for (int out : kSizes) {
        if (B * in * out > 17 * 255 * 17) continue;  // keeps the test quick; all sizes occur
        CAPTURE(B);
        CAPTURE(in);
        CAPTURE(out);
        const auto x = test_values<T>(B * in, 1), W = test_values<T>(out * in, 2);
        const auto b = test_values<T>(out, 3), dz = test_values<T>(B * out, 4);
        std::vector<T> y(std::size_t(B) * out), dW(std::size_t(out) * in, T(99)), db(std::size_t(out), T(99)),
            dx(std::size_t(B) * in, T(99));
        k::dense_forward(y.data(), x.data(), W.data(), b.data(), B, in, out);
        k::dense_backward_params(dW.data(), db.data(), dz.data(), x.data(), B, in, out);
        k::dense_backward_input(dx.data(), dz.data(), W.data(), B, in, out);
        for (int r = 0; r < B; ++r)
          for (int o = 0; o < out; ++o) {
            long double want = b[o], scale = std::fabs(b[o]);
            for (int i = 0; i < in; ++i) {
              want += (long double)x[r * in + i] * W[o * in + i];
              scale += std::fabs((long double)x[r * in + i] * W[o * in + i]);
            }
            check_close(y[r * out + o], want, scale, (in + 2) * eps<T>());
          }
        for (int o = 0; o < out; ++o) {
          for (int i = 0; i < in; ++i) {
            long double want = 0, scale = 0;
            for (int r = 0; r < B; ++r) {
              want += (long double)dz[r * out + o] * x[r * in + i];
              scale += std::fabs((long double)dz[r * out + o] * x[r * in + i]);
            }
            check_close(dW[o * in + i], want, scale, (B + 2) * eps<T>());
          }
          long double want = 0, scale = 0;
          for (int r = 0; r < B; ++r) {
            want += dz[r * out + o];
            scale += std::fabs((long double)dz[r * out + o]);
          }
          check_close(db[o], want, scale, (B + 2) * eps<T>());
        }
        for (int r = 0; r < B; ++r)
          for (int i = 0; i < in; ++i) {
            long double want = 0, scale = 0;
            for (int o = 0; o < out; ++o) {
              want += (long double)dz[r * out + o] * W[o * in + i];
              scale += std::fabs((long double)dz[r * out + o] * W[o * in + i]);
            }
            check_close(dx[r * in + i], want, scale, (out + 2) * eps<T>());
          }
      }
}

TEST_CASE_TEMPLATE("kernels: dense products, hand-computed 2x3x2", T, float, double) {
  // x = [[1,2,3],[4,5,6]], W = [[1,0,-1],[2,1,0]], b = [0.5,-1]
  const T x[] = {1, 2, 3, 4, 5, 6}, W[] = {1, 0, -1, 2, 1, 0}, b[] = {T(0.5), -1};
  T y[4];
  k::dense_forward(y, x, W, b, 2, 3, 2);
  CHECK(y[0] == T(-1.5));  // 1 - 3 + 0.5
  CHECK(y[1] == T(3));     // 2 + 2 - 1
  CHECK(y[2] == T(-1.5));  // 4 - 6 + 0.5
  CHECK(y[3] == T(12));    // 8 + 5 - 1
  const T dz[] = {1, -1, 2, 0.5};
  T dW[6], db[2], dx[6];
  k::dense_backward_params(dW, db, dz, x, 2, 3, 2);
  const T dW_want[] = {9, 12, 15, 1, T(0.5), 0};  // dz^T.x
  for (int i = 0; i < 6; ++i) CHECK(dW[i] == dW_want[i]);
  CHECK(db[0] == T(3));
  CHECK(db[1] == T(-0.5));
  k::dense_backward_input(dx, dz, W, 2, 3, 2);
  const T dx_want[] = {-1, -1, -1, 3, T(0.5), -2};  // dz.W
  for (int i = 0; i < 6; ++i) CHECK(dx[i] == dx_want[i]);
}

TEST_CASE_TEMPLATE("kernels: dense products with an empty inner dimension", T, float, double) {
  const T b[] = {T(1.5), T(-2)};
  T y[4] = {9, 9, 9, 9}, dW[2] = {9, 9}, db[2] = {9, 9};
  k::dense_forward(y, static_cast<const T*>(nullptr), static_cast<const T*>(nullptr), b, 2, 0, 2);
  CHECK(y[0] == T(1.5));
  CHECK(y[3] == T(-2));
  const T x[] = {1, 2};
  k::dense_backward_params(dW, db, static_cast<const T*>(nullptr), x, 0, 1, 2);  // B = 0: zeros
  CHECK(dW[0] == T(0));
  CHECK(db[1] == T(0));
}

TEST_CASE_TEMPLATE("kernels: sigmoid values, derivative and saturation", T, float, double) {
  const double tol = std::is_same_v<T, float> ? 1e-7 : 1e-15;
  const T z[] = {0, 2, -2, 30, -30, 50, 1000, -1000, T(1e-30)};
  const int n = 9;
  T a[n], d[n];
  k::act_sigmoid(a, d, z, n);
  CHECK(a[0] == T(0.5));
  CHECK(d[0] == T(0.25));
  CHECK(a[1] == approx(0.8807970779778823, tol));
  CHECK(d[1] == approx(0.10499358540350652, tol));
  CHECK(a[2] == approx(0.11920292202211755, tol));
  CHECK(d[2] == approx(0.10499358540350652, tol));
  // far out the derivative keeps its relative accuracy (no 1 - a cancellation):
  // sigmoid'(+-30) = e^-30 / (1 + e^-30)^2, sigmoid(-30) = e^-30 / (1 + e^-30)
  CHECK(d[3] == approx(9.3576229688384233e-14, tol));
  CHECK(d[4] == approx(9.3576229688384233e-14, tol));
  CHECK(a[4] == approx(9.357622968839299e-14, tol));
  CHECK(d[5] == approx(1.9287498479639178e-22, tol));  // > 0 even in float
  CHECK(a[6] == T(1));
  CHECK(d[6] == T(0));
  CHECK(a[7] == T(0));
  CHECK(d[7] == T(0));
  CHECK(a[8] == T(0.5));
  for (int i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(std::isfinite(a[i]));
    CHECK(std::isfinite(d[i]));
    // d = a(1 - a), where that is not lost to cancellation
    if (a[i] > T(0.01) && a[i] < T(0.99)) CHECK(d[i] == approx(double(a[i]) * (1 - double(a[i])), tol * 4));
  }
}

TEST_CASE_TEMPLATE("kernels: tanh values and derivative", T, float, double) {
  const double tol = std::is_same_v<T, float> ? 1e-7 : 1e-15;
  const T z[] = {0, T(0.5), -3, 20, -20, T(1e-30), 1000};
  T a[7], d[7];
  k::act_tanh(a, d, z, 7);
  CHECK(a[0] == T(0));
  CHECK(d[0] == T(1));
  CHECK(a[1] == approx(0.46211715726000974, tol));
  CHECK(d[1] == approx(0.7864477329659275, tol));
  CHECK(a[2] == approx(-0.9950547536867305, tol));
  CHECK(d[2] == approx(0.009866037165440211, tol * 4));
  CHECK(a[3] == T(1));
  CHECK(a[4] == T(-1));
  // 1 - tanh(20)^2 = 4 e^-40 / (1 + e^-40)^2, kept although tanh(20) rounds to 1
  CHECK(d[3] == approx(1.6993417021166355e-17, tol));
  CHECK(d[4] == approx(1.6993417021166355e-17, tol));
  CHECK(a[5] == T(1e-30));
  CHECK(a[6] == T(1));
  CHECK(d[6] == T(0));
}

TEST_CASE_TEMPLATE("kernels: relu kink and NaN", T, float, double) {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T z[] = {0, -T(0), T(-0.5), 2, T(1e-30), nan};
  T a[6], d[6];
  k::act_relu(a, d, z, 6);
  CHECK(a[0] == T(0));
  CHECK(d[0] == T(0));  // relu'(0) = 0
  CHECK(a[1] == T(0));
  CHECK(d[1] == T(0));
  CHECK(a[2] == T(0));
  CHECK(d[2] == T(0));
  CHECK(a[3] == T(2));
  CHECK(d[3] == T(1));
  CHECK(a[4] == T(1e-30));
  CHECK(d[4] == T(1));
  CHECK(std::isnan(a[5]));  // a NaN is not hidden as 0
  CHECK(d[5] == T(0));
}

TEST_CASE_TEMPLATE("kernels: leaky relu, slope strides and kink", T, float, double) {
  const int rows = 3, units = 5;
  std::vector<T> z(rows * units), a(z.size()), d(z.size());
  for (int i = 0; i < rows * units; ++i) z[std::size_t(i)] = T(i % 3 == 0 ? 0 : (i % 2 ? -1.5 : 2.5));
  SUBCASE("one slope per unit (stride 0)") {
    const T slope[] = {T(0.1), T(0.2), T(0.3), T(0.4), T(0.5)};
    k::act_leaky(a.data(), d.data(), z.data(), slope, rows, units, 0);
    for (int r = 0; r < rows; ++r)
      for (int u = 0; u < units; ++u) {
        CAPTURE(r);
        CAPTURE(u);
        const T v = z[std::size_t(r * units + u)], s = slope[u];
        CHECK(a[std::size_t(r * units + u)] == (v > 0 ? v : s * v));
        CHECK(d[std::size_t(r * units + u)] == (v > 0 ? T(1) : s));  // slope at 0
      }
  }
  SUBCASE("one slope per element (stride units) and a padded stride") {
    for (int stride : {units, units + 2}) {
      CAPTURE(stride);
      std::vector<T> slope(std::size_t(rows * stride));
      for (std::size_t i = 0; i < slope.size(); ++i) slope[i] = T(0.01) * T(i + 1);
      k::act_leaky(a.data(), d.data(), z.data(), slope.data(), rows, units, stride);
      for (int r = 0; r < rows; ++r)
        for (int u = 0; u < units; ++u) {
          const T v = z[std::size_t(r * units + u)], s = slope[std::size_t(r * stride + u)];
          CHECK(a[std::size_t(r * units + u)] == (v > 0 ? v : s * v));
          CHECK(d[std::size_t(r * units + u)] == (v > 0 ? T(1) : s));
        }
    }
  }
}

TEST_CASE_TEMPLATE("kernels: elu values, kink and small negative inputs", T, float, double) {
  const double tol = std::is_same_v<T, float> ? 1e-7 : 1e-15;
  for (double alpha_in : {1.0, 0.3}) {
    const double alpha = double(T(alpha_in));  // the value the kernel sees
    CAPTURE(alpha);
    const T z[] = {0, -1, 2, T(-1e-8), -1000, T(-1e-30)};
    T a[6], d[6];
    k::act_elu(a, d, z, T(alpha), 6);
    CHECK(a[0] == T(0));
    CHECK(d[0] == T(alpha));  // elu'(0) = alpha
    CHECK(a[1] == approx(alpha * -0.6321205588285577, tol));
    CHECK(d[1] == approx(alpha * 0.36787944117144233, tol));
    CHECK(a[2] == T(2));
    CHECK(d[2] == T(1));
    // expm1, not exp - 1: full relative accuracy just below 0
    CHECK(a[3] == approx(alpha * -9.9999999500000002e-09, tol));
    CHECK(a[4] == T(-alpha));
    CHECK(d[4] == T(0));
    CHECK(a[5] == approx(alpha * -1e-30, tol));
  }
}

TEST_CASE_TEMPLATE("kernels: activations at every size agree with the formulas", T, float, double) {
  const double tol = std::is_same_v<T, float> ? 2e-7 : 4e-16;
  for (int n : kSizes) {
    CAPTURE(n);
    auto z = test_values<T>(n, 7);
    for (auto& v : z) v *= T(5);
    std::vector<T> a(z.size()), d(z.size()), m(z.size());
    k::act_sigmoid(a.data(), d.data(), z.data(), n);
    for (int i = 0; i < n; ++i) {
      const double s = 1 / (1 + std::exp(-double(z[i])));
      const double e = std::exp(-std::fabs(double(z[i])));  // s(1-s) without cancellation
      CHECK(a[i] == approx(s, tol));
      CHECK(d[i] == approx(e / ((1 + e) * (1 + e)), tol * 4));
    }
    k::act_tanh(a.data(), d.data(), z.data(), n);
    for (int i = 0; i < n; ++i) {
      const double t = std::tanh(double(z[i]));
      CHECK(a[i] == approx(t, tol));
      const double c = std::cosh(double(z[i]));
      CHECK(d[i] == approx(1 / (c * c), tol * 4));  // 1 - t^2 = sech^2 without cancellation
    }
    k::act_elu(a.data(), d.data(), z.data(), T(1), n);
    for (int i = 0; i < n; ++i) {
      const double v = double(z[i]);
      CHECK(a[i] == approx(v > 0 ? v : std::expm1(v), tol));
      CHECK(d[i] == approx(v > 0 ? 1 : std::exp(v), tol));
    }
    k::mul(m.data(), a.data(), d.data(), n);
    for (int i = 0; i < n; ++i) CHECK(m[i] == a[i] * d[i]);
  }
}

TEST_CASE_TEMPLATE("kernels: activations may run in place", T, float, double) {
  const auto z = test_values<T>(17, 19);
  std::vector<T> a(z.size()), d(z.size()), inplace = z, d2(z.size());
  k::act_sigmoid(a.data(), d.data(), z.data(), 17);
  k::act_sigmoid(inplace.data(), d2.data(), inplace.data(), 17);  // a == z
  CHECK(inplace == a);
  CHECK(d2 == d);
  inplace = z;
  k::act_tanh(a.data(), d.data(), z.data(), 17);
  k::act_tanh(d2.data(), inplace.data(), inplace.data(), 17);  // d == z
  CHECK(inplace == d);
  CHECK(d2 == a);
}

TEST_CASE_TEMPLATE("kernels: NaN inputs propagate without trouble", T, float, double) {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T z[] = {nan, 1, nan};
  T a[3], d[3];
  k::act_sigmoid(a, d, z, 3);
  CHECK(std::isnan(a[0]));
  CHECK(std::isfinite(a[1]));
  k::act_tanh(a, d, z, 3);
  CHECK(std::isnan(a[2]));
  k::act_elu(a, d, z, T(1), 3);
  CHECK(std::isnan(a[0]));
  CHECK(std::isnan(k::norm2(z, 3)));
  const auto m = k::reduce_moments(z, 3);
  CHECK(std::isnan(m.sum));
  CHECK(m.min == 1);  // min/max skip NaN
  CHECK(m.max == 1);
}

TEST_CASE_TEMPLATE("kernels: norm2 never underflows or overflows", T, float, double) {
  CHECK(k::norm2(static_cast<const T*>(nullptr), 0) == 0.0);
  const T three_four[] = {3, -4};
  CHECK(k::norm2(three_four, 2) == 5.0);
  const T zeros[] = {0, 0, 0};
  CHECK(k::norm2(zeros, 3) == 0.0);
  const T inf[] = {1, std::numeric_limits<T>::infinity()};
  CHECK(std::isinf(k::norm2(inf, 2)));
  if constexpr (std::is_same_v<T, float>) {
    const float tiny[] = {1e-33f, 1e-33f};  // squares (1e-66) are far below float's range
    CHECK(k::norm2(tiny, 2) == approx(double(1e-33f) * std::sqrt(2.0), 1e-12));
    const float sub[] = {1e-44f, 1e-44f, 1e-44f, 1e-44f};  // subnormal
    CHECK(k::norm2(sub, 4) == approx(2.0 * double(1e-44f), 1e-12));
    const float big[] = {3e38f, 3e38f};  // squares overflow float
    CHECK(k::norm2(big, 2) == approx(double(3e38f) * std::sqrt(2.0), 1e-12));
  } else {
    const double tiny[] = {1e-200, 1e-200};
    CHECK(k::norm2(tiny, 2) == approx(1.4142135623730951e-200, 1e-15));
    const double big[] = {1e200, 1e200};
    CHECK(k::norm2(big, 2) == approx(1.4142135623730951e200, 1e-15));
    const double sub[] = {1e-310, 1e-310, 1e-310, 1e-310};
    CHECK(k::norm2(sub, 4) == approx(2e-310, 1e-9));  // subnormal: ~14 digits
    const double mixed[] = {1e300, -1e-300, 1e300, 0};
    CHECK(k::norm2(mixed, 4) == approx(1.4142135623730951e300, 1e-15));
  }
  for (int n : kSizes) {
    CAPTURE(n);
    const auto x = test_values<T>(n, 11);
    long double s = 0;
    for (T v : x) s += (long double)v * v;
    CHECK(k::norm2(x.data(), n) == approx(double(std::sqrt(s)), 1e-13));
  }
}

TEST_CASE_TEMPLATE("kernels: reduce_moments", T, float, double) {
  SUBCASE("empty") {
    const auto m = k::reduce_moments(static_cast<const T*>(nullptr), 0);
    CHECK(m.sum == 0);
    CHECK(m.sumsq == 0);
    CHECK(m.min == 0);
    CHECK(m.max == 0);
    CHECK(m.zeros == 0);
  }
  SUBCASE("hand values, -0 counts as zero") {
    const T x[] = {1, -2, 0, 3, -T(0)};
    const auto m = k::reduce_moments(x, 5);
    CHECK(m.sum == 2);
    CHECK(m.sumsq == 14);
    CHECK(m.min == -2);
    CHECK(m.max == 3);
    CHECK(m.zeros == 2);
  }
  SUBCASE("float32 squares accumulate in double") {
    const T x[] = {T(1e-30), T(1e-30)};
    const auto m = k::reduce_moments(x, 2);
    CHECK(m.sumsq == approx(2.0 * double(T(1e-30)) * double(T(1e-30)), 1e-12));
  }
  SUBCASE("all sizes against long double sums") {
    for (int n : kSizes) {
      CAPTURE(n);
      const auto x = test_values<T>(n, 13);
      long double s = 0, s2 = 0;
      T lo = x[0], hi = x[0];
      int64_t zeros = 0;
      for (T v : x) {
        s += v;
        s2 += (long double)v * v;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        zeros += v == 0;
      }
      const auto m = k::reduce_moments(x.data(), n);
      CHECK(m.sum == approx(double(s), 1e-12));
      CHECK(m.sumsq == approx(double(s2), 1e-13));
      CHECK(m.min == double(lo));
      CHECK(m.max == double(hi));
      CHECK(m.zeros == zeros);
    }
  }
  SUBCASE("all NaN") {
    const T nan = std::numeric_limits<T>::quiet_NaN();
    const T x[] = {nan, nan};
    const auto m = k::reduce_moments(x, 2);
    CHECK(std::isnan(m.min));
    CHECK(std::isnan(m.max));
    CHECK(m.zeros == 0);
  }
}

TEST_CASE_TEMPLATE("kernels: count_abs_below", T, float, double) {
  const T x[] = {T(0.5), T(-0.05), 0, T(1e-30), 2, T(-0.1)};
  double sum_abs = -1;
  CHECK(k::count_abs_below(x, 6, 0.1, &sum_abs) == 3);  // -0.05, 0, 1e-30 (|-0.1| is not < 0.1)
  CHECK(sum_abs == approx(0.5 + 0.05 + 1e-30 + 2 + 0.1, 1e-6));
  CHECK(k::count_abs_below(x, 6, 1e-40, nullptr) == 1);  // only the exact zero
  CHECK(k::count_abs_below(x, 0, 1.0, &sum_abs) == 0);
  CHECK(sum_abs == 0);
  for (int n : kSizes) {
    CAPTURE(n);
    const auto v = test_values<T>(n, 17);
    int64_t want = 0;
    long double s = 0;
    for (T e : v) {
      want += std::fabs(double(e)) < 0.5;
      s += std::fabs((long double)e);
    }
    CHECK(k::count_abs_below(v.data(), n, 0.5, &sum_abs) == want);
    CHECK(sum_abs == approx(double(s), 1e-13));
  }
}

TEST_CASE_TEMPLATE("kernels: sum_sq_dev is the second pass of a spread", T, float, double) {
  // hand values: {1, 2, 3, 6} about 3 -> 4 + 1 + 0 + 9 = 14
  const std::vector<T> x = {T(1), T(2), T(3), T(6)};
  CHECK(gs::kernels::scalar::sum_sq_dev(x.data(), 4, 3.0) == 14.0);
  CHECK(gs::kernels::scalar::sum_sq_dev(x.data(), 0, 3.0) == 0.0);
  // a saturated layer: values 0.5 + 1e-4 k, where E[x^2] - mean^2 cancels in float
  std::vector<T> y;
  for (int k = 0; k < 255; ++k) y.push_back(T(0.5 + 1e-4 * (k % 7)));
  double mean = 0;
  for (T v : y) mean += double(v);
  mean /= y.size();
  long double ref = 0;
  for (T v : y) ref += ((long double)v - mean) * ((long double)v - mean);
  CHECK(gs::kernels::scalar::sum_sq_dev(y.data(), 255, mean) == doctest::Approx(double(ref)).epsilon(1e-12));
}

namespace {

using gs::kernels::Update;

// The rules of kernels.hpp's Update written out per element, independently of the kernels'
// xtensor expressions and vectors: the same operations in the same order, so p and the
// state must come out bit for bit. Returns ||p_new - p_old||^2 in long double.
template <class T>
long double reference_update(std::vector<T>& p, std::vector<T>& s1, std::vector<T>& s2, const std::vector<T>& g,
                             const Update& u) {
  long double sq = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double gi = u.gscale * double(g[i]) + u.wd * double(p[i]);
    double delta = 0;
    if (u.kind == Update::sgd) {
      delta = u.lr * gi;
    } else if (u.kind == Update::momentum || u.kind == Update::nesterov) {
      const double m = u.mu_old * double(s1[i]) + gi;
      delta = u.kind == Update::nesterov ? u.lr * (gi + u.mu * m) : u.lr * m;
      s1[i] = T(m);
    } else if (u.kind == Update::rmsprop) {
      const double v = u.decay * double(s2[i]) + (1 - u.decay) * gi * gi;
      delta = u.lr * gi / (std::sqrt(v) + u.eps);
      s2[i] = T(v);
    } else {
      const double m = u.b1 * double(s1[i]) + (1 - u.b1) * gi;
      const double v = u.decay * double(s2[i]) + (1 - u.decay) * gi * gi;
      delta = u.lr * m / (std::sqrt(v) / u.sbc2 + u.eps);
      s1[i] = T(m);
      s2[i] = T(v);
    }
    const T old = p[i];
    p[i] = T(double(old) - delta);
    const long double d = (long double)p[i] - (long double)old;
    sq += d * d;
  }
  return sq;
}

std::vector<std::pair<const char*, Update>> rules() {
  std::vector<std::pair<const char*, Update>> r;
  Update u;
  u.lr = 0.1;
  u.gscale = 0.6;
  u.wd = 0.05;
  r.push_back({"sgd", u});
  u.kind = Update::momentum;
  u.mu = u.mu_old = 0.9;
  r.push_back({"momentum", u});
  u.kind = Update::nesterov;
  u.mu_old = 0;
  r.push_back({"nesterov, first step", u});
  u = Update();
  u.kind = Update::rmsprop;
  u.lr = 0.01;
  u.decay = 0.99;
  u.eps = 1e-8;
  u.wd = 0.1;
  r.push_back({"rmsprop", u});
  u.kind = Update::adam;
  u.b1 = 0.9;
  u.decay = 0.999;
  u.lr = 0.01 / (1 - std::pow(0.9, 3));
  u.sbc2 = std::sqrt(1 - std::pow(0.999, 3));
  u.gscale = 0.3;
  r.push_back({"adam, step 3", u});
  return r;
}

bool same(const void* a, const void* b, std::size_t bytes) { return bytes == 0 || std::memcmp(a, b, bytes) == 0; }

}  // namespace

TEST_CASE_TEMPLATE("kernels: apply_update follows the optimiser rules element by element", T, float, double) {
  // hand values: sgd lr 0.5 on p = 1, g = 0.25 (decay 0.1 adds 0.1): p = 1 - 0.5 * 0.35
  {
    T p[] = {1}, g[] = {T(0.25)};
    Update u;
    u.lr = 0.5;
    u.wd = 0.1;
    const double sq = k::apply_update(p, static_cast<T*>(nullptr), static_cast<T*>(nullptr), g, 1, u);
    CHECK(p[0] == T(1 - 0.5 * (0.25 + 0.1)));
    CHECK(sq == approx(0.175 * 0.175, eps<T>() * 16));
  }
  // adam's first step moves every parameter by about lr, against the sign of g
  {
    std::vector<T> p(5, T(0)), m(5, T(0)), v(5, T(0));
    const std::vector<T> g = {T(0.5), T(-2), T(1e-3), T(-4e-2), T(3)};
    Update u;
    u.kind = Update::adam;
    u.b1 = 0.9;
    u.decay = 0.999;
    u.lr = 0.01 / (1 - 0.9);
    u.sbc2 = std::sqrt(1 - 0.999);
    u.eps = 1e-8;
    k::apply_update(p.data(), m.data(), v.data(), g.data(), 5, u);
    for (int i = 0; i < 5; ++i) {
      CAPTURE(i);
      CHECK(double(p[i]) == approx(g[i] > 0 ? -0.01 : 0.01, 2e-5));  // lr g / (|g| + eps)
      CHECK(double(m[i]) == approx(0.1 * double(g[i]), 4 * eps<T>()));
    }
  }
  for (const auto& [name, u] : rules())
    for (int n : {0, 1, 3, 4, 5, 8, 15, 16, 17, 255, 1000}) {
      CAPTURE(name);
      CAPTURE(n);
      std::vector<T> p = test_values<T>(n, 1), s1 = test_values<T>(n, 2), s2 = test_values<T>(n, 3);
      const std::vector<T> g = test_values<T>(n, 4);
      for (auto& x : s2) x = std::fabs(x);
      std::vector<T> rp = p, r1 = s1, r2 = s2;
      const double sq = k::apply_update(p.data(), s1.data(), s2.data(), g.data(), n, u);
      const long double want = reference_update(rp, r1, r2, g, u);
      CHECK(same(p.data(), rp.data(), p.size() * sizeof(T)));
      CHECK(same(s1.data(), r1.data(), s1.size() * sizeof(T)));
      CHECK(same(s2.data(), r2.data(), s2.size() * sizeof(T)));
      check_close(sq, want, want, 1e-13);
    }
}

TEST_CASE_TEMPLATE("kernels: the dispatched apply_update (SIMD natively) equals the scalar twin on awkward sizes", T, float, double) {
  for (const auto& [name, u] : rules())
    for (int n : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 255, 1000, 1003}) {
      CAPTURE(name);
      CAPTURE(n);
      std::vector<T> p = test_values<T>(n, 5), s1 = test_values<T>(n, 6), s2 = test_values<T>(n, 7);
      const std::vector<T> g = test_values<T>(n, 8);
      for (auto& x : s2) x = std::fabs(x);
      std::vector<T> rp = p, r1 = s1, r2 = s2;
      const double got = gs::kernels::apply_update(p.data(), s1.data(), s2.data(), g.data(), n, u);
      const double want = k::apply_update(rp.data(), r1.data(), r2.data(), g.data(), n, u);
      CHECK(same(p.data(), rp.data(), p.size() * sizeof(T)));
      CHECK(same(s1.data(), r1.data(), s1.size() * sizeof(T)));
      CHECK(same(s2.data(), r2.data(), s2.size() * sizeof(T)));
      CHECK(got == approx(want, 1e-13));
      if (n >= 16) CHECK(got > 0);
    }
}

TEST_CASE("kernels: the dispatcher runs the SIMD kernels where they exist (x86-64, WASM), else the scalar ones") {
#if defined(GS_KERNELS_SIMD)
  const bool same_forward = &gs::kernels::dense_forward<float> == &gs::kernels::simd::dense_forward<float>;
  const bool same_sigmoid = &gs::kernels::act_sigmoid<double> == &gs::kernels::simd::act_sigmoid<double>;
#else
  const bool same_forward = &gs::kernels::dense_forward<float> == &gs::kernels::scalar::dense_forward<float>;
  const bool same_sigmoid = &gs::kernels::act_sigmoid<double> == &gs::kernels::scalar::act_sigmoid<double>;
#endif
  CHECK(same_forward);
  CHECK(same_sigmoid);
#if defined(GS_KERNELS_SIMD)
  const bool same_update = &gs::kernels::apply_update<float> == &gs::kernels::simd::apply_update<float>;
#else
  const bool same_update = &gs::kernels::apply_update<float> == &gs::kernels::scalar::apply_update<float>;
#endif
  CHECK(same_update);
}
