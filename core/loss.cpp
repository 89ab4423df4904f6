// Losses with their gradients; see loss.hpp. Accumulation is in double.
// Accuracy: with class indices, argmax(o) == class (K > 1) or (o > 0) == class (K == 1,
// logits; mse uses o > 0.5). With dense targets and K == 1: the same threshold against
// y > 0.5; with K > 1: argmax(o) == argmax(y).
#include "core/loss.hpp"

#include <cmath>
#include <vector>

#include "core/xt.hpp"

namespace gs {
namespace {

template <class T> int argmax(const T* v, int K) {
  int best = 0;
  for (int k = 1; k < K; ++k) if (v[k] > v[best]) best = k;
  return best;
}

// y -> t (B*K): the targets as doubles, row by row (dense targets as given; class indices
// one-hot, or the class itself for a single-output mse or bce_logits).
template <class T>
void targets_into(std::vector<double>& t, const Targets<T>& y, int B, int K, Loss loss) {
  const bool single = K == 1 && loss != Loss::softmax_ce;
  t.resize(static_cast<size_t>(B) * K);
  for (int i = 0; i < B; ++i)
    for (int k = 0; k < K; ++k)
      t[static_cast<size_t>(i) * K + k] = y.dense ? static_cast<double>(y.dense[static_cast<size_t>(i) * K + k])
                                          : single ? y.classes[i] : (y.classes[i] == k ? 1.0 : 0.0);
}

}  // namespace

// out (B,K), targets -> loss (mean), dout (B,K) = dloss/dout when dout is given, accuracy.
// mse and bce_logits over all B*K values at once, summed in order (the formulas of
// loss.hpp as expressions); softmax_ce row by row (its log-sum-exp is per sample).
template <class T>
LossResult loss_forward_backward(Loss loss, T* dout, const T* out, const Targets<T>& y, int B, int K) {
  LossResult r;
  r.has_accuracy = y.classes != nullptr || loss != Loss::mse;
  double total = 0;
  const double thresh = loss == Loss::mse ? 0.5 : 0.0;
  const size_t n = static_cast<size_t>(B) * K;
  thread_local std::vector<double> tv;  // the targets as doubles (no allocation per step once grown)
  targets_into(tv, y, B, K, loss);
  const auto o = xt::cast<double>(xvec(out, n));
  const auto t = xvec(tv.data(), n);
  if (loss == Loss::mse) {
    const auto e = o - t;
    total = xt::sum(e * e)();
    if (dout) store(dout, n, 1, 2.0 / (static_cast<double>(B) * K) * e);
  } else if (loss == Loss::bce_logits) {
    // max(x,0) - x t + log(1 + e^-|x|); d/dx = sigmoid(x) - t, sigmoid written so no exp overflows
    total = xt::sum(xt::maximum(o, 0.0) - o * t + xt::log1p(xt::exp(-xt::abs(o))))();
    if (dout) {
      const auto s = xt::where(o >= 0.0, 1.0 / (1.0 + xt::exp(-o)), xt::exp(o) / (1.0 + xt::exp(o)));
      store(dout, n, 1, 1.0 / (static_cast<double>(B) * K) * (s - t));
    }
  } else {  // softmax_ce, sample by sample: the running total adds each nonzero target's term in order
    std::vector<double> p(static_cast<size_t>(K));
    for (int i = 0; i < B; ++i) {
      const T* oi = out + static_cast<size_t>(i) * K;
      const double* ti = tv.data() + static_cast<size_t>(i) * K;
      T* g = dout ? dout + static_cast<size_t>(i) * K : nullptr;
      double m = oi[0];
      for (int k = 1; k < K; ++k) m = std::max(m, static_cast<double>(oi[k]));
      double se = 0;
      for (int k = 0; k < K; ++k) { p[k] = std::exp(static_cast<double>(oi[k]) - m); se += p[k]; }
      const double lse = m + std::log(se);
      for (int k = 0; k < K; ++k) p[k] /= se;
      const double scale = 1.0 / B;
      double tsum = 1;  // d/do_k of -sum_q t_q log p_q is p_k sum_q t_q - t_k
      if (y.dense) { tsum = 0; for (int k = 0; k < K; ++k) tsum += ti[k]; }
      for (int k = 0; k < K; ++k) {
        if (ti[k] != 0) total += ti[k] * (lse - static_cast<double>(oi[k]));
        if (g) g[k] = static_cast<T>(scale * (p[k] * tsum - ti[k]));
      }
    }
  }
  if (r.has_accuracy)
    for (int i = 0; i < B; ++i) {
      const T* oi = out + static_cast<size_t>(i) * K;
      const T* ti = y.dense ? y.dense + static_cast<size_t>(i) * K : nullptr;
      bool ok;
      if (K == 1) {
        bool pred = static_cast<double>(oi[0]) > thresh;
        bool truth = y.classes ? y.classes[i] != 0 : ti[0] > 0.5;
        ok = pred == truth;
      } else {
        int truth = y.classes ? y.classes[i] : argmax(ti, K);
        ok = argmax(oi, K) == truth;
      }
      r.correct += ok ? 1 : 0;
    }
  r.loss = loss == Loss::softmax_ce ? total / B : total / (static_cast<double>(B) * K);
  return r;
}

template LossResult loss_forward_backward<float>(Loss, float*, const float*, const Targets<float>&, int, int);
template LossResult loss_forward_backward<double>(Loss, double*, const double*, const Targets<double>&, int, int);

}  // namespace gs
