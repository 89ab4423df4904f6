// Remedies (issue 9): batch normalisation and residual connections. Exact gradients
// against central finite differences in float64 (train and eval modes), the spec's rules,
// and the headline effect: batch norm lifts a 50-layer sigmoid network's first-layer
// gradient by orders of magnitude.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.hpp"
#include "core/loss.hpp"
#include "core/network.hpp"
#include "core/session.hpp"
#include "core/spec.hpp"

namespace {

using gs::Mode;
using gs::Network;
using json = nlohmann::json;

json layer(int units, const char* act, bool bn, bool res) {
  json l = {{"units", units}, {"activation", act}};
  if (bn) l["batchnorm"] = true;
  if (res) l["residual"] = true;
  return l;
}

struct Batch {
  std::vector<double> x, y;
  int B;
};

Batch make_batch(int B, int in, int out, uint64_t seed) {
  gs::Pcg32 r(seed);
  Batch b{{}, {}, B};
  for (int i = 0; i < B * in; ++i) b.x.push_back(r.uniform(-1.5, 1.5));
  for (int i = 0; i < B * out; ++i) b.y.push_back(r.uniform(-1, 1));
  return b;
}

double loss_of(Network<double>& net, const Batch& b, Mode mode) {
  net.forward(b.x.data(), b.B, mode, nullptr);
  gs::Targets<double> t;
  t.dense = b.y.data();
  return gs::loss_forward_backward<double>(net.spec().loss, nullptr, net.layers.back().z.data(), t, b.B, net.outputs()).loss;
}

void grads(Network<double>& net, const Batch& b, Mode mode) {
  net.forward(b.x.data(), b.B, mode, nullptr);
  gs::Targets<double> t;
  t.dense = b.y.data();
  std::vector<double> dout(static_cast<size_t>(b.B) * net.outputs());
  gs::loss_forward_backward<double>(net.spec().loss, dout.data(), net.layers.back().z.data(), t, b.B, net.outputs());
  net.backward(dout.data());
}

// Checks analytic vs central-difference gradients of every parameter tensor.
void check_fd(Network<double>& net, const Batch& b, Mode mode) {
  // Eval mode must not see running statistics move while probing: they only move in
  // train mode, whose outputs do not depend on them.
  grads(net, b, mode);
  const double h = 1e-6;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    auto& ly = net.layers[l];
    std::vector<std::pair<std::string, std::pair<gs::Vec<double>*, std::vector<double>>>> tensors;
    auto check = [&](const char* name, double* p, const double* g, size_t n) {
      std::vector<double> an(g, g + n);
      for (size_t i = 0; i < n; ++i) {
        const double keep = p[i];
        p[i] = keep + h;
        const double lp = loss_of(net, b, mode);
        p[i] = keep - h;
        const double lm = loss_of(net, b, mode);
        p[i] = keep;
        const double fd = (lp - lm) / (2 * h);
        CAPTURE(l);
        CAPTURE(name);
        CAPTURE(i);
        CHECK(an[i] == doctest::Approx(fd).epsilon(1e-6).scale(1.0));
        CHECK(std::fabs(an[i] - fd) <= 1e-6 * std::max(1.0, std::fabs(fd)));
      }
    };
    check("W", ly.W.data(), ly.dW.data(), ly.W.size());
    check("b", ly.b.data(), ly.db.data(), ly.b.size());
    if (ly.gamma.size()) {
      check("gamma", ly.gamma.data(), ly.dgamma.data(), ly.gamma.size());
      check("beta", ly.beta.data(), ly.dbeta.data(), ly.beta.size());
    }
  }
}

gs::NetworkSpec spec_of(const json& layers, int inputs, const char* loss = "mse") {
  json j = {{"format", "gradscope-network/1"}, {"inputs", inputs}, {"layers", layers}, {"loss", loss},
            {"init", {{"weights", "glorot_uniform"}, {"bias", 0.1}, {"seed", 3}}}};
  return gs::parse_network(j.dump());
}

}  // namespace

TEST_CASE("batch norm: exact gradients in train and eval modes (float64, finite differences)") {
  for (const char* act : {"sigmoid", "tanh", "elu", "leaky_relu"}) {
    CAPTURE(act);
    json layers = json::array({layer(5, act, true, false), layer(5, act, true, true), layer(4, act, false, false),
                               json{{"units", 2}}});
    gs::NetworkSpec spec = spec_of(layers, 3);
    Network<double> net(spec);
    Batch b = make_batch(6, 3, 2, 11);
    SUBCASE("train mode (batch statistics)") { check_fd(net, b, Mode::train); }
    SUBCASE("eval mode (running statistics)") {
      // move the running statistics away from (0, 1) first
      for (int i = 0; i < 5; ++i) net.forward(b.x.data(), b.B, Mode::train, nullptr);
      check_fd(net, b, Mode::eval);
    }
  }
}

