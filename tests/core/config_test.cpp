// Proves config validation: defaults applied, every violation named by its field, the
// 20-minute minimum enforced, and the secret never echoed in any message.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/config.hpp"
#include "bitstamp/core/limits.hpp"

namespace bitstamp::core {
namespace {

std::vector<std::string> fields_of(const ConfigParse& parsed) {
  std::vector<std::string> fields;
  for (const ConfigError& error : parsed.errors) fields.push_back(error.field);
  return fields;
}

TEST(Config, AppliesDefaults) {
  const ConfigParse parsed = parse_config(R"({"apiKey":"key","apiSecret":"s3cret!","name":"bitstamp-main"})");
  ASSERT_TRUE(parsed.config.has_value());
  EXPECT_EQ(parsed.config->endpoint, "https://www.bitstamp.net");
  EXPECT_EQ(parsed.config->polling_period_ms, 30 * ms_per_minute);
  EXPECT_EQ(parsed.config->name, "bitstamp-main");
}

TEST(Config, NamesEveryViolatedField) {
  const ConfigParse parsed = parse_config(
      R"({"apiKey":"","name":7,"endpoint":"ftp://x","pollingPeriod":"5m","polingPeriod":"1h"})");
  EXPECT_FALSE(parsed.config.has_value());
  EXPECT_EQ(fields_of(parsed),
            (std::vector<std::string>{"polingPeriod", "apiKey", "apiSecret", "endpoint", "name",
                                      "pollingPeriod"}));
  EXPECT_EQ(parsed.errors.back().message, "pollingPeriod must be at least 20m (got 5m)");
}

TEST(Config, RefusesNonJsonAndNonObjects) {
  EXPECT_EQ(parse_config("{").errors.at(0).message, "the config is not valid JSON");
  EXPECT_EQ(parse_config("[]").errors.at(0).message, "the config must be a JSON object");
}

TEST(Config, AcceptsPlainHttpOnlyOnLoopback) {
  const std::string base = R"({"apiKey":"k","apiSecret":"secret","name":"n","endpoint":")";
  EXPECT_TRUE(parse_config(base + R"(http://127.0.0.1:8080"})").config.has_value());
  EXPECT_TRUE(parse_config(base + R"(https://www.bitstamp.net/"})").config.has_value());
  EXPECT_FALSE(parse_config(base + R"(http://www.bitstamp.net"})").config.has_value());
  EXPECT_FALSE(parse_config(base + R"(https://www.bitstamp.net/api"})").config.has_value());
  EXPECT_FALSE(parse_config(base + R"(https://user:pw@www.bitstamp.net"})").config.has_value());
}

TEST(Config, TakesTheSecretFromTheEnvironmentWhenTheFileHasNone) {
  const ConfigParse parsed = parse_config(R"({"apiKey":"k","name":"n"})", std::string("from-env"));
  ASSERT_TRUE(parsed.config.has_value());
  EXPECT_EQ(parsed.config->api_secret, "from-env");
}

TEST(Duration, ParsesGoDurations) {
  EXPECT_EQ(parse_duration_ms("30m"), 30 * ms_per_minute);
  EXPECT_EQ(parse_duration_ms("1h30m"), 90 * ms_per_minute);
  EXPECT_EQ(parse_duration_ms("1.5h"), 90 * ms_per_minute);
  EXPECT_EQ(parse_duration_ms("1200s"), 20 * ms_per_minute);
  EXPECT_EQ(parse_duration_ms("20m0s"), 20 * ms_per_minute);
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("0"), 0);
  for (std::string_view bad : {"", "30", "m", "-5m", "5 m", "1d", "1h-5m", ".h", "99999999999999999999h"}) {
    EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
  }
}

RC_GTEST_PROP(DurationProperty, FormatThenParseRoundTrips, ()) {
  const auto ms = *rc::gen::inRange<std::int64_t>(0, 1LL << 40);
  RC_ASSERT(parse_duration_ms(format_duration(ms)) == ms);
}

RC_GTEST_PROP(ConfigProperty, NoMessageEverContainsTheSecret, ()) {
  const std::string secret =
      *rc::gen::container<std::string>(rc::gen::inRange('a', static_cast<char>('z' + 1)));
  RC_PRE(secret.size() >= 8u);
  // The secret put where it belongs, and where it does not (a pasted-in-the-wrong-field config).
  const std::string field = *rc::gen::elementOf(
      std::vector<std::string>{"apiSecret", "apiKey", "name", "endpoint", "pollingPeriod", secret});
  const std::string json = "{\"" + field + "\":\"" + secret + " \",\"apiSecret\":\"" + secret + "\"}";
  const ConfigParse parsed = parse_config(json);
  for (const ConfigError& error : parsed.errors) {
    RC_ASSERT(error.message.find(secret) == std::string::npos || error.field == secret);
  }
  RC_ASSERT(extract_api_secret(json) == secret);  // what the shell redacts
}

}  // namespace
}  // namespace bitstamp::core
