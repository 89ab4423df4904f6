// Datasets: the seeded 2-D generators, the embedded digits, and the CSV reader; see dataset.hpp.
//
// Every random draw goes through gs::Pcg32 (never std::*_distribution or std::shuffle), so a
// given DataConfig gives the same rows bit for bit on every platform with the same libm.
// Generated sets: rows are generated class by class (balanced: the first samples/2 rows are
// class 0, the rest class 1), then shuffled with the same generator, then split: the first
// round(rows * test_fraction) shuffled rows are the test set (at most rows - 1, so the train
// set is never empty), the rest the train set.
#include "core/dataset.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace gs {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Shortest text that reads back as v ("3", "0.25", "1e+30", "nan").
std::string fmt(double v) {
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// Number of test rows for `rows` rows: round(rows * fraction), leaving at least 1 train row.
int test_rows(int rows, double fraction) {
  int t = static_cast<int>(std::floor(rows * fraction + 0.5));
  return std::max(0, std::min(t, rows - 1));
}

void check_test_fraction(double f, const char* field) {
  if (!(f >= 0.0 && f <= 0.9)) {
    throw Error(std::string(field) + ": must be in 0..0.9, got " + fmt(f));
  }
}

// Rows of a whole set before the split.
struct Rows {
  int n = 0;
  int width = 0;               // features
  int targets = 0;             // regression targets per row (0 for classification)
  std::vector<double> x, y;
  std::vector<int> labels;
};

// Shuffles `all` with rng and splits it into d.train and d.test.
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
      throw Error("data.noise: must be in 0..1, got " + fmt(cfg.noise));
    }
  }
  check_test_fraction(cfg.test_fraction, "data.test_fraction");
  return gen != nullptr ? make_generated(*gen, cfg) : make_digits(cfg);
}

// ---- CSV ---------------------------------------------------------------------------------
// Rules (beyond dataset.hpp): cells are separated by ',' only; a cell may be quoted
// ("a, b" with "" for a quote, newlines allowed inside quotes); spaces and tabs at both
// ends of a cell (inside or outside the quotes) are ignored; lines end with LF, CRLF or a
// lone CR; blank lines are skipped anywhere; a UTF-8 BOM is skipped. Numbers are decimal
// (strtod syntax without hex); nan, inf and values that overflow a double are rejected.
// An empty feature cell is an error (no missing values). In regression mode, a first row
// with any non-numeric cell (label included) is a header. Header cells name the features
// (an empty one becomes "x<k>"). Feature values are NOT standardised or scaled: they are
// used as they are in the file. "Line" in messages is the 1-based line of the file where
// the row starts; "column" is the 1-based cell index. The size limit is checked first.

namespace {

struct Cell {
  std::string text;  // unquoted, trimmed
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// A cell for a message: quoted, at most 40 bytes of valid UTF-8 (invalid bytes as '?').
std::string show(const std::string& s) { return "'" + message_text(s, 40) + "'"; }

enum class Num { ok, nonfinite, bad, empty };

Num parse_number(const std::string& s, double* out) {
  if (s.empty()) return Num::empty;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (!(c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
      digit = false;
      // nan / inf / infinity with an optional sign: numbers, but not finite.
      std::string w;
      size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
      for (; i < s.size(); ++i) {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
      }
      if (w == "nan" || w == "inf" || w == "infinity") return Num::nonfinite;
      return Num::bad;
    }
  }
  if (!digit) return Num::bad;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return Num::bad;
  if (!std::isfinite(v)) return Num::nonfinite;
  *out = v;
  return Num::ok;
}

// Optional sign and 1..18 digits.
bool parse_int_label(const std::string& s, long long* out) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
  }
  *out = std::strtoll(s.c_str(), nullptr, 10);
  return true;
}

std::string at(int line) { return "csv line " + std::to_string(line); }
std::string at(int line, int col) { return at(line) + ", column " + std::to_string(col); }

