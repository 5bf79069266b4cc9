// The stream cycles: payments (three sources side by side) and conversions, from their pages
// to the commit that ends a cycle with its records and every advanced cursor.
#include <algorithm>
#include <iterator>

#include "bitstamp/core/classify.hpp"
#include "bitstamp/core/user_transactions.hpp"
#include "cycle_support.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {
namespace {

std::string cursor_change(std::string_view source, std::int64_t before, std::int64_t after) {
  return std::string(source) + " " + std::to_string(before) + " -> " + std::to_string(after);
}

// Ends a cycle: its records and every advanced cursor leave together, in one commit. A
// payments cycle ends when all of its walks are done; each cursor only moves forward.
// The references without their source prefix ("wr:7" -> "7"): the no_cross_source_dedupe bug.
void strip_source_prefixes(std::vector<Record>& records) {
  for (Record& record : records) {
    if (auto* payment = std::get_if<PspPayment>(&record)) {
      const std::size_t colon = payment->reference.find(':');
      if (colon != std::string::npos) payment->reference.erase(0, colon + 1);
    }
  }
}

}  // namespace

void report_derivatives_left_out(StepResult& result, Task task, const TransactionsWalk& walk) {
  if (walk.derivatives_left_out == 0) return;
  result.diagnostics.push_back({Severity::info, std::string(to_string(task)) + ".derivatives_left_out",
                                std::string(to_string(task)) + ": " + std::to_string(walk.derivatives_left_out) +
                                    " user_transactions row(s) of the derivatives product (types 58-61 or "
                                    "margin_mode) left out: this connector is spot-only"});
}