TEST_CASE("residual layers: exact gradients (float64, finite differences)") {
  json layers = json::array({layer(4, "tanh", false, false), layer(4, "sigmoid", false, true),
                             layer(4, "relu", false, true), layer(4, "elu", true, true), json{{"units", 3}}});
  gs::NetworkSpec spec = spec_of(layers, 2, "softmax_ce");
  Network<double> net(spec);
  Batch b = make_batch(5, 2, 3, 5);
  // softmax_ce with dense probability rows
  for (int r = 0; r < 5; ++r) {
    double s = 0;
    for (int k = 0; k < 3; ++k) s += b.y[r * 3 + k] = std::fabs(b.y[r * 3 + k]) + 0.1;
    for (int k = 0; k < 3; ++k) b.y[r * 3 + k] /= s;
  }
  check_fd(net, b, Mode::train);
}

TEST_CASE("batch norm matches PyTorch's BatchNorm1d conventions") {
  json layers = json::array({json{{"units", 3}, {"activation", "identity"}, {"batchnorm", {{"momentum", 0.5}, {"eps", 1e-3}}}},
                             json{{"units", 1}}});
  gs::NetworkSpec spec = spec_of(layers, 3);
  Network<double> net(spec);
  Batch b = make_batch(4, 3, 1, 9);
  net.forward(b.x.data(), 4, Mode::train, nullptr);
  const auto& ly = net.layers[0];
  for (int o = 0; o < 3; ++o) {
    double mean = 0, var = 0;
    for (int r = 0; r < 4; ++r) mean += ly.u(r, o);
    mean /= 4;
    for (int r = 0; r < 4; ++r) var += (ly.u(r, o) - mean) * (ly.u(r, o) - mean);
    // normalised output: gamma = 1, beta = 0, biased variance, eps 1e-3
    for (int r = 0; r < 4; ++r) CHECK(ly.z(r, o) == doctest::Approx((ly.u(r, o) - mean) / std::sqrt(var / 4 + 1e-3)));
    // running statistics: momentum 0.5 from (0, 1), unbiased variance
    CHECK(ly.running_mean(o) == doctest::Approx(0.5 * mean));
    CHECK(ly.running_var(o) == doctest::Approx(0.5 + 0.5 * var / 3));
  }
}

TEST_CASE("remedies in the network file") {
  auto parse = [](const json& layers) {
    return gs::parse_network(json{{"format", "gradscope-network/1"}, {"inputs", 2}, {"layers", layers}, {"loss", "mse"}}.dump());
  };
  CHECK_THROWS_WITH_AS(parse(json::array({layer(4, "relu", false, true), json{{"units", 1}}})),
                       doctest::Contains("layers[0].residual: an identity skip connection needs the layer's input width (2) to equal its units (4)"),
                       gs::Error);
  CHECK_THROWS_WITH_AS(parse(json::array({json{{"units", 2}, {"activation", "relu"}, {"batchnorm", "yes"}}, json{{"units", 1}}})),
                       doctest::Contains("layers[0].batchnorm: must be true, false or an object"), gs::Error);
  CHECK_THROWS_WITH_AS(parse(json::array({json{{"units", 2}, {"activation", "relu"}, {"batchnorm", {{"eps", 0}}}}, json{{"units", 1}}})),
                       doctest::Contains("layers[0].batchnorm.eps: must be > 0"), gs::Error);
  CHECK_THROWS_WITH_AS(parse(json::array({json{{"units", 1}, {"batchnorm", true}}})),
                       doctest::Contains("layers[0].batchnorm: the output layer cannot have batch normalisation"), gs::Error);
  // files without the options keep their meaning; with them they round-trip
  gs::NetworkSpec s = parse(json::array({layer(2, "relu", true, true), json{{"units", 1}}}));
  CHECK(s.layers[0].batchnorm.on);
  CHECK(s.layers[0].residual);
  CHECK(s.layers[0].batchnorm.momentum == 0.1);
  CHECK(s.layers[0].batchnorm.eps == 1e-5);
  gs::Network<double> net(s);
  gs::NetworkSpec exported = net.export_spec();
  gs::NetworkSpec again = gs::parse_network(gs::network_to_json(exported));
  CHECK(gs::network_to_json(again) == gs::network_to_json(exported));
  CHECK(again.parameters[0].gamma.size() == 2);
  CHECK(s.parameter_count() == 2 * 2 + 2 + 2 * 2 + 2 + 1);
}

