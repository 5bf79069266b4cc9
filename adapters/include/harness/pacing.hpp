#pragma once
// When the shell may send: a client-side rate limiter under Bitstamp's limits, and the
// backoff before a retry. Time is an argument, jitter a number the caller draws (seeded in
// tests and the simulator), so both are deterministic functions.

#include <cstdint>
#include <deque>

namespace harness {

struct RateLimits {
  std::uint32_t per_second_max = 0;
  std::uint32_t per_window_max = 0;
  std::int64_t window_ms = 0;
};

// Bitstamp allows 400 requests per second and 10,000 per 10 minutes, counted where they
// arrive. Requests sent evenly can arrive bunched by latency jitter, so the client keeps a
// quarter below the per-second limit and a tenth below the 10-minute one.
inline constexpr RateLimits client_rate_limits{300, 9'000, 10 * 60 * 1000};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits = client_rate_limits) : limits_(limits) {}

  // The earliest instant at or after `now_ms` at which one more request stays within limits.
  [[nodiscard]] std::int64_t earliest_send_ms(std::int64_t now_ms) const;
  // REQUIRES: at_ms >= every earlier send.
  void record_send(std::int64_t at_ms);

 private:
  RateLimits limits_;
  std::deque<std::int64_t> sent_ms_;  // ascending; at most per_window_max entries
};

inline constexpr std::int64_t retry_backoff_ms_min = 500;
inline constexpr std::int64_t retry_backoff_ms_max = 60 * 1000;
// A retry told when it may come back (Retry-After) comes back up to this much later, so that the
// requests refused in one burst do not return as one.
inline constexpr std::int64_t retry_after_spread_ms_max = 500;
inline constexpr std::uint32_t jitter_per_mille_max = 1000;

// Exponential backoff before try `attempt` (2 = the first retry): 0.5 s, 1 s, 2 s, ... capped
// at 60 s, scaled by a jitter factor in [0.5, 1.5) from `jitter_per_mille` in [0, 1000).
// Attempt 1 (a first try) waits nothing.
[[nodiscard]] std::int64_t retry_delay_ms(std::uint32_t attempt, std::uint32_t jitter_per_mille);

}  // namespace harness
