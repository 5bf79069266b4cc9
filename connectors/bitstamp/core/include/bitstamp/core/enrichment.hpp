#pragma once
// Install-time enrichment (DESIGN.md §4 "Enrichment and permissions"): the markets Bitstamp
// offers, the markets this key trades, trading fees per market and withdrawal fees per
// currency and network. Loaded together with the currencies dataset, refreshed on the same
// TTL. None of it is needed to map a row; all of it adds metadata to accounts and orders.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "connector/record.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// One enabled SPOT market. `name` is "BASE/QUOTE"; `symbol` is the url form ("btcusd") that
// fees/trading/ uses.
struct Market {
  std::string name;
  std::string symbol;
  std::string base;
  std::string quote;
  std::string minimum_order_value;  // wire text, in the quote currency; "" when absent
  friend bool operator==(const Market&, const Market&) = default;
};

struct TradingFee {
  std::string maker;  // percent, wire text: "0.30"
  std::string taker;
  friend bool operator==(const TradingFee&, const TradingFee&) = default;
};

struct WithdrawalFee {
  std::string network;  // "" when the row names none
  std::string fee;      // wire text, in the currency itself
  friend bool operator==(const WithdrawalFee&, const WithdrawalFee&) = default;
};

// The four datasets besides currencies. An empty member means "not known": never loaded,
// refused for this key (skip cache), or empty on the wire.
struct Enrichment {
  std::map<std::string, Market> markets;               // by name
  std::set<std::string> my_markets;                    // names ("BTC/USD") this key has traded
  std::map<std::string, TradingFee> trading_fees;      // by market symbol ("btcusd")
  std::map<std::string, std::vector<WithdrawalFee>> withdrawal_fees;  // by ticker, networks in wire order
  // When a load last completed with every dataset answered or refused; -1: never. A load cut
  // short (a failure, a crash between two datasets) leaves it, so the next plan loads again.
  std::int64_t fetched_at_ms = -1;
  friend bool operator==(const Enrichment&, const Enrichment&) = default;
};

// The endpoints, each read by one parser below.
inline constexpr std::string_view markets_path = "/api/v2/markets/";
inline constexpr std::string_view my_markets_path = "/api/v2/my_markets/";
inline constexpr std::string_view trading_fees_path = "/api/v2/fees/trading/";
inline constexpr std::string_view withdrawal_fees_path = "/api/v2/fees/withdrawal/";

// Each parse is total: a body that is not the expected array gives `error` (the dataset keeps
// its previous value); rows that cannot be used are skipped with a diagnostic.
struct EnrichmentParse {
  std::optional<std::string> error;
  std::vector<Diagnostic> diagnostics;
};

// Markets come unsorted, with Disabled and non-SPOT rows (skipped) and any casing of "Enabled".
[[nodiscard]] EnrichmentParse parse_markets(std::string_view body, std::map<std::string, Market>& out);
// [{"name":"BTC/USD","url_symbol":"btcusd"}]
[[nodiscard]] EnrichmentParse parse_my_markets(std::string_view body, std::set<std::string>& out);
// [{"market":"btcusd","currency_pair":"btcusd","fees":{"maker":"0.3","taker":"0.2"}}], `fees`
// also as a one-element array (older shape); `market` wins when it and currency_pair disagree.
[[nodiscard]] EnrichmentParse parse_trading_fees(std::string_view body, std::map<std::string, TradingFee>& out);
// [{"currency":"btc","fee":"0.00015000","network":"bitcoin"}]: one row per currency and network.
[[nodiscard]] EnrichmentParse parse_withdrawal_fees(std::string_view body,
                                                    std::map<std::string, std::vector<WithdrawalFee>>& out);

// "btcusd" for "BTC/USD": how fees/trading/ names a market the markets dataset did not list.
[[nodiscard]] std::string market_symbol(std::string_view market_name);

// Account metadata from enrichment for one currency: networks, withdrawal_fee (one network:
// the fee; several: "network:fee,…"), tradable_markets (the key's markets holding the ticker,
// else every enabled market holding it), fee_tier_maker/taker and min_order_value over those
// markets (one value when they agree, "low-high" when they differ). Keys with nothing known
// are left out.
void add_account_enrichment(Metadata& metadata, const Currency& currency, const Enrichment& enrichment);

// Order metadata: fee_tier_maker and fee_tier_taker of the order's market, when known.
void add_order_enrichment(Metadata& metadata, std::string_view market_name, const Enrichment& enrichment);

}  // namespace bitstamp::core
