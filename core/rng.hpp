// Pcg32: the project's only source of randomness (PCG-XSH-RR 64/32, O'Neill 2014).
// Never std::*_distribution: those differ between libstdc++ (native) and libc++ (WASM).
// Every draw below is defined here bit for bit, so native and WASM see the same numbers
// (normal() goes through log/sqrt/cos, which agree to rounding across libms).
#pragma once
#include <cstdint>

namespace gs {

class Pcg32 {
 public:
  explicit Pcg32(uint64_t seed = 0x853c49e6748fea9bULL, uint64_t stream = 0xda3e39cb94b95bdbULL);
  uint32_t next_u32();
  // [0, 1) with 53 random bits.
  double uniform();
  // (0, 1): never exactly 0 (safe for log).
  double uniform_open();
  // [lo, hi)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal by Box-Muller (both halves used).
  double normal();
  // Uniform integer in [0, n), unbiased (Lemire's rejection). n >= 1.
  uint32_t below(uint32_t n);

 private:
  uint64_t state_ = 0, inc_ = 0;
  double spare_ = 0;
  bool has_spare_ = false;
};

// Fisher-Yates shuffle of idx[0..n) with rng.
template <class I>
void shuffle(I* idx, uint32_t n, Pcg32& rng) {
  for (uint32_t i = n; i > 1; --i) {
    uint32_t j = rng.below(i);
    I t = idx[i - 1]; idx[i - 1] = idx[j]; idx[j] = t;
  }
}

}  // namespace gs
