#pragma once
// Fireblocks' documented bounds and this connector's own, named once (wire digest §2).

#include <cstdint>

#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

inline constexpr std::uint32_t transactions_page_size = 200;  // Formance's PAGE_SIZE; the API allows 500
inline constexpr std::uint32_t transactions_page_size_max = 500;
inline constexpr std::uint32_t accounts_page_size = 200;      // accounts_paged: 1..500, default 200
inline constexpr std::uint32_t assets_page_size = 1000;       // /v1/assets pageSize: 100..1000
inline constexpr std::uint32_t blockchains_page_size = 500;   // /v1/blockchains pageSize: 1..500
inline constexpr std::uint32_t symbol_kept_max = 17;          // sanitized base: 17 characters at most
inline constexpr std::uint32_t attempts_max = 6;              // 429, 5xx, timeouts, unreadable bodies
inline constexpr std::uint32_t clock_skew_retries_max = 2;    // 401 -10/-12: a fresh token, twice
inline constexpr std::int64_t retry_after_ms_max = 10 * ms_per_minute;
inline constexpr std::int64_t catalogue_ttl_ms_default = ms_per_day;  // Formance refreshes after 24 h
inline constexpr std::int64_t polling_period_ms_default = 30 * ms_per_minute;
inline constexpr std::int64_t polling_period_ms_min = 20 * ms_per_minute;
// Transactions created this long before a cycle starts are read again by every cycle, so that a
// change of an end state (COMPLETED -> FAILED) is seen: the digest (§3) says it happens, no
// source says how late. Settable.
inline constexpr std::int64_t rescan_window_ms_default = 3 * ms_per_day;
inline constexpr std::uint32_t pages_per_cycle_max_default = 50;  // then commit; the rest next cycle
inline constexpr std::int64_t first_sync_after_ms = 1;  // bypasses the API's 90-day default window

}  // namespace fireblocks::core
