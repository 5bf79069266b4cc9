// `simulate`: one whole seeded scenario against the simulated Bitstamp, a summary and the
// trace hash on standard output; exit 1 when an invariant does not hold.
#include <fstream>

#include "harness/cli.hpp"
#include "cli_arguments.hpp"
#include "connector/time.hpp"
#include "bitstamp/simulator/scenario.hpp"
#include "fireblocks/simulator/simulation.hpp"

namespace harness {
namespace {

constexpr const char* simulate_help = R"(Usage: bitstamp-connector simulate [options]

Runs the connector's core and an in-memory store against a simulated Bitstamp account drawn
from the seed: its history, its API's semantics, and a fault plan (5xx, timeouts before and
after the server acted, 429s with and without Retry-After, auth errors, errors on HTTP 200,
truncated and non-JSON bodies, duplicated rows and deliveries, reordered responses, process
crashes before, inside and after a commit, deposits outliving Bitstamp's 30-day reach). Time
is virtual: days of polling take well under a second. After the account stops changing, the
run settles without faults and the books are checked against the account: nothing lost,
nothing duplicated, cursors never back, rate limits kept. Prints a summary and a trace hash;
the same options print the same hash on any build.

With --connector fireblocks, a simulated Fireblocks workspace instead (its own options:
--seed N, --days D of transactions arriving while it syncs (1..30, default 2), --transactions
N (1..5000, default 150), --page-size N (1..500), --bug NAME (created_at_only_cursor,
catalogue_first_page_only, multi_destination_flat: the canaries the checks must catch)).

Options:
  --seed N           the scenario (default 42)
  --days D           days the connector runs while the account changes (1..60, default 2)
  --faults LIST      all (default), none, or a comma-separated list of:
                     server_error, timeout_before, timeout_after, rate_limited,
                     rate_limited_retry_after, auth_error, error_on_200, truncated_body,
                     non_json_body, duplicate_row, duplicate_delivery, reordered, crash,
                     retention_expiry
  --intensity PCT    scale every fault rate (default 100)
  --page-size N      page size 1..1000 (default: drawn from the seed)
  --history-days D   account history before the install, 0..45 (default: drawn)
  --event-gap S      mean seconds between account events, 60..86400 (default: drawn)
  --inject-bug NAME  test-only: run a deliberately broken core (exclusive_watermark,
                     cursor_before_records, rate_limit_as_empty_page, no_cross_source_dedupe,
                     followed_payments_dropped_early) to see the harness catch it
  --capture-out FILE write every exchange of the run as a capture (replayable)
  --help             this text

Exit codes: 0 every invariant holds, 1 one does not, 2 bad arguments.
)";

std::optional<bitstamp::core::InjectedBug> bug_from_string(const std::string& name) {
  for (const bitstamp::core::InjectedBug bug : bitstamp::core::injected_bugs) {
    if (bitstamp::core::to_string(bug) == name) return bug;
  }
  return name == "none" ? std::optional(bitstamp::core::InjectedBug::none) : std::nullopt;
}

// Returns an error message, or "" when the options parsed.
std::string parse_options(const std::vector<std::string>& args, bitstamp::simulator::ScenarioOptions& options,
                          std::string& capture_out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (i + 1 >= args.size()) return flag.starts_with("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'";
    const std::string& value = args[++i];
    std::int64_t number = 0;
    const auto integer = [&](std::int64_t low, std::int64_t high) -> std::string {
      if (parse_integer<std::int64_t>(value, low, high, number)) return "";
      return flag + " must be an integer in " + std::to_string(low) + ".." + std::to_string(high) + ", not '" + value + "'";
    };
    if (flag == "--seed") {
      if (!parse_integer<std::uint64_t>(value, 0, UINT64_MAX, options.seed)) {
        return "--seed must be a non-negative integer, not '" + value + "'";
      }
    } else if (flag == "--days") {
      if (auto e = integer(1, bitstamp::simulator::scenario_days_max); !e.empty()) return e;
      options.days = number;
    } else if (flag == "--faults") {
      std::string error;
      const auto menu = bitstamp::simulator::parse_fault_menu(value, error);
      if (!menu) return "--faults: " + error;
      options.faults = *menu;
    } else if (flag == "--intensity") {
      if (auto e = integer(0, 1000); !e.empty()) return e;
      options.fault_intensity_percent = static_cast<std::uint32_t>(number);
    } else if (flag == "--page-size") {
      if (auto e = integer(1, bitstamp::core::page_size_max); !e.empty()) return e;
      options.page_size = static_cast<std::uint32_t>(number);
    } else if (flag == "--history-days") {
      if (auto e = integer(0, bitstamp::simulator::history_days_max); !e.empty()) return e;
      options.history_days = number;
    } else if (flag == "--event-gap") {
      if (auto e = integer(60, 86400); !e.empty()) return e;
      options.event_gap_s_mean = number;
    } else if (flag == "--inject-bug") {
      const auto bug = bug_from_string(value);
      if (!bug) return "--inject-bug: unknown bug '" + value + "' (see --help)";
      options.bug = *bug;
    } else if (flag == "--capture-out") {
      capture_out = value;
      options.keep_exchanges = true;
    } else {
      return "unknown option '" + flag + "'";
    }
  }
  return "";
}

void print_summary(const bitstamp::simulator::ScenarioOptions& options, const bitstamp::simulator::ScenarioRun& run, std::ostream& out) {
  const bitstamp::simulator::ScenarioSummary& s = run.summary;
  const bool all_faults = options.faults.enabled == bitstamp::simulator::FaultMenu::all().enabled;
  out << "simulate     seed " << options.seed << ", " << options.days << " day(s), faults "
      << (all_faults ? "all" : bitstamp::simulator::describe(options.faults)) << " at " << options.fault_intensity_percent
      << "%";
  if (options.bug != bitstamp::core::InjectedBug::none) out << ", injected bug " << bitstamp::core::to_string(options.bug);
  out << "\naccount      " << (s.sub_account ? "sub-account" : "Main account") << ": " << s.user_transactions
      << " user transactions, " << s.crypto_transactions << " crypto transactions, " << s.withdrawal_requests
      << " withdrawal requests, " << s.orders << " orders" << (s.restricted_key ? " (key without trading scope)" : "")
      << "\n";
  out << "shell        page size " << s.page_size << ", polling every " << s.polling_period_ms / 60000
      << " min, latency " << s.latency_ms_base << " ms + jitter\n";
  out << "run          " << s.requests_sent << " requests (" << s.server_requests << " reached the server), "
      << s.responses_delivered << " responses, " << s.commits << " commits, " << s.cycles_failed
      << " cycles failed, " << s.crashes << " crashes\n";
  out << "faults      ";
  bool any = false;
  for (const bitstamp::simulator::Fault fault : bitstamp::simulator::all_faults) {
    const std::size_t count = s.faults_injected[static_cast<std::size_t>(fault)];
    if (count == 0) continue;
    out << " " << bitstamp::simulator::to_string(fault) << "=" << count;
    any = true;
  }
  out << (any ? "\n" : " none\n");
  out << "store        " << s.store_accounts << " accounts, " << s.store_payments << " payments ("
      << s.store_payment_adjustments << " status adjustments), " << s.store_conversions << " conversions, "
      << s.store_orders << " orders (" << s.store_order_adjustments << " adjustments), " << s.repeated_records << " repeated records\n";
  out << "settled      " << (s.settled ? connector::format_rfc3339(s.settled_ms * connector::us_per_ms) : "no") << "\n";
  if (run.violations.empty()) {
    out << "invariants   hold\n";
  } else {
    constexpr std::size_t shown_max = 20;
    out << "invariants   " << run.violations.size() << " violated\n";
    for (std::size_t i = 0; i < run.violations.size() && i < shown_max; ++i) out << "  - " << run.violations[i] << "\n";
    if (run.violations.size() > shown_max) out << "  ... and " << run.violations.size() - shown_max << " more\n";
  }
  out << "trace-hash   " << bitstamp::simulator::hex(run.trace_hash) << "\n";
}

int run_fireblocks_simulation(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  fireblocks::simulator::SimulationOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--connector") {
      ++i;
      continue;
    }
    if (i + 1 >= args.size()) {
      err << "simulate: " << flag << " needs a value (or is unknown)\n";
      return exit_usage;
    }
    const std::string& value = args[++i];
    bool ok = true;
    if (flag == "--seed") {
      ok = parse_integer<std::uint64_t>(value, 0, UINT64_MAX, options.seed);
    } else if (flag == "--days") {
      ok = parse_integer<std::int64_t>(value, 1, 30, options.live_days);
    } else if (flag == "--transactions") {
      ok = parse_integer<std::uint32_t>(value, 1, 5000, options.transactions);
    } else if (flag == "--page-size") {
      ok = parse_integer<std::uint32_t>(value, 1, fireblocks::core::transactions_page_size_max, options.settings.page_size);
    } else if (flag == "--bug") {
      ok = false;
      for (const fireblocks::core::InjectedBug bug : fireblocks::core::injected_bugs) {
        if (fireblocks::core::to_string(bug) == value) options.settings.injected_bug = bug, ok = true;
      }
    } else {
      err << "simulate: unknown option '" << flag << "' for fireblocks\n";
      return exit_usage;
    }
    if (!ok) {
      err << "simulate: bad value '" << value << "' for " << flag << "\n";
      return exit_usage;
    }
  }
  const fireblocks::simulator::SimulationRun run = fireblocks::simulator::simulate(options);
  const harness::StoreCounts counts = run.store.counts();
  out << "simulate     fireblocks, seed " << options.seed << ", " << options.history_days << " day(s) of history, "
      << options.live_days << " day(s) live, " << options.transactions << " transactions";
  if (options.settings.injected_bug != fireblocks::core::InjectedBug::none) {
    out << ", injected bug " << fireblocks::core::to_string(options.settings.injected_bug);
  }
  out << "\nrun          " << run.cycles << " cycles, " << run.exchanges << " exchanges, " << run.faults << " faults, "
      << run.crashes << " crashes, " << run.commits << " commits\n";
  out << "store        " << counts.accounts << " accounts, " << counts.balance_rows << " balance rows, " << counts.payments
      << " payments (" << counts.payment_adjustments << " status adjustments), " << counts.repeated_records
      << " repeated records\n";
  if (run.problems.empty()) {
    out << "invariants   hold\n";
  } else {
    out << "invariants   " << run.problems.size() << " violated\n";
    for (std::size_t i = 0; i < run.problems.size() && i < 20; ++i) out << "  - " << run.problems[i] << "\n";
  }
  out << "trace-hash   " << bitstamp::simulator::hex(run.trace_hash) << "\n";
  return run.problems.empty() ? exit_ok : exit_failure;
}

}  // namespace

