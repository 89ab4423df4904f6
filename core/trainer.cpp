// Training loop, divergence detection and the probe set; see trainer.hpp.
#include "core/trainer.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace gs {

void validate(const TrainConfig& c) {
  if (c.batch < 1 || c.batch > kMaxBatch)
    throw Error("batch: must be in 1.." + std::to_string(kMaxBatch) + ", got " + std::to_string(c.batch));
  validate(c.optimizer);
  if (!(c.saturation_eps > 0 && c.saturation_eps <= 1))
    throw Error("saturation_eps: must be in (0, 1], got " + fmt_num(c.saturation_eps));
  if (c.probe_every < 0 || c.probe_every > 1000000)
    throw Error("probe_every: must be in 0..1000000, got " + std::to_string(c.probe_every));
  if (c.probe_rows < 1 || c.probe_rows > kMaxBatch)
    throw Error("probe_rows: must be in 1.." + std::to_string(kMaxBatch) + ", got " + std::to_string(c.probe_rows));
  if (c.history_capacity < 16 || c.history_capacity > 1000000)
    throw Error("history_capacity: must be in 16..1000000, got " + std::to_string(c.history_capacity));
}

void check_fit(const NetworkSpec& spec, const Dataset& d) {
  const std::string out = "layers[" + std::to_string(spec.layers.size() - 1) + "].units";
  if (spec.inputs != d.features)
    throw Error("inputs: the dataset '" + d.name + "' has " + std::to_string(d.features) + " features, the network has " +
                std::to_string(spec.inputs) + " inputs");
  const int K = spec.outputs();
  if (d.task == Task::regression) {
    if (spec.loss != Loss::mse) throw Error(std::string("loss: regression data needs mse, got ") + loss_name(spec.loss));
    if (K != d.targets)
      throw Error(out + ": the output layer must have " + std::to_string(d.targets) + " unit(s) for " +
                  std::to_string(d.targets) + " regression target(s), got " + std::to_string(K));
    return;
  }
  if (K == 1) {
    if (d.classes != 2)
      throw Error(out + ": the output layer must have " + std::to_string(d.classes) + " units for " +
                  std::to_string(d.classes) + " classes, got 1");
    return;
  }
  if (K != d.classes)
    throw Error(out + ": the output layer must have " + std::to_string(d.classes) + " units for " +
                std::to_string(d.classes) + " classes (or 1 for 2 classes with bce_logits/mse), got " + std::to_string(K));
}

// The history's memory bound (kMaxHistoryValues), before anything is allocated.
static void check_history_size(const NetworkSpec& spec, const TrainConfig& cfg) {
  const int64_t per_row = static_cast<int64_t>(history_layer_fields().size()) * static_cast<int64_t>(spec.layers.size());
  if (per_row > 0 && static_cast<int64_t>(cfg.history_capacity) * per_row > kMaxHistoryValues)
    throw Error("history_capacity: " + std::to_string(cfg.history_capacity) + " rows of " + std::to_string(per_row) +
                " values (" + std::to_string(spec.layers.size()) + " layers x " +
                std::to_string(history_layer_fields().size()) + " series) is more than the limit of " +
                std::to_string(kMaxHistoryValues) + " values; at most " + std::to_string(kMaxHistoryValues / per_row) +
                " rows for this network");
}

template <class T>
Trainer<T>::Trainer(const NetworkSpec& spec, std::shared_ptr<const Dataset> data, const TrainConfig& cfg)
    : spec_(spec), data_(std::move(data)), cfg_(cfg),
      net_((validate(cfg), check_fit(spec, *data_), check_history_size(spec, cfg), spec)),
      opt_(cfg.optimizer, net_), history_(cfg.history_capacity) {
  if (data_->train.rows < 1) throw Error("data: the training split is empty");
  // Activation memory, checked before anything is allocated: the network's caches
  // (cache_values) for the largest of the batch, the probe set and the 256-row evaluation chunks.
  {
    int64_t units = 0;
    for (const LayerSpec& l : spec.layers) units += l.units;
    const int rows = std::max({cfg_.batch, cfg_.probe_rows, 256});
    const int64_t bytes = cache_values(spec, rows) * static_cast<int64_t>(sizeof(T));
    if (bytes > kMaxActivationBytes)
      throw Error("batch: " + std::to_string(rows) + " rows x " + std::to_string(units) + " units need " +
                  std::to_string(bytes >> 20) + " MiB of activations, more than the " +
                  std::to_string(kMaxActivationBytes >> 20) + " MiB limit; use a smaller batch or network");
  }
  if (cfg_.batch > data_->train.rows)
    throw Error("batch: must be in 1.." + std::to_string(data_->train.rows) + " (the training rows of '" + data_->name +
                "'), got " + std::to_string(cfg_.batch));
  reset();
}

