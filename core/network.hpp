// The network: dense layers with their activation, forward and backward side by side.
// Layer l computes z = a_{l-1} W^T + b (W is (out,in) like PyTorch's nn.Linear.weight),
// a = f(z); the output layer is linear (a = z), its sigmoid/softmax belongs to the loss.
// Remedies (optional, hidden layers): batch norm between the linear part and f,
//   u = a_{l-1} W^T + b, z = gamma (u - mean) / sqrt(var + eps) + beta, a = f(z);
// and an identity skip connection, a = f(z) + a_{l-1}.
// Backward accumulates nothing across calls: every gradient is overwritten.
// This file is not: the loss (loss.hpp), the optimiser, or statistics (stats.hpp).
#pragma once
#include <vector>

#include "core/rng.hpp"
#include "core/spec.hpp"
#include "core/tensor.hpp"

namespace gs {

enum class Mode { train, eval };  // rrelu samples its slopes only in train mode

template <class T>
struct Layer {
  int in = 0, out = 0;
  Activation act;
  bool hidden = true;
  // parameters
  Mat<T> W;        // (out,in)
  Vec<T> b;        // (out)
  Vec<T> alpha;    // prelu slopes: (1) per layer or (out) per unit; empty otherwise
  // gradients of the last backward
  Mat<T> dW;       // (out,in)
  Vec<T> db;       // (out)
  Vec<T> dalpha;   // like alpha
  // batch norm (empty unless spec batchnorm): learned scale and shift, running statistics
  Vec<T> gamma, beta, dgamma, dbeta, running_mean, running_var;
  // caches of the last forward / backward: capacity rows, the first B (batch()) valid
  Mat<T> z;        // (B,out) pre-activation
  Mat<T> a;        // (B,out) activation (== z for the output layer)
  Mat<T> d;        // (B,out) f'(z) (1 for the output layer)
  Mat<T> dz;       // (B,out) dL/dz
  Mat<T> slope;    // leaky family: (1,out) per-unit slopes, or (B,out) rrelu train samples
  Mat<T> da;       // (B,out) dL/da (hidden layers)
  Mat<T> u, du;    // batch norm: (B,out) linear output before normalisation, and dL/du
  Mat<T> uhat;     // batch norm: (B,out) normalised u
  Vec<T> bn_invstd;  // batch norm: (out) 1/sqrt(var + eps) used in the last forward
  std::vector<double> dalpha_acc;  // prelu: dalpha accumulated in double (scratch, sized once)
  bool bn_train = false;  // the last forward used batch statistics
};

template <class T>
class Network {
 public:
  // Parameters from spec.parameters when present, else drawn from spec.init with spec.seed.
  explicit Network(const NetworkSpec& spec);

  const NetworkSpec& spec() const { return spec_; }
  int inputs() const { return spec_.inputs; }
  int outputs() const { return spec_.outputs(); }
  int batch() const { return batch_; }
  const T* input() const { return x_; }

  // x is (B,inputs) (kept by pointer until backward) -> every layer's z, a, d.
  // rng draws rrelu's slopes in train mode (may be null otherwise).
  void forward(const T* x, int B, Mode mode, Pcg32* rng);
  // dout is (B,outputs) = dL/dz of the output layer -> dz, dW, db, dalpha of every layer.
  void backward(const T* dout);

  // The spec with the current parameters filled in (export).
  NetworkSpec export_spec() const;
  // Replaces every parameter (import); shapes checked against the spec.
  void set_parameters(const std::vector<LayerParams>& params);

  std::vector<Layer<T>> layers;

 private:
  void resize(int B);
  void batchnorm_forward(Layer<T>& ly, int B, bool batch_stats, const BatchNormSpec& bn);
  void batchnorm_backward(Layer<T>& ly, int B);
  NetworkSpec spec_;
  int batch_ = 0, capacity_ = 0;
  const T* x_ = nullptr;
};

// Values in the caches of every layer (z, a, f'(z), dz, da, leaky slopes, batch-norm
// buffers) for a batch of `rows`, as forward(x, rows) allocates them; counted from the spec,
// before anything is allocated, for the activation-memory limit (kMaxActivationBytes).
int64_t cache_values(const NetworkSpec& spec, int rows);

extern template class Network<float>;
extern template class Network<double>;

}  // namespace gs
