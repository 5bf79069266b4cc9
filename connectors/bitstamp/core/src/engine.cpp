#include "bitstamp/core/engine.hpp"

#include <algorithm>

#include "bitstamp/core/accounts.hpp"
#include "bitstamp/core/classify.hpp"
#include "bitstamp/core/user_transactions.hpp"
#include "cycle_support.hpp"
#include "bitstamp/core/kernel.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

bool due(const TaskProgress& progress, const Settings& settings, std::int64_t now_ms) {
  return progress.last_completed_ms < 0 || now_ms - progress.last_completed_ms >= settings.polling_period_ms;
}

bool assets_fresh(const AssetTable& assets, const Settings& settings, std::int64_t now_ms) {
  return assets.loaded() && now_ms - assets.fetched_at_ms < settings.enrichment_ttl_ms;
}

bool enrichment_fresh(const Enrichment& enrichment, const Settings& settings, std::int64_t now_ms) {
  return !settings.tasks.enrichment ||
         (enrichment.fetched_at_ms >= 0 && now_ms - enrichment.fetched_at_ms < settings.enrichment_ttl_ms);
}

// The reference datasets (currencies, and enrichment when enabled) are loading.
bool reference_loading(const RunningCycles& running) {
  return running.currencies || !running.enrichment_pending.empty();
}

// Transient failures retry up to request_attempt_max tries in all; a rejected nonce or
// timestamp gets one extra try with a fresh one, never more (a clock that is off stays off).
bool may_retry(const Request& request, Outcome outcome) {
  if (request.attempt >= request_attempt_max) return false;
  if (outcome == Outcome::nonce_rejected) return request.nonce_retries < nonce_retry_max;
  return outcome == Outcome::retry || outcome == Outcome::rate_limited || outcome == Outcome::unexpected_shape;
}

// The first bytes of a body for a diagnostic, printable ASCII kept and every other byte as
// \xNN, so a log line stays one line of text whatever came in.
std::string body_preview(std::string_view body) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string preview;
  for (const char c : body.substr(0, body_preview_bytes_max)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\') {
      preview += c;
    } else {
      preview += "\\x";
      preview += hex[byte >> 4];
      preview += hex[byte & 0xf];
    }
  }
  if (body.size() > body_preview_bytes_max) preview += "…";
  return preview;
}

// The same request again, later. The shell adds backoff with jitter by attempt number.
Request retry_of(const Request& request, const Classification& c, std::int64_t now_ms) {
  Request again = request;
  again.attempt = request.attempt + 1;
  if (c.outcome == Outcome::nonce_rejected) ++again.nonce_retries;
  again.not_before_ms = c.retry_after_ms > 0 ? now_ms + c.retry_after_ms : 0;
  return again;
}

std::string failure_detail(const Request& request, const Classification& c) {
  std::string detail = std::string(to_string(request.task)) + ": " + request.path +
                       " failed on attempt " + std::to_string(request.attempt) + " (" +
                       std::string(to_string(c.outcome));
  if (!c.code.empty()) detail += " " + c.code;
  detail += "): " + c.reason;
  if (c.outcome == Outcome::auth_failed || c.outcome == Outcome::nonce_rejected) {
    detail += " — " + std::string(auth_failure_hint(c.code));
  }
  return detail;
}

// The first page of every walk a starting cycle runs.
void append_first_requests(StepResult& result, Task task, const Settings& settings) {
  const RunningCycles& running = result.state.running;
  if (task == Task::orders && !running.orders->snapshot) result.requests.push_back(open_orders_request());
  if (!walk_of(running, task)->rides_with) ask_pages(result, settings, task);
  if (task != Task::payments) return;
  if (running.crypto_transactions) result.requests.push_back(crypto_page_request(*running.crypto_transactions, settings));
  if (running.withdrawal_requests) result.requests.push_back(withdrawal_page_request(*running.withdrawal_requests, settings));
}

