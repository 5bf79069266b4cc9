// The asset catalogue against the wire digest §4: its 13 worked examples, the Ledger's asset
// pattern, paging by the top-level `next`, and what is left out.

#include <gtest/gtest.h>

#include <regex>

#include "fireblocks/core/assets.hpp"
#include "fireblocks_bodies.hpp"

namespace fireblocks::core {
namespace {

using testing_bodies::asset;
using testing_bodies::assets_body;

// [FC pkg/domain/assets/assets.go]: every payment or balance asset must match this.
const std::regex ledger_asset(R"(^[A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?(\/\d{1,6})?$)");

std::map<std::string, bool> chains() { return {{"main", false}, {"sepolia", true}}; }

// The one asset a single-asset page yields, or "" when it is left out.
std::string canonical(const std::string& asset_json) {
  const AssetsPage page = read_assets_page(assets_body({asset_json}, ""), chains());
  EXPECT_EQ(page.error, "");
  if (page.assets.empty()) return "";
  EXPECT_TRUE(std::regex_match(page.assets.front().second.asset, ledger_asset)) << page.assets.front().second.asset;
  return page.assets.front().second.asset;
}

TEST(FireblocksAssets, TheDigestsWorkedExamples) {
  EXPECT_EQ(canonical(asset("USDT_ERC20", "USDT", "FT", 6, "main")), "USDT/6");                       // 1
  EXPECT_EQ(canonical(asset("xDAI", "xDAI", "FT", 18, "main")), "XDAI/18");                           // 2
  EXPECT_EQ(canonical(asset("1INCH", "1INCH", "FT", 18, "main")), "INCH/18");                         // 3
  EXPECT_EQ(canonical(asset("X1", "$1INCH", "FT", 18, "main")), "INCH/18");
  EXPECT_EQ(canonical(asset("X2", "1$INCH", "FT", 18, "main")), "INCH/18");
  EXPECT_EQ(canonical(asset("USDC_E", "USDC.e", "FT", 6, "main")), "USDCE/6");                       // 4
  EXPECT_EQ(canonical(asset("ETH_TEST5", "ETH", "NATIVE", 18, "sepolia")), "ETH_TEST/18");            // 5
  EXPECT_EQ(canonical(asset("LONG", "ABCDEFGHIJKLMNOPQRSTUV", "FT", 18, "main")), "ABCDEFGHIJKLMNOPQ/18");  // 6
  EXPECT_EQ(canonical(asset("LONG_T", "ABCDEFGHIJKLMNOPQRSTUV", "FT", 18, "sepolia")), "ABCDEFGHIJKLMNOPQ_TEST/18");
  EXPECT_EQ(canonical(asset("USDC_POLY", "Bridged USDC (Polygon PoS)", "FT", 6, "main")), "BRIDGEDUSDCPOLYGO/6");  // 7
  for (const char* left_out : {"NFT", "SFT", "VIRTUAL"}) {                                            // 8
    EXPECT_EQ(canonical(asset("ART", "ART", left_out, 0, "main")), "") << left_out;
  }
  EXPECT_EQ(canonical(asset("OLD", "OLD", "FT", 18, "main", /*deprecated=*/true)), "");
  EXPECT_EQ(canonical(testing_bodies::fiat("USD", 2)), "USD/2");                                      // 10
  EXPECT_EQ(canonical(testing_bodies::fiat("JPY", 0)), "JPY");
  EXPECT_EQ(canonical(asset("N123", "123", "FT", 6, "main")), "");                                    // 11
  EXPECT_EQ(canonical(asset("DOTS", "...", "FT", 6, "main")), "");
  EXPECT_EQ(sanitize_symbol("BQ5R MY TOKEN"), "BQ5RMYTOKEN");                                         // 12
  EXPECT_EQ(sanitize_symbol("ETH-AETH_SEPOLIA"), "ETHAETHSEPOLIA");
  EXPECT_EQ(sanitize_symbol("A-1"), "A1");
  EXPECT_EQ(sanitize_symbol("\xc4\xb1NCH"), "INCH");  // 13: U+0131 dotless i upper-cases to I
  EXPECT_EQ(sanitize_symbol("\xc5\xbfTETH"), "STETH");  //     U+017F long s upper-cases to S
}

TEST(FireblocksAssets, OtherCodePointsNeverLandInAToZ) {
  EXPECT_EQ(sanitize_symbol("\xc3\xa9TH"), "TH");          // é upper-cases to É, outside A-Z
  EXPECT_EQ(sanitize_symbol("\xe2\x84\xaa" "EY"), "EY");      // U+212A Kelvin sign is already upper case
  EXPECT_EQ(sanitize_symbol("\xff\xfe" "ABC"), "ABC");     // bytes that are not UTF-8 are dropped
  EXPECT_EQ(sanitize_symbol(""), "");
}

TEST(FireblocksAssets, MetadataIsCopiedFromTheCatalogueAndTestnetMarked) {
  const AssetsPage page = read_assets_page(assets_body({asset("ETH_TEST5", "ETH", "NATIVE", 18, "sepolia")}, ""), chains());
  ASSERT_EQ(page.assets.size(), 1U);
  const auto& [key, info] = page.assets.front();
  EXPECT_EQ(key, "ETH_TEST5");
  EXPECT_EQ(info.precision, 18U);
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/testnet"), "true");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/legacy_id"), "ETH_TEST5");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/blockchain_id"), "sepolia");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/asset_class"), "NATIVE");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/token_standard"), "ERC20");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/features"), "STABLECOIN");
  EXPECT_EQ(info.metadata.at("com.fireblocks.spec/verified"), "true");
}

