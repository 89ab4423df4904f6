// Batch norm's forward and backward passes (Network::batchnorm_forward/backward, declared
// in network.hpp), as xtensor expressions over each unit's column: the formulas of
// network.hpp read as written, in double, the sums running over the rows in order. Its own
// file so the WASM build can compile it for size (CMakeLists.txt): xtensor's templates cost
// more code than the loops they replace.
#include <cmath>

#include "core/network.hpp"
#include "core/xt.hpp"

namespace gs {

// u is (B,out) -> z = gamma uhat + beta, uhat = (u - mean) invstd; batch statistics
// (biased variance) when `batch_stats`, else the running ones. Running statistics are
// updated from the batch as PyTorch does (unbiased variance). Column by column (one unit),
// in double; the sums run over the rows in order.
template <class T>
void Network<T>::batchnorm_forward(Layer<T>& ly, int B, bool batch_stats, const BatchNormSpec& bn) {
  ly.bn_train = batch_stats;
  const size_t rows = static_cast<size_t>(B), cols = static_cast<size_t>(ly.out);
  for (size_t o = 0; o < cols; ++o) {
    const auto u = xt::cast<double>(xcol(ly.u.data(), rows, cols, o));
    double mean, var;
    if (batch_stats) {
      mean = xt::sum(u)() / B;
      const double ss = xt::sum(xt::square(u - mean))();
      var = ss / B;
      const double m = bn.momentum;
      ly.running_mean(o) = static_cast<T>((1 - m) * ly.running_mean(o) + m * mean);
      ly.running_var(o) = static_cast<T>((1 - m) * ly.running_var(o) + m * (ss / (B - 1)));
    } else {
      mean = ly.running_mean(o);
      var = ly.running_var(o);
    }
    const double invstd = 1.0 / std::sqrt(var + bn.eps);
    ly.bn_invstd(o) = static_cast<T>(invstd);
    const double gamma = ly.gamma(o), beta = ly.beta(o);
    const auto uhat = (u - mean) * invstd;
    store(ly.uhat.data() + o, rows, cols, uhat);
    store(ly.z.data() + o, rows, cols, gamma * uhat + beta);
  }
}

// dz is (B,out) -> dgamma = sum dz uhat, dbeta = sum dz, and du: with batch statistics
// du = gamma invstd / B (B dz - dbeta - uhat dgamma); with running ones du = gamma invstd dz.
template <class T>
void Network<T>::batchnorm_backward(Layer<T>& ly, int B) {
  const size_t rows = static_cast<size_t>(B), cols = static_cast<size_t>(ly.out);
  const double Bd = B;
  for (size_t o = 0; o < cols; ++o) {
    const auto dz = xt::cast<double>(xcol(ly.dz.data(), rows, cols, o));
    const auto uhat = xt::cast<double>(xcol(ly.uhat.data(), rows, cols, o));
    const double dbeta = xt::sum(dz)(), dgamma = xt::sum(dz * uhat)();
    ly.dgamma(o) = static_cast<T>(dgamma);
    ly.dbeta(o) = static_cast<T>(dbeta);
    const double k = static_cast<double>(ly.gamma(o)) * ly.bn_invstd(o);
    if (ly.bn_train) store(ly.du.data() + o, rows, cols, k / Bd * (Bd * dz - dbeta - uhat * dgamma));
    else store(ly.du.data() + o, rows, cols, k * dz);
  }
}

template void Network<float>::batchnorm_forward(Layer<float>&, int, bool, const BatchNormSpec&);
template void Network<double>::batchnorm_forward(Layer<double>&, int, bool, const BatchNormSpec&);
template void Network<float>::batchnorm_backward(Layer<float>&, int);
template void Network<double>::batchnorm_backward(Layer<double>&, int);

}  // namespace gs
