// Proves the currencies dataset becomes a precision table, and only valid tickers become assets.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "bitstamp/core/assets.hpp"

namespace bitstamp::core {
namespace {

TEST(Assets, ValidatesTheFormanceAssetPattern) {
  for (std::string_view good : {"USD/2", "BTC/8", "USDT/6", "ETH/18", "A", "USD", "ABC_DEF/2",
                                "X1234567890123456/0"}) {
    EXPECT_TRUE(is_valid_asset(good)) << good;
  }
  for (std::string_view bad : {"", "usd/2", "1INCH/8", "BTC/", "BTC/1234567", "BTC_/8", "BTC_1/8",
                               "ABCDEFGHIJKLMNOPQR/2", "BTC/8/8", "B-TC/8", "/8", "X12345678901234567/0"}) {
    EXPECT_FALSE(is_valid_asset(bad)) << bad;
  }
}

TEST(Assets, NormalizesLowercaseTickersAndRefusesImpossibleOnes) {
  EXPECT_EQ(normalize_ticker("usdt"), "USDT");
  EXPECT_EQ(normalize_ticker("Btc"), "BTC");
  EXPECT_FALSE(normalize_ticker("1inch").has_value());
  EXPECT_FALSE(normalize_ticker("").has_value());
  EXPECT_FALSE(normalize_ticker("b tc").has_value());
}

TEST(Assets, ParsesTheCurrenciesDatasetSkippingWhatCannotBeAnAsset) {
  const CurrenciesParse parsed = parse_currencies(R"([
    {"name":"Bitcoin","currency":"BTC","decimals":8,"type":"crypto","networks":[{"network":"bitcoin"}]},
    {"currency":"usd","decimals":"2","type":"fiat"},
    {"currency":"1INCH","decimals":8,"type":"crypto"},
    {"currency":"NODEC","decimals":null,"type":"crypto"},
    {"currency":"HUGE","decimals":99,"type":"crypto"},
    {"name":"no ticker","currency":null,"decimals":2}
  ])");
  ASSERT_FALSE(parsed.error.has_value());
  ASSERT_EQ(parsed.currencies.size(), 2u);
  EXPECT_EQ(parsed.currencies[0], (Currency{"BTC", 8, "crypto", {"bitcoin"}}));  // networks kept for account metadata
  EXPECT_EQ(parsed.currencies[1], (Currency{"USD", 2, "fiat"}));
  ASSERT_EQ(parsed.diagnostics.size(), 4u);
  EXPECT_EQ(parsed.diagnostics[0].code, "currency.invalid_ticker");
  EXPECT_EQ(parsed.diagnostics[1].code, "currency.invalid_decimals");
  EXPECT_EQ(parsed.diagnostics[2].code, "currency.invalid_decimals");
  EXPECT_EQ(parsed.diagnostics[3].code, "currency.missing_ticker");
}

TEST(Assets, RefusesABodyWhoseRowsLackTheKeysOfTheShape) {
  EXPECT_TRUE(parse_currencies(R"([{"name":"no ticker","decimals":2}])").error.has_value());
  EXPECT_TRUE(parse_currencies(R"([{"currency":"usd","total":"1","available":"1","reserved":"0"}])").error.has_value());
}

TEST(Assets, RefusesABodyThatIsNotAnArrayOfObjects) {
  EXPECT_TRUE(parse_currencies(R"({"status":"error"})").error.has_value());
  EXPECT_TRUE(parse_currencies("not json").error.has_value());
  EXPECT_TRUE(parse_currencies(R"([{"currency":"BTC","decimals":8},)").error.has_value());
  EXPECT_TRUE(parse_currencies(R"([1,2])").error.has_value());
  EXPECT_TRUE(parse_currencies("").error.has_value());
}

TEST(Assets, KeepsTheFirstOfDuplicateTickers) {
  std::vector<Diagnostic> diagnostics;
  const AssetTable table =
      make_asset_table({{"BTC", 8, "crypto"}, {"BTC", 2, "fiat"}}, 1000, diagnostics);
  ASSERT_NE(table.find("BTC"), nullptr);
  EXPECT_EQ(table.find("BTC")->decimals, 8u);
  EXPECT_EQ(table.fetched_at_ms, 1000);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "currency.duplicate_ticker");
  EXPECT_EQ(asset_string(*table.find("BTC")), "BTC/8");
}

// The table's index answers as the ordered map it replaced: every ticker added is found with its
// first row, nothing else is found, and the currencies list in ticker order, whatever the number
// of tickers (the index grows and collides) and the order they were added in.
RC_GTEST_PROP(AssetTableProperty, FindsWhatAnOrderedMapWouldAndNothingElse, ()) {
  const auto ticker = rc::gen::container<std::string>(rc::gen::elementOf(std::string("ABCXYZ019_")));
  const auto tickers = *rc::gen::container<std::vector<std::string>>(ticker);
  AssetTable table;
  std::map<std::string, std::uint32_t> model;
  std::uint32_t decimals = 0;
  for (const std::string& name : tickers) {
    RC_ASSERT(table.add(Currency{name, decimals, "crypto"}) == model.emplace(name, decimals).second);
    ++decimals;
  }
  for (const auto& [name, first_decimals] : model) {
    const Currency* found = table.find(name);
    RC_ASSERT(found != nullptr);
    RC_ASSERT(found->ticker == name);
    RC_ASSERT(found->decimals == first_decimals);
  }
  const std::string absent = *ticker;
  RC_ASSERT((table.find(absent) != nullptr) == model.contains(absent));
  std::vector<std::string> listed;
  for (const Currency& currency : table.currencies()) listed.push_back(currency.ticker);
  std::vector<std::string> expected;
  for (const auto& entry : model) expected.push_back(entry.first);
  RC_ASSERT(listed == expected);
}

}  // namespace
}  // namespace bitstamp::core
