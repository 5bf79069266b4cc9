#include "fireblocks/simulator/workspace.hpp"

#include <algorithm>
#include <charconv>

#include "connector/canonical_json.hpp"
#include "connector/limits.hpp"
#include "fireblocks/core/jwt.hpp"
#include "harness/rng.hpp"

namespace fireblocks::simulator {
namespace {

using connector::Amount;
using connector::ms_per_day;
using connector::ms_per_hour;
using connector::ms_per_minute;

std::string quoted(std::string_view text) {
  std::string out;
  connector::append_json_string(out, text);
  return out;
}

// Opaque cursors, shaped like Fireblocks' (base64 with padding, so '=' must be percent-encoded).
std::string cursor_of(std::string_view what, std::size_t index) {
  return fireblocks::core::base64url(std::string(what) + "=" + std::to_string(index)) + "==";
}

std::optional<std::size_t> index_of(std::string_view cursor, std::string_view what) {
  while (cursor.ends_with('=')) cursor.remove_suffix(1);
  std::string decoded;
  if (!fireblocks::core::base64url_decode(cursor, decoded) || !decoded.starts_with(std::string(what) + "=")) return std::nullopt;
  std::size_t index = 0;
  const std::string_view digits = std::string_view(decoded).substr(what.size() + 1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return index;
}

std::string param(const connector::Request& request, std::string_view name) {
  for (const connector::Param& p : request.params) {
    if (p.name == name) return p.value;
  }
  return "";
}

std::optional<std::int64_t> number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

connector::Response json_response(int status, std::string body) {
  return connector::Response{connector::Transport::received, status, {{"content-type", "application/json"}}, std::move(body)};
}

connector::Response error(int status, std::string_view message, int code) {
  return json_response(status, R"({"message":)" + quoted(message) + R"(,"code":)" + std::to_string(code) + "}");
}

std::string peer_json(const SimPeer& peer) {
  const std::string name = peer.type == "VAULT_ACCOUNT" ? "vault " + peer.id : peer.type == "UNKNOWN" ? "External" : "peer";
  return R"({"id":)" + quoted(peer.id) + R"(,"type":)" + quoted(peer.type) + R"(,"name":)" + quoted(name) + R"(,"subType":""})";
}

// A page of `items` from a cursor; the Fireblocks {data, next} envelope.
std::string data_page(const std::vector<std::string>& items, std::size_t start, std::size_t size, std::string_view what) {
  const std::size_t end = std::min(items.size(), start + size);
  std::string body = R"({"data":[)";
  for (std::size_t i = start; i < end; ++i) body += (i == start ? "" : ",") + items[i];
  body += R"(],"next":)" + (end < items.size() ? quoted(cursor_of(what, end)) : std::string("null")) + "}";
  return body;
}

}  // namespace

const StatusStep& SimTransaction::step_at(std::int64_t now_ms) const {
  const StatusStep* current = &steps.front();
  for (const StatusStep& step : steps) {
    if (step.at_ms <= now_ms) current = &step;
  }
  return *current;
}

Workspace::Workspace(std::uint64_t seed, const WorkspaceShape& shape) : catalogue_page_max_(shape.catalogue_page_max) {
  harness::Rng rng(seed);
  chains_ = {{"eth-main", false}, {"tron-main", false}, {"btc-main", false}, {"eth-sepolia", true}};
  const std::int64_t late_listing_ms = shape.start_ms + (shape.end_ms - shape.start_ms) / 2;
  assets_ = {{"ETH", "ETH", "NATIVE", "eth-main", 18, false, 0},
             {"BTC", "BTC", "NATIVE", "btc-main", 8, false, 0},
             {"USDT_ERC20", "USDT", "FT", "eth-main", 6, false, 0},
             {"ETH_TEST5", "ETH", "NATIVE", "eth-sepolia", 18, false, 0},
             {"USD", "USD", "FIAT", "", 2, false, 0},
             {"PUNKS", "PUNK", "NFT", "eth-main", 0, false, 0},
             {"OLDCOIN", "OLD", "FT", "eth-main", 8, true, 0}};
  for (std::uint32_t i = 0; i < shape.filler_assets; ++i) {
    assets_.push_back({"TOKEN" + std::to_string(i), "TK" + std::to_string(i), "FT", "eth-main", 18, i % 3 == 0, 0});
  }
  // After the filler, so that a client reading the catalogue's first page only misses them.
  assets_.push_back({"TRX_USDT_S2UZ", "USDT", "FT", "tron-main", 6, false, 0});
  // Listed only halfway through: its earlier transactions meet an unknown asset.
  assets_.push_back({"NEWCOIN", "NEW", "FT", "eth-main", 4, false, late_listing_ms});
  vaults_ = {{"0", "Default", false, ""}, {"1", "Treasury", false, "cust-1"}, {"2", "Ops", true, ""}, {"3", "Cold", false, ""}};
  const std::vector<std::string> traded = {"ETH", "BTC", "USDT_ERC20", "TRX_USDT_S2UZ", "ETH_TEST5", "USD", "NEWCOIN"};
  for (const std::string& legacy : traded) {
    const SimAsset* a = asset(legacy);
    Amount unit{1};
    for (std::uint32_t d = 0; d < a->decimals; ++d) unit.minor_units *= 10;
    funding_[legacy] = Amount{unit.minor_units * 1'000'000};
  }
  const std::int64_t span_ms = std::max<std::int64_t>(shape.end_ms - shape.start_ms, 1);
  std::vector<std::int64_t> times;
  for (std::uint32_t i = 0; i < shape.transactions; ++i) {
    // Some share a millisecond: pages must not end inside such a run and lose the rest.
    const bool same_ms = !times.empty() && rng.chance(100);
    times.push_back(same_ms ? times.back() : shape.start_ms + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(span_ms))));
  }
  std::sort(times.begin(), times.end());
  for (std::uint32_t i = 0; i < shape.transactions; ++i) {
    SimTransaction t;
    const std::uint64_t id_bits = rng.next();
    t.id = "tx-" + std::to_string(i) + "-" + std::to_string(id_bits % 100000);
    t.created_at_ms = times[i];
    t.asset_id = traded[rng.below(traded.size())];
    const SimAsset* a = asset(t.asset_id);
    Amount unit{1};
    for (std::uint32_t d = 0; d + 2 < a->decimals; ++d) unit.minor_units *= 10;  // whole amounts of 1/100
    t.amount = Amount{unit.minor_units * static_cast<connector::int128>(1 + rng.below(50000))};
    const std::string vault = vaults_[rng.below(vaults_.size())].id;
    const std::int64_t created = t.created_at_ms;
    const std::uint64_t kind = rng.below(100);
    t.operation = "TRANSFER";
    if (kind < 35) {  // a deposit: arrives CONFIRMING
      t.source = {"UNKNOWN", ""};
      t.destination = {"VAULT_ACCOUNT", vault};
      t.steps = {{created, "CONFIRMING", "PENDING_BLOCKCHAIN_CONFIRMATIONS"},
                 {created + rng.between(5, 90) * ms_per_minute, "COMPLETED", "CONFIRMED"}};
    } else if (kind < 75) {  // a withdrawal through the status machine
      t.source = {"VAULT_ACCOUNT", vault};
      t.destination = {"EXTERNAL_WALLET", "w" + std::to_string(rng.below(5))};
      if (rng.chance(150)) {  // a multi-destination payout: the peer nested per destination
        t.destination = {"", ""};
        const std::uint64_t count = 2 + rng.below(2);
        for (std::uint64_t d = 0; d < count; ++d) t.destinations.push_back({"EXTERNAL_WALLET", "payee" + std::to_string(d)});
      }
      std::int64_t at = created;
      t.steps.push_back({at, "SUBMITTED", ""});
      t.steps.push_back({at += rng.between(1, 5) * ms_per_minute, "PENDING_SIGNATURE", "PENDING_SIGNATURE"});
      t.steps.push_back({at += rng.between(1, 30) * ms_per_minute, "BROADCASTING", ""});
      t.steps.push_back({at += rng.between(1, 10) * ms_per_minute, "CONFIRMING", "PENDING_BLOCKCHAIN_CONFIRMATIONS"});
      const std::uint64_t end = rng.below(100);
      const std::string final_status = end < 80 ? "COMPLETED" : end < 90 ? "FAILED" : end < 95 ? "REJECTED" : "BLOCKED";
      t.steps.push_back({at += rng.between(5, 60) * ms_per_minute, final_status, final_status == "COMPLETED" ? "CONFIRMED" : "REJECTED_BY_BLOCKCHAIN"});
      if (final_status == "COMPLETED" && rng.chance(80)) {  // a reversal long after completion
        t.steps.push_back({at + rng.between(2, 30) * ms_per_hour, "FAILED", "REVERTED"});
      }
    } else if (kind < 90) {  // between two vaults
      t.source = {"VAULT_ACCOUNT", vault};
      t.destination = {"VAULT_ACCOUNT", vaults_[rng.below(vaults_.size())].id};
      t.steps = {{created, "SUBMITTED", ""}, {created + rng.between(1, 20) * ms_per_minute, "COMPLETED", "CONFIRMED"}};
    } else {  // staking, mint, burn, an NFT
      const std::uint64_t other = rng.below(4);
      t.operation = other == 0 ? "STAKE" : other == 1 ? "MINT" : other == 2 ? "BURN" : "TRANSFER";
      if (other == 3) t.asset_id = "PUNKS", t.amount = Amount{1};
      t.source = {"VAULT_ACCOUNT", vault};
      t.destination = {other == 0 ? "CONTRACT" : "EXTERNAL_WALLET", "c" + std::to_string(other)};
      t.steps = {{created, "COMPLETED", "CONFIRMED"}};
    }
    transactions_.push_back(std::move(t));
  }
  std::stable_sort(transactions_.begin(), transactions_.end(),
                   [](const SimTransaction& a, const SimTransaction& b) { return a.created_at_ms < b.created_at_ms; });
}

