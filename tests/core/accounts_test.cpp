// Proves account_balances maps to one account and one balance per non-zero known currency:
// zero rows skipped, unknown or invalid tickers and bad amounts skipped with a diagnostic.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/accounts.hpp"
#include "bitstamp/core/limits.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t now_ms = 1759320000000;

AssetTable table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"USD", 2, "fiat"}, {"BTC", 8, "crypto"}, {"ETH", 18, "crypto"}}, 0,
                          ignored);
}

TEST(Accounts, MapsNonZeroRowsToAccountAndBalance) {
  const AccountsMapping mapping = map_account_balances(
      R"([{"currency":"usd","total":"20.00","available":"15.50","reserved":"4.50"},
          {"currency":"btc","total":"0.00000000","available":"0.00000000","reserved":"0.00000000"}])",
      table(), now_ms);
  ASSERT_FALSE(mapping.error.has_value());
  ASSERT_EQ(mapping.records.size(), 2u);
  EXPECT_EQ(mapping.zero_rows_skipped, 1u);
  const auto& account = std::get<PspAccount>(mapping.records[0]);
  EXPECT_EQ(account.reference, "USD");
  EXPECT_EQ(account.name, "USD");
  EXPECT_EQ(account.created_at_us, bitstamp_genesis_us);
  EXPECT_EQ(account.default_asset, "USD/2");
  EXPECT_EQ(account.raw, R"({"currency":"usd","total":"20.00","available":"15.50","reserved":"4.50"})");
  EXPECT_EQ(account.metadata.at("com.bitstamp.spec/currency_type"), "fiat");
  EXPECT_EQ(account.metadata.at("com.bitstamp.spec/currency_decimals"), "2");
  EXPECT_EQ(account.metadata.at("com.bitstamp.spec/is_crypto"), "false");
  EXPECT_EQ(std::get<PspBalance>(mapping.records[1]),
            (PspBalance{"USD", now_ms * 1000, Amount{1550}, "USD/2"}));
}

// Found by the simulator (seed 14): a wallet emptied to exactly zero was skipped like one
// never held, so the store kept showing its last non-zero balance forever.
TEST(Accounts, RegressionABalanceFallingToZeroIsReportedAsZero) {
  const std::string body =
      R"([{"currency":"usd","total":"0.00","available":"0.00","reserved":"0.00"},
          {"currency":"btc","total":"0","available":"0","reserved":"0"}])";
  const AccountsMapping mapping = map_account_balances(body, table(), now_ms, {"USD"});
  ASSERT_EQ(mapping.records.size(), 2u);  // USD was held before; BTC never was
  EXPECT_EQ(std::get<PspAccount>(mapping.records[0]).reference, "USD");
  EXPECT_EQ(std::get<PspBalance>(mapping.records[1]), (PspBalance{"USD", now_ms * 1000, Amount{0}, "USD/2"}));
  EXPECT_EQ(mapping.zero_rows_skipped, 1u);
}

TEST(Accounts, SkipsUnknownInvalidAndMalformedRowsWithDiagnostics) {
  const AccountsMapping mapping = map_account_balances(
      R"([{"currency":"foo","total":"1","available":"1","reserved":"0"},
          {"currency":"1inch","total":"1","available":"1","reserved":"0"},
          {"currency":"usd","total":"1","available":"1,00","reserved":"0"},
          {"currency":null,"total":"1","available":"1","reserved":"1"},
          {"currency":"btc","total":"1","available":null,"reserved":"0"}])",
      table(), now_ms);
  EXPECT_TRUE(mapping.records.empty());
  ASSERT_EQ(mapping.diagnostics.size(), 5u);
  EXPECT_EQ(mapping.diagnostics[0].code, "asset.unknown_ticker");
  EXPECT_EQ(mapping.diagnostics[1].code, "asset.invalid_ticker");
  EXPECT_EQ(mapping.diagnostics[2].code, "amount.malformed");
  EXPECT_EQ(mapping.diagnostics[3].code, "balance.missing_currency");
  EXPECT_EQ(mapping.diagnostics[4].code, "balance.missing_available");
}

// A body is data only when it has the endpoint's shape: a row without one of the four keys (as
// in another endpoint's answer) refuses the whole snapshot rather than skipping a wallet.
TEST(Accounts, RefusesASnapshotWhoseRowLacksAKeyOfTheShape) {
  for (const char* body : {R"([{"currency":"usd","total":"1","available":"1"}])",
                           R"([{"reserved":"1","total":"1","available":"1"}])",
                           R"([{"currency":"BTC","decimals":8,"type":"crypto"}])", R"({"code":"API0000","status":"ok"})",
                           R"([{"currency":"usd","total":"1","available":"1","reserved":"0","x":nope}])"}) {
    const AccountsMapping mapping = map_account_balances(body, table(), now_ms);
    EXPECT_TRUE(mapping.error.has_value()) << body;
    EXPECT_TRUE(mapping.records.empty());
  }
}

