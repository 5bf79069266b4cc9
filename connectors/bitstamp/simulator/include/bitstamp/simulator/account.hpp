#pragma once
// A seeded model of one Bitstamp account scope: its whole timeline (every user transaction,
// crypto transaction, withdrawal request and status change from the start of its history to
// the end of the scenario) is drawn from the seed up front, so any instant of it can be viewed
// without replaying anything. The server answers from the view at its own clock; the oracle
// reads the final view. No clock, no I/O: time is always an argument.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connector/amount.hpp"
#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {

struct SimCurrency {
  std::string ticker;  // "BTC"
  std::uint32_t decimals = 0;
  bool crypto = false;
  std::string network;  // "bitcoin"; empty for fiat
};

// One currency leg of a user_transactions/ row, in signed minor units.
struct Leg {
  std::string ticker;
  core::int128 minor = 0;
};

// The eras of Bitstamp's wire format (wire digest §2, §9): each quirk belongs to the rows of its
// time, not to any row. Before 2019 datetimes have no microseconds; before 2021 `type` is an
// integer (a string since, without a version bump); before 2022 rows carry the legacy zero keys
// usd, eur, btc and btc_usd whatever they involve, often as JSON numbers.
inline constexpr std::int64_t whole_second_datetimes_until_s = 1546300800;  // 2019-01-01T00:00:00Z
inline constexpr std::int64_t integer_types_until_s = 1609459200;           // 2021-01-01T00:00:00Z
inline constexpr std::int64_t legacy_zero_keys_until_s = 1640995200;        // 2022-01-01T00:00:00Z

// How a row is written on the wire: Bitstamp's real variations, fixed per row (by its era, and
// by draw where an era allows both) so every answer renders a row the same way.
struct WireQuirks {
  bool type_as_integer = false;     // before 2021 `type` was an integer
  bool amounts_as_numbers = false;  // `0.0`-style JSON numbers instead of strings (old rows)
  bool legacy_zero_keys = false;    // uninvolved usd/eur/btc/btc_usd keys, as 0.0 (before 2022)
  bool unknown_key = false;         // a key this connector has never heard of
};

// The quirks a row dated `at_s` is written with: the era's, with amounts as JSON numbers and an
// unknown key where `numbers` and `unknown_key` ask (numbers only where the era has them).
[[nodiscard]] WireQuirks era_quirks(std::int64_t at_s, bool numbers, bool unknown_key);

// The trading fees the account pays (fees/trading/ lists them), in basis points of the quote
// amount: a resting order's fills pay the maker rate, a market or instant order's the taker
// rate, and an instant conversion the taker rate of its market.
inline constexpr std::uint32_t maker_fee_bp = 30;
[[nodiscard]] inline std::uint32_t taker_fee_bp(std::string_view base) { return base == "BTC" ? 40 : 50; }

struct SimTransaction {  // a user_transactions/ row
  std::int64_t id = 0;
  std::int64_t datetime_us = 0;  // whole seconds when the row renders without microseconds
  int type = 0;
  std::vector<Leg> legs;
  core::int128 fee_minor = 0;
  std::string fee_ticker;  // the quote currency; "" when the row has no fee currency
  std::int64_t order_id = 0;  // trades only
  // Trades and conversions: the price, in quote minor units per whole base unit (the crypto leg
  // is the base, the fiat one the quote); written as the `<base>_<quote>` rate key.
  core::int128 price = 0;
  bool microseconds = true;
  WireQuirks quirks;
};

struct StatusStep {
  std::int64_t at_s = 0;
  std::string status;  // the wire status: "PENDING", "COMPLETED"; withdrawal requests "0".."11"
};

enum class CryptoList { deposits, withdrawals, ripple_ious };

struct SimCryptoTransaction {
  CryptoList list = CryptoList::deposits;
  std::int64_t id = 0;  // deposits only
  std::string txid;
  std::string ticker;
  std::string network;
  core::int128 minor = 0;  // positive
  std::int64_t datetime_s = 0;
  std::vector<StatusStep> statuses;  // deposits only; the first at datetime_s
  std::string address;
};

struct SimWithdrawalRequest {
  std::int64_t id = 0;
  std::int64_t datetime_s = 0;
  int type = 0;  // 0 SEPA, 1 BTC, 16 ETH
  std::string ticker;
  std::string network;  // empty for fiat
  core::int128 minor = 0;  // positive
  std::vector<StatusStep> statuses;  // the first at datetime_s
  std::int64_t internal_txid = 0;
  std::string transaction_id;   // the on-chain hash of a finished crypto withdrawal; "" otherwise
  bool status_as_text = false;  // older data names the status instead of numbering it

  // Whether it holds its amount at an instant: requested and not yet finished, cancelled,
  // failed or reversed.
  [[nodiscard]] bool pending_at(std::int64_t at_s) const;
};

// One fill of an order: a type-2 user_transactions/ row, and a transaction of order_status/.
struct SimFill {
  std::int64_t at_s = 0;
  core::int128 base = 0;  // positive, base minor units
  core::int128 quote = 0;  // positive, quote minor units: base × price, rounded to the quote's decimals
  core::int128 fee = 0;    // quote minor units: quote × the maker or taker rate, rounded
  core::int128 price = 0;  // quote minor units per whole base unit
  std::int64_t tid = 0;    // the fill's user_transactions/ row id
  std::uint64_t sequence = 0;  // private to the history writer: finds the row once ids are given
};

