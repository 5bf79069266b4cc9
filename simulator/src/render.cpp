#include "render.hpp"

#include <cctype>

#include "bitstamp/core/canonical_json.hpp"
#include "bitstamp/core/time.hpp"

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

void transaction(std::string& out, const Account& account, const SimTransaction& row) {
  out += '{';
  raw_member(out, "id", std::to_string(row.id));
  text_member(out, "datetime", bitstamp_datetime(row.datetime_us, row.microseconds));
  if (row.quirks.type_as_integer) {
    raw_member(out, "type", std::to_string(row.type));
  } else {
    text_member(out, "type", std::to_string(row.type));
  }
  const std::string fee_ticker = row.fee_ticker.empty() ? row.legs.front().ticker : row.fee_ticker;
  text_member(out, "fee", decimal(account, fee_ticker, row.fee_minor));
  for (const Leg& leg : row.legs) {
    amount_member(out, lowercase(leg.ticker), decimal(account, leg.ticker, leg.minor), row.quirks.amounts_as_numbers);
  }
  if (row.order_id != 0) raw_member(out, "order_id", std::to_string(row.order_id));
  if (row.legs.size() == 2) {  // a trade or conversion: the rate under "<crypto>_<fiat>"
    const bool first_is_base = account.currency(row.legs[0].ticker)->crypto;
    const Leg& base = first_is_base ? row.legs[0] : row.legs[1];
    const Leg& quote = first_is_base ? row.legs[1] : row.legs[0];
    text_member(out, lowercase(base.ticker) + "_" + lowercase(quote.ticker), "1234.56");
  }
  if (row.quirks.legacy_zero_keys) {
    for (const char* legacy : {"usd", "eur", "btc"}) {
      bool involved = false;
      for (const Leg& leg : row.legs) involved = involved || lowercase(leg.ticker) == legacy;
      if (!involved) raw_member(out, legacy, "0.0");
    }
    if (row.legs.size() == 1) raw_member(out, "btc_usd", "0.0");
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
    out += '}';
  }
  return out + "]";
}

std::string account_balances(const Account& account, std::int64_t now_s) {
  std::string out = "[";
  for (const SimCurrency& c : account.currencies()) {
    const std::string available = decimal(account, c.ticker, account.available(c.ticker, now_s));
    if (out.size() > 1) out += ',';
    out += '{';
    text_member(out, "currency", lowercase(c.ticker));
    text_member(out, "total", available);
    text_member(out, "available", available);
    text_member(out, "reserved", decimal(account, c.ticker, 0));
    out += '}';
  }
  return out + "]";
}

}  // namespace bitstamp::simulator::render
