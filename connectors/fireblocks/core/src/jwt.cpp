#include "fireblocks/core/jwt.hpp"


#include "connector/canonical_json.hpp"

namespace fireblocks::core {
namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
  const std::size_t at = alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string jwt_claims(std::string_view uri, std::string_view nonce, std::int64_t issued_at_s, std::string_view api_key) {
  std::string out = "{\"uri\":";
  append_json_string(out, uri);
  out += ",\"nonce\":";
  append_json_string(out, nonce);
  out += ",\"iat\":" + std::to_string(issued_at_s);
  out += ",\"exp\":" + std::to_string(issued_at_s + jwt_lifetime_s);
  out += ",\"sub\":";
  append_json_string(out, api_key);
  out += ",\"bodyHash\":\"" + std::string(empty_body_sha256_hex) + "\"}";
  return out;
}

std::string base64url(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto byte = [&](std::size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(group >> shift) & 0x3f];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t group = byte(i) << 16;
    out += alphabet[(group >> 18) & 0x3f];
    out += alphabet[(group >> 12) & 0x3f];
  } else if (rest == 2) {
    const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8;
    out += alphabet[(group >> 18) & 0x3f];
    out += alphabet[(group >> 12) & 0x3f];
    out += alphabet[(group >> 6) & 0x3f];
  }
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 == 1) return false;
  std::uint32_t group = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = sextet(c);
    if (value < 0) return false;
    group = (group << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xff);
    }
  }
  return true;
}

std::string jwt_signing_input(std::string_view claims) { return base64url(jwt_header) + "." + base64url(claims); }

std::string jwt_token(std::string_view signing_input, std::string_view signature) {
  return std::string(signing_input) + "." + base64url(signature);
}

}  // namespace fireblocks::core
