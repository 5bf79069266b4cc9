#include "bitstamp/core/state.hpp"

#include <nlohmann/json.hpp>

#include "connector/canonical_json.hpp"
#include "bitstamp/core/limits.hpp"
#include "state_sections.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {
namespace {

using nlohmann::json;

std::string encode_assets(const AssetTable& assets) {
  std::string currencies = "[";
  bool first = true;
  for (const Currency& currency : assets.currencies()) {
    if (!first) currencies += ',';
    first = false;
    CanonicalObject row;
    row.string("ticker", currency.ticker).integer("decimals", currency.decimals).string("type", currency.type);
    if (!currency.networks.empty()) row.raw("networks", json_string_array(currency.networks));
    currencies += row.finish();
  }
  currencies += ']';
  return CanonicalObject()
      .integer("fetchedAtMs", assets.fetched_at_ms)
      .raw("currencies", currencies)
      .finish();
}

// Reads an optional integer member; false (with `error` set) if present but not an integer.
bool read_int(const json& object, const char* key, std::int64_t& out, const std::string& path,
              std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_number_integer()) {
    error = path + "." + key + " must be an integer";
    return false;
  }
  out = it->get<std::int64_t>();
  return true;
}

bool decode_assets(const json& object, AssetTable& assets, std::string& error) {
  if (!object.is_object()) {
    error = "assets must be an object";
    return false;
  }
  if (!read_int(object, "fetchedAtMs", assets.fetched_at_ms, "assets", error)) return false;
  const auto list = object.find("currencies");
  if (list == object.end()) return true;
  if (!list->is_array()) {
    error = "assets.currencies must be an array";
    return false;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& row = (*list)[i];
    const std::string path = "assets.currencies[" + std::to_string(i) + "]";
    std::int64_t decimals = -1;
    if (!row.is_object() || !row.contains("ticker") || !row["ticker"].is_string() ||
        !read_int(row, "decimals", decimals, path, error)) {
      if (error.empty()) error = path + " must be an object with a string ticker";
      return false;
    }
    const std::optional<std::string> ticker = normalize_ticker(row["ticker"].get<std::string>());
    if (!ticker || *ticker != row["ticker"].get<std::string>() || decimals < 0 ||
        decimals > static_cast<std::int64_t>(precision_max)) {
      error = path + " has an invalid ticker or decimals";
      return false;
    }
    Currency currency{*ticker, static_cast<std::uint32_t>(decimals), "", {}};
    if (row.contains("type") && row["type"].is_string()) currency.type = row["type"].get<std::string>();
    if (const auto networks = row.find("networks"); networks != row.end() && networks->is_array()) {
      for (const json& network : *networks) {
        if (network.is_string()) currency.networks.push_back(network.get<std::string>());
      }
    }
    assets.add(std::move(currency));
  }
  return true;
}

bool decode_progress(const json& object, const char* name, TaskProgress& progress,
                     std::string& error) {
  if (!object.is_object()) {
    error = std::string(name) + " must be an object";
    return false;
  }
  return read_int(object, "lastCompletedMs", progress.last_completed_ms, name, error);
}

bool decode_known_accounts(const json& object, std::set<std::string>& known, std::string& error) {
  const auto it = object.find("known");
  if (it == object.end()) return true;
  if (!it->is_array()) {
    error = "accounts.known must be an array of account references";
    return false;
  }
  for (const json& reference : *it) {
    if (!reference.is_string()) {
      error = "accounts.known must hold strings";
      return false;
    }
    known.insert(reference.get<std::string>());
  }
  return true;
}

std::string encode_known_accounts(const std::set<std::string>& known) {
  return json_string_array({known.begin(), known.end()});
}

bool read_bool(const json& object, const char* key, bool& out, const std::string& path,
               std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_boolean()) {
    error = path + "." + key + " must be true or false";
    return false;
  }
  out = it->get<bool>();
  return true;
}

bool decode_stream(const json& object, StreamCursor& cursor, const std::string& path, std::string& error) {
  return read_int(object, "lastTransactionID", cursor.last_id, path, error) &&
         read_bool(object, "backfillPending", cursor.backfill_pending, path, error);
}

std::string encode_stream(const StreamCursor& cursor, CanonicalObject object = {}) {
  return object.integer("lastTransactionID", cursor.last_id)
      .boolean("backfillPending", cursor.backfill_pending)
      .finish();
}

