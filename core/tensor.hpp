// The gateway to xtensor: its configuration and the aliases the core uses (fixed rank,
// never xarray). Old flat include paths of Debian's libxtensor-dev 0.24.
#pragma once
#include <xtensor/xtensor.hpp>

namespace gs {

template <class T> using Mat = xt::xtensor<T, 2>;  // row-major (rows, cols)
template <class T> using Vec = xt::xtensor<T, 1>;

template <class T> Mat<T> zeros_mat(int rows, int cols) {
  return Mat<T>::from_shape({static_cast<size_t>(rows), static_cast<size_t>(cols)});
}
template <class T> Vec<T> zeros_vec(int n) { return Vec<T>::from_shape({static_cast<size_t>(n)}); }

}  // namespace gs
