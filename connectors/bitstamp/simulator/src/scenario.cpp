#include "bitstamp/simulator/scenario.hpp"

#include <algorithm>

#include "harness/memory_store.hpp"
#include "harness/pacing.hpp"
#include "connector/record_json.hpp"
#include "bitstamp/core/state.hpp"
#include "bitstamp/simulator/account.hpp"
#include "bitstamp/simulator/oracle.hpp"
#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t install_ms = 1'759'320'000'000;  // 2025-10-01T12:00:00Z
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t tick_ms = 5 * 60 * 1000;       // how often the shell asks the core to plan
constexpr std::int64_t timeout_ms = 30 * 1000;        // the shell's request timeout
constexpr std::int64_t restart_delay_ms = 2 * 1000;   // a crashed process is back this much later
constexpr std::int64_t settle_ms_max = 3 * day_ms;    // calm time allowed to read the final account
constexpr std::size_t concurrency_max = 4;            // requests in flight at once
constexpr std::int64_t retry_after_s_max = 30;
constexpr std::int64_t reorder_delay_ms_max = 2000;

// Streams of the seed, one per concern.
enum Stream : std::uint64_t { shape_stream, history_stream, plan_stream, fault_stream, timing_stream, days_stream, settings_stream };

class TraceHash {
 public:
  void add(std::string_view line) {
    for (const char c : line) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
    hash_ ^= '\n';
    hash_ *= 0x100000001b3ULL;
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

AccountShape draw_shape(Rng rng, const ScenarioOptions& options, std::int64_t history_days) {
  AccountShape shape;
  shape.history_start_s = install_ms / 1000 - history_days * 86400;
  shape.end_s = install_ms / 1000 + options.days * 86400;
  shape.event_gap_s_mean = options.event_gap_s_mean.value_or(rng.between(20 * 60, 6 * 3600));
  shape.sub_account = rng.chance(150);
  shape.restricted_key = rng.chance(200);
  shape.stuck_deposit_per_mille = static_cast<std::uint32_t>(rng.below(60));
  draw_old_history(rng, shape);
  return shape;
}

std::uint32_t draw_page_size(Rng& rng) {
  switch (rng.below(4)) {
    case 0: return static_cast<std::uint32_t>(rng.between(1, 3));
    case 1: return static_cast<std::uint32_t>(rng.between(4, 20));
    case 2: return static_cast<std::uint32_t>(rng.between(21, 200));
    default: return core::page_size_max;
  }
}

struct Outgoing {
  core::Request request;
  std::int64_t ready_at_ms = 0;
  std::uint64_t sequence = 0;
};

struct InFlight {
  core::Request request;
  core::Response response;
  std::int64_t arrive_at_ms = 0;
  std::uint64_t sequence = 0;
  bool delivered_twice = false;
};

class Driver {
 public:
  explicit Driver(const ScenarioOptions& options)
      : options_(options),
        root_(options.seed),
        history_days_(options.history_days.value_or(root_.fork(days_stream).between(0, history_days_max))),
        plan_(draw_fault_plan(root_.fork(plan_stream).next(), options.faults, options.fault_intensity_percent)),
        account_(root_.fork(history_stream).next(), shape_with_faults()),
        server_(account_),
        fault_rng_(root_.fork(fault_stream)),
        timing_rng_(root_.fork(timing_stream)) {
    Rng setup = root_.fork(settings_stream);
    settings_.page_size = options.page_size.value_or(draw_page_size(setup));
    settings_.polling_period_ms = core::polling_period_ms_min + setup.between(0, 4) * 10 * 60 * 1000;
    settings_.injected_bug = options.bug;
    latency_ms_base_ = setup.chance(300) ? 0 : setup.between(1, 200);
    summary_.install_ms = install_ms;
    summary_.end_ms = install_ms + options.days * day_ms;
    summary_.sub_account = account_.shape().sub_account;
    summary_.page_size = settings_.page_size;
    summary_.polling_period_ms = settings_.polling_period_ms;
    summary_.latency_ms_base = latency_ms_base_;
    summary_.user_transactions = account_.transactions().size();
    summary_.crypto_transactions = account_.crypto_transactions().size();
    summary_.withdrawal_requests = account_.withdrawal_requests().size();
    summary_.orders = account_.orders().size();
    summary_.restricted_key = account_.shape().restricted_key;
  }

  ScenarioRun run() {
    now_ms_ = install_ms;
    std::int64_t next_tick_ms = now_ms_;
    const std::int64_t give_up_ms = summary_.end_ms + settle_ms_max;
    while (now_ms_ <= give_up_ms) {
      if (now_ms_ >= next_tick_ms) {
        absorb(core::plan(std::move(state_), settings_, now_ms_), false);
        next_tick_ms = now_ms_ + tick_ms;
      }
      send_ready();
      if (settled()) break;
      now_ms_ = std::max(now_ms_, std::min(next_tick_ms, next_event_ms()));
      deliver_arrived();
    }
    summary_.settled = settled();
    summary_.settled_ms = now_ms_;
    return finish();
  }

 private:
  AccountShape shape_with_faults() const {
    AccountShape shape = draw_shape(root_.fork(shape_stream), options_, history_days_);
    shape.late_completion_per_mille = plan_.rate(Fault::retention_expiry);  // 0 when off the menu
    return shape;
  }

  bool faults_on() const { return now_ms_ < summary_.end_ms; }

  bool roll(Fault fault) {
    const bool hit = fault_rng_.chance(plan_.rate(fault));  // always drawn: later draws never shift
    if (!hit || !faults_on()) return false;
    ++summary_.faults_injected[static_cast<std::size_t>(fault)];
    return true;
  }

  bool settled() const {
    if (now_ms_ < summary_.end_ms || !in_flight_.empty() || !outgoing_.empty()) return false;
    const std::int64_t after = summary_.end_ms + 2 * settings_.polling_period_ms;
    const bool idle = !state_.running.accounts && !state_.running.payments && !state_.running.conversions;
    return idle && state_.accounts.last_completed_ms >= after && state_.payments.last_completed_ms >= after &&
           state_.conversions.last_completed_ms >= after && !state_.payments_cursor.user_transactions.backfill_pending &&
           !state_.conversions_cursor.backfill_pending;
  }

  std::int64_t next_event_ms() const {
    std::int64_t next = INT64_MAX;
    for (const InFlight& f : in_flight_) next = std::min(next, f.arrive_at_ms);
    if (in_flight_.size() < concurrency_max) {
      for (const Outgoing& o : outgoing_) next = std::min(next, limiter_.earliest_send_ms(o.ready_at_ms));
    }
    return next;
  }

  // Sends what is due, oldest first, while a slot is free and the rate limiter allows.
  void send_ready() {
    while (in_flight_.size() < concurrency_max && !outgoing_.empty()) {
      const auto due = std::min_element(outgoing_.begin(), outgoing_.end(), [](const Outgoing& a, const Outgoing& b) {
        return a.ready_at_ms != b.ready_at_ms ? a.ready_at_ms < b.ready_at_ms : a.sequence < b.sequence;
      });
      if (due->ready_at_ms > now_ms_ || limiter_.earliest_send_ms(now_ms_) > now_ms_) return;
      const core::Request request = std::move(due->request);
      outgoing_.erase(due);
      send(request);
    }
  }

  void send(const core::Request& request) {
    ++summary_.requests_sent;
    limiter_.record_send(now_ms_);
    // Every fault is drawn for every request, hit or not, so the draws stay aligned.
    const bool before = roll(Fault::timeout_before);
    const bool after = roll(Fault::timeout_after);
    const bool server_error = roll(Fault::server_error);
    const bool limited = roll(Fault::rate_limited);
    const bool limited_with_retry_after = roll(Fault::rate_limited_retry_after);
    const bool auth = roll(Fault::auth_error);
    const bool maintenance = roll(Fault::error_on_200);
    const bool truncated = roll(Fault::truncated_body);
    const bool non_json = roll(Fault::non_json_body);
    const bool duplicate_row = roll(Fault::duplicate_row);
    const bool twice = roll(Fault::duplicate_delivery);
    const bool reordered = roll(Fault::reordered);
    // One draw per statement: operands of + are evaluated in the compiler's order, and the same
    // seed must give the same trace with any compiler.
    const auto jitter_ms = static_cast<std::int64_t>(timing_rng_.below(50));
    const auto reorder_ms = reordered ? static_cast<std::int64_t>(timing_rng_.below(reorder_delay_ms_max)) : 0;
    const std::int64_t latency_ms = latency_ms_base_ + jitter_ms + reorder_ms;
    const std::uint64_t cut = timing_rng_.next();
    const std::int64_t retry_after_s = timing_rng_.between(1, retry_after_s_max);

    InFlight flight{request, {}, now_ms_ + latency_ms, sequence_++, twice};
    if (before) {
      flight.response = core::Response{core::Transport::timeout, 0, {}, ""};
      flight.arrive_at_ms = now_ms_ + timeout_ms;
      in_flight_.push_back(std::move(flight));
      return;
    }
    flight.response = server_.answer(request, now_ms_ + latency_ms / 2, AnswerTwist{duplicate_row});
    core::Response& response = flight.response;
    if (after) {
      response = core::Response{core::Transport::timeout, 0, {}, ""};
      flight.arrive_at_ms = now_ms_ + timeout_ms;
    } else if (server_error) {
      response = core::Response{core::Transport::received, 502, {{"content-type", "text/html"}},
                                "<html><body><h1>502 Bad Gateway</h1></body></html>"};
    } else if (limited || limited_with_retry_after) {
      response = core::Response{core::Transport::received, 429, {{"content-type", "application/json"}},
                                R"({"status":"error","reason":"Request rejected due to exceeded rate limit.","response_code":"400.002"})"};
      if (limited_with_retry_after) response.headers.push_back({"retry-after", std::to_string(retry_after_s)});
    } else if (auth) {
      response = core::Response{core::Transport::received, 403, {{"content-type", "application/json"}},
                                R"({"status":"error","reason":"Authentication failed","code":"API0008"})"};
    } else if (maintenance) {
      response = core::Response{core::Transport::received, 200, {{"content-type", "application/json"}},
                                R"({"error":"Bitstamp is currently down for scheduled maintenance. Please try again shortly."})"};
    } else if (non_json) {
      response = core::Response{core::Transport::received, 200, {{"content-type", "text/html"}},
                                "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"};
    } else if (truncated && response.body.size() > 1) {
      response.body.resize(1 + cut % (response.body.size() - 1));
    }
    in_flight_.push_back(std::move(flight));
  }

  void deliver_arrived() {
    while (true) {
      const auto next = std::min_element(in_flight_.begin(), in_flight_.end(), [](const InFlight& a, const InFlight& b) {
        return a.arrive_at_ms != b.arrive_at_ms ? a.arrive_at_ms < b.arrive_at_ms : a.sequence < b.sequence;
      });
      if (next == in_flight_.end() || next->arrive_at_ms > now_ms_) return;
      const InFlight flight = std::move(*next);
      in_flight_.erase(next);
      const int copies = flight.delivered_twice ? 2 : 1;
      for (int copy = 0; copy < copies; ++copy) {
        ++summary_.responses_delivered;
        record_exchange(flight);
        if (!step(flight)) return;  // crashed: nothing in flight survives
      }
    }
  }

  // Hashes the exchange field by field (writing it as a capture line costs more than the
  // whole core step); the capture itself is kept only when asked for.
  void record_exchange(const InFlight& flight) {
    const core::Request& request = flight.request;
    const core::Response& response = flight.response;
    trace_.add(std::to_string(now_ms_) + " " + std::string(core::to_string(request.method)) + " " + request.path + "?" +
               core::encode_form(request.params));
    trace_.add(std::string(core::to_string(response.transport)) + " " + std::to_string(response.status));
    for (const core::Header& header : response.headers) trace_.add(header.name + ": " + header.value);
    trace_.add(response.body);
    if (options_.keep_exchanges) exchanges_.push_back(harness::Exchange{request, response, now_ms_});
  }

  // One core step; false when the process crashed at it.
  bool step(const InFlight& flight) {
    core::StepResult result = core::step(std::move(state_), settings_, flight.request, flight.response, now_ms_);
    const bool crash = roll(Fault::crash);
    const std::uint64_t phase = fault_rng_.below(3);
    if (crash && (!result.commit || phase < 2)) {
      // Before the store write, or inside its transaction (rolled back): nothing of this step.
      restart(!result.commit ? "crash between commits"
              : phase == 0   ? "crash before the store write"
                             : "crash inside the store transaction");
      return false;
    }
    absorb(std::move(result), true);
    if (crash) {
      restart("crash after the commit");
      return false;
    }
    return true;
  }

  void absorb(core::StepResult&& result, bool count_failures) {
    for (core::Diagnostic& d : result.diagnostics) {
      if (d.severity == core::Severity::warning || d.severity == core::Severity::error) {
        trace_.add(std::string(to_string(d.severity)) + " " + d.code + " " + d.detail);
        if (count_failures && d.code.ends_with(".cycle_failed")) ++summary_.cycles_failed;
        diagnostics_.push_back(std::move(d));
      }
    }
    if (result.commit) commit(result);
    state_ = std::move(result.state);
    for (core::Request& request : result.requests) {
      const std::int64_t backoff = harness::retry_delay_ms(
          request.attempt, static_cast<std::uint32_t>(timing_rng_.below(harness::jitter_per_mille_max)));
      const std::int64_t ready = std::max({now_ms_, request.not_before_ms, now_ms_ + backoff});
      outgoing_.push_back({std::move(request), ready, sequence_++});
    }
  }

  void commit(const core::StepResult& result) {
    const std::string document = core::encode_state(result.state);
    check_cursors_forward(result.state);
    store_.commit(result.records, document);
    committed_ = result.state;
    ++summary_.commits;
    trace_.add("commit " + document);
    for (const core::Record& record : result.records) trace_.add(core::to_json(record));
  }

  // Invariant 3: no committed cursor ever moves back.
  void check_cursors_forward(const core::SyncState& next) {
    const core::SyncState& before = committed_;
    const auto forward = [&](std::int64_t was, std::int64_t now, const char* name) {
      if (now < was) {
        violations_.push_back(std::string("cursor ") + name + " moved back from " + std::to_string(was) + " to " +
                              std::to_string(now));
      }
    };
    forward(before.payments_cursor.user_transactions.last_id, next.payments_cursor.user_transactions.last_id,
            "payments.userTransactions.lastTransactionID");
    forward(before.conversions_cursor.last_id, next.conversions_cursor.last_id, "conversions.lastTransactionID");
    const auto& crypto_before = before.payments_cursor.crypto_transactions;
    const auto& crypto_next = next.payments_cursor.crypto_transactions;
    forward(crypto_before.deposits.since_ts, crypto_next.deposits.since_ts, "cryptoTransactions.depositsSinceTs");
    forward(crypto_before.withdrawals.since_ts, crypto_next.withdrawals.since_ts, "cryptoTransactions.withdrawalsSinceTs");
    forward(crypto_before.ripple_ious.since_ts, crypto_next.ripple_ious.since_ts, "cryptoTransactions.ripplesSinceTs");
    forward(crypto_before.walked_through_s, crypto_next.walked_through_s, "cryptoTransactions.walkedThroughTs");
    forward(before.payments_cursor.withdrawal_requests.last_id, next.payments_cursor.withdrawal_requests.last_id,
            "withdrawalRequests.lastID");
    forward(before.payments_cursor.withdrawal_requests.walked_through_s,
            next.payments_cursor.withdrawal_requests.walked_through_s, "withdrawalRequests.walkedThroughTs");
  }

  // The process died: what was in memory is gone; it comes back with what the store holds.
  void restart(const std::string& how) {
    ++summary_.crashes;
    trace_.add(how);
    in_flight_.clear();
    outgoing_.clear();
    core::SyncState reloaded;
    if (store_.state_document()) {
      core::StateDecode decoded = core::decode_state(*store_.state_document());
      if (!decoded.state) {
        violations_.push_back("the committed state does not decode after a crash: " + decoded.error);
      } else {
        reloaded = std::move(*decoded.state);
      }
    }
    state_ = std::move(reloaded);
    now_ms_ += restart_delay_ms;
    absorb(core::plan(std::move(state_), settings_, now_ms_), false);
  }

  ScenarioRun finish() {
    ScenarioRun run;
    const harness::StoreCounts counts = store_.counts();
    summary_.server_requests = server_.requests_received();
    summary_.rate_limit_violations = server_.rate_limit_violations();
    summary_.store_accounts = counts.accounts;
    summary_.store_payments = counts.payments;
    summary_.store_payment_adjustments = counts.payment_adjustments;
    summary_.store_conversions = counts.conversions;
    summary_.store_orders = counts.orders;
    summary_.store_order_adjustments = counts.order_adjustments;
    summary_.repeated_records = counts.repeated_records;
    run.violations = std::move(violations_);
    if (!summary_.settled) {
      run.violations.push_back("the run did not settle within " + std::to_string(settle_ms_max / day_ms) +
                               " calm days after the account stopped changing");
    }
    if (summary_.rate_limit_violations > 0) {
      run.violations.push_back(std::to_string(summary_.rate_limit_violations) +
                               " request(s) went over Bitstamp's rate limits");
    }
    const std::vector<std::string> books = check_books(account_, store_, diagnostics_, summary_.install_ms / 1000, summary_.end_ms / 1000);
    run.violations.insert(run.violations.end(), books.begin(), books.end());
    run.store_view = store_.canonical_view();
    trace_.add(run.store_view);
    run.trace_hash = trace_.value();
    run.summary = summary_;
    run.diagnostics = std::move(diagnostics_);
    run.exchanges = std::move(exchanges_);
    return run;
  }

  ScenarioOptions options_;
  Rng root_;
  std::int64_t history_days_;
  FaultPlan plan_;  // before account_: the retention fault shapes the account's history
  Account account_;
  BitstampServer server_;
  Rng fault_rng_;
  Rng timing_rng_;
  core::Settings settings_;
  std::int64_t latency_ms_base_ = 0;
  core::SyncState state_;
  core::SyncState committed_;
  harness::MemoryStore store_;
  harness::RateLimiter limiter_;
  std::int64_t now_ms_ = 0;
  std::vector<Outgoing> outgoing_;
  std::vector<InFlight> in_flight_;
  std::uint64_t sequence_ = 0;
  ScenarioSummary summary_;
  TraceHash trace_;
  std::vector<std::string> violations_;
  std::vector<core::Diagnostic> diagnostics_;
  std::vector<harness::Exchange> exchanges_;
};

}  // namespace

ScenarioRun run_scenario(const ScenarioOptions& options) {
  ScenarioOptions bounded = options;
  bounded.days = std::clamp<std::int64_t>(options.days, 1, scenario_days_max);
  return Driver(bounded).run();
}

std::string simulate_arguments(const ScenarioOptions& options) {
  const FaultMenu all = FaultMenu::all();
  std::string args = "--seed " + std::to_string(options.seed) + " --days " + std::to_string(options.days) +
                     " --faults " + (options.faults.enabled == all.enabled ? "all" : describe(options.faults)) +
                     " --intensity " + std::to_string(options.fault_intensity_percent);
  if (options.page_size) args += " --page-size " + std::to_string(*options.page_size);
  if (options.history_days) args += " --history-days " + std::to_string(*options.history_days);
  if (options.event_gap_s_mean) args += " --event-gap " + std::to_string(*options.event_gap_s_mean);
  if (options.bug != core::InjectedBug::none) args += " --inject-bug " + std::string(core::to_string(options.bug));
  return args;
}

std::string hex(std::uint64_t hash) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text = "0x";
  for (int shift = 60; shift >= 0; shift -= 4) text += digits[(hash >> shift) & 0xF];
  return text;
}

}  // namespace bitstamp::simulator
