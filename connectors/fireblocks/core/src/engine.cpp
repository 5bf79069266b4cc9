#include "fireblocks/core/engine.hpp"

#include <algorithm>
#include <charconv>

#include "fireblocks/core/accounts.hpp"
#include "fireblocks/core/transactions.hpp"
#include "json_rows.hpp"

namespace fireblocks::core {
namespace {

// What a response means before any reading of its body.
enum class Verdict { data, retry, fresh_token, not_found, fail };

struct Classified {
  Verdict verdict = Verdict::data;
  std::string why;
  std::int64_t not_before_ms = 0;
};

// Fireblocks' error body: {"message":string,"code":number} (wire digest §1, §2.6).
std::string error_summary(const Response& response, std::optional<std::int64_t>& code) {
  json::Body parsed;
  if (!parsed.parse(response.body)) return "";
  code = json::integer_member(parsed.root(), "code");
  std::string message(json::text_member(parsed.root(), "message").substr(0, 120));
  return message;
}

std::int64_t retry_after_ms(const Response& response, std::int64_t now_ms) {
  const std::string_view text = response.header("retry-after");
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || seconds < 0) return 0;
  return now_ms + std::min(seconds * ms_per_second, retry_after_ms_max);
}

Classified classify(const Request& request, const Response& response, std::int64_t now_ms) {
  if (response.transport != Transport::received) return {Verdict::retry, std::string(to_string(response.transport)), 0};
  const int status = response.status;
  if (status == 429) return {Verdict::retry, "rate limited (429)", retry_after_ms(response, now_ms)};
  if (status >= 500) return {Verdict::retry, "server error " + std::to_string(status), retry_after_ms(response, now_ms)};
  if (status == 200) return {Verdict::data, "", 0};
  std::optional<std::int64_t> code;
  const std::string message = error_summary(response, code);
  const std::string said = " (code " + (code ? std::to_string(*code) : std::string("none")) +
                           (message.empty() ? std::string() : ": " + message) + ")";
  if (status == 401 && code && (*code == -10 || *code == -12)) {
    // The token's time window was refused: the clock is behind (-10, expired) or ahead (-12,
    // issued in the future), or the request was slow. A fresh token may pass.
    return {Verdict::fresh_token, "the token's time window was refused" + said + ": check this machine's clock", 0};
  }
  if (status == 401) return {Verdict::fail, "authentication refused" + said + ": check apiKey, privateKey and endpoint", 0};
  if (status == 403) return {Verdict::fail, "permission refused" + said + ": the API user lacks a permission", 0};
  if (status == 404 && request.path.size() > transactions_path.size() && request.path.starts_with(transactions_path)) {
    return {Verdict::not_found, "HTTP 404" + said, 0};
  }
  return {Verdict::fail, "HTTP " + std::to_string(status) + said, 0};
}

void fail_cycle(StepResult& result, Task task, std::string_view why) {
  Running& running = result.state.running;
  if (task == Task::currencies) running.catalogue.reset();
  if (task == Task::accounts) running.accounts.reset();
  if (task == Task::payments) running.payments.reset();
  result.diagnostics.push_back({Severity::error, std::string(to_string(task)) + ".cycle_failed",
                                std::string(to_string(task)) + " cycle failed: " + std::string(why) + "; nothing committed"});
  if (task == Task::currencies && result.state.catalogue_loaded_at_ms == 0) {
    // Without a first catalogue no amount has a precision: the cycles waiting for it fail too,
    // so that the shell rests them rather than waiting on a catalogue that is not coming.
    for (const Task waiting : {Task::accounts, Task::payments}) {
      result.diagnostics.push_back({Severity::error, std::string(to_string(waiting)) + ".cycle_failed",
                                    std::string(to_string(waiting)) + " cycle failed: no asset catalogue (" + std::string(why) + ")"});
    }
  }
}

// Asks `request` again, or fails its cycle when its attempts are spent.
void retry_or_fail(StepResult& result, const Request& request, const Classified& classified) {
  Request again = request;
  if (classified.verdict == Verdict::fresh_token) {
    if (request.nonce_retries >= clock_skew_retries_max) return fail_cycle(result, request.task, classified.why);
    ++again.nonce_retries;
  } else {
    if (request.attempt >= attempts_max) return fail_cycle(result, request.task, classified.why + " after " + std::to_string(attempts_max) + " attempts");
    ++again.attempt;
    again.not_before_ms = classified.not_before_ms;
  }
  result.diagnostics.push_back({Severity::warning, "request.retry", request.path + ": " + classified.why});
  result.requests.push_back(std::move(again));
}

// Asks the next page of a sequential read, remembering it as the one answer the cycle waits for.
void ask(StepResult& result, std::string& awaiting, Request request) {
  awaiting = request_target(request);
  result.requests.push_back(std::move(request));
}

bool catalogue_due(const SyncState& state, const Settings& settings, std::int64_t now_ms) {
  if (state.catalogue_loaded_at_ms == 0) return true;
  const std::int64_t age_ms = now_ms - state.catalogue_loaded_at_ms;
  return age_ms >= settings.catalogue_ttl_ms || (state.catalogue_stale && age_ms >= settings.polling_period_ms);
}

bool is_terminal(std::string_view status) { return read_status(status).terminal; }

// Where a payments walk starts: after=1 on the first sync (the API's default is the past 90 days);
// where the last walk stopped, when it stopped at its page budget (a long backfill, or a long
// re-scan); otherwise the re-scan window before the newest createdAt read, so that late changes
// of end states are read again.
std::int64_t walk_after_ms(const SyncState& state, const Settings& settings) {
  if (state.backfill_pending) return std::max(first_sync_after_ms, state.resume_after_ms);
  if (state.last_created_at_ms == 0) return first_sync_after_ms;
  if (settings.injected_bug == InjectedBug::created_at_only_cursor) return state.last_created_at_ms;
  return std::max(first_sync_after_ms, state.last_created_at_ms - std::max<std::int64_t>(settings.rescan_window_ms, 1));
}

// Reads one transaction into the cycle: emitted when new or when its status changed, held
// (with a warning) when it cannot be mapped yet.
void take_row(PaymentsCycle& run, const SyncState& state, const Settings& settings, const TransactionRow& row) {
  run.last_created_at_ms = std::max(run.last_created_at_ms, row.created_at_ms);
  const auto known = run.known.find(row.id);
  if (known != run.known.end() && known->second.held_raw.empty() && known->second.status == row.status) return;
  if (state.catalogue_skipped.contains(catalogue_key(row.asset_id))) {
    run.diagnostics.push_back({Severity::debug, "transaction.asset_left_out",
                               "transaction " + row.id + ": asset " + row.asset_id + " is left out (NFT, SFT, VIRTUAL or deprecated)"});
    return;
  }
  MappedTransaction mapped =
      map_transaction(row, state.catalogue, settings.injected_bug == InjectedBug::multi_destination_flat);
  if (mapped.payment) {
    run.records.emplace_back(std::move(*mapped.payment));
    run.known[row.id] = KnownTransaction{row.created_at_ms, row.status, ""};
    return;
  }
  run.known[row.id] = KnownTransaction{row.created_at_ms, row.status, row.raw};
  if (!mapped.unknown_asset.empty()) {
    run.unknown_asset = true;
    run.diagnostics.push_back({Severity::warning, "transaction.unknown_asset",
                               "transaction " + row.id + ": asset " + mapped.unknown_asset +
                                   " is not in the catalogue; held, and mapped when the catalogue refreshes"});
  } else {
    run.diagnostics.push_back({Severity::warning, "transaction.unreadable", "transaction " + row.id + " " + mapped.error + "; held"});
  }
}

void start_payments(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  SyncState& state = result.state;
  PaymentsCycle run;
  run.known = state.known;
  run.last_created_at_ms = state.last_created_at_ms;
  run.before_ms = now_ms;
  run.after_ms = walk_after_ms(state, settings);
  run.limit = std::clamp<std::uint32_t>(settings.page_size, 1, transactions_page_size_max);
  ask(result, run.awaiting, transactions_request(run.after_ms, run.before_ms, run.limit));
  for (const auto& [id, known] : state.known) {
    if (known.created_at_ms > run.after_ms) continue;  // the walk reads it again
    if (!known.held_raw.empty()) {
      // Held back: the catalogue may know its asset now.
      TransactionsRead read = read_transaction(known.held_raw);
      if (read.error.empty()) take_row(run, state, settings, read.rows.front());
    } else if (!is_terminal(known.status) && settings.injected_bug != InjectedBug::created_at_only_cursor) {
      Request follow = transaction_request(id);
      run.follows_out.insert(follow.path);
      result.requests.push_back(std::move(follow));
    }
  }
  state.running.payments = std::move(run);
}

void start_due_cycles(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  SyncState& state = result.state;
  if (state.running.catalogue) return;  // accounts and payments wait for the refreshed catalogue
  if (settings.catalogue && catalogue_due(state, settings, now_ms)) {
    state.running.catalogue = CatalogueCycle{};
    ask(result, state.running.catalogue->awaiting, blockchains_request(""));
    return;
  }
  if (state.catalogue_loaded_at_ms == 0) return;  // nothing has a precision yet
  if (settings.accounts && !state.running.accounts && task_due(state, settings, Task::accounts, now_ms)) {
    AccountsCycle run;
    run.vaults_first_seen_ms = state.vaults_first_seen_ms;
    state.running.accounts = std::move(run);
    ask(result, state.running.accounts->awaiting, vaults_request(""));
  }
  if (settings.payments && !state.running.payments && task_due(state, settings, Task::payments, now_ms)) {
    start_payments(result, settings, now_ms);
  }
}

void on_catalogue(StepResult& result, const Settings& settings, const Request& request, const Response& response,
                  std::int64_t now_ms) {
  CatalogueCycle& run = *result.state.running.catalogue;
  if (request.path == blockchains_path) {
    BlockchainsPage page = read_blockchains_page(response.body);
    if (!page.error.empty()) return retry_or_fail(result, request, {Verdict::retry, page.error, 0});
    for (auto& [id, test] : page.testnet) run.testnet[id] = test;
    if (!page.next.empty()) return ask(result, run.awaiting, blockchains_request(page.next));
    run.blockchains_done = true;
    return ask(result, run.awaiting, assets_request(""));
  }
  AssetsPage page = read_assets_page(response.body, run.testnet);
  if (!page.error.empty()) return retry_or_fail(result, request, {Verdict::retry, page.error, 0});
  for (auto& [key, info] : page.assets) {
    run.skipped.erase(key);
    run.assets[key] = std::move(info);  // a duplicate key: the last one wins, as in Formance
  }
  for (std::string& key : page.skipped_keys) {
    if (!run.assets.contains(key)) run.skipped.insert(std::move(key));
  }
  const bool read_on = !page.next.empty() && settings.injected_bug != InjectedBug::catalogue_first_page_only;
  if (read_on) return ask(result, run.awaiting, assets_request(page.next));
  SyncState& state = result.state;
  result.diagnostics.push_back({Severity::info, "catalogue.loaded",
                                std::to_string(run.assets.size()) + " assets, " + std::to_string(run.skipped.size()) +
                                    " left out (NFT, SFT, VIRTUAL, deprecated, no precision or symbol)"});
  state.catalogue = std::move(run.assets);
  state.catalogue_skipped = std::move(run.skipped);
  state.catalogue_loaded_at_ms = now_ms;
  state.catalogue_stale = false;
  state.running.catalogue.reset();
  result.commit = true;
  start_due_cycles(result, settings, now_ms);
}

void on_accounts(StepResult& result, const Request& request, const Response& response, std::int64_t now_ms) {
  SyncState& state = result.state;
  AccountsCycle& run = *state.running.accounts;
  VaultsPage page = read_vaults_page(response.body);
  if (!page.error.empty()) return retry_or_fail(result, request, {Verdict::retry, page.error, 0});
  for (const Vault& vault : page.vaults) {
    const auto seen = run.vaults_first_seen_ms.try_emplace(vault.id, now_ms).first->second;
    VaultMapping mapped = map_vault(vault, state.catalogue, seen * 1000, now_ms * 1000);
    for (Record& record : mapped.records) run.records.push_back(std::move(record));
    for (Diagnostic& diagnostic : mapped.diagnostics) run.diagnostics.push_back(std::move(diagnostic));
    for (const std::string& legacy_id : mapped.unknown_assets) {
      if (state.catalogue_skipped.contains(catalogue_key(legacy_id))) continue;
      run.unknown_asset = true;
      run.diagnostics.push_back({Severity::info, "balance.unknown_asset",
                                 "vault " + vault.id + ": asset " + legacy_id + " is not in the catalogue; its balance is left out"});
    }
  }
  if (!page.next_after.empty()) return ask(result, run.awaiting, vaults_request(page.next_after));
  result.records = std::move(run.records);
  for (Diagnostic& diagnostic : run.diagnostics) result.diagnostics.push_back(std::move(diagnostic));
  state.vaults_first_seen_ms = std::move(run.vaults_first_seen_ms);
  state.catalogue_stale = state.catalogue_stale || run.unknown_asset;
  state.accounts_completed_at_ms = now_ms;
  state.running.accounts.reset();
  result.commit = true;
}

void commit_payments_if_done(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  SyncState& state = result.state;
  PaymentsCycle& run = *state.running.payments;
  if (!run.walk_done || !run.follows_out.empty()) return;
  const bool budget_spent = run.stopped_at_budget;
  // Forget what no later walk reads again: end states created before the next re-scan window.
  const std::int64_t horizon_ms = std::max(first_sync_after_ms, run.last_created_at_ms - settings.rescan_window_ms) - 1;
  std::erase_if(run.known, [&](const auto& entry) {
    const KnownTransaction& known = entry.second;
    return known.created_at_ms < horizon_ms && known.held_raw.empty() && is_terminal(known.status);
  });
  result.records = std::move(run.records);
  for (Diagnostic& diagnostic : run.diagnostics) result.diagnostics.push_back(std::move(diagnostic));
  state.known = std::move(run.known);
  state.last_created_at_ms = run.last_created_at_ms;
  state.backfill_pending = budget_spent;
  state.resume_after_ms = budget_spent ? run.after_ms : 0;
  state.catalogue_stale = state.catalogue_stale || run.unknown_asset;
  state.payments_completed_at_ms = now_ms;
  state.running.payments.reset();
  result.commit = true;
}

void on_transactions_page(StepResult& result, const Settings& settings, const Request& request,
                          const Response& response, std::int64_t now_ms) {
  PaymentsCycle& run = *result.state.running.payments;
  TransactionsRead read = read_transactions_page(response.body);
  if (!read.error.empty()) return retry_or_fail(result, request, {Verdict::retry, read.error, 0});
  std::int64_t newest_ms = 0;
  for (const TransactionRow& row : read.rows) {
    take_row(run, result.state, settings, row);
    newest_ms = std::max(newest_ms, row.created_at_ms);
  }
  ++run.pages;
  if (read.rows.size() < run.limit) {
    run.walk_done = true;
  } else {
    // Ask again from one millisecond before the newest row: whether `after` is inclusive or not
    // (the digest leaves it open), no row of that millisecond is skipped; seen ones are dropped.
    std::int64_t next_after_ms = newest_ms - 1;
    if (next_after_ms <= run.after_ms) {
      if (run.limit < transactions_page_size_max) {
        run.limit = transactions_page_size_max;  // a page all in one millisecond: ask for more
        next_after_ms = run.after_ms;
      } else {
        result.diagnostics.push_back({Severity::warning, "transactions.millisecond_overflow",
                                      "more than " + std::to_string(run.limit) + " transactions created at " +
                                          std::to_string(newest_ms) + " ms; the API cannot page inside one millisecond"});
        next_after_ms = newest_ms;
      }
    }
    run.after_ms = next_after_ms;
    if (run.pages >= settings.pages_per_cycle_max) {
      run.walk_done = true;  // committed so far; the next cycle goes on from run.after_ms
      run.stopped_at_budget = true;
    } else {
      ask(result, run.awaiting, transactions_request(run.after_ms, run.before_ms, run.limit));
    }
  }
  if (run.walk_done) run.awaiting.clear();
  commit_payments_if_done(result, settings, now_ms);
}

void on_follow(StepResult& result, const Settings& settings, const Request& request, const Response& response,
               bool not_found, std::int64_t now_ms) {
  PaymentsCycle& run = *result.state.running.payments;
  if (not_found) {
    run.diagnostics.push_back({Severity::warning, "transaction.not_found", request.path + " answered 404; still followed"});
  } else {
    TransactionsRead read = read_transaction(response.body);
    if (!read.error.empty()) return retry_or_fail(result, request, {Verdict::retry, read.error, 0});
    take_row(run, result.state, settings, read.rows.front());
  }
  run.follows_out.erase(request.path);
  commit_payments_if_done(result, settings, now_ms);
}

Request get_request(Task task, std::string_view path) {
  Request request;
  request.task = task;
  request.method = Method::get;
  request.path = std::string(path);
  return request;
}

// Whether `request` is one its running cycle still waits for.
bool awaited(const SyncState& state, const Request& request) {
  const Running& running = state.running;
  const std::string target = request_target(request);
  switch (request.task) {
    case Task::currencies: return running.catalogue->awaiting == target;
    case Task::accounts: return running.accounts->awaiting == target;
    case Task::payments:
      return request.path == transactions_path ? running.payments->awaiting == target
                                               : running.payments->follows_out.contains(request.path);
    default: return false;
  }
}

bool cycle_running(const SyncState& state, Task task) {
  switch (task) {
    case Task::currencies: return state.running.catalogue.has_value();
    case Task::accounts: return state.running.accounts.has_value();
    case Task::payments: return state.running.payments.has_value();
    default: return false;
  }
}

}  // namespace

