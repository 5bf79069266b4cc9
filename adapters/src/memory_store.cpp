#include "harness/memory_store.hpp"

#include "connector/canonical_json.hpp"
#include "bitstamp/core/order_fold.hpp"
#include "connector/record_json.hpp"

namespace harness {

std::string balance_view_line(const connector::PspBalance& balance) {
  return connector::CanonicalObject()
      .string("balanceOf", balance.account_reference)
      .amount("amount", balance.amount)
      .string("asset", balance.asset)
      .finish();
}

void MemoryStore::commit(const std::vector<connector::Record>& records, std::string state_document) {
  for (const connector::Record& record : records) {
    if (const auto* account = std::get_if<connector::PspAccount>(&record)) {
      accounts_[account->reference] = *account;
    } else if (const auto* balance = std::get_if<connector::PspBalance>(&record)) {
      // One series per (account, asset): a Fireblocks vault holds many assets, a Bitstamp account one.
      std::vector<connector::PspBalance>& rows = balances_[{balance->account_reference, balance->asset}];
      if (rows.empty() || rows.back().amount != balance->amount) {
        rows.push_back(*balance);
      }
    } else if (const auto* payment = std::get_if<connector::PspPayment>(&record)) {
      auto [it, inserted] = payments_.try_emplace(payment->reference);
      StoredPayment& stored = it->second;
      if (!inserted && stored.latest == *payment) {
        ++repeated_records_;
        continue;
      }
      if (inserted || stored.latest.status != payment->status) stored.adjustments.push_back(payment->status);
      stored.latest = *payment;
    } else if (const auto* conversion = std::get_if<connector::PspConversion>(&record)) {
      auto [it, inserted] = conversions_.try_emplace(conversion->reference, *conversion);
      if (!inserted && it->second == *conversion) ++repeated_records_;
      it->second = *conversion;
    } else if (const auto* order = std::get_if<connector::PspOrder>(&record)) {
      auto [it, inserted] = orders_.try_emplace(order->reference);
      StoredOrder& stored = it->second;
      ++stored.emissions;
      const bitstamp::core::OrderFold fold =
          bitstamp::core::fold_order(inserted ? std::nullopt : bitstamp::core::historical_fills_of(stored.latest), *order);
      if (fold.outcome == bitstamp::core::FoldOutcome::already_held) {
        ++repeated_records_;
        continue;
      }
      if (fold.outcome == bitstamp::core::FoldOutcome::conflict) {
        ++order_fold_conflicts_;
        continue;
      }
      if (!inserted && connector::is_historical(stored.latest) != connector::is_historical(fold.order)) {
        stored.historical_and_live = true;
      }
      if (!inserted && stored.latest == fold.order) {
        ++repeated_records_;
        continue;
      }
      const OrderAdjustment adjustment{fold.order.status, fold.order.base_quantity_filled};
      if (stored.adjustments.empty() || stored.adjustments.back() != adjustment) stored.adjustments.push_back(adjustment);
      stored.latest = fold.order;
    }
  }
  state_document_ = std::move(state_document);
  ++commits_;
}

StoreCounts MemoryStore::counts() const {
  StoreCounts counts;
  counts.commits = commits_;
  counts.accounts = accounts_.size();
  for (const auto& [key, rows] : balances_) counts.balance_rows += rows.size();
  counts.payments = payments_.size();
  for (const auto& [reference, stored] : payments_) counts.payment_adjustments += stored.adjustments.size();
  counts.conversions = conversions_.size();
  counts.orders = orders_.size();
  for (const auto& [reference, stored] : orders_) counts.order_adjustments += stored.adjustments.size();
  counts.repeated_records = repeated_records_;
  counts.order_fold_conflicts = order_fold_conflicts_;
  return counts;
}

std::string MemoryStore::canonical_view() const {
  std::string view;
  for (const auto& [reference, account] : accounts_) view += connector::to_json(account) + "\n";
  for (const auto& [key, rows] : balances_) {
    view += balance_view_line(rows.back()) + "\n";
  }
  for (const auto& [reference, stored] : payments_) view += connector::to_json(stored.latest) + "\n";
  for (const auto& [reference, conversion] : conversions_) view += connector::to_json(conversion) + "\n";
  for (const auto& [reference, stored] : orders_) view += connector::to_json(stored.latest) + "\n";
  return view;
}

}  // namespace harness
