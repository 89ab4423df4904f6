// The step's statistics as binary columns: one contiguous buffer of doubles, the step's
// scalars first, then one column of L values (one per layer, input side first) for every
// per-layer numeric statistic of docs/statistics.md. Filled by the trainer right after it
// computes the statistics (Trainer::step), read by Session::stats_columns() and the
// JavaScript statsColumns(): a copy of this one buffer, no JSON.
// Not defined (JSON null) is NaN; booleans are 0 or 1; {min, mean, max} summaries are
// three columns (prelu_alpha_min, ...); batch norm's fields are bn_* columns.
// This file is not: the JSON writer (stats_json.hpp) or the statistics themselves (stats.hpp).
#pragma once
#include <cstddef>
#include <vector>

#include "core/stats.hpp"

namespace gs {

// Names of the step scalars, in buffer order: step, loss, accuracy, lr, grad_norm,
// clipped_norm, clipped, dead_units, diverged.
const std::vector<const char*>& stats_scalar_names();
// Names of the per-layer columns, in buffer order.
const std::vector<const char*>& stats_column_names();

struct StatsColumns {
  int layers = 0;              // L
  std::vector<double> values;  // (scalars + columns x L): scalars, then column c at scalars + c L
  // Column c (index into stats_column_names()), L values.
  const double* column(size_t c) const { return values.data() + stats_scalar_names().size() + c * static_cast<size_t>(layers); }
  double scalar(size_t i) const { return values[i]; }
};

// s (L layers), the dead units of all layers at the latest probe, whether training diverged
// -> out (storage reused: no allocation once sized for L).
void fill_stats_columns(StatsColumns& out, const StepStats& s, int dead_total, bool diverged);
// Only the dead_units scalar (a probe after the step changes it).
void set_dead_total(StatsColumns& out, int dead_total);

}  // namespace gs
