// Proves that payments, conversions and orders read user_transactions/ through one walk: each
// page is asked for once however many tasks read it, each task takes the rows of its kind and
// commits its own cursor, a task whose cursor differs walks apart, a failed walk ends the
// cycles riding on it, and a new group starts only once the last one has ended.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bitstamp/core/engine.hpp"
#include "connector/request.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t t0 = 1759320000000;  // 2025-10-01T12:00:00Z
constexpr const char* currencies_body =
    R"([{"currency":"USD","decimals":2,"type":"fiat"},{"currency":"BTC","decimals":8,"type":"crypto"}])";

// One row of each reader's kind, in turn: a deposit (payments), a fill (orders), an instant
// conversion (conversions). Dated 2024, so the fills are too old for order_status/.
std::string row_json(std::int64_t id) {
  const std::string head = R"({"id":)" + std::to_string(id) + R"(,"datetime":"2024-01-01 00:00:00",)";
  switch (id % 3) {
    case 0: return head + R"("type":"0","fee":"0.00","usd":"1.00","btc":0.0})";
    case 1:
      return head + R"("type":"2","fee":"0.01","usd":"-10.00","btc":"0.00100000","btc_usd":"10000.00","order_id":)" +
             std::to_string(900 + id) + "}";
    default: return head + R"("type":"36","fee":"0.01","usd":"-10.00","btc":"0.00100000","btc_usd":"10000.00"})";
  }
}

std::string param(const Request& request, std::string_view name, std::string fallback) {
  for (const Param& p : request.params) {
    if (p.name == name) return p.value;
  }
  return fallback;
}

// An account whose user_transactions/ holds rows 1..rows_total, answered with Bitstamp's
// semantics (since_id inclusive, then offset and limit; the limit is 1000 with since_id).
struct Ledger {
  explicit Ledger(std::int64_t rows) : rows_total(rows) {}

  std::int64_t rows_total = 0;
  std::vector<Request> transactions_asked;

  Response answer(const Request& request) {
    const auto ok = [](std::string body) { return Response{Transport::received, 200, {}, std::move(body)}; };
    if (request.task == Task::currencies) return ok(currencies_body);
    if (request.path == crypto_transactions_path) return ok(R"({"deposits":[],"withdrawals":[],"ripple_iou_transactions":[]})");
    if (request.path == withdrawal_requests_path || request.path == open_orders_path) return ok("[]");
    if (request.path != user_transactions_path) return ok("[]");
    transactions_asked.push_back(request);
    const std::int64_t since_id = std::stoll(param(request, "since_id", "-1"));
    const std::int64_t offset = std::stoll(param(request, "offset", "0"));
    const std::int64_t limit = since_id >= 0 ? 1000 : std::stoll(param(request, "limit", "1000"));
    std::string body = "[";
    const std::int64_t first = std::max<std::int64_t>(since_id, 1) + offset;
    for (std::int64_t id = first; id <= rows_total && id < first + limit; ++id) {
      if (body.size() > 1) body += ',';
      body += row_json(id);
    }
    return ok(body + "]");
  }
};

// Bitstamp's answer to a bad signature (with HTTP 200): not retried, the cycle fails.
Response auth_error() {
  return Response{Transport::received, 200, {}, R"({"status":"error","reason":"Invalid signature","code":"API0005"})"};
}

struct SyncRun {
  SyncState state;
  std::vector<Record> records;
  std::vector<Diagnostic> diagnostics;
};

