#include "connector/record.hpp"

#include "connector/canonical_json.hpp"
#include "connector/record_json.hpp"
#include "connector/time.hpp"

namespace connector {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// A string (a reference, a default asset), or JSON null when there is none.
std::string optional_reference(const std::string& reference) {
  if (reference.empty()) return "null";
  std::string json;
  append_json_string(json, reference);
  return json;
}

std::string metadata_json(const Metadata& metadata) {
  CanonicalObject object;
  for (const auto& [key, value] : metadata) object.string(key, value);
  return object.finish();
}

}  // namespace

std::string_view to_string(PaymentType type) {
  switch (type) {
    case PaymentType::pay_in: return "PAY-IN";
    case PaymentType::payout: return "PAYOUT";
    case PaymentType::transfer: return "TRANSFER";
    case PaymentType::other: return "OTHER";
  }
  return "OTHER";
}

std::string_view to_string(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::pending: return "PENDING";
    case PaymentStatus::succeeded: return "SUCCEEDED";
    case PaymentStatus::cancelled: return "CANCELLED";
    case PaymentStatus::failed: return "FAILED";
    case PaymentStatus::expired: return "EXPIRED";
    case PaymentStatus::unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view to_string(ConversionStatus status) {
  switch (status) {
    case ConversionStatus::pending: return "PENDING";
    case ConversionStatus::completed: return "COMPLETED";
    case ConversionStatus::failed: return "FAILED";
  }
  return "FAILED";
}

std::string_view to_string(OrderDirection direction) {
  return direction == OrderDirection::buy ? "BUY" : "SELL";
}

std::string_view to_string(OrderType type) {
  switch (type) {
    case OrderType::market: return "MARKET";
    case OrderType::unknown: return "UNKNOWN";
    case OrderType::limit: return "LIMIT";
    case OrderType::stop_limit: return "STOP_LIMIT";
  }
  return "LIMIT";
}

std::string_view to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::pending: return "PENDING";
    case OrderStatus::open: return "OPEN";
    case OrderStatus::partially_filled: return "PARTIALLY_FILLED";
    case OrderStatus::filled: return "FILLED";
    case OrderStatus::cancelled: return "CANCELLED";
    case OrderStatus::failed: return "FAILED";
    case OrderStatus::expired: return "EXPIRED";
  }
  return "OPEN";
}

std::string_view to_string(TimeInForce time_in_force) {
  switch (time_in_force) {
    case TimeInForce::unknown: return "UNKNOWN";
    case TimeInForce::good_until_cancelled: return "GTC";
    case TimeInForce::immediate_or_cancel: return "IOC";
  }
  return "UNKNOWN";
}

std::string_view record_kind(const Record& record) {
  return std::visit(Overloaded{[](const PspAccount&) { return std::string_view("account"); },
                               [](const PspBalance&) { return std::string_view("balance"); },
                               [](const PspPayment&) { return std::string_view("payment"); },
                               [](const PspConversion&) { return std::string_view("conversion"); },
                               [](const PspOrder&) { return std::string_view("order"); }},
                    record);
}

std::string to_json(const Record& record) {
  return std::visit(
      Overloaded{
          [](const PspAccount& a) {
            return CanonicalObject()
                .string("kind", "account")
                .string("reference", a.reference)
                .string("createdAt", format_rfc3339(a.created_at_us))
                .string("name", a.name)
                // A multi-asset account (a Fireblocks vault) has none: null, as Formance writes it.
                .raw("defaultAsset", optional_reference(a.default_asset))
                .raw("metadata", metadata_json(a.metadata))
                .raw("raw", a.raw.empty() ? std::string_view("null") : std::string_view(a.raw))
                .finish();
          },
          [](const PspBalance& b) {
            return CanonicalObject()
                .string("kind", "balance")
                .string("accountReference", b.account_reference)
                .string("createdAt", format_rfc3339(b.created_at_us))
                .amount("amount", b.amount)
                .string("asset", b.asset)
                .finish();
          },
          [](const PspPayment& p) {
            return CanonicalObject()
                .string("kind", "payment")
                .string("reference", p.reference)
                .string("createdAt", format_rfc3339(p.created_at_us))
                .string("type", to_string(p.type))
                .amount("amount", p.amount)
                .string("asset", p.asset)
                .string("scheme", p.scheme)
                .string("status", to_string(p.status))
                .raw("sourceAccountReference", optional_reference(p.source_account_reference))
                .raw("destinationAccountReference", optional_reference(p.destination_account_reference))
                .raw("metadata", metadata_json(p.metadata))
                .raw("raw", p.raw.empty() ? std::string_view("null") : std::string_view(p.raw))
                .finish();
          },
          [](const PspConversion& c) {
            CanonicalObject object;
            object.string("kind", "conversion")
                .string("reference", c.reference)
                .string("createdAt", format_rfc3339(c.created_at_us))
                .string("sourceAsset", c.source_asset)
                .string("destinationAsset", c.destination_asset)
                .amount("sourceAmount", c.source_amount)
                .amount("destinationAmount", c.destination_amount)
                .string("status", to_string(c.status))
                .raw("sourceAccountReference", optional_reference(c.source_account_reference))
                .raw("destinationAccountReference", optional_reference(c.destination_account_reference))
                .raw("metadata", metadata_json(c.metadata))
                .raw("raw", c.raw.empty() ? std::string_view("null") : std::string_view(c.raw));
            if (c.fee) object.amount("fee", *c.fee).string("feeAsset", c.fee_asset);  // omitempty
            return object.finish();
          },
          [](const PspOrder& o) {
            CanonicalObject object;
            object.string("kind", "order")
                .string("reference", o.reference)
                .string("createdAt", format_rfc3339(o.created_at_us))
                .string("direction", to_string(o.direction))
                .string("sourceAsset", o.source_asset)
                .string("destinationAsset", o.destination_asset)
                .string("type", to_string(o.type))
                .string("status", to_string(o.status))
                .amount("baseQuantityFilled", o.base_quantity_filled)
                .amount("quoteQuantityFilled", o.quote_quantity_filled)
                .string("timeInForce", to_string(o.time_in_force))
                .raw("metadata", metadata_json(o.metadata))
                .raw("raw", o.raw.empty() ? std::string_view("null") : std::string_view(o.raw));
            // omitempty, like Formance's optional fields
            if (o.base_quantity_ordered) object.amount("baseQuantityOrdered", *o.base_quantity_ordered);
            if (o.limit_price) object.amount("limitPrice", *o.limit_price);
            if (o.average_fill_price) object.amount("averageFillPrice", *o.average_fill_price);
            if (o.fee) object.amount("fee", *o.fee).string("feeAsset", o.fee_asset);
            return object.finish();
          }},
      record);
}

bool is_historical(const PspOrder& order) {
  return order.metadata.contains(std::string(historical_order_key));
}

}  // namespace connector
