// The network file, `gradscope-network/1`: parse, validate, write. One JSON document
// describes a network; the CLI, the WASM module, the page's URL state and the embeds all
// speak it. Weights are stored as PyTorch stores nn.Linear.weight: (out, in), row-major.
// Validation throws gs::Error naming the field path and the allowed range, e.g.
//   "layers[3].activation.alpha: must be >= 0, got -2".
// This file is not: the network's numbers (network.hpp) or training settings (trainer.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/activation.hpp"

namespace gs {

enum class Loss { mse, bce_logits, softmax_ce };
const char* loss_name(Loss loss);

// Limits, checked before anything is allocated (README "Limits").
constexpr int kMaxInputs = 1024;
constexpr int kMaxLayers = 256;           // hidden layers + output layer
constexpr int kMaxUnits = 1024;           // per layer
constexpr int kMaxOutputs = 100;
constexpr int64_t kMaxParameters = 4000000;

struct WeightInit {
  std::string name = "glorot_uniform";  // constant uniform normal glorot_uniform glorot_normal
                                        // he_uniform he_normal lecun_normal (+ xavier_*, kaiming_*)
  double gain = 1;                      // glorot/he/lecun (he default sqrt(2))
  double value = 0;                     // constant
  double a = 0, b = 1;                  // uniform U(a, b)
  double mean = 0, std = 1;             // normal N(mean, std^2)
};

// Batch normalisation after a hidden layer's linear part, as PyTorch's BatchNorm1d:
// y = gamma (z - mean) / sqrt(var + eps) + beta, batch statistics while training (biased
// variance), running statistics in evaluation (running = (1 - momentum) running +
// momentum batch, with the unbiased batch variance).
struct BatchNormSpec {
  bool on = false;
  double momentum = 0.1, eps = 1e-5;
};

struct LayerSpec {
  int units = 0;
  Activation act;      // identity for the output layer
  BatchNormSpec batchnorm;  // hidden layers: "batchnorm": true | {"momentum", "eps"}
  bool residual = false;    // hidden layers: a = f(...) + input (widths must match)
};

// Explicit parameters for one layer (override init). W is (units, fan_in) row-major.
// gamma, beta, running_mean, running_var: batch-norm layers only.
struct LayerParams {
  std::vector<double> W, b, alpha;
  std::vector<double> gamma, beta, running_mean, running_var;

  // fn(name, values) for every field, named as the layer's tensors are (for_each_stored in
  // params.hpp) and as the file names them.
  template <class Fn> void for_each(Fn&& fn) { each(*this, fn); }
  template <class Fn> void for_each(Fn&& fn) const { each(*this, fn); }
  // The field of that name; gs::Error for a name no field has.
  std::vector<double>& field(const char* name);
  const std::vector<double>& field(const char* name) const;

 private:
  template <class P, class Fn> static void each(P& p, Fn& fn) {
    fn("W", p.W), fn("b", p.b), fn("alpha", p.alpha), fn("gamma", p.gamma), fn("beta", p.beta);
    fn("running_mean", p.running_mean), fn("running_var", p.running_var);
  }
};

struct NetworkSpec {
  int inputs = 0;
  std::vector<LayerSpec> layers;  // hidden layers, then the output layer
  Loss loss = Loss::mse;
  WeightInit init;
  double bias_init = 0;
  uint64_t seed = 0;
  std::vector<LayerParams> parameters;  // empty, or one per layer

  int hidden() const { return static_cast<int>(layers.size()) - 1; }
  int outputs() const { return layers.back().units; }
  int fan_in(int l) const { return l == 0 ? inputs : layers[l - 1].units; }
  int64_t parameter_count() const;
};

// Parses and validates a gradscope-network/1 document.
NetworkSpec parse_network(const std::string& json_text);
// Validates limits and shapes (also run by parse_network).
void validate(const NetworkSpec& spec);
// Writes the document (with `parameters` when the spec holds them), 2-space indented
// when pretty. Doubles are written with enough digits to round-trip.
std::string network_to_json(const NetworkSpec& spec, bool pretty = false);

}  // namespace gs
