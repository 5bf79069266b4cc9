#pragma once
// The simulated workspace served over HTTP/1.1 on 127.0.0.1 (harness::LoopbackServer), for
// end-to-end runs through the real libcurl client and RS256 signer (`demo --connector
// fireblocks`, `serve --connector fireblocks`, tests/e2e). Every request is checked the way
// Fireblocks does (wire digest §1) before the workspace answers, a 401 {"message","code"} else:
//   X-API-Key the workspace's key, the JWT's `sub` the same    else -7 (-2 when sub is absent)
//   Authorization: Bearer <JWT>                                 else -3
//   the RS256 signature valid for the workspace's public key    else -1
//   `uri` equal to the request's path and query as received    else -4
//   `bodyHash` the SHA-256 of the body                          else -1
//   `iat` not in the future (5 s tolerance)                     else -12
//   `exp` not passed, at most 60 s after `iat`                  else -10
//   `nonce` not seen before                                     else -1
// Optional faults come in storms, as the Bitstamp front's: of every `period` requests that pass
// the checks, some answer 429, some 502, some a 200 whose body is cut short.

#include <cstdint>
#include <memory>
#include <string>

#include "fireblocks/simulator/workspace.hpp"

namespace fireblocks::simulator {

inline constexpr std::int64_t issued_at_tolerance_s = 5;
inline constexpr std::int64_t token_lifetime_s_max = 60;

struct FrontFaults {
  std::uint32_t period = 0;  // 0: no faults
  std::uint32_t rate_limited = 0;
  std::uint32_t server_errors = 0;
  std::uint32_t truncated = 0;
  std::int64_t latency_ms = 0;  // every answer waits this long (the front serves one at a time)
};

struct FrontOptions {
  std::string api_key;
  std::string public_key_pem;  // the API user's: tokens are verified with it
  FrontFaults faults;
  std::uint16_t port = 0;  // 0: a free one
};

struct FrontStats {
  std::uint64_t requests = 0;
  std::uint64_t answered = 0;
  std::uint64_t refused = 0;           // every 401 of the checks above
  std::uint64_t refused_signature = 0;  // -1 for the signature itself
  std::uint64_t refused_uri = 0;        // -4
  std::uint64_t refused_time = 0;       // -10 and -12
  std::uint64_t faults_injected = 0;
};

class HttpFront {
 public:
  // The workspace must outlive the front; "now" is the wall clock.
  HttpFront(const Workspace& workspace, FrontOptions options);
  ~HttpFront();
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  [[nodiscard]] std::string endpoint() const;  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] FrontStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fireblocks::simulator
