#include "bitstamp/adapters/memory_store.hpp"

#include "bitstamp/core/canonical_json.hpp"
#include "bitstamp/core/record_json.hpp"

namespace bitstamp::adapters {

void MemoryStore::commit(const std::vector<core::Record>& records, std::string state_document) {
  for (const core::Record& record : records) {
    if (const auto* account = std::get_if<core::PspAccount>(&record)) {
      accounts_[account->reference] = *account;
    } else if (const auto* balance = std::get_if<core::PspBalance>(&record)) {
      std::vector<core::PspBalance>& rows = balances_[balance->account_reference];
      if (rows.empty() || rows.back().amount != balance->amount || rows.back().asset != balance->asset) {
        rows.push_back(*balance);
      }
    } else if (const auto* payment = std::get_if<core::PspPayment>(&record)) {
      auto [it, inserted] = payments_.try_emplace(payment->reference);
      StoredPayment& stored = it->second;
      if (!inserted && stored.latest == *payment) {
        ++repeated_records_;
        continue;
      }
      if (inserted || stored.latest.status != payment->status) stored.adjustments.push_back(payment->status);
      stored.latest = *payment;
    } else if (const auto* conversion = std::get_if<core::PspConversion>(&record)) {
      auto [it, inserted] = conversions_.try_emplace(conversion->reference, *conversion);
      if (!inserted && it->second == *conversion) ++repeated_records_;
      it->second = *conversion;
    }
  }
  state_document_ = std::move(state_document);
  ++commits_;
}

StoreCounts MemoryStore::counts() const {
  StoreCounts counts;
  counts.commits = commits_;
  counts.accounts = accounts_.size();
  for (const auto& [reference, rows] : balances_) counts.balance_rows += rows.size();
  counts.payments = payments_.size();
  for (const auto& [reference, stored] : payments_) counts.payment_adjustments += stored.adjustments.size();
  counts.conversions = conversions_.size();
  counts.repeated_records = repeated_records_;
  return counts;
}

std::string MemoryStore::canonical_view() const {
  std::string view;
  for (const auto& [reference, account] : accounts_) view += core::to_json(account) + "\n";
  for (const auto& [reference, rows] : balances_) {
    view += core::CanonicalObject()
                .string("balanceOf", reference)
                .amount("amount", rows.back().amount)
                .string("asset", rows.back().asset)
                .finish() +
            "\n";
  }
  for (const auto& [reference, stored] : payments_) view += core::to_json(stored.latest) + "\n";
  for (const auto& [reference, conversion] : conversions_) view += core::to_json(conversion) + "\n";
  return view;
}

}  // namespace bitstamp::adapters
