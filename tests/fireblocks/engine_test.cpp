// The Fireblocks engine: first sync, paging, following statuses, the re-scan window, held
// transactions, errors, state.

#include <gtest/gtest.h>

#include "fake_workspace.hpp"
#include "connector/record_json.hpp"
#include "fireblocks/core/engine.hpp"

namespace fireblocks::core {
namespace {

using testing_bodies::FakeTransaction;
using testing_bodies::FakeWorkspace;
using testing_bodies::CycleRun;
using testing_bodies::run_cycle;

constexpr std::int64_t day_ms = ms_per_day;
constexpr std::int64_t t0 = 1735689600000;  // 2025-01-01

std::vector<const PspPayment*> payments(const CycleRun& run) {
  std::vector<const PspPayment*> out;
  for (const Record& record : run.records) {
    if (const auto* payment = std::get_if<PspPayment>(&record)) out.push_back(payment);
  }
  return out;
}

bool has_diagnostic(const CycleRun& run, std::string_view code) {
  return std::any_of(run.diagnostics.begin(), run.diagnostics.end(), [&](const Diagnostic& d) { return d.code == code; });
}

std::string param(const Request& request, std::string_view name) {
  for (const Param& p : request.params) {
    if (p.name == name) return p.value;
  }
  return "";
}

TEST(FireblocksEngine, FirstSyncLoadsTheCatalogueThenAccountsBalancesAndEveryTransaction) {
  FakeWorkspace workspace;
  workspace.transactions = {{"a", t0 - 400 * day_ms, "COMPLETED"}, {"b", t0 - day_ms, "COMPLETED", "USDT_TRX", "5"}};
  const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) { return workspace.answer(r); });
  ASSERT_FALSE(run.asked.empty());
  EXPECT_EQ(run.asked.front().path, blockchains_path);
  const auto first_walk = std::find_if(run.asked.begin(), run.asked.end(), [](const Request& r) { return r.path == transactions_path; });
  ASSERT_NE(first_walk, run.asked.end());
  EXPECT_EQ(param(*first_walk, "after"), "1") << "the first sync bypasses the 90-day default";
  EXPECT_EQ(param(*first_walk, "before"), std::to_string(t0));
  EXPECT_EQ(request_target(*first_walk), "/v1/transactions?limit=200&orderBy=createdAt&sort=ASC&after=1&before=" + std::to_string(t0));
  EXPECT_EQ(run.state.catalogue.size(), 4U) << "every page of the catalogue, the NFT left out";
  EXPECT_TRUE(run.state.catalogue_skipped.contains("PUNK"));

  std::vector<std::string> balances;
  for (const Record& record : run.records) {
    if (const auto* b = std::get_if<PspBalance>(&record)) balances.push_back(b->asset + "=" + to_string(b->amount));
  }
  EXPECT_EQ(balances, (std::vector<std::string>{"ETH/18=1500000000000000000", "USDT/6=150500000"}))
      << "USDT on two chains collapses into one row, exactly";
  ASSERT_EQ(payments(run).size(), 2U);
  EXPECT_EQ(payments(run)[1]->asset, "USDT/6");
  const auto account = std::get_if<PspAccount>(&run.records.front());
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->reference, "0");
  EXPECT_EQ(to_json(run.records.front()).find(R"("defaultAsset":null)") != std::string::npos, true);
}

TEST(FireblocksEngine, PagesThroughRunsOfOneMillisecondWhateverAfterMeans) {
  for (const bool inclusive : {false, true}) {
    FakeWorkspace workspace;
    workspace.after_inclusive = inclusive;
    for (int i = 0; i < 9; ++i) workspace.transactions.push_back({"t" + std::to_string(i), t0 - day_ms * 10 + (i / 3), "COMPLETED"});
    Settings settings;
    settings.page_size = 2;
    const CycleRun run = run_cycle({}, settings, t0, [&](const Request& r) { return workspace.answer(r); });
    std::set<std::string> ids;
    for (const PspPayment* p : payments(run)) EXPECT_TRUE(ids.insert(p->reference).second) << "repeated " << p->reference;
    EXPECT_EQ(ids.size(), 9U) << (inclusive ? "inclusive" : "exclusive");
  }
}

