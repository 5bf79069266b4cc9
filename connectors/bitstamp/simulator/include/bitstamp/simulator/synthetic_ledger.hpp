#pragma once
// A user_transactions/ history of any length, each row a pure function of (seed, index), so a
// backfill of millions of rows can be served without the history ever being held in memory.
// Rows come in the mix a trading account shows (fills of multi-fill orders, deposits,
// withdrawals, staking rewards, instant conversions), over the account's standard currencies,
// with ascending ids (with gaps, as other accounts' rows interleave) and ascending datetimes.
// Used by the backfill benchmark; the scenario properties use Account's drawn history.

#include <cstdint>

#include "bitstamp/simulator/account.hpp"

namespace bitstamp::simulator {

struct SyntheticLedgerShape {
  std::uint64_t seed = 1;
  std::uint64_t rows = 0;
  std::int64_t first_s = 0;  // the first row's datetime
  std::int64_t last_s = 0;   // the last row's datetime; rows spread evenly in between
};

class SyntheticLedger {
 public:
  // `account` names the currencies rows are drawn over and renders their precision.
  SyntheticLedger(const Account& account, const SyntheticLedgerShape& shape);

  [[nodiscard]] std::uint64_t size() const { return shape_.rows; }
  [[nodiscard]] const Account& account() const { return account_; }
  // REQUIRES: index < size().
  [[nodiscard]] SimTransaction row(std::uint64_t index) const;
  // The index of the first row whose id is at least `id` (size() when there is none).
  [[nodiscard]] std::uint64_t first_index_at_or_after(std::int64_t id) const;
  // How many rows exist at `now_s` (rows are listed once their datetime has come).
  [[nodiscard]] std::uint64_t visible_at(std::int64_t now_s) const;
  // What a complete sync of a ledger of `rows` rows must hold: payments (deposits,
  // withdrawals, staking rewards), instant conversions, and orders (each rebuilt from its fill
  // rows). The row mix depends on the index alone, so the seed does not matter.
  struct Books {
    std::uint64_t payments = 0;
    std::uint64_t conversions = 0;
    std::uint64_t orders = 0;
    friend bool operator==(const Books&, const Books&) = default;
  };
  [[nodiscard]] static Books expected_books(std::uint64_t rows);

 private:
  [[nodiscard]] std::int64_t id_of(std::uint64_t index) const;
  [[nodiscard]] std::int64_t datetime_us_of(std::uint64_t index) const;

  const Account& account_;
  SyntheticLedgerShape shape_;
};

}  // namespace bitstamp::simulator
