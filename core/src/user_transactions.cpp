#include "bitstamp/core/user_transactions.hpp"

#include "bitstamp/core/amount.hpp"
#include "bitstamp/core/time.hpp"
#include "row_amount.hpp"
#include "wire.hpp"

namespace bitstamp::core {
namespace {

bool is_fixed_key(std::string_view key) {
  return key == "id" || key == "datetime" || key == "type" || key == "fee" || key == "order_id" ||
         key == "self_trade" || key == "self_trade_order_id";
}

// Reads one row. Nullopt when the row cannot be walked or has no integer id: without an id a
// row can be neither deduplicated nor placed under the cursor, so the page is refused.
std::optional<UserTransaction> read_row(wire::od::value element, const AssetTable& assets) {
  UserTransaction row;
  wire::od::object object;
  std::string_view raw;
  if (!wire::open_row(element, object, raw)) return std::nullopt;
  row.raw = std::string(raw);
  bool has_id = false;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    if (key == "id") {
      const auto id = wire::integer_value(value);
      has_id = id.has_value();
      row.id = id.value_or(0);
    } else if (key == "datetime") {
      if (auto text = wire::scalar_text(value)) row.datetime_us = parse_bitstamp_datetime_us(*text);
    } else if (key == "type") {
      row.type = wire::integer_value(value);
    } else if (key == "fee") {
      if (auto text = wire::scalar_text(value)) row.fee = std::string(*text);
    } else if (key == "order_id") {
      row.order_id = wire::integer_value(value);
    } else if (is_fixed_key(key)) {
      // self_trade flags: kept in raw only
    } else if (key.find('_') != std::string_view::npos) {
      if (auto text = wire::scalar_text(value)) row.rates.emplace_back(std::string(key), std::string(*text));
    } else if (const std::optional<std::string> ticker = normalize_ticker(key)) {
      const std::optional<std::string_view> text = wire::scalar_text(value);
      if (!text) return true;  // not an amount: an unknown extra key
      if (assets.find(*ticker) != nullptr) {
        row.amounts.push_back({*ticker, std::string(*text)});
      } else if (!is_zero_decimal(*text) && parse_decimal(*text, 0).error != DecimalError::malformed) {
        row.unknown_non_zero.push_back(*ticker);
      }
    }
    return true;
  });
  if (!walked || !has_id) return std::nullopt;
  return row;
}

PaymentType payment_type_of(std::int64_t type, bool negative) {
  switch (type) {
    case tx_type_deposit:
    case tx_type_staking_credit:
    case tx_type_staking_reward:
    case tx_type_referral_reward: return PaymentType::pay_in;
    case tx_type_withdrawal:
    case tx_type_sent_to_staking: return PaymentType::payout;
    case tx_type_sub_account_transfer:
    case tx_type_settlement_transfer:
    case tx_type_inter_account_transfer: return negative ? PaymentType::payout : PaymentType::pay_in;
    default: return PaymentType::other;
  }
}

bool is_transfer_leg(std::int64_t type) {
  return type == tx_type_sub_account_transfer || type == tx_type_settlement_transfer ||
         type == tx_type_inter_account_transfer;
}

bool is_known_type(std::int64_t type) {
  return payment_type_of(type, false) != PaymentType::other;
}

std::string row_name(const UserTransaction& row) { return "user_transactions id " + std::to_string(row.id); }

Diagnostic skipped(std::string code, const UserTransaction& row, const std::string& why) {
  return Diagnostic{Severity::warning, std::move(code),
                    row_name(row) + ": " + why + "; skipped"};
}

std::optional<Amount> leg_amount(const UserTransaction& row, const CurrencyAmount& leg,
                                 const Currency& currency, std::vector<Diagnostic>& diagnostics) {
  return row_amount(leg.text, currency, row_name(row), diagnostics);
}

// What every record from a row needs: a readable time, and no non-zero amount in a currency
// the table cannot price. `kind` prefixes the diagnostic code ("payment", "conversion").
bool has_time_and_known_currencies(const UserTransaction& row, const std::string& kind,
                                   std::vector<Diagnostic>& diagnostics) {
  if (!row.datetime_us) {
    diagnostics.push_back(skipped(kind + ".unreadable_datetime", row, "datetime is missing or malformed"));
    return false;
  }
  if (!row.unknown_non_zero.empty()) {
    diagnostics.push_back(skipped("asset.unknown_ticker", row,
                                  "currency " + row.unknown_non_zero.front() +
                                      " is not in the currencies dataset, no precision guessed"));
    return false;
  }
  return true;
}

}  // namespace

UserTransactionsPage parse_user_transactions(std::string_view body, const AssetTable& assets) {
  UserTransactionsPage page;
  const std::string error = wire::for_each_element(body, "user_transactions", [&](wire::od::value element) {
    std::optional<UserTransaction> row = read_row(element, assets);
    if (!row) return false;  // no integer id: the row can be neither deduplicated nor placed
    page.rows.push_back(std::move(*row));
    return true;
  });
  if (!error.empty()) return UserTransactionsPage{{}, error};
  return page;
}

