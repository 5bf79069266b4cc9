#include "render.hpp"

#include <algorithm>
#include <cctype>

#include "connector/canonical_json.hpp"
#include "connector/time.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator::render {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string decimal(const Account& account, const std::string& ticker, core::int128 minor) {
  const SimCurrency* currency = account.currency(ticker);
  return core::format_decimal(core::Amount{minor}, currency ? currency->decimals : 0);
}

void key(std::string& out, std::string_view name) {
  if (out.back() != '{') out += ',';
  core::append_json_string(out, name);
  out += ':';
}

void text_member(std::string& out, std::string_view name, std::string_view value) {
  key(out, name);
  core::append_json_string(out, value);
}

void raw_member(std::string& out, std::string_view name, std::string_view value) {
  key(out, name);
  out += value;
}

void amount_member(std::string& out, std::string_view name, const std::string& value, bool as_number) {
  if (as_number) {
    raw_member(out, name, value);
  } else {
    text_member(out, name, value);
  }
}

// A currency's name as markets/ descriptions spell it ("Bitcoin / U.S. dollar").
std::string currency_name(std::string_view ticker) {
  if (ticker == "BTC") return "Bitcoin";
  if (ticker == "ETH") return "Ether";
  if (ticker == "XRP") return "XRP";
  if (ticker == "USD") return "U.S. dollar";
  if (ticker == "EUR") return "Euro";
  return std::string(ticker);
}

// Basis points as fees/trading/ writes percentages: 30 -> "0.30".
std::string percent(std::uint32_t basis_points) { return core::format_decimal(core::Amount{basis_points}, 2); }

// Withdrawal-request statuses by their older names.
std::string_view status_name(std::string_view code) {
  if (code == "0") return "Open";
  if (code == "1") return "In process";
  if (code == "2") return "Finished";
  if (code == "3") return "Canceled";
  if (code == "4") return "Failed";
  return "Reversed";
}

}  // namespace

std::string bitstamp_datetime(std::int64_t unix_us, bool microseconds) {
  const std::int64_t whole_s = unix_us / 1'000'000;
  std::string text = core::format_rfc3339(whole_s * 1'000'000);  // "2024-01-01T00:00:00Z"
  text[10] = ' ';
  text.pop_back();
  if (microseconds) {
    std::string fraction = std::to_string(unix_us % 1'000'000);
    text += "." + std::string(6 - fraction.size(), '0') + fraction;
  }
  return text;
}

// The `<base>_<quote>` rate key of a trade or conversion: its crypto leg is the base.
std::string rate_key(const Account& account, const SimTransaction& row) {
  const bool first_is_base = account.currency(row.legs[0].ticker)->crypto;
  return lowercase(row.legs[first_is_base ? 0 : 1].ticker) + "_" + lowercase(row.legs[first_is_base ? 1 : 0].ticker);
}

std::string quote_ticker(const Account& account, const SimTransaction& row) {
  return row.legs[account.currency(row.legs[0].ticker)->crypto ? 1 : 0].ticker;
}

