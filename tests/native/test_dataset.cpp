// Tests for core/dataset: the generators, the embedded digits, and the CSV reader.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/dataset.hpp"
#include "core/error.hpp"

using gs::DataConfig;
using gs::Dataset;
using gs::Error;
using gs::Task;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_bits(const Dataset& a, const Dataset& b) {
  return same_bits(a.train.x, b.train.x) && same_bits(a.test.x, b.test.x) &&
         same_bits(a.train.y, b.train.y) && same_bits(a.test.y, b.test.y) &&
         a.train.labels == b.train.labels && a.test.labels == b.test.labels;
}

DataConfig config(const std::string& name, int samples = 500, double noise = 0.1,
                  double test_fraction = 0.2, uint64_t seed = 1) {
  DataConfig c;
  c.name = name;
  c.samples = samples;
  c.noise = noise;
  c.test_fraction = test_fraction;
  c.seed = seed;
  return c;
}

void check_split_shapes(const gs::Split& s, const Dataset& d) {
  CHECK(s.x.size() == static_cast<size_t>(s.rows) * d.features);
  if (d.task == Task::regression) {
    CHECK(s.y.size() == static_cast<size_t>(s.rows) * d.targets);
    CHECK(s.labels.empty());
  } else {
    CHECK(s.y.empty());
    REQUIRE(s.labels.size() == static_cast<size_t>(s.rows));
    if (!s.labels.empty()) {
      CHECK(*std::min_element(s.labels.begin(), s.labels.end()) >= 0);
      CHECK(*std::max_element(s.labels.begin(), s.labels.end()) < d.classes);
    }
  }
}

Dataset csv(const std::string& text, int label_column = -1, bool regression = false,
            double test_fraction = 0.0) {
  return gs::parse_csv(text, "t.csv", test_fraction, 7, label_column, regression);
}

// All rows of both splits in one list (x row, label or target) for order-free checks.
struct Row {
  std::vector<double> x;
  double target;
  bool operator<(const Row& o) const { return x < o.x || (x == o.x && target < o.target); }
  bool operator==(const Row& o) const { return x == o.x && target == o.target; }
};

