// The step statistics as JSON text (docs/statistics.md; `gradscope train --format jsonl`,
// Session::stats_json, the JavaScript stats()), written straight into one string: numbers
// by a shortest round-trip writer, keys in the same (sorted) order and with the same number
// text as nlohmann::json's dump() gave, so the output is byte for byte what it was; no
// json objects built per layer.
// This file is not: the binary columns (stats_columns.hpp) or the statistics (stats.hpp).
#pragma once
#include <optional>
#include <string>

#include "core/stats.hpp"

namespace gs {

// {"accuracy", "clipped", "clipped_norm", "dead_units", "diverged", "grad_norm", "layers",
//  "loss", "lr", "step"}; non-finite numbers are null.
std::string write_step_json(const StepStats& s, int dead_total, const std::optional<Diverged>& diverged);

}  // namespace gs
