// Tests for core/network, core/loss and core/activation: backward against central finite
// differences (float64), float32 against float64, the kink conventions, activation values
// against their formulas, and the losses against closed forms (PyTorch's reduction='mean').
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "core/activation.hpp"
#include "core/loss.hpp"
#include "core/network.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Activation;
using gs::Loss;
using gs::Mode;
using gs::Network;

namespace {

// ---- the finite-difference harness -------------------------------------------------------

enum class TargetKind { dense, classes };

struct Problem {
  gs::NetworkSpec spec;
  std::vector<double> x;  // (B, inputs)
  int B = 1;
  TargetKind kind = TargetKind::dense;
  std::vector<double> dense;  // (B, K)
  std::vector<int> classes;   // (B)
  Mode mode = Mode::eval;
  uint64_t rrelu_seed = 99;   // re-seeded identically for every evaluation (train mode)
};

gs::Targets<double> targets_of(const Problem& p) {
  gs::Targets<double> t;
  if (p.kind == TargetKind::dense) t.dense = p.dense.data();
  else t.classes = p.classes.data();
  return t;
}

void run_forward(Network<double>& net, const Problem& p) {
  gs::Pcg32 rng(p.rrelu_seed, 3);  // the same slopes every time
  net.forward(p.x.data(), p.B, p.mode, &rng);
}

double loss_at(Network<double>& net, const Problem& p) {
  run_forward(net, p);
  return gs::loss_forward_backward<double>(p.spec.loss, nullptr, net.layers.back().z.data(), targets_of(p), p.B,
                                           net.outputs())
      .loss;
}

double analytic(Network<double>& net, const Problem& p) {
  run_forward(net, p);
  std::vector<double> dout(static_cast<size_t>(p.B) * net.outputs());
  double L = gs::loss_forward_backward<double>(p.spec.loss, dout.data(), net.layers.back().z.data(), targets_of(p),
                                               p.B, net.outputs())
                 .loss;
  net.backward(dout.data());
  return L;
}

// Points where an activation is not differentiable (or, softplus, not continuous).
std::vector<double> kinks(const Activation& a) {
  switch (a.kind) {
    case Act::relu: case Act::leaky_relu: case Act::prelu: case Act::rrelu: case Act::elu: case Act::selu:
      return {0.0};
    case Act::softplus: return {a.threshold / a.beta};
    default: return {};
  }
}

// Shifts hidden biases (layer by layer, bottom up) so that no pre-activation of the batch lies
// within `margin` of a kink: finite differences then never straddle one.
void nudge_away_from_kinks(Network<double>& net, const Problem& p, double margin) {
  for (size_t l = 0; l + 1 < net.layers.size(); ++l) {
    auto& ly = net.layers[l];
    const std::vector<double> ks = kinks(ly.act);
    if (ks.empty()) continue;
    run_forward(net, p);
    for (int u = 0; u < ly.out; ++u) {
      double chosen = 0;
      for (int k = 0; k < 200; ++k) {
        const double delta = (k % 2 ? 1 : -1) * ((k + 1) / 2) * 1.7 * margin;
        bool ok = true;
        for (int r = 0; r < p.B && ok; ++r)
          for (double kz : ks) ok = ok && std::fabs(ly.z(r, u) + delta - kz) >= margin;
        if (ok) { chosen = delta; break; }
      }
      ly.b(u) += chosen;
    }
  }
}

struct FdResult {
  double worst = 0;         // largest |a - n| / max(|a|, |n|, floor)
  std::string worst_name;
  int checked = 0;          // parameters compared
  int significant = 0;      // ... with |gradient| above the floor (a truly relative check)
  double sum_abs = 0;       // sum of |analytic gradient|
};

// Compares dW, db and dalpha of every layer with central differences of the loss
// (relative error against max(|analytic|, |numeric|, floor * max(1, |L|))).
FdResult fd_check(Network<double>& net, const Problem& p, double h = 1e-5, double floor = 1e-4) {
  FdResult res;
  const double L0 = analytic(net, p);
  // Copy the analytic gradients: every loss evaluation below overwrites the caches only
  // (backward is not called), but keep them safe anyway.
  std::vector<std::vector<double>> gW, gb, ga;
  for (auto& ly : net.layers) {
    gW.emplace_back(ly.dW.begin(), ly.dW.end());
    gb.emplace_back(ly.db.begin(), ly.db.end());
    ga.emplace_back(ly.dalpha.begin(), ly.dalpha.end());
  }
  const double fl = floor * std::max(1.0, std::fabs(L0));
  auto compare = [&](double* param, double a, const std::string& name) {
    const double keep = *param;
    auto at = [&](double offset) {
      *param = keep + offset;
      return loss_at(net, p);
    };
    const double l2p = at(2 * h), lp = at(h), lm = at(-h), l2m = at(-2 * h);
    *param = keep;
    // the fourth-order central difference: truncation O(h^4), so h can be large enough for
    // the rounding error of the loss (~1e-16 |L| / h) to stay far below the tolerance
    const double n = (8 * (lp - lm) - (l2p - l2m)) / (12 * h);
    const double scale = std::max({std::fabs(a), std::fabs(n), fl});
    const double err = std::fabs(a - n) / scale;
    ++res.checked;
    if (std::fabs(a) > fl) ++res.significant;
    res.sum_abs += std::fabs(a);
    if (!(err <= res.worst)) {  // also catches NaN
      res.worst = std::isnan(err) ? INFINITY : err;
      std::ostringstream os;
      os << name << " analytic " << a << " numeric " << n;
      res.worst_name = os.str();
    }
  };
  for (size_t l = 0; l < net.layers.size(); ++l) {
    auto& ly = net.layers[l];
    const std::string base = "layers[" + std::to_string(l) + "].";
    for (size_t i = 0; i < ly.W.size(); ++i) compare(ly.W.data() + i, gW[l][i], base + "W[" + std::to_string(i) + "]");
    for (size_t i = 0; i < ly.b.size(); ++i) compare(ly.b.data() + i, gb[l][i], base + "b[" + std::to_string(i) + "]");
    for (size_t i = 0; i < ly.alpha.size(); ++i)
      compare(ly.alpha.data() + i, ga[l][i], base + "alpha[" + std::to_string(i) + "]");
  }
  return res;
}

// A problem with random inputs and targets suited to the loss.
Problem make_problem(const gs::NetworkSpec& spec, int B, TargetKind kind, uint64_t seed, bool probability_rows = false) {
  Problem p;
  p.spec = spec;
  p.B = B;
  p.kind = kind;
  const int K = spec.outputs();
  p.x = gst::uniform_values(static_cast<size_t>(B) * spec.inputs, -1.5, 1.5, seed);
  gs::Pcg32 rng(seed, 11);
  if (kind == TargetKind::classes) {
    for (int r = 0; r < B; ++r) p.classes.push_back(static_cast<int>(rng.below(K == 1 ? 2 : K)));
  } else {
    p.dense.resize(static_cast<size_t>(B) * K);
    for (int r = 0; r < B; ++r) {
      double* row = p.dense.data() + static_cast<size_t>(r) * K;
      if (spec.loss == Loss::mse) {
        for (int k = 0; k < K; ++k) row[k] = rng.uniform(-1, 1);
      } else if (spec.loss == Loss::bce_logits) {
        for (int k = 0; k < K; ++k) row[k] = probability_rows ? rng.uniform() : static_cast<double>(rng.below(2));
      } else if (probability_rows) {
        double s = 0;
        for (int k = 0; k < K; ++k) s += (row[k] = rng.uniform(0.05, 1));
        for (int k = 0; k < K; ++k) row[k] /= s;
      } else {
        row[rng.below(K)] = 1;  // one-hot
      }
    }
  }
  return p;
}

struct ActCase {
  std::string name;
  Activation act;
  Mode mode = Mode::eval;
  bool distinct_prelu_slopes = false;
};

std::vector<ActCase> activation_cases() {
  std::vector<ActCase> v;
  auto add = [&](const std::string& n, Activation a, Mode m = Mode::eval, bool distinct = false) {
    v.push_back({n, a, m, distinct});
  };
  for (const auto& row : gs::activation_table()) {
    if (row.kind == Act::prelu || row.kind == Act::rrelu || row.kind == Act::elu) continue;
    add(row.name, gs::default_activation(row.kind));
  }
  Activation leaky2 = gs::default_activation(Act::leaky_relu);
  leaky2.alpha = 0.2;
  add("leaky_relu(0.2)", leaky2);
  Activation prelu_layer = gs::default_activation(Act::prelu);
  add("prelu per layer", prelu_layer);
  Activation prelu_unit = prelu_layer;
  prelu_unit.per_unit = true;
  add("prelu per unit", prelu_unit, Mode::eval, true);
  Activation rrelu = gs::default_activation(Act::rrelu);
  add("rrelu eval", rrelu, Mode::eval);
  add("rrelu train (fixed slopes)", rrelu, Mode::train);
  Activation elu1 = gs::default_activation(Act::elu);
  add("elu(1)", elu1);
  Activation elu05 = elu1;
  elu05.alpha = 0.5;
  add("elu(0.5)", elu05);
  Activation sp2 = gs::default_activation(Act::softplus);
  sp2.beta = 2;
  sp2.threshold = 1.5;  // linear above z = 0.75: both branches get exercised
  add("softplus(beta 2, threshold 1.5)", sp2);
  return v;
}

struct Shape {
  int depth, width, batch;  // depth counts the output layer: 1 = no hidden layer
};

void check_problem(Problem& p, const std::string& what, bool distinct_prelu = false) {
  Network<double> net(p.spec);
  if (distinct_prelu) {
    for (auto& ly : net.layers)
      for (size_t i = 0; i < ly.alpha.size(); ++i) ly.alpha(i) = -0.3 + 0.11 * static_cast<double>(i);
  }
  nudge_away_from_kinks(net, p, 1e-3);
  FdResult r = fd_check(net, p);
  CAPTURE(what);
  CAPTURE(r.worst_name);
  CAPTURE(r.checked);
  CAPTURE(r.significant);
  CHECK(r.worst < 1e-6);
  CHECK(r.significant > 0);  // never a vacuous check
  CHECK(r.sum_abs > 0);
}

}  // namespace

