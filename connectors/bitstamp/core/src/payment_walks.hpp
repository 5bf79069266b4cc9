#pragma once
// Private to the core: the walks of a payments cycle over crypto-transactions/ and
// withdrawal-requests/. Each reads pages into records and the cursor it will commit; the
// engine decides when the cycle as a whole commits.
//
// Why the walks stay correct when rows arrive mid-walk: both endpoints page with limit/offset
// over a list whose order Bitstamp does not document. If the list is newest-first, a new row
// shifts every later row one place down, so a page boundary row is read twice (deduplicated
// by `seen`) and none is skipped; if it is oldest-first, new rows land after the last page and
// the next cycle reads them (its window starts before this walk began). Rows are never
// removed from either list, which is what both cases rely on.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/core/state.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

struct PageLimits {
  std::uint32_t page_size = 0;   // the `limit` sent, 1..1000
  std::uint32_t offset_max = 0;  // Bitstamp refuses larger offsets
};

// since_timestamp reaches back to whichever is older: a late window before the last complete
// walk began, or the oldest deposit still followed. Beyond Bitstamp's 30-day reach (or on a
// cold start) the whole list is walked. Deposits pending for longer than that reach are
// dropped from following, with a warning: their later status cannot be read any more.
[[nodiscard]] CryptoWalk start_crypto_walk(const CryptoTransactionsCursor& committed, std::int64_t now_ms,
                                           std::vector<Diagnostic>& diagnostics);

// Reads one response into the walk: "" when used (walk.done once every list is read through,
// then walk.next is the cursor to commit), otherwise why the body is unusable.
[[nodiscard]] std::string read_crypto_page(CryptoWalk& walk, const CryptoTransactionsCursor& committed,
                                           std::string_view body, const AssetTable& assets,
                                           PageLimits limits, std::vector<Diagnostic>& diagnostics);

// The window (timedelta) reaches back to the older of the last complete walk's start and the
// oldest request still followed, plus a margin; a cold start asks for Bitstamp's maximum.
[[nodiscard]] WithdrawalRequestsWalk start_withdrawal_walk(const WithdrawalRequestsCursor& committed,
                                                           std::int64_t now_ms,
                                                           std::vector<Diagnostic>& diagnostics);

[[nodiscard]] std::string read_withdrawal_page(WithdrawalRequestsWalk& walk,
                                               const WithdrawalRequestsCursor& committed,
                                               std::string_view body, const AssetTable& assets,
                                               PageLimits limits, std::vector<Diagnostic>& diagnostics);

}  // namespace bitstamp::core
