// Regression tests of the reliability work (docs/reliability.md): every crash, hang and
// garbage output found by fuzzing (fuzz/, scripts/fuzz.sh) and the sanitizers
// (scripts/test-sanitize.sh), the numerical-fault configurations (exploding and NaN
// training ends in a clean "diverged" state, in the session and in the CLI), and one test
// per size limit (refused with a message, before anything large is allocated).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/dataset.hpp"
#include "core/error.hpp"
#include "core/network.hpp"
#include "core/session.hpp"
#include "core/spec.hpp"
#include "core/stats.hpp"
#include "core/trainer.hpp"
#include "cli_helpers.hpp"
#include "helpers.hpp"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// Strict parse: nlohmann never accepts NaN/Infinity tokens, so this fails on garbage.
json strict(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  CHECK_FALSE(j.is_discarded());
  return j;
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = gs::utf8_char_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string nested(size_t depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

// A network document: `depth` hidden layers of `units` with one activation.
std::string deep_network(int depth, int units, const json& activation, const json& weights = nullptr,
                         const std::string& loss = "bce_logits", int inputs = 2, int outputs = 1) {
  json layers = json::array();
  for (int l = 0; l < depth; ++l) layers.push_back({{"units", units}, {"activation", activation}});
  layers.push_back({{"units", outputs}});
  json init = {{"seed", 1}};
  if (!weights.is_null()) init["weights"] = weights;
  return json{{"format", "gradscope-network/1"}, {"inputs", inputs}, {"layers", layers}, {"loss", loss}, {"init", init}}
      .dump();
}

// ---- running the CLI ----------------------------------------------------------------------

// The CLI runs under a 120 s `timeout`: a hang becomes status 124.
constexpr int kCliTimeout = 120;

}  // namespace

// ===== crashes, hangs and garbage found by fuzzing ===========================================

TEST_CASE("regression: deeply nested JSON in a wrong place is refused, not a stack overflow") {
  // The messages quoted the offending value with json::dump(), which recurses once per
  // nesting level: 100,000 levels overflowed the 8 MiB stack (fuzz_network, fuzz_grad).
  const std::string deep = nested(120000);
  GS_CHECK_ERROR(gs::parse_network(R"({"format": )" + deep + "}"), "format: must be a string, got array [[...]]");
  GS_CHECK_ERROR(gs::parse_network(R"({"format": "gradscope-network/1", "inputs": )" + deep + "}"),
                 "inputs: must be an integer in 1..1024, got [[...]]");
  GS_CHECK_ERROR(gs::parse_network(R"({"format": "gradscope-network/1", "inputs": 2, "layers": [{"units": 1}],
                                       "loss": "mse", "init": {"seed": )" + deep + "}}"),
                 "init.seed: must be an integer");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"batch": )" + deep + "}"), "batch: must be an integer in 1..4096, got [[...]]");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"stats": )" + deep + "}"), "stats: must be true or false");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"data": {"name": )" + deep + "}}"), "data.name: must be a string");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"seed": )" + deep + "}"), "seed: must be an integer");
  const gs::NetworkSpec spec = gs::parse_network(gst::kExampleNetwork);
  GS_CHECK_ERROR(gs::grad_report(spec, R"({"x": [[)" + deep + R"(, 1]], "y": [[1]]})", gs::Precision::float32),
                 "batch.x[0][0]: must be a number, got array [[...]]");
  // Deep nesting where it is ignored (unknown top-level keys) is fine.
  CHECK(gs::parse_network(R"({"format": "gradscope-network/1", "inputs": 2, "layers": [{"units": 1}], "loss": "mse",
                              "meta": )" + deep + "}").inputs == 2);
  // Shallow values are still quoted as before.
  GS_CHECK_ERROR(gs::parse_network(R"({"format": [1, 2]})"), "format: must be a string, got array [1,2]");
}

