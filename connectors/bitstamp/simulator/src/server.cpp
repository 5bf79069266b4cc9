#include "bitstamp/simulator/server.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <variant>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "bitstamp/core/orders.hpp"
#include "render.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::uint32_t default_limit = 100;
constexpr std::uint32_t since_id_limit = 1000;  // "if since_id is used, limit is set to 1000"
constexpr std::int64_t default_timedelta_s = 86400;

core::Response json(int status, std::string body) {
  return core::Response{core::Transport::received, status, {{"content-type", "application/json"}}, std::move(body)};
}

core::Response error(std::string_view reason, std::string_view code = "") {
  std::string body = R"({"status":"error","reason":")" + std::string(reason) + "\"";
  if (!code.empty()) body += R"(,"code":")" + std::string(code) + "\"";
  return json(400, body + "}");
}

const std::string* param(const core::Request& request, std::string_view name) {
  for (const core::Param& p : request.params) {
    if (p.name == name) return &p.value;
  }
  return nullptr;
}

// An integer parameter: nullopt when absent, `invalid` set when present but not an integer.
std::optional<std::int64_t> integer_param(const core::Request& request, std::string_view name, bool& invalid) {
  const std::string* text = param(request, name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size()) {
    invalid = true;
    return std::nullopt;
  }
  return value;
}

struct Paging {
  std::uint32_t limit = default_limit;
  std::uint32_t offset = 0;
  std::optional<core::Response> refusal;
};

Paging read_paging(const core::Request& request) {
  Paging paging;
  bool bad_limit = false;
  bool bad_offset = false;
  const std::optional<std::int64_t> limit = integer_param(request, "limit", bad_limit);
  const std::optional<std::int64_t> offset = integer_param(request, "offset", bad_offset);
  if (bad_limit || (limit && *limit < 1)) {
    paging.refusal = error("Invalid limit");
  } else if (limit && *limit > static_cast<std::int64_t>(core::page_size_max)) {
    paging.refusal = error("Limit too large");
  } else if (bad_offset || (offset && (*offset < 0 || *offset > static_cast<std::int64_t>(core::offset_max)))) {
    paging.refusal = error("Invalid offset");
  }
  if (limit) paging.limit = static_cast<std::uint32_t>(std::clamp<std::int64_t>(*limit, 1, core::page_size_max));
  if (offset) paging.offset = static_cast<std::uint32_t>(std::clamp<std::int64_t>(*offset, 0, core::offset_max));
  return paging;
}

// Appends the page [offset, offset + limit) of a list of `listed` rows in answer order, each
// written by render_at(out, position); with `duplicate_row` its first row is listed twice.
template <class RenderAt>
void page_of(std::string& out, std::size_t listed, const Paging& paging, bool duplicate_row, RenderAt&& render_at) {
  out += '[';
  const std::size_t first = std::min<std::size_t>(paging.offset, listed);
  const std::size_t last = std::min<std::size_t>(first + paging.limit, listed);
  for (std::size_t i = first; i < last; ++i) {
    if (out.back() != '[') out += ',';
    render_at(out, i);
    if (duplicate_row && i == first) {
      out += ',';
      render_at(out, i);
    }
  }
  out += ']';
}

// page_of over rows already gathered in answer order.
template <class Row, class Render>
void page(std::string& out, const std::vector<const Row*>& rows, const Paging& paging, bool duplicate_row,
          Render&& render_row) {
  page_of(out, rows.size(), paging, duplicate_row,
          [&](std::string& text, std::size_t position) { render_row(text, *rows[position]); });
}

struct TransactionsQuery {
  Paging paging;
  std::optional<std::int64_t> since_id;
  bool ascending = false;
};

// The parameters of a user_transactions/ request, or Bitstamp's refusal of them.
std::variant<TransactionsQuery, core::Response> read_transactions_query(const core::Request& request) {
  TransactionsQuery query;
  query.paging = read_paging(request);
  if (query.paging.refusal) return *query.paging.refusal;
  bool bad_since = false;
  query.since_id = integer_param(request, "since_id", bad_since);
  if (bad_since) return error("Invalid since_id");
  const std::string* sort = param(request, "sort");
  if (sort && *sort != "asc" && *sort != "desc") return error("Invalid sort parameter");
  if (query.since_id) query.paging.limit = since_id_limit;
  query.ascending = sort && *sort == "asc";
  return query;
}

