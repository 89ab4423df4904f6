// The gateway to xtensor: its configuration and the aliases the core uses (fixed rank,
// never xarray). Old flat include paths of Debian's libxtensor-dev 0.24.
#pragma once
#include <xtensor/xtensor.hpp>

namespace gs {

template <class T> using Mat = xt::xtensor<T, 2>;  // row-major (rows, cols)
template <class T> using Vec = xt::xtensor<T, 1>;

// Zero-filled (from_shape alone leaves the memory uninitialised).
template <class T> Mat<T> zeros_mat(int rows, int cols) {
  Mat<T> m = Mat<T>::from_shape({static_cast<size_t>(rows), static_cast<size_t>(cols)});
  m.fill(T(0));
  return m;
}
template <class T> Vec<T> zeros_vec(int n) {
  Vec<T> v = Vec<T>::from_shape({static_cast<size_t>(n)});
  v.fill(T(0));
  return v;
}

}  // namespace gs
