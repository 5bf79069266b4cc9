// Proves Bitstamp datetimes (with and without microseconds) and RFC 3339 convert exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/limits.hpp"
#include "connector/time.hpp"

namespace bitstamp::core {
namespace {

TEST(Time, ParsesBitstampDatetimesWithAndWithoutMicroseconds) {
  EXPECT_EQ(parse_bitstamp_datetime_us("2018-01-29 20:26:20"), 1517257580LL * 1000000);
  EXPECT_EQ(parse_bitstamp_datetime_us("2021-11-24 09:00:33.607389"), 1637744433607389LL);
  EXPECT_EQ(parse_bitstamp_datetime_us("2021-11-25 12:59:59.322000"), 1637845199322000LL);
  EXPECT_EQ(parse_bitstamp_datetime_us("2024-02-29 00:00:00"), 1709164800LL * 1000000);
}

TEST(Time, RefusesImpossibleOrMalformedDatetimes) {
  for (std::string_view bad : {"2023-02-29 00:00:00", "2018-13-01 00:00:00", "2018-01-29T20:26:20",
                               "2018-01-29 20:26", "2018-01-29 24:00:00", "2018-01-29 20:26:20.",
                               "2018-01-29 20:26:20.1234567", "", "yesterday"}) {
    EXPECT_FALSE(parse_bitstamp_datetime_us(bad).has_value()) << bad;
  }
}

TEST(Time, FormatsLikeGoRfc3339Nano) {
  EXPECT_EQ(format_rfc3339(bitstamp_genesis_us), "2011-08-02T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1637744433607389LL), "2021-11-24T09:00:33.607389Z");
  EXPECT_EQ(format_rfc3339(1759320001250000LL), "2025-10-01T12:00:01.25Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59.999999Z");
}

RC_GTEST_PROP(TimeProperty, FormatThenParseRoundTrips, ()) {
  // Years 1970..9999: the range both formats can express with four year digits.
  const auto instant_us = *rc::gen::inRange<std::int64_t>(0, 253402300799999999LL);
  const auto parsed = parse_rfc3339_us(format_rfc3339(instant_us));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == instant_us);
}

}  // namespace
}  // namespace bitstamp::core
