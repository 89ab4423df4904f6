// The activation table and the layer-level dispatch to the kernels; see activation.hpp.
#include "core/activation.hpp"

#include <array>
#include <cmath>

#include "core/kernels/kernels.hpp"

namespace gs {
namespace {

constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kInvSqrt2 = 0.70710678118654752440084436210485;
constexpr double kInvSqrt2Pi = 0.39894228040143267793994605993438;

double sigm(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }

using A = const Activation&;
// Row i describes Act(i): act_info indexes the table by the enum (checked below).
constexpr std::array<ActInfo, kActCount> kTable = {{
    {Act::identity, "identity", [](A, double z, double) { return z; }, [](A, double, double) { return 1.0; }, false, true},
    {Act::sigmoid, "sigmoid", [](A, double z, double) { return sigm(z); },
     [](A, double z, double) { double s = sigm(z); return s * (1 - s); }, false, false},
    {Act::tanh, "tanh", [](A, double z, double) { return std::tanh(z); },
     [](A, double z, double) { double t = std::tanh(z); return 1 - t * t; }, false, true},
    {Act::relu, "relu", [](A, double z, double) { return z > 0 ? z : 0.0; },
     [](A, double z, double) { return z > 0 ? 1.0 : 0.0; }, true, false},
    {Act::leaky_relu, "leaky_relu", [](A, double z, double s) { return z > 0 ? z : s * z; },
     [](A, double z, double s) { return z > 0 ? 1.0 : s; }, true, true},
    {Act::prelu, "prelu", [](A, double z, double s) { return z > 0 ? z : s * z; },
     [](A, double z, double s) { return z > 0 ? 1.0 : s; }, true, true},
    {Act::rrelu, "rrelu", [](A, double z, double s) { return z > 0 ? z : s * z; },
     [](A, double z, double s) { return z > 0 ? 1.0 : s; }, true, true},
    {Act::elu, "elu", [](A p, double z, double) { return z > 0 ? z : p.alpha * std::expm1(z); },
     [](A p, double z, double) { return z > 0 ? 1.0 : p.alpha * std::exp(z); }, false, true},
    {Act::selu, "selu", [](A, double z, double) { return kSeluScale * (z > 0 ? z : kSeluAlpha * std::expm1(z)); },
     [](A, double z, double) { return z > 0 ? kSeluScale : kSeluScale * kSeluAlpha * std::exp(z); }, false, true},
    {Act::gelu, "gelu", [](A, double z, double) { return 0.5 * z * (1 + std::erf(z * kInvSqrt2)); },
     [](A, double z, double) {
       return 0.5 * (1 + std::erf(z * kInvSqrt2)) + z * kInvSqrt2Pi * std::exp(-0.5 * z * z);
     }, false, true},
    {Act::softplus, "softplus",
     [](A p, double z, double) { return p.beta * z > p.threshold ? z : std::log1p(std::exp(p.beta * z)) / p.beta; },
     [](A p, double z, double) { return p.beta * z > p.threshold ? 1.0 : sigm(p.beta * z); }, false, false},
    {Act::silu, "silu", [](A, double z, double) { return z * sigm(z); },
     [](A, double z, double) { double s = sigm(z); return s * (1 + z * (1 - s)); }, false, true},
}};

// Every kind has its row, at its own index, so reordering the enum or the table (or adding
// a kind without a row) stops the build instead of giving a layer the wrong function.
constexpr bool in_enum_order() {
  for (int i = 0; i < kActCount; ++i)
    if (static_cast<int>(kTable[i].kind) != i || kTable[i].name == nullptr || kTable[i].value == nullptr) return false;
  return true;
}
static_assert(in_enum_order(), "kTable: row i must describe Act(i)");

}  // namespace

const std::array<ActInfo, kActCount>& activation_table() { return kTable; }
const ActInfo& act_info(Act kind) { return kTable[static_cast<size_t>(kind)]; }
const char* act_name(Act kind) { return act_info(kind).name; }

bool act_from_name(const std::string& name, Act* out) {
  for (const auto& row : kTable)
    if (name == row.name) { *out = row.kind; return true; }
  if (name == "swish") { *out = Act::silu; return true; }
  if (name == "linear") { *out = Act::identity; return true; }
  return false;
}

std::string act_names_list() {
  std::string s;
  for (const auto& row : kTable) { if (!s.empty()) s += ", "; s += row.name; }
  return s + " (swish = silu)";
}

Activation default_activation(Act kind) {
  Activation a;
  a.kind = kind;
  if (kind == Act::leaky_relu) a.alpha = 0.01;
  if (kind == Act::elu) a.alpha = 1.0;
  if (kind == Act::prelu) a.alpha = 0.25;
  return a;
}

double eval_slope(const Activation& act) {
  switch (act.kind) {
    case Act::leaky_relu: case Act::prelu: return act.alpha;
    case Act::rrelu: return 0.5 * (act.lower + act.upper);
    default: return 0.0;
  }
}

template <class T>
void act_forward(const Activation& act, T* a, T* d, const T* z, int rows, int units, const T* slope,
                 int slope_stride) {
  const int n = rows * units;
  switch (act.kind) {
    case Act::sigmoid: kernels::act_sigmoid(a, d, z, n); return;
    case Act::tanh: kernels::act_tanh(a, d, z, n); return;
    case Act::relu: kernels::act_relu(a, d, z, n); return;
    case Act::leaky_relu: case Act::prelu: case Act::rrelu:
      kernels::act_leaky(a, d, z, slope, rows, units, slope_stride); return;
    case Act::elu: kernels::act_elu(a, d, z, static_cast<T>(act.alpha), n); return;
    default: {
      const ActInfo& info = act_info(act.kind);
      for (int i = 0; i < n; ++i) {
        a[i] = static_cast<T>(info.value(act, z[i], 0));
        d[i] = static_cast<T>(info.deriv(act, z[i], 0));
      }
    }
  }
}

template void act_forward<float>(const Activation&, float*, float*, const float*, int, int, const float*, int);
template void act_forward<double>(const Activation&, double*, double*, const double*, int, int, const double*, int);

}  // namespace gs
