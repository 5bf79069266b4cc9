#include "fireblocks/core/accounts.hpp"

#include <map>

#include "json_rows.hpp"

namespace fireblocks::core {
namespace {

constexpr std::string_view shape_words =
    "an object with an 'accounts' array of vaults each with id, name and assets, and a 'paging' object";

std::string refusal(std::string_view why) { return "vault/accounts_paged: " + std::string(why) + " (expected " + std::string(shape_words) + ")"; }

}  // namespace

VaultsPage read_vaults_page(std::string_view body) {
  VaultsPage page;
  json::Body parsed;
  const std::optional<json::dom::array> accounts = parsed.parse(body) ? json::array_member(parsed.root(), "accounts") : std::nullopt;
  const std::optional<json::dom::element> paging = accounts ? json::member(parsed.root(), "paging") : std::nullopt;
  if (!accounts || !paging || !paging->is_object()) {
    page.error = refusal("the body does not have that shape");
    return page;
  }
  page.next_after = std::string(json::text_member(*paging, "after"));
  std::vector<std::string> raws;
  if (const std::string why = json::element_raws(body, "accounts", raws); !why.empty()) {
    page.error = refusal("accounts" + why);
    return page;
  }
  std::size_t index = 0;
  for (json::dom::element element : *accounts) {
    Vault vault;
    const std::optional<std::string_view> id = json::string_member(element, "id");
    const std::optional<std::string_view> name = json::string_member(element, "name");
    const std::optional<json::dom::array> assets = json::array_member(element, "assets");
    if (!id || id->empty() || !name || !assets) {
      page.error = refusal("accounts[" + std::to_string(index) + "] lacks id, name or assets");
      page.vaults.clear();
      return page;
    }
    vault.id = std::string(*id);
    vault.name = std::string(*name);
    vault.customer_ref_id = std::string(json::text_member(element, "customerRefId"));
    vault.hidden_on_ui = json::bool_member(element, "hiddenOnUI").value_or(false);
    vault.auto_fuel = json::bool_member(element, "autoFuel").value_or(false);
    for (json::dom::element asset : *assets) {
      vault.assets.push_back(VaultAsset{std::string(json::text_member(asset, "id")),
                                        std::string(json::text_member(asset, "available"))});
    }
    vault.raw = std::move(raws[index]);
    page.vaults.push_back(std::move(vault));
    ++index;
  }
  return page;
}

VaultMapping map_vault(const Vault& vault, const Catalogue& catalogue, std::int64_t first_seen_us, std::int64_t now_us) {
  VaultMapping out;
  PspAccount account;
  account.reference = vault.id;
  account.created_at_us = first_seen_us;
  account.name = vault.name;
  // default_asset stays "": vaults are multi-asset (written as null).
  if (!vault.customer_ref_id.empty()) account.metadata.set(metadata_key::customer_ref_id, vault.customer_ref_id);
  if (vault.hidden_on_ui) account.metadata.set(metadata_key::hidden_on_ui, "true");
  if (vault.auto_fuel) account.metadata.set(metadata_key::auto_fuel, "true");
  account.raw = vault.raw;
  out.records.emplace_back(std::move(account));

  std::map<std::string, Amount> sums;  // canonical asset -> summed available, exact
  for (const VaultAsset& row : vault.assets) {
    const auto it = catalogue.find(catalogue_key(row.legacy_id));
    if (it == catalogue.end()) {
      out.unknown_assets.insert(row.legacy_id);
      continue;
    }
    const ParsedDecimal available = parse_decimal(row.available, it->second.precision);
    if (!available.ok() || available.truncated) {
      out.diagnostics.push_back({Severity::warning, "balance.amount_unreadable",
                                 "vault " + vault.id + " asset " + row.legacy_id + ": available '" +
                                     row.available.substr(0, 40) + "' is not exact at " +
                                     std::to_string(it->second.precision) + " decimals; row skipped"});
      continue;
    }
    Amount& sum = sums[it->second.asset];
    const std::optional<Amount> total = checked_add(sum, available.amount);
    if (!total) {
      out.diagnostics.push_back({Severity::error, "balance.overflow",
                                 "vault " + vault.id + " asset " + it->second.asset + ": the sum overflows 127 bits"});
      continue;
    }
    sum = *total;
  }
  for (const auto& [asset, amount] : sums) {
    out.records.emplace_back(PspBalance{vault.id, now_us, amount, asset});
  }
  return out;
}

}  // namespace fireblocks::core
