// The JSON-speaking session, the training-config parser and the grad report; see session.hpp.
#include "core/session.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/stats_json.hpp"

namespace gs {
namespace {

using json = nlohmann::json;

json hist_json(const Histogram& h) { return {{"lo", h.lo}, {"hi", h.hi}, {"bins", h.bins}, {"counts", h.counts}}; }

template <class T> json mat_json(const T* p, int rows, int cols) {
  json m = json::array();
  for (int r = 0; r < rows; ++r) {
    json row = json::array();
    for (int c = 0; c < cols; ++c) row.push_back(static_cast<double>(p[static_cast<size_t>(r) * cols + c]));
    m.push_back(std::move(row));
  }
  return m;
}

template <class T> json vec_json(const T* p, size_t n) {
  json v = json::array();
  for (size_t i = 0; i < n; ++i) v.push_back(static_cast<double>(p[i]));
  return v;
}

// What a session's gradients(batch) reports besides the CLI's fields (issue 13: the page
// shows the network at step 0 before any training step).
struct ReportOptions {
  Mode mode = Mode::eval;
  bool matrices = true;  // dW, db, dalpha, dgamma, dbeta and output (false: left out)
  bool stats = false;    // "stats": the step statistics (stats_json's shape) of this pass
};

template <class T>
std::string grad_report_t(const NetworkSpec& spec, const json& batch, ReportOptions o = {}) {
  if (!batch.is_object()) throw Error("batch: must be an object {\"x\": [[...]], \"y\": [...]}");
  field::known_keys(batch, "batch", {"x", "y"});
  const Mode mode = o.mode;
  if (!batch.contains("x") || !batch["x"].is_array() || batch["x"].empty())
    throw Error("batch.x: must be a non-empty list of rows of " + std::to_string(spec.inputs) + " numbers");
  const json& X = batch["x"];
  const int B = static_cast<int>(X.size());
  if (B > kMaxBatch) throw Error("batch.x: at most " + std::to_string(kMaxBatch) + " rows, got " + std::to_string(B));
  {  // the trainer's activation-memory limit (trainer.cpp), before the network's caches exist
    int64_t units = 0;
    for (const LayerSpec& l : spec.layers) units += l.units;
    const int64_t bytes = cache_values(spec, B) * static_cast<int64_t>(sizeof(T));
    if (bytes > kMaxActivationBytes)
      throw Error("batch.x: " + std::to_string(B) + " rows x " + std::to_string(units) + " units need " +
                  std::to_string(bytes >> 20) + " MiB of activations, more than the " +
                  std::to_string(kMaxActivationBytes >> 20) + " MiB limit; use fewer rows");
  }
  const int F = spec.inputs, K = spec.outputs();
  std::vector<T> x(static_cast<size_t>(B) * F);
  for (int r = 0; r < B; ++r) {
    const std::string p = "batch.x[" + std::to_string(r) + "]";
    if (!X[r].is_array() || static_cast<int>(X[r].size()) != F)
      throw Error(p + ": must be a row of " + std::to_string(F) + " numbers (the network's inputs)");
    for (int c = 0; c < F; ++c) x[static_cast<size_t>(r) * F + c] = static_cast<T>(field::number(X[r][c], p + "[" + std::to_string(c) + "]"));
  }
  if (!batch.contains("y") || !batch["y"].is_array() || static_cast<int>(batch["y"].size()) != B)
    throw Error("batch.y: must be a list of " + std::to_string(B) + " targets (one per row of x)");
  const json& Y = batch["y"];
  std::vector<T> yd;
  std::vector<int> yc;
  Targets<T> t;
  if (!Y[0].is_array()) {
    if (spec.loss != Loss::softmax_ce)
      throw Error("batch.y: class indices are for softmax_ce; give rows of " + std::to_string(K) + " targets");
    for (int r = 0; r < B; ++r) yc.push_back(field::integer_in(Y[r], "batch.y[" + std::to_string(r) + "]", 0, K - 1));
    t.classes = yc.data();
  } else {
    yd.resize(static_cast<size_t>(B) * K);
    for (int r = 0; r < B; ++r) {
      const std::string p = "batch.y[" + std::to_string(r) + "]";
      if (!Y[r].is_array() || static_cast<int>(Y[r].size()) != K)
        throw Error(p + ": must be a row of " + std::to_string(K) + " targets (the network's outputs)");
      for (int c = 0; c < K; ++c) yd[static_cast<size_t>(r) * K + c] = static_cast<T>(field::number(Y[r][c], p + "[" + std::to_string(c) + "]"));
    }
    t.dense = yd.data();
  }
  Network<T> net(spec);
  Pcg32 rng(spec.seed);
  net.forward(x.data(), B, mode, mode == Mode::train ? &rng : nullptr);
  std::vector<T> dout(static_cast<size_t>(B) * K);
  LossResult lr = loss_forward_backward(spec.loss, dout.data(), net.layers.back().z.data(), t, B, K);
  net.backward(dout.data());
  std::vector<LayerStats> st = layer_stats(net, 1e-3);
  json out;
  out["loss"] = lr.loss;
  if (o.matrices) out["output"] = mat_json(net.layers.back().z.data(), B, K);
  json layers = json::array();
  double sq = 0;  // the global gradient norm, squared: every parameter's gradient
  auto add_sq = [&sq](const auto& v) { for (auto g : v) sq += static_cast<double>(g) * static_cast<double>(g); };
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer<T>& ly = net.layers[l];
    sq += st[l].dW_norm * st[l].dW_norm;
    add_sq(ly.db);
    add_sq(ly.dalpha);
    add_sq(ly.dgamma);
    add_sq(ly.dbeta);
    json lj;
    if (o.matrices) {
      lj["dW"] = mat_json(ly.dW.data(), ly.out, ly.in);
      lj["db"] = vec_json(ly.db.data(), ly.db.size());
    }
    lj["dW_norm"] = st[l].dW_norm;
    lj["dz_norm"] = st[l].dz_norm;
    if (ly.hidden) {
      if (o.matrices) lj["dalpha"] = ly.dalpha.size() ? vec_json(ly.dalpha.data(), ly.dalpha.size()) : json(nullptr);
      lj["act_mean"] = st[l].act_mean;
      lj["act_std"] = st[l].act_std;
      lj["saturated_fraction"] = st[l].saturated_fraction;
      lj["zero_fraction"] = st[l].zero_fraction;
      if (ly.gamma.size() && o.matrices) {  // batch norm: its learned scale and shift
        lj["dgamma"] = vec_json(ly.dgamma.data(), ly.dgamma.size());
        lj["dbeta"] = vec_json(ly.dbeta.data(), ly.dbeta.size());
      }
    }
    layers.push_back(lj);
  }
  out["layers"] = layers;
  if (o.stats) {  // as stats_json, for a pass that updates nothing (no step, no clipping)
    StepStats pass;  // the layers' statistics written as stats_json writes them
    pass.layers.assign(st.begin(), st.end());
    const json sl = json::parse(write_step_json(pass, -1, std::nullopt))["layers"];  // no probe: dead_units null
    const double g = std::sqrt(sq);
    out["stats"] = {{"step", nullptr}, {"loss", lr.loss}, {"grad_norm", g}, {"clipped_norm", g}, {"clipped", false},
                    {"layers", sl}};
  }
  return out.dump();
}

template <class T>
class SessionT final : public Session {
 public:
  SessionT(const NetworkSpec& spec, const SessionConfig& cfg, std::shared_ptr<const Dataset> data)
      : spec_(spec), tr_(spec, std::move(data), cfg.train) {}

