// Tests for core/trainer and core/session: learning, evaluation, fit checks, the grid,
// determinism (same spec + seeds -> the same bits), reset, import/export and the config.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/session.hpp"
#include "core/trainer.hpp"
#include "helpers.hpp"

using gs::Act;
using gs::Loss;
using json = nlohmann::json;

namespace {

std::shared_ptr<const gs::Dataset> dataset(const std::string& name, int samples = 500, uint64_t seed = 1) {
  gs::DataConfig c;
  c.name = name;
  c.samples = samples;
  c.seed = seed;
  return std::make_shared<const gs::Dataset>(gs::make_dataset(c));
}

gs::NetworkSpec relu_net(int inputs, int outputs, Loss loss, uint64_t seed = 1) {
  return gst::make_spec(inputs, {gs::default_activation(Act::relu), gs::default_activation(Act::relu)}, 16, outputs,
                        loss, seed, "he_uniform", 0.0);
}

gs::TrainConfig adam(double lr, int batch) {
  gs::TrainConfig c;
  c.batch = batch;
  c.optimizer.name = "adam";
  c.optimizer.lr = lr;
  return c;
}

const char* kConfig = R"({ "data": { "name": "circles", "samples": 300, "seed": 4 }, "batch": 16,
  "optimizer": { "name": "adam", "lr": 0.01 }, "seed": 9, "probe_every": 10 })";

}  // namespace

TEST_CASE_TEMPLATE("trainer: a small relu net learns circles", T, float, double) {
  auto data = dataset("circles");
  gs::Trainer<T> tr(relu_net(2, 1, Loss::bce_logits), data, adam(0.01, 32));
  const gs::Metrics before = tr.evaluate(true);
  for (int i = 0; i < 300; ++i) REQUIRE(tr.step());
  const gs::Metrics after = tr.evaluate(true);
  CAPTURE(before.loss);
  CAPTURE(after.loss);
  CAPTURE(after.accuracy);
  CHECK(after.loss < 0.7 * before.loss);
  CHECK(after.accuracy > 0.9);
  CHECK(tr.steps() == 300);
  CHECK(tr.last().step == 300);
  CHECK(tr.last().lr == 0.01);
  CHECK(tr.last().layers.size() == 3);
  CHECK(std::isfinite(tr.last().grad_norm));
}

TEST_CASE("trainer: evaluate covers the whole split, as a hand computation does") {
  auto data = dataset("gaussians", 600, 2);
  gs::NetworkSpec s = relu_net(2, 2, Loss::softmax_ce, 3);
  gs::Trainer<double> tr(s, data, adam(0.01, 16));
  for (int i = 0; i < 20; ++i) tr.step();
  for (bool test : {false, true}) {
    CAPTURE(test);
    const gs::Split& split = test ? data->test : data->train;
    const gs::Metrics m = tr.evaluate(test);
    CHECK(m.rows == split.rows);
    // one forward over all rows at once (the trainer goes in chunks of 256)
    gs::Network<double> net(tr.net().export_spec());
    net.forward(split.x.data(), split.rows, gs::Mode::eval, nullptr);
    gs::Targets<double> t;
    t.classes = split.labels.data();
    const auto r = gs::loss_forward_backward<double>(Loss::softmax_ce, nullptr, net.layers.back().z.data(), t,
                                                     split.rows, 2);
    CHECK(m.loss == doctest::Approx(r.loss).epsilon(1e-12));
    CHECK(m.accuracy == doctest::Approx(static_cast<double>(r.correct) / split.rows).epsilon(1e-15));
  }
  CHECK(data->train.rows == 480);
  CHECK(data->test.rows == 120);
  // regression: no accuracy
  gs::Trainer<double> reg(relu_net(2, 1, Loss::mse), dataset("regression"), adam(0.01, 8));
  const gs::Metrics mr = reg.evaluate(false);
  CHECK(std::isnan(mr.accuracy));
  CHECK(mr.rows == 400);
  reg.step();
  CHECK(std::isnan(reg.last().accuracy));
}

