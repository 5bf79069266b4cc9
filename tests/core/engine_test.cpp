// Proves the plan/step contract for the accounts cycle: requests as data, currencies before
// balances, retries bounded, failures commit nothing, and the polling period and TTL honoured.
#include <gtest/gtest.h>

#include <set>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/engine.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t t0 = 1759320000000;
constexpr const char* currencies_body =
    R"([{"currency":"BTC","decimals":8,"type":"crypto"},{"currency":"USD","decimals":2,"type":"fiat"}])";
constexpr const char* balances_body =
    R"([{"currency":"usd","total":"10.00","available":"10.00","reserved":"0.00"},)"
    R"({"currency":"btc","total":"0.5","available":"0.5","reserved":"0"}])";

// These tests are about the accounts cycle; payments have their own (payments_test.cpp).
Settings accounts_only() {
  Settings settings;
  settings.tasks.payments = false;
  settings.tasks.conversions = false;
  settings.tasks.orders = false;
  settings.tasks.enrichment = false;
  return settings;
}

Response ok(std::string body) { return Response{Transport::received, 200, {}, std::move(body)}; }
Response status(int code, std::string body = "") {
  return Response{Transport::received, code, {}, std::move(body)};
}

// Runs one full accounts cycle from `state` with healthy answers.
StepResult healthy_cycle(SyncState state, const Settings& settings, std::int64_t now_ms) {
  StepResult result = plan(std::move(state), settings, now_ms);
  std::vector<Request> pending = result.requests;
  while (!pending.empty()) {
    const Request request = pending.front();
    pending.erase(pending.begin());
    result = step(std::move(result.state), settings, request,
                  ok(request.task == Task::currencies ? currencies_body : balances_body), now_ms);
    pending.insert(pending.end(), result.requests.begin(), result.requests.end());
  }
  return result;
}

TEST(Engine, AFreshInstallAsksForCurrenciesFirst) {
  const StepResult planned = plan(SyncState{}, accounts_only(), t0);
  ASSERT_EQ(planned.requests.size(), 1u);
  EXPECT_EQ(planned.requests[0], currencies_request());
  EXPECT_FALSE(planned.requests[0].authenticated);
  EXPECT_TRUE(planned.state.running.accounts);
  EXPECT_TRUE(planned.state.running.accounts_waiting_for_assets);
  EXPECT_FALSE(planned.commit);
}

TEST(Engine, CurrenciesThenBalancesCommitAccountsAndBalances) {
  StepResult planned = plan(SyncState{}, accounts_only(), t0);
  StepResult loaded = step(std::move(planned.state), accounts_only(), currencies_request(), ok(currencies_body), t0 + 1);
  EXPECT_TRUE(loaded.commit);
  EXPECT_TRUE(loaded.records.empty());
  ASSERT_EQ(loaded.requests, std::vector<Request>{account_balances_request()});
  EXPECT_EQ(loaded.state.assets.fetched_at_ms, t0 + 1);

  const StepResult done = step(std::move(loaded.state), accounts_only(), account_balances_request(), ok(balances_body), t0 + 2);
  EXPECT_TRUE(done.commit);
  EXPECT_EQ(done.records.size(), 4u);
  EXPECT_TRUE(done.requests.empty());
  EXPECT_EQ(done.state.accounts.last_completed_ms, t0 + 2);
  EXPECT_EQ(done.state.running, RunningCycles{});
}

TEST(Engine, AnAccountOnceEmittedIsRememberedSoItsZeroBalanceIsReported) {
  const Settings settings = accounts_only();
  const StepResult first = healthy_cycle(SyncState{}, settings, t0);
  EXPECT_EQ(first.state.accounts_known, (std::set<std::string>{"BTC", "USD"}));
  StepResult second = plan(first.state, settings, t0 + settings.polling_period_ms);
  const std::string emptied =
      R"([{"currency":"usd","total":"0.00","available":"0.00","reserved":"0.00"},)"
      R"({"currency":"btc","total":"0.50000000","available":"0.50000000","reserved":"0"}])";
  second = step(std::move(second.state), settings, account_balances_request(), ok(emptied),
                t0 + settings.polling_period_ms);
  ASSERT_TRUE(second.commit);
  ASSERT_EQ(second.records.size(), 4u);
  EXPECT_EQ(std::get<PspBalance>(second.records[1]).amount, Amount{0});
  EXPECT_EQ(std::get<PspBalance>(second.records[1]).account_reference, "USD");
}

