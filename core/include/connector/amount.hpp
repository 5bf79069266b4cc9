#pragma once
// Exact money: a signed integer count of minor units, 128 bits wide, never a double.
// Wire decimals (JSON strings or JSON number tokens, read as text) convert to it at a given
// precision; extra digits are truncated toward zero and reported, never rounded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector {

__extension__ using int128 = __int128;  // GCC/Clang built-in; 38 significant decimal digits

struct Amount {
  int128 minor_units = 0;

  friend bool operator==(const Amount&, const Amount&) = default;
  friend auto operator<=>(const Amount&, const Amount&) = default;
  [[nodiscard]] bool is_zero() const { return minor_units == 0; }
  [[nodiscard]] bool is_negative() const { return minor_units < 0; }
};

enum class DecimalError {
  none,
  empty,               // "" or "-"
  malformed,           // not [-]digits[.digits][(e|E)[+-]digits]
  too_large,           // does not fit 127 bits at the requested precision
  precision_too_large  // precision above precision_max
};

struct ParsedDecimal {
  Amount amount;
  bool truncated = false;  // non-zero digits beyond the precision were dropped
  DecimalError error = DecimalError::none;

  [[nodiscard]] bool ok() const { return error == DecimalError::none; }
  friend bool operator==(const ParsedDecimal&, const ParsedDecimal&) = default;
};

// Total: any text gives a defined result. Accepts what Bitstamp sends as strings or number
// tokens: "-0.94492494", "7.00000", "0.0", "11170.21", "5E-8", "1.2e+3", leading zeros.
[[nodiscard]] ParsedDecimal parse_decimal(std::string_view text, std::uint32_t precision);

// True when the text is a well-formed decimal whose value is exactly zero, at any precision.
[[nodiscard]] bool is_zero_decimal(std::string_view text);

// Minor units as a plain integer string: "-123".
[[nodiscard]] std::string to_string(Amount amount);

// Minor units shown at a precision: (12345, 2) -> "123.45", (-5, 3) -> "-0.005", (7, 0) -> "7".
[[nodiscard]] std::string format_decimal(Amount amount, std::uint32_t precision);

// a + b, or nothing on overflow.
[[nodiscard]] std::optional<Amount> checked_add(Amount a, Amount b);

[[nodiscard]] std::string_view describe(DecimalError error);

}  // namespace connector
