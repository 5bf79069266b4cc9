#pragma once
// Private to the core: the documented shape of every body the core reads, named once (seed 002
// and the wire digest). A body is data only when it positively has its endpoint's shape: an
// error object, another endpoint's answer or an empty object is never read as "no rows", which
// once turned an error body into a completed walk and lost a whole history. Each reader checks
// its rows against its shape's required keys while it walks them (RequiredKeys, in the kernel's
// connector/body_shape.hpp), and refuses the page with shape_refusal() when one is missing; the
// engine retries such a page a bounded number of times (Outcome::unexpected_shape) and then fails
// the cycle, committing nothing.
//
// The required keys are the ones that tell the endpoints apart, not every documented key: a
// withdrawal-requests row also has id, datetime and type, so a user_transactions row needs a
// `fee` too; an open order has `price` and `amount`, which no withdrawal request has.

#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr BodyShape currencies_shape{
    "currencies/", "an array of objects each with currency and decimals", {"currency", "decimals"}};
inline constexpr BodyShape account_balances_shape{
    "account_balances/", "an array of objects each with currency, total, available and reserved",
    {"currency", "total", "available", "reserved"}};
inline constexpr BodyShape user_transactions_shape{
    "user_transactions/", "an array of objects each with id, type, datetime and fee", {"id", "type", "datetime", "fee"}};
// We always send include_ious=true, so all three lists are part of the answer.
inline constexpr BodyShape crypto_transactions_shape{
    "crypto-transactions/",
    "an object whose deposits, withdrawals and ripple_iou_transactions are arrays of objects each with currency, "
    "amount and datetime",
    {"deposits", "withdrawals", "ripple_iou_transactions"}};
inline constexpr BodyShape crypto_transaction_row_shape{
    "crypto-transactions/", "a row with currency, amount and datetime", {"currency", "amount", "datetime"}};
inline constexpr BodyShape withdrawal_requests_shape{
    "withdrawal-requests/", "an array of objects each with id, datetime, status, amount and currency",
    {"id", "datetime", "status", "amount", "currency"}};
inline constexpr BodyShape open_orders_shape{
    "open_orders/all/", "an array of objects each with id, datetime, type, price and amount",
    {"id", "datetime", "type", "price", "amount"}};
inline constexpr BodyShape order_status_shape{
    "order_status/", "an object with id, status and a transactions array of objects each with tid",
    {"id", "status", "transactions"}};
inline constexpr BodyShape order_fill_shape{"order_status/", "a transaction with tid", {"tid"}};
inline constexpr BodyShape markets_shape{
    "markets/", "an array of objects each with base_currency, counter_currency and trading",
    {"base_currency", "counter_currency", "trading"}};
inline constexpr BodyShape my_markets_shape{
    "my_markets/", "an array of objects each with name and url_symbol", {"name", "url_symbol"}};
inline constexpr BodyShape trading_fees_shape{
    "fees/trading/", "an array of objects each with fees and market or currency_pair", {"fees"}};
inline constexpr BodyShape withdrawal_fees_shape{
    "fees/withdrawal/", "an array of objects each with currency and fee", {"currency", "fee"}};

}  // namespace bitstamp::core
