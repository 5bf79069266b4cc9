#pragma once
// The shell's one reading of the wall clock. The core never reads it: time reaches the core
// as an argument.

#include <chrono>
#include <cstdint>

namespace harness {

[[nodiscard]] inline std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace harness
