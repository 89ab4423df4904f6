// Tests for the command-line front end (core/cli/main.cpp), run as a separate process:
// `grad` against the in-process network, stdin, exit status 2 with one line on stderr for bad
// input, `train` in jsonl and csv, `probe`.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "cli_helpers.hpp"
#include "helpers.hpp"

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

using gst::CliRun;
using gst::lines_of;
using gst::quote;
using gst::run_cli;
using gst::TempDir;

int count_char(const std::string& s, char c) { return static_cast<int>(std::count(s.begin(), s.end(), c)); }

const char* kBatch = R"({"x": [[0.5, -0.3], [1.0, 2.0], [-1.0, 0.1]], "y": [[1], [0], [1]]})";

// The in-process result of one forward + backward in evaluation mode.
struct InProcess {
  double loss = 0;
  gs::Network<double> net;
};

InProcess in_process(const std::string& network, const std::vector<double>& x, const std::vector<double>& y) {
  InProcess r{0, gs::Network<double>(gs::parse_network(network))};
  const int B = static_cast<int>(y.size());
  r.net.forward(x.data(), B, gs::Mode::eval, nullptr);
  std::vector<double> dout(y.size());
  gs::Targets<double> t;
  t.dense = y.data();
  r.loss = gs::loss_forward_backward<double>(gs::Loss::bce_logits, dout.data(), r.net.layers.back().z.data(), t, B, 1).loss;
  r.net.backward(dout.data());
  return r;
}

}  // namespace

TEST_CASE("cli: grad prints one JSON object equal to the in-process gradients") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const std::string batch = dir.write("batch.json", kBatch);
  const CliRun r = run_cli(dir, "grad " + quote(net) + " " + quote(batch) + " --precision float64");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  REQUIRE(lines_of(r.out).size() == 1);
  const json j = json::parse(r.out);
  const InProcess ip = in_process(gst::kExampleNetwork, {0.5, -0.3, 1.0, 2.0, -1.0, 0.1}, {1, 0, 1});
  CHECK(j["loss"].get<double>() == doctest::Approx(ip.loss).epsilon(1e-12));
  REQUIRE(j["output"].size() == 3);
  for (int b = 0; b < 3; ++b) {
    REQUIRE(j["output"][b].size() == 1);
    CHECK(j["output"][b][0].get<double>() == doctest::Approx(ip.net.layers.back().z(b, 0)).epsilon(1e-12));
  }
  const std::vector<int> units = {16, 16, 16, 16, 16, 1};
  REQUIRE(j["layers"].size() == 6);
  for (int l = 0; l < 6; ++l) {
    CAPTURE(l);
    const json& lj = j["layers"][l];
    const auto& ly = ip.net.layers[l];
    const int fan_in = l == 0 ? 2 : 16;
    REQUIRE(lj["dW"].size() == static_cast<size_t>(units[l]));
    double sq = 0, worst = 0;
    for (int u = 0; u < units[l]; ++u) {
      REQUIRE(lj["dW"][u].size() == static_cast<size_t>(fan_in));
      for (int i = 0; i < fan_in; ++i) {
        const double v = lj["dW"][u][i].get<double>();
        sq += v * v;
        worst = std::max(worst, std::fabs(v - ly.dW(u, i)) / std::max(1e-12, std::fabs(ly.dW(u, i))));
      }
    }
    CHECK(worst < 1e-12);
    REQUIRE(lj["db"].size() == static_cast<size_t>(units[l]));
    for (int u = 0; u < units[l]; ++u) CHECK(lj["db"][u].get<double>() == doctest::Approx(ly.db(u)).epsilon(1e-12));
    CHECK(lj["dW_norm"].get<double>() == doctest::Approx(std::sqrt(sq)).epsilon(1e-12));
    double dz2 = 0;
    for (int b = 0; b < 3; ++b)
      for (int u = 0; u < units[l]; ++u) dz2 += ly.dz(b, u) * ly.dz(b, u);
    CHECK(lj["dz_norm"].get<double>() == doctest::Approx(std::sqrt(dz2)).epsilon(1e-12));
    if (l == 5) {
      CHECK_FALSE(lj.contains("dalpha"));
      CHECK_FALSE(lj.contains("act_mean"));
      continue;
    }
    // hidden layers
    if (l == 2) {
      REQUIRE(lj["dalpha"].size() == 16);
      for (int u = 0; u < 16; ++u) CHECK(lj["dalpha"][u].get<double>() == doctest::Approx(ly.dalpha(u)).epsilon(1e-12));
    } else {
      CHECK(lj["dalpha"].is_null());
    }
    double s = 0, s2 = 0;
    int zeros = 0;
    for (int b = 0; b < 3; ++b)
      for (int u = 0; u < 16; ++u) {
        s += ly.a(b, u);
        s2 += ly.a(b, u) * ly.a(b, u);
        zeros += ly.a(b, u) == 0;
      }
    const double mean = s / 48;
    CHECK(lj["act_mean"].get<double>() == doctest::Approx(mean).epsilon(1e-12));
    CHECK(lj["act_std"].get<double>() == doctest::Approx(std::sqrt(s2 / 48 - mean * mean)).epsilon(1e-9));
    CHECK(lj["saturated_fraction"].is_number());
    CHECK(lj["saturated_fraction"].get<double>() >= 0);
    CHECK(lj["saturated_fraction"].get<double>() <= 1);
    const bool relu_family = l == 1 || l == 2 || l == 3;  // leaky_relu, prelu, rrelu
    if (relu_family) CHECK(lj["zero_fraction"].get<double>() == doctest::Approx(zeros / 48.0).epsilon(1e-15));
    else CHECK(lj["zero_fraction"].is_null());  // sigmoid, elu
  }
}

