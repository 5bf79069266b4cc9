#pragma once
// POST /api/v2/crypto-transactions/ (Main account only): one response's three lists read into
// plain values, and their mapping to payments (DESIGN.md §4, wire digest §3). `datetime` is
// integer Unix seconds and `amount` a JSON number whose token text is read exactly.

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

enum class CryptoBucket { deposits, withdrawals, ripple_ious };

struct CryptoTransaction {
  CryptoBucket bucket = CryptoBucket::deposits;
  std::optional<std::int64_t> id;          // deposits only
  std::optional<std::int64_t> datetime_s;  // nullopt when unreadable
  std::string txid;
  std::string currency;  // as sent
  std::string network;
  std::string amount;  // the number token's exact text
  std::string status;  // deposits only: "PENDING", "COMPLETED", …
  std::string pending_reason;
  std::string destination_address;  // `destinationAddress`, or `destination_address`
  std::string raw;

  friend bool operator==(const CryptoTransaction&, const CryptoTransaction&) = default;
};

struct CryptoTransactionsPage {
  std::vector<CryptoTransaction> deposits;
  std::vector<CryptoTransaction> withdrawals;
  std::vector<CryptoTransaction> ripple_ious;
  std::optional<std::string> error;  // damaged body: unusable as a whole
};

// The body must have crypto-transactions' shape (body_shapes.hpp): an object with all three lists,
// each an array of rows; anything else refuses the body (a missing list is never "no rows").
[[nodiscard]] CryptoTransactionsPage parse_crypto_transactions(std::string_view body);

// "ct-dep:<id>", "ct-wd:<txid>", "ct-iou:<txid>"; nullopt when the identity is missing.
[[nodiscard]] std::optional<std::string> crypto_reference(const CryptoTransaction& row);

using DepositStatus = StatusReading;

// PENDING, IN_PROCESSING → PENDING; COMPLETED, FINALIZED → SUCCEEDED; REJECTED → FAILED;
// REVERTED → FAILED. Anything else → UNKNOWN and not terminal: a deposit whose state we
// cannot read is followed until it reaches one we can.
[[nodiscard]] DepositStatus deposit_status_of(std::string_view wire_status);

// Deposits → PAY-IN into the ticker's account with the deposit's status; withdrawals → PAYOUT
// from it, SUCCEEDED (listed with an on-chain txid). Ripple IOU rows do not say which way they
// went, so they are OTHER with no account side rather than a guess. Nullopt with the reason in
// `diagnostics` for rows that cannot be referenced, timed or priced. The row is taken by value
// so a caller done with it can move its raw text into the record.
[[nodiscard]] std::optional<PspPayment> map_crypto_transaction(CryptoTransaction row,
                                                               const AssetTable& assets,
                                                               std::vector<Diagnostic>& diagnostics);

[[nodiscard]] std::string_view to_string(CryptoBucket bucket);  // "deposits", …

}  // namespace bitstamp::core
