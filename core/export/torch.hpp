// `gradscope export torch`: a gradscope-network/1 network as one self-contained Python file
// for PyTorch. The file holds an nn.Module built from PyTorch's own layers (nn.Linear,
// nn.BatchNorm1d, nn.Sigmoid ... nn.PReLU(num_parameters=...), nn.RReLU(lower, upper)), the
// network's current weights (every double written so that it parses back to the same
// bits), the loss as PyTorch names it (nn.MSELoss, nn.BCEWithLogitsLoss,
// nn.CrossEntropyLoss), and check(), which computes the loss and every gradient for a
// batch in the fields of `gradscope grad`. The CLI (core/cli) and the WASM engine
// (wasm/engine.cpp, the page's Export -> PyTorch) both call torch_script, so the same
// network gives the same text.
// This file is not: the network's numbers (network.hpp) or the network file (spec.hpp).
#pragma once
#include <string>

#include "core/session.hpp"
#include "core/spec.hpp"

namespace gs {

struct TorchExportOptions {
  Precision precision = Precision::float32;  // DTYPE of the module (gradscope grad's --precision)
  // The batch check() uses when given none, as `gradscope grad` reads it:
  // {"x": [[...]], "y": [[...]] | [class, ...]}. Empty: four rows drawn from the network's
  // seed (example_batch_json).
  std::string batch_json;
};

// The Python file. The weights are spec.parameters when present, else drawn from spec.init
// as Network<T> draws them (T from the precision). Throws gs::Error naming the field of a
// bad batch.
std::string torch_script(const NetworkSpec& spec, const TorchExportOptions& options = {});

// Four example rows for the network: x in [-1, 1] with three decimals, targets valid for
// the loss (0/1 for bce_logits, class indices for softmax_ce, [-1, 1] for mse), drawn with
// PCG32 from the network's init seed. JSON text.
std::string example_batch_json(const NetworkSpec& spec);

}  // namespace gs