TEST_CASE("gradients: every activation matches central differences (float64)") {
  const std::vector<Shape> shapes = {{2, 3, 4}, {2, 1, 1}, {5, 8, 7}, {5, 3, 1}, {30, 3, 4}};
  int n = 0;
  for (const ActCase& c : activation_cases()) {
    for (const Shape& s : shapes) {
      std::vector<Activation> hidden(static_cast<size_t>(s.depth - 1), c.act);
      gs::NetworkSpec spec = gst::make_spec(3, hidden, s.width, 2, Loss::mse, 5 + n, "glorot_uniform", 0.05);
      Problem p = make_problem(spec, s.batch, TargetKind::dense, 100 + n);
      p.mode = c.mode;
      std::ostringstream os;
      os << c.name << " depth " << s.depth << " width " << s.width << " batch " << s.batch;
      check_problem(p, os.str(), c.distinct_prelu_slopes);
      ++n;
    }
  }
  CHECK(n >= 17 * 5);
}

TEST_CASE("gradients: rrelu in train mode really uses the sampled slopes") {
  // The same network and batch: train mode (sampled slopes) and eval mode (mean slope) give
  // different gradients, and train-mode gradients match differences with the same slopes.
  Activation r = gs::default_activation(Act::rrelu);
  r.lower = 0.0;
  r.upper = 1.0;
  gs::NetworkSpec spec = gst::make_spec(2, {r, r}, 4, 1, Loss::mse, 3);
  Problem p = make_problem(spec, 6, TargetKind::dense, 8);
  p.mode = Mode::train;
  Network<double> net(spec);
  nudge_away_from_kinks(net, p, 1e-3);
  analytic(net, p);
  std::vector<double> g_train(net.layers[0].dW.begin(), net.layers[0].dW.end());
  // the slopes of a negative pre-activation are within [lower, upper] and vary
  double lo = 1, hi = 0;
  for (int i = 0; i < p.B * 4; ++i) {
    lo = std::min(lo, static_cast<double>(net.layers[0].slope.data()[i]));
    hi = std::max(hi, static_cast<double>(net.layers[0].slope.data()[i]));
  }
  CHECK(lo >= 0.0);
  CHECK(hi <= 1.0);
  CHECK(hi > lo);
  Problem pe = p;
  pe.mode = Mode::eval;
  analytic(net, pe);
  std::vector<double> g_eval(net.layers[0].dW.begin(), net.layers[0].dW.end());
  CHECK_FALSE(g_train == g_eval);
  FdResult res = fd_check(net, p);
  CAPTURE(res.worst_name);
  CHECK(res.worst < 1e-6);
}

