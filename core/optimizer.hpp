// Optimisers with PyTorch's update rules (torch.optim), over every parameter of a network
// (W, b, prelu slopes, batch-norm scales and shifts):
//   sgd       p -= lr g
//   momentum  buf = mu buf + g; p -= lr (nesterov ? g + mu buf : buf)
//   rmsprop   v = a v + (1-a) g^2; p -= lr g / (sqrt(v) + eps)            (a = 0.99)
//   adam      m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//             p -= lr/(1-b1^t) m / (sqrt(v)/sqrt(1-b2^t) + eps)
// with L2 weight decay g += wd p (PyTorch's weight_decay), applied after optional
// clipping of the global gradient norm (torch.nn.utils.clip_grad_norm_:
// g *= max_norm / (norm + 1e-6) when that factor is < 1).
#pragma once
#include <string>
#include <vector>

#include "core/network.hpp"

namespace gs {

struct OptimizerConfig {
  std::string name = "adam";   // sgd | momentum | rmsprop | adam
  double lr = 0.01;
  double momentum = 0.9;       // momentum
  bool nesterov = false;       // momentum
  double alpha = 0.99;         // rmsprop smoothing constant
  double beta1 = 0.9, beta2 = 0.999;  // adam
  double eps = 1e-8;           // rmsprop, adam
  double weight_decay = 0;     // L2, all parameters
  double clip_norm = 0;        // max global gradient norm; 0 = no clipping
};

// Checks names and ranges; throws gs::Error naming the field ("optimizer.lr: must be in
// 0..100, got -1").
void validate(const OptimizerConfig& cfg);

struct UpdateInfo {
  double grad_norm = 0;          // global gradient norm before clipping
  double clipped_norm = 0;       // after clipping (== grad_norm when not clipped)
  bool clipped = false;
  std::vector<double> dW_applied_norm;  // per layer ||delta W|| of this update
  std::vector<double> db_applied_norm;
};

template <class T>
class Optimizer {
 public:
  Optimizer(const OptimizerConfig& cfg, const Network<T>& net);
  const OptimizerConfig& config() const { return cfg_; }
  void set_lr(double lr) { cfg_.lr = lr; }
  // Applies one update from the gradients held in net's layers. wb_sq, when given, holds
  // per layer ||dW||^2 + ||db||^2 already measured (the statistics), so they are not
  // computed twice.
  UpdateInfo step(Network<T>& net, const std::vector<double>* wb_sq = nullptr);
  void reset();
  long steps() const { return t_; }

 private:
  OptimizerConfig cfg_;
  long t_ = 0;
  struct State { std::vector<T> s1, s2; };  // momentum buffer / adam m; rmsprop, adam v
  std::vector<State> state_;  // per parameter, in for_each_param's order, layer by layer
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace gs
