#pragma once
// Private to the core: reading one row's amount at its asset's precision, the same way for
// every source, so a malformed or over-precise amount is reported in one voice.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/amount.hpp"
#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// Names a row in a diagnostic: a ready name, or a source and an id rendered only when a
// diagnostic is written (mapping a row that reads cleanly builds no name: the hot path).
class RowLabel {
 public:
  RowLabel(const std::string& name) : name_(name) {}  // NOLINT(google-explicit-constructor): ready names pass as they are
  RowLabel(std::string_view source, std::int64_t id) : name_(source), id_(id) {}
  // "<source> <field> <value>": "crypto-transactions withdrawals txid 4f2…".
  RowLabel(std::string_view source, std::string_view field, std::string_view value)
      : name_(source), field_(field), value_(value) {}
  [[nodiscard]] std::string text() const {
    if (id_) return std::string(name_) + " id " + std::to_string(*id_);
    if (!field_.empty()) return std::string(name_) + " " + std::string(field_) + " " + std::string(value_);
    return std::string(name_);
  }

 private:
  std::string_view name_;
  std::optional<std::int64_t> id_;
  std::string_view field_;
  std::string_view value_;
};

// The amount in minor units of `currency`, truncated toward zero with an info diagnostic when
// the wire has more decimals; nullopt with a warning ("<row>: … skipped") when unreadable.
// `row` names the row for the person reading the log: "withdrawal-requests id 7".
std::optional<Amount> row_amount(std::string_view text, const Currency& currency,
                                 const RowLabel& row, std::vector<Diagnostic>& diagnostics);

Amount absolute(Amount amount);

struct PricedAmount {
  const Currency* currency = nullptr;  // in the asset table
  Amount amount;
};

// A row's own currency (wire ticker, any case) and amount: nullopt with a warning when the
// currency is not in the table (no precision is ever guessed) or the amount is unreadable.
std::optional<PricedAmount> priced_amount(std::string_view wire_currency, std::string_view text,
                                          const AssetTable& assets, const RowLabel& row,
                                          std::vector<Diagnostic>& diagnostics);

}  // namespace bitstamp::core
