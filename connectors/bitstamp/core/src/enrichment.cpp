#include "bitstamp/core/enrichment.hpp"

#include <algorithm>

#include "connector/amount.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

// Comparing fee percentages and order minimums exactly needs a common scale; no wire value
// here has more decimals than this.
constexpr std::uint32_t comparison_precision = 12;

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Diagnostic skipped_row(std::string_view dataset, std::size_t index, std::string_view why) {
  return Diagnostic{Severity::debug, "enrichment.row_skipped",
                    std::string(dataset) + "[" + std::to_string(index) + "]: " + std::string(why) + "; skipped"};
}

// Rows a dataset could not use are each logged at debug; the dataset as a whole says so once,
// at warning level, with how many and the first reason, so a dataset of another shape's rows
// (a legacy markets list, say) is never silently empty.
void warn_skipped_rows(EnrichmentParse& result, std::string_view dataset, std::size_t rows) {
  std::size_t skipped = 0;
  const Diagnostic* first = nullptr;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.code != "enrichment.row_skipped") continue;
    if (first == nullptr) first = &diagnostic;
    ++skipped;
  }
  if (skipped == 0) return;
  result.diagnostics.push_back({Severity::warning, "enrichment.rows_skipped",
                                std::string(dataset) + ": " + std::to_string(skipped) + " of " + std::to_string(rows) +
                                    " rows unusable and skipped (first: " + first->detail + ")"});
}

// Reads every row of an array body of `shape` as {key: scalar text} pairs; nested values are
// handed to `nested(key, value)` instead. The dataset is refused whole when the body is not of
// the shape: an array of objects each with the shape's keys.
template <class Row, class Nested>
EnrichmentParse for_each_row(std::string_view body, const BodyShape& shape, Row&& row, Nested&& nested) {
  EnrichmentParse result;
  std::size_t index = 0;
  std::map<std::string, std::string> fields;
  const std::string_view dataset = shape.endpoint.substr(0, shape.endpoint.size() - 1);  // "markets"
  const std::string error = wire::for_each_element(body, shape, [&](wire::od::value element) -> std::string {
    wire::od::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) return "is not an object";
    RequiredKeys required(shape);
    fields.clear();
    const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
      required.note(key);
      if (auto text = wire::scalar_text(value)) {
        fields[std::string(key)] = std::string(*text);
      } else {
        nested(key, value);
      }
      return true;
    });
    if (!walked) return "cannot be walked";
    if (const std::string_view missing = required.missing(); !missing.empty()) {
      return missing_key_refusal(shape, missing);
    }
    row(fields, index++, result.diagnostics);
    return "";
  });
  if (!error.empty()) {
    result.error = error;
    return result;
  }
  warn_skipped_rows(result, dataset, index);
  return result;
}

std::string field(const std::map<std::string, std::string>& fields, const char* key) {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

bool is_enabled(std::string_view text) { return lowercase(text) == "enabled"; }

// "0.3" for one value, "0.2-0.3" for several (lowest and highest, by value).
std::string value_or_range(const std::vector<std::string>& values) {
  std::vector<std::pair<Amount, std::string>> readable;
  for (const std::string& value : values) {
    const ParsedDecimal parsed = parse_decimal(value, comparison_precision);
    if (parsed.ok()) readable.emplace_back(parsed.amount, value);
  }
  if (readable.empty()) return "";
  const auto [low, high] = std::minmax_element(readable.begin(), readable.end(),
                                               [](const auto& a, const auto& b) { return a.first < b.first; });
  if (low->first == high->first) return low->second;
  return low->second + "-" + high->second;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ',';
    out += value;
  }
  return out;
}

void put(Metadata& metadata, connector::MetadataKey key, std::string_view value) {
  if (!value.empty()) metadata.set(key, value);
}

