// The core's containers: owning, row-major arrays of fixed rank, Mat (rows, cols) and
// Vec (n), with only what the layers need (shape, element access, contiguous data).
// Every header of the network includes this one, and so the CLI, the WASM bindings and
// every test: it stays small. The .cpp files that compute whole-array formulas read these
// buffers as xtensor expressions through core/xt.hpp, which only .cpp files include.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace gs {

template <class T, size_t N>
class Tensor {
 public:
  using value_type = T;
  using shape_type = std::array<size_t, N>;

  Tensor() = default;
  // Zero-filled (or `fill`-filled) of that shape.
  explicit Tensor(const shape_type& shape, T fill = T(0)) : shape_(shape), data_(count(shape), fill) {}

  size_t size() const { return data_.size(); }
  const shape_type& shape() const { return shape_; }
  size_t shape(size_t axis) const { return shape_[axis]; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  T* begin() { return data_.data(); }
  T* end() { return data_.data() + data_.size(); }
  const T* begin() const { return data_.data(); }
  const T* end() const { return data_.data() + data_.size(); }
  void fill(T v) { std::fill(data_.begin(), data_.end(), v); }

  T& operator()(size_t i) { static_assert(N == 1, "one index for a Vec"); return data_[i]; }
  const T& operator()(size_t i) const { static_assert(N == 1, "one index for a Vec"); return data_[i]; }
  T& operator()(size_t r, size_t c) { static_assert(N == 2, "two indices for a Mat"); return data_[r * shape_[1] + c]; }
  const T& operator()(size_t r, size_t c) const {
    static_assert(N == 2, "two indices for a Mat");
    return data_[r * shape_[1] + c];
  }

 private:
  static size_t count(const shape_type& s) {
    size_t n = 1;
    for (size_t d : s) n *= d;
    return n;
  }
  shape_type shape_{};
  std::vector<T> data_;
};

template <class T> using Mat = Tensor<T, 2>;  // row-major (rows, cols)
template <class T> using Vec = Tensor<T, 1>;

template <class T> Mat<T> zeros_mat(int rows, int cols) {
  return Mat<T>({static_cast<size_t>(rows), static_cast<size_t>(cols)});
}
template <class T> Vec<T> zeros_vec(int n) { return Vec<T>({static_cast<size_t>(n)}); }

}  // namespace gs
