// Proves user_transactions rows are read through every wire quirk of the digest (§9) and that
// settled rows map to payments by the type table of DESIGN.md §4.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/user_transactions.hpp"

namespace bitstamp::core {
namespace {

AssetTable table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"USD", 2, "fiat"}, {"EUR", 2, "fiat"}, {"BTC", 8, "crypto"},
                           {"XRP", 8, "crypto"}, {"ALGO", 8, "crypto"}, {"USDC", 6, "crypto"}},
                          0, ignored);
}

UserTransaction one_row(const std::string& row_json) {
  const UserTransactionsPage page = parse_user_transactions("[" + row_json + "]", table());
  EXPECT_FALSE(page.error.has_value()) << *page.error;
  EXPECT_EQ(page.rows.size(), 1u);
  return page.rows.empty() ? UserTransaction{} : page.rows[0];
}

std::optional<PspPayment> payment_of(const std::string& row_json, std::vector<Diagnostic>* out = nullptr) {
  std::vector<Diagnostic> diagnostics;
  auto payment = map_user_transaction_payment(one_row(row_json), table(), diagnostics);
  if (out) *out = diagnostics;
  return payment;
}

using Amounts = decltype(UserTransaction::amounts);
using Rates = decltype(UserTransaction::rates);

// The legacy zero keys (usd, eur, btc and the btc_usd rate at zero) say nothing: only the
// non-zero amount and no rate are kept.
TEST(UserTransactions, ReadsLegacy2018RowsWithIntegerTypesNumbersAndZeroKeys) {
  const UserTransaction row = one_row(
      R"({"fee":"0.00000000","btc_usd":"0.00","datetime":"2018-01-29 20:26:20","usd":0.0,"btc":"-0.94492494","type":1,"id":50197270,"eur":0.0})");
  EXPECT_EQ(row.id, 50197270);
  EXPECT_EQ(row.type, 1);
  EXPECT_EQ(row.datetime_us, 1517257580LL * 1000000);
  EXPECT_EQ(row.amounts, (Amounts{{"BTC", "-0.94492494"}}));
  EXPECT_EQ(row.rates, Rates{});
}

// A row with more non-zero amounts and rates than a row holds inline keeps them all, in wire
// order (they move to the heap together).
TEST(UserTransactions, KeepsEveryNonZeroAmountAndRatePastTheInlineRoom) {
  const UserTransaction row = one_row(
      R"({"fee":"0","id":3,"type":"2","datetime":"2022-01-31 14:43:15","usd":"-1.00","eur":"0","btc":"0.1","algo":"2","btc_usd":"10.00","btc_eur":"0.00","algo_usd":"0.5","usdc_eur":1})");
  EXPECT_EQ(row.amounts, (Amounts{{"USD", "-1.00"}, {"BTC", "0.1"}, {"ALGO", "2"}}));
  EXPECT_EQ(row.rates, (Rates{{"btc_usd", "10.00"}, {"algo_usd", "0.5"}, {"usdc_eur", "1"}}));
  UserTransaction copy = row;
  copy.amounts.push_back({"EUR", "9"});
  EXPECT_EQ(copy.amounts.size(), 4u);
  EXPECT_EQ(copy.amounts.front().ticker, "USD");
  EXPECT_EQ(copy.amounts.back().ticker, "EUR");
  EXPECT_FALSE(copy == row);
}

TEST(UserTransactions, ReadsModernRowsWithStringTypesAndMicroseconds) {
  const UserTransaction row = one_row(
      R"({"usd":0.0,"btc":0.0,"btc_usd":"0.00","fee":"0.00000000","algo":"0.24178042","type":"27","id":209692788,"datetime":"2021-11-24 09:00:33.607389"})");
  EXPECT_EQ(row.type, 27);
  EXPECT_EQ(row.datetime_us, 1637744433607389LL);
}

TEST(UserTransactions, KeepsSixteenDigitIdsAndIgnoresUnknownExtraKeys) {
  const UserTransaction row = one_row(
      R"({"fee":"0.00","id":1458532827766784,"datetime":"2022-01-31 14:43:15","type":"0","usd":"10.00","note":{"a":[1]},"flag":true,"order_id":1672462921})");
  EXPECT_EQ(row.id, 1458532827766784);
  EXPECT_EQ(row.order_id, 1672462921);
  EXPECT_EQ(row.amounts.size(), 1u);
}

