#pragma once
// The impure half of Fireblocks' authentication: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the
// core's signing input, with OpenSSL, from the workspace API user's private key. The key is held
// so that it cannot be printed: no conversion, no stream operator, no accessor.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/request.hpp"

namespace fireblocks::adapters {

class PrivateKey {
 public:
  // An unencrypted RSA key in PEM (PKCS#8 or PKCS#1), or nullopt and why (never quoting it).
  [[nodiscard]] static std::optional<PrivateKey> load(std::string_view pem, std::string& error);
  // A fresh RSA key (for the simulated workspace of `demo` and the tests); nullopt if OpenSSL fails.
  [[nodiscard]] static std::optional<PrivateKey> generate(unsigned bits);
  // The key in PEM (PKCS#8), for a config held in memory; never printed.
  [[nodiscard]] std::string private_pem() const;
  // The raw RS256 signature of `input` (256 bytes for a 2048-bit key).
  [[nodiscard]] std::string sign(std::string_view input) const;
  // The public half in PEM (SubjectPublicKeyInfo), for a verifier.
  [[nodiscard]] std::string public_pem() const;

 private:
  struct Free {
    void operator()(void* key) const;
  };
  std::shared_ptr<void> key_;  // EVP_PKEY, kept opaque so OpenSSL stays out of this header
};

// Whether `signature` is a valid RS256 signature of `input` under `public_pem`.
[[nodiscard]] bool verify_rs256(std::string_view public_pem, std::string_view input, std::string_view signature);

// A fresh random UUID version 4 (OpenSSL's CSPRNG): the JWT's nonce.
[[nodiscard]] std::string random_uuid();

// X-API-Key and Authorization: Bearer <JWT> for `request`, signed now.
[[nodiscard]] std::vector<connector::Header> authorization_headers(const connector::Request& request,
                                                                   std::string_view api_key, const PrivateKey& key,
                                                                   std::int64_t now_s, std::string_view nonce);

}  // namespace fireblocks::adapters