template <class T>
void Trainer<T>::reset() {
  net_ = Network<T>(spec_);
  opt_ = Optimizer<T>(cfg_.optimizer, net_);
  order_rng_ = Pcg32(cfg_.seed, 1);
  rrelu_rng_ = Pcg32(cfg_.seed, 2);
  perm_.resize(static_cast<size_t>(data_->train.rows));
  for (size_t i = 0; i < perm_.size(); ++i) perm_[i] = static_cast<uint32_t>(i);
  shuffle(perm_.data(), static_cast<uint32_t>(perm_.size()), order_rng_);
  pos_ = 0;
  step_ = 0;
  diverged_.reset();
  last_ = StepStats();
  history_.clear();
  probe_ = ProbeStats();
  const int H = static_cast<int>(net_.layers.size()) - 1;
  probe_.units.resize(static_cast<size_t>(H));
  for (int l = 0; l < H; ++l) {
    UnitHealth& u = probe_.units[l];
    const size_t n = static_cast<size_t>(net_.layers[l].out);
    u.died_at.assign(n, -1);
    u.revived.assign(n, 0);
    u.dead.assign(n, 0);
  }
  dead_count_.assign(net_.layers.size(), -1);  // not measured until the first probe
  fill_stats_columns(columns_, last_, dead_total(), false);
}

template <class T>
int Trainer<T>::dead_total() const {
  int dead = 0;
  for (int d : dead_count_) {
    if (d < 0) return -1;  // not measured yet
    dead += d;
  }
  return dead;
}

template <class T>
void Trainer<T>::rows_to(std::vector<T>& x, const Split& s, int first, int count) const {
  const int F = data_->features;
  x.resize(static_cast<size_t>(count) * F);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<T>(s.x[static_cast<size_t>(first) * F + i]);
}

template <class T>
void Trainer<T>::fill_batch() {
  const Split& s = data_->train;
  const int B = cfg_.batch, F = data_->features;
  const bool cls = data_->task != Task::regression;
  const int tgt = data_->targets;
  xb_.resize(static_cast<size_t>(B) * F);
  if (cls) cb_.resize(static_cast<size_t>(B)); else yb_.resize(static_cast<size_t>(B) * tgt);
  for (int r = 0; r < B; ++r) {
    if (pos_ == perm_.size()) {
      shuffle(perm_.data(), static_cast<uint32_t>(perm_.size()), order_rng_);
      pos_ = 0;
    }
    const size_t row = perm_[pos_++];
    for (int f = 0; f < F; ++f) xb_[static_cast<size_t>(r) * F + f] = static_cast<T>(s.x[row * F + f]);
    if (cls) cb_[r] = s.labels[row];
    else for (int k = 0; k < tgt; ++k) yb_[static_cast<size_t>(r) * tgt + k] = static_cast<T>(s.y[row * tgt + k]);
  }
}

template <class T>
bool Trainer<T>::step() {
  if (diverged_) return false;
  fill_batch();
  const int B = cfg_.batch, K = net_.outputs();
  net_.forward(xb_.data(), B, Mode::train, &rrelu_rng_);
  Targets<T> y;
  if (data_->task == Task::regression) y.dense = yb_.data(); else y.classes = cb_.data();
  dout_.resize(static_cast<size_t>(B) * K);
  LossResult lr = loss_forward_backward(spec_.loss, dout_.data(), net_.layers.back().z.data(), y, B, K);
  net_.backward(dout_.data());
  ++step_;
  last_.step = step_;
  last_.loss = lr.loss;
  last_.accuracy = lr.has_accuracy ? static_cast<double>(lr.correct) / B : kNull;
  last_.lr = cfg_.optimizer.lr;
  if (cfg_.stats) layer_stats_into(last_.layers, net_, cfg_.saturation_eps);
  else last_.layers.clear();
  if (cfg_.stats) {
    wb_sq_.resize(last_.layers.size());
    for (size_t l = 0; l < wb_sq_.size(); ++l)
      wb_sq_[l] = last_.layers[l].dW_norm * last_.layers[l].dW_norm + last_.layers[l].db_norm * last_.layers[l].db_norm;
  }
  UpdateInfo upd = opt_.step(net_, cfg_.stats ? &wb_sq_ : nullptr);
  last_.grad_norm = upd.grad_norm;
  last_.clipped_norm = upd.clipped_norm;
  last_.clipped = upd.clipped;
  if (cfg_.stats) {
    add_update_ratios(last_.layers, upd.dW_applied_norm);
    for (size_t l = 0; l < last_.layers.size(); ++l) last_.layers[l].dead_units = dead_count_[l];
  }
  check_divergence(&upd);
  // The probe before the history, so this step's row and its layers count the same units.
  if (!diverged_ && cfg_.probe_every > 0 && step_ % cfg_.probe_every == 0) probe();
  if (cfg_.stats) history_.add(last_, dead_count_);
  fill_stats_columns(columns_, last_, dead_total(), diverged_.has_value());
  return !diverged_;
}

