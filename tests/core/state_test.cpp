// Proves the state document round-trips, refuses what it cannot read, and persists nothing
// of a cycle in progress.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "bitstamp/core/state.hpp"

namespace bitstamp::core {
namespace {

TEST(State, EncodesCanonically) {
  SyncState state;
  state.assets.fetched_at_ms = 5;
  state.assets.add(Currency{"BTC", 8, "crypto"});
  state.accounts.last_completed_ms = 7;
  state.accounts_known = {"BTC", "USD"};
  state.payments.last_completed_ms = 9;
  state.payments_cursor.user_transactions.last_id = 50197270;
  CryptoTransactionsCursor& crypto = state.payments_cursor.crypto_transactions;
  crypto.deposits = BucketCursor{1759995000, {{"ct-dep:1", 1759995000}}};
  crypto.pending_deposits[1] = TrackedStatus{"PENDING", 1759995000};
  crypto.walked_through_s = 1760000000;
  WithdrawalRequestsCursor& withdrawals = state.payments_cursor.withdrawal_requests;
  withdrawals.last_id = 42;
  withdrawals.pending[41] = TrackedStatus{"1", 1759990000};
  withdrawals.walked_through_s = 1760000000;
  state.orders.last_completed_ms = 11;
  state.orders_cursor.fills = StreamCursor{300, true};
  state.orders_cursor.tracked[77] = TrackedOrder{8, OrderContext{"BTC/USD", 0, "110.00", "0.5", "", 1}, "{}"};
  state.orders_cursor.settled[76] = 6;
  state.enrichment.markets["BTC/USD"] = Market{"BTC/USD", "btcusd", "BTC", "USD", "10"};
  state.enrichment.my_markets = {"BTC/USD"};
  state.enrichment.fetched_at_ms = 12;
  state.enrichment.trading_fees["btcusd"] = TradingFee{"0.3", "0.4"};
  state.enrichment.withdrawal_fees["BTC"] = {WithdrawalFee{"bitcoin", "0.0001"}};
  EXPECT_EQ(encode_state(state),
            R"({"accounts":{"known":["BTC","USD"],"lastCompletedMs":7},"assets":{"currencies":[{"decimals":8,)"
            R"("ticker":"BTC","type":"crypto"}],"fetchedAtMs":5},"conversions":{"backfillPending":false,)"
            R"("lastCompletedMs":-1,"lastTransactionID":-1},"enrichment":{"fetchedAtMs":12,"markets":[{"base":"BTC",)"
            R"("minimumOrderValue":"10","name":"BTC/USD","quote":"USD","symbol":"btcusd"}],"myMarkets":["BTC/USD"],)"
            R"("tradingFees":{"btcusd":{"maker":"0.3","taker":"0.4"}},"withdrawalFees":{"BTC":[{"fee":"0.0001",)"
            R"("network":"bitcoin"}]}},"orders":{"fills":{"backfillPending":true,"lastTransactionID":300},)"
            R"("lastCompletedMs":11,"settled":{"76":6},"tracked":{"77":{"context":{"amountAtCreate":"0.5",)"
            R"("clientOrderId":"","datetimeUs":1,"limitPrice":"110.00","market":"BTC/USD","side":0},)"
            R"("firstSeenMs":8,"lastBody":"{}"}}},"payments":{"cryptoTransactions":{)"
            R"("depositsSinceTs":1759995000,"pendingDeposits":{"1":{"datetime":1759995000,"status":"PENDING"}},)"
            R"("recent":{"deposits":{"ct-dep:1":1759995000},"ripples":{},"withdrawals":{}},)"
            R"("ripplesSinceTs":-1,"walkedThroughTs":1760000000,"withdrawalsSinceTs":-1},"lastCompletedMs":9,)"
            R"("userTransactions":{"backfillPending":false,"lastTransactionID":50197270},)"
            R"("withdrawalRequests":{"lastID":42,"pending":{"41":{"datetime":1759990000,"status":"1"}},)"
            R"("walkedThroughTs":1760000000}},"version":1})");
}

TEST(State, DecodesTheLegacyFlatPaymentsShapeAsTheUserTransactionsWatermark) {
  const StateDecode decoded = decode_state(R"({"version":1,"payments":{"lastTransactionID":1672462921}})");
  ASSERT_TRUE(decoded.state.has_value()) << decoded.error;
  EXPECT_EQ(decoded.state->payments_cursor.user_transactions.last_id, 1672462921);
  EXPECT_FALSE(decoded.state->payments_cursor.user_transactions.backfill_pending);
  // Written back in the 3-way shape, it reads the same.
  EXPECT_EQ(decode_state(encode_state(*decoded.state)).state, decoded.state);
}

TEST(State, DecodesSixteenDigitIdsExactly) {
  const StateDecode decoded =
      decode_state(R"({"version":1,"payments":{"userTransactions":{"lastTransactionID":1458532827766784}}})");
  ASSERT_TRUE(decoded.state.has_value()) << decoded.error;
  EXPECT_EQ(decoded.state->payments_cursor.user_transactions.last_id, 1458532827766784);
}

TEST(State, ReadsADocumentThatStillHoldsHistoricalFillAggregates) {
  // Written before the store folded historical orders: the records committed with it hold what
  // the aggregates summed, so the section is left unread and the rest of the orders task stands.
  const StateDecode decoded = decode_state(
      R"({"version":1,"orders":{"fills":{"backfillPending":true,"lastTransactionID":300},)"
      R"("historical":{"75":{"base":"BTC","baseFilled":"1180591620717411303424","fee":"1","firstFillUs":2,)"
      R"("lastFillUs":3,"quote":"USD","quoteFilled":"600","rows":["{\"id\":1}"],"side":1}},)"
      R"("lastCompletedMs":11,"settled":{"76":6}}})");
  ASSERT_TRUE(decoded.state.has_value()) << decoded.error;
  EXPECT_EQ(decoded.state->orders_cursor.fills, (StreamCursor{300, true}));
  EXPECT_EQ(decoded.state->orders_cursor.settled.at(76), 6);
  EXPECT_EQ(encode_state(*decoded.state).find("historical"), std::string::npos);
}

