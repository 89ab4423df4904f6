// Tests for core/stats and core/history (the observatory): known-value networks for dead
// units, the chain-rule account, same-sign shares, histograms, divergence, norms that never
// underflow, the product experiment, and the bounded history.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/history.hpp"
#include "core/session.hpp"
#include "core/stats.hpp"
#include "core/trainer.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Loss;
using gs::Mode;
using json = nlohmann::json;

namespace {

std::shared_ptr<const gs::Dataset> circles(int samples = 500, uint64_t seed = 1) {
  gs::DataConfig c;
  c.name = "circles";
  c.samples = samples;
  c.seed = seed;
  return std::make_shared<const gs::Dataset>(gs::make_dataset(c));
}

// A one-row regression dataset: x = (xv), y = (yv) in both splits.
std::shared_ptr<const gs::Dataset> one_row(double xv, double yv) {
  gs::Dataset d;
  d.name = "one-row";
  d.task = gs::Task::regression;
  d.features = 1;
  d.targets = 1;
  d.train.rows = d.test.rows = 1;
  d.train.x = d.test.x = {xv};
  d.train.y = d.test.y = {yv};
  d.feature_names = {"x"};
  return std::make_shared<const gs::Dataset>(d);
}

gs::TrainConfig sgd_config(double lr, int batch, int probe_every = 0) {
  gs::TrainConfig c;
  c.batch = batch;
  c.optimizer.name = "sgd";
  c.optimizer.lr = lr;
  c.probe_every = probe_every;
  return c;
}

bool is_finite(double v) { return std::isfinite(v); }

int l_dead(int step) { return step % 3; }

}  // namespace

TEST_CASE("stats: exactly k dead relu units are found by the probe, with died_at") {
  // 2 -> 6 relu -> 3 relu -> 1 (bce). Circles lie within |x| < 1.5: a bias of 5 keeps a unit
  // alive on every sample, -100 kills it. Layer 0: units 2 and 4 dead; layer 1: unit 1 dead.
  gs::NetworkSpec s = gst::make_spec(2, {gs::default_activation(Act::relu), gs::default_activation(Act::relu)}, 0, 1,
                                     Loss::bce_logits);
  s.layers[0].units = 6;
  s.layers[1].units = 3;
  s.parameters = {
      gst::params({1, 0, -1, 0, 0, 1, 0, -1, 0.5, 0.5, 0.3, -0.2}, {5, 5, -100, 5, -100, 5}, {}),
      gst::params(std::vector<double>(18, 0.1), {1, -100, 1}, {}),
      gst::params({0.5, -0.5, 0.25}, {0}, {})};
  for (int probe_every : {0, 2}) {
    CAPTURE(probe_every);
    gs::Trainer<double> tr(s, circles(), sgd_config(0.0, 16, probe_every));  // lr 0: nothing moves
    for (int i = 0; i < 3; ++i) REQUIRE(tr.step());
    const long expect_died = probe_every == 2 ? 2 : 3;  // the first probe that saw them
    const gs::ProbeStats& p = tr.probe();
    CHECK(p.step == 3);
    CHECK(p.rows == 256);
    REQUIRE(tr.dead_units().size() == 3);
    CHECK(tr.dead_units()[0] == 2);
    CHECK(tr.dead_units()[1] == 1);
    CHECK(tr.dead_units()[2] == 0);  // the output layer is never probed
    REQUIRE(p.units.size() == 2);
    const std::vector<long> died0 = {-1, -1, expect_died, -1, expect_died, -1};
    const std::vector<long> died1 = {-1, expect_died, -1};
    CHECK(p.units[0].died_at == died0);
    CHECK(p.units[1].died_at == died1);
    CHECK(p.units[0].dead == std::vector<uint8_t>{0, 0, 1, 0, 1, 0});
    CHECK(p.units[1].dead == std::vector<uint8_t>{0, 1, 0});
    CHECK(p.units[0].activity_rate == std::vector<double>{1, 1, 0, 1, 0, 1});
    CHECK(p.units[0].mean_abs_deriv == std::vector<double>{1, 1, 0, 1, 0, 1});
    CHECK(p.units[0].mean_abs_dz[2] == 0.0);
    CHECK(p.units[0].mean_abs_dz[0] > 0.0);
    CHECK(p.units[0].revived == std::vector<uint8_t>{0, 0, 0, 0, 0, 0});
    // the next step reports the counts per layer, and in the JSON
    REQUIRE(tr.step());
    CHECK(tr.last().layers[0].dead_units == 2);
    CHECK(tr.last().layers[1].dead_units == 1);
    json j = json::parse(gs::step_json(tr));
    CHECK(j["dead_units"] == 3);
    CHECK(j["layers"][0]["dead_units"] == 2);
    // revive unit 2 by hand: the next probe marks it revived, died_at keeps the history
    tr.net().layers[0].b(2) = 5;
    tr.probe();
    CHECK(tr.dead_units()[0] == 1);
    CHECK(tr.last_probe().units[0].revived[2] == 1);
    CHECK(tr.last_probe().units[0].dead[2] == 0);
    CHECK(tr.last_probe().units[0].died_at[2] == expect_died);
  }
}

