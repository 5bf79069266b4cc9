#pragma once
// The connector's state: what is committed (persisted as one versioned JSON document per
// install) and what a running cycle holds (transient: a restart starts every cycle afresh, so
// nothing half-done is ever persisted).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
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

// A payment whose status can still change, followed until it reaches a terminal one.
struct TrackedStatus {
  std::string status;         // the wire status last emitted
  std::int64_t datetime_s = 0;  // the row's own datetime: how far back a walk must read
  friend bool operator==(const TrackedStatus&, const TrackedStatus&) = default;
};

// One crypto-transactions list's datetime watermark. A row can be listed after a newer one
// (it appears late), so the references read in the late window below the watermark are kept
// too: a row is new when it is newer than the window or inside it and not yet read.
struct BucketCursor {
  std::int64_t since_ts = -1;                  // newest datetime read, Unix s; -1: none yet
  std::map<std::string, std::int64_t> recent;  // reference -> datetime, within the late window
  friend bool operator==(const BucketCursor&, const BucketCursor&) = default;
};

struct CryptoTransactionsCursor {
  BucketCursor deposits;
  BucketCursor withdrawals;
  BucketCursor ripple_ious;
  std::map<std::int64_t, TrackedStatus> pending_deposits;  // by deposit id
  std::int64_t walked_through_s = -1;  // when the last complete walk began; -1: never
  friend bool operator==(const CryptoTransactionsCursor&, const CryptoTransactionsCursor&) = default;
};

// Withdrawal requests are new when their id passes last_id; the ones not yet terminal are
// re-read each cycle (the timedelta window reaches back to the oldest) until they settle.
struct WithdrawalRequestsCursor {
  std::int64_t last_id = -1;                      // -1: cold start
  std::map<std::int64_t, TrackedStatus> pending;  // by request id
  std::int64_t walked_through_s = -1;             // when the last complete walk began
  friend bool operator==(const WithdrawalRequestsCursor&, const WithdrawalRequestsCursor&) = default;
};

// The payments cursors, one per source, committed together when a payments cycle completes.
struct PaymentsCursor {
  StreamCursor user_transactions;
  CryptoTransactionsCursor crypto_transactions;
  WithdrawalRequestsCursor withdrawal_requests;
  friend bool operator==(const PaymentsCursor&, const PaymentsCursor&) = default;
};

// A cycle walking user_transactions/ under a watermark fixed for the whole cycle.
struct TransactionsWalk {
  std::int64_t since_id = -1;   // the committed cursor when the cycle began
  std::uint32_t offset = 0;     // of the page being fetched
  std::uint32_t pages = 0;      // pages received so far
  std::int64_t max_id = -1;     // over every row seen, of any type
  bool done = false;            // the last page is in; waiting for the cycle's other sources
  bool more_pending = false;    // stopped at the page budget: backfill goes on next cycle
  std::vector<Record> records;  // returned only with the commit that ends the cycle
  friend bool operator==(const TransactionsWalk&, const TransactionsWalk&) = default;
};

// A cycle's walk over crypto-transactions/ with limit/offset (and since_timestamp when the
// last complete walk is recent enough for Bitstamp's 30-day reach).
struct CryptoWalk {
  std::optional<std::int64_t> since_timestamp;  // nullopt: the whole list
  std::uint32_t offset = 0;
  std::uint32_t pages = 0;
  std::int64_t started_at_s = 0;
  bool done = false;
  CryptoTransactionsCursor next;  // the cursor this cycle commits
  std::set<std::string> seen;     // references read this cycle: shifted pages repeat rows
  std::vector<Record> records;
  friend bool operator==(const CryptoWalk&, const CryptoWalk&) = default;
};

// A cycle's walk over withdrawal-requests/ with timedelta, limit and offset.
struct WithdrawalRequestsWalk {
  std::int64_t timedelta_s = 0;
  std::uint32_t offset = 0;
  std::uint32_t pages = 0;
  std::int64_t started_at_s = 0;
  bool done = false;
  WithdrawalRequestsCursor next;
  std::set<std::int64_t> seen;
  std::vector<Record> records;
  friend bool operator==(const WithdrawalRequestsWalk&, const WithdrawalRequestsWalk&) = default;
};

// Work under way. Never persisted: a restart begins every cycle afresh.
struct RunningCycles {
  bool currencies = false;
  bool accounts = false;
  bool accounts_waiting_for_assets = false;
  std::optional<TransactionsWalk> payments;  // set for as long as a payments cycle runs
  std::optional<CryptoWalk> crypto_transactions;  // of the payments cycle; unset when skipped
  std::optional<WithdrawalRequestsWalk> withdrawal_requests;  // of the payments cycle
  bool payments_waiting_for_assets = false;
  std::optional<TransactionsWalk> conversions;
  bool conversions_waiting_for_assets = false;
  friend bool operator==(const RunningCycles&, const RunningCycles&) = default;
};

// What this process learnt about the key, kept for its lifetime and never persisted.
struct SkipCache {
  bool crypto_transactions = false;  // refused for this scope (a sub-account key)
  friend bool operator==(const SkipCache&, const SkipCache&) = default;
};

struct SyncState {
  AssetTable assets;
  TaskProgress accounts;
  // Every account reference ever emitted: a currency whose balance falls to exactly zero is
  // skipped like one never held, unless it is here, where its zero balance must be reported.
  std::set<std::string> accounts_known;
  TaskProgress payments;
  PaymentsCursor payments_cursor;
  TaskProgress conversions;
  StreamCursor conversions_cursor;  // independent of the payments watermark
  RunningCycles running;  // transient
  SkipCache skip;         // transient

  friend bool operator==(const SyncState&, const SyncState&) = default;
};

// Canonical JSON of the committed part:
//   {"accounts":{"known":["BTC",…],"lastCompletedMs":…},"assets":{…},
//    "conversions":{"backfillPending":false,"lastCompletedMs":…,"lastTransactionID":…},
//    "payments":{"lastCompletedMs":…,
//                "userTransactions":{"backfillPending":false,"lastTransactionID":…},
//                "cryptoTransactions":{"depositsSinceTs":…,"withdrawalsSinceTs":…,"ripplesSinceTs":…,
//                                      "recent":{"deposits":{ref:ts},…},"pendingDeposits":{id:{…}},
//                                      "walkedThroughTs":…},
//                "withdrawalRequests":{"lastID":…,"pending":{id:{"datetime":…,"status":…}},
//                                      "walkedThroughTs":…}},"version":1}
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
