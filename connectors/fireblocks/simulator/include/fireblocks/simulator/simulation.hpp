#pragma once
// A whole simulated life of the Fireblocks connector, in one process and on a simulated clock:
// a seeded workspace whose transactions keep arriving and changing status while the real core
// syncs it every polling period, through the harness's seam, with the API's faults injected
// (timeouts, 429, 5xx, 401 -10/-12, bodies cut short, answers delivered twice or out of order)
// and crashes at any step (the state goes back to the store's last commit); once the workspace
// stops changing, the run settles without faults or crashes for two days. The oracle, written
// from the wire digest and not from the core, then judges the books: no payment lost, none
// repeated, every final status reached with each change an adjustment, the right type and asset,
// and every vault's balances equal to the workspace's. Same seed, same trace hash.

#include <cstdint>
#include <string>
#include <vector>

#include "fireblocks/core/engine.hpp"
#include "fireblocks/simulator/workspace.hpp"
#include "harness/memory_store.hpp"

namespace fireblocks::simulator {

inline constexpr std::int64_t simulation_start_ms = 1735689600000;  // 2025-01-01T00:00:00Z: the first sync
inline constexpr std::int64_t settle_ms = 2 * 24 * 60 * 60 * 1000LL;  // after the last transaction every status has ended (the latest, a reversal, 32 h on)

struct SimulationOptions {
  std::uint64_t seed = 1;
  std::int64_t history_days = 20;  // of transactions before the first sync
  std::int64_t live_days = 2;      // of transactions arriving while it syncs
  std::uint32_t transactions = 150;
  std::uint32_t filler_assets = 12;        // a small catalogue...
  std::uint32_t catalogue_page_max = 5;    // ...over several pages
  std::uint32_t fault_per_mille = 150;  // the chance an answer is a fault
  std::uint32_t crash_per_mille = 20;   // the chance the process dies after a step
  core::Settings settings;              // page size, injected bug
};

struct SimulationRun {
  std::vector<std::string> problems;  // the oracle's findings; empty when the books are right
  std::uint64_t trace_hash = 0;       // FNV-1a of every exchange and every committed record
  std::size_t exchanges = 0;
  std::size_t commits = 0;
  std::size_t cycles = 0;
  std::size_t faults = 0;
  std::size_t crashes = 0;
  std::vector<connector::Diagnostic> errors;  // the core's error diagnostics (failed cycles), in order
  harness::MemoryStore store;
};

[[nodiscard]] SimulationRun simulate(const SimulationOptions& options);

// The oracle: what the store must hold once every transaction of `workspace` has ended.
[[nodiscard]] std::vector<std::string> check_books(const Workspace& workspace, const harness::MemoryStore& store,
                                                   std::int64_t now_ms);

}  // namespace fireblocks::simulator
