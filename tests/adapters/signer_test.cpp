// Proves the v2 signature: the wire digest's golden vectors (checked there against Bitstamp's
// reference Python), Content-Type present exactly with a body, and nonces that are fresh
// lowercase UUIDv4s.
#include <gtest/gtest.h>

#include <set>

#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/core/signing.hpp"

namespace harness {
namespace {

const bitstamp::core::SignatureInputs digest_inputs{"123456", "www.bitstamp.net", "hijklm", 1606996800000};
const bitstamp::adapters::ApiSecret digest_secret{"abcdefg"};

connector::Request balance_request(std::vector<connector::Param> params) {
  return connector::Request{connector::Task::accounts, connector::Method::post, "/api/v2/balance/", std::move(params), true};
}

std::string header(const std::vector<connector::Header>& headers, std::string_view name) {
  for (const connector::Header& h : headers) {
    if (h.name == name) return h.value;
  }
  return "<absent>";
}

TEST(Signer, MatchesTheDigestsGoldenVectorWithoutABody) {
  const bitstamp::core::WireRequest wire = bitstamp::core::to_wire(balance_request({}));
  EXPECT_EQ(wire.content_type, "");
  EXPECT_EQ(bitstamp::adapters::hmac_sha256_hex("abcdefg", bitstamp::core::string_to_sign(wire, digest_inputs)),
            "eb84d115027532cba9ebab8c692c488284c54551ab4601aa9ce6280187dc9c86");
  const std::vector<connector::Header> headers = bitstamp::adapters::signed_headers(wire, digest_inputs, digest_secret);
  EXPECT_EQ(header(headers, "X-Auth-Signature"), "eb84d115027532cba9ebab8c692c488284c54551ab4601aa9ce6280187dc9c86");
  EXPECT_EQ(header(headers, "Content-Type"), "<absent>") << "Bitstamp answers API0020 to a Content-Type without a body";
}

TEST(Signer, MatchesTheDigestsGoldenVectorWithAFormBody) {
  const bitstamp::core::WireRequest wire =
      bitstamp::core::to_wire(balance_request({{"limit", "1000"}, {"since_id", "1"}, {"sort", "asc"}, {"offset", "0"}}));
  EXPECT_EQ(wire.body, "limit=1000&since_id=1&sort=asc&offset=0");
  EXPECT_EQ(wire.content_type, "application/x-www-form-urlencoded");
  const std::vector<connector::Header> headers = bitstamp::adapters::signed_headers(wire, digest_inputs, digest_secret);
  EXPECT_EQ(header(headers, "X-Auth-Signature"), "29728913d776144f0c8d522a58e77bb6c4492b25dbf7b3ebd41c4eb64c28cf0c");
  EXPECT_EQ(header(headers, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(header(headers, "X-Auth"), "BITSTAMP 123456");
  EXPECT_EQ(header(headers, "X-Auth-Nonce"), "hijklm");
  EXPECT_EQ(header(headers, "X-Auth-Timestamp"), "1606996800000");
  EXPECT_EQ(header(headers, "X-Auth-Version"), "v2");
}

TEST(Signer, SignsEveryPartSoAnyChangeBreaksTheSignature) {
  const bitstamp::core::WireRequest wire = bitstamp::core::to_wire(balance_request({{"offset", "0"}}));
  const std::string reference = bitstamp::adapters::hmac_sha256_hex("abcdefg", bitstamp::core::string_to_sign(wire, digest_inputs));
  bitstamp::core::SignatureInputs other = digest_inputs;
  other.timestamp_ms += 1;
  EXPECT_NE(bitstamp::adapters::hmac_sha256_hex("abcdefg", bitstamp::core::string_to_sign(wire, other)), reference);
  other = digest_inputs;
  other.host = "127.0.0.1:8080";
  EXPECT_NE(bitstamp::adapters::hmac_sha256_hex("abcdefg", bitstamp::core::string_to_sign(wire, other)), reference);
  bitstamp::core::WireRequest moved = wire;
  moved.body = "offset=1";
  EXPECT_NE(bitstamp::adapters::hmac_sha256_hex("abcdefg", bitstamp::core::string_to_sign(moved, digest_inputs)), reference);
  EXPECT_NE(bitstamp::adapters::hmac_sha256_hex("abcdefh", bitstamp::core::string_to_sign(wire, digest_inputs)), reference);
}

TEST(Signer, PutsAGetsParametersInTheQueryAndSendsNoContentType) {
  connector::Request get{connector::Task::currencies, connector::Method::get, "/api/v2/currencies/", {{"a", "1"}}, false};
  const bitstamp::core::WireRequest wire = bitstamp::core::to_wire(get);
  EXPECT_EQ(wire.query, "a=1");
  EXPECT_EQ(wire.body, "");
  EXPECT_EQ(wire.content_type, "");
}

TEST(Signer, DrawsFreshLowercaseVersion4Nonces) {
  std::set<std::string> seen;
  constexpr int draws = 1000;
  for (int i = 0; i < draws; ++i) {
    const std::string nonce = bitstamp::adapters::random_nonce();
    ASSERT_TRUE(bitstamp::core::is_wellformed_nonce(nonce)) << nonce;
    EXPECT_EQ(nonce[14], '4') << "UUID version 4: " << nonce;
    EXPECT_NE(std::string("89ab").find(nonce[19]), std::string::npos) << "RFC 4122 variant: " << nonce;
    seen.insert(nonce);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(draws));
}

TEST(Signer, AcceptsOnlyWellformedNonces) {
  EXPECT_TRUE(bitstamp::core::is_wellformed_nonce("0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"));
  EXPECT_FALSE(bitstamp::core::is_wellformed_nonce("0F1E2D3C-4B5A-4978-8A6B-5C4D3E2F1A0B")) << "uppercase";
  EXPECT_FALSE(bitstamp::core::is_wellformed_nonce("hijklm"));
  EXPECT_FALSE(bitstamp::core::is_wellformed_nonce("0f1e2d3c4b5a-4978-8a6b-5c4d3e2f1a0b-"));
  EXPECT_FALSE(bitstamp::core::is_wellformed_nonce(""));
}

}  // namespace
}  // namespace harness
