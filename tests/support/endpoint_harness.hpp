#pragma once
// Test support shared by the body-shape property and the responses fuzz target: a well-formed
// answer of every endpoint the core reads (wire digest §1-§7), the settings that make the core
// ask for it, a fresh install brought to the moment the core waits for it, and the data
// cursors a foreign body must leave alone.

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "bitstamp/core/orders.hpp"

namespace bitstamp::core::testing {

inline constexpr std::int64_t endpoint_t0_ms = 1759320000000;  // 2025-10-01T12:00:00Z

// A well-formed answer of each endpoint (wire digest §1-§7), used both to bring a cycle to the
// endpoint under test and as "another endpoint's body" for the others.
inline const std::map<std::string, std::string>& good_bodies() {
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

inline Settings settings_for(std::string_view path) {
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
// answered well; nullopt if the core never asks for it.
inline std::optional<AtEndpoint> reach(std::string_view path, const Settings& settings) {
  StepResult result = plan(SyncState{}, settings, endpoint_t0_ms);
  std::deque<Request> queue(result.requests.begin(), result.requests.end());
  while (!queue.empty()) {
    Request request = queue.front();
    queue.pop_front();
    if (request.path == path) return AtEndpoint{std::move(result.state), std::move(request)};
    result = step(std::move(result.state), settings, request,
                  Response{Transport::received, 200, {}, good_bodies().at(request.path)}, endpoint_t0_ms);
    queue.insert(queue.end(), result.requests.begin(), result.requests.end());
  }
  return std::nullopt;
}

// What a foreign body must leave alone: every data cursor.
struct DataCursors {
  PaymentsCursor payments;
  StreamCursor conversions;
  StreamCursor fills;
  std::set<std::string> accounts_known;
  friend bool operator==(const DataCursors&, const DataCursors&) = default;
};

inline DataCursors cursors_of(const SyncState& state) {
  return {state.payments_cursor, state.conversions_cursor, state.orders_cursor.fills, state.accounts_known};
}

}  // namespace bitstamp::core::testing
