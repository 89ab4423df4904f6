// Weight initialisers; see init.hpp.
#include "core/init.hpp"

#include <cmath>

#include "core/error.hpp"

namespace gs {

void init_weights(double* W, const WeightInit& init, int out, int in, Pcg32& rng) {
  const size_t n = static_cast<size_t>(out) * in;
  const std::string& name = init.name;
  const double g = init.gain;
  auto uniform = [&](double lo, double hi) { for (size_t i = 0; i < n; ++i) W[i] = rng.uniform(lo, hi); };
  auto normal = [&](double mean, double std) { for (size_t i = 0; i < n; ++i) W[i] = mean + std * rng.normal(); };
  if (name == "constant") { for (size_t i = 0; i < n; ++i) W[i] = init.value; }
  else if (name == "uniform") uniform(init.a, init.b);
  else if (name == "normal") normal(init.mean, init.std);
  else if (name == "glorot_uniform") { double a = g * std::sqrt(6.0 / (in + out)); uniform(-a, a); }
  else if (name == "glorot_normal") normal(0, g * std::sqrt(2.0 / (in + out)));
  else if (name == "he_uniform") { double a = g * std::sqrt(3.0 / in); uniform(-a, a); }
  else if (name == "he_normal" || name == "lecun_normal") normal(0, g / std::sqrt(static_cast<double>(in)));
  else throw Error("init.weights.name: unknown initialiser '" + name + "'");
}

}  // namespace gs
