// Per-layer statistics, histograms and the product experiment; see stats.hpp.
#include "core/stats.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/kernels/kernels.hpp"
#include "core/rng.hpp"

namespace gs {
namespace {

template <class T> SlopeSummary summarise(const T* v, size_t n) {
  SlopeSummary s;
  if (n == 0) return s;
  double lo = v[0], hi = v[0], sum = 0;
  for (size_t i = 0; i < n; ++i) { lo = std::min(lo, double(v[i])); hi = std::max(hi, double(v[i])); sum += v[i]; }
  s.min = lo; s.max = hi; s.mean = sum / n;
  return s;
}

// dW is (out,in) -> mean over units with any non-zero incoming gradient of
// max(#positive, #negative) / #non-zero; NaN if no such unit.
template <class T> double same_sign_share(const T* dW, int out, int in) {
  double sum = 0;
  int units = 0;
  for (int o = 0; o < out; ++o) {
    int pos = 0, neg = 0;
    const T* row = dW + static_cast<size_t>(o) * in;
    for (int i = 0; i < in; ++i) { pos += row[i] > 0; neg += row[i] < 0; }
    if (pos + neg == 0) continue;
    sum += static_cast<double>(std::max(pos, neg)) / (pos + neg);
    ++units;
  }
  return units ? sum / units : kNull;
}

// x is (n) -> population standard deviation about `mean` (the one-pass
// sqrt(E[x^2] - mean^2) cancels badly for saturated layers: then two passes).
template <class T> double std_about(const T* x, int n, double mean, double mean_sq) {
  // One pass (E[x^2] - mean^2, accumulated in double) is exact enough unless the spread is
  // tiny against the mean; only then pay for the second pass.
  const double v1 = mean_sq - mean * mean;
  if (v1 == v1 && v1 > 1e-6 * mean * mean) return std::sqrt(v1);
  return n ? std::sqrt(kernels::sum_sq_dev(x, n, mean) / n) : 0.0;
}

}  // namespace

Histogram make_histogram(double lo, double hi, int bins) {
  Histogram h;
  h.lo = lo; h.hi = hi; h.bins = bins;
  h.counts.assign(static_cast<size_t>(bins) + 2, 0);
  return h;
}

template <class T> void histogram_add(Histogram& h, const T* x, int n) {
  const double scale = h.bins / (h.hi - h.lo);
  for (int i = 0; i < n; ++i) {
    double v = x[i];
    if (v != v) continue;
    if (v < h.lo) ++h.counts[0];
    else if (v >= h.hi) ++h.counts[static_cast<size_t>(h.bins) + 1];
    else ++h.counts[1 + std::min(h.bins - 1, static_cast<int>((v - h.lo) * scale))];
  }
}
template void histogram_add<float>(Histogram&, const float*, int);
template void histogram_add<double>(Histogram&, const double*, int);

template <class T>
std::vector<LayerStats> layer_stats(const Network<T>& net, double eps) {
  std::vector<LayerStats> out;
  layer_stats_into(out, net, eps);
  return out;
}

template <class T>
void layer_stats_into(std::vector<LayerStats>& out, const Network<T>& net, double eps) {
  const int L = static_cast<int>(net.layers.size());
  const int B = net.batch();
  out.resize(static_cast<size_t>(L));
  for (int l = 0; l < L; ++l) {
    const Layer<T>& ly = net.layers[l];
    LayerStats& s = out[l];
    const std::string activation = std::move(s.activation);
    s = LayerStats();
    s.activation = std::move(activation);
    s.index = l;
    s.units = ly.out;
    const char* name = ly.hidden ? act_name(ly.act.kind) : "linear";
    if (s.activation != name) s.activation = name;
    s.dW_norm = kernels::norm2(ly.dW.data(), static_cast<int>(ly.dW.size()));
    s.db_norm = kernels::norm2(ly.db.data(), ly.out);
    s.dz_norm = kernels::norm2(ly.dz.data(), B * ly.out);
    s.W_norm = kernels::norm2(ly.W.data(), static_cast<int>(ly.W.size()));
    s.weight_scale = s.W_norm / std::sqrt(static_cast<double>(ly.out));
    const int n = B * ly.out;
    const T* act = ly.hidden ? ly.a.data() : ly.z.data();
    kernels::Moments m = kernels::reduce_moments(act, n);
    s.act_mean = m.sum / n;
    s.act_std = std_about(act, n, s.act_mean, m.sumsq / n);
    s.act_min = m.min;
    s.act_max = m.max;
    if (ly.hidden) {
      double sum_abs = 0;
      int64_t sat = kernels::count_abs_below(ly.d.data(), n, eps, &sum_abs);
      s.saturated_fraction = static_cast<double>(sat) / n;
      s.mean_abs_deriv = sum_abs / n;
      if (act_info(ly.act.kind).leaky_family) s.zero_fraction = static_cast<double>(m.zeros) / n;
      if (ly.act.kind == Act::prelu) s.prelu_alpha = summarise(ly.alpha.data(), ly.alpha.size());
      if (ly.act.kind == Act::rrelu) s.rrelu_slope = summarise(ly.slope.data(), std::min(ly.slope.size(), static_cast<size_t>(n)));
    }
    s.same_sign_share = same_sign_share(ly.dW.data(), ly.out, ly.in);
    s.residual = net.spec().layers[l].residual;
    if (ly.gamma.size()) {
      s.batchnorm = true;
      kernels::Moments mu = kernels::reduce_moments(ly.u.data(), n), mz = kernels::reduce_moments(ly.z.data(), n);
      s.bn_in_mean = mu.sum / n;
      s.bn_in_std = std_about(ly.u.data(), n, s.bn_in_mean, mu.sumsq / n);
      s.bn_out_mean = mz.sum / n;
      s.bn_out_std = std_about(ly.z.data(), n, s.bn_out_mean, mz.sumsq / n);
      s.bn_gamma = summarise(ly.gamma.data(), ly.gamma.size());
      s.bn_beta = summarise(ly.beta.data(), ly.beta.size());
      double g = 0;
      for (int o = 0; o < ly.out; ++o) g += std::fabs(static_cast<double>(ly.gamma(o))) * static_cast<double>(ly.bn_invstd(o));
      s.bn_gain = g / ly.out;
    }
  }
  // Ratios to the last hidden layer, and the chain-rule account.
  const int H = L - 2;
  if (H >= 0) {
    for (int l = 0; l < L; ++l) {
      LayerStats& s = out[l];
      auto ratio = [](double a, double b) { return b > 0 ? a / b : (a == 0 ? kNull : INFINITY); };
      s.dW_ratio = ratio(s.dW_norm, out[H].dW_norm);
      s.db_ratio = ratio(s.db_norm, out[H].db_norm);
      s.dz_ratio = ratio(s.dz_norm, out[H].dz_norm);
    }
    // dz_l = (du_{l+1} W_{l+1}) * f'(z_l), and du_{l+1} ~ bn_gain_{l+1} * dz_{l+1} when
    // layer l+1 normalises. A skip around layer l+1 adds a second path (da_l gets
    // da_{l+1} too): there the plain account does not hold, so the factor is null, and so
    // is every prediction below it.
    double pred = 1;
    bool chain = true;
    out[H].predicted_ratio = 1;
    for (int l = H; l >= 0; --l) {
      const LayerStats& up = out[l + 1];
      const bool through = !up.residual;
      const double factor = out[l].mean_abs_deriv * up.weight_scale * (up.batchnorm ? up.bn_gain : 1.0);
      out[l].local_factor = through ? factor : kNull;
      if (l < H) {
        chain = chain && through;
        pred *= factor;
      }
      out[l].predicted_ratio = chain ? pred : kNull;
    }
  }
}
template std::vector<LayerStats> layer_stats<float>(const Network<float>&, double);
template std::vector<LayerStats> layer_stats<double>(const Network<double>&, double);
template void layer_stats_into<float>(std::vector<LayerStats>&, const Network<float>&, double);
template void layer_stats_into<double>(std::vector<LayerStats>&, const Network<double>&, double);

void add_update_ratios(std::vector<LayerStats>& stats, const std::vector<double>& applied) {
  for (size_t l = 0; l < stats.size() && l < applied.size(); ++l)
    stats[l].update_ratio = stats[l].W_norm > 0 ? applied[l] / stats[l].W_norm : kNull;
}

ProductExperiment product_experiment(const std::string& source, const Activation& act, int n, double z_std,
                                     uint64_t seed) {
  if (n < 1 || n > 100000) throw Error("probe.n: must be in 1..100000, got " + std::to_string(n));
  if (!(z_std > 0 && z_std <= 1000)) throw Error("probe.z_std: must be in (0, 1000], got " + fmt_num(z_std));
  if (source != "uniform" && source != "derivative")
    throw Error("probe.factors: must be \"uniform\" or \"derivative\", got \"" + source + "\"");
  ProductExperiment r;
  Pcg32 rng(seed);
  const ActInfo& info = act_info(act.kind);
  double lp = 0;
  for (int i = 0; i < n; ++i) {
    double f = source == "uniform" ? rng.uniform_open() : std::fabs(info.deriv(act, z_std * rng.normal(), eval_slope(act)));
    r.factors.push_back(f);
    lp += f > 0 ? std::log10(f) : -INFINITY;
    r.log10_product.push_back(lp);
  }
  r.log10_sigmoid_bound = n * std::log10(0.25);
  return r;
}

}  // namespace gs
