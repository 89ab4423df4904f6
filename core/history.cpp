// Bounded multi-resolution history; see history.hpp.
#include "core/history.hpp"

#include <algorithm>

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

void History::clear() { steps_.clear(); loss_.clear(); acc_.clear(); data_.clear(); layers_ = 0; }

void History::add(const StepStats& s, const std::vector<int>& dead) {
  if (static_cast<int>(steps_.size()) >= capacity_) decimate();
  if (steps_.empty()) {
    layers_ = static_cast<int>(s.layers.size());
    data_.reserve(static_cast<size_t>(capacity_) * history_layer_fields().size() * layers_);
  }
  if (static_cast<int>(s.layers.size()) != layers_) throw Error("history: the number of layers changed");
  const auto& fields = history_layer_fields();
  const size_t at = data_.size();
  data_.resize(at + fields.size() * s.layers.size());
  double* row = data_.data() + at;
  for (size_t l = 0; l < s.layers.size(); ++l) {
    const LayerStats& ls = s.layers[l];
    const double v[] = {ls.dW_norm, ls.db_norm, ls.dz_norm, ls.act_mean, ls.act_std, ls.saturated_fraction,
                        ls.zero_fraction, ls.mean_abs_deriv, ls.same_sign_share, ls.update_ratio,
                        l < dead.size() && dead[l] >= 0 ? double(dead[l]) : kNull};  // null: not probed yet
    for (size_t f = 0; f < fields.size(); ++f) row[f * s.layers.size() + l] = v[f];
  }
  steps_.push_back(s.step);
  loss_.push_back(s.loss);
  acc_.push_back(s.accuracy);
}

void History::decimate() {
  const size_t half = steps_.size() / 2, stride = history_layer_fields().size() * layers_;
  size_t w = 0;
  for (size_t r = 0; r < steps_.size(); ++r) {
    if (r < half && (r % 2) == 1) continue;  // drop every other row of the older half
    if (w != r) {
      steps_[w] = steps_[r]; loss_[w] = loss_[r]; acc_[w] = acc_[r];
      std::copy(data_.begin() + r * stride, data_.begin() + (r + 1) * stride, data_.begin() + w * stride);
    }
    ++w;
  }
  steps_.resize(w); loss_.resize(w); acc_.resize(w); data_.resize(w * stride);
}

double History::value(int r, int f, int l) const {
  const size_t stride = history_layer_fields().size() * layers_;
  return data_[static_cast<size_t>(r) * stride + static_cast<size_t>(f) * layers_ + l];
}

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
