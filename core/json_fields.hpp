// Reading the fields of a JSON document with messages that name the field and the allowed
// range ("optimizer.lr: must be in 0..1000, got -1"): the one reader behind the network
// file (spec.cpp), the training configuration and the `grad` batches (session.cpp).
// Every function throws gs::Error("<path>: <what is wrong>").
// This file is not: what the documents mean (spec.hpp, session.hpp).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace gs {

// Parses a document; "<what>: not valid JSON (<the parser's message>)" otherwise.
nlohmann::json parse_json(const std::string& text, const char* what);

// A preview of a JSON value for error messages: at most 40 bytes of valid UTF-8. Arrays
// and objects are previewed one level deep (nested ones as [...] / {...}) and only until
// 40 bytes are reached, never by a recursive dump() (a deeply nested document would
// overflow the stack).
std::string json_preview(const nlohmann::json& j);

namespace field {

[[noreturn]] void fail(const std::string& path, const std::string& what);

double number(const nlohmann::json& j, const std::string& path);  // finite
double number_in(const nlohmann::json& j, const std::string& path, double lo, double hi);
int integer_in(const nlohmann::json& j, const std::string& path, int lo, int hi);  // 3.0 counts as 3
uint64_t seed(const nlohmann::json& j, const std::string& path);  // 0..2^64-1
bool boolean(const nlohmann::json& j, const std::string& path);
std::string string(const nlohmann::json& j, const std::string& path);
// Every key of the object `obj` at `path` must be one of `allowed` (a typo never passes
// silently): "<path>.<key>: unknown key, expected one of a, b, c".
void known_keys(const nlohmann::json& obj, const std::string& path, std::initializer_list<const char*> allowed);

}  // namespace field
}  // namespace gs
