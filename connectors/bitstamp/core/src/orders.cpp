#include "bitstamp/core/orders.hpp"

#include <limits>
#include <set>

#include "connector/amount.hpp"
#include "bitstamp/core/classify.hpp"
#include "connector/time.hpp"
#include "row_amount.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

// "BTC/USD" (any case) -> "BTC/USD"; "" when it is not BASE/QUOTE of valid tickers.
std::string normalize_market(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return "";
  const std::optional<std::string> base = normalize_ticker(text.substr(0, slash));
  const std::optional<std::string> quote = normalize_ticker(text.substr(slash + 1));
  if (!base || !quote) return "";
  return *base + "/" + *quote;
}

std::string order_name(std::int64_t id) { return "order " + std::to_string(id); }

Diagnostic order_skipped(std::string code, std::int64_t id, const std::string& why) {
  return Diagnostic{Severity::warning, std::move(code), order_name(id) + ": " + why + "; skipped"};
}

void put(Metadata& metadata, connector::MetadataKey key, std::string_view value) {
  if (!value.empty()) metadata.set(key, value);
}

struct MarketAssets {
  const Currency* base = nullptr;
  const Currency* quote = nullptr;
};

std::optional<MarketAssets> market_assets(const std::string& market, const AssetTable& assets) {
  const std::size_t slash = market.find('/');
  if (slash == std::string::npos) return std::nullopt;
  MarketAssets found{assets.find(market.substr(0, slash)), assets.find(market.substr(slash + 1))};
  if (found.base == nullptr || found.quote == nullptr) return std::nullopt;
  return found;
}

// The parts of a PspOrder every path fills the same way.
PspOrder order_shell(std::int64_t id, std::int64_t side, const MarketAssets& market, const std::string& market_name) {
  PspOrder order;
  order.reference = std::to_string(id);
  order.direction = side == order_side_sell ? OrderDirection::sell : OrderDirection::buy;
  const std::string base_asset = asset_string(*market.base);
  const std::string quote_asset = asset_string(*market.quote);
  order.source_asset = order.direction == OrderDirection::buy ? quote_asset : base_asset;
  order.destination_asset = order.direction == OrderDirection::buy ? base_asset : quote_asset;
  order.fee_asset = quote_asset;
  put(order.metadata, metadata_key::currency_pair, market_name);
  return order;
}

void finish_amounts(PspOrder& order, Amount base, Amount quote, Amount fee, const MarketAssets& market) {
  order.base_quantity_filled = base;
  order.quote_quantity_filled = quote;
  order.average_fill_price = average_fill_price(quote, base, market.base->decimals);
  if (fee.is_zero()) {
    order.fee.reset();
    order.fee_asset.clear();
  } else {
    order.fee = fee;
  }
}

// Reads one fill of order_status/: tid, fee, datetime, and every currency key.
std::optional<OrderFill> read_fill(wire::od::value element) {
  wire::od::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  OrderFill fill;
  bool has_tid = false;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    if (key == "tid") {
      const auto tid = wire::integer_value(value);
      has_tid = tid.has_value();
      fill.tid = tid.value_or(0);
    } else if (key == "fee") {
      fill.fee = wire::scalar_string(value);
    } else if (key == "datetime") {
      if (auto text = wire::scalar_text(value)) fill.datetime_us = parse_bitstamp_datetime_us(*text);
    } else if (key == "price" || key == "type") {
      // the price is implied by the amounts; type is always 2 here
    } else if (const std::optional<std::string> ticker = normalize_ticker(key)) {
      if (auto text = wire::scalar_text(value)) fill.amounts.emplace_back(*ticker, std::string(*text));
    }
    return true;
  });
  if (!walked || !has_tid) return std::nullopt;
  return fill;
}

const std::string* amount_of(const OrderFill& fill, const std::string& ticker) {
  for (const auto& [key, text] : fill.amounts) {
    if (key == ticker) return &text;
  }
  return nullptr;
}

}  // namespace

