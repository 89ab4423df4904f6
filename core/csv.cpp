// The CSV reader: a user's file as a dataset; see csv.hpp.
#include "core/csv.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace gs {

// Rules (beyond dataset.hpp): cells are separated by ',' only; a cell may be quoted
// ("a, b" with "" for a quote, newlines allowed inside quotes); spaces and tabs at both
// ends of a cell (inside or outside the quotes) are ignored; lines end with LF, CRLF or a
// lone CR; blank lines are skipped anywhere; a UTF-8 BOM is skipped. Numbers are decimal
// (strtod syntax without hex); nan, inf and values that overflow a double are rejected.
// An empty feature cell is an error (no missing values). In regression mode, a first row
// with any non-numeric cell (label included) is a header. Header cells name the features
// (an empty one becomes "x<k>"). Feature values are NOT standardised or scaled: they are
// used as they are in the file. "Line" in messages is the 1-based line of the file where
// the row starts; "column" is the 1-based cell index. The size limit is checked first.

namespace {

struct Cell {
  std::string text;  // unquoted, trimmed
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// A cell for a message: quoted, at most 40 bytes of valid UTF-8 (invalid bytes as '?').
std::string show(const std::string& s) { return "'" + message_text(s, 40) + "'"; }

enum class Num { ok, nonfinite, bad, empty };

Num parse_number(const std::string& s, double* out) {
  if (s.empty()) return Num::empty;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (!(c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
      digit = false;
      // nan / inf / infinity with an optional sign: numbers, but not finite.
      std::string w;
      size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
      for (; i < s.size(); ++i) {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
      }
      if (w == "nan" || w == "inf" || w == "infinity") return Num::nonfinite;
      return Num::bad;
    }
  }
  if (!digit) return Num::bad;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return Num::bad;
  if (!std::isfinite(v)) return Num::nonfinite;
  *out = v;
  return Num::ok;
}

// Optional sign and 1..18 digits.
bool parse_int_label(const std::string& s, long long* out) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
  }
  *out = std::strtoll(s.c_str(), nullptr, 10);
  return true;
}

std::string at(int line) { return "csv line " + std::to_string(line); }
std::string at(int line, int col) { return at(line) + ", column " + std::to_string(col); }

// Reads one row starting at text[pos]; advances pos past its line end and line past the
// lines it spans. Returns false at the end of the text.
bool read_row(const std::string& text, size_t& pos, int& line, std::vector<Cell>& cells) {
  cells.clear();
  const size_t n = text.size();
  if (pos >= n) return false;
  const int start_line = line;
  std::string cur;
  bool quoted = false;       // the current cell had a quoted part
  bool after_quote = false;  // only spaces may follow a closing quote
  bool has_text = false;     // cur holds a character other than a space or tab
  auto push = [&]() {
    cells.push_back(Cell{trim(cur)});
    cur.clear();
    quoted = after_quote = has_text = false;
  };
  while (pos < n) {
    const char c = text[pos];
    if (c == '\n' || c == '\r') {
      pos += (c == '\r' && pos + 1 < n && text[pos + 1] == '\n') ? 2 : 1;
      ++line;
      push();
      return true;
    }
    ++pos;
    if (c == ',') {
      push();
    } else if (after_quote) {
      if (!is_space(c)) {
        throw Error(at(start_line, static_cast<int>(cells.size()) + 1) +
                    ": unexpected character after a closing quote");
      }
    } else if (c == '"' && !quoted && !has_text) {  // (not trim(cur): quadratic on a"""...)
      cur.clear();
      quoted = true;
      for (;;) {
        if (pos >= n) {
          throw Error(at(start_line, static_cast<int>(cells.size()) + 1) +
                      ": unterminated quoted cell");
        }
        const char q = text[pos++];
        if (q == '"') {
          if (pos < n && text[pos] == '"') {
            cur += '"';
            ++pos;
          } else {
            break;
          }
        } else {
          if (q == '\n') ++line;
          cur += q;
        }
      }
      after_quote = true;
    } else {
      cur += c;
      has_text = has_text || !is_space(c);
    }
  }
  push();
  return true;
}

bool blank_row(const std::vector<Cell>& cells) {
  return cells.size() == 1 && cells[0].text.empty();
}

}  // namespace

