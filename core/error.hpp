// gradscope::Error: the one exception type the core throws for bad input.
// Its message names the field path and the allowed range, e.g.
//   "layers[3].activation.alpha: must be >= 0, got -2".
// The core never calls exit() or abort(); the CLI and the WASM bindings turn Errors into
// exit status 2 / JavaScript Errors.
#pragma once
#include <stdexcept>
#include <string>

namespace gs {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gs
