// The observatory: every idea of the lesson as a measured number. Computed from a
// network's caches after forward + backward (per step), or over the fixed probe set
// (histograms, unit health, dead units). Field meanings are documented in
// docs/statistics.md; the JSON names here are the ones `gradscope train --format jsonl`
// and the WASM module emit.
// This file is not: training (trainer.hpp) or drawing.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/network.hpp"

namespace gs {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();  // written as null

struct SlopeSummary {
  double min = kNull, mean = kNull, max = kNull;
};

struct LayerStats {
  int index = 0, units = 0;
  std::string activation;  // "sigmoid", ..., "linear" for the output layer
  // gradient norms (Frobenius) and their ratio to the last hidden layer's
  double dW_norm = 0, db_norm = 0, dz_norm = 0;
  double dW_ratio = kNull, db_ratio = kNull, dz_ratio = kNull;
  double W_norm = 0, update_ratio = kNull;  // ||dW applied|| / ||W|| (before the update)
  // activations over batch x units (hidden layers; output layer: its linear output)
  double act_mean = 0, act_std = 0, act_min = 0, act_max = 0;
  double saturated_fraction = kNull;  // share of |f'(z)| < eps (hidden layers)
  double zero_fraction = kNull;       // relu family: share of outputs exactly 0
  double mean_abs_deriv = kNull;      // mean |f'(z)|
  double same_sign_share = kNull;     // zig-zag, see docs/statistics.md
  // chain-rule account: dz_l ~ mean|f'(z_l)| * scale(W_{l+1}) * dz_{l+1}
  double weight_scale = 0;            // ||W||_F / sqrt(out): RMS gain of x -> x W for isotropic x
  double local_factor = kNull;        // mean|f'(z_l)| * weight_scale of the layer above
  double predicted_ratio = kNull;     // product of local factors up to the last hidden layer
  // learned / sampled slopes
  SlopeSummary prelu_alpha, rrelu_slope;
  int dead_units = -1;                // from the latest probe (dead on every probe sample); -1 (null)
                                      // before the first probe has measured it
  // batch norm (issue 9): the layer's linear output before and after normalisation
  bool batchnorm = false;
  double bn_in_mean = kNull, bn_in_std = kNull, bn_out_mean = kNull, bn_out_std = kNull;
  SlopeSummary bn_gamma, bn_beta;     // learned scales and shifts
  double bn_gain = kNull;             // mean |gamma| / sqrt(var + eps): batch norm's factor on the backward pass
  bool residual = false;
};

struct Diverged {
  long step = 0;
  int layer = -1;          // -1: the loss itself
  std::string what;        // "loss", "activation", "gradient", "weight"
  std::string message;
};

struct StepStats {
  long step = 0;
  double loss = 0;
  double accuracy = kNull;
  double grad_norm = 0, clipped_norm = 0;
  bool clipped = false;
  double lr = 0;
  std::vector<LayerStats> layers;
};

// Fixed-bin histograms (docs/statistics.md): counts has bins + 2 entries, [0] the values
// below lo, [bins + 1] those >= hi (NaN counted in neither).
struct Histogram {
  double lo = 0, hi = 0;
  int bins = 0;
  std::vector<int64_t> counts;
};
Histogram make_histogram(double lo, double hi, int bins);
template <class T> void histogram_add(Histogram& h, const T* x, int n);

// Per-unit figures over the probe set, for the layers x units health map.
struct UnitHealth {
  std::vector<double> activity_rate;    // share of probe samples with a != 0 (relu family) or |f'| >= eps
  std::vector<double> mean_abs_deriv;   // mean |f'(z)|
  std::vector<double> mean_abs_dz;      // mean |dL/dz| over the probe set
  std::vector<uint8_t> dead;            // dead now
  std::vector<long> died_at;            // step at which it was first found dead (-1 never)
  std::vector<uint8_t> revived;         // was dead at some probe, alive later
};

struct ProbeStats {
  long step = 0;
  int rows = 0;
  std::vector<Histogram> z, a, d;       // per hidden layer
  std::vector<UnitHealth> units;        // per hidden layer
};

// Histogram bins (fixed; documented): z in [-8, 8) 64 bins; a in [-4, 4) 64 bins;
// f'(z) in [-0.5, 2) 50 bins.
constexpr double kZLo = -8, kZHi = 8, kALo = -4, kAHi = 4, kDLo = -0.5, kDHi = 2;
constexpr int kZBins = 64, kABins = 64, kDBins = 50;

// Per-layer statistics from the caches of the last forward + backward (before the update).
template <class T>
std::vector<LayerStats> layer_stats(const Network<T>& net, double saturation_eps);
// The same into `out`, reusing its storage (the trainer's per-step path: no allocation).
template <class T>
void layer_stats_into(std::vector<LayerStats>& out, const Network<T>& net, double saturation_eps);

// Fills the update ratios from an optimiser step.
void add_update_ratios(std::vector<LayerStats>& stats, const std::vector<double>& dW_applied_norm);

// The lesson's product experiment: N factors drawn uniformly from (0,1) (activation
// "uniform") or as |f'(z)| of an activation at z ~ N(0, z_std^2); returns log10 of the
// running product after each factor (-inf where it reaches exactly 0).
struct ProductExperiment {
  std::vector<double> log10_product;  // (N)
  std::vector<double> factors;        // (N)
  double log10_sigmoid_bound = 0;     // N log10(0.25)
};
ProductExperiment product_experiment(const std::string& factor_source, const Activation& act, int n, double z_std,
                                     uint64_t seed);

}  // namespace gs