TEST_CASE("trainer: check_fit and the batch size name the field") {
  auto circles = dataset("circles");
  auto digits = dataset("digits");
  auto reg = dataset("regression");
  GS_CHECK_ERROR(gs::check_fit(relu_net(3, 1, Loss::bce_logits), *circles),
                 "inputs: the dataset 'circles' has 2 features, the network has 3 inputs");
  GS_CHECK_ERROR(gs::check_fit(relu_net(64, 1, Loss::bce_logits), *digits),
                 "layers[2].units: the output layer must have 10 units for 10 classes, got 1");
  GS_CHECK_ERROR(gs::check_fit(relu_net(64, 4, Loss::softmax_ce), *digits),
                 "layers[2].units: the output layer must have 10 units for 10 classes (or 1 for 2 classes with "
                 "bce_logits/mse), got 4");
  GS_CHECK_ERROR(gs::check_fit(relu_net(2, 3, Loss::softmax_ce), *circles),
                 "layers[2].units: the output layer must have 2 units for 2 classes");
  GS_CHECK_ERROR(gs::check_fit(relu_net(2, 1, Loss::bce_logits), *reg), "loss: regression data needs mse, got bce_logits");
  GS_CHECK_ERROR(gs::check_fit(relu_net(2, 2, Loss::mse), *reg),
                 "layers[2].units: the output layer must have 1 unit(s) for 1 regression target(s), got 2");
  CHECK_NOTHROW(gs::check_fit(relu_net(2, 1, Loss::bce_logits), *circles));
  CHECK_NOTHROW(gs::check_fit(relu_net(2, 2, Loss::softmax_ce), *circles));
  CHECK_NOTHROW(gs::check_fit(relu_net(64, 10, Loss::softmax_ce), *digits));
  // the trainer runs it, and refuses a batch larger than the training split
  GS_CHECK_ERROR(gs::Trainer<float>(relu_net(3, 1, Loss::bce_logits), circles, adam(0.01, 8)), "inputs: the dataset");
  CHECK(circles->train.rows == 400);
  GS_CHECK_ERROR(gs::Trainer<float>(relu_net(2, 1, Loss::bce_logits), circles, adam(0.01, 401)),
                 "batch: must be in 1..400 (the training rows of 'circles'), got 401");
  CHECK_NOTHROW(gs::Trainer<float>(relu_net(2, 1, Loss::bce_logits), circles, adam(0.01, 400)));
  // TrainConfig validation
  auto bad = [&](auto edit) {
    gs::TrainConfig c;
    edit(c);
    return gst::error_of([&] { gs::validate(c); });
  };
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.batch = 0; }), "batch: must be in 1..4096, got 0"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.batch = 5000; }), "batch: must be in 1..4096, got 5000"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.saturation_eps = 0; }), "saturation_eps: must be in (0, 1]"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.probe_rows = 0; }), "probe_rows: must be in 1..4096, got 0"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.probe_every = -1; }), "probe_every: must be in 0..1000000, got -1"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.history_capacity = 3; }), "history_capacity: must be in 16..1000000, got 3"));
  CHECK(gst::contains(bad([](gs::TrainConfig& c) { c.optimizer.name = "nadam"; }), "optimizer.name: unknown optimiser 'nadam'"));
  CHECK(bad([](gs::TrainConfig&) {}) == "<no exception>");
}

