// libFuzzer harness: the CSV loader (gs::parse_csv).
// Input layout: byte 0 = flags (bits 0-3: label_column = value - 1, so -1..14; bit 4:
// regression; bits 5-6: test_fraction 0, 0.2, 0.5 or 0.9), byte 1 = seed, the rest = the
// CSV text. For every text that loads: the dataset's invariants hold (row counts, sizes,
// labels in range, finite values), and when it is small a session (a fitting network)
// trains a few steps on it and evaluates.
#include <cmath>
#include <memory>
#include <string>

#include "core/csv.hpp"
#include "core/dataset.hpp"
#include "core/session.hpp"
#include "fuzz/fuzz_common.hpp"

namespace {

void check_split(const gs::Dataset& d, const gs::Split& s) {
  GS_FUZZ_CHECK(s.rows >= 0, "negative rows");
  GS_FUZZ_CHECK(s.x.size() == static_cast<size_t>(s.rows) * d.features, "x size != rows x features");
  for (double v : s.x) GS_FUZZ_CHECK(std::isfinite(v), "a non-finite feature value was accepted");
  if (d.task == gs::Task::regression) {
    GS_FUZZ_CHECK(s.y.size() == static_cast<size_t>(s.rows) * d.targets, "y size != rows x targets");
    for (double v : s.y) GS_FUZZ_CHECK(std::isfinite(v), "a non-finite target was accepted");
  } else {
    GS_FUZZ_CHECK(s.labels.size() == static_cast<size_t>(s.rows), "labels size != rows");
    for (int c : s.labels) GS_FUZZ_CHECK(c >= 0 && c < d.classes, "label out of range");
  }
}

void train_on(std::shared_ptr<const gs::Dataset> data) {
  const gs::Dataset& d = *data;
  const std::string net = gsfuzz::network_for(
      d, R"({"units": 4, "activation": "relu"}, {"units": 3, "activation": "rrelu", "batchnorm": true})", 3);
  gs::SessionConfig cfg;
  cfg.train.batch = d.train.rows < 4 ? d.train.rows : 4;
  cfg.train.probe_every = 2;
  auto s = gs::Session::create(gs::parse_network(net), cfg, data);
  s->step(3);
  (void)s->stats_json();
  (void)s->evaluate_json();
  (void)s->probe_json();
  (void)s->history_csv();
  (void)s->info_json();  // header and label texts are the file's bytes, maybe not UTF-8
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gsfuzz::Input in{data, size};
  const uint8_t flags = in.take(), seed = in.take();
  const int label_column = static_cast<int>(flags & 15) - 1;
  const bool regression = (flags & 16) != 0;
  static const double kFractions[] = {0.0, 0.2, 0.5, 0.9};
  const double test_fraction = kFractions[(flags >> 5) & 3];
  const std::string text = in.rest();
  gs::Dataset d;
  if (!gsfuzz::expect_ok_or_error(
          [&] { d = gs::parse_csv(text, "fuzz.csv", test_fraction, seed, label_column, regression); }))
    return 0;
  GS_FUZZ_CHECK(d.features >= 1 && d.features <= gs::kMaxFeatures, "features out of range");
  GS_FUZZ_CHECK(d.train.rows >= 1, "empty training split");
  GS_FUZZ_CHECK(d.train.rows + d.test.rows <= gs::kMaxDataRows, "row limit not enforced");
  GS_FUZZ_CHECK(static_cast<int>(d.feature_names.size()) == d.features, "feature names != features");
  if (d.task == gs::Task::regression) {
    GS_FUZZ_CHECK(regression && d.targets == 1 && d.classes == 0, "regression shape");
  } else {
    GS_FUZZ_CHECK(!regression && d.classes >= 2 && d.classes <= gs::kMaxClasses, "class count out of range");
    GS_FUZZ_CHECK(static_cast<int>(d.class_names.size()) == d.classes, "class names != classes");
  }
  check_split(d, d.train);
  check_split(d, d.test);
  if (d.features <= 64 && d.train.rows + d.test.rows <= 2000) {
    auto shared = std::make_shared<const gs::Dataset>(std::move(d));
    GS_FUZZ_CHECK(gsfuzz::expect_ok_or_error([&] { train_on(shared); }),
                  "a fitting network could not train on a loaded CSV");
  }
  return 0;
}
