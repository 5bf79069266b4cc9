#include "fireblocks/core/transactions.hpp"

#include <array>

#include "connector/compact_json.hpp"
#include "json_rows.hpp"

namespace fireblocks::core {
namespace {

constexpr std::array<std::string_view, 10> pending_statuses = {
    "SUBMITTED",  "PENDING_AML_SCREENING", "PENDING_ENRICHMENT", "PENDING_AUTHORIZATION", "QUEUED",
    "PENDING_SIGNATURE", "PENDING_3RD_PARTY_MANUAL_APPROVAL", "PENDING_3RD_PARTY", "CONFIRMING", "BROADCASTING"};

constexpr std::array<std::string_view, 6> external_peer_types = {
    "EXTERNAL_WALLET", "ONE_TIME_ADDRESS", "UNKNOWN", "NETWORK_CONNECTION", "FIAT_ACCOUNT", "END_USER_WALLET"};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}


// Reads one transaction object's identity; "" when it has every key the engine needs.
std::string read_row(json::dom::element element, std::string raw, TransactionRow& row) {
  const std::optional<std::string_view> id = json::string_member(element, "id");
  const std::optional<std::int64_t> created_at = json::integer_member(element, "createdAt");
  const std::optional<std::string_view> status = json::string_member(element, "status");
  const std::optional<std::string_view> asset = json::string_member(element, "assetId");
  if (!id || id->empty()) return "has no 'id'";
  if (!created_at || *created_at < 0) return "has no 'createdAt' in milliseconds";
  if (!status) return "has no 'status'";
  if (!asset) return "has no 'assetId'";
  row = TransactionRow{std::string(*id), *created_at, std::string(*status), std::string(*asset), std::move(raw)};
  return "";
}

constexpr std::string_view shape_words = "a JSON array of transactions each with id, createdAt, status and assetId";

// The peer a transaction names: {type, id}.
struct Peer {
  std::string_view type;
  std::string_view id;
};

Peer read_peer(json::dom::element transaction, std::string_view name) {
  const std::optional<json::dom::element> peer = json::member(transaction, name);
  if (!peer) return {};
  return Peer{json::text_member(*peer, "type"), json::text_member(*peer, "id")};
}

}  // namespace

TransactionsRead read_transactions_page(std::string_view body) {
  TransactionsRead read;
  json::Body parsed;
  json::dom::array rows;
  if (!parsed.parse(body) || parsed.root().get_array().get(rows) != simdjson::SUCCESS) {
    read.error = "transactions: the body is not " + std::string(shape_words);
    return read;
  }
  std::vector<std::string> raws;
  if (const std::string why = json::element_raws(body, "", raws); !why.empty()) {
    read.error = "transactions" + why;
    return read;
  }
  std::size_t index = 0;
  for (json::dom::element element : rows) {
    TransactionRow row;
    if (const std::string why = read_row(element, std::move(raws[index]), row); !why.empty()) {
      read.error = "transactions[" + std::to_string(index) + "] " + why + " (expected " + std::string(shape_words) + ")";
      read.rows.clear();
      return read;
    }
    read.rows.push_back(std::move(row));
    ++index;
  }
  return read;
}

TransactionsRead read_transaction(std::string_view body) {
  TransactionsRead read;
  json::Body parsed;
  std::string raw;
  if (!parsed.parse(body) || !parsed.root().is_object() || !connector::compact_json(body, raw).empty()) {
    read.error = "transactions/{id}: the body is not a transaction object";
    return read;
  }
  TransactionRow row;
  if (const std::string why = read_row(parsed.root(), std::move(raw), row); !why.empty()) {
    read.error = "transactions/{id}: the body " + why;
    return read;
  }
  read.rows.push_back(std::move(row));
  return read;
}

StatusReading read_status(std::string_view status) {
  if (status == "COMPLETED") return {PaymentStatus::succeeded, true, true};
  for (const std::string_view pending : pending_statuses) {
    if (status == pending) return {PaymentStatus::pending, false, true};
  }
  if (status == "CANCELLING") return {PaymentStatus::cancelled, false, true};
  if (status == "CANCELLED") return {PaymentStatus::cancelled, true, true};
  if (status == "FAILED" || status == "BLOCKED" || status == "REJECTED") return {PaymentStatus::failed, true, true};
  // PARTIALLY_COMPLETED, TIMEOUT, the deprecated PENDING/CONFIRMED, "": followed until they end.
  return {PaymentStatus::unknown, false, false};
}