// An order through its life: statuses In Queue / Open / Finished / Canceled at dated steps.
// Market and instant orders fill at once and never rest; limit and stop-limit orders rest
// (some for weeks), fill over time, and end filled, cancelled, or still open.
struct SimOrder {
  std::int64_t id = 0;
  std::int64_t created_s = 0;
  int side = 0;  // 0 buy, 1 sell
  std::string base;
  std::string quote;
  std::string subtype;  // LIMIT, MARKET, INSTANT, STOP_LIMIT
  core::int128 amount = 0;       // ordered, base minor units; the fills never exceed it
  core::int128 limit_price = 0;  // quote minor units per whole base unit; resting orders fill at it
  std::vector<StatusStep> statuses;  // the first at created_s
  std::vector<SimFill> fills;        // ascending at_s
  std::string client_order_id;       // "" for most
  bool legacy_shape = false;         // order_status/ answers in the legacy minimal shape
  bool not_found_on_200 = false;     // "Order not found" comes with HTTP 200 (else 404)

  // The instant it closed (Finished or Canceled), or -1 while it rests.
  [[nodiscard]] std::int64_t closed_s() const;
  // Whether it rests on the book at an instant (In Queue or Open), and what it still wants.
  [[nodiscard]] bool open_at(std::int64_t at_s) const;
  [[nodiscard]] core::int128 remaining_at(std::int64_t at_s) const;
};

// The shape of a history, all of it drawn from the seed by `draw_account_shape`.
struct AccountShape {
  std::int64_t history_start_s = 0;  // the account's first event of its recent history
  // Some accounts are old: a sparse history years back (0: none), written in the wire format of
  // its era (integer types, whole-second datetimes, legacy zero keys ahead of the real rate key).
  std::int64_t old_history_start_s = 0;
  std::uint32_t old_events = 0;  // spread over [old_history_start_s, history_start_s)
  std::int64_t end_s = 0;            // no event and no status change after this instant
  std::int64_t event_gap_s_mean = 3600;
  bool sub_account = false;            // crypto-transactions/ is Main-only
  std::uint32_t stuck_deposit_per_mille = 30;  // deposits that never leave PENDING
  // Deposits that complete only after since_timestamp's 30-day reach: the retention fault.
  std::uint32_t late_completion_per_mille = 0;
  // A key without trading scope: my_markets/ and the fee lists answer 403 API0003.
  bool restricted_key = false;
};

class Account {
 public:
  Account(std::uint64_t seed, const AccountShape& shape);

  [[nodiscard]] const AccountShape& shape() const { return shape_; }
  [[nodiscard]] const std::vector<SimCurrency>& currencies() const { return currencies_; }
  [[nodiscard]] const SimCurrency* currency(std::string_view ticker) const;
  // Ascending id, which is ascending datetime.
  [[nodiscard]] const std::vector<SimTransaction>& transactions() const { return transactions_; }
  [[nodiscard]] const std::vector<SimCryptoTransaction>& crypto_transactions() const { return crypto_; }
  [[nodiscard]] const std::vector<SimWithdrawalRequest>& withdrawal_requests() const { return withdrawals_; }
  [[nodiscard]] const std::vector<SimOrder>& orders() const { return orders_; }  // ascending id

  // The balances of a currency at an instant, as account_balances/ reports them (seed 002):
  // `total` is every settled leg and fee up to then (the sum of the user_transactions/ rows);
  // `reserved` what open orders hold (a buy's remaining quote at its limit price, rounded up; a
  // sell's remaining base) and what pending withdrawal requests hold; available = total - reserved.
  [[nodiscard]] core::int128 total(std::string_view ticker, std::int64_t at_s) const;
  [[nodiscard]] core::int128 reserved(std::string_view ticker, std::int64_t at_s) const;
  [[nodiscard]] core::int128 available(std::string_view ticker, std::int64_t at_s) const;

  // The market price of BASE/QUOTE at an instant, in quote minor units per whole base unit: a
  // seeded random walk per market near a realistic level. 0 for a pair that is no market.
  [[nodiscard]] core::int128 price(std::string_view base, std::string_view quote, std::int64_t at_s) const;

 private:
  AccountShape shape_;
  std::vector<SimCurrency> currencies_;
  std::vector<SimTransaction> transactions_;
  std::vector<SimCryptoTransaction> crypto_;
  std::vector<SimWithdrawalRequest> withdrawals_;
  std::vector<SimOrder> orders_;
  struct PricePoint {
    std::int64_t at_s = 0;
    core::int128 price = 0;
  };
  std::map<std::string, std::vector<PricePoint>> prices_;  // "BTC/USD" -> ascending at_s
  struct LedgerEntry {
    std::int64_t at_s = 0;
    std::string ticker;
    core::int128 delta = 0;
  };
  std::vector<LedgerEntry> ledger_;  // ascending at_s

  friend class HistoryWriter;
};

// About one account in three is old: a sparse history of 10..60 events reaching 1..8 years back
// before its recent history, so the wire formats of older eras are met (integer types, whole-
// second datetimes, legacy zero keys ahead of a non-BTC trade's own rate key).
inline constexpr std::uint32_t old_account_per_mille = 330;
inline constexpr std::int64_t old_history_days_min = 365;
inline constexpr std::int64_t old_history_days_max = 8 * 365;
inline constexpr std::int64_t old_events_min = 10;
inline constexpr std::int64_t old_events_max = 60;

// Makes `shape` an old account's with the odds above, drawing from `rng`.
void draw_old_history(Rng& rng, AccountShape& shape);

// The wire status of a dated status list at an instant; "" before the first step.
[[nodiscard]] std::string status_at(const std::vector<StatusStep>& statuses, std::int64_t at_s);

[[nodiscard]] std::string_view to_string(CryptoList list);  // "deposits", ...

}  // namespace bitstamp::simulator
