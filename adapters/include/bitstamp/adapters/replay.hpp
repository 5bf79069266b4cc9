#pragma once
// Replay: runs the real core over a capture. The core plans and asks; the capture answers each
// request with the first unused exchange of the same method, path and parameters, taking the
// requests out in the order their answers appear in the capture. Rounds begin
// at the arrival time of the earliest unused exchange, so a capture of several polling cycles
// replays as several cycles. Nothing here touches the network or a clock.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bitstamp/adapters/capture.hpp"
#include "bitstamp/core/engine.hpp"

namespace bitstamp::adapters {

struct ReplaySummary {
  std::size_t exchanges_total = 0;
  std::size_t exchanges_used = 0;
  std::size_t rounds = 0;
  std::size_t commits = 0;
  std::vector<core::Request> unanswered;  // asked by the core, absent from the capture
  std::vector<std::size_t> unused;        // 0-based indexes of exchanges nobody asked for
};

struct ReplayResult {
  std::vector<core::Record> records;  // committed records, in commit order
  std::vector<core::Diagnostic> diagnostics;
  core::SyncState state;
  ReplaySummary summary;
};

// Sees each commit as it is made: what a store would be given (records and state).
using CommitObserver = std::function<void(const std::vector<core::Record>& records, const core::SyncState& state)>;

// Every round plans every idle task (the polling period does not gate a replay); the
// currencies dataset keeps its TTL from `settings`.
[[nodiscard]] ReplayResult replay(const std::vector<Exchange>& exchanges,
                                  const core::Settings& settings, core::SyncState initial = {},
                                  const CommitObserver& on_commit = {});

}  // namespace bitstamp::adapters