// Keys and strings are read in place unless they hold an escape; escaped ones must still read
// as their unescaped text, and each row's raw text is its wire bytes with the whitespace
// between tokens removed (escapes, key order and number text untouched).
TEST(UserTransactions, ReadsEscapedKeysAndValuesAndKeepsEachRowCompactAndVerbatim) {
  const std::string first = R"({"fee":"0.00","id":7,"\u0062tc":"1.5\u0030","typ\u0065":"0","datetime":"2022-01-31 14:43:15"})";
  const std::string second =
      "{ \"id\" : 8 ,\n \"type\":\"0\", \"fee\" :\t\"0.00\", \"datetime\": \"2022-01-31 14:43:15\", "
      "\"usd\" : \"2.00\" , \"note\" : \" a  b \", \"x\" : 1.50e+3 }";
  const UserTransactionsPage page = parse_user_transactions("[ " + first + " ,\n  " + second + "\n]", table());
  ASSERT_FALSE(page.error.has_value()) << *page.error;
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(page.rows[0].amounts, (Amounts{{"BTC", "1.50"}}));
  EXPECT_EQ(page.rows[0].type, 0);
  EXPECT_EQ(page.rows[0].raw, first);
  EXPECT_EQ(page.rows[1].raw,
            R"({"id":8,"type":"0","fee":"0.00","datetime":"2022-01-31 14:43:15","usd":"2.00","note":" a  b ","x":1.50e+3})");
  EXPECT_EQ(page.rows[1].amounts, (Amounts{{"USD", "2.00"}}));
}

// simdjson reads only what it is asked for, so a row's unread bytes may be anything; a record
// printing them would not be JSON. Such a page is refused whole, like a damaged one.
TEST(UserTransactions, RefusesAPageWhoseRowIsNotValidJson) {
  const std::string good = R"({"id":1,"type":"0","fee":"0","datetime":"2022-01-31 14:43:15","usd":"1.00")";
  const std::string bad_tails[] = {
      R"(,"zz":nope})",      R"(,"zz":"\ud800"})", R"(,"zz":"\udc00\ud800"})", std::string(",\"zz\":\"a\x01b\"}"),
      std::string(",\"zz\":\"a\0b\"}", 12), R"(,"zz":01})", R"(,"zz":[1,]})", R"(,"zz":tru})",
      R"(,"zz":"\q"})",      R"(,"zz":1.})"};
  for (const std::string& bad : bad_tails) {
    const UserTransactionsPage page = parse_user_transactions("[" + good + bad + "]", table());
    EXPECT_TRUE(page.error.has_value()) << bad;
    EXPECT_TRUE(page.rows.empty());
  }
  EXPECT_FALSE(parse_user_transactions("[" + good + R"(,"zz":"\ud83d\ude00 \u00e9 é \/"})" + "]", table()).error);
}

// A body is data only when it has the endpoint's shape: rows of another endpoint are refused.
TEST(UserTransactions, RefusesRowsOfAnotherEndpointsShape) {
  const UserTransactionsPage withdrawals = parse_user_transactions(
      R"([{"id":1,"datetime":"2022-01-31 16:07:32","type":0,"currency":"BTC","amount":"0.1","status":2}])", table());
  ASSERT_TRUE(withdrawals.error.has_value());
  EXPECT_NE(withdrawals.error->find("has no 'fee'"), std::string::npos) << *withdrawals.error;
  EXPECT_TRUE(parse_user_transactions(R"([{"currency":"usd","total":"1","available":"1","reserved":"0"}])", table()).error);
  EXPECT_TRUE(parse_user_transactions(R"({"code":"API0000","status":"ok"})", table()).error);
}

TEST(UserTransactions, RefusesAPageWithARowWithoutAnId) {
  EXPECT_TRUE(parse_user_transactions(R"([{"datetime":"2022-01-31 14:43:15","type":"0"}])", table()).error);
  EXPECT_TRUE(parse_user_transactions(R"([{"id":"abc"}])", table()).error);
  EXPECT_TRUE(parse_user_transactions(R"([{"id":1},)", table()).error);
  EXPECT_TRUE(parse_user_transactions(R"({"status":"error"})", table()).error);
  EXPECT_FALSE(parse_user_transactions("[]", table()).error);
}

TEST(UserTransactions, MapsADepositToAPayIn) {
  const auto payment = payment_of(
      R"({"usd":"10588.90","btc_usd":"0.00","datetime":"2018-01-29 16:25:51","fee":"7.50","btc":0.0,"type":"0","id":50174021,"eur":0.0})");
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->reference, "50174021");
  EXPECT_EQ(payment->type, PaymentType::pay_in);
  EXPECT_EQ(payment->amount, Amount{1058890});
  EXPECT_EQ(payment->asset, "USD/2");
  EXPECT_EQ(payment->status, PaymentStatus::succeeded);
  EXPECT_EQ(payment->destination_account_reference, "USD");
  EXPECT_EQ(payment->source_account_reference, "");
  EXPECT_EQ(payment->metadata.at("com.bitstamp.spec/source"), "user_transactions");
  EXPECT_EQ(payment->metadata.at("com.bitstamp.spec/transaction_type"), "0");
  EXPECT_EQ(payment->metadata.at("com.bitstamp.spec/fee"), "7.50");
}

