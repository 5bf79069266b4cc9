// Keeps the simulated Bitstamp faithful to the documented API. For many seeds, every endpoint's
// answer is checked against the shape rules of seed 002 and the wire digest, field by field
// (names, JSON types by era, enumerations), and against the invariants across endpoints that
// the real API keeps: balances are the sum of the ledger, reserved is what open orders and
// pending withdrawal requests hold, every fill and conversion is priced (quote = base x price
// rounded to the quote's decimals, fee = quote x the maker or taker rate), open orders' remaining
// amounts agree with their fills, a finished withdrawal request has its ledger row and on-chain
// twin. The rules are written from the documents, reading the answers as a client would (JSON
// by nlohmann, decimals by hand), not from the code that draws the account or renders it.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/simulator/account.hpp"
#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

using Json = nlohmann::json;
__extension__ using Int = __int128;

constexpr std::int64_t install_s = 1'759'320'000;  // 2025-10-01T12:00:00Z
constexpr std::int64_t day_s = 86400;
constexpr std::int64_t until_2019_s = 1546300800;  // whole-second datetimes before (digest §2)
constexpr std::int64_t until_2021_s = 1609459200;  // integer `type` before (digest §2, §9)
constexpr std::int64_t until_2022_s = 1640995200;  // legacy zero keys usd/eur/btc/btc_usd before

// How many accounts: FIDELITY_SEEDS in the environment, 200 by default (CI's count).
int seed_count() {
  const char* text = std::getenv("FIDELITY_SEEDS");
  return text != nullptr ? std::max(1, std::atoi(text)) : 200;
}

// An account as the scenarios draw them: 0..45 days of recent history, about one in three
// with an old history years back, busy or quiet, some sub-accounts and restricted keys.
Account account_for(std::uint64_t seed) {
  Rng rng(seed * 0x9e3779b97f4a7c15ULL + 1);
  AccountShape shape;
  shape.history_start_s = install_s - rng.between(0, 45) * day_s;
  shape.end_s = install_s + 2 * day_s;
  shape.event_gap_s_mean = rng.between(20 * 60, 6 * 3600);
  shape.sub_account = rng.chance(150);
  shape.restricted_key = rng.chance(200);
  draw_old_history(rng, shape);
  return Account(seed, shape);
}

// --- decimals, read the way a client reads them -------------------------------------------