std::vector<Row> all_rows(const Dataset& d) {
  std::vector<Row> rows;
  for (const gs::Split* s : {&d.train, &d.test}) {
    for (int r = 0; r < s->rows; ++r) {
      Row row;
      row.x.assign(s->x.begin() + r * d.features, s->x.begin() + (r + 1) * d.features);
      row.target = d.task == Task::regression ? s->y[static_cast<size_t>(r)]
                                              : s->labels[static_cast<size_t>(r)];
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

TEST_CASE("dataset_names lists the generators and digits") {
  const auto& n = gs::dataset_names();
  CHECK(n == std::vector<std::string>{"circles", "xor", "gaussians", "spiral", "moons",
                                      "regression", "digits"});
}

TEST_CASE("generated 2-D sets: shapes, ranges, balance, split") {
  for (const char* name : {"circles", "xor", "gaussians", "spiral", "moons", "regression"}) {
    CAPTURE(name);
    const Dataset d = gs::make_dataset(config(name, 500, 0.1, 0.2, 3));
    CHECK(d.name == name);
    CHECK(d.features == 2);
    CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(d.test.rows == 100);
    CHECK(d.train.rows == 400);
    check_split_shapes(d.train, d);
    check_split_shapes(d.test, d);
    if (std::string(name) == "regression") {
      CHECK(d.task == Task::regression);
      CHECK(d.targets == 1);
      CHECK(d.classes == 0);
      for (double y : d.train.y) CHECK(std::fabs(y) < 1.5);
    } else {
      CHECK(d.task == Task::binary);
      CHECK(d.classes == 2);
      CHECK(d.targets == 0);
      CHECK(d.class_names.size() == 2);
      int ones = 0;
      for (int l : d.train.labels) ones += l;
      for (int l : d.test.labels) ones += l;
      CHECK(ones == 250);  // exactly balanced overall
      // The split is a shuffle, so the train set is roughly balanced too.
      int train_ones = 0;
      for (int l : d.train.labels) train_ones += l;
      CHECK(train_ones > 160);
      CHECK(train_ones < 240);
    }
    // Roughly zero-centred, unit-ish scale.
    double sum[2] = {0, 0}, sq[2] = {0, 0}, mx = 0;
    for (size_t i = 0; i < d.train.x.size(); ++i) {
      sum[i % 2] += d.train.x[i];
      sq[i % 2] += d.train.x[i] * d.train.x[i];
      mx = std::max(mx, std::fabs(d.train.x[i]));
    }
    CHECK(mx <= 2.0);
    for (int k = 0; k < 2; ++k) {
      const double mean = sum[k] / d.train.rows;
      const double sd = std::sqrt(sq[k] / d.train.rows - mean * mean);
      CHECK(std::fabs(mean) < 0.3);
      CHECK(sd > 0.2);
      CHECK(sd < 1.2);
    }
  }
}

TEST_CASE("generated sets are deterministic per seed") {
  for (const char* name : {"circles", "xor", "gaussians", "spiral", "moons", "regression",
                           "digits"}) {
    CAPTURE(name);
    const Dataset a = gs::make_dataset(config(name, 300, 0.3, 0.25, 42));
    const Dataset b = gs::make_dataset(config(name, 300, 0.3, 0.25, 42));
    const Dataset c = gs::make_dataset(config(name, 300, 0.3, 0.25, 43));
    CHECK(same_bits(a, b));
    CHECK_FALSE(same_bits(a, c));
  }
}

TEST_CASE("generated sets: noise 0 and 1, sizes at the limits, test fraction") {
  const Dataset clean = gs::make_dataset(config("circles", 200, 0.0, 0.0));
  for (int r = 0; r < clean.train.rows; ++r) {
    const double x = clean.train.x[2 * r], y = clean.train.x[2 * r + 1];
    const double rad = std::sqrt(x * x + y * y);
    if (clean.train.labels[r] == 0) {
      CHECK(rad <= 0.5 + 1e-12);
    } else {
      CHECK(rad >= 0.7 - 1e-12);
      CHECK(rad <= 1.0 + 1e-12);
    }
  }
  const Dataset xr = gs::make_dataset(config("xor", 200, 0.0, 0.0));
  for (int r = 0; r < xr.train.rows; ++r) {
    CHECK(xr.train.labels[r] == (xr.train.x[2 * r] * xr.train.x[2 * r + 1] > 0 ? 1 : 0));
  }
  CHECK(gs::make_dataset(config("moons", 10, 1.0, 0.9)).train.rows == 1);
  CHECK(gs::make_dataset(config("moons", 10, 1.0, 0.9)).test.rows == 9);
  CHECK(gs::make_dataset(config("spiral", 11, 0.5, 0.0)).test.rows == 0);
  CHECK(gs::make_dataset(config("spiral", 11, 0.5, 0.0)).train.rows == 11);
  const Dataset big = gs::make_dataset(config("gaussians", 100000, 1.0, 0.5));
  CHECK(big.train.rows == 50000);
  CHECK(big.test.rows == 50000);
}

TEST_CASE("make_dataset validates its fields") {
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("foo")),
                       "data.name: unknown dataset 'foo', expected one of circles, xor, "
                       "gaussians, spiral, moons, regression, digits",
                       Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("circles", 3)),
                       "data.samples: must be in 10..100000, got 3", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("circles", 100001)),
                       "data.samples: must be in 10..100000, got 100001", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("xor", 100, 2)),
                       "data.noise: must be in 0..1, got 2", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("xor", 100, -0.5)),
                       "data.noise: must be in 0..1, got -0.5", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("xor", 100, std::nan(""))),
                       "data.noise: must be in 0..1, got NaN", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("moons", 100, 0.1, 0.95)),
                       "data.test_fraction: must be in 0..0.9, got 0.95", Error);
  CHECK_THROWS_WITH_AS(gs::make_dataset(config("digits", 100, 0.1, -0.1)),
                       "data.test_fraction: must be in 0..0.9, got -0.1", Error);
  // digits ignores samples and noise.
  CHECK_NOTHROW(gs::make_dataset(config("digits", 3, 5.0, 0.2)));
}

