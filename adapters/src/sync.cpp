#include "harness/sync.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "connector/config_fields.hpp"
#include "connector/endpoint.hpp"
#include "harness/clock.hpp"
#include "harness/cores.hpp"
#include "harness/pacing.hpp"
#include "harness/sqlite_store.hpp"

namespace harness {
namespace {

constexpr connector::Task root_tasks[] = {connector::Task::accounts, connector::Task::payments, connector::Task::conversions,
                                          connector::Task::orders};
// Every task a failed cycle can name ("currencies.cycle_failed": Fireblocks' asset catalogue).
constexpr connector::Task all_tasks[] = {connector::Task::currencies, connector::Task::accounts, connector::Task::payments,
                                         connector::Task::conversions, connector::Task::orders, connector::Task::enrichment};

struct Pending {
  connector::Request request;
  std::int64_t ready_at_ms = 0;
  std::uint64_t sequence = 0;
};

class SyncLoop {
 public:
  SyncLoop(const SyncOptions& options, ConnectorCore& core, const RequestSigner& signer, std::string endpoint, Store& store,
           Logger& logger, const std::atomic<bool>& stop)
      : options_(options),
        core_(core),
        signer_(signer),
        endpoint_(std::move(endpoint)),
        store_(store),
        logger_(logger),
        stop_(stop),
        client_(options.http),
        jitter_(options.jitter_seed) {}

  SyncOutcome run() {
    if (!load_state()) return outcome_;
    started_ms_ = now();
    logger_.log(connector::Severity::info, "sync.start",
                "syncing " + endpoint_ + (options_.once ? " (one pass)" : "") + " every " +
                    connector::format_duration(core_.polling_period_ms()));
    std::int64_t next_plan_ms = started_ms_;
    while (!stop_.load() && !outcome_.store_failed) {
      const std::int64_t now_ms = now();
      if (now_ms >= next_plan_ms) {
        core_.set_resting(resting(now_ms));
        absorb(core_.plan(now_ms), now_ms);
        next_plan_ms = now_ms + plan_tick_ms;
      }
      send_ready(now());
      if (options_.once && pass_complete(now())) break;
      const std::int64_t wait_ms = std::clamp<std::int64_t>(next_wake_ms(next_plan_ms) - now(), 0, plan_tick_ms);
      if (client_.in_flight() == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      } else {
        for (HttpAnswer& answer : client_.wait(wait_ms)) deliver(std::move(answer));
      }
      show_progress(false);
    }
    outcome_.stopped = stop_.load();
    show_progress(true);
    logger_.log(connector::Severity::info, "sync.end",
                std::to_string(outcome_.commits) + " commit(s), " + std::to_string(outcome_.records) + " record(s), " +
                    std::to_string(outcome_.requests_sent) + " request(s), " + std::to_string(outcome_.failed_cycles) +
                    " failed cycle(s)" + (outcome_.stopped ? "; stopped on request" : ""));
    return outcome_;
  }

 private:
  std::int64_t now() const { return options_.clock ? options_.clock() : wall_clock_ms(); }

  bool load_state() {
    const std::optional<std::string> document = store_.load_state_document();
    if (!document) return true;  // a fresh install
    if (const std::string error = core_.load_state(*document); !error.empty()) {
      // Never overwrite a state this program cannot read: a person must look.
      logger_.log(connector::Severity::error, "sync.state_unreadable", "the store's state does not decode: " + error);
      outcome_.failures.push_back("the store's state does not decode: " + error);
      outcome_.store_failed = true;
      return false;
    }
    return true;
  }

  // The tasks resting after a failed cycle (or, in a --once run, done failing).
  std::set<connector::Task> resting(std::int64_t now_ms) const {
    std::set<connector::Task> tasks;
    for (const auto& [task, until_ms] : resting_until_ms_) {
      if (options_.once || now_ms < until_ms) tasks.insert(task);
    }
    return tasks;
  }