int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << simulate_help;
      return exit_ok;
    }
  }
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--connector" && args[i + 1] == "fireblocks") return run_fireblocks_simulation(args, out, err);
    if (args[i] == "--connector" && args[i + 1] != "bitstamp") {
      err << "simulate: --connector must be bitstamp or fireblocks\n";
      return exit_usage;
    }
  }
  bitstamp::simulator::ScenarioOptions options;
  std::string capture_out;
  std::vector<std::string> bitstamp_args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--connector") {
      ++i;  // bitstamp
      continue;
    }
    bitstamp_args.push_back(args[i]);
  }
  if (const std::string error = parse_options(bitstamp_args, options, capture_out); !error.empty()) {
    err << "simulate: " << error << "\n(see: bitstamp-connector simulate --help)\n";
    return exit_usage;
  }
  const bitstamp::simulator::ScenarioRun run = bitstamp::simulator::run_scenario(options);
  if (!capture_out.empty()) {
    std::ofstream file(capture_out, std::ios::binary | std::ios::trunc);
    for (const Exchange& exchange : run.exchanges) file << write_exchange(exchange) << '\n';
    if (!file) {
      err << "simulate: cannot write capture '" << capture_out << "'\n";
      return exit_failure;
    }
  }
  print_summary(options, run, out);
  return run.violations.empty() ? exit_ok : exit_failure;
}

}  // namespace harness