// Reads one row starting at text[pos]; advances pos past its line end and line past the
// lines it spans. Returns false at the end of the text.
bool read_row(const std::string& text, size_t& pos, int& line, std::vector<Cell>& cells) {
  cells.clear();
  const size_t n = text.size();
  if (pos >= n) return false;
  const int start_line = line;
  std::string cur;
  bool quoted = false;       // the current cell had a quoted part
  bool after_quote = false;  // only spaces may follow a closing quote
  bool has_text = false;     // cur holds a character other than a space or tab
  auto push = [&]() {
    cells.push_back(Cell{trim(cur)});
    cur.clear();
    quoted = after_quote = has_text = false;
  };
  while (pos < n) {
    const char c = text[pos];
    if (c == '\n' || c == '\r') {
      pos += (c == '\r' && pos + 1 < n && text[pos + 1] == '\n') ? 2 : 1;
      ++line;
      push();
      return true;
    }
    ++pos;
    if (c == ',') {
      push();
    } else if (after_quote) {
      if (!is_space(c)) {
        throw Error(at(start_line, static_cast<int>(cells.size()) + 1) +
                    ": unexpected character after a closing quote");
      }
    } else if (c == '"' && !quoted && !has_text) {  // (not trim(cur): quadratic on a"""...)
      cur.clear();
      quoted = true;
      for (;;) {
        if (pos >= n) {
          throw Error(at(start_line, static_cast<int>(cells.size()) + 1) +
                      ": unterminated quoted cell");
        }
        const char q = text[pos++];
        if (q == '"') {
          if (pos < n && text[pos] == '"') {
            cur += '"';
            ++pos;
          } else {
            break;
          }
        } else {
          if (q == '\n') ++line;
          cur += q;
        }
      }
      after_quote = true;
    } else {
      cur += c;
      has_text = has_text || !is_space(c);
    }
  }
  push();
  return true;
}

bool blank_row(const std::vector<Cell>& cells) {
  return cells.size() == 1 && cells[0].text.empty();
}

}  // namespace