// True when the reference datasets are fresh; otherwise marks the task as waiting for them and
// makes sure they are on their way: currencies, and the enrichment datasets not refused to
// this key, all at once (the shell may send them concurrently). A task waits for all of them,
// so its records do not depend on which answer came first.
bool assets_ready_or_wait(StepResult& result, bool& waiting, const Settings& settings, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  if (!reference_loading(running)) {
    if (!assets_fresh(result.state.assets, settings, now_ms)) {
      running.currencies = true;
      result.requests.push_back(currencies_request());
    }
    if (!enrichment_fresh(result.state.enrichment, settings, now_ms)) {
      running.enrichment_failed = false;
      for (Request& request : enrichment_requests()) {
        if (result.state.skip.enrichment.contains(request.path)) continue;
        running.enrichment_pending.insert(request.path);
        result.requests.push_back(std::move(request));
      }
      // Every dataset refused to this key: nothing to load, what there is is complete.
      if (running.enrichment_pending.empty()) result.state.enrichment.fetched_at_ms = now_ms;
    }
    if (!reference_loading(running)) return true;
  }
  waiting = true;
  return false;
}

// One enrichment dataset is settled (read, refused or failed); when it was the load's last,
// the load is complete unless one failed.
void enrichment_settled(StepResult& result, const std::string& path, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  running.enrichment_pending.erase(path);
  if (running.enrichment_pending.empty() && !running.enrichment_failed) {
    result.state.enrichment.fetched_at_ms = now_ms;
  }
  result.commit = true;  // the datasets are state, like the currencies table
}

void fail_cycle(StepResult& result, Task task, std::string detail) {
  if (task == Task::accounts) result.state.running.accounts = false;
  if (walks_user_transactions(task)) {
    // Its riders' pages were to come with its walk: their cycles end with it.
    std::vector<Task> readers = readers_of(result.state.running, task);
    walk_of(result.state.running, task).reset();
    for (const Task rider : readers) {
      if (rider == task) continue;
      fail_cycle(result, rider,
                 std::string(to_string(rider)) + ": its user_transactions/ pages came with the " +
                     std::string(to_string(task)) + " cycle, which failed");
    }
  }
  if (task == Task::orders) result.state.running.orders.reset();
  if (task == Task::payments) {
    result.state.running.crypto_transactions.reset();
    result.state.running.withdrawal_requests.reset();
  }
  result.diagnostics.push_back({Severity::error, std::string(to_string(task)) + ".cycle_failed",
                                std::move(detail) + "; cycle abandoned, nothing committed"});
}

// Once no reference dataset is loading, tasks waiting for them go on with whatever table
// there is now.
void release_waiting_tasks(StepResult& result, const Settings& settings) {
  RunningCycles& running = result.state.running;
  if (reference_loading(running)) return;
  const bool loaded = result.state.assets.loaded();
  const std::string no_table = "no currencies dataset, so no precision for any amount";
  if (running.accounts_waiting_for_assets) {
    running.accounts_waiting_for_assets = false;
    if (loaded) result.requests.push_back(account_balances_request());
    else fail_cycle(result, Task::accounts, "accounts: " + no_table);
  }
  for (const Task task : {Task::payments, Task::conversions, Task::orders}) {
    if (!waiting_of(running, task)) continue;
    waiting_of(running, task) = false;
    if (loaded) append_first_requests(result, task, settings);
    else fail_cycle(result, task, std::string(to_string(task)) + ": " + no_table);
  }
}

// Returns "" when the body was used, or why it could not be (then it is retried like a 5xx:
// a body cut mid-array is as transient as a bad gateway).
std::string on_currencies(StepResult& result, const Settings& settings, std::string_view body,
                          std::int64_t now_ms) {
  const CurrenciesParse parsed = parse_currencies(body);
  if (parsed.error) return *parsed.error;
  result.state.assets = make_asset_table(parsed.currencies, now_ms, result.diagnostics);
  result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  result.state.running.currencies = false;
  result.commit = true;  // the table is state: keep it across restarts
  release_waiting_tasks(result, settings);
  return "";
}

