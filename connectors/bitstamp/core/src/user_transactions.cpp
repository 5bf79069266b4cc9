#include "bitstamp/core/user_transactions.hpp"

#include <array>

#include "connector/amount.hpp"
#include "bitstamp/core/limits.hpp"
#include "connector/time.hpp"
#include "row_amount.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

// What a row's key is, told apart by length first: every row has a dozen keys, most of them
// currency amounts, and a chain of string comparisons per key was the parser's largest cost.
enum class RowKey { id, datetime, type, fee, order_id, self_trade, margin_mode, rate, currency };

RowKey row_key(std::string_view key) {
  switch (key.size()) {
    case 2:
      if (key == "id") return RowKey::id;
      break;
    case 3:
      if (key == "fee") return RowKey::fee;
      break;
    case 4:
      if (key == "type") return RowKey::type;
      break;
    case 8:
      if (key == "datetime") return RowKey::datetime;
      if (key == "order_id") return RowKey::order_id;
      break;
    case 10:
      if (key == "self_trade") return RowKey::self_trade;
      break;
    case 11:
      if (key == "margin_mode") return RowKey::margin_mode;  // derivatives rows only
      break;
    case 19:
      if (key == "self_trade_order_id") return RowKey::self_trade;
      break;
    default: break;
  }
  return key.find('_') != std::string_view::npos ? RowKey::rate : RowKey::currency;
}

// A wire currency key in upper case ("btc" -> "BTC") without allocating; the key must fit.
std::string_view upper_case(std::string_view key, std::array<char, ticker_length_max>& buffer) {
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    buffer[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return {buffer.data(), key.size()};
}

// Reads one row into `row` (built in place in the page): "" when read, otherwise why the page
// is refused: the row is not an object of user_transactions' shape, is not valid JSON, or has
// no integer id (without one a row can be neither deduplicated nor placed under the cursor).
std::string read_row(wire::od::value element, const AssetTable& assets, UserTransaction& row) {
  wire::od::object object;
  const char* begin = nullptr;
  if (!wire::open_row(element, object, begin)) return "is not an object";
  RequiredKeys required(user_transactions_shape);
  bool has_id = false;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    required.note(key);
    switch (row_key(key)) {
      case RowKey::id: {
        const auto id = wire::integer_value(value);
        has_id = id.has_value();
        row.id = id.value_or(0);
        return true;
      }
      case RowKey::datetime:
        if (auto text = wire::scalar_text(value)) row.datetime_us = parse_bitstamp_datetime_us(*text);
        return true;
      case RowKey::type: row.type = wire::integer_value(value); return true;
      case RowKey::fee:
        if (auto text = wire::scalar_text(value)) row.fee = std::string(*text);
        return true;
      case RowKey::order_id: row.order_id = wire::integer_value(value); return true;
      case RowKey::self_trade: return true;  // kept in raw only
      case RowKey::margin_mode: row.derivatives = true; return true;
      case RowKey::rate:
        if (auto text = wire::scalar_text(value); text && !is_zero_decimal(*text)) {
          row.rates.emplace_back(std::string(key), std::string(*text));
        }
        return true;
      case RowKey::currency: break;
    }
    if (key.size() > ticker_length_max) return true;  // not a currency key
    std::array<char, ticker_length_max> buffer;
    const Currency* currency = assets.find(upper_case(key, buffer));
    const std::optional<std::string> unknown = currency ? std::nullopt : normalize_ticker(key);
    if (currency == nullptr && !unknown) return true;  // not a currency key
    const std::optional<std::string_view> text = wire::scalar_text(value);
    if (!text) return true;  // not an amount: an unknown extra key
    if (currency != nullptr) {
      if (!is_zero_decimal(*text)) row.amounts.push_back({currency->ticker, std::string(*text)});
    } else if (!is_zero_decimal(*text) && parse_decimal(*text, 0).error != DecimalError::malformed) {
      row.unknown_non_zero.push_back(*unknown);
    }
    return true;
  });
  if (!walked) return "cannot be walked";
  if (const std::string_view missing = required.missing(); !missing.empty()) {
    return missing_key_refusal(user_transactions_shape, missing);
  }
  if (!has_id) return "has no integer id";
  return wire::take_row_raw(element, begin, row.raw);
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

constexpr std::string_view source_name = "user_transactions";

std::string row_name(const UserTransaction& row) { return RowLabel(source_name, row.id).text(); }

Diagnostic skipped(std::string code, const UserTransaction& row, const std::string& why) {
  return Diagnostic{Severity::warning, std::move(code),
                    row_name(row) + ": " + why + "; skipped"};
}

