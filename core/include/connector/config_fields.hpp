#pragma once
// Config fields every connector reads the same way (seed 000 and 003: Formance's config
// documents): Go-style durations, strings that must not carry control characters or stray
// whitespace, unknown keys named only when they look like field names. Messages never quote a
// value: whatever the user typed may be a secret in the wrong field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace connector {

struct ConfigError {
  std::string field;  // "pollingPeriod", or "" for the document as a whole
  std::string message;
  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

// Go's time.ParseDuration grammar, as Formance configs use it: "30m", "1h30m", "1.5h", "90s".
// Nullopt on anything else, on negative values, and on overflow.
[[nodiscard]] std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "30m", "1h30m", "20m15s", "0s": the shortest Go-style spelling of whole-millisecond spans.
[[nodiscard]] std::string format_duration(std::int64_t duration_ms);

[[nodiscard]] bool has_control_character(std::string_view text);

// An unknown key is named in the error only when it looks like a field name: a secret pasted as
// a key ({"<secret>": …}) must not be printed back. Known fields have at most 13 characters and
// a typo of one is as short; keys and secrets are far longer.
[[nodiscard]] bool looks_like_field_name(std::string_view key);

// Reads the required string `field` of `document` into `out`, or adds why not to `errors`.
void require_string(const nlohmann::json& document, std::string_view field, std::size_t length_max, std::string& out,
                    std::vector<ConfigError>& errors);

}  // namespace connector