OpenOrdersParse parse_open_orders(std::string_view body) {
  OpenOrdersParse result;
  std::size_t index = 0;
  const std::string error = wire::for_each_element(body, open_orders_shape, [&](wire::od::value element) -> std::string {
    wire::od::object object;
    const char* begin = nullptr;
    if (!wire::open_row(element, object, begin)) return "is not an object";
    RequiredKeys required(open_orders_shape);
    OpenOrder order;
    std::optional<std::int64_t> id;
    std::string currency_pair;
    std::string price;
    const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
      required.note(key);
      if (key == "id") id = wire::integer_value(value);  // a string of digits here
      else if (key == "type") order.context.side = wire::integer_value(value);
      else if (key == "market") order.context.market = normalize_market(wire::scalar_string(value));
      else if (key == "currency_pair") currency_pair = normalize_market(wire::scalar_string(value));
      else if (key == "limit_price") order.context.limit_price = wire::scalar_string(value);
      else if (key == "price") price = wire::scalar_string(value);
      else if (key == "amount_at_create") order.context.amount_at_create = wire::scalar_string(value);
      else if (key == "client_order_id") order.context.client_order_id = wire::scalar_string(value);
      else if (key == "datetime") {
        if (auto text = wire::scalar_text(value)) order.context.datetime_us = parse_bitstamp_datetime_us(*text);
      }
      return true;
    });
    if (!walked) return "cannot be walked";
    if (const std::string_view missing = required.missing(); !missing.empty()) {
      return missing_key_refusal(open_orders_shape, missing);
    }
    if (!id || *id <= 0) {
      result.diagnostics.push_back({Severity::warning, "order.unreadable_id",
                                    "open_orders[" + std::to_string(index++) + "] has no readable id; skipped"});
      return "";
    }
    ++index;
    order.id = *id;
    if (order.context.market.empty()) order.context.market = currency_pair;  // deprecated spelling
    // A limit order's price is its limit; stop-limit orders carry the limit separately.
    if (order.context.limit_price.empty()) order.context.limit_price = price;
    result.orders.push_back(std::move(order));
    return "";
  });
  if (!error.empty()) return OpenOrdersParse{{}, {}, error};
  return result;
}

OrderStatusParse parse_order_status(std::string_view body) {
  const auto refused = [](std::string why) { return OrderStatusParse{std::nullopt, std::move(why)}; };
  wire::WireDocument document(body);
  wire::od::document* doc = nullptr;
  wire::od::object object;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS) {
    return refused(shape_refusal(order_status_shape));
  }
  OrderStatusReading reading;
  RequiredKeys required(order_status_shape);
  std::optional<std::int64_t> id;
  std::string fills_refusal;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    required.note(key);
    if (key == "id") id = wire::integer_value(value);
    else if (key == "status") reading.status = wire::scalar_string(value);
    else if (key == "subtype") reading.subtype = wire::scalar_string(value);
    else if (key == "market") reading.market = normalize_market(wire::scalar_string(value));
    else if (key == "type") reading.side = wire::integer_value(value);
    else if (key == "amount_remaining") reading.amount_remaining = wire::scalar_string(value);
    else if (key == "client_order_id") reading.client_order_id = wire::scalar_string(value);
    else if (key == "datetime") {
      reading.datetime_text = wire::scalar_string(value);
      reading.datetime_us = parse_bitstamp_datetime_us(reading.datetime_text);
    } else if (key == "transactions") {
      std::size_t index = 0;
      const bool listed = wire::for_each_in_array(value, [&](wire::od::value element) {
        std::optional<OrderFill> fill = read_fill(element);
        if (!fill) {
          fills_refusal = row_refusal(order_status_shape, ".transactions[" + std::to_string(index) + "]",
                                      missing_key_refusal(order_fill_shape, "tid"));
          return false;
        }
        ++index;
        reading.fills.push_back(std::move(*fill));
        return true;
      });
      if (!listed && fills_refusal.empty()) fills_refusal = row_refusal(order_status_shape, ".transactions", "is not an array");
      return listed;
    }
    return true;
  });
  if (!fills_refusal.empty()) return refused(fills_refusal);
  if (!walked) return refused(shape_refusal(order_status_shape));
  if (const std::string_view missing = required.missing(); !missing.empty()) {
    return refused(row_refusal(order_status_shape, "", missing_key_refusal(order_status_shape, missing)));
  }
  if (!id || reading.status.empty()) return refused("order_status/ has no integer id or no status text");
  if (std::string why = wire::take_body_raw(body, reading.raw); !why.empty()) {
    return refused(row_refusal(order_status_shape, "", why));
  }
  reading.id = *id;
  return {std::move(reading), std::nullopt};
}

