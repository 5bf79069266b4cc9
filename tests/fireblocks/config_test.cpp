// The Fireblocks config (seed 003): required fields, pollingPeriod bounds, the endpoint
// normalized, the private key in its single-line forms, and no message quoting a value.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fireblocks/core/config.hpp"

namespace fireblocks::core {
namespace {

std::string golden_pem() {
  std::ifstream in(std::string(BITSTAMP_FIXTURES_DIR) + "/fireblocks/golden_key.pem");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json valid() {
  return {{"apiKey", "b6f8a3c2-4d5e-4f60-9a7b-8c9d0e1f2a3b"}, {"endpoint", "https://sandbox-api.fireblocks.io"},
          {"name", "treasury"}, {"pollingPeriod", "30m"}, {"privateKey", golden_pem()}};
}

std::vector<std::string> fields(const ConfigParse& parse) {
  std::vector<std::string> out;
  for (const ConfigError& e : parse.errors) out.push_back(e.field);
  return out;
}

TEST(FireblocksConfig, AValidConfigParses) {
  const ConfigParse parse = parse_config(valid().dump());
  ASSERT_TRUE(parse.config) << (parse.errors.empty() ? "" : parse.errors.front().message);
  EXPECT_EQ(parse.config->polling_period_ms, 30 * ms_per_minute);
  EXPECT_EQ(parse.config->private_key_pem, golden_pem());
}

TEST(FireblocksConfig, TheSingleLineKeyWithLiteralBackslashNIsAccepted) {
  std::string single_line;
  for (const char c : golden_pem()) single_line += c == '\n' ? std::string("\\n") : std::string(1, c);
  nlohmann::json config = valid();
  config["privateKey"] = single_line;  // escaped twice: the value still holds backslash-n pairs
  const ConfigParse parse = parse_config(config.dump());
  ASSERT_TRUE(parse.config);
  EXPECT_EQ(parse.config->private_key_pem, golden_pem());
}

TEST(FireblocksConfig, TheEndpointIsNormalized) {
  for (const char* written : {"https://api.fireblocks.io/v1", "https://api.fireblocks.io/v1/", "https://api.fireblocks.io/"}) {
    nlohmann::json config = valid();
    config["endpoint"] = written;
    const ConfigParse parse = parse_config(config.dump());
    ASSERT_TRUE(parse.config) << written;
    EXPECT_EQ(parse.config->endpoint, "https://api.fireblocks.io") << written;
  }
  nlohmann::json plain = valid();
  plain["endpoint"] = "http://127.evil.com";
  EXPECT_EQ(fields(parse_config(plain.dump())), std::vector<std::string>{"endpoint"});
}

TEST(FireblocksConfig, EveryViolationIsNamedAndNoneQuotesAValue) {
  nlohmann::json config = valid();
  config.erase("apiKey");
  config["pollingPeriod"] = "10m";
  config["privateKey"] = "not a key but maybe a secret";
  config["not a field, maybe a secret"] = 1;
  const ConfigParse parse = parse_config(config.dump());
  EXPECT_FALSE(parse.config);
  EXPECT_EQ(fields(parse), (std::vector<std::string>{"", "apiKey", "pollingPeriod", "privateKey"}));
  for (const ConfigError& e : parse.errors) {
    EXPECT_EQ(e.message.find("maybe a secret"), std::string::npos) << e.message;
  }
  nlohmann::json encrypted = valid();
  encrypted["privateKey"] = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----\n";
  EXPECT_EQ(fields(parse_config(encrypted.dump())), std::vector<std::string>{"privateKey"});
  nlohmann::json no_name = valid();
  no_name.erase("name");
  EXPECT_EQ(fields(parse_config(no_name.dump())), std::vector<std::string>{"name"});
}

}  // namespace
}  // namespace fireblocks::core
