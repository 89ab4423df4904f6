// Engine: the error-as-data wrapper of gs::Session for the bindings; see engine.hpp.
#include "wasm/engine.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/export/torch.hpp"
#include "core/stats.hpp"
#include "core/stats_columns.hpp"

namespace gs::wasm {

template <class F>
auto Engine::guard(F&& f, decltype(f()) fallback) -> decltype(f()) {
  try {
    if (!session_) throw Error("session: not open (call open() with a network first)");
    return f();
  } catch (const std::bad_alloc&) {
    error_ = "out of memory: the network or data is too large for this browser tab";
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  return fallback;
}

template <class F>
auto Engine::guard_free(F&& f, decltype(f()) fallback) -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    error_ = "out of memory: the request is too large for this browser tab";
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  return fallback;
}

bool Engine::open(const std::string& network_json, const std::string& config_json) {
  try {
    NetworkSpec spec = parse_network(network_json);
    SessionConfig cfg = parse_session_config(config_json);
    cfg.data.digits = digits_;
    auto s = Session::create(spec, cfg, load_dataset(cfg));
    session_ = std::move(s);
    return true;
  } catch (const std::bad_alloc&) {
    error_ = "out of memory: the network or data is too large for this browser tab";
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  return false;
}

void Engine::setDigits(const std::string& text) { digits_ = std::make_shared<const std::string>(text); }

std::string Engine::takeError() {
  std::string e;
  e.swap(error_);
  return e;
}

int Engine::step(int n) { return guard([&] { return session_->step(n); }, 0); }
double Engine::steps() const { return session_ ? static_cast<double>(session_->steps()) : 0.0; }
bool Engine::diverged() const { return session_ && session_->diverged(); }
void Engine::reset() { guard([&] { session_->reset(); return 0; }, 0); }
void Engine::setLr(double lr) { guard([&] { session_->set_lr(lr); return 0; }, 0); }
void Engine::setStats(bool on) { guard([&] { session_->set_stats(on); return 0; }, 0); }
std::string Engine::statsJson() { return guard([&] { return session_->stats_json(); }, std::string()); }
const std::vector<double>& Engine::statsColumns() {
  static const std::vector<double> none;
  const std::vector<double>* v = guard([&] { return &session_->stats_columns().values; }, &none);
  return *v;
}
std::string Engine::evaluateJson() { return guard([&] { return session_->evaluate_json(); }, std::string()); }
std::string Engine::probeJson() { return guard([&] { return session_->probe_json(); }, std::string()); }
std::string Engine::historyJson() { return guard([&] { return session_->history_json(); }, std::string()); }
std::string Engine::historyCsv() { return guard([&] { return session_->history_csv(); }, std::string()); }
std::vector<double> Engine::historyMatrix(const std::string& field) {
  return guard([&] { return session_->history_matrix(field); }, std::vector<double>());
}
std::vector<double> Engine::historySteps() {
  return guard([&] {
    auto s = session_->history_steps();
    return std::vector<double>(s.begin(), s.end());
  }, std::vector<double>());
}
std::vector<double> Engine::grid(int res, double x0, double x1, double y0, double y1) {
  return guard([&] { return session_->grid(res, x0, x1, y0, y1); }, std::vector<double>());
}
std::string Engine::exportNetwork() { return guard([&] { return session_->export_network(); }, std::string()); }
std::string Engine::exportTorch() {
  return guard([&] {
    TorchExportOptions o;
    if (nlohmann::json::parse(session_->info_json()).value("precision", "") == "float64") o.precision = Precision::float64;
    return torch_script(parse_network(session_->export_network()), o);
  }, std::string());
}
bool Engine::importNetwork(const std::string& j) { return guard([&] { session_->import_network(j); return true; }, false); }
std::string Engine::gradientsJson(const std::string& b) { return guard([&] { return session_->gradients_json(b); }, std::string()); }
std::string Engine::dataJson(int max_rows) { return guard([&] { return session_->data_json(max_rows); }, std::string()); }
std::string Engine::infoJson() { return guard([&] { return session_->info_json(); }, std::string()); }

namespace {
Activation parse_act(const std::string& text) {
  // Reuse the network parser so names, parameters and messages are the same everywhere.
  nlohmann::json act;
  try {
    act = nlohmann::json::parse(text);
  } catch (const std::exception&) {
    act = text;  // a bare name
  }
  nlohmann::json net = {{"format", "gradscope-network/1"}, {"inputs", 1},
                        {"layers", {{{"units", 1}, {"activation", act}}, {{"units", 1}}}}, {"loss", "mse"}};
  std::string s = net.dump();
  NetworkSpec spec = parse_network(s);
  return spec.layers[0].act;
}
}  // namespace

std::string Engine::productExperiment(const std::string& config_json) {
  return guard_free([&] {
    nlohmann::json c;
    try {
      c = nlohmann::json::parse(config_json);
    } catch (const std::exception&) {
      throw Error("probe: not valid JSON");
    }
    if (!c.is_object()) throw Error("probe: must be an object like {\"factors\": \"uniform\", \"n\": 50}");
    std::string factors = c.value("factors", std::string("uniform"));
    Activation act = default_activation(Act::sigmoid);
    if (c.contains("activation")) act = parse_act(c["activation"].dump());
    int n = c.value("n", 50);
    double z_std = c.value("z_std", 1.0);
    uint64_t seed = c.value("seed", static_cast<uint64_t>(1));
    ProductExperiment r = product_experiment(factors, act, n, z_std, seed);
    return nlohmann::json{{"factors", r.factors}, {"log10_product", r.log10_product},
                          {"log10_sigmoid_bound", r.log10_sigmoid_bound}}.dump();
  }, std::string());
}

std::vector<double> Engine::activationCurve(const std::string& activation_json, const std::vector<double>& xs) {
  return guard_free([&] {
    Activation act = parse_act(activation_json);
    const ActInfo& info = act_info(act.kind);
    const double slope = eval_slope(act);
    std::vector<double> out(xs.size() * 2);
    for (size_t i = 0; i < xs.size(); ++i) {
      out[i] = info.value(act, xs[i], slope);
      out[xs.size() + i] = info.deriv(act, xs[i], slope);
    }
    return out;
  }, std::vector<double>());
}

std::string statsColumnNames() {
  return nlohmann::json{{"scalars", stats_scalar_names()}, {"columns", stats_column_names()}}.dump();
}

std::string version() { return "gradscope-core 0.1.0"; }

}  // namespace gs::wasm
