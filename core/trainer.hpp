// The trainer: mini-batches from a dataset, forward + loss + backward + statistics +
// update, divergence detection, the probe set for dead units and histograms, and the
// bounded history. Deterministic: the same spec, data and seeds give the same bits.
// This file is not: the type-erased, JSON-speaking session the CLI and WASM use
// (session.hpp).
#pragma once
#include <memory>
#include <optional>

#include "core/dataset.hpp"
#include "core/history.hpp"
#include "core/loss.hpp"
#include "core/optimizer.hpp"
#include "core/stats.hpp"
#include "core/stats_columns.hpp"

namespace gs {

constexpr int kMaxBatch = 4096;
// Activation caches of one session (cache_values in network.hpp: 2 to 9 rows x units
// matrices per layer), so a request that would exceed a browser tab's memory is refused
// instead of attempted.
constexpr int64_t kMaxActivationBytes = int64_t{512} << 20;
// The history holds history_capacity rows of (layers x history_layer_fields()) doubles:
// at most this many values (512 MiB), checked when the trainer is made, so a long run of
// a deep network cannot exhaust memory (1,000,000 rows x 256 layers would be 22 GB).
constexpr int64_t kMaxHistoryValues = int64_t(1) << 26;

struct TrainConfig {
  int batch = 32;                 // 1..min(4096, training rows)
  OptimizerConfig optimizer;
  uint64_t seed = 1;              // mini-batch order and rrelu's slopes
  double saturation_eps = 1e-3;   // |f'(z)| below this counts as saturated
  bool stats = true;              // per-step statistics on
  int probe_every = 10;           // dead-unit check every N steps (0: only on request)
  int probe_rows = 256;           // probe set: the first min(N, train rows) training rows
  int history_capacity = 2048;
};
void validate(const TrainConfig& cfg);

struct Metrics {
  double loss = 0, accuracy = kNull;
  int rows = 0;
};

// Checks that a network fits a dataset (inputs, outputs, loss); gs::Error naming the
// field otherwise ("layers[3].units: the output layer must have 10 units for 10 classes
// with softmax_ce, got 1").
void check_fit(const NetworkSpec& spec, const Dataset& data);

template <class T>
class Trainer {
 public:
  Trainer(const NetworkSpec& spec, std::shared_ptr<const Dataset> data, const TrainConfig& cfg);

  // One training step; returns false (and does nothing) once diverged.
  bool step();
  long steps() const { return step_; }
  const StepStats& last() const { return last_; }
  // last() as binary columns (stats_columns.hpp), filled with the statistics every step.
  const StatsColumns& last_columns() const { return columns_; }
  // Dead units of all layers at the latest probe; -1 before the first probe (null).
  int dead_total() const;
  const std::optional<Diverged>& diverged() const { return diverged_; }
  // Loss and accuracy over a whole split (evaluation mode), in chunks.
  Metrics evaluate(bool test);
  // Histograms and unit health over the probe set (evaluation mode); updates dead units.
  const ProbeStats& probe();
  const ProbeStats& last_probe() const { return probe_; }
  // Network outputs (res*res, outputs) over a grid of the first two inputs, x and y from
  // lo to hi (cell centres), other inputs 0, evaluation mode.
  std::vector<T> grid(int res, double x_lo, double x_hi, double y_lo, double y_hi);
  // Back to the initial parameters (same seed), optimiser state and step count.
  void reset();
  void set_lr(double lr) { opt_.set_lr(lr); cfg_.optimizer.lr = lr; }
  void set_stats(bool on) { cfg_.stats = on; }

  Network<T>& net() { return net_; }
  const Network<T>& net() const { return net_; }
  const Dataset& data() const { return *data_; }
  const TrainConfig& config() const { return cfg_; }
  const History& history() const { return history_; }
  // Dead units per layer (output layer 0) at the latest probe; -1 before the first probe.
  const std::vector<int>& dead_units() const { return dead_count_; }

 private:
  void fill_batch();
  void check_divergence(const UpdateInfo* upd);
  void rows_to(std::vector<T>& x, const Split& s, int first, int count) const;

  NetworkSpec spec_;
  std::shared_ptr<const Dataset> data_;
  TrainConfig cfg_;
  Network<T> net_;
  Optimizer<T> opt_;
  Pcg32 order_rng_, rrelu_rng_;
  std::vector<uint32_t> perm_;
  size_t pos_ = 0;
  long step_ = 0;
  std::vector<T> xb_, yb_, dout_;
  std::vector<int> cb_;
  std::vector<double> wb_sq_;
  StepStats last_;
  StatsColumns columns_;
  std::optional<Diverged> diverged_;
  ProbeStats probe_;
  std::vector<int> dead_count_;
  History history_;
};

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace gs