TEST_CASE("regression: error messages are valid UTF-8 and short, whatever they quote") {
  // Values were cut at byte 37 for the message, possibly inside a character: a message
  // that is not UTF-8 breaks every JSON document that carries it (nlohmann's dump throws).
  std::string e_acute;
  for (int i = 0; i < 30; ++i) e_acute += "\xC3\xA9";  // 60 bytes of U+00E9
  const std::string m1 = gst::error_of([&] { gs::parse_network(R"({"format": [")" + e_acute + R"("]})"); });
  CAPTURE(m1);
  CHECK(gst::contains(m1, "format: must be a string"));
  CHECK(valid_utf8(m1));
  const std::string m2 = gst::error_of([&] { gs::parse_session_config(R"({"batch": ")" + e_acute + R"("})"); });
  CHECK(valid_utf8(m2));
  const std::string m3 = gst::error_of([&] { gs::parse_csv("a,b\n1,2\n" + e_acute + ",x\n", "t.csv", 0, 1); });
  CAPTURE(m3);
  CHECK(gst::contains(m3, "csv line 3, column 1: '"));
  CHECK(valid_utf8(m3));
  // A cell that is not UTF-8 at all (a Latin-1 file): its bytes are shown as '?'.
  const std::string m4 = gst::error_of([&] { gs::parse_csv("1,2,a\nGr\xF6\xDF" "e,3,b\n", "t.csv", 0, 1); });
  CHECK(m4 == "csv line 2, column 1: 'Gr??e' is not a number");
  // JSON syntax errors quote the token read so far, maybe half a character ("tru\xC3").
  const std::string m5 = gst::error_of([&] { gs::parse_network("tru\xC3\xA9"); });
  CHECK(gst::contains(m5, "network: not valid JSON"));
  CHECK(valid_utf8(m5));
  const std::string m6 = gst::error_of([&] { gs::parse_session_config("[\"" + std::string(100000, 'a')); });
  CHECK(gst::contains(m6, "config: not valid JSON"));
  CHECK(m6.size() < 400);  // not the 100,000-byte token
  CHECK(gs::message_text("abc", 40) == "abc");
  CHECK(gs::message_text(std::string(50, 'x'), 40) == std::string(37, 'x') + "...");
  CHECK(gs::message_text("\xFF" "a\xC3", 40) == "?a?");
}

TEST_CASE("regression: a CSV cell of text followed by many quotes loads in linear time") {
  // `a"""...`: every quote re-trimmed the cell so far (quadratic: a 16 MiB file took
  // tens of minutes, a hang for the CLI and the page).
  const size_t n = 2000000;
  std::string text = "1,2,a\n" + std::string(n, 'x') + std::string(n, '"') + ",1,b\n";
  const auto t0 = std::chrono::steady_clock::now();
  GS_CHECK_ERROR(gs::parse_csv(text, "q.csv", 0, 1), "csv line 2, column 1: 'xxx");
  CHECK(seconds_since(t0) < 10);
  // The rule is unchanged: a quote opens a quoted cell only at the start (after spaces).
  const gs::Dataset d = gs::parse_csv("1,  \"2\" ,a\n3,4,b\n", "t.csv", 0, 1);
  CHECK(std::count(d.train.x.begin(), d.train.x.end(), 2.0) == 1);
  GS_CHECK_ERROR(gs::parse_csv("1,2,a\n3,x\"2\",b\n", "t.csv", 0, 1), "csv line 2, column 2: 'x\"2\"' is not a number");
}

TEST_CASE("regression: NaN activations report a NaN spread, not 0") {
  // act_std was sqrt(max(0, E[x^2] - mean^2)), and std::max(0.0, NaN) is 0.
  gs::NetworkSpec spec = gst::make_spec(1, {gst::act_of(gs::Act::relu)}, 2, 1, gs::Loss::mse);
  spec.parameters = {gst::params({1e300, 1}, {0, 0}), gst::params({1, 1}, {0})};  // 1e300 -> +inf in float
  gs::Network<float> net(spec);
  const std::vector<float> x = {0.0f, 1.0f};  // 0 * inf = NaN in the first unit
  net.forward(x.data(), 2, gs::Mode::eval, nullptr);
  std::vector<float> dout(2, 1.0f);
  net.backward(dout.data());
  const auto st = gs::layer_stats(net, 1e-3);
  CHECK(std::isnan(st[0].act_mean));
  CHECK(std::isnan(st[0].act_std));
  CHECK(std::isnan(st[1].act_std));
}

