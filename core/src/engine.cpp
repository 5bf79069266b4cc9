#include "bitstamp/core/engine.hpp"

#include "bitstamp/core/accounts.hpp"
#include "bitstamp/core/classify.hpp"

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
  const std::int64_t retry_after_ms = c.retry_after_ms;
  again.not_before_ms = retry_after_ms > 0 ? now_ms + retry_after_ms : 0;
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

void start_accounts(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  CycleFlags& running = result.state.running;
  running.accounts_running = true;
  if (assets_fresh(result.state.assets, settings, now_ms)) {
    result.requests.push_back(account_balances_request());
    return;
  }
  running.accounts_waiting_for_assets = true;
  if (!running.currencies_running) {
    running.currencies_running = true;
    result.requests.push_back(currencies_request());
  }
}

// Tasks waiting for the currencies dataset go on with whatever table there is now.
void release_waiting_tasks(StepResult& result) {
  CycleFlags& running = result.state.running;
  if (!running.accounts_waiting_for_assets) return;
  running.accounts_waiting_for_assets = false;
  if (result.state.assets.loaded()) {
    result.requests.push_back(account_balances_request());
    return;
  }
  running.accounts_running = false;
  result.diagnostics.push_back({Severity::error, "accounts.cycle_failed",
                                "accounts: no currencies dataset, so no precision for any balance; "
                                "cycle abandoned, nothing committed"});
}

void currencies_succeeded(StepResult& result, const CurrenciesParse& parsed, std::int64_t now_ms) {
  result.state.assets = make_asset_table(parsed.currencies, now_ms, result.diagnostics);
  result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(),
                            parsed.diagnostics.end());
  result.state.running.currencies_running = false;
  result.commit = true;  // the table is state: keep it across restarts
  release_waiting_tasks(result);
}

void currencies_failed(StepResult& result, std::string detail) {
  result.state.running.currencies_running = false;
  const bool stale_table = result.state.assets.loaded();
  result.diagnostics.push_back(
      {stale_table ? Severity::warning : Severity::error, "currencies.failed",
       detail + (stale_table ? "; keeping the previous currencies dataset" : "")});
  release_waiting_tasks(result);
}

void accounts_succeeded(StepResult& result, AccountsMapping mapping, std::int64_t now_ms) {
  result.records = std::move(mapping.records);
  result.diagnostics.insert(result.diagnostics.end(), mapping.diagnostics.begin(),
                            mapping.diagnostics.end());
  if (mapping.zero_rows_skipped > 0) {
    result.diagnostics.push_back({Severity::debug, "balance.zero_rows_skipped",
                                  std::to_string(mapping.zero_rows_skipped) +
                                      " currencies with all-zero balances skipped"});
  }
  result.state.accounts.last_completed_ms = now_ms;
  result.state.running.accounts_running = false;
  result.commit = true;
}

void accounts_failed(StepResult& result, std::string detail) {
  result.state.running.accounts_running = false;
  result.diagnostics.push_back({Severity::error, "accounts.cycle_failed",
                                detail + "; cycle abandoned, nothing committed"});
}

bool is_running(const CycleFlags& running, Task task) {
  switch (task) {
    case Task::currencies: return running.currencies_running;
    case Task::accounts: return running.accounts_running && !running.accounts_waiting_for_assets;
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

StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  if (!result.state.running.accounts_running && due(result.state.accounts, settings, now_ms)) {
    start_accounts(result, settings, now_ms);
  }
  return result;
}

StepResult step(SyncState state, const Settings& /*settings*/, const Request& request,
                const Response& response, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  if (!is_running(result.state.running, request.task)) {
    result.diagnostics.push_back({Severity::warning, "response.unexpected",
                                  std::string(to_string(request.task)) + ": response to " +
                                      request.path + " arrived with no cycle waiting; ignored"});
    return result;
  }
  Classification outcome = classify(response);
  std::optional<CurrenciesParse> currencies;
  std::optional<AccountsMapping> accounts;
  if (outcome.outcome == Outcome::ok) {
    // A body that classifies as data but does not map (truncated mid-array) is as transient as
    // a 5xx: retry it like one.
    if (request.task == Task::currencies) {
      currencies = parse_currencies(response.body);
      if (currencies->error) outcome = {Outcome::retry, "", *currencies->error, 0};
    } else {
      accounts = map_account_balances(response.body, result.state.assets, now_ms);
      if (accounts->error) outcome = {Outcome::retry, "", *accounts->error, 0};
    }
  }
  if (outcome.outcome == Outcome::ok) {
    if (currencies) currencies_succeeded(result, *currencies, now_ms);
    if (accounts) accounts_succeeded(result, std::move(*accounts), now_ms);
    return result;
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
    currencies_failed(result, detail);
  } else {
    accounts_failed(result, detail);
  }
  return result;
}

}  // namespace bitstamp::core
