#include "bitstamp/simulator/backfill.hpp"

#include <algorithm>
#include <deque>

#include "harness/pacing.hpp"
#include "bitstamp/core/state.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/simulator/synthetic_ledger.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t start_ms = 1'759'320'000'000;  // 2025-10-01T12:00:00Z
constexpr std::int64_t day_s = 86'400;
// The history ends 30 days before the sync: its fills are past order_status/'s retention and
// become historical orders, so the cost measured is the history's, not that of following
// recent orders (one order_status/ call per order).
constexpr std::int64_t history_end_before_s = 30 * day_s;
constexpr std::int64_t history_span_s = 3 * 365 * day_s;
constexpr std::int64_t plan_tick_ms = 1000;  // the live loop's
constexpr std::int64_t give_up_ms = 7 * 24 * 3600 * 1000LL;

struct InFlight {
  core::Request request;
  core::Response response;
  std::int64_t arrive_at_ms = 0;
};

class BackfillDriver {
 public:
  BackfillDriver(const BackfillOptions& options, harness::Store& store)
      : options_(options),
        store_(store),
        account_(options.seed, quiet_shape()),
        ledger_(account_, SyntheticLedgerShape{options.seed, options.user_transactions,
                                               start_ms / 1000 - history_end_before_s - history_span_s,
                                               start_ms / 1000 - history_end_before_s}),
        server_(account_, ledger_) {
    settings_.tasks = options.tasks;
    report_.user_transactions_pages_min = (options.user_transactions + core::page_size_max - 1) / core::page_size_max;
  }

  BackfillReport run() {
    now_ms_ = start_ms;
    std::int64_t next_plan_ms = now_ms_;
    while (now_ms_ < start_ms + give_up_ms) {
      if (now_ms_ >= next_plan_ms || plan_now_) {
        plan_now_ = false;
        absorb(core::plan(std::move(state_), settings_, now_ms_));
        next_plan_ms = now_ms_ + plan_tick_ms;
      }
      send_ready();
      if (done()) break;
      now_ms_ = std::max(now_ms_, std::min(next_plan_ms, next_event_ms()));
      deliver_arrived();
    }
    report_.simulated_ms = last_commit_ms_ - start_ms;
    report_.rate_limit_violations = server_.rate_limit_violations();
    return std::move(report_);
  }

 private:
  static AccountShape quiet_shape() {
    AccountShape shape;  // a Main account with every scope, and no drawn history
    shape.history_start_s = start_ms / 1000;
    shape.end_s = start_ms / 1000;
    return shape;
  }

  bool done() const {
    if (!outgoing_.empty() || !in_flight_.empty()) return false;
    for (const core::Task task : {core::Task::accounts, core::Task::payments, core::Task::conversions, core::Task::orders}) {
      if (core::task_due(state_, settings_, task, now_ms_)) return false;
    }
    return true;
  }

  std::int64_t next_event_ms() const {
    std::int64_t next = INT64_MAX;
    for (const InFlight& flight : in_flight_) next = std::min(next, flight.arrive_at_ms);
    if (in_flight_.size() < options_.in_flight_max && !outgoing_.empty()) {
      next = std::min(next, limiter_.earliest_send_ms(now_ms_));
    }
    return next;
  }

  void send_ready() {
    while (in_flight_.size() < options_.in_flight_max && !outgoing_.empty() &&
           limiter_.earliest_send_ms(now_ms_) <= now_ms_) {
      core::Request request = std::move(outgoing_.front());
      outgoing_.pop_front();
      limiter_.record_send(now_ms_);
      ++report_.requests;
      ++report_.requests_by_path[request.path];
      if (request.path == core::user_transactions_path) ++report_.user_transactions_requests;
      // The server acts halfway through the round trip.
      core::Response response = server_.answer(request, now_ms_ + options_.latency_ms / 2);
      in_flight_.push_back({std::move(request), std::move(response), now_ms_ + options_.latency_ms});
    }
  }

  void deliver_arrived() {
    while (!in_flight_.empty()) {
      const auto next = std::min_element(in_flight_.begin(), in_flight_.end(), [](const InFlight& a, const InFlight& b) {
        return a.arrive_at_ms < b.arrive_at_ms;
      });
      if (next->arrive_at_ms > now_ms_) return;
      InFlight flight = std::move(*next);
      in_flight_.erase(next);
      absorb(core::step(std::move(state_), settings_, flight.request, flight.response, now_ms_));
    }
  }

  void absorb(core::StepResult&& result) {
    for (const core::Diagnostic& d : result.diagnostics) {
      if (d.severity == core::Severity::warning || d.severity == core::Severity::error) {
        report_.problems.push_back(d.code + ": " + d.detail);
      }
    }
    if (result.commit) {
      store_.commit(result.records, core::encode_state(result.state));
      ++report_.commits;
      report_.records += result.records.size();
      report_.records_per_commit_max = std::max(report_.records_per_commit_max, result.records.size());
      last_commit_ms_ = now_ms_;
      plan_now_ = true;  // a cycle that stopped at its page budget goes on at once
    }
    state_ = std::move(result.state);
    for (core::Request& request : result.requests) outgoing_.push_back(std::move(request));
  }

  BackfillOptions options_;
  harness::Store& store_;
  Account account_;
  SyntheticLedger ledger_;
  BitstampServer server_;
  core::Settings settings_;
  core::SyncState state_;
  harness::RateLimiter limiter_;
  std::deque<core::Request> outgoing_;
  std::vector<InFlight> in_flight_;
  std::int64_t now_ms_ = 0;
  std::int64_t last_commit_ms_ = start_ms;
  bool plan_now_ = false;
  BackfillReport report_;
};

}  // namespace

BackfillReport run_backfill(const BackfillOptions& options, harness::Store& store) {
  return BackfillDriver(options, store).run();
}

}  // namespace bitstamp::simulator
