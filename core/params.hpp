// The one walk over a layer's parameters (micrograd's `parameters()`): every learned tensor
// with its name and gradient, and the stored tensors (the parameters plus batch norm's
// running statistics, which are saved but not trained). The optimiser, import and export
// (set_parameters, export_spec) and LayerParams all go through these walks, so a new
// kind of parameter is added here (and as a field of Layer and LayerParams) and nowhere
// else.
// This file is not: the layer itself (network.hpp) or the file format (spec.hpp).
#pragma once
#include "core/network.hpp"

namespace gs {

// fn(name, value, gradient) for each learned parameter of the layer, in file order:
// W (out,in), b (out), then alpha (prelu: (1) or (out)), gamma and beta (batch norm: (out))
// where the layer has them. Works on const and mutable layers.
template <class L, class Fn>
void for_each_param(L& ly, Fn&& fn) {
  fn("W", ly.W, ly.dW);
  fn("b", ly.b, ly.db);
  if (ly.alpha.size()) fn("alpha", ly.alpha, ly.dalpha);
  if (ly.gamma.size()) {
    fn("gamma", ly.gamma, ly.dgamma);
    fn("beta", ly.beta, ly.dbeta);
  }
}

// fn(name, value) for each tensor the network file stores for the layer: the parameters,
// then batch norm's running_mean and running_var (buffers: no gradient, not trained).
template <class L, class Fn>
void for_each_stored(L& ly, Fn&& fn) {
  for_each_param(ly, [&](const char* name, auto& value, auto&) { fn(name, value); });
  if (ly.gamma.size()) {
    fn("running_mean", ly.running_mean);
    fn("running_var", ly.running_var);
  }
}

}  // namespace gs
