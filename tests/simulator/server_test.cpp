// Proves the simulated API keeps Bitstamp's documented semantics (wire digest §2-4, §8) and
// that the account model and its random source are deterministic.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/simulator/account.hpp"
#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/simulator/scenario.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t install_s = 1'759'320'000;

AccountShape busy_main_account() {
  AccountShape shape;
  shape.history_start_s = install_s - 10 * 86400;
  shape.end_s = install_s + 86400;
  shape.event_gap_s_mean = 600;
  return shape;
}

core::Request post(std::string_view path, std::vector<core::Param> params) {
  return core::Request{core::Task::payments, core::Method::post, std::string(path), std::move(params)};
}

std::size_t rows_in(const std::string& body) {
  std::size_t rows = 0;
  for (std::size_t at = body.find("{\"id\":"); at != std::string::npos; at = body.find("{\"id\":", at + 1)) ++rows;
  return rows;
}

std::string first_id(const std::string& body) {
  const std::size_t at = body.find("{\"id\":") + 6;
  return body.substr(at, body.find(',', at) - at);
}

TEST(Rng, IsSplitMix64) {
  Rng rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);  // SplitMix64's published first output for seed 0
  EXPECT_EQ(rng.below(0), 0u);
}

TEST(Account, TheSameSeedDrawsTheSameTimeline) {
  const Account a(7, busy_main_account());
  const Account b(7, busy_main_account());
  const Account c(8, busy_main_account());
  ASSERT_GT(a.transactions().size(), 100u);
  BitstampServer server_a(a), server_b(b), server_c(c);
  const core::Request all = post(core::user_transactions_path, {{"limit", "1000"}, {"sort", "asc"}});
  const std::int64_t end_ms = busy_main_account().end_s * 1000;
  EXPECT_EQ(server_a.answer(all, end_ms).body, server_b.answer(all, end_ms).body);
  EXPECT_NE(server_a.answer(all, end_ms).body, server_c.answer(all, end_ms).body);
}

TEST(Account, IdsAscendWithTimeAndNoBalanceGoesNegative) {
  const Account account(11, busy_main_account());
  for (std::size_t i = 1; i < account.transactions().size(); ++i) {
    EXPECT_LT(account.transactions()[i - 1].id, account.transactions()[i].id);
    EXPECT_LE(account.transactions()[i - 1].datetime_us, account.transactions()[i].datetime_us);
  }
  for (const SimCurrency& currency : account.currencies()) {
    for (const SimTransaction& row : account.transactions()) {
      EXPECT_GE(account.available(currency.ticker, row.datetime_us / 1'000'000), 0) << currency.ticker;
    }
  }
}

TEST(Server, UserTransactionsSinceIdIsInclusiveAndForcesTheLimitTo1000) {
  const Account account(3, busy_main_account());
  BitstampServer server(account);
  const std::int64_t now_ms = busy_main_account().end_s * 1000;
  const std::string since = std::to_string(account.transactions()[5].id);
  const std::string body =
      server.answer(post(core::user_transactions_path, {{"limit", "2"}, {"since_id", since}, {"sort", "asc"}}), now_ms).body;
  EXPECT_EQ(first_id(body), since);
  EXPECT_EQ(rows_in(body), std::min<std::size_t>(1000, account.transactions().size() - 5));
  const std::string newest_first = server.answer(post(core::user_transactions_path, {{"limit", "1"}}), now_ms).body;
  EXPECT_EQ(first_id(newest_first), std::to_string(account.transactions().back().id));  // sort defaults to desc
}

TEST(Server, RefusesWhatBitstampRefuses) {
  const Account account(3, busy_main_account());
  BitstampServer server(account);
  const std::int64_t now_ms = install_s * 1000;
  const auto reason = [&](std::string_view path, std::vector<core::Param> params) {
    return server.answer(post(path, std::move(params)), now_ms).body;
  };
  EXPECT_NE(reason(core::user_transactions_path, {{"limit", "1001"}}).find("Limit too large"), std::string::npos);
  EXPECT_NE(reason(core::user_transactions_path, {{"offset", "200001"}}).find("Invalid offset"), std::string::npos);
  EXPECT_NE(reason(core::user_transactions_path, {{"offset", ""}}).find("Invalid offset"), std::string::npos);
  EXPECT_NE(reason(core::withdrawal_requests_path, {{"limit", "10"}}).find("Both limit and offset"), std::string::npos);
  EXPECT_NE(reason(core::withdrawal_requests_path, {{"timedelta", "50000001"}, {"limit", "1"}, {"offset", "0"}})
                .find("Timedelta too large"),
            std::string::npos);
  EXPECT_NE(reason(core::crypto_transactions_path, {{"since_timestamp", std::to_string(install_s - 31 * 86400)}})
                .find("since_timestamp parameter must be higher"),
            std::string::npos);
}

TEST(Server, CryptoTransactionsAreMainOnlyNewestFirstWithIousOnRequest) {
  AccountShape sub = busy_main_account();
  sub.sub_account = true;
  const Account sub_account(5, sub);
  BitstampServer sub_server(sub_account);
  const core::Response refused = sub_server.answer(post(core::crypto_transactions_path, {}), install_s * 1000);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("API0003"), std::string::npos);

  const Account account(5, busy_main_account());
  BitstampServer server(account);
  const std::int64_t now_ms = busy_main_account().end_s * 1000;
  const std::string without = server.answer(post(core::crypto_transactions_path, {{"limit", "1000"}}), now_ms).body;
  const std::string with = server.answer(post(core::crypto_transactions_path, {{"limit", "1000"}, {"include_ious", "true"}}), now_ms).body;
  EXPECT_EQ(without.find("ripple_iou_transactions"), std::string::npos);
  EXPECT_NE(with.find("ripple_iou_transactions"), std::string::npos);
  const std::size_t deposits = with.find("\"deposits\":[");
  const std::size_t first = with.find("\"datetime\":", deposits) + 11;
  const std::size_t second = with.find("\"datetime\":", first) + 11;
  EXPECT_GE(std::stoll(with.substr(first, 10)), std::stoll(with.substr(second, 10)));
}

TEST(Server, OverTheRateLimitAnswers429WithResponseCode400002) {
  const Account account(3, busy_main_account());
  BitstampServer server(account);
  const core::Request balances = post(core::account_balances_path, {});
  for (std::uint32_t i = 0; i < server_requests_per_second_max; ++i) {
    ASSERT_EQ(server.answer(balances, install_s * 1000 + i % 1000).status, 200);
  }
  const core::Response over = server.answer(balances, install_s * 1000 + 999);
  EXPECT_EQ(over.status, 429);
  EXPECT_NE(over.body.find("400.002"), std::string::npos);
  EXPECT_EQ(server.rate_limit_violations(), 1u);
  EXPECT_EQ(server.answer(balances, install_s * 1000 + 2000).status, 200);  // a second later
}

// The same hash in every build type: the sanitizer pass builds Debug, the main one
// RelWithDebInfo, and both compare with this one pinned value.
TEST(Simulate, Seed42TraceHashIsPinnedAcrossBuilds) {
  std::ifstream in(std::string(BITSTAMP_FIXTURES_DIR) + "/simulator/seed-42.trace-hash");
  std::string pinned;
  in >> pinned;
  const ScenarioRun run = run_scenario(ScenarioOptions{});
  EXPECT_TRUE(run.violations.empty());
  EXPECT_EQ(hex(run.trace_hash), pinned) << "if the core's output changed on purpose, update the pinned hash";
}

}  // namespace
}  // namespace bitstamp::simulator
