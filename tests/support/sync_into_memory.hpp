#pragma once
// A live sync (either connector) into a MemoryStore, its log kept: what the e2e tests judge.

#include <atomic>
#include <sstream>
#include <string>

#include "harness/log.hpp"
#include "harness/memory_store.hpp"
#include "harness/sync.hpp"

namespace harness::testing {

struct MemoryRun {
  SyncOutcome outcome;
  MemoryStore store;
  std::string log;
};

inline MemoryRun sync_into_memory(const SyncOptions& options) {
  MemoryRun run;
  std::ostringstream log;
  Redactor redactor;
  Logger logger(log, redactor, connector::Severity::debug);
  const std::atomic<bool> never{false};
  run.outcome = run_sync(options, run.store, logger, never);
  run.log = log.str();
  return run;
}

}  // namespace harness::testing
