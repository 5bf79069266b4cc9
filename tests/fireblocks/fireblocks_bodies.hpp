#pragma once
// Fireblocks wire bodies for tests, in the shapes of the wire digest's samples.

#include <cstdint>
#include <string>
#include <vector>

namespace fireblocks::testing_bodies {

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

inline std::string asset(const std::string& legacy_id, const std::string& display_symbol, const std::string& asset_class,
                         int decimals, const std::string& chain, bool deprecated = false) {
  return R"({"id":"uuid-)" + legacy_id + R"(","legacyId":")" + legacy_id + R"(","blockchainId":")" + chain +
         R"(","displayName":")" + display_symbol + R"(","displaySymbol":")" + display_symbol + R"(","assetClass":")" +
         asset_class + R"(","onchain":{"symbol":")" + display_symbol + R"(","name":"n","address":"0xabc","decimals":)" +
         std::to_string(decimals) + R"(,"standards":["ERC20"]},"metadata":{"scope":"GLOBAL","deprecated":)" +
         (deprecated ? "true" : "false") + R"(,"verified":true,"features":["STABLECOIN"]}})";
}

inline std::string fiat(const std::string& code, int decimals) {
  return R"({"id":"uuid-)" + code + R"(","legacyId":")" + code + R"(","displayName":")" + code +
         R"(","displaySymbol":")" + code + R"(","assetClass":"FIAT","decimals":)" + std::to_string(decimals) +
         R"(,"metadata":{"scope":"GLOBAL","deprecated":false}})";
}

inline std::string assets_body(const std::vector<std::string>& assets, const std::string& next) {
  return R"({"data":[)" + join(assets) + R"(],"next":)" + (next.empty() ? "null" : "\"" + next + "\"") + "}";
}

inline std::string blockchains_body(const std::vector<std::pair<std::string, bool>>& chains, const std::string& next) {
  std::vector<std::string> rows;
  for (const auto& [id, test] : chains) {
    rows.push_back(R"({"id":")" + id + R"(","legacyId":")" + id + R"(","onchain":{"protocol":"EVM","test":)" +
                   (test ? "true" : "false") + "}}");
  }
  return R"({"data":[)" + join(rows) + R"(],"next":)" + (next.empty() ? "null" : "\"" + next + "\"") + "}";
}

struct Peer {
  std::string type;
  std::string id;
};

// A transaction as /v1/transactions sends it: deprecated float fields beside the amountInfo strings.
inline std::string transaction(const std::string& id, std::int64_t created_at_ms, const std::string& status,
                               const std::string& asset_id, const std::string& amount, const Peer& source,
                               const Peer& destination, const std::string& operation = "TRANSFER",
                               const std::string& destinations = "[]") {
  return R"({"id":")" + id + R"(","createdAt":)" + std::to_string(created_at_ms) + R"(,"lastUpdated":)" +
         std::to_string(created_at_ms + 5) + R"(,"assetId":")" + asset_id + R"(","operation":")" + operation +
         R"(","status":")" + status + R"(","subStatus":"","source":{"id":")" + source.id + R"(","type":")" + source.type +
         R"(","name":"s","subType":""},"destination":{"id":")" + destination.id + R"(","type":")" + destination.type +
         R"(","name":"d","subType":""},"amount":1e-7,"networkFee":0.000113517074303855,"amountInfo":{"amount":")" +
         amount + R"(","requestedAmount":")" + amount + R"(","netAmount":")" + amount +
         R"(","amountUSD":null},"feeInfo":{"networkFee":"0.00021"},"feeCurrency":"ETH","destinations":)" +
         destinations + R"(,"txHash":"0xhash","note":"","assetType":"ERC20"})";
}

inline std::string vault(const std::string& id, const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& assets, bool hidden = false) {
  std::vector<std::string> rows;
  for (const auto& [legacy_id, available] : assets) {
    rows.push_back(R"({"id":")" + legacy_id + R"(","total":")" + available + R"(","available":")" + available +
                   R"(","pending":"0","frozen":"0","lockedAmount":"0"})");
  }
  return R"({"id":")" + id + R"(","name":")" + name + R"(","hiddenOnUI":)" + (hidden ? "true" : "false") +
         R"(,"autoFuel":false,"assets":[)" + join(rows) + "]}";
}

inline std::string vaults_body(const std::vector<std::string>& vaults, const std::string& after) {
  return R"({"accounts":[)" + join(vaults) + R"(],"paging":)" + (after.empty() ? "{}" : R"({"after":")" + after + "\"}") + "}";
}

}  // namespace fireblocks::testing_bodies