TEST_CASE("trainer: grid() gives res*res*outputs values at the cell centres, deterministically") {
  auto data = dataset("circles");
  gs::Trainer<double> tr(relu_net(2, 2, Loss::softmax_ce), data, adam(0.01, 16));
  for (int i = 0; i < 10; ++i) tr.step();
  const int res = 7;
  const std::vector<double> g = tr.grid(res, -1.5, 1.5, -1.0, 2.0);
  REQUIRE(g.size() == static_cast<size_t>(res * res * 2));
  CHECK(tr.grid(res, -1.5, 1.5, -1.0, 2.0) == g);
  // cell (gx, gy) is at x = lo + (gx + 0.5) (hi - lo) / res, row gy * res + gx
  gs::Network<double> net(tr.net().export_spec());
  for (int gy : {0, 3, 6})
    for (int gx : {0, 2, 6}) {
      const double x[2] = {-1.5 + (gx + 0.5) * 3.0 / res, -1.0 + (gy + 0.5) * 3.0 / res};
      net.forward(x, 1, gs::Mode::eval, nullptr);
      const size_t cell = static_cast<size_t>(gy * res + gx);
      CHECK(g[cell * 2] == doctest::Approx(net.layers.back().z(0, 0)).epsilon(1e-14));
      CHECK(g[cell * 2 + 1] == doctest::Approx(net.layers.back().z(0, 1)).epsilon(1e-14));
    }
  // more than one chunk of 256 cells
  CHECK(tr.grid(40, -1, 1, -1, 1).size() == 40u * 40u * 2u);
  // grid does not disturb training: two identical trainers stay identical
  gs::Trainer<double> a(relu_net(2, 2, Loss::softmax_ce), data, adam(0.01, 16)),
      b(relu_net(2, 2, Loss::softmax_ce), data, adam(0.01, 16));
  for (int i = 0; i < 5; ++i) { a.step(); b.step(); }
  a.grid(16, -1, 1, -1, 1);
  a.evaluate(true);
  a.probe();
  b.probe();  // the probe updates dead-unit counts, so run it on both
  for (int i = 0; i < 5; ++i) { a.step(); b.step(); }
  CHECK(gs::step_json(a) == gs::step_json(b));
  GS_CHECK_ERROR(tr.grid(1, -1, 1, -1, 1), "grid.res: must be in 2..512, got 1");
  GS_CHECK_ERROR(tr.grid(8, 1, -1, -1, 1), "grid: the bounds must be finite with lo < hi");
}

TEST_CASE("determinism: same spec and seeds give the same bits, other seeds differ") {
  for (const char* precision : {"float32", "float64"}) {
    CAPTURE(precision);
    json cfg = json::parse(kConfig);
    cfg["precision"] = precision;
    auto a = gs::Session::create(gst::kExampleNetwork, cfg.dump());
    auto b = gs::Session::create(gst::kExampleNetwork, cfg.dump());
    CHECK(a->export_network() == b->export_network());  // the initial weights
    CHECK(a->step(50) == 50);
    CHECK(b->step(50) == 50);
    CHECK(a->steps() == 50);
    CHECK(a->stats_json() == b->stats_json());
    CHECK(a->export_network() == b->export_network());
    CHECK(a->history_json() == b->history_json());
    CHECK(a->evaluate_json() == b->evaluate_json());
    CHECK(a->probe_json() == b->probe_json());
    json st = json::parse(a->stats_json());
    CHECK(st["step"] == 50);
    CHECK(st["diverged"].is_null());
    CHECK(st["layers"].size() == 6);
    CHECK(st["layers"][3]["rrelu_slope"].is_object());  // sampled in training
    CHECK(st["layers"][2]["prelu_alpha"].is_object());
    // another initialisation seed: other weights
    json net = json::parse(gst::kExampleNetwork);
    net["init"]["seed"] = 8;
    auto c = gs::Session::create(net.dump(), cfg.dump());
    CHECK(c->export_network() != a->export_network());
    // another training seed (batch order, rrelu slopes): same start, another run
    json cfg2 = cfg;
    cfg2["seed"] = 10;
    auto d = gs::Session::create(gst::kExampleNetwork, cfg2.dump());
    auto e = gs::Session::create(gst::kExampleNetwork, cfg.dump());
    CHECK(d->export_network() == e->export_network());
    d->step(50);
    CHECK(d->stats_json() != a->stats_json());
    CHECK(d->export_network() != a->export_network());
    // reset: back to the initial parameters, and the same run again
    a->reset();
    CHECK(a->steps() == 0);
    CHECK(a->export_network() == e->export_network());
    a->step(50);
    CHECK(a->stats_json() == b->stats_json());
    CHECK(a->export_network() == b->export_network());
  }
}

