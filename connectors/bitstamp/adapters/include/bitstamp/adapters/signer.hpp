#pragma once
// The impure half of Bitstamp's v2 signature: HMAC-SHA256 (OpenSSL's one-shot HMAC), nonces
// from OpenSSL's CSPRNG, and the headers a signed request carries. The string to sign is the
// core's (core/signing.hpp); the clock is read by the caller and passed in.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connector/request.hpp"
#include "bitstamp/core/signing.hpp"

namespace bitstamp::adapters {

// The API secret, held so that it cannot be printed by accident: no conversion, no stream
// operator; only the signer reads it.
class ApiSecret {
 public:
  explicit ApiSecret(std::string value) : value_(std::move(value)) {}
  [[nodiscard]] bool empty() const { return value_.empty(); }
  [[nodiscard]] std::string_view reveal_for_signing() const { return value_; }

 private:
  std::string value_;
};

// Lowercase hex HMAC-SHA256 of `message` under `key`.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// A fresh random UUID version 4, lowercase: what X-Auth-Nonce wants.
[[nodiscard]] std::string random_nonce();

// X-Auth, X-Auth-Signature, X-Auth-Nonce, X-Auth-Timestamp, X-Auth-Version, and Content-Type
// exactly when the request has a body. Header names as sent (Bitstamp's casing).
[[nodiscard]] std::vector<core::Header> signed_headers(const core::WireRequest& wire, const core::SignatureInputs& inputs,
                                                       const ApiSecret& secret);

}  // namespace bitstamp::adapters
