// Folding a historical order's emissions (order_fold.hpp): emissions of consecutive fills add
// up to the order of all of them, whatever the split; a re-emission adds nothing; a part-way
// overlap is refused; the fold reads the same from a record's JSON as from the record.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

#include "bitstamp/core/order_fold.hpp"
#include "bitstamp/core/orders.hpp"
#include "connector/record_json.hpp"

namespace bitstamp::core {
namespace {

AssetTable table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"USD", 2, "fiat"}, {"BTC", 8, "crypto"}}, 0, ignored);
}

struct Fill {
  std::int64_t id = 0;
  std::string btc;  // negative: a sell
  std::string usd;
  std::string fee;
};

UserTransaction fill_row(const Fill& fill) {
  UserTransaction row;
  row.id = fill.id;
  row.datetime_us = 1'600'000'000'000'000 + fill.id * 1'000'000;
  row.type = tx_type_trade;
  row.amounts = {{"BTC", fill.btc}, {"USD", fill.usd}};
  row.fee = fill.fee;
  row.order_id = 9;
  row.rates = {{"btc_usd", "30000.00"}};
  row.raw = R"({"id":)" + std::to_string(fill.id) + R"(,"note":"caf\u00e9 \"q\""})";
  return row;
}

// The historical order of `fills` [from, to), as one cycle reading them emits it.
PspOrder emission(const std::vector<Fill>& fills, std::size_t from, std::size_t to) {
  const AssetTable assets = table();
  std::vector<Diagnostic> diagnostics;
  FillAggregate aggregate;
  for (std::size_t i = from; i < to; ++i) EXPECT_TRUE(add_fill(aggregate, fill_row(fills[i]), assets, diagnostics));
  std::optional<PspOrder> order = map_historical_order(9, aggregate, assets, {}, diagnostics);
  EXPECT_TRUE(order.has_value());
  return *order;
}

// What a store holds after receiving `emissions` in order, as the stores fold them.
PspOrder held_after(const std::vector<PspOrder>& emissions) {
  std::optional<PspOrder> held;
  for (const PspOrder& order : emissions) {
    const OrderFold fold = fold_order(held ? historical_fills_of(*held) : std::nullopt, order);
    EXPECT_EQ(fold.outcome, held ? FoldOutcome::folded : FoldOutcome::replaced);
    held = fold.order;
  }
  return *held;
}

const std::vector<Fill> three_sells = {
    {10, "-0.01", "300.00", "0.60"}, {12, "-0.02", "600.00", "1.20"}, {15, "-0.03", "900.00", "0"}};

