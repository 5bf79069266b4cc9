#pragma once
// Every bound Bitstamp's core relies on, named once (the kernel's own are in connector/limits.hpp).
// Units and qualifiers come last in each name.

#include <cstddef>
#include <cstdint>

#include "connector/limits.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr std::uint32_t page_size_max = 1000;      // Bitstamp's `limit` cap
inline constexpr std::uint32_t offset_max = 200000;       // Bitstamp rejects larger offsets
inline constexpr std::uint32_t pages_in_flight_default = 4;  // the shell's concurrent transfers
inline constexpr std::uint32_t request_attempt_max = 6;   // tries of one request before giving up
inline constexpr std::uint32_t nonce_retry_max = 1;       // API0004/API0017: one fresh-nonce retry
inline constexpr std::int64_t retry_after_ms_max = 10LL * 60 * 1000;  // ignore absurd Retry-After

inline constexpr std::int64_t polling_period_ms_default = 30 * ms_per_minute;
inline constexpr std::int64_t polling_period_ms_min = 20 * ms_per_minute;
inline constexpr std::int64_t enrichment_ttl_ms_default = 24 * ms_per_hour;

// crypto-transactions/: since_timestamp reaches 30 days back at most; a day of margin absorbs
// clock differences. A walk that would need to reach further reads the whole list instead.
inline constexpr std::int64_t since_timestamp_reach_s = 29LL * 24 * 60 * 60;
// How late a crypto transaction may be listed after a newer one and still be caught.
inline constexpr std::int64_t crypto_late_window_s = 24LL * 60 * 60;
// withdrawal-requests/: `timedelta` (seconds back from now) is capped by Bitstamp; a window
// always reaches a day further back than strictly needed, for clock differences.
inline constexpr std::int64_t withdrawal_timedelta_max_s = 50'000'000;
inline constexpr std::int64_t withdrawal_window_margin_s = 24LL * 60 * 60;

// order_status/ answers for closed orders only within 30 days; an order is followed live for
// at most this long after it was first seen (unless it is still in the open-orders snapshot),
// a 5-day margin that keeps its terminal state from being lost to that retention. Fill rows
// of an order the live path never saw are asked about through order_status/ while they are
// younger than this, and rebuilt from the fills alone (historical) once older.
inline constexpr std::int64_t order_tracking_max_ms = 25 * ms_per_day;
// An order whose order_status/ answer cannot be had or read (a persistent 5xx for that id, an
// answer about another order) is left out of a cycle after its retries; after this many
// consecutive cycles it is no longer followed, with an error, so one id can never stop orders.
inline constexpr std::uint32_t order_status_failed_cycles_max = 3;
// Bitstamp caches open_orders/all/ for about 10 s: a snapshot younger than that is as fresh as
// asking again, so the back-to-back cycles of a backfill reuse it.
inline constexpr std::int64_t open_orders_reuse_ms = 10 * ms_per_second;
// Bitstamp's launch day, used as every account's CreatedAt: stable across reinstalls.
inline constexpr std::int64_t bitstamp_genesis_us = 1312243200LL * 1000 * 1000;  // 2011-08-02Z

}  // namespace bitstamp::core
