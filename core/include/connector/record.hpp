#pragma once
// The Formance Connectivity record model (PSP types), as plain comparable values.
// Field names follow Formance's JSON (camelCase) when written; see record_json.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "connector/amount.hpp"
#include "connector/metadata.hpp"

namespace connector {


struct PspAccount {
  std::string reference;  // the ticker: "BTC"
  std::int64_t created_at_us = 0;
  std::string name;
  std::string default_asset;  // "BTC/8"
  Metadata metadata;
  std::string raw;  // the wire row, verbatim JSON

  friend bool operator==(const PspAccount&, const PspAccount&) = default;
};

struct PspBalance {
  std::string account_reference;
  std::int64_t created_at_us = 0;
  Amount amount;
  std::string asset;

  friend bool operator==(const PspBalance&, const PspBalance&) = default;
};

enum class PaymentType { pay_in, payout, transfer, other };
enum class PaymentStatus { pending, succeeded, cancelled, failed, expired, unknown };

// What a wire status says: the payment status, whether it can still change (a row that is not
// terminal is followed until it is), and whether the status table knows it at all.
struct StatusReading {
  PaymentStatus status = PaymentStatus::unknown;
  bool terminal = false;
  bool known = false;
  friend bool operator==(const StatusReading&, const StatusReading&) = default;
};

inline constexpr std::string_view scheme_other = "OTHER";
inline constexpr std::string_view scheme_sepa_credit = "SEPA_CREDIT";

struct PspPayment {
  std::string reference;  // unique across sources: "50197270", "ct-dep:1", "wr:42"
  std::int64_t created_at_us = 0;
  PaymentType type = PaymentType::other;
  Amount amount;  // absolute value, minor units
  std::string asset;
  std::string scheme{scheme_other};
  PaymentStatus status = PaymentStatus::unknown;
  std::string source_account_reference;       // "" when there is none (JSON null)
  std::string destination_account_reference;  // "" when there is none (JSON null)
  Metadata metadata;
  std::string raw;

  friend bool operator==(const PspPayment&, const PspPayment&) = default;
};

enum class ConversionStatus { pending, completed, failed };

struct PspConversion {
  std::string reference;
  std::int64_t created_at_us = 0;
  std::string source_asset;
  std::string destination_asset;
  Amount source_amount;       // absolute
  Amount destination_amount;  // absolute
  std::optional<Amount> fee;  // absent when zero
  std::string fee_asset;      // "" when there is no fee
  ConversionStatus status = ConversionStatus::completed;
  std::string source_account_reference;
  std::string destination_account_reference;
  Metadata metadata;
  std::string raw;

  friend bool operator==(const PspConversion&, const PspConversion&) = default;
};

enum class OrderDirection { buy, sell };
// `unknown` where the wire does not say (no subtype, an order rebuilt from its fills): Formance's
// ORDER_TYPE_UNKNOWN and TIME_IN_FORCE_UNKNOWN, rather than a guess.
enum class OrderType { unknown, market, limit, stop_limit };
enum class OrderStatus { pending, open, partially_filled, filled, cancelled, failed, expired };
enum class TimeInForce { unknown, good_until_cancelled, immediate_or_cancel };

// One Bitstamp order, its fills aggregated. BUY: source = quote, destination = base; SELL the
// other way round. Quantities are in the base asset's minor units, prices and the fee in the
// quote asset's.
struct PspOrder {
  std::string reference;  // the Bitstamp order id: "1458532827766784"
  std::int64_t created_at_us = 0;
  OrderDirection direction = OrderDirection::buy;
  std::string source_asset;
  std::string destination_asset;
  OrderType type = OrderType::limit;
  OrderStatus status = OrderStatus::open;
  std::optional<Amount> base_quantity_ordered;  // absent when nothing says it
  Amount base_quantity_filled;
  Amount quote_quantity_filled;  // what the fills cost or brought, before the fee
  std::optional<Amount> limit_price;  // first-sight limit price, when an open-orders snapshot showed it
  std::optional<Amount> average_fill_price;  // quote per whole base unit, truncated; absent without fills
  TimeInForce time_in_force = TimeInForce::good_until_cancelled;
  std::optional<Amount> fee;  // absent when zero
  std::string fee_asset;      // "" when there is no fee
  Metadata metadata;
  std::string raw;  // the order_status body (or the fill rows) it was read from

  friend bool operator==(const PspOrder&, const PspOrder&) = default;
};

using Record = std::variant<PspAccount, PspBalance, PspPayment, PspConversion, PspOrder>;

[[nodiscard]] std::string_view to_string(PaymentType type);      // "PAY-IN", "PAYOUT", ...
[[nodiscard]] std::string_view to_string(PaymentStatus status);  // "SUCCEEDED", ...
[[nodiscard]] std::string_view to_string(ConversionStatus status);  // "COMPLETED", ...
[[nodiscard]] std::string_view to_string(OrderDirection direction);  // "BUY", "SELL"
[[nodiscard]] std::string_view to_string(OrderType type);            // "LIMIT", "UNKNOWN", ...
[[nodiscard]] std::string_view to_string(OrderStatus status);        // "PARTIALLY_FILLED", ...
[[nodiscard]] std::string_view to_string(TimeInForce time_in_force);  // "GTC", "IOC", "UNKNOWN"

[[nodiscard]] std::string_view record_kind(const Record& record);
// Rebuilt from user_transactions/ fills rather than followed through order_status/.
[[nodiscard]] bool is_historical(const PspOrder& order);

// The metadata key that marks such an order (Bitstamp's: the stores fold its parts together).
inline constexpr std::string_view historical_order_key = "com.bitstamp.spec/historical";

}  // namespace connector
