// Shared helpers of the native test suites (header-only, everything inline).
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/activation.hpp"
#include "core/error.hpp"
#include "core/loss.hpp"
#include "core/network.hpp"
#include "core/params.hpp"
#include "core/rng.hpp"
#include "core/spec.hpp"

namespace gst {

// The example network of the gradscope-network/1 format, with every activation that has
// parameters (README.md, "The network file").
inline const char* kExampleNetwork = R"({ "format": "gradscope-network/1", "inputs": 2,
  "layers": [ { "units": 16, "activation": "sigmoid" },
              { "units": 16, "activation": { "name": "leaky_relu", "alpha": 0.01 } },
              { "units": 16, "activation": { "name": "prelu", "per": "unit", "alpha": 0.25 } },
              { "units": 16, "activation": { "name": "rrelu", "lower": 0.125, "upper": 0.3333 } },
              { "units": 16, "activation": { "name": "elu", "alpha": 1.0 } },
              { "units": 1 } ],
  "loss": "bce_logits",
  "init": { "weights": { "name": "glorot_uniform", "gain": 1.0 }, "bias": 0.0, "seed": 7 } })";

// The message of the gs::Error thrown by f, or a marker when none / another type is thrown.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const gs::Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<not a gs::Error: ") + e.what() + ">";
  } catch (...) {
    return "<not a gs::Error: unknown exception>";
  }
  return "<no exception>";
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace gst

// Checks that EXPR throws a gs::Error whose message contains SUBSTR.
#define GS_CHECK_ERROR(EXPR, SUBSTR)                                                      \
  do {                                                                                    \
    const std::string gs_msg_ = ::gst::error_of([&]() { (void)(EXPR); });                 \
    const std::string gs_want_ = (SUBSTR);                                                \
    CAPTURE(gs_msg_);                                                                     \
    CAPTURE(gs_want_);                                                                    \
    CHECK(::gst::contains(gs_msg_, gs_want_));                                            \
  } while (0)

namespace gst {

// A layer (built field by field: the structs grow with later issues).
inline gs::LayerSpec layer(int units, const gs::Activation& act) {
  gs::LayerSpec l;
  l.units = units;
  l.act = act;
  return l;
}

// Explicit parameters of one layer: W (units, fan_in) row-major, b, prelu slopes.
inline gs::LayerParams params(std::vector<double> W, std::vector<double> b, std::vector<double> alpha = {}) {
  gs::LayerParams p;
  p.W = std::move(W);
  p.b = std::move(b);
  p.alpha = std::move(alpha);
  return p;
}

// A spec from hidden activations (each `width` units) and an output layer.
inline gs::NetworkSpec make_spec(int inputs, const std::vector<gs::Activation>& hidden, int width, int outputs,
                                 gs::Loss loss, uint64_t seed = 1, const std::string& init = "glorot_uniform",
                                 double bias = 0.0) {
  gs::NetworkSpec s;
  s.inputs = inputs;
  for (const auto& a : hidden) s.layers.push_back(gst::layer(width, a));
  s.layers.push_back(gst::layer(outputs, gs::Activation{}));
  s.loss = loss;
  s.init.name = init;
  s.init.gain = init.rfind("he_", 0) == 0 ? std::sqrt(2.0) : 1.0;
  s.bias_init = bias;
  s.seed = seed;
  return s;
}

inline gs::Activation act_of(gs::Act kind) { return gs::default_activation(kind); }

// n values uniform in [lo, hi) from a seeded Pcg32.
inline std::vector<double> uniform_values(size_t n, double lo, double hi, uint64_t seed) {
  gs::Pcg32 rng(seed, 77);
  std::vector<double> v(n);
  for (auto& x : v) x = rng.uniform(lo, hi);
  return v;
}

template <class T>
std::vector<T> cast_vec(const std::vector<double>& v) {
  return std::vector<T>(v.begin(), v.end());
}

// Sets every parameter of a network from doubles (keeps shapes).
template <class T>
void copy_parameters(gs::Network<T>& dst, const gs::Network<double>& src) {
  for (size_t l = 0; l < dst.layers.size(); ++l) {
    auto& d = dst.layers[l];
    const auto& s = src.layers[l];
    for (size_t i = 0; i < d.W.size(); ++i) d.W.data()[i] = static_cast<T>(s.W.data()[i]);
    for (size_t i = 0; i < d.b.size(); ++i) d.b.data()[i] = static_cast<T>(s.b.data()[i]);
    for (size_t i = 0; i < d.alpha.size(); ++i) d.alpha.data()[i] = static_cast<T>(s.alpha.data()[i]);
  }
}

// Bitwise equality of two double vectors.
inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// Mean and (population) variance.
inline std::pair<double, double> mean_var(const double* v, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += v[i];
  const double m = s / n;
  double q = 0;
  for (size_t i = 0; i < n; ++i) q += (v[i] - m) * (v[i] - m);
  return {m, q / n};
}

inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// ---- the optimiser fixture (test_optimizer.cpp, test_params.cpp) --------------------------
// Every parameter (values, or gradients) of a network flattened in the optimiser's order,
// the one walk of core/params.hpp: per layer W, b, then alpha, gamma, beta where present.
template <class T>
std::vector<double> flat_params(const gs::Network<T>& net) {
  std::vector<double> v;
  for (const auto& ly : net.layers)
    gs::for_each_param(ly, [&](const char*, const auto& p, const auto&) { v.insert(v.end(), p.begin(), p.end()); });
  return v;
}
template <class T>
std::vector<double> flat_grads(const gs::Network<T>& net) {
  std::vector<double> v;
  for (const auto& ly : net.layers)
    gs::for_each_param(ly, [&](const char*, const auto&, const auto& g) { v.insert(v.end(), g.begin(), g.end()); });
  return v;
}

// Sets every gradient from g, flattened as flat_grads gives them (sizes must match).
template <class T>
void set_flat_grads(gs::Network<T>& net, const std::vector<double>& g) {
  size_t k = 0;
  for (auto& ly : net.layers)
    gs::for_each_param(ly, [&](const char*, auto&, auto& d) {
      for (auto& x : d) x = static_cast<T>(k < g.size() ? g[k++] : 0.0);
    });
  REQUIRE(k == g.size());
  REQUIRE(flat_grads(net).size() == g.size());
}

}  // namespace gst
