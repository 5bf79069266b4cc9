#pragma once
// The bounds the shared kernel relies on (amounts, asset strings, time units, diagnostics),
// named once. Each connector's own limits live beside its core. Units and qualifiers come last.

#include <cstddef>
#include <cstdint>

namespace connector {

inline constexpr std::uint32_t precision_max = 30;        // decimals an asset may declare here
inline constexpr std::uint32_t decimal_exponent_abs_max = 4000;  // beyond: malformed, not slow
inline constexpr std::uint32_t decimal_text_length_max = 512;    // longer amount text: malformed
inline constexpr std::uint32_t ticker_length_max = 34;    // [A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?
inline constexpr std::size_t body_preview_bytes_max = 200;  // of a refused body, in its diagnostic

inline constexpr std::int64_t ms_per_second = 1000;
inline constexpr std::int64_t ms_per_minute = 60 * ms_per_second;
inline constexpr std::int64_t ms_per_hour = 60 * ms_per_minute;
inline constexpr std::int64_t ms_per_day = 24 * ms_per_hour;

}  // namespace connector
