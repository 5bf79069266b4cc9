#include "bitstamp/adapters/signer.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace bitstamp::adapters {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";
constexpr std::size_t uuid_bytes = 16;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex += hex_digits[bytes[i] >> 4];
    hex += hex_digits[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  const unsigned char* out =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), digest.data(), &digest_size);
  // Only an OpenSSL allocation failure gets here: no request can be signed, nothing to do but stop.
  if (out == nullptr) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  return to_hex(digest.data(), digest_size);
}

std::string random_nonce() {
  std::array<unsigned char, uuid_bytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no nonce can be drawn");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = to_hex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::vector<core::Header> signed_headers(const core::WireRequest& wire, const core::SignatureInputs& inputs,
                                         const ApiSecret& secret) {
  std::vector<core::Header> headers{
      {"X-Auth", "BITSTAMP " + std::string(inputs.api_key)},
      {"X-Auth-Signature", hmac_sha256_hex(secret.reveal_for_signing(), core::string_to_sign(wire, inputs))},
      {"X-Auth-Nonce", std::string(inputs.nonce)},
      {"X-Auth-Timestamp", std::to_string(inputs.timestamp_ms)},
      {"X-Auth-Version", std::string(core::auth_version)},
  };
  if (!wire.body.empty()) headers.push_back({"Content-Type", wire.content_type});
  return headers;
}

}  // namespace bitstamp::adapters
