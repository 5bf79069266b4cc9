#pragma once
// Heap allocations made by this process so far: the benchmark binary replaces the global
// operator new (allocation_counter.cpp) to count them, so a benchmark can report allocations per
// record as a counter. The benchmarks run on one thread; the count is a plain integer.

#include <cstdint>

namespace bench {

[[nodiscard]] std::uint64_t allocations();

}  // namespace bench