const TradingFee* fee_of(std::string_view market_name, const Enrichment& enrichment) {
  const auto market = enrichment.markets.find(std::string(market_name));
  const std::string symbol = market != enrichment.markets.end() ? market->second.symbol : market_symbol(market_name);
  const auto fee = enrichment.trading_fees.find(symbol);
  return fee == enrichment.trading_fees.end() ? nullptr : &fee->second;
}

}  // namespace

std::string market_symbol(std::string_view market_name) {
  std::string symbol;
  for (const char c : lowercase(market_name)) {
    if (c != '/') symbol += c;
  }
  return symbol;
}

EnrichmentParse parse_markets(std::string_view body, std::map<std::string, Market>& out) {
  std::map<std::string, Market> markets;
  EnrichmentParse result = for_each_row(
      body, markets_shape,
      [&](const std::map<std::string, std::string>& row, std::size_t index, std::vector<Diagnostic>& diagnostics) {
        const std::optional<std::string> base = normalize_ticker(field(row, "base_currency"));
        const std::optional<std::string> quote = normalize_ticker(field(row, "counter_currency"));
        if (!base || !quote) {
          diagnostics.push_back(skipped_row("markets", index, "no usable base_currency/counter_currency"));
          return;
        }
        const std::string type = field(row, "market_type");
        if (!type.empty() && lowercase(type) != "spot") return;  // derivatives: not this connector's
        if (!is_enabled(field(row, "trading"))) return;
        Market market{*base + "/" + *quote, lowercase(field(row, "market_symbol")), *base, *quote,
                      field(row, "minimum_order_value")};
        if (market.symbol.empty()) market.symbol = market_symbol(market.name);
        markets.emplace(market.name, std::move(market));
      },
      [](std::string_view, wire::od::value) {});
  if (!result.error) out = std::move(markets);
  return result;
}

EnrichmentParse parse_my_markets(std::string_view body, std::set<std::string>& out) {
  std::set<std::string> names;
  EnrichmentParse result = for_each_row(
      body, my_markets_shape,
      [&](const std::map<std::string, std::string>& row, std::size_t index, std::vector<Diagnostic>& diagnostics) {
        const std::string name = field(row, "name");
        const std::size_t slash = name.find('/');
        const std::optional<std::string> base = normalize_ticker(std::string_view(name).substr(0, slash));
        const std::optional<std::string> quote =
            slash == std::string::npos ? std::nullopt : normalize_ticker(std::string_view(name).substr(slash + 1));
        if (!base || !quote) {
          diagnostics.push_back(skipped_row("my_markets", index, "name is not BASE/QUOTE"));
          return;
        }
        names.insert(*base + "/" + *quote);
      },
      [](std::string_view, wire::od::value) {});
  if (!result.error) out = std::move(names);
  return result;
}

EnrichmentParse parse_trading_fees(std::string_view body, std::map<std::string, TradingFee>& out) {
  std::map<std::string, TradingFee> fees;
  TradingFee row_fee;
  const auto read_fee_object = [&](wire::od::value value) {
    wire::od::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) return;
    wire::for_each_field(object, [&](std::string_view key, wire::od::value text) {
      if (key == "maker") row_fee.maker = wire::scalar_string(text);
      if (key == "taker") row_fee.taker = wire::scalar_string(text);
      return true;
    });
  };
  EnrichmentParse result = for_each_row(
      body, trading_fees_shape,
      [&](const std::map<std::string, std::string>& row, std::size_t index, std::vector<Diagnostic>& diagnostics) {
        std::string symbol = lowercase(field(row, "market"));
        if (symbol.empty()) symbol = lowercase(field(row, "currency_pair"));
        symbol.erase(std::remove(symbol.begin(), symbol.end(), '/'), symbol.end());
        if (symbol.empty() || (row_fee.maker.empty() && row_fee.taker.empty())) {
          diagnostics.push_back(skipped_row("fees/trading", index, "no market or no fees"));
        } else {
          fees.emplace(symbol, row_fee);
        }
        row_fee = {};
      },
      [&](std::string_view key, wire::od::value value) {
        if (key != "fees") return;
        // {"maker":…,"taker":…}, or the older [{"maker":…,"taker":…}]
        wire::od::array array;
        if (value.get_array().get(array) == simdjson::SUCCESS) {
          for (auto element : array) {
            wire::od::value item;
            if (element.get(item) == simdjson::SUCCESS) read_fee_object(item);
          }
        } else {
          read_fee_object(value);
        }
      });
  if (!result.error) out = std::move(fees);
  return result;
}

