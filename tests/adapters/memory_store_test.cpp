// Proves the store's semantics: a balance row only when the amount changes, a payment
// adjustment only when the status changes, an identical re-emission a counted no-op, and a
// canonical view that depends on the books, not on how they were written.
#include <gtest/gtest.h>

#include "adapters/sample_records.hpp"
#include "harness/memory_store.hpp"

namespace harness {
namespace {

using testing::payment;

TEST(MemoryStore, BalancesGrowOnlyWhenTheAmountChanges) {
  MemoryStore store;
  store.commit({connector::PspBalance{"USD", 1, {5}, "USD/2"}}, "{}");
  store.commit({connector::PspBalance{"USD", 2, {5}, "USD/2"}}, "{}");
  store.commit({connector::PspBalance{"USD", 3, {0}, "USD/2"}}, "{}");
  ASSERT_EQ(store.balances().at({"USD", "USD/2"}).size(), 2u);
  EXPECT_EQ(store.balances().at({"USD", "USD/2"}).back().amount, connector::Amount{0});
}

TEST(MemoryStore, AMultiAssetAccountKeepsOneSeriesPerAsset) {
  MemoryStore store;
  for (int cycle = 0; cycle < 2; ++cycle) {
    store.commit({connector::PspBalance{"3", cycle, {5}, "USDT/6"}, connector::PspBalance{"3", cycle, {7}, "ETH/18"}}, "{}");
  }
  EXPECT_EQ(store.balances().at({"3", "USDT/6"}).size(), 1u) << "an unchanged balance is not stored again";
  EXPECT_EQ(store.balances().at({"3", "ETH/18"}).size(), 1u);
  EXPECT_EQ(store.counts().balance_rows, 2u);
}

TEST(MemoryStore, AStatusChangeIsAnAdjustmentAndARepeatIsACountedNoOp) {
  MemoryStore store;
  store.commit({payment("wr:1", connector::PaymentStatus::pending)}, R"({"v":1})");
  store.commit({payment("wr:1", connector::PaymentStatus::pending)}, R"({"v":2})");
  store.commit({payment("wr:1", connector::PaymentStatus::succeeded)}, R"({"v":3})");
  const StoredPayment& stored = store.payments().at("wr:1");
  EXPECT_EQ(stored.adjustments,
            (std::vector<connector::PaymentStatus>{connector::PaymentStatus::pending, connector::PaymentStatus::succeeded}));
  EXPECT_EQ(stored.latest.status, connector::PaymentStatus::succeeded);
  EXPECT_EQ(store.counts().repeated_records, 1u);
  EXPECT_EQ(store.counts().commits, 3u);
  EXPECT_EQ(store.state_document(), std::optional<std::string>(R"({"v":3})"));
}

TEST(MemoryStore, TheViewIsTheBooksNotTheirHistory) {
  MemoryStore direct;
  direct.commit({payment("1", connector::PaymentStatus::succeeded), connector::PspBalance{"USD", 9, {7}, "USD/2"}}, "{}");
  MemoryStore stepwise;
  stepwise.commit({payment("1", connector::PaymentStatus::pending), connector::PspBalance{"USD", 1, {3}, "USD/2"}}, "{}");
  stepwise.commit({payment("1", connector::PaymentStatus::succeeded), connector::PspBalance{"USD", 5, {7}, "USD/2"}}, "{}");
  EXPECT_EQ(direct.canonical_view(), stepwise.canonical_view());
  MemoryStore different;
  different.commit({payment("1", connector::PaymentStatus::failed), connector::PspBalance{"USD", 9, {7}, "USD/2"}}, "{}");
  EXPECT_NE(direct.canonical_view(), different.canonical_view());
}

}  // namespace
}  // namespace harness
