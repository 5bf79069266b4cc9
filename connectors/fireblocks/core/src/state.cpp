#include "fireblocks/core/state.hpp"

#include <nlohmann/json.hpp>

namespace fireblocks::core {
namespace {

using nlohmann::json;

json metadata_json(const Metadata& metadata) {
  json out = json::object();
  for (const auto& [key, value] : metadata) out[std::string(key)] = value;
  return out;
}

// Reads `key` of `object` as T, or throws json::exception (caught by decode_state).
template <class T>
T field(const json& object, const char* key) {
  return object.at(key).get<T>();
}

}  // namespace

std::string encode_state(const SyncState& state) {
  json assets = json::object();
  for (const auto& [key, info] : state.catalogue) {
    assets[key] = {{"asset", info.asset}, {"precision", info.precision}, {"metadata", metadata_json(info.metadata)}};
  }
  json known = json::object();
  for (const auto& [id, transaction] : state.known) {
    json entry = {{"createdAt", transaction.created_at_ms}, {"status", transaction.status}};
    if (!transaction.held_raw.empty()) entry["heldRaw"] = transaction.held_raw;
    known[id] = std::move(entry);
  }
  json first_seen = json::object();
  for (const auto& [id, ms] : state.vaults_first_seen_ms) first_seen[id] = ms;
  const json document = {
      {"version", state_version},
      {"catalogue",
       {{"loadedAt", state.catalogue_loaded_at_ms},
        {"stale", state.catalogue_stale},
        {"assets", std::move(assets)},
        {"skipped", state.catalogue_skipped}}},
      {"accounts", {{"completedAt", state.accounts_completed_at_ms}, {"firstSeen", std::move(first_seen)}}},
      {"payments",
       {{"completedAt", state.payments_completed_at_ms},
        {"lastCreatedAt", state.last_created_at_ms},
        {"backfillPending", state.backfill_pending},
        {"resumeAfter", state.resume_after_ms},
        {"known", std::move(known)}}},
  };
  // Keys sort (std::map); bytes that are not UTF-8 (they cannot come from a parsed body) would
  // be replaced rather than throw.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

StateDecode decode_state(std::string_view text) {
  StateDecode out;
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    out.error = "the state is not a JSON object";
    return out;
  }
  try {
    const std::int64_t version = field<std::int64_t>(document, "version");
    if (version != state_version) {
      out.error = "state version " + std::to_string(version) + " is not " + std::to_string(state_version);
      return out;
    }
    SyncState state;
    const json& catalogue = document.at("catalogue");
    state.catalogue_loaded_at_ms = field<std::int64_t>(catalogue, "loadedAt");
    state.catalogue_stale = field<bool>(catalogue, "stale");
    for (const auto& [key, info] : catalogue.at("assets").items()) {
      AssetInfo asset{field<std::string>(info, "asset"), field<std::uint32_t>(info, "precision"), {}};
      for (const auto& [name, value] : info.at("metadata").items()) asset.metadata.set(name, value.get<std::string>());
      state.catalogue[key] = std::move(asset);
    }
    state.catalogue_skipped = field<std::set<std::string>>(catalogue, "skipped");
    const json& accounts = document.at("accounts");
    state.accounts_completed_at_ms = field<std::int64_t>(accounts, "completedAt");
    for (const auto& [id, ms] : accounts.at("firstSeen").items()) state.vaults_first_seen_ms[id] = ms.get<std::int64_t>();
    const json& payments = document.at("payments");
    state.payments_completed_at_ms = field<std::int64_t>(payments, "completedAt");
    state.last_created_at_ms = field<std::int64_t>(payments, "lastCreatedAt");
    state.backfill_pending = field<bool>(payments, "backfillPending");
    state.resume_after_ms = field<std::int64_t>(payments, "resumeAfter");
    for (const auto& [id, entry] : payments.at("known").items()) {
      KnownTransaction known{field<std::int64_t>(entry, "createdAt"), field<std::string>(entry, "status"), ""};
      if (entry.contains("heldRaw")) known.held_raw = field<std::string>(entry, "heldRaw");
      state.known[id] = std::move(known);
    }
    out.state = std::move(state);
  } catch (const json::exception& error) {
    out.error = std::string("the state does not have the expected fields: ") + error.what();
  }
  return out;
}

}  // namespace fireblocks::core
