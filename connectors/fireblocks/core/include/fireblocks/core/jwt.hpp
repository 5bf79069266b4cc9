#pragma once
// The JWT Fireblocks wants on every request (wire digest §1), everything but the RS256
// signature, which the shell makes with OpenSSL from the private key: the header, the claims in
// the official SDKs' order (uri, nonce, iat, exp, sub, bodyHash) and base64url without padding.

#include <cstdint>
#include <string>
#include <string_view>

#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

inline constexpr std::string_view jwt_header = R"({"alg":"RS256","typ":"JWT"})";
// "Must be less than iat+30sec" (Fireblocks' docs); Formance sends +30, the SDKs +55.
inline constexpr std::int64_t jwt_lifetime_s = 30;
// SHA-256 of the empty body: every request this connector makes is a GET.
inline constexpr std::string_view empty_body_sha256_hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// {"uri":…,"nonce":…,"iat":…,"exp":iat+30,"sub":api_key,"bodyHash":e3b0…}. `uri` is the
// request-target exactly as sent (request_target()), percent-encoding included.
[[nodiscard]] std::string jwt_claims(std::string_view uri, std::string_view nonce, std::int64_t issued_at_s,
                                     std::string_view api_key);

// base64url, no padding (RFC 7515 §2).
[[nodiscard]] std::string base64url(std::string_view bytes);
// The inverse; nullopt-like "" plus false when the text is not base64url.
[[nodiscard]] bool base64url_decode(std::string_view text, std::string& out);

// b64(header).b64(claims): the bytes RS256 signs.
[[nodiscard]] std::string jwt_signing_input(std::string_view claims);
// signing_input.b64(signature).
[[nodiscard]] std::string jwt_token(std::string_view signing_input, std::string_view signature);

}  // namespace fireblocks::core