template <class T>
void Trainer<T>::check_divergence(const UpdateInfo* upd) {
  auto finite = [](double v) { return std::isfinite(v); };
  bool bad = !finite(last_.loss) || !finite(upd->grad_norm);
  for (double v : upd->dW_applied_norm) bad = bad || !finite(v);
  for (double v : upd->db_applied_norm) bad = bad || !finite(v);
  if (!bad) return;
  // Locate the origin from the caches of this step (the update did not touch them).
  std::vector<LayerStats> s = cfg_.stats ? last_.layers : layer_stats(net_, cfg_.saturation_eps);
  const int L = static_cast<int>(s.size());
  Diverged d;
  d.step = step_;
  for (int l = 0; l < L && d.what.empty(); ++l)
    if (!finite(s[l].act_mean) || !finite(s[l].act_std)) { d.what = "activation"; d.layer = l; }
  if (d.what.empty() && !finite(last_.loss)) { d.what = "loss"; d.layer = -1; }
  for (int l = L - 1; l >= 0 && d.what.empty(); --l)
    if (!finite(s[l].dz_norm) || !finite(s[l].dW_norm) || !finite(s[l].db_norm)) { d.what = "gradient"; d.layer = l; }
  for (int l = 0; l < L && d.what.empty(); ++l)
    if (!finite(upd->dW_applied_norm[l]) || !finite(upd->db_applied_norm[l])) { d.what = "weight"; d.layer = l; }
  if (d.what.empty()) { d.what = "gradient"; d.layer = -1; }
  const std::string where = d.layer < 0 ? "the loss" : "layers[" + std::to_string(d.layer) + "]";
  const std::string what = d.what == "activation" ? "the activations overflowed to Inf/NaN"
                           : d.what == "loss"     ? "the loss became Inf/NaN"
                           : d.what == "gradient" ? "the gradient overflowed to Inf/NaN (exploding gradients)"
                                                  : "the weights overflowed to Inf/NaN after the update";
  d.message = "diverged at step " + std::to_string(step_) + " in " + where + ": " + what +
              ". Try a smaller learning rate (now " + fmt_num(cfg_.optimizer.lr) +
              "), gradient clipping, or smaller initial weights.";
  diverged_ = d;
}

template <class T>
Metrics Trainer<T>::evaluate(bool test) {
  const Split& s = test ? data_->test : data_->train;
  Metrics m;
  m.rows = s.rows;
  if (s.rows == 0) { m.loss = kNull; return m; }
  const int K = net_.outputs(), chunk = 256;
  double loss = 0;
  int correct = 0;
  bool has_acc = false;
  std::vector<T> x, y;
  for (int first = 0; first < s.rows; first += chunk) {
    const int n = std::min(chunk, s.rows - first);
    rows_to(x, s, first, n);
    net_.forward(x.data(), n, Mode::eval, nullptr);
    Targets<T> t;
    if (data_->task == Task::regression) {
      y.resize(static_cast<size_t>(n) * K);
      for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<T>(s.y[static_cast<size_t>(first) * K + i]);
      t.dense = y.data();
    } else {
      t.classes = s.labels.data() + first;
    }
    LossResult r = loss_forward_backward<T>(spec_.loss, nullptr, net_.layers.back().z.data(), t, n, K);
    loss += r.loss * n;
    correct += r.correct;
    has_acc = r.has_accuracy;
  }
  m.loss = loss / s.rows;
  m.accuracy = has_acc ? static_cast<double>(correct) / s.rows : kNull;
  return m;
}