TEST(State, NeverPersistsACycleInProgress) {
  SyncState running;
  running.running.accounts = true;
  running.running.currencies = true;
  running.running.payments.emplace().since_id = 5;
  running.running.payments->max_id = 9;
  running.running.withdrawal_requests.emplace().offset = 1000;
  running.running.crypto_transactions.emplace().since_timestamp = 1759995000;
  running.skip.crypto_transactions = true;
  const StateDecode decoded = decode_state(encode_state(running));
  ASSERT_TRUE(decoded.state.has_value());
  EXPECT_EQ(decoded.state->running, RunningCycles{});
  EXPECT_EQ(decoded.state->skip, SkipCache{});
}

TEST(State, DecodesAMinimalDocumentWithDefaults) {
  const StateDecode decoded = decode_state(R"({"version":1})");
  ASSERT_TRUE(decoded.state.has_value()) << decoded.error;
  EXPECT_EQ(*decoded.state, SyncState{});
}

TEST(State, RefusesWhatItCannotReadAndSaysWhere) {
  EXPECT_EQ(decode_state("").error, "state is not valid JSON");
  EXPECT_EQ(decode_state("[]").error, "state must be a JSON object");
  EXPECT_EQ(decode_state(R"({"version":2})").error,
            "state.version 2 is not supported (this build reads 1..1)");
  EXPECT_EQ(decode_state(R"({"version":1,"accounts":{"lastCompletedMs":"x"}})").error,
            "accounts.lastCompletedMs must be an integer");
  EXPECT_EQ(decode_state(R"({"version":1,"assets":{"currencies":[{"ticker":"btc","decimals":8}]}})").error,
            "assets.currencies[0] has an invalid ticker or decimals");
  EXPECT_FALSE(decode_state(R"({"version":1,"assets":{"currencies":[{"decimals":8}]}})").state);
}