TEST(FireblocksEngine, APendingDepositIsFollowedUntilItCompletes) {
  FakeWorkspace workspace;
  workspace.transactions = {{"dep", t0 - 30 * day_ms, "CONFIRMING"}, {"new", t0 - 1000, "COMPLETED"}};
  const auto answer = [&](const Request& r) { return workspace.answer(r); };
  const CycleRun first = run_cycle({}, Settings{}, t0, answer);
  ASSERT_EQ(payments(first).size(), 2U);
  EXPECT_EQ(payments(first)[0]->status, PaymentStatus::pending);

  workspace.transactions[0].status = "COMPLETED";
  const CycleRun second = run_cycle(first.state, Settings{}, t0 + day_ms, answer);
  const auto follow = std::find_if(second.asked.begin(), second.asked.end(), [](const Request& r) { return r.path == "/v1/transactions/dep"; });
  EXPECT_NE(follow, second.asked.end()) << "older than the re-scan window: read by id";
  ASSERT_EQ(payments(second).size(), 1U);
  EXPECT_EQ(payments(second)[0]->reference, "dep");
  EXPECT_EQ(payments(second)[0]->status, PaymentStatus::succeeded);

  const CycleRun third = run_cycle(second.state, Settings{}, t0 + 2 * day_ms, answer);
  EXPECT_TRUE(payments(third).empty()) << "nothing changed, nothing emitted";
  EXPECT_TRUE(std::none_of(third.asked.begin(), third.asked.end(), [](const Request& r) { return r.path == "/v1/transactions/dep"; }))
      << "an end state is no longer followed";
}

TEST(FireblocksEngine, ACompletedTransactionThatFailsLaterIsAnAdjustment) {
  FakeWorkspace workspace;
  workspace.transactions = {{"w", t0 - 2 * day_ms, "COMPLETED"}, {"x", t0 - day_ms, "COMPLETED"}};
  const auto answer = [&](const Request& r) { return workspace.answer(r); };
  const CycleRun first = run_cycle({}, Settings{}, t0, answer);
  workspace.transactions[0].status = "FAILED";
  const CycleRun second = run_cycle(first.state, Settings{}, t0 + ms_per_hour, answer);
  ASSERT_EQ(payments(second).size(), 1U);
  EXPECT_EQ(payments(second)[0]->reference, "w");
  EXPECT_EQ(payments(second)[0]->status, PaymentStatus::failed);
}

TEST(FireblocksEngine, AnUnknownAssetIsHeldAndMappedOnceTheCatalogueKnowsIt) {
  FakeWorkspace workspace;
  workspace.transactions = {{"n", t0 - 40 * day_ms, "COMPLETED", "NEWCOIN", "7"}, {"e", t0 - 1, "COMPLETED"}};
  const auto answer = [&](const Request& r) { return workspace.answer(r); };
  const CycleRun first = run_cycle({}, Settings{}, t0, answer);
  ASSERT_EQ(payments(first).size(), 1U);
  EXPECT_TRUE(has_diagnostic(first, "transaction.unknown_asset"));
  EXPECT_TRUE(first.state.catalogue_stale);
  EXPECT_EQ(first.state.known.at("n").held_raw.empty(), false);

  workspace.assets.push_back(testing_bodies::asset("NEWCOIN", "NEW", "FT", 2, "main"));
  const CycleRun second = run_cycle(first.state, Settings{}, t0 + Settings{}.polling_period_ms, answer);
  EXPECT_EQ(second.asked.front().path, blockchains_path) << "a stale catalogue refreshes first";
  ASSERT_EQ(payments(second).size(), 1U);
  EXPECT_EQ(payments(second)[0]->reference, "n");
  EXPECT_EQ(payments(second)[0]->asset, "NEW/2");
  EXPECT_EQ(to_string(payments(second)[0]->amount), "700");
  EXPECT_FALSE(second.state.known.contains("n")) << "emitted, in an end state, older than the window: forgotten";
}

