#pragma once
// The Fireblocks connector's configuration (seed 003): apiKey, endpoint, name, pollingPeriod,
// privateKey. Validation is pure and reports every violation, each naming its field; no
// message ever contains the private key or quotes what the user typed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/config_fields.hpp"
#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

struct Config {
  std::string api_key;
  std::string endpoint;  // normalized: no trailing '/' or '/v1' (request paths carry /v1)
  std::string name;
  std::int64_t polling_period_ms = 0;
  std::string private_key_pem;  // real line breaks, whichever way they were written

  friend bool operator==(const Config&, const Config&) = default;
};

struct ConfigParse {
  std::optional<Config> config;     // set only when `errors` is empty
  std::vector<ConfigError> errors;  // every violation, in field order
};

[[nodiscard]] ConfigParse parse_config(std::string_view json);

// The privateKey string of a config document, valid or not ("" if there is none), so the shell
// can redact it (and each of its lines) from everything it prints.
[[nodiscard]] std::string extract_private_key(std::string_view json);

// "https://api.fireblocks.io/v1/" -> "https://api.fireblocks.io": Fireblocks documents the base
// URL with /v1 and the connector appends /v1/..., so a URL pasted from the docs would give /v1/v1.
[[nodiscard]] std::string normalize_endpoint(std::string_view endpoint);

// The single-line form seed 003 asks for (`awk '{printf "%s\\n", $0}'`) reaches us with real line
// breaks once JSON is parsed; a value escaped twice (or set from an environment variable) still
// holds backslash-n pairs, which become line breaks here.
[[nodiscard]] std::string unescape_private_key(std::string_view value);

}  // namespace fireblocks::core
