// xtensor expressions over the core's buffers, for the .cpp files whose loops are
// whole-array formulas (the optimisers' update rules, batch norm). Only .cpp files include this
// header: xtensor costs about a second of parsing in every translation unit that sees it,
// so the headers (tensor.hpp and everything the CLI, the bindings and the tests include)
// never do. Views do not own their memory; assign to them with xt::noalias (element i of
// the result depends only on element i of the operands, so no temporary is needed).
#pragma once
#include <array>
#include <cstddef>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>
#include <xtensor/xnoalias.hpp>

namespace gs {

// The n values at p as a 1-D expression.
template <class T>
auto xvec(T* p, size_t n) {
  return xt::adapt(p, n, xt::no_ownership(), std::array<size_t, 1>{n});
}

// The first `rows` rows of a row-major matrix with `cols` columns at p, as a 2-D
// expression (take a column with xt::view(m, xt::all(), c)).
template <class T>
auto xmat(T* p, size_t rows, size_t cols) {
  return xt::adapt(p, rows * cols, xt::no_ownership(), std::array<size_t, 2>{rows, cols});
}

}  // namespace gs