RC_GTEST_PROP(StateProperty, EncodeThenDecodeRoundTrips, ()) {
  SyncState state;
  state.accounts.last_completed_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  state.assets.fetched_at_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  state.payments.last_completed_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  state.payments_cursor.user_transactions.last_id = *rc::gen::inRange<std::int64_t>(-1, 1LL << 56);
  state.payments_cursor.user_transactions.backfill_pending = *rc::gen::arbitrary<bool>();
  state.conversions.last_completed_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  state.conversions_cursor.last_id = *rc::gen::inRange<std::int64_t>(-1, 1LL << 56);
  state.conversions_cursor.backfill_pending = *rc::gen::arbitrary<bool>();
  const auto timestamp = rc::gen::inRange<std::int64_t>(-1, 1LL << 40);
  // Wire text is valid UTF-8 (simdjson validates every body), so ASCII incl. controls covers it.
  const auto text = rc::gen::container<std::string>(rc::gen::inRange<char>(1, 127));
  CryptoTransactionsCursor& crypto = state.payments_cursor.crypto_transactions;
  for (BucketCursor* bucket : {&crypto.deposits, &crypto.withdrawals, &crypto.ripple_ious}) {
    bucket->since_ts = *timestamp;
    bucket->recent = *rc::gen::container<std::map<std::string, std::int64_t>>(text, timestamp);
  }
  crypto.walked_through_s = *timestamp;
  const auto tracked = rc::gen::container<std::map<std::int64_t, TrackedStatus>>(
      rc::gen::inRange<std::int64_t>(0, 1LL << 56),
      rc::gen::construct<TrackedStatus>(text, timestamp));
  crypto.pending_deposits = *tracked;
  state.payments_cursor.withdrawal_requests.last_id = *rc::gen::inRange<std::int64_t>(-1, 1LL << 56);
  state.payments_cursor.withdrawal_requests.pending = *tracked;
  state.payments_cursor.withdrawal_requests.walked_through_s = *timestamp;
  const auto tickers = *rc::gen::container<std::vector<std::string>>(
      rc::gen::elementOf(std::vector<std::string>{"BTC", "USD", "EUR", "USDT", "ETH", "A_B", "X9"}));
  for (const std::string& ticker : tickers) {
    state.assets.add(Currency{ticker, *rc::gen::inRange<std::uint32_t>(0, 31),
                              *rc::gen::elementOf(std::vector<std::string>{"crypto", "fiat", ""}),
                              *rc::gen::container<std::vector<std::string>>(text)});
  }
  const auto order_id = rc::gen::inRange<std::int64_t>(0, 1LL << 56);
  const auto maybe_integer = rc::gen::map(rc::gen::maybe(rc::gen::inRange<std::int64_t>(-1, 1LL << 40)),
                                         [](const rc::Maybe<std::int64_t>& value) {
                                           return value ? std::optional<std::int64_t>(*value) : std::nullopt;
                                         });
  const auto context = rc::gen::construct<OrderContext>(text, maybe_integer, text, text, text, maybe_integer);
  OrdersCursor& orders = state.orders_cursor;
  state.orders.last_completed_ms = *timestamp;
  orders.fills = StreamCursor{*rc::gen::inRange<std::int64_t>(-1, 1LL << 56), *rc::gen::arbitrary<bool>()};
  orders.tracked = *rc::gen::container<std::map<std::int64_t, TrackedOrder>>(
      order_id, rc::gen::construct<TrackedOrder>(timestamp, context, text));
  orders.settled = *rc::gen::container<std::map<std::int64_t, std::int64_t>>(order_id, timestamp);
  Enrichment& enrichment = state.enrichment;
  enrichment.fetched_at_ms = *timestamp;
  for (const std::string& name : *rc::gen::container<std::vector<std::string>>(text)) {
    enrichment.markets[name] = Market{name, *text, *text, *text, *text};
  }
  enrichment.my_markets = *rc::gen::container<std::set<std::string>>(text);
  enrichment.trading_fees =
      *rc::gen::container<std::map<std::string, TradingFee>>(text, rc::gen::construct<TradingFee>(text, text));
  enrichment.withdrawal_fees = *rc::gen::container<std::map<std::string, std::vector<WithdrawalFee>>>(
      text, rc::gen::container<std::vector<WithdrawalFee>>(rc::gen::construct<WithdrawalFee>(text, text)));
  const StateDecode decoded = decode_state(encode_state(state));
  RC_ASSERT(decoded.state.has_value());
  RC_ASSERT(*decoded.state == state);
  RC_ASSERT(encode_state(*decoded.state) == encode_state(state));
}

RC_GTEST_PROP(StateProperty, AnyTextDecodesOrExplains, (const std::string& text)) {
  const StateDecode decoded = decode_state(text);
  RC_ASSERT(decoded.state.has_value() != !decoded.error.empty());
}

}  // namespace
}  // namespace bitstamp::core
