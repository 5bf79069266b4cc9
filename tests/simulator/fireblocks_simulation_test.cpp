// The Fireblocks simulation's properties: whatever the seed, page size, faults and crashes, the
// oracle finds the books right; the same seed gives the same trace; and each canary bug (a
// createdAt-only cursor, a catalogue read to its first page, destinations read flat) is caught.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>

#include "bitstamp/simulator/scenario.hpp"
#include "fireblocks/simulator/simulation.hpp"

namespace fireblocks::simulator {
namespace {

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < 10; ++i) out += problems[i] + "\n";
  return out;
}

RC_GTEST_PROP(FireblocksSimulation, AnySeedFaultsAndCrashesLeaveTheWorkspacesBooks, ()) {
  SimulationOptions options;
  options.seed = *rc::gen::inRange<std::uint64_t>(1, 1'000'000);
  options.transactions = *rc::gen::inRange<std::uint32_t>(10, 80);
  options.live_days = *rc::gen::inRange<std::int64_t>(1, 3);
  // Polling less often than the default keeps a case cheap; what a cycle must do is the same.
  options.settings.polling_period_ms = *rc::gen::element<std::int64_t>(60, 120, 240) * connector::ms_per_minute;
  options.fault_per_mille = *rc::gen::inRange<std::uint32_t>(0, 300);
  options.crash_per_mille = *rc::gen::inRange<std::uint32_t>(0, 60);
  options.settings.page_size = *rc::gen::element<std::uint32_t>(3, 17, 200);
  const SimulationRun run = simulate(options);
  RC_LOG() << "seed " << options.seed << ", " << options.transactions << " transactions, " << options.live_days
           << " live day(s), faults " << options.fault_per_mille << "/1000, crashes " << options.crash_per_mille
           << "/1000, page size " << options.settings.page_size << ", polling " << options.settings.polling_period_ms / 60000
           << " min: " << run.exchanges << " exchanges, " << run.faults << " faults, " << run.crashes
           << " crashes\n" << joined(run.problems);
  for (std::size_t i = 0; i < run.errors.size() && i < 5; ++i) RC_LOG() << "error: " << run.errors[i].detail << "\n";
  RC_ASSERT(run.problems.empty());
}

// Found by the property in CI: with a crash after one step in eighteen, a first sync of page
// size 3 never finished a cycle, and faults and crashes went on to the end, so nothing was ever
// committed. The run now settles without faults once the workspace stops changing (as
// Bitstamp's does), and the books must then be complete.
TEST(FireblocksSimulation, AFirstSyncThatCrashesEveryCycleStillEndsWithTheBooksOnceCalm) {
  SimulationOptions options;
  options.seed = 374117;
  options.transactions = 44;
  options.live_days = 1;
  options.fault_per_mille = 130;
  options.crash_per_mille = 55;
  options.settings.page_size = 3;
  options.settings.polling_period_ms = 240 * connector::ms_per_minute;
  const SimulationRun run = simulate(options);
  EXPECT_GT(run.crashes, 3u) << "the live day crashes often";
  EXPECT_TRUE(run.problems.empty()) << joined(run.problems);
}

TEST(FireblocksSimulation, TheSameSeedGivesTheSameTrace) {
  SimulationOptions options;
  options.seed = 42;
  const SimulationRun first = simulate(options);
  const SimulationRun second = simulate(options);
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_TRUE(first.problems.empty()) << joined(first.problems);
  EXPECT_GT(first.faults, 0u);
  options.seed = 43;
  EXPECT_NE(simulate(options).trace_hash, first.trace_hash);
  // Pinned, so that every build (gcc, clang under sanitizers) proves it draws the same trace.
  std::ifstream in(std::string(BITSTAMP_FIXTURES_DIR) + "/simulator/fireblocks-seed-42.trace-hash");
  std::string pinned;
  in >> pinned;
  EXPECT_EQ(bitstamp::simulator::hex(first.trace_hash), pinned)
      << "if the core's output changed on purpose, update fixtures/simulator/fireblocks-seed-42.trace-hash";
}

class FireblocksTeeth : public ::testing::TestWithParam<core::InjectedBug> {};

TEST_P(FireblocksTeeth, TheBugIsCaught) {
  std::size_t caught = 0;
  std::string example;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SimulationOptions options;
    options.seed = seed;
    options.settings.injected_bug = GetParam();
    const SimulationRun run = simulate(options);
    if (!run.problems.empty()) {
      ++caught;
      if (example.empty()) example = run.problems.front();
    }
  }
  EXPECT_GE(caught, 1u) << "no seed in 1..5 catches " << core::to_string(GetParam());
  RecordProperty("example", example);
}

INSTANTIATE_TEST_SUITE_P(InjectedBugs, FireblocksTeeth, ::testing::ValuesIn(core::injected_bugs),
                         [](const ::testing::TestParamInfo<core::InjectedBug>& bug) {
                           return std::string(core::to_string(bug.param));
                         });

}  // namespace
}  // namespace fireblocks::simulator
