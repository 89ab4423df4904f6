// Tests for core/optimizer: one and two steps of every optimiser on a tiny network whose
// gradients are set by hand, against PyTorch's update rules computed here; weight decay,
// global-norm clipping, the applied-update norms, reset and validation.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/optimizer.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Loss;
using gs::OptimizerConfig;

namespace {

// 2 inputs -> 2 prelu (per unit) -> 1: W0 (2x2), b0 (2), alpha0 (2), W1 (1x2), b1 (1).
gs::NetworkSpec tiny_spec() {
  gs::Activation pr = gs::default_activation(Act::prelu);
  pr.per_unit = true;
  gs::NetworkSpec s = gst::make_spec(2, {pr}, 2, 1, Loss::mse);
  s.parameters = {gst::params({0.5, -0.25, 1.0, 2.0}, {0.1, -0.3}, {0.25, 0.2}),
                  gst::params({-1.5, 0.75}, {0.05}, {})};
  return s;
}

// PyTorch's torch.optim update rules, written out for a flat parameter vector.
struct Reference {
  OptimizerConfig cfg;
  std::vector<double> p, buf, m, v;
  long t = 0;

  Reference(const OptimizerConfig& c, std::vector<double> p0)
      : cfg(c), p(std::move(p0)), buf(p.size(), 0), m(p.size(), 0), v(p.size(), 0) {}

