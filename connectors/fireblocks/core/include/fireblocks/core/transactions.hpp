#pragma once
// Fireblocks transactions as payments (wire digest §2.3, §3): GET /v1/transactions pages (a bare
// array) and GET /v1/transactions/{id} (one object), mapped with the asset catalogue.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fireblocks/core/assets.hpp"
#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

// What the engine needs of a transaction before mapping it: its identity, order and status,
// and its verbatim bytes (compact) to map later, when its asset is known.
struct TransactionRow {
  std::string id;
  std::int64_t created_at_ms = 0;
  std::string status;     // as sent: "CONFIRMING"
  std::string asset_id;   // the legacy id: "USDT_ERC20"
  std::string raw;        // the row, compacted, key order and number text as sent
  friend bool operator==(const TransactionRow&, const TransactionRow&) = default;
};

struct TransactionsRead {
  std::vector<TransactionRow> rows;
  std::string error;  // "" when the body has the documented shape
};

// A page: a JSON array of objects each with id, createdAt (ms), status and assetId.
[[nodiscard]] TransactionsRead read_transactions_page(std::string_view body);
// One transaction: an object with the same keys.
[[nodiscard]] TransactionsRead read_transaction(std::string_view body);

// The status table of the digest §3: COMPLETED -> SUCCEEDED; the in-progress list -> PENDING;
// CANCELLING/CANCELLED -> CANCELLED; FAILED/BLOCKED/REJECTED -> FAILED; anything else -> OTHER
// (unknown). Terminal: COMPLETED, CANCELLED, FAILED, BLOCKED, REJECTED (and a COMPLETED one can
// still change: the trailing re-scan sees it).
[[nodiscard]] StatusReading read_status(std::string_view status);

// Peer types that count as outside the workspace (Formance's list, compared case-insensitively).
[[nodiscard]] bool is_external_peer(std::string_view type);

struct MappedTransaction {
  std::optional<PspPayment> payment;
  std::string unknown_asset;  // the legacy id the catalogue does not hold; the row is held
  std::string error;          // why the row cannot be a payment (amount unreadable); the row is held
};

// `destinations_flat` is a test-only canary (InjectedBug::multi_destination_flat): it reads
// destinations[] as flat peers, as Formance does, and loses their ids and types.
[[nodiscard]] MappedTransaction map_transaction(const TransactionRow& row, const Catalogue& catalogue,
                                                bool destinations_flat = false);

}  // namespace fireblocks::core
