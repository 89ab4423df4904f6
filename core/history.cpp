// Bounded multi-resolution history; see history.hpp.
#include "core/history.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"

namespace gs {

const std::vector<std::string>& history_layer_fields() {
  static const std::vector<std::string> f = {"dW_norm", "db_norm", "dz_norm", "act_mean", "act_std",
                                             "saturated_fraction", "zero_fraction", "mean_abs_deriv",
                                             "same_sign_share", "update_ratio", "dead_units"};
  return f;
}

History::History(int capacity) : capacity_(capacity) {
  if (capacity < 16 || capacity > 1000000)
    throw Error("history_capacity: must be in 16..1000000, got " + std::to_string(capacity));
}

void History::clear() { steps_.clear(); loss_.clear(); acc_.clear(); rows_.clear(); layers_ = 0; }

void History::add(const StepStats& s, const std::vector<int>& dead) {
  if (static_cast<int>(steps_.size()) >= capacity_) decimate();
  layers_ = static_cast<int>(s.layers.size());
  const auto& fields = history_layer_fields();
  std::vector<double> row(fields.size() * s.layers.size());
  for (size_t l = 0; l < s.layers.size(); ++l) {
    const LayerStats& ls = s.layers[l];
    const double v[] = {ls.dW_norm, ls.db_norm, ls.dz_norm, ls.act_mean, ls.act_std, ls.saturated_fraction,
                        ls.zero_fraction, ls.mean_abs_deriv, ls.same_sign_share, ls.update_ratio,
                        l < dead.size() ? double(dead[l]) : 0.0};
    for (size_t f = 0; f < fields.size(); ++f) row[f * s.layers.size() + l] = v[f];
  }
  steps_.push_back(s.step);
  loss_.push_back(s.loss);
  acc_.push_back(s.accuracy);
  rows_.push_back(std::move(row));
}

void History::decimate() {
  const size_t half = steps_.size() / 2;
  size_t w = 0;
  for (size_t r = 0; r < steps_.size(); ++r) {
    if (r < half && (r % 2) == 1) continue;  // drop every other row of the older half
    if (w != r) {  // a self-move would empty rows_[w]
      steps_[w] = steps_[r]; loss_[w] = loss_[r]; acc_[w] = acc_[r]; rows_[w] = std::move(rows_[r]);
    }
    ++w;
  }
  steps_.resize(w); loss_.resize(w); acc_.resize(w); rows_.resize(w);
}

double History::value(int r, int f, int l) const { return rows_[r][static_cast<size_t>(f) * layers_ + l]; }

std::vector<double> History::matrix(const std::string& field) const {
  const auto& fields = history_layer_fields();
  int f = -1;
  for (size_t i = 0; i < fields.size(); ++i) if (fields[i] == field) f = static_cast<int>(i);
  if (f < 0) throw Error("history.field: unknown field '" + field + "'");
  std::vector<double> m;
  m.reserve(steps_.size() * layers_);
  for (int r = 0; r < size(); ++r)
    for (int l = 0; l < layers_; ++l) m.push_back(value(r, f, l));
  return m;
}

std::string History::to_csv() const {
  std::ostringstream os;
  os.precision(9);
  os << "step,loss,accuracy,layer";
  for (const auto& f : history_layer_fields()) os << ',' << f;
  os << '\n';
  auto put = [&](double v) { if (v == v) os << v; };  // NaN (null) as an empty cell
  for (int r = 0; r < size(); ++r)
    for (int l = 0; l < layers_; ++l) {
      os << steps_[r] << ',';
      put(loss_[r]); os << ',';
      put(acc_[r]); os << ',' << l;
      for (size_t f = 0; f < history_layer_fields().size(); ++f) { os << ','; put(value(r, static_cast<int>(f), l)); }
      os << '\n';
    }
  return os.str();
}

std::string History::to_json() const {
  nlohmann::json j;
  j["format"] = "gradscope-history/1";
  j["layers"] = layers_;
  j["steps"] = steps_;
  j["loss"] = loss_;
  j["accuracy"] = acc_;
  nlohmann::json series;
  for (const auto& f : history_layer_fields()) series[f] = matrix(f);
  j["series"] = series;  // each (rows, layers) row-major; NaN written as null
  return j.dump();
}

}  // namespace gs
