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

#include "bitstamp/core/engine.hpp"
#include "harness/capture.hpp"
#include "harness/connector_core.hpp"

namespace harness {

struct ReplaySummary {
  std::size_t exchanges_total = 0;
  std::size_t exchanges_used = 0;
  std::size_t rounds = 0;
  std::size_t commits = 0;
  std::vector<connector::Request> unanswered;  // asked by the core, absent from the capture
  std::vector<std::size_t> unused;        // 0-based indexes of exchanges nobody asked for
};

// What a replay of any connector gives.
struct ReplayRun {
  std::vector<connector::Record> records;  // committed records, in commit order
  std::vector<connector::Diagnostic> diagnostics;
  ReplaySummary summary;
};

// Sees each commit's records as it is made; the core holds the state it commits with them.
using RecordsObserver = std::function<void(const std::vector<connector::Record>& records)>;

// Replays `exchanges` through any connector's core (its settings decide the polling period:
// replays plan every idle task each round, so give it 0).
[[nodiscard]] ReplayRun replay(const std::vector<Exchange>& exchanges, ConnectorCore& core,
                               const RecordsObserver& on_commit = {});

// Bitstamp's replay, with its state.
struct ReplayResult : ReplayRun {
  bitstamp::core::SyncState state;
};

// Sees each commit as it is made: what a store would be given (records and state).
using CommitObserver = std::function<void(const std::vector<connector::Record>& records, const bitstamp::core::SyncState& state)>;

// Every round plans every idle task (the polling period does not gate a replay); the
// currencies dataset keeps its TTL from `settings`.
[[nodiscard]] ReplayResult replay(const std::vector<Exchange>& exchanges,
                                  const bitstamp::core::Settings& settings, bitstamp::core::SyncState initial = {},
                                  const CommitObserver& on_commit = {});

}  // namespace harness
