#pragma once
// The store's semantics, in memory: what the SQLite store (embedded default) keeps on disk,
// and what the simulator's driver commits into. One commit is one transaction: every record
// and the new state document together, or nothing.
//   accounts     upsert by reference
//   balances     a new row only when the amount changes
//   payments     by reference; a new status is a new adjustment; an identical re-emission is
//                a no-op (and counted: the core should never send one)
//   conversions  by reference, like payments
//   orders       upsert by reference; a change of status or filled quantity is a new
//                adjustment; an identical re-emission is a no-op (counted, like payments)

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/store.hpp"
#include "connector/record.hpp"

namespace harness {

struct StoredPayment {
  connector::PspPayment latest;
  std::vector<connector::PaymentStatus> adjustments;  // one per status change, in order
};

struct OrderAdjustment {
  connector::OrderStatus status = connector::OrderStatus::open;
  connector::Amount base_quantity_filled;
  friend bool operator==(const OrderAdjustment&, const OrderAdjustment&) = default;
};

struct StoredOrder {
  connector::PspOrder latest;
  std::vector<OrderAdjustment> adjustments;  // one per observed change, in order
  std::size_t emissions = 0;                 // records received for this reference
  bool historical_and_live = false;  // emitted both as rebuilt from fills and as followed live
};

struct StoreCounts {
  std::size_t commits = 0;
  std::size_t accounts = 0;
  std::size_t balance_rows = 0;
  std::size_t payments = 0;
  std::size_t payment_adjustments = 0;
  std::size_t conversions = 0;
  std::size_t orders = 0;
  std::size_t order_adjustments = 0;
  std::size_t repeated_records = 0;  // payments/conversions/orders identical to what was stored
  std::size_t order_fold_conflicts = 0;  // historical emissions overlapping what was held part-way
};

class MemoryStore final : public Store {
 public:
  void commit(const std::vector<connector::Record>& records, std::string state_document) override;
  [[nodiscard]] std::optional<std::string> load_state_document() const override { return state_document_; }

  [[nodiscard]] const std::optional<std::string>& state_document() const { return state_document_; }
  [[nodiscard]] const std::map<std::string, connector::PspAccount>& accounts() const { return accounts_; }
  // Each (account, asset)'s balance series, changes only.
  [[nodiscard]] const std::map<std::pair<std::string, std::string>, std::vector<connector::PspBalance>>& balances() const {
    return balances_;
  }
  [[nodiscard]] const std::map<std::string, StoredPayment>& payments() const { return payments_; }
  [[nodiscard]] const std::map<std::string, connector::PspConversion>& conversions() const { return conversions_; }
  [[nodiscard]] const std::map<std::string, StoredOrder>& orders() const { return orders_; }
  [[nodiscard]] StoreCounts counts() const;
  // What a reader sees now, canonical: accounts, the latest balance of each, the latest
  // version of each payment, conversion and order. Two stores holding the same books give the same
  // bytes however they got there (balance history and adjustment timing aside).
  [[nodiscard]] std::string canonical_view() const;

 private:
  std::optional<std::string> state_document_;
  std::map<std::string, connector::PspAccount> accounts_;
  std::map<std::pair<std::string, std::string>, std::vector<connector::PspBalance>> balances_;  // by (account, asset)
  std::map<std::string, StoredPayment> payments_;
  std::map<std::string, connector::PspConversion> conversions_;
  std::map<std::string, StoredOrder> orders_;
  std::size_t commits_ = 0;
  std::size_t repeated_records_ = 0;
  std::size_t order_fold_conflicts_ = 0;
};

}  // namespace harness