namespace {

// The accounts this cycle's payments and conversions name become known, so the accounts task
// reports them even at a zero balance. A wallet can be filled and emptied between two balance
// reads (ETH bought, then converted to USD an hour later); without this its account would be
// emitted only if a read happened to catch it, and a record would name an account the store may
// never hold (found by the crash-versus-calm property, seed 262158221).
void remember_referenced_accounts(SyncState& state, const std::vector<Record>& records, std::size_t from) {
  for (std::size_t i = from; i < records.size(); ++i) {
    const auto remember = [&](const std::string& reference) {
      if (!reference.empty()) state.accounts_known.insert(reference);
    };
    if (const auto* payment = std::get_if<PspPayment>(&records[i])) {
      remember(payment->source_account_reference);
      remember(payment->destination_account_reference);
    } else if (const auto* conversion = std::get_if<PspConversion>(&records[i])) {
      remember(conversion->source_account_reference);
      remember(conversion->destination_account_reference);
    }
  }
}

void commit_cycle(StepResult& result, Task task, const Settings& settings, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  TransactionsWalk walk = std::move(*walk_of(running, task));
  walk_of(running, task).reset();
  StreamCursor& cursor = cursor_of(result.state, task);
  const std::int64_t before = cursor.last_id;
  cursor.last_id = std::max(before, walk.max_id);
  cursor.backfill_pending = walk.more_pending;
  std::uint32_t pages = walk.pages;
  std::string cursors = cursor_change("user_transactions", before, cursor.last_id);
  const std::size_t records_before = result.records.size();  // a rider's commit may follow its leader's
  std::move(walk.records.begin(), walk.records.end(), std::back_inserter(result.records));
  if (task == Task::payments) {
    PaymentsCursor& payments = result.state.payments_cursor;
    if (running.crypto_transactions) {
      CryptoWalk& crypto = *running.crypto_transactions;
      cursors += ", " + cursor_change("crypto_transactions walked-through", payments.crypto_transactions.walked_through_s,
                                      crypto.next.walked_through_s);
      payments.crypto_transactions = std::move(crypto.next);
      pages += crypto.pages;
      std::move(crypto.records.begin(), crypto.records.end(), std::back_inserter(result.records));
      running.crypto_transactions.reset();
    }
    if (running.withdrawal_requests) {
      WithdrawalRequestsWalk& withdrawals = *running.withdrawal_requests;
      cursors += ", " + cursor_change("withdrawal_requests", payments.withdrawal_requests.last_id, withdrawals.next.last_id);
      payments.withdrawal_requests = std::move(withdrawals.next);
      pages += withdrawals.pages;
      std::move(withdrawals.records.begin(), withdrawals.records.end(), std::back_inserter(result.records));
      running.withdrawal_requests.reset();
    }
    if (settings.injected_bug == InjectedBug::no_cross_source_dedupe) strip_source_prefixes(result.records);
    if (settings.injected_bug == InjectedBug::followed_payments_dropped_early) {
      payments.crypto_transactions.pending_deposits.clear();
      payments.withdrawal_requests.pending.clear();
    }
  }
  remember_referenced_accounts(result.state, result.records, records_before);
  report_derivatives_left_out(result, task, walk);
  progress_of(result.state, task).last_completed_ms = now_ms;
  result.diagnostics.push_back(
      {Severity::info, std::string(to_string(task)) + ".committed",
       std::string(to_string(task)) + ": " + std::to_string(pages) + " page(s), " +
           std::to_string(result.records.size() - records_before) + " record(s); cursors " + cursors +
           (cursor.backfill_pending ? "; more history pending, continuing next cycle" : "")});
  result.commit = true;
}

// Commits the cycle once every walk it runs has read its last page.
void commit_if_complete(StepResult& result, Task task, const Settings& settings, std::int64_t now_ms) {
  const RunningCycles& running = result.state.running;
  if (!walk_of(running, task)->done) return;
  if (task == Task::orders) return advance_orders_cycle(result, settings, now_ms);
  if (task == Task::payments && ((running.crypto_transactions && !running.crypto_transactions->done) ||
                                 (running.withdrawal_requests && !running.withdrawal_requests->done))) {
    return;
  }
  commit_cycle(result, task, settings, now_ms);
}

// The record a row stands for in this task's view of the stream, if any.
std::optional<Record> record_of(Task task, UserTransaction row, const AssetTable& assets,
                                std::vector<Diagnostic>& diagnostics) {
  if (task == Task::payments) {
    if (auto payment = map_user_transaction_payment(std::move(row), assets, diagnostics)) return Record{std::move(*payment)};
  } else if (auto conversion = map_user_transaction_conversion(std::move(row), assets, diagnostics)) {
    return Record{std::move(*conversion)};
  }
  return std::nullopt;
}

}  // namespace

void ask_pages(StepResult& result, const Settings& settings, Task task) {
  TransactionsWalk& walk = *walk_of(result.state.running, task);
  const std::uint32_t span = page_span(walk, settings);
  // Where the walk will end is unknown until a short page comes, and every page asked past it
  // is wasted: the window opens one page per full page read (a two-page walk wastes one
  // request at most), or wide at once when the backfill is known to go on.
  const std::uint32_t in_flight_max = std::max<std::uint32_t>(settings.pages_in_flight_max, 1);
  const std::uint32_t window = walk.backfill_continues ? in_flight_max : std::min(in_flight_max, walk.pages + 1);
  const std::uint64_t budget_end = std::uint64_t{settings.pages_per_cycle_max} * span;  // first offset past the budget
  walk.ask_offset = std::max(walk.ask_offset, walk.offset);
  while (!walk.read_to_end && walk.ask_offset <= settings.offset_max) {
    const bool next_to_read = walk.ask_offset == walk.offset;
    const bool ahead_allowed = walk.ask_offset < budget_end && walk.asking.size() + walk.early.size() < window;
    if (!next_to_read && !ahead_allowed) break;
    result.requests.push_back(page_request(task, walk, walk.ask_offset, settings));
    walk.asking.insert(walk.ask_offset);
    walk.ask_offset += span;
  }
}

