#include "connector/amount.hpp"

#include <algorithm>

#include "connector/limits.hpp"

namespace connector {
namespace {

__extension__ typedef unsigned __int128 uint128;
__extension__ constexpr uint128 magnitude_max = (static_cast<uint128>(1) << 127) - 1;
// The overflow test of magnitude * 10 + digit without a 128-bit division per digit.
constexpr uint128 magnitude_before_last_digit_max = magnitude_max / 10;
constexpr int last_digit_max = static_cast<int>(magnitude_max % 10);

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The pieces of a decimal literal, located but not yet converted.
struct DecimalParts {
  bool negative = false;
  std::string_view integer_digits;
  std::string_view fraction_digits;
  std::int64_t exponent = 0;
};

std::optional<DecimalParts> split_decimal(std::string_view text, DecimalError& error) {
  DecimalParts parts;
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    parts.negative = true;
    ++i;
  }
  if (i == text.size()) {
    error = DecimalError::empty;
    return std::nullopt;
  }
  const std::size_t integer_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  parts.integer_digits = text.substr(integer_begin, i - integer_begin);
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t fraction_begin = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    parts.fraction_digits = text.substr(fraction_begin, i - fraction_begin);
    if (parts.fraction_digits.empty()) {  // "1." is not a number
      error = DecimalError::malformed;
      return std::nullopt;
    }
  }
  if (parts.integer_digits.empty()) {  // ".5" and "-" followed by junk
    error = DecimalError::malformed;
    return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    const std::size_t exponent_begin = i;
    std::int64_t exponent = 0;
    while (i < text.size() && is_digit(text[i])) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > decimal_exponent_abs_max) {
        error = DecimalError::malformed;
        return std::nullopt;
      }
      ++i;
    }
    if (i == exponent_begin) {
      error = DecimalError::malformed;
      return std::nullopt;
    }
    parts.exponent = exponent_negative ? -exponent : exponent;
  }
  if (i != text.size()) {
    error = DecimalError::malformed;
    return std::nullopt;
  }
  return parts;
}

}  // namespace

ParsedDecimal parse_decimal(std::string_view text, std::uint32_t precision) {
  ParsedDecimal result;
  if (precision > precision_max) {
    result.error = DecimalError::precision_too_large;
    return result;
  }
  if (text.empty()) {
    result.error = DecimalError::empty;
    return result;
  }
  if (text.size() > decimal_text_length_max) {
    result.error = DecimalError::malformed;
    return result;
  }
  DecimalError error = DecimalError::none;
  const std::optional<DecimalParts> parts = split_decimal(text, error);
  if (!parts) {
    result.error = error;
    return result;
  }
  // The value is digits(integer ++ fraction) * 10^(exponent - fraction size). In minor units
  // it is that times 10^precision: digit k (0-based over integer ++ fraction) has weight
  // 10^(kept_digits - 1 - k) where kept_digits = integer size + exponent + precision.
  const std::int64_t digit_count =
      static_cast<std::int64_t>(parts->integer_digits.size() + parts->fraction_digits.size());
  const std::int64_t kept_digits = static_cast<std::int64_t>(parts->integer_digits.size()) +
                                   parts->exponent + static_cast<std::int64_t>(precision);
  uint128 magnitude = 0;
  bool overflow = false;
  auto digit_at = [&](std::int64_t k) -> char {
    const auto integer_size = static_cast<std::int64_t>(parts->integer_digits.size());
    return k < integer_size ? parts->integer_digits[static_cast<std::size_t>(k)]
                            : parts->fraction_digits[static_cast<std::size_t>(k - integer_size)];
  };
  const std::int64_t scaled_limit = std::max<std::int64_t>(kept_digits, 0);
  for (std::int64_t k = 0; k < scaled_limit; ++k) {
    const int digit = k < digit_count ? digit_at(k) - '0' : 0;
    if (magnitude > magnitude_before_last_digit_max ||
        (magnitude == magnitude_before_last_digit_max && digit > last_digit_max)) {
      overflow = true;
      break;
    }
    magnitude = magnitude * 10 + static_cast<uint128>(digit);
  }
  if (overflow) {
    result.error = DecimalError::too_large;
    return result;
  }
  for (std::int64_t k = std::max<std::int64_t>(kept_digits, 0); k < digit_count; ++k) {
    if (digit_at(k) != '0') {
      result.truncated = true;
      break;
    }
  }
  const auto value = static_cast<int128>(magnitude);
  result.amount.minor_units = parts->negative ? -value : value;
  return result;
}

bool is_zero_decimal(std::string_view text) {
  if (text.size() > decimal_text_length_max) return false;  // not a decimal this code reads
  // Most amounts are not zero and say so in their first digits: a non-zero digit before any
  // exponent settles it without reading the whole grammar (every row's every amount asks).
  for (const char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return false;
  }
  // The zeros Bitstamp sends ("0", "0.0", "-0.00000000") are valid as they stand: -?0(.0+)?
  const std::string_view unsigned_text = text.starts_with('-') ? text.substr(1) : text;
  if (unsigned_text == "0" ||
      (unsigned_text.size() > 2 && unsigned_text.starts_with("0.") &&
       unsigned_text.find_first_not_of('0', 2) == std::string_view::npos)) {
    return true;
  }
  DecimalError error = DecimalError::none;
  const std::optional<DecimalParts> parts = split_decimal(text, error);
  if (!parts) return false;
  auto all_zero = [](std::string_view digits) {
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
  };
  return all_zero(parts->integer_digits) && all_zero(parts->fraction_digits);
}

std::string to_string(Amount amount) {
  const bool negative = amount.minor_units < 0;
  // Negate in unsigned space so the most negative value does not overflow.
  uint128 magnitude = negative ? static_cast<uint128>(0) - static_cast<uint128>(amount.minor_units)
                               : static_cast<uint128>(amount.minor_units);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string format_decimal(Amount amount, std::uint32_t precision) {
  std::string digits = to_string(amount);
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.erase(0, 1);
  if (precision > 0) {
    if (digits.size() <= precision) digits.insert(0, precision - digits.size() + 1, '0');
    digits.insert(digits.size() - precision, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::optional<Amount> checked_add(Amount a, Amount b) {
  int128 sum = 0;
  if (__builtin_add_overflow(a.minor_units, b.minor_units, &sum)) return std::nullopt;
  return Amount{sum};
}

std::string_view describe(DecimalError error) {
  switch (error) {
    case DecimalError::none: return "ok";
    case DecimalError::empty: return "empty amount";
    case DecimalError::malformed: return "malformed decimal";
    case DecimalError::too_large: return "amount too large for 127 bits at this precision";
    case DecimalError::precision_too_large: return "precision above the supported maximum";
  }
  return "unknown decimal error";
}

}  // namespace connector