Dataset parse_csv(const std::string& text, const std::string& file_name, double test_fraction,
                  uint64_t seed, int label_column, bool regression) {
  if (static_cast<int64_t>(text.size()) > kMaxCsvBytes) {
    throw Error("csv: " + std::to_string(text.size()) + " bytes is larger than the " +
                std::to_string(kMaxCsvBytes) + "-byte limit");
  }
  check_test_fraction(test_fraction, "data.test_fraction");

  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  int line = 1;
  std::vector<Cell> cells;

  Rows all;
  int cols = 0, label = 0;
  bool header = false;
  std::vector<std::string> feature_names;
  std::vector<std::string> label_text;   // classification: one per row
  int first_line = 0;

  for (;;) {
    const int row_line = line;
    if (!read_row(text, pos, line, cells)) break;
    if (blank_row(cells)) continue;
    if (cols == 0) {
      // First non-blank row: fixes the column count, the label column and the header.
      first_line = row_line;
      cols = static_cast<int>(cells.size());
      if (cols < 2) {
        throw Error(at(row_line) + ": expected at least 2 cells (features and a label), got " +
                    std::to_string(cols));
      }
      if (cols - 1 > kMaxFeatures) {
        throw Error("csv: " + std::to_string(cols - 1) + " feature columns is more than the " +
                    std::to_string(kMaxFeatures) + "-column limit");
      }
      if (label_column < -1 || label_column >= cols) {
        throw Error("csv: label column must be in -1.." + std::to_string(cols - 1) +
                    " (-1 = last), got " + std::to_string(label_column));
      }
      label = label_column == -1 ? cols - 1 : label_column;
      for (int c = 0; c < cols; ++c) {
        if (c == label && !regression) continue;
        double v;
        if (parse_number(cells[static_cast<size_t>(c)].text, &v) == Num::bad) header = true;
      }
      for (int c = 0, k = 0; c < cols; ++c) {
        if (c == label) continue;
        ++k;
        const std::string& h = cells[static_cast<size_t>(c)].text;
        feature_names.push_back(header && !h.empty() ? h : "x" + std::to_string(k));
      }
      all.width = cols - 1;
      all.targets = regression ? 1 : 0;
      if (header) continue;
    }
    if (static_cast<int>(cells.size()) != cols) {
      throw Error(at(row_line) + ": expected " + std::to_string(cols) + " cells, got " +
                  std::to_string(cells.size()));
    }
    if (all.n >= kMaxDataRows) {
      throw Error(at(row_line) + ": more than " + std::to_string(kMaxDataRows) +
                  " data rows (the limit)");
    }
    for (int c = 0; c < cols; ++c) {
      const std::string& s = cells[static_cast<size_t>(c)].text;
      if (c == label && !regression) {
        if (s.empty()) throw Error(at(row_line, c + 1) + ": empty label");
        label_text.push_back(s);
        continue;
      }
      double v = 0;
      switch (parse_number(s, &v)) {
        case Num::ok: break;
        case Num::empty: throw Error(at(row_line, c + 1) + ": empty cell, expected a number");
        case Num::nonfinite:
          throw Error(at(row_line, c + 1) + ": " + show(s) + " is not a finite number");
        case Num::bad: throw Error(at(row_line, c + 1) + ": " + show(s) + " is not a number");
      }
      (c == label ? all.y : all.x).push_back(v);
    }
    ++all.n;
  }

  if (cols == 0) throw Error("csv: no data rows (the file is empty)");
  if (all.n == 0) {
    throw Error("csv: no data rows (only a header on line " + std::to_string(first_line) + ")");
  }

  Dataset d;
  d.name = "csv:" + file_name;
  d.features = cols - 1;
  d.feature_names = std::move(feature_names);
  if (regression) {
    d.task = Task::regression;
    d.targets = 1;
  } else {
    // All-integer labels: classes are the sorted distinct values; else order of appearance.
    bool all_int = true;
    std::vector<long long> ints(label_text.size());
    for (size_t i = 0; i < label_text.size() && all_int; ++i) {
      all_int = parse_int_label(label_text[i], &ints[i]);
    }
    all.labels.resize(label_text.size());
    if (all_int) {
      std::vector<long long> values = ints;
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      if (values.size() <= static_cast<size_t>(kMaxClasses)) {
        for (long long v : values) d.class_names.push_back(std::to_string(v));
        for (size_t i = 0; i < ints.size(); ++i) {
          all.labels[i] = static_cast<int>(
              std::lower_bound(values.begin(), values.end(), ints[i]) - values.begin());
        }
      }
      d.classes = static_cast<int>(values.size());
    } else {
      std::unordered_map<std::string, int> index;
      for (size_t i = 0; i < label_text.size(); ++i) {
        auto it = index.find(label_text[i]);
        if (it == index.end()) {
          it = index.emplace(label_text[i], static_cast<int>(index.size())).first;
          d.class_names.push_back(label_text[i]);
        }
        all.labels[i] = it->second;
      }
      d.classes = static_cast<int>(index.size());
    }
    if (d.classes > kMaxClasses) {
      throw Error("csv: label column has " + std::to_string(d.classes) +
                  " classes, more than the " + std::to_string(kMaxClasses) + "-class limit");
    }
    if (d.classes < 2) throw Error("csv: label column has only 1 class, need at least 2");
    d.task = d.classes == 2 ? Task::binary : Task::multiclass;
  }
  Pcg32 rng(seed);
  shuffle_and_split(all, test_fraction, rng, d);
  return d;
}

Dataset load_csv_file(const std::string& path, double test_fraction, uint64_t seed,
                      int label_column, bool regression) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error("csv: cannot open '" + path + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("csv: cannot open '" + path + "'");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0 || !in) throw Error("csv: cannot read '" + path + "'");
  if (size > kMaxCsvBytes) {
    throw Error("csv: '" + path + "' is " + std::to_string(size) + " bytes, larger than the " +
                std::to_string(kMaxCsvBytes) + "-byte limit");
  }
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(&text[0], size)) throw Error("csv: cannot read '" + path + "'");
  const size_t slash = path.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return parse_csv(text, base, test_fraction, seed, label_column, regression);
}

}  // namespace gs
