#include "bitstamp/core/config.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "connector/endpoint.hpp"
#include "bitstamp/core/limits.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {
namespace {

using nlohmann::json;

constexpr std::size_t name_length_max = 200;
constexpr std::size_t credential_length_max = 512;
constexpr std::string_view known_fields[] = {"apiKey", "apiSecret", "endpoint", "name",
                                             "pollingPeriod"};

// Nanoseconds per unit, as in Go, in match order: "ms" must be tried before "m".
struct DurationUnit {
  std::string_view name;
  std::int64_t nanoseconds;
};
constexpr DurationUnit duration_units[] = {
    {"ns", 1},           {"us", 1000},          {"\xc2\xb5s", 1000}, {"ms", 1000000},
    {"s", 1000000000LL}, {"m", 60000000000LL}, {"h", 3600000000000LL},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Exact integer arithmetic on the digits: a duration is never rounded through a double.
std::optional<std::int64_t> parse_duration_ns(std::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) return std::nullopt;
  __extension__ __int128 total_ns = 0;
  constexpr std::int64_t total_ns_max = std::numeric_limits<std::int64_t>::max();
  std::size_t i = 0;
  while (i < text.size()) {
    __extension__ __int128 whole = 0;
    __extension__ __int128 fraction = 0;
    __extension__ __int128 fraction_scale = 1;
    const std::size_t number_begin = i;
    while (i < text.size() && is_digit(text[i])) {
      whole = whole * 10 + (text[i] - '0');
      if (whole > total_ns_max) return std::nullopt;
      ++i;
    }
    bool has_fraction_digits = false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && is_digit(text[i])) {
        if (fraction_scale < 1000000000000000000LL) {  // deeper digits cannot matter
          fraction = fraction * 10 + (text[i] - '0');
          fraction_scale *= 10;
        }
        has_fraction_digits = true;
        ++i;
      }
    }
    const bool has_whole_digits = i > number_begin && is_digit(text[number_begin]);
    if (!has_whole_digits && !has_fraction_digits) return std::nullopt;  // "", ".", "h"
    std::int64_t unit_ns = 0;
    for (const DurationUnit& unit : duration_units) {
      if (text.substr(i, unit.name.size()) == unit.name) {
        unit_ns = unit.nanoseconds;
        i += unit.name.size();
        break;
      }
    }
    if (unit_ns == 0) return std::nullopt;
    total_ns += whole * unit_ns + fraction * unit_ns / fraction_scale;
    if (total_ns > total_ns_max) return std::nullopt;
  }
  return static_cast<std::int64_t>(total_ns);
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// An unknown key is named in the error only when it looks like a field name: a secret pasted as
// a key ({"<secret>": …}) must not be printed back. Known fields have at most 13 characters and
// a typo of one is as short; Bitstamp's keys and secrets have 32.
bool looks_like_field_name(std::string_view key) {
  constexpr std::size_t field_name_length_max = 20;
  return !key.empty() && key.size() <= field_name_length_max &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// Messages never quote a value: whatever the user typed may be the secret in the wrong field.
void require_string(const json& document, std::string_view field, std::size_t length_max,
                    std::string& out, std::vector<ConfigError>& errors) {
  const auto it = document.find(field);
  if (it == document.end() || it->is_null()) {
    errors.push_back({std::string(field), std::string(field) + " is required"});
    return;
  }
  if (!it->is_string()) {
    errors.push_back({std::string(field), std::string(field) + " must be a string"});
    return;
  }
  out = it->get<std::string>();
  if (has_control_character(out)) {
    // Checked before the whitespace rules: a tab or newline is a control character too, and a
    // NUL or escape sequence would otherwise reach a log line raw.
    errors.push_back({std::string(field), std::string(field) + " must not contain control characters"});
  } else if (out.empty() || out.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({std::string(field), std::string(field) + " must not be empty"});
  } else if (out.size() > length_max) {
    errors.push_back({std::string(field), std::string(field) + " is longer than " +
                                              std::to_string(length_max) + " characters"});
  } else if (out.find_first_of(" \t\r\n") == 0 || out.find_last_of(" \t\r\n") == out.size() - 1) {
    // A pasted key with stray whitespace signs every request wrong; say so up front.
    errors.push_back({std::string(field), std::string(field) + " has leading or trailing whitespace"});
  }
}

}  // namespace

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  const std::optional<std::int64_t> ns = parse_duration_ns(text);
  if (!ns) return std::nullopt;
  return *ns / 1000000;
}

std::string format_duration(std::int64_t duration_ms) {
  if (duration_ms <= 0) return "0s";
  std::string out;
  const std::int64_t hours = duration_ms / ms_per_hour;
  const std::int64_t minutes = duration_ms / ms_per_minute % 60;
  const std::int64_t seconds = duration_ms / ms_per_second % 60;
  const std::int64_t millis = duration_ms % ms_per_second;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (seconds > 0) out += std::to_string(seconds) + "s";
  if (millis > 0) out += std::to_string(millis) + "ms";
  return out;
}

std::string extract_api_secret(std::string_view text) {
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) return "";
  const auto secret = document.find("apiSecret");
  return secret != document.end() && secret->is_string() ? secret->get<std::string>() : "";
}

ConfigParse parse_config(std::string_view text, std::optional<std::string> secret_override) {
  ConfigParse result;
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    result.errors.push_back({"", "the config is not valid JSON"});
    return result;
  }
  if (!document.is_object()) {
    result.errors.push_back({"", "the config must be a JSON object"});
    return result;
  }
  for (const auto& [key, value] : document.items()) {
    bool known = false;
    for (std::string_view field : known_fields) known = known || key == field;
    if (!known) {
      const bool nameable = looks_like_field_name(key);
      result.errors.push_back({nameable ? key : std::string(),
                               (nameable ? "unknown field '" + key + "'" : std::string("an unknown field")) +
                                   " (expected one of apiKey, apiSecret, endpoint, name, pollingPeriod)"});
    }
  }
  Config config;
  require_string(document, "apiKey", credential_length_max, config.api_key, result.errors);
  const auto secret = document.find("apiSecret");
  if ((secret == document.end() || secret->is_null()) && secret_override && !secret_override->empty()) {
    config.api_secret = *secret_override;
  } else {
    require_string(document, "apiSecret", credential_length_max, config.api_secret, result.errors);
  }
  if (const auto endpoint = document.find("endpoint"); endpoint != document.end()) {
    if (!endpoint->is_string()) {
      result.errors.push_back({"endpoint", "endpoint must be a string"});
    } else {
      const EndpointParse parsed = parse_endpoint(endpoint->get<std::string>());
      if (parsed.endpoint) {
        config.endpoint = parsed.endpoint->base_url();
      } else {
        result.errors.push_back({"endpoint", "endpoint " + parsed.problem});
      }
    }
  }
  require_string(document, "name", name_length_max, config.name, result.errors);
  config.polling_period_ms = polling_period_ms_default;
  if (const auto period = document.find("pollingPeriod"); period != document.end()) {
    const std::optional<std::int64_t> ms =
        period->is_string() ? parse_duration_ms(period->get<std::string>()) : std::nullopt;
    if (!ms) {
      result.errors.push_back({"pollingPeriod",
                               "pollingPeriod must be a duration string such as \"30m\" or \"1h\""});
    } else if (*ms < polling_period_ms_min) {
      result.errors.push_back({"pollingPeriod", "pollingPeriod must be at least 20m (got " +
                                                    format_duration(*ms) + ")"});
    } else {
      config.polling_period_ms = *ms;
    }
  }
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

}  // namespace bitstamp::core
