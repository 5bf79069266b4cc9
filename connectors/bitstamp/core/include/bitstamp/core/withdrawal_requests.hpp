#pragma once
// POST /api/v2/withdrawal-requests/: one page of requests read into plain values, and their
// mapping to payments referenced "wr:<id>" (DESIGN.md §4, wire digest §4). `type` and `status`
// are integers on today's wire; older rows carry status names, and undocumented codes exist.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "connector/record.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr std::int64_t withdrawal_type_sepa = 0;

struct WithdrawalRequest {
  std::int64_t id = 0;
  std::optional<std::int64_t> datetime_us;  // nullopt when unreadable
  std::optional<std::int64_t> type;         // the wire integer; nullopt when absent or not one
  std::string status;          // wire text: "2", or a legacy name; "" when absent
  std::string currency;        // as sent
  std::string amount;          // wire text
  std::string network;
  std::string address;         // XRP destination tags stay embedded ("…?dt=1455")
  std::string transaction_id;  // on-chain hash
  std::string txid;            // Bitstamp's internal integer, as text
  std::string raw;

  friend bool operator==(const WithdrawalRequest&, const WithdrawalRequest&) = default;
};

struct WithdrawalRequestsPage {
  std::vector<WithdrawalRequest> rows;
  std::optional<std::string> error;  // damaged body: the page is unusable as a whole
};

[[nodiscard]] WithdrawalRequestsPage parse_withdrawal_requests(std::string_view body);

// Where a request stands. `terminal` requests never change again, so nothing re-reads them;
// `known` is false for codes outside the documented table (a diagnostic says so).
using WithdrawalStatus = StatusReading;

// 0 open / 1 in process → PENDING, 2 finished → SUCCEEDED, 3 canceled → CANCELLED,
// 4 failed → FAILED, 11 reversed → FAILED (the money came back: it did not leave), the legacy
// names of the same states likewise. Anything else → UNKNOWN, terminal: undocumented codes
// (8, 10) are found on old rows only, and re-reading them every cycle would learn nothing.
[[nodiscard]] WithdrawalStatus withdrawal_status_of(std::string_view wire_status);

// The PAYOUT a request stands for, or nullopt with the reason in `diagnostics`. The row is
// taken by value so a caller done with it can move its raw text into the record.
[[nodiscard]] std::optional<PspPayment> map_withdrawal_request(WithdrawalRequest row,
                                                               const AssetTable& assets,
                                                               std::vector<Diagnostic>& diagnostics);

[[nodiscard]] std::string withdrawal_reference(std::int64_t id);  // "wr:<id>"

}  // namespace bitstamp::core