bool task_due(const SyncState& state, const Settings& settings, Task task, std::int64_t now_ms) {
  switch (task) {
    case Task::currencies: return catalogue_due(state, settings, now_ms);
    case Task::accounts:
      return state.accounts_completed_at_ms == 0 || now_ms - state.accounts_completed_at_ms >= settings.polling_period_ms;
    case Task::payments:
      return state.payments_completed_at_ms == 0 || state.backfill_pending ||
             now_ms - state.payments_completed_at_ms >= settings.polling_period_ms;
    default: return false;
  }
}

StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  start_due_cycles(result, settings, now_ms);
  return result;
}

StepResult step(SyncState state, const Settings& settings, const Request& request, const Response& response,
                std::int64_t now_ms) {
  StepResult result;
  result.state = std::move(state);
  if (!cycle_running(result.state, request.task)) {
    result.diagnostics.push_back({Severity::debug, "response.unowned", request.path + ": no cycle is waiting for it"});
    return result;
  }
  if (!awaited(result.state, request)) {
    result.diagnostics.push_back({Severity::debug, "response.unexpected",
                                  request.path + ": not the answer its cycle waits for (a duplicate or a late one); not read"});
    return result;
  }
  const Classified classified = classify(request, response, now_ms);
  switch (classified.verdict) {
    case Verdict::retry:
    case Verdict::fresh_token: retry_or_fail(result, request, classified); return result;
    case Verdict::fail: fail_cycle(result, request.task, request.path + ": " + classified.why); return result;
    case Verdict::not_found:
    case Verdict::data: break;
  }
  const bool follow = request.task == Task::payments && request.path != transactions_path;
  if (classified.verdict == Verdict::not_found && !follow) {
    fail_cycle(result, request.task, request.path + ": " + classified.why);
    return result;
  }
  switch (request.task) {
    case Task::currencies: on_catalogue(result, settings, request, response, now_ms); break;
    case Task::accounts: on_accounts(result, request, response, now_ms); break;
    case Task::payments:
      if (follow) {
        on_follow(result, settings, request, response, classified.verdict == Verdict::not_found, now_ms);
      } else {
        on_transactions_page(result, settings, request, response, now_ms);
      }
      break;
    default: break;
  }
  return result;
}

