// Optimiser updates; see optimizer.hpp.
#include "core/optimizer.hpp"

#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/kernels/kernels.hpp"
#include "core/params.hpp"

namespace gs {
namespace {
bool is(const char* name, const char* which) { return std::strcmp(name, which) == 0; }
}  // namespace

void validate(const OptimizerConfig& c) {
  if (c.name != "sgd" && c.name != "momentum" && c.name != "rmsprop" && c.name != "adam")
    throw Error("optimizer.name: unknown optimiser '" + c.name + "', expected one of sgd, momentum, rmsprop, adam");
  auto range = [&](const char* f, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
      throw Error(std::string("optimizer.") + f + ": must be in " + fmt_num(lo) + ".." + fmt_num(hi) + ", got " + fmt_num(v));
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
  for (const Layer<T>& ly : net.layers)
    for_each_param(ly, [&](const char*, const auto& p, const auto&) { state_.push_back({std::vector<T>(p.size()), std::vector<T>(p.size())}); });
}

template <class T>
void Optimizer<T>::reset() {
  t_ = 0;
  for (State& st : state_) {
    std::fill(st.s1.begin(), st.s1.end(), T(0));
    std::fill(st.s2.begin(), st.s2.end(), T(0));
  }
}

namespace {
// The rule of optimizer.hpp at step t (1, 2, ...) with gradient scale gscale (clipping), as
// the coefficients of the update kernel (core/kernels: update_scalar.cpp holds the rules as
// the formulas read).
kernels::Update rule_of(const OptimizerConfig& c, long t, double gscale) {
  kernels::Update u;
  u.gscale = gscale;
  u.wd = c.weight_decay;
  u.lr = c.lr;
  u.eps = c.eps;
  if (c.name == "sgd") {
    u.kind = kernels::Update::sgd;
  } else if (c.name == "momentum") {
    u.kind = c.nesterov ? kernels::Update::nesterov : kernels::Update::momentum;
    u.mu = c.momentum;
    u.mu_old = t == 1 ? 0.0 : c.momentum;  // the buffer starts as g
  } else if (c.name == "rmsprop") {
    u.kind = kernels::Update::rmsprop;
    u.decay = c.alpha;
  } else {  // adam
    u.kind = kernels::Update::adam;
    const double bc1 = 1 - std::pow(c.beta1, static_cast<double>(t)), bc2 = 1 - std::pow(c.beta2, static_cast<double>(t));
    u.lr = c.lr / bc1;
    u.sbc2 = std::sqrt(bc2);
    u.b1 = c.beta1;
    u.decay = c.beta2;
  }
  return u;
}
}  // namespace

template <class T>
UpdateInfo Optimizer<T>::step(Network<T>& net, const std::vector<double>* wb_sq) {
  ++t_;
  UpdateInfo info;
  double total = 0;  // squared global gradient norm, layer by layer: W and b, then the others
  for (size_t l = 0; l < net.layers.size(); ++l) {
    double wb = 0, rest = 0;
    for_each_param(net.layers[l], [&](const char* name, const auto&, const auto& g) {
      const bool is_wb = is(name, "W") || is(name, "b");
      if (is_wb && wb_sq) return;  // already measured by the statistics
      const double n = kernels::norm2(g.data(), static_cast<int>(g.size()));
      (is_wb ? wb : rest) += n * n;
    });
    total += wb_sq ? (*wb_sq)[l] : wb;
    total += rest;
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
  const kernels::Update rule = rule_of(cfg_, t_, gscale);
  auto st = state_.begin();  // one state per parameter, in the walk's order
  for (Layer<T>& ly : net.layers) {
    double sw = 0, sb = 0;
    for_each_param(ly, [&](const char* name, auto& p, const auto& g) {
      const double sq = kernels::apply_update(p.data(), st->s1.data(), st->s2.data(), g.data(), static_cast<int>(p.size()), rule);
      ++st;
      if (is(name, "W")) sw = sq;
      if (is(name, "b")) sb = sq;
    });
    info.dW_applied_norm.push_back(std::sqrt(sw));
    info.db_applied_norm.push_back(std::sqrt(sb));
  }
  return info;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace gs