TEST(Accounts, ReadsNumberAmountsAndReportsTruncation) {
  const AccountsMapping mapping = map_account_balances(
      R"([{"currency":"btc","total":1.123456789,"available":1.123456789,"reserved":0.0,"extra":[1]}])",
      table(), now_ms);
  ASSERT_EQ(mapping.records.size(), 2u);
  EXPECT_EQ(std::get<PspBalance>(mapping.records[1]).amount, Amount{112345678});
  ASSERT_EQ(mapping.diagnostics.size(), 1u);
  EXPECT_EQ(mapping.diagnostics[0].code, "amount.truncated");
}

TEST(Accounts, RefusesADamagedBodyWholeRatherThanPublishAPartialWallet) {
  for (std::string_view body :
       {R"([{"currency":"usd","total":"1","available":"1","reserved":"0"},{"currency":"btc","tot)",
        R"({"status":"error"})", "", R"([{"currency":"usd","total":"1","available":"1","reserved":"0"},42])"}) {
    const AccountsMapping mapping = map_account_balances(body, table(), now_ms);
    EXPECT_TRUE(mapping.error.has_value()) << body;
    EXPECT_TRUE(mapping.records.empty()) << body;
  }
}

// A generated row: a currency among known, unknown and invalid ones, and wire amounts.
struct GeneratedRow {
  std::string currency;
  std::string total;
  std::string available;
  std::string reserved;
};

RC_GTEST_PROP(AccountsProperty, EmitsExactlyTheNonZeroKnownRows, ()) {
  const auto amount = rc::gen::oneOf(rc::gen::just(std::string("0.00")),
                                     rc::gen::map(rc::gen::inRange(0, 100000000), [](int v) {
                                       return std::to_string(v / 100) + "." + std::to_string(v % 100);
                                     }));
  const auto rows = *rc::gen::container<std::vector<GeneratedRow>>(rc::gen::construct<GeneratedRow>(
      rc::gen::elementOf(std::vector<std::string>{"usd", "btc", "eth", "foo", "1inch"}), amount,
      amount, amount));
  std::string body = "[";
  std::size_t expected_accounts = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const GeneratedRow& r = rows[i];
    if (i > 0) body += ',';
    body += R"({"currency":")";
    body += r.currency;
    body += R"(","total":")";
    body += r.total;
    body += R"(","available":")";
    body += r.available;
    body += R"(","reserved":")";
    body += r.reserved;
    body += "\"}";
    const bool non_zero = !is_zero_decimal(r.total) || !is_zero_decimal(r.available) ||
                          !is_zero_decimal(r.reserved);
    const bool known = r.currency == "usd" || r.currency == "btc" || r.currency == "eth";
    if (non_zero && known) ++expected_accounts;
  }
  body += "]";
  const AccountsMapping mapping = map_account_balances(body, table(), now_ms);
  RC_ASSERT(!mapping.error.has_value());
  RC_ASSERT(mapping.records.size() == 2 * expected_accounts);
  for (const Record& record : mapping.records) {
    if (const auto* balance = std::get_if<PspBalance>(&record)) {
      RC_ASSERT(is_valid_asset(balance->asset));
      RC_ASSERT(balance->amount.minor_units >= 0);
    }
  }
}

}  // namespace
}  // namespace bitstamp::core

namespace bitstamp::core {
namespace {

// Totality: arbitrary bytes, or a valid body cut anywhere, give records or an error, never a
// crash; a cut body never yields a partial wallet.
RC_GTEST_PROP(AccountsProperty, AnyBytesGiveADefinedResult, (const std::string& body)) {
  const AccountsMapping mapping = map_account_balances(body, table(), now_ms);
  if (mapping.error) RC_ASSERT(mapping.records.empty());
  const CurrenciesParse currencies = parse_currencies(body);
  if (currencies.error) RC_ASSERT(currencies.currencies.empty());
}

RC_GTEST_PROP(AccountsProperty, ATruncatedBodyIsRefusedWhole, ()) {
  const std::string body =
      R"([{"currency":"usd","total":"20.00","available":"15.50","reserved":"4.50"},)"
      R"({"currency":"btc","total":"1.5","available":"1.5","reserved":"0"}])";
  const auto cut = *rc::gen::inRange<std::size_t>(0, body.size() - 1);
  const AccountsMapping mapping = map_account_balances(body.substr(0, cut), table(), now_ms);
  RC_ASSERT(mapping.error.has_value());
  RC_ASSERT(mapping.records.empty());
}

}  // namespace
}  // namespace bitstamp::core
