#include "bitstamp/simulator/synthetic_ledger.hpp"

#include <algorithm>
#include <string_view>

#include "bitstamp/core/user_transactions.hpp"
#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t id_first = 10'000'001;
constexpr std::int64_t id_stride = 3;  // rows of other accounts fall in between
constexpr std::int64_t order_id_first = 1'600'000'000;
constexpr std::uint64_t mix_period = 10;  // rows per repetition of the type mix
constexpr std::uint64_t fill_slots = 4;   // the first slots of a period are fills, two per order
constexpr std::int64_t us_per_s = 1'000'000;
constexpr std::uint64_t order_stream_salt = 0x6f72646572730000ULL;  // "orders": a stream apart from rows

core::int128 between(Rng& rng, std::int64_t low, std::int64_t high) { return rng.between(low, high); }

}  // namespace

SyntheticLedger::SyntheticLedger(const Account& account, const SyntheticLedgerShape& shape)
    : account_(account), shape_(shape) {}

std::int64_t SyntheticLedger::id_of(std::uint64_t index) const {
  return id_first + static_cast<std::int64_t>(index) * id_stride;
}

std::int64_t SyntheticLedger::datetime_us_of(std::uint64_t index) const {
  const core::int128 span_us = static_cast<core::int128>(shape_.last_s - shape_.first_s) * us_per_s;
  const core::int128 steps = std::max<std::uint64_t>(shape_.rows, 2) - 1;
  return static_cast<std::int64_t>(shape_.first_s * us_per_s + span_us * static_cast<core::int128>(index) / steps);
}

SimTransaction SyntheticLedger::row(std::uint64_t index) const {
  Rng rng = Rng(shape_.seed).fork(index);
  SimTransaction row;
  row.id = id_of(index);
  row.datetime_us = datetime_us_of(index);
  row.quirks = era_quirks(row.datetime_us / us_per_s, rng.chance(300), false);
  row.microseconds = row.datetime_us / us_per_s >= whole_second_datetimes_until_s;
  if (!row.microseconds) row.datetime_us -= row.datetime_us % us_per_s;
  const std::uint64_t slot = index % mix_period;
  // The two fills of an order share its market and side: drawn from the order, not the row.
  Rng market_rng = slot < fill_slots ? Rng(shape_.seed ^ order_stream_salt).fork(index / 2) : rng;
  const char* base = market_rng.chance(500) ? "BTC" : "ETH";
  const char* fiat = market_rng.chance(500) ? "USD" : "EUR";
  // A priced pair of legs: base × price, rounded to the quote's decimals (what every fill and
  // conversion of Bitstamp shows), with the price as the row's rate key.
  const auto priced = [&](const char* base_ticker, core::int128 base_minor) {
    const std::uint32_t decimals = account_.currency(base_ticker)->decimals;
    row.price = std::string_view(base_ticker) == "BTC" ? between(rng, 2'000'000, 7'000'000) : between(rng, 100'000, 400'000);
    core::int128 unit = 1;
    for (std::uint32_t i = 0; i < decimals; ++i) unit *= 10;
    return std::max<core::int128>(1, (2 * base_minor * row.price + unit) / (2 * unit));
  };
  const auto base_amount = [&](const char* base_ticker) {  // up to 0.5 BTC or 5 ETH
    return std::string_view(base_ticker) == "BTC" ? between(rng, 10'000, 50'000'000)
                                                  : between(rng, 1'000'000, 5'000'000'000) * 1'000'000'000;
  };
  if (slot < fill_slots) {
    const bool buy = market_rng.chance(500);
    const core::int128 base_minor = base_amount(base);
    const core::int128 quote_minor = priced(base, base_minor);
    row.type = static_cast<int>(core::tx_type_trade);
    row.legs = {{base, buy ? base_minor : -base_minor}, {fiat, buy ? -quote_minor : quote_minor}};
    row.fee_minor = (quote_minor * maker_fee_bp + 5'000) / 10'000;
    row.fee_ticker = fiat;
    row.order_id = order_id_first + static_cast<std::int64_t>(index / 2);
    return row;
  }
  switch (slot) {
    case 4:
    case 9:
      row.type = static_cast<int>(core::tx_type_deposit);
      row.legs = {{slot == 4 ? fiat : base, between(rng, 1, 90'000'000)}};
      break;
    case 5:
    case 6:
      row.type = static_cast<int>(core::tx_type_withdrawal);
      row.legs = {{slot == 5 ? fiat : "XRP", -between(rng, 1, 9'000'000)}};
      break;
    case 7:
      row.type = static_cast<int>(core::tx_type_staking_reward);
      row.legs = {{"ETH", between(rng, 1, 900'000'000'000)}};
      break;
    default: {
      row.type = static_cast<int>(core::tx_type_instant_conversion);
      const core::int128 base_minor = base_amount(base);
      row.legs = {{fiat, -priced(base, base_minor)}, {base, base_minor}};
      row.fee_ticker = fiat;
      break;
    }
  }
  return row;
}

std::uint64_t SyntheticLedger::first_index_at_or_after(std::int64_t id) const {
  if (id <= id_first) return 0;
  const auto index = static_cast<std::uint64_t>((id - id_first + id_stride - 1) / id_stride);
  return std::min(index, shape_.rows);
}

std::uint64_t SyntheticLedger::visible_at(std::int64_t now_s) const {
  std::uint64_t low = 0;
  std::uint64_t high = shape_.rows;  // the answer lies in [low, high]
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    if (datetime_us_of(middle) / us_per_s <= now_s) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

SyntheticLedger::Books SyntheticLedger::expected_books(std::uint64_t rows) {
  // Per period: fills in slots 0-3 (two orders), payments in 4-7 and 9, a conversion in 8.
  const auto in_slots = [&](std::uint64_t from, std::uint64_t to) {  // rows whose slot is in [from, to)
    const std::uint64_t periods = rows / mix_period;
    const std::uint64_t rest = rows % mix_period;
    return periods * (to - from) + (rest > from ? std::min(rest, to) - from : 0);
  };
  Books books;
  books.payments = in_slots(4, 8) + in_slots(9, 10);
  books.conversions = in_slots(8, 9);
  books.orders = (in_slots(0, fill_slots) + 1) / 2;  // two fills per order; an odd last one alone
  return books;
}

}  // namespace bitstamp::simulator