bool walk_waits_for(const TransactionsWalk& walk, const Request& request, const Settings& settings) {
  if (walk.done || walk.rides_with) return false;
  const std::optional<std::uint32_t> offset = page_offset(request);
  return offset && walk.asking.contains(*offset) &&
         same_call(request, page_request(request.task, walk, *offset, settings));
}

namespace {

// Reads one page, the next in offset order, into the walk and its riders' records; then moves
// the walk on to the following page, or marks it read to the end.
void read_page(StepResult& result, const Settings& settings, Task task, std::vector<UserTransaction> rows) {
  RunningCycles& running = result.state.running;
  TransactionsWalk& walk = *walk_of(running, task);
  const std::vector<Task> readers = readers_of(running, task);
  // sort=asc lists ids ascending; should a page come otherwise, order it rather than skip.
  const auto by_id = [](const UserTransaction& a, const UserTransaction& b) { return a.id < b.id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_id)) std::stable_sort(rows.begin(), rows.end(), by_id);
  // The watermark is inclusive: the row at since_id was committed by the previous cycle. A row
  // at or below the highest id this walk has read is a repeat (a row listed twice).
  const bool exclusive_bug = settings.injected_bug == InjectedBug::exclusive_watermark;
  const std::int64_t committed = exclusive_bug ? walk.since_id - 1 : walk.since_id;
  const std::size_t rows_read = rows.size();
  for (UserTransaction& row : rows) {
    if (row.id <= std::max(committed, walk.max_id)) continue;
    walk.max_id = row.id;
    const Task reader = reader_of_type(row.type);
    if (std::find(readers.begin(), readers.end(), reader) == readers.end()) continue;
    if (is_derivatives(row)) {
      ++walk_of(running, reader)->derivatives_left_out;  // spot-only: counted, said at the commit
      continue;
    }
    if (reader == Task::orders) {
      if (row.order_id) running.orders->fill_rows.push_back(std::move(row));
    } else if (auto record = record_of(reader, std::move(row), result.state.assets, result.diagnostics)) {
      walk_of(running, reader)->records.push_back(std::move(*record));
    }
  }
  ++walk.pages;
  const bool payments_read = std::find(readers.begin(), readers.end(), Task::payments) != readers.end();
  if (settings.injected_bug == InjectedBug::cursor_before_records && payments_read) {
    StreamCursor& cursor = cursor_of(result.state, Task::payments);
    cursor.last_id = std::max(cursor.last_id, walk.max_id);
    result.commit = true;  // the cursor alone: this cycle's records leave only at its end
  }
  const std::uint32_t span = page_span(walk, settings);
  const bool full_page = rows_read >= span;
  const std::uint32_t next_offset = walk.offset + span;
  // The inclusive repeat takes a slot of the first page. A cycle that has seen nothing past
  // its watermark reads on past its page budget, or a one-row page would never advance.
  const bool progressed = walk.max_id > walk.since_id;
  const bool within_budget = walk.pages < settings.pages_per_cycle_max || !progressed;
  if (full_page && next_offset <= settings.offset_max && within_budget) {
    walk.offset = next_offset;
  } else {
    walk.read_to_end = true;
    walk.more_pending = full_page;
    walk.early.clear();  // pages past the end say nothing this walk needs
  }
}

// Mirrors the leader's progress into its riders, and once nothing is out any more, ends the
// walk for every reader (each commits when the rest of its cycle is done too).
void after_pages(StepResult& result, const Settings& settings, Task task, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  TransactionsWalk& walk = *walk_of(running, task);
  walk.done = walk.read_to_end && walk.asking.empty();
  const std::vector<Task> readers = readers_of(running, task);
  for (const Task rider : readers) {
    if (rider == task) continue;
    TransactionsWalk& mirror = *walk_of(running, rider);
    mirror.offset = walk.offset;
    mirror.pages = walk.pages;
    mirror.max_id = walk.max_id;
    mirror.done = walk.done;
    mirror.more_pending = walk.more_pending;
  }
  if (!walk.done) return;
  for (const Task reader : readers) commit_if_complete(result, reader, settings, now_ms);
}

}  // namespace

