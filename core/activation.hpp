// The activation table: every activation of the lesson with its value and derivative,
// PyTorch's names, parameters and defaults, and the kink conventions PyTorch uses
// (relu'(0) = 0; leaky_relu, prelu, rrelu use their slope at 0; elu'(0) = alpha).
// This file is not: the layer (network.hpp) or the vectorised loops (kernels/).
#pragma once
#include <array>
#include <string>
#include <vector>

namespace gs {

enum class Act { identity, sigmoid, tanh, relu, leaky_relu, prelu, rrelu, elu, selu, gelu, softplus, silu };
constexpr int kActCount = static_cast<int>(Act::silu) + 1;  // the number of kinds: silu is the last

struct Activation {
  Act kind = Act::identity;
  double alpha = 0;             // leaky_relu slope (0.01), elu alpha (1), prelu initial slope (0.25)
  bool per_unit = false;        // prelu: one learned slope per unit (true) or per layer (false)
  double lower = 0.125;         // rrelu: slope ~ U(lower, upper) while training,
  double upper = 1.0 / 3.0;     //        (lower + upper) / 2 in evaluation
  double beta = 1, threshold = 20;  // softplus: log(1 + e^(beta z)) / beta, linear above threshold
};

// One row of the table: value f(z) and derivative f'(z) for a scalar z, with `slope`
// the negative-side slope for the leaky family (ignored by the others).
struct ActInfo {
  Act kind;
  const char* name;
  double (*value)(const Activation&, double z, double slope);
  double (*deriv)(const Activation&, double z, double slope);
  bool leaky_family;    // relu, leaky_relu, prelu, rrelu: piecewise linear through 0
  bool zero_centred;    // outputs can be negative, roughly centred on 0
};

const std::array<ActInfo, kActCount>& activation_table();  // row i describes Act(i)
const ActInfo& act_info(Act kind);
const char* act_name(Act kind);
// Parses a name (PyTorch's: "leaky_relu", "elu", ...; "swish" is an alias of "silu",
// "linear" of "identity"). Returns false if unknown.
bool act_from_name(const std::string& name, Act* out);
// "sigmoid, tanh, relu, ..." for error messages.
std::string act_names_list();
// An Activation of that kind with PyTorch's defaults.
Activation default_activation(Act kind);

// The negative-side slope used in evaluation mode (leaky_relu: alpha, rrelu: mean of the
// range, relu: 0); prelu's learned slopes live in the layer.
double eval_slope(const Activation& act);

// z is (rows,units) -> a = f(z), d = f'(z), both (rows,units). For the leaky family,
// slope[r*slope_stride + u] is the negative-side slope (slope_stride 0: per unit). Uses the
// vectorised kernels where they exist and the table otherwise.
template <class T>
void act_forward(const Activation& act, T* a, T* d, const T* z, int rows, int units, const T* slope,
                 int slope_stride);

}  // namespace gs