void currencies_failed(StepResult& result, const Settings& settings, std::string detail) {
  result.state.running.currencies = false;
  const bool stale_table = result.state.assets.loaded();
  result.diagnostics.push_back(
      {stale_table ? Severity::warning : Severity::error, "currencies.failed",
       detail + (stale_table ? "; keeping the previous currencies dataset" : "")});
  release_waiting_tasks(result, settings);
}

// Reads one enrichment dataset into the state; "" when used, otherwise why it is unusable.
std::string on_enrichment(StepResult& result, const Settings& settings, const Request& request,
                          std::string_view body, std::int64_t now_ms) {
  Enrichment& enrichment = result.state.enrichment;
  EnrichmentParse parsed;
  if (request.path == markets_path) parsed = parse_markets(body, enrichment.markets);
  else if (request.path == my_markets_path) parsed = parse_my_markets(body, enrichment.my_markets);
  else if (request.path == trading_fees_path) parsed = parse_trading_fees(body, enrichment.trading_fees);
  else parsed = parse_withdrawal_fees(body, enrichment.withdrawal_fees);
  if (parsed.error) return *parsed.error;
  result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  enrichment_settled(result, request.path, now_ms);
  release_waiting_tasks(result, settings);
  return "";
}

void clear_dataset(Enrichment& enrichment, std::string_view path) {
  if (path == markets_path) enrichment.markets.clear();
  else if (path == my_markets_path) enrichment.my_markets.clear();
  else if (path == trading_fees_path) enrichment.trading_fees.clear();
  else enrichment.withdrawal_fees.clear();
}

// An enrichment dataset that could not be had. Refused to this key (a key without trading
// scope gets 403 on my_markets/ and the fee lists): remembered for the process's life, said
// once at info level, then treated as empty. Anything else: the previous value stays.
void enrichment_failed(StepResult& result, const Settings& settings, const Request& request,
                       const Classification& outcome, std::string detail, std::int64_t now_ms) {
  if (outcome.outcome == Outcome::permission_denied || outcome.code == "API0003") {
    result.state.skip.enrichment.insert(request.path);
    clear_dataset(result.state.enrichment, request.path);
    result.diagnostics.push_back({Severity::info, "enrichment.skipped",
                                  request.path + " is not permitted for this API key (" + outcome.reason +
                                      "); treated as empty and not asked again by this process"});
  } else {
    result.state.running.enrichment_failed = true;
    result.diagnostics.push_back({Severity::warning, "enrichment.failed",
                                  detail + "; keeping the previous " + request.path + " dataset until the next load"});
  }
  enrichment_settled(result, request.path, now_ms);
  release_waiting_tasks(result, settings);
}

std::string on_account_balances(StepResult& result, std::string_view body, std::int64_t now_ms) {
  AccountsMapping mapping = map_account_balances(body, result.state.assets, now_ms, result.state.accounts_known,
                                                 result.state.enrichment);
  if (mapping.error) return *mapping.error;
  for (const Record& record : mapping.records) {
    if (const auto* account = std::get_if<PspAccount>(&record)) result.state.accounts_known.insert(account->reference);
  }
  result.records = std::move(mapping.records);
  result.diagnostics.insert(result.diagnostics.end(), mapping.diagnostics.begin(), mapping.diagnostics.end());
  if (mapping.zero_rows_skipped > 0) {
    result.diagnostics.push_back({Severity::debug, "balance.zero_rows_skipped",
                                  std::to_string(mapping.zero_rows_skipped) +
                                      " currencies with all-zero balances skipped"});
  }
  result.state.accounts.last_completed_ms = now_ms;
  result.state.running.accounts = false;
  result.commit = true;
  return "";
}


