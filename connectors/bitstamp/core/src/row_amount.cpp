#include "row_amount.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

std::optional<Amount> row_amount(std::string_view text, const Currency& currency,
                                 const RowLabel& row, std::vector<Diagnostic>& diagnostics) {
  const ParsedDecimal parsed = parse_decimal(text, currency.decimals);
  if (!parsed.ok()) {
    diagnostics.push_back({Severity::warning, "amount.malformed",
                           row.text() + ": " + currency.ticker + " amount '" + std::string(text) +
                               "': " + std::string(describe(parsed.error)) + "; skipped"});
    return std::nullopt;
  }
  if (parsed.truncated) {
    diagnostics.push_back({Severity::info, "amount.truncated",
                           row.text() + ": " + currency.ticker + " amount '" + std::string(text) +
                               "' truncated to " + std::to_string(currency.decimals) + " decimals"});
  }
  return parsed.amount;
}

std::optional<PricedAmount> priced_amount(std::string_view wire_currency, std::string_view text,
                                          const AssetTable& assets, const RowLabel& row,
                                          std::vector<Diagnostic>& diagnostics) {
  const std::optional<std::string> ticker = normalize_ticker(wire_currency);
  const Currency* currency = ticker ? assets.find(*ticker) : nullptr;
  if (currency == nullptr) {
    diagnostics.push_back({Severity::warning, "asset.unknown_ticker",
                           row.text() + ": currency '" + std::string(wire_currency) +
                               "' is not in the currencies dataset, no precision guessed; skipped"});
    return std::nullopt;
  }
  const std::optional<Amount> amount = row_amount(text, *currency, row, diagnostics);
  if (!amount) return std::nullopt;
  return PricedAmount{currency, *amount};
}

Amount absolute(Amount amount) {
  return Amount{amount.is_negative() ? -amount.minor_units : amount.minor_units};
}

}  // namespace bitstamp::core
