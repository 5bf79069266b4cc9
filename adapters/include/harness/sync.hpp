#pragma once
// The live loop (`sync`, `record`, `demo`): asks the core what to fetch, signs and sends it
// through libcurl under the rate limiter, backs off retries with jitter, steps the core with
// each answer and commits what it returns to the store, records and state in one transaction.
// Each root task keeps its own schedule (the core's polling period); a task whose cycle
// failed rests for a polling period (or until the end of a --once run) instead of
// hammering the API.

#include <atomic>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <optional>

#include "bitstamp/core/config.hpp"
#include "bitstamp/core/engine.hpp"
#include "fireblocks/core/config.hpp"
#include "fireblocks/core/engine.hpp"
#include "harness/capture.hpp"
#include "harness/http_client.hpp"
#include "harness/log.hpp"
#include "harness/store.hpp"

namespace harness {

inline constexpr std::int64_t plan_tick_ms = 1000;          // how often the idle loop asks the core to plan
inline constexpr std::int64_t progress_interval_ms = 500;   // terminal progress refresh

// A Fireblocks workspace instead of a Bitstamp account.
struct FireblocksSync {
  fireblocks::core::Config config;  // key, private key, endpoint, polling period
  fireblocks::core::Settings settings;
};

struct SyncOptions {
  bitstamp::core::Config config;  // key, secret, endpoint, polling period
  bitstamp::core::Settings settings;
  std::optional<FireblocksSync> fireblocks;  // when set, the run syncs Fireblocks and ignores the two above
  HttpOptions http;
  bool once = false;             // one full pass of every enabled task (backfill included), then return
  std::uint64_t jitter_seed = 0;  // backoff jitter; the CLI draws it, tests fix it
  // Called with every exchange as it arrives (record's capture); the request carries no
  // credential: signing happens on the wire copy only.
  std::function<void(const Exchange&)> on_exchange;
  // Called after each successful store commit with its records (the JSON-lines output).
  std::function<void(const std::vector<connector::Record>&)> on_commit;
  std::ostream* progress = nullptr;  // a terminal: one refreshed line of progress
  std::function<std::int64_t()> clock;  // wall-clock ms; empty = the system clock
};

struct SyncOutcome {
  std::size_t commits = 0;
  std::size_t records = 0;
  std::size_t requests_sent = 0;
  std::size_t failed_cycles = 0;
  std::vector<std::string> failures;  // each failed cycle's message (redacted by the logger's rules)
  bool stopped = false;                // a stop was requested (SIGINT/SIGTERM)
  bool store_failed = false;           // a commit failed: the run stopped with nothing partial kept
};

// Runs until `stop` is set, or, with options.once, until every enabled task has finished one
// pass. Throws StoreError only from opening; a failed commit ends the run (store_failed).
[[nodiscard]] SyncOutcome run_sync(const SyncOptions& options, Store& store, Logger& logger,
                                   const std::atomic<bool>& stop);

}  // namespace harness
