#pragma once
// The asset catalogue (wire digest §4): /v1/blockchains and /v1/assets, every page, reduced to
// what payments and balances need: per legacy id, the canonical asset string ("USDT/6",
// "ETH_TEST/18", "JPY"), its precision and the metadata copied onto every payment.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fireblocks/core/kernel.hpp"
#include "fireblocks/core/metadata_keys.hpp"

namespace fireblocks::core {

struct AssetInfo {
  std::string asset;  // canonical: base[_TEST][/precision]
  std::uint32_t precision = 0;
  Metadata metadata;  // com.fireblocks.spec/* keys, copied onto payments
  friend bool operator==(const AssetInfo&, const AssetInfo&) = default;
};

// Keyed by the upper-cased legacy id: lookups are case-insensitive (a vault row "xDAI" finds
// the asset "XDAI").
using Catalogue = std::map<std::string, AssetInfo>;

// One pass over the Unicode simple upper-casing of `symbol` (UTF-8): keeps A-Z, digits only
// after a letter was kept, stops at 17 kept characters, drops everything else. "ıNCH" -> "INCH"
// (U+0131 and U+017F are the only code points that upper-case into A-Z). "" when nothing is kept.
[[nodiscard]] std::string sanitize_symbol(std::string_view symbol);

// ASCII upper-casing of a legacy id, for catalogue keys.
[[nodiscard]] std::string catalogue_key(std::string_view legacy_id);

// One /v1/blockchains page: {"data":[{"id":…,"onchain":{"test":bool}}…],"next":string|null}.
struct BlockchainsPage {
  std::map<std::string, bool> testnet;  // blockchain id -> onchain.test
  std::string next;                     // "" at the end
  std::string error;                    // "" when the body has the documented shape
};
[[nodiscard]] BlockchainsPage read_blockchains_page(std::string_view body);

// One /v1/assets page, each asset reduced by the digest's rules (skips are counted, not errors).
struct AssetsPage {
  std::vector<std::pair<std::string, AssetInfo>> assets;  // (catalogue key, info), wire order
  std::string next;
  std::string error;
  // Catalogue keys of the assets the rules leave out (deprecated, NFT/SFT/VIRTUAL, no precision,
  // an empty symbol): their transactions are skipped on purpose, not held as unknown.
  std::vector<std::string> skipped_keys;
};
// `testnet` is the blockchains map read before the assets.
[[nodiscard]] AssetsPage read_assets_page(std::string_view body, const std::map<std::string, bool>& testnet);

}  // namespace fireblocks::core
