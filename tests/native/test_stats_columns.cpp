// Tests for the two readers of the step statistics: the JSON writer (core/stats_json) must
// give byte for byte what nlohmann::json's dump() of the same object gives (the oracle
// below is the code the writer replaced), and the binary columns (core/stats_columns) must
// hold every number of that JSON (null <-> not finite), for networks that exercise every
// field: PReLU, RReLU, batch norm, skips, dead ReLUs, regression, divergence, statistics
// off, reset, a probe after the step.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "core/stats_columns.hpp"
#include "helpers.hpp"

using json = nlohmann::json;

namespace {

// ---- the oracle: the step object as nlohmann::json built it before ----------------------
json slope_json(const gs::SlopeSummary& s) {
  if (std::isnan(s.mean)) return nullptr;
  return {{"min", s.min}, {"mean", s.mean}, {"max", s.max}};
}

json layer_json(const gs::LayerStats& s) {
  json bn = nullptr;
  if (s.batchnorm)
    bn = {{"in_mean", s.bn_in_mean}, {"in_std", s.bn_in_std}, {"out_mean", s.bn_out_mean}, {"out_std", s.bn_out_std},
          {"gamma", slope_json(s.bn_gamma)}, {"beta", slope_json(s.bn_beta)}, {"gain", s.bn_gain}};
  return {{"batchnorm", bn}, {"residual", s.residual}, {"index", s.index}, {"units", s.units}, {"activation", s.activation},
          {"dW_norm", s.dW_norm}, {"db_norm", s.db_norm}, {"dz_norm", s.dz_norm},
          {"dW_ratio", s.dW_ratio}, {"db_ratio", s.db_ratio}, {"dz_ratio", s.dz_ratio},
          {"W_norm", s.W_norm}, {"update_ratio", s.update_ratio},
          {"act_mean", s.act_mean}, {"act_std", s.act_std}, {"act_min", s.act_min}, {"act_max", s.act_max},
          {"saturated_fraction", s.saturated_fraction}, {"zero_fraction", s.zero_fraction},
          {"mean_abs_deriv", s.mean_abs_deriv}, {"same_sign_share", s.same_sign_share},
          {"weight_scale", s.weight_scale}, {"local_factor", s.local_factor}, {"predicted_ratio", s.predicted_ratio},
          {"prelu_alpha", slope_json(s.prelu_alpha)}, {"rrelu_slope", slope_json(s.rrelu_slope)},
          {"dead_units", s.dead_units < 0 ? json(nullptr) : json(s.dead_units)}};  // null: no probe yet
}

template <class T>
std::string oracle(const gs::Trainer<T>& tr) {
  const gs::StepStats& s = tr.last();
  json j;
  j["step"] = s.step;
  j["loss"] = s.loss;
  j["accuracy"] = s.accuracy;
  j["lr"] = s.lr;
  j["grad_norm"] = s.grad_norm;
  j["clipped_norm"] = s.clipped_norm;
  j["clipped"] = s.clipped;
  json layers = json::array();
  for (const gs::LayerStats& l : s.layers) layers.push_back(layer_json(l));
  j["layers"] = layers;
  int dead = 0;  // the layers' sum; null before the first probe
  for (int d : tr.dead_units()) dead = d < 0 || dead < 0 ? -1 : dead + d;
  j["dead_units"] = dead < 0 ? json(nullptr) : json(dead);
  const auto& d = tr.diverged();
  j["diverged"] = d ? json{{"step", d->step}, {"layer", d->layer < 0 ? json(nullptr) : json(d->layer)}, {"what", d->what},
                           {"message", d->message}}
                    : json(nullptr);
  return j.dump();
}

// JSON value of column `name` for one layer object (nested summaries and batch norm).
json layer_value(const json& lj, const std::string& name) {
  auto sub = [&](const char* obj, const std::string& rest) -> json {
    const json& o = lj[obj];
    return o.is_null() ? json(nullptr) : o[rest];
  };
  for (const char* s : {"prelu_alpha", "rrelu_slope"}) {
    const std::string p = std::string(s) + "_";
    if (name.rfind(p, 0) == 0) return sub(s, name.substr(p.size()));
  }
  if (name.rfind("bn_gamma_", 0) == 0 || name.rfind("bn_beta_", 0) == 0) {
    const bool g = name[3] == 'g';
    const json& bn = lj["batchnorm"];
    if (bn.is_null()) return nullptr;
    const json& o = bn[g ? "gamma" : "beta"];
    return o.is_null() ? json(nullptr) : o[name.substr(g ? 9 : 8)];
  }
  if (name == "batchnorm") return lj["batchnorm"].is_null() ? 0 : 1;
  if (name == "residual") return lj["residual"].get<bool>() ? 1 : 0;
  if (name.rfind("bn_", 0) == 0) return sub("batchnorm", name.substr(3));
  REQUIRE_MESSAGE(lj.contains(name), "no JSON field for column " << name);
  return lj[name];
}

// Every number of the JSON equals its column value (null: not finite), and every column
// and scalar is there.
void check_columns_match(const gs::Session& s) {
  const json j = json::parse(s.stats_json());
  const gs::StatsColumns& c = s.stats_columns();
  const auto& scalars = gs::stats_scalar_names();
  const auto& cols = gs::stats_column_names();
  REQUIRE(c.layers == static_cast<int>(j["layers"].size()));
  REQUIRE(c.values.size() == scalars.size() + cols.size() * c.layers);
  auto same = [](double v, const json& want) {
    if (want.is_null()) return !std::isfinite(v);
    if (want.is_boolean()) return v == (want.get<bool>() ? 1.0 : 0.0);
    return v == want.get<double>();
  };
  for (size_t i = 0; i < scalars.size(); ++i) {
    const std::string n = scalars[i];
    const json want = n == "diverged" ? json(j["diverged"].is_null() ? 0 : 1) : j[n];
    CAPTURE(n);
    CHECK(same(c.scalar(i), want));
  }
  for (size_t k = 0; k < cols.size(); ++k)
    for (int l = 0; l < c.layers; ++l) {
      CAPTURE(cols[k]);
      CAPTURE(l);
      const json want = layer_value(j["layers"][l], cols[k]);
      CHECK(same(c.column(k)[l], want));
    }
}

const char* kRemedies = R"({"format": "gradscope-network/1", "inputs": 2,
  "layers": [{"units": 8, "activation": "relu", "batchnorm": true},
             {"units": 8, "activation": "relu", "batchnorm": true, "residual": true},
             {"units": 8, "activation": "tanh", "residual": true},
             {"units": 1}], "loss": "bce_logits"})";