bool is_external_peer(std::string_view type) {
  for (const std::string_view external : external_peer_types) {
    if (equal_ignoring_case(type, external)) return true;
  }
  return false;
}

MappedTransaction map_transaction(const TransactionRow& row, const Catalogue& catalogue, bool destinations_flat) {
  MappedTransaction mapped;
  const auto asset_it = catalogue.find(catalogue_key(row.asset_id));
  if (asset_it == catalogue.end()) {
    mapped.unknown_asset = row.asset_id;
    return mapped;
  }
  const AssetInfo& asset = asset_it->second;
  json::Body parsed;
  if (!parsed.parse(row.raw)) {
    mapped.error = "is not readable JSON";
    return mapped;
  }
  const json::dom::element tx = parsed.root();
  const std::optional<json::dom::element> amount_info = json::member(tx, "amountInfo");
  const std::optional<std::string_view> amount_text = amount_info ? json::string_member(*amount_info, "amount") : std::nullopt;
  if (!amount_text) {
    mapped.error = "has no amountInfo.amount string";
    return mapped;
  }
  const ParsedDecimal amount = parse_decimal(*amount_text, asset.precision);
  if (!amount.ok() || amount.truncated) {
    mapped.error = "amountInfo.amount '" + std::string(amount_text->substr(0, 40)) + "' is not exact at " +
                   std::to_string(asset.precision) + " decimals";
    return mapped;
  }

  PspPayment payment;
  payment.reference = row.id;
  payment.created_at_us = row.created_at_ms * 1000;
  payment.amount = Amount{amount.amount.minor_units < 0 ? -amount.amount.minor_units : amount.amount.minor_units};
  payment.asset = asset.asset;
  payment.status = read_status(row.status).status;
  payment.metadata = asset.metadata;

  const Peer source = read_peer(tx, "source");
  Peer destination = read_peer(tx, "destination");
  bool destination_external = is_external_peer(destination.type);
  std::string destination_ids;
  std::size_t destinations_count = 0;
  if (const std::optional<json::dom::array> destinations = json::array_member(tx, "destinations")) {
    bool all_external = true;
    Peer first;
    for (json::dom::element element : *destinations) {
      // Nested under .destination (OAS); the canary reads the element itself, as Formance does.
      const Peer peer = destinations_flat ? Peer{json::text_member(element, "type"), json::text_member(element, "id")}
                                          : read_peer(element, "destination");
      if (destinations_count == 0) first = peer;
      all_external = all_external && is_external_peer(peer.type);
      if (!destination_ids.empty()) destination_ids += ',';
      destination_ids += peer.id;
      ++destinations_count;
    }
    if (destinations_count == 1) destination = first;
    if (destinations_count >= 1) destination_external = all_external;
    if (destinations_count > 1) destination = Peer{};
  }

  const std::string_view operation = json::text_member(tx, "operation");
  if (operation == "TRANSFER" || operation == "INTERNAL_TRANSFER") {
    const bool source_external = is_external_peer(source.type);
    payment.type = source_external && !destination_external   ? PaymentType::pay_in
                   : !source_external && destination_external ? PaymentType::payout
                                                              : PaymentType::transfer;
  } else {
    payment.type = PaymentType::other;
  }
  if (source.type == "VAULT_ACCOUNT") payment.source_account_reference = std::string(source.id);
  if (destination.type == "VAULT_ACCOUNT") payment.destination_account_reference = std::string(destination.id);

  const auto stamp = [&](connector::MetadataKey key, std::string_view value) {
    if (!value.empty()) payment.metadata.set(key, value);
  };
  stamp(metadata_key::tx_hash, json::text_member(tx, "txHash"));
  if (const std::optional<json::dom::element> fee_info = json::member(tx, "feeInfo")) {
    const std::string_view network_fee = json::text_member(*fee_info, "networkFee");
    stamp(metadata_key::network_fee, network_fee);
    if (!network_fee.empty()) stamp(metadata_key::fee_currency, json::text_member(tx, "feeCurrency"));
  }
  stamp(metadata_key::note, json::text_member(tx, "note"));
  stamp(metadata_key::sub_status, json::text_member(tx, "subStatus"));
  stamp(metadata_key::status, row.status);
  stamp(metadata_key::operation, operation);
  if (destinations_count > 1) stamp(metadata_key::destination_ids, destination_ids);
  payment.raw = row.raw;
  mapped.payment = std::move(payment);
  return mapped;
}

}  // namespace fireblocks::core
