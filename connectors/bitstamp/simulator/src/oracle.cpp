#include "bitstamp/simulator/oracle.hpp"
#include "bitstamp/core/kernel.hpp"

#include <map>
#include <set>

namespace bitstamp::simulator {
namespace {

struct ExpectedPayment {
  core::PaymentType type = core::PaymentType::other;
  core::PaymentStatus status = core::PaymentStatus::unknown;
  core::Amount amount;
  std::string asset;
  std::string followed_as;  // how a follow_expired diagnostic names it; "" when never followed
};

std::string asset_of(const Account& account, const std::string& ticker) {
  return ticker + "/" + std::to_string(account.currency(ticker)->decimals);
}

core::int128 absolute(core::int128 value) { return value < 0 ? -value : value; }

std::optional<core::PaymentType> user_transaction_type(int type, bool negative) {
  switch (type) {
    case 0: case 25: case 27: case 32: return core::PaymentType::pay_in;
    case 1: case 26: return core::PaymentType::payout;
    case 14: case 33: case 35: return negative ? core::PaymentType::payout : core::PaymentType::pay_in;
    default: return std::nullopt;  // trades and conversions are not payments
  }
}

core::PaymentStatus deposit_status(const std::string& wire) {
  if (wire == "COMPLETED" || wire == "FINALIZED") return core::PaymentStatus::succeeded;
  if (wire == "REJECTED" || wire == "REVERTED") return core::PaymentStatus::failed;
  return core::PaymentStatus::pending;
}

core::PaymentStatus withdrawal_status(const std::string& wire) {
  if (wire == "2") return core::PaymentStatus::succeeded;
  if (wire == "3") return core::PaymentStatus::cancelled;
  if (wire == "4" || wire == "11") return core::PaymentStatus::failed;
  return core::PaymentStatus::pending;
}

std::map<std::string, ExpectedPayment> expected_payments(const Account& account, std::int64_t final_s) {
  std::map<std::string, ExpectedPayment> expected;
  for (const SimTransaction& row : account.transactions()) {
    if (row.legs.size() != 1) continue;
    const Leg& leg = row.legs.front();
    const auto type = user_transaction_type(row.type, leg.minor < 0);
    if (!type) continue;
    expected[std::to_string(row.id)] = {*type, core::PaymentStatus::succeeded, {absolute(leg.minor)},
                                        asset_of(account, leg.ticker), ""};
  }
  if (!account.shape().sub_account) {
    for (const SimCryptoTransaction& row : account.crypto_transactions()) {
      const std::string asset = asset_of(account, row.ticker);
      switch (row.list) {
        case CryptoList::deposits:
          expected["ct-dep:" + std::to_string(row.id)] = {core::PaymentType::pay_in,
                                                          deposit_status(status_at(row.statuses, final_s)),
                                                          {row.minor}, asset, "crypto deposit " + std::to_string(row.id)};
          break;
        case CryptoList::withdrawals:
          expected["ct-wd:" + row.txid] = {core::PaymentType::payout, core::PaymentStatus::succeeded, {row.minor}, asset, ""};
          break;
        case CryptoList::ripple_ious:
          expected["ct-iou:" + row.txid] = {core::PaymentType::other, core::PaymentStatus::succeeded, {row.minor}, asset, ""};
          break;
      }
    }
  }
  for (const SimWithdrawalRequest& row : account.withdrawal_requests()) {
    expected["wr:" + std::to_string(row.id)] = {core::PaymentType::payout,
                                                withdrawal_status(status_at(row.statuses, final_s)), {row.minor},
                                                asset_of(account, row.ticker),
                                                "withdrawal request " + std::to_string(row.id)};
  }
  return expected;
}

bool reported_expired(const std::vector<core::Diagnostic>& diagnostics, const std::string& followed_as) {
  if (followed_as.empty()) return false;
  for (const core::Diagnostic& d : diagnostics) {
    if (d.code == "payment.follow_expired" && d.detail.find(followed_as + " ") != std::string::npos) return true;
  }
  return false;
}

void check_payments(const Account& account, const harness::MemoryStore& store,
                    const std::vector<core::Diagnostic>& diagnostics, std::int64_t final_s,
                    std::vector<std::string>& problems) {
  const std::map<std::string, ExpectedPayment> expected = expected_payments(account, final_s);
  for (const auto& [reference, want] : expected) {
    const auto stored = store.payments().find(reference);
    if (stored == store.payments().end()) {
      problems.push_back("payment " + reference + " is missing from the store (lost)");
      continue;
    }
    const core::PspPayment& got = stored->second.latest;
    if (got.type != want.type || got.amount != want.amount || got.asset != want.asset) {
      problems.push_back("payment " + reference + " stored as " + std::string(to_string(got.type)) + " " +
                         core::to_string(got.amount) + " " + got.asset + ", expected " +
                         std::string(to_string(want.type)) + " " + core::to_string(want.amount) + " " + want.asset);
    }
    if (got.status != want.status && !reported_expired(diagnostics, want.followed_as)) {
      problems.push_back("payment " + reference + " stored " + std::string(to_string(got.status)) + ", but it is " +
                         std::string(to_string(want.status)) + " and no follow_expired diagnostic says why");
    }
  }
  for (const auto& [reference, stored] : store.payments()) {
    if (!expected.contains(reference)) problems.push_back("payment " + reference + " is in the store but not in the account");
  }
}

void check_conversions(const Account& account, const harness::MemoryStore& store, std::vector<std::string>& problems) {
  std::set<std::string> expected;
  for (const SimTransaction& row : account.transactions()) {
    if (row.type != 36) continue;
    const std::string reference = std::to_string(row.id);
    expected.insert(reference);
    const auto stored = store.conversions().find(reference);
    if (stored == store.conversions().end()) {
      problems.push_back("conversion " + reference + " is missing from the store (lost)");
      continue;
    }
    const Leg& from = row.legs[0].minor < 0 ? row.legs[0] : row.legs[1];
    const Leg& to = row.legs[0].minor < 0 ? row.legs[1] : row.legs[0];
    const core::PspConversion& got = stored->second;
    const bool fee_right = row.fee_minor == 0 ? !got.fee.has_value()
                                              : got.fee == core::Amount{row.fee_minor} &&
                                                    got.fee_asset == asset_of(account, row.fee_ticker);
    if (got.source_asset != asset_of(account, from.ticker) || got.source_amount != core::Amount{-from.minor} ||
        got.destination_asset != asset_of(account, to.ticker) || got.destination_amount != core::Amount{to.minor} ||
        !fee_right) {
      problems.push_back("conversion " + reference + " has the wrong assets, amounts or fee");
    }
  }
  for (const auto& [reference, conversion] : store.conversions()) {
    if (!expected.contains(reference)) problems.push_back("conversion " + reference + " is in the store but not in the account");
  }
}

core::OrderStatus order_status_of(const std::string& wire, bool filled) {
  if (wire == "In Queue") return core::OrderStatus::pending;
  if (wire == "Finished") return core::OrderStatus::filled;
  if (wire == "Canceled") return core::OrderStatus::cancelled;
  return filled ? core::OrderStatus::partially_filled : core::OrderStatus::open;
}

// Every order the connector must know of: one with a fill, or one still resting when the run
// settles (an order opened and cancelled between two snapshots without a fill leaves no trace
// anywhere, so it may be missing; if it was seen, it must be right). Its stored record has the fills' totals and its final status; or it is rebuilt from
// fills too old for order_status/ (historical, FILLED, its emissions folded by the store); or
// its follow ran into Bitstamp's retention (retention_expired, only for orders that lived 25
// days or more). Followed live, an order is never rebuilt from fills afterwards; rebuilt from
// old fills, it may be followed live once later fills are recent (order_status/ then tells all).
void check_orders(const Account& account, const harness::MemoryStore& store, std::int64_t install_s,
                  std::int64_t final_s, std::vector<std::string>& problems) {
  constexpr std::int64_t tracking_max_s = 25LL * 86400;
  constexpr std::int64_t retention_s = 30LL * 86400;
  std::set<std::string> expected;
  for (const SimOrder& order : account.orders()) {
    if (order.created_s > final_s) continue;
    const std::int64_t closed_s = order.closed_s();
    const bool must_know = !order.fills.empty() || closed_s < 0;
    const bool may_know = must_know || closed_s >= install_s;
    const std::string reference = std::to_string(order.id);
    if (!may_know) continue;
    expected.insert(reference);
    const auto stored = store.orders().find(reference);
    if (stored == store.orders().end()) {
      if (must_know) problems.push_back("order " + reference + " is missing from the store (lost)");
      continue;
    }
    const core::PspOrder& got = stored->second.latest;
    const std::string tag = "com.bitstamp.spec/";
    const bool historical = got.metadata.contains(tag + "historical");
    if (stored->second.historical_and_live && historical) {
      problems.push_back("order " + reference + " was rebuilt from fills after being followed live");
    }
    core::int128 base = 0;
    core::int128 quote = 0;
    core::int128 fee = 0;
    for (const SimFill& f : order.fills) {
      base += f.base;
      quote += f.quote;
      fee += f.fee;
    }
    const bool expired = got.metadata.contains(tag + "retention_expired");
    const std::int64_t lifetime_s = (closed_s < 0 ? final_s : closed_s) - order.created_s;
    if (expired) {
      if (lifetime_s < tracking_max_s) {
        problems.push_back("order " + reference + " marked retention_expired after " +
                           std::to_string(lifetime_s / 86400) + " day(s) of life");
      }
      continue;  // its last known state stands, by design
    }
    const bool totals_right = got.base_quantity_filled == core::Amount{base} &&
                              got.quote_quantity_filled == core::Amount{quote} &&
                              (fee == 0 ? !got.fee.has_value() : got.fee == core::Amount{fee});
    const core::OrderDirection direction = order.side == 0 ? core::OrderDirection::buy : core::OrderDirection::sell;
    if (!totals_right || got.direction != direction) {
      problems.push_back("order " + reference + " has the wrong direction or fill totals");
    }
    if (historical) {
      // Rebuilt from fills is right when order_status/ was not asked (the first fills read were
      // past 25 days old; later ones join them) or said "Order not found" (closed, created
      // over 30 days back).
      const std::int64_t first_fill_s = order.fills.empty() ? order.created_s : order.fills.front().at_s;
      const bool beyond_retention = closed_s >= 0 && order.created_s < final_s - retention_s;
      if (got.status != core::OrderStatus::filled || (first_fill_s >= final_s - tracking_max_s && !beyond_retention)) {
        problems.push_back("order " + reference + " was rebuilt from fills that order_status/ still covered");
      }
      continue;
    }
    const core::OrderStatus want = order_status_of(status_at(order.statuses, final_s), base > 0);
    if (got.status != want) {
      problems.push_back("order " + reference + " is " + std::string(core::to_string(got.status)) +
                         " in the store, " + std::string(core::to_string(want)) + " on the account");
    }
  }
  for (const auto& [reference, stored] : store.orders()) {
    if (!expected.contains(reference)) problems.push_back("order " + reference + " is in the store but not expected");
  }
}

void check_balances(const Account& account, const harness::MemoryStore& store, std::int64_t final_s,
                    std::vector<std::string>& problems) {
  for (const SimCurrency& currency : account.currencies()) {
    const core::Amount available{account.available(currency.ticker, final_s)};
    const auto rows = store.balances().find({currency.ticker, asset_of(account, currency.ticker)});
    if (rows == store.balances().end()) {
      if (!available.is_zero()) problems.push_back("no balance stored for " + currency.ticker);
      continue;
    }
    if (rows->second.back().amount != available) {
      problems.push_back("balance of " + currency.ticker + " is " + core::to_string(rows->second.back().amount) +
                         " in the store, " + core::to_string(available) + " on the account");
    }
  }
}

}  // namespace

std::vector<std::string> check_books(const Account& account, const harness::MemoryStore& store,
                                     const std::vector<core::Diagnostic>& diagnostics, std::int64_t install_s,
                                     std::int64_t final_s) {
  std::vector<std::string> problems;
  check_payments(account, store, diagnostics, final_s, problems);
  check_conversions(account, store, problems);
  check_orders(account, store, install_s, final_s, problems);
  check_balances(account, store, final_s, problems);
  const harness::StoreCounts counts = store.counts();
  if (counts.repeated_records > 0) {
    problems.push_back(std::to_string(counts.repeated_records) + " record(s) re-emitted identically after being committed");
  }
  if (counts.order_fold_conflicts > 0) {
    problems.push_back(std::to_string(counts.order_fold_conflicts) +
                       " historical order emission(s) overlapped the fills already stored");
  }
  return problems;
}

}  // namespace bitstamp::simulator
