#include "bitstamp/simulator/account.hpp"

#include <algorithm>
#include <iterator>
#include <map>

#include "bitstamp/simulator/rng.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::int64_t seconds_per_minute = 60;
constexpr std::int64_t seconds_per_hour = 3600;
constexpr std::int64_t seconds_per_day = 86400;
constexpr std::int64_t us_per_second = 1'000'000;

// Payment-like user_transactions/ types (Bitstamp's numbering).
constexpr int type_deposit = 0;
constexpr int type_withdrawal = 1;
constexpr int type_trade = 2;
constexpr int type_sub_account_transfer = 14;
constexpr int type_staking_credit = 25;
constexpr int type_sent_to_staking = 26;
constexpr int type_staking_reward = 27;
constexpr int type_referral_reward = 32;
constexpr int type_settlement_transfer = 33;
constexpr int type_inter_account_transfer = 35;
constexpr int type_instant_conversion = 36;

// Withdrawal-request wire statuses.
constexpr const char* wr_open = "0";
constexpr const char* wr_in_process = "1";
constexpr const char* wr_finished = "2";
constexpr const char* wr_canceled = "3";
constexpr const char* wr_failed = "4";
constexpr const char* wr_reversed = "11";

std::vector<SimCurrency> standard_currencies() {
  return {{"USD", 2, false, ""},
          {"EUR", 2, false, ""},
          {"BTC", 8, true, "bitcoin"},
          {"ETH", 18, true, "ethereum"},
          {"XRP", 6, true, "ripple"}};
}