  // Nothing in flight or waiting, and no enabled task due: each completed within its polling
  // period (in this run or, after a restart, the one before) with no backfill pending, or
  // failed in this run.
  bool pass_complete(std::int64_t now_ms) const {
    if (!outgoing_.empty() || client_.in_flight() > 0) return false;
    for (const connector::Task task : root_tasks) {
      if (!core_.task_enabled(task) || resting_until_ms_.contains(task)) continue;
      if (core_.task_due(task, now_ms)) return false;
    }
    return true;
  }

  std::int64_t next_wake_ms(std::int64_t next_plan_ms) const {
    std::int64_t wake = next_plan_ms;
    if (client_.has_free_slot()) {
      for (const Pending& p : outgoing_) wake = std::min(wake, limiter_.earliest_send_ms(p.ready_at_ms));
    }
    return wake;
  }

  void absorb(CoreOutput&& result, std::int64_t now_ms) {
    for (const connector::Diagnostic& diagnostic : result.diagnostics) {
      logger_.log(diagnostic);
      if (diagnostic.code.ends_with(".cycle_failed")) note_failure(diagnostic, now_ms);
    }
    if (result.commit) {
      try {
        store_.commit(result.records, core_.encode_state());
      } catch (const StoreError& error) {
        logger_.log(connector::Severity::error, "store.commit_failed", error.what());
        outcome_.failures.push_back(error.what());
        outcome_.store_failed = true;
        return;  // the state stays what the store holds; nothing of this step is kept
      }
      ++outcome_.commits;
      outcome_.records += result.records.size();
      for (const connector::Record& record : result.records) ++records_by_kind_[connector::record_kind(record)];
      if (options_.on_commit) options_.on_commit(result.records);
    }
    for (connector::Request& request : result.requests) {
      const std::int64_t backoff_ms =
          retry_delay_ms(request.attempt, static_cast<std::uint32_t>(jitter_() % jitter_per_mille_max));
      const std::int64_t ready_ms = std::max(now_ms + backoff_ms, request.not_before_ms + retry_after_spread_ms(request));
      outgoing_.push_back({std::move(request), ready_ms, sequence_++});
    }
  }

  // Requests refused together name the same Retry-After; were they all sent again at that
  // instant they would arrive as the same burst, in the same order, and the same ones would be
  // refused again. Each waits a little longer, drawn from the jitter.
  std::int64_t retry_after_spread_ms(const connector::Request& request) {
    if (request.not_before_ms <= 0) return 0;
    return static_cast<std::int64_t>(jitter_() % static_cast<std::uint64_t>(retry_after_spread_ms_max));
  }

  void note_failure(const connector::Diagnostic& diagnostic, std::int64_t now_ms) {
    ++outcome_.failed_cycles;
    outcome_.failures.push_back(diagnostic.detail);
    for (const connector::Task task : all_tasks) {
      if (diagnostic.code == std::string(connector::to_string(task)) + ".cycle_failed") {
        resting_until_ms_[task] = now_ms + core_.polling_period_ms();
      }
    }
  }

  // Sends what is due, oldest first, while a transfer slot is free and the rate limiter allows.
  void send_ready(std::int64_t now_ms) {
    while (client_.has_free_slot() && !outgoing_.empty()) {
      const auto due = std::min_element(outgoing_.begin(), outgoing_.end(), [](const Pending& a, const Pending& b) {
        return a.ready_at_ms != b.ready_at_ms ? a.ready_at_ms < b.ready_at_ms : a.sequence < b.sequence;
      });
      if (due->ready_at_ms > now_ms || limiter_.earliest_send_ms(now_ms) > now_ms) return;
      connector::Request request = std::move(due->request);
      outgoing_.erase(due);
      send(std::move(request), now_ms);
    }
  }

  void send(connector::Request request, std::int64_t now_ms) {
    HttpRequest http = signer_.to_http(request, now_ms);
    http.tag = sequence_++;
    limiter_.record_send(now_ms);
    ++outcome_.requests_sent;
    in_flight_.emplace(http.tag, std::move(request));
    client_.start(std::move(http));
  }

