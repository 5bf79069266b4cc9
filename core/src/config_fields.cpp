#include "connector/config_fields.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "connector/limits.hpp"

namespace connector {
namespace {

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

}  // namespace

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool looks_like_field_name(std::string_view key) {
  constexpr std::size_t field_name_length_max = 20;
  return !key.empty() && key.size() <= field_name_length_max &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

void require_string(const nlohmann::json& document, std::string_view field, std::size_t length_max,
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

}  // namespace connector
