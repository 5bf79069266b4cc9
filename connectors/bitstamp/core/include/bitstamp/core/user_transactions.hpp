#pragma once
// POST /api/v2/user_transactions/: one page of rows read into plain values, and the mapping of
// settled rows to payments (DESIGN.md §4). Handles the wire quirks of the digest's §9: `type`
// as string or integer, amounts as strings or JSON numbers, datetimes with or without
// microseconds, legacy zero keys (usd, eur, btc, btc_usd), unknown extra keys.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "connector/record.hpp"
#include "connector/small_vector.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

inline constexpr std::int64_t tx_type_deposit = 0;
inline constexpr std::int64_t tx_type_withdrawal = 1;
inline constexpr std::int64_t tx_type_trade = 2;  // order fills: the orders task's
inline constexpr std::int64_t tx_type_sub_account_transfer = 14;
inline constexpr std::int64_t tx_type_staking_credit = 25;
inline constexpr std::int64_t tx_type_sent_to_staking = 26;
inline constexpr std::int64_t tx_type_staking_reward = 27;
inline constexpr std::int64_t tx_type_referral_reward = 32;
inline constexpr std::int64_t tx_type_settlement_transfer = 33;
inline constexpr std::int64_t tx_type_inter_account_transfer = 35;
inline constexpr std::int64_t tx_type_instant_conversion = 36;  // the conversions task's
// The derivatives product's rows (periodic settlement, insurance fund claim and premium,
// collateral liquidation): this connector is spot-only and leaves them out.
inline constexpr std::int64_t tx_type_derivatives_first = 58;
inline constexpr std::int64_t tx_type_derivatives_last = 61;

struct CurrencyAmount {
  std::string ticker;  // uppercase, in the asset table
  std::string text;    // the wire amount, exactly as sent
  friend bool operator==(const CurrencyAmount&, const CurrencyAmount&) = default;
};

// Room inside a row for its non-zero amounts and rates: a payment has one amount, a fill or a
// conversion two, and one rate key; more is rare and goes to the heap.
inline constexpr std::size_t row_amounts_inline = 2;
inline constexpr std::size_t row_rates_inline = 1;

struct UserTransaction {
  std::int64_t id = 0;
  std::optional<std::int64_t> datetime_us;  // nullopt when unreadable
  std::optional<std::int64_t> type;         // nullopt when unreadable
  // Keys that are known tickers, with a non-zero (or unreadable) amount: the zero amounts of
  // legacy keys (usd, eur, btc on every old row) say nothing and are not kept.
  SmallVector<CurrencyAmount, row_amounts_inline> amounts;
  std::vector<std::string> unknown_non_zero;  // ticker-like keys not in the table, non-zero
  std::string fee;                            // wire text, "" when absent
  std::optional<std::int64_t> order_id;
  // "<a>_<b>" keys and their text, but for zero rates (the legacy btc_usd "0.00"): no market
  // is ever read from a zero rate.
  SmallVector<std::pair<std::string, std::string>, row_rates_inline> rates;
  bool derivatives = false;  // carries `margin_mode`: a row of the derivatives product
  std::string raw;           // the row's JSON, checked and compacted

  friend bool operator==(const UserTransaction&, const UserTransaction&) = default;
};

struct UserTransactionsPage {
  std::vector<UserTransaction> rows;
  std::optional<std::string> error;  // damaged body: the page is unusable as a whole
};

// The page, or an error when the body is not of user_transactions' shape (body_shapes.hpp) or a
// row is not valid JSON: such a page is refused whole.
[[nodiscard]] UserTransactionsPage parse_user_transactions(std::string_view body,
                                                           const AssetTable& assets);

// The market a trade or conversion row was made in, read from its `<base>_<quote>` rate key.
// Old rows also carry the legacy `btc_usd` key (often zero) whatever the market, and it may
// come first: the rate key that counts is the one whose two currencies are both known and both
// carry a non-zero amount in the row, with a non-zero rate. `qualifying` says how many keys do;
// the choice is meaningful only when it is exactly one.
struct RowMarket {
  std::string base;       // ticker, in the asset table
  std::string quote;      // ticker, in the asset table
  std::string rate_key;   // as on the wire: "xrp_btc"
  std::string rate;       // its text
  std::size_t qualifying = 0;
};
[[nodiscard]] RowMarket row_market(const UserTransaction& row, const AssetTable& assets);

// A row of the derivatives product (types 58–61, or any row carrying `margin_mode`).
[[nodiscard]] bool is_derivatives(const UserTransaction& row);

// The payment a settled row stands for, or nullopt with the reason in `diagnostics`. The row
// is taken by value so a caller done with it can move its raw text into the record.
// Rows of type 2 (fills) and 36 (conversions) belong to other tasks and give nullopt silently.
[[nodiscard]] std::optional<PspPayment> map_user_transaction_payment(
    UserTransaction row, const AssetTable& assets, std::vector<Diagnostic>& diagnostics);

// The conversion a type-36 row stands for: exactly one negative and one positive known-currency
// leg (source = the negative one), amounts absolute, the fee in the quote currency of the
// `<base>_<quote>` rate key (absent when zero). Nullopt for other types, silently, and for
// malformed type-36 rows with the reason in `diagnostics`.
[[nodiscard]] std::optional<PspConversion> map_user_transaction_conversion(
    UserTransaction row, const AssetTable& assets, std::vector<Diagnostic>& diagnostics);

}  // namespace bitstamp::core