TEST_CASE("digits: embedded data equals the source file") {
  // First and last lines of digits.csv.gz (sklearn's copy of the UCI test set).
  const int first[65] = {0, 0, 5,  13, 9,  1,  0,  0, 0, 0, 13, 15, 10, 15, 5,  0, 0,
                         3, 15, 2,  0,  11, 8,  0, 0, 4, 12, 0,  0,  8,  8,  0, 0, 5,
                         8, 0,  0,  9,  8,  0,  0, 4, 11, 0,  1,  12, 7,  0,  0, 2, 14,
                         5, 10, 12, 0,  0,  0,  0, 6, 13, 10, 0,  0,  0,  0};
  const int last[65] = {0,  0, 10, 14, 8,  1,  0,  0,  0, 2,  16, 14, 6,  1,  0, 0, 0,
                        0,  15, 15, 8,  15, 0,  0,  0, 0,  5,  16, 16, 10, 0, 0, 0, 0,
                        12, 15, 15, 12, 0,  0,  0, 4,  16, 6,  4,  16, 6, 0, 0, 8, 16,
                        10, 8,  16, 8,  0,  0,  1, 8,  12, 14, 12, 1, 0, 8};
  for (int c = 0; c < 65; ++c) {
    CAPTURE(c);
    CHECK(gs::digits_value(0, c) == first[c]);
    CHECK(gs::digits_value(gs::kDigitsRows - 1, c) == last[c]);
  }
  CHECK(gs::digits_value(1, 64) == 1);
  CHECK(gs::digits_value(2, 64) == 2);
  CHECK_THROWS_AS(gs::digits_value(gs::kDigitsRows, 0), Error);
  CHECK_THROWS_AS(gs::digits_value(0, 65), Error);
  CHECK_THROWS_AS(gs::digits_value(-1, 0), Error);

  int counts[10] = {};
  for (int r = 0; r < gs::kDigitsRows; ++r) {
    for (int c = 0; c < 64; ++c) {
      const int v = gs::digits_value(r, c);
      REQUIRE(v >= 0);
      REQUIRE(v <= 16);
    }
    const int l = gs::digits_value(r, 64);
    REQUIRE(l >= 0);
    REQUIRE(l <= 9);
    ++counts[l];
  }
  const int expected[10] = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
  for (int k = 0; k < 10; ++k) {
    CAPTURE(k);
    CHECK(counts[k] >= 170);
    CHECK(counts[k] <= 190);
    CHECK(counts[k] == expected[k]);
  }
}

TEST_CASE("digits dataset: shape, scaling, split") {
  const Dataset d = gs::make_dataset(config("digits", 500, 0.1, 0.2, 5));
  CHECK(d.name == "digits");
  CHECK(d.task == Task::multiclass);
  CHECK(d.features == 64);
  CHECK(d.classes == 10);
  CHECK(d.class_names.size() == 10);
  CHECK(d.class_names[3] == "3");
  CHECK(d.feature_names.size() == 64);
  CHECK(d.train.rows + d.test.rows == 1797);
  CHECK(d.test.rows == 359);  // round(1797 * 0.2)
  check_split_shapes(d.train, d);
  check_split_shapes(d.test, d);
  CHECK(*std::min_element(d.train.x.begin(), d.train.x.end()) == 0.0);
  CHECK(*std::max_element(d.train.x.begin(), d.train.x.end()) == 1.0);
  // The first source image is somewhere in the shuffled rows, scaled by 1/16.
  const Dataset all = gs::make_dataset(config("digits", 500, 0.1, 0.0, 5));
  CHECK(all.test.rows == 0);
  bool found = false;
  for (int r = 0; r < all.train.rows && !found; ++r) {
    bool eq = all.train.labels[r] == gs::digits_value(0, 64);
    for (int c = 0; c < 64 && eq; ++c) {
      eq = all.train.x[static_cast<size_t>(r) * 64 + c] == gs::digits_value(0, c) / 16.0;
    }
    found = eq;
  }
  CHECK(found);
  int counts[10] = {};
  for (int l : all.train.labels) ++counts[l];
  for (int k = 0; k < 10; ++k) {
    CHECK(counts[k] >= 170);
    CHECK(counts[k] <= 190);
  }
}

