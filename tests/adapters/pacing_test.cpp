// Proves the client's pacing: a shell that sends only when the rate limiter allows never has
// more than its limits in flight per window, however requests arrive; backoff doubles from
// 0.5 s, is capped at 60 s, and jitter stays within [0.5, 1.5).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <deque>

#include "harness/pacing.hpp"

namespace harness {
namespace {

RC_GTEST_PROP(Pacing, ASenderThatWaitsForTheLimiterStaysWithinEveryWindow, ()) {
  const RateLimits limits{*rc::gen::inRange<std::uint32_t>(1, 20), *rc::gen::inRange<std::uint32_t>(20, 60), 10'000};
  RateLimiter limiter(limits);
  const auto wishes = *rc::gen::container<std::vector<std::int64_t>>(rc::gen::inRange<std::int64_t>(0, 400));
  std::int64_t now = 0;
  std::deque<std::int64_t> sent;
  for (const std::int64_t gap : wishes) {
    now = limiter.earliest_send_ms(now + gap % 50);
    limiter.record_send(now);
    sent.push_back(now);
    const auto in_window = [&](std::int64_t width) {
      return std::count_if(sent.begin(), sent.end(), [&](std::int64_t at) { return at > now - width; });
    };
    RC_ASSERT(in_window(1000) <= static_cast<std::int64_t>(limits.per_second_max));
    RC_ASSERT(in_window(limits.window_ms) <= static_cast<std::int64_t>(limits.per_window_max));
  }
}

TEST(Pacing, TheClientLimitsSitBelowBitstamps) {
  EXPECT_LT(client_rate_limits.per_second_max, 400u);
  EXPECT_LT(client_rate_limits.per_window_max, 10'000u);
  EXPECT_EQ(client_rate_limits.window_ms, 600'000);
}

TEST(Pacing, BackoffDoublesIsCappedAndJittered) {
  EXPECT_EQ(retry_delay_ms(1, 500), 0);
  EXPECT_EQ(retry_delay_ms(2, 500), 500);
  EXPECT_EQ(retry_delay_ms(3, 500), 1000);
  EXPECT_EQ(retry_delay_ms(4, 500), 2000);
  EXPECT_EQ(retry_delay_ms(40, 500), retry_backoff_ms_max);
  EXPECT_EQ(retry_delay_ms(2, 0), 250);
  EXPECT_EQ(retry_delay_ms(2, 999), 749);
  EXPECT_EQ(retry_delay_ms(2, 5000), 749);  // out-of-range jitter is clamped
}

}  // namespace
}  // namespace harness