// Starts a cycle under the task's committed cursors; its first requests leave once the asset
// table is fresh. A payments cycle walks its three sources side by side.
void start_cycle(StepResult& result, Task task, std::optional<Task> leader, const Settings& settings,
                 std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  TransactionsWalk walk;
  walk.since_id = cursor_of(result.state, task).last_id;
  walk.backfill_continues = cursor_of(result.state, task).backfill_pending;
  walk.rides_with = leader;
  walk_of(running, task) = walk;
  if (task == Task::orders) start_orders_cycle(result, now_ms);
  if (task == Task::payments) {
    // A cycle that only goes on with a user_transactions/ backfill leaves the other two sources
    // to the next full cycle, once they have had one: a long backfill would otherwise read
    // them again every few seconds, a request or more each, for nothing new.
    const PaymentsCursor& cursor = result.state.payments_cursor;
    const bool continuation = cursor.user_transactions.backfill_pending;
    if (!result.state.skip.crypto_transactions && !(continuation && cursor.crypto_transactions.walked_through_s >= 0)) {
      running.crypto_transactions = start_crypto_walk(cursor.crypto_transactions, now_ms, result.diagnostics);
    }
    if (!(continuation && cursor.withdrawal_requests.walked_through_s >= 0)) {
      running.withdrawal_requests = start_withdrawal_walk(cursor.withdrawal_requests, now_ms, result.diagnostics);
    }
  }
  if (assets_ready_or_wait(result, waiting_of(running, task), settings, now_ms)) {
    append_first_requests(result, task, settings);
  }
}

// The tasks that read user_transactions/ start their cycles together, once the last group has
// ended and one of them is due, so that one walk serves every reader whose cursor agrees: a
// first sync or a backfill then reads each page once, not three times. Readers not due yet
// come along early (they would be due within the polling period anyway) to stay in step.
void start_transactions_cycles(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  std::vector<Task> group;
  for (const Task task : transactions_readers) {
    if (!is_enabled(settings.tasks, task)) continue;
    if (walk_of(result.state.running, task)) return;  // the last group is still running
    group.push_back(task);
  }
  const auto due_now = [&](Task task) { return task_due(result.state, settings, task, now_ms); };
  if (std::none_of(group.begin(), group.end(), due_now)) return;
  for (std::size_t i = 0; i < group.size(); ++i) {
    std::optional<Task> leader;
    for (std::size_t j = 0; j < i && !leader; ++j) {
      const bool leads = !walk_of(result.state.running, group[j])->rides_with;
      if (leads && cursor_of(result.state, group[j]).last_id == cursor_of(result.state, group[i]).last_id) {
        leader = group[j];
      }
    }
    start_cycle(result, group[i], leader, settings, now_ms);
  }
}

bool is_waited_for(const RunningCycles& running, const Request& request, const Settings& settings) {
  switch (request.task) {
    case Task::currencies: return running.currencies;
    case Task::enrichment: return running.enrichment_pending.contains(request.path);
    case Task::accounts: return running.accounts && !running.accounts_waiting_for_assets;
    case Task::payments:
    case Task::conversions:
    case Task::orders: {
      const auto& walk = walk_of(running, request.task);
      if (!walk || waiting_of(running, request.task)) return false;
      if (request.task == Task::orders && (is_open_orders(request) || is_order_status(request))) {
        return orders_cycle_waits_for(running, request);
      }
      if (request.task == Task::payments && is_crypto_transactions(request)) {
        return running.crypto_transactions && !running.crypto_transactions->done &&
               same_call(request, crypto_page_request(*running.crypto_transactions, settings));
      }
      if (request.task == Task::payments && is_withdrawal_requests(request)) {
        return running.withdrawal_requests && !running.withdrawal_requests->done &&
               same_call(request, withdrawal_page_request(*running.withdrawal_requests, settings));
      }
      return walk_waits_for(*walk, request, settings);
    }
  }
  return false;
}