  int step(int n) override {
    if (n < 0 || n > 1000000) throw Error("step: n must be in 0..1000000, got " + std::to_string(n));
    int done = 0;
    while (done < n && tr_.step()) ++done;
    return done;
  }
  long steps() const override { return tr_.steps(); }
  bool diverged() const override { return tr_.diverged().has_value(); }
  void reset() override { tr_.reset(); }
  void set_lr(double lr) override {
    if (!(lr >= 0 && lr <= 1000)) throw Error("lr: must be in 0..1000, got " + fmt_num(lr));
    tr_.set_lr(lr);
  }
  void set_stats(bool on) override { tr_.set_stats(on); }
  std::string stats_json() const override { return step_json(tr_); }
  const StatsColumns& stats_columns() const override { return tr_.last_columns(); }
  std::string evaluate_json() override {
    auto m = [](const Metrics& x) { return json{{"loss", x.loss}, {"accuracy", x.accuracy}, {"rows", x.rows}}; };
    return json{{"step", tr_.steps()}, {"train", m(tr_.evaluate(false))}, {"test", m(tr_.evaluate(true))}}.dump();
  }
  std::string probe_json() override {
    const ProbeStats& p = tr_.probe();
    json layers = json::array();
    for (size_t l = 0; l < p.units.size(); ++l) {
      const UnitHealth& u = p.units[l];
      std::vector<int> revived(u.revived.begin(), u.revived.end()), dead(u.dead.begin(), u.dead.end());
      layers.push_back({{"z", hist_json(p.z[l])}, {"a", hist_json(p.a[l])}, {"d", hist_json(p.d[l])},
                        {"activity_rate", u.activity_rate}, {"mean_abs_deriv", u.mean_abs_deriv},
                        {"mean_abs_dz", u.mean_abs_dz}, {"dead", dead}, {"died_at", u.died_at}, {"revived", revived}});
    }
    return json{{"step", p.step}, {"rows", p.rows}, {"layers", layers}}.dump();
  }
  std::string history_json() const override { return tr_.history().to_json(); }
  std::string history_csv() const override { return tr_.history().to_csv(); }
  std::vector<double> history_matrix(const std::string& f) const override { return tr_.history().matrix(f); }
  std::vector<long> history_steps() const override { return tr_.history().steps(); }
  std::vector<double> grid(int res, double x0, double x1, double y0, double y1) override {
    auto g = tr_.grid(res, x0, x1, y0, y1);
    return std::vector<double>(g.begin(), g.end());
  }
  std::string export_network() const override { return network_to_json(tr_.net().export_spec(), false); }
  void import_network(const std::string& text) override {
    NetworkSpec s = parse_network(text);
    if (s.parameters.empty()) throw Error("parameters: missing; the import needs explicit parameters");
    if (network_to_json(NetworkSpec{s.inputs, s.layers, s.loss, {}, 0, 0, {}}) !=
        network_to_json(NetworkSpec{spec_.inputs, spec_.layers, spec_.loss, {}, 0, 0, {}}))
      throw Error("network: the imported network's layers, activations or loss differ from this session's");
    tr_.net().set_parameters(s.parameters);
  }
  // The batch document may carry report options next to x and y: "mode" ("eval", the
  // default, or "train": batch norm on the batch's statistics, RReLU slopes drawn),
  // "matrices" (default true) and "stats" (default false), see ReportOptions.
  std::string gradients_json(const std::string& batch) const override {
    json b = parse_json(batch, "batch");
    ReportOptions o;
    if (b.is_object()) {
      if (b.contains("mode")) {
        const std::string m = field::string(b["mode"], "batch.mode");
        if (m != "eval" && m != "train") throw Error("batch.mode: must be \"eval\" or \"train\", got \"" + m + "\"");
        o.mode = m == "train" ? Mode::train : Mode::eval;
        b.erase("mode");
      }
      if (b.contains("matrices")) { o.matrices = field::boolean(b["matrices"], "batch.matrices"); b.erase("matrices"); }
      if (b.contains("stats")) { o.stats = field::boolean(b["stats"], "batch.stats"); b.erase("stats"); }
    }
    return grad_report_t<T>(tr_.net().export_spec(), b, o);
  }
  std::string info_json() const override {
    const Dataset& d = tr_.data();
    const char* task = d.task == Task::binary ? "binary" : d.task == Task::multiclass ? "multiclass" : "regression";
    return json{{"precision", sizeof(T) == 4 ? "float32" : "float64"},
                {"parameters", spec_.parameter_count()},
                {"hidden_layers", spec_.hidden()},
                {"inputs", spec_.inputs},
                {"outputs", spec_.outputs()},
                {"loss", loss_name(spec_.loss)},
                {"data", {{"name", d.name}, {"task", task}, {"features", d.features}, {"classes", d.classes},
                          {"targets", d.targets}, {"train_rows", d.train.rows}, {"test_rows", d.test.rows},
                          {"class_names", d.class_names}, {"feature_names", d.feature_names}}}}
        // CSV header and label texts are the file's bytes: invalid UTF-8 becomes U+FFFD
        // (the default, strict dump() would throw a json::type_error, not a gs::Error).
        .dump(-1, ' ', false, json::error_handler_t::replace);
  }
  std::string data_json(int max_rows) const override {
    if (max_rows < 1 || max_rows > kMaxDataRows)
      throw Error("data.max_rows: must be in 1.." + std::to_string(kMaxDataRows) + ", got " + std::to_string(max_rows));
    const Dataset& d = tr_.data();
    auto split = [&](const Split& s) {
      const int n = std::min(s.rows, max_rows);
      json j = {{"rows", n}, {"x", std::vector<double>(s.x.begin(), s.x.begin() + static_cast<ptrdiff_t>(n) * d.features)}};
      if (d.task == Task::regression) j["y"] = std::vector<double>(s.y.begin(), s.y.begin() + static_cast<ptrdiff_t>(n) * d.targets);
      else j["labels"] = std::vector<int>(s.labels.begin(), s.labels.begin() + n);
      return j;
    };
    const char* task = d.task == Task::binary ? "binary" : d.task == Task::multiclass ? "multiclass" : "regression";
    return json{{"name", d.name}, {"features", d.features}, {"task", task}, {"classes", d.classes},
                {"targets", d.targets}, {"train", split(d.train)}, {"test", split(d.test)}}.dump();
  }

