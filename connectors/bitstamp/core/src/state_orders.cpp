// The state document's "orders" and "enrichment" sections.
#include "state_sections.hpp"

#include "connector/canonical_json.hpp"
#include "bitstamp/core/limits.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {
namespace {

using nlohmann::json;

std::string encode_context(const OrderContext& context) {
  CanonicalObject object;
  object.string("market", context.market)
      .string("limitPrice", context.limit_price)
      .string("amountAtCreate", context.amount_at_create)
      .string("clientOrderId", context.client_order_id);
  if (context.side) object.integer("side", *context.side);
  if (context.datetime_us) object.integer("datetimeUs", *context.datetime_us);
  return object.finish();
}

// Field readers: each leaves `error` naming the path when a present member has the wrong type.
struct Reader {
  const json& object;
  std::string path;
  std::string& error;

  bool text(const char* key, std::string& out) const {
    const auto it = object.find(key);
    if (it == object.end()) return true;
    if (!it->is_string()) return fail(key, "a string");
    out = it->get<std::string>();
    return true;
  }
  bool integer(const char* key, std::int64_t& out) const {
    const auto it = object.find(key);
    if (it == object.end()) return true;
    if (!it->is_number_integer()) return fail(key, "an integer");
    out = it->get<std::int64_t>();
    return true;
  }
  bool optional_integer(const char* key, std::optional<std::int64_t>& out) const {
    if (!object.contains(key)) return true;
    std::int64_t value = 0;
    if (!integer(key, value)) return false;
    out = value;
    return true;
  }
  bool fail(const char* key, const char* what) const {
    error = path + "." + key + " must be " + what;
    return false;
  }
};

// Calls read(id, value, path) for every member of the object at `key`, keyed by order id.
template <class Read>
bool for_each_order(const json& object, const char* key, const std::string& path, std::string& error, Read&& read) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_object()) {
    error = path + "." + key + " must be an object keyed by order id";
    return false;
  }
  for (const auto& [id_text, value] : it->items()) {
    const std::string entry_path = path + "." + key + "." + id_text;
    std::int64_t id = 0;
    if (!decode_id(id_text, id)) {
      error = entry_path + ": the key must be an order id";
      return false;
    }
    if (!read(id, value, entry_path)) return false;
  }
  return true;
}

bool decode_context(const json& value, OrderContext& context, const std::string& path, std::string& error) {
  if (!value.is_object()) {
    error = path + " must be an object";
    return false;
  }
  const Reader r{value, path, error};
  return r.text("market", context.market) && r.text("limitPrice", context.limit_price) &&
         r.text("amountAtCreate", context.amount_at_create) && r.text("clientOrderId", context.client_order_id) &&
         r.optional_integer("side", context.side) && r.optional_integer("datetimeUs", context.datetime_us);
}

bool decode_strings(const json& object, const char* key, std::vector<std::string>& out, const std::string& path,
                    std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_array()) {
    error = path + "." + key + " must be an array of strings";
    return false;
  }
  for (const json& value : *it) {
    if (!value.is_string()) {
      error = path + "." + key + " must be an array of strings";
      return false;
    }
    out.push_back(value.get<std::string>());
  }
  return true;
}

}  // namespace

std::string json_string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, values[i]);
  }
  return out + "]";
}

bool decode_id(const std::string& text, std::int64_t& id) {
  if (text.empty() || text.size() > 18) return false;
  id = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  return true;
}

std::string encode_orders(const TaskProgress& progress, const OrdersCursor& cursor) {
  CanonicalObject tracked;
  for (const auto& [id, order] : cursor.tracked) {
    CanonicalObject entry;
    entry.integer("firstSeenMs", order.first_seen_ms)
        .raw("context", encode_context(order.context))
        .string("lastBody", order.last_body);
    // Written only when non-zero: documents of orders that never failed stay as they were.
    if (order.failed_cycles > 0) entry.integer("failedCycles", order.failed_cycles);
    tracked.raw(std::to_string(id), entry.finish());
  }
  CanonicalObject settled;
  for (const auto& [id, at_ms] : cursor.settled) settled.integer(std::to_string(id), at_ms);
  return CanonicalObject()
      .integer("lastCompletedMs", progress.last_completed_ms)
      .raw("fills", CanonicalObject()
                        .integer("lastTransactionID", cursor.fills.last_id)
                        .boolean("backfillPending", cursor.fills.backfill_pending)
                        .finish())
      .raw("tracked", tracked.finish())
      .raw("settled", settled.finish())
      .finish();
}

