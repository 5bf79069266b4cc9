#pragma once
// Effects as data. The core asks for requests; the shell signs and sends them (or the
// simulator or a capture answers them) and hands back a Response. Both are plain values that
// can be compared, logged, captured and replayed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace connector {

// The periodic root tasks of DESIGN.md §3, plus the reference datasets they depend on:
// currencies (without it no amount has a precision; Fireblocks' asset catalogue) and enrichment
// (Bitstamp's markets, my_markets and the two fee lists: metadata only).
enum class Task { currencies, accounts, payments, conversions, orders, enrichment };

enum class Method { get, post };

struct Param {
  std::string name;
  std::string value;
  friend bool operator==(const Param&, const Param&) = default;
};

struct Request {
  Task task = Task::accounts;
  Method method = Method::post;
  std::string path;           // "/api/v2/account_balances/"
  std::vector<Param> params;  // form body for POST, query for GET; order is significant
  bool authenticated = true;  // false for the public datasets (currencies, markets)
  std::uint32_t attempt = 1;  // 1 for the first try; the shell backs off by attempt
  std::uint32_t nonce_retries = 0;  // retries spent on API0004/API0017 (fresh nonce, no backoff)
  std::int64_t not_before_ms = 0;  // earliest send time (Retry-After); 0 = as soon as possible

  friend bool operator==(const Request&, const Request&) = default;
};

// What came back. A transport failure (no HTTP status) is a response too.
enum class Transport { received, timeout, connection_failed };

struct Header {
  std::string name;  // lowercase
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

struct Response {
  Transport transport = Transport::received;
  int status = 0;  // HTTP status when received
  std::vector<Header> headers;
  std::string body;

  friend bool operator==(const Response&, const Response&) = default;
  [[nodiscard]] std::string_view header(std::string_view lowercase_name) const {
    for (const Header& h : headers) {
      if (h.name == lowercase_name) return h.value;
    }
    return {};
  }
};

[[nodiscard]] std::string_view to_string(Task task);
[[nodiscard]] std::string_view to_string(Method method);
[[nodiscard]] std::string_view to_string(Transport transport);
// "limit=1000&since_id=1&sort=asc": application/x-www-form-urlencoded, in the given order.
[[nodiscard]] std::string encode_form(const std::vector<Param>& params);
// One component (a path segment, a query value) with everything but RFC 3986's unreserved
// characters percent-encoded: "a=b" -> "a%3Db".
[[nodiscard]] std::string percent_encode(std::string_view text);

}  // namespace connector
