// Proves the synthetic ledger answers user_transactions/ with the API's paging semantics
// (inclusive since_id, offset, limit, sort) and that a backfill over it, run through the real
// core into a store, ends with exactly the books the ledger implies.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/memory_store.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/simulator/backfill.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/simulator/synthetic_ledger.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t now_s = 2'000'000'000;

std::vector<std::int64_t> ids_of(const core::Response& response) {
  std::vector<std::int64_t> ids;
  for (const auto& row : nlohmann::json::parse(response.body)) ids.push_back(row.at("id").get<std::int64_t>());
  return ids;
}

core::Request transactions(std::vector<core::Param> params) {
  core::Request request;
  request.path = std::string(core::user_transactions_path);
  request.params = std::move(params);
  return request;
}

TEST(SyntheticLedger, PagesLikeBitstampWithAnInclusiveSinceId) {
  const Account account(1, {});
  const SyntheticLedger ledger(account, {7, 2500, now_s - 1000, now_s - 10});
  BitstampServer server(account, ledger);
  const std::vector<std::int64_t> first = ids_of(server.answer(transactions({{"sort", "asc"}, {"limit", "3"}}), now_s * 1000));
  ASSERT_EQ(first.size(), 3u);
  EXPECT_LT(first[0], first[1]);
  // since_id is inclusive, and with it the limit is 1000 whatever was asked.
  const std::vector<std::int64_t> since = ids_of(server.answer(
      transactions({{"sort", "asc"}, {"limit", "3"}, {"since_id", std::to_string(first[1])}}), now_s * 1000));
  ASSERT_EQ(since.size(), 1000u);
  EXPECT_EQ(since.front(), first[1]);
  const std::vector<std::int64_t> offset = ids_of(server.answer(
      transactions({{"sort", "asc"}, {"offset", "1000"}, {"since_id", std::to_string(first[1])}}), now_s * 1000));
  ASSERT_EQ(offset.size(), 1000u);
  EXPECT_EQ(offset.front(), since.back() + (since.back() - since[since.size() - 2]));
  const std::vector<std::int64_t> tail = ids_of(server.answer(
      transactions({{"sort", "asc"}, {"offset", "2000"}, {"since_id", std::to_string(first[1])}}), now_s * 1000));
  EXPECT_EQ(tail.size(), 2500u - 1 - 2000);  // the rows from the second one on
  // Default sort is newest first; rows not yet dated do not exist.
  const std::vector<std::int64_t> newest = ids_of(server.answer(transactions({{"limit", "2"}}), now_s * 1000));
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_GT(newest[0], newest[1]);
  EXPECT_TRUE(ids_of(server.answer(transactions({}), (now_s - 2000) * 1000)).empty());
}

TEST(Backfill, AFirstSyncOfALongHistoryHoldsExactlyTheLedgersBooks) {
  BackfillOptions options;
  options.user_transactions = 45'001;  // past two cycles' page budget, and an odd last order
  harness::MemoryStore store;
  const BackfillReport report = run_backfill(options, store);
  for (const std::string& problem : report.problems) ADD_FAILURE() << problem;
  const SyntheticLedger::Books expected = SyntheticLedger::expected_books(options.user_transactions);
  const harness::StoreCounts counts = store.counts();
  EXPECT_EQ(counts.payments, expected.payments);
  EXPECT_EQ(counts.conversions, expected.conversions);
  EXPECT_EQ(counts.orders, expected.orders);
  EXPECT_EQ(counts.repeated_records, 0u);
  EXPECT_EQ(report.rate_limit_violations, 0u);
  EXPECT_EQ(report.user_transactions_pages_min, 46u);
  EXPECT_GE(report.user_transactions_requests, report.user_transactions_pages_min);
}

}  // namespace
}  // namespace bitstamp::simulator