 private:
  NetworkSpec spec_;
  Trainer<T> tr_;
};

}  // namespace

SessionConfig parse_session_config(const std::string& text) {
  SessionConfig c;
  json j = text.empty() ? json::object() : parse_json(text, "config");
  if (!j.is_object()) throw Error("config: must be a JSON object");
  field::known_keys(j, "", {"data", "batch", "optimizer", "seed", "precision", "saturation_eps", "stats", "probe_every",
                "probe_rows", "history_capacity"});
  if (j.contains("data")) {
    const json& d = j["data"];
    if (!d.is_object()) throw Error("data: must be an object like {\"name\": \"circles\"}");
    field::known_keys(d, "data", {"name", "samples", "noise", "test_fraction", "seed", "csv", "csv_name", "label_column", "regression"});
    if (d.contains("name")) c.data.name = field::string(d["name"], "data.name");
    if (d.contains("samples")) c.data.samples = field::integer_in(d["samples"], "data.samples", 10, kMaxDataRows);
    if (d.contains("noise")) c.data.noise = field::number_in(d["noise"], "data.noise", 0, 1);
    if (d.contains("test_fraction")) c.data.test_fraction = field::number_in(d["test_fraction"], "data.test_fraction", 0, 0.9);
    if (d.contains("seed")) c.data.seed = field::seed(d["seed"], "data.seed");
    if (d.contains("csv")) c.csv = field::string(d["csv"], "data.csv");
    if (d.contains("csv_name")) c.csv_name = field::string(d["csv_name"], "data.csv_name");
    if (d.contains("label_column")) c.label_column = field::integer_in(d["label_column"], "data.label_column", -1, kMaxFeatures);
    if (d.contains("regression")) c.regression = field::boolean(d["regression"], "data.regression");
  }
  TrainConfig& t = c.train;
  if (j.contains("batch")) t.batch = field::integer_in(j["batch"], "batch", 1, kMaxBatch);
  if (j.contains("seed")) t.seed = field::seed(j["seed"], "seed");
  if (j.contains("saturation_eps")) t.saturation_eps = field::number_in(j["saturation_eps"], "saturation_eps", 1e-30, 1);
  if (j.contains("stats")) t.stats = field::boolean(j["stats"], "stats");
  if (j.contains("probe_every")) t.probe_every = field::integer_in(j["probe_every"], "probe_every", 0, 1000000);
  if (j.contains("probe_rows")) t.probe_rows = field::integer_in(j["probe_rows"], "probe_rows", 1, kMaxBatch);
  if (j.contains("history_capacity")) t.history_capacity = field::integer_in(j["history_capacity"], "history_capacity", 16, 1000000);
  if (j.contains("precision")) {
    std::string p = field::string(j["precision"], "precision");
    if (p == "float32") c.precision = Precision::float32;
    else if (p == "float64") c.precision = Precision::float64;
    else throw Error("precision: must be \"float32\" or \"float64\", got \"" + p + "\"");
  }
  if (j.contains("optimizer")) {
    const json& o = j["optimizer"];
    OptimizerConfig& oc = t.optimizer;
    if (o.is_string()) {
      oc.name = o.get<std::string>();
    } else if (o.is_object()) {
      field::known_keys(o, "optimizer", {"name", "lr", "momentum", "nesterov", "alpha", "beta1", "beta2", "eps", "weight_decay", "clip_norm"});
      if (o.contains("name")) oc.name = field::string(o["name"], "optimizer.name");
      if (o.contains("lr")) oc.lr = field::number_in(o["lr"], "optimizer.lr", 0, 1000);
      if (o.contains("momentum")) oc.momentum = field::number_in(o["momentum"], "optimizer.momentum", 0, 1);
      if (o.contains("nesterov")) oc.nesterov = field::boolean(o["nesterov"], "optimizer.nesterov");
      if (o.contains("alpha")) oc.alpha = field::number_in(o["alpha"], "optimizer.alpha", 0, 1);
      if (o.contains("beta1")) oc.beta1 = field::number_in(o["beta1"], "optimizer.beta1", 0, 0.999999);
      if (o.contains("beta2")) oc.beta2 = field::number_in(o["beta2"], "optimizer.beta2", 0, 0.999999999);
      if (o.contains("eps")) oc.eps = field::number_in(o["eps"], "optimizer.eps", 0, 1);
      if (o.contains("weight_decay")) oc.weight_decay = field::number_in(o["weight_decay"], "optimizer.weight_decay", 0, 100);
      if (o.contains("clip_norm")) oc.clip_norm = field::number_in(o["clip_norm"], "optimizer.clip_norm", 0, 1e12);
    } else {
      throw Error("optimizer: must be a name or an object like {\"name\": \"adam\", \"lr\": 0.01}");
    }
  }
  validate(t);
  return c;
}

