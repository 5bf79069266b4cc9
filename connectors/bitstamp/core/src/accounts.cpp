#include "bitstamp/core/accounts.hpp"

#include "connector/amount.hpp"
#include "bitstamp/core/limits.hpp"
#include "connector/time.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

// The fields of one account_balances row, as wire text.
struct BalanceRow {
  std::optional<std::string_view> currency;
  std::optional<std::string_view> total;
  std::optional<std::string_view> available;
  std::optional<std::string_view> reserved;
  std::string raw;  // the row's JSON, checked and compacted
};

Diagnostic row_warning(std::string code, std::string detail) {
  return Diagnostic{Severity::warning, std::move(code), std::move(detail)};
}

// Reads one row into `row`: "" when read, otherwise why the snapshot is refused.
std::string read_row(wire::od::value element, BalanceRow& row) {
  wire::od::object object;
  const char* begin = nullptr;
  if (!wire::open_row(element, object, begin)) return "is not an object";
  RequiredKeys required(account_balances_shape);
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    required.note(key);
    if (key == "currency") {
      row.currency = wire::scalar_text(value);
    } else if (key == "total") {
      row.total = wire::scalar_text(value);
    } else if (key == "available") {
      row.available = wire::scalar_text(value);
    } else if (key == "reserved") {
      row.reserved = wire::scalar_text(value);
    }
    return true;
  });
  if (!walked) return "cannot be walked";
  if (const std::string_view missing = required.missing(); !missing.empty()) {
    return missing_key_refusal(account_balances_shape, missing);
  }
  return wire::take_row_raw(element, begin, row.raw);
}

bool all_zero(const BalanceRow& row) {
  auto zero = [](const std::optional<std::string_view>& v) { return !v || is_zero_decimal(*v); };
  return zero(row.total) && zero(row.available) && zero(row.reserved);
}

// Maps one non-zero row, or explains in `diagnostics` why it is skipped.
void map_row(const BalanceRow& row, std::size_t index, const AssetTable& assets, const Enrichment& enrichment,
             std::int64_t now_ms, AccountsMapping& out) {
  const std::string where = "account_balances[" + std::to_string(index) + "]";
  if (!row.currency) {
    out.diagnostics.push_back(row_warning("balance.missing_currency", where + " has no currency; skipped"));
    return;
  }
  const std::optional<std::string> ticker = normalize_ticker(*row.currency);
  if (!ticker) {
    out.diagnostics.push_back(row_warning(
        "asset.invalid_ticker",
        where + ": ticker '" + std::string(*row.currency) + "' cannot form a Formance asset; skipped"));
    return;
  }
  const Currency* currency = assets.find(*ticker);
  if (currency == nullptr) {
    out.diagnostics.push_back(row_warning(
        "asset.unknown_ticker",
        where + ": ticker " + *ticker + " is not in the currencies dataset; skipped, no precision guessed"));
    return;
  }
  if (!row.available) {
    out.diagnostics.push_back(row_warning("balance.missing_available", where + " (" + *ticker + ") has no available amount; skipped"));
    return;
  }
  const ParsedDecimal available = parse_decimal(*row.available, currency->decimals);
  if (!available.ok()) {
    out.diagnostics.push_back(row_warning(
        "amount.malformed", where + " (" + *ticker + "): available '" + std::string(*row.available) +
                                "': " + std::string(describe(available.error)) + "; skipped"));
    return;
  }
  if (available.truncated) {
    out.diagnostics.push_back(Diagnostic{
        Severity::info, "amount.truncated",
        where + " (" + *ticker + "): available '" + std::string(*row.available) + "' truncated to " +
            std::to_string(currency->decimals) + " decimals"});
  }
  const std::string asset = asset_string(*currency);
  PspAccount account;
  account.reference = *ticker;
  account.name = *ticker;
  account.created_at_us = bitstamp_genesis_us;
  account.default_asset = asset;
  account.raw = row.raw;
  account.metadata.set(metadata_key::currency_type, currency->type);
  account.metadata.set(metadata_key::currency_decimals, std::to_string(currency->decimals));
  account.metadata.set(metadata_key::is_crypto, currency->type == "crypto" ? "true" : "false");
  add_account_enrichment(account.metadata, *currency, enrichment);
  out.records.emplace_back(std::move(account));
  out.records.emplace_back(PspBalance{*ticker, now_ms * us_per_ms, available.amount, asset});
}

}  // namespace

// Whether an all-zero row belongs to an account emitted before (its ticker as we write it).
bool is_known(const BalanceRow& row, const std::set<std::string>& known) {
  if (known.empty() || !row.currency) return false;
  const std::optional<std::string> ticker = normalize_ticker(*row.currency);
  return ticker && known.contains(*ticker);
}

AccountsMapping map_account_balances(std::string_view body, const AssetTable& assets,
                                     std::int64_t now_ms, const std::set<std::string>& known,
                                     const Enrichment& enrichment) {
  AccountsMapping out;
  std::size_t index = 0;
  const std::string error = wire::for_each_element(body, account_balances_shape, [&](wire::od::value element) {
    BalanceRow row;
    std::string why = read_row(element, row);
    if (!why.empty()) return why;
    if (all_zero(row) && !is_known(row, known)) {
      ++out.zero_rows_skipped;
    } else {
      map_row(row, index, assets, enrichment, now_ms, out);
    }
    ++index;
    return why;
  });
  if (!error.empty()) {
    // Emitting the rows before the damage would publish a partial snapshot of the wallet.
    return AccountsMapping{{}, {}, 0, error};
  }
  return out;
}

}  // namespace bitstamp::core