bool is_order_not_found(int http_status, std::string_view body) {
  Response response;
  response.status = http_status;
  response.body = std::string(body);
  return classify(response).outcome == Outcome::not_found;
}

OrderStatusMeaning read_order_status(std::string_view wire_status, bool has_fills) {
  if (wire_status == "In Queue") return {OrderStatus::pending, false, true};
  if (wire_status == "Open") return {has_fills ? OrderStatus::partially_filled : OrderStatus::open, false, true};
  if (wire_status == "Finished") return {OrderStatus::filled, true, true};
  if (wire_status == "Canceled" || wire_status == "Cancel pending") return {OrderStatus::cancelled, true, true};
  if (wire_status == "Expired") return {OrderStatus::expired, true, true};
  return {has_fills ? OrderStatus::partially_filled : OrderStatus::open, false, false};
}

OrderKind read_order_subtype(std::string_view subtype) {
  if (subtype == "MARKET" || subtype == "INSTANT") return {OrderType::market, TimeInForce::immediate_or_cancel};
  if (subtype == "STOP_LIMIT") return {OrderType::stop_limit, TimeInForce::good_until_cancelled};
  if (subtype == "LIMIT") return {OrderType::limit, TimeInForce::good_until_cancelled};
  return {OrderType::unknown, TimeInForce::unknown};  // absent (the legacy shape) or new: not guessed
}

std::optional<PspOrder> map_order_status(const OrderStatusReading& reading, const OrderContext& context,
                                         const AssetTable& assets, const Enrichment& enrichment,
                                         std::vector<Diagnostic>& diagnostics) {
  const std::string market_name = !reading.market.empty() ? reading.market : context.market;
  const std::optional<MarketAssets> market = market_assets(market_name, assets);
  if (!market) {
    diagnostics.push_back(order_skipped("order.unknown_market", reading.id,
                                        "market '" + market_name + "' is not two currencies of the dataset"));
    return std::nullopt;
  }
  const std::optional<std::int64_t> side = reading.side ? reading.side : context.side;
  if (!side || (*side != order_side_buy && *side != order_side_sell)) {
    diagnostics.push_back(order_skipped("order.unknown_side", reading.id, "neither buy (0) nor sell (1)"));
    return std::nullopt;
  }
  const std::optional<std::int64_t> created_us =
      reading.datetime_us ? reading.datetime_us
      : context.datetime_us ? context.datetime_us
      : reading.fills.empty() ? std::nullopt
                              : reading.fills.front().datetime_us;
  if (!created_us) {
    diagnostics.push_back(order_skipped("order.unreadable_datetime", reading.id, "no datetime anywhere"));
    return std::nullopt;
  }
  const std::string row = order_name(reading.id);
  Amount base;
  Amount quote;
  Amount fee;
  std::set<std::int64_t> tids;
  for (const OrderFill& fill : reading.fills) {
    if (!tids.insert(fill.tid).second) continue;  // a fill listed twice counts once
    const std::string* base_text = amount_of(fill, market->base->ticker);
    const std::string* quote_text = amount_of(fill, market->quote->ticker);
    if (base_text == nullptr || quote_text == nullptr) {
      diagnostics.push_back(order_skipped("order.unreadable_fill", reading.id,
                                          "fill " + std::to_string(fill.tid) + " lacks its " + market_name + " amounts"));
      return std::nullopt;
    }
    const std::optional<Amount> fill_base = row_amount(*base_text, *market->base, row, diagnostics);
    const std::optional<Amount> fill_quote = row_amount(*quote_text, *market->quote, row, diagnostics);
    const std::optional<Amount> fill_fee =
        fill.fee.empty() ? std::optional<Amount>(Amount{}) : row_amount(fill.fee, *market->quote, row, diagnostics);
    if (!fill_base || !fill_quote || !fill_fee) return std::nullopt;
    const auto base_sum = checked_add(base, absolute(*fill_base));
    const auto quote_sum = checked_add(quote, absolute(*fill_quote));
    const auto fee_sum = checked_add(fee, absolute(*fill_fee));
    if (!base_sum || !quote_sum || !fee_sum) {
      diagnostics.push_back(order_skipped("order.amount_overflow", reading.id, "fills overflow 127 bits"));
      return std::nullopt;
    }
    base = *base_sum;
    quote = *quote_sum;
    fee = *fee_sum;
  }
  const OrderStatusMeaning meaning = read_order_status(reading.status, !base.is_zero());
  if (!meaning.known) {
    diagnostics.push_back({Severity::warning, "order.unknown_status",
                           row + ": status '" + reading.status + "' is not in the status table; kept " +
                               std::string(to_string(meaning.status)) + " and followed"});
  }
  PspOrder order = order_shell(reading.id, *side, *market, market_name);
  order.created_at_us = *created_us;
  order.status = meaning.status;
  const OrderKind kind = read_order_subtype(reading.subtype);
  order.type = kind.type;
  order.time_in_force = kind.time_in_force;
  finish_amounts(order, base, quote, fee, *market);
  if (!context.amount_at_create.empty()) {
    order.base_quantity_ordered = row_amount(context.amount_at_create, *market->base, row, diagnostics);
  } else if (!reading.amount_remaining.empty()) {
    if (const auto remaining = row_amount(reading.amount_remaining, *market->base, row, diagnostics)) {
      order.base_quantity_ordered = checked_add(base, absolute(*remaining));
    }
  }
  if (!context.limit_price.empty()) order.limit_price = row_amount(context.limit_price, *market->quote, row, diagnostics);
  put(order.metadata, metadata_key::order_subtype, reading.subtype);
  put(order.metadata, metadata_key::order_status_datetime, reading.datetime_text);
  put(order.metadata, metadata_key::client_order_id,
      !reading.client_order_id.empty() ? reading.client_order_id : context.client_order_id);
  add_order_enrichment(order.metadata, market_name, enrichment);
  order.raw = reading.raw;
  return order;
}

