// The JSON field reader; see json_fields.hpp.
#include "core/json_fields.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace gs {

using json = nlohmann::json;

json parse_json(const std::string& text, const char* what) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
    throw Error(std::string(what) + ": not valid JSON (" + message_text(e.what(), 240) + ")");
  }
}

std::string json_preview(const json& j) {
  std::string s;
  if (!j.is_structured()) {
    s = j.dump();
  } else {
    s = j.is_array() ? "[" : "{";
    bool first = true;
    for (auto it = j.begin(); it != j.end() && s.size() <= 40; ++it, first = false) {
      if (!first) s += ",";
      if (j.is_object()) s += json(it.key()).dump() + ":";
      s += it->is_structured() ? (it->is_array() ? "[...]" : "{...}") : it->dump();
    }
    s += j.is_array() ? "]" : "}";
  }
  return message_text(s, 40);
}

namespace field {

void fail(const std::string& path, const std::string& what) { throw Error(path + ": " + what); }

double number(const json& j, const std::string& path) {
  if (!j.is_number()) fail(path, std::string("must be a number, got ") + j.type_name() + " " + json_preview(j));
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(path, "must be finite, got " + json_preview(j));
  return v;
}

double number_in(const json& j, const std::string& path, double lo, double hi) {
  const double v = number(j, path);
  if (v < lo || v > hi) fail(path, "must be in " + fmt_num(lo) + ".." + fmt_num(hi) + ", got " + fmt_num(v));
  return v;
}

int integer_in(const json& j, const std::string& path, int lo, int hi) {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (!j.is_number_integer() && !(j.is_number_float() && std::floor(j.get<double>()) == j.get<double>()))
    fail(path, "must be an integer in " + range + ", got " + json_preview(j));
  const double v = j.get<double>();
  if (v < lo || v > hi) fail(path, "must be in " + range + ", got " + json_preview(j));
  return static_cast<int>(v);
}

uint64_t seed(const json& j, const std::string& path) {
  if (!j.is_number_integer() || (!j.is_number_unsigned() && j.get<int64_t>() < 0))
    fail(path, "must be an integer in 0..18446744073709551615, got " + json_preview(j));
  return j.get<uint64_t>();
}

bool boolean(const json& j, const std::string& path) {
  if (!j.is_boolean()) fail(path, "must be true or false, got " + json_preview(j));
  return j.get<bool>();
}

std::string string(const json& j, const std::string& path) {
  if (!j.is_string()) fail(path, std::string("must be a string, got ") + j.type_name() + " " + json_preview(j));
  return j.get<std::string>();
}

void known_keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* k : allowed) ok = ok || it.key() == k;
    if (ok) continue;
    std::string list;
    for (const char* k : allowed) list += (list.empty() ? "" : ", ") + std::string(k);
    fail((path.empty() ? "" : path + ".") + it.key(), "unknown key, expected one of " + list);
  }
}

}  // namespace field
}  // namespace gs