// ---- CSV ------------------------------------------------------------------------------

TEST_CASE("csv with header and string labels") {
  const std::string text =
      "sepal, petal ,species\n"
      "1.5,2,setosa\n"
      " -3 , 4e1 ,versicolor\n"
      "5,6,\"setosa\"\n"
      "7,8.25,virginica\n";
  const Dataset d = gs::parse_csv(text, "iris.csv", 0.0, 1);
  CHECK(d.name == "csv:iris.csv");
  CHECK(d.task == Task::multiclass);
  CHECK(d.features == 2);
  CHECK(d.classes == 3);
  CHECK(d.targets == 0);
  CHECK(d.feature_names == std::vector<std::string>{"sepal", "petal"});
  CHECK(d.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(d.train.rows == 4);
  CHECK(d.test.rows == 0);
  const auto rows = all_rows(d);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].x == std::vector<double>{-3, 40});
  CHECK(rows[0].target == 1);
  CHECK(rows[1].x == std::vector<double>{1.5, 2});
  CHECK(rows[1].target == 0);
  CHECK(rows[2].x == std::vector<double>{5, 6});
  CHECK(rows[2].target == 0);
  CHECK(rows[3].x == std::vector<double>{7, 8.25});
  CHECK(rows[3].target == 2);
}

TEST_CASE("csv without header, integer labels sorted by value") {
  const Dataset d = csv("0.5,1,7\n2,3,-1\n4,5,3\n6,7,7\n8,9,3\n");
  CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
  CHECK(d.task == Task::multiclass);
  CHECK(d.classes == 3);
  CHECK(d.class_names == std::vector<std::string>{"-1", "3", "7"});
  CHECK(d.train.rows == 5);
  const auto rows = all_rows(d);
  CHECK(rows[0].x == std::vector<double>{0.5, 1});
  CHECK(rows[0].target == 2);
  CHECK(rows[1].target == 0);
  CHECK(rows[2].target == 1);
}

TEST_CASE("csv: binary labels, label column, CRLF, blank lines, quotes, BOM") {
  const std::string text =
      "\xEF\xBB\xBF"
      "label,a,\"b \"\"quoted\"\"\"\r\n"
      "yes,1,2\r\n"
      "\r\n"
      "no,3,4\r\n"
      "yes,\" 5 \",6\r\n"
      "\r\n"
      "\r\n";
  const Dataset d = csv(text, 0);
  CHECK(d.task == Task::binary);
  CHECK(d.classes == 2);
  CHECK(d.class_names == std::vector<std::string>{"yes", "no"});
  CHECK(d.feature_names == std::vector<std::string>{"a", "b \"quoted\""});
  CHECK(d.train.rows == 3);
  const auto rows = all_rows(d);
  CHECK(rows[0].x == std::vector<double>{1, 2});
  CHECK(rows[0].target == 0);
  CHECK(rows[1].x == std::vector<double>{3, 4});
  CHECK(rows[1].target == 1);
  CHECK(rows[2].x == std::vector<double>{5, 6});
  // No trailing newline at all works too.
  CHECK(csv("1,a\n2,b").train.rows == 2);
}