// Reads a usable response into its cycle; "" when used, otherwise why the body is unusable.
std::string on_response(StepResult& result, const Settings& settings, const Request& request,
                        std::string_view body, std::int64_t now_ms) {
  switch (request.task) {
    case Task::currencies: return on_currencies(result, settings, body, now_ms);
    case Task::accounts: return on_account_balances(result, body, now_ms);
    case Task::payments:
      if (is_crypto_transactions(request)) return on_crypto_transactions(result, settings, body, now_ms);
      if (is_withdrawal_requests(request)) return on_withdrawal_requests(result, settings, body, now_ms);
      return on_user_transactions(result, settings, request, body, now_ms);
    case Task::conversions: return on_user_transactions(result, settings, request, body, now_ms);
    case Task::orders:
      if (is_open_orders(request)) return on_open_orders(result, settings, body, now_ms);
      if (is_order_status(request)) return on_order_status(result, settings, request, body, now_ms);
      return on_user_transactions(result, settings, request, body, now_ms);
    case Task::enrichment: return on_enrichment(result, settings, request, body, now_ms);
  }
  return "no task reads this response";
}

}  // namespace

std::string_view to_string(InjectedBug bug) {
  switch (bug) {
    case InjectedBug::none: return "none";
    case InjectedBug::exclusive_watermark: return "exclusive_watermark";
    case InjectedBug::cursor_before_records: return "cursor_before_records";
    case InjectedBug::rate_limit_as_empty_page: return "rate_limit_as_empty_page";
    case InjectedBug::no_cross_source_dedupe: return "no_cross_source_dedupe";
    case InjectedBug::followed_payments_dropped_early: return "followed_payments_dropped_early";
    case InjectedBug::tracked_orders_dropped_early: return "tracked_orders_dropped_early";
  }
  return "none";
}

Request currencies_request() {
  return Request{Task::currencies, Method::get, std::string(currencies_path), {}, false};
}

std::vector<Request> enrichment_requests() {
  return {Request{Task::enrichment, Method::get, std::string(markets_path), {}, false},
          Request{Task::enrichment, Method::post, std::string(my_markets_path), {}, true},
          Request{Task::enrichment, Method::post, std::string(trading_fees_path), {}, true},
          Request{Task::enrichment, Method::post, std::string(withdrawal_fees_path), {}, true}};
}

Request open_orders_request() {
  return Request{Task::orders, Method::post, std::string(open_orders_path), {}, true};
}

Request order_status_request(std::int64_t order_id) {
  return Request{Task::orders, Method::post, std::string(order_status_path), {{"id", std::to_string(order_id)}}, true};
}

Request account_balances_request() {
  return Request{Task::accounts, Method::post, std::string(account_balances_path), {}, true};
}

Request crypto_transactions_request(std::optional<std::int64_t> since_timestamp, std::uint32_t offset,
                                    std::uint32_t limit) {
  Request request{Task::payments, Method::post, std::string(crypto_transactions_path), {}, true};
  request.params.push_back({"limit", std::to_string(limit)});
  request.params.push_back({"offset", std::to_string(offset)});
  request.params.push_back({"include_ious", "true"});
  if (since_timestamp) request.params.push_back({"since_timestamp", std::to_string(*since_timestamp)});
  return request;
}

Request withdrawal_requests_request(std::int64_t timedelta_s, std::uint32_t offset, std::uint32_t limit) {
  Request request{Task::payments, Method::post, std::string(withdrawal_requests_path), {}, true};
  request.params.push_back({"timedelta", std::to_string(timedelta_s)});
  request.params.push_back({"limit", std::to_string(limit)});
  request.params.push_back({"offset", std::to_string(offset)});
  return request;
}

Request user_transactions_request(Task task, std::int64_t since_id, std::uint32_t offset,
                                  std::uint32_t limit) {
  Request request{task, Method::post, std::string(user_transactions_path), {}, true};
  request.params.push_back({"limit", std::to_string(since_id >= 0 ? page_size_max : limit)});
  if (since_id >= 0) request.params.push_back({"since_id", std::to_string(since_id)});
  request.params.push_back({"sort", "asc"});
  request.params.push_back({"offset", std::to_string(offset)});
  return request;
}

