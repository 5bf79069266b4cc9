#include "bitstamp/core/assets.hpp"

#include <algorithm>

#include "bitstamp/core/limits.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?
bool is_valid_ticker(std::string_view ticker) {
  const std::size_t underscore = ticker.find('_');
  const std::string_view head = ticker.substr(0, underscore);
  if (head.empty() || head.size() > 17 || !is_upper(head.front())) return false;
  for (const char c : head) {
    if (!is_upper(c) && !is_digit(c)) return false;
  }
  if (underscore == std::string_view::npos) return true;
  const std::string_view tail = ticker.substr(underscore + 1);
  if (tail.empty() || tail.size() > 16) return false;
  for (const char c : tail) {
    if (!is_upper(c)) return false;
  }
  return true;
}

Diagnostic skipped_currency(std::string code, std::string detail) {
  return Diagnostic{Severity::warning, std::move(code), std::move(detail)};
}

}  // namespace

namespace {

// FNV-1a: tickers are a few upper-case letters, and any spread over them will do.
std::uint64_t ticker_hash(std::string_view ticker) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : ticker) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash;
}

constexpr std::size_t slots_min = 8;

}  // namespace

const Currency* AssetTable::find(std::string_view ticker) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = ticker_hash(ticker) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = slots_[slot];
    if (entry == 0) return nullptr;  // half the slots at least are empty: a probe ends
    const Currency& currency = by_ticker_[entry - 1];
    if (currency.ticker == ticker) return &currency;
  }
}

bool AssetTable::add(Currency currency) {
  const auto at = std::lower_bound(by_ticker_.begin(), by_ticker_.end(), currency.ticker,
                                   [](const Currency& held, const std::string& ticker) { return held.ticker < ticker; });
  if (at != by_ticker_.end() && at->ticker == currency.ticker) return false;
  by_ticker_.insert(at, std::move(currency));
  index();
  return true;
}

void AssetTable::index() {
  std::size_t size = slots_min;
  while (size < 2 * by_ticker_.size()) size *= 2;
  slots_.assign(size, 0);
  const std::size_t mask = size - 1;
  for (std::size_t i = 0; i < by_ticker_.size(); ++i) {
    std::size_t slot = ticker_hash(by_ticker_[i].ticker) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

bool is_valid_asset(std::string_view asset) {
  const std::size_t slash = asset.find('/');
  if (!is_valid_ticker(asset.substr(0, slash))) return false;
  if (slash == std::string_view::npos) return true;
  const std::string_view precision = asset.substr(slash + 1);
  if (precision.empty() || precision.size() > 6) return false;
  for (const char c : precision) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::optional<std::string> normalize_ticker(std::string_view wire_ticker) {
  if (wire_ticker.size() > ticker_length_max) return std::nullopt;
  std::string ticker(wire_ticker);
  for (char& c : ticker) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!is_valid_ticker(ticker)) return std::nullopt;
  return ticker;
}

std::string asset_string(const Currency& currency) {
  return currency.ticker + "/" + std::to_string(currency.decimals);
}

namespace {

// A damaged dataset is refused whole: a partial table would make later rows "unknown".
CurrenciesParse refused(std::string error) {
  CurrenciesParse result;
  result.error = std::move(error);
  return result;
}

}  // namespace

CurrenciesParse parse_currencies(std::string_view body) {
  CurrenciesParse result;
  std::size_t index = 0;
  const std::string error = wire::for_each_element(body, currencies_shape, [&](wire::od::value element) -> std::string {
    const std::string where = "currencies[" + std::to_string(index++) + "]";
    wire::od::object row;
    if (element.get_object().get(row) != simdjson::SUCCESS) return "is not an object";
    RequiredKeys required(currencies_shape);
    std::optional<std::string_view> wire_ticker;
    std::optional<std::int64_t> decimals;
    std::string type;
    std::vector<std::string> networks;
    const bool walked = wire::for_each_field(row, [&](std::string_view key, wire::od::value value) {
      required.note(key);
      if (key == "currency") {
        // The view points into the parser's string buffer, which only grows while this
        // document lives, so it stays valid while later fields are read.
        wire_ticker = wire::scalar_text(value);
      } else if (key == "decimals") {
        decimals = wire::integer_value(value);
      } else if (key == "type") {
        if (auto text = wire::scalar_text(value)) type = std::string(*text);
      } else if (key == "networks") {
        // [{"network":"bitcoin",…},…]; anything else there is ignored, the row stays usable
        wire::for_each_in_array(value, [&](wire::od::value network) {
          wire::od::object object;
          if (network.get_object().get(object) != simdjson::SUCCESS) return true;
          wire::for_each_field(object, [&](std::string_view name, wire::od::value text) {
            if (name == "network") networks.push_back(wire::scalar_string(text));
            return true;
          });
          return true;
        });
      }
      return true;
    });
    if (!walked) return "cannot be walked";
    if (const std::string_view missing = required.missing(); !missing.empty()) {
      return missing_key_refusal(currencies_shape, missing);
    }
    if (!wire_ticker) {
      result.diagnostics.push_back(skipped_currency("currency.missing_ticker", where + " has no readable currency"));
      return "";
    }
    const std::optional<std::string> ticker = normalize_ticker(*wire_ticker);
    if (!ticker) {
      result.diagnostics.push_back(skipped_currency(
          "currency.invalid_ticker",
          "ticker '" + std::string(*wire_ticker) + "' cannot form a Formance asset; skipped"));
      return "";
    }
    if (!decimals || *decimals < 0 || *decimals > static_cast<std::int64_t>(precision_max)) {
      result.diagnostics.push_back(skipped_currency(
          "currency.invalid_decimals", "ticker " + *ticker + " has no usable decimals; skipped"));
      return "";
    }
    result.currencies.push_back(Currency{*ticker, static_cast<std::uint32_t>(*decimals), type, std::move(networks)});
    return "";
  });
  if (!error.empty()) return refused(error);
  return result;
}

AssetTable make_asset_table(const std::vector<Currency>& currencies, std::int64_t fetched_at_ms,
                            std::vector<Diagnostic>& diagnostics) {
  AssetTable table;
  table.fetched_at_ms = fetched_at_ms;
  for (const Currency& currency : currencies) {
    if (!table.add(currency)) {
      diagnostics.push_back(skipped_currency(
          "currency.duplicate_ticker", "ticker " + currency.ticker + " listed twice; first kept"));
    }
  }
  return table;
}

}  // namespace bitstamp::core
