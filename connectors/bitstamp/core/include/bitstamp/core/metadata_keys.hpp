#pragma once
// Bitstamp's metadata keys (Formance's convention: com.<connector>.spec/<field>), spelled once
// here as constants: a record keeps a view of a constant key instead of a copy (metadata.hpp).

#include <array>
#include <string_view>

#include "connector/metadata.hpp"

namespace bitstamp::core {

inline constexpr std::string_view metadata_prefix = "com.bitstamp.spec/";

namespace metadata_key {
inline constexpr connector::MetadataKey source{"com.bitstamp.spec/source"};
inline constexpr connector::MetadataKey transaction_type{"com.bitstamp.spec/transaction_type"};
inline constexpr connector::MetadataKey fee{"com.bitstamp.spec/fee"};
inline constexpr connector::MetadataKey transfer_pair_id{"com.bitstamp.spec/transfer_pair_id"};
inline constexpr connector::MetadataKey transfer_direction{"com.bitstamp.spec/transfer_direction"};
inline constexpr connector::MetadataKey from_amount_raw{"com.bitstamp.spec/from_amount_raw"};
inline constexpr connector::MetadataKey to_amount_raw{"com.bitstamp.spec/to_amount_raw"};
inline constexpr connector::MetadataKey fee_market{"com.bitstamp.spec/fee_market"};
inline constexpr connector::MetadataKey rate{"com.bitstamp.spec/rate"};
inline constexpr connector::MetadataKey deposit_status{"com.bitstamp.spec/deposit_status"};
inline constexpr connector::MetadataKey pending_reason{"com.bitstamp.spec/pending_reason"};
inline constexpr connector::MetadataKey crypto_bucket{"com.bitstamp.spec/crypto_bucket"};
inline constexpr connector::MetadataKey network{"com.bitstamp.spec/network"};
inline constexpr connector::MetadataKey txid{"com.bitstamp.spec/txid"};
inline constexpr connector::MetadataKey destination_address{"com.bitstamp.spec/destination_address"};
inline constexpr connector::MetadataKey withdrawal_status{"com.bitstamp.spec/withdrawal_status"};
inline constexpr connector::MetadataKey withdrawal_type{"com.bitstamp.spec/withdrawal_type"};
inline constexpr connector::MetadataKey bank_transaction_id{"com.bitstamp.spec/bank_transaction_id"};
inline constexpr connector::MetadataKey currency_type{"com.bitstamp.spec/currency_type"};
inline constexpr connector::MetadataKey currency_decimals{"com.bitstamp.spec/currency_decimals"};
inline constexpr connector::MetadataKey is_crypto{"com.bitstamp.spec/is_crypto"};
inline constexpr connector::MetadataKey currency_pair{"com.bitstamp.spec/currency_pair"};
inline constexpr connector::MetadataKey order_subtype{"com.bitstamp.spec/order_subtype"};
inline constexpr connector::MetadataKey order_status_datetime{"com.bitstamp.spec/order_status_datetime"};
inline constexpr connector::MetadataKey client_order_id{"com.bitstamp.spec/client_order_id"};
inline constexpr connector::MetadataKey historical{"com.bitstamp.spec/historical"};
inline constexpr connector::MetadataKey first_fill_id{"com.bitstamp.spec/first_fill_id"};
inline constexpr connector::MetadataKey last_fill_id{"com.bitstamp.spec/last_fill_id"};
inline constexpr connector::MetadataKey retention_expired{"com.bitstamp.spec/retention_expired"};
inline constexpr connector::MetadataKey networks{"com.bitstamp.spec/networks"};
inline constexpr connector::MetadataKey withdrawal_fee{"com.bitstamp.spec/withdrawal_fee"};
inline constexpr connector::MetadataKey tradable_markets{"com.bitstamp.spec/tradable_markets"};
inline constexpr connector::MetadataKey fee_tier_maker{"com.bitstamp.spec/fee_tier_maker"};
inline constexpr connector::MetadataKey fee_tier_taker{"com.bitstamp.spec/fee_tier_taker"};
inline constexpr connector::MetadataKey min_order_value{"com.bitstamp.spec/min_order_value"};

inline constexpr std::array all{source, transaction_type, fee, transfer_pair_id, transfer_direction, from_amount_raw, to_amount_raw, fee_market, rate, deposit_status, pending_reason, crypto_bucket, network, txid, destination_address, withdrawal_status, withdrawal_type, bank_transaction_id, currency_type, currency_decimals, is_crypto, currency_pair, order_subtype, order_status_datetime, client_order_id, historical, first_fill_id, last_fill_id, retention_expired, networks, withdrawal_fee, tradable_markets, fee_tier_maker, fee_tier_taker, min_order_value};
static_assert(connector::keys_in_namespace(all, metadata_prefix), "every Bitstamp metadata key is in Bitstamp's namespace");
}  // namespace metadata_key

}  // namespace bitstamp::core