TEST_CASE("regression: info_json of a CSV whose header is not UTF-8 is valid JSON") {
  // The default json::dump() threw a json::type_error (not a gs::Error) on such names.
  auto data = std::make_shared<const gs::Dataset>(
      gs::parse_csv("Gr\xF6\xDF" "e,label\n1,a\n2,\xE9t\xE9\n3,a\n", "latin1.csv", 0, 1));
  gs::SessionConfig cfg;
  cfg.train.batch = 2;
  auto s = gs::Session::create(gs::parse_network(deep_network(1, 2, "relu", nullptr, "bce_logits", 1)), cfg, data);
  std::string info;
  CHECK_NOTHROW(info = s->info_json());
  const json j = strict(info);
  const std::string name = j["data"]["feature_names"][0].get<std::string>();
  CAPTURE(name);
  CHECK(name.rfind("Gr\xEF\xBF\xBD", 0) == 0);  // U+FFFD for the bytes that are not UTF-8
  CHECK(name.back() == 'e');
  CHECK(valid_utf8(j["data"]["class_names"][1].get<std::string>()));
}

// ===== numerical faults: exploding / NaN training ends in a clean diverged state ==========

namespace {

struct Fault {
  const char* name;
  std::string network;
  std::string config;
};

std::vector<Fault> diverging_faults() {
  const std::string sgd100 = R"("optimizer": {"name": "sgd", "lr": 100})";
  const std::string sgd01 = R"("optimizer": {"name": "sgd", "lr": 0.1})";
  return {
      {"lr 100 (sgd), the README's network", gst::kExampleNetwork, "{" + sgd100 + "}"},
      {"lr 100 (sgd), relu regression", deep_network(3, 16, "relu", nullptr, "mse"),
       R"({"data": {"name": "regression"}, )" + sgd100 + "}"},
      {"200 relu layers, he_normal gain 2, no normalisation",
       deep_network(200, 16, "relu", {{"name", "he_normal"}, {"gain", 2}}), "{" + sgd01 + "}"},
      {"ELU alpha 50", deep_network(10, 16, {{"name", "elu"}, {"alpha", 50}}), "{" + sgd01 + "}"},
      {"normal init std 100, 20 relu layers", deep_network(20, 16, "relu", {{"name", "normal"}, {"std", 100}}),
       "{" + sgd01 + "}"},
  };
}

void check_diverged(gs::Session& s, int max_steps) {
  const int done = s.step(max_steps);
  REQUIRE(s.diverged());
  CHECK(done < max_steps);
  CHECK(s.steps() == done + 1);  // the diverging step is counted, step() reports the ones before
  const json st = strict(s.stats_json());
  REQUIRE(st["diverged"].is_object());
  const json& d = st["diverged"];
  CHECK(d["step"] == s.steps());
  CHECK((d["layer"].is_null() || (d["layer"].is_number_integer() && d["layer"].get<int>() >= 0)));
  const std::string what = d["what"].get<std::string>();
  CHECK((what == "loss" || what == "activation" || what == "gradient" || what == "weight"));
  const std::string msg = d["message"].get<std::string>();
  CAPTURE(msg);
  CHECK(msg.rfind("diverged at step " + std::to_string(s.steps()) + " in ", 0) == 0);
  // After divergence, step() does nothing.
  const long steps = s.steps();
  CHECK(s.step(10) == 0);
  CHECK(s.steps() == steps);
  CHECK(strict(s.stats_json()) == st);
  // Every other document stays valid JSON (NaN and Inf written as null).
  strict(s.evaluate_json());
  strict(s.probe_json());
  strict(s.history_json());
  strict(s.export_network());
  // reset() starts again from the initial parameters.
  s.reset();
  CHECK_FALSE(s.diverged());
  CHECK(s.steps() == 0);
}

}  // namespace

TEST_CASE("faults: exploding configurations diverge cleanly, float32 and float64") {
  for (const char* precision : {"float32", "float64"}) {
    for (const Fault& f : diverging_faults()) {
      CAPTURE(precision);
      CAPTURE(f.name);
      json cfg = json::parse(f.config);
      cfg["precision"] = precision;
      if (!cfg.contains("data")) cfg["data"] = {{"name", "circles"}};
      auto s = gs::Session::create(f.network, cfg.dump());
      check_diverged(*s, 300);
      // With statistics off the origin is still located.
      auto quiet = gs::Session::create(f.network, cfg.dump());
      quiet->set_stats(false);
      check_diverged(*quiet, 300);
    }
  }
}