std::string encode_tracked(const std::map<std::int64_t, TrackedStatus>& tracked) {
  CanonicalObject object;
  for (const auto& [id, entry] : tracked) {
    object.raw(std::to_string(id),
               CanonicalObject().integer("datetime", entry.datetime_s).string("status", entry.status).finish());
  }
  return object.finish();
}

std::string encode_recent(const std::map<std::string, std::int64_t>& recent) {
  CanonicalObject object;
  for (const auto& [reference, datetime] : recent) object.integer(reference, datetime);
  return object.finish();
}

std::string encode_crypto(const CryptoTransactionsCursor& cursor) {
  return CanonicalObject()
      .integer("depositsSinceTs", cursor.deposits.since_ts)
      .integer("withdrawalsSinceTs", cursor.withdrawals.since_ts)
      .integer("ripplesSinceTs", cursor.ripple_ious.since_ts)
      .raw("recent", CanonicalObject()
                         .raw("deposits", encode_recent(cursor.deposits.recent))
                         .raw("withdrawals", encode_recent(cursor.withdrawals.recent))
                         .raw("ripples", encode_recent(cursor.ripple_ious.recent))
                         .finish())
      .raw("pendingDeposits", encode_tracked(cursor.pending_deposits))
      .integer("walkedThroughTs", cursor.walked_through_s)
      .finish();
}

std::string encode_withdrawal_requests(const WithdrawalRequestsCursor& cursor) {
  return CanonicalObject()
      .integer("lastID", cursor.last_id)
      .raw("pending", encode_tracked(cursor.pending))
      .integer("walkedThroughTs", cursor.walked_through_s)
      .finish();
}

// A member that must be an object when present; nullptr when absent.
const json* find_object(const json& object, const char* key, const std::string& path, std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return nullptr;
  if (!it->is_object()) error = path + "." + key + " must be an object";
  return it->is_object() ? &*it : nullptr;
}

bool decode_tracked(const json& object, std::map<std::int64_t, TrackedStatus>& tracked,
                    const std::string& path, std::string& error) {
  for (const auto& [key, entry] : object.items()) {
    const std::string entry_path = path + "." + key;
    std::int64_t id = 0;
    TrackedStatus status;
    if (!decode_id(key, id) || !entry.is_object() || !entry.contains("status") || !entry["status"].is_string()) {
      error = entry_path + " must be an id holding {\"status\": string, \"datetime\": integer}";
      return false;
    }
    status.status = entry["status"].get<std::string>();
    if (!read_int(entry, "datetime", status.datetime_s, entry_path, error)) return false;
    tracked.emplace(id, std::move(status));
  }
  return true;
}

bool decode_recent(const json& object, std::map<std::string, std::int64_t>& recent,
                   const std::string& path, std::string& error) {
  for (const auto& [key, datetime] : object.items()) {
    if (!datetime.is_number_integer()) {
      error = path + "." + key + " must be an integer";
      return false;
    }
    recent.emplace(key, datetime.get<std::int64_t>());
  }
  return true;
}

bool decode_crypto(const json& object, CryptoTransactionsCursor& cursor, std::string& error) {
  const std::string path = "payments.cryptoTransactions";
  if (!read_int(object, "depositsSinceTs", cursor.deposits.since_ts, path, error) ||
      !read_int(object, "withdrawalsSinceTs", cursor.withdrawals.since_ts, path, error) ||
      !read_int(object, "ripplesSinceTs", cursor.ripple_ious.since_ts, path, error) ||
      !read_int(object, "walkedThroughTs", cursor.walked_through_s, path, error)) {
    return false;
  }
  if (const json* recent = find_object(object, "recent", path, error)) {
    const std::pair<const char*, BucketCursor*> buckets[] = {
        {"deposits", &cursor.deposits}, {"withdrawals", &cursor.withdrawals}, {"ripples", &cursor.ripple_ious}};
    for (const auto& [name, bucket] : buckets) {
      if (const json* list = find_object(*recent, name, path + ".recent", error)) {
        if (!decode_recent(*list, bucket->recent, path + ".recent." + name, error)) return false;
      }
      if (!error.empty()) return false;
    }
  }
  if (!error.empty()) return false;
  if (const json* pending = find_object(object, "pendingDeposits", path, error)) {
    if (!decode_tracked(*pending, cursor.pending_deposits, path + ".pendingDeposits", error)) return false;
  }
  return error.empty();
}