std::optional<Amount> leg_amount(const UserTransaction& row, const CurrencyAmount& leg,
                                 const Currency& currency, std::vector<Diagnostic>& diagnostics) {
  return row_amount(leg.text, currency, RowLabel(source_name, row.id), diagnostics);
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
  page.rows.reserve(wire::rows_in_body_estimate(body, page_size_max));
  const std::string error = wire::for_each_element(body, user_transactions_shape, [&](wire::od::value element) {
    return read_row(element, assets, page.rows.emplace_back());
  });
  if (!error.empty()) return UserTransactionsPage{{}, error};
  return page;
}

RowMarket row_market(const UserTransaction& row, const AssetTable& assets) {
  const auto non_zero_amount = [&](const std::string& ticker) {
    for (const CurrencyAmount& leg : row.amounts) {
      if (leg.ticker == ticker) return !is_zero_decimal(leg.text);
    }
    return false;
  };
  RowMarket market;
  for (const auto& [key, text] : row.rates) {
    const std::size_t underscore = key.find('_');
    const std::optional<std::string> base = normalize_ticker(std::string_view(key).substr(0, underscore));
    const std::optional<std::string> quote = normalize_ticker(std::string_view(key).substr(underscore + 1));
    if (!base || !quote || *base == *quote || assets.find(*base) == nullptr || assets.find(*quote) == nullptr) continue;
    if (!non_zero_amount(*base) || !non_zero_amount(*quote)) continue;
    if (!parse_decimal(text, precision_max).ok() || is_zero_decimal(text)) continue;
    if (market.qualifying++ == 0) market = RowMarket{*base, *quote, key, text, 1};
  }
  return market;
}

bool is_derivatives(const UserTransaction& row) {
  return row.derivatives ||
         (row.type && *row.type >= tx_type_derivatives_first && *row.type <= tx_type_derivatives_last);
}

std::optional<PspPayment> map_user_transaction_payment(UserTransaction row,
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
  // In key order: each entry is then appended (metadata.hpp).
  if (!row.fee.empty() && !is_zero_decimal(row.fee)) payment.metadata.set(metadata_key::fee, row.fee);
  payment.metadata.set(metadata_key::source, source_name);
  payment.metadata.set(metadata_key::transaction_type, std::to_string(type));
  if (is_transfer_leg(type)) {
    payment.metadata.set(metadata_key::transfer_direction, negative ? "outgoing" : "incoming");
    payment.metadata.set(metadata_key::transfer_pair_id, payment.reference);
  }
  payment.raw = std::move(row.raw);
  return payment;
}

std::optional<PspConversion> map_user_transaction_conversion(UserTransaction row,
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
  conversion.metadata.set(metadata_key::source, source_name);
  conversion.metadata.set(metadata_key::from_amount_raw, from.wire->text);
  conversion.metadata.set(metadata_key::to_amount_raw, to.wire->text);
  // The rate key "<base>_<quote>" over the two legs names the market; its quote carries the fee.
  // A legacy zero key (btc_usd on a EUR/USDC conversion) never counts. Without a key the fee's
  // currency is unknown: a conversion with a fee is then refused rather than given a guess.
  const RowMarket market = row_market(row, assets);
  const bool over_legs = market.qualifying == 1 &&
                         ((market.base == from.currency->ticker && market.quote == to.currency->ticker) ||
                          (market.base == to.currency->ticker && market.quote == from.currency->ticker));
  const bool has_fee = !row.fee.empty() && !is_zero_decimal(row.fee);
  if (market.qualifying > 1 || (has_fee && !over_legs)) {
    diagnostics.push_back(skipped("conversion.ambiguous_market", row,
                                  market.qualifying > 1 ? std::to_string(market.qualifying) +
                                                              " rate keys name a market over non-zero amounts"
                                                        : "no rate key names the market over its two legs, so the "
                                                          "fee's currency is unknown"));
    return std::nullopt;
  }
  if (over_legs) {
    conversion.metadata.set(metadata_key::fee_market, market.rate_key);
    conversion.metadata.set(metadata_key::rate, market.rate);
  }
  if (has_fee) {
    const Currency* quote = assets.find(market.quote);
    const std::optional<Amount> fee = leg_amount(row, CurrencyAmount{quote->ticker, row.fee}, *quote, diagnostics);
    if (!fee) return std::nullopt;
    conversion.fee = absolute(*fee);
    conversion.fee_asset = asset_string(*quote);
  }
  conversion.raw = std::move(row.raw);
  return conversion;
}

}  // namespace bitstamp::core
