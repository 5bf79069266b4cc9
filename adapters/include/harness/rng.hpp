#pragma once
// The simulators' only source of randomness: SplitMix64 from an explicit seed. The standard
// library's distributions are implementation-defined, so every draw here is integer
// arithmetic of our own; the same seed gives the same draws on any compiler and build type.

#include <cstdint>

namespace harness {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, bound); 0 when bound is 0. Lemire's multiply-high, without rejection:
  // the bias (< bound / 2^64) is irrelevant to a simulation and keeps draws one per call.
  std::uint64_t below(std::uint64_t bound) {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * bound) >> 64);
  }

  // Uniform in [low, high]. REQUIRES: low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
  }

  // True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

  // An independent stream for one concern (history, faults, timing), so changing how often
  // one of them draws does not shift the others.
  [[nodiscard]] Rng fork(std::uint64_t stream) const {
    Rng child(state_ ^ (0xd1b54a32d192ed03ULL * (stream + 1)));
    child.next();
    return child;
  }

 private:
  std::uint64_t state_;
};

}  // namespace harness
