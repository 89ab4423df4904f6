// gradscope::Error: the one exception type the core throws for bad input.
// Its message names the field path and the allowed range, e.g.
//   "layers[3].activation.alpha: must be >= 0, got -2".
// The core never calls exit() or abort(); the CLI and the WASM bindings turn Errors into
// exit status 2 / JavaScript Errors.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include "core/format.hpp"  // fmt_num, for the messages

namespace gs {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Length of the valid UTF-8 character at s[i] (1..4), 0 if the bytes there are not one
// (stray continuation byte, overlong form, surrogate, > U+10FFFF, cut short).
inline size_t utf8_char_length(const std::string& s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const unsigned d = static_cast<unsigned char>(s[i + k]);
    if (d < (k == 1 ? lo : 0x80u) || d > (k == 1 ? hi : 0xBFu)) return 0;
  }
  return n;
}

// Input text quoted in a message: bytes that are not valid UTF-8 become '?', and text
// longer than max_bytes is cut at a character boundary to at most max_bytes - 3 bytes
// plus "...". Messages end up in JSON documents and JavaScript strings, which need valid
// UTF-8 (nlohmann::json::dump throws on anything else).
inline std::string message_text(const std::string& s, size_t max_bytes = std::string::npos) {
  const size_t keep = s.size() <= max_bytes ? s.size() : (max_bytes >= 3 ? max_bytes - 3 : 0);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = utf8_char_length(s, i);
    if (i + (n ? n : 1) > keep) break;
    if (n) out.append(s, i, n); else out += '?';
    i += n ? n : 1;
  }
  if (i < s.size()) out += "...";
  return out;
}

}  // namespace gs
