#include "bitstamp/core/crypto_transactions.hpp"

#include <array>

#include "row_amount.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t unix_seconds_max = 253402300799;  // 9999-12-31T23:59:59Z

// Reads one row of a list into `row`: "" when read, otherwise why the page is refused.
std::string read_row(wire::od::value element, CryptoTransaction& row) {
  wire::od::object object;
  const char* begin = nullptr;
  if (!wire::open_row(element, object, begin)) return "is not an object";
  RequiredKeys required(crypto_transaction_row_shape);
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    required.note(key);
    if (key == "id") {
      row.id = wire::integer_value(value);
    } else if (key == "datetime") {
      const std::optional<std::int64_t> seconds = wire::integer_value(value);
      if (seconds && *seconds >= 0 && *seconds <= unix_seconds_max) row.datetime_s = seconds;
    } else if (key == "txid") {
      row.txid = wire::scalar_string(value);
    } else if (key == "currency") {
      row.currency = wire::scalar_string(value);
    } else if (key == "network") {
      row.network = wire::scalar_string(value);
    } else if (key == "amount") {
      row.amount = wire::scalar_string(value);
    } else if (key == "status") {
      row.status = wire::scalar_string(value);
    } else if (key == "pending_reason") {
      row.pending_reason = wire::scalar_string(value);
    } else if (key == "destinationAddress" || key == "destination_address") {
      row.destination_address = wire::scalar_string(value);
    }
    return true;
  });
  if (!walked) return "cannot be walked";
  if (const std::string_view missing = required.missing(); !missing.empty()) {
    return missing_key_refusal(crypto_transaction_row_shape, missing);
  }
  return wire::take_row_raw(element, begin, row.raw);
}

struct DepositStatusName {
  std::string_view name;
  DepositStatus status;
};

constexpr std::array<DepositStatusName, 6> deposit_statuses{{
    {"PENDING", {PaymentStatus::pending, false, true}},
    {"IN_PROCESSING", {PaymentStatus::pending, false, true}},
    {"COMPLETED", {PaymentStatus::succeeded, true, true}},
    {"FINALIZED", {PaymentStatus::succeeded, true, true}},
    {"REJECTED", {PaymentStatus::failed, true, true}},
    {"REVERTED", {PaymentStatus::failed, true, true}},
}};

constexpr std::string_view list_name_prefix = "crypto-transactions ";

// "crypto-transactions deposits": the start of every name of a row of `bucket` (one text, so a
// row's name needs no concatenation until a diagnostic is written; to_string is its tail).
std::string_view list_name(CryptoBucket bucket) {
  switch (bucket) {
    case CryptoBucket::deposits: return "crypto-transactions deposits";
    case CryptoBucket::withdrawals: return "crypto-transactions withdrawals";
    case CryptoBucket::ripple_ious: return "crypto-transactions ripple_iou_transactions";
  }
  return "crypto-transactions unknown";
}

// A row without identity is named by what it does carry, for the person searching for it.
std::string anonymous_row_name(const CryptoTransaction& row) {
  return std::string(list_name(row.bucket)) + " of " + row.amount + " " + row.currency + " at " +
         (row.datetime_s ? std::to_string(*row.datetime_s) : std::string("an unreadable time"));
}

}  // namespace

std::string_view to_string(CryptoBucket bucket) { return list_name(bucket).substr(list_name_prefix.size()); }

CryptoTransactionsPage parse_crypto_transactions(std::string_view body) {
  CryptoTransactionsPage page;
  const auto refused = [](std::string why) { return CryptoTransactionsPage{{}, {}, {}, std::move(why)}; };
  wire::WireDocument document(body);
  wire::od::document* doc = nullptr;
  wire::od::object object;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS) {
    return refused(shape_refusal(crypto_transactions_shape));
  }
  RequiredKeys lists(crypto_transactions_shape);
  std::string error;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    std::vector<CryptoTransaction>* list = nullptr;
    CryptoBucket bucket = CryptoBucket::deposits;
    if (key == "deposits") {
      list = &page.deposits;
    } else if (key == "withdrawals") {
      list = &page.withdrawals;
      bucket = CryptoBucket::withdrawals;
    } else if (key == "ripple_iou_transactions") {
      list = &page.ripple_ious;
      bucket = CryptoBucket::ripple_ious;
    } else {
      return true;  // an unknown extra key
    }
    std::size_t index = 0;
    const bool listed = wire::for_each_in_array(value, [&](wire::od::value element) {
      CryptoTransaction& row = list->emplace_back();
      row.bucket = bucket;
      const std::string why = read_row(element, row);
      if (!why.empty()) error = row_refusal(crypto_transactions_shape, "." + std::string(key) + "[" + std::to_string(index) + "]", why);
      ++index;
      return why.empty();
    });
    if (!listed && error.empty()) error = row_refusal(crypto_transactions_shape, "." + std::string(key), "is not an array");
    if (listed) lists.note(key);
    return listed;
  });
  if (!walked) return refused(error.empty() ? shape_refusal(crypto_transactions_shape) : error);
  if (const std::string_view missing = lists.missing(); !missing.empty()) {
    return refused(row_refusal(crypto_transactions_shape, "", missing_key_refusal(crypto_transactions_shape, missing)));
  }
  return page;
}

