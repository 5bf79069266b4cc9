#pragma once
// What a fuzz target asserts and how it is entered. Each target is a function over bytes that
// checks the core's own invariants, not only "no crash". Built for libFuzzer (clang,
// BITSTAMP_LIBFUZZER defined) a broken invariant prints what broke and aborts, which libFuzzer
// reports with the input; built into the normal test suite (any compiler) it throws, so the
// replay of the committed corpora and regressions fails as a test.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace bitstamp::fuzz {

struct InvariantBroken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline void require(bool holds, const std::string& invariant) {
  if (holds) return;
#ifdef BITSTAMP_LIBFUZZER
  std::fprintf(stderr, "invariant broken: %s\n", invariant.c_str());
  std::abort();
#else
  throw InvariantBroken(invariant);
#endif
}

}  // namespace bitstamp::fuzz

// The libFuzzer entry point for one target function; nothing outside a libFuzzer build.
#ifdef BITSTAMP_LIBFUZZER
#define BITSTAMP_FUZZ_ENTRY(function)                                                  \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return bitstamp::fuzz::function(data, size);                                       \
  }
#else
#define BITSTAMP_FUZZ_ENTRY(function)
#endif