  void deliver(HttpAnswer answer) {
    const auto found = in_flight_.find(answer.tag);
    if (found == in_flight_.end()) return;
    const connector::Request request = std::move(found->second);
    in_flight_.erase(found);
    const std::int64_t now_ms = now();
    if (!answer.failure.empty()) {
      logger_.log(connector::Severity::info, "http.transport_failed", request.path + ": " + answer.failure);
    }
    ++responses_by_path_[core_.progress_name(request.path)];
    if (options_.on_exchange) options_.on_exchange(Exchange{request, answer.response, now_ms});
    absorb(core_.step(request, answer.response, now_ms), now_ms);
  }

  void show_progress(bool final_line) {
    if (options_.progress == nullptr) return;
    const std::int64_t now_ms = now();
    if (!final_line && now_ms - last_progress_ms_ < progress_interval_ms) return;
    last_progress_ms_ = now_ms;
    const std::int64_t elapsed_ms = std::max<std::int64_t>(1, now_ms - started_ms_);
    const std::int64_t rate = static_cast<std::int64_t>(outcome_.requests_sent) * 1000 / elapsed_ms;
    std::string line = "\rsync: " + std::to_string(outcome_.requests_sent) + " requests (" + std::to_string(rate) +
                       "/s); pages";
    for (const auto& [name, count] : responses_by_path_) line += " " + name + "=" + std::to_string(count);
    line += "; committed";
    for (const auto& [kind, count] : records_by_kind_) line += " " + std::string(kind) + "=" + std::to_string(count);
    *options_.progress << line << "\x1b[K" << (final_line ? "\n" : "") << std::flush;
  }

  const SyncOptions& options_;
  ConnectorCore& core_;
  const RequestSigner& signer_;
  std::string endpoint_;
  Store& store_;
  Logger& logger_;
  const std::atomic<bool>& stop_;
  HttpClient client_;
  std::mt19937_64 jitter_;
  RateLimiter limiter_;
  std::vector<Pending> outgoing_;
  std::map<std::uint64_t, connector::Request> in_flight_;
  std::uint64_t sequence_ = 0;
  std::int64_t started_ms_ = 0;
  std::map<connector::Task, std::int64_t> resting_until_ms_;
  std::map<std::string, std::size_t> responses_by_path_;
  std::map<std::string_view, std::size_t> records_by_kind_;
  std::int64_t last_progress_ms_ = 0;
  SyncOutcome outcome_;
};

}  // namespace

SyncOutcome run_sync(const SyncOptions& options, Store& store, Logger& logger, const std::atomic<bool>& stop) {
  const std::string& endpoint_text = options.fireblocks ? options.fireblocks->config.endpoint : options.config.endpoint;
  const connector::EndpointParse endpoint = connector::parse_endpoint(endpoint_text);
  SyncOutcome refused;
  if (!endpoint.endpoint) {  // parse_config refuses these; a caller building options may not have
    logger.log(connector::Severity::error, "sync.bad_endpoint", "endpoint " + endpoint.problem);
    refused.failures.push_back("endpoint " + endpoint.problem);
    return refused;
  }
  if (options.fireblocks) {
    const FireblocksSync& fireblocks = *options.fireblocks;
    std::string problem;
    std::optional<fireblocks::adapters::PrivateKey> key = fireblocks::adapters::PrivateKey::load(fireblocks.config.private_key_pem, problem);
    if (!key) {
      logger.log(connector::Severity::error, "sync.bad_key", problem);
      refused.failures.push_back(problem);
      return refused;
    }
    fireblocks::core::Settings settings = fireblocks.settings;
    settings.polling_period_ms = fireblocks.config.polling_period_ms;
    FireblocksCore core(settings, {});
    const FireblocksSigner signer(fireblocks.config.api_key, std::move(*key), *endpoint.endpoint);
    return SyncLoop(options, core, signer, endpoint_text, store, logger, stop).run();
  }
  BitstampCore core(options.settings, {});
  const BitstampSigner signer(options.config.api_key, options.config.api_secret, *endpoint.endpoint);
  return SyncLoop(options, core, signer, endpoint_text, store, logger, stop).run();
}

}  // namespace harness