TEST_CASE("session: export, import, gradients and info") {
  auto a = gs::Session::create(gst::kExampleNetwork, kConfig);
  auto b = gs::Session::create(gst::kExampleNetwork, kConfig);
  a->step(30);
  const std::string exported = a->export_network();
  // the export is a valid document with parameters
  gs::NetworkSpec spec = gs::parse_network(exported);
  REQUIRE(spec.parameters.size() == 6);
  CHECK(spec.parameters[2].alpha.size() == 16);
  b->import_network(exported);
  CHECK(b->export_network() == exported);
  // the gradient report uses the current parameters and equals grad_report on the export
  const std::string batch = R"({"x": [[0.1, 0.2], [-0.5, 0.9], [1.0, -1.0]], "y": [[1], [0], [1]]})";
  CHECK(a->gradients_json(batch) == gs::grad_report(spec, batch, gs::Precision::float32));
  CHECK(b->gradients_json(batch) == a->gradients_json(batch));
  {  // report options (the page's step 0): mode, matrices, stats
    const std::string train_batch = R"({"x": [[0.1, 0.2], [-0.5, 0.9], [1.0, -1.0]], "y": [[1], [0], [1]], "mode": "train"})";
    CHECK(a->gradients_json(train_batch) == gs::grad_report(spec, batch, gs::Precision::float32, gs::Mode::train));
    json lean = json::parse(a->gradients_json(R"({"x": [[0.1, 0.2], [-0.5, 0.9], [1.0, -1.0]], "y": [[1], [0], [1]], "matrices": false, "stats": true})"));
    json full = json::parse(a->gradients_json(batch));
    CHECK_FALSE(lean.contains("output"));
    CHECK_FALSE(lean["layers"][0].contains("dW"));
    CHECK(lean["layers"][0]["dW_norm"] == full["layers"][0]["dW_norm"]);
    REQUIRE(lean.contains("stats"));
    CHECK(lean["stats"]["step"].is_null());
    CHECK(lean["stats"]["layers"].size() == 6);
    double sq = 0;
    for (const json& l : full["layers"]) {
      for (const json& row : l["dW"]) for (const json& v : row) sq += v.get<double>() * v.get<double>();
      for (const json& v : l["db"]) sq += v.get<double>() * v.get<double>();
      if (l.contains("dalpha") && l["dalpha"].is_array()) for (const json& v : l["dalpha"]) sq += v.get<double>() * v.get<double>();
    }
    CHECK(lean["stats"]["grad_norm"].get<double>() == doctest::Approx(std::sqrt(sq)).epsilon(1e-6));
    CHECK(lean["stats"]["layers"][0]["dW_norm"] == full["layers"][0]["dW_norm"]);
    GS_CHECK_ERROR(a->gradients_json(R"({"x": [[0.1, 0.2]], "y": [[1]], "mode": "training"})"), "batch.mode: must be \"eval\" or \"train\", got \"training\"");
    GS_CHECK_ERROR(a->gradients_json(R"({"x": [[0.1, 0.2]], "y": [[1]], "stats": 1})"), "batch.stats");
  }
  // imports need parameters and the same architecture
  GS_CHECK_ERROR(b->import_network(gst::kExampleNetwork), "parameters: missing");
  json other = json::parse(exported);
  other["layers"][0]["activation"] = "tanh";
  GS_CHECK_ERROR(b->import_network(other.dump()), "network: the imported network's layers, activations or loss differ");
  json info = json::parse(a->info_json());
  CHECK(info["precision"] == "float32");
  CHECK(info["parameters"] == spec.parameter_count());
  CHECK(info["hidden_layers"] == 5);
  CHECK(info["data"]["name"] == "circles");
  CHECK(info["data"]["train_rows"] == 240);
  CHECK(info["data"]["test_rows"] == 60);
  // evaluate JSON
  json ev = json::parse(a->evaluate_json());
  CHECK(ev["step"] == 30);
  CHECK(ev["train"]["rows"] == 240);
  CHECK(ev["test"]["rows"] == 60);
  // history through the session
  CHECK(a->history_steps().size() == 30);
  CHECK(a->history_matrix("dz_norm").size() == 30u * 6u);
  // the grid through the session
  CHECK(a->grid(5, -1, 1, -1, 1).size() == 25u);
  // set_lr and errors
  a->set_lr(0.5);
  a->step(1);
  CHECK(json::parse(a->stats_json())["lr"] == 0.5);
  GS_CHECK_ERROR(a->set_lr(-1), "lr: must be in 0..1000");
  GS_CHECK_ERROR(a->step(-1), "step: n must be in 0..1000000, got -1");
}