void transaction(std::string& out, const Account& account, const SimTransaction& row) {
  const bool traded = row.legs.size() == 2 && row.price > 0;
  const std::string market = traded ? rate_key(account, row) : "";
  const std::string fee_ticker = row.fee_ticker.empty() ? row.legs.front().ticker : row.fee_ticker;
  const bool numbers = row.quirks.amounts_as_numbers;
  out += '{';
  if (row.quirks.legacy_zero_keys) {
    // Old rows, in the order the digest's samples have them: the fee, then the legacy zero
    // btc_usd (ahead of any real rate key), the datetime, every amount with the uninvolved
    // usd/eur/btc as zeros among them, the type and the id.
    text_member(out, "fee", decimal(account, fee_ticker, row.fee_minor));
    if (market != "btc_usd") text_member(out, "btc_usd", "0.00");
    text_member(out, "datetime", bitstamp_datetime(row.datetime_us, row.microseconds));
    for (const char* legacy : {"usd", "btc"}) {
      const bool involved = std::any_of(row.legs.begin(), row.legs.end(),
                                        [&](const Leg& leg) { return lowercase(leg.ticker) == legacy; });
      if (!involved) raw_member(out, legacy, "0.0");
    }
    for (const Leg& leg : row.legs) {
      amount_member(out, lowercase(leg.ticker), decimal(account, leg.ticker, leg.minor), numbers);
    }
    if (traded) amount_member(out, market, decimal(account, quote_ticker(account, row), row.price), numbers);
    if (row.order_id != 0) raw_member(out, "order_id", std::to_string(row.order_id));
    if (row.quirks.type_as_integer) {
      raw_member(out, "type", std::to_string(row.type));
    } else {
      text_member(out, "type", std::to_string(row.type));
    }
    raw_member(out, "id", std::to_string(row.id));
    const bool eur_involved = std::any_of(row.legs.begin(), row.legs.end(), [](const Leg& leg) { return leg.ticker == "EUR"; });
    if (!eur_involved) raw_member(out, "eur", "0.0");
  } else {
    raw_member(out, "id", std::to_string(row.id));
    text_member(out, "datetime", bitstamp_datetime(row.datetime_us, row.microseconds));
    if (row.quirks.type_as_integer) {
      raw_member(out, "type", std::to_string(row.type));
    } else {
      text_member(out, "type", std::to_string(row.type));
    }
    text_member(out, "fee", decimal(account, fee_ticker, row.fee_minor));
    for (const Leg& leg : row.legs) {
      amount_member(out, lowercase(leg.ticker), decimal(account, leg.ticker, leg.minor), numbers);
    }
    if (row.order_id != 0) raw_member(out, "order_id", std::to_string(row.order_id));
    if (traded) text_member(out, market, decimal(account, quote_ticker(account, row), row.price));
  }
  if (row.quirks.unknown_key) raw_member(out, "self_trade", "false");
  out += '}';
}

void crypto_transaction(std::string& out, const Account& account, const SimCryptoTransaction& row,
                        std::int64_t now_s) {
  out += '{';
  if (row.list == CryptoList::deposits) raw_member(out, "id", std::to_string(row.id));
  text_member(out, "currency", row.ticker);
  text_member(out, "network", row.network);
  raw_member(out, "amount", decimal(account, row.ticker, row.minor));  // a JSON number, always
  raw_member(out, "datetime", std::to_string(row.datetime_s));
  text_member(out, "txid", row.txid);
  text_member(out, "destinationAddress", row.address);
  if (row.list == CryptoList::deposits) {
    const std::string status = status_at(row.statuses, now_s);
    text_member(out, "status", status);
    if (status == "PENDING" && row.id % 3 == 0) text_member(out, "pending_reason", "ADDRESS_VERIFICATION_NEEDED");
  }
  out += '}';
}

void withdrawal_request(std::string& out, const Account& account, const SimWithdrawalRequest& row,
                        std::int64_t now_s) {
  const std::string status = status_at(row.statuses, now_s);
  out += '{';
  raw_member(out, "id", std::to_string(row.id));
  text_member(out, "datetime", bitstamp_datetime(row.datetime_s * 1'000'000, false));
  raw_member(out, "type", std::to_string(row.type));
  text_member(out, "currency", row.ticker);
  if (!row.network.empty()) text_member(out, "network", row.network);
  text_member(out, "amount", decimal(account, row.ticker, row.minor));
  if (row.status_as_text) {
    text_member(out, "status", status_name(status));
  } else {
    raw_member(out, "status", status);
  }
  raw_member(out, "txid", std::to_string(row.internal_txid));
  if (!row.transaction_id.empty() && status == "2") {
    text_member(out, "transaction_id", row.transaction_id);  // the on-chain hash, once sent
  }
  if (!row.network.empty()) text_member(out, "address", "addr" + std::to_string(row.id));
  out += '}';
}

std::string currencies(const Account& account) {
  std::string out = "[";
  for (const SimCurrency& c : account.currencies()) {
    if (out.size() > 1) out += ',';
    out += '{';
    text_member(out, "name", c.ticker);
    text_member(out, "currency", c.ticker);
    raw_member(out, "decimals", std::to_string(c.decimals));
    text_member(out, "type", c.crypto ? "crypto" : "fiat");
    text_member(out, "deposit", "Enabled");
    text_member(out, "withdrawal", "Enabled");
    if (c.crypto) {
      raw_member(out, "networks", "[{\"network\":\"" + c.network + "\",\"deposit\":\"Enabled\",\"withdrawal\":\"Enabled\"}]");
    }
    out += '}';
  }
  return out + "]";
}

