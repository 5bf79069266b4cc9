#pragma once
// A whole simulated run: an account drawn from the seed, the real core and a store driven
// against the simulated API on a virtual clock, with the seed's fault plan; then a calm
// settling period, and the oracle's verdict on the books. Same options, same bytes out.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/capture.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/simulator/faults.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {

inline constexpr std::int64_t scenario_days_max = 60;
inline constexpr std::int64_t history_days_max = 45;

struct ScenarioOptions {
  std::uint64_t seed = 42;
  std::int64_t days = 2;  // how long the connector runs while the account changes
  FaultMenu faults = FaultMenu::all();
  std::uint32_t fault_intensity_percent = 100;
  // Drawn from the seed when absent.
  std::optional<std::uint32_t> page_size;
  std::optional<std::int64_t> history_days;      // account history before the install
  std::optional<std::int64_t> event_gap_s_mean;  // how busy the account is
  core::InjectedBug bug = core::InjectedBug::none;
  bool keep_exchanges = false;  // every exchange, for a capture of the run
};

struct ScenarioSummary {
  std::int64_t install_ms = 0;
  std::int64_t end_ms = 0;      // the account stops changing; faults stop
  std::int64_t settled_ms = 0;  // every task has read the final account
  bool settled = false;
  bool sub_account = false;
  std::uint32_t page_size = 0;
  std::int64_t polling_period_ms = 0;
  std::int64_t latency_ms_base = 0;
  std::size_t user_transactions = 0;
  std::size_t crypto_transactions = 0;
  std::size_t withdrawal_requests = 0;
  std::size_t orders = 0;
  bool restricted_key = false;
  std::size_t requests_sent = 0;
  std::size_t responses_delivered = 0;
  std::array<std::size_t, fault_count> faults_injected{};
  std::size_t crashes = 0;
  std::size_t commits = 0;
  std::size_t cycles_failed = 0;
  std::size_t server_requests = 0;
  std::size_t rate_limit_violations = 0;
  std::size_t store_accounts = 0;
  std::size_t store_payments = 0;
  std::size_t store_payment_adjustments = 0;
  std::size_t store_conversions = 0;
  std::size_t store_orders = 0;
  std::size_t store_order_adjustments = 0;
  std::size_t repeated_records = 0;
};

struct ScenarioRun {
  ScenarioSummary summary;
  std::string store_view;                // MemoryStore::canonical_view()
  std::uint64_t trace_hash = 0;          // FNV-1a 64 of every exchange, commit, crash, diagnostic
  std::vector<std::string> violations;   // invariants broken, each in a sentence
  std::vector<core::Diagnostic> diagnostics;     // warnings and errors the core reported
  std::vector<harness::Exchange> exchanges;     // when options.keep_exchanges
};

[[nodiscard]] ScenarioRun run_scenario(const ScenarioOptions& options);

// The `bitstamp-connector simulate` arguments that rerun exactly this scenario:
// "--seed 7 --days 2 --faults all --intensity 100 ..." (the seed-drawn values made explicit
// only when they were given).
[[nodiscard]] std::string simulate_arguments(const ScenarioOptions& options);

// "0x" and 16 lowercase hex digits.
[[nodiscard]] std::string hex(std::uint64_t hash);

}  // namespace bitstamp::simulator