TEST_CASE("session: the training config names the field") {
  auto err = [](const std::string& cfg) { return gst::error_of([&] { gs::parse_session_config(cfg); }); };
  CHECK(gst::contains(err(R"({"batch": 0})"), "batch: must be in 1..4096, got 0"));
  CHECK(gst::contains(err(R"({"batch": 2.5})"), "batch: must be an integer in 1..4096, got 2.5"));
  CHECK(gst::contains(err(R"({"batchsize": 2})"), "batchsize: unknown key"));
  CHECK(gst::contains(err(R"({"optimizer": {"name": "adam", "lr": -1}})"), "optimizer.lr: must be in 0..1000, got -1"));
  CHECK(gst::contains(err(R"({"optimizer": {"name": "adamw"}})"), "optimizer.name: unknown optimiser 'adamw'"));
  CHECK(gst::contains(err(R"({"optimizer": {"beta": 0.9}})"), "optimizer.beta: unknown key"));
  CHECK(gst::contains(err(R"({"precision": "float16"})"), "precision: must be \"float32\" or \"float64\", got \"float16\""));
  CHECK(gst::contains(err(R"({"data": {"samples": 3}})"), "data.samples: must be in 10..100000, got 3"));
  CHECK(gst::contains(err(R"({"data": {"noise": 2}})"), "data.noise: must be in 0..1, got 2"));
  CHECK(gst::contains(err(R"({"seed": -1})"), "seed: must be an integer in 0..18446744073709551615"));
  CHECK(gst::contains(err(R"({"stats": 1})"), "stats: must be true or false"));
  CHECK(gst::contains(err("[1]"), "config: must be a JSON object"));
  CHECK(gst::contains(err("{"), "config: not valid JSON"));
  CHECK(gst::contains(err(R"({"batch": 1e999})"), "config: not valid JSON"));
  gs::SessionConfig c = gs::parse_session_config(kConfig);
  CHECK(c.data.samples == 300);
  CHECK(c.data.seed == 4);
  CHECK(c.train.batch == 16);
  CHECK(c.train.seed == 9);
  CHECK(c.train.optimizer.name == "adam");
  CHECK(c.precision == gs::Precision::float32);
  gs::SessionConfig d = gs::parse_session_config("");
  CHECK(d.data.name == "circles");
  CHECK(d.train.batch == 32);
  CHECK(d.train.optimizer.name == "adam");
  // a session with a network that does not fit the data
  GS_CHECK_ERROR(gs::Session::create(gst::kExampleNetwork, R"({"data": {"name": "digits"}})"),
                 "inputs: the dataset 'digits' has 64 features, the network has 2 inputs");
}