template <class T>
const ProbeStats& Trainer<T>::probe() {
  const Split& s = data_->train;
  const int n = std::min(cfg_.probe_rows, s.rows), K = net_.outputs();
  std::vector<T> x, y;
  rows_to(x, s, 0, n);
  net_.forward(x.data(), n, Mode::eval, nullptr);
  Targets<T> t;
  if (data_->task == Task::regression) {
    y.resize(static_cast<size_t>(n) * K);
    for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<T>(s.y[i]);
    t.dense = y.data();
  } else {
    t.classes = s.labels.data();
  }
  std::vector<T> dout(static_cast<size_t>(n) * K);
  loss_forward_backward<T>(spec_.loss, dout.data(), net_.layers.back().z.data(), t, n, K);
  net_.backward(dout.data());
  const int H = static_cast<int>(net_.layers.size()) - 1;
  probe_.step = step_;
  probe_.rows = n;
  probe_.z.assign(static_cast<size_t>(H), make_histogram(kZLo, kZHi, kZBins));
  probe_.a.assign(static_cast<size_t>(H), make_histogram(kALo, kAHi, kABins));
  probe_.d.assign(static_cast<size_t>(H), make_histogram(kDLo, kDHi, kDBins));
  for (int l = 0; l < H; ++l) {
    const Layer<T>& ly = net_.layers[l];
    const int U = ly.out;
    histogram_add(probe_.z[l], ly.z.data(), n * U);
    histogram_add(probe_.a[l], ly.a.data(), n * U);
    histogram_add(probe_.d[l], ly.d.data(), n * U);
    UnitHealth& h = probe_.units[l];
    h.activity_rate.assign(static_cast<size_t>(U), 0);
    h.mean_abs_deriv.assign(static_cast<size_t>(U), 0);
    h.mean_abs_dz.assign(static_cast<size_t>(U), 0);
    const bool leaky = act_info(ly.act.kind).leaky_family;
    int dead = 0;
    for (int u = 0; u < U; ++u) {
      int active = 0, zero_both = 0;
      double sd = 0, sdz = 0;
      for (int r = 0; r < n; ++r) {
        const double a = ly.a(r, u), d = ly.d(r, u);
        active += leaky ? a != 0 : std::fabs(d) >= cfg_.saturation_eps;
        zero_both += a == 0 && d == 0;
        sd += std::fabs(d);
        sdz += std::fabs(static_cast<double>(ly.dz(r, u)));
      }
      h.activity_rate[u] = static_cast<double>(active) / n;
      h.mean_abs_deriv[u] = sd / n;
      h.mean_abs_dz[u] = sdz / n;
      const bool now_dead = zero_both == n;
      if (now_dead && !h.dead[u]) h.died_at[u] = step_;
      if (!now_dead && h.dead[u]) h.revived[u] = 1;
      h.dead[u] = now_dead;
      dead += now_dead;
    }
    dead_count_[l] = dead;
  }
  dead_count_.back() = 0;  // the output layer is linear: never dead
  // The last step's statistics report the latest probe too, so its layers and total agree.
  for (size_t l = 0; l < last_.layers.size(); ++l) last_.layers[l].dead_units = dead_count_[l];
  if (last_.layers.empty()) set_dead_total(columns_, dead_total());
  else fill_stats_columns(columns_, last_, dead_total(), diverged_.has_value());
  return probe_;
}

template <class T>
std::vector<T> Trainer<T>::grid(int res, double x_lo, double x_hi, double y_lo, double y_hi) {
  if (res < 2 || res > 512) throw Error("grid.res: must be in 2..512, got " + std::to_string(res));
  if (spec_.inputs < 2) throw Error("grid: the network needs at least 2 inputs, it has " + std::to_string(spec_.inputs));
  if (!(std::isfinite(x_lo) && std::isfinite(x_hi) && std::isfinite(y_lo) && std::isfinite(y_hi)) || x_lo >= x_hi || y_lo >= y_hi)
    throw Error("grid: the bounds must be finite with lo < hi");
  const int F = spec_.inputs, K = net_.outputs(), total = res * res, chunk = 256;
  std::vector<T> out(static_cast<size_t>(total) * K), x;
  for (int first = 0; first < total; first += chunk) {
    const int n = std::min(chunk, total - first);
    x.assign(static_cast<size_t>(n) * F, T(0));
    for (int i = 0; i < n; ++i) {
      const int cell = first + i, gy = cell / res, gx = cell % res;
      x[static_cast<size_t>(i) * F] = static_cast<T>(x_lo + (gx + 0.5) * (x_hi - x_lo) / res);
      x[static_cast<size_t>(i) * F + 1] = static_cast<T>(y_lo + (gy + 0.5) * (y_hi - y_lo) / res);
    }
    net_.forward(x.data(), n, Mode::eval, nullptr);
    std::copy(net_.layers.back().z.data(), net_.layers.back().z.data() + static_cast<size_t>(n) * K,
              out.begin() + static_cast<ptrdiff_t>(first) * K);
  }
  return out;
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace gs
