#include "payment_walks.hpp"

#include <algorithm>

#include "bitstamp/core/crypto_transactions.hpp"
#include "bitstamp/core/limits.hpp"
#include "bitstamp/core/withdrawal_requests.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {
namespace {

std::int64_t seconds_of(std::int64_t ms) { return ms >= 0 ? ms / ms_per_second : -((-ms + 999) / ms_per_second); }

// `Cursor` is CryptoTransactionsCursor or its const.
template <class Cursor>
auto& bucket_of(Cursor& cursor, CryptoBucket bucket) {
  switch (bucket) {
    case CryptoBucket::deposits: return cursor.deposits;
    case CryptoBucket::withdrawals: return cursor.withdrawals;
    case CryptoBucket::ripple_ious: return cursor.ripple_ious;
  }
  return cursor.deposits;
}

// Drops followed entries older than `oldest_s` (with a warning each) and returns the oldest
// datetime among those kept, or `fallback` when none is older.
std::int64_t prune_followed(std::map<std::int64_t, TrackedStatus>& followed, std::int64_t oldest_s,
                            std::int64_t fallback, const std::string& what,
                            std::vector<Diagnostic>& diagnostics) {
  std::int64_t oldest_kept = fallback;
  for (auto it = followed.begin(); it != followed.end();) {
    if (it->second.datetime_s < oldest_s) {
      diagnostics.push_back({Severity::warning, "payment.follow_expired",
                             what + " " + std::to_string(it->first) + " is still '" + it->second.status +
                                 "' but older than the endpoint lets us re-read; its later status "
                                 "will not be observed"});
      it = followed.erase(it);
      continue;
    }
    oldest_kept = std::min(oldest_kept, it->second.datetime_s);
    ++it;
  }
  return oldest_kept;
}

// Whether a row of `bucket` is one the committed cursor has not yet seen.
bool is_new(const BucketCursor& committed, const std::string& reference, std::int64_t datetime_s) {
  if (committed.since_ts < 0) return true;
  return datetime_s >= committed.since_ts - crypto_late_window_s && !committed.recent.contains(reference);
}

void advance_bucket(BucketCursor& next, const std::string& reference, std::int64_t datetime_s) {
  next.since_ts = std::max(next.since_ts, datetime_s);
  next.recent[reference] = datetime_s;
}

void prune_recent(BucketCursor& bucket) {
  std::erase_if(bucket.recent, [&](const auto& entry) { return entry.second < bucket.since_ts - crypto_late_window_s; });
}

void read_crypto_row(CryptoWalk& walk, const CryptoTransactionsCursor& committed, CryptoTransaction&& row,
                     const AssetTable& assets, std::vector<Diagnostic>& diagnostics) {
  const std::optional<std::string> reference = crypto_reference(row);
  if (reference && !walk.seen.insert(*reference).second) return;  // a shifted page repeats it
  const bool deposit = row.bucket == CryptoBucket::deposits && row.id.has_value();
  const auto followed = deposit ? committed.pending_deposits.find(*row.id) : committed.pending_deposits.end();
  bool emit = false;
  if (followed != committed.pending_deposits.end()) {
    emit = followed->second.status != row.status;
  } else if (reference && row.datetime_s) {
    emit = is_new(bucket_of(committed, row.bucket), *reference, *row.datetime_s);
  } else {
    emit = true;  // unreferenceable or untimed: mapping reports why it is skipped
  }
  if (reference && row.datetime_s) advance_bucket(bucket_of(walk.next, row.bucket), *reference, *row.datetime_s);
  if (!emit) return;
  // What the cursor keeps of the row, read before its raw text moves into the record.
  const std::optional<std::int64_t> id = row.id;
  const std::optional<std::int64_t> datetime_s = row.datetime_s;
  std::string status = row.status;
  std::optional<PspPayment> payment = map_crypto_transaction(std::move(row), assets, diagnostics);
  if (!payment) return;
  if (deposit) {
    if (deposit_status_of(status).terminal) {
      walk.next.pending_deposits.erase(*id);
    } else {
      walk.next.pending_deposits[*id] = TrackedStatus{std::move(status), *datetime_s};
    }
  }
  walk.records.push_back(Record{std::move(*payment)});
}

// Advances `offset` past a full page, or ends the walk: at a short page, or at Bitstamp's
// offset cap, which is an explicit loss report rather than a silent stop.
template <class Walk>
void next_page_or_done(Walk& walk, bool full_page, PageLimits limits, const std::string& what,
                       std::vector<Diagnostic>& diagnostics) {
  ++walk.pages;
  const std::uint64_t next_offset = std::uint64_t{walk.offset} + limits.page_size;
  if (full_page && next_offset <= limits.offset_max) {
    walk.offset = static_cast<std::uint32_t>(next_offset);
    return;
  }
  if (full_page) {
    diagnostics.push_back({Severity::error, "payment.offset_cap",
                           what + ": rows beyond offset " + std::to_string(limits.offset_max) +
                               " cannot be read through this endpoint; they are not in this sync"});
  }
  walk.done = true;
}

}  // namespace

