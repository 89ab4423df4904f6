// A bounded history of per-step statistics for long runs: the newest rows at full
// resolution, older ones decimated. When the store is full, every other row of its older
// half is dropped, so after k such passes the oldest rows are 2^k steps apart.
// Exportable as CSV (one row per step and layer) and JSON (columnar).
#pragma once
#include <string>
#include <vector>

#include "core/stats.hpp"

namespace gs {

// The per-layer series kept; names as in LayerStats / the JSONL schema.
const std::vector<std::string>& history_layer_fields();

class History {
 public:
  explicit History(int capacity = 2048);
  void add(const StepStats& s, const std::vector<int>& dead_units);
  void clear();
  int size() const { return static_cast<int>(steps_.size()); }
  int capacity() const { return capacity_; }
  const std::vector<long>& steps() const { return steps_; }
  // Row r's value of field f (index into history_layer_fields()) for layer l.
  double value(int r, int f, int l) const;
  double loss(int r) const { return loss_[r]; }
  double accuracy(int r) const { return acc_[r]; }
  int layers() const { return layers_; }
  std::string to_csv() const;
  std::string to_json() const;
  // field values as a (rows, layers) row-major array, for a layers x time heatmap.
  std::vector<double> matrix(const std::string& field) const;

 private:
  void decimate();
  int capacity_, layers_ = 0;
  std::vector<long> steps_;
  std::vector<double> loss_, acc_;
  std::vector<double> data_;  // rows x (fields x layers), one allocation for the capacity
};

}  // namespace gs
