#include "bitstamp/core/withdrawal_requests.hpp"

#include <algorithm>
#include <array>

#include "connector/time.hpp"
#include "row_amount.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

// Reads one row into `row`: "" when read, otherwise why the page is refused: not of the
// endpoint's shape, not valid JSON, or no integer id (without one a request can be neither
// deduplicated nor followed through its statuses).
std::string read_row(wire::od::value element, WithdrawalRequest& row) {
  wire::od::object object;
  const char* begin = nullptr;
  if (!wire::open_row(element, object, begin)) return "is not an object";
  RequiredKeys required(withdrawal_requests_shape);
  bool has_id = false;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    required.note(key);
    if (key == "id") {
      const auto id = wire::integer_value(value);
      has_id = id.has_value();
      row.id = id.value_or(0);
    } else if (key == "datetime") {
      if (auto text = wire::scalar_text(value)) row.datetime_us = parse_bitstamp_datetime_us(*text);
    } else if (key == "type") {
      row.type = wire::integer_value(value);
    } else if (key == "status") {
      row.status = wire::scalar_string(value);
    } else if (key == "currency") {
      row.currency = wire::scalar_string(value);
    } else if (key == "amount") {
      row.amount = wire::scalar_string(value);
    } else if (key == "network") {
      row.network = wire::scalar_string(value);
    } else if (key == "address") {
      row.address = wire::scalar_string(value);
    } else if (key == "transaction_id") {
      row.transaction_id = wire::scalar_string(value);
    } else if (key == "txid") {
      row.txid = wire::scalar_string(value);
    }
    return true;
  });
  if (!walked) return "cannot be walked";
  if (const std::string_view missing = required.missing(); !missing.empty()) {
    return missing_key_refusal(withdrawal_requests_shape, missing);
  }
  if (!has_id) return "has no integer id";
  return wire::take_row_raw(element, begin, row.raw);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

struct StatusName {
  std::string_view code;
  std::string_view name;  // the legacy wire name, lowercase
  WithdrawalStatus status;
};

constexpr std::array<StatusName, 6> status_table{{
    {"0", "open", {PaymentStatus::pending, false, true}},
    {"1", "in process", {PaymentStatus::pending, false, true}},
    {"2", "finished", {PaymentStatus::succeeded, true, true}},
    {"3", "canceled", {PaymentStatus::cancelled, true, true}},
    {"4", "failed", {PaymentStatus::failed, true, true}},
    {"11", "reversed", {PaymentStatus::failed, true, true}},
}};

}  // namespace

WithdrawalRequestsPage parse_withdrawal_requests(std::string_view body) {
  WithdrawalRequestsPage page;
  const std::string error = wire::for_each_element(body, withdrawal_requests_shape, [&](wire::od::value element) {
    return read_row(element, page.rows.emplace_back());
  });
  if (!error.empty()) return WithdrawalRequestsPage{{}, error};
  return page;
}

WithdrawalStatus withdrawal_status_of(std::string_view wire_status) {
  const std::string name = lowercase(wire_status);
  for (const StatusName& entry : status_table) {
    if (wire_status == entry.code || name == entry.name) return entry.status;
  }
  if (name == "cancelled") return {PaymentStatus::cancelled, true, true};
  return {PaymentStatus::unknown, true, false};
}

std::string withdrawal_reference(std::int64_t id) { return "wr:" + std::to_string(id); }

std::optional<PspPayment> map_withdrawal_request(WithdrawalRequest row, const AssetTable& assets,
                                                 std::vector<Diagnostic>& diagnostics) {
  // Named only when a diagnostic is written: a row that maps cleanly builds no name.
  const RowLabel label("withdrawal-requests", row.id);
  const auto skip = [&](std::string code, const std::string& why) {
    diagnostics.push_back({Severity::warning, std::move(code), label.text() + ": " + why + "; skipped"});
    return std::nullopt;
  };
  if (!row.datetime_us) return skip("payment.unreadable_datetime", "datetime is missing or malformed");
  const std::optional<PricedAmount> priced = priced_amount(row.currency, row.amount, assets, label, diagnostics);
  if (!priced) return std::nullopt;
  const Currency* currency = priced->currency;
  const Amount amount = priced->amount;
  const WithdrawalStatus status = withdrawal_status_of(row.status);
  if (!status.known) {
    diagnostics.push_back({Severity::warning, "withdrawal_request.unknown_status",
                           label.text() + ": status '" + row.status +
                               "' is not in the status table; emitted as UNKNOWN and not followed further"});
  } else if (row.status == "11" || lowercase(row.status) == "reversed") {
    diagnostics.push_back({Severity::info, "withdrawal_request.reversed",
                           label.text() + ": reversed (funds returned); emitted as FAILED"});
  }
  PspPayment payment;
  payment.reference = withdrawal_reference(row.id);
  payment.created_at_us = *row.datetime_us;
  payment.type = PaymentType::payout;
  payment.amount = absolute(amount);
  payment.asset = asset_string(*currency);
  // Only type 0 is unambiguous: the published type list and the scheme table disagree on the
  // others, so they stay OTHER with the wire integer in metadata rather than a guess.
  payment.scheme = row.type == withdrawal_type_sepa ? std::string(scheme_sepa_credit) : std::string(scheme_other);
  payment.status = status.status;
  payment.source_account_reference = currency->ticker;
  // In key order: each entry is then appended (metadata.hpp).
  if (!row.txid.empty()) payment.metadata.set(metadata_key::bank_transaction_id, row.txid);
  if (!row.address.empty()) payment.metadata.set(metadata_key::destination_address, row.address);
  if (!row.network.empty()) payment.metadata.set(metadata_key::network, row.network);
  payment.metadata.set(metadata_key::source, "withdrawal_requests");
  if (!row.transaction_id.empty()) payment.metadata.set(metadata_key::txid, row.transaction_id);
  payment.metadata.set(metadata_key::withdrawal_status, row.status);
  if (row.type) payment.metadata.set(metadata_key::withdrawal_type, std::to_string(*row.type));
  payment.raw = std::move(row.raw);
  return payment;
}

}  // namespace bitstamp::core
