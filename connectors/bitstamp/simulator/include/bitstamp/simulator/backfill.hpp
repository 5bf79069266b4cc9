#pragma once
// A first sync of an account with a long user_transactions/ history, run on virtual time:
// the real core, a real store (records stream into it, one commit per cycle), the simulated
// API answering from a SyntheticLedger, a fixed latency per request, the live client's bound
// on transfers in flight and its rate limiter. What it costs is reported: requests by
// endpoint against the lower bound, simulated wall time, commits and records. No faults: this
// measures cost, the scenario properties measure correctness.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/store.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {

struct BackfillOptions {
  std::uint64_t seed = 1;
  std::uint64_t user_transactions = 10'000;
  std::int64_t latency_ms = 150;      // every request, first byte to last
  std::size_t in_flight_max = 4;      // the live HTTP client's bound
  core::EnabledTasks tasks;           // all by default
};

struct BackfillReport {
  std::map<std::string, std::uint64_t> requests_by_path;
  std::uint64_t requests = 0;
  std::uint64_t user_transactions_requests = 0;
  // ceil(N / 1000): one read of the history in full pages.
  std::uint64_t user_transactions_pages_min = 0;
  std::int64_t simulated_ms = 0;  // from the first request to the last commit
  std::uint64_t commits = 0;
  std::uint64_t records = 0;
  std::size_t records_per_commit_max = 0;  // what one cycle holds in memory at most
  std::uint64_t rate_limit_violations = 0;  // 429s the server would have sent
  std::vector<std::string> problems;        // warnings and errors of the run
};

// Runs until every enabled task has read the whole history (nothing due, nothing in flight).
[[nodiscard]] BackfillReport run_backfill(const BackfillOptions& options, harness::Store& store);

}  // namespace bitstamp::simulator
