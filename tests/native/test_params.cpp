// Tests for the one walk over a layer's parameters (core/params.hpp) and the cache count
// behind the activation-memory limit (cache_values in core/network.hpp): the walk visits
// exactly the parameters the spec counts and the file stores, import/export and the
// optimiser go through it, and the count equals what forward allocates.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/optimizer.hpp"
#include "core/params.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Loss;

namespace {

// 3 -> relu 4 -> rrelu 4 + batch norm -> prelu (per unit) 4 + batch norm + skip ->
// leaky_relu 5 -> 2: every kind of parameter and cache.
gs::NetworkSpec every_kind() {
  gs::Activation prelu = gs::default_activation(Act::prelu);
  prelu.per_unit = true;
  gs::NetworkSpec s = gst::make_spec(3, {gst::act_of(Act::relu), gst::act_of(Act::rrelu), prelu, gst::act_of(Act::leaky_relu)},
                                     4, 2, Loss::softmax_ce, 5);
  s.layers[1].batchnorm.on = true;
  s.layers[2].batchnorm.on = true;
  s.layers[2].residual = true;
  s.layers[3].units = 5;
  return s;
}

template <class T>
int64_t allocated(const gs::Network<T>& net) {
  int64_t n = 0;
  for (const auto& ly : net.layers)
    for (const auto* m : {&ly.z, &ly.a, &ly.d, &ly.dz, &ly.slope, &ly.da, &ly.u, &ly.du, &ly.uhat})
      n += static_cast<int64_t>(m->size());
  return n;
}

}  // namespace

TEST_CASE("for_each_param: W, b, then alpha, gamma, beta where the layer has them; as many values as the spec counts") {
  const gs::NetworkSpec s = every_kind();
  const gs::Network<double> net(s);
  std::vector<std::vector<std::string>> names(net.layers.size());
  int64_t values = 0;
  for (size_t l = 0; l < net.layers.size(); ++l)
    gs::for_each_param(net.layers[l], [&](const char* name, const auto& p, const auto& g) {
      names[l].push_back(name);
      values += static_cast<int64_t>(p.size());
      CHECK(g.size() == p.size());
    });
  using V = std::vector<std::string>;
  CHECK(names[0] == V{"W", "b"});
  CHECK(names[1] == V{"W", "b", "gamma", "beta"});
  CHECK(names[2] == V{"W", "b", "alpha", "gamma", "beta"});
  CHECK(names[3] == V{"W", "b"});
  CHECK(names[4] == V{"W", "b"});
  CHECK(values == s.parameter_count());
  std::vector<std::string> stored;
  gs::for_each_stored(net.layers[1], [&](const char* name, const auto&) { stored.push_back(name); });
  CHECK(stored == V{"W", "b", "gamma", "beta", "running_mean", "running_var"});
}

TEST_CASE("export_spec and set_parameters walk every stored tensor: a round trip copies every bit") {
  const gs::NetworkSpec s = every_kind();
  gs::Network<double> a(s);
  // make every tensor distinct from its initial value
  int k = 0;
  for (auto& ly : a.layers)
    gs::for_each_stored(ly, [&](const char*, auto& v) { for (auto& x : v) x = 0.01 * ++k; });
  gs::NetworkSpec b_spec = s;
  b_spec.seed = 99;
  gs::Network<double> b(b_spec);
  b.set_parameters(a.export_spec().parameters);
  for (size_t l = 0; l < a.layers.size(); ++l)
    gs::for_each_stored(a.layers[l], [&](const char* name, const auto& v) {
      CAPTURE(l);
      CAPTURE(name);
      const std::vector<double> want(v.begin(), v.end());
      CHECK(b.export_spec().parameters[l].field(name) == want);
    });
  // a wrong shape anywhere changes nothing, and names the field
  std::vector<gs::LayerParams> bad = a.export_spec().parameters;
  bad[0].b.assign(4, 7.0);
  bad[2].running_var.pop_back();
  gs::Network<double> c(s);
  const std::vector<gs::LayerParams> before = c.export_spec().parameters;
  GS_CHECK_ERROR(c.set_parameters(bad), "parameters[2].running_var: must hold 4 values, got 3");
  CHECK(c.export_spec().parameters[0].b == before[0].b);
  // a tensor the layer does not have
  bad = a.export_spec().parameters;
  bad[0].alpha = {0.5};
  GS_CHECK_ERROR(c.set_parameters(bad), "parameters[0].alpha: must hold 0 values (layer 0 has no alpha), got 1");
  GS_CHECK_ERROR(bad[0].field("kappa"), "parameters: no field 'kappa'");
}

TEST_CASE("the optimiser updates every parameter the walk names (sgd: p -= lr g)") {
  const gs::NetworkSpec s = every_kind();
  gs::Network<double> net(s);
  std::vector<double> g(static_cast<size_t>(s.parameter_count()));
  for (size_t k = 0; k < g.size(); ++k) g[k] = 0.001 * double((k + 1) % 17) - 0.008;
  gst::set_flat_grads(net, g);
  const std::vector<double> before = gst::flat_params(net);
  gs::OptimizerConfig cfg;
  cfg.name = "sgd";
  cfg.lr = 0.5;
  gs::Optimizer<double> opt(cfg, net);
  opt.step(net);
  const std::vector<double> after = gst::flat_params(net);
  REQUIRE(after.size() == g.size());
  for (size_t k = 0; k < g.size(); ++k) {
    CAPTURE(k);
    CHECK(after[k] == doctest::Approx(before[k] - 0.5 * g[k]).epsilon(1e-15));
  }
}

TEST_CASE("cache_values counts what forward allocates: 9 rows x units for a batch-norm rrelu layer") {
  const gs::NetworkSpec s = every_kind();
  for (int B : {1, 7, 64}) {
    CAPTURE(B);
    gs::Network<float> net(s);
    std::vector<float> x(static_cast<size_t>(B) * 3, 0.25f);
    gs::Pcg32 rng(1);
    net.forward(x.data(), B, gs::Mode::train, &rng);
    CHECK(allocated(net) == gs::cache_values(s, B));
  }
  // one batch-norm rrelu layer of 4 units and a 1-unit output: z, a, f', dz, da, slopes,
  // u, du, uhat (9) per hidden unit, z and dz (2) per output unit
  gs::NetworkSpec one = gst::make_spec(2, {gst::act_of(Act::rrelu)}, 4, 1, Loss::mse);
  one.layers[0].batchnorm.on = true;
  CHECK(gs::cache_values(one, 10) == 10 * (9 * 4 + 2 * 1));
  // a plain relu layer holds 5
  const gs::NetworkSpec plain = gst::make_spec(2, {gst::act_of(Act::relu)}, 4, 1, Loss::mse);
  CHECK(gs::cache_values(plain, 10) == 10 * (5 * 4 + 2 * 1));
}
