// Forward and backward passes of the dense network; see network.hpp.
#include "core/network.hpp"

#include <algorithm>
#include <cmath>

#include "core/activation.hpp"
#include "core/error.hpp"
#include "core/init.hpp"
#include "core/kernels/kernels.hpp"
#include "core/params.hpp"

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
    if (spec_.layers[l].batchnorm.on) {
      ly.gamma = zeros_vec<T>(ly.out); std::fill(ly.gamma.begin(), ly.gamma.end(), T(1));
      ly.beta = zeros_vec<T>(ly.out);
      ly.dgamma = zeros_vec<T>(ly.out);
      ly.dbeta = zeros_vec<T>(ly.out);
      ly.running_mean = zeros_vec<T>(ly.out);
      ly.running_var = zeros_vec<T>(ly.out); std::fill(ly.running_var.begin(), ly.running_var.end(), T(1));
      ly.bn_invstd = zeros_vec<T>(ly.out);
    }
  }
  if (!spec_.parameters.empty()) set_parameters(spec_.parameters);
  spec_.parameters.clear();
}

template <class T>
void Network<T>::set_parameters(const std::vector<LayerParams>& params) {
  if (params.size() != layers.size())
    throw Error("parameters: must have " + std::to_string(layers.size()) + " entries, got " + std::to_string(params.size()));
  for (size_t l = 0; l < layers.size(); ++l) {  // shapes first: a mismatch changes nothing
    const std::string path = "parameters[" + std::to_string(l) + "].";
    std::vector<std::string> stored;
    for_each_stored(layers[l], [&](const char* name, const auto& dst) {
      const size_t n = params[l].field(name).size();
      if (n != dst.size())
        throw Error(path + name + ": must hold " + std::to_string(dst.size()) + " values, got " + std::to_string(n));
      stored.emplace_back(name);
    });
    params[l].for_each([&](const char* name, const std::vector<double>& src) {
      if (!src.empty() && std::find(stored.begin(), stored.end(), name) == stored.end())
        throw Error(path + name + ": must hold 0 values (layer " + std::to_string(l) + " has no " + name + "), got " +
                    std::to_string(src.size()));
    });
  }
  for (size_t l = 0; l < layers.size(); ++l)
    for_each_stored(layers[l], [&](const char* name, auto& dst) {
      const std::vector<double>& src = params[l].field(name);
      std::transform(src.begin(), src.end(), dst.begin(), [](double v) { return static_cast<T>(v); });
    });
}

template <class T>
NetworkSpec Network<T>::export_spec() const {
  NetworkSpec s = spec_;
  s.parameters.resize(layers.size());
  for (size_t l = 0; l < layers.size(); ++l)
    for_each_stored(layers[l], [&](const char* name, const auto& v) { s.parameters[l].field(name).assign(v.begin(), v.end()); });
  return s;
}

namespace {
// Rows of each cache matrix (every one has `out` columns) a layer holds for a batch of B
// rows; 0 = not allocated. The one description of the caches: resize allocates it and
// cache_values counts it for the activation-memory limit.
struct CacheRows {
  int z, a, d, dz, slope, da, u, du, uhat;
  int64_t total() const { return int64_t{z} + a + d + dz + slope + da + u + du + uhat; }
};
CacheRows cache_rows(const LayerSpec& ls, bool hidden, int B) {
  const Act kind = ls.act.kind;
  const bool sloped = hidden && act_info(kind).leaky_family && kind != Act::relu;  // leaky_relu, prelu, rrelu
  const int h = hidden ? B : 0, bn = ls.batchnorm.on ? B : 0;
  return {B, h, h, B, sloped ? (kind == Act::rrelu ? B : 1) : 0, h, bn, bn, bn};
}
}  // namespace

int64_t cache_values(const NetworkSpec& spec, int rows) {
  int64_t n = 0;
  for (size_t l = 0; l < spec.layers.size(); ++l)
    n += cache_rows(spec.layers[l], l + 1 < spec.layers.size(), rows).total() * spec.layers[l].units;
  return n;
}

