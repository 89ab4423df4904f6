// Optimiser updates; see optimizer.hpp.
#include "core/optimizer.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/kernels/kernels.hpp"

namespace gs {

void validate(const OptimizerConfig& c) {
  if (c.name != "sgd" && c.name != "momentum" && c.name != "rmsprop" && c.name != "adam")
    throw Error("optimizer.name: unknown optimiser '" + c.name + "', expected one of sgd, momentum, rmsprop, adam");
  auto show = [](double x) {  // "0.999999999", "1000", "-1" (not to_string's "1.000000")
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return std::string(buf);
  };
  auto range = [&](const char* f, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
      throw Error(std::string("optimizer.") + f + ": must be in " + show(lo) + ".." + show(hi) + ", got " + show(v));
  };
  range("lr", c.lr, 0, 1000);
  range("momentum", c.momentum, 0, 1);
  range("alpha", c.alpha, 0, 1);
  range("beta1", c.beta1, 0, 0.999999);
  range("beta2", c.beta2, 0, 0.999999999);
  range("eps", c.eps, 0, 1);
  range("weight_decay", c.weight_decay, 0, 100);
  range("clip_norm", c.clip_norm, 0, 1e12);
}

template <class T>
Optimizer<T>::Optimizer(const OptimizerConfig& cfg, const Network<T>& net) : cfg_(cfg) {
  validate(cfg_);
  for (const Layer<T>& ly : net.layers) {
    for (size_t n : {ly.W.size(), ly.b.size(), ly.alpha.size(), ly.gamma.size(), ly.beta.size()}) {
      s1_.emplace_back(n, T(0));
      s2_.emplace_back(n, T(0));
    }
  }
}

template <class T>
void Optimizer<T>::reset() {
  t_ = 0;
  for (auto& v : s1_) std::fill(v.begin(), v.end(), T(0));
  for (auto& v : s2_) std::fill(v.begin(), v.end(), T(0));
}

template <class T>
double Optimizer<T>::update(T* p, const T* g, T* s1, T* s2, size_t n, double gscale) {
  const double lr = cfg_.lr, wd = cfg_.weight_decay;
  double sq = 0;
  auto apply = [&](size_t i, double delta) {
    T old = p[i];
    p[i] = static_cast<T>(old - delta);
    double dd = static_cast<double>(p[i]) - static_cast<double>(old);
    sq += dd * dd;
  };
  if (cfg_.name == "sgd") {
    for (size_t i = 0; i < n; ++i) apply(i, lr * (gscale * g[i] + wd * p[i]));
  } else if (cfg_.name == "momentum") {
    const double mu = cfg_.momentum;
    for (size_t i = 0; i < n; ++i) {
      double gi = gscale * g[i] + wd * p[i];
      double buf = t_ == 1 ? gi : mu * s1[i] + gi;
      s1[i] = static_cast<T>(buf);
      apply(i, lr * (cfg_.nesterov ? gi + mu * buf : buf));
    }
  } else if (cfg_.name == "rmsprop") {
    const double a = cfg_.alpha;
    for (size_t i = 0; i < n; ++i) {
      double gi = gscale * g[i] + wd * p[i];
      double v = a * s2[i] + (1 - a) * gi * gi;
      s2[i] = static_cast<T>(v);
      apply(i, lr * gi / (std::sqrt(v) + cfg_.eps));
    }
  } else {  // adam
    const double b1 = cfg_.beta1, b2 = cfg_.beta2;
    const double bc1 = 1 - std::pow(b1, static_cast<double>(t_)), bc2 = 1 - std::pow(b2, static_cast<double>(t_));
    const double step = lr / bc1, sbc2 = std::sqrt(bc2);
    for (size_t i = 0; i < n; ++i) {
      double gi = gscale * g[i] + wd * p[i];
      double m = b1 * s1[i] + (1 - b1) * gi;
      double v = b2 * s2[i] + (1 - b2) * gi * gi;
      s1[i] = static_cast<T>(m);
      s2[i] = static_cast<T>(v);
      apply(i, step * m / (std::sqrt(v) / sbc2 + cfg_.eps));
    }
  }
  return sq;
}

template <class T>
UpdateInfo Optimizer<T>::step(Network<T>& net, const std::vector<double>* wb_sq) {
  ++t_;
  UpdateInfo info;
  double total = 0;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer<T>& ly = net.layers[l];
    if (wb_sq) {
      total += (*wb_sq)[l];
    } else {
      double n1 = kernels::norm2(ly.dW.data(), static_cast<int>(ly.dW.size()));
      double n2 = kernels::norm2(ly.db.data(), static_cast<int>(ly.db.size()));
      total += n1 * n1 + n2 * n2;
    }
    double n3 = ly.dalpha.size() ? kernels::norm2(ly.dalpha.data(), static_cast<int>(ly.dalpha.size())) : 0.0;
    double n4 = ly.dgamma.size() ? kernels::norm2(ly.dgamma.data(), static_cast<int>(ly.dgamma.size())) : 0.0;
    double n5 = ly.dbeta.size() ? kernels::norm2(ly.dbeta.data(), static_cast<int>(ly.dbeta.size())) : 0.0;
    total += n3 * n3 + n4 * n4 + n5 * n5;
  }
  info.grad_norm = std::sqrt(total);
  double gscale = 1;
  if (cfg_.clip_norm > 0) {
    double coef = cfg_.clip_norm / (info.grad_norm + 1e-6);
    if (coef < 1) { gscale = coef; info.clipped = true; }
  }
  info.clipped_norm = info.grad_norm * gscale;
  info.dW_applied_norm.reserve(net.layers.size());  // one allocation per step, not one per growth
  info.db_applied_norm.reserve(net.layers.size());
  size_t k = 0;
  for (Layer<T>& ly : net.layers) {
    double sw = update(ly.W.data(), ly.dW.data(), s1_[k].data(), s2_[k].data(), ly.W.size(), gscale); ++k;
    double sb = update(ly.b.data(), ly.db.data(), s1_[k].data(), s2_[k].data(), ly.b.size(), gscale); ++k;
    if (ly.alpha.size()) update(ly.alpha.data(), ly.dalpha.data(), s1_[k].data(), s2_[k].data(), ly.alpha.size(), gscale);
    ++k;
    if (ly.gamma.size()) update(ly.gamma.data(), ly.dgamma.data(), s1_[k].data(), s2_[k].data(), ly.gamma.size(), gscale);
    ++k;
    if (ly.beta.size()) update(ly.beta.data(), ly.dbeta.data(), s1_[k].data(), s2_[k].data(), ly.beta.size(), gscale);
    ++k;
    info.dW_applied_norm.push_back(std::sqrt(sw));
    info.db_applied_norm.push_back(std::sqrt(sb));
  }
  return info;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace gs
