// Weight initialisers with PyTorch's formulas (torch.nn.init), drawn from Pcg32 in
// row-major order of W (out, in):
//   constant(value); uniform U(a, b); normal N(mean, std^2);
//   glorot_uniform U(-g sqrt(6/(in+out)), +...); glorot_normal N(0, g^2 2/(in+out));
//   he_uniform U(-g sqrt(3/in), +...), g = sqrt(2) by default; he_normal N(0, g^2/in);
//   lecun_normal N(0, g^2/in), g = 1 by default.
#pragma once
#include "core/rng.hpp"
#include "core/spec.hpp"

namespace gs {

// W is (out,in) -> filled.
void init_weights(double* W, const WeightInit& init, int out, int in, Pcg32& rng);

}  // namespace gs