core::int128 pow10(std::uint32_t exponent) {
  core::int128 value = 1;
  for (std::uint32_t i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// numerator / denominator rounded half up, for positive values.
core::int128 round_div(core::int128 numerator, core::int128 denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

core::int128 ceil_div(core::int128 numerator, core::int128 denominator) {
  return (numerator + denominator - 1) / denominator;
}

// Where each market's price walk starts, in quote minor units per whole base unit.
struct MarketLevel {
  const char* base;
  const char* quote;
  core::int128 start;
};
constexpr MarketLevel market_levels[] = {
    {"BTC", "USD", 6'000'000}, {"BTC", "EUR", 5'500'000}, {"ETH", "USD", 250'000}, {"ETH", "EUR", 230'000}};
constexpr std::int64_t price_step_s = 3600;        // the walk moves once an hour
constexpr std::int64_t price_step_per_mille_max = 8;  // by at most 0.8% a step

// The quote amount of `base` minor units at `price`, rounded to the quote's decimals.
core::int128 quote_of(core::int128 base, core::int128 price, std::uint32_t base_decimals) {
  return round_div(base * price, pow10(base_decimals));
}

core::int128 fee_of(core::int128 quote, std::uint32_t fee_bp) { return round_div(quote * fee_bp, 10'000); }

}  // namespace

WireQuirks era_quirks(std::int64_t at_s, bool numbers, bool unknown_key) {
  WireQuirks quirks;
  quirks.type_as_integer = at_s < integer_types_until_s;
  quirks.legacy_zero_keys = at_s < legacy_zero_keys_until_s;
  quirks.amounts_as_numbers = numbers && at_s < legacy_zero_keys_until_s;
  quirks.unknown_key = unknown_key;
  return quirks;
}

// Draws the timeline. Events come at random gaps; each adds its rows, its status schedule
// and its ledger entries. Outflows never exceed what has settled by then, so `available`
// never goes negative; some outflows take everything, so balances do reach exactly zero.
class HistoryWriter {
 public:
  HistoryWriter(Account& account, std::uint64_t seed) : account_(account), rng_(seed) {}

  void write() {
    const AccountShape& shape = account_.shape_;
    draw_prices();
    if (shape.old_events > 0 && shape.old_history_start_s < shape.history_start_s) {
      // An old account: a sparse history years back, in its era's wire format.
      std::vector<std::int64_t> times;
      for (std::uint32_t i = 0; i < shape.old_events; ++i) {
        times.push_back(rng_.between(shape.old_history_start_s, shape.history_start_s - 1));
      }
      std::sort(times.begin(), times.end());
      for (const std::int64_t t : times) {
        settle_credits(t);
        old_event(t);
      }
    }
    std::int64_t t = shape.history_start_s;
    while (true) {
      t += 1 + static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(2 * shape.event_gap_s_mean)));
      if (t > shape.end_s) break;
      settle_credits(t);
      one_event(t);
    }
    finish();
  }

 private:
  struct PendingRow {
    SimTransaction row;
    std::uint64_t sequence = 0;  // ties at one datetime keep their writing order
  };

  Account& account_;
  Rng rng_;
  std::map<std::string, core::int128> spendable_;
  std::vector<Account::LedgerEntry> future_credits_;
  std::vector<PendingRow> rows_;
  std::uint64_t sequence_ = 0;
  std::int64_t next_deposit_id_ = 0;
  std::int64_t next_request_id_ = 0;
  std::int64_t next_order_id_ = 0;
  std::int64_t next_internal_txid_ = 0;

  const SimCurrency& pick(bool crypto) {
    std::vector<const SimCurrency*> matching;
    for (const SimCurrency& c : account_.currencies_) {
      if (c.crypto == crypto && c.ticker != "XRP") matching.push_back(&c);
    }
    return *matching[rng_.below(matching.size())];
  }

  // A positive amount of a few units of the currency, exact in minor units (ETH's 18
  // decimals take amounts past 64 bits).
  core::int128 draw_amount(const SimCurrency& currency) {
    const std::uint32_t whole_digits = currency.crypto ? 2 : 5;
    const core::int128 whole = static_cast<core::int128>(rng_.below(static_cast<std::uint64_t>(pow10(whole_digits))));
    core::int128 fraction = 0;
    for (std::uint32_t i = 0; i < currency.decimals; ++i) fraction = fraction * 10 + static_cast<core::int128>(rng_.below(10));
    const core::int128 amount = whole * pow10(currency.decimals) + fraction;
    return amount > 0 ? amount : 1;
  }

  // An outflow of at most what is spendable; sometimes all of it. Zero when nothing is.
  core::int128 draw_outflow(const SimCurrency& currency) {
    const core::int128 have = spendable_[currency.ticker];
    if (have <= 0) return 0;
    if (rng_.chance(100)) return have;
    const core::int128 wanted = draw_amount(currency);
    return std::min(have, wanted / 4 + 1);
  }

  void settle_credits(std::int64_t t) {
    std::erase_if(future_credits_, [&](const Account::LedgerEntry& credit) {
      if (credit.at_s > t) return false;
      spendable_[credit.ticker] += credit.delta;
      return true;
    });
  }

  // A settled leg: booked, and spent at once (a debit) or spendable from when it settles.
  void ledger(std::int64_t at_s, const std::string& ticker, core::int128 delta, std::int64_t now_s) {
    account_.ledger_.push_back({at_s, ticker, delta});
    if (delta < 0) {
      spendable_[ticker] += delta;
    } else {
      release(ticker, delta, at_s, now_s);
    }
  }

  // The price walk of every market, an hourly point from the oldest history to the end.
  void draw_prices() {
    const AccountShape& shape = account_.shape_;
    const std::int64_t from_s = shape.old_events > 0 ? std::min(shape.old_history_start_s, shape.history_start_s)
                                                     : shape.history_start_s;
    for (const MarketLevel& level : market_levels) {
      std::vector<Account::PricePoint>& walk = account_.prices_[std::string(level.base) + "/" + level.quote];
      core::int128 price = level.start;
      for (std::int64_t at = from_s - price_step_s; at <= shape.end_s + price_step_s; at += price_step_s) {
        walk.push_back({at, price});
        const std::int64_t step = rng_.between(-price_step_per_mille_max, price_step_per_mille_max);
        price = std::clamp<core::int128>(price * (1000 + step) / 1000, level.start / 4, level.start * 4);
      }
    }
  }

  core::int128 market_price(const std::string& base, const std::string& quote, std::int64_t at_s) const {
    return account_.price(base, quote, at_s);
  }

  SimTransaction& add_row(std::int64_t at_s, int type, std::vector<Leg> legs) {
    SimTransaction row;
    row.microseconds = at_s >= whole_second_datetimes_until_s;
    row.datetime_us = at_s * us_per_second + (row.microseconds ? static_cast<std::int64_t>(rng_.below(us_per_second)) : 0);
    row.type = type;
    row.legs = std::move(legs);
    // One draw per statement: the order in which a call's arguments are evaluated is the
    // compiler's choice, and the same seed must draw the same account with any compiler.
    const bool numbers = rng_.chance(500);
    const bool unknown_key = rng_.chance(50);
    row.quirks = era_quirks(at_s, numbers, unknown_key);
    rows_.push_back({std::move(row), sequence_++});
    return rows_.back().row;
  }

  std::int64_t clamp_end(std::int64_t at_s) const { return std::min(at_s, account_.shape_.end_s); }

  void one_event(std::int64_t t) {
    const std::uint64_t roll = rng_.below(100);
    if (roll < 15) return fiat_deposit(t);
    if (roll < 27) return crypto_deposit(t);
    if (roll < 37) return withdrawal_request(t, pick(false));
    if (roll < 45) return withdrawal_request(t, pick(true));
    if (roll < 50) return ripple_iou(t);
    if (roll < 58) return staking(t);
    if (roll < 62) return single_leg(t, type_referral_reward, pick(rng_.chance(500)), true);
    if (roll < 74) {
      static constexpr int transfer_types[] = {type_sub_account_transfer, type_settlement_transfer,
                                               type_inter_account_transfer};
      const int type = transfer_types[rng_.below(3)];
      const SimCurrency& currency = pick(rng_.chance(500));
      const bool incoming = rng_.chance(500);
      return single_leg(t, type, currency, incoming);
    }
    if (roll < 88) return trade(t);
    return conversion(t);
  }

  void fiat_deposit(std::int64_t t) {
    const SimCurrency& currency = pick(false);
    const core::int128 amount = draw_amount(currency);
    add_row(t, type_deposit, {{currency.ticker, amount}});
    ledger(t, currency.ticker, amount, t);
  }

  void single_leg(std::int64_t t, int type, const SimCurrency& currency, bool incoming) {
    const core::int128 amount = incoming ? draw_amount(currency) : draw_outflow(currency);
    if (amount == 0) return fiat_deposit(t);
    add_row(t, type, {{currency.ticker, incoming ? amount : -amount}});
    ledger(t, currency.ticker, incoming ? amount : -amount, t);
  }

  void staking(std::int64_t t) {
    static constexpr int types[] = {type_staking_credit, type_sent_to_staking, type_staking_reward};
    const int type = types[rng_.below(3)];
    single_leg(t, type, pick(true), type != type_sent_to_staking);
  }

  std::string draw_txid() {
    static constexpr char hex[] = "0123456789abcdef";
    std::string txid;
    for (int i = 0; i < 64; ++i) txid += hex[rng_.below(16)];
    return txid;
  }

  std::string draw_address() {
    static constexpr char base58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string address = "bc1q";
    for (int i = 0; i < 30; ++i) address += base58[rng_.below(sizeof(base58) - 1)];
    return address;
  }

  void crypto_deposit(std::int64_t t) {
    const SimCurrency& currency = pick(true);
    SimCryptoTransaction deposit{CryptoList::deposits, ++next_deposit_id_, draw_txid(), currency.ticker,
                                 currency.network, draw_amount(currency), t, {}, draw_address()};
    deposit.statuses.push_back({t, "PENDING"});
    const AccountShape& shape = account_.shape_;
    if (rng_.chance(shape.stuck_deposit_per_mille)) {
      account_.crypto_.push_back(std::move(deposit));
      return;
    }
    std::int64_t done_s = t + rng_.between(10 * seconds_per_minute, 3 * seconds_per_hour);
    if (rng_.chance(shape.late_completion_per_mille)) done_s = t + rng_.between(31, 33) * seconds_per_day;
    if (done_s > shape.end_s) done_s = shape.end_s;
    if (rng_.chance(300)) deposit.statuses.push_back({clamp_end(t + 5 * seconds_per_minute), "IN_PROCESSING"});
    if (rng_.chance(50)) {
      deposit.statuses.push_back({done_s, "REJECTED"});
    } else {
      deposit.statuses.push_back({done_s, rng_.chance(500) ? "COMPLETED" : "FINALIZED"});
      add_row(done_s, type_deposit, {{currency.ticker, deposit.minor}});
      ledger(done_s, currency.ticker, deposit.minor, t);
    }
    account_.crypto_.push_back(std::move(deposit));
  }

  // Moves money the writer's own way: `spend` takes from what may be spent now (an order's
  // reservation, a withdrawal request's hold), `release` gives it back at a later instant, and
  // `book` writes a settled leg or fee into the account's ledger (the rows' sum: `total`).
  void spend(const std::string& ticker, core::int128 amount) { spendable_[ticker] -= amount; }
  void release(const std::string& ticker, core::int128 amount, std::int64_t at_s, std::int64_t now_s) {
    if (amount <= 0) return;
    if (at_s <= now_s) {
      spendable_[ticker] += amount;
    } else {
      future_credits_.push_back({at_s, ticker, amount});
    }
  }
  void book(std::int64_t at_s, const std::string& ticker, core::int128 delta) {
    account_.ledger_.push_back({at_s, ticker, delta});
  }

  // A withdrawal request holds its amount from the moment it is made (reserved) until it ends:
  // finished, the money leaves (a type-1 row); cancelled, failed or reversed, the hold ends.
  void withdrawal_request(std::int64_t t, const SimCurrency& currency) {
    const core::int128 amount = draw_outflow(currency);
    if (amount == 0) return fiat_deposit(t);
    SimWithdrawalRequest request;
    request.id = ++next_request_id_;
    request.datetime_s = t;
    request.type = !currency.crypto ? 0 : currency.ticker == "BTC" ? 1 : 16;
    request.ticker = currency.ticker;
    request.network = currency.network;
    request.minor = amount;
    request.internal_txid = ++next_internal_txid_;
    request.status_as_text = t < legacy_zero_keys_until_s;  // older data names the status
    request.statuses.push_back({t, wr_open});
    spend(currency.ticker, amount);
    const std::int64_t processing_s = clamp_end(t + rng_.between(1, 120) * seconds_per_minute);
    const std::int64_t done_s = clamp_end(processing_s + rng_.between(10, 24 * 60) * seconds_per_minute);
    const std::uint64_t outcome = rng_.below(100);
    if (outcome < 8) {
      request.statuses.push_back({done_s, wr_canceled});
      release(currency.ticker, amount, done_s, t);
    } else {
      request.statuses.push_back({processing_s, wr_in_process});
      if (outcome < 14) {
        request.statuses.push_back({done_s, outcome < 12 ? wr_failed : wr_reversed});
        release(currency.ticker, amount, done_s, t);
      } else if (outcome < 17) {
        // still in process when the scenario ends
      } else {
        request.statuses.push_back({done_s, wr_finished});
        add_row(done_s, type_withdrawal, {{currency.ticker, -amount}});
        book(done_s, currency.ticker, -amount);
        if (currency.crypto) {
          request.transaction_id = draw_txid();
          account_.crypto_.push_back({CryptoList::withdrawals, 0, request.transaction_id, currency.ticker,
                                      currency.network, amount, done_s, {}, draw_address()});
        }
      }
    }
    account_.withdrawals_.push_back(std::move(request));
  }

  void ripple_iou(std::int64_t t) {
    const SimCurrency& xrp = *account_.currency("XRP");
    account_.crypto_.push_back({CryptoList::ripple_ious, 0, draw_txid(), xrp.ticker, xrp.network,
                                draw_amount(xrp), t, {}, "r" + draw_address()});
  }

  // A base amount of a trade: up to 0.5 BTC or 5 ETH, exact in minor units, rarely round.
  core::int128 draw_base(const SimCurrency& base) {
    const core::int128 unit = pow10(base.decimals);
    const core::int128 most = base.ticker == "BTC" ? unit / 2 : unit * 5;
    const core::int128 part = most * static_cast<core::int128>(1 + rng_.below(1000)) / 1000;
    const core::int128 digits = static_cast<core::int128>(rng_.below(1'000'000)) % std::max<core::int128>(unit / 1000, 1);
    return std::max<core::int128>(1, part - digits);
  }

  // Books one fill of `order` at `at_s`: its row (legs, fee, rate = the fill's price) and its
  // ledger entries. The caller has made sure the account can pay for it.
  void book_fill(SimOrder& order, std::int64_t at_s, core::int128 base_amount, core::int128 price, std::uint32_t fee_bp) {
    const SimCurrency& base = *account_.currency(order.base);
    const bool buy = order.side == 0;
    const core::int128 quote_amount = quote_of(base_amount, price, base.decimals);
    const core::int128 fee = fee_of(quote_amount, fee_bp);
    SimTransaction& row = add_row(at_s, type_trade, {{order.base, buy ? base_amount : -base_amount},
                                                     {order.quote, buy ? -quote_amount : quote_amount}});
    // Fills at one instant share a datetime, to the microsecond.
    row.datetime_us = at_s * us_per_second + (row.microseconds ? order.id * 7919 % us_per_second : 0);
    row.order_id = order.id;
    row.fee_minor = fee;
    row.fee_ticker = order.quote;
    row.price = price;
    order.fills.push_back({at_s, base_amount, quote_amount, fee, price, 0, sequence_ - 1});
    book(at_s, order.base, buy ? base_amount : -base_amount);
    book(at_s, order.quote, (buy ? -quote_amount : quote_amount) - fee);
  }

  // A market or instant order: 1..4 fills at once near the market price, paid from what may be
  // spent now. False when the account cannot pay for even one.
  bool market_order(SimOrder& order, std::int64_t t) {
    const SimCurrency& base = *account_.currency(order.base);
    const bool buy = order.side == 0;
    const std::uint32_t fee_bp = taker_fee_bp(order.base);
    const std::uint64_t fills = 1 + rng_.below(4);
    for (std::uint64_t i = 0; i < fills; ++i) {
      const core::int128 price = std::max<core::int128>(1, market_price(order.base, order.quote, t) *
                                                               (1000 + rng_.between(-2, 2)) / 1000);
      core::int128 base_amount = buy ? draw_base(base) : std::min(draw_base(base), spendable_[order.base]);
      const core::int128 quote_amount = quote_of(base_amount, price, base.decimals);
      if (base_amount <= 0 || quote_amount <= 0) break;  // a fill worth no minor unit of quote does not happen
      const core::int128 cost = quote_amount + fee_of(quote_amount, fee_bp);
      if (buy && spendable_[order.quote] < cost) break;
      book_fill(order, t, base_amount, price, fee_bp);
      const SimFill& fill = order.fills.back();
      if (buy) {
        spend(order.quote, fill.quote + fill.fee);
        release(order.base, fill.base, t, t);
      } else {
        spend(order.base, fill.base);
        release(order.quote, fill.quote - fill.fee, t, t);
      }
    }
    order.amount = 0;
    for (const SimFill& f : order.fills) order.amount += f.base;
    return !order.fills.empty();
  }

  // A limit or stop-limit order: placed near the market, it reserves what it may cost (a buy its
  // quote at the limit price and its fees, a sell its base) and rests, filling at its limit over
  // hours to weeks; then it ends filled (every unit) or cancelled, or rests past the end.
  bool resting_order(SimOrder& order, std::int64_t t, bool short_lived) {
    const SimCurrency& base = *account_.currency(order.base);
    const bool buy = order.side == 0;
    order.limit_price = std::max<core::int128>(1, market_price(order.base, order.quote, t) * (1000 + rng_.between(-20, 20)) / 1000);
    order.amount = buy ? draw_base(base) : std::min(draw_base(base), spendable_[order.base]);
    if (order.amount <= 0 || quote_of(order.amount, order.limit_price, base.decimals) == 0) return false;
    const core::int128 quote_full = quote_of(order.amount, order.limit_price, base.decimals);
    constexpr core::int128 rounding_margin = 10;  // a minor unit per fill, and then some
    const core::int128 hold = buy ? quote_full + fee_of(quote_full, maker_fee_bp) + rounding_margin : order.amount;
    const std::string& held = buy ? order.quote : order.base;
    if (spendable_[held] < hold) return false;
    spend(held, hold);
    if (rng_.chance(100)) {
      order.statuses.push_back({t, "In Queue"});
      order.statuses.push_back({clamp_end(t + rng_.between(1, 10) * seconds_per_minute), "Open"});
    } else {
      order.statuses.push_back({t, "Open"});
    }
    // Most rest for hours or days; a few for weeks, past order_status/'s 30-day retention.
    const bool long_lived = !short_lived && rng_.chance(40);
    const std::int64_t gap_max_s = long_lived ? 12 * seconds_per_day : short_lived ? 6 * seconds_per_hour : 2 * seconds_per_day;
    const std::int64_t end_s = short_lived ? account_.shape_.history_start_s - 1 : account_.shape_.end_s;
    std::int64_t at = t;
    core::int128 left = order.amount;
    core::int128 consumed = 0;  // of the hold
    const std::uint64_t fills = rng_.below(5);
    for (std::uint64_t i = 0; i < fills && left > 0; ++i) {
      at += rng_.between(5 * seconds_per_minute, gap_max_s);
      if (at > end_s) break;
      core::int128 piece = i + 1 == fills ? left : left * static_cast<core::int128>(rng_.between(1, 9)) / 10;
      // Every fill is worth at least a minor unit of quote; a sliver too small to be is the rest.
      if (piece < order.amount / 20 || quote_of(piece, order.limit_price, base.decimals) == 0) piece = left;
      book_fill(order, at, piece, order.limit_price, maker_fee_bp);
      const SimFill& fill = order.fills.back();
      left -= piece;
      if (buy) {
        consumed += fill.quote + fill.fee;
        release(order.base, fill.base, at, t);
      } else {
        consumed += fill.base;
        release(order.quote, fill.quote - fill.fee, at, t);
      }
    }
    std::int64_t close_s = -1;
    if (left == 0) {
      close_s = order.fills.back().at_s;
      order.statuses.push_back({close_s, "Finished"});
    } else if (const std::int64_t cancel_s = at + rng_.between(1, gap_max_s / 2); rng_.below(100) < 80 && cancel_s <= end_s) {
      close_s = cancel_s;
      order.statuses.push_back({close_s, "Canceled"});
    }
    if (close_s >= 0) release(held, hold - consumed, close_s, t);
    return true;
  }

  // An order of a crypto/fiat market: market and instant ones fill at once, limit and stop-limit
  // ones rest. `short_lived`: an old account's order, ended before its recent history begins.
  void trade(std::int64_t t, bool short_lived = false) {
    SimOrder order;
    order.id = 1'600'000'000 + ++next_order_id_ * 7;
    order.created_s = t;
    order.side = rng_.chance(500) ? 0 : 1;
    order.base = pick(true).ticker;
    order.quote = pick(false).ticker;
    const std::uint64_t kind = rng_.below(100);
    order.subtype = kind < 35 ? "MARKET" : kind < 40 ? "INSTANT" : kind < 90 ? "LIMIT" : "STOP_LIMIT";
    order.client_order_id = rng_.chance(300) ? "client-" + std::to_string(order.id) : "";
    order.legacy_shape = rng_.chance(60);
    order.not_found_on_200 = rng_.chance(500);
    const bool market = order.subtype == "MARKET" || order.subtype == "INSTANT";
    if (market) {
      if (!market_order(order, t)) return fiat_deposit(t);
      order.statuses.push_back({t, "Finished"});
      order.limit_price = order.fills.front().price;
    } else if (!resting_order(order, t, short_lived)) {
      return fiat_deposit(t);
    }
    account_.orders_.push_back(std::move(order));
  }

  // An instant buy or sell (type 36) at the market price: one crypto and one fiat leg, quote =
  // base × price rounded to the quote's decimals, the taker fee on top in the quote currency.
  void conversion(std::int64_t t) {
    const bool buy = rng_.chance(500);  // fiat in, crypto out
    const SimCurrency& crypto = pick(true);
    const SimCurrency& fiat = pick(false);
    const core::int128 price = market_price(crypto.ticker, fiat.ticker, t);
    core::int128 base_amount = buy ? draw_base(crypto) : std::min(draw_base(crypto), spendable_[crypto.ticker]);
    if (base_amount <= 0 || price <= 0) return fiat_deposit(t);
    const core::int128 quote_amount = quote_of(base_amount, price, crypto.decimals);
    if (quote_amount <= 0) return fiat_deposit(t);  // worth no cent: not a conversion Bitstamp makes
    const core::int128 fee = rng_.chance(700) ? fee_of(quote_amount, taker_fee_bp(crypto.ticker)) : 0;
    if (buy && spendable_[fiat.ticker] < quote_amount + fee) return fiat_deposit(t);
    if (!buy && quote_amount < fee) return fiat_deposit(t);
    const Leg from = buy ? Leg{fiat.ticker, -quote_amount} : Leg{crypto.ticker, -base_amount};
    const Leg to = buy ? Leg{crypto.ticker, base_amount} : Leg{fiat.ticker, quote_amount};
    SimTransaction& row = add_row(t, type_instant_conversion, {from, to});
    row.price = price;
    row.fee_minor = fee;
    row.fee_ticker = fiat.ticker;  // the quote's, zero or not
    book(t, from.ticker, from.minor);
    book(t, to.ticker, to.minor);
    if (fee > 0) book(t, fiat.ticker, -fee);
    spend(from.ticker, -from.minor);
    if (buy) {
      spend(fiat.ticker, fee);
      release(crypto.ticker, base_amount, t, t);
    } else {
      release(fiat.ticker, quote_amount - fee, t, t);
    }
  }

  // An event of an old account: no withdrawal requests (withdrawal-requests/ reaches back 578
  // days at most, so Bitstamp itself no longer lists them), orders that ended long ago.
  void old_event(std::int64_t t) {
    const std::uint64_t roll = rng_.below(100);
    if (roll < 25) return fiat_deposit(t);
    if (roll < 40) return crypto_deposit(t);
    if (roll < 50) return staking(t);
    if (roll < 85) return trade(t, /*short_lived=*/true);
    return conversion(t);
  }

  // Orders the rows by time and numbers them; ids grow with gaps, the way other accounts'
  // rows interleave with this one's on Bitstamp.
  void finish() {
    std::stable_sort(rows_.begin(), rows_.end(), [](const PendingRow& a, const PendingRow& b) {
      return a.row.datetime_us != b.row.datetime_us ? a.row.datetime_us < b.row.datetime_us : a.sequence < b.sequence;
    });
    std::int64_t id = 50'000'000 + static_cast<std::int64_t>(rng_.below(1'000'000));
    std::map<std::uint64_t, std::int64_t> id_of_sequence;
    for (PendingRow& pending : rows_) {
      id += 1 + static_cast<std::int64_t>(rng_.below(3));
      pending.row.id = id;
      if (pending.row.type == type_trade) id_of_sequence[pending.sequence] = id;
      account_.transactions_.push_back(std::move(pending.row));
    }
    for (SimOrder& order : account_.orders_) {
      for (SimFill& f : order.fills) f.tid = id_of_sequence.at(f.sequence);
    }
    std::stable_sort(account_.ledger_.begin(), account_.ledger_.end(),
                     [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
    std::stable_sort(account_.crypto_.begin(), account_.crypto_.end(),
                     [](const auto& a, const auto& b) { return a.datetime_s < b.datetime_s; });
  }
};

void draw_old_history(Rng& rng, AccountShape& shape) {
  constexpr std::int64_t day_s = 86400;
  if (!rng.chance(old_account_per_mille)) return;
  shape.old_history_start_s = shape.history_start_s - rng.between(old_history_days_min, old_history_days_max) * day_s;
  shape.old_events = static_cast<std::uint32_t>(rng.between(old_events_min, old_events_max));
}

Account::Account(std::uint64_t seed, const AccountShape& shape) : shape_(shape), currencies_(standard_currencies()) {
  HistoryWriter(*this, seed).write();
}

const SimCurrency* Account::currency(std::string_view ticker) const {
  for (const SimCurrency& c : currencies_) {
    if (c.ticker == ticker) return &c;
  }
  return nullptr;
}

core::int128 Account::total(std::string_view ticker, std::int64_t at_s) const {
  core::int128 total = 0;
  for (const LedgerEntry& entry : ledger_) {
    if (entry.at_s > at_s) break;
    if (entry.ticker == ticker) total += entry.delta;
  }
  return total;
}

core::int128 Account::reserved(std::string_view ticker, std::int64_t at_s) const {
  core::int128 reserved = 0;
  for (const SimOrder& order : orders_) {
    if (!order.open_at(at_s)) continue;
    const core::int128 remaining = order.remaining_at(at_s);
    if (order.side == 0 && order.quote == ticker) {
      reserved += ceil_div(remaining * order.limit_price, pow10(currency(order.base)->decimals));
    } else if (order.side == 1 && order.base == ticker) {
      reserved += remaining;
    }
  }
  for (const SimWithdrawalRequest& request : withdrawals_) {
    if (request.ticker == ticker && request.pending_at(at_s)) reserved += request.minor;
  }
  return reserved;
}

core::int128 Account::available(std::string_view ticker, std::int64_t at_s) const {
  return total(ticker, at_s) - reserved(ticker, at_s);
}

core::int128 Account::price(std::string_view base, std::string_view quote, std::int64_t at_s) const {
  const auto walk = prices_.find(std::string(base) + "/" + std::string(quote));
  if (walk == prices_.end() || walk->second.empty()) return 0;
  const std::vector<PricePoint>& points = walk->second;
  // The last point at or before at_s (the first one before the walk begins).
  const auto after = std::upper_bound(points.begin(), points.end(), at_s,
                                      [](std::int64_t t, const PricePoint& point) { return t < point.at_s; });
  return after == points.begin() ? points.front().price : std::prev(after)->price;
}

bool SimOrder::open_at(std::int64_t at_s) const {
  const std::string status = status_at(statuses, at_s);
  return status == "Open" || status == "In Queue";
}

core::int128 SimOrder::remaining_at(std::int64_t at_s) const {
  core::int128 remaining = amount;
  for (const SimFill& fill : fills) {
    if (fill.at_s <= at_s) remaining -= fill.base;
  }
  return remaining;
}

bool SimWithdrawalRequest::pending_at(std::int64_t at_s) const {
  const std::string status = status_at(statuses, at_s);
  return status == "0" || status == "1";
}

std::int64_t SimOrder::closed_s() const {
  const StatusStep& last = statuses.back();
  return last.status == "Finished" || last.status == "Canceled" ? last.at_s : -1;
}

std::string status_at(const std::vector<StatusStep>& statuses, std::int64_t at_s) {
  std::string status;
  for (const StatusStep& step : statuses) {
    if (step.at_s <= at_s) status = step.status;
  }
  return status;
}

std::string_view to_string(CryptoList list) {
  switch (list) {
    case CryptoList::deposits: return "deposits";
    case CryptoList::withdrawals: return "withdrawals";
    case CryptoList::ripple_ious: return "ripple_iou_transactions";
  }
  return "deposits";
}

}  // namespace bitstamp::simulator
