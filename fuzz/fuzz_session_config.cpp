// libFuzzer harness: the session / training-configuration parser (gs::parse_session_config).
// For every document that parses: validate(train config) agrees, and when the data it
// names is small, the dataset is loaded, a network that fits it is built, and a session
// trains a few steps and answers every query (stats, evaluate, probe, history, grid,
// export/import, info). Errors from the data or the fit are gs::Errors (expected).
#include <memory>
#include <string>

#include "core/session.hpp"
#include "core/trainer.hpp"
#include "fuzz/fuzz_common.hpp"

namespace {

void run(const gs::SessionConfig& cfg) {
  auto data = gs::load_dataset(cfg);
  const gs::Dataset& d = *data;
  const std::string net = gsfuzz::network_for(
      d, R"({"units": 3, "activation": {"name": "prelu", "per": "unit"}}, {"units": 3, "activation": "tanh", "residual": true})", 5);
  auto s = gs::Session::create(gs::parse_network(net), cfg, data);
  s->step(2);
  (void)s->stats_json();
  (void)s->evaluate_json();
  (void)s->probe_json();
  (void)s->history_json();
  (void)s->history_matrix("dW_norm");
  if (d.features >= 2) (void)s->grid(4, -1, 1, -1, 1);
  s->import_network(s->export_network());
  (void)s->info_json();
  s->reset();
  s->step(1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  gs::SessionConfig cfg;
  if (!gsfuzz::expect_ok_or_error([&] { cfg = gs::parse_session_config(text); })) return 0;
  GS_FUZZ_CHECK(gsfuzz::expect_ok_or_error([&] { gs::validate(cfg.train); }),
                "validate refuses a parsed training configuration");
  // Keep each run short: the generators' row limit (100,000) is the loader's business.
  const bool small = !cfg.csv.empty() || cfg.data.name == "digits" || cfg.data.samples <= 3000;
  if (small && cfg.train.batch <= 512 && cfg.train.probe_rows <= 1024) {
    gsfuzz::expect_ok_or_error([&] { run(cfg); });
  }
  return 0;
}