TEST_CASE("csv regression and test split") {
  std::string text = "x,y,price\n";
  for (int i = 0; i < 50; ++i) {
    text += std::to_string(i) + "," + std::to_string(i * 2) + "," + std::to_string(i * 0.5) +
            "\n";
  }
  const Dataset d = gs::parse_csv(text, "p.csv", 0.2, 3, -1, true);
  CHECK(d.task == Task::regression);
  CHECK(d.targets == 1);
  CHECK(d.classes == 0);
  CHECK(d.feature_names == std::vector<std::string>{"x", "y"});
  CHECK(d.test.rows == 10);
  CHECK(d.train.rows == 40);
  check_split_shapes(d.train, d);
  check_split_shapes(d.test, d);
  for (const auto& r : all_rows(d)) CHECK(r.target == r.x[0] * 0.5);
  // Same seed, same split; other seed, other order.
  CHECK(same_bits(d, gs::parse_csv(text, "p.csv", 0.2, 3, -1, true)));
  CHECK_FALSE(same_bits(d, gs::parse_csv(text, "p.csv", 0.2, 4, -1, true)));
  // In regression mode a first row with a non-numeric target is a header too.
  const Dataset h = csv("1,2,y\n3,4,5\n5,6,7\n", -1, true);
  CHECK(h.train.rows == 2);
  CHECK(h.feature_names == std::vector<std::string>{"1", "2"});  // header cells as names
  // A single row keeps its train row even with a large test fraction.
  const Dataset one = csv("1,2,3\n", -1, true, 0.9);
  CHECK(one.train.rows == 1);
  CHECK(one.test.rows == 0);
}

