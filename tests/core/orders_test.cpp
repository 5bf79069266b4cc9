// Orders: the open-orders snapshot, both order_status/ shapes, "Order not found", the status
// and subtype tables, fill aggregation (a tid listed twice counts once), and orders rebuilt from
// type-2 fill rows.
#include <gtest/gtest.h>

#include "bitstamp/core/orders.hpp"

namespace bitstamp::core {
namespace {

AssetTable table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"USD", 2, "fiat"}, {"EUR", 2, "fiat"}, {"BTC", 8, "crypto"}, {"ETH", 18, "crypto"}}, 0,
                          ignored);
}

constexpr const char* rich_status =
    R"({"id":1458532827766784,"datetime":"2022-01-31 14:43:15","type":"0","subtype":"LIMIT","status":"Open",)"
    R"("market":"BTC/USD","amount_remaining":"0.20","client_order_id":"my-id","transactions":[)"
    R"({"tid":1,"price":"60000.00","btc":"0.1","usd":"6000.00","fee":"3.00","datetime":"2022-01-31 14:43:15","type":2},)"
    R"({"tid":1,"price":"60000.00","btc":"0.1","usd":"6000.00","fee":"3.00","datetime":"2022-01-31 14:43:15","type":2},)"
    R"({"tid":2,"price":"60000.00","btc":"0.2","usd":"12000.0000000000000000","fee":"6.00","datetime":"2022-01-31 14:50:00","type":2}]})";

TEST(OpenOrders, ReadsStringIdsMarketAndFirstSightLimitPrice) {
  const OpenOrdersParse parsed = parse_open_orders(
      R"([{"id":"1234123412341234","datetime":"2022-01-31 14:43:15","type":"0","price":"100.00","amount":"0.5",)"
      R"("amount_at_create":"0.50000000","currency_pair":"BTC/USD","market":"BTC/USD","limit_price":"110.00",)"
      R"("client_order_id":"c1"},{"id":"x","datetime":"2022-01-31 14:43:15","type":"0","price":"1","amount":"1"},)"
      R"({"id":"77","datetime":"2022-01-31 14:43:15","type":"1","currency_pair":"eth/eur","price":"3000","amount":"1"}])");
  ASSERT_FALSE(parsed.error.has_value());
  ASSERT_EQ(parsed.orders.size(), 2u);
  EXPECT_EQ(parsed.orders[0].id, 1234123412341234);
  EXPECT_EQ(parsed.orders[0].context.limit_price, "110.00");  // a stop-limit's own limit wins over price
  EXPECT_EQ(parsed.orders[0].context.side, order_side_buy);
  EXPECT_EQ(parsed.orders[1].context.market, "ETH/EUR");  // the deprecated spelling when market is absent
  EXPECT_EQ(parsed.orders[1].context.limit_price, "3000");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].code, "order.unreadable_id");
  EXPECT_TRUE(parse_open_orders(R"({"status":"error"})").error.has_value());
}

TEST(OrderStatus, AggregatesFillsCountingARepeatedTidOnce) {
  const OrderStatusParse parsed = parse_order_status(rich_status);
  ASSERT_TRUE(parsed.order.has_value()) << *parsed.error;
  std::vector<Diagnostic> diagnostics;
  const std::optional<PspOrder> order = map_order_status(*parsed.order, {}, table(), {}, diagnostics);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->reference, "1458532827766784");
  EXPECT_EQ(order->status, OrderStatus::partially_filled);
  EXPECT_EQ(order->direction, OrderDirection::buy);
  EXPECT_EQ(order->source_asset, "USD/2");
  EXPECT_EQ(order->destination_asset, "BTC/8");
  EXPECT_EQ(order->base_quantity_filled, Amount{30000000});
  EXPECT_EQ(order->quote_quantity_filled, Amount{1800000});
  EXPECT_EQ(order->fee, Amount{900});
  EXPECT_EQ(order->average_fill_price, Amount{6000000});
  EXPECT_EQ(order->base_quantity_ordered, Amount{50000000});  // filled + amount_remaining
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/order_subtype"), "LIMIT");
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/client_order_id"), "my-id");
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/order_status_datetime"), "2022-01-31 14:43:15");
  EXPECT_EQ(order->raw, rich_status);
}