TEST(UserTransactions, MapsAWithdrawalToAPayoutOfTheAbsoluteAmount) {
  const auto payment = payment_of(
      R"({"fee":"0.00000000","btc_usd":"0.00","datetime":"2018-01-29 20:26:20","usd":0.0,"btc":"-0.94492494","type":"1","id":50197270,"eur":0.0})");
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->type, PaymentType::payout);
  EXPECT_EQ(payment->amount, Amount{94492494});
  EXPECT_EQ(payment->source_account_reference, "BTC");
  EXPECT_EQ(payment->metadata.contains("com.bitstamp.spec/fee"), false);  // zero fee: absent
}

TEST(UserTransactions, FollowsTheTypeTable) {
  const std::pair<int, PaymentType> table_rows[] = {
      {0, PaymentType::pay_in},  {1, PaymentType::payout},  {25, PaymentType::pay_in},
      {26, PaymentType::payout}, {27, PaymentType::pay_in}, {32, PaymentType::pay_in}};
  for (const auto& [type, expected] : table_rows) {
    const auto payment = payment_of(R"({"fee":"0.00","id":7,"datetime":"2024-01-01 00:00:00","type":")" +
                                    std::to_string(type) + R"(","algo":"1.5"})");
    ASSERT_TRUE(payment.has_value()) << type;
    EXPECT_EQ(payment->type, expected) << type;
  }
}

TEST(UserTransactions, TransferLegsAreSignedWithAPairId) {
  for (const int type : {14, 33, 35}) {
    const auto out = payment_of(R"({"fee":"0.00","id":90,"datetime":"2024-01-01 00:00:00","type":)" +
                                std::to_string(type) + R"(,"eur":"-25.00"})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->type, PaymentType::payout);
    EXPECT_EQ(out->amount, Amount{2500});
    EXPECT_EQ(out->source_account_reference, "EUR");
    EXPECT_EQ(out->metadata.at("com.bitstamp.spec/transfer_pair_id"), "90");
    EXPECT_EQ(out->metadata.at("com.bitstamp.spec/transfer_direction"), "outgoing");
    const auto in = payment_of(R"({"fee":"0.00","id":91,"datetime":"2024-01-01 00:00:00","type":)" +
                               std::to_string(type) + R"(,"eur":"25.00"})");
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->type, PaymentType::pay_in);
    EXPECT_EQ(in->destination_account_reference, "EUR");
    EXPECT_EQ(in->metadata.at("com.bitstamp.spec/transfer_direction"), "incoming");
  }
}

TEST(UserTransactions, UnknownTypesBecomeOtherWithADiagnostic) {
  std::vector<Diagnostic> diagnostics;
  const auto payment = payment_of(R"({"fee":"0.00","id":5,"datetime":"2024-01-01 00:00:00","type":"99","usd":"-3.10"})", &diagnostics);
  ASSERT_TRUE(payment.has_value());
  EXPECT_EQ(payment->type, PaymentType::other);
  EXPECT_EQ(payment->source_account_reference, "USD");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "payment.unknown_type");
}

TEST(UserTransactions, FillsAndConversionsAreLeftToTheirTasksSilently) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(payment_of(R"({"usd":"-10555.01","btc_usd":11170.21,"order_id":857979733,"datetime":"2018-01-29 20:22:34","fee":"26.39","btc":"0.94492494","type":"2","id":50197020,"eur":0.0})",
                          &diagnostics));
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_FALSE(payment_of(R"({"id":458254264,"datetime":"2025-09-25 14:42:59.894846","type":"36","fee":"0.000000","eur":"-5.00","usdc":"5.810770","usdc_eur":0.86047,"usd":"0.00","btc":"0.00000000"})",
                          &diagnostics));
  EXPECT_TRUE(diagnostics.empty());
}

