#pragma once
// UTC instants as integers. The core never reads a clock: `now` arrives as an argument in
// milliseconds; wire datetimes keep Bitstamp's microseconds. Parsing is total (nullopt on junk).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector {

inline constexpr std::int64_t us_per_ms = 1000;

// Bitstamp's "YYYY-MM-DD HH:MM:SS" with an optional ".f{1,6}" (older rows have none). UTC.
[[nodiscard]] std::optional<std::int64_t> parse_bitstamp_datetime_us(std::string_view text);

// RFC 3339 in UTC as we write it: "YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z" (fraction beyond µs dropped).
[[nodiscard]] std::optional<std::int64_t> parse_rfc3339_us(std::string_view text);

// "2021-11-24T09:00:33.607389Z"; trailing zeros of the fraction trimmed, none when whole,
// the way Go's RFC3339Nano prints (so Formance sees what its own encoder would write).
[[nodiscard]] std::string format_rfc3339(std::int64_t unix_us);

}  // namespace connector
