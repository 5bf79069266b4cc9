#pragma once
// The capture format: JSON lines, one exchange per line, in the order the responses arrived.
//   {"request":{"method":"POST","path":"/api/v2/account_balances/","params":[["limit","1000"]]},
//    "response":{"status":200,"headers":{"content-type":"application/json"},"body":"[...]"},
//    "receivedAt":"2025-10-01T12:00:00Z"}
// A transport failure is {"response":{"transport":"timeout"}}. The body is the wire bytes,
// verbatim, as a JSON string. There is no field for request headers: keys, signatures and
// nonces have nowhere to go, and a line that carries any unknown field is refused.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "connector/request.hpp"

namespace harness {

struct Exchange {
  connector::Request request;  // task is not stored; the core's request is matched on the rest
  connector::Response response;
  std::int64_t received_at_ms = 0;

  friend bool operator==(const Exchange&, const Exchange&) = default;
};

struct CaptureRead {
  std::vector<Exchange> exchanges;
  std::string error;  // "line 3: response.status must be an integer"; empty when read
};

[[nodiscard]] CaptureRead read_capture(std::istream& in);
[[nodiscard]] CaptureRead read_capture_file(const std::string& path);

// One canonical JSON line (no newline). Response headers outside `capture_header_allowlist`
// are dropped, so a capture holds nothing a server said about the caller's credentials.
[[nodiscard]] std::string write_exchange(const Exchange& exchange);

inline constexpr const char* capture_header_allowlist[] = {"content-type", "retry-after", "date"};

// Parameters whose value the core derives from the clock when it starts a walk: the
// withdrawal-requests window and the crypto-transactions lower bound (the time the last walk
// began, less a margin). A replay starts every idle task at the arrival time of the earliest
// unused exchange, not at the instant the recording started that task (each task keeps its own
// schedule), so these may differ between a recording and its replay; they do not identify which
// exchange answers. Data cursors (`since_id`, `offset`) stay exact.
inline constexpr const char* clock_derived_params[] = {"timedelta", "since_timestamp"};

// Same method, path and parameters, clock-derived parameters excepted (task and attempt are the
// core's business).
[[nodiscard]] bool same_request(const connector::Request& a, const connector::Request& b);

}  // namespace harness
