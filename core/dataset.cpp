// Datasets: the seeded 2-D generators and the embedded digits; see dataset.hpp (the CSV
// reader is csv.cpp).
//
// Every random draw goes through gs::Pcg32 (never std::*_distribution or std::shuffle), so a
// given DataConfig gives the same rows bit for bit on every platform with the same libm.
// Generated sets: rows are generated class by class (balanced: the first samples/2 rows are
// class 0, the rest class 1), then shuffled with the same generator, then split: the first
// round(rows * test_fraction) shuffled rows are the test set (at most rows - 1, so the train
// set is never empty), the rest the train set.
#include "core/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace gs {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Number of test rows for `rows` rows: round(rows * fraction), leaving at least 1 train row.
int test_rows(int rows, double fraction) {
  int t = static_cast<int>(std::floor(rows * fraction + 0.5));
  return std::max(0, std::min(t, rows - 1));
}

}  // namespace

void check_test_fraction(double f, const char* field) {
  if (!(f >= 0.0 && f <= 0.9)) {
    throw Error(std::string(field) + ": must be in 0..0.9, got " + fmt_num(f));
  }
}

void shuffle_and_split(const Rows& all, double test_fraction, Pcg32& rng, Dataset& d) {
  std::vector<uint32_t> idx(static_cast<size_t>(all.n));
  std::iota(idx.begin(), idx.end(), 0u);
  shuffle(idx.data(), static_cast<uint32_t>(all.n), rng);
  const int n_test = test_rows(all.n, test_fraction);
  auto fill = [&](Split& s, int begin, int end) {
    s = Split();
    s.rows = end - begin;
    s.x.reserve(static_cast<size_t>(s.rows) * all.width);
    for (int i = begin; i < end; ++i) {
      const size_t r = idx[static_cast<size_t>(i)];
      s.x.insert(s.x.end(), all.x.begin() + r * all.width, all.x.begin() + (r + 1) * all.width);
      if (all.targets > 0) {
        s.y.insert(s.y.end(), all.y.begin() + r * all.targets,
                   all.y.begin() + (r + 1) * all.targets);
      } else {
        s.labels.push_back(all.labels[r]);
      }
    }
  };
  fill(d.test, 0, n_test);
  fill(d.train, n_test, all.n);
}

