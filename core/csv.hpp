// The CSV reader: a user's file (header optional, a label column, numeric features) as a
// shuffled, split dataset, with messages that name the line and column.
// This file is not: the generated sets or the digits (dataset.hpp).
#pragma once
#include <cstdint>
#include <string>

#include "core/dataset.hpp"

namespace gs {

// Parses a CSV text: header row optional (detected: a first row with any non-numeric
// feature cell is a header); the label column is `label_column` (-1 = last); numeric
// feature columns; labels that are all integers or strings -> classification (classes
// numbered in order of first appearance, except all-integer labels keep their sorted
// values), or `regression = true` -> numeric targets. Rows are shuffled with `seed` and
// split by `test_fraction`. Throws gs::Error with line and column:
//   "csv line 7, column 3: 'abc' is not a number", "csv line 9: expected 5 cells, got 4",
//   "csv: 17000000 bytes is larger than the 16777216-byte limit", "csv: no data rows".
Dataset parse_csv(const std::string& text, const std::string& file_name, double test_fraction,
                  uint64_t seed, int label_column = -1, bool regression = false);

// Loads a CSV file from disk (native CLI) with the same rules.
Dataset load_csv_file(const std::string& path, double test_fraction, uint64_t seed,
                      int label_column = -1, bool regression = false);

}  // namespace gs
