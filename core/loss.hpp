// Losses, matching PyTorch's reduction='mean', fused with their gradient.
//   mse:        mean over batch and outputs of (o - y)^2
//   bce_logits: mean over batch and outputs of max(o,0) - o y + log(1 + e^-|o|)
//   softmax_ce: mean over the batch of -sum_k y_k log softmax(o)_k (log-sum-exp),
//               targets as class indices or as (one-hot or probability) rows
#pragma once
#include "core/spec.hpp"

namespace gs {

// Targets for one batch: either `dense` (B,K) or `classes` (B) (softmax_ce, and the
// accuracy of classification tasks). Pointers are not owned.
template <class T>
struct Targets {
  const T* dense = nullptr;
  const int* classes = nullptr;
};

struct LossResult {
  double loss = 0;
  int correct = 0;          // samples classified right (see loss.cpp for the rule)
  bool has_accuracy = false;
};

// out is (B,K) -> loss; dout (B,K) = dLoss/dout, overwritten (may be null: loss only).
template <class T>
LossResult loss_forward_backward(Loss loss, T* dout, const T* out, const Targets<T>& y, int B, int K);

}  // namespace gs
