#pragma once
// Assets: the currencies dataset (GET /api/v2/currencies/) as a precision table, and the
// Formance asset string "TICKER/precision". A ticker missing from the table, or one that
// cannot form a valid asset, is never emitted with a guessed precision.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/diagnostic.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

struct Currency {
  std::string ticker;  // uppercase, valid for an asset string
  std::uint32_t decimals = 0;
  std::string type;  // "crypto", "fiat", as Bitstamp says
  std::vector<std::string> networks{};  // "bitcoin", "lightning", …: the dataset's network names, in wire order

  friend bool operator==(const Currency&, const Currency&) = default;
};

// The currencies by ticker. Every currency key of every row is looked up here (a dozen per
// user_transactions row), so the table is a sorted array with an open-addressing index over it:
// one hash and one comparison per lookup instead of a tree walk of string comparisons.
class AssetTable {
 public:
  std::int64_t fetched_at_ms = -1;  // -1: never loaded

  [[nodiscard]] bool loaded() const { return fetched_at_ms >= 0; }
  [[nodiscard]] const Currency* find(std::string_view ticker) const;
  // Adds `currency` unless its ticker is there: the first row is kept, and false says so.
  bool add(Currency currency);
  [[nodiscard]] const std::vector<Currency>& currencies() const { return by_ticker_; }  // in ticker order
  [[nodiscard]] bool empty() const { return by_ticker_.empty(); }

  friend bool operator==(const AssetTable& a, const AssetTable& b) {
    return a.fetched_at_ms == b.fetched_at_ms && a.by_ticker_ == b.by_ticker_;  // the index follows
  }

 private:
  void index();

  std::vector<Currency> by_ticker_;  // sorted by ticker, no ticker twice
  std::vector<std::uint32_t> slots_;  // a power of two at least twice the tickers: 1 + an index, or 0 (empty)
};

// Formance's pattern ^[A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?(/\d{1,6})?$, checked by hand.
[[nodiscard]] bool is_valid_asset(std::string_view asset);

// Uppercases a wire ticker ("usdt" -> "USDT"); nullopt when the result cannot be an asset's
// ticker part (e.g. "1inch": it starts with a digit).
[[nodiscard]] std::optional<std::string> normalize_ticker(std::string_view wire_ticker);

[[nodiscard]] std::string asset_string(const Currency& currency);  // "BTC/8"

struct CurrenciesParse {
  std::vector<Currency> currencies;  // in wire order, valid rows only
  std::vector<Diagnostic> diagnostics;
  std::optional<std::string> error;  // the body as a whole could not be read
};

[[nodiscard]] CurrenciesParse parse_currencies(std::string_view body);

// A table from parsed currencies; a ticker listed twice keeps its first row (and says so).
[[nodiscard]] AssetTable make_asset_table(const std::vector<Currency>& currencies,
                                          std::int64_t fetched_at_ms,
                                          std::vector<Diagnostic>& diagnostics);

}  // namespace bitstamp::core