std::string on_user_transactions(StepResult& result, const Settings& settings, const Request& request,
                                 std::string_view body, std::int64_t now_ms) {
  UserTransactionsPage page = parse_user_transactions(body, result.state.assets);
  if (page.error) return *page.error;
  const Task task = request.task;
  TransactionsWalk& walk = *walk_of(result.state.running, task);
  const std::uint32_t offset = page_offset(request).value_or(walk.offset);  // walk_waits_for checked it
  walk.asking.erase(offset);
  if (!walk.read_to_end) {
    if (offset == walk.offset) {
      read_page(result, settings, task, std::move(page.rows));
      for (auto next = walk.early.find(walk.offset); !walk.read_to_end && next != walk.early.end();
           next = walk.early.find(walk.offset)) {
        std::vector<UserTransaction> rows = std::move(next->second);
        walk.early.erase(next);
        read_page(result, settings, task, std::move(rows));
      }
      ask_pages(result, settings, task);
    } else {
      walk.early.emplace(offset, std::move(page.rows));
    }
  }
  after_pages(result, settings, task, now_ms);
  return "";
}

bool settle_surplus_page(StepResult& result, const Settings& settings, const Request& request, std::int64_t now_ms) {
  if (!walks_user_transactions(request.task) || request.path != user_transactions_path) return false;
  std::optional<TransactionsWalk>& walk = walk_of(result.state.running, request.task);
  const std::optional<std::uint32_t> offset = page_offset(request);
  if (!walk || !walk->read_to_end || !offset || *offset < walk->offset || !walk->asking.contains(*offset)) return false;
  walk->asking.erase(*offset);
  after_pages(result, settings, request.task, now_ms);
  return true;
}

std::string on_crypto_transactions(StepResult& result, const Settings& settings, std::string_view body,
                                   std::int64_t now_ms) {
  CryptoWalk& walk = *result.state.running.crypto_transactions;
  const std::string unusable = read_crypto_page(walk, result.state.payments_cursor.crypto_transactions, body,
                                                result.state.assets, page_limits(settings), result.diagnostics);
  if (!unusable.empty()) return unusable;
  if (!walk.done) {
    result.requests.push_back(crypto_page_request(walk, settings));
    return "";
  }
  commit_if_complete(result, Task::payments, settings, now_ms);
  return "";
}

std::string on_withdrawal_requests(StepResult& result, const Settings& settings, std::string_view body,
                                   std::int64_t now_ms) {
  WithdrawalRequestsWalk& walk = *result.state.running.withdrawal_requests;
  const std::string unusable = read_withdrawal_page(walk, result.state.payments_cursor.withdrawal_requests, body,
                                                    result.state.assets, page_limits(settings), result.diagnostics);
  if (!unusable.empty()) return unusable;
  if (!walk.done) {
    result.requests.push_back(withdrawal_page_request(walk, settings));
    return "";
  }
  commit_if_complete(result, Task::payments, settings, now_ms);
  return "";
}

bool skip_crypto_transactions(StepResult& result, const Settings& settings, const Classification& refusal,
                              std::int64_t now_ms) {
  // Only a permission refusal (HTTP 403, API0003, "No permission found": what a sub-account key
  // gets) means "not for this scope". A validation error, a 404 or a body of another shape says
  // nothing of the scope, and reading it as "no crypto transactions" would skip the history.
  if (refusal.outcome != Outcome::permission_denied) return false;
  result.state.skip.crypto_transactions = true;
  result.state.running.crypto_transactions.reset();
  result.diagnostics.push_back({Severity::info, "crypto_transactions.unavailable",
                                "crypto-transactions refused for this key (" + refusal.reason +
                                    "); a sub-account scope has none: treated as empty for the "
                                    "rest of this process"});
  commit_if_complete(result, Task::payments, settings, now_ms);
  return true;
}


}  // namespace bitstamp::core