TEST_CASE("gradients: every loss and target form matches central differences (float64)") {
  struct LossCase {
    std::string name;
    Loss loss;
    int K;
    TargetKind kind;
    bool prob;
  };
  const std::vector<LossCase> cases = {
      {"mse K=1 dense", Loss::mse, 1, TargetKind::dense, false},
      {"mse K=3 dense", Loss::mse, 3, TargetKind::dense, false},
      {"mse K=1 classes", Loss::mse, 1, TargetKind::classes, false},
      {"mse K=3 classes (one-hot)", Loss::mse, 3, TargetKind::classes, false},
      {"bce K=1 classes", Loss::bce_logits, 1, TargetKind::classes, false},
      {"bce K=1 dense 0/1", Loss::bce_logits, 1, TargetKind::dense, false},
      {"bce K=3 probabilities", Loss::bce_logits, 3, TargetKind::dense, true},
      {"bce K=4 classes (one-hot)", Loss::bce_logits, 4, TargetKind::classes, false},
      {"softmax_ce K=2 classes", Loss::softmax_ce, 2, TargetKind::classes, false},
      {"softmax_ce K=5 classes", Loss::softmax_ce, 5, TargetKind::classes, false},
      {"softmax_ce K=4 one-hot", Loss::softmax_ce, 4, TargetKind::dense, false},
      {"softmax_ce K=4 probabilities", Loss::softmax_ce, 4, TargetKind::dense, true},
  };
  const std::vector<Shape> shapes = {{1, 1, 1}, {1, 1, 7}, {2, 3, 4}, {5, 8, 7}, {30, 3, 4}};
  const Act acts[] = {Act::tanh, Act::relu, Act::gelu, Act::prelu, Act::sigmoid};
  int n = 0;
  for (const LossCase& c : cases) {
    for (const Shape& s : shapes) {
      const Activation a = gs::default_activation(acts[n % 5]);
      std::vector<Activation> hidden(static_cast<size_t>(s.depth - 1), a);
      gs::NetworkSpec spec = gst::make_spec(4, hidden, s.width, c.K, c.loss, 40 + n, "glorot_normal", -0.05);
      Problem p = make_problem(spec, s.batch, c.kind, 300 + n, c.prob);
      std::ostringstream os;
      os << c.name << " with " << gs::act_name(a.kind) << " depth " << s.depth << " width " << s.width << " batch "
         << s.batch;
      check_problem(p, os.str());
      ++n;
    }
  }
}

TEST_CASE("gradients: softmax_ce with unnormalised dense targets (sum != 1)") {
  gs::NetworkSpec spec = gst::make_spec(3, {gs::default_activation(Act::tanh)}, 5, 3, Loss::softmax_ce, 2);
  Problem p = make_problem(spec, 4, TargetKind::dense, 21, true);
  for (double& t : p.dense) t *= 2.5;
  check_problem(p, "softmax_ce targets scaled by 2.5");
}

