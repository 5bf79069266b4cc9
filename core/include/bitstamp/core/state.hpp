#pragma once
// The connector's state: what is committed (persisted as one versioned JSON document per
// install) and what a running cycle holds (transient: a restart starts every cycle afresh, so
// nothing half-done is ever persisted).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "bitstamp/core/assets.hpp"
#include "bitstamp/core/record.hpp"

namespace bitstamp::core {

inline constexpr int state_version = 1;

// The committed progress of one periodic task.
struct TaskProgress {
  std::int64_t last_completed_ms = -1;  // -1: never completed
  friend bool operator==(const TaskProgress&, const TaskProgress&) = default;
};

// A watermark over user_transactions/ ids.
struct StreamCursor {
  std::int64_t last_id = -1;      // inclusive since_id watermark; -1: cold start
  bool backfill_pending = false;  // the last cycle stopped at its page budget: go on at once
  friend bool operator==(const StreamCursor&, const StreamCursor&) = default;
};

// The payments cursors, one per source, committed together when a payments cycle completes.
struct PaymentsCursor {
  StreamCursor user_transactions;
  friend bool operator==(const PaymentsCursor&, const PaymentsCursor&) = default;
};

// A cycle walking user_transactions/ under a watermark fixed for the whole cycle.
struct TransactionsWalk {
  std::int64_t since_id = -1;   // the committed cursor when the cycle began
  std::uint32_t offset = 0;     // of the page being fetched
  std::uint32_t pages = 0;      // pages received so far
  std::int64_t max_id = -1;     // over every row seen, of any type
  std::vector<Record> records;  // returned only with the commit that ends the cycle
  friend bool operator==(const TransactionsWalk&, const TransactionsWalk&) = default;
};

// Work under way. Never persisted: a restart begins every cycle afresh.
struct RunningCycles {
  bool currencies = false;
  bool accounts = false;
  bool accounts_waiting_for_assets = false;
  std::optional<TransactionsWalk> payments;
  bool payments_waiting_for_assets = false;
  std::optional<TransactionsWalk> conversions;
  bool conversions_waiting_for_assets = false;
  friend bool operator==(const RunningCycles&, const RunningCycles&) = default;
};

struct SyncState {
  AssetTable assets;
  TaskProgress accounts;
  TaskProgress payments;
  PaymentsCursor payments_cursor;
  TaskProgress conversions;
  StreamCursor conversions_cursor;  // independent of the payments watermark
  RunningCycles running;  // transient

  friend bool operator==(const SyncState&, const SyncState&) = default;
};

// Canonical JSON of the committed part:
//   {"accounts":{"lastCompletedMs":…},"assets":{…},
//    "conversions":{"backfillPending":false,"lastCompletedMs":…,"lastTransactionID":…},
//    "payments":{"lastCompletedMs":…,
//                "userTransactions":{"backfillPending":false,"lastTransactionID":…}},"version":1}
// The decoder also accepts the legacy flat payments shape {"lastTransactionID": N}.
[[nodiscard]] std::string encode_state(const SyncState& state);

struct StateDecode {
  std::optional<SyncState> state;
  std::string error;  // names the offending field when state is empty
};

// Total: any text gives a state or a message. Missing sections take their defaults, so an
// older document with fewer sections decodes; a newer version than this build is refused.
[[nodiscard]] StateDecode decode_state(std::string_view json);

}  // namespace bitstamp::core