  // Returns the gradient norm before clipping.
  double step(const std::vector<double>& g) {
    ++t;
    double sq = 0;
    for (double x : g) sq += x * x;
    const double norm = std::sqrt(sq);
    double clip = 1;  // torch.nn.utils.clip_grad_norm_
    if (cfg.clip_norm > 0) clip = std::min(1.0, cfg.clip_norm / (norm + 1e-6));
    for (size_t i = 0; i < p.size(); ++i) {
      const double gi = clip * g[i] + cfg.weight_decay * p[i];  // weight_decay: g += wd p
      if (cfg.name == "sgd") {
        p[i] -= cfg.lr * gi;
      } else if (cfg.name == "momentum") {
        buf[i] = t == 1 ? gi : cfg.momentum * buf[i] + gi;  // torch: buf = g on the first step
        p[i] -= cfg.lr * (cfg.nesterov ? gi + cfg.momentum * buf[i] : buf[i]);
      } else if (cfg.name == "rmsprop") {
        v[i] = cfg.alpha * v[i] + (1 - cfg.alpha) * gi * gi;
        p[i] -= cfg.lr * gi / (std::sqrt(v[i]) + cfg.eps);
      } else {
        m[i] = cfg.beta1 * m[i] + (1 - cfg.beta1) * gi;
        v[i] = cfg.beta2 * v[i] + (1 - cfg.beta2) * gi * gi;
        const double mhat = m[i] / (1 - std::pow(cfg.beta1, t));
        const double vhat = v[i] / (1 - std::pow(cfg.beta2, t));
        p[i] -= cfg.lr * mhat / (std::sqrt(vhat) + cfg.eps);
      }
    }
    return norm;
  }
};

const std::vector<double> kG1 = {0.3, -0.2, 0.05, 0.4, -0.1, 0.6, 0.02, -0.01, 0.7, -0.35, 0.2};
const std::vector<double> kG2 = {-0.1, 0.25, 0.15, -0.4, 0.3, 0.05, -0.02, 0.08, 0.1, 0.45, -0.6};

// Per-layer ||delta W|| and ||delta b|| between two flat parameter vectors.
std::vector<double> applied_norms(const std::vector<double>& a, const std::vector<double>& b, bool bias) {
  // layer 0: W [0,4), b [4,6), alpha [6,8); layer 1: W [8,10), b [10,11)
  const std::vector<std::pair<size_t, size_t>> W = {{0, 4}, {8, 10}}, B = {{4, 6}, {10, 11}};
  std::vector<double> out;
  for (const auto& r : bias ? B : W) {
    double s = 0;
    for (size_t i = r.first; i < r.second; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    out.push_back(std::sqrt(s));
  }
  return out;
}

template <class T>
void run_against_reference(const OptimizerConfig& cfg, int steps) {
  const double tol = std::is_same<T, float>::value ? 2e-6 : 1e-12;
  gs::Network<T> net(tiny_spec());
  gs::Optimizer<T> opt(cfg, net);
  Reference ref(cfg, gst::flat_params(net));
  for (int s = 0; s < steps; ++s) {
    CAPTURE(s);
    const std::vector<double>& g = s % 2 == 0 ? kG1 : kG2;
    gst::set_flat_grads(net, g);
    const std::vector<double> before = gst::flat_params(net);
    const gs::UpdateInfo info = opt.step(net);
    const double norm = ref.step(g);
    const std::vector<double> after = gst::flat_params(net);
    for (size_t i = 0; i < after.size(); ++i) {
      CAPTURE(i);
      CHECK(after[i] == doctest::Approx(ref.p[i]).epsilon(tol).scale(1e-3));
    }
    CHECK(info.grad_norm == doctest::Approx(norm).epsilon(1e-6));
    CHECK(opt.steps() == s + 1);
    // the applied norms are those of the real change of each layer's W and b
    const auto dW = applied_norms(after, before, false), db = applied_norms(after, before, true);
    REQUIRE(info.dW_applied_norm.size() == 2);
    REQUIRE(info.db_applied_norm.size() == 2);
    for (int l = 0; l < 2; ++l) {
      CHECK(info.dW_applied_norm[l] == doctest::Approx(dW[l]).epsilon(1e-12));
      CHECK(info.db_applied_norm[l] == doctest::Approx(db[l]).epsilon(1e-12));
      CHECK(info.dW_applied_norm[l] > 0);
    }
  }
}

OptimizerConfig config(const std::string& name, double lr) {
  OptimizerConfig c;
  c.name = name;
  c.lr = lr;
  return c;
}

}  // namespace

TEST_CASE_TEMPLATE("optimizer: one and two steps match PyTorch's rules", T, float, double) {
  std::vector<std::pair<std::string, OptimizerConfig>> cases;
  cases.push_back({"sgd", config("sgd", 0.1)});
  cases.push_back({"momentum", config("momentum", 0.05)});
  OptimizerConfig nest = config("momentum", 0.05);
  nest.nesterov = true;
  nest.momentum = 0.8;
  cases.push_back({"nesterov", nest});
  cases.push_back({"rmsprop", config("rmsprop", 0.01)});
  OptimizerConfig rms = config("rmsprop", 0.02);
  rms.alpha = 0.9;
  rms.eps = 1e-3;
  cases.push_back({"rmsprop alpha 0.9 eps 1e-3", rms});
  cases.push_back({"adam", config("adam", 0.01)});
  OptimizerConfig adam = config("adam", 0.003);
  adam.beta1 = 0.5;
  adam.beta2 = 0.75;
  adam.eps = 0.01;
  cases.push_back({"adam betas 0.5/0.75 eps 0.01", adam});
  for (auto& c : cases) {
    for (int steps : {1, 2, 5}) {
      CAPTURE(c.first);
      CAPTURE(steps);
      run_against_reference<T>(c.second, steps);
      OptimizerConfig wd = c.second;
      wd.weight_decay = 0.1;
      CAPTURE(wd.weight_decay);
      run_against_reference<T>(wd, steps);
      OptimizerConfig clip = wd;
      clip.clip_norm = 0.5;  // the gradient norms are ~1.2: clipped
      CAPTURE(clip.clip_norm);
      run_against_reference<T>(clip, steps);
    }
  }
}

TEST_CASE("optimizer: closed forms of the first steps") {
  auto one = [](const OptimizerConfig& cfg, const std::vector<std::vector<double>>& gs_) {
    gs::Network<double> net(tiny_spec());
    gs::Optimizer<double> opt(cfg, net);
    for (const auto& g : gs_) {
      gst::set_flat_grads(net, g);
      opt.step(net);
    }
    return gst::flat_params(net);
  };
  const std::vector<double> p0 = gst::flat_params(gs::Network<double>(tiny_spec()));
  // sgd: p - lr g
  auto p = one(config("sgd", 0.1), {kG1});
  for (size_t i = 0; i < p.size(); ++i) CHECK(p[i] == doctest::Approx(p0[i] - 0.1 * kG1[i]).epsilon(1e-15));
  // momentum, two steps: buf2 = mu g1 + g2; p2 = p0 - lr g1 - lr buf2
  p = one(config("momentum", 0.05), {kG1, kG2});
  for (size_t i = 0; i < p.size(); ++i)
    CHECK(p[i] == doctest::Approx(p0[i] - 0.05 * kG1[i] - 0.05 * (0.9 * kG1[i] + kG2[i])).epsilon(1e-14));
  // nesterov, one step: buf = g; p -= lr (g + mu g)
  OptimizerConfig n = config("momentum", 0.05);
  n.nesterov = true;
  p = one(n, {kG1});
  for (size_t i = 0; i < p.size(); ++i) CHECK(p[i] == doctest::Approx(p0[i] - 0.05 * 1.9 * kG1[i]).epsilon(1e-14));
  // adam, first step: m_hat = g, v_hat = g^2 -> p -= lr g / (|g| + eps) ~ lr sign(g)
  p = one(config("adam", 0.01), {kG1});
  for (size_t i = 0; i < p.size(); ++i)
    CHECK(p[i] == doctest::Approx(p0[i] - 0.01 * kG1[i] / (std::fabs(kG1[i]) + 1e-8)).epsilon(1e-12));
  // rmsprop, first step: v = 0.01 g^2 -> p -= lr g / (0.1 |g| + eps) ~ 10 lr sign(g)
  p = one(config("rmsprop", 0.01), {kG1});
  for (size_t i = 0; i < p.size(); ++i)
    CHECK(p[i] == doctest::Approx(p0[i] - 0.01 * kG1[i] / (std::sqrt(0.01 * kG1[i] * kG1[i]) + 1e-8)).epsilon(1e-12));
  // weight decay with a zero gradient shrinks every parameter by (1 - lr wd)
  OptimizerConfig wd = config("sgd", 0.1);
  wd.weight_decay = 0.5;
  p = one(wd, {std::vector<double>(11, 0.0)});
  for (size_t i = 0; i < p.size(); ++i) CHECK(p[i] == doctest::Approx(p0[i] * 0.95).epsilon(1e-15));
}

TEST_CASE("optimizer: global-norm clipping") {
  double sq = 0;
  for (double g : kG1) sq += g * g;
  const double norm = std::sqrt(sq);
  for (double max_norm : {0.1, 0.5, norm * 2}) {
    CAPTURE(max_norm);
    gs::Network<double> net(tiny_spec());
    OptimizerConfig c = config("sgd", 1.0);
    c.clip_norm = max_norm;
    gs::Optimizer<double> opt(c, net);
    const auto p0 = gst::flat_params(net);
    gst::set_flat_grads(net, kG1);
    const gs::UpdateInfo info = opt.step(net);
    const auto p1 = gst::flat_params(net);
    CHECK(info.grad_norm == doctest::Approx(norm).epsilon(1e-14));
    const double coef = max_norm / (norm + 1e-6);
    if (coef < 1) {
      CHECK(info.clipped);
      CHECK(info.clipped_norm == doctest::Approx(norm * coef).epsilon(1e-14));
      CHECK(info.clipped_norm < max_norm);
      CHECK(info.clipped_norm == doctest::Approx(max_norm).epsilon(1e-5));
    } else {
      CHECK_FALSE(info.clipped);
      CHECK(info.clipped_norm == info.grad_norm);
    }
    const double f = std::min(1.0, coef);
    double moved = 0;
    for (size_t i = 0; i < p0.size(); ++i) {
      CHECK(p1[i] == doctest::Approx(p0[i] - f * kG1[i]).epsilon(1e-14));
      moved += (p1[i] - p0[i]) * (p1[i] - p0[i]);
    }
    CHECK(std::sqrt(moved) == doctest::Approx(info.clipped_norm).epsilon(1e-12));  // sgd lr 1 moves by the clipped norm
    // gradients themselves are left alone
    CHECK(net.layers[1].db(0) == kG1[10]);
  }
}

TEST_CASE("optimizer: reset, set_lr and validation") {
  gs::Network<double> a(tiny_spec()), b(tiny_spec());
  gs::Optimizer<double> oa(config("adam", 0.01), a), ob(config("adam", 0.01), b);
  gst::set_flat_grads(a, kG1);
  oa.step(a);
  oa.step(a);
  oa.reset();
  CHECK(oa.steps() == 0);
  // after reset the state is fresh: the next step from b's parameters equals a first step
  for (size_t l = 0; l < a.layers.size(); ++l) {
    a.layers[l].W = b.layers[l].W;
    a.layers[l].b = b.layers[l].b;
    a.layers[l].alpha = b.layers[l].alpha;
  }
  gst::set_flat_grads(a, kG2);
  gst::set_flat_grads(b, kG2);
  oa.step(a);
  ob.step(b);
  CHECK(gst::flat_params(a) == gst::flat_params(b));
  // set_lr changes the next step only
  gs::Network<double> c(tiny_spec());
  gs::Optimizer<double> oc(config("sgd", 0.1), c);
  oc.set_lr(0.5);
  CHECK(oc.config().lr == 0.5);
  const auto p0 = gst::flat_params(c);
  gst::set_flat_grads(c, kG1);
  oc.step(c);
  CHECK(gst::flat_params(c)[0] == doctest::Approx(p0[0] - 0.5 * kG1[0]).epsilon(1e-15));
  // validation names the field
  auto bad = [](auto edit) {
    OptimizerConfig cfg;
    edit(cfg);
    return gst::error_of([&] { gs::validate(cfg); });
  };
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.name = "sgdx"; }),
                      "optimizer.name: unknown optimiser 'sgdx', expected one of sgd, momentum, rmsprop, adam"));
  CHECK(bad([](OptimizerConfig& c) { c.lr = -1; }) == "optimizer.lr: must be in 0..1000, got -1");
  CHECK(bad([](OptimizerConfig& c) { c.beta2 = 1; }) == "optimizer.beta2: must be in 0..0.999999999, got 1");
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.lr = NAN; }), "optimizer.lr: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.momentum = 1.5; }), "optimizer.momentum: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.beta1 = 1.0; }), "optimizer.beta1: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.beta2 = -0.1; }), "optimizer.beta2: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.weight_decay = -1; }), "optimizer.weight_decay: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.clip_norm = -1; }), "optimizer.clip_norm: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.eps = 2; }), "optimizer.eps: must be in"));
  CHECK(gst::contains(bad([](OptimizerConfig& c) { c.alpha = 2; }), "optimizer.alpha: must be in"));
  CHECK(bad([](OptimizerConfig&) {}) == "<no exception>");
  GS_CHECK_ERROR(gs::Optimizer<double>(config("lion", 0.1), c), "optimizer.name: unknown optimiser 'lion'");
}
