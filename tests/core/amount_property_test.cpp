// Properties of exact amounts: for every precision 0–18 and every digit string, parsing equals
// the decimal-shift computed on the digits themselves; formatting then parsing round-trips.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "connector/amount.hpp"
#include "connector/limits.hpp"

namespace connector {
namespace {

rc::Gen<std::string> digit_string(int length_min, int length_max) {
  return rc::gen::mapcat(rc::gen::inRange(length_min, length_max + 1), [](int length) {
    return rc::gen::container<std::string>(static_cast<std::size_t>(length),
                                           rc::gen::elementOf(std::string("0123456789")));
  });
}

// The expected minor-unit string, by moving the point on the text: no arithmetic at all.
std::string shift_point(const std::string& integer, const std::string& fraction,
                        std::uint32_t precision) {
  std::string kept = fraction.substr(0, std::min<std::size_t>(precision, fraction.size()));
  kept.append(precision - kept.size(), '0');
  std::string digits = integer + kept;
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  return digits;
}

RC_GTEST_PROP(AmountProperty, ParsingShiftsThePointExactly, ()) {
  const auto precision = *rc::gen::inRange<std::uint32_t>(0, 19);
  const std::string integer = *digit_string(1, 19);
  const std::string fraction = *digit_string(0, 24);
  const bool negative = *rc::gen::arbitrary<bool>();
  const std::string text = (negative ? "-" : "") + integer + (fraction.empty() ? "" : "." + fraction);

  const ParsedDecimal parsed = parse_decimal(text, precision);
  RC_ASSERT(parsed.ok());
  std::string expected = shift_point(integer, fraction, precision);
  if (negative && expected != "0") expected = "-" + expected;
  RC_ASSERT(to_string(parsed.amount) == expected);
  const bool dropped_non_zero =
      fraction.size() > precision &&
      fraction.find_first_not_of('0', precision) != std::string::npos;
  RC_ASSERT(parsed.truncated == dropped_non_zero);
}

RC_GTEST_PROP(AmountProperty, FormatThenParseRoundTrips, ()) {
  const auto precision = *rc::gen::inRange<std::uint32_t>(0, 31);
  const auto high = *rc::gen::arbitrary<std::int64_t>();
  const auto low = *rc::gen::arbitrary<std::uint64_t>();
  const Amount amount{(static_cast<int128>(high) << 62) ^ static_cast<int128>(low)};
  const ParsedDecimal parsed = parse_decimal(format_decimal(amount, precision), precision);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(!parsed.truncated);
  RC_ASSERT(parsed.amount == amount);
}

RC_GTEST_PROP(AmountProperty, ExponentFormEqualsPlainForm, ()) {
  const auto precision = *rc::gen::inRange<std::uint32_t>(0, 19);
  const std::string digits = *digit_string(1, 20);
  const auto exponent = *rc::gen::inRange(-25, 10);
  // digits × 10^exponent written plainly, then compared with "digitsE<exponent>".
  std::string plain = digits;
  if (exponent >= 0) {
    plain.append(static_cast<std::size_t>(exponent), '0');
  } else {
    const auto shift = static_cast<std::size_t>(-exponent);
    if (plain.size() <= shift) plain.insert(0, shift - plain.size() + 1, '0');
    plain.insert(plain.size() - shift, 1, '.');
  }
  const ParsedDecimal from_plain = parse_decimal(plain, precision);
  const ParsedDecimal from_exponent = parse_decimal(digits + "e" + std::to_string(exponent), precision);
  RC_ASSERT(from_plain == from_exponent);
}

RC_GTEST_PROP(AmountProperty, AnyTextGivesADefinedResult, (const std::string& text)) {
  const auto precision = *rc::gen::inRange<std::uint32_t>(0, 40);
  const ParsedDecimal parsed = parse_decimal(text, precision);
  if (parsed.ok()) {
    RC_ASSERT(precision <= 30u);
    RC_ASSERT(text.find_first_not_of("-0123456789.eE+") == std::string::npos);
  } else {
    RC_ASSERT(parsed.amount == Amount{});
  }
}

// is_zero_decimal settles most texts by their first non-zero digit; it must still agree with
// the full grammar on every text: zero exactly when the text parses, to zero, with nothing cut.
RC_GTEST_PROP(AmountProperty, IsZeroAgreesWithParsingOnEverySpelling, ()) {
  // Mostly zeros, so that zero values are common and a lone non-zero digit moves around.
  const auto sparse_digits = [](int length_max) {
    return rc::gen::resize(length_max, rc::gen::container<std::string>(rc::gen::weightedElement<char>({{6, '0'}, {1, '5'}})));
  };
  const std::string sign = *rc::gen::element<std::string>("", "-", "+");
  const std::string integer = *sparse_digits(4);
  const std::string fraction = *rc::gen::element<std::string>("", ".") + *sparse_digits(6);
  const std::string exponent = *rc::gen::element<std::string>("", "e", "E-", "e+") + *sparse_digits(2);
  const std::string junk = *rc::gen::element<std::string>("", "", "", "x", " ");
  // Now and then longer than any decimal read here, which is never zero.
  const std::string long_zeros = *rc::gen::element<std::string>("", "", "", std::string(decimal_text_length_max, '0'));
  const std::string text = sign + integer + fraction + long_zeros + exponent + junk;
  const ParsedDecimal parsed = parse_decimal(text, precision_max);
  RC_ASSERT(is_zero_decimal(text) == (parsed.ok() && parsed.amount.minor_units == 0 && !parsed.truncated));
}

}  // namespace
}  // namespace connector
