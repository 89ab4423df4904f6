// The statistics' column buffer; see stats_columns.hpp.
#include "core/stats_columns.hpp"

namespace gs {
namespace {

enum Scalar { kStep, kLoss, kAccuracy, kLr, kGradNorm, kClippedNorm, kClipped, kDeadUnits, kDiverged, kScalars };

// The one table of per-layer columns: name and its value read from a LayerStats s.
// Order = buffer order. An X-macro, so the fill loops inline every read.
#define GS_STATS_COLUMNS(X) \
  X(units, s.units) \
  X(dW_norm, s.dW_norm) \
  X(db_norm, s.db_norm) \
  X(dz_norm, s.dz_norm) \
  X(dW_ratio, s.dW_ratio) \
  X(db_ratio, s.db_ratio) \
  X(dz_ratio, s.dz_ratio) \
  X(W_norm, s.W_norm) \
  X(update_ratio, s.update_ratio) \
  X(act_mean, s.act_mean) \
  X(act_std, s.act_std) \
  X(act_min, s.act_min) \
  X(act_max, s.act_max) \
  X(saturated_fraction, s.saturated_fraction) \
  X(zero_fraction, s.zero_fraction) \
  X(mean_abs_deriv, s.mean_abs_deriv) \
  X(same_sign_share, s.same_sign_share) \
  X(weight_scale, s.weight_scale) \
  X(local_factor, s.local_factor) \
  X(predicted_ratio, s.predicted_ratio) \
  X(prelu_alpha_min, s.prelu_alpha.min) \
  X(prelu_alpha_mean, s.prelu_alpha.mean) \
  X(prelu_alpha_max, s.prelu_alpha.max) \
  X(rrelu_slope_min, s.rrelu_slope.min) \
  X(rrelu_slope_mean, s.rrelu_slope.mean) \
  X(rrelu_slope_max, s.rrelu_slope.max) \
  X(dead_units, s.dead_units < 0 ? kNull : s.dead_units) \
  X(residual, s.residual ? 1 : 0) \
  X(batchnorm, s.batchnorm ? 1 : 0) \
  X(bn_in_mean, s.batchnorm ? s.bn_in_mean : kNull) \
  X(bn_in_std, s.batchnorm ? s.bn_in_std : kNull) \
  X(bn_out_mean, s.batchnorm ? s.bn_out_mean : kNull) \
  X(bn_out_std, s.batchnorm ? s.bn_out_std : kNull) \
  X(bn_gamma_min, s.batchnorm ? s.bn_gamma.min : kNull) \
  X(bn_gamma_mean, s.batchnorm ? s.bn_gamma.mean : kNull) \
  X(bn_gamma_max, s.batchnorm ? s.bn_gamma.max : kNull) \
  X(bn_beta_min, s.batchnorm ? s.bn_beta.min : kNull) \
  X(bn_beta_mean, s.batchnorm ? s.bn_beta.mean : kNull) \
  X(bn_beta_max, s.batchnorm ? s.bn_beta.max : kNull) \
  X(bn_gain, s.batchnorm ? s.bn_gain : kNull) \

#define GS_COUNT(NAME, EXPR) +1
constexpr size_t kColumnCount = 0 GS_STATS_COLUMNS(GS_COUNT);
#undef GS_COUNT

}  // namespace

const std::vector<const char*>& stats_scalar_names() {
  static const std::vector<const char*> names = {"step", "loss", "accuracy", "lr", "grad_norm",
                                                 "clipped_norm", "clipped", "dead_units", "diverged"};
  return names;
}

const std::vector<const char*>& stats_column_names() {
  static const std::vector<const char*> names = [] {
#define GS_NAME(NAME, EXPR) #NAME,
    return std::vector<const char*>{GS_STATS_COLUMNS(GS_NAME)};
#undef GS_NAME
  }();
  return names;
}

// s (L layers) -> out.values = [scalars (kScalars)] [column 0 (L)] [column 1 (L)] ...
void fill_stats_columns(StatsColumns& out, const StepStats& st, int dead_total, bool diverged) {
  const size_t L = st.layers.size();
  out.layers = static_cast<int>(L);
  out.values.resize(kScalars + kColumnCount * L);
  double* v = out.values.data();
  v[kStep] = static_cast<double>(st.step);
  v[kLoss] = st.loss;
  v[kAccuracy] = st.accuracy;
  v[kLr] = st.lr;
  v[kGradNorm] = st.grad_norm;
  v[kClippedNorm] = st.clipped_norm;
  v[kClipped] = st.clipped ? 1 : 0;
  v[kDeadUnits] = dead_total < 0 ? kNull : dead_total;  // NaN (null): no probe yet
  v[kDiverged] = diverged ? 1 : 0;
  double* col = v + kScalars;
#define GS_FILL(NAME, EXPR)                                               \
  for (size_t l = 0; l < L; ++l) { const LayerStats& s = st.layers[l]; col[l] = (EXPR); } \
  col += L;
  GS_STATS_COLUMNS(GS_FILL)
#undef GS_FILL
}

void set_dead_total(StatsColumns& out, int dead_total) {
  if (out.values.size() >= kScalars) out.values[kDeadUnits] = dead_total < 0 ? kNull : dead_total;
}

}  // namespace gs