namespace {

std::string market_name(const SimOrder& order) { return order.base + "/" + order.quote; }

void fill_object(std::string& out, const Account& account, const SimOrder& order, const SimFill& f) {
  out += '{';
  raw_member(out, "tid", std::to_string(f.tid));
  text_member(out, "price", decimal(account, order.quote, f.price));
  text_member(out, lowercase(order.base), decimal(account, order.base, f.base));
  text_member(out, lowercase(order.quote), decimal(account, order.quote, f.quote));
  text_member(out, "fee", decimal(account, order.quote, f.fee));
  text_member(out, "datetime", bitstamp_datetime(f.at_s * 1'000'000, false));
  raw_member(out, "type", "2");
  out += '}';
}

// Every crypto/fiat pair of the account, in a fixed shuffled order.
std::vector<std::pair<const SimCurrency*, const SimCurrency*>> pairs(const Account& account) {
  std::vector<std::pair<const SimCurrency*, const SimCurrency*>> out;
  for (const SimCurrency& base : account.currencies()) {
    for (const SimCurrency& quote : account.currencies()) {
      if (base.crypto && !quote.crypto) out.emplace_back(&base, &quote);
    }
  }
  std::reverse(out.begin(), out.end());  // markets come unsorted
  return out;
}

}  // namespace

std::string open_orders(const Account& account, std::int64_t view_s) {
  std::string out = "[";
  for (const SimOrder& order : account.orders()) {
    if (order.created_s > view_s) break;
    const std::string status = status_at(order.statuses, view_s);
    if (status != "Open" && status != "In Queue") continue;
    if (out.size() > 1) out += ',';
    out += '{';
    text_member(out, "id", std::to_string(order.id));
    text_member(out, "datetime", bitstamp_datetime(order.created_s * 1'000'000, false));
    text_member(out, "type", std::to_string(order.side));
    text_member(out, "price", decimal(account, order.quote, order.limit_price));
    text_member(out, "amount", decimal(account, order.base, order.remaining_at(view_s)));
    text_member(out, "amount_at_create", decimal(account, order.base, order.amount));
    text_member(out, "currency_pair", market_name(order));
    text_member(out, "market", market_name(order));
    if (order.subtype == "STOP_LIMIT") text_member(out, "limit_price", decimal(account, order.quote, order.limit_price));
    if (!order.client_order_id.empty()) text_member(out, "client_order_id", order.client_order_id);
    out += '}';
  }
  return out + "]";
}

std::string order_status(const Account& account, const SimOrder& order, std::int64_t now_s, bool duplicate_fill) {
  std::string out = "{";
  text_member(out, "status", status_at(order.statuses, now_s));
  raw_member(out, "id", std::to_string(order.id));
  if (!order.legacy_shape) {
    text_member(out, "datetime", bitstamp_datetime(order.created_s * 1'000'000, false));
    text_member(out, "type", std::to_string(order.side));
    text_member(out, "subtype", order.subtype);
    text_member(out, "market", market_name(order));
    text_member(out, "amount_remaining", decimal(account, order.base, order.remaining_at(now_s)));
    if (!order.client_order_id.empty()) text_member(out, "client_order_id", order.client_order_id);
  }
  key(out, "transactions");
  out += '[';
  for (const SimFill& f : order.fills) {
    if (f.at_s > now_s) break;
    if (out.back() != '[') out += ',';
    fill_object(out, account, order, f);
    if (duplicate_fill && &f == &order.fills.front()) {
      out += ',';
      fill_object(out, account, order, f);
    }
  }
  return out + "]}";
}