TEST(Engine, HonoursThePollingPeriodAndTheCurrenciesTtl) {
  const Settings settings = accounts_only();
  const StepResult first = healthy_cycle(SyncState{}, settings, t0);
  EXPECT_TRUE(plan(first.state, settings, t0 + settings.polling_period_ms - 1).requests.empty());
  EXPECT_EQ(plan(first.state, settings, t0 + settings.polling_period_ms).requests,
            std::vector<Request>{account_balances_request()});
  EXPECT_EQ(plan(first.state, settings, t0 + settings.enrichment_ttl_ms).requests,
            std::vector<Request>{currencies_request()});
}

TEST(Engine, RetriesTransientFailuresThenGivesUpCommittingNothing) {
  StepResult result = plan(SyncState{}, accounts_only(), t0);
  result = step(std::move(result.state), accounts_only(), currencies_request(), ok(currencies_body), t0);
  Request request = result.requests.at(0);
  for (std::uint32_t attempt = 1; attempt < request_attempt_max; ++attempt) {
    result = step(std::move(result.state), accounts_only(), request, status(502, "<html>"), t0);
    ASSERT_EQ(result.requests.size(), 1u);
    EXPECT_EQ(result.requests[0].attempt, attempt + 1);
    EXPECT_FALSE(result.commit);
    request = result.requests[0];
  }
  result = step(std::move(result.state), accounts_only(), request, status(502, "<html>"), t0);
  EXPECT_TRUE(result.requests.empty());
  EXPECT_FALSE(result.commit);
  EXPECT_TRUE(result.records.empty());
  EXPECT_EQ(result.state.accounts.last_completed_ms, -1);
  EXPECT_FALSE(result.state.running.accounts);
  EXPECT_EQ(result.diagnostics.back().code, "accounts.cycle_failed");
}

TEST(Engine, RateLimitsDelayTheRetryByRetryAfter) {
  StepResult result = healthy_cycle(SyncState{}, accounts_only(), t0);
  const std::int64_t later = t0 + accounts_only().polling_period_ms;
  result = plan(std::move(result.state), accounts_only(), later);
  result = step(std::move(result.state), accounts_only(), result.requests.at(0),
                Response{Transport::received, 429, {{"retry-after", "3"}}, ""}, later);
  ASSERT_EQ(result.requests.size(), 1u);
  EXPECT_EQ(result.requests[0].not_before_ms, later + 3000);
  EXPECT_TRUE(result.records.empty());  // a 429 is never an empty page
  EXPECT_FALSE(result.commit);
}

TEST(Engine, AuthFailuresStopAtOnceWithTheLikelyCause) {
  StepResult result = healthy_cycle(SyncState{}, accounts_only(), t0);
  const std::int64_t later = t0 + accounts_only().polling_period_ms;
  result = plan(std::move(result.state), accounts_only(), later);
  result = step(std::move(result.state), accounts_only(), result.requests.at(0),
                status(403, R"({"status":"error","reason":"IP not allowed","code":"API0002"})"), later);
  EXPECT_TRUE(result.requests.empty());
  EXPECT_FALSE(result.commit);
  EXPECT_EQ(result.state.accounts.last_completed_ms, t0);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(result.diagnostics.back().detail.find("allow-list"), std::string::npos);
}

TEST(Engine, ARejectedNonceIsRetriedOnceOnly) {
  StepResult result = healthy_cycle(SyncState{}, accounts_only(), t0);
  const std::int64_t later = t0 + accounts_only().polling_period_ms;
  result = plan(std::move(result.state), accounts_only(), later);
  const Response nonce = ok(R"({"status":"error","reason":"Invalid nonce","code":"API0004"})");
  result = step(std::move(result.state), accounts_only(), result.requests.at(0), nonce, later);
  ASSERT_EQ(result.requests.size(), 1u);
  EXPECT_EQ(result.requests[0].nonce_retries, 1u);
  result = step(std::move(result.state), accounts_only(), result.requests[0], nonce, later);
  EXPECT_TRUE(result.requests.empty());
  EXPECT_FALSE(result.commit);
}

