// Proves, for every endpoint the core reads, that a body is data only when it has that
// endpoint's documented shape: any valid JSON that is not (objects and scalars, arrays of wrong
// rows, the other endpoints' answers, error bodies of both API generations), answered on every
// attempt, never emits a record, never moves a data cursor and never marks a dataset
// unavailable. The shapes here are written from the wire digest, apart from the core's table.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <map>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "bitstamp/core/orders.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t t0 = 1759320000000;  // 2025-10-01T12:00:00Z

// A well-formed answer of each endpoint (wire digest §1-§7), used both to bring a cycle to the
// endpoint under test and as "another endpoint's body" for the others.
const std::map<std::string, std::string>& good_bodies() {
  static const std::map<std::string, std::string> bodies{
      {std::string(currencies_path),
       R"([{"currency":"BTC","decimals":8,"type":"crypto"},{"currency":"USD","decimals":2,"type":"fiat"}])"},
      {std::string(account_balances_path), R"([{"currency":"usd","total":"7.00","available":"7.00","reserved":"0.00"}])"},
      {std::string(user_transactions_path),
       R"([{"id":50174021,"datetime":"2018-01-29 16:25:51","type":"0","fee":"0.00","usd":"10.00","btc":0.0}])"},
      {std::string(crypto_transactions_path),
       R"({"deposits":[{"id":1,"currency":"BTC","amount":1.5,"datetime":1759995000,"status":"COMPLETED","txid":"t"}],)"
       R"("withdrawals":[],"ripple_iou_transactions":[]})"},
      {std::string(withdrawal_requests_path),
       R"([{"id":1,"datetime":"2022-01-31 16:07:32","type":0,"currency":"USD","amount":"2.00","status":2,"txid":1}])"},
      {std::string(open_orders_path),
       R"([{"id":"1500000000000001","datetime":"2025-10-01 11:00:00","type":"0","price":"60000.00","amount":"0.1",)"
       R"("amount_at_create":"0.1","market":"BTC/USD"}])"},
      {std::string(order_status_path),
       R"({"id":1500000000000001,"datetime":"2025-10-01 11:00:00","type":"0","subtype":"LIMIT","status":"Open",)"
       R"("market":"BTC/USD","amount_remaining":"0.1","transactions":[]})"},
      {std::string(markets_path),
       R"([{"base_currency":"BTC","counter_currency":"USD","market_type":"SPOT","trading":"Enabled","name":"BTC/USD",)"
       R"("market_symbol":"btcusd","minimum_order_value":"10"}])"},
      {std::string(my_markets_path), R"([{"name":"BTC/USD","url_symbol":"btcusd"}])"},
      {std::string(trading_fees_path), R"([{"currency_pair":"btcusd","fees":{"maker":"0.3","taker":"0.4"},"market":"btcusd"}])"},
      {std::string(withdrawal_fees_path), R"([{"currency":"btc","fee":"0.0005","network":"bitcoin"}])"},
  };
  return bodies;
}

Settings settings_for(std::string_view path) {
  Settings settings;
  settings.tasks = EnabledTasks{false, false, false, false, false};
  if (path == account_balances_path) settings.tasks.accounts = true;
  if (path == user_transactions_path || path == crypto_transactions_path || path == withdrawal_requests_path) {
    settings.tasks.payments = true;
  }
  if (path == open_orders_path || path == order_status_path) settings.tasks.orders = true;
  if (path == markets_path || path == my_markets_path || path == trading_fees_path || path == withdrawal_fees_path) {
    settings.tasks.accounts = true;
    settings.tasks.enrichment = true;
  }
  if (path == currencies_path) settings.tasks.accounts = true;
  return settings;
}

struct AtEndpoint {
  SyncState state;
  Request request;
};

// Brings a fresh install to the moment the core waits for `path`'s answer, every other request
// answered well.
AtEndpoint reach(std::string_view path, const Settings& settings) {
  StepResult result = plan(SyncState{}, settings, t0);
  std::deque<Request> queue(result.requests.begin(), result.requests.end());
  while (!queue.empty()) {
    Request request = queue.front();
    queue.pop_front();
    if (request.path == path) return {std::move(result.state), std::move(request)};
    result = step(std::move(result.state), settings, request,
                  Response{Transport::received, 200, {}, good_bodies().at(request.path)}, t0);
    queue.insert(queue.end(), result.requests.begin(), result.requests.end());
  }
  RC_FAIL("the core never asked for " + std::string(path));
  return {};
}

// What a foreign body must leave alone: every data cursor.
struct DataCursors {
  PaymentsCursor payments;
  StreamCursor conversions;
  StreamCursor fills;
  std::set<std::string> accounts_known;
  friend bool operator==(const DataCursors&, const DataCursors&) = default;
};

DataCursors cursors_of(const SyncState& state) {
  return {state.payments_cursor, state.conversions_cursor, state.orders_cursor.fills, state.accounts_known};
}

// Any JSON value, shallow, with keys that no documented shape uses together.
rc::Gen<std::string> json_scalar() {
  return rc::gen::oneOf(rc::gen::just<std::string>("null"), rc::gen::just<std::string>("true"),
                        rc::gen::just<std::string>("0"), rc::gen::just<std::string>("\"\""),
                        rc::gen::map(rc::gen::inRange(-1000, 1000), [](int n) { return std::to_string(n); }),
                        rc::gen::map(rc::gen::elementOf(std::vector<std::string>{"ok", "error", "x", "Order not found"}),
                                     [](const std::string& s) { return "\"" + s + "\""; }));
}

