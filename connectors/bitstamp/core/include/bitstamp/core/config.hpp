#pragma once
// The connector's configuration (the 000_ spec): apiKey, apiSecret, endpoint, name,
// pollingPeriod. Validation is pure and reports every violation, each naming its field.
// No message ever contains the secret's value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/kernel.hpp"
#include "connector/config_fields.hpp"

namespace bitstamp::core {

inline constexpr std::string_view endpoint_default = "https://www.bitstamp.net";

struct Config {
  std::string api_key;
  std::string api_secret;
  std::string endpoint{endpoint_default};
  std::string name;
  std::int64_t polling_period_ms = 0;

  friend bool operator==(const Config&, const Config&) = default;
};

struct ConfigParse {
  std::optional<Config> config;     // set only when `errors` is empty
  std::vector<ConfigError> errors;  // every violation, in field order
};

// `secret_override`, when given, replaces a missing apiSecret (the shell reads it from
// BITSTAMP_API_SECRET so the secret need not sit in a file).
[[nodiscard]] ConfigParse parse_config(std::string_view json,
                                       std::optional<std::string> secret_override = std::nullopt);

// The apiSecret string of a config document, valid or not ("" if there is none), so the
// shell can redact it from everything it prints.
[[nodiscard]] std::string extract_api_secret(std::string_view json);

}  // namespace bitstamp::core
