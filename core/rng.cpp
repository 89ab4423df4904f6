// Pcg32 implementation; see rng.hpp.
#include "core/rng.hpp"

#include <cmath>

namespace gs {

Pcg32::Pcg32(uint64_t seed, uint64_t stream) {
  inc_ = (stream << 1u) | 1u;
  next_u32();
  state_ += seed;
  next_u32();
}

uint32_t Pcg32::next_u32() {
  uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

double Pcg32::uniform() {
  uint64_t hi = next_u32() >> 5;  // 27 bits
  uint64_t lo = next_u32() >> 6;  // 26 bits
  return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

double Pcg32::uniform_open() {
  double u;
  do { u = uniform(); } while (u == 0.0);
  return u;
}

double Pcg32::normal() {
  if (has_spare_) { has_spare_ = false; return spare_; }
  double u1 = uniform_open(), u2 = uniform();
  double r = std::sqrt(-2.0 * std::log(u1));
  double t = 6.283185307179586476925286766559 * u2;
  spare_ = r * std::sin(t);
  has_spare_ = true;
  return r * std::cos(t);
}

uint32_t Pcg32::below(uint32_t n) {
  uint64_t m = static_cast<uint64_t>(next_u32()) * n;
  uint32_t l = static_cast<uint32_t>(m);
  if (l < n) {
    uint32_t t = (0u - n) % n;
    while (l < t) { m = static_cast<uint64_t>(next_u32()) * n; l = static_cast<uint32_t>(m); }
  }
  return static_cast<uint32_t>(m >> 32);
}

}  // namespace gs