TEST(Engine, AStaleCurrenciesTableIsKeptWhenTheRefreshFails) {
  const Settings settings = accounts_only();
  StepResult result = healthy_cycle(SyncState{}, settings, t0);
  const std::int64_t later = t0 + settings.enrichment_ttl_ms;
  result = plan(std::move(result.state), settings, later);
  Request request = result.requests.at(0);
  ASSERT_EQ(request.task, Task::currencies);
  do {
    result = step(std::move(result.state), settings, request, status(503), later);
    ASSERT_FALSE(result.requests.empty());
    request = result.requests[0];
  } while (request.task == Task::currencies);
  EXPECT_EQ(request, account_balances_request());
  EXPECT_EQ(result.diagnostics.back().code, "currencies.failed");
  EXPECT_EQ(result.diagnostics.back().severity, Severity::warning);
}

TEST(Engine, IgnoresAResponseNoCycleIsWaitingFor) {
  const StepResult result = step(SyncState{}, accounts_only(), account_balances_request(), ok(balances_body), t0);
  EXPECT_TRUE(result.records.empty());
  EXPECT_FALSE(result.commit);
  EXPECT_EQ(result.state, SyncState{});
  EXPECT_EQ(result.diagnostics.at(0).code, "response.unexpected");
}

// Any answer the network can give, including damaged bodies and error shapes on HTTP 200.
rc::Gen<Response> any_response() {
  return rc::gen::oneOf(
      rc::gen::just(ok(balances_body)), rc::gen::just(ok(currencies_body)), rc::gen::just(ok("[]")),
      rc::gen::just(ok(R"([{"currency":"usd","tot)")), rc::gen::just(status(502, "<html>")),
      rc::gen::just(Response{Transport::received, 429, {{"retry-after", "2"}}, ""}),
      rc::gen::just(Response{Transport::timeout, 0, {}, ""}),
      rc::gen::just(ok(R"({"status":"error","reason":"Invalid nonce","code":"API0004"})")),
      rc::gen::just(status(403, R"({"status":"error","reason":"x","code":"API0005"})")),
      rc::gen::just(ok(R"({"error":"No permission found"})")),
      rc::gen::map(rc::gen::arbitrary<std::string>(), [](std::string body) { return ok(std::move(body)); }));
}

RC_GTEST_PROP(EngineProperty, EveryCycleEndsBoundedAndCommitsOnlyWholeSnapshots, ()) {
  const Settings settings = accounts_only();
  SyncState state;
  std::int64_t now_ms = t0;
  const int cycles = *rc::gen::inRange(1, 4);
  for (int cycle = 0; cycle < cycles; ++cycle) {
    StepResult result = plan(std::move(state), settings, now_ms);
    const std::int64_t last_completed_before = result.state.accounts.last_completed_ms;
    std::vector<Request> pending = result.requests;
    std::size_t steps = 0;
    while (!pending.empty()) {
      RC_ASSERT(++steps <= 2 * static_cast<std::size_t>(request_attempt_max));
      const Request request = pending.front();
      pending.erase(pending.begin());
      result = step(std::move(result.state), settings, request, *any_response(), ++now_ms);
      if (!result.records.empty()) {
        RC_ASSERT(result.commit);
        RC_ASSERT(result.records.size() % 2 == 0);  // accounts come with their balances
      }
      pending.insert(pending.end(), result.requests.begin(), result.requests.end());
      RC_ASSERT(pending.size() <= 1u);
    }
    RC_ASSERT(result.state.running == RunningCycles{});
    RC_ASSERT(result.state.accounts.last_completed_ms >= last_completed_before);
    state = std::move(result.state);
    now_ms += settings.polling_period_ms;
  }
}

}  // namespace
}  // namespace bitstamp::core
