// Proves wire decimals become exact minor units: truncation reported, >64-bit values exact,
// every malformed input a defined error.
#include <gtest/gtest.h>

#include "connector/amount.hpp"

namespace connector {
namespace {

int128 units(std::string_view text, std::uint32_t precision) {
  const ParsedDecimal parsed = parse_decimal(text, precision);
  EXPECT_TRUE(parsed.ok()) << text << ": " << describe(parsed.error);
  return parsed.amount.minor_units;
}

TEST(ParseDecimal, ReadsBitstampStringsAtTheirPrecision) {
  EXPECT_EQ(units("1500.37", 2), 150037);
  EXPECT_EQ(units("-0.94492494", 8), -94492494);
  EXPECT_EQ(units("7.00000", 6), 7000000);
  EXPECT_EQ(units("0.0", 2), 0);
  EXPECT_EQ(units("26.39", 2), 2639);
  EXPECT_EQ(units("007", 0), 7);
  EXPECT_EQ(units("10588.90", 2), 1058890);
}

TEST(ParseDecimal, ReadsNumberTokensWithExponents) {
  EXPECT_EQ(units("5E-8", 8), 5);
  EXPECT_EQ(units("1.2e+3", 2), 120000);
  EXPECT_EQ(units("0.00012", 8), 12000);
  EXPECT_EQ(units("1e0", 0), 1);
}

TEST(ParseDecimal, TruncatesTowardZeroAndSaysSo) {
  const ParsedDecimal positive = parse_decimal("1.239", 2);
  EXPECT_TRUE(positive.ok());
  EXPECT_TRUE(positive.truncated);
  EXPECT_EQ(positive.amount.minor_units, 123);
  const ParsedDecimal negative = parse_decimal("-1.239", 2);
  EXPECT_EQ(negative.amount.minor_units, -123);
  EXPECT_TRUE(negative.truncated);
  EXPECT_FALSE(parse_decimal("1.2300000", 2).truncated);  // dropped zeros lose nothing
  EXPECT_TRUE(parse_decimal("5E-9", 8).truncated);
}

TEST(ParseDecimal, KeepsValuesBeyond64BitsExact) {
  const ParsedDecimal parsed = parse_decimal("123.456789012345678901", 18);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(to_string(parsed.amount), "123456789012345678901");
  EXPECT_EQ(to_string(parse_decimal("-69.8947000000000000", 18).amount), "-69894700000000000000");
  // 2^127 - 1 is the largest magnitude; one more is too large, not wrapped.
  EXPECT_EQ(to_string(parse_decimal("170141183460469231731687303715884105727", 0).amount),
            "170141183460469231731687303715884105727");
  EXPECT_EQ(parse_decimal("170141183460469231731687303715884105728", 0).error,
            DecimalError::too_large);
  EXPECT_EQ(parse_decimal("1e39", 0).error, DecimalError::too_large);
}

TEST(ParseDecimal, RefusesMalformedInput) {
  for (std::string_view bad : {"abc", "12,50", "1.", ".5", "--1", "+1", "1e", "1e+", " 1", "1 ",
                               "0x10", "1.2.3", "NaN", "Infinity", "1e99999"}) {
    EXPECT_EQ(parse_decimal(bad, 2).error, DecimalError::malformed) << bad;
  }
  EXPECT_EQ(parse_decimal("", 2).error, DecimalError::empty);
  EXPECT_EQ(parse_decimal("-", 2).error, DecimalError::empty);
  EXPECT_EQ(parse_decimal("1", 31).error, DecimalError::precision_too_large);
  EXPECT_EQ(parse_decimal(std::string(600, '1'), 2).error, DecimalError::malformed);
}

TEST(FormatDecimal, PlacesThePointAndPadsWithZeros) {
  EXPECT_EQ(format_decimal(Amount{12345}, 2), "123.45");
  EXPECT_EQ(format_decimal(Amount{-5}, 3), "-0.005");
  EXPECT_EQ(format_decimal(Amount{7}, 0), "7");
  EXPECT_EQ(format_decimal(Amount{0}, 8), "0.00000000");
}

TEST(IsZeroDecimal, RecognisesZeroInEverySpelling) {
  EXPECT_TRUE(is_zero_decimal("0"));
  EXPECT_TRUE(is_zero_decimal("0.00000"));
  EXPECT_TRUE(is_zero_decimal("-0.0"));
  EXPECT_TRUE(is_zero_decimal("0e10"));
  EXPECT_FALSE(is_zero_decimal("0.00000001"));
  EXPECT_FALSE(is_zero_decimal("abc"));
  EXPECT_FALSE(is_zero_decimal(""));
}

TEST(CheckedAdd, ReportsOverflow) {
  const Amount max = parse_decimal("170141183460469231731687303715884105727", 0).amount;
  EXPECT_FALSE(checked_add(max, Amount{1}).has_value());
  EXPECT_EQ(checked_add(Amount{2}, Amount{-5}), Amount{-3});
}

}  // namespace
}  // namespace connector