TEST_CASE("csv: invalid inputs") {
  using doctest::Contains;
  CHECK_THROWS_WITH_AS(csv("a,b,c\n1,2,x\n3,abc,y\n"),
                       "csv line 3, column 2: 'abc' is not a number", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,3,4,x\n1,2,3,4,y\n\n1,2,3,4,x\n5,6,7,8,y\n1,2,3,4,x\n6,7,y\n"),
                       "csv line 7: expected 5 cells, got 3", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,3,a\n1,2,3,4,5\n"), "csv line 2: expected 4 cells, got 5", Error);
  CHECK_THROWS_WITH_AS(csv("a,b,t\n1,2,3\n4,5,cat\n", -1, true),
                       "csv line 3, column 3: 'cat' is not a number", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,x\n3,4,x\n"), "csv: label column has only 1 class, need at least 2",
                       Error);
  CHECK_THROWS_WITH_AS(csv(""), Contains("csv: no data rows"), Error);
  CHECK_THROWS_WITH_AS(csv("\n\r\n  \n"), Contains("csv: no data rows"), Error);
  CHECK_THROWS_WITH_AS(csv("a,b,label\n\n"), Contains("csv: no data rows"), Error);
  CHECK_THROWS_WITH_AS(csv(std::string(17000000, '1')),
                       "csv: 17000000 bytes is larger than the 16777216-byte limit", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\nnan,3,b\n"),
                       "csv line 2, column 1: 'nan' is not a finite number",
                       Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n1,-Inf,b\n"),
                       "csv line 2, column 2: '-Inf' is not a finite number", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n1,1e999,b\n"),
                       "csv line 2, column 2: '1e999' is not a finite number", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n3,4,b\n", 3),
                       "csv: label column must be in -1..2 (-1 = last), got 3", Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n3,4,b\n", -2),
                       "csv: label column must be in -1..2 (-1 = last), got -2", Error);
  CHECK_THROWS_WITH_AS(csv("1,,a\n3,4,b\n"), "csv line 1, column 2: empty cell, expected a number",
                       Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n3,4,\n"), "csv line 2, column 3: empty label", Error);
  CHECK_THROWS_WITH_AS(csv("1;2;3\n"), Contains("expected at least 2 cells"), Error);
  CHECK_THROWS_WITH_AS(csv("1,2,a\n1.2.3,4,b\n"), "csv line 2, column 1: '1.2.3' is not a number",
                       Error);
  CHECK_THROWS_WITH_AS(csv("1,\"2,a\n3,4,b\n"), "csv line 1, column 2: unterminated quoted cell",
                       Error);
  CHECK_THROWS_WITH_AS(csv("1,\"2\"x,a\n"),
                       "csv line 1, column 2: unexpected character after a closing quote", Error);
  CHECK_THROWS_WITH_AS(gs::parse_csv("1,a\n2,b\n", "t.csv", 0.95, 1),
                       "data.test_fraction: must be in 0..0.9, got 0.95", Error);

  // Too many classes.
  std::string many;
  for (int i = 0; i <= gs::kMaxClasses; ++i) many += "1,c" + std::to_string(i) + "\n";
  CHECK_THROWS_WITH_AS(csv(many),
                       "csv: label column has 101 classes, more than the 100-class limit",
                       Error);
  std::string many_int;
  for (int i = 0; i <= gs::kMaxClasses; ++i) many_int += "1," + std::to_string(i) + "\n";
  CHECK_THROWS_WITH_AS(csv(many_int), Contains("101 classes"), Error);

  // Too many feature columns.
  std::string wide;
  for (int i = 0; i < gs::kMaxFeatures + 1; ++i) wide += "1,";
  wide += "a\n";
  CHECK_THROWS_WITH_AS(csv(wide), "csv: 1025 feature columns is more than the 1024-column limit",
                       Error);
  std::string widest;
  for (int i = 0; i < gs::kMaxFeatures; ++i) widest += "1,";
  CHECK(csv(widest + "a\n" + widest + "b\n").features == gs::kMaxFeatures);

  // Too many rows.
  std::string tall;
  tall.reserve(5 * 100001);
  for (int i = 0; i < gs::kMaxDataRows; ++i) tall += (i % 2) ? "1,a\n" : "2,b\n";
  CHECK(csv(tall).train.rows == gs::kMaxDataRows);
  tall += "3,c\n";
  CHECK_THROWS_WITH_AS(csv(tall), "csv line 100001: more than 100000 data rows (the limit)", Error);
}

TEST_CASE("csv line numbers count lines inside quoted cells and blank lines") {
  CHECK_THROWS_WITH_AS(csv("f,label\n1,\"multi\nline\"\n\n2,b\nx,c\n"),
                       "csv line 6, column 1: 'x' is not a number", Error);
}

TEST_CASE("load_csv_file") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path();
  const fs::path file = dir / "gradscope_test_dataset_load.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << "a,b,label\n1,2,x\n3,4,y\n5,6,x\n";
  }
  const Dataset d = gs::load_csv_file(file.string(), 0.0, 1);
  CHECK(d.name == "csv:gradscope_test_dataset_load.csv");
  CHECK(d.train.rows == 3);
  CHECK(d.classes == 2);
  fs::remove(file);

  const std::string missing = (dir / "gradscope_no_such_file.csv").string();
  const std::string missing_msg = "csv: cannot open '" + missing + "'";
  CHECK_THROWS_WITH_AS(gs::load_csv_file(missing, 0.2, 1), missing_msg.c_str(), Error);
  const std::string dir_name = dir.string();
  const std::string dir_msg = "csv: cannot open '" + dir_name + "': it is a directory";
  CHECK_THROWS_WITH_AS(gs::load_csv_file(dir_name, 0.2, 1), dir_msg.c_str(), Error);

  const fs::path big = dir / "gradscope_test_dataset_big.csv";
  {
    std::ofstream out(big, std::ios::binary);
    out.seekp(gs::kMaxCsvBytes);  // sparse file of kMaxCsvBytes + 1 bytes
    out.put('\n');
  }
  CHECK_THROWS_WITH_AS(gs::load_csv_file(big.string(), 0.2, 1),
                       doctest::Contains("16777217 bytes, larger than the 16777216-byte limit"),
                       Error);
  fs::remove(big);
}