TEST_CASE("faults: 200 sigmoid / relu layers without normalisation vanish, finite and clean") {
  // The gradient vanishes (no overflow): training goes on, and every number is finite or null.
  for (const char* act : {"sigmoid", "relu"}) {
    for (const char* precision : {"float32", "float64"}) {
      CAPTURE(act);
      CAPTURE(precision);
      auto s = gs::Session::create(deep_network(200, 8, act),
                                   json{{"precision", precision}, {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}}}.dump());
      CHECK(s->step(20) == 20);
      CHECK_FALSE(s->diverged());
      const json st = strict(s->stats_json());
      CHECK(st["diverged"].is_null());
      CHECK(std::isfinite(st["loss"].get<double>()));
      const double dW0 = st["layers"][0]["dW_norm"].get<double>();
      CHECK(std::isfinite(dW0));
      CHECK(dW0 < 1e-6);  // vanished
      strict(s->history_json());
    }
  }
}

TEST_CASE("faults: the CLI exits 3 with a 'diverged at step S in ...' line and a last JSONL line carrying it") {
  gst::TempDir dir;
  struct Case {
    std::string network, args;
  };
  const std::vector<Case> cases = {
      {gst::kExampleNetwork, "--data circles --optimizer sgd --lr 100"},
      {deep_network(200, 16, "relu", {{"name", "he_normal"}, {"gain", 2}}), "--data circles --optimizer sgd --lr 0.1"},
      {deep_network(10, 16, {{"name", "elu"}, {"alpha", 50}}), "--data circles --optimizer sgd --lr 0.1"},
      {deep_network(20, 16, "relu", {{"name", "normal"}, {"std", 100}}), "--data circles --optimizer sgd --lr 0.1"},
  };
  for (const Case& c : cases) {
    for (const char* precision : {"float32", "float64"}) {
      const std::string net = dir.write("net.json", c.network);
      const gst::CliRun r = gst::run_cli(dir, "train '" + net + "' --steps 500 --every 50 --precision " + precision + " " + c.args, "", kCliTimeout);
      CAPTURE(c.args);
      CAPTURE(precision);
      CAPTURE(r.err);
      CHECK(r.status == 3);
      const auto err_lines = gst::lines_of(r.err);
      REQUIRE(err_lines.size() == 1);
      CHECK(err_lines[0].rfind("gradscope: diverged at step ", 0) == 0);
      CHECK(gst::contains(err_lines[0], " in "));
      const auto out = gst::lines_of(r.out);
      REQUIRE_FALSE(out.empty());
      for (const auto& l : out) strict(l);  // no NaN / Infinity tokens on any line
      const json last = strict(out.back());
      REQUIRE(last["diverged"].is_object());
      CHECK(gst::contains(err_lines[0], last["diverged"]["message"].get<std::string>()));
      CHECK(last["step"] == last["diverged"]["step"]);
    }
  }
}

// ===== limits: refused with a message, before the allocation ================================

TEST_CASE("limits: depth (256 layers)") {
  CHECK(gs::parse_network(deep_network(255, 2, "relu")).layers.size() == 256);
  GS_CHECK_ERROR(gs::parse_network(deep_network(256, 2, "relu")), "layers: must hold 1..256 layers, got 257");
}

TEST_CASE("limits: width (1,024 units per hidden layer, 1,024 inputs, 100 outputs)") {
  CHECK(gs::parse_network(deep_network(1, 1024, "relu")).layers[0].units == 1024);
  GS_CHECK_ERROR(gs::parse_network(deep_network(1, 1025, "relu")), "layers[0].units: must be in 1..1024, got 1025");
  GS_CHECK_ERROR(gs::parse_network(deep_network(1, 4, "relu", nullptr, "mse", 1025)), "inputs: must be in 1..1024, got 1025");
  GS_CHECK_ERROR(gs::parse_network(deep_network(1, 4, "relu", nullptr, "mse", 2, 101)), "layers[1].units: must be in 1..100, got 101");
}