TEST(FireblocksEngine, ALeftOutAssetIsSkippedNotHeld) {
  FakeWorkspace workspace;
  workspace.transactions = {{"nft", t0 - 1, "COMPLETED", "PUNK", "1"}};
  const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) { return workspace.answer(r); });
  EXPECT_TRUE(payments(run).empty());
  EXPECT_FALSE(run.state.catalogue_stale);
  EXPECT_FALSE(has_diagnostic(run, "transaction.unknown_asset"));
}

Response status(int code, std::string body, std::vector<Header> headers = {}) {
  return Response{Transport::received, code, std::move(headers), std::move(body)};
}

TEST(FireblocksEngine, ClockSkewGetsAFreshTokenOtherAuthErrorsFailTheCycle) {
  FakeWorkspace workspace;
  workspace.transactions = {{"a", t0 - 1, "COMPLETED"}};
  for (const int code : {-10, -12}) {
    int refusals = 0;
    const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) {
      if (r.path == transactions_path && refusals++ == 0) {
        return status(401, R"({"message":"The request has expired.","code":)" + std::to_string(code) + "}");
      }
      return workspace.answer(r);
    });
    ASSERT_EQ(payments(run).size(), 1U) << code;
    const auto retried = std::find_if(run.asked.begin(), run.asked.end(), [](const Request& r) { return r.nonce_retries == 1; });
    EXPECT_NE(retried, run.asked.end());
  }
  const CycleRun refused = run_cycle({}, Settings{}, t0, [&](const Request& r) {
    if (r.path == transactions_path) return status(401, R"({"message":"Unauthorized: Token was not accepted.","code":-7})");
    return workspace.answer(r);
  });
  EXPECT_TRUE(payments(refused).empty());
  EXPECT_TRUE(has_diagnostic(refused, "payments.cycle_failed"));
  EXPECT_EQ(refused.state.last_created_at_ms, 0) << "nothing committed";
}

// Found by the e2e clock test: with no catalogue ever loaded, a failed catalogue cycle left
// accounts and payments waiting for one forever, and `sync --once` never ended.
TEST(FireblocksEngine, AFirstCatalogueThatFailsFailsTheCyclesWaitingForIt) {
  const CycleRun run = run_cycle({}, Settings{}, t0, [](const Request&) {
    return status(401, R"({"message":"Unauthorized: Token was not accepted.","code":-7})");
  });
  EXPECT_TRUE(has_diagnostic(run, "currencies.cycle_failed"));
  EXPECT_TRUE(has_diagnostic(run, "accounts.cycle_failed"));
  EXPECT_TRUE(has_diagnostic(run, "payments.cycle_failed"));
  EXPECT_EQ(run.commits, 0u);
}

TEST(FireblocksEngine, RateLimitsAndServerErrorsAreRetriedHonouringRetryAfter) {
  FakeWorkspace workspace;
  workspace.transactions = {{"a", t0 - 1, "COMPLETED"}};
  int calls = 0;
  const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) {
    if (r.path == transactions_path && calls++ < 2) {
      return calls == 1 ? status(429, "", {{"retry-after", "7"}}) : status(503, "<html>busy</html>");
    }
    return workspace.answer(r);
  });
  ASSERT_EQ(payments(run).size(), 1U);
  const auto waited = std::find_if(run.asked.begin(), run.asked.end(), [](const Request& r) { return r.not_before_ms != 0; });
  ASSERT_NE(waited, run.asked.end());
  EXPECT_EQ(waited->not_before_ms, t0 + 7000);
}

TEST(FireblocksEngine, AForeignBodyNeverMovesTheCursorOrEmits) {
  for (const char* foreign : {"{}", R"({"message":"x","code":-1})", "[{\"id\":1}]", "", "{\"data\":[],\"next\":null}"}) {
    FakeWorkspace workspace;
    workspace.transactions = {{"a", t0 - 1, "COMPLETED"}};
    const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) {
      if (r.path == transactions_path) return status(200, foreign);
      return workspace.answer(r);
    });
    EXPECT_TRUE(payments(run).empty()) << foreign;
    EXPECT_EQ(run.state.last_created_at_ms, 0) << foreign;
    EXPECT_EQ(run.state.payments_completed_at_ms, 0) << foreign;
    EXPECT_TRUE(has_diagnostic(run, "payments.cycle_failed")) << foreign;
  }
}