const SimAsset* Workspace::asset(const std::string& legacy_id) const {
  for (const SimAsset& a : assets_) {
    if (a.legacy_id == legacy_id) return &a;
  }
  return nullptr;
}

std::map<std::string, Amount> Workspace::available(const std::string& vault_id, std::int64_t now_ms) const {
  std::map<std::string, Amount> held = funding_;
  for (const SimTransaction& t : transactions_) {
    if (t.created_at_ms > now_ms || t.step_at(now_ms).status != "COMPLETED" || !funding_.contains(t.asset_id)) continue;
    if (t.destination.type == "VAULT_ACCOUNT" && t.destination.id == vault_id) held[t.asset_id].minor_units += t.amount.minor_units;
    if (t.source.type == "VAULT_ACCOUNT" && t.source.id == vault_id) held[t.asset_id].minor_units -= t.amount.minor_units;
  }
  return held;
}

std::string Workspace::render(const SimTransaction& t, std::int64_t now_ms) const {
  const StatusStep& step = t.step_at(now_ms);
  const SimAsset* a = asset(t.asset_id);
  const std::string amount = connector::format_decimal(t.amount, a == nullptr ? 0 : a->decimals);
  std::string destinations = "[";
  for (std::size_t i = 0; i < t.destinations.size(); ++i) {
    destinations += std::string(i == 0 ? "" : ",") + R"({"amount":)" + quoted(amount) + R"(,"amountUSD":"1.00","destination":)" +
                    peer_json(t.destinations[i]) + "}";
  }
  destinations += "]";
  // The deprecated float fields sit beside the amountInfo strings, as on the wire.
  return R"({"id":)" + quoted(t.id) + R"(,"createdAt":)" + std::to_string(t.created_at_ms) + R"(,"lastUpdated":)" +
         std::to_string(step.at_ms) + R"(,"assetId":)" + quoted(t.asset_id) + R"(,"operation":)" + quoted(t.operation) +
         R"(,"status":)" + quoted(step.status) + R"(,"subStatus":)" + quoted(step.sub_status) + R"(,"source":)" +
         peer_json(t.source) + R"(,"destination":)" + peer_json(t.destination) + R"(,"amount":)" + amount +
         R"(,"networkFee":0.000113517074303855,"netAmount":)" + amount + R"(,"amountUSD":null,"amountInfo":{"amount":)" +
         quoted(amount) + R"(,"requestedAmount":)" + quoted(amount) + R"(,"netAmount":)" + quoted(amount) +
         R"(},"feeInfo":{"networkFee":"0.00021"},"feeCurrency":"ETH","destinations":)" + destinations +
         R"(,"externalTxId":null,"customerRefId":null,"txHash":)" + quoted(step.status == "SUBMITTED" ? "" : "0x" + t.id) +
         R"(,"note":"","signedBy":[],"createdBy":"","rejectedBy":"","gasPrice":"2.5916548550000003"})";
}

