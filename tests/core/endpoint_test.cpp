// Proves the endpoint is parsed into scheme, host and port, and that the Host header the shell
// sends and signs is the normalised authority: lower case, no trailing dot, IPv6 in brackets,
// the scheme's default port dropped. Bitstamp signs the Host it receives.
#include <gtest/gtest.h>

#include "connector/endpoint.hpp"

namespace connector {
namespace {

std::string host_header_of(std::string_view text) {
  const EndpointParse parsed = parse_endpoint(text);
  EXPECT_TRUE(parsed.endpoint.has_value()) << text << ": " << parsed.problem;
  return parsed.endpoint ? parsed.endpoint->host_header() : "";
}

TEST(Endpoint, TheHostHeaderIsTheNormalisedAuthority) {
  EXPECT_EQ(host_header_of("https://www.bitstamp.net"), "www.bitstamp.net");
  EXPECT_EQ(host_header_of("https://www.bitstamp.net:443"), "www.bitstamp.net");
  EXPECT_EQ(host_header_of("https://www.bitstamp.net:443/"), "www.bitstamp.net");
  EXPECT_EQ(host_header_of("https://www.bitstamp.net:80"), "www.bitstamp.net:80");
  EXPECT_EQ(host_header_of("http://127.0.0.1:80"), "127.0.0.1");
  EXPECT_EQ(host_header_of("http://127.0.0.1:443"), "127.0.0.1:443");
  EXPECT_EQ(host_header_of("https://WWW.BitStamp.Net"), "www.bitstamp.net");
  EXPECT_EQ(host_header_of("HTTPS://www.bitstamp.net."), "www.bitstamp.net");
  EXPECT_EQ(host_header_of("http://[::1]:8080"), "[::1]:8080");
  EXPECT_EQ(host_header_of("http://[::1]:80"), "[::1]");
  EXPECT_EQ(host_header_of("https://[2001:DB8::1]"), "[2001:db8::1]");
}

TEST(Endpoint, TheBaseUrlCarriesTheNormalisedAuthority) {
  EXPECT_EQ(parse_endpoint("https://www.bitstamp.net:443//").endpoint->base_url(), "https://www.bitstamp.net");
  EXPECT_EQ(parse_endpoint("http://LOCALHOST:8080").endpoint->base_url(), "http://localhost:8080");
}

TEST(Endpoint, LoopbackIsDecidedOnTheParsedHost) {
  EXPECT_TRUE(parse_endpoint("http://127.0.0.1").endpoint->is_loopback());
  EXPECT_TRUE(parse_endpoint("http://127.255.0.9").endpoint->is_loopback());
  EXPECT_TRUE(parse_endpoint("http://localhost").endpoint->is_loopback());
  EXPECT_TRUE(parse_endpoint("http://[::1]").endpoint->is_loopback());
  EXPECT_TRUE(parse_endpoint("http://[0000:0:0:0:0:0:0:1]").endpoint->is_loopback());
  EXPECT_FALSE(parse_endpoint("https://127.evil.com").endpoint->is_loopback());
  EXPECT_FALSE(parse_endpoint("https://128.0.0.1").endpoint->is_loopback());
  EXPECT_FALSE(parse_endpoint("https://[::11]").endpoint->is_loopback());
  EXPECT_FALSE(parse_endpoint("http://127.evil.com").endpoint.has_value());
}

TEST(Endpoint, ProblemsNeverQuoteTheText) {
  for (const std::string& bad : {std::string("https://a\0b", 11), std::string("https://secret-here/x"),
                                std::string("http://secret-here"), std::string("https://[secret-here")}) {
    const EndpointParse parsed = parse_endpoint(bad);
    ASSERT_FALSE(parsed.endpoint.has_value());
    EXPECT_EQ(parsed.problem.find("secret-here"), std::string::npos) << parsed.problem;
    EXPECT_EQ(parsed.problem.find('\0'), std::string::npos);
  }
}

}  // namespace
}  // namespace connector