TEST_CASE("limits: parameters (4,000,000): 256 layers x 1024 units is refused at once, without allocating") {
  const std::string doc = deep_network(255, 1024, "relu");
  auto t0 = std::chrono::steady_clock::now();
  GS_CHECK_ERROR(gs::parse_network(doc), "parameters, more than the limit of 4000000");
  CHECK(seconds_since(t0) < 2);
  // Built in code, past the parser: the Network constructor validates first too.
  gs::NetworkSpec spec;
  spec.inputs = 1024;
  for (int l = 0; l < 255; ++l) spec.layers.push_back(gst::layer(1024, gst::act_of(gs::Act::relu)));
  spec.layers.push_back(gst::layer(1, gs::Activation{}));
  t0 = std::chrono::steady_clock::now();
  GS_CHECK_ERROR(gs::Network<float>{spec}, "267649025 parameters, more than the limit of 4000000");
  CHECK(seconds_since(t0) < 2);
  // explicit parameters of an oversized network are never read
  json j = json::parse(deep_network(8, 1024, "relu"));
  j["parameters"] = "not even an array";
  GS_CHECK_ERROR(gs::parse_network(j.dump()), "more than the limit of 4000000");
}

TEST_CASE("limits: batch (4,096, and at most the training rows)") {
  GS_CHECK_ERROR(gs::parse_session_config(R"({"batch": 4097})"), "batch: must be in 1..4096, got 4097");
  GS_CHECK_ERROR(gs::Session::create(gst::kExampleNetwork, R"({"data": {"name": "circles", "samples": 100}, "batch": 81})"),
                 "batch: must be in 1..80 (the training rows of 'circles'), got 81");
  json x = json::array(), y = json::array();
  for (int r = 0; r < 4097; ++r) {
    x.push_back({0.5, 0.5});
    y.push_back({1});
  }
  GS_CHECK_ERROR(gs::grad_report(gs::parse_network(gst::kExampleNetwork), json{{"x", x}, {"y", y}}.dump(), gs::Precision::float32),
                 "batch.x: at most 4096 rows, got 4097");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"probe_rows": 4097})"), "probe_rows: must be in 1..4096, got 4097");
  // The gradient report obeys the trainer's activation-memory limit too: 4,096 rows through
  // 255 x 120 relu units (3.7 M parameters, within the limit) would have cached 2.5 GB
  // (5 values per hidden unit and row: z, a, f'(z), dz, da; 2 per output unit).
  json xs = json::array(), ys = json::array();
  for (int r = 0; r < 4096; ++r) {
    xs.push_back({0.5, -0.5});
    ys.push_back({1});
  }
  const gs::NetworkSpec wide = gs::parse_network(deep_network(255, 120, "relu"));
  const auto t0 = std::chrono::steady_clock::now();
  GS_CHECK_ERROR(gs::grad_report(wide, json{{"x", xs}, {"y", ys}}.dump(), gs::Precision::float32),
                 "batch.x: 4096 rows x 30601 units need 2390 MiB of activations, more than the 512 MiB limit");
  CHECK(seconds_since(t0) < 5);
}

TEST_CASE("limits: dataset rows (100,000)") {
  GS_CHECK_ERROR(gs::parse_session_config(R"({"data": {"samples": 100001}})"), "data.samples: must be in 10..100000, got 100001");
  gs::DataConfig dc;
  dc.samples = 100001;
  GS_CHECK_ERROR(gs::make_dataset(dc), "data.samples: must be in 10..100000, got 100001");
  std::string csv;
  csv.reserve(100002 * 4);
  for (int r = 0; r <= 100000; ++r) csv += r % 2 ? "1,a\n" : "2,b\n";
  GS_CHECK_ERROR(gs::parse_csv(csv, "big.csv", 0.2, 1), "csv line 100001: more than 100000 data rows (the limit)");
}