TEST_CASE("loss: bce_logits is stable for extreme logits and its gradient is right") {
  // One output layer with W = 0 and b = the logits: out = b for every row.
  const std::vector<double> logits = {50, -50, 1000, -1000, 0.5, -3};
  const int K = static_cast<int>(logits.size());
  for (double target : {0.0, 1.0, 0.3}) {
    CAPTURE(target);
    gs::NetworkSpec spec = gst::make_spec(1, {}, 0, K, Loss::bce_logits, 1);
    spec.parameters = {gst::params(std::vector<double>(static_cast<size_t>(K), 0.0), logits, {})};
    Problem p;
    p.spec = spec;
    p.B = 2;
    p.x = {0.7, -0.2};
    p.dense.assign(static_cast<size_t>(2 * K), target);
    Network<double> net(spec);
    const double L = analytic(net, p);
    // closed form per element: softplus(x) - x t, with softplus(x) = max(x,0) + log(1 + e^-|x|)
    double want = 0;
    for (double x : logits) {
      double sp = x > 30 ? x : std::log(1 + std::exp(x));  // x <= -1000: log(1 + 0) = 0 exactly
      if (x > 30) sp = x + std::exp(-x);
      want += sp - x * target;
    }
    want /= K;  // both rows equal: mean over batch and outputs
    CHECK(std::isfinite(L));
    CHECK(L == doctest::Approx(want).epsilon(1e-12));
    // db = mean over batch of dL/do = 2 rows * (sigmoid(x) - t) / (B K)
    for (int k = 0; k < K; ++k) {
      const double s = gst::sigmoid(logits[k]);
      CHECK(std::isfinite(net.layers[0].db(k)));
      CHECK(net.layers[0].db(k) == doctest::Approx(2 * (s - target) / (2.0 * K)).epsilon(1e-12));
    }
    // and float32 too: no NaN or inf
    Network<float> nf(spec);
    std::vector<float> xf = {0.7f, -0.2f};
    std::vector<float> tf(static_cast<size_t>(2 * K), static_cast<float>(target));
    nf.forward(xf.data(), 2, Mode::eval, nullptr);
    std::vector<float> dout(static_cast<size_t>(2 * K));
    gs::Targets<float> t;
    t.dense = tf.data();
    const double Lf = gs::loss_forward_backward<float>(Loss::bce_logits, dout.data(), nf.layers[0].z.data(), t, 2, K).loss;
    CHECK(std::isfinite(Lf));
    CHECK(Lf == doctest::Approx(want).epsilon(1e-6));
    for (float g : dout) CHECK(std::isfinite(g));
  }
}

TEST_CASE("loss: values against closed forms (reduction='mean' like PyTorch)") {
  const int B = 3, K = 3;
  const std::vector<double> o = {0.2, -1.0, 2.0, 1.5, 0.0, -0.5, 3.0, 2.9, -4.0};
  SUBCASE("mse: mean over batch and outputs") {
    const std::vector<double> y = {0.0, 1.0, 2.5, -1.0, 0.25, 0.0, 3.0, 0.0, -3.0};
    double s = 0;
    for (int i = 0; i < B * K; ++i) s += (o[i] - y[i]) * (o[i] - y[i]);
    std::vector<double> g(B * K);
    gs::Targets<double> t;
    t.dense = y.data();
    auto r = gs::loss_forward_backward<double>(Loss::mse, g.data(), o.data(), t, B, K);
    CHECK(r.loss == doctest::Approx(s / (B * K)).epsilon(1e-14));
    for (int i = 0; i < B * K; ++i) CHECK(g[i] == doctest::Approx(2 * (o[i] - y[i]) / (B * K)).epsilon(1e-14));
    CHECK_FALSE(r.has_accuracy);  // regression targets
  }
  SUBCASE("bce_logits: mean over batch and outputs") {
    const std::vector<double> y = {1, 0, 1, 0, 0, 1, 1, 1, 0.5};
    double s = 0;
    for (int i = 0; i < B * K; ++i) {
      const double p = gst::sigmoid(o[i]);
      s += -(y[i] * std::log(p) + (1 - y[i]) * std::log(1 - p));
    }
    std::vector<double> g(B * K);
    gs::Targets<double> t;
    t.dense = y.data();
    auto r = gs::loss_forward_backward<double>(Loss::bce_logits, g.data(), o.data(), t, B, K);
    CHECK(r.loss == doctest::Approx(s / (B * K)).epsilon(1e-12));
    for (int i = 0; i < B * K; ++i)
      CHECK(g[i] == doctest::Approx((gst::sigmoid(o[i]) - y[i]) / (B * K)).epsilon(1e-12));
  }
  SUBCASE("softmax_ce with class indices: mean over the batch") {
    const std::vector<int> c = {2, 0, 1};
    double s = 0;
    for (int r = 0; r < B; ++r) {
      double z = 0;
      for (int k = 0; k < K; ++k) z += std::exp(o[r * K + k]);
      s += -std::log(std::exp(o[r * K + c[r]]) / z);
    }
    std::vector<double> g(B * K);
    gs::Targets<double> t;
    t.classes = c.data();
    auto r = gs::loss_forward_backward<double>(Loss::softmax_ce, g.data(), o.data(), t, B, K);
    CHECK(r.loss == doctest::Approx(s / B).epsilon(1e-12));
    for (int rr = 0; rr < B; ++rr) {
      double z = 0;
      for (int k = 0; k < K; ++k) z += std::exp(o[rr * K + k]);
      for (int k = 0; k < K; ++k)
        CHECK(g[rr * K + k] == doctest::Approx((std::exp(o[rr * K + k]) / z - (c[rr] == k)) / B).epsilon(1e-12));
    }
    // accuracy: argmax rows are 2, 0, 0 -> 2 of 3 right
    CHECK(r.has_accuracy);
    CHECK(r.correct == 2);
  }
  SUBCASE("softmax_ce with probability rows equals the class-index form for one-hot rows") {
    const std::vector<double> onehot = {0, 0, 1, 1, 0, 0, 0, 1, 0};
    const std::vector<int> c = {2, 0, 1};
    gs::Targets<double> td, tc;
    td.dense = onehot.data();
    tc.classes = c.data();
    std::vector<double> gd(B * K), gc(B * K);
    auto rd = gs::loss_forward_backward<double>(Loss::softmax_ce, gd.data(), o.data(), td, B, K);
    auto rc = gs::loss_forward_backward<double>(Loss::softmax_ce, gc.data(), o.data(), tc, B, K);
    CHECK(rd.loss == doctest::Approx(rc.loss).epsilon(1e-14));
    for (int i = 0; i < B * K; ++i) CHECK(gd[i] == doctest::Approx(gc[i]).epsilon(1e-14));
    // soft targets: -sum t log softmax by hand
    const std::vector<double> soft = {0.2, 0.3, 0.5, 0.6, 0.4, 0.0, 0.1, 0.1, 0.8};
    td.dense = soft.data();
    double s = 0;
    for (int r = 0; r < B; ++r) {
      double z = 0;
      for (int k = 0; k < K; ++k) z += std::exp(o[r * K + k]);
      for (int k = 0; k < K; ++k) s -= soft[r * K + k] * std::log(std::exp(o[r * K + k]) / z);
    }
    auto rs = gs::loss_forward_backward<double>(Loss::softmax_ce, nullptr, o.data(), td, B, K);
    CHECK(rs.loss == doctest::Approx(s / B).epsilon(1e-12));
  }
  SUBCASE("softmax_ce is stable with huge logits (log-sum-exp)") {
    const std::vector<double> big = {1000, 999, -1000, -800, -801, 5000};
    const std::vector<int> c = {1, 0};
    // row 0: lse = 1000 + log(1 + e^-1 + e^-2000); -log p_1 = lse - 999
    const double lse0 = 1000 + std::log1p(std::exp(-1.0));
    // row 1: lse = 5000 (others vanish); -log p_0 = 5000 + 800
    const double want = ((lse0 - 999) + (5000.0 + 800)) / 2;
    gs::Targets<double> t;
    t.classes = c.data();
    std::vector<double> g(6);
    auto r = gs::loss_forward_backward<double>(Loss::softmax_ce, g.data(), big.data(), t, 2, 3);
    CHECK(r.loss == doctest::Approx(want).epsilon(1e-12));
    for (double v : g) CHECK(std::isfinite(v));
    std::vector<float> bf(big.begin(), big.end()), gf(6);
    gs::Targets<float> tf;
    tf.classes = c.data();
    auto rf = gs::loss_forward_backward<float>(Loss::softmax_ce, gf.data(), bf.data(), tf, 2, 3);
    CHECK(rf.loss == doctest::Approx(want).epsilon(1e-6));
    for (float v : gf) CHECK(std::isfinite(v));
  }
}

