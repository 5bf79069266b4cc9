#include "bitstamp/core/state.hpp"

#include <nlohmann/json.hpp>

#include "bitstamp/core/canonical_json.hpp"
#include "bitstamp/core/limits.hpp"

namespace bitstamp::core {
namespace {

using nlohmann::json;

std::string encode_assets(const AssetTable& assets) {
  std::string currencies = "[";
  bool first = true;
  for (const auto& [ticker, currency] : assets.by_ticker) {
    if (!first) currencies += ',';
    first = false;
    currencies += CanonicalObject()
                      .string("ticker", currency.ticker)
                      .integer("decimals", currency.decimals)
                      .string("type", currency.type)
                      .finish();
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
    Currency currency{*ticker, static_cast<std::uint32_t>(decimals), ""};
    if (row.contains("type") && row["type"].is_string()) currency.type = row["type"].get<std::string>();
    assets.by_ticker.emplace(currency.ticker, currency);
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

// The per-source structure, or the legacy flat {"lastTransactionID": N} of installs that ran
// the single-watermark connector: read as the user_transactions watermark, no migration step.
bool decode_payments(const json& object, TaskProgress& progress, PaymentsCursor& cursor,
                     std::string& error) {
  if (!decode_progress(object, "payments", progress, error)) return false;
  if (object.contains("lastTransactionID")) {
    return read_int(object, "lastTransactionID", cursor.user_transactions.last_id, "payments", error);
  }
  const auto user_transactions = object.find("userTransactions");
  if (user_transactions == object.end()) return true;
  if (!user_transactions->is_object()) {
    error = "payments.userTransactions must be an object";
    return false;
  }
  return decode_stream(*user_transactions, cursor.user_transactions, "payments.userTransactions", error);
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
    if (!decode_progress(*it, "accounts", state.accounts, result.error)) return result;
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
  result.state = std::move(state);
  return result;
}

}  // namespace

std::string encode_state(const SyncState& state) {
  return CanonicalObject()
      .integer("version", state_version)
      .raw("assets", encode_assets(state.assets))
      .raw("accounts",
           CanonicalObject().integer("lastCompletedMs", state.accounts.last_completed_ms).finish())
      .raw("payments",
           CanonicalObject()
               .integer("lastCompletedMs", state.payments.last_completed_ms)
               .raw("userTransactions", encode_stream(state.payments_cursor.user_transactions))
               .finish())
      .raw("conversions",
           encode_stream(state.conversions_cursor,
                         CanonicalObject().integer("lastCompletedMs", state.conversions.last_completed_ms)))
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