std::optional<std::string> crypto_reference(const CryptoTransaction& row) {
  switch (row.bucket) {
    case CryptoBucket::deposits:
      if (!row.id) return std::nullopt;
      return "ct-dep:" + std::to_string(*row.id);
    case CryptoBucket::withdrawals:
      if (row.txid.empty()) return std::nullopt;
      return "ct-wd:" + row.txid;
    case CryptoBucket::ripple_ious:
      if (row.txid.empty()) return std::nullopt;
      return "ct-iou:" + row.txid;
  }
  return std::nullopt;
}

DepositStatus deposit_status_of(std::string_view wire_status) {
  for (const DepositStatusName& entry : deposit_statuses) {
    if (wire_status == entry.name) return entry.status;
  }
  return {PaymentStatus::unknown, false, false};
}

std::optional<PspPayment> map_crypto_transaction(CryptoTransaction row, const AssetTable& assets,
                                                 std::vector<Diagnostic>& diagnostics) {
  // Named only when a diagnostic is written: a row that maps cleanly builds no name.
  const std::string anonymous = row.id || !row.txid.empty() ? std::string() : anonymous_row_name(row);
  const RowLabel label = row.id              ? RowLabel(list_name(row.bucket), *row.id)
                         : !row.txid.empty() ? RowLabel(list_name(row.bucket), "txid", row.txid)
                                             : RowLabel(anonymous);
  const auto skip = [&](std::string code, const std::string& why) {
    diagnostics.push_back({Severity::warning, std::move(code), label.text() + ": " + why + "; skipped"});
    return std::nullopt;
  };
  const std::optional<std::string> reference = crypto_reference(row);
  if (!reference) {
    return skip("payment.no_identity", row.bucket == CryptoBucket::deposits ? "no integer id" : "no txid");
  }
  if (!row.datetime_s) return skip("payment.unreadable_datetime", "datetime is not Unix seconds");
  const std::optional<PricedAmount> priced = priced_amount(row.currency, row.amount, assets, label, diagnostics);
  if (!priced) return std::nullopt;
  const Currency* currency = priced->currency;
  const Amount amount = priced->amount;
  PspPayment payment;
  payment.reference = *reference;
  payment.created_at_us = *row.datetime_s * 1'000'000;
  payment.amount = absolute(amount);
  payment.asset = asset_string(*currency);
  switch (row.bucket) {
    case CryptoBucket::deposits: {
      const DepositStatus status = deposit_status_of(row.status);
      if (!status.known) {
        diagnostics.push_back({Severity::warning, "crypto_deposit.unknown_status",
                               label.text() + ": status '" + row.status +
                                   "' is not in the status table; emitted as UNKNOWN and followed"});
      }
      payment.type = PaymentType::pay_in;
      payment.status = status.status;
      payment.destination_account_reference = currency->ticker;
      break;
    }
    case CryptoBucket::withdrawals:
      payment.type = PaymentType::payout;
      payment.status = PaymentStatus::succeeded;
      payment.source_account_reference = currency->ticker;
      break;
    case CryptoBucket::ripple_ious:
      payment.type = PaymentType::other;
      payment.status = PaymentStatus::succeeded;
      break;
  }
  // In key order: each entry is then appended (metadata.hpp).
  const bool deposit = row.bucket == CryptoBucket::deposits;
  payment.metadata.set(metadata_key::crypto_bucket, to_string(row.bucket));
  if (deposit) payment.metadata.set(metadata_key::deposit_status, row.status);
  if (!row.destination_address.empty()) payment.metadata.set(metadata_key::destination_address, row.destination_address);
  if (!row.network.empty()) payment.metadata.set(metadata_key::network, row.network);
  if (deposit && !row.pending_reason.empty()) payment.metadata.set(metadata_key::pending_reason, row.pending_reason);
  payment.metadata.set(metadata_key::source, "crypto_transactions");
  if (!row.txid.empty()) payment.metadata.set(metadata_key::txid, row.txid);
  payment.raw = std::move(row.raw);
  return payment;
}

}  // namespace bitstamp::core
