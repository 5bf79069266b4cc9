#include "fireblocks/core/assets.hpp"

#include "fireblocks/core/limits.hpp"
#include "json_rows.hpp"

namespace fireblocks::core {
namespace {

// The next code point of UTF-8 `text` at `i` (advanced past it); U+FFFD for a malformed byte.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) >> 6) != 0x2) {
      ++i;
      return 0xFFFD;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code;
}

// Unicode simple upper-casing, as far as it can land in A-Z: a-z, and the two code points
// whose upper case is ASCII (U+0131 dotless i -> I, U+017F long s -> S). Everything else either
// stays outside A-Z or is returned unchanged.
char32_t upper_into_ascii(char32_t code) {
  if (code >= U'a' && code <= U'z') return code - U'a' + U'A';
  if (code == 0x0131) return U'I';
  if (code == 0x017F) return U'S';
  return code;
}

void stamp(Metadata& metadata, connector::MetadataKey key, std::string_view value) {
  if (!value.empty()) metadata.set(key, value);
}

// The precision the digest's §4 step 3 chooses, or nullopt to skip the asset.
std::optional<std::int64_t> asset_precision(json::dom::element asset, std::string_view asset_class) {
  const std::optional<std::int64_t> top = json::integer_member(asset, "decimals");
  if (asset_class == "FIAT" && top && *top >= 0) return top;
  if (const std::optional<json::dom::element> onchain = json::member(asset, "onchain"); onchain && !onchain->is_null()) {
    return json::integer_member(*onchain, "decimals").value_or(0);
  }
  return top;
}

// The shape both catalogue endpoints share: {"data":[…],"next":string|null}. The rows, with
// `next` set ("" at the end), or nullopt with `error` set.
std::optional<json::dom::array> read_data_page(json::Body& parsed, std::string_view body, std::string_view endpoint,
                                               std::string& next, std::string& error) {
  const std::optional<json::dom::array> data = parsed.parse(body) ? json::array_member(parsed.root(), "data") : std::nullopt;
  const std::optional<json::dom::element> cursor = data ? json::member(parsed.root(), "next") : std::nullopt;
  if (!data || !cursor || !(cursor->is_null() || cursor->is_string())) {
    error = std::string(endpoint) + ": the body is not an object with a 'data' array and a 'next' cursor";
    return std::nullopt;
  }
  next = std::string(json::text_member(parsed.root(), "next"));
  return data;
}

}  // namespace

std::string sanitize_symbol(std::string_view symbol) {
  std::string out;
  bool letter_kept = false;
  for (std::size_t i = 0; i < symbol.size() && out.size() < symbol_kept_max;) {
    const char32_t code = upper_into_ascii(next_code_point(symbol, i));
    if (code >= U'A' && code <= U'Z') {
      out += static_cast<char>(code);
      letter_kept = true;
    } else if (code >= U'0' && code <= U'9' && letter_kept) {
      out += static_cast<char>(code);
    }
  }
  return out;
}

std::string catalogue_key(std::string_view legacy_id) {
  std::string out(legacy_id);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

BlockchainsPage read_blockchains_page(std::string_view body) {
  BlockchainsPage page;
  json::Body parsed;
  const std::optional<json::dom::array> data = read_data_page(parsed, body, "blockchains", page.next, page.error);
  if (!data) return page;
  for (json::dom::element chain : *data) {
    const std::optional<std::string_view> id = json::string_member(chain, "id");
    if (!id) {
      page.error = "blockchains: a row has no 'id'";
      return page;
    }
    const std::optional<json::dom::element> onchain = json::member(chain, "onchain");
    page.testnet[std::string(*id)] = onchain && json::bool_member(*onchain, "test").value_or(false);
  }
  return page;
}

AssetsPage read_assets_page(std::string_view body, const std::map<std::string, bool>& testnet) {
  AssetsPage page;
  json::Body parsed;
  const std::optional<json::dom::array> data = read_data_page(parsed, body, "assets", page.next, page.error);
  if (!data) return page;
  for (json::dom::element asset : *data) {
    if (!asset.is_object()) {
      page.error = "assets: a row is not an object";
      return page;
    }
    const std::optional<json::dom::element> metadata = json::member(asset, "metadata");
    const bool deprecated = metadata && json::bool_member(*metadata, "deprecated").value_or(false);
    const std::string_view asset_class = json::text_member(asset, "assetClass");
    const bool denied = asset_class == "NFT" || asset_class == "SFT" || asset_class == "VIRTUAL";
    const std::optional<std::int64_t> precision = asset_precision(asset, asset_class);
    const std::string_view legacy_id = json::text_member(asset, "legacyId");
    const std::optional<json::dom::element> onchain = json::member(asset, "onchain");
    std::string_view symbol = json::text_member(asset, "displaySymbol");
    if (symbol.empty() && onchain) symbol = json::text_member(*onchain, "symbol");
    if (symbol.empty()) symbol = legacy_id;
    const std::string base = sanitize_symbol(symbol);
    if (deprecated || denied || !precision || *precision < 0 || *precision > precision_max || base.empty() ||
        legacy_id.empty()) {
      if (!legacy_id.empty()) page.skipped_keys.push_back(catalogue_key(legacy_id));
      continue;
    }
    const std::string_view chain = json::text_member(asset, "blockchainId");
    const auto chain_it = testnet.find(std::string(chain));
    const bool is_testnet = chain_it != testnet.end() && chain_it->second;
    AssetInfo info;
    info.precision = static_cast<std::uint32_t>(*precision);
    info.asset = base + (is_testnet ? "_TEST" : "");
    if (info.precision > 0) info.asset += "/" + std::to_string(info.precision);
    stamp(info.metadata, metadata_key::legacy_id, legacy_id);
    stamp(info.metadata, metadata_key::asset_uuid, json::text_member(asset, "id"));
    stamp(info.metadata, metadata_key::display_name, json::text_member(asset, "displayName"));
    stamp(info.metadata, metadata_key::display_symbol, json::text_member(asset, "displaySymbol"));
    stamp(info.metadata, metadata_key::blockchain_id, chain);
    stamp(info.metadata, metadata_key::asset_class, asset_class);
    if (onchain) {
      stamp(info.metadata, metadata_key::contract_address, json::text_member(*onchain, "address"));
      stamp(info.metadata, metadata_key::token_standard, json::joined_strings(*onchain, "standards"));
    }
    if (metadata) {
      if (json::bool_member(*metadata, "verified").value_or(false)) stamp(info.metadata, metadata_key::verified, "true");
      stamp(info.metadata, metadata_key::features, json::joined_strings(*metadata, "features"));
    }
    if (is_testnet) stamp(info.metadata, metadata_key::testnet, "true");
    page.assets.emplace_back(catalogue_key(legacy_id), std::move(info));
  }
  return page;
}

}  // namespace fireblocks::core