TEST_CASE("stats: a sigmoid chain's dz ratio is the product of w f'(z), and so is predicted_ratio") {
  // 1 -> 6 sigmoid layers of width 1 -> 1, batch 1, every number known.
  const std::vector<double> w = {1.5, -2.0, 0.8, 3.0, -1.2, 0.6}, b = {0.1, -0.2, 0.3, 0.0, 0.5, -0.4};
  const double wo = 2.0, bo = 0.1, x = 0.7, y = 0.3;
  const int H = static_cast<int>(w.size());
  gs::NetworkSpec s = gst::make_spec(1, std::vector<gs::Activation>(H, gs::default_activation(Act::sigmoid)), 1, 1,
                                     Loss::mse);
  for (int l = 0; l < H; ++l) s.parameters.push_back(gst::params({w[l]}, {b[l]}, {}));
  s.parameters.push_back(gst::params({wo}, {bo}, {}));
  gs::Network<double> net(s);
  net.forward(&x, 1, Mode::eval, nullptr);
  std::vector<double> dout(1);
  gs::Targets<double> t;
  t.dense = &y;
  gs::loss_forward_backward<double>(Loss::mse, dout.data(), net.layers.back().z.data(), t, 1, 1);
  net.backward(dout.data());
  const auto st = gs::layer_stats(net, 1e-3);
  // by hand
  std::vector<double> a(H), fp(H), dz(H + 1);
  double in = x;
  for (int l = 0; l < H; ++l) {
    a[l] = gst::sigmoid(w[l] * in + b[l]);
    fp[l] = a[l] * (1 - a[l]);
    in = a[l];
  }
  const double o = wo * in + bo;
  dz[H] = 2 * (o - y);
  dz[H - 1] = dz[H] * wo * fp[H - 1];
  for (int l = H - 2; l >= 0; --l) dz[l] = dz[l + 1] * w[l + 1] * fp[l];
  for (int l = 0; l <= H; ++l) {
    CAPTURE(l);
    CHECK(st[l].dz_norm == doctest::Approx(std::fabs(dz[l])).epsilon(1e-13));
    const double in_l = l == 0 ? x : a[l - 1];
    CHECK(st[l].dW_norm == doctest::Approx(std::fabs(dz[l] * in_l)).epsilon(1e-13));
    CHECK(st[l].db_norm == doctest::Approx(std::fabs(dz[l])).epsilon(1e-13));
    CHECK(st[l].dz_ratio == doctest::Approx(std::fabs(dz[l] / dz[H - 1])).epsilon(1e-13));
    CHECK(st[l].dW_ratio == doctest::Approx(std::fabs(dz[l] * in_l / (dz[H - 1] * a[H - 2]))).epsilon(1e-13));
  }
  // the chain rule: dz_0 / dz_{H-1} = prod_{l < H-1} w_{l+1} f'(z_l)
  double product = 1;
  for (int l = 0; l < H - 1; ++l) product *= std::fabs(w[l + 1] * fp[l]);
  CHECK(st[0].dz_ratio == doctest::Approx(product).epsilon(1e-12));
  CHECK(st[0].predicted_ratio == doctest::Approx(product).epsilon(1e-12));
  CHECK(st[H - 1].predicted_ratio == 1.0);
  CHECK(st[H - 1].dz_ratio == 1.0);
  double pred = 1;
  for (int l = H - 2; l >= 0; --l) {
    CAPTURE(l);
    CHECK(st[l].local_factor == doctest::Approx(fp[l] * std::fabs(w[l + 1])).epsilon(1e-13));
    pred *= fp[l] * std::fabs(w[l + 1]);
    CHECK(st[l].predicted_ratio == doctest::Approx(pred).epsilon(1e-12));
    CHECK(st[l].mean_abs_deriv == doctest::Approx(fp[l]).epsilon(1e-13));
  }
  CHECK(st[H - 1].local_factor == doctest::Approx(fp[H - 1] * wo).epsilon(1e-13));
  CHECK(std::isnan(st[H].predicted_ratio));  // the output layer has none
  CHECK(st[H].activation == "linear");
  CHECK(st[0].activation == "sigmoid");
  CHECK(std::isnan(st[0].zero_fraction));  // not a relu-family layer
  CHECK(st[0].act_mean == doctest::Approx(a[0]).epsilon(1e-14));
  CHECK(st[0].act_std == doctest::Approx(0).epsilon(1e-12));
  CHECK(st[H].act_mean == doctest::Approx(o).epsilon(1e-14));  // the output layer: its linear output
}

