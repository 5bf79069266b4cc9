#pragma once
// Orders (DESIGN.md §4 "Orders"): the open-orders snapshot, one order_status/ answer per
// order, and orders rebuilt from their type-2 fill rows in user_transactions/ (historical
// orders: placed before install, or past Bitstamp's 30-day order_status/ retention).
// Parsing and mapping only; which order is asked about when lives in the orders cycle.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "connector/record.hpp"
#include "bitstamp/core/user_transactions.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr std::string_view open_orders_path = "/api/v2/open_orders/all/";
inline constexpr std::string_view order_status_path = "/api/v2/order_status/";

inline constexpr std::int64_t order_side_buy = 0;
inline constexpr std::int64_t order_side_sell = 1;

// What is known about an order before (or besides) its order_status/ answer: from the
// open-orders snapshot that first showed it, or from the fill rows that revealed it.
// Wire texts, "" when unknown.
struct OrderContext {
  std::string market;  // "BTC/USD"
  std::optional<std::int64_t> side;  // order_side_buy / order_side_sell
  std::string limit_price;
  std::string amount_at_create;
  std::string client_order_id;
  std::optional<std::int64_t> datetime_us;
  friend bool operator==(const OrderContext&, const OrderContext&) = default;
};

// One row of POST /api/v2/open_orders/all/ (its id is a string there).
struct OpenOrder {
  std::int64_t id = 0;
  OrderContext context;
  friend bool operator==(const OpenOrder&, const OpenOrder&) = default;
};

struct OpenOrdersParse {
  std::vector<OpenOrder> orders;  // wire order; rows without a readable id are skipped
  std::vector<Diagnostic> diagnostics;
  std::optional<std::string> error;  // not an array: the snapshot is unusable
};

[[nodiscard]] OpenOrdersParse parse_open_orders(std::string_view body);

struct OrderFill {
  std::int64_t tid = 0;
  std::vector<std::pair<std::string, std::string>> amounts;  // uppercase ticker -> wire text
  std::string fee;                                           // wire text, "" when absent
  std::optional<std::int64_t> datetime_us;
  friend bool operator==(const OrderFill&, const OrderFill&) = default;
};

// POST /api/v2/order_status/: the rich shape or the legacy minimal one
// ({"status":"Open","id":963180354,"transactions":[]}). Absent fields stay empty.
struct OrderStatusReading {
  std::int64_t id = 0;
  std::string status;  // wire: "In Queue", "Open", "Finished", "Expired", "Canceled", "Cancel pending"
  std::string subtype;  // LIMIT, MARKET, INSTANT, STOP_LIMIT; "" in the legacy shape
  std::string market;
  std::optional<std::int64_t> side;
  std::string amount_remaining;
  std::string client_order_id;
  std::optional<std::int64_t> datetime_us;
  std::string datetime_text;  // as sent, for order_status_datetime
  std::vector<OrderFill> fills;
  std::string raw;  // the body, verbatim
  friend bool operator==(const OrderStatusReading&, const OrderStatusReading&) = default;
};

struct OrderStatusParse {
  std::optional<OrderStatusReading> order;
  std::optional<std::string> error;  // not an order (an error body is classified before this)
};

[[nodiscard]] OrderStatusParse parse_order_status(std::string_view body);

// "Order not found", however it comes: HTTP 404, or HTTP 200 with {"status":"error",
// "reason":"Order not found","code":"404.002"} (Bitstamp's answer past its 30-day retention).
[[nodiscard]] bool is_order_not_found(int http_status, std::string_view body);

// The order status table: In Queue PENDING; Open OPEN, or PARTIALLY_FILLED with fills;
// Finished FILLED; Canceled and Cancel pending CANCELLED; Expired EXPIRED. Anything else stays
// OPEN and not terminal (never coerced to an end), with known = false.
struct OrderStatusMeaning {
  OrderStatus status = OrderStatus::open;
  bool terminal = false;
  bool known = false;
  friend bool operator==(const OrderStatusMeaning&, const OrderStatusMeaning&) = default;
};
[[nodiscard]] OrderStatusMeaning read_order_status(std::string_view wire_status, bool has_fills);

// Subtype LIMIT / MARKET / INSTANT / STOP_LIMIT -> LIMIT GTC / MARKET IOC / MARKET IOC /
// STOP_LIMIT GTC; unknown or absent -> UNKNOWN with an UNKNOWN time in force (never guessed).
struct OrderKind {
  OrderType type = OrderType::limit;
  TimeInForce time_in_force = TimeInForce::good_until_cancelled;
};
[[nodiscard]] OrderKind read_order_subtype(std::string_view subtype);

// The order an order_status/ answer describes, its fills aggregated (a tid listed twice counts
// once). `context` fills what the answer leaves out (market, side, limit price). Nullopt with
// a diagnostic when the market, side or an amount cannot be read.
[[nodiscard]] std::optional<PspOrder> map_order_status(const OrderStatusReading& reading, const OrderContext& context,
                                                       const AssetTable& assets, const Enrichment& enrichment,
                                                       std::vector<Diagnostic>& diagnostics);

// An order rebuilt from the type-2 fill rows of one cycle (its fills of earlier cycles were
// emitted then; the store folds the emissions together, see order_fold.hpp).
struct FillAggregate {
  std::string base;   // tickers, from the rows' "<base>_<quote>" rate key
  std::string quote;
  std::int64_t side = order_side_buy;
  Amount base_filled;
  Amount quote_filled;
  Amount fee;
  std::int64_t first_fill_us = 0;
  std::int64_t last_fill_us = 0;
  std::int64_t first_fill_id = 0;  // user_transactions ids of the first and last fill added
  std::int64_t last_fill_id = 0;
  std::vector<std::string> rows;  // the fill rows, verbatim, in id order
  friend bool operator==(const FillAggregate&, const FillAggregate&) = default;
};

// Adds one type-2 row to `aggregate` (empty when it is the order's first). False, with a
// diagnostic and `aggregate` unchanged, when the row has no readable market, side or amounts.
bool add_fill(FillAggregate& aggregate, const UserTransaction& row, const AssetTable& assets,
              std::vector<Diagnostic>& diagnostics);

// A FILLED order with historical=true from its aggregated fills; metadata first_fill_id and
// last_fill_id name the fill rows it sums.
[[nodiscard]] std::optional<PspOrder> map_historical_order(std::int64_t order_id, const FillAggregate& aggregate,
                                                           const AssetTable& assets, const Enrichment& enrichment,
                                                           std::vector<Diagnostic>& diagnostics);

// Quote minor units per whole base unit, truncated: quote * 10^base_decimals / base. Nullopt
// without a base quantity (no fill) or past 127 bits.
[[nodiscard]] std::optional<Amount> average_fill_price(Amount quote, Amount base, std::uint32_t base_decimals);

// What the fill rows tell about an order the snapshot never showed (an order filled at once).
[[nodiscard]] OrderContext context_from_fills(const FillAggregate& aggregate);

}  // namespace bitstamp::core