TEST_CASE("limits: CSV size (16 MiB), 1,024 feature columns, 100 classes") {
  const auto t0 = std::chrono::steady_clock::now();
  GS_CHECK_ERROR(gs::parse_csv(std::string(16 * 1024 * 1024 + 1, '1'), "big.csv", 0.2, 1),
                 "csv: 16777217 bytes is larger than the 16777216-byte limit");
  CHECK(seconds_since(t0) < 2);  // checked before reading a single row
  std::string wide;
  for (int c = 0; c < 1025; ++c) wide += "1,";
  GS_CHECK_ERROR(gs::parse_csv(wide + "a\n", "wide.csv", 0, 1), "csv: 1025 feature columns is more than the 1024-column limit");
  std::string many;
  for (int r = 0; r < 101; ++r) many += "1,c" + std::to_string(r) + "\n";
  GS_CHECK_ERROR(gs::parse_csv(many, "classes.csv", 0, 1), "csv: label column has 101 classes, more than the 100-class limit");
  gst::TempDir dir;
  const std::string big = dir.write("big.csv", std::string(16 * 1024 * 1024 + 1, '1'));
  GS_CHECK_ERROR(gs::load_csv_file(big, 0.2, 1), "bytes, larger than the 16777216-byte limit");
}

TEST_CASE("limits: history length (16..1,000,000 rows, and at most 2^26 values)") {
  GS_CHECK_ERROR(gs::parse_session_config(R"({"history_capacity": 15})"), "history_capacity: must be in 16..1000000, got 15");
  GS_CHECK_ERROR(gs::parse_session_config(R"({"history_capacity": 1000001})"),
                 "history_capacity: must be in 16..1000000, got 1000001");
  CHECK_NOTHROW(gs::Session::create(gst::kExampleNetwork, R"({"history_capacity": 1000000})"));
  // 1,000,000 rows x 201 layers x 11 series would be 17.7 GB once the run is long enough.
  GS_CHECK_ERROR(gs::Session::create(deep_network(200, 2, "relu"), R"({"history_capacity": 1000000})"),
                 "history_capacity: 1000000 rows of 2211 values (201 layers x 11 series) is more than the limit of "
                 "67108864 values; at most 30352 rows for this network");
  CHECK_NOTHROW(gs::Session::create(deep_network(200, 2, "relu"), R"({"history_capacity": 30352})"));
  // The default capacity fits the deepest network.
  CHECK_NOTHROW(gs::Session::create(deep_network(255, 2, "relu"), "{}"));
  // The history stays bounded on a long run.
  auto s = gs::Session::create(gst::kExampleNetwork, R"({"history_capacity": 16, "probe_every": 0})");
  s->step(1000);
  CHECK(json::parse(s->history_json())["steps"].size() <= 16);
}

TEST_CASE("limits: grid resolution (2..512) and bounds") {
  auto s = gs::Session::create(gst::kExampleNetwork, "{}");
  GS_CHECK_ERROR(s->grid(1, -1, 1, -1, 1), "grid.res: must be in 2..512, got 1");
  GS_CHECK_ERROR(s->grid(513, -1, 1, -1, 1), "grid.res: must be in 2..512, got 513");
  GS_CHECK_ERROR(s->grid(8, 1, -1, -1, 1), "grid: the bounds must be finite with lo < hi");
  GS_CHECK_ERROR(s->grid(8, -1, 1, -1, std::nan("")), "grid: the bounds must be finite with lo < hi");
  CHECK(s->grid(2, -1, 1, -1, 1).size() == 4);
}

TEST_CASE("limits: step count (session: 0..1,000,000 per call; CLI: 1..100,000,000)") {
  auto s = gs::Session::create(gst::kExampleNetwork, "{}");
  GS_CHECK_ERROR(s->step(1000001), "step: n must be in 0..1000000, got 1000001");
  GS_CHECK_ERROR(s->step(-1), "step: n must be in 0..1000000, got -1");
  CHECK(s->step(0) == 0);
  gst::TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  for (const char* steps : {"0", "100000001", "1e3", "-5"}) {
    const gst::CliRun r = gst::run_cli(dir, "train '" + net + "' --data circles --steps " + steps, "", kCliTimeout);
    CAPTURE(steps);
    CHECK(r.status == 2);
    CHECK(gst::contains(r.err, "--steps: must be"));
    CHECK(r.out.empty());
  }
}
