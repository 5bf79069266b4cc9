#pragma once
// Bitstamp's v2 request signature, the pure half (002_…, wire digest §0): how a Request goes on
// the wire and the exact string the HMAC covers. The adapter draws the nonce and reads the
// clock, then hands both in; the HMAC itself is OpenSSL's (adapters/signer.hpp). Keeping the
// inputs explicit is what lets the digest's golden vectors pin this down.

#include <cstdint>
#include <string>
#include <string_view>

#include "connector/request.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr std::string_view form_content_type = "application/x-www-form-urlencoded";
inline constexpr std::string_view auth_version = "v2";
inline constexpr std::size_t nonce_length = 36;  // a lowercase UUID: 8-4-4-4-12 hex digits

// What goes on the wire for a Request: a POST carries its parameters as a form body, a GET in
// the query. Content-Type is set exactly when there is a body (Bitstamp answers API0020 to a
// Content-Type on an empty body, and signs it only when present).
struct WireRequest {
  Method method = Method::post;
  std::string path;
  std::string query;         // without the '?'; "" when none
  std::string body;          // form-encoded; "" when none
  std::string content_type;  // form_content_type when body is non-empty, else ""
  friend bool operator==(const WireRequest&, const WireRequest&) = default;
};

[[nodiscard]] WireRequest to_wire(const Request& request);

// The per-request values the signature binds, drawn by the shell.
struct SignatureInputs {
  std::string_view api_key;
  std::string_view host;   // the endpoint's authority as sent in Host: "www.bitstamp.net"
  std::string_view nonce;  // lowercase UUID, fresh per request
  std::int64_t timestamp_ms = 0;
};

// "BITSTAMP " + key + METHOD + host + path + query + content type + nonce + timestamp + "v2" + body.
[[nodiscard]] std::string string_to_sign(const WireRequest& wire, const SignatureInputs& inputs);

// 36 characters, lowercase hex digits in UUID grouping (what Bitstamp accepts as X-Auth-Nonce).
[[nodiscard]] bool is_wellformed_nonce(std::string_view nonce);

}  // namespace bitstamp::core
