#pragma once
// The simulators share one seeded generator (harness/rng.hpp).

#include "harness/rng.hpp"

namespace bitstamp::simulator {
using Rng = harness::Rng;
}  // namespace bitstamp::simulator