// A page of a synthetic ledger: only the rows on it are drawn and rendered.
core::Response ledger_transactions(const SyntheticLedger& ledger, const core::Request& request, std::int64_t now_s,
                                   AnswerTwist twist) {
  auto query = read_transactions_query(request);
  if (auto* refusal = std::get_if<core::Response>(&query)) return std::move(*refusal);
  // Named members, not a structured binding: clang 14 cannot capture one in a lambda.
  const TransactionsQuery& parsed = std::get<TransactionsQuery>(query);
  const Paging& paging = parsed.paging;
  const std::optional<std::int64_t>& since_id = parsed.since_id;
  const bool ascending = parsed.ascending;
  const std::uint64_t first = since_id ? ledger.first_index_at_or_after(*since_id) : 0;
  const std::uint64_t visible = std::max(first, ledger.visible_at(now_s));
  std::string body;
  page_of(body, visible - first, paging, twist.duplicate_row, [&](std::string& out, std::size_t position) {
    render::transaction(out, ledger.account(), ledger.row(ascending ? first + position : visible - 1 - position));
  });
  return json(200, std::move(body));
}

// Whether a row belongs to a market ("btcusd"): a trade or conversion between its two currencies.
bool in_market(const SimTransaction& row, std::string_view market_symbol) {
  if (row.legs.size() != 2) return false;
  const auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  const std::string a = lower(row.legs[0].ticker);
  const std::string b = lower(row.legs[1].ticker);
  return market_symbol == a + b || market_symbol == b + a;
}

// user_transactions/ and user_transactions/{market_symbol}/ (seed 002): the account's rows, or
// those of one market.
core::Response user_transactions(const Account& account, const core::Request& request, std::int64_t now_s,
                                 AnswerTwist twist, std::optional<std::string_view> market) {
  auto query = read_transactions_query(request);
  if (auto* refusal = std::get_if<core::Response>(&query)) return std::move(*refusal);
  const auto& [paging, since_id, ascending] = std::get<TransactionsQuery>(query);
  std::vector<const SimTransaction*> rows;
  for (const SimTransaction& row : account.transactions()) {
    if (row.datetime_us / 1'000'000 > now_s) break;
    if (since_id && row.id < *since_id) continue;
    if (market && !in_market(row, *market)) continue;
    rows.push_back(&row);
  }
  if (!ascending) std::reverse(rows.begin(), rows.end());
  std::string body;
  page(body, rows, paging, twist.duplicate_row,
       [&](std::string& out, const SimTransaction& row) { render::transaction(out, account, row); });
  return json(200, std::move(body));
}

core::Response crypto_transactions(const Account& account, const core::Request& request, std::int64_t now_s,
                                   AnswerTwist twist) {
  if (account.shape().sub_account) {
    return json(403, R"({"status":"error","reason":"No permission found","code":"API0003"})");
  }
  const Paging paging = read_paging(request);
  if (paging.refusal) return *paging.refusal;
  bool bad_since = false;
  const std::optional<std::int64_t> since = integer_param(request, "since_timestamp", bad_since);
  if (bad_since) return error("Invalid since_timestamp");
  if (since && *since < now_s - server_since_timestamp_reach_s) {
    return error("since_timestamp parameter must be higher than " +
                 std::to_string(now_s - server_since_timestamp_reach_s));
  }
  const std::string* ious = param(request, "include_ious");
  const bool include_ious = ious && (*ious == "true" || *ious == "True" || *ious == "1");
  std::string body = "{";
  for (const CryptoList list : {CryptoList::deposits, CryptoList::withdrawals, CryptoList::ripple_ious}) {
    if (list == CryptoList::ripple_ious && !include_ious) continue;
    std::vector<const SimCryptoTransaction*> rows;
    for (const SimCryptoTransaction& row : account.crypto_transactions()) {
      if (row.list != list || row.datetime_s > now_s || (since && row.datetime_s < *since)) continue;
      rows.push_back(&row);
    }
    std::reverse(rows.begin(), rows.end());  // newest first
    if (body.size() > 1) body += ',';
    body += "\"" + std::string(to_string(list)) + "\":";
    page(body, rows, paging, twist.duplicate_row, [&](std::string& out, const SimCryptoTransaction& row) {
      render::crypto_transaction(out, account, row, now_s);
    });
  }
  return json(200, body + "}");
}

core::Response withdrawal_requests(const Account& account, const core::Request& request, std::int64_t now_s,
                                   AnswerTwist twist) {
  // Paging is optional, but it is both limit and offset or neither.
  if ((param(request, "limit") == nullptr) != (param(request, "offset") == nullptr)) {
    return error("Both limit and offset must be present");
  }
  Paging paging = read_paging(request);
  if (!param(request, "limit")) paging.limit = core::page_size_max;  // neither: the whole window
  if (paging.refusal) return *paging.refusal;
  bool bad_timedelta = false;
  const std::int64_t timedelta = integer_param(request, "timedelta", bad_timedelta).value_or(default_timedelta_s);
  if (bad_timedelta || timedelta < 0) return error("Invalid timedelta");
  if (timedelta > server_timedelta_max_s) return error("Timedelta too large");
  std::vector<const SimWithdrawalRequest*> rows;
  for (const SimWithdrawalRequest& row : account.withdrawal_requests()) {
    if (row.datetime_s > now_s || row.datetime_s < now_s - timedelta) continue;
    rows.push_back(&row);
  }
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->id > b->id; });
  std::string body;
  page(body, rows, paging, twist.duplicate_row, [&](std::string& out, const SimWithdrawalRequest& row) {
    render::withdrawal_request(out, account, row, now_s);
  });
  return json(200, std::move(body));
}

