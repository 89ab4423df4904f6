// Session: one network + dataset + trainer behind a precision-free, JSON-speaking API.
// It is the one surface both front ends use: the CLI (core/cli) and the WASM bindings
// (wasm/bindings.cpp bind these methods one to one). JSON in, JSON out, copied arrays.
// Every error is a gs::Error with a message naming the field.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/spec.hpp"
#include "core/trainer.hpp"

namespace gs {

enum class Precision { float32, float64 };

struct SessionConfig {
  DataConfig data;            // generated set or digits, when csv is empty
  std::string csv;            // CSV text (a user's file); overrides data.name
  std::string csv_name = "data.csv";
  int label_column = -1;
  bool regression = false;
  TrainConfig train;
  Precision precision = Precision::float32;
};

// Parses the training configuration document (docs/session.md):
//   { "data": { "name": "circles", "samples": 500, "noise": 0.1, "test_fraction": 0.2,
//               "seed": 1, "csv": "...", "csv_name": "...", "label_column": -1,
//               "regression": false },
//     "batch": 32, "optimizer": { "name": "adam", "lr": 0.01, ... }, "seed": 1,
//     "precision": "float32", "saturation_eps": 0.001, "stats": true, "probe_every": 10,
//     "probe_rows": 256, "history_capacity": 2048 }
SessionConfig parse_session_config(const std::string& json_text);

std::shared_ptr<const Dataset> load_dataset(const SessionConfig& cfg);

class Session {
 public:
  virtual ~Session() = default;
  static std::unique_ptr<Session> create(const std::string& network_json, const std::string& config_json);
  static std::unique_ptr<Session> create(const NetworkSpec& spec, const SessionConfig& cfg,
                                         std::shared_ptr<const Dataset> data);

  // Runs up to n steps (stops early on divergence); returns the steps that completed
  // without diverging. steps() counts every step taken, the diverging one included.
  virtual int step(int n) = 0;
  virtual long steps() const = 0;
  virtual bool diverged() const = 0;
  virtual void reset() = 0;
  virtual void set_lr(double lr) = 0;
  virtual void set_stats(bool on) = 0;
  // The last step's statistics (docs/statistics.md), with "diverged" when it happened.
  virtual std::string stats_json() const = 0;
  // The same statistics as binary columns (core/stats_columns.hpp), no JSON: the scalars
  // and every per-layer numeric statistic in one buffer of doubles, null -> NaN.
  virtual const StatsColumns& stats_columns() const = 0;
  // {"train": {"loss","accuracy","rows"}, "test": {...}} over whole splits.
  virtual std::string evaluate_json() = 0;
  // Histograms and unit health over the probe set (runs it now).
  virtual std::string probe_json() = 0;
  virtual std::string history_json() const = 0;
  virtual std::string history_csv() const = 0;
  // (rows, layers) values of one history field, rows = history length.
  virtual std::vector<double> history_matrix(const std::string& field) const = 0;
  virtual std::vector<long> history_steps() const = 0;
  // (res*res, outputs) network outputs over a grid of the first two inputs.
  virtual std::vector<double> grid(int res, double x_lo, double x_hi, double y_lo, double y_hi) = 0;
  // The network with its current parameters, as gradscope-network/1.
  virtual std::string export_network() const = 0;
  // Replaces the parameters from a gradscope-network/1 document of the same shape.
  virtual void import_network(const std::string& network_json) = 0;
  // The `gradscope grad` report for a batch, with the current parameters.
  virtual std::string gradients_json(const std::string& batch_json) const = 0;
  // Network and dataset summary.
  virtual std::string info_json() const = 0;
  // The dataset's rows (for drawing points and sample digits), at most max_rows per split:
  // {"features", "task", "classes", "train": {"rows", "x": [flat, rows x features],
  //  "labels": [...] | "y": [flat]}, "test": {...}}.
  virtual std::string data_json(int max_rows) const = 0;
};

// `gradscope grad`: one forward + backward pass on a batch document
// { "x": [[...]], "y": [[...]] | [class, ...] }; the report format is in the README.
// Evaluation mode by default (RReLU at its mean slope, batch norm with its running
// statistics); Mode::train uses batch statistics and draws RReLU slopes from PCG32 seeded
// with the network's init seed.
std::string grad_report(const NetworkSpec& spec, const std::string& batch_json, Precision precision,
                        Mode mode = Mode::eval);

// One reported step of `gradscope train --format jsonl` (the same object stats_json gives).
template <class T>
std::string step_json(const Trainer<T>& trainer);

}  // namespace gs
