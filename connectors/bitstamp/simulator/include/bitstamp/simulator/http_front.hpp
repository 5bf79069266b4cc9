#pragma once
// The simulated API served over HTTP/1.1 on 127.0.0.1, for end-to-end runs through the real
// libcurl adapter (`demo`, tests/e2e). It checks every signed request the way Bitstamp does
// (wire digest §0) before the BitstampServer answers it:
//   X-Auth "BITSTAMP <key>" for the configured key         else 403 API0001
//   X-Auth-Version v2                                      else 403 API0010
//   X-Auth-Timestamp within 150 s of the server's clock    else 403 API0017
//   X-Auth-Nonce a lowercase UUID not seen in 150 s        else 403 API0004
//   no Content-Type on an empty body                       else 403 API0020
//   X-Auth-Signature the HMAC of the string to sign, with the Host header as sent
//                                                          else 403 API0005
// Public GETs (currencies/, markets/) need none of it. Optional faults come in storms: of
// every `period` requests that pass the checks, the first few answer 429 (400.002,
// Retry-After: 1) and the next few 502, so no request can meet more than a storm's length of
// failures in a row. One thread, poll(2), keep-alive.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "bitstamp/simulator/account.hpp"

namespace bitstamp::simulator {

inline constexpr std::int64_t auth_timestamp_skew_ms_max = 150'000;
inline constexpr std::int64_t nonce_memory_ms = 150'000;

struct HttpFrontFaults {
  std::uint32_t period = 0;          // 0: no faults
  std::uint32_t rate_limited = 0;    // of each period this many: 429 + 400.002 + Retry-After: 1
  std::uint32_t server_errors = 0;   // and this many: 502 with an HTML body (faults spread evenly)
  std::int64_t latency_ms = 0;       // every answer waits this long (the front serves one at a time)
  friend bool operator==(const HttpFrontFaults&, const HttpFrontFaults&) = default;
};

struct HttpFrontOptions {
  std::string api_key;
  std::string api_secret;
  HttpFrontFaults faults;
  std::uint16_t port = 0;  // on 127.0.0.1; 0: a free one
};

struct HttpFrontStats {
  std::uint64_t requests = 0;
  std::uint64_t answered_by_account = 0;
  std::uint64_t rejected_auth = 0;  // every 403 API00xx of the checks above
  std::uint64_t rejected_signature = 0;
  std::uint64_t rejected_nonce = 0;
  std::uint64_t faults_injected = 0;
  std::uint64_t rate_limit_violations = 0;  // the caller went over Bitstamp's limits
};

class HttpFront {
 public:
  // Binds 127.0.0.1 (options.port, or a free port) and starts serving at once. Throws
  // std::runtime_error when no socket can be had or the port is taken.
  HttpFront(const Account& account, HttpFrontOptions options);
  ~HttpFront();  // stops the thread and closes every socket
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string endpoint() const;  // "http://127.0.0.1:PORT"
  [[nodiscard]] HttpFrontStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An account shaped to end at end_s: `history_days` of history drawn from `seed`, no event
// after it (so two syncs see the same books).
[[nodiscard]] Account static_account(std::uint64_t seed, std::int64_t history_days, std::int64_t end_s);

}  // namespace bitstamp::simulator