Dataset parse_csv(const std::string& text, const std::string& file_name, double test_fraction,
                  uint64_t seed, int label_column, bool regression) {
  if (static_cast<int64_t>(text.size()) > kMaxCsvBytes) {
    throw Error("csv: " + std::to_string(text.size()) + " bytes is larger than the " +
                std::to_string(kMaxCsvBytes) + "-byte limit");
  }
  check_test_fraction(test_fraction, "data.test_fraction");

  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  int line = 1;
  std::vector<Cell> cells;

  Rows all;
  int cols = 0, label = 0;
  bool header = false;
  std::vector<std::string> feature_names;
  std::vector<std::string> label_text;   // classification: one per row
  int first_line = 0;

  for (;;) {
    const int row_line = line;
    if (!read_row(text, pos, line, cells)) break;
    if (blank_row(cells)) continue;
    if (cols == 0) {
      // First non-blank row: fixes the column count, the label column and the header.
      first_line = row_line;
      cols = static_cast<int>(cells.size());
      if (cols < 2) {
        throw Error(at(row_line) + ": expected at least 2 cells (features and a label), got " +
                    std::to_string(cols));
      }
      if (cols - 1 > kMaxFeatures) {
        throw Error("csv: " + std::to_string(cols - 1) + " feature columns is more than the " +
                    std::to_string(kMaxFeatures) + "-column limit");
      }
      if (label_column < -1 || label_column >= cols) {
        throw Error("csv: label column must be in -1.." + std::to_string(cols - 1) +
                    " (-1 = last), got " + std::to_string(label_column));
      }
      label = label_column == -1 ? cols - 1 : label_column;
      for (int c = 0; c < cols; ++c) {
        if (c == label && !regression) continue;
        double v;
        if (parse_number(cells[static_cast<size_t>(c)].text, &v) == Num::bad) header = true;
      }
      for (int c = 0, k = 0; c < cols; ++c) {
        if (c == label) continue;
        ++k;
        const std::string& h = cells[static_cast<size_t>(c)].text;
        feature_names.push_back(header && !h.empty() ? h : "x" + std::to_string(k));
      }
      all.width = cols - 1;
      all.targets = regression ? 1 : 0;
      if (header) continue;
    }
    if (static_cast<int>(cells.size()) != cols) {
      throw Error(at(row_line) + ": expected " + std::to_string(cols) + " cells, got " +
                  std::to_string(cells.size()));
    }
    if (all.n >= kMaxDataRows) {
      throw Error(at(row_line) + ": more than " + std::to_string(kMaxDataRows) +
                  " data rows (the limit)");
    }
    for (int c = 0; c < cols; ++c) {
      const std::string& s = cells[static_cast<size_t>(c)].text;
      if (c == label && !regression) {
        if (s.empty()) throw Error(at(row_line, c + 1) + ": empty label");
        label_text.push_back(s);
        continue;
      }
      double v = 0;
      switch (parse_number(s, &v)) {
        case Num::ok: break;
        case Num::empty: throw Error(at(row_line, c + 1) + ": empty cell, expected a number");
        case Num::nonfinite:
          throw Error(at(row_line, c + 1) + ": " + show(s) + " is not a finite number");
        case Num::bad: throw Error(at(row_line, c + 1) + ": " + show(s) + " is not a number");
      }
      (c == label ? all.y : all.x).push_back(v);
    }
    ++all.n;
  }

  if (cols == 0) throw Error("csv: no data rows (the file is empty)");
  if (all.n == 0) {
    throw Error("csv: no data rows (only a header on line " + std::to_string(first_line) + ")");
  }

  Dataset d;
  d.name = "csv:" + file_name;
  d.features = cols - 1;
  d.feature_names = std::move(feature_names);
  if (regression) {
    d.task = Task::regression;
    d.targets = 1;
  } else {
    // All-integer labels: classes are the sorted distinct values; else order of appearance.
    bool all_int = true;
    std::vector<long long> ints(label_text.size());
    for (size_t i = 0; i < label_text.size() && all_int; ++i) {
      all_int = parse_int_label(label_text[i], &ints[i]);
    }
    all.labels.resize(label_text.size());
    if (all_int) {
      std::vector<long long> values = ints;
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      if (values.size() <= static_cast<size_t>(kMaxClasses)) {
        for (long long v : values) d.class_names.push_back(std::to_string(v));
        for (size_t i = 0; i < ints.size(); ++i) {
          all.labels[i] = static_cast<int>(
              std::lower_bound(values.begin(), values.end(), ints[i]) - values.begin());
        }
      }
      d.classes = static_cast<int>(values.size());
    } else {
      std::unordered_map<std::string, int> index;
      for (size_t i = 0; i < label_text.size(); ++i) {
        auto it = index.find(label_text[i]);
        if (it == index.end()) {
          it = index.emplace(label_text[i], static_cast<int>(index.size())).first;
          d.class_names.push_back(label_text[i]);
        }
        all.labels[i] = it->second;
      }
      d.classes = static_cast<int>(index.size());
    }
    if (d.classes > kMaxClasses) {
      throw Error("csv: label column has " + std::to_string(d.classes) +
                  " classes, more than the " + std::to_string(kMaxClasses) + "-class limit");
    }
    if (d.classes < 2) throw Error("csv: label column has only 1 class, need at least 2");
    d.task = d.classes == 2 ? Task::binary : Task::multiclass;
  }
  Pcg32 rng(seed);
  shuffle_and_split(all, test_fraction, rng, d);
  return d;
}

Dataset load_csv_file(const std::string& path, double test_fraction, uint64_t seed,
                      int label_column, bool regression) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error("csv: cannot open '" + path + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("csv: cannot open '" + path + "'");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0 || !in) throw Error("csv: cannot read '" + path + "'");
  if (size > kMaxCsvBytes) {
    throw Error("csv: '" + path + "' is " + std::to_string(size) + " bytes, larger than the " +
                std::to_string(kMaxCsvBytes) + "-byte limit");
  }
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(&text[0], size)) throw Error("csv: cannot read '" + path + "'");
  const size_t slash = path.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return parse_csv(text, base, test_fraction, seed, label_column, regression);
}

}  // namespace gs