TEST(FireblocksEngine, ALongHistoryIsBackfilledOverSeveralCycles) {
  FakeWorkspace workspace;
  for (int i = 0; i < 25; ++i) workspace.transactions.push_back({"t" + std::to_string(i), t0 - 100 * day_ms + i * day_ms, "COMPLETED"});
  Settings settings;
  settings.page_size = 3;
  settings.pages_per_cycle_max = 4;
  const auto answer = [&](const Request& r) { return workspace.answer(r); };
  CycleRun run = run_cycle({}, settings, t0, answer);
  std::set<std::string> ids;
  std::size_t cycles = 1;
  for (const PspPayment* p : payments(run)) ids.insert(p->reference);
  while (run.state.backfill_pending && cycles < 20) {
    EXPECT_TRUE(task_due(run.state, settings, Task::payments, t0 + 1)) << "a pending backfill is due at once";
    run = run_cycle(run.state, settings, t0 + static_cast<std::int64_t>(cycles), answer);
    for (const PspPayment* p : payments(run)) EXPECT_TRUE(ids.insert(p->reference).second) << p->reference;
    ++cycles;
  }
  EXPECT_EQ(ids.size(), 25U);
  EXPECT_GT(cycles, 1U);
}

// Found by FireblocksProperty.StatusChanges…: a re-scan cut short by the page budget resumed at
// the newest createdAt instead of where it stopped, and the rest of the window was never read.
TEST(FireblocksEngine, ARescanCutShortByThePageBudgetResumesWhereItStopped) {
  FakeWorkspace workspace;
  for (int i = 0; i < 6; ++i) workspace.transactions.push_back({"r" + std::to_string(i), t0 - 60 * 60000 + 10 * i, "COMPLETED"});
  Settings settings;
  settings.page_size = 2;  // pages overlap by one row: each moves the walk one row on
  settings.pages_per_cycle_max = 2;
  const auto answer = [&](const Request& r) { return workspace.answer(r); };
  CycleRun run = run_cycle({}, settings, t0, answer);
  std::int64_t now_ms = t0;
  while (run.state.backfill_pending) run = run_cycle(run.state, settings, now_ms += 1000, answer);
  workspace.transactions[4].status = "FAILED";  // beyond the first cycle's two pages of the re-scan
  std::vector<std::string> changed;
  do {
    run = run_cycle(run.state, settings, now_ms += settings.polling_period_ms, answer);
    for (const PspPayment* p : payments(run)) changed.push_back(p->reference + " " + std::string(to_string(p->status)));
  } while (run.state.backfill_pending);
  EXPECT_EQ(changed, std::vector<std::string>{"r4 FAILED"});
}

TEST(FireblocksEngine, StateRoundTripsAndRefusesGarbage) {
  FakeWorkspace workspace;
  workspace.transactions = {{"a", t0 - 1, "CONFIRMING"}, {"n", t0 - 2, "COMPLETED", "NEWCOIN", "1"}};
  const CycleRun run = run_cycle({}, Settings{}, t0, [&](const Request& r) { return workspace.answer(r); });
  const std::string encoded = encode_state(run.state);
  const StateDecode decoded = decode_state(encoded);
  ASSERT_TRUE(decoded.state) << decoded.error;
  EXPECT_EQ(*decoded.state, run.state);
  EXPECT_EQ(encode_state(*decoded.state), encoded);
  for (const char* bad : {"", "[]", "{}", R"({"version":2})", R"({"version":1,"catalogue":7})"}) {
    EXPECT_FALSE(decode_state(bad).state) << bad;
  }
}

}  // namespace
}  // namespace fireblocks::core