bool is_enabled(const EnabledTasks& tasks, Task task) {
  switch (task) {
    case Task::accounts: return tasks.accounts;
    case Task::payments: return tasks.payments;
    case Task::conversions: return tasks.conversions;
    case Task::orders: return tasks.orders;
    default: return false;
  }
}

bool task_due(const SyncState& state, const Settings& settings, Task task, std::int64_t now_ms) {
  switch (task) {
    case Task::accounts: return due(state.accounts, settings, now_ms);
    case Task::payments:
      return state.payments_cursor.user_transactions.backfill_pending || due(state.payments, settings, now_ms);
    case Task::conversions: return state.conversions_cursor.backfill_pending || due(state.conversions, settings, now_ms);
    case Task::orders: return state.orders_cursor.fills.backfill_pending || due(state.orders, settings, now_ms);
    default: return false;
  }
}

StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  RunningCycles& running = result.state.running;
  if (settings.tasks.accounts && !running.accounts && task_due(result.state, settings, Task::accounts, now_ms)) {
    running.accounts = true;
    if (assets_ready_or_wait(result, running.accounts_waiting_for_assets, settings, now_ms)) {
      result.requests.push_back(account_balances_request());
    }
  }
  start_transactions_cycles(result, settings, now_ms);
  return result;
}

StepResult step(SyncState state, const Settings& settings, const Request& request,
                const Response& response, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  if (!is_waited_for(result.state.running, request, settings)) {
    result.diagnostics.push_back({Severity::warning, "response.unexpected",
                                  std::string(to_string(request.task)) + ": response to " +
                                      request.path + " arrived with no cycle waiting for it; ignored"});
    return result;
  }
  Classification outcome = classify(response);
  if (request.task == Task::orders && is_order_status(request) && outcome.outcome == Outcome::not_found) {
    // Bitstamp's retention, not a failure: the cycle reads it as an answer.
    const std::string unusable = on_order_status(result, settings, request, std::nullopt, now_ms);
    if (unusable.empty()) return result;
  }
  if (settings.injected_bug == InjectedBug::rate_limit_as_empty_page && outcome.outcome == Outcome::rate_limited &&
      request.task != Task::currencies && request.task != Task::enrichment) {
    const std::string_view empty = is_crypto_transactions(request) ? R"({"deposits":[],"withdrawals":[],"ripple_iou_transactions":[]})" : "[]";
    const std::string unusable = on_response(result, settings, request, empty, now_ms);
    if (unusable.empty()) return result;
  }
  if (outcome.outcome == Outcome::ok) {
    const std::string unusable = on_response(result, settings, request, response.body, now_ms);
    if (unusable.empty()) return result;
    outcome = {Outcome::unexpected_shape, "", unusable + "; the body begins: " + body_preview(response.body), 0};
  }
  if (request.task == Task::payments && is_crypto_transactions(request) &&
      skip_crypto_transactions(result, settings, outcome, now_ms)) {
    return result;
  }
  const std::string detail = failure_detail(request, outcome);
  if (settle_surplus_page(result, settings, request, now_ms)) {
    result.diagnostics.push_back({Severity::debug, "request.surplus_page",
                                  detail + "; a page asked for ahead, past the end of the walk: not needed"});
    return result;
  }
  if (may_retry(request, outcome.outcome)) {
    result.requests.push_back(retry_of(request, outcome, now_ms));
    result.diagnostics.push_back({Severity::info, "request.retry",
                                  detail + "; retrying (at most " +
                                      std::to_string(request_attempt_max) + " attempts)"});
    return result;
  }
  if (request.task == Task::orders && order_status_failed(result, settings, request, outcome, detail, now_ms)) {
    return result;
  }
  if (request.task == Task::currencies) {
    currencies_failed(result, settings, detail);
  } else if (request.task == Task::enrichment) {
    enrichment_failed(result, settings, request, outcome, detail, now_ms);
  } else {
    fail_cycle(result, request.task, detail);
  }
  return result;
}

}  // namespace bitstamp::core