namespace {

// ---- the generated 2-D sets ------------------------------------------------------------
// Each generator fills rows (x1, x2) with class labels 0/1 (or a regression target) and
// keeps the points roughly inside [-1.5, 1.5]^2, centred on 0. `noise` (0..1) means:
//   circles:    inner disc r <= 0.5 (class 0) vs ring 0.7 <= r <= 1 (class 1); gaussian
//               jitter of sd 0.2 * noise on each coordinate (the gap between them is 0.2).
//   xor:        points in [-1, 1]^2 kept 0.05 off the axes, class 1 when x1 * x2 > 0; gaussian
//               jitter of sd 0.2 * noise after labelling (so noise moves points across axes).
//   gaussians:  two blobs centred at (-0.5, -0.5) (class 0) and (0.5, 0.5) (class 1), each
//               of sd 0.15 + 0.35 * noise.
//   spiral:     two arms r = t, angle 3.5 * pi * t (+ pi for class 1), t uniform in [0, 1);
//               gaussian jitter of sd 0.15 * noise (the arms are ~0.29 apart).
//   moons:      sklearn's make_moons (upper moon class 0, lower moon class 1), moved by
//               (-0.5, -0.25) to centre it; gaussian jitter of sd 0.3 * noise.
//   regression: x uniform in [-1, 1]^2, target sin(pi * x1) * cos(pi * x2 / 2) in [-1, 1]
//               plus gaussian noise of sd 0.2 * noise on the target.

using Gen = void (*)(Pcg32& rng, double noise, int cls, double* x, double* y);

void gen_circles(Pcg32& rng, double noise, int cls, double* x, double*) {
  const double r = cls == 0 ? rng.uniform(0.0, 0.5) : rng.uniform(0.7, 1.0);
  const double a = rng.uniform(0.0, 2.0 * kPi);
  const double sd = 0.2 * noise;
  x[0] = r * std::cos(a) + sd * rng.normal();
  x[1] = r * std::sin(a) + sd * rng.normal();
}

void gen_xor(Pcg32& rng, double noise, int cls, double* x, double*) {
  const double pad = 0.05;
  double a = rng.uniform(pad, 1.0), b = rng.uniform(pad, 1.0);
  const bool flip = rng.below(2) == 1;  // which of the two quadrants of the class
  // class 1: quadrants I and III (x1 * x2 > 0); class 0: II and IV.
  double sa = flip ? -1.0 : 1.0, sb = (cls == 1) ? sa : -sa;
  const double sd = 0.2 * noise;
  x[0] = sa * a + sd * rng.normal();
  x[1] = sb * b + sd * rng.normal();
}

void gen_gaussians(Pcg32& rng, double noise, int cls, double* x, double*) {
  const double c = cls == 0 ? -0.5 : 0.5;
  const double sd = 0.15 + 0.35 * noise;
  x[0] = c + sd * rng.normal();
  x[1] = c + sd * rng.normal();
}

void gen_spiral(Pcg32& rng, double noise, int cls, double* x, double*) {
  const double t = rng.uniform();
  const double a = 1.75 * 2.0 * kPi * t + (cls == 1 ? kPi : 0.0);
  const double sd = 0.15 * noise;
  x[0] = t * std::sin(a) + sd * rng.normal();
  x[1] = t * std::cos(a) + sd * rng.normal();
}

void gen_moons(Pcg32& rng, double noise, int cls, double* x, double*) {
  const double t = rng.uniform(0.0, kPi);
  double a, b;
  if (cls == 0) {
    a = std::cos(t);
    b = std::sin(t);
  } else {
    a = 1.0 - std::cos(t);
    b = 0.5 - std::sin(t);
  }
  const double sd = 0.3 * noise;
  x[0] = a - 0.5 + sd * rng.normal();
  x[1] = b - 0.25 + sd * rng.normal();
}

void gen_regression(Pcg32& rng, double noise, int, double* x, double* y) {
  x[0] = rng.uniform(-1.0, 1.0);
  x[1] = rng.uniform(-1.0, 1.0);
  y[0] = std::sin(kPi * x[0]) * std::cos(0.5 * kPi * x[1]) + 0.2 * noise * rng.normal();
}

struct GenInfo {
  const char* name;
  Gen gen;
  bool regression;
};

const GenInfo kGenerators[] = {
    {"circles", gen_circles, false},     {"xor", gen_xor, false},
    {"gaussians", gen_gaussians, false}, {"spiral", gen_spiral, false},
    {"moons", gen_moons, false},         {"regression", gen_regression, true},
};

Dataset make_generated(const GenInfo& g, const DataConfig& cfg) {
  Pcg32 rng(cfg.seed);
  Rows all;
  all.n = cfg.samples;
  all.width = 2;
  all.targets = g.regression ? 1 : 0;
  all.x.resize(static_cast<size_t>(all.n) * 2);
  if (g.regression) {
    all.y.resize(static_cast<size_t>(all.n));
  } else {
    all.labels.resize(static_cast<size_t>(all.n));
  }
  const int half = all.n / 2;
  for (int i = 0; i < all.n; ++i) {
    const int cls = g.regression ? 0 : (i < half ? 0 : 1);
    double* y = g.regression ? &all.y[static_cast<size_t>(i)] : nullptr;
    g.gen(rng, cfg.noise, cls, &all.x[static_cast<size_t>(i) * 2], y);
    if (!g.regression) all.labels[static_cast<size_t>(i)] = cls;
  }
  Dataset d;
  d.name = g.name;
  d.features = 2;
  d.feature_names = {"x1", "x2"};
  if (g.regression) {
    d.task = Task::regression;
    d.targets = 1;
  } else {
    d.task = Task::binary;
    d.classes = 2;
    d.class_names = {"0", "1"};
  }
  shuffle_and_split(all, cfg.test_fraction, rng, d);
  return d;
}

// ---- digits ------------------------------------------------------------------------------
// Always all 1797 images (cfg.samples and cfg.noise are ignored); features are pixel / 16,
// so in [0, 1]; 10 classes named "0".."9"; feature names "r0c0".."r7c7" (pixel row, column).
// The digits' text (digits.txt: kDigitsRows lines of kDigitsPixels + 1 letters 'A' + v,
// pixels 0..16 then the label 0..9) -> value (row, col); gs::Error naming what is wrong.
class DigitsText {
 public:
  explicit DigitsText(const std::string& t) : t_(t) {
    constexpr size_t line = kDigitsPixels + 2;  // 65 letters and '\n'
    const size_t want = static_cast<size_t>(kDigitsRows) * line;
    if (t_.size() != want && t_.size() != want - 1)
      throw Error("digits: the digits text must be " + std::to_string(kDigitsRows) + " lines of " +
                  std::to_string(kDigitsPixels + 1) + " letters (web/generated/digits.txt), got " +
                  std::to_string(t_.size()) + " bytes");
    for (size_t i = 0; i < t_.size(); ++i) {
      const size_t col = i % line;
      const char c = t_[i];
      const bool ok = col == line - 1 ? c == '\n' : (c >= 'A' && c <= (col == kDigitsPixels ? 'J' : 'Q'));
      if (!ok)
        throw Error("digits: line " + std::to_string(i / line + 1) + ", column " + std::to_string(col + 1) +
                    ": unexpected character in the digits text");
    }
  }
  int value(int row, int col) const { return t_[static_cast<size_t>(row) * (kDigitsPixels + 2) + col] - 'A'; }

