#include "bitstamp/core/engine.hpp"

#include <algorithm>

#include "bitstamp/core/accounts.hpp"
#include "bitstamp/core/classify.hpp"
#include "bitstamp/core/user_transactions.hpp"

namespace bitstamp::core {
namespace {

bool due(const TaskProgress& progress, const Settings& settings, std::int64_t now_ms) {
  return progress.last_completed_ms < 0 || now_ms - progress.last_completed_ms >= settings.polling_period_ms;
}

bool assets_fresh(const AssetTable& assets, const Settings& settings, std::int64_t now_ms) {
  return assets.loaded() && now_ms - assets.fetched_at_ms < settings.enrichment_ttl_ms;
}

// Transient failures retry up to request_attempt_max tries in all; a rejected nonce or
// timestamp gets one extra try with a fresh one, never more (a clock that is off stays off).
bool may_retry(const Request& request, Outcome outcome) {
  if (request.attempt >= request_attempt_max) return false;
  if (outcome == Outcome::nonce_rejected) return request.nonce_retries < nonce_retry_max;
  return outcome == Outcome::retry || outcome == Outcome::rate_limited;
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

bool same_call(const Request& a, const Request& b) {
  return a.task == b.task && a.method == b.method && a.path == b.path && a.params == b.params;
}

// The two tasks that walk user_transactions/, each under its own watermark.
bool walks_user_transactions(Task task) { return task == Task::payments || task == Task::conversions; }

// `Running` is RunningCycles or const RunningCycles.
template <class Running>
auto& walk_of(Running& running, Task task) {
  return task == Task::payments ? running.payments : running.conversions;
}

template <class Running>
auto& waiting_of(Running& running, Task task) {
  return task == Task::payments ? running.payments_waiting_for_assets : running.conversions_waiting_for_assets;
}

StreamCursor& cursor_of(SyncState& state, Task task) {
  return task == Task::payments ? state.payments_cursor.user_transactions : state.conversions_cursor;
}

TaskProgress& progress_of(SyncState& state, Task task) {
  return task == Task::payments ? state.payments : state.conversions;
}

std::uint32_t page_size(const Settings& settings) {
  return std::clamp<std::uint32_t>(settings.page_size, 1, page_size_max);
}

Request page_request(Task task, const TransactionsWalk& walk, const Settings& settings) {
  return user_transactions_request(task, walk.since_id, walk.offset, page_size(settings));
}

// Issues `request` now if the asset table is fresh; otherwise marks the task as waiting and
// makes sure the currencies dataset is on its way.
void when_assets_ready(StepResult& result, bool& waiting, Request request, const Settings& settings,
                       std::int64_t now_ms) {
  if (assets_fresh(result.state.assets, settings, now_ms)) {
    result.requests.push_back(std::move(request));
    return;
  }
  waiting = true;
  if (!result.state.running.currencies) {
    result.state.running.currencies = true;
    result.requests.push_back(currencies_request());
  }
}

void fail_cycle(StepResult& result, Task task, std::string detail) {
  if (task == Task::accounts) result.state.running.accounts = false;
  if (walks_user_transactions(task)) walk_of(result.state.running, task).reset();
  result.diagnostics.push_back({Severity::error, std::string(to_string(task)) + ".cycle_failed",
                                std::move(detail) + "; cycle abandoned, nothing committed"});
}

// Tasks waiting for the currencies dataset go on with whatever table there is now.
void release_waiting_tasks(StepResult& result, const Settings& settings) {
  RunningCycles& running = result.state.running;
  const bool loaded = result.state.assets.loaded();
  const std::string no_table = "no currencies dataset, so no precision for any amount";
  if (running.accounts_waiting_for_assets) {
    running.accounts_waiting_for_assets = false;
    if (loaded) result.requests.push_back(account_balances_request());
    else fail_cycle(result, Task::accounts, "accounts: " + no_table);
  }
  for (const Task task : {Task::payments, Task::conversions}) {
    if (!waiting_of(running, task)) continue;
    waiting_of(running, task) = false;
    if (loaded) result.requests.push_back(page_request(task, *walk_of(running, task), settings));
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

std::string on_account_balances(StepResult& result, std::string_view body, std::int64_t now_ms) {
  AccountsMapping mapping = map_account_balances(body, result.state.assets, now_ms);
  if (mapping.error) return *mapping.error;
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

// Ends a walk's cycle: its records and the advanced watermark leave together, in one commit.
void commit_walk(StepResult& result, Task task, TransactionsWalk walk, bool more_pending,
                 std::int64_t now_ms) {
  StreamCursor& cursor = cursor_of(result.state, task);
  const std::int64_t before = cursor.last_id;
  cursor.last_id = std::max(before, walk.max_id);  // never backwards
  cursor.backfill_pending = more_pending;
  progress_of(result.state, task).last_completed_ms = now_ms;
  result.diagnostics.push_back(
      {Severity::info, std::string(to_string(task)) + ".committed",
       std::string(to_string(task)) + ": " + std::to_string(walk.pages) + " page(s), " +
           std::to_string(walk.records.size()) + " record(s); user_transactions cursor " +
           std::to_string(before) + " -> " + std::to_string(cursor.last_id) +
           (more_pending ? "; more history pending, continuing next cycle" : "")});
  result.records = std::move(walk.records);
  walk_of(result.state.running, task).reset();
  result.commit = true;
}

// The record a row stands for in this task's view of the stream, if any.
std::optional<Record> record_of(Task task, const UserTransaction& row, const AssetTable& assets,
                                std::vector<Diagnostic>& diagnostics) {
  if (task == Task::payments) {
    if (auto payment = map_user_transaction_payment(row, assets, diagnostics)) return Record{std::move(*payment)};
  } else if (auto conversion = map_user_transaction_conversion(row, assets, diagnostics)) {
    return Record{std::move(*conversion)};
  }
  return std::nullopt;
}

std::string on_user_transactions(StepResult& result, const Settings& settings, Task task,
                                 std::string_view body, std::int64_t now_ms) {
  const UserTransactionsPage page = parse_user_transactions(body, result.state.assets);
  if (page.error) return *page.error;
  TransactionsWalk walk = std::move(*walk_of(result.state.running, task));
  for (const UserTransaction& row : page.rows) {
    walk.max_id = std::max(walk.max_id, row.id);
    // The watermark is inclusive: the row at since_id was committed by the previous cycle.
    if (row.id <= walk.since_id) continue;
    if (auto record = record_of(task, row, result.state.assets, result.diagnostics)) {
      walk.records.push_back(std::move(*record));
    }
  }
  ++walk.pages;
  const bool full_page = page.rows.size() >= page_size(settings);
  const std::uint32_t next_offset = walk.offset + page_size(settings);
  // The inclusive repeat takes a slot of the first page. A cycle that has seen nothing past
  // its watermark reads on past its page budget, or a one-row page would never advance.
  const bool progressed = walk.max_id > walk.since_id;
  const bool within_budget = walk.pages < settings.pages_per_cycle_max || !progressed;
  if (full_page && next_offset <= settings.offset_max && within_budget) {
    walk.offset = next_offset;
    result.requests.push_back(page_request(task, walk, settings));
    walk_of(result.state.running, task) = std::move(walk);
    return "";
  }
  commit_walk(result, task, std::move(walk), full_page, now_ms);
  return "";
}

// Starts a walk under the task's committed watermark, once the asset table is fresh.
void start_walk(StepResult& result, Task task, const Settings& settings, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  TransactionsWalk walk;
  walk.since_id = cursor_of(result.state, task).last_id;
  walk_of(running, task) = walk;
  when_assets_ready(result, waiting_of(running, task), page_request(task, walk, settings), settings, now_ms);
}

bool is_waited_for(const RunningCycles& running, const Request& request, const Settings& settings) {
  switch (request.task) {
    case Task::currencies: return running.currencies;
    case Task::accounts: return running.accounts && !running.accounts_waiting_for_assets;
    case Task::payments:
    case Task::conversions: {
      const auto& walk = walk_of(running, request.task);
      return walk && !waiting_of(running, request.task) &&
             same_call(request, page_request(request.task, *walk, settings));
    }
  }
  return false;
}

}  // namespace

Request currencies_request() {
  return Request{Task::currencies, Method::get, "/api/v2/currencies/", {}, false};
}

Request account_balances_request() {
  return Request{Task::accounts, Method::post, "/api/v2/account_balances/", {}, true};
}

Request user_transactions_request(Task task, std::int64_t since_id, std::uint32_t offset,
                                  std::uint32_t limit) {
  Request request{task, Method::post, "/api/v2/user_transactions/", {}, true};
  request.params.push_back({"limit", std::to_string(limit)});
  if (since_id >= 0) request.params.push_back({"since_id", std::to_string(since_id)});
  request.params.push_back({"sort", "asc"});
  request.params.push_back({"offset", std::to_string(offset)});
  return request;
}

StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  RunningCycles& running = result.state.running;
  if (settings.tasks.accounts && !running.accounts && due(result.state.accounts, settings, now_ms)) {
    running.accounts = true;
    when_assets_ready(result, running.accounts_waiting_for_assets, account_balances_request(),
                      settings, now_ms);
  }
  const std::pair<Task, bool> walks[] = {{Task::payments, settings.tasks.payments},
                                         {Task::conversions, settings.tasks.conversions}};
  for (const auto& [task, enabled] : walks) {
    if (!enabled || walk_of(running, task)) continue;
    if (cursor_of(result.state, task).backfill_pending || due(progress_of(result.state, task), settings, now_ms)) {
      start_walk(result, task, settings, now_ms);
    }
  }
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
  if (outcome.outcome == Outcome::ok) {
    std::string unusable;
    switch (request.task) {
      case Task::currencies: unusable = on_currencies(result, settings, response.body, now_ms); break;
      case Task::accounts: unusable = on_account_balances(result, response.body, now_ms); break;
      case Task::payments:
      case Task::conversions:
        unusable = on_user_transactions(result, settings, request.task, response.body, now_ms);
        break;
    }
    if (unusable.empty()) return result;
    outcome = {Outcome::retry, "", unusable, 0};
  }
  const std::string detail = failure_detail(request, outcome);
  if (may_retry(request, outcome.outcome)) {
    result.requests.push_back(retry_of(request, outcome, now_ms));
    result.diagnostics.push_back({Severity::info, "request.retry",
                                  detail + "; retrying (at most " +
                                      std::to_string(request_attempt_max) + " attempts)"});
    return result;
  }
  if (request.task == Task::currencies) {
    currencies_failed(result, settings, detail);
  } else {
    fail_cycle(result, request.task, detail);
  }
  return result;
}

}  // namespace bitstamp::core
