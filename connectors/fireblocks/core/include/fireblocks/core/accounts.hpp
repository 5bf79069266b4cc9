#pragma once
// Vault accounts and their balances (wire digest §2.1, §5): GET /v1/vault/accounts_paged pages
// ({"accounts":[…],"paging":{"after"?}}), each vault an account and its embedded assets[] the
// balances, `available` summed per canonical asset across chains.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fireblocks/core/assets.hpp"
#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

struct VaultAsset {
  std::string legacy_id;  // assets[].id
  std::string available;  // as sent
  friend bool operator==(const VaultAsset&, const VaultAsset&) = default;
};

struct Vault {
  std::string id;
  std::string name;
  std::string customer_ref_id;
  bool hidden_on_ui = false;
  bool auto_fuel = false;
  std::vector<VaultAsset> assets;
  std::string raw;
  friend bool operator==(const Vault&, const Vault&) = default;
};

struct VaultsPage {
  std::vector<Vault> vaults;
  std::string next_after;  // paging.after; "" at the end ("paging":{})
  std::string error;
};

// An object with an 'accounts' array of vaults (each with id, name, assets) and a 'paging' object.
[[nodiscard]] VaultsPage read_vaults_page(std::string_view body);

struct VaultMapping {
  std::vector<Record> records;  // the account, then its balances by asset
  std::vector<Diagnostic> diagnostics;
  std::set<std::string> unknown_assets;  // legacy ids the catalogue does not hold
};

// `first_seen_us`: when this connector first saw the vault (the API gives no creation date).
[[nodiscard]] VaultMapping map_vault(const Vault& vault, const Catalogue& catalogue, std::int64_t first_seen_us,
                                     std::int64_t now_us);

}  // namespace fireblocks::core