std::shared_ptr<const Dataset> load_dataset(const SessionConfig& c) {
  if (!c.csv.empty())
    return std::make_shared<const Dataset>(parse_csv(c.csv, c.csv_name, c.data.test_fraction, c.data.seed, c.label_column, c.regression));
  return std::make_shared<const Dataset>(make_dataset(c.data));
}

std::unique_ptr<Session> Session::create(const NetworkSpec& spec, const SessionConfig& cfg,
                                         std::shared_ptr<const Dataset> data) {
  if (cfg.precision == Precision::float64) return std::make_unique<SessionT<double>>(spec, cfg, std::move(data));
  return std::make_unique<SessionT<float>>(spec, cfg, std::move(data));
}

std::unique_ptr<Session> Session::create(const std::string& network_json, const std::string& config_json) {
  NetworkSpec spec = parse_network(network_json);
  SessionConfig cfg = parse_session_config(config_json);
  return create(spec, cfg, load_dataset(cfg));
}

std::string grad_report(const NetworkSpec& spec, const std::string& batch_json, Precision precision, Mode mode) {
  json b = parse_json(batch_json, "batch");
  ReportOptions o;
  o.mode = mode;
  return precision == Precision::float64 ? grad_report_t<double>(spec, b, o) : grad_report_t<float>(spec, b, o);
}

template <class T> std::string step_json(const Trainer<T>& t) { return write_step_json(t.last(), t.dead_total(), t.diverged()); }
template std::string step_json<float>(const Trainer<float>&);
template std::string step_json<double>(const Trainer<double>&);

}  // namespace gs