// A market of the account ("btcusd", "etheur"): a crypto base and a fiat quote.
bool is_market_symbol(const Account& account, std::string_view symbol) {
  for (const SimCurrency& base : account.currencies()) {
    for (const SimCurrency& quote : account.currencies()) {
      if (!base.crypto || quote.crypto) continue;
      std::string name = base.ticker + quote.ticker;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (symbol == name) return true;
    }
  }
  return false;
}

const core::Response refused_key() {
  return json(403, R"({"status":"error","reason":"No permission found","code":"API0003"})");
}

core::Response order_status(const Account& account, const core::Request& request, std::int64_t now_s,
                            AnswerTwist twist) {
  bool bad_id = false;
  const std::optional<std::int64_t> id = integer_param(request, "id", bad_id);
  if (!id || bad_id) return error("Missing id POST param");
  const auto& orders = account.orders();
  const auto it = std::lower_bound(orders.begin(), orders.end(), *id,
                                   [](const SimOrder& order, std::int64_t value) { return order.id < value; });
  const bool exists = it != orders.end() && it->id == *id && it->created_s <= now_s;
  // "For closed orders, this call only returns information for the last 30 days."
  const bool retained = exists && (it->closed_s() < 0 || it->closed_s() > now_s ||
                                   it->created_s >= now_s - server_order_retention_s);
  if (!retained) {
    const std::string_view body = R"({"status":"error","reason":"Order not found","code":"404.002"})";
    return json(exists && it->not_found_on_200 ? 200 : 404, std::string(body));
  }
  return json(200, render::order_status(account, *it, now_s, twist.duplicate_row));
}

}  // namespace

bool BitstampServer::over_rate_limit(std::int64_t now_ms) {
  while (!recent_ms_.empty() && recent_ms_.front() <= now_ms - server_window_ms) recent_ms_.pop_front();
  recent_ms_.push_back(now_ms);
  const auto last_second = std::count_if(recent_ms_.begin(), recent_ms_.end(),
                                         [&](std::int64_t at) { return at > now_ms - 1000; });
  return last_second > server_requests_per_second_max || recent_ms_.size() > server_requests_per_window_max;
}

core::Response BitstampServer::answer(const core::Request& request, std::int64_t now_ms, AnswerTwist twist) {
  ++requests_received_;
  if (over_rate_limit(now_ms)) {
    ++rate_limit_violations_;
    return json(429, R"({"status":"error","reason":"Request rejected due to exceeded rate limit.","response_code":"400.002"})");
  }
  const std::int64_t now_s = now_ms / 1000;
  const bool get = request.method == core::Method::get;
  if (request.path == core::currencies_path && get) return json(200, render::currencies(account_));
  if (request.path == core::markets_path && get) return json(200, render::markets(account_));
  if (get) return json(405, R"({"status":"error","reason":"Method not allowed"})");
  if (request.path == core::account_balances_path) return json(200, render::account_balances(account_, now_s));
  if (request.path == core::user_transactions_path) {
    return ledger_ ? ledger_transactions(*ledger_, request, now_s, twist)
                   : user_transactions(account_, request, now_s, twist, std::nullopt);
  }
  if (request.path.starts_with(core::user_transactions_path) && request.path.ends_with("/")) {
    const std::string_view path = request.path;
    const std::string_view symbol = path.substr(core::user_transactions_path.size(),
                                                path.size() - core::user_transactions_path.size() - 1);
    if (!is_market_symbol(account_, symbol)) return error("Invalid market");
    return user_transactions(account_, request, now_s, twist, symbol);
  }
  if (request.path == core::crypto_transactions_path) return crypto_transactions(account_, request, now_s, twist);
  if (request.path == core::withdrawal_requests_path) return withdrawal_requests(account_, request, now_s, twist);
  if (request.path == core::open_orders_path) {
    // Bitstamp caches this list for about 10 s: the answer may be that old.
    return json(200, render::open_orders(account_, now_s - now_s % server_open_orders_cache_s));
  }
  if (request.path == core::order_status_path) return order_status(account_, request, now_s, twist);
  const bool gated = request.path == core::my_markets_path || request.path == core::trading_fees_path ||
                     request.path == core::withdrawal_fees_path;
  if (gated && account_.shape().restricted_key) return refused_key();
  if (request.path == core::my_markets_path) return json(200, render::my_markets(account_));
  if (request.path == core::trading_fees_path) return json(200, render::trading_fees(account_));
  if (request.path == core::withdrawal_fees_path) return json(200, render::withdrawal_fees(account_));
  return json(404, R"({"status":"error","reason":"Not found","response_code":"404.001"})");
}

}  // namespace bitstamp::simulator