bool add_fill(FillAggregate& aggregate, const UserTransaction& row, const AssetTable& assets,
              std::vector<Diagnostic>& diagnostics) {
  // Named only when a diagnostic is written: a fill that reads cleanly builds no name.
  const RowLabel name("user_transactions", row.id);
  const auto refuse = [&](const std::string& why) {
    diagnostics.push_back({Severity::warning, "order.unreadable_fill", name.text() + ": " + why + "; fill skipped"});
    return false;
  };
  if (!row.order_id || !row.datetime_us) return refuse("no order_id or no datetime");
  // The market is the rate key over the row's two non-zero legs, never the first key: old rows
  // carry a legacy zero btc_usd whatever was traded, often ahead of the real one.
  const RowMarket market = row_market(row, assets);
  if (market.qualifying == 0) {
    return refuse("no <base>_<quote> rate key of two known currencies with non-zero amounts and a non-zero rate");
  }
  if (market.qualifying > 1) {
    return refuse(std::to_string(market.qualifying) + " rate keys name a market over non-zero amounts");
  }
  const std::string& base = market.base;
  const std::string& quote = market.quote;
  if (!aggregate.rows.empty() && (aggregate.base != base || aggregate.quote != quote)) {
    return refuse("market " + base + "/" + quote + " differs from the order's earlier fills");
  }
  const CurrencyAmount* base_leg = nullptr;
  const CurrencyAmount* quote_leg = nullptr;
  for (const CurrencyAmount& leg : row.amounts) {
    if (leg.ticker == base) base_leg = &leg;
    if (leg.ticker == quote) quote_leg = &leg;
  }
  if (base_leg == nullptr || quote_leg == nullptr) return refuse("base or quote amount missing");
  const Currency& base_currency = *assets.find(base);
  const Currency& quote_currency = *assets.find(quote);
  const auto base_amount = row_amount(base_leg->text, base_currency, name, diagnostics);
  const auto quote_amount = row_amount(quote_leg->text, quote_currency, name, diagnostics);
  const auto fee_amount =
      row.fee.empty() ? std::optional<Amount>(Amount{}) : row_amount(row.fee, quote_currency, name, diagnostics);
  if (!base_amount || !quote_amount || !fee_amount || base_amount->is_zero()) return refuse("amounts unreadable");
  const std::int64_t side = base_amount->is_negative() ? order_side_sell : order_side_buy;
  if (!aggregate.rows.empty() && aggregate.side != side) return refuse("side differs from the order's earlier fills");
  const auto base_sum = checked_add(aggregate.base_filled, absolute(*base_amount));
  const auto quote_sum = checked_add(aggregate.quote_filled, absolute(*quote_amount));
  const auto fee_sum = checked_add(aggregate.fee, absolute(*fee_amount));
  if (!base_sum || !quote_sum || !fee_sum) return refuse("amounts overflow 127 bits");
  if (aggregate.rows.empty()) {
    aggregate.base = base;
    aggregate.quote = quote;
    aggregate.side = side;
    aggregate.first_fill_us = *row.datetime_us;
    aggregate.first_fill_id = row.id;
  }
  aggregate.base_filled = *base_sum;
  aggregate.quote_filled = *quote_sum;
  aggregate.fee = *fee_sum;
  aggregate.last_fill_us = std::max(aggregate.last_fill_us, *row.datetime_us);
  aggregate.first_fill_us = std::min(aggregate.first_fill_us, *row.datetime_us);
  aggregate.last_fill_id = row.id;
  aggregate.rows.push_back(row.raw);
  return true;
}