TEST_CASE("cli: grad in float32 (the default) agrees with float64") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const std::string batch = dir.write("batch.json", kBatch);
  const CliRun r32 = run_cli(dir, "grad " + quote(net) + " " + quote(batch));
  const CliRun r64 = run_cli(dir, "grad " + quote(net) + " " + quote(batch) + " --precision float64");
  REQUIRE(r32.status == 0);
  REQUIRE(r64.status == 0);
  const json a = json::parse(r32.out), b = json::parse(r64.out);
  CHECK(a["loss"].get<double>() == doctest::Approx(b["loss"].get<double>()).epsilon(1e-6));
  for (int l = 0; l < 6; ++l) {
    CAPTURE(l);
    double num = 0, den = 0;
    for (size_t u = 0; u < b["layers"][l]["dW"].size(); ++u)
      for (size_t i = 0; i < b["layers"][l]["dW"][u].size(); ++i) {
        const double x = a["layers"][l]["dW"][u][i], y = b["layers"][l]["dW"][u][i];
        num += (x - y) * (x - y);
        den += y * y;
      }
    CHECK(std::sqrt(num / den) < 1e-4);
  }
}

TEST_CASE("cli: '-' reads stdin") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const std::string batch = dir.write("batch.json", kBatch);
  const CliRun files = run_cli(dir, "grad " + quote(net) + " " + quote(batch));
  const CliRun batch_in = run_cli(dir, "grad " + quote(net) + " -", batch);
  const CliRun net_in = run_cli(dir, "grad - " + quote(batch), net);
  REQUIRE(files.status == 0);
  CHECK(batch_in.status == 0);
  CHECK(net_in.status == 0);
  CHECK(batch_in.out == files.out);
  CHECK(net_in.out == files.out);
  CHECK(batch_in.err.empty());
}

