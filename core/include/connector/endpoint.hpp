#pragma once
// The config's `endpoint`, parsed once and properly: a scheme, a host and an optional port,
// nothing else. Two things hang on it. Plain http carries the key and every signature in the
// clear, so it is allowed for loopback only, and "loopback" must be decided on the parsed host
// (a prefix test let `http://127.evil.com` through). And Bitstamp signs the Host header it
// received, so the shell sends exactly host_header() and signs that same string: the authority
// as written (`www.bitstamp.net:443`) is not what the transport sends.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace connector {

struct Endpoint {
  bool https = true;
  std::string host;  // lower case, no trailing dot; an IPv6 literal without its brackets
  bool ipv6 = false;
  std::optional<std::uint16_t> port;  // as written; nullopt when none was

  // Plain http is allowed for these only: an IPv4 literal in 127.0.0.0/8, ::1, localhost.
  [[nodiscard]] bool is_loopback() const;
  // What goes in the Host header and the string to sign: the host in lower case, IPv6 in
  // brackets, the port only when it is not the scheme's default. "www.bitstamp.net",
  // "127.0.0.1:8080", "[::1]".
  [[nodiscard]] std::string host_header() const;
  // "https://www.bitstamp.net" (+ ":port" when not the default): where request paths go.
  [[nodiscard]] std::string base_url() const;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

struct EndpointParse {
  std::optional<Endpoint> endpoint;
  std::string problem;  // why not, when endpoint is empty; never quotes the text itself
};

// https://HOST[:PORT] or http://HOST[:PORT] for loopback, trailing '/' allowed. Refuses an empty
// host, unbalanced brackets, a port outside 1..65535, a path, query, fragment or credentials,
// and any control character or space.
[[nodiscard]] EndpointParse parse_endpoint(std::string_view text);

}  // namespace connector