TEST_CASE("batch norm revives a 50-layer sigmoid network's first-layer gradient") {
  auto ratio_after = [](bool bn) {
    json layers = json::array();
    for (int l = 0; l < 50; ++l) layers.push_back(layer(16, "sigmoid", bn, false));
    layers.push_back({{"units", 1}});
    json net = {{"format", "gradscope-network/1"}, {"inputs", 2}, {"layers", layers}, {"loss", "bce_logits"},
                {"init", {{"weights", "glorot_uniform"}, {"seed", 1}}}};
    auto s = gs::Session::create(net.dump(), R"({"data": {"name": "circles", "seed": 1}, "batch": 32, "seed": 1,
                                               "optimizer": {"name": "adam", "lr": 0.001}})");
    s->step(20);
    json st = json::parse(s->stats_json());
    return st["layers"][0]["dW_ratio"].get<double>();
  };
  const double plain = ratio_after(false), with_bn = ratio_after(true);
  CAPTURE(plain);
  CAPTURE(with_bn);
  CHECK(plain < 1e-10);
  CHECK(with_bn > 1e-4);
  CHECK(with_bn / plain > 1e6);
}

TEST_CASE("limits: activation memory of a session (512 MiB) is refused before allocating") {
  json layers = json::array();
  for (int l = 0; l < 250; ++l) layers.push_back(layer(120, "relu", false, false));
  layers.push_back({{"units", 1}});
  json net = {{"format", "gradscope-network/1"}, {"inputs", 2}, {"layers", layers}, {"loss", "bce_logits"}};
  CHECK_THROWS_WITH_AS(gs::Session::create(net.dump(), R"({"data": {"name": "circles", "samples": 5000}, "batch": 4000})"),
                       doctest::Contains("batch: 4000 rows x 30001 units need"), gs::Error);
  CHECK_NOTHROW(gs::Session::create(net.dump(), R"({"data": {"name": "circles", "samples": 5000}, "batch": 32})"));
}

TEST_CASE("the chain-rule account with remedies: batch norm's gain enters it, a skip ends it") {
  // layers: 0 tanh, 1 tanh + batch norm, 2 tanh + skip, 3 tanh, output
  json layers = json::array({layer(6, "tanh", false, false), layer(6, "tanh", true, false), layer(6, "tanh", false, true),
                             layer(6, "tanh", false, false), json{{"units", 1}}});
  json net = {{"format", "gradscope-network/1"}, {"inputs", 2}, {"layers", layers}, {"loss", "mse"},
              {"init", {{"weights", "glorot_uniform"}, {"seed", 3}}}};
  auto s = gs::Session::create(net.dump(), R"({"data": {"name": "regression", "seed": 1}, "batch": 16, "seed": 2,
                                             "optimizer": {"name": "sgd", "lr": 0.01}})");
  s->step(3);
  const json st = json::parse(s->stats_json());
  const json& L = st["layers"];
  // batch norm's gain: mean |gamma| / sqrt(var + eps), var over the batch of u = W x + b
  const double in_std = L[1]["batchnorm"]["in_std"].get<double>();
  const double gamma = L[1]["batchnorm"]["gamma"]["mean"].get<double>();
  const double gain = L[1]["batchnorm"]["gain"].get<double>();
  CHECK(gain > 0);
  // gamma starts at 1 and moves little in 3 SGD steps; the per-unit variances average to
  // about in_std^2 (the spread over batch x units includes the spread of the unit means)
  CHECK(gain == doctest::Approx(gamma / in_std).epsilon(0.5));
  // layer 0's factor goes through layer 1's weights and its batch norm
  CHECK(L[0]["local_factor"].get<double>() ==
        doctest::Approx(L[0]["mean_abs_deriv"].get<double>() * L[1]["weight_scale"].get<double>() * gain).epsilon(1e-12));
  // layer 3 (below the output) and layer 2 (below layer 3) are plain
  CHECK(L[2]["local_factor"].get<double>() ==
        doctest::Approx(L[2]["mean_abs_deriv"].get<double>() * L[3]["weight_scale"].get<double>()).epsilon(1e-12));
  CHECK(L[2]["predicted_ratio"].get<double>() == doctest::Approx(L[2]["local_factor"].get<double>()).epsilon(1e-12));
  // the skip around layer 2: no plain factor from layer 2 down to layer 1, no prediction below
  CHECK(L[1]["local_factor"].is_null());
  CHECK(L[1]["predicted_ratio"].is_null());
  CHECK(L[0]["predicted_ratio"].is_null());
  CHECK(L[3]["predicted_ratio"].get<double>() == 1);
  CHECK(L[2]["residual"].get<bool>());
  CHECK(L[1]["batchnorm"].is_object());
  CHECK(L[0]["batchnorm"].is_null());
}
