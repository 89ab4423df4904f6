// xtensor expressions over the core's buffers, for the .cpp files whose loops are
// whole-array formulas (the optimisers' update rules). Only .cpp files include this
// header: xtensor costs about a second of parsing in every translation unit that sees it,
// so the headers (tensor.hpp and everything the CLI, the bindings and the tests include)
// never do. Views do not own their memory; assign to them with xt::noalias (element i of
// the result depends only on element i of the operands, so no temporary is needed).
#pragma once
#include <array>
#include <cstddef>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace gs {

// The n values at p as a 1-D expression.
template <class T>
auto xvec(T* p, size_t n) {
  return xt::adapt(p, n, xt::no_ownership(), std::array<size_t, 1>{n});
}

}  // namespace gs
