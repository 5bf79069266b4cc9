#include "bitstamp/core/order_fold.hpp"

#include <algorithm>
#include <charconv>

#include "bitstamp/core/orders.hpp"
#include "connector/time.hpp"
#include "state_sections.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"

namespace bitstamp::core {
namespace {

std::string meta_key(std::string_view key) { return std::string(metadata_prefix) + std::string(key); }

std::optional<std::int64_t> meta_id(const Metadata& metadata, std::string_view key) {
  const std::optional<std::string_view> text = metadata.find(meta_key(key));
  std::int64_t id = 0;
  if (!text || !decode_id(std::string(*text), id)) return std::nullopt;
  return id;
}

// "BTC/8" -> 8.
std::optional<std::uint32_t> asset_decimals(std::string_view asset) {
  const std::size_t slash = asset.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t decimals = 0;
  const char* end = asset.data() + asset.size();
  const auto [ptr, error] = std::from_chars(asset.data() + slash + 1, end, decimals);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return decimals;
}

bool is_json_array(std::string_view text) { return text.size() >= 2 && text.front() == '[' && text.back() == ']'; }

// Two JSON arrays of rows as one, `first`'s rows first (either may be empty: no raw text).
std::string join_rows(std::string_view first, std::string_view second) {
  if (first.empty()) return std::string(second);
  if (second.empty()) return std::string(first);
  if (!is_json_array(first) || !is_json_array(second)) {
    return "[" + std::string(first) + "," + std::string(second) + "]";
  }
  if (first == "[]") return std::string(second);
  if (second == "[]") return std::string(first);
  std::string joined(first.substr(0, first.size() - 1));
  joined += ',';
  joined += second.substr(1);
  return joined;
}

// An amount the canonical JSON wrote as a number of minor units.
bool read_minor_units(wire::od::value value, Amount& out) {
  const std::optional<std::string_view> text = wire::scalar_text(value);
  if (!text) return false;
  const ParsedDecimal parsed = parse_decimal(*text, 0);
  if (!parsed.ok() || parsed.truncated) return false;
  out = parsed.amount;
  return true;
}

}  // namespace

std::optional<HistoricalFills> historical_fills_of(const PspOrder& order) {
  if (!is_historical(order)) return std::nullopt;
  HistoricalFills fills;
  fills.base_filled = order.base_quantity_filled;
  fills.quote_filled = order.quote_quantity_filled;
  fills.fee = order.fee.value_or(Amount{});
  fills.created_at_us = order.created_at_us;
  fills.first_fill_id = meta_id(order.metadata, "first_fill_id");
  fills.last_fill_id = meta_id(order.metadata, "last_fill_id");
  fills.raw = order.raw;
  return fills;
}

std::optional<HistoricalFills> historical_fills_from_json(std::string_view record_json) {
  wire::WireDocument document(record_json);
  wire::od::document* doc = nullptr;
  wire::od::object object;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  HistoricalFills fills;
  bool is_order = false;
  bool historical = false;
  bool created = false;
  const std::string historical_key = meta_key("historical");
  const std::string first_key = meta_key("first_fill_id");
  const std::string last_key = meta_key("last_fill_id");
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    if (key == "kind") {
      is_order = wire::scalar_text(value) == std::optional<std::string_view>("order");
    } else if (key == "baseQuantityFilled") {
      return read_minor_units(value, fills.base_filled);
    } else if (key == "quoteQuantityFilled") {
      return read_minor_units(value, fills.quote_filled);
    } else if (key == "fee") {
      return read_minor_units(value, fills.fee);
    } else if (key == "createdAt") {
      const std::optional<std::string_view> text = wire::scalar_text(value);
      const std::optional<std::int64_t> us = text ? parse_rfc3339_us(*text) : std::nullopt;
      created = us.has_value();
      fills.created_at_us = us.value_or(0);
    } else if (key == "raw") {
      // Rebuilt from fills, the raw text is the fill rows' array (null only when empty).
      if (value.is_null()) return true;
      wire::od::array rows;
      std::string_view raw;
      if (value.get_array().get(rows) != simdjson::SUCCESS || rows.raw_json().get(raw) != simdjson::SUCCESS) {
        return false;
      }
      fills.raw = std::string(wire::trim_trailing_space(raw));
    } else if (key == "metadata") {
      wire::od::object metadata;
      if (value.get_object().get(metadata) != simdjson::SUCCESS) return false;
      return wire::for_each_field(metadata, [&](std::string_view name, wire::od::value entry) {
        std::int64_t id = 0;
        if (name == historical_key) {
          historical = true;
        } else if (name == first_key || name == last_key) {
          const std::optional<std::string_view> text = wire::scalar_text(entry);
          if (text && decode_id(std::string(*text), id)) (name == first_key ? fills.first_fill_id : fills.last_fill_id) = id;
        }
        return true;
      });
    }
    return true;
  });
  if (!walked || !is_order || !historical || !created) return std::nullopt;
  return fills;
}

OrderFold fold_order(const std::optional<HistoricalFills>& stored, const PspOrder& incoming) {
  const std::optional<HistoricalFills> adding = historical_fills_of(incoming);
  if (!stored || !adding || !adding->first_fill_id || !adding->last_fill_id) {
    return {FoldOutcome::replaced, incoming};
  }
  if (stored->last_fill_id) {
    if (*adding->last_fill_id <= *stored->last_fill_id) return {FoldOutcome::already_held, incoming};
    if (*adding->first_fill_id <= *stored->last_fill_id) return {FoldOutcome::conflict, incoming};
  }
  // A stored record without fill ids was written by a version that emitted every fill read
  // so far: what follows the cursor it committed with is new, and folds in.
  const std::optional<Amount> base = checked_add(stored->base_filled, adding->base_filled);
  const std::optional<Amount> quote = checked_add(stored->quote_filled, adding->quote_filled);
  const std::optional<Amount> fee = checked_add(stored->fee, adding->fee);
  if (!base || !quote || !fee) return {FoldOutcome::conflict, incoming};
  OrderFold fold{FoldOutcome::folded, incoming};
  PspOrder& order = fold.order;
  const bool buy = order.direction == OrderDirection::buy;
  const std::string& base_asset = buy ? order.destination_asset : order.source_asset;
  const std::string& quote_asset = buy ? order.source_asset : order.destination_asset;
  order.created_at_us = std::min(stored->created_at_us, adding->created_at_us);
  order.base_quantity_filled = *base;
  order.base_quantity_ordered = *base;
  order.quote_quantity_filled = *quote;
  const std::optional<std::uint32_t> decimals = asset_decimals(base_asset);
  order.average_fill_price = decimals ? average_fill_price(*quote, *base, *decimals) : std::nullopt;
  if (fee->is_zero()) {
    order.fee.reset();
    order.fee_asset.clear();
  } else {
    order.fee = *fee;
    order.fee_asset = quote_asset;
  }
  if (stored->first_fill_id) {
    order.metadata.set(metadata_key::first_fill_id, std::to_string(*stored->first_fill_id));
  } else {
    order.metadata.erase(meta_key("first_fill_id"));
  }
  order.raw = join_rows(stored->raw, adding->raw);
  return fold;
}

}  // namespace bitstamp::core
