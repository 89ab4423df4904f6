// Tests for core/init and core/rng: the initialisers' statistics over a large layer
// against torch.nn.init's formulas, bounds, determinism, and the bias constant.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/init.hpp"
#include "core/network.hpp"
#include "core/rng.hpp"
#include "helpers.hpp"

using gs::WeightInit;

namespace {

constexpr int kOut = 400, kIn = 300;
constexpr size_t kN = static_cast<size_t>(kOut) * kIn;

std::vector<double> draw(const WeightInit& init, uint64_t seed = 42, int out = kOut, int in = kIn) {
  std::vector<double> w(static_cast<size_t>(out) * in);
  gs::Pcg32 rng(seed);
  gs::init_weights(w.data(), init, out, in, rng);
  return w;
}

WeightInit named(const std::string& name, double gain) {
  WeightInit w;
  w.name = name;
  w.gain = gain;
  return w;
}

// Mean within 5 standard errors of `mean`, variance within 3% of `var`.
void check_moments(const std::vector<double>& w, double mean, double var) {
  auto mv = gst::mean_var(w.data(), w.size());
  CAPTURE(mv.first);
  CAPTURE(mv.second);
  CHECK(std::fabs(mv.first - mean) < 5 * std::sqrt(var / w.size()));
  CHECK(mv.second == doctest::Approx(var).epsilon(0.03));
}

}  // namespace

TEST_CASE("init: glorot/he/lecun statistics match torch.nn.init's formulas") {
  const double fan_sum = kIn + kOut;
  for (double g : {1.0, 0.5, 2.0}) {
    CAPTURE(g);
    {  // glorot_uniform
      auto w = draw(named("glorot_uniform", g));
      const double a = g * std::sqrt(6.0 / fan_sum);
      check_moments(w, 0, g * g * 2.0 / fan_sum);  // = a^2 / 3
      CHECK(*std::max_element(w.begin(), w.end()) < a);
      CHECK(*std::min_element(w.begin(), w.end()) >= -a);
      CHECK(*std::max_element(w.begin(), w.end()) > 0.999 * a);   // the bound is reached
      CHECK(*std::min_element(w.begin(), w.end()) < -0.999 * a);
    }
    { check_moments(draw(named("glorot_normal", g)), 0, g * g * 2.0 / fan_sum); }
    {  // he_uniform
      auto w = draw(named("he_uniform", g));
      const double a = g * std::sqrt(3.0 / kIn);
      check_moments(w, 0, g * g / kIn);
      CHECK(*std::max_element(w.begin(), w.end()) < a);
      CHECK(*std::min_element(w.begin(), w.end()) >= -a);
      CHECK(*std::max_element(w.begin(), w.end()) > 0.999 * a);
    }
    { check_moments(draw(named("he_normal", g)), 0, g * g / kIn); }
    { check_moments(draw(named("lecun_normal", g)), 0, g * g / kIn); }
  }
}

TEST_CASE("init: he_* default gain is sqrt(2) (kaiming, relu)") {
  // parse sets the default gains: he_* sqrt(2), others 1
  const std::string base = R"({"format":"gradscope-network/1","inputs":300,"layers":[{"units":400,"activation":"relu"},{"units":1}],"loss":"mse","init":{"weights":")";
  for (std::string name : {"he_uniform", "kaiming_uniform", "he_normal", "kaiming_normal"}) {
    CAPTURE(name);
    gs::NetworkSpec s = gs::parse_network(base + name + "\"}}");
    CHECK(s.init.gain == doctest::Approx(std::sqrt(2.0)).epsilon(1e-15));
    gs::Network<double> net(s);
    std::vector<double> w(net.layers[0].W.begin(), net.layers[0].W.end());
    check_moments(w, 0, 2.0 / kIn);
  }
  for (std::string name : {"glorot_uniform", "lecun_normal", "xavier_normal"}) {
    CAPTURE(name);
    gs::NetworkSpec s = gs::parse_network(base + name + "\"}}");
    CHECK(s.init.gain == 1.0);
  }
  gs::NetworkSpec s = gs::parse_network(base + "lecun_normal\"}}");
  gs::Network<double> net(s);
  std::vector<double> w(net.layers[0].W.begin(), net.layers[0].W.end());
  check_moments(w, 0, 1.0 / kIn);
}

TEST_CASE("init: uniform, normal and constant use their parameters") {
  WeightInit u;
  u.name = "uniform";
  u.a = -0.5;
  u.b = 1.5;
  auto w = draw(u);
  check_moments(w, 0.5, 4.0 / 12.0);
  CHECK(*std::min_element(w.begin(), w.end()) >= -0.5);
  CHECK(*std::max_element(w.begin(), w.end()) < 1.5);
  WeightInit n;
  n.name = "normal";
  n.mean = 0.3;
  n.std = 0.05;
  check_moments(draw(n), 0.3, 0.0025);
  // about 68.3% within one standard deviation
  auto wn = draw(n);
  const auto inside = std::count_if(wn.begin(), wn.end(), [](double v) { return std::fabs(v - 0.3) < 0.05; });
  CHECK(static_cast<double>(inside) / kN == doctest::Approx(0.6827).epsilon(0.01));
  WeightInit c;
  c.name = "constant";
  c.value = -0.125;
  auto wc = draw(c);
  CHECK(std::all_of(wc.begin(), wc.end(), [](double v) { return v == -0.125; }));
  // default uniform is U(0, 1), default normal N(0, 1)
  WeightInit u01;
  u01.name = "uniform";
  check_moments(draw(u01), 0.5, 1.0 / 12.0);
  WeightInit n01;
  n01.name = "normal";
  check_moments(draw(n01), 0.0, 1.0);
  WeightInit bad;
  bad.name = "orthogonal";
  GS_CHECK_ERROR(draw(bad, 1, 2, 2), "unknown initialiser 'orthogonal'");
}

