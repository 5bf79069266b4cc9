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

// The regression of a remote host passing as loopback: `127.evil.com` began with "127.".
TEST(Config, ParsesTheEndpointAndAllowsPlainHttpOnlyForLoopbackLiterals) {
  const std::string base = R"({"apiKey":"k","apiSecret":"secret","name":"n","endpoint":")";
  for (const char* good : {"http://127.0.0.1", "http://127.1.2.3:9", "http://localhost:1", "http://[::1]:8080",
                           "http://[0:0:0:0:0:0:0:1]", "https://www.bitstamp.net:443", "https://WWW.Bitstamp.NET.",
                           "https://[2001:db8::1]:8443"}) {
    const ConfigParse parsed = parse_config(base + good + "\"}");
    EXPECT_TRUE(parsed.config.has_value()) << good << ": " << (parsed.errors.empty() ? "" : parsed.errors[0].message);
  }
  for (const char* bad : {"http://127.evil.com", "http://127.0.0.1.evil.com", "http://127.0.0.256", "http://0127.0.0.1",
                          "http://[::2]", "http://localhost.evil.com", "https://:443", "https://", "https://[",
                          "https://[::1", "https://::1]", "https://host:0", "https://host:65536", "https://host:",
                          "https://host:8a", "https://ho st", "https://host/path", "https://a..b", "https://-",
                          "https://host#frag", "https://host?x=1", "https://u@host", "ftp://host"}) {
    const ConfigParse parsed = parse_config(base + bad + "\"}");
    EXPECT_FALSE(parsed.config.has_value()) << bad;
    ASSERT_FALSE(parsed.errors.empty()) << bad;
    EXPECT_EQ(parsed.errors[0].field, "endpoint") << bad;
  }
}

// A NUL once reached a log line raw: control characters are refused and never echoed.
TEST(Config, RefusesControlCharactersInTheEndpointKeyAndName) {
  const ConfigParse endpoint = parse_config(R"({"apiKey":"k","apiSecret":"s","name":"n","endpoint":"https://host\u0000.evil"})");
  ASSERT_FALSE(endpoint.errors.empty());
  EXPECT_EQ(endpoint.errors[0].message, "endpoint must not contain spaces or control characters");
  for (const char* field : {"apiKey", "name"}) {
    const std::string json = std::string(R"({"apiKey":"k","apiSecret":"s","name":"n",")") + field + R"(":"a\u001bb"})";
    const ConfigParse parsed = parse_config(json);
    EXPECT_EQ(fields_of(parsed), std::vector<std::string>{field});
    EXPECT_EQ(parsed.errors.at(0).message, std::string(field) + " must not contain control characters");
  }
}

// With no apiSecret field, a secret pasted as a key name must not be printed back.
TEST(Config, AnUnknownFieldIsNamedOnlyWhenItLooksLikeAFieldName) {
  const std::string secret = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY";  // 32 characters, like Bitstamp's
  const ConfigParse parsed = parse_config(R"({"apiKey":"k","name":"n",")" + secret + R"(":"x"})");
  for (const ConfigError& error : parsed.errors) {
    EXPECT_EQ(error.message.find(secret), std::string::npos) << error.message;
    EXPECT_EQ(error.field.find(secret), std::string::npos);
  }
  EXPECT_EQ(parsed.errors.at(0).message, "an unknown field (expected one of apiKey, apiSecret, endpoint, name, pollingPeriod)");
  EXPECT_EQ(parse_config(R"({"apiKey":"k","apiSecret":"s","name":"n","polingPeriod":"1h"})").errors.at(0).field, "polingPeriod");
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
  // Secrets as long as a field name cannot be told from one; Bitstamp's have 32 characters.
  const std::size_t length = *rc::gen::inRange<std::size_t>(21, 65);
  const std::string secret = *rc::gen::container<std::string>(
      length, rc::gen::elementOf(std::string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")));
  // The secret put where it belongs, and where it does not (a pasted-in-the-wrong-field config).
  const std::string field = *rc::gen::elementOf(
      std::vector<std::string>{"apiSecret", "apiKey", "name", "endpoint", "pollingPeriod", secret});
  const std::string json = "{\"" + field + "\":\"" + secret + " \",\"apiSecret\":\"" + secret + "\"}";
  const ConfigParse parsed = parse_config(json);
  for (const ConfigError& error : parsed.errors) {
    RC_ASSERT(error.message.find(secret) == std::string::npos);
    RC_ASSERT(error.field.find(secret) == std::string::npos);
  }
  RC_ASSERT(extract_api_secret(json) == secret);  // what the shell redacts
}

}  // namespace
}  // namespace bitstamp::core