TEST(OrderStatus, TheLegacyMinimalShapeTakesMarketAndSideFromTheSnapshot) {
  const OrderStatusParse parsed = parse_order_status(R"({"status":"Open","id":963180354,"transactions":[]})");
  ASSERT_TRUE(parsed.order.has_value());
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(map_order_status(*parsed.order, {}, table(), {}, diagnostics).has_value());
  EXPECT_EQ(diagnostics.back().code, "order.unknown_market");
  const OrderContext snapshot{"ETH/EUR", order_side_sell, "3000.00", "1.5", "", 1'600'000'000'000'000};
  const std::optional<PspOrder> order = map_order_status(*parsed.order, snapshot, table(), {}, diagnostics);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->direction, OrderDirection::sell);
  EXPECT_EQ(order->source_asset, "ETH/18");
  EXPECT_EQ(order->limit_price, Amount{300000});
  EXPECT_EQ(order->base_quantity_ordered, Amount{int128{15} * 100'000'000'000'000'000});
  EXPECT_FALSE(order->average_fill_price.has_value());
  EXPECT_FALSE(order->fee.has_value());
}

TEST(OrderStatus, StatusAndSubtypeTables) {
  EXPECT_EQ(read_order_status("In Queue", false), (OrderStatusMeaning{OrderStatus::pending, false, true}));
  EXPECT_EQ(read_order_status("Open", false), (OrderStatusMeaning{OrderStatus::open, false, true}));
  EXPECT_EQ(read_order_status("Open", true), (OrderStatusMeaning{OrderStatus::partially_filled, false, true}));
  EXPECT_EQ(read_order_status("Finished", true), (OrderStatusMeaning{OrderStatus::filled, true, true}));
  EXPECT_EQ(read_order_status("Canceled", true), (OrderStatusMeaning{OrderStatus::cancelled, true, true}));
  EXPECT_EQ(read_order_status("Cancel pending", false), (OrderStatusMeaning{OrderStatus::cancelled, true, true}));
  EXPECT_EQ(read_order_status("Expired", false), (OrderStatusMeaning{OrderStatus::expired, true, true}));
  // Unknown: never coerced to an end.
  EXPECT_EQ(read_order_status("Suspended", false), (OrderStatusMeaning{OrderStatus::open, false, false}));
  EXPECT_EQ(read_order_subtype("MARKET").type, OrderType::market);
  EXPECT_EQ(read_order_subtype("INSTANT").time_in_force, TimeInForce::immediate_or_cancel);
  EXPECT_EQ(read_order_subtype("STOP_LIMIT").type, OrderType::stop_limit);
  EXPECT_EQ(read_order_subtype("LIMIT").time_in_force, TimeInForce::good_until_cancelled);
}

// Only a body of the endpoints' shapes is read: an error object, another endpoint's rows, a
// status without its transactions list, a fill without its tid are refused.
TEST(OrdersShapes, RefuseBodiesOfAnotherShape) {
  EXPECT_TRUE(parse_open_orders(R"([{"id":1,"datetime":"2022-01-31 16:07:32","type":0,"currency":"BTC","amount":"0.1","status":2}])").error);
  EXPECT_TRUE(parse_open_orders(R"({"code":"API0000","status":"ok"})").error);
  EXPECT_FALSE(parse_open_orders("[]").error);
  EXPECT_FALSE(parse_order_status(R"({"status":"Open","id":963180354,"transactions":[]})").error);  // the legacy minimal shape
  EXPECT_TRUE(parse_order_status(R"({"status":"Open","id":963180354})").error);
  EXPECT_TRUE(parse_order_status(R"({"status":"Open","id":963180354,"transactions":{}})").error);
  EXPECT_TRUE(parse_order_status(R"({"status":"Open","id":963180354,"transactions":[{"price":"1"}]})").error);
  EXPECT_TRUE(parse_order_status(R"([{"status":"Open","id":963180354,"transactions":[]}])").error);
  EXPECT_TRUE(parse_order_status(R"({"status":"Open","id":963180354,"transactions":[],"x":nope})").error);
}

// order_status/'s raw is the body without the whitespace between tokens.
TEST(OrderStatus, KeepsTheBodyCompactAsItsRaw) {
  const OrderStatusParse parsed = parse_order_status("{\n  \"status\": \"Open\",\n  \"id\": 9,\n  \"transactions\": [ ]\n}\n");
  ASSERT_TRUE(parsed.order.has_value()) << *parsed.error;
  EXPECT_EQ(parsed.order->raw, R"({"status":"Open","id":9,"transactions":[]})");
}

TEST(OrderStatus, AnUnknownStatusStaysOpenWithADiagnostic) {
  const OrderStatusParse parsed =
      parse_order_status(R"({"id":5,"status":"Suspended","type":"1","market":"BTC/USD","datetime":"2022-01-31 14:43:15","transactions":[]})");
  std::vector<Diagnostic> diagnostics;
  const std::optional<PspOrder> order = map_order_status(*parsed.order, {}, table(), {}, diagnostics);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::open);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "order.unknown_status");
}

