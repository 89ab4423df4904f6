// Shared helpers of the libFuzzer harnesses (fuzz/*.cpp; built and run by scripts/fuzz.sh).
// Every harness feeds bytes to one parser of the core and exercises what it returns.
// gs::Error is the expected answer to bad input and is swallowed; any other exception
// escapes (libFuzzer reports it as a crash: "uncaught exception"), and so do the
// sanitizers' reports and the explicit invariant checks (GS_FUZZ_CHECK -> __builtin_trap).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/dataset.hpp"
#include "core/error.hpp"

// An invariant of the core that must hold for every input: print it and crash.
#define GS_FUZZ_CHECK(COND, WHAT)                                                        \
  do {                                                                                   \
    if (!(COND)) {                                                                       \
      std::fprintf(stderr, "gradscope fuzz invariant failed: %s (%s:%d)\n", (WHAT),      \
                   __FILE__, __LINE__);                                                  \
      __builtin_trap();                                                                  \
    }                                                                                    \
  } while (0)

namespace gsfuzz {

// Consumes bytes from the front of the input (for flags), the rest is the document.
struct Input {
  const uint8_t* p;
  size_t n;
  uint8_t take() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  std::string rest() const { return std::string(reinterpret_cast<const char*>(p), n); }
};

// Messages reach JSON documents and JavaScript strings: they must be valid UTF-8 for any
// input (quoted input text is cleaned by gs::message_text).
inline bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = gs::utf8_char_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Runs f; a gs::Error (bad input, refused with a message) is the expected outcome and
// returns false; anything else propagates. A gs::Error must carry a message.
template <class F>
bool expect_ok_or_error(F&& f) {
  try {
    f();
    return true;
  } catch (const gs::Error& e) {
    GS_FUZZ_CHECK(e.what() != nullptr && e.what()[0] != '\0', "a gs::Error without a message");
    GS_FUZZ_CHECK(valid_utf8(e.what()), "a gs::Error message that is not valid UTF-8");
    return false;
  }
}

// A network document that fits the data set: its features as inputs, `hidden` (the JSON
// of the hidden layers, comma-separated objects), then an output layer and a loss chosen
// by the task (mse for regression, bce_logits for two classes, softmax_ce for more).
inline std::string network_for(const gs::Dataset& d, const std::string& hidden, int seed) {
  const bool reg = d.task == gs::Task::regression;
  const int outputs = reg ? d.targets : d.classes == 2 ? 1 : d.classes;
  const char* loss = reg ? "mse" : d.classes == 2 ? "bce_logits" : "softmax_ce";
  return R"({"format": "gradscope-network/1", "inputs": )" + std::to_string(d.features) + R"(, "layers": [)" + hidden +
         R"(, {"units": )" + std::to_string(outputs) + R"(}], "loss": ")" + loss + R"(", "init": {"seed": )" +
         std::to_string(seed) + "}}";
}

}  // namespace gsfuzz