 private:
  const std::string& t_;
};

Dataset make_digits(const DataConfig& cfg) {
  Rows all;
  all.n = kDigitsRows;
  all.width = kDigitsPixels;
  all.x.resize(static_cast<size_t>(kDigitsRows) * kDigitsPixels);
  all.labels.resize(kDigitsRows);
  auto fill = [&](auto value) {
    for (int r = 0; r < kDigitsRows; ++r) {
      for (int c = 0; c < kDigitsPixels; ++c) {
        all.x[static_cast<size_t>(r) * kDigitsPixels + c] = value(r, c) / 16.0;
      }
      all.labels[static_cast<size_t>(r)] = value(r, kDigitsPixels);
    }
  };
  if (cfg.digits) {
    const DigitsText text(*cfg.digits);
    fill([&](int r, int c) { return text.value(r, c); });
  } else {
#if defined(GS_DIGITS_EMBEDDED)
    fill([](int r, int c) { return digits_value(r, c); });
#else
    throw Error("data.name: the digits are not loaded (this build keeps them out of the engine: pass the text of "
                "web/generated/digits.txt, e.g. loadGradscope({ digits }) or setDigits(text))");
#endif
  }
  Dataset d;
  d.name = "digits";
  d.task = Task::multiclass;
  d.features = kDigitsPixels;
  d.classes = 10;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      d.feature_names.push_back("r" + std::to_string(r) + "c" + std::to_string(c));
    }
  }
  for (int k = 0; k < 10; ++k) d.class_names.push_back(std::to_string(k));
  Pcg32 rng(cfg.seed);
  shuffle_and_split(all, cfg.test_fraction, rng, d);
  return d;
}

}  // namespace

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = {"circles", "xor",        "gaussians", "spiral",
                                                 "moons",   "regression", "digits"};
  return names;
}

Dataset make_dataset(const DataConfig& cfg) {
  const GenInfo* gen = nullptr;
  for (const GenInfo& g : kGenerators) {
    if (cfg.name == g.name) gen = &g;
  }
  if (gen == nullptr && cfg.name != "digits") {
    std::string list;
    for (const std::string& n : dataset_names()) list += (list.empty() ? "" : ", ") + n;
    throw Error("data.name: unknown dataset '" + cfg.name + "', expected one of " + list);
  }
  if (gen != nullptr) {
    if (cfg.samples < 10 || cfg.samples > kMaxDataRows) {
      throw Error("data.samples: must be in 10.." + std::to_string(kMaxDataRows) + ", got " +
                  std::to_string(cfg.samples));
    }
    if (!(cfg.noise >= 0.0 && cfg.noise <= 1.0)) {
      throw Error("data.noise: must be in 0..1, got " + fmt_num(cfg.noise));
    }
  }
  check_test_fraction(cfg.test_fraction, "data.test_fraction");
  return gen != nullptr ? make_generated(*gen, cfg) : make_digits(cfg);
}

}  // namespace gs