TEST_CASE_TEMPLATE("gradients: float32 agrees with float64 to ~1e-4", T, float) {
  struct C {
    Act act;
    Loss loss;
    int K;
  };
  for (C c : {C{Act::tanh, Loss::softmax_ce, 3}, C{Act::sigmoid, Loss::bce_logits, 1}, C{Act::elu, Loss::mse, 2},
              C{Act::gelu, Loss::softmax_ce, 4}, C{Act::leaky_relu, Loss::mse, 1}, C{Act::prelu, Loss::bce_logits, 2}}) {
    CAPTURE(gs::act_name(c.act));
    gs::NetworkSpec spec = gst::make_spec(3, std::vector<Activation>(4, gs::default_activation(c.act)), 8, c.K, c.loss,
                                          17, "glorot_uniform", 0.1);
    const int B = 7;
    Network<T> nf(spec);
    Network<double> nd(spec);
    for (size_t l = 0; l < nd.layers.size(); ++l) {  // the float network's parameters, exactly
      auto& d = nd.layers[l];
      const auto& f = nf.layers[l];
      std::copy(f.W.begin(), f.W.end(), d.W.begin());
      std::copy(f.b.begin(), f.b.end(), d.b.begin());
      std::copy(f.alpha.begin(), f.alpha.end(), d.alpha.begin());
    }
    std::vector<double> xd = gst::uniform_values(static_cast<size_t>(B) * 3, -1, 1, 4);
    std::vector<T> xf(xd.begin(), xd.end());
    for (size_t i = 0; i < xd.size(); ++i) xd[i] = static_cast<double>(xf[i]);
    std::vector<int> cls = {0, 1, 0, 1, 1, 0, 0};
    if (c.K > 2) cls = {0, 2, 1, 2, 0, 1, 2};
    std::vector<double> yd(static_cast<size_t>(B) * c.K);
    for (size_t i = 0; i < yd.size(); ++i) yd[i] = 0.3 * std::sin(static_cast<double>(i));
    std::vector<T> yf(yd.begin(), yd.end());
    for (size_t i = 0; i < yd.size(); ++i) yd[i] = static_cast<double>(yf[i]);
    gs::Targets<double> td;
    gs::Targets<T> tf;
    if (c.loss == Loss::mse) { td.dense = yd.data(); tf.dense = yf.data(); }
    else { td.classes = cls.data(); tf.classes = cls.data(); }
    nd.forward(xd.data(), B, Mode::eval, nullptr);
    nf.forward(xf.data(), B, Mode::eval, nullptr);
    std::vector<double> gd(static_cast<size_t>(B) * c.K);
    std::vector<T> gf(gd.size());
    const double Ld = gs::loss_forward_backward<double>(c.loss, gd.data(), nd.layers.back().z.data(), td, B, c.K).loss;
    const double Lf = gs::loss_forward_backward<T>(c.loss, gf.data(), nf.layers.back().z.data(), tf, B, c.K).loss;
    CHECK(Lf == doctest::Approx(Ld).epsilon(1e-5));
    nd.backward(gd.data());
    nf.backward(gf.data());
    for (size_t l = 0; l < nd.layers.size(); ++l) {
      CAPTURE(l);
      auto rel = [](const auto& a, const auto& b) {
        double num = 0, den = 0;
        for (size_t i = 0; i < a.size(); ++i) {
          num += std::pow(static_cast<double>(a.data()[i]) - static_cast<double>(b.data()[i]), 2);
          den += std::pow(static_cast<double>(b.data()[i]), 2);
        }
        return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
      };
      CHECK(rel(nf.layers[l].dW, nd.layers[l].dW) < 1e-4);
      CHECK(rel(nf.layers[l].db, nd.layers[l].db) < 1e-4);
      if (nd.layers[l].dalpha.size()) CHECK(rel(nf.layers[l].dalpha, nd.layers[l].dalpha) < 1e-4);
    }
  }
}