rc::Gen<std::string> json_object() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::pair<std::string, std::string>>>(rc::gen::pair(
          rc::gen::elementOf(std::vector<std::string>{"status", "id", "data", "result", "deposits", "withdrawals",
                                                      "currency", "amount", "withdrawal_id", "fee", "datetime", "type",
                                                      "transactions", "name", "items", "next"}),
          json_scalar())),
      [](const std::vector<std::pair<std::string, std::string>>& members) {
        std::string out = "{";
        std::set<std::string> seen;
        for (const auto& [key, value] : members) {
          if (!seen.insert(key).second) continue;
          if (out.size() > 1) out += ',';
          out += "\"" + key + "\":" + value;
        }
        return out + "}";
      });
}

// Error bodies of both generations, none of them the permission refusal (that one is the
// documented sub-account answer and may mark crypto-transactions unavailable).
rc::Gen<std::string> error_body() {
  return rc::gen::oneOf(
      rc::gen::map(json_object(), [](const std::string& value) { return R"({"error":)" + value + "}"; }),
      rc::gen::map(json_scalar(), [](const std::string& value) { return R"({"error":)" + value + "}"; }),
      rc::gen::just<std::string>(R"({"error":{"amount":["This field is required."]}})"),
      rc::gen::just<std::string>(R"({"errors":["Invalid limit"]})"),
      rc::gen::just<std::string>(R"({"status":"error","reason":"Invalid offset","code":"400.001"})"),
      rc::gen::just<std::string>(R"({"status":"error","reason":{"__all__":["Invalid limit"]}})"),
      rc::gen::just<std::string>(R"({"code":"API5506","message":"Trade account does not support derivatives."})"),
      rc::gen::just<std::string>(R"({"code":"API0000","status":"ok"})"));
}

rc::Gen<std::string> foreign_body(const std::string& path) {
  std::vector<std::string> others;
  for (const auto& [other, body] : good_bodies()) {
    if (other != path) others.push_back(body);
  }
  return rc::gen::oneOf(
      json_object(), json_scalar(), error_body(), rc::gen::elementOf(others),
      // Arrays of wrong rows, never empty: an empty array is a valid page of every list endpoint.
      rc::gen::map(rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(json_object())),
                   [](const std::vector<std::string>& rows) {
                     std::string out = "[";
                     for (const std::string& row : rows) out += (out.size() > 1 ? "," : "") + row;
                     return out + "]";
                   }));
}

RC_GTEST_PROP(BodyShapeProperty, AForeignBodyNeverEmitsMovesACursorOrMarksADatasetUnavailable, ()) {
  std::vector<std::string> paths;
  for (const auto& [path, body] : good_bodies()) paths.push_back(path);
  const std::string path = *rc::gen::elementOf(paths);
  const std::string body = *foreign_body(path);
  const int status = *rc::gen::element(200, 400);
  RC_TAG(path);
  const Settings settings = settings_for(path);
  AtEndpoint at = reach(path, settings);
  const DataCursors before = cursors_of(at.state);
  const SkipCache skip_before = at.state.skip;
  StepResult result;
  result.state = std::move(at.state);
  std::deque<Request> queue{at.request};
  std::size_t attempts = 0;
  // The same foreign body on every attempt; the other requests the cycle makes meanwhile are
  // left unanswered (the property is about this endpoint's answer).
  while (!queue.empty()) {
    const Request request = queue.front();
    queue.pop_front();
    if (request.path != path) continue;
    ++attempts;
    result = step(std::move(result.state), settings, request, Response{Transport::received, status, {}, body}, t0);
    RC_ASSERT(result.records.empty());
    DataCursors after = cursors_of(result.state);
    // One order's unreadable status does not hold the other orders back: the cycle commits what
    // its fills walk read (that order stays followed, checked below).
    if (path == order_status_path) after.fills = before.fills;
    RC_ASSERT(after == before);
    RC_ASSERT(result.state.skip == skip_before);
    queue.insert(queue.end(), result.requests.begin(), result.requests.end());
  }
  RC_ASSERT(attempts >= 1u);
  RC_ASSERT(attempts <= std::size_t{request_attempt_max});
  // An order whose status could not be read is still followed, never dropped or settled.
  if (path == order_status_path) {
    RC_ASSERT(result.state.orders_cursor.tracked.contains(1500000000000001));
    RC_ASSERT(!result.state.orders_cursor.settled.contains(1500000000000001));
  }
}

// The same harness with the endpoint's own good body: proves the property above is not passing
// because nothing is ever read.
TEST(BodyShape, TheHarnessReadsEachEndpointsGoodBody) {
  for (const auto& [path, body] : good_bodies()) {
    SCOPED_TRACE(path);
    const Settings settings = settings_for(path);
    AtEndpoint at = [&] {
      StepResult result = plan(SyncState{}, settings, t0);
      std::deque<Request> queue(result.requests.begin(), result.requests.end());
      while (!queue.empty()) {
        Request request = queue.front();
        queue.pop_front();
        if (request.path == path) return AtEndpoint{std::move(result.state), std::move(request)};
        result = step(std::move(result.state), settings, request,
                      Response{Transport::received, 200, {}, good_bodies().at(request.path)}, t0);
        queue.insert(queue.end(), result.requests.begin(), result.requests.end());
      }
      return AtEndpoint{};
    }();
    ASSERT_EQ(at.request.path, path);
    const StepResult result = step(std::move(at.state), settings, at.request, Response{Transport::received, 200, {}, body}, t0);
    for (const Diagnostic& d : result.diagnostics) {
      EXPECT_NE(d.code, "request.retry") << d.detail;
    }
  }
}

}  // namespace
}  // namespace bitstamp::core
