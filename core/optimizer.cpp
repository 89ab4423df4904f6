// Optimiser updates; see optimizer.hpp.
#include "core/optimizer.hpp"

#include <cmath>
#include <cstring>
#include <type_traits>

#include "core/error.hpp"
#include "core/kernels/kernels.hpp"
#include "core/params.hpp"
#include "core/xt.hpp"

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
// One pass over the parameter: the rule's expressions are read element by element (lazy
// xtensor expressions: nothing is materialised), then the state and p are written. For
// element i, delta(i), m(i) and v(i) read only element i of p, s1 and s2, all before any
// of them is written. Returns ||p_new - p_old||^2 of the values as stored.
template <class T, class Delta, class M, class V>
double commit(T* p, T* s1, T* s2, size_t n, const Delta& delta, const M* m, const V* v) {  // M, V = int: none
  double sq = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = delta(i);
    if constexpr (!std::is_same_v<M, int>) if (m) s1[i] = static_cast<T>((*m)(i));
    if constexpr (!std::is_same_v<V, int>) if (v) s2[i] = static_cast<T>((*v)(i));
    const T old = p[i];
    p[i] = static_cast<T>(old - d);
    const double dd = static_cast<double>(p[i]) - static_cast<double>(old);
    sq += dd * dd;
  }
  return sq;
}
// "no new state" for commit
constexpr const int* kNone = nullptr;
}  // namespace

// p, g, s1, s2 are (n) -> the rule of optimizer.hpp, written as it reads there (g: the
// gradient, clipped, with weight decay; m, v: the new state; delta: the step), in double;
// s1 and s2 are stored in T.
template <class T>
double Optimizer<T>::update(T* p_, const T* g_, T* s1_, T* s2_, size_t n, double gscale) {
  const auto p = xt::cast<double>(xvec(p_, n)), s1 = xt::cast<double>(xvec(s1_, n)), s2 = xt::cast<double>(xvec(s2_, n));
  const auto g = gscale * xt::cast<double>(xvec(g_, n)) + cfg_.weight_decay * p;
  const double lr = cfg_.lr, eps = cfg_.eps;
  if (cfg_.name == "sgd") {
    const auto delta = lr * g;
    return commit<T>(p_, s1_, s2_, n, delta, kNone, kNone);
  }
  if (cfg_.name == "momentum") {  // m: the momentum buffer (g itself at the first step)
    const double mu = cfg_.momentum, mu_old = t_ == 1 ? 0.0 : mu;  // the buffer starts as g
    const auto m = mu_old * s1 + g;
    if (cfg_.nesterov) return commit<T>(p_, s1_, s2_, n, lr * (g + mu * m), &m, kNone);
    return commit<T>(p_, s1_, s2_, n, lr * m, &m, kNone);
  }
  if (cfg_.name == "rmsprop") {
    const double a = cfg_.alpha;
    const auto v = a * s2 + (1 - a) * g * g;
    return commit<T>(p_, s1_, s2_, n, lr * g / (xt::sqrt(v) + eps), kNone, &v);
  }
  // adam
  const double b1 = cfg_.beta1, b2 = cfg_.beta2;
  const double bc1 = 1 - std::pow(b1, static_cast<double>(t_)), bc2 = 1 - std::pow(b2, static_cast<double>(t_));
  const double step = lr / bc1, sbc2 = std::sqrt(bc2);
  const auto m = b1 * s1 + (1 - b1) * g;
  const auto v = b2 * s2 + (1 - b2) * g * g;
  return commit<T>(p_, s1_, s2_, n, step * m / (xt::sqrt(v) / sbc2 + eps), &m, &v);
}

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
  auto st = state_.begin();  // one state per parameter, in the walk's order
  for (Layer<T>& ly : net.layers) {
    double sw = 0, sb = 0;
    for_each_param(ly, [&](const char* name, auto& p, const auto& g) {
      const double sq = update(p.data(), g.data(), st->s1.data(), st->s2.data(), p.size(), gscale);
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