// "-12.3400" at 4 decimals -> -123400; nullopt when the text is not a plain decimal with at
// most `decimals` fraction digits.
std::optional<Int> minor_of(const std::string& text, int decimals) {
  static const std::regex plain(R"(-?[0-9]+(\.[0-9]+)?)");
  if (!std::regex_match(text, plain)) return std::nullopt;
  const bool negative = text[0] == '-';
  const std::string digits = negative ? text.substr(1) : text;
  const std::size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : digits.substr(dot + 1);
  if (static_cast<int>(fraction.size()) > decimals) return std::nullopt;
  Int value = 0;
  for (const char c : whole + fraction + std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0')) {
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// A client that reads money must not read a JSON number through a double (crypto amounts have
// 18 decimals): a body is parsed with every number token that has a fraction or an exponent
// turned into a string marked "~" first, so its text survives exactly. Integers (ids, types,
// Unix times) stay numbers.
Json parse_exact(std::string_view body) {
  std::string marked;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      marked += c;
      if (c == '\\' && i + 1 < body.size()) marked += body[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t end = i + 1;
      while (end < body.size() && std::strchr("0123456789.eE+-", body[end]) != nullptr) ++end;
      const std::string_view token = body.substr(i, end - i);
      if (token.find_first_of(".eE") != std::string_view::npos) {
        marked += "\"~" + std::string(token) + "\"";
      } else {
        marked += token;
      }
      i = end - 1;
      continue;
    }
    marked += c;
  }
  return Json::parse(marked, nullptr, false);
}

bool is_number_token(const Json& value) {  // a JSON number in the body, integer or not
  return value.is_number() || (value.is_string() && value.get<std::string>().starts_with('~'));
}
bool is_text(const Json& value) { return value.is_string() && !value.get<std::string>().starts_with('~'); }

// A JSON value that is a decimal: a string, or a number token (old rows, crypto amounts).
std::optional<Int> minor_of(const Json& value, int decimals) {
  if (value.is_number_integer()) return minor_of(value.dump(), decimals);
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  return minor_of(text.starts_with('~') ? text.substr(1) : text, decimals);
}

Int pow10(int exponent) {
  Int value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

Int round_half_up(Int numerator, Int denominator) { return (2 * numerator + denominator) / (2 * denominator); }

std::string text(Int value) {
  if (value == 0) return "0";
  std::string out;
  const bool negative = value < 0;
  if (negative) value = -value;
  while (value > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  return negative ? "-" + out : out;
}

std::string lower(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

std::int64_t unix_of(const std::string& bitstamp_datetime) {  // "YYYY-MM-DD HH:MM:SS[.ffffff]"
  std::tm tm{};
  tm.tm_year = std::stoi(bitstamp_datetime.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(bitstamp_datetime.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(bitstamp_datetime.substr(8, 2));
  tm.tm_hour = std::stoi(bitstamp_datetime.substr(11, 2));
  tm.tm_min = std::stoi(bitstamp_datetime.substr(14, 2));
  tm.tm_sec = std::stoi(bitstamp_datetime.substr(17, 2));
  return static_cast<std::int64_t>(timegm(&tm));
}

// --- the API as a client sees it ------------------------------------------------------------

class Client {
 public:
  Client(const Account& account, std::int64_t now_s) : account_(account), now_ms_(now_s * 1000) {}

  // Answers a request at the client's instant. A server per call: the checks ask more than
  // Bitstamp's rate limits allow in one second, and the clock must not move between answers.
  core::Response call(std::string_view path, std::vector<core::Param> params = {}, core::Method method = core::Method::post) {
    BitstampServer server(account_);
    return server.answer(core::Request{core::Task::payments, method, std::string(path), std::move(params)}, now_ms_);
  }

  Json json(std::string_view path, std::vector<core::Param> params = {}, core::Method method = core::Method::post) {
    const core::Response response = call(path, std::move(params), method);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    Json parsed = parse_exact(response.body);
    EXPECT_FALSE(parsed.is_discarded()) << path << " answered a body that is not JSON";
    return parsed;
  }

  // Every row of a limit/offset list, page by page.
  Json all_pages(std::string_view path, std::vector<core::Param> fixed, const std::string& list = "") {
    Json rows = Json::array();
    for (std::uint32_t offset = 0;; offset += core::page_size_max) {
      std::vector<core::Param> params = fixed;
      params.push_back({"limit", std::to_string(core::page_size_max)});
      params.push_back({"offset", std::to_string(offset)});
      const Json page = json(path, params);
      const Json& items = list.empty() ? page : page[list];
      for (const Json& row : items) rows.push_back(row);
      if (items.size() < core::page_size_max) return rows;
    }
  }

  [[nodiscard]] std::int64_t now_s() const { return now_ms_ / 1000; }

 private:
  const Account& account_;
  std::int64_t now_ms_;
};

// What one account's answers must satisfy at one instant.
class Fidelity {
 public:
  Fidelity(const Account& account, std::int64_t at_s) : account_(account), client_(account, at_s) {}

  void check() {
    check_currencies();
    check_markets();
    check_trading_fees();
    check_user_transactions();
    check_withdrawal_requests();
    check_crypto_transactions();
    check_orders();
    check_balances();
    check_market_listing();
  }

 private:
  int decimals_of(const std::string& ticker) const {
    const auto it = decimals_.find(lower(ticker));
    EXPECT_NE(it, decimals_.end()) << "currency " << ticker << " is not in currencies/";
    return it == decimals_.end() ? 0 : it->second;
  }

  void check_currencies() {
    const Json rows = client_.json(core::currencies_path, {}, core::Method::get);
    ASSERT_TRUE(rows.is_array());
    for (const Json& row : rows) {
      ASSERT_TRUE(row.is_object());
      ASSERT_TRUE(row["currency"].is_string() && row["name"].is_string());
      const std::string ticker = row["currency"];
      EXPECT_TRUE(std::regex_match(ticker, std::regex("[A-Z][A-Z0-9]*"))) << "an upper-case ticker";
      EXPECT_TRUE(row["decimals"].is_number_integer());
      EXPECT_TRUE(row["type"] == "crypto" || row["type"] == "fiat") << row.dump();
      EXPECT_TRUE(row["deposit"] == "Enabled" || row["deposit"] == "Disabled");
      EXPECT_TRUE(row["withdrawal"] == "Enabled" || row["withdrawal"] == "Disabled");
      if (row["type"] == "crypto") {
        ASSERT_TRUE(row["networks"].is_array() && !row["networks"].empty()) << row.dump();
        for (const Json& network : row["networks"]) EXPECT_TRUE(network["network"].is_string());
      }
      decimals_[lower(ticker)] = row["decimals"].get<int>();
      crypto_[lower(ticker)] = row["type"] == "crypto";
    }
  }

  void check_markets() {
    const Json rows = client_.json(core::markets_path, {}, core::Method::get);
    ASSERT_TRUE(rows.is_array());
    for (const Json& row : rows) {
      for (const char* key : {"base_currency", "counter_currency", "description", "market_symbol", "market_type",
                              "minimum_order_value", "name", "trading"}) {
        ASSERT_TRUE(row.contains(key) && row[key].is_string()) << key << " in " << row.dump();
      }
      EXPECT_TRUE(row["base_decimals"].is_number_integer() && row["counter_decimals"].is_number_integer()) << row.dump();
      EXPECT_FALSE(row["description"].get<std::string>().empty());
      const std::string base = row["base_currency"];
      const std::string quote = row["counter_currency"];
      const std::string type = row["market_type"];
      if (type == "SPOT") EXPECT_EQ(row["name"], base + "/" + quote);
      const std::string trading = lower(row["trading"]);
      EXPECT_TRUE(trading == "enabled" || trading == "disabled") << row.dump();
      EXPECT_TRUE(minor_of(row["minimum_order_value"].get<std::string>(), 18).has_value());
      if (type == "SPOT" && trading == "enabled") spot_.insert(lower(base + quote));
    }
  }

  // fees/trading/: the maker and taker rate of every market, in basis points.
  void check_trading_fees() {
    const core::Response response = client_.call(core::trading_fees_path);
    if (account_.shape().restricted_key) {
      EXPECT_EQ(response.status, 403);
      restricted_ = true;
      return;
    }
    const Json rows = parse_exact(response.body);
    for (const Json& row : rows) {
      const Json fees = row["fees"].is_array() ? row["fees"][0] : row["fees"];
      const std::string market = row["market"];
      rates_bp_[market] = {static_cast<std::int64_t>(*minor_of(fees["maker"], 2)),
                           static_cast<std::int64_t>(*minor_of(fees["taker"], 2))};
    }
  }

  // The crypto and fiat legs of a trade or conversion row, and its one real rate key.
  struct Priced {
    std::string base;
    std::string quote;
    Int base_minor = 0;
    Int quote_minor = 0;
    Int price = 0;
  };

  void check_user_transactions() {
    rows_ = client_.all_pages(core::user_transactions_path, {{"sort", "asc"}});
    std::int64_t previous_id = 0;
    for (const Json& row : rows_) {
      SCOPED_TRACE(row.dump());
      ASSERT_TRUE(row.is_object());
      ASSERT_TRUE(row["id"].is_number_integer());
      EXPECT_GT(row["id"].get<std::int64_t>(), previous_id) << "ids ascend with sort=asc";
      previous_id = row["id"];
      ASSERT_TRUE(row["datetime"].is_string());
      const std::string datetime = row["datetime"];
      const std::int64_t at_s = unix_of(datetime);
      static const std::regex whole(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
      static const std::regex micro(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})");
      EXPECT_TRUE(std::regex_match(datetime, at_s < until_2019_s ? whole : micro)) << "datetime of its era";
      EXPECT_TRUE(at_s < until_2021_s ? row["type"].is_number_integer() : row["type"].is_string()) << "type of its era";
      const int type = row["type"].is_string() ? std::stoi(row["type"].get<std::string>()) : row["type"].get<int>();
      ASSERT_TRUE(is_text(row["fee"]));
      const bool old = at_s < until_2022_s;
      for (const char* legacy : {"usd", "eur", "btc"}) {
        if (old) EXPECT_TRUE(row.contains(legacy)) << legacy << " is on every row before 2022";
      }

      // Amounts: every currency key; legs are the non-zero ones.
      std::map<std::string, Int> legs;
      std::vector<std::pair<std::string, Int>> rates;
      for (const auto& [key, value] : row.items()) {
        if (decimals_.contains(key)) {
          const std::optional<Int> amount = minor_of(value, decimals_.at(key));
          ASSERT_TRUE(amount.has_value()) << key;
          if (*amount != 0) legs[key] = *amount;
        } else if (const std::size_t underscore = key.find('_'); underscore != std::string::npos &&
                                                                  decimals_.contains(key.substr(0, underscore)) &&
                                                                  decimals_.contains(key.substr(underscore + 1))) {
          const std::optional<Int> rate = minor_of(value, decimals_.at(key.substr(underscore + 1)));
          ASSERT_TRUE(rate.has_value()) << key;
          if (*rate != 0) rates.emplace_back(key, *rate);
        }
      }
      if (!old) {
        // Newer rows carry only the currencies they move, and a rate key only for a market.
        for (const auto& [key, value] : row.items()) {
          if (decimals_.contains(key)) EXPECT_TRUE(legs.contains(key)) << key << " is zero on a row after 2021";
        }
        EXPECT_EQ(rates.size(), row.contains("btc_usd") + row.contains("btc_eur") + row.contains("eth_usd") + row.contains("eth_eur"))
            << "no zero rate key after 2021";
      }
      if (type == 2 || type == 36) {
        ASSERT_EQ(legs.size(), 2u) << "a trade or conversion has two legs";
        ASSERT_EQ(rates.size(), 1u) << "and one rate key, of its market";
        const Priced priced = check_priced(legs, rates.front());
        // The fee is in the quote currency (a zero fee may come at another precision).
        const std::optional<Int> fee_or_zero = minor_of(row["fee"], 18);
        ASSERT_TRUE(fee_or_zero.has_value());
        const std::optional<Int> quote_fee = minor_of(row["fee"], decimals_of(priced.quote));
        ASSERT_TRUE(*fee_or_zero == 0 || quote_fee.has_value()) << "a fee at the quote's precision";
        const Int fee = quote_fee.value_or(0);
        check_fee(priced, fee, type == 2 ? std::vector<std::int64_t>{rate_of(priced, 0), rate_of(priced, 1)}
                                         : std::vector<std::int64_t>{0, rate_of(priced, 1)});
        ledger_[priced.quote] -= fee;
        if (type == 2) {
          EXPECT_TRUE(row["order_id"].is_number_integer());
          fills_[row["id"].get<std::int64_t>()] = priced;
          fill_orders_[row["order_id"].get<std::int64_t>()].push_back(row["id"].get<std::int64_t>());
        }
      } else {
        EXPECT_EQ(legs.size(), 1u) << "a payment row has one leg";
        EXPECT_EQ(minor_of(row["fee"], 18), std::optional<Int>(0)) << "no fee on a payment row here";
      }
      for (const auto& [ticker, amount] : legs) ledger_[ticker] += amount;
      if (type == 1) withdrawals_booked_.insert({legs.begin()->first, -legs.begin()->second});
      if (type == 0) deposits_booked_.insert({legs.begin()->first, legs.begin()->second});
    }
  }

  Priced check_priced(const std::map<std::string, Int>& legs, const std::pair<std::string, Int>& rate) {
    Priced priced;
    for (const auto& [ticker, amount] : legs) {
      (crypto_.at(ticker) ? priced.base : priced.quote) = ticker;
      (crypto_.at(ticker) ? priced.base_minor : priced.quote_minor) = amount < 0 ? -amount : amount;
    }
    EXPECT_FALSE(priced.base.empty() || priced.quote.empty()) << "one crypto and one fiat leg";
    EXPECT_EQ(rate.first, priced.base + "_" + priced.quote) << "the rate key names the market of the legs";
    EXPECT_TRUE((legs.at(priced.base) > 0) != (legs.at(priced.quote) > 0)) << "one leg in, one out";
    priced.price = rate.second;
    const Int expected = round_half_up(priced.base_minor * priced.price, pow10(decimals_of(priced.base)));
    EXPECT_EQ(text(priced.quote_minor), text(expected)) << "quote = base x price, rounded to the quote's decimals";
    return priced;
  }

  std::int64_t rate_of(const Priced& priced, int which) const {
    if (restricted_) return -1;  // the fee list is not ours to read: any rate
    const auto it = rates_bp_.find(priced.base + priced.quote);
    EXPECT_NE(it, rates_bp_.end()) << "fees/trading/ lists " << priced.base << priced.quote;
    return it == rates_bp_.end() ? -1 : which == 0 ? it->second.first : it->second.second;
  }

  void check_fee(const Priced& priced, Int fee, const std::vector<std::int64_t>& rates_bp) {
    if (std::find(rates_bp.begin(), rates_bp.end(), -1) != rates_bp.end()) return;
    const bool matches = std::any_of(rates_bp.begin(), rates_bp.end(), [&](std::int64_t bp) {
      return fee == round_half_up(priced.quote_minor * bp, 10'000);
    });
    EXPECT_TRUE(matches) << "fee " << text(fee) << " is quote x the maker or taker rate of " << priced.base << priced.quote;
  }

  void check_withdrawal_requests() {
    const std::vector<core::Param> window{{"timedelta", std::to_string(server_timedelta_max_s)}};
    requests_ = client_.all_pages(core::withdrawal_requests_path, window);
    // Paging is both limit and offset or neither (seed 002's own example sends only timedelta).
    const Json unpaged = client_.json(core::withdrawal_requests_path, window);
    EXPECT_EQ(unpaged.size(), requests_.size());
    EXPECT_EQ(client_.call(core::withdrawal_requests_path, {{"timedelta", "86400"}, {"limit", "10"}}).status, 400);
    for (const Json& row : requests_) {
      SCOPED_TRACE(row.dump());
      for (const char* key : {"id", "type", "txid"}) EXPECT_TRUE(row[key].is_number_integer()) << key;
      for (const char* key : {"datetime", "currency", "amount"}) ASSERT_TRUE(is_text(row[key])) << key;
      static const std::regex whole(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
      EXPECT_TRUE(std::regex_match(row["datetime"].get<std::string>(), whole));
      const std::string ticker = lower(row["currency"]);
      const std::optional<Int> amount = minor_of(row["amount"], decimals_of(ticker));
      ASSERT_TRUE(amount.has_value() && *amount > 0);
      int status = -1;
      if (row["status"].is_number_integer()) {
        status = row["status"];
        EXPECT_TRUE(status == 0 || status == 1 || status == 2 || status == 3 || status == 4 || status == 11);
      } else {
        EXPECT_LT(unix_of(row["datetime"]), until_2022_s) << "status names belong to older data";
      }
      const bool crypto = crypto_.at(ticker);
      EXPECT_EQ(row.contains("transaction_id"), crypto && status == 2) << "the on-chain hash, once a crypto one is sent";
      if (status == 0 || status == 1) pending_[ticker] += *amount;
      if (status == 2) {
        EXPECT_TRUE(withdrawals_booked_.contains({ticker, *amount})) << "a finished request has its type-1 row";
        if (crypto) sent_[row["transaction_id"].get<std::string>()] = {ticker, *amount};
      }
    }
  }

  void check_crypto_transactions() {
    const core::Response refused = client_.call(core::crypto_transactions_path, {{"limit", "1"}, {"offset", "0"}});
    if (account_.shape().sub_account) {
      EXPECT_EQ(refused.status, 403) << "Main-only";
      return;
    }
    const Json page = client_.json(core::crypto_transactions_path,
                                   {{"limit", "1000"}, {"offset", "0"}, {"include_ious", "true"}});
    for (const char* list : {"deposits", "withdrawals", "ripple_iou_transactions"}) {
      ASSERT_TRUE(page.contains(list) && page[list].is_array()) << list;
    }
    static const std::set<std::string> statuses{"PENDING", "IN_PROCESSING", "COMPLETED", "FINALIZED", "REJECTED", "REVERTED"};
    for (const Json& row : page["deposits"]) {
      SCOPED_TRACE(row.dump());
      EXPECT_TRUE(row["id"].is_number_integer() && row["datetime"].is_number_integer() && is_number_token(row["amount"]))
          << "crypto amounts are JSON numbers";
      EXPECT_TRUE(statuses.contains(row["status"].get<std::string>()));
      const std::string ticker = lower(row["currency"]);
      const Int amount = *minor_of(row["amount"], decimals_of(ticker));
      if (row["status"] == "COMPLETED" || row["status"] == "FINALIZED") {
        EXPECT_TRUE(deposits_booked_.contains({ticker, amount})) << "a completed deposit has its type-0 row";
      }
    }
    for (const Json& row : page["withdrawals"]) {
      SCOPED_TRACE(row.dump());
      EXPECT_FALSE(row.contains("id") || row.contains("status")) << "withdrawals have no id and no status";
      const auto sent = sent_.find(row["txid"].get<std::string>());
      ASSERT_NE(sent, sent_.end()) << "its withdrawal request names this txid";
      EXPECT_EQ(text(sent->second.second), text(*minor_of(row["amount"], decimals_of(sent->second.first))));
    }
  }

  // Open orders' remaining amounts agree with their fills; every fill order_status/ lists is
  // priced and is a type-2 row of user_transactions/ with the same amounts.
  void check_orders() {
    const Json open = client_.json(core::open_orders_path);
    for (const Json& row : open) {
      SCOPED_TRACE(row.dump());
      for (const char* key : {"id", "datetime", "type", "price", "amount", "amount_at_create", "market"}) {
        ASSERT_TRUE(is_text(row[key])) << key;
      }
      const std::string market = row["market"];
      const std::string base = lower(market.substr(0, market.find('/')));
      const std::string quote = lower(market.substr(market.find('/') + 1));
      const Json status = client_.json(core::order_status_path, {{"id", row["id"].get<std::string>()}});
      Int filled = 0;
      if (status.contains("transactions")) {
        for (const Json& fill : status["transactions"]) filled += *minor_of(fill[base], decimals_of(base));
      }
      const Int remaining = *minor_of(row["amount"], decimals_of(base));
      EXPECT_EQ(text(remaining), text(*minor_of(row["amount_at_create"], decimals_of(base)) - filled))
          << "remaining = ordered - filled";
      const Int price = *minor_of(row["price"], decimals_of(quote));
      if (row["type"] == "0") {
        open_reserved_[quote] += (remaining * price + pow10(decimals_of(base)) - 1) / pow10(decimals_of(base));
      } else {
        open_reserved_[base] += remaining;
      }
    }
    for (const auto& [order_id, tids] : fill_orders_) {
      const core::Response response = client_.call(core::order_status_path, {{"id", std::to_string(order_id)}});
      if (response.status != 200) continue;
      const Json status = parse_exact(response.body);
      if (!status.contains("transactions")) continue;  // "Order not found" on HTTP 200
      for (const Json& fill : status["transactions"]) {
        SCOPED_TRACE(fill.dump());
        const auto row = fills_.find(fill["tid"].get<std::int64_t>());
        ASSERT_NE(row, fills_.end()) << "the fill is a type-2 row of user_transactions/";
        const Priced& priced = row->second;
        EXPECT_EQ(text(*minor_of(fill[priced.base], decimals_of(priced.base))), text(priced.base_minor));
        EXPECT_EQ(text(*minor_of(fill[priced.quote], decimals_of(priced.quote))), text(priced.quote_minor));
        EXPECT_EQ(text(*minor_of(fill["price"], decimals_of(priced.quote))), text(priced.price)) << "the fill's price is its rate";
      }
    }
  }

  // account_balances/: total = the ledger's sum, reserved = open orders + pending requests,
  // available = total - reserved, nothing negative.
  void check_balances() {
    const Json rows = client_.json(core::account_balances_path);
    for (const Json& row : rows) {
      SCOPED_TRACE(row.dump());
      const std::string ticker = row["currency"];
      EXPECT_EQ(ticker, lower(ticker)) << "lowercase currency";
      const int decimals = decimals_of(ticker);
      const std::optional<Int> total = minor_of(row["total"], decimals);
      const std::optional<Int> available = minor_of(row["available"], decimals);
      const std::optional<Int> reserved = minor_of(row["reserved"], decimals);
      ASSERT_TRUE(total && available && reserved);
      EXPECT_EQ(text(*total), text(*available + *reserved)) << "total = available + reserved";
      EXPECT_GE(*available, 0);
      EXPECT_GE(*reserved, 0);
      EXPECT_EQ(text(*total), text(ledger_[ticker])) << "total is the sum of the ledger";
      EXPECT_EQ(text(*reserved), text(open_reserved_[ticker] + pending_[ticker]))
          << "reserved is what open orders and pending withdrawal requests hold";
    }
  }

  // user_transactions/{market}/ lists that market's trades and conversions, nothing else.
  void check_market_listing() {
    for (const std::string& market : spot_) {
      const Json rows = client_.all_pages(std::string(core::user_transactions_path) + market + "/", {{"sort", "asc"}});
      std::size_t expected = 0;
      for (const Json& row : rows_) {
        std::string legs;
        for (const auto& [key, value] : row.items()) {
          if (decimals_.contains(key) && *minor_of(value, decimals_.at(key)) != 0) legs += key;
        }
        if (legs.size() > 3 && (legs == market || legs == market.substr(3) + market.substr(0, 3))) ++expected;
      }
      EXPECT_EQ(rows.size(), expected) << market;
    }
    EXPECT_EQ(client_.call(std::string(core::user_transactions_path) + "nosuch/").status, 400);
  }

  const Account& account_;
  Client client_;
  std::map<std::string, int> decimals_;
  std::map<std::string, bool> crypto_;
  std::set<std::string> spot_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> rates_bp_;  // market -> maker, taker
  bool restricted_ = false;
  Json rows_;
  std::map<std::string, Int> ledger_;
  std::map<std::int64_t, Priced> fills_;  // by row id (= tid)
  std::map<std::int64_t, std::vector<std::int64_t>> fill_orders_;
  std::set<std::pair<std::string, Int>> withdrawals_booked_;
  std::set<std::pair<std::string, Int>> deposits_booked_;
  Json requests_;
  std::map<std::string, Int> pending_;
  std::map<std::string, std::pair<std::string, Int>> sent_;  // transaction_id -> currency, amount
  std::map<std::string, Int> open_reserved_;
};

TEST(SimulatorFidelity, EveryEndpointHasItsDocumentedShapeAndTheEndpointsAgree) {
  const int seeds = seed_count();
  std::size_t old_accounts = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Account account = account_for(static_cast<std::uint64_t>(seed));
    old_accounts += account.shape().old_events > 0;
    const std::int64_t middle_s = (account.shape().history_start_s + account.shape().end_s) / 2;
    for (const std::int64_t at_s : {middle_s, account.shape().end_s}) {
      Fidelity(account, at_s).check();
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  if (seeds >= 100) EXPECT_GT(old_accounts, static_cast<std::size_t>(seeds / 5)) << "old accounts meet the old wire formats";
}

}  // namespace
}  // namespace bitstamp::simulator