std::optional<PspPayment> map_user_transaction_payment(const UserTransaction& row,
                                                       const AssetTable& assets,
                                                       std::vector<Diagnostic>& diagnostics) {
  if (!row.type) {
    diagnostics.push_back(skipped("payment.unreadable_type", row, "type is not an integer"));
    return std::nullopt;
  }
  const std::int64_t type = *row.type;
  if (type == tx_type_trade || type == tx_type_instant_conversion) return std::nullopt;
  if (!has_time_and_known_currencies(row, "payment", diagnostics)) return std::nullopt;
  const CurrencyAmount* leg = nullptr;
  std::size_t non_zero = 0;
  for (const CurrencyAmount& amount : row.amounts) {
    if (!is_zero_decimal(amount.text)) {
      ++non_zero;
      leg = &amount;
    }
  }
  if (non_zero != 1) {
    diagnostics.push_back(skipped("payment.ambiguous_legs", row,
                                  std::to_string(non_zero) + " non-zero known currency amounts (a payment has exactly one)"));
    return std::nullopt;
  }
  const Currency& currency = *assets.find(leg->ticker);
  const std::optional<Amount> amount = leg_amount(row, *leg, currency, diagnostics);
  if (!amount) return std::nullopt;
  if (!is_known_type(type)) {
    diagnostics.push_back({Severity::info, "payment.unknown_type",
                           row_name(row) + ": type " +
                               std::to_string(type) + " is not in the type table; emitted as OTHER"});
  }
  const bool negative = amount->is_negative();
  PspPayment payment;
  payment.reference = std::to_string(row.id);
  payment.created_at_us = *row.datetime_us;
  payment.type = payment_type_of(type, negative);
  payment.amount = absolute(*amount);
  payment.asset = asset_string(currency);
  payment.status = PaymentStatus::succeeded;  // user_transactions holds settled rows only
  // Money leaves the account on a negative amount and arrives on a positive one, whatever
  // the type says: the account side follows the sign.
  (negative ? payment.source_account_reference : payment.destination_account_reference) = currency.ticker;
  const std::string prefix(metadata_prefix);
  payment.metadata[prefix + "source"] = "user_transactions";
  payment.metadata[prefix + "transaction_type"] = std::to_string(type);
  if (!row.fee.empty() && !is_zero_decimal(row.fee)) payment.metadata[prefix + "fee"] = row.fee;
  if (is_transfer_leg(type)) {
    payment.metadata[prefix + "transfer_pair_id"] = payment.reference;
    payment.metadata[prefix + "transfer_direction"] = negative ? "outgoing" : "incoming";
  }
  payment.raw = row.raw;
  return payment;
}

std::optional<PspConversion> map_user_transaction_conversion(const UserTransaction& row,
                                                             const AssetTable& assets,
                                                             std::vector<Diagnostic>& diagnostics) {
  if (row.type != tx_type_instant_conversion) return std::nullopt;
  if (!has_time_and_known_currencies(row, "conversion", diagnostics)) return std::nullopt;
  struct Leg {
    const CurrencyAmount* wire;
    const Currency* currency;
    Amount amount;
  };
  std::vector<Leg> negative;
  std::vector<Leg> positive;
  for (const CurrencyAmount& wire : row.amounts) {
    if (is_zero_decimal(wire.text)) continue;
    const Currency* currency = assets.find(wire.ticker);
    const std::optional<Amount> amount = leg_amount(row, wire, *currency, diagnostics);
    if (!amount) return std::nullopt;
    (amount->is_negative() ? negative : positive).push_back({&wire, currency, *amount});
  }
  if (negative.size() != 1 || positive.size() != 1) {
    diagnostics.push_back(skipped("conversion.ambiguous_legs", row,
                                  std::to_string(negative.size()) + " negative and " +
                                      std::to_string(positive.size()) +
                                      " positive known currency amounts (a conversion has one of each)"));
    return std::nullopt;
  }
  const Leg& from = negative.front();
  const Leg& to = positive.front();
  PspConversion conversion;
  conversion.reference = std::to_string(row.id);
  conversion.created_at_us = *row.datetime_us;
  conversion.source_asset = asset_string(*from.currency);
  conversion.destination_asset = asset_string(*to.currency);
  conversion.source_amount = absolute(from.amount);
  conversion.destination_amount = absolute(to.amount);
  conversion.status = ConversionStatus::completed;  // instant: settled in one round-trip
  conversion.source_account_reference = from.currency->ticker;
  conversion.destination_account_reference = to.currency->ticker;
  const std::string prefix(metadata_prefix);
  conversion.metadata[prefix + "source"] = "user_transactions";
  conversion.metadata[prefix + "from_amount_raw"] = from.wire->text;
  conversion.metadata[prefix + "to_amount_raw"] = to.wire->text;
  // The rate key "<base>_<quote>" over the two legs names the market; its quote carries the fee.
  const Currency* quote = from.currency;
  for (const auto& [key, value] : row.rates) {
    const std::size_t underscore = key.find('_');
    const std::optional<std::string> base = normalize_ticker(key.substr(0, underscore));
    const std::optional<std::string> quote_ticker = normalize_ticker(key.substr(underscore + 1));
    const bool over_legs = base && quote_ticker &&
                           ((*base == from.currency->ticker && *quote_ticker == to.currency->ticker) ||
                            (*base == to.currency->ticker && *quote_ticker == from.currency->ticker));
    if (!over_legs) continue;
    quote = assets.find(*quote_ticker);
    conversion.metadata[prefix + "fee_market"] = key;
    conversion.metadata[prefix + "rate"] = value;
    break;
  }
  if (!row.fee.empty() && !is_zero_decimal(row.fee)) {
    const std::optional<Amount> fee = leg_amount(row, CurrencyAmount{quote->ticker, row.fee}, *quote, diagnostics);
    if (!fee) return std::nullopt;
    conversion.fee = absolute(*fee);
    conversion.fee_asset = asset_string(*quote);
  }
  conversion.raw = row.raw;
  return conversion;
}

}  // namespace bitstamp::core
