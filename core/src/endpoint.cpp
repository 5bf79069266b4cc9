#include "connector/endpoint.hpp"

#include <algorithm>

namespace connector {
namespace {

constexpr std::uint16_t https_port_default = 443;
constexpr std::uint16_t http_port_default = 80;
constexpr std::size_t host_length_max = 253;  // DNS's limit on a name

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

EndpointParse refused(std::string problem) { return EndpointParse{std::nullopt, std::move(problem)}; }

// Four decimal octets 0..255 without leading zeros: an IPv4 literal.
std::optional<unsigned> first_octet_of_ipv4(std::string_view host) {
  unsigned octets = 0;
  unsigned first = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    const std::size_t end = std::min(host.find('.', i), host.size());
    const std::string_view part = host.substr(i, end - i);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), is_digit)) return std::nullopt;
    if (part.size() > 1 && part.front() == '0') return std::nullopt;
    const unsigned value = static_cast<unsigned>(std::stoul(std::string(part)));
    if (value > 255) return std::nullopt;
    if (octets == 0) first = value;
    ++octets;
    i = end + 1;
  }
  if (octets != 4) return std::nullopt;
  return first;
}

// Letters, digits and '-' in dot-separated labels of 1..63 characters, none starting or ending
// with '-'.
bool is_host_name(std::string_view host) {
  constexpr std::size_t label_length_max = 63;
  std::size_t begin = 0;
  while (begin <= host.size()) {
    const std::size_t end = std::min(host.find('.', begin), host.size());
    const std::string_view label = host.substr(begin, end - begin);
    if (label.empty() || label.size() > label_length_max || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; })) {
      return false;
    }
    begin = end + 1;
  }
  return true;
}

// Hex groups and colons (an embedded IPv4 tail allowed), at least one colon: an IPv6 literal.
bool is_ipv6_literal(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; });
}

bool is_ipv6_loopback(std::string_view text) {
  // ::1 and its spelled-out forms: every group zero but a final 1.
  std::string digits;
  std::size_t groups = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      ++groups;
      continue;
    }
    digits += text[i];
  }
  const bool zeros_then_one = !digits.empty() && digits.back() == '1' &&
                              std::all_of(digits.begin(), digits.end() - 1, [](char c) { return c == '0'; });
  return zeros_then_one && (text.find("::") != std::string_view::npos || groups == 8);
}

}  // namespace

bool Endpoint::is_loopback() const {
  if (ipv6) return is_ipv6_loopback(host);
  if (host == "localhost") return true;
  const std::optional<unsigned> first = first_octet_of_ipv4(host);
  return first && *first == 127;
}

std::string Endpoint::host_header() const {
  std::string out = ipv6 ? "[" + host + "]" : host;
  const std::uint16_t default_port = https ? https_port_default : http_port_default;
  if (port && *port != default_port) out += ":" + std::to_string(*port);
  return out;
}

std::string Endpoint::base_url() const { return std::string(https ? "https://" : "http://") + host_header(); }

EndpointParse parse_endpoint(std::string_view text) {
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x21 || c == 0x7f; })) {
    return refused("must not contain spaces or control characters");
  }
  Endpoint endpoint;
  const std::string scheme = lowercase(text.substr(0, text.find("://")));
  if (text.find("://") == std::string_view::npos || (scheme != "https" && scheme != "http")) {
    return refused("must start with https://");
  }
  endpoint.https = scheme == "https";
  std::string_view rest = text.substr(scheme.size() + 3);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@\\") != std::string_view::npos) {
    return refused("must be a scheme and host only (no path, query, fragment or credentials)");
  }
  std::string_view host;
  std::string_view after_host;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return refused("has an IPv6 address without its closing ']'");
    host = rest.substr(1, close - 1);
    after_host = rest.substr(close + 1);
    if (!is_ipv6_literal(host)) return refused("has no valid IPv6 address between '[' and ']'");
    endpoint.ipv6 = true;
  } else {
    const std::size_t colon = rest.find(':');
    host = rest.substr(0, colon);
    after_host = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
    if (host.find_first_of("[]") != std::string_view::npos) return refused("has unbalanced brackets");
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // the root label: same host
    if (host.empty()) return refused("has no host");
    if (host.size() > host_length_max || !is_host_name(host)) return refused("has a host that is not a valid name");
  }
  if (!after_host.empty()) {
    const std::string_view digits = after_host.substr(1);
    if (after_host.front() != ':' || digits.empty() || digits.size() > 5 ||
        !std::all_of(digits.begin(), digits.end(), is_digit)) {
      return refused("has a port that is not a number in 1..65535");
    }
    const unsigned long port = std::stoul(std::string(digits));
    if (port < 1 || port > 65535) return refused("has a port that is not a number in 1..65535");
    endpoint.port = static_cast<std::uint16_t>(port);
  }
  endpoint.host = lowercase(host);
  if (!endpoint.https && !endpoint.is_loopback()) {
    return refused("must use https:// (plain http is for 127.0.0.0/8, [::1] and localhost only)");
  }
  return EndpointParse{std::move(endpoint), ""};
}

}  // namespace connector