TEST(UserTransactions, SkipsRowsWithoutExactlyOneKnownNonZeroCurrency) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":1,"datetime":"2024-01-01 00:00:00","type":"0","usd":"1.00","eur":"2.00"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "payment.ambiguous_legs");
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":2,"datetime":"2024-01-01 00:00:00","type":"0","usd":"0.00"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "payment.ambiguous_legs");
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":3,"datetime":"2024-01-01 00:00:00","type":"0","doge":"12.5"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "asset.unknown_ticker");
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":4,"datetime":"yesterday","type":"0","usd":"1"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "payment.unreadable_datetime");
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":5,"datetime":"2024-01-01 00:00:00","type":"deposit","usd":"1"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "payment.unreadable_type");
  EXPECT_FALSE(payment_of(R"({"fee":"0.00","id":6,"datetime":"2024-01-01 00:00:00","type":"0","usd":"1,5"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "amount.malformed");
}

std::optional<PspConversion> conversion_of(const std::string& row_json, std::vector<Diagnostic>* out = nullptr) {
  std::vector<Diagnostic> diagnostics;
  auto conversion = map_user_transaction_conversion(one_row(row_json), table(), diagnostics);
  if (out) *out = diagnostics;
  return conversion;
}

TEST(Conversions, MapsAnInstantBuyWithTheRateKeyAndNoZeroFee) {
  const auto conversion = conversion_of(
      R"({"id":458254264,"datetime":"2025-09-25 14:42:59.894846","type":"36","fee":"0.000000","eur":"-5.00","usdc":"5.810770","usdc_eur":0.86047,"usd":"0.00","btc":"0.00000000"})");
  ASSERT_TRUE(conversion.has_value());
  EXPECT_EQ(conversion->reference, "458254264");
  EXPECT_EQ(conversion->source_asset, "EUR/2");
  EXPECT_EQ(conversion->source_amount, Amount{500});
  EXPECT_EQ(conversion->destination_asset, "USDC/6");
  EXPECT_EQ(conversion->destination_amount, Amount{5810770});
  EXPECT_EQ(conversion->status, ConversionStatus::completed);
  EXPECT_FALSE(conversion->fee.has_value());
  EXPECT_EQ(conversion->source_account_reference, "EUR");
  EXPECT_EQ(conversion->destination_account_reference, "USDC");
  EXPECT_EQ(conversion->metadata.at("com.bitstamp.spec/rate"), "0.86047");
  EXPECT_EQ(conversion->metadata.at("com.bitstamp.spec/fee_market"), "usdc_eur");
  EXPECT_EQ(conversion->metadata.at("com.bitstamp.spec/from_amount_raw"), "-5.00");
  EXPECT_EQ(conversion->metadata.at("com.bitstamp.spec/to_amount_raw"), "5.810770");
}

TEST(Conversions, ChargesTheFeeInTheQuoteCurrency) {
  const auto sell = conversion_of(
      R"({"id":9,"datetime":"2025-09-25 14:42:59","type":36,"fee":"0.25","btc":"-0.01000000","usd":"600.00","btc_usd":"60000.00"})");
  ASSERT_TRUE(sell.has_value());
  EXPECT_EQ(sell->source_asset, "BTC/8");
  EXPECT_EQ(sell->fee, Amount{25});
  EXPECT_EQ(sell->fee_asset, "USD/2");
}

TEST(Conversions, SkipsRowsWithoutOneNegativeAndOnePositiveLeg) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(conversion_of(R"({"fee":"0.00","id":1,"datetime":"2025-09-25 14:42:59","type":"36","eur":"-5.00","usd":"-1.00"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "conversion.ambiguous_legs");
  EXPECT_FALSE(conversion_of(R"({"fee":"0.00","id":2,"datetime":"2025-09-25 14:42:59","type":"36","eur":"-5.00","doge":"50"})", &diagnostics));
  EXPECT_EQ(diagnostics.at(0).code, "asset.unknown_ticker");
  EXPECT_FALSE(conversion_of(R"({"fee":"0.00","id":3,"datetime":"2025-09-25 14:42:59","type":"0","usd":"5.00"})", &diagnostics));
  EXPECT_TRUE(diagnostics.empty());  // not a conversion row at all: nothing to say
}

RC_GTEST_PROP(UserTransactionsProperty, AnyBytesGiveRowsOrAnError, (const std::string& body)) {
  const UserTransactionsPage page = parse_user_transactions(body, table());
  if (page.error) RC_ASSERT(page.rows.empty());
  for (const UserTransaction& row : page.rows) {
    std::vector<Diagnostic> diagnostics;
    const auto payment = map_user_transaction_payment(row, table(), diagnostics);
    if (payment) RC_ASSERT(payment->amount.minor_units >= 0);
    const auto conversion = map_user_transaction_conversion(row, table(), diagnostics);
    if (conversion) RC_ASSERT(conversion->source_asset != conversion->destination_asset);
    RC_ASSERT(!(payment && conversion));  // a row feeds one task at most
  }
}

}  // namespace
}  // namespace bitstamp::core