TEST_CASE("cli: bad input exits with status 2, one line on stderr, nothing on stdout") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const std::string batch = dir.write("batch.json", kBatch);
  const std::string not_json = dir.write("bad.json", "{ \"format\": ");
  const std::string wide = dir.write("wide.json", R"({"x": [[1, 2, 3]], "y": [[1]]})");
  const std::string bad_net = dir.write("badnet.json", R"({"format": "gradscope-network/1", "inputs": 2,
    "layers": [{"units": 4, "activation": {"name": "elu", "alpha": -2}}, {"units": 1}], "loss": "mse"})");
  const std::string missing = (dir.path / "does-not-exist.json").string();
  struct Case {
    std::string args, stdin_file, message;
  };
  const std::vector<Case> cases = {
      {"grad " + quote(missing) + " " + quote(batch), "", "network: cannot open '" + missing + "'"},
      {"grad " + quote(net) + " " + quote(missing), "", "batch: cannot open"},
      {"grad " + quote(not_json) + " " + quote(batch), "", "network: not valid JSON"},
      {"grad " + quote(net) + " " + quote(not_json), "", "batch: not valid JSON"},
      {"grad " + quote(bad_net) + " " + quote(batch), "", "layers[0].activation.alpha: must be >= 0, got -2"},
      {"grad " + quote(net) + " " + quote(wide), "", "batch.x[0]: must be a row of 2 numbers"},
      {"grad " + quote(net) + " " + quote(batch) + " --foo 1", "", "--foo: unknown option, expected one of --precision"},
      {"grad " + quote(net) + " " + quote(batch) + " --precision float16", "",
       "--precision: must be float32 or float64, got 'float16'"},
      {"grad " + quote(net) + " " + quote(batch) + " --precision", "", "--precision: missing value"},
      {"grad " + quote(net) + " " + quote(batch) + " --mode training", "", "--mode: must be eval or train, got 'training'"},
      {"grad " + quote(net), "", "grad: expected NETWORK.json BATCH.json"},
      {"grad - -", net, "grad: only one of NETWORK.json and BATCH.json can be '-'"},
      {"frobnicate", "", "unknown command 'frobnicate', expected grad, train, probe or export"},
      {"train " + quote(net) + " --data circles", "", "--steps: missing"},
      {"train " + quote(net) + " --steps 5", "", "--data: missing"},
      {"train " + quote(net) + " --data circles --steps 0", "", "--steps: must be in 1..100000000, got 0"},
      {"train " + quote(net) + " --data circles --steps abc", "", "--steps: must be an integer"},
      {"train " + quote(net) + " --data circles --steps 5 --lr fast", "", "--lr: must be a number, got 'fast'"},
      {"train " + quote(net) + " --data circles --steps 5 --format xml", "", "--format: must be csv or jsonl, got 'xml'"},
      {"train " + quote(net) + " --data nosuchset --steps 5", "", "data.name: unknown dataset 'nosuchset'"},
      {"train " + quote(net) + " --data digits --steps 5", "", "inputs: the dataset 'digits' has 64 features"},
      {"train " + quote(net) + " --data circles --steps 5 --optimizer lion", "", "optimizer.name: unknown optimiser 'lion'"},
      {"train " + quote(net) + " --data circles --steps 5 --batch 100000", "", "--batch: must be in 1..4096"},
      {"probe --n 0", "", "--n: must be in 1..100000, got 0"},
      {"probe --activation relu6", "", "--activation: unknown activation 'relu6'"},
      {"probe --factors gaussian", "", "probe.factors: must be \"uniform\" or \"derivative\""},
      {"probe extra", "", "probe: unexpected argument 'extra'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    const CliRun r = run_cli(dir, c.args, c.stdin_file);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(count_char(r.err, '\n') == 1);
    CHECK(r.err.back() == '\n');
    CHECK(r.err.rfind("gradscope: ", 0) == 0);
    CHECK(gst::contains(r.err, c.message));
  }
}

