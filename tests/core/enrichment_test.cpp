// Enrichment: markets filtered to enabled SPOT rows, both fees/trading shapes with `market`
// winning over `currency_pair`, withdrawal fees per network, and what accounts learn from them.
// Also the engine's handling: loaded with currencies, a refusal skip-cached and said once.
#include <gtest/gtest.h>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "bitstamp/core/state.hpp"

namespace bitstamp::core {
namespace {

TEST(Enrichment, MarketsKeepEnabledSpotRowsWhateverTheCasing) {
  std::map<std::string, Market> markets;
  const EnrichmentParse parsed = parse_markets(
      R"([{"base_currency":"ETH","counter_currency":"EUR","market_symbol":"etheur","market_type":"SPOT",)"
      R"("minimum_order_value":"20","name":"ETH/EUR","trading":"enabled"},)"
      R"({"base_currency":"BTC","counter_currency":"USD","market_symbol":"btcusd","market_type":"SPOT","trading":"Enabled"},)"
      R"({"base_currency":"XRP","counter_currency":"BTC","market_type":"SPOT","trading":"Disabled"},)"
      R"({"base_currency":"BTC","counter_currency":"USD","market_type":"PERPETUAL","trading":"Enabled"},)"
      R"({"base_currency":null,"counter_currency":"USD","trading":"Enabled"}])",
      markets);
  ASSERT_FALSE(parsed.error.has_value());
  ASSERT_EQ(markets.size(), 2u);
  EXPECT_EQ(markets.at("ETH/EUR"), (Market{"ETH/EUR", "etheur", "ETH", "EUR", "20"}));
  EXPECT_EQ(markets.at("BTC/USD").minimum_order_value, "");
  // The row without a base currency, at debug; and the dataset says once that it skipped rows.
  ASSERT_EQ(parsed.diagnostics.size(), 2u);
  EXPECT_EQ(parsed.diagnostics[0].severity, Severity::debug);
  EXPECT_EQ(parsed.diagnostics[1].severity, Severity::warning);
  EXPECT_EQ(parsed.diagnostics[1].code, "enrichment.rows_skipped");
  EXPECT_NE(parsed.diagnostics[1].detail.find("1 of 5 rows"), std::string::npos) << parsed.diagnostics[1].detail;
}

// A dataset whose every row is unusable is no silent empty list: one warning with the count.
TEST(Enrichment, ADatasetOfUnusableRowsWarnsOnceWithTheCountAndTheReason) {
  std::set<std::string> names;
  std::string body = "[";
  for (int i = 0; i < 103; ++i) body += std::string(i ? "," : "") + R"({"name":"btc-usd","url_symbol":"btcusd"})";
  const EnrichmentParse parsed = parse_my_markets(body + "]", names);
  ASSERT_FALSE(parsed.error.has_value());
  EXPECT_TRUE(names.empty());
  std::size_t warnings = 0;
  for (const Diagnostic& d : parsed.diagnostics) {
    if (d.severity != Severity::warning) continue;
    ++warnings;
    EXPECT_NE(d.detail.find("my_markets: 103 of 103 rows unusable"), std::string::npos) << d.detail;
    EXPECT_NE(d.detail.find("name is not BASE/QUOTE"), std::string::npos) << d.detail;
  }
  EXPECT_EQ(warnings, 1u);
}

// Rows of another shape (the legacy trading-pairs-info list, an error object) are no markets.
TEST(Enrichment, RefusesADatasetOfAnotherShape) {
  std::map<std::string, Market> markets;
  EXPECT_TRUE(parse_markets(R"([{"name":"BTC/USD","url_symbol":"btcusd","minimum_order":"20.0 USD","trading":"Enabled"}])", markets).error);
  EXPECT_TRUE(parse_markets(R"({"code":"API0000","status":"ok"})", markets).error);
  std::set<std::string> names;
  EXPECT_TRUE(parse_my_markets(R"([{"name":"BTC/USD"}])", names).error);
}

TEST(Enrichment, ADamagedDatasetKeepsThePreviousValue) {
  std::map<std::string, Market> markets{{"BTC/USD", Market{"BTC/USD", "btcusd", "BTC", "USD", "10"}}};
  EXPECT_TRUE(parse_markets(R"([{"base_currency":"BTC")", markets).error.has_value());
  EXPECT_EQ(markets.size(), 1u);
}

TEST(Enrichment, TradingFeesInBothShapesKeyedByMarket) {
  std::map<std::string, TradingFee> fees;
  const EnrichmentParse parsed = parse_trading_fees(
      R"([{"currency_pair":"ltcbtc","fees":{"maker":"0.3","taker":"0.2"},"market":"ltcbtc"},)"
      R"({"currency_pair":"ethusd","fees":[{"maker":"0.1","taker":"0.15"}],"market":"etheur"},)"
      R"({"currency_pair":"btcusd","fees":{}}])",
      fees);
  ASSERT_FALSE(parsed.error.has_value());
  EXPECT_EQ(fees.at("ltcbtc"), (TradingFee{"0.3", "0.2"}));
  EXPECT_EQ(fees.at("etheur"), (TradingFee{"0.1", "0.15"}));  // `market` wins
  EXPECT_FALSE(fees.contains("ethusd"));
  EXPECT_FALSE(fees.contains("btcusd"));  // no fees: skipped
}

TEST(Enrichment, AccountsLearnNetworksFeesMarketsAndMinimums) {
  Enrichment enrichment;
  ASSERT_FALSE(parse_withdrawal_fees(R"([{"currency":"btc","fee":"0.00015000","network":"bitcoin"},)"
                                     R"({"currency":"btc","fee":"0.000001","network":"lightning"},)"
                                     R"({"currency":"usd","fee":"5.00","network":"wire"}])",
                                     enrichment.withdrawal_fees)
                   .error);
  enrichment.markets["BTC/USD"] = Market{"BTC/USD", "btcusd", "BTC", "USD", "10"};
  enrichment.markets["ETH/USD"] = Market{"ETH/USD", "ethusd", "ETH", "USD", "25"};
  enrichment.trading_fees["btcusd"] = TradingFee{"0.30", "0.40"};
  enrichment.trading_fees["ethusd"] = TradingFee{"0.20", "0.40"};
  Metadata usd;
  add_account_enrichment(usd, Currency{"USD", 2, "fiat", {}}, enrichment);
  EXPECT_EQ(usd.at("com.bitstamp.spec/tradable_markets"), "BTC/USD,ETH/USD");
  EXPECT_EQ(usd.at("com.bitstamp.spec/fee_tier_maker"), "0.20-0.30");
  EXPECT_EQ(usd.at("com.bitstamp.spec/fee_tier_taker"), "0.40");
  EXPECT_EQ(usd.at("com.bitstamp.spec/min_order_value"), "10-25");
  EXPECT_EQ(usd.at("com.bitstamp.spec/withdrawal_fee"), "5.00");
  Metadata btc;
  add_account_enrichment(btc, Currency{"BTC", 8, "crypto", {"bitcoin", "lightning"}}, enrichment);
  EXPECT_EQ(btc.at("com.bitstamp.spec/networks"), "bitcoin,lightning");
  EXPECT_EQ(btc.at("com.bitstamp.spec/withdrawal_fee"), "bitcoin:0.00015000,lightning:0.000001");
  EXPECT_FALSE(btc.contains("com.bitstamp.spec/min_order_value"));  // BTC quotes no market
  // The key's own markets, when known, narrow the tradable list.
  enrichment.my_markets = {"ETH/USD"};
  Metadata narrowed;
  add_account_enrichment(narrowed, Currency{"USD", 2, "fiat", {}}, enrichment);
  EXPECT_EQ(narrowed.at("com.bitstamp.spec/tradable_markets"), "ETH/USD");
  EXPECT_EQ(narrowed.at("com.bitstamp.spec/fee_tier_maker"), "0.20");
}

Response ok(std::string body) { return Response{Transport::received, 200, {}, std::move(body)}; }

// Accounts with enrichment: a key refused my_markets/ and the fee lists is told once, then
// never asked again by this process; the markets dataset still arrives.
TEST(EngineEnrichment, ARefusedDatasetIsSkipCachedAndSaidOnce) {
  Settings settings;
  settings.tasks = EnabledTasks{true, false, false, false, true};
  const Response denied{Transport::received, 403, {}, R"({"status":"error","reason":"No permission found","code":"API0003"})"};
  std::int64_t now_ms = 1'759'320'000'000;
  std::size_t skipped_said = 0;
  std::size_t asked_gated = 0;
  SyncState state;
  for (int cycle = 0; cycle < 2; ++cycle) {
    StepResult result = plan(std::move(state), settings, now_ms);
    std::vector<Request> pending = result.requests;
    while (!pending.empty()) {
      const Request request = pending.front();
      pending.erase(pending.begin());
      Response response = ok("[]");
      if (request.path == currencies_path) response = ok(R"([{"currency":"USD","decimals":2,"type":"fiat"}])");
      if (request.path == account_balances_path) response = ok(R"([{"currency":"usd","total":"1","available":"1","reserved":"0"}])");
      if (request.path == markets_path) {
        response = ok(R"([{"base_currency":"BTC","counter_currency":"USD","market_type":"SPOT","trading":"Enabled",)"
                      R"("minimum_order_value":"10"}])");
      }
      const bool gated = request.path == my_markets_path || request.path == trading_fees_path ||
                         request.path == withdrawal_fees_path;
      if (gated) {
        ++asked_gated;
        response = denied;
      }
      result = step(std::move(result.state), settings, request, response, now_ms);
      for (const Diagnostic& d : result.diagnostics) skipped_said += d.code == "enrichment.skipped";
      for (const Record& record : result.records) {
        if (const auto* account = std::get_if<PspAccount>(&record)) {
          EXPECT_EQ(account->metadata.at("com.bitstamp.spec/min_order_value"), "10");  // markets still used
        }
      }
      pending.insert(pending.end(), result.requests.begin(), result.requests.end());
    }
    state = std::move(result.state);
    EXPECT_EQ(state.running, RunningCycles{});
    now_ms += 25 * ms_per_hour;  // past the TTL: the datasets are asked for again
  }
  EXPECT_EQ(asked_gated, 3u);
  EXPECT_EQ(skipped_said, 3u);
  EXPECT_EQ(state.skip.enrichment.size(), 3u);
}

// Found by the simulator: a crash between two enrichment answers left the datasets that had not
// arrived empty until the TTL ran out (the currencies table was fresh, so nothing reloaded).
// A load only counts as done when every dataset is in; a restart mid-load loads again.
TEST(EngineEnrichment, ALoadCutShortByARestartIsLoadedAgain) {
  Settings settings;
  settings.tasks = EnabledTasks{true, false, false, false, true};
  const std::int64_t now_ms = 1'759'320'000'000;
  StepResult result = plan(SyncState{}, settings, now_ms);
  ASSERT_EQ(result.requests.size(), 5u);  // currencies and the four enrichment datasets together
  result = step(std::move(result.state), settings, currencies_request(),
                ok(R"([{"currency":"USD","decimals":2,"type":"fiat"}])"), now_ms);
  ASSERT_TRUE(result.commit);
  result = step(std::move(result.state), settings, enrichment_requests()[0], ok("[]"), now_ms);
  ASSERT_TRUE(result.commit);
  // The process dies here; the next one starts from the committed state.
  const StateDecode restarted = decode_state(encode_state(result.state));
  ASSERT_TRUE(restarted.state.has_value());
  EXPECT_EQ(restarted.state->enrichment.fetched_at_ms, -1);
  const StepResult again = plan(*restarted.state, settings, now_ms + 1000);
  std::vector<std::string> paths;
  for (const Request& request : again.requests) paths.push_back(request.path);
  EXPECT_EQ(paths, (std::vector<std::string>{std::string(markets_path), std::string(my_markets_path),
                                             std::string(trading_fees_path), std::string(withdrawal_fees_path)}));
  EXPECT_TRUE(again.state.running.accounts_waiting_for_assets);
}

}  // namespace
}  // namespace bitstamp::core