bool decode_withdrawal_requests(const json& object, WithdrawalRequestsCursor& cursor, std::string& error) {
  const std::string path = "payments.withdrawalRequests";
  if (!read_int(object, "lastID", cursor.last_id, path, error) ||
      !read_int(object, "walkedThroughTs", cursor.walked_through_s, path, error)) {
    return false;
  }
  if (const json* pending = find_object(object, "pending", path, error)) {
    if (!decode_tracked(*pending, cursor.pending, path + ".pending", error)) return false;
  }
  return error.empty();
}

// The per-source structure, or the legacy flat {"lastTransactionID": N} of installs that ran
// the single-watermark connector: read as the user_transactions watermark, no migration step.
bool decode_payments(const json& object, TaskProgress& progress, PaymentsCursor& cursor,
                     std::string& error) {
  if (!decode_progress(object, "payments", progress, error)) return false;
  if (object.contains("lastTransactionID")) {
    return read_int(object, "lastTransactionID", cursor.user_transactions.last_id, "payments", error);
  }
  if (const json* user_transactions = find_object(object, "userTransactions", "payments", error)) {
    if (!decode_stream(*user_transactions, cursor.user_transactions, "payments.userTransactions", error)) return false;
  }
  if (const json* crypto = find_object(object, "cryptoTransactions", "payments", error)) {
    if (!decode_crypto(*crypto, cursor.crypto_transactions, error)) return false;
  }
  if (const json* withdrawals = find_object(object, "withdrawalRequests", "payments", error)) {
    if (!decode_withdrawal_requests(*withdrawals, cursor.withdrawal_requests, error)) return false;
  }
  return error.empty();
}

StateDecode decode_state_document(std::string_view text) {
  StateDecode result;
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    result.error = "state is not valid JSON";
    return result;
  }
  if (!document.is_object()) {
    result.error = "state must be a JSON object";
    return result;
  }
  std::int64_t version = 0;
  if (!read_int(document, "version", version, "state", result.error)) return result;
  if (version < 1 || version > state_version) {
    result.error = "state.version " + std::to_string(version) + " is not supported (this build reads 1.." +
                   std::to_string(state_version) + ")";
    return result;
  }
  SyncState state;
  if (const auto it = document.find("assets"); it != document.end()) {
    if (!decode_assets(*it, state.assets, result.error)) return result;
  }
  if (const auto it = document.find("accounts"); it != document.end()) {
    if (!decode_progress(*it, "accounts", state.accounts, result.error) ||
        !decode_known_accounts(*it, state.accounts_known, result.error)) {
      return result;
    }
  }
  if (const auto it = document.find("payments"); it != document.end()) {
    if (!decode_payments(*it, state.payments, state.payments_cursor, result.error)) return result;
  }
  if (const auto it = document.find("conversions"); it != document.end()) {
    if (!decode_progress(*it, "conversions", state.conversions, result.error) ||
        !decode_stream(*it, state.conversions_cursor, "conversions", result.error)) {
      return result;
    }
  }
  if (const auto it = document.find("orders"); it != document.end()) {
    if (!decode_orders(*it, state.orders, state.orders_cursor, result.error)) return result;
  }
  if (const auto it = document.find("enrichment"); it != document.end()) {
    if (!decode_enrichment(*it, state.enrichment, result.error)) return result;
  }
  result.state = std::move(state);
  return result;
}

}  // namespace

std::string encode_state(const SyncState& state) {
  return CanonicalObject()
      .integer("version", state_version)
      .raw("assets", encode_assets(state.assets))
      .raw("accounts",
           CanonicalObject()
               .raw("known", encode_known_accounts(state.accounts_known))
               .integer("lastCompletedMs", state.accounts.last_completed_ms)
               .finish())
      .raw("payments",
           CanonicalObject()
               .integer("lastCompletedMs", state.payments.last_completed_ms)
               .raw("userTransactions", encode_stream(state.payments_cursor.user_transactions))
               .raw("cryptoTransactions", encode_crypto(state.payments_cursor.crypto_transactions))
               .raw("withdrawalRequests", encode_withdrawal_requests(state.payments_cursor.withdrawal_requests))
               .finish())
      .raw("conversions",
           encode_stream(state.conversions_cursor,
                         CanonicalObject().integer("lastCompletedMs", state.conversions.last_completed_ms)))
      .raw("orders", encode_orders(state.orders, state.orders_cursor))
      .raw("enrichment", encode_enrichment(state.enrichment))
      .finish();
}

StateDecode decode_state(std::string_view text) {
  try {
    return decode_state_document(text);
  } catch (const std::exception& e) {  // nlohmann reports some type mismatches by throwing
    return StateDecode{std::nullopt, std::string("state could not be read: ") + e.what()};
  }
}

}  // namespace bitstamp::core