TEST_CASE("cli: train --format jsonl reports every K steps, like the in-process session") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const CliRun r = run_cli(dir, "train " + quote(net) + " --data circles --steps 20 --every 5 --format jsonl");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 4);
  auto session = gs::Session::create(gst::kExampleNetwork, R"({"data": {"name": "circles"}})");
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    json j = json::parse(lines[k]);
    CHECK(j["step"] == 5 * (k + 1));
    CHECK(j["loss"].is_number());
    CHECK(j["accuracy"].is_number());
    CHECK(j["test_loss"].is_number());
    CHECK(j["test_accuracy"].is_number());
    REQUIRE(j["layers"].size() == 6);
    for (const json& l : j["layers"]) {
      for (const char* f : {"dW_norm", "dz_norm", "act_mean", "act_std"}) {
        CAPTURE(f);
        CHECK(l[f].is_number());
      }
      // the first probe runs at step 10 (probe_every): null (not measured) before it
      CHECK((k == 0 ? l["dead_units"].is_null() : l["dead_units"].is_number()));
      for (const char* f : {"saturated_fraction", "zero_fraction", "same_sign_share"}) {
        CAPTURE(f);
        CHECK(l.contains(f));  // a number, or null where it does not apply
      }
    }
    CHECK(j["layers"][1]["zero_fraction"].is_number());  // leaky_relu
    CHECK(j["layers"][0]["zero_fraction"].is_null());    // sigmoid
    CHECK(j["layers"][0]["saturated_fraction"].is_number());
    CHECK(j["layers"][5]["saturated_fraction"].is_null());  // the output layer
    // the same numbers as the session with the same defaults
    session->step(5);
    json ev = json::parse(session->evaluate_json());
    CHECK(j["test_loss"] == ev["test"]["loss"]);
    j.erase("test_loss");
    j.erase("test_accuracy");
    CHECK(j == json::parse(session->stats_json()));
  }
  // deterministic: the same command prints the same bytes
  const CliRun again = run_cli(dir, "train " + quote(net) + " --data circles --steps 20 --every 5 --format jsonl");
  CHECK(again.out == r.out);
}

TEST_CASE("cli: train --every 1: per-layer dead_units and the total agree on every line, null until the first probe") {
  // 2 -> 50 x 16 relu -> 1 with bias -5: |W x| < 5 on circles, so every hidden unit is dead
  // from the start; the probe (every 10 steps) is the only thing that counts them.
  std::string layers;
  for (int l = 0; l < 50; ++l) layers += R"({"units": 16, "activation": "relu"},)";
  const std::string doc = R"({"format": "gradscope-network/1", "inputs": 2, "layers": [)" + layers +
                          R"({"units": 1}], "loss": "bce_logits", "init": {"bias": -5, "seed": 3}})";
  TempDir dir;
  const std::string net = dir.write("net.json", doc);
  const CliRun r = run_cli(dir, "train " + quote(net) + " --data circles --steps 21 --every 1 --format jsonl");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 21);
  for (int k = 0; k < 21; ++k) {
    const json j = json::parse(lines[k]);
    const int step = j["step"].get<int>();
    CAPTURE(step);
    REQUIRE(step == k + 1);
    REQUIRE(j["layers"].size() == 51);
    if (step < 10) {  // no probe has run: unknown, in the total and in every layer
      CHECK(j["dead_units"].is_null());
      for (const json& l : j["layers"]) CHECK(l["dead_units"].is_null());
      continue;
    }
    REQUIRE(j["dead_units"].is_number_integer());
    int sum = 0;
    for (size_t l = 0; l < 50; ++l) {
      CAPTURE(l);
      REQUIRE(j["layers"][l]["dead_units"].is_number_integer());
      CHECK(j["layers"][l]["dead_units"] == 16);
      sum += j["layers"][l]["dead_units"].get<int>();
    }
    CHECK(j["layers"][50]["dead_units"] == 0);  // the linear output layer
    CHECK(j["dead_units"] == sum);
    CHECK(sum == 800);
  }
}