TEST_CASE("init: deterministic for a seed, different for another, bias is the constant") {
  for (const char* name : {"glorot_uniform", "he_normal", "uniform", "normal"}) {
    CAPTURE(name);
    WeightInit w = named(name, 1.0);
    CHECK(gst::same_bits(draw(w, 7), draw(w, 7)));
    CHECK_FALSE(draw(w, 7) == draw(w, 8));
  }
  // the network draws layer by layer from one Pcg32(seed): layer 0 equals a fresh draw
  gs::NetworkSpec s = gst::make_spec(30, {gs::default_activation(gs::Act::tanh)}, 20, 3, gs::Loss::mse, 1234,
                                     "glorot_uniform", 0.375);
  gs::Network<double> a(s), b(s);
  std::vector<double> w0(a.layers[0].W.begin(), a.layers[0].W.end());
  CHECK(gst::same_bits(w0, draw(s.init, 1234, 20, 30)));
  for (size_t l = 0; l < a.layers.size(); ++l) {
    CHECK(std::equal(a.layers[l].W.begin(), a.layers[l].W.end(), b.layers[l].W.begin()));
    CHECK(std::all_of(a.layers[l].b.begin(), a.layers[l].b.end(), [](double v) { return v == 0.375; }));
  }
  s.seed = 1235;
  gs::Network<double> c(s);
  CHECK_FALSE(std::equal(a.layers[1].W.begin(), a.layers[1].W.end(), c.layers[1].W.begin()));
  // float networks hold the same draws, rounded
  s.seed = 1234;
  gs::Network<float> f(s);
  for (size_t i = 0; i < a.layers[1].W.size(); ++i)
    if (f.layers[1].W.data()[i] != static_cast<float>(a.layers[1].W.data()[i])) { FAIL("float draw differs at " << i); }
  // explicit parameters for an early layer do not change a later layer's draw
  gs::NetworkSpec with = s;
  gs::Network<double> full(s);
  with.parameters = full.export_spec().parameters;
  std::fill(with.parameters[0].W.begin(), with.parameters[0].W.end(), 0.0);
  gs::Network<double> d(with);
  CHECK(d.layers[0].W(0, 0) == 0.0);
  CHECK(std::equal(d.layers[1].W.begin(), d.layers[1].W.end(), a.layers[1].W.begin()));
}

TEST_CASE("rng: Pcg32 draws are in range and reproducible") {
  gs::Pcg32 a(5), b(5), c(6);
  bool same = true, differ = false;
  for (int i = 0; i < 1000; ++i) {
    const uint32_t x = a.next_u32(), y = b.next_u32(), z = c.next_u32();
    same = same && x == y;
    differ = differ || x != z;
  }
  CHECK(same);
  CHECK(differ);
  gs::Pcg32 r(1);
  std::vector<double> u, nrm;
  int counts[7] = {0};
  for (int i = 0; i < 70000; ++i) {
    u.push_back(r.uniform());
    nrm.push_back(r.normal());
    ++counts[r.below(7)];
  }
  CHECK(*std::min_element(u.begin(), u.end()) >= 0.0);
  CHECK(*std::max_element(u.begin(), u.end()) < 1.0);
  auto mu = gst::mean_var(u.data(), u.size());
  CHECK(mu.first == doctest::Approx(0.5).epsilon(0.01));
  CHECK(mu.second == doctest::Approx(1.0 / 12).epsilon(0.02));
  auto mn = gst::mean_var(nrm.data(), nrm.size());
  CHECK(std::fabs(mn.first) < 0.02);
  CHECK(mn.second == doctest::Approx(1.0).epsilon(0.02));
  for (int k = 0; k < 7; ++k) CHECK(counts[k] == doctest::Approx(10000).epsilon(0.05));
  bool open_ok = true;
  for (int i = 0; i < 1000; ++i) open_ok = open_ok && r.uniform_open() > 0.0;
  CHECK(open_ok);
  // shuffle is a permutation
  std::vector<int> idx(50);
  for (int i = 0; i < 50; ++i) idx[i] = i;
  gs::shuffle(idx.data(), 50, r);
  std::vector<int> sorted = idx;
  std::sort(sorted.begin(), sorted.end());
  bool perm = true;
  for (int i = 0; i < 50; ++i) perm = perm && sorted[i] == i;
  CHECK(perm);
  CHECK_FALSE(std::is_sorted(idx.begin(), idx.end()));
}