bool decode_orders(const json& object, TaskProgress& progress, OrdersCursor& cursor, std::string& error) {
  const std::string path = "orders";
  if (!object.is_object()) {
    error = "orders must be an object";
    return false;
  }
  const Reader top{object, path, error};
  if (!top.integer("lastCompletedMs", progress.last_completed_ms)) return false;
  if (const auto fills = object.find("fills"); fills != object.end()) {
    if (!fills->is_object()) return top.fail("fills", "an object");
    const Reader r{*fills, path + ".fills", error};
    if (!r.integer("lastTransactionID", cursor.fills.last_id)) return false;
    if (const auto pending = fills->find("backfillPending"); pending != fills->end()) {
      if (!pending->is_boolean()) return r.fail("backfillPending", "true or false");
      cursor.fills.backfill_pending = pending->get<bool>();
    }
  }
  const bool tracked = for_each_order(object, "tracked", path, error, [&](std::int64_t id, const json& value,
                                                                          const std::string& entry_path) {
    TrackedOrder order;
    if (!value.is_object()) {
      error = entry_path + " must be an object";
      return false;
    }
    const Reader r{value, entry_path, error};
    std::int64_t failed_cycles = 0;
    if (!r.integer("firstSeenMs", order.first_seen_ms) || !r.text("lastBody", order.last_body) ||
        !r.integer("failedCycles", failed_cycles)) {
      return false;
    }
    if (failed_cycles < 0 || failed_cycles > order_status_failed_cycles_max) return r.fail("failedCycles", "a count of failed cycles");
    order.failed_cycles = static_cast<std::uint32_t>(failed_cycles);
    if (const auto context = value.find("context"); context != value.end()) {
      if (!decode_context(*context, order.context, entry_path + ".context", error)) return false;
    }
    cursor.tracked.emplace(id, std::move(order));
    return true;
  });
  if (!tracked) return false;
  const bool settled = for_each_order(object, "settled", path, error, [&](std::int64_t id, const json& value,
                                                                          const std::string& entry_path) {
    if (!value.is_number_integer()) {
      error = entry_path + " must be an integer";
      return false;
    }
    cursor.settled.emplace(id, value.get<std::int64_t>());
    return true;
  });
  // A "historical" section (fill aggregates, written before the store folded historical
  // orders) is not read: the records committed with it hold what it summed.
  return settled;
}

std::string encode_enrichment(const Enrichment& enrichment) {
  std::string markets = "[";
  for (const auto& [name, market] : enrichment.markets) {
    if (markets.size() > 1) markets += ',';
    markets += CanonicalObject()
                   .string("name", market.name)
                   .string("symbol", market.symbol)
                   .string("base", market.base)
                   .string("quote", market.quote)
                   .string("minimumOrderValue", market.minimum_order_value)
                   .finish();
  }
  markets += ']';
  CanonicalObject trading;
  for (const auto& [symbol, fee] : enrichment.trading_fees) {
    trading.raw(symbol, CanonicalObject().string("maker", fee.maker).string("taker", fee.taker).finish());
  }
  CanonicalObject withdrawal;
  for (const auto& [ticker, fees] : enrichment.withdrawal_fees) {
    std::string list = "[";
    for (const WithdrawalFee& fee : fees) {
      if (list.size() > 1) list += ',';
      list += CanonicalObject().string("network", fee.network).string("fee", fee.fee).finish();
    }
    withdrawal.raw(ticker, list + "]");
  }
  return CanonicalObject()
      .raw("markets", markets)
      .raw("myMarkets", json_string_array({enrichment.my_markets.begin(), enrichment.my_markets.end()}))
      .raw("tradingFees", trading.finish())
      .raw("withdrawalFees", withdrawal.finish())
      .integer("fetchedAtMs", enrichment.fetched_at_ms)
      .finish();
}

bool decode_enrichment(const json& object, Enrichment& enrichment, std::string& error) {
  const std::string path = "enrichment";
  if (!object.is_object()) {
    error = "enrichment must be an object";
    return false;
  }
  if (!Reader{object, path, error}.integer("fetchedAtMs", enrichment.fetched_at_ms)) return false;
  if (const auto markets = object.find("markets"); markets != object.end()) {
    if (!markets->is_array()) return Reader{object, path, error}.fail("markets", "an array");
    for (std::size_t i = 0; i < markets->size(); ++i) {
      const json& row = (*markets)[i];
      const std::string row_path = path + ".markets[" + std::to_string(i) + "]";
      if (!row.is_object()) {
        error = row_path + " must be an object";
        return false;
      }
      Market market;
      const Reader r{row, row_path, error};
      if (!r.text("name", market.name) || !r.text("symbol", market.symbol) || !r.text("base", market.base) ||
          !r.text("quote", market.quote) || !r.text("minimumOrderValue", market.minimum_order_value)) {
        return false;
      }
      enrichment.markets.emplace(market.name, std::move(market));
    }
  }
  std::vector<std::string> my_markets;
  if (!decode_strings(object, "myMarkets", my_markets, path, error)) return false;
  enrichment.my_markets = {my_markets.begin(), my_markets.end()};
  if (const auto trading = object.find("tradingFees"); trading != object.end()) {
    if (!trading->is_object()) return Reader{object, path, error}.fail("tradingFees", "an object");
    for (const auto& [symbol, fee] : trading->items()) {
      const Reader r{fee, path + ".tradingFees." + symbol, error};
      TradingFee value;
      if (!fee.is_object()) return r.fail("", "an object");
      if (!r.text("maker", value.maker) || !r.text("taker", value.taker)) return false;
      enrichment.trading_fees.emplace(symbol, std::move(value));
    }
  }
  if (const auto withdrawal = object.find("withdrawalFees"); withdrawal != object.end()) {
    if (!withdrawal->is_object()) return Reader{object, path, error}.fail("withdrawalFees", "an object");
    for (const auto& [ticker, fees] : withdrawal->items()) {
      if (!fees.is_array()) return Reader{*withdrawal, path + ".withdrawalFees", error}.fail(ticker.c_str(), "an array");
      enrichment.withdrawal_fees[ticker];  // listed with no fee is still listed
      for (const json& fee : fees) {
        const Reader r{fee, path + ".withdrawalFees." + ticker, error};
        WithdrawalFee value;
        if (!fee.is_object()) return r.fail("", "objects");
        if (!r.text("network", value.network) || !r.text("fee", value.fee)) return false;
        enrichment.withdrawal_fees[ticker].push_back(std::move(value));
      }
    }
  }
  return true;
}

}  // namespace bitstamp::core
