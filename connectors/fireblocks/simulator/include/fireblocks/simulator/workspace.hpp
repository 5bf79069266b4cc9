#pragma once
// A seeded Fireblocks workspace that answers the API's requests with its documented semantics
// (wire digest §2): the asset catalogue and blockchains paged by the top-level `next`, vault
// accounts paged by `paging.after` (IDs descending, `"paging":{}` at the end), transactions
// filtered by createdAt (`after` exclusive, `before` exclusive, the past 90 days when `after`
// is absent), ordered by createdAt as asked, at most 500 a page, one by id. Transactions move
// through the status machine over time: deposits arrive CONFIRMING, withdrawals go from
// SUBMITTED to COMPLETED (or FAILED, REJECTED, BLOCKED), a few COMPLETED ones fail later;
// multi-destination payouts, staking, mint and burn, an NFT, a testnet asset, an asset listed
// in the catalogue only after its first transaction. Vault balances are what completed
// transactions leave. The same seed gives the same workspace, byte for byte.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "connector/amount.hpp"
#include "connector/request.hpp"

namespace fireblocks::simulator {

struct SimAsset {
  std::string legacy_id;
  std::string symbol;       // displaySymbol
  std::string asset_class;  // NATIVE, FT, FIAT, NFT
  std::string chain;        // blockchain id
  std::uint32_t decimals = 0;
  bool deprecated = false;
  std::int64_t listed_from_ms = 0;  // absent from the catalogue before this instant
};

struct SimPeer {
  std::string type;  // VAULT_ACCOUNT, EXTERNAL_WALLET, UNKNOWN, ...
  std::string id;
};

struct StatusStep {
  std::int64_t at_ms = 0;
  std::string status;
  std::string sub_status;
};

struct SimTransaction {
  std::string id;
  std::int64_t created_at_ms = 0;
  std::string asset_id;
  connector::Amount amount;  // in the asset's minor units
  std::string operation;     // TRANSFER, STAKE, MINT, BURN
  SimPeer source;
  SimPeer destination;
  std::vector<SimPeer> destinations;  // more than one: a multi-destination payout
  std::vector<StatusStep> steps;      // ascending; the first at created_at_ms

  // The step in force at now_ms (the first one before it exists).
  [[nodiscard]] const StatusStep& step_at(std::int64_t now_ms) const;
};

struct SimVault {
  std::string id;
  std::string name;
  bool hidden = false;
  std::string customer_ref_id;
};

struct WorkspaceShape {
  std::int64_t start_ms = 0;  // the first transaction's time
  std::int64_t end_ms = 0;    // no transaction is created after this
  std::uint32_t transactions = 120;
  std::uint32_t filler_assets = 1100;  // so the catalogue is longer than one page of 1,000
  // The most rows one catalogue page holds, whatever pageSize asks (a server may send fewer; a
  // client must follow `next` anyway): small values make many pages of a small catalogue.
  std::uint32_t catalogue_page_max = 1000;
};

class Workspace {
 public:
  Workspace(std::uint64_t seed, const WorkspaceShape& shape);

  // The API's answer to `request` at now_ms (unsigned: the front checks the JWT first).
  [[nodiscard]] connector::Response answer(const connector::Request& request, std::int64_t now_ms) const;

  // What a vault holds available per legacy asset id at now_ms: its funding plus what completed
  // transactions brought, less what they took (minor units).
  [[nodiscard]] std::map<std::string, connector::Amount> available(const std::string& vault_id, std::int64_t now_ms) const;

  [[nodiscard]] const std::vector<SimTransaction>& transactions() const { return transactions_; }
  [[nodiscard]] const std::vector<SimVault>& vaults() const { return vaults_; }
  [[nodiscard]] const std::vector<SimAsset>& assets() const { return assets_; }
  [[nodiscard]] const std::vector<std::pair<std::string, bool>>& chains() const { return chains_; }
  [[nodiscard]] const SimAsset* asset(const std::string& legacy_id) const;

  // The JSON of one transaction as the API renders it at now_ms.
  [[nodiscard]] std::string render(const SimTransaction& transaction, std::int64_t now_ms) const;

 private:
  std::vector<std::pair<std::string, bool>> chains_;  // id, testnet
  std::vector<SimAsset> assets_;
  std::vector<SimVault> vaults_;
  std::vector<SimTransaction> transactions_;  // by createdAt
  std::map<std::string, connector::Amount> funding_;  // per asset, every vault starts with it
  std::uint32_t catalogue_page_max_ = 1000;
};

inline constexpr std::int64_t default_window_ms = 90LL * 24 * 60 * 60 * 1000;  // `after` absent
inline constexpr std::uint32_t transactions_limit_max = 500;

}  // namespace fireblocks::simulator