CryptoWalk start_crypto_walk(const CryptoTransactionsCursor& committed, std::int64_t now_ms,
                             std::vector<Diagnostic>& diagnostics) {
  CryptoWalk walk;
  walk.next = committed;
  walk.started_at_s = seconds_of(now_ms);
  const std::int64_t reach_s = walk.started_at_s - since_timestamp_reach_s;
  std::int64_t from_s = committed.walked_through_s - crypto_late_window_s;
  from_s = prune_followed(walk.next.pending_deposits, reach_s, from_s, "crypto deposit", diagnostics);
  if (committed.walked_through_s >= 0 && from_s > reach_s) {
    walk.since_timestamp = from_s - 1;  // inclusive or exclusive on Bitstamp's side: either way
  } else if (committed.walked_through_s >= 0) {
    diagnostics.push_back({Severity::info, "crypto_transactions.full_walk",
                           "crypto-transactions: the last complete read is beyond since_timestamp's "
                           "30-day reach; reading the whole list"});
  }
  return walk;
}

std::string read_crypto_page(CryptoWalk& walk, const CryptoTransactionsCursor& committed, std::string_view body,
                             const AssetTable& assets, PageLimits limits, std::vector<Diagnostic>& diagnostics) {
  CryptoTransactionsPage page = parse_crypto_transactions(body);
  if (page.error) return *page.error;
  for (auto* list : {&page.deposits, &page.withdrawals, &page.ripple_ious}) {
    for (CryptoTransaction& row : *list) read_crypto_row(walk, committed, std::move(row), assets, diagnostics);
  }
  const bool full_page = std::max({page.deposits.size(), page.withdrawals.size(), page.ripple_ious.size()}) >=
                         limits.page_size;
  next_page_or_done(walk, full_page, limits, "crypto-transactions", diagnostics);
  if (walk.done) {
    for (BucketCursor* bucket : {&walk.next.deposits, &walk.next.withdrawals, &walk.next.ripple_ious}) {
      prune_recent(*bucket);
    }
    walk.next.walked_through_s = std::max(committed.walked_through_s, walk.started_at_s);
  }
  return "";
}

WithdrawalRequestsWalk start_withdrawal_walk(const WithdrawalRequestsCursor& committed, std::int64_t now_ms,
                                             std::vector<Diagnostic>& diagnostics) {
  WithdrawalRequestsWalk walk;
  walk.next = committed;
  walk.started_at_s = seconds_of(now_ms);
  walk.timedelta_s = withdrawal_timedelta_max_s;
  if (committed.walked_through_s < 0) return walk;  // cold start: all there is
  const std::int64_t reach_s = walk.started_at_s - withdrawal_timedelta_max_s + withdrawal_window_margin_s;
  const std::int64_t from_s =
      prune_followed(walk.next.pending, reach_s, committed.walked_through_s, "withdrawal request", diagnostics);
  walk.timedelta_s = std::clamp(walk.started_at_s - from_s + withdrawal_window_margin_s,
                                withdrawal_window_margin_s, withdrawal_timedelta_max_s);
  return walk;
}

std::string read_withdrawal_page(WithdrawalRequestsWalk& walk, const WithdrawalRequestsCursor& committed,
                                 std::string_view body, const AssetTable& assets, PageLimits limits,
                                 std::vector<Diagnostic>& diagnostics) {
  WithdrawalRequestsPage page = parse_withdrawal_requests(body);
  if (page.error) return *page.error;
  for (WithdrawalRequest& row : page.rows) {
    if (!walk.seen.insert(row.id).second) continue;  // a shifted page repeats it
    walk.next.last_id = std::max(walk.next.last_id, row.id);
    const auto followed = committed.pending.find(row.id);
    const bool emit = row.id > committed.last_id ||
                      (followed != committed.pending.end() && followed->second.status != row.status);
    if (!emit) continue;
    // What the cursor keeps of the row, read before its raw text moves into the record.
    const std::int64_t id = row.id;
    const std::optional<std::int64_t> datetime_us = row.datetime_us;
    std::string status = row.status;
    std::optional<PspPayment> payment = map_withdrawal_request(std::move(row), assets, diagnostics);
    if (!payment) continue;
    if (withdrawal_status_of(status).terminal) {
      walk.next.pending.erase(id);
    } else {
      walk.next.pending[id] = TrackedStatus{std::move(status), *datetime_us / 1'000'000};
    }
    walk.records.push_back(Record{std::move(*payment)});
  }
  next_page_or_done(walk, page.rows.size() >= limits.page_size, limits, "withdrawal-requests", diagnostics);
  if (walk.done) walk.next.walked_through_s = std::max(committed.walked_through_s, walk.started_at_s);
  return "";
}

}  // namespace bitstamp::core