TEST(FireblocksAssets, OnchainWithoutDecimalsMeansPrecisionZero) {
  const std::string body = R"({"data":[{"id":"u","legacyId":"ZED","assetClass":"FT","displaySymbol":"ZED",)"
                           R"("onchain":{"symbol":"ZED"},"metadata":{}}],"next":null})";
  const AssetsPage page = read_assets_page(body, {});
  ASSERT_EQ(page.assets.size(), 1U);
  EXPECT_EQ(page.assets.front().second.asset, "ZED");
}

TEST(FireblocksAssets, TheCursorIsTheTopLevelNextNotPagingNext) {
  EXPECT_EQ(read_assets_page(assets_body({asset("BTC", "BTC", "NATIVE", 8, "main")}, "abc:=="), {}).next, "abc:==");
  // A body with the cursor where Formance looked for it is not the documented shape.
  const AssetsPage wrong = read_assets_page(R"({"data":[],"paging":{"next":"x"}})", {});
  EXPECT_NE(wrong.error, "");
  for (const char* foreign : {"[]", "{}", R"({"message":"Unauthorized","code":-7})", "null", R"({"data":{},"next":null})"}) {
    EXPECT_NE(read_assets_page(foreign, {}).error, "") << foreign;
    EXPECT_NE(read_blockchains_page(foreign).error, "") << foreign;
  }
}

TEST(FireblocksAssets, LeftOutAssetsAreNamedSoTheirTransactionsAreNotHeld) {
  const AssetsPage page = read_assets_page(assets_body({asset("PUNK", "PUNK", "NFT", 0, "main")}, ""), {});
  EXPECT_TRUE(page.assets.empty());
  EXPECT_EQ(page.skipped_keys, std::vector<std::string>{"PUNK"});
}

TEST(FireblocksAssets, BlockchainsGiveTheTestnetFlag) {
  const BlockchainsPage page = read_blockchains_page(
      R"({"data":[{"id":"a","onchain":{"test":true}},{"id":"b","onchain":{"test":false}},{"id":"c"}],"next":"n2"})");
  EXPECT_EQ(page.error, "");
  EXPECT_EQ(page.testnet, (std::map<std::string, bool>{{"a", true}, {"b", false}, {"c", false}}));
  EXPECT_EQ(page.next, "n2");
}

}  // namespace
}  // namespace fireblocks::core