TEST_CASE("stats: without hidden layers there are no ratios") {
  gs::NetworkSpec s = gst::make_spec(2, {}, 0, 1, Loss::mse);
  gs::Network<double> net(s);
  const double x[2] = {1, 2}, dout = 1;
  net.forward(x, 1, Mode::eval, nullptr);
  net.backward(&dout);
  const auto st = gs::layer_stats(net, 1e-3);
  REQUIRE(st.size() == 1);
  CHECK(std::isnan(st[0].dz_ratio));
  CHECK(std::isnan(st[0].predicted_ratio));
  CHECK(st[0].dW_norm == doctest::Approx(std::sqrt(5.0)).epsilon(1e-15));
}

TEST_CASE("stats: same_sign_share, zero_fraction, saturation and activation moments by hand") {
  // 3 -> 2 sigmoid -> 3 relu -> 2, batch 1 with x = (1, -2, 3): every row of dW0 is
  // dz_u * x, signs (s, -s, s) -> share 2/3; rows of dW1 are dz_u * sigmoid(..) > 0 -> 1;
  // rows of dW2 are dz_k * relu(..) >= 0 -> 1.
  gs::NetworkSpec s = gst::make_spec(3, {gs::default_activation(Act::sigmoid), gs::default_activation(Act::relu)}, 0,
                                     2, Loss::mse);
  s.layers[0].units = 2;
  s.layers[1].units = 3;
  s.parameters = {gst::params({0.2, 0.1, -0.3, 0.5, 0.4, 0.1}, {0.0, 0.1}, {}),
                  gst::params({1, 2, -1, 0.5, -3, -1}, {0.1, -0.2, -5}, {}),
                  gst::params({1, -1, 0.5, 0.25, 0.5, 2}, {0, 0}, {})};
  gs::Network<double> net(s);
  const double x[3] = {1, -2, 3}, y[2] = {0.5, -0.5};
  net.forward(x, 1, Mode::eval, nullptr);
  double dout[2];
  gs::Targets<double> t;
  t.dense = y;
  gs::loss_forward_backward<double>(Loss::mse, dout, net.layers.back().z.data(), t, 1, 2);
  net.backward(dout);
  const auto st = gs::layer_stats(net, 1e-3);
  CHECK(st[0].same_sign_share == doctest::Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(st[1].same_sign_share == 1.0);
  CHECK(st[2].same_sign_share == 1.0);
  // layer 0 by hand
  const double z00 = 0.2 - 0.2 - 0.9 + 0.0, z01 = 0.5 - 0.8 + 0.3 + 0.1;
  const double a00 = gst::sigmoid(z00), a01 = gst::sigmoid(z01);
  CHECK(st[0].act_mean == doctest::Approx((a00 + a01) / 2).epsilon(1e-14));
  CHECK(st[0].act_std == doctest::Approx(std::fabs(a00 - a01) / 2).epsilon(1e-12));
  CHECK(st[0].act_min == doctest::Approx(std::min(a00, a01)).epsilon(1e-15));
  CHECK(st[0].act_max == doctest::Approx(std::max(a00, a01)).epsilon(1e-15));
  CHECK(st[0].saturated_fraction == 0.0);
  CHECK(st[0].mean_abs_deriv == doctest::Approx((a00 * (1 - a00) + a01 * (1 - a01)) / 2).epsilon(1e-14));
  // layer 1: z = (a00 + 2 a01 + 0.1, -a00 + 0.5 a01 - 0.2, -3 a00 - a01 - 5): one positive, two negative
  const double z10 = a00 + 2 * a01 + 0.1, z11 = -a00 + 0.5 * a01 - 0.2, z12 = -3 * a00 - a01 - 5;
  REQUIRE(z10 > 0);
  REQUIRE(z11 < 0);
  REQUIRE(z12 < 0);
  CHECK(st[1].zero_fraction == doctest::Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(st[1].saturated_fraction == doctest::Approx(2.0 / 3.0).epsilon(1e-15));  // relu'(z<0) = 0
  CHECK(st[1].mean_abs_deriv == doctest::Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(st[1].act_mean == doctest::Approx(z10 / 3).epsilon(1e-14));
  CHECK(st[1].act_max == doctest::Approx(z10).epsilon(1e-15));
  CHECK(st[1].act_min == 0.0);
  CHECK(std::isnan(st[2].saturated_fraction));  // output layer
  // batch 2 with inputs of both signs: the share is then below 1 for layer 1 in general,
  // but stays in [0.5, 1]
  const double x2[6] = {1, -2, 3, -1, 2, -3};
  net.forward(x2, 2, Mode::eval, nullptr);
  const double dout2[4] = {0.3, -0.2, -0.4, 0.1};
  net.backward(dout2);
  for (const auto& l : gs::layer_stats(net, 1e-3)) {
    if (std::isnan(l.same_sign_share)) continue;
    CHECK(l.same_sign_share >= 0.5);
    CHECK(l.same_sign_share <= 1.0);
  }
}

TEST_CASE("stats: histograms count every value once") {
  gs::Histogram h = gs::make_histogram(-1, 1, 4);
  CHECK(h.counts.size() == 6);
  const double v[] = {-2, -1, -0.5, 0, 0.49, 0.5, 0.99, 1, 5, NAN};
  gs::histogram_add(h, v, 10);
  CHECK(h.counts == std::vector<int64_t>{1, 1, 1, 2, 2, 2});
  const float vf[] = {-0.75f, 0.75f};
  gs::histogram_add(h, vf, 2);
  CHECK(h.counts == std::vector<int64_t>{1, 2, 1, 2, 3, 2});
  // the probe: every hidden layer's z, a and f'(z) histograms hold rows * units values
  gs::NetworkSpec s = gs::parse_network(gst::kExampleNetwork);
  gs::TrainConfig c = sgd_config(0.1, 8);
  c.probe_rows = 100;
  gs::Trainer<float> tr(s, circles(), c);
  tr.step();
  const gs::ProbeStats& p = tr.probe();
  CHECK(p.rows == 100);
  REQUIRE(p.z.size() == 5);
  for (int l = 0; l < 5; ++l) {
    CAPTURE(l);
    for (const gs::Histogram* hh : {&p.z[l], &p.a[l], &p.d[l]}) {
      int64_t sum = 0;
      for (int64_t k : hh->counts) sum += k;
      CHECK(sum == 100 * 16);
    }
    CHECK(p.z[l].bins == gs::kZBins);
    CHECK(p.z[l].lo == gs::kZLo);
    CHECK(p.a[l].hi == gs::kAHi);
    CHECK(p.d[l].bins == gs::kDBins);
  }
  // sigmoid layer: every a is in (0, 1) -> bins of [0, 1) only, never under/overflow
  const gs::Histogram& a0 = p.a[0];
  CHECK(a0.counts.front() == 0);
  CHECK(a0.counts.back() == 0);
  int64_t in01 = 0;
  for (int k = 0; k < a0.bins; ++k) {
    const double lo = a0.lo + k * (a0.hi - a0.lo) / a0.bins;
    if (lo >= 0 && lo < 1) in01 += a0.counts[k + 1];
  }
  CHECK(in01 == 1600);
  // sigmoid'(z) <= 0.25: all in the bins up to the one holding 0.25
  int64_t low = 0;
  for (int k = 0; k < p.d[0].bins; ++k) {
    const double hi = p.d[0].lo + (k + 1) * (p.d[0].hi - p.d[0].lo) / p.d[0].bins;
    if (hi <= 0.3 + 1e-12) low += p.d[0].counts[k + 1];  // [0.25, 0.3) holds float's 0.25
  }
  CHECK(low == 1600);
  // the session's JSON carries them
  gs::SessionConfig sc;
  sc.train = c;
  auto sess = gs::Session::create(s, sc, circles());
  json pj = json::parse(sess->probe_json());
  REQUIRE(pj["layers"].size() == 5);
  CHECK(pj["rows"] == 100);
  CHECK(pj["layers"][0]["z"]["counts"].size() == static_cast<size_t>(gs::kZBins + 2));
  CHECK(pj["layers"][2]["died_at"].size() == 16);
}

TEST_CASE("stats: divergence is reported at the right step and layer") {
  // float32, 1 -> 5 identity layers of width 1 with w = 1e10 -> 1: z = 1e10, 1e20, 1e30,
  // then 1e40 overflows in layers[3] on the first step.
  gs::NetworkSpec s = gst::make_spec(1, std::vector<gs::Activation>(5, gs::Activation{}), 1, 1, Loss::mse);
  for (int l = 0; l < 5; ++l) s.parameters.push_back(gst::params({1e10}, {0}, {}));
  s.parameters.push_back(gst::params({1}, {0}, {}));
  {
    gs::Trainer<float> tr(s, one_row(1.0, 0.0), sgd_config(0.1, 1, 10));
    CHECK_FALSE(tr.step());
    REQUIRE(tr.diverged().has_value());
    const gs::Diverged& d = *tr.diverged();
    CHECK(d.step == 1);
    CHECK(d.layer == 3);
    CHECK(d.what == "activation");
    CHECK(gst::contains(d.message, "diverged at step 1 in layers[3]"));
    CHECK(gst::contains(d.message, "learning rate"));
    CHECK(tr.steps() == 1);
    CHECK_FALSE(tr.step());
    CHECK(tr.steps() == 1);
    CHECK(is_finite(tr.last().layers[2].act_mean));
    CHECK_FALSE(is_finite(tr.last().layers[3].act_mean));
    // reset clears it
    tr.reset();
    CHECK_FALSE(tr.diverged().has_value());
    CHECK(tr.steps() == 0);
  }
  // the same in float64 does not overflow (1e50 is fine)
  {
    gs::Trainer<double> tr(s, one_row(1.0, 0.0), sgd_config(0.0, 1, 10));
    CHECK(tr.step());
    CHECK_FALSE(tr.diverged().has_value());
  }
  // through the session: stats JSON with a "diverged" object, step() stops counting
  gs::SessionConfig sc;
  sc.train = sgd_config(0.1, 1, 10);
  auto sess = gs::Session::create(s, sc, one_row(1.0, 0.0));
  CHECK(sess->step(5) == 0);
  CHECK(sess->diverged());
  CHECK(sess->steps() == 1);
  json j = json::parse(sess->stats_json());
  REQUIRE(j["diverged"].is_object());
  CHECK(j["diverged"]["step"] == 1);
  CHECK(j["diverged"]["layer"] == 3);
  CHECK(j["diverged"]["what"] == "activation");
  CHECK(gst::contains(j["diverged"]["message"].get<std::string>(), "diverged at step 1"));
  CHECK(sess->step(3) == 0);
  CHECK(sess->steps() == 1);
}

TEST_CASE("stats: an exploding learning rate diverges later, consistently") {
  // float32, 2 -> 8 tanh -> 1 on the regression set with sgd lr 1000: the output weights
  // grow by a large factor every step until something overflows.
  gs::DataConfig dc;
  dc.name = "regression";
  auto data = std::make_shared<const gs::Dataset>(gs::make_dataset(dc));
  gs::NetworkSpec s = gst::make_spec(2, {gs::default_activation(Act::tanh)}, 8, 1, Loss::mse, 3);
  gs::Trainer<float> tr(s, data, sgd_config(1000, 16, 5));
  int n = 0;
  while (tr.step() && n < 1000) ++n;
  REQUIRE(tr.diverged().has_value());
  const gs::Diverged d = *tr.diverged();
  CAPTURE(d.message);
  CHECK(d.step > 1);
  CHECK(d.step == n + 1);
  CHECK(tr.steps() == d.step);
  CHECK(d.layer >= -1);
  CHECK(d.layer < 2);
  const std::vector<std::string> kinds = {"loss", "activation", "gradient", "weight"};
  CHECK(std::find(kinds.begin(), kinds.end(), d.what) != kinds.end());
  CHECK(gst::contains(d.message, "diverged at step " + std::to_string(d.step)));
  // the reported layer is where it started: non-finite there, finite on the way to it
  const auto& ls = tr.last().layers;
  auto grad_ok = [&](int l) { return is_finite(ls[l].dW_norm) && is_finite(ls[l].db_norm) && is_finite(ls[l].dz_norm); };
  auto act_ok = [&](int l) { return is_finite(ls[l].act_mean) && is_finite(ls[l].act_std); };
  REQUIRE(ls.size() == 2);
  if (d.what == "activation") {
    CHECK_FALSE(act_ok(d.layer));
    for (int l = 0; l < d.layer; ++l) CHECK(act_ok(l));
  } else if (d.what == "gradient" && d.layer >= 0) {
    CHECK_FALSE(grad_ok(d.layer));
    for (int l = d.layer + 1; l < 2; ++l) CHECK(grad_ok(l));
    for (int l = 0; l < 2; ++l) CHECK(act_ok(l));
  }
  // the history recorded every step up to and including the divergence
  CHECK(tr.history().size() == d.step);
  CHECK(tr.history().steps().back() == d.step);
  for (int r = 0; r + 1 < tr.history().size(); ++r) CHECK(is_finite(tr.history().loss(r)));
  // an identical trainer reproduces it exactly
  gs::Trainer<float> again(s, data, sgd_config(1000, 16, 5));
  for (long i = 1; i < d.step; ++i) REQUIRE(again.step());
  CHECK_FALSE(again.step());
  CHECK(again.diverged()->layer == d.layer);
  CHECK(again.diverged()->what == d.what);
  // clipping the gradient and a sane rate keep it finite
  gs::TrainConfig ok = sgd_config(0.05, 16, 5);
  ok.optimizer.clip_norm = 1;
  gs::Trainer<float> calm(s, data, ok);
  for (int i = 0; i < 2 * d.step + 10; ++i) REQUIRE(calm.step());
}

TEST_CASE("stats: norms never underflow") {
  // float32: dL/dout = 1e-33 -> output dW = 1e-33 a, whose squares (1e-66) underflow in float
  gs::NetworkSpec s = gst::make_spec(3, {gs::default_activation(Act::sigmoid)}, 8, 2, Loss::mse, 4);
  gs::Network<float> nf(s);
  const float x[3] = {0.5f, -1.0f, 2.0f};
  nf.forward(x, 1, Mode::eval, nullptr);
  const float dout[2] = {1e-33f, -2e-33f};
  nf.backward(dout);
  auto st = gs::layer_stats(nf, 1e-3);
  double sum_a2 = 0;
  for (int u = 0; u < 8; ++u) sum_a2 += std::pow(static_cast<double>(nf.layers[0].a(0, u)), 2);
  const double want = std::sqrt(sum_a2 * (1e-66 + 4e-66));
  CHECK(st[1].dW_norm > 0);
  CHECK(st[1].dW_norm == doctest::Approx(want).epsilon(1e-5));
  CHECK(st[1].dz_norm == doctest::Approx(std::sqrt(5.0) * 1e-33).epsilon(1e-5));
  CHECK(st[1].db_norm == doctest::Approx(std::sqrt(5.0) * 1e-33).epsilon(1e-5));
  CHECK(st[0].dW_norm > 0);
  CHECK(st[0].dW_norm < 1e-30);
  // float64: 1e-200 and a subnormal 1e-310 (squares underflow to 0 in double)
  gs::Network<double> nd(s);
  const double xd[3] = {0.5, -1.0, 2.0};
  nd.forward(xd, 1, Mode::eval, nullptr);
  for (double tiny : {1e-200, 1e-310}) {
    CAPTURE(tiny);
    const double dd[2] = {tiny, -2 * tiny};
    nd.backward(dd);
    auto sd = gs::layer_stats(nd, 1e-3);
    CHECK(sd[1].dz_norm == doctest::Approx(std::sqrt(5.0) * tiny).epsilon(1e-6));
    double sa = 0;
    for (int u = 0; u < 8; ++u) sa += nd.layers[0].a(0, u) * nd.layers[0].a(0, u);
    CHECK(sd[1].dW_norm == doctest::Approx(std::sqrt(5.0 * sa) * tiny).epsilon(1e-6));
  }
  // and large ones do not overflow: 1e200 in double
  const double big[2] = {1e200, 1e200};
  nd.backward(big);
  CHECK(gs::layer_stats(nd, 1e-3)[1].dz_norm == doctest::Approx(std::sqrt(2.0) * 1e200).epsilon(1e-12));
  // a deep float32 sigmoid chain (width 1, w = 1): the first layer's gradient is ~1e-33,
  // tiny but its norm is exactly |dW|
  const int H = 50;
  gs::NetworkSpec chain = gst::make_spec(1, std::vector<gs::Activation>(H, gs::default_activation(Act::sigmoid)), 1, 1,
                                         Loss::mse, 1, "constant", 0.0);
  chain.init.value = 1.0;
  gs::Network<float> nc(chain);
  const float one = 1.0f, g = 1.0f;
  nc.forward(&one, 1, Mode::eval, nullptr);
  nc.backward(&g);
  auto sc = gs::layer_stats(nc, 1e-3);
  const double dw0 = std::fabs(static_cast<double>(nc.layers[0].dW(0, 0)));
  CAPTURE(dw0);
  CHECK(dw0 > 0);
  CHECK(dw0 < 1e-25);
  CHECK(sc[0].dW_norm == dw0);
  CHECK(sc[0].dz_ratio > 0);
  CHECK(sc[0].dz_ratio < 1e-25);
}

TEST_CASE("stats: the product experiment") {
  const gs::Activation sig = gs::default_activation(Act::sigmoid);
  gs::ProductExperiment u = gs::product_experiment("uniform", sig, 50, 1.0, 3);
  REQUIRE(u.factors.size() == 50);
  REQUIRE(u.log10_product.size() == 50);
  CHECK(u.log10_sigmoid_bound == doctest::Approx(50 * std::log10(0.25)).epsilon(1e-14));
  double lp = 0;
  for (int i = 0; i < 50; ++i) {
    CAPTURE(i);
    CHECK(u.factors[i] > 0.0);
    CHECK(u.factors[i] < 1.0);
    lp += std::log10(u.factors[i]);
    CHECK(u.log10_product[i] == doctest::Approx(lp).epsilon(1e-12));
    if (i > 0) CHECK(u.log10_product[i] <= u.log10_product[i - 1]);
  }
  // the expected log10 of a U(0,1) factor is -1/ln(10) ~ -0.434: 50 factors ~ -21.7
  CHECK(u.log10_product.back() < -10);
  // deterministic per seed
  CHECK(gs::product_experiment("uniform", sig, 50, 1.0, 3).factors == u.factors);
  CHECK_FALSE(gs::product_experiment("uniform", sig, 50, 1.0, 4).factors == u.factors);
  // sigmoid derivatives are all <= 0.25, so the product is below the bound
  gs::ProductExperiment d = gs::product_experiment("derivative", sig, 40, 2.0, 5);
  for (double f : d.factors) {
    CHECK(f > 0);
    CHECK(f <= 0.25);
  }
  CHECK(d.log10_product.back() <= d.log10_sigmoid_bound);
  CHECK(d.log10_sigmoid_bound == doctest::Approx(40 * std::log10(0.25)).epsilon(1e-14));
  // tanh derivatives are in (0, 1]; relu's are 0 or 1 and the product hits exactly 0
  for (double f : gs::product_experiment("derivative", gs::default_activation(Act::tanh), 40, 1.0, 5).factors) {
    CHECK(f > 0);
    CHECK(f <= 1);
  }
  gs::ProductExperiment r = gs::product_experiment("derivative", gs::default_activation(Act::relu), 60, 1.0, 5);
  bool hit_zero = false;
  for (size_t i = 0; i < r.factors.size(); ++i) {
    CHECK((r.factors[i] == 0.0 || r.factors[i] == 1.0));
    hit_zero = hit_zero || r.factors[i] == 0.0;
    if (hit_zero) CHECK(r.log10_product[i] == -INFINITY);
    else CHECK(r.log10_product[i] == 0.0);
  }
  CHECK(hit_zero);
  GS_CHECK_ERROR(gs::product_experiment("uniform", sig, 0, 1.0, 1), "probe.n: must be in 1..100000, got 0");
  GS_CHECK_ERROR(gs::product_experiment("gaussian", sig, 5, 1.0, 1), "probe.factors: must be \"uniform\" or \"derivative\"");
  GS_CHECK_ERROR(gs::product_experiment("derivative", sig, 5, -1.0, 1), "probe.z_std");
}

TEST_CASE("history: bounded, newest rows at full resolution, exports") {
  const int cap = 16, L = 3, N = 100;
  gs::History h(cap);
  for (int i = 1; i <= N; ++i) {
    gs::StepStats s;
    s.step = i;
    s.loss = 1.0 / i;
    s.accuracy = i % 2 ? gs::kNull : 0.5;
    for (int l = 0; l < L; ++l) {
      gs::LayerStats ls;
      ls.index = l;
      ls.dW_norm = i * 10 + l;
      ls.act_mean = -i;
      s.layers.push_back(ls);
    }
    h.add(s, {l_dead(i), 0, 0});
    CHECK(h.size() <= cap);
  }
  const auto& steps = h.steps();
  CHECK(h.layers() == L);
  CHECK(steps.front() == 1);  // the oldest row is kept
  CHECK(steps.back() == N);
  for (int r = h.size() - cap / 2; r < h.size(); ++r) CHECK(steps[r] == steps[r - 1] + 1);  // newest: every step
  for (int r = 1; r < h.size(); ++r) {
    const long gap = steps[r] - steps[r - 1];
    CHECK(gap >= 1);
    if (r > 1) CHECK(gap <= steps[r - 1] - steps[r - 2]);  // older rows are sparser
  }
  // rows keep their own values
  const auto& fields = gs::history_layer_fields();
  const int f_dw = static_cast<int>(std::find(fields.begin(), fields.end(), "dW_norm") - fields.begin());
  const int f_dead = static_cast<int>(std::find(fields.begin(), fields.end(), "dead_units") - fields.begin());
  for (int r = 0; r < h.size(); ++r) {
    CHECK(h.loss(r) == 1.0 / steps[r]);
    CHECK(h.value(r, f_dw, 2) == steps[r] * 10 + 2);
    CHECK(h.value(r, f_dead, 0) == l_dead(static_cast<int>(steps[r])));
  }
  // matrix: (rows, layers)
  const auto m = h.matrix("dW_norm");
  REQUIRE(m.size() == static_cast<size_t>(h.size() * L));
  CHECK(m[static_cast<size_t>(h.size() - 1) * L + 1] == N * 10 + 1);
  GS_CHECK_ERROR(h.matrix("foo"), "history.field: unknown field 'foo'");
  // CSV: header + rows * layers lines
  const std::string csv = h.to_csv();
  std::istringstream in(csv);
  std::string line, header;
  std::getline(in, header);
  std::string want_header = "step,loss,accuracy,layer";
  for (const auto& f : fields) want_header += "," + f;
  CHECK(header == want_header);
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    CHECK(std::count(line.begin(), line.end(), ',') == static_cast<long>(3 + fields.size()));
  }
  CHECK(lines == h.size() * L);
  // JSON: columnar, parses, NaN as null
  json j = json::parse(h.to_json());
  CHECK(j["format"] == "gradscope-history/1");
  CHECK(j["layers"] == L);
  CHECK(j["steps"].size() == static_cast<size_t>(h.size()));
  CHECK(j["steps"].back() == N);
  CHECK(j["accuracy"].back() == 0.5);  // step 100 is even
  for (const auto& f : fields) {
    CAPTURE(f);
    REQUIRE(j["series"].contains(f));
    CHECK(j["series"][f].size() == static_cast<size_t>(h.size() * L));
  }
  CHECK(j["series"]["zero_fraction"][0].is_null());
  bool some_null = false;
  for (const auto& a : j["accuracy"]) some_null = some_null || a.is_null();
  CHECK(some_null);
  h.clear();
  CHECK(h.size() == 0);
  GS_CHECK_ERROR(gs::History(8), "history_capacity: must be in 16..1000000, got 8");
}

TEST_CASE("history: the trainer's history is bounded too") {
  gs::NetworkSpec s = gst::make_spec(2, {gs::default_activation(Act::relu)}, 4, 1, Loss::bce_logits);
  gs::TrainConfig c = sgd_config(0.1, 8);
  c.history_capacity = 16;
  gs::Trainer<float> tr(s, circles(), c);
  for (int i = 0; i < 100; ++i) tr.step();
  CHECK(tr.history().size() <= 16);
  CHECK(tr.history().steps().back() == 100);
  CHECK(tr.history().steps().front() == 1);
  // with statistics off nothing is recorded
  tr.set_stats(false);
  const int before = tr.history().size();
  tr.step();
  CHECK(tr.history().size() == before);
  CHECK(tr.last().layers.empty());
}