TEST_CASE("cli: train --format csv has a header and one row per reported step and layer") {
  TempDir dir;
  const std::string net = dir.write("net.json", gst::kExampleNetwork);
  const CliRun r = run_cli(dir, "train " + quote(net) + " --data circles --steps 12 --every 4 --format csv --optimizer sgd --lr 0.1 "
                         "--precision float64 --seed 3 --samples 200");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1 + 3 * 6);
  CHECK(lines[0].rfind("step,loss,accuracy,test_loss,test_accuracy,layer,dW_norm,", 0) == 0);
  CHECK(gst::contains(lines[0], ",dead_units,"));
  const int commas = count_char(lines[0], ',');
  for (size_t i = 1; i < lines.size(); ++i) {
    CAPTURE(lines[i]);
    CHECK(count_char(lines[i], ',') == commas);
    const int step = std::stoi(lines[i].substr(0, lines[i].find(',')));
    CHECK(step == 4 * static_cast<int>((i - 1) / 6 + 1));
  }
}

TEST_CASE("cli: train exits 3 with the message when the run diverges") {
  // identity layers with weights 1e10: float32 activations overflow on the first step
  json n = json::parse(R"({"format": "gradscope-network/1", "inputs": 2, "loss": "bce_logits",
    "layers": [{"units": 1, "activation": "identity"}, {"units": 1, "activation": "identity"},
               {"units": 1, "activation": "identity"}, {"units": 1, "activation": "identity"},
               {"units": 1, "activation": "identity"}, {"units": 1}]})");
  json p = json::array();
  p.push_back({{"W", {{1e10, 1e10}}}, {"b", {1}}});
  for (int l = 1; l < 5; ++l) p.push_back({{"W", {{1e10}}}, {"b", {0}}});
  p.push_back({{"W", {{1}}}, {"b", {0}}});
  n["parameters"] = p;
  TempDir dir;
  const std::string net = dir.write("net.json", n.dump());
  const CliRun r = run_cli(dir, "train " + quote(net) + " --data circles --steps 10");
  CAPTURE(r.err);
  CHECK(r.status == 3);
  CHECK(count_char(r.err, '\n') == 1);
  CHECK(gst::contains(r.err, "gradscope: diverged at step 1 in layers["));
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1);  // the diverged step is reported
  const json j = json::parse(lines[0]);
  CHECK(j["step"] == 1);
  CHECK(j["diverged"]["step"] == 1);
  CHECK(j["diverged"]["what"] == "activation");
}

TEST_CASE("cli: probe prints the product experiment") {
  TempDir dir;
  CliRun r = run_cli(dir, "probe --n 50");
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["n"] == 50);
  CHECK(j["factors_from"] == "uniform");
  REQUIRE(j["factors"].size() == 50);
  REQUIRE(j["log10_product"].size() == 50);
  CHECK(j["log10_sigmoid_bound"].get<double>() == doctest::Approx(50 * std::log10(0.25)).epsilon(1e-12));
  double lp = 0;
  for (int i = 0; i < 50; ++i) {
    const double f = j["factors"][i];
    CHECK(f > 0);
    CHECK(f < 1);
    lp += std::log10(f);
  }
  CHECK(j["log10_product"][49].get<double>() == doctest::Approx(lp).epsilon(1e-12));
  CHECK(j["product"].get<double>() == doctest::Approx(std::pow(10.0, lp)).epsilon(1e-9));
  // the same as in process
  const gs::ProductExperiment pe = gs::product_experiment("uniform", gs::default_activation(gs::Act::sigmoid), 50, 1.0, 1);
  CHECK(j["factors"].get<std::vector<double>>() == pe.factors);
  // derivative factors of an activation (implied by --activation)
  r = run_cli(dir, "probe --n 30 --activation sigmoid --z-std 2 --seed 4");
  REQUIRE(r.status == 0);
  j = json::parse(r.out);
  CHECK(j["factors_from"] == "derivative");
  CHECK(j["activation"] == "sigmoid");
  REQUIRE(j["factors"].size() == 30);
  for (const auto& f : j["factors"]) CHECK(f.get<double>() <= 0.25);
  CHECK(j["log10_product"][29].get<double>() <= j["log10_sigmoid_bound"].get<double>());
  // --help
  r = run_cli(dir, "--help");
  CHECK(r.status == 0);
  CHECK(gst::contains(r.out, "usage: gradscope grad"));
}
