#pragma once
// What the simulation properties share: a generator of whole scenarios whose every knob
// shrinks toward a smaller trace (one day, no history, a quiet account, big pages, few
// faults), and the record of the smallest failing scenario seen, written out as a
// regression capture that `replay` reads and `simulate` reruns.

#include <rapidcheck.h>

#include <fstream>
#include <optional>
#include <string>

#include "bitstamp/simulator/scenario.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator::testing {

inline constexpr std::int64_t quiet_event_gap_s = 6 * 3600;
// An upper bound on a generated account's expected events over history and run. A busy,
// long account under heavy faults costs minutes per case (a cycle that fails restarts its
// walk), and one such case made a 1000-case property take 230 s instead of 17 s in CI;
// 2000 events still fill several pages of 1000.
inline constexpr std::int64_t expected_events_max = 2000;

inline rc::Gen<ScenarioOptions> scenario_options(core::InjectedBug bug = core::InjectedBug::none) {
  return rc::gen::exec([bug] {
    ScenarioOptions options;
    options.seed = *rc::gen::inRange<std::uint64_t>(0, 1'000'000'000);
    options.days = *rc::gen::inRange<std::int64_t>(1, 4);
    options.history_days = *rc::gen::inRange<std::int64_t>(0, history_days_max + 1);
    const std::int64_t busy = *rc::gen::inRange<std::int64_t>(0, 100);
    const std::int64_t busy_gap_s = quiet_event_gap_s - busy * (quiet_event_gap_s - 600) / 100;
    const std::int64_t span_s = (options.days + *options.history_days) * 86400;
    options.event_gap_s_mean = std::max(busy_gap_s, span_s / expected_events_max);
    const std::int64_t split = *rc::gen::inRange<std::int64_t>(0, 40);  // 0: whole pages of 1000
    options.page_size = static_cast<std::uint32_t>(std::max<std::int64_t>(1, 1000 / (1 + split * split)));
    options.fault_intensity_percent = *rc::gen::inRange<std::uint32_t>(0, 201);
    options.bug = bug;
    return options;
  });
}

// The smallest failing scenario of a check (fewest exchanges), kept across shrinking steps.
struct SmallestFailure {
  std::optional<ScenarioOptions> options;
  std::size_t exchanges = 0;
  std::string first_violation;

  void consider(const ScenarioOptions& failing, const ScenarioRun& run) {
    if (options && run.summary.responses_delivered >= exchanges) return;
    options = failing;
    exchanges = run.summary.responses_delivered;
    first_violation = run.violations.empty() ? "" : run.violations.front();
  }
};

struct WrittenRegression {
  std::string capture;          // the path of the trace
  std::uint32_t page_size = 0;  // what `replay --page-size` needs to ask the same requests
};

// Writes <dir>/<name>.jsonl (the run's exchanges, a capture) and <dir>/<name>.args (the
// simulate arguments that rerun it).
inline WrittenRegression write_regression(const std::string& dir, const std::string& name, ScenarioOptions options) {
  options.keep_exchanges = true;
  const ScenarioRun run = run_scenario(options);
  const std::string capture = dir + "/" + name + ".jsonl";
  std::ofstream out(capture, std::ios::binary | std::ios::trunc);
  for (const harness::Exchange& exchange : run.exchanges) out << harness::write_exchange(exchange) << '\n';
  std::ofstream(dir + "/" + name + ".args", std::ios::trunc) << simulate_arguments(options) << '\n';
  return {capture, run.summary.page_size};
}

}  // namespace bitstamp::simulator::testing