const char* kDead = R"({"format": "gradscope-network/1", "inputs": 2,
  "layers": [{"units": 8, "activation": "relu"}, {"units": 8, "activation": "relu"}, {"units": 1}],
  "loss": "bce_logits", "init": {"weights": {"name": "glorot_uniform"}, "bias": -3, "seed": 2}})";

// identity layers of width 1 with w = 1e10: float32 overflows in layers[3] on the first step
const char* kExploding = R"({"format": "gradscope-network/1", "inputs": 2, "loss": "mse",
  "layers": [{"units": 1, "activation": "identity"}, {"units": 1, "activation": "identity"},
             {"units": 1, "activation": "identity"}, {"units": 1, "activation": "identity"},
             {"units": 1, "activation": "identity"}, {"units": 1}],
  "parameters": [{"W": [[1e10, 1e10]], "b": [0]}, {"W": [[1e10]], "b": [0]}, {"W": [[1e10]], "b": [0]},
                 {"W": [[1e10]], "b": [0]}, {"W": [[1e10]], "b": [0]}, {"W": [[1]], "b": [0]}]})";

const char* kRegression = R"({"format": "gradscope-network/1", "inputs": 2,
  "layers": [{"units": 4, "activation": "elu"}, {"units": 1}], "loss": "mse"})";