TEST_CASE("activation table: kink conventions at z = 0") {
  auto d0 = [](Act k, const Activation& a, double slope) { return gs::act_info(k).deriv(a, 0.0, slope); };
  CHECK(d0(Act::relu, gs::default_activation(Act::relu), 0.0) == 0.0);
  Activation leaky = gs::default_activation(Act::leaky_relu);
  CHECK(d0(Act::leaky_relu, leaky, gs::eval_slope(leaky)) == 0.01);
  CHECK(d0(Act::prelu, gs::default_activation(Act::prelu), 0.37) == 0.37);
  CHECK(d0(Act::rrelu, gs::default_activation(Act::rrelu), 0.2) == 0.2);
  Activation elu = gs::default_activation(Act::elu);
  CHECK(d0(Act::elu, elu, 0) == 1.0);
  elu.alpha = 0.5;
  CHECK(d0(Act::elu, elu, 0) == 0.5);
  CHECK(gs::act_info(Act::relu).value(gs::default_activation(Act::relu), 0.0, 0) == 0.0);
  // the table is indexed by kind, names round-trip
  for (const auto& row : gs::activation_table()) {
    CHECK(&gs::act_info(row.kind) == &row);
    Act k;
    REQUIRE(gs::act_from_name(row.name, &k));
    CHECK(k == row.kind);
  }
  Act k;
  CHECK(gs::act_from_name("swish", &k));
  CHECK(k == Act::silu);
  CHECK(gs::act_from_name("linear", &k));
  CHECK(k == Act::identity);
  CHECK_FALSE(gs::act_from_name("relu6", &k));
  // PyTorch's defaults
  CHECK(gs::default_activation(Act::leaky_relu).alpha == 0.01);
  CHECK(gs::default_activation(Act::elu).alpha == 1.0);
  CHECK(gs::default_activation(Act::prelu).alpha == 0.25);
  CHECK(gs::default_activation(Act::rrelu).lower == 0.125);
  CHECK(gs::default_activation(Act::rrelu).upper == doctest::Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(gs::eval_slope(gs::default_activation(Act::rrelu)) == doctest::Approx((0.125 + 1.0 / 3.0) / 2).epsilon(1e-15));
  CHECK(gs::eval_slope(gs::default_activation(Act::relu)) == 0.0);
}

TEST_CASE_TEMPLATE("layer forward: kink conventions at z = 0 (W = 0, b = 0)", T, float, double) {
  struct C {
    std::string name;
    Activation act;
    Mode mode;
  };
  Activation prelu_unit = gs::default_activation(Act::prelu);
  prelu_unit.per_unit = true;
  Activation elu05 = gs::default_activation(Act::elu);
  elu05.alpha = 0.5;
  Activation leaky = gs::default_activation(Act::leaky_relu);
  leaky.alpha = 0.3;
  Activation rrelu = gs::default_activation(Act::rrelu);
  rrelu.lower = 0.1;
  rrelu.upper = 0.6;
  const std::vector<C> cases = {{"relu", gs::default_activation(Act::relu), Mode::eval},
                                {"leaky", leaky, Mode::eval},
                                {"prelu layer", gs::default_activation(Act::prelu), Mode::eval},
                                {"prelu unit", prelu_unit, Mode::eval},
                                {"rrelu eval", rrelu, Mode::eval},
                                {"rrelu train", rrelu, Mode::train},
                                {"elu 1", gs::default_activation(Act::elu), Mode::eval},
                                {"elu 0.5", elu05, Mode::eval}};
  const int U = 4, B = 3;
  for (const C& c : cases) {
    CAPTURE(c.name);
    gs::NetworkSpec spec = gst::make_spec(2, {c.act}, U, 1, Loss::mse, 1, "constant", 0.0);
    Network<T> net(spec);
    auto& ly = net.layers[0];
    for (size_t i = 0; i < ly.alpha.size(); ++i) ly.alpha(i) = static_cast<T>(0.1 * (i + 1));
    std::vector<T> x = {1, -2, 3, 0.5, -1, 4};
    gs::Pcg32 rng(5);
    net.forward(x.data(), B, c.mode, &rng);
    for (int r = 0; r < B; ++r)
      for (int u = 0; u < U; ++u) {
        CAPTURE(u);
        REQUIRE(ly.z(r, u) == T(0));
        CHECK(ly.a(r, u) == T(0));
        double want;
        switch (c.act.kind) {
          case Act::relu: want = 0; break;
          case Act::leaky_relu: want = 0.3; break;
          case Act::prelu: want = 0.1 * ((c.act.per_unit ? u : 0) + 1); break;
          case Act::rrelu: want = c.mode == Mode::eval ? 0.35 : static_cast<double>(ly.slope.data()[r * U + u]); break;
          default: want = c.act.alpha;
        }
        CHECK(static_cast<double>(ly.d(r, u)) == doctest::Approx(want).epsilon(1e-6));
        if (c.act.kind == Act::rrelu && c.mode == Mode::train) {
          CHECK(want >= 0.1);
          CHECK(want <= 0.6);
        }
      }
  }
}

TEST_CASE_TEMPLATE("activations: values and derivatives against their formulas", T, float, double) {
  const double tol = std::is_same<T, float>::value ? 2e-6 : 1e-13;
  const std::vector<double> zs = {-6.0, -2.5, -1.0, -0.3, -1e-3, 1e-3, 0.4, 1.0, 2.0, 7.0};
  const double selu_l = 1.0507009873554804934, selu_a = 1.6732632423543772848;
  auto formula = [&](const Activation& a, double z) -> double {
    switch (a.kind) {
      case Act::identity: return z;
      case Act::sigmoid: return 1 / (1 + std::exp(-z));
      case Act::tanh: return std::tanh(z);
      case Act::relu: return z > 0 ? z : 0;
      case Act::leaky_relu: case Act::prelu: return z > 0 ? z : a.alpha * z;
      case Act::rrelu: return z > 0 ? z : 0.5 * (a.lower + a.upper) * z;
      case Act::elu: return z > 0 ? z : a.alpha * (std::exp(z) - 1);
      case Act::selu: return selu_l * (z > 0 ? z : selu_a * (std::exp(z) - 1));
      case Act::gelu: return 0.5 * z * (1 + std::erf(z / std::sqrt(2.0)));
      case Act::softplus: return a.beta * z > a.threshold ? z : std::log(1 + std::exp(a.beta * z)) / a.beta;
      case Act::silu: return z / (1 + std::exp(-z));
    }
    return NAN;
  };
  std::vector<Activation> acts;
  for (const auto& row : gs::activation_table()) acts.push_back(gs::default_activation(row.kind));
  Activation sp = gs::default_activation(Act::softplus);
  sp.beta = 2;
  sp.threshold = 3;
  acts.push_back(sp);
  Activation elu = gs::default_activation(Act::elu);
  elu.alpha = 0.5;
  acts.push_back(elu);
  for (const Activation& a : acts) {
    CAPTURE(gs::act_name(a.kind));
    CAPTURE(a.beta);
    CAPTURE(a.alpha);
    // the table (double) and the layer-level dispatch (kernels) both match the formula
    const int n = static_cast<int>(zs.size());
    std::vector<T> z(zs.begin(), zs.end()), av(n), dv(n), slope(n);
    const double s = gs::eval_slope(a);
    std::fill(slope.begin(), slope.end(), static_cast<T>(s));
    gs::act_forward<T>(a, av.data(), dv.data(), z.data(), 1, n, gs::act_info(a.kind).leaky_family ? slope.data() : nullptr, 0);
    for (int i = 0; i < n; ++i) {
      const double zz = static_cast<double>(z[i]);
      CAPTURE(zz);
      const double f = formula(a, zz);
      CHECK(gs::act_info(a.kind).value(a, zz, s) == doctest::Approx(f).epsilon(1e-13).scale(1));
      CHECK(static_cast<double>(av[i]) == doctest::Approx(f).epsilon(tol).scale(1));
      // derivative against a central difference of the formula (away from kinks)
      const double h = 1e-6;
      const double fd = (formula(a, zz + h) - formula(a, zz - h)) / (2 * h);
      CHECK(gs::act_info(a.kind).deriv(a, zz, s) == doctest::Approx(fd).epsilon(1e-7).scale(1));
      CHECK(static_cast<double>(dv[i]) == doctest::Approx(fd).epsilon(std::max(tol, 1e-7)).scale(1));
    }
  }
}

TEST_CASE("activations: known values") {
  auto v = [](Act k, double z) { return gs::act_info(k).value(gs::default_activation(k), z, 0); };
  auto d = [](Act k, double z) { return gs::act_info(k).deriv(gs::default_activation(k), z, 0); };
  CHECK(v(Act::gelu, 1.0) == doctest::Approx(0.8413447460685429).epsilon(1e-15));
  CHECK(v(Act::gelu, -1.0) == doctest::Approx(-0.15865525393145707).epsilon(1e-14));
  CHECK(v(Act::gelu, 0.0) == 0.0);
  CHECK(d(Act::gelu, 0.0) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(v(Act::selu, 1.0) == doctest::Approx(1.0507009873554805).epsilon(1e-15));
  CHECK(v(Act::selu, -1.0) == doctest::Approx(1.0507009873554805 * 1.6732632423543772 * (std::exp(-1.0) - 1)).epsilon(1e-14));
  CHECK(d(Act::selu, 2.0) == doctest::Approx(1.0507009873554805).epsilon(1e-15));
  CHECK(v(Act::sigmoid, 0.0) == 0.5);
  CHECK(d(Act::sigmoid, 0.0) == 0.25);
  CHECK(v(Act::sigmoid, -800.0) >= 0.0);  // no overflow to NaN
  CHECK(std::isfinite(d(Act::sigmoid, -800.0)));
  CHECK(v(Act::silu, 1.0) == doctest::Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-15));
  CHECK(v(Act::softplus, 0.0) == doctest::Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(d(Act::softplus, 0.0) == 0.5);
  // softplus: above the threshold (beta z > threshold) it is exactly linear
  Activation sp = gs::default_activation(Act::softplus);
  sp.beta = 2;
  sp.threshold = 20;
  const auto& spi = gs::act_info(Act::softplus);
  CHECK(spi.value(sp, 10.5, 0) == 10.5);   // 21 > 20
  CHECK(spi.deriv(sp, 10.5, 0) == 1.0);
  CHECK(spi.value(sp, 9.5, 0) == doctest::Approx(std::log1p(std::exp(19.0)) / 2).epsilon(1e-15));
  CHECK(spi.deriv(sp, 9.5, 0) == doctest::Approx(1 / (1 + std::exp(-19.0))).epsilon(1e-15));
  CHECK(spi.value(sp, -1.0, 0) == doctest::Approx(std::log1p(std::exp(-2.0)) / 2).epsilon(1e-15));
  CHECK(v(Act::tanh, 0.5) == doctest::Approx(std::tanh(0.5)).epsilon(1e-15));
  CHECK(v(Act::elu, -1.0) == doctest::Approx(std::exp(-1.0) - 1).epsilon(1e-15));
}

TEST_CASE("rrelu: train-mode slopes are U(lower, upper), eval uses the mean") {
  for (auto range : {std::pair<double, double>{0.0, 1.0}, std::pair<double, double>{0.125, 1.0 / 3.0}}) {
    CAPTURE(range.first);
    CAPTURE(range.second);
    Activation r = gs::default_activation(Act::rrelu);
    r.lower = range.first;
    r.upper = range.second;
    gs::NetworkSpec spec = gst::make_spec(1, {r}, 64, 1, Loss::mse, 1, "constant", -1.0);
    Network<double> net(spec);
    const int B = 256;
    std::vector<double> x(B, 1.0);  // z = -1 everywhere: a = -slope
    gs::Pcg32 rng(9);
    net.forward(x.data(), B, Mode::train, &rng);
    const auto& ly = net.layers[0];
    std::vector<double> slopes;
    int a_mismatch = 0;
    for (int i = 0; i < B * 64; ++i) {
      slopes.push_back(ly.slope.data()[i]);
      a_mismatch += ly.a.data()[i] != -ly.slope.data()[i];
      a_mismatch += ly.d.data()[i] != ly.slope.data()[i];
    }
    CHECK(a_mismatch == 0);
    auto mv = gst::mean_var(slopes.data(), slopes.size());
    const double w = range.second - range.first;
    CHECK(*std::min_element(slopes.begin(), slopes.end()) >= range.first);
    CHECK(*std::max_element(slopes.begin(), slopes.end()) <= range.second);
    CHECK(mv.first == doctest::Approx((range.first + range.second) / 2).epsilon(0.01 * w / ((range.first + range.second) / 2)));
    CHECK(mv.second == doctest::Approx(w * w / 12).epsilon(0.05));
    net.forward(x.data(), B, Mode::eval, nullptr);
    int d_mismatch = 0;
    for (int i = 0; i < B * 64; ++i) d_mismatch += ly.d.data()[i] != (range.first + range.second) / 2;
    CHECK(d_mismatch == 0);
  }
  // train mode needs a generator
  gs::NetworkSpec spec = gst::make_spec(1, {gs::default_activation(Act::rrelu)}, 2, 1, Loss::mse);
  Network<double> net(spec);
  double x = 1;
  GS_CHECK_ERROR(net.forward(&x, 1, Mode::train, nullptr), "rrelu");
}

TEST_CASE("network: backward overwrites, never accumulates, and matches a forward by hand") {
  // 2 inputs -> 2 tanh -> 1, explicit parameters; forward and gradients by hand.
  gs::NetworkSpec spec = gst::make_spec(2, {gs::default_activation(Act::tanh)}, 2, 1, Loss::mse);
  spec.parameters = {gst::params({0.5, -1.0, 2.0, 0.25}, {0.1, -0.2}, {}),
                     gst::params({1.5, -0.75}, {0.3}, {})};
  Network<double> net(spec);
  const double x[2] = {0.4, -0.6};
  net.forward(x, 1, Mode::eval, nullptr);
  const double z0 = 0.5 * 0.4 - 1.0 * -0.6 + 0.1, z1 = 2.0 * 0.4 + 0.25 * -0.6 - 0.2;
  const double a0 = std::tanh(z0), a1 = std::tanh(z1);
  const double o = 1.5 * a0 - 0.75 * a1 + 0.3;
  CHECK(net.layers[1].z(0, 0) == doctest::Approx(o).epsilon(1e-15));
  const double dout = 2 * (o - 1.0);  // mse against y = 1
  net.backward(&dout);
  const double dz0 = dout * 1.5 * (1 - a0 * a0), dz1 = dout * -0.75 * (1 - a1 * a1);
  CHECK(net.layers[1].dW(0, 0) == doctest::Approx(dout * a0).epsilon(1e-14));
  CHECK(net.layers[1].dW(0, 1) == doctest::Approx(dout * a1).epsilon(1e-14));
  CHECK(net.layers[0].dW(0, 0) == doctest::Approx(dz0 * 0.4).epsilon(1e-14));
  CHECK(net.layers[0].dW(1, 1) == doctest::Approx(dz1 * -0.6).epsilon(1e-14));
  CHECK(net.layers[0].db(1) == doctest::Approx(dz1).epsilon(1e-14));
  net.backward(&dout);  // again: same numbers, not doubled
  CHECK(net.layers[0].dW(0, 0) == doctest::Approx(dz0 * 0.4).epsilon(1e-14));
  CHECK(net.layers[1].db(0) == doctest::Approx(dout).epsilon(1e-14));
  // a smaller batch after a larger one uses only the first B rows
  const double x3[6] = {1, 2, 3, 4, 5, 6};
  net.forward(x3, 3, Mode::eval, nullptr);
  net.forward(x, 1, Mode::eval, nullptr);
  net.backward(&dout);
  CHECK(net.layers[0].dW(0, 0) == doctest::Approx(dz0 * 0.4).epsilon(1e-14));
  CHECK(net.batch() == 1);
}