std::string markets(const Account& account) {
  std::string out = "[";
  for (const auto& [base, quote] : pairs(account)) {
    if (out.size() > 1) out += ',';
    out += '{';
    text_member(out, "base_currency", base->ticker);
    raw_member(out, "base_decimals", std::to_string(base->decimals));
    text_member(out, "counter_currency", quote->ticker);
    raw_member(out, "counter_decimals", std::to_string(quote->decimals));
    text_member(out, "description", currency_name(base->ticker) + " / " + currency_name(quote->ticker));
    text_member(out, "instant_and_market_orders", "Enabled");
    raw_member(out, "instant_order_counter_decimals", std::to_string(quote->decimals));
    text_member(out, "market_symbol", lowercase(base->ticker + quote->ticker));
    text_member(out, "market_type", "SPOT");
    text_member(out, "minimum_order_value", base->ticker == "BTC" ? "10" : "20");
    text_member(out, "name", base->ticker + "/" + quote->ticker);
    text_member(out, "trading", base->ticker == "ETH" ? "enabled" : "Enabled");  // casing varies
    out += '}';
  }
  // What the connector must skip: a disabled market and a derivative.
  out += R"(,{"base_currency":"XRP","base_decimals":6,"counter_currency":"BTC","counter_decimals":8,)"
         R"("description":"XRP / Bitcoin","instant_and_market_orders":"Disabled","instant_order_counter_decimals":8,)"
         R"("market_symbol":"xrpbtc","market_type":"SPOT","minimum_order_value":"0.0002","name":"XRP/BTC","trading":"Disabled"},)"
         R"({"base_currency":"BTC","base_decimals":8,"counter_currency":"USD","counter_decimals":2,)"
         R"("description":"Bitcoin / U.S. dollar perpetual","instant_and_market_orders":"Enabled",)"
         R"("instant_order_counter_decimals":2,"market_symbol":"btcusd-perp","market_type":"PERPETUAL",)"
         R"("minimum_order_value":"10","name":"BTC/USD-PERP","trading":"Enabled"})";
  return out + "]";
}

std::string my_markets(const Account& account) {
  std::string out = "[";
  for (const SimOrder& order : account.orders()) {
    const std::string name = market_name(order);
    if (out.find("\"" + name + "\"") != std::string::npos) continue;
    if (out.size() > 1) out += ',';
    out += R"({"name":")" + name + R"(","url_symbol":")" + lowercase(order.base + order.quote) + "\"}";
  }
  return out + "]";
}

std::string trading_fees(const Account& account) {
  std::string out = "[";
  bool array_shape = false;
  for (const auto& [base, quote] : pairs(account)) {
    const std::string symbol = lowercase(base->ticker + quote->ticker);
    if (out.size() > 1) out += ',';
    const std::string fees = R"({"maker":")" + percent(maker_fee_bp) + R"(","taker":")" + percent(taker_fee_bp(base->ticker)) + "\"}";
    // Both shapes; and `currency_pair` that disagrees with `market` (the market wins).
    out += R"({"currency_pair":")" + symbol + (array_shape ? "x" : "") + R"(","market":")" + symbol +
           R"(","fees":)" + (array_shape ? "[" + fees + "]" : fees) + "}";
    array_shape = !array_shape;
  }
  return out + "]";
}

std::string withdrawal_fees(const Account& account) {
  std::string out = "[";
  for (const SimCurrency& c : account.currencies()) {
    if (out.size() > 1) out += ',';
    out += R"({"currency":")" + lowercase(c.ticker) + R"(","fee":")" + decimal(account, c.ticker, c.crypto ? 1500 : 300) +
           R"(","network":")" + (c.crypto ? c.network : "sepa") + "\"}";
  }
  return out + "]";
}

std::string account_balances(const Account& account, std::int64_t now_s) {
  std::string out = "[";
  for (const SimCurrency& c : account.currencies()) {
    const core::int128 total = account.total(c.ticker, now_s);
    const core::int128 reserved = account.reserved(c.ticker, now_s);
    if (out.size() > 1) out += ',';
    out += '{';
    text_member(out, "currency", lowercase(c.ticker));
    text_member(out, "total", decimal(account, c.ticker, total));
    text_member(out, "available", decimal(account, c.ticker, total - reserved));
    text_member(out, "reserved", decimal(account, c.ticker, reserved));
    out += '}';
  }
  return out + "]";
}

}  // namespace bitstamp::simulator::render