// Caches grow to the largest batch seen and never shrink, so alternating between a
// training batch and evaluation chunks does not reallocate; only the first B rows are valid.
template <class T>
void Network<T>::resize(int B) {
  batch_ = B;
  if (B <= capacity_) return;
  for (size_t l = 0; l < layers.size(); ++l) {
    Layer<T>& ly = layers[l];
    const CacheRows r = cache_rows(spec_.layers[l], ly.hidden, B);
    auto alloc = [&](Mat<T>& m, int rows) { m = rows ? zeros_mat<T>(rows, ly.out) : Mat<T>(); };
    alloc(ly.z, r.z);
    alloc(ly.a, r.a);
    alloc(ly.d, r.d);
    alloc(ly.dz, r.dz);
    alloc(ly.slope, r.slope);
    alloc(ly.da, r.da);
    alloc(ly.u, r.u);
    alloc(ly.du, r.du);
    alloc(ly.uhat, r.uhat);
  }
  capacity_ = B;
}

// x is (B,inputs) -> every layer's z (B,out), and for hidden layers a = f(z), d = f'(z).
template <class T>
void Network<T>::forward(const T* x, int B, Mode mode, Pcg32* rng) {
  resize(B);
  x_ = x;
  const T* in = x;
  for (size_t l = 0; l < layers.size(); ++l) {
    Layer<T>& ly = layers[l];
    if (ly.gamma.size()) {
      kernels::dense_forward(ly.u.data(), in, ly.W.data(), ly.b.data(), B, ly.in, ly.out);
      batchnorm_forward(ly, B, mode == Mode::train && B > 1, spec_.layers[l].batchnorm);
    } else {
      kernels::dense_forward(ly.z.data(), in, ly.W.data(), ly.b.data(), B, ly.in, ly.out);
    }
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
    if (spec_.layers[l].residual)  // a = f(z) + a_{l-1} (same width, checked by the spec)
      for (size_t i = 0; i < static_cast<size_t>(B) * ly.out; ++i) ly.a.data()[i] += in[i];
    in = ly.a.data();
  }
}

// dout (B,outputs) -> for l = L-1..0: (batch norm: du from dz), dW = du^T a_{l-1},
// db = sum du, da_{l-1} = du W (+ da_l through a skip connection),
// dz_{l-1} = da_{l-1} * f'(z_{l-1}), dalpha from da and z (prelu). du = dz without batch norm.
template <class T>
void Network<T>::backward(const T* dout) {
  const int B = batch_;
  if (!x_ || B == 0) throw Error("backward: call forward first");
  const int L = static_cast<int>(layers.size());
  std::copy(dout, dout + static_cast<size_t>(B) * layers[L - 1].out, layers[L - 1].dz.data());
  for (int l = L - 1; l >= 0; --l) {
    Layer<T>& ly = layers[l];
    const T* in = l == 0 ? x_ : layers[l - 1].a.data();
    const T* du = ly.dz.data();
    if (ly.gamma.size()) {
      batchnorm_backward(ly, B);
      du = ly.du.data();
    }
    kernels::dense_backward_params(ly.dW.data(), ly.db.data(), du, in, B, ly.in, ly.out);
    if (l == 0) break;
    Layer<T>& below = layers[l - 1];
    T* da = below.da.data();
    kernels::dense_backward_input(da, du, ly.W.data(), B, ly.in, ly.out);
    if (l < L - 1 && spec_.layers[l].residual)
      for (size_t i = 0; i < static_cast<size_t>(B) * below.out; ++i) da[i] += ly.da.data()[i];
    kernels::mul(below.dz.data(), da, below.d.data(), B * below.out);
    if (below.act.kind == Act::prelu) {
      // d prelu(z)/d alpha = min(z, 0)
      const bool per_unit = below.act.per_unit;
      std::vector<double>& acc = below.dalpha_acc;
      acc.assign(below.dalpha.size(), 0.0);
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
