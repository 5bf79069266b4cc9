#pragma once
// The simulated Bitstamp API: answers a core::Request at an instant the way the live API
// does, from the account's view at that instant. Semantics modelled (wire digest §2-4, §8):
//   user_transactions/    sort (default desc), limit (default 100, 1..1000; with since_id
//                         Bitstamp sets it to 1000), inclusive since_id, offset 0..200000;
//                         user_transactions/{market_symbol}/ the same over one market's rows
//   crypto-transactions/  Main account only; newest first; limit/offset applied to each list;
//                         since_timestamp inclusive and at most 30 days back; include_ious
//   withdrawal-requests/  limit and offset together or neither (then the whole window);
//                         timedelta (default 1 day, at most 50000000 s); newest first
//   account_balances/     total, available, reserved (open orders and pending withdrawal
//                         requests), total = available + reserved
//   currencies/ and markets/ (public GET)
//   open_orders/all/      the resting orders as of up to 10 s ago (Bitstamp's cache)
//   order_status/         by id; "Order not found" (HTTP 404, or 200 for some orders) before
//                         the order exists and for closed orders created over 30 days ago
//   my_markets/, fees/trading/, fees/withdrawal/: 403 API0003 for a key without trading scope
//   rate limits           400 requests per second, 10,000 per 10 minutes: beyond, HTTP 429
//                         with response_code 400.002, counted as a violation
// Validation errors come back as Bitstamp's error bodies. No randomness here: faults are
// the driver's (see faults.hpp), applied around these answers.

#include <cstdint>
#include <deque>

#include "connector/request.hpp"
#include "bitstamp/simulator/account.hpp"
#include "bitstamp/simulator/synthetic_ledger.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {

inline constexpr std::uint32_t server_requests_per_second_max = 400;
inline constexpr std::uint32_t server_requests_per_window_max = 10'000;
inline constexpr std::int64_t server_window_ms = 10 * 60 * 1000;
inline constexpr std::int64_t server_since_timestamp_reach_s = 30LL * 24 * 3600;
inline constexpr std::int64_t server_timedelta_max_s = 50'000'000;
inline constexpr std::int64_t server_open_orders_cache_s = 10;
inline constexpr std::int64_t server_order_retention_s = 30LL * 24 * 3600;

// What a fault may bend in an otherwise correct answer.
struct AnswerTwist {
  bool duplicate_row = false;  // one row of the page is listed twice
};

class BitstampServer {
 public:
  explicit BitstampServer(const Account& account) : account_(account) {}
  // user_transactions/ answered from `ledger` (over `account`'s currencies) instead of the
  // account's drawn history, a page at a time: histories of millions of rows.
  BitstampServer(const Account& account, const SyntheticLedger& ledger) : account_(account), ledger_(&ledger) {}

  // Every call counts against the rate limits, as every request that reaches Bitstamp does.
  [[nodiscard]] core::Response answer(const core::Request& request, std::int64_t now_ms,
                                      AnswerTwist twist = {});

  [[nodiscard]] std::uint64_t requests_received() const { return requests_received_; }
  // Requests refused because the caller went over a rate limit (not injected faults).
  [[nodiscard]] std::uint64_t rate_limit_violations() const { return rate_limit_violations_; }

 private:
  bool over_rate_limit(std::int64_t now_ms);

  const Account& account_;
  const SyntheticLedger* ledger_ = nullptr;
  std::deque<std::int64_t> recent_ms_;  // arrival times within the last window
  std::uint64_t requests_received_ = 0;
  std::uint64_t rate_limit_violations_ = 0;
};

}  // namespace bitstamp::simulator
