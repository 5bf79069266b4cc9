#pragma once
// What a response means, before any mapping: success, or which kind of failure. Bitstamp sends
// errors in four body shapes and sometimes with HTTP 200, so the body is always inspected:
//   {"status":"error","reason":"…","code":"API0004"}
//   {"status":"error","reason":{"__all__":["…"]}}
//   {"status":"error","reason":"…","response_code":"400.002"}  /  {"code":"API5506","message":"…"}
//   {"error":"No permission found"}, {"error":{"amount":["…"]}}  (v1 style: `error` or `errors`
//                                                                of any JSON type)
// A top-level object with a `code` starting "API" is an error too. A body that is no error but
// not of its endpoint's shape either is the readers' to refuse (Outcome::unexpected_shape).

#include <cstdint>
#include <string>

#include "connector/request.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

enum class Outcome {
  ok,                 // a body to map
  retry,              // 5xx, timeout, connection failure, maintenance, unreadable body
  rate_limited,       // HTTP 429 or code 400.002: slow down, then retry
  nonce_rejected,     // API0004 / API0017: one retry with a fresh nonce and timestamp
  auth_failed,        // any other API00xx: stop, a person must act
  permission_denied,  // API0003, 403 without code, "No permission found"
  not_found,          // 404, 404.002, "Order not found"
  rejected,           // other 4xx / validation errors: our request is wrong
  unexpected_shape    // no error, but not the endpoint's documented shape either: retried a
                      // bounded number of times, never read as data (set by the engine)
};

struct Classification {
  Outcome outcome = Outcome::ok;
  std::string code;    // Bitstamp's code or response_code, when there is one
  std::string reason;  // Bitstamp's words, flattened to one line
  std::int64_t retry_after_ms = 0;  // from Retry-After seconds, capped; 0 when absent

  friend bool operator==(const Classification&, const Classification&) = default;
};

[[nodiscard]] Classification classify(const Response& response);
[[nodiscard]] std::string_view to_string(Outcome outcome);

// A sentence naming the likely cause of an auth failure code, for the person reading the log.
[[nodiscard]] std::string_view auth_failure_hint(std::string_view code);

}  // namespace bitstamp::core