std::optional<PspOrder> map_historical_order(std::int64_t order_id, const FillAggregate& aggregate,
                                             const AssetTable& assets, const Enrichment& enrichment,
                                             std::vector<Diagnostic>& diagnostics) {
  const std::string market_name = aggregate.base + "/" + aggregate.quote;
  const std::optional<MarketAssets> market = market_assets(market_name, assets);
  if (!market || aggregate.rows.empty()) {
    diagnostics.push_back(order_skipped("order.unknown_market", order_id, "fills name no market of the dataset"));
    return std::nullopt;
  }
  PspOrder order = order_shell(order_id, aggregate.side, *market, market_name);
  // Fills do not say how the order was placed: eight fills over five prices in two seconds may
  // well be a market order. Formance's unknown type says exactly that.
  order.type = OrderType::unknown;
  order.time_in_force = TimeInForce::unknown;
  order.created_at_us = aggregate.first_fill_us;
  order.status = OrderStatus::filled;
  finish_amounts(order, aggregate.base_filled, aggregate.quote_filled, aggregate.fee, *market);
  order.base_quantity_ordered = aggregate.base_filled;
  put(order.metadata, metadata_key::historical, "true");
  put(order.metadata, metadata_key::first_fill_id, std::to_string(aggregate.first_fill_id));
  put(order.metadata, metadata_key::last_fill_id, std::to_string(aggregate.last_fill_id));
  add_order_enrichment(order.metadata, market_name, enrichment);
  order.raw = "[";
  for (std::size_t i = 0; i < aggregate.rows.size(); ++i) {
    if (i > 0) order.raw += ',';
    order.raw += aggregate.rows[i];
  }
  order.raw += ']';
  return order;
}

std::optional<Amount> average_fill_price(Amount quote, Amount base, std::uint32_t base_decimals) {
  if (base.minor_units <= 0 || quote.minor_units < 0) return std::nullopt;
  int128 scaled = quote.minor_units;
  for (std::uint32_t i = 0; i < base_decimals; ++i) {
    if (scaled > std::numeric_limits<int128>::max() / 10) return std::nullopt;
    scaled *= 10;
  }
  return Amount{scaled / base.minor_units};
}

OrderContext context_from_fills(const FillAggregate& aggregate) {
  OrderContext context;
  context.market = aggregate.base + "/" + aggregate.quote;
  context.side = aggregate.side;
  context.datetime_us = aggregate.first_fill_us;
  return context;
}

}  // namespace bitstamp::core