std::string_view to_string(InjectedBug bug) {
  switch (bug) {
    case InjectedBug::none: return "none";
    case InjectedBug::created_at_only_cursor: return "created_at_only_cursor";
    case InjectedBug::catalogue_first_page_only: return "catalogue_first_page_only";
    case InjectedBug::multi_destination_flat: return "multi_destination_flat";
  }
  return "unknown";
}

Request blockchains_request(std::string_view cursor) {
  Request request = get_request(Task::currencies, blockchains_path);
  request.params.push_back({"pageSize", std::to_string(blockchains_page_size)});
  if (!cursor.empty()) request.params.push_back({"pageCursor", std::string(cursor)});
  return request;
}

Request assets_request(std::string_view cursor) {
  Request request = get_request(Task::currencies, assets_path);
  request.params.push_back({"pageSize", std::to_string(assets_page_size)});
  if (!cursor.empty()) request.params.push_back({"pageCursor", std::string(cursor)});
  return request;
}

Request vaults_request(std::string_view after) {
  Request request = get_request(Task::accounts, vaults_path);
  request.params.push_back({"limit", std::to_string(accounts_page_size)});
  if (!after.empty()) request.params.push_back({"after", std::string(after)});
  return request;
}

Request transactions_request(std::int64_t after_ms, std::int64_t before_ms, std::uint32_t limit) {
  Request request = get_request(Task::payments, transactions_path);
  request.params = {{"limit", std::to_string(limit)},
                    {"orderBy", "createdAt"},
                    {"sort", "ASC"},
                    {"after", std::to_string(after_ms)},
                    {"before", std::to_string(before_ms)}};
  return request;
}

Request transaction_request(std::string_view id) {
  return get_request(Task::payments, std::string(transactions_path) + "/" + percent_encode(id));
}

std::string request_target(const Request& request) {
  return request.params.empty() ? request.path : request.path + "?" + encode_form(request.params);
}

}  // namespace fireblocks::core
