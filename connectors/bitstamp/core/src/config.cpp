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

}  // namespace

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
