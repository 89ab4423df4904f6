// xtensor expressions over the core's buffers, for the .cpp files whose loops are
// whole-array formulas (the optimisers' update rules, batch norm). Only .cpp files include this
// header: xtensor costs about a second of parsing in every translation unit that sees it,
// so the headers (tensor.hpp and everything the CLI, the bindings and the tests include)
// never do. Views do not own their memory; results are written with store() (element i
// of the result depends only on element i of the operands, so no temporary is needed).
#pragma once
#include <array>
#include <cstddef>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>

namespace gs {

// The n values at p as a 1-D expression.
template <class T>
auto xvec(T* p, size_t n) {
  return xt::adapt(p, n, xt::no_ownership(), std::array<size_t, 1>{n});
}

// Column c of the first `rows` rows of a row-major matrix with `cols` columns at p:
// p[c], p[c + cols], ... as a 1-D expression of `rows` values (for reading). xtensor sizes
// a strided adaptor by its element count (the product of the shape), not by the memory it
// spans: any other size makes the constructor try to resize the buffer, and throw.
template <class T>
auto xcol(T* p, size_t rows, size_t cols, size_t c) {
  return xt::adapt(p + c, rows, xt::no_ownership(), std::array<size_t, 1>{rows}, std::array<size_t, 1>{cols});
}

// out[i * stride] = T(e(i)) for i < n: an expression's values written out element by
// element (no broadcasting or resizing machinery, which costs the WASM module size).
// Element i of e may read element i of out: it is read before it is written.
template <class T, class E>
void store(T* out, size_t n, size_t stride, const E& e) {
  for (size_t i = 0; i < n; ++i) out[i * stride] = static_cast<T>(e(i));
}

}  // namespace gs
