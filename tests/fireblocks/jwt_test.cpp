// The JWT against the wire digest's golden vectors (§1), byte for byte: RS256 is deterministic,
// so the core's claims and base64url plus the shell's OpenSSL signature must give exactly these
// tokens for the digest's throwaway key.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/core/engine.hpp"
#include "fireblocks/core/jwt.hpp"

namespace fireblocks {
namespace {

constexpr std::string_view vector_a = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1cmkiOiIvdjEvdHJhbnNhY3Rpb25zP2xpbWl0PTIwMCZvcmRlckJ5PWNyZWF0ZWRBdCZzb3J0PUFTQyZhZnRlcj0xIiwibm9uY2UiOiI1ZjJiOGMxZS0zZDRhLTRiNmMtOWU3Zi0wYTFiMmMzZDRlNWYiLCJpYXQiOjE3MzU2ODk2MDAsImV4cCI6MTczNTY4OTYzMCwic3ViIjoiYjZmOGEzYzItNGQ1ZS00ZjYwLTlhN2ItOGM5ZDBlMWYyYTNiIiwiYm9keUhhc2giOiJlM2IwYzQ0Mjk4ZmMxYzE0OWFmYmY0Yzg5OTZmYjkyNDI3YWU0MWU0NjQ5YjkzNGNhNDk1OTkxYjc4NTJiODU1In0.F-G6r8UfxLV-otteRKje4l23BNR42A4TwdPyoR7hKwxTxJASb1bb1BExSiJOL3e-FjULeTMdZY1QJ0OnVWUKLcPyVDbIcyOFmUZWD04PaE5coVVmiwH3MkMjOubv8Q8UuiSlAGUn2iMkyHf-FxM7LoBrEVnispbn00_JOEOgRc8kCdNuY734LubhvsCXoqHlnp6i2ZF9mPO4x1W-MHAlk3sAc8aedLryshsgl-IMav6ut5PHufPQmmqF0MSL-Xb8EJqRDYRwkjAyTtNunLvfObbGjj2WByp-DfaqGCi2tsBJCSxHHBxqkyDZe_5p3K4fSr3lXmfYCacwzMDHIUIhjw";
constexpr std::string_view vector_b = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJib2R5SGFzaCI6ImUzYjBjNDQyOThmYzFjMTQ5YWZiZjRjODk5NmZiOTI0MjdhZTQxZTQ2NDliOTM0Y2E0OTU5OTFiNzg1MmI4NTUiLCJleHAiOjE3MzU2ODk2MzAsImlhdCI6MTczNTY4OTYwMCwibm9uY2UiOiI1ZjJiOGMxZS0zZDRhLTRiNmMtOWU3Zi0wYTFiMmMzZDRlNWYiLCJzdWIiOiJiNmY4YTNjMi00ZDVlLTRmNjAtOWE3Yi04YzlkMGUxZjJhM2IiLCJ1cmkiOiIvdjEvdHJhbnNhY3Rpb25zP2xpbWl0PTIwMFx1MDAyNm9yZGVyQnk9Y3JlYXRlZEF0XHUwMDI2c29ydD1BU0NcdTAwMjZhZnRlcj0xIn0.Rt0xAQglc63IWDpjBFo5k3_CD2Jry2C7rA_KEyWfr2jS9U5ZXPyPrFDjjcc7OZternRYOs7nKkoUXUmmfbxyWLflTBOJvHSEOVOswTxSFTqPg6RceS9zLBfWLAjP6vH9dxkfhZ9jPDw0vh3m62ahZEzeWo7YsO9PPr0-46YNT-MAZ62ysX79_e7_-0aLo8s-so1ZzjM_aiRI6Z7t-5FHWEy5L__8xZoZqJG49nyOXHgu0ruGyXm7ZZr4ZiihXxp1HWstc3CTQPgyBOWyztyMK5MQqy8M5KB2pxNmN_mVMhxx1kNW78YN2ntCD3XIoh3A1MNeitfvWRY3G7D0SOZnRQ";
constexpr std::string_view api_key = "b6f8a3c2-4d5e-4f60-9a7b-8c9d0e1f2a3b";
constexpr std::string_view nonce = "5f2b8c1e-3d4a-4b6c-9e7f-0a1b2c3d4e5f";
constexpr std::int64_t issued_at_s = 1735689600;

std::string golden_pem() {
  std::ifstream in(std::string(BITSTAMP_FIXTURES_DIR) + "/fireblocks/golden_key.pem");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

adapters::PrivateKey golden_key() {
  std::string error;
  std::optional<adapters::PrivateKey> key = adapters::PrivateKey::load(golden_pem(), error);
  EXPECT_TRUE(key) << error;
  return *key;
}

// Formance's first-sync request, built by the core (the digest's vectors omit `before`).
connector::Request first_sync_request() {
  connector::Request request = core::transactions_request(1, 0, 200);
  request.params.pop_back();
  return request;
}

TEST(FireblocksJwt, VectorAWithTheSdkClaimOrder) {
  const std::string uri = core::request_target(first_sync_request());
  EXPECT_EQ(uri, "/v1/transactions?limit=200&orderBy=createdAt&sort=ASC&after=1");
  const std::string input = core::jwt_signing_input(core::jwt_claims(uri, nonce, issued_at_s, api_key));
  EXPECT_EQ(core::jwt_token(input, golden_key().sign(input)), vector_a);
}

TEST(FireblocksJwt, VectorBWithGoSortedKeysAndEscapedAmpersands) {
  // Go's encoding/json: keys sorted, & as \u0026. The signer signs whatever bytes it is given.
  const std::string claims =
      R"({"bodyHash":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","exp":1735689630,"iat":1735689600,)"
      R"("nonce":"5f2b8c1e-3d4a-4b6c-9e7f-0a1b2c3d4e5f","sub":"b6f8a3c2-4d5e-4f60-9a7b-8c9d0e1f2a3b",)"
      R"("uri":"/v1/transactions?limit=200\u0026orderBy=createdAt\u0026sort=ASC\u0026after=1"})";
  const std::string input = core::jwt_signing_input(claims);
  EXPECT_EQ(core::jwt_token(input, golden_key().sign(input)), vector_b);
}

TEST(FireblocksJwt, HeadersCarryTheKeyAndAVerifiableToken) {
  const adapters::PrivateKey key = golden_key();
  const connector::Request request = core::vaults_request("c3RhcnRpbmdWYXVsdElkeD01NTM1NzUzNg==");
  const std::vector<connector::Header> headers = adapters::authorization_headers(request, api_key, key, issued_at_s, nonce);
  ASSERT_EQ(headers.size(), 2U);
  EXPECT_EQ(headers[0].name, "X-API-Key");
  EXPECT_EQ(headers[0].value, api_key);
  const std::string token = headers[1].value.substr(std::string("Bearer ").size());
  const std::size_t last_dot = token.rfind('.');
  std::string signature;
  ASSERT_TRUE(core::base64url_decode(token.substr(last_dot + 1), signature));
  EXPECT_TRUE(adapters::verify_rs256(key.public_pem(), token.substr(0, last_dot), signature));
  std::string claims;
  ASSERT_TRUE(core::base64url_decode(token.substr(token.find('.') + 1, last_dot - token.find('.') - 1), claims));
  EXPECT_NE(claims.find(R"("uri":"/v1/vault/accounts_paged?limit=200&after=c3RhcnRpbmdWYXVsdElkeD01NTM1NzUzNg%3D%3D")"),
            std::string::npos) << "the cursor is percent-encoded in the uri exactly as sent: " << claims;
  EXPECT_FALSE(adapters::verify_rs256(key.public_pem(), token.substr(0, last_dot) + "x", signature));
}

TEST(FireblocksJwt, Base64UrlRoundTrips) {
  for (const std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    std::string back;
    ASSERT_TRUE(core::base64url_decode(core::base64url(text), back));
    EXPECT_EQ(back, text);
  }
  EXPECT_EQ(core::base64url("\xfb\xff"), "-_8");
  std::string ignored;
  EXPECT_FALSE(core::base64url_decode("ab+c", ignored));
}

TEST(FireblocksJwt, KeysThatCannotSignAreRefusedWithoutQuotingThem) {
  std::string error;
  EXPECT_FALSE(adapters::PrivateKey::load("-----BEGIN PRIVATE KEY-----\nnotakey\n-----END PRIVATE KEY-----\n", error));
  EXPECT_EQ(error.find("notakey"), std::string::npos);
  EXPECT_NE(error, "");
}

}  // namespace
}  // namespace fireblocks