EnrichmentParse parse_withdrawal_fees(std::string_view body, std::map<std::string, std::vector<WithdrawalFee>>& out) {
  std::map<std::string, std::vector<WithdrawalFee>> fees;
  EnrichmentParse result = for_each_row(
      body, withdrawal_fees_shape,
      [&](const std::map<std::string, std::string>& row, std::size_t index, std::vector<Diagnostic>& diagnostics) {
        const std::optional<std::string> ticker = normalize_ticker(field(row, "currency"));
        const std::string fee = field(row, "fee");
        if (!ticker || fee.empty()) {
          diagnostics.push_back(skipped_row("fees/withdrawal", index, "no usable currency or fee"));
          return;
        }
        fees[*ticker].push_back(WithdrawalFee{field(row, "network"), fee});
      },
      [](std::string_view, wire::od::value) {});
  if (!result.error) out = std::move(fees);
  return result;
}

void add_account_enrichment(Metadata& metadata, const Currency& currency, const Enrichment& enrichment) {
  put(metadata, metadata_key::networks, join(currency.networks));
  if (const auto fees = enrichment.withdrawal_fees.find(currency.ticker); fees != enrichment.withdrawal_fees.end()) {
    if (fees->second.size() == 1) {
      put(metadata, metadata_key::withdrawal_fee, fees->second.front().fee);
    } else {
      std::vector<std::string> per_network;
      for (const WithdrawalFee& fee : fees->second) per_network.push_back(fee.network + ":" + fee.fee);
      put(metadata, metadata_key::withdrawal_fee, join(per_network));
    }
  }
  const auto holds_ticker = [&](const std::string& name) {
    const std::size_t slash = name.find('/');
    return name.substr(0, slash) == currency.ticker ||
           (slash != std::string::npos && name.substr(slash + 1) == currency.ticker);
  };
  std::vector<std::string> tradable;
  for (const std::string& name : enrichment.my_markets) {
    if (holds_ticker(name)) tradable.push_back(name);
  }
  if (enrichment.my_markets.empty()) {
    for (const auto& [name, market] : enrichment.markets) {
      if (holds_ticker(name)) tradable.push_back(name);
    }
  }
  put(metadata, metadata_key::tradable_markets, join(tradable));
  std::vector<std::string> makers;
  std::vector<std::string> takers;
  std::vector<std::string> minimums;
  for (const std::string& name : tradable) {
    if (const TradingFee* fee = fee_of(name, enrichment)) {
      makers.push_back(fee->maker);
      takers.push_back(fee->taker);
    }
    const auto market = enrichment.markets.find(name);
    // A minimum order value is in the quote currency: it describes the accounts it is quoted in.
    if (market != enrichment.markets.end() && market->second.quote == currency.ticker &&
        !market->second.minimum_order_value.empty()) {
      minimums.push_back(market->second.minimum_order_value);
    }
  }
  put(metadata, metadata_key::fee_tier_maker, value_or_range(makers));
  put(metadata, metadata_key::fee_tier_taker, value_or_range(takers));
  put(metadata, metadata_key::min_order_value, value_or_range(minimums));
}

void add_order_enrichment(Metadata& metadata, std::string_view market_name, const Enrichment& enrichment) {
  if (const TradingFee* fee = fee_of(market_name, enrichment)) {
    put(metadata, metadata_key::fee_tier_maker, fee->maker);
    put(metadata, metadata_key::fee_tier_taker, fee->taker);
  }
}

}  // namespace bitstamp::core
