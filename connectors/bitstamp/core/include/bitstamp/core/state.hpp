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
#include "bitstamp/core/enrichment.hpp"
#include "bitstamp/core/orders.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"
#include "bitstamp/core/kernel.hpp"

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

// A cycle walking user_transactions/ under a watermark fixed for the whole cycle. The tasks
// that read the stream (payments, conversions, orders) start their cycles together, and those
// whose cursors agree read one walk: its leader asks for the pages, the others ride along and
// take the rows of their kind. Each still commits its own cursor. A rider mirrors its leader.
struct TransactionsWalk {
  std::int64_t since_id = -1;   // the committed cursor when the cycle began
  std::optional<Task> rides_with;  // the leader whose pages this walk reads; nullopt: it leads
  std::uint32_t offset = 0;     // of the next page to read; pages are read in offset order
  std::uint32_t pages = 0;      // pages read so far
  std::int64_t max_id = -1;     // over every row seen, of any type
  // Pages under one since_id are independent, so a long walk asks for several at once:
  bool backfill_continues = false;  // the last cycle stopped at its budget: ask ahead at once
  std::uint32_t ask_offset = 0;     // of the next page not asked for yet
  std::set<std::uint32_t> asking;   // offsets asked for and not answered yet
  std::map<std::uint32_t, std::vector<UserTransaction>> early;  // answered ahead of `offset`
  bool read_to_end = false;     // the last page is read; done once no page is still out
  bool done = false;            // read to the end, nothing out: waiting for the cycle's other sources
  bool more_pending = false;    // stopped at the page budget: backfill goes on next cycle
  std::uint32_t derivatives_left_out = 0;  // derivatives rows the payments reader skipped
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

// An order followed through order_status/ until it ends (or Bitstamp's retention nears).
struct TrackedOrder {
  std::int64_t first_seen_ms = 0;
  OrderContext context;   // what the snapshot (or the fills) that first showed it said
  std::string last_body;  // the order_status/ body last emitted; "" before any
  // Consecutive cycles whose order_status/ answer for it could not be had or read; at
  // order_status_failed_cycles_max it is no longer followed.
  std::uint32_t failed_cycles = 0;
  friend bool operator==(const TrackedOrder&, const TrackedOrder&) = default;
};

// The orders task's committed memory.
//   tracked     orders followed live, bounded by the open ones plus those first seen within
//               order_tracking_max_ms
//   settled     orders whose live tracking ended, until a caught-up fills walk that began
//               after that has read every fill they can have: their fills are not theirs to
//               rebuild again
// Orders rebuilt from fill rows (too old for order_status/) leave nothing here: each cycle
// emits the fills it read and the store folds them (order_fold.hpp).
struct OrdersCursor {
  StreamCursor fills;  // user_transactions/ type-2 rows, its own watermark
  std::map<std::int64_t, TrackedOrder> tracked;
  std::map<std::int64_t, std::int64_t> settled;  // order id -> ms its tracking ended
  friend bool operator==(const OrdersCursor&, const OrdersCursor&) = default;
};

// An orders cycle: the open-orders snapshot and a walk of new fill rows side by side, then
// one order_status/ call per order the cycle follows; it commits when every answer is in.
struct OrdersCycle {
  std::int64_t started_ms = 0;
  std::optional<std::map<std::int64_t, OrderContext>> snapshot;  // set once the snapshot is read
  std::vector<UserTransaction> fill_rows;  // new type-2 rows, in id order
  bool statuses_asked = false;
  std::map<std::int64_t, OrderContext> asking;  // order id -> context, for each order_status/ sent
  std::map<std::int64_t, std::optional<OrderStatusReading>> answers;  // nullopt: "Order not found"
  // Orders whose order_status/ could not be had or read once its retries ran out: left out of
  // this cycle (still followed) rather than failing every other order's commit.
  std::map<std::int64_t, std::string> failed;  // order id -> why
  friend bool operator==(const OrdersCycle&, const OrdersCycle&) = default;
};

// Work under way. Never persisted: a restart begins every cycle afresh.
struct RunningCycles {
  bool currencies = false;
  std::set<std::string> enrichment_pending;  // paths of the enrichment datasets still out
  bool enrichment_failed = false;            // one of this load's datasets could not be had
  bool accounts = false;
  bool accounts_waiting_for_assets = false;
  std::optional<TransactionsWalk> payments;  // set for as long as a payments cycle runs
  std::optional<CryptoWalk> crypto_transactions;  // of the payments cycle; unset when skipped
  std::optional<WithdrawalRequestsWalk> withdrawal_requests;  // of the payments cycle
  bool payments_waiting_for_assets = false;
  std::optional<TransactionsWalk> conversions;
  bool conversions_waiting_for_assets = false;
  std::optional<OrdersCycle> orders;
  std::optional<TransactionsWalk> order_fills;  // of the orders cycle; its records stay empty
  bool orders_waiting_for_assets = false;
  friend bool operator==(const RunningCycles&, const RunningCycles&) = default;
};

// What this process learnt about the key, kept for its lifetime and never persisted.
struct SkipCache {
  bool crypto_transactions = false;  // refused for this scope (a sub-account key)
  std::set<std::string> enrichment;  // paths of permission-gated datasets refused to this key
  friend bool operator==(const SkipCache&, const SkipCache&) = default;
};

// What this process read lately and may use again instead of asking; never persisted.
struct RecentReads {
  // The last open-orders snapshot and when it was read: an orders cycle starting within
  // open_orders_reuse_ms takes it rather than asking again.
  std::optional<std::map<std::int64_t, OrderContext>> open_orders;
  std::int64_t open_orders_ms = 0;
  friend bool operator==(const RecentReads&, const RecentReads&) = default;
};

struct SyncState {
  AssetTable assets;
  Enrichment enrichment;  // loaded and refreshed with `assets`
  TaskProgress accounts;
  // Every account reference ever emitted or named by an emitted payment or conversion: a
  // currency whose balance is exactly zero is skipped like one never held, unless it is here,
  // where its zero balance must be reported.
  std::set<std::string> accounts_known;
  TaskProgress payments;
  PaymentsCursor payments_cursor;
  TaskProgress conversions;
  StreamCursor conversions_cursor;  // independent of the payments watermark
  TaskProgress orders;
  OrdersCursor orders_cursor;
  RunningCycles running;  // transient
  SkipCache skip;         // transient
  RecentReads recent;     // transient

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
//                                      "walkedThroughTs":…}},
//    "orders":{…},"enrichment":{…},"version":1}   (see src/state_sections.hpp)
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