// Plans at `now_ms` and answers every request (`answer` may replace the ledger's answer).
template <class Answer>
SyncRun run_until_idle(SyncState state, const Settings& settings, std::int64_t now_ms, Answer answer) {
  SyncRun run;
  StepResult result = plan(std::move(state), settings, now_ms);
  std::vector<Request> pending = result.requests;
  while (!pending.empty()) {
    const Request request = pending.front();
    pending.erase(pending.begin());
    result = step(std::move(result.state), settings, request, answer(request), now_ms);
    if (result.commit) run.records.insert(run.records.end(), result.records.begin(), result.records.end());
    run.diagnostics.insert(run.diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
    pending.insert(pending.end(), result.requests.begin(), result.requests.end());
  }
  run.state = std::move(result.state);
  return run;
}

SyncRun run_until_idle(SyncState state, const Settings& settings, std::int64_t now_ms, Ledger& ledger) {
  return run_until_idle(std::move(state), settings, now_ms, [&](const Request& r) { return ledger.answer(r); });
}

// The three readers, nothing else: no accounts, no enrichment.
Settings readers_only() {
  Settings settings;
  settings.tasks = EnabledTasks{false, true, true, true, false};
  settings.page_size = 2;
  return settings;
}

template <class Kind>
std::vector<std::string> references_of(const SyncRun& run) {
  std::vector<std::string> references;
  for (const Record& record : run.records) {
    if (const auto* item = std::get_if<Kind>(&record)) references.push_back(item->reference);
  }
  return references;
}

bool has_code(const SyncRun& run, std::string_view code) {
  return std::any_of(run.diagnostics.begin(), run.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

TEST(SharedWalk, AFirstSyncAsksForEachPageOnceAndEveryReaderTakesItsRows) {
  Ledger ledger{7};
  const SyncRun run = run_until_idle(SyncState{}, readers_only(), t0, ledger);
  // Pages of 2 from a cold start: offsets 0..6 hold the rows, each asked once (not once per
  // reader); 8..12 were asked ahead before the short page at 6 ended the walk.
  std::vector<std::string> offsets;
  for (const Request& request : ledger.transactions_asked) {
    offsets.push_back(param(request, "offset", ""));
    EXPECT_EQ(request.task, Task::payments) << "the first reader leads";
  }
  EXPECT_EQ(offsets, (std::vector<std::string>{"0", "2", "4", "6", "8", "10", "12"}));
  EXPECT_EQ(references_of<PspPayment>(run), (std::vector<std::string>{"3", "6"}));
  EXPECT_EQ(references_of<PspConversion>(run), (std::vector<std::string>{"2", "5"}));
  EXPECT_EQ(references_of<PspOrder>(run), (std::vector<std::string>{"901", "904", "907"}));
  EXPECT_EQ(run.state.payments_cursor.user_transactions.last_id, 7);
  EXPECT_EQ(run.state.conversions_cursor.last_id, 7);
  EXPECT_EQ(run.state.orders_cursor.fills.last_id, 7);
  EXPECT_TRUE(has_code(run, "payments.committed"));
  EXPECT_TRUE(has_code(run, "conversions.committed"));
  EXPECT_TRUE(has_code(run, "orders.committed"));
}

TEST(SharedWalk, AReaderWhoseCursorDiffersWalksApartAndTakesOnlyWhatIsNewToIt) {
  Ledger ledger{7};
  SyncState state;
  state.conversions_cursor.last_id = 5;  // e.g. payments and orders failed a cycle conversions committed
  const SyncRun run = run_until_idle(std::move(state), readers_only(), t0, ledger);
  std::vector<std::string> asked;
  for (const Request& request : ledger.transactions_asked) {
    asked.push_back(std::string(to_string(request.task)) + " since " + param(request, "since_id", "-") + " offset " +
                    param(request, "offset", ""));
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"payments since - offset 0", "conversions since 5 offset 0",
                                             "payments since - offset 2", "payments since - offset 4",
                                             "payments since - offset 6", "payments since - offset 8",
                                             "payments since - offset 10", "payments since - offset 12"}));
  EXPECT_EQ(references_of<PspConversion>(run), (std::vector<std::string>{}));  // 2 and 5 were its before
  EXPECT_EQ(references_of<PspOrder>(run), (std::vector<std::string>{"901", "904", "907"}));  // orders rode payments
  EXPECT_EQ(run.state.conversions_cursor.last_id, 7);
}

TEST(SharedWalk, AFailedWalkEndsTheCyclesRidingOnItAndCommitsNoCursor) {
  Ledger ledger{7};
  const auto refuse_pages = [&](const Request& request) {
    return request.path == user_transactions_path ? auth_error() : ledger.answer(request);
  };
  const SyncRun run = run_until_idle(SyncState{}, readers_only(), t0, refuse_pages);
  EXPECT_TRUE(has_code(run, "payments.cycle_failed"));
  EXPECT_TRUE(has_code(run, "conversions.cycle_failed"));
  EXPECT_TRUE(has_code(run, "orders.cycle_failed"));
  EXPECT_FALSE(run.state.running.payments || run.state.running.conversions || run.state.running.order_fills);
  EXPECT_FALSE(run.state.running.orders);
  EXPECT_EQ(run.state.payments_cursor.user_transactions.last_id, -1);
  EXPECT_EQ(run.state.conversions_cursor.last_id, -1);
  EXPECT_EQ(run.state.orders_cursor.fills.last_id, -1);
  EXPECT_TRUE(references_of<PspConversion>(run).empty());
}

TEST(SharedWalk, ANewGroupStartsOnlyOnceTheLastHasEndedThenEveryReaderComesAlong) {
  const Settings settings = readers_only();
  StepResult started = plan(SyncState{}, settings, t0);
  ASSERT_TRUE(started.state.running.payments && started.state.running.conversions && started.state.running.order_fills);
  // A polling period later the group is still waiting for its answers: nothing new starts.
  const StepResult again = plan(started.state, settings, t0 + settings.polling_period_ms + 1);
  EXPECT_TRUE(again.requests.empty());

  // Payments last completed a little before conversions and orders: when it is due, the
  // others come along although their own period has not quite passed.
  Ledger ledger{7};
  SyncRun first = run_until_idle(SyncState{}, settings, t0, ledger);
  first.state.payments.last_completed_ms = t0 - 1000;
  ledger.transactions_asked.clear();
  const StepResult next = plan(first.state, settings, t0 - 1000 + settings.polling_period_ms);
  EXPECT_TRUE(next.state.running.payments && next.state.running.conversions && next.state.running.order_fills);
  const auto pages = std::count_if(next.requests.begin(), next.requests.end(),
                                   [](const Request& r) { return r.path == user_transactions_path; });
  EXPECT_EQ(pages, 1) << "one page request for the three readers";
}

TEST(ConcurrentPages, PagesAnsweredInAnyOrderAreReadInOffsetOrderWithTheSameResult) {
  Settings settings = readers_only();
  settings.page_size = 1;
  Ledger ledger{13};
  const SyncRun in_order = run_until_idle(SyncState{}, settings, t0, ledger);
  // The same walk with every batch of answers delivered newest first.
  SyncRun reversed;
  StepResult result = plan(SyncState{}, settings, t0);
  std::vector<Request> pending = result.requests;
  std::size_t most_in_flight = 0;
  while (!pending.empty()) {
    std::vector<Request> batch = std::move(pending);
    pending.clear();
    most_in_flight = std::max(most_in_flight, static_cast<std::size_t>(std::count_if(
        batch.begin(), batch.end(), [](const Request& r) { return r.path == user_transactions_path; })));
    for (auto request = batch.rbegin(); request != batch.rend(); ++request) {
      result = step(std::move(result.state), settings, *request, ledger.answer(*request), t0);
      if (result.commit) reversed.records.insert(reversed.records.end(), result.records.begin(), result.records.end());
      pending.insert(pending.end(), result.requests.begin(), result.requests.end());
    }
  }
  EXPECT_GT(most_in_flight, 1u) << "the walk asked pages ahead";
  EXPECT_LE(most_in_flight, settings.pages_in_flight_max);
  ASSERT_EQ(in_order.records.size(), 13u);  // 4 payments, 4 conversions, 5 one-fill orders
  EXPECT_EQ(reversed.records, in_order.records);
  EXPECT_EQ(result.state.payments_cursor.user_transactions.last_id, 13);
}

// A walk of one-row pages over a ledger of `rows` rows, the pages at the offsets `fails` picks
// answered with `failure`.
template <class Pick>
SyncRun run_with_failing_pages(std::int64_t rows, Pick fails, const Response& failure) {
  Settings settings = readers_only();
  settings.page_size = 1;
  Ledger ledger{rows};
  const auto answer = [&](const Request& request) {
    if (request.path == user_transactions_path && fails(std::stoi(param(request, "offset", "0")))) return failure;
    return ledger.answer(request);
  };
  return run_until_idle(SyncState{}, settings, t0, answer);
}

TEST(ConcurrentPages, APageAskedAheadPastTheEndThatFailsDoesNotFailTheCycle) {
  // Offset 3 is the empty page that ends the walk; 4 and on were asked ahead of it.
  const SyncRun run = run_with_failing_pages(3, [](int offset) { return offset >= 4; },
                                             Response{Transport::received, 502, {}, "<html>Bad Gateway</html>"});
  EXPECT_FALSE(has_code(run, "payments.cycle_failed"));
  EXPECT_TRUE(has_code(run, "request.surplus_page"));
  EXPECT_TRUE(has_code(run, "payments.committed"));
  EXPECT_EQ(run.state.payments_cursor.user_transactions.last_id, 3);
}

TEST(ConcurrentPages, AFailedPageTheWalkNeedsStillFailsTheCycle) {
  const SyncRun run = run_with_failing_pages(6, [](int offset) { return offset == 2; }, auth_error());
  EXPECT_TRUE(has_code(run, "payments.cycle_failed"));
  EXPECT_EQ(run.state.payments_cursor.user_transactions.last_id, -1);
  EXPECT_TRUE(references_of<PspPayment>(run).empty());
}

// The cycles of a backfill that only goes on with user_transactions/ leave what they need not
// read again: payments its other two sources (once they have had a walk), orders a snapshot
// younger than Bitstamp's cache.
TEST(BackfillContinuation, ReadsOnlyTheStreamWhenTheOtherSourcesHadAWalk) {
  Ledger ledger{7};
  SyncRun first = run_until_idle(SyncState{}, readers_only(), t0, ledger);
  ASSERT_GE(first.state.payments_cursor.crypto_transactions.walked_through_s, 0);
  first.state.payments_cursor.user_transactions.backfill_pending = true;
  const StepResult continuing = plan(first.state, readers_only(), t0 + 1000);
  std::vector<std::string> paths;
  for (const Request& request : continuing.requests) paths.push_back(request.path);
  // Pages asked ahead at once (the backfill goes on), and nothing else: no crypto-transactions/,
  // withdrawal-requests/ or open_orders/all/ (read a second ago).
  EXPECT_EQ(paths, std::vector<std::string>(pages_in_flight_default, std::string(user_transactions_path)));

  // Never walked: a continuation still reads them. And a snapshot older than the cache is asked again.
  first.state.payments_cursor.crypto_transactions.walked_through_s = -1;
  const StepResult cold = plan(first.state, readers_only(), t0 + open_orders_reuse_ms);
  paths.clear();
  for (const Request& request : cold.requests) paths.push_back(request.path);
  EXPECT_NE(std::find(paths.begin(), paths.end(), crypto_transactions_path), paths.end());
  EXPECT_EQ(std::find(paths.begin(), paths.end(), withdrawal_requests_path), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), open_orders_path), paths.end());
}

}  // namespace
}  // namespace bitstamp::core
