// Forward and backward passes of the dense network; see network.hpp.
#include "core/network.hpp"

#include <algorithm>

#include "core/activation.hpp"
#include "core/error.hpp"
#include "core/init.hpp"
#include "core/kernels/kernels.hpp"

namespace gs {

template <class T>
Network<T>::Network(const NetworkSpec& spec) : spec_(spec) {
  validate(spec_);
  const int L = static_cast<int>(spec_.layers.size());
  layers.resize(L);
  Pcg32 rng(spec_.seed);
  std::vector<double> w;
  for (int l = 0; l < L; ++l) {
    Layer<T>& ly = layers[l];
    ly.in = spec_.fan_in(l);
    ly.out = spec_.layers[l].units;
    ly.act = spec_.layers[l].act;
    ly.hidden = l + 1 < L;
    ly.W = zeros_mat<T>(ly.out, ly.in);
    ly.dW = zeros_mat<T>(ly.out, ly.in);
    ly.b = zeros_vec<T>(ly.out);
    ly.db = zeros_vec<T>(ly.out);
    if (ly.act.kind == Act::prelu) {
      int na = ly.act.per_unit ? ly.out : 1;
      ly.alpha = zeros_vec<T>(na);
      ly.dalpha = zeros_vec<T>(na);
      std::fill(ly.alpha.begin(), ly.alpha.end(), static_cast<T>(ly.act.alpha));
    }
    // Weights are drawn even when explicit parameters follow, so that layer l's draw does
    // not depend on whether earlier layers were given explicitly.
    w.resize(static_cast<size_t>(ly.out) * ly.in);
    init_weights(w.data(), spec_.init, ly.out, ly.in, rng);
    std::transform(w.begin(), w.end(), ly.W.begin(), [](double v) { return static_cast<T>(v); });
    std::fill(ly.b.begin(), ly.b.end(), static_cast<T>(spec_.bias_init));
  }
  if (!spec_.parameters.empty()) set_parameters(spec_.parameters);
  spec_.parameters.clear();
}

template <class T>
void Network<T>::set_parameters(const std::vector<LayerParams>& params) {
  if (params.size() != layers.size())
    throw Error("parameters: must have " + std::to_string(layers.size()) + " entries, got " + std::to_string(params.size()));
  for (size_t l = 0; l < layers.size(); ++l) {
    Layer<T>& ly = layers[l];
    const LayerParams& p = params[l];
    const std::string path = "parameters[" + std::to_string(l) + "]";
    if (p.W.size() != ly.W.size()) throw Error(path + ".W: must hold " + std::to_string(ly.W.size()) + " values, got " + std::to_string(p.W.size()));
    if (p.b.size() != ly.b.size()) throw Error(path + ".b: must hold " + std::to_string(ly.b.size()) + " values, got " + std::to_string(p.b.size()));
    if (p.alpha.size() != ly.alpha.size()) throw Error(path + ".alpha: must hold " + std::to_string(ly.alpha.size()) + " values, got " + std::to_string(p.alpha.size()));
    std::transform(p.W.begin(), p.W.end(), ly.W.begin(), [](double v) { return static_cast<T>(v); });
    std::transform(p.b.begin(), p.b.end(), ly.b.begin(), [](double v) { return static_cast<T>(v); });
    std::transform(p.alpha.begin(), p.alpha.end(), ly.alpha.begin(), [](double v) { return static_cast<T>(v); });
  }
}

template <class T>
NetworkSpec Network<T>::export_spec() const {
  NetworkSpec s = spec_;
  s.parameters.resize(layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    const Layer<T>& ly = layers[l];
    s.parameters[l].W.assign(ly.W.begin(), ly.W.end());
    s.parameters[l].b.assign(ly.b.begin(), ly.b.end());
    s.parameters[l].alpha.assign(ly.alpha.begin(), ly.alpha.end());
  }
  return s;
}

// Caches grow to the largest batch seen and never shrink, so alternating between a
// training batch and evaluation chunks does not reallocate; only the first B rows are valid.
template <class T>
void Network<T>::resize(int B) {
  batch_ = B;
  if (B <= capacity_) return;
  int widest = 1;
  for (Layer<T>& ly : layers) {
    ly.z = zeros_mat<T>(B, ly.out);
    ly.a = ly.hidden ? zeros_mat<T>(B, ly.out) : Mat<T>();
    ly.d = ly.hidden ? zeros_mat<T>(B, ly.out) : Mat<T>();
    ly.dz = zeros_mat<T>(B, ly.out);
    const bool sloped = ly.hidden && act_info(ly.act.kind).leaky_family && ly.act.kind != Act::relu;
    ly.slope = sloped ? zeros_mat<T>(ly.act.kind == Act::rrelu ? B : 1, ly.out) : Mat<T>();
    widest = std::max(widest, ly.out);
  }
  da_.assign(static_cast<size_t>(B) * widest, T(0));
  capacity_ = B;
}

// x is (B,inputs) -> every layer's z (B,out), and for hidden layers a = f(z), d = f'(z).
template <class T>
void Network<T>::forward(const T* x, int B, Mode mode, Pcg32* rng) {
  resize(B);
  x_ = x;
  const T* in = x;
  for (Layer<T>& ly : layers) {
    kernels::dense_forward(ly.z.data(), in, ly.W.data(), ly.b.data(), B, ly.in, ly.out);
    if (!ly.hidden) break;
    const T* slope = nullptr;
    int stride = 0;
    switch (ly.act.kind) {
      case Act::leaky_relu:
        std::fill(ly.slope.begin(), ly.slope.end(), static_cast<T>(eval_slope(ly.act)));
        break;
      case Act::prelu:
        for (int u = 0; u < ly.out; ++u) ly.slope(0, u) = ly.alpha(ly.act.per_unit ? u : 0);
        break;
      case Act::rrelu:
        if (mode == Mode::train) {
          if (!rng) throw Error("rrelu: training mode needs a random generator");
          for (size_t i = 0; i < static_cast<size_t>(B) * ly.out; ++i)
            ly.slope.data()[i] = static_cast<T>(rng->uniform(ly.act.lower, ly.act.upper));
          stride = ly.out;
        } else {
          std::fill(ly.slope.begin(), ly.slope.begin() + static_cast<ptrdiff_t>(B) * ly.out, static_cast<T>(eval_slope(ly.act)));
          stride = ly.out;
        }
        break;
      default: break;
    }
    if (ly.slope.size() > 0) slope = ly.slope.data();
    act_forward(ly.act, ly.a.data(), ly.d.data(), ly.z.data(), B, ly.out, slope, stride);
    in = ly.a.data();
  }
}

// dout (B,outputs) -> for l = L-1..0: dW = dz^T a_{l-1}, db = sum dz,
// da_{l-1} = dz W, dz_{l-1} = da_{l-1} * f'(z_{l-1}), dalpha from da and z (prelu).
template <class T>
void Network<T>::backward(const T* dout) {
  const int B = batch_;
  if (!x_ || B == 0) throw Error("backward: call forward first");
  const int L = static_cast<int>(layers.size());
  std::copy(dout, dout + static_cast<size_t>(B) * layers[L - 1].out, layers[L - 1].dz.data());
  for (int l = L - 1; l >= 0; --l) {
    Layer<T>& ly = layers[l];
    const T* in = l == 0 ? x_ : layers[l - 1].a.data();
    kernels::dense_backward_params(ly.dW.data(), ly.db.data(), ly.dz.data(), in, B, ly.in, ly.out);
    if (l == 0) break;
    Layer<T>& below = layers[l - 1];
    T* da = da_.data();
    kernels::dense_backward_input(da, ly.dz.data(), ly.W.data(), B, ly.in, ly.out);
    kernels::mul(below.dz.data(), da, below.d.data(), B * below.out);
    if (below.act.kind == Act::prelu) {
      // d prelu(z)/d alpha = min(z, 0)
      std::fill(below.dalpha.begin(), below.dalpha.end(), T(0));
      const bool per_unit = below.act.per_unit;
      std::vector<double> acc(below.dalpha.size(), 0.0);
      for (int r = 0; r < B; ++r)
        for (int u = 0; u < below.out; ++u) {
          T zz = below.z(r, u);
          if (zz < 0) acc[per_unit ? u : 0] += static_cast<double>(da[static_cast<size_t>(r) * below.out + u]) * zz;
        }
      for (size_t i = 0; i < acc.size(); ++i) below.dalpha(i) = static_cast<T>(acc[i]);
    }
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace gs