connector::Response Workspace::answer(const connector::Request& request, std::int64_t now_ms) const {
  if (request.method != connector::Method::get) return error(405, "Method not allowed", 405);
  const std::string& path = request.path;
  if (path == "/v1/blockchains" || path == "/v1/assets") {
    const bool blockchains = path == "/v1/blockchains";
    const std::optional<std::int64_t> size = number(param(request, "pageSize").empty() ? "500" : param(request, "pageSize"));
    const std::int64_t size_min = blockchains ? 1 : 100;
    const std::int64_t size_max = blockchains ? 500 : 1000;
    if (!size || *size < size_min || *size > size_max) return error(400, "pageSize is out of range", 400);
    std::size_t start = 0;
    if (const std::string cursor = param(request, "pageCursor"); !cursor.empty()) {
      const std::optional<std::size_t> index = index_of(cursor, blockchains ? "chain" : "asset");
      if (!index) return error(400, "Invalid pageCursor", 400);
      start = *index;
    }
    std::vector<std::string> items;
    if (blockchains) {
      for (const auto& [id, test] : chains_) {
        items.push_back(R"({"id":)" + quoted(id) + R"(,"legacyId":)" + quoted(id) + R"(,"displayName":)" + quoted(id) +
                        R"(,"onchain":{"protocol":"EVM","test":)" + (test ? "true" : "false") +
                        R"(},"metadata":{"scope":"GLOBAL","deprecated":false}})");
      }
    } else {
      for (const SimAsset& a : assets_) {
        if (a.listed_from_ms > now_ms) continue;
        std::string item = R"({"id":)" + quoted("uuid-" + a.legacy_id) + R"(,"legacyId":)" + quoted(a.legacy_id) +
                           R"(,"displayName":)" + quoted(a.symbol + " token") + R"(,"displaySymbol":)" + quoted(a.symbol) +
                           R"(,"assetClass":)" + quoted(a.asset_class);
        if (a.asset_class == "FIAT") {
          item += R"(,"decimals":)" + std::to_string(a.decimals);
        } else {
          item += R"(,"blockchainId":)" + quoted(a.chain) + R"(,"onchain":{"symbol":)" + quoted(a.symbol) +
                  R"(,"name":"token","address":"0xabc","decimals":)" + std::to_string(a.decimals) + R"(,"standards":["ERC20"]})";
        }
        item += R"(,"metadata":{"scope":"GLOBAL","deprecated":)" + std::string(a.deprecated ? "true" : "false") +
                R"(,"verified":true,"features":[]}})";
        items.push_back(std::move(item));
      }
    }
    if (start > items.size()) return error(400, "Invalid pageCursor", 400);
    const std::size_t rows = std::min<std::size_t>(static_cast<std::size_t>(*size), catalogue_page_max_);
    return json_response(200, data_page(items, start, rows, blockchains ? "chain" : "asset"));
  }
  if (path == "/v1/vault/accounts_paged") {
    const std::optional<std::int64_t> limit = number(param(request, "limit").empty() ? "200" : param(request, "limit"));
    if (!limit || *limit < 1 || *limit > 500) return error(400, "limit is out of range", 400);
    std::size_t start = 0;
    if (const std::string after = param(request, "after"); !after.empty()) {
      const std::optional<std::size_t> index = index_of(after, "startingVaultIdx");
      if (!index || *index > vaults_.size()) return error(400, "Invalid cursor", 400);
      start = *index;
    }
    const std::size_t end = std::min(vaults_.size(), start + static_cast<std::size_t>(*limit));
    std::string body = R"({"accounts":[)";
    for (std::size_t i = start; i < end; ++i) {
      const SimVault& vault = vaults_[vaults_.size() - 1 - i];  // IDs descending, the API's default
      body += (i == start ? "" : ",") + std::string(R"({"id":)") + quoted(vault.id) + R"(,"name":)" + quoted(vault.name) +
              R"(,"hiddenOnUI":)" + (vault.hidden ? "true" : "false") +
              (vault.customer_ref_id.empty() ? "" : R"(,"customerRefId":)" + quoted(vault.customer_ref_id)) +
              R"(,"autoFuel":false,"assets":[)";
      bool first = true;
      for (const auto& [legacy, amount] : available(vault.id, now_ms)) {
        const std::string text = connector::format_decimal(amount, asset(legacy)->decimals);
        body += (first ? "" : ",") + std::string(R"({"id":)") + quoted(legacy) + R"(,"total":)" + quoted(text) +
                R"(,"balance":)" + quoted(text) + R"(,"available":)" + quoted(text) +
                R"(,"pending":"0","frozen":"0","lockedAmount":"0","staked":"0"})";
        first = false;
      }
      body += "]}";
    }
    body += R"(],"paging":)" + (end < vaults_.size() ? R"({"after":)" + quoted(cursor_of("startingVaultIdx", end)) + "}" : std::string("{}")) + "}";
    return json_response(200, body);
  }
  if (path == "/v1/transactions") {
    const std::optional<std::int64_t> limit = number(param(request, "limit").empty() ? "200" : param(request, "limit"));
    if (!limit || *limit < 1 || *limit > static_cast<std::int64_t>(transactions_limit_max)) {
      return error(400, "limit must be between 1 and 500", 400);
    }
    const std::optional<std::int64_t> after = param(request, "after").empty() ? std::optional(now_ms - default_window_ms) : number(param(request, "after"));
    const std::optional<std::int64_t> before = param(request, "before").empty() ? std::optional(now_ms + 1) : number(param(request, "before"));
    if (!after || !before) return error(400, "after and before are Unix milliseconds", 400);
    const bool descending = param(request, "sort") != "ASC";  // DESC unless asked
    std::vector<const SimTransaction*> chosen;
    for (const SimTransaction& t : transactions_) {
      if (t.created_at_ms > *after && t.created_at_ms < *before && t.created_at_ms <= now_ms) chosen.push_back(&t);
    }
    if (descending) std::reverse(chosen.begin(), chosen.end());
    if (chosen.size() > static_cast<std::size_t>(*limit)) chosen.resize(static_cast<std::size_t>(*limit));
    std::string body = "[";
    for (std::size_t i = 0; i < chosen.size(); ++i) body += (i == 0 ? "" : ",") + render(*chosen[i], now_ms);
    return json_response(200, body + "]");
  }
  if (path.starts_with("/v1/transactions/")) {
    const std::string id = path.substr(std::string_view("/v1/transactions/").size());
    for (const SimTransaction& t : transactions_) {
      if (t.id == id && t.created_at_ms <= now_ms) return json_response(200, render(t, now_ms));
    }
    return error(404, "Transaction not found", 1404);
  }
  return error(404, "Not found", 404);
}

}  // namespace fireblocks::simulator
