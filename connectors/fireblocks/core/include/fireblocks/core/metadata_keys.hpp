#pragma once
// Fireblocks' metadata keys (Formance's convention: com.<connector>.spec/<field>), spelled once
// here as constants: a record keeps a view of a constant key instead of a copy (metadata.hpp).

#include <array>
#include <string_view>

#include "connector/metadata.hpp"

namespace fireblocks::core {

inline constexpr std::string_view metadata_prefix = "com.fireblocks.spec/";

namespace metadata_key {
inline constexpr connector::MetadataKey asset_class{"com.fireblocks.spec/asset_class"};
inline constexpr connector::MetadataKey asset_uuid{"com.fireblocks.spec/asset_uuid"};
inline constexpr connector::MetadataKey auto_fuel{"com.fireblocks.spec/auto_fuel"};
inline constexpr connector::MetadataKey blockchain_id{"com.fireblocks.spec/blockchain_id"};
inline constexpr connector::MetadataKey contract_address{"com.fireblocks.spec/contract_address"};
inline constexpr connector::MetadataKey customer_ref_id{"com.fireblocks.spec/customer_ref_id"};
inline constexpr connector::MetadataKey destination_ids{"com.fireblocks.spec/destination_ids"};
inline constexpr connector::MetadataKey display_name{"com.fireblocks.spec/display_name"};
inline constexpr connector::MetadataKey display_symbol{"com.fireblocks.spec/display_symbol"};
inline constexpr connector::MetadataKey features{"com.fireblocks.spec/features"};
inline constexpr connector::MetadataKey fee_currency{"com.fireblocks.spec/fee_currency"};
inline constexpr connector::MetadataKey hidden_on_ui{"com.fireblocks.spec/hidden_on_ui"};
inline constexpr connector::MetadataKey legacy_id{"com.fireblocks.spec/legacy_id"};
inline constexpr connector::MetadataKey network_fee{"com.fireblocks.spec/network_fee"};
inline constexpr connector::MetadataKey note{"com.fireblocks.spec/note"};
inline constexpr connector::MetadataKey operation{"com.fireblocks.spec/operation"};
inline constexpr connector::MetadataKey status{"com.fireblocks.spec/status"};
inline constexpr connector::MetadataKey sub_status{"com.fireblocks.spec/sub_status"};
inline constexpr connector::MetadataKey testnet{"com.fireblocks.spec/testnet"};
inline constexpr connector::MetadataKey token_standard{"com.fireblocks.spec/token_standard"};
inline constexpr connector::MetadataKey tx_hash{"com.fireblocks.spec/tx_hash"};
inline constexpr connector::MetadataKey verified{"com.fireblocks.spec/verified"};

inline constexpr std::array all{asset_class, asset_uuid, auto_fuel, blockchain_id, contract_address, customer_ref_id, destination_ids, display_name, display_symbol, features, fee_currency, hidden_on_ui, legacy_id, network_fee, note, operation, status, sub_status, testnet, token_standard, tx_hash, verified};
static_assert(connector::keys_in_namespace(all, metadata_prefix), "every Fireblocks metadata key is in Fireblocks' namespace");
}  // namespace metadata_key

}  // namespace fireblocks::core