TEST(OrderFold, EmissionsOfConsecutiveFillsAddUpToTheWholeOrder) {
  const PspOrder whole = emission(three_sells, 0, 3);
  const PspOrder folded = held_after({emission(three_sells, 0, 1), emission(three_sells, 1, 3)});
  EXPECT_EQ(folded, whole);
  EXPECT_EQ(folded.base_quantity_filled, Amount{6000000});
  EXPECT_EQ(folded.quote_quantity_filled, Amount{180000});
  EXPECT_EQ(folded.fee, Amount{180});
  EXPECT_EQ(folded.fee_asset, "USD/2");
  EXPECT_EQ(folded.average_fill_price, Amount{3000000});
  EXPECT_EQ(folded.metadata.at("com.bitstamp.spec/first_fill_id"), "10");
  EXPECT_EQ(folded.metadata.at("com.bitstamp.spec/last_fill_id"), "15");
  EXPECT_EQ(folded.created_at_us, 1'600'000'010'000'000);
  EXPECT_EQ(folded.raw.front(), '[');
  EXPECT_NE(folded.raw.find(R"({"id":12,)"), std::string::npos);
}

TEST(OrderFold, AFeeFirstSeenInALaterEmissionTakesTheQuoteAsset) {
  const std::vector<Fill> fills = {{10, "0.01", "-300.00", "0"}, {11, "0.01", "-300.00", "0.75"}};
  const PspOrder first = emission(fills, 0, 1);
  ASSERT_FALSE(first.fee.has_value());
  const PspOrder folded = held_after({first, emission(fills, 1, 2)});
  EXPECT_EQ(folded, emission(fills, 0, 2));
  EXPECT_EQ(folded.fee_asset, "USD/2");
}

TEST(OrderFold, AReEmissionAddsNothingAndAPartWayOverlapIsRefused) {
  const PspOrder held = held_after({emission(three_sells, 0, 2)});
  EXPECT_EQ(fold_order(historical_fills_of(held), emission(three_sells, 0, 2)).outcome, FoldOutcome::already_held);
  EXPECT_EQ(fold_order(historical_fills_of(held), emission(three_sells, 1, 2)).outcome, FoldOutcome::already_held);
  EXPECT_EQ(fold_order(historical_fills_of(held), emission(three_sells, 1, 3)).outcome, FoldOutcome::conflict);
}

TEST(OrderFold, ALiveRecordReplacesAndIsNeverFoldedInto) {
  PspOrder live = emission(three_sells, 0, 1);
  live.metadata.erase("com.bitstamp.spec/historical");
  live.status = OrderStatus::cancelled;
  const PspOrder historical = emission(three_sells, 1, 2);
  EXPECT_FALSE(historical_fills_of(live).has_value());
  // What the store holds is live: the historical emission has nothing to fold into.
  EXPECT_EQ(fold_order(historical_fills_of(live), historical).outcome, FoldOutcome::replaced);
  // A live answer replaces what was rebuilt from fills.
  const OrderFold fold = fold_order(historical_fills_of(historical), live);
  EXPECT_EQ(fold.outcome, FoldOutcome::replaced);
  EXPECT_EQ(fold.order, live);
}

TEST(OrderFold, ARecordWrittenBeforeFillIdsWereKeptIsFoldedInto) {
  // The previous version emitted every fill read so far: what follows its cursor is new.
  PspOrder old = emission(three_sells, 0, 2);
  old.metadata.erase("com.bitstamp.spec/first_fill_id");
  old.metadata.erase("com.bitstamp.spec/last_fill_id");
  const OrderFold fold = fold_order(historical_fills_of(old), emission(three_sells, 2, 3));
  ASSERT_EQ(fold.outcome, FoldOutcome::folded);
  EXPECT_EQ(fold.order.base_quantity_filled, Amount{6000000});
  EXPECT_FALSE(fold.order.metadata.contains("com.bitstamp.spec/first_fill_id"));
  EXPECT_EQ(fold.order.metadata.at("com.bitstamp.spec/last_fill_id"), "15");
}

TEST(OrderFold, HeldFillsWithoutRawTextKeepTheIncomingRowsAsValidJson) {
  HistoricalFills held;
  held.last_fill_id = 9;
  const PspOrder incoming = emission(three_sells, 0, 1);
  const OrderFold fold = fold_order(held, incoming);
  ASSERT_EQ(fold.outcome, FoldOutcome::folded);
  EXPECT_EQ(fold.order.raw, incoming.raw);
}

TEST(OrderFold, SumsPast127BitsAreRefusedNotWrapped) {
  PspOrder huge = emission(three_sells, 0, 1);
  huge.base_quantity_filled.minor_units = std::numeric_limits<int128>::max();
  EXPECT_EQ(fold_order(historical_fills_of(huge), emission(three_sells, 1, 2)).outcome, FoldOutcome::conflict);
}

TEST(OrderFold, ReadsFromJsonOnlyAHistoricalOrderRecord) {
  const PspOrder historical = emission(three_sells, 0, 2);
  EXPECT_EQ(historical_fills_from_json(to_json(historical)), historical_fills_of(historical));
  PspOrder live = historical;
  live.metadata.erase("com.bitstamp.spec/historical");
  EXPECT_FALSE(historical_fills_from_json(to_json(live)).has_value());
  EXPECT_FALSE(historical_fills_from_json(R"({"kind":"payment"})").has_value());
  EXPECT_FALSE(historical_fills_from_json("not json").has_value());
  EXPECT_FALSE(historical_fills_from_json("").has_value());
}

RC_GTEST_PROP(OrderFoldProperty, AnySplitOfTheFillsFoldsToTheWholeOrderAndReadsBackFromJson, ()) {
  const int count = *rc::gen::inRange(1, 12);
  std::vector<Fill> fills;
  std::int64_t id = 100;
  for (int i = 0; i < count; ++i) {
    id += *rc::gen::inRange<std::int64_t>(1, 1000);
    // Up to 30 digits of satoshi: sums past 64 bits stay exact.
    const std::string btc = std::to_string(*rc::gen::inRange<std::int64_t>(1, 1'000'000'000)) +
                            std::string(static_cast<std::size_t>(*rc::gen::inRange(0, 13)), '0') + ".12345678";
    const std::string usd = "-" + std::to_string(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000)) + ".25";
    const std::string fee = *rc::gen::arbitrary<bool>() ? "0" : std::to_string(*rc::gen::inRange(1, 9999)) + ".5";
    fills.push_back({id, btc, usd, fee});
  }
  std::vector<PspOrder> emissions;
  std::size_t from = 0;
  while (from < fills.size()) {
    const std::size_t to = from + static_cast<std::size_t>(*rc::gen::inRange<int>(1, static_cast<int>(fills.size() - from) + 1));
    emissions.push_back(emission(fills, from, to));
    from = to;
  }
  const PspOrder whole = emission(fills, 0, fills.size());
  std::optional<PspOrder> held;
  std::optional<HistoricalFills> held_from_json;  // as the SQLite store reads what it holds
  for (const PspOrder& order : emissions) {
    const OrderFold fold = fold_order(held ? historical_fills_of(*held) : std::nullopt, order);
    const OrderFold fold_from_json = fold_order(held_from_json, order);
    RC_ASSERT(fold.outcome == (held ? FoldOutcome::folded : FoldOutcome::replaced));
    RC_ASSERT(fold_from_json.order == fold.order);
    held = fold.order;
    held_from_json = historical_fills_from_json(to_json(*held));
    RC_ASSERT(held_from_json == historical_fills_of(*held));
    // Whatever is held already comes back as a re-emission.
    RC_ASSERT(fold_order(historical_fills_of(*held), order).outcome == FoldOutcome::already_held);
  }
  RC_ASSERT(*held == whole);
}

}  // namespace
}  // namespace bitstamp::core
