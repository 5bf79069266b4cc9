#include "harness/pacing.hpp"

#include <algorithm>

namespace harness {

std::int64_t RateLimiter::earliest_send_ms(std::int64_t now_ms) const {
  std::int64_t earliest = now_ms;
  // The oldest send that must leave a window before one more fits in it.
  const auto window_blocker = [&](std::uint32_t max, std::int64_t window_ms) {
    if (sent_ms_.size() < max) return;
    const std::int64_t blocker = sent_ms_[sent_ms_.size() - max];
    earliest = std::max(earliest, blocker + window_ms);
  };
  window_blocker(limits_.per_second_max, 1000);
  window_blocker(limits_.per_window_max, limits_.window_ms);
  return earliest;
}

void RateLimiter::record_send(std::int64_t at_ms) {
  sent_ms_.push_back(at_ms);
  while (sent_ms_.size() > limits_.per_window_max) sent_ms_.pop_front();
}

std::int64_t retry_delay_ms(std::uint32_t attempt, std::uint32_t jitter_per_mille) {
  if (attempt <= 1) return 0;
  std::int64_t delay = retry_backoff_ms_min;
  for (std::uint32_t i = 2; i < attempt && delay < retry_backoff_ms_max; ++i) delay *= 2;
  delay = std::min(delay, retry_backoff_ms_max);
  const std::int64_t jitter = std::min(jitter_per_mille, jitter_per_mille_max - 1);
  return delay * (500 + jitter) / 1000;
}

}  // namespace harness