TEST(OrderStatus, OrderNotFoundComesEitherWay) {
  EXPECT_TRUE(is_order_not_found(200, R"({"status":"error","reason":"Order not found","code":"404.002"})"));
  EXPECT_TRUE(is_order_not_found(404, R"({"status":"error","reason":"Order not found"})"));
  EXPECT_FALSE(is_order_not_found(200, rich_status));
  EXPECT_FALSE(is_order_not_found(403, R"({"status":"error","reason":"Invalid signature","code":"API0005"})"));
  EXPECT_FALSE(parse_order_status("[]").order.has_value());
  EXPECT_FALSE(parse_order_status(R"({"id":1})").order.has_value());  // no status
}

UserTransaction fill_row(std::int64_t id, std::string btc, std::string usd, std::string fee, std::int64_t order_id) {
  UserTransaction row;
  row.id = id;
  row.datetime_us = 1'600'000'000'000'000 + id;
  row.type = tx_type_trade;
  row.amounts = {{"BTC", std::move(btc)}, {"USD", std::move(usd)}};
  row.fee = std::move(fee);
  row.order_id = order_id;
  row.rates = {{"btc_usd", "30000.00"}};
  row.raw = "{\"id\":" + std::to_string(id) + "}";
  return row;
}

TEST(HistoricalOrders, FillsAddUpIntoOneFilledOrder) {
  const AssetTable assets = table();
  std::vector<Diagnostic> diagnostics;
  FillAggregate aggregate;
  ASSERT_TRUE(add_fill(aggregate, fill_row(10, "-0.01", "300.00", "0.60", 9), assets, diagnostics));
  ASSERT_TRUE(add_fill(aggregate, fill_row(12, "-0.02", "600.00", "1.20", 9), assets, diagnostics));
  // A fill of another market or side cannot belong to the same order.
  UserTransaction other = fill_row(13, "0.01", "-300.00", "0.60", 9);
  EXPECT_FALSE(add_fill(aggregate, other, assets, diagnostics));
  EXPECT_EQ(diagnostics.back().code, "order.unreadable_fill");
  const std::optional<PspOrder> order = map_historical_order(9, aggregate, assets, {}, diagnostics);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::filled);
  EXPECT_EQ(order->direction, OrderDirection::sell);
  EXPECT_EQ(order->source_asset, "BTC/8");
  EXPECT_EQ(order->base_quantity_filled, Amount{3000000});
  EXPECT_EQ(order->quote_quantity_filled, Amount{90000});
  EXPECT_EQ(order->fee, Amount{180});
  EXPECT_EQ(order->average_fill_price, Amount{3000000});
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/historical"), "true");
  EXPECT_EQ(order->raw, R"([{"id":10},{"id":12}])");
  EXPECT_EQ(order->created_at_us, 1'600'000'000'000'010);
}

TEST(HistoricalOrders, AFillWithoutARateKeyCannotBeAttributed) {
  UserTransaction row = fill_row(10, "0.01", "-300.00", "0.60", 9);
  row.rates.clear();
  std::vector<Diagnostic> diagnostics;
  FillAggregate aggregate;
  EXPECT_FALSE(add_fill(aggregate, row, table(), diagnostics));
  EXPECT_TRUE(aggregate.rows.empty());
}

TEST(OrderEnrichment, FeesOfTheOrdersMarketBecomeMetadata) {
  Enrichment enrichment;
  enrichment.markets["BTC/USD"] = Market{"BTC/USD", "btcusd", "BTC", "USD", "10"};
  enrichment.trading_fees["btcusd"] = TradingFee{"0.30", "0.40"};
  std::vector<Diagnostic> diagnostics;
  const std::optional<PspOrder> order =
      map_order_status(*parse_order_status(rich_status).order, {}, table(), enrichment, diagnostics);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/fee_tier_maker"), "0.30");
  EXPECT_EQ(order->metadata.at("com.bitstamp.spec/fee_tier_taker"), "0.40");
}

}  // namespace
}  // namespace bitstamp::core
