// Losses with their gradients; see loss.hpp. Accumulation is in double.
// Accuracy: with class indices, argmax(o) == class (K > 1) or (o > 0) == class (K == 1,
// logits; mse uses o > 0.5). With dense targets and K == 1: the same threshold against
// y > 0.5; with K > 1: argmax(o) == argmax(y).
#include "core/loss.hpp"

#include <cmath>
#include <vector>

namespace gs {
namespace {

template <class T> int argmax(const T* v, int K) {
  int best = 0;
  for (int k = 1; k < K; ++k) if (v[k] > v[best]) best = k;
  return best;
}

}  // namespace

template <class T>
LossResult loss_forward_backward(Loss loss, T* dout, const T* out, const Targets<T>& y, int B, int K) {
  LossResult r;
  r.has_accuracy = y.classes != nullptr || loss != Loss::mse;
  double total = 0;
  const double thresh = loss == Loss::mse ? 0.5 : 0.0;
  std::vector<double> p(static_cast<size_t>(K));
  for (int i = 0; i < B; ++i) {
    const T* o = out + static_cast<size_t>(i) * K;
    T* g = dout ? dout + static_cast<size_t>(i) * K : nullptr;
    const T* t = y.dense ? y.dense + static_cast<size_t>(i) * K : nullptr;
    switch (loss) {
      case Loss::mse: {
        const double scale = 2.0 / (static_cast<double>(B) * K);
        for (int k = 0; k < K; ++k) {
          double target = t ? t[k] : (K == 1 ? y.classes[i] : (y.classes[i] == k ? 1.0 : 0.0));
          double e = static_cast<double>(o[k]) - target;
          total += e * e;
          if (g) g[k] = static_cast<T>(scale * e);
        }
        break;
      }
      case Loss::bce_logits: {
        const double scale = 1.0 / (static_cast<double>(B) * K);
        for (int k = 0; k < K; ++k) {
          double target = t ? t[k] : (K == 1 ? y.classes[i] : (y.classes[i] == k ? 1.0 : 0.0));
          double x = o[k];
          total += std::max(x, 0.0) - x * target + std::log1p(std::exp(-std::fabs(x)));
          double s = x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x));
          if (g) g[k] = static_cast<T>(scale * (s - target));
        }
        break;
      }
      case Loss::softmax_ce: {
        double m = o[0];
        for (int k = 1; k < K; ++k) m = std::max(m, static_cast<double>(o[k]));
        double se = 0;
        for (int k = 0; k < K; ++k) { p[k] = std::exp(static_cast<double>(o[k]) - m); se += p[k]; }
        const double lse = m + std::log(se);
        for (int k = 0; k < K; ++k) p[k] /= se;
        const double scale = 1.0 / B;
        double tsum = 1;  // d/do_k of -sum_q t_q log p_q is p_k sum_q t_q - t_k
        if (t) { tsum = 0; for (int k = 0; k < K; ++k) tsum += t[k]; }
        for (int k = 0; k < K; ++k) {
          double target = t ? t[k] : (y.classes[i] == k ? 1.0 : 0.0);
          if (target != 0) total += target * (lse - static_cast<double>(o[k]));
          if (g) g[k] = static_cast<T>(scale * (p[k] * tsum - target));
        }
        break;
      }
    }
    if (r.has_accuracy) {
      bool ok;
      if (K == 1) {
        bool pred = static_cast<double>(o[0]) > thresh;
        bool truth = y.classes ? y.classes[i] != 0 : t[0] > 0.5;
        ok = pred == truth;
      } else {
        int truth = y.classes ? y.classes[i] : argmax(t, K);
        ok = argmax(o, K) == truth;
      }
      r.correct += ok ? 1 : 0;
    }
  }
  r.loss = loss == Loss::softmax_ce ? total / B : total / (static_cast<double>(B) * K);
  return r;
}

template LossResult loss_forward_backward<float>(Loss, float*, const float*, const Targets<float>&, int, int);
template LossResult loss_forward_backward<double>(Loss, double*, const double*, const Targets<double>&, int, int);

}  // namespace gs