std::unique_ptr<gs::Session> open(const char* net, const std::string& cfg) { return gs::Session::create(net, cfg); }

}  // namespace

TEST_CASE("stats JSON writer: byte for byte what nlohmann::json's dump() wrote") {
  const std::string cfg = R"({"data": {"name": "circles", "samples": 200}, "batch": 16, "probe_every": 5})";
  for (const char* precision : {"float32", "float64"}) {
    CAPTURE(precision);
    json c = json::parse(cfg);
    c["precision"] = precision;
    for (const char* net : {gst::kExampleNetwork, kRemedies, kDead}) {
      gs::SessionConfig sc = gs::parse_session_config(c.dump());
      gs::NetworkSpec spec = gs::parse_network(net);
      auto data = gs::load_dataset(sc);
      if (sc.precision == gs::Precision::float32) {
        gs::Trainer<float> tr(spec, data, sc.train);
        CHECK(gs::step_json(tr) == oracle(tr));  // before the first step
        for (int i = 0; i < 12; ++i) tr.step();
        CHECK(gs::step_json(tr) == oracle(tr));
      } else {
        gs::Trainer<double> tr(spec, data, sc.train);
        for (int i = 0; i < 12; ++i) tr.step();
        CHECK(gs::step_json(tr) == oracle(tr));
      }
    }
  }
  // a diverged run: the diverged object, and Inf/NaN written as null
  gs::SessionConfig sc = gs::parse_session_config(R"({"data": {"name": "regression"}})");
  gs::Trainer<float> tr(gs::parse_network(kExploding), gs::load_dataset(sc), sc.train);
  for (int i = 0; i < 3 && tr.step(); ++i) {}
  REQUIRE(tr.diverged().has_value());
  CHECK(gs::step_json(tr) == oracle(tr));
}

TEST_CASE("stats columns: every number of stats_json, filled as the step computes it") {
  const std::string cfg = R"({"data": {"name": "circles", "samples": 200}, "batch": 16, "probe_every": 5})";
  for (const char* net : {gst::kExampleNetwork, kRemedies, kDead}) {
    auto s = open(net, cfg);
    check_columns_match(*s);  // before the first step: scalars only
    CHECK(s->stats_columns().layers == 0);
    s->step(7);
    check_columns_match(*s);
    s->probe_json();  // a probe after the step changes the dead-unit total
    check_columns_match(*s);
    s->set_stats(false);
    s->step(1);
    check_columns_match(*s);
    CHECK(s->stats_columns().layers == 0);
    s->set_stats(true);
    s->step(1);
    check_columns_match(*s);
    s->reset();
    check_columns_match(*s);
  }
  // regression: accuracy null -> NaN
  auto r = open(kRegression, R"({"data": {"name": "regression"}})");
  r->step(3);
  check_columns_match(*r);
  CHECK(std::isnan(r->stats_columns().scalar(2)));
  // divergence
  auto d = open(kExploding, R"({"data": {"name": "regression"}})");
  d->step(3);
  REQUIRE(d->diverged());
  check_columns_match(*d);
  CHECK(d->stats_columns().scalar(8) == 1.0);
}

TEST_CASE("stats columns: one name table, names unique, the buffer's layout") {
  const auto& scalars = gs::stats_scalar_names();
  const auto& cols = gs::stats_column_names();
  std::vector<std::string> all;
  for (const char* n : cols) all.push_back(n);
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  CHECK(std::string(scalars[0]) == "step");
  CHECK(std::string(scalars[8]) == "diverged");
  auto s = open(gst::kExampleNetwork, R"({"data": {"name": "circles"}})");
  s->step(2);
  const gs::StatsColumns& c = s->stats_columns();
  CHECK(c.layers == 6);
  CHECK(c.column(0) == c.values.data() + scalars.size());                   // units first
  CHECK(c.column(0)[5] == 1.0);                                            // the output layer's units
  CHECK(c.column(1) == c.values.data() + scalars.size() + 6);              // then dW_norm
}
