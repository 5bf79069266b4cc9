#include "bitstamp/simulator/account.hpp"

#include <algorithm>
#include <map>

#include "bitstamp/simulator/rng.hpp"

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

}  // namespace

// Draws the timeline. Events come at random gaps; each adds its rows, its status schedule
// and its ledger entries. Outflows never exceed what has settled by then, so `available`
// never goes negative; some outflows take everything, so balances do reach exactly zero.
class HistoryWriter {
 public:
  HistoryWriter(Account& account, std::uint64_t seed) : account_(account), rng_(seed) {}

  void write() {
    const AccountShape& shape = account_.shape_;
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

  void ledger(std::int64_t at_s, const std::string& ticker, core::int128 delta, std::int64_t now_s) {
    account_.ledger_.push_back({at_s, ticker, delta});
    if (delta < 0 || at_s <= now_s) {
      spendable_[ticker] += delta;
    } else {
      future_credits_.push_back({at_s, ticker, delta});
    }
  }

  WireQuirks draw_quirks() {
    WireQuirks q;
    q.type_as_integer = rng_.chance(150);
    q.amounts_as_numbers = rng_.chance(150);
    q.legacy_zero_keys = rng_.chance(200);
    q.unknown_key = rng_.chance(50);
    return q;
  }

  SimTransaction& add_row(std::int64_t at_s, int type, std::vector<Leg> legs) {
    SimTransaction row;
    row.microseconds = rng_.chance(800);
    row.datetime_us = at_s * us_per_second + (row.microseconds ? static_cast<std::int64_t>(rng_.below(us_per_second)) : 0);
    row.type = type;
    row.legs = std::move(legs);
    row.quirks = draw_quirks();
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
      return single_leg(t, transfer_types[rng_.below(3)], pick(rng_.chance(500)), rng_.chance(500));
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
    request.status_as_text = rng_.chance(50);
    request.statuses.push_back({t, wr_open});
    ledger(t, currency.ticker, -amount, t);  // held from the moment it is requested
    const std::int64_t processing_s = clamp_end(t + rng_.between(1, 120) * seconds_per_minute);
    const std::int64_t done_s = clamp_end(processing_s + rng_.between(10, 24 * 60) * seconds_per_minute);
    const std::uint64_t outcome = rng_.below(100);
    if (outcome < 8) {
      request.statuses.push_back({done_s, wr_canceled});
      ledger(done_s, currency.ticker, amount, t);
    } else {
      request.statuses.push_back({processing_s, wr_in_process});
      if (outcome < 14) {
        request.statuses.push_back({done_s, outcome < 12 ? wr_failed : wr_reversed});
        ledger(done_s, currency.ticker, amount, t);
      } else if (outcome < 17) {
        // still in process when the scenario ends
      } else {
        request.statuses.push_back({done_s, wr_finished});
        add_row(done_s, type_withdrawal, {{currency.ticker, -amount}});
        if (currency.crypto) {
          account_.crypto_.push_back({CryptoList::withdrawals, 0, draw_txid(), currency.ticker, currency.network,
                                      amount, done_s, {}, draw_address()});
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

  // One fill of `order` at `at_s`: its row and its ledger entries. False when the account
  // cannot pay for it (then the order fills no further).
  bool fill(SimOrder& order, std::int64_t at_s, std::int64_t now_s) {
    const SimCurrency& base = *account_.currency(order.base);
    const SimCurrency& quote = *account_.currency(order.quote);
    const bool buy = order.side == 0;
    const core::int128 base_amount = buy ? draw_amount(base) / 8 + 1 : draw_outflow(base) / 2;
    const core::int128 quote_amount = draw_amount(quote) / 4 + 1;
    const core::int128 fee = quote_amount / 400;
    if (buy && spendable_[quote.ticker] < quote_amount + fee) return false;
    if (!buy && base_amount == 0) return false;
    SimTransaction& row = add_row(at_s, type_trade, {{base.ticker, buy ? base_amount : -base_amount},
                                                     {quote.ticker, buy ? -quote_amount : quote_amount}});
    row.datetime_us = at_s * us_per_second;  // fills at one instant share a datetime
    row.microseconds = false;
    row.order_id = order.id;
    row.fee_minor = fee;
    row.fee_ticker = quote.ticker;
    order.fills.push_back({at_s, base_amount, quote_amount, fee, 0, sequence_ - 1});
    // Debits leave the spendable funds at once (an open order reserves them), credits on the fill.
    ledger(at_s, base.ticker, buy ? base_amount : -base_amount, now_s);
    ledger(at_s, quote.ticker, (buy ? -quote_amount : quote_amount) - fee, now_s);
    return true;
  }

  // An order: market and instant ones fill at once in 1..4 fills; limit and stop-limit ones
  // rest, fill over hours to weeks, then end filled or cancelled, or rest past the end.
  void trade(std::int64_t t) {
    SimOrder order;
    order.id = 1'600'000'000 + ++next_order_id_ * 7;
    order.created_s = t;
    order.side = rng_.chance(500) ? 0 : 1;
    order.base = pick(true).ticker;
    order.quote = pick(false).ticker;
    const std::uint64_t kind = rng_.below(100);
    order.subtype = kind < 35 ? "MARKET" : kind < 40 ? "INSTANT" : kind < 90 ? "LIMIT" : "STOP_LIMIT";
    order.limit_price = draw_amount(*account_.currency(order.quote)) + 1;
    order.client_order_id = rng_.chance(300) ? "client-" + std::to_string(order.id) : "";
    order.legacy_shape = rng_.chance(60);
    order.not_found_on_200 = rng_.chance(500);
    const std::int64_t end_s = account_.shape_.end_s;
    if (order.subtype == "MARKET" || order.subtype == "INSTANT") {
      const std::uint64_t fills = 1 + rng_.below(4);
      for (std::uint64_t i = 0; i < fills && fill(order, t, t); ++i) {
      }
      if (order.fills.empty()) return fiat_deposit(t);
      order.statuses.push_back({t, "Finished"});
    } else {
      if (rng_.chance(100)) {
        order.statuses.push_back({t, "In Queue"});
        order.statuses.push_back({clamp_end(t + rng_.between(1, 10) * seconds_per_minute), "Open"});
      } else {
        order.statuses.push_back({t, "Open"});
      }
      // Most rest for hours or days; a few for weeks, past order_status/'s 30-day retention.
      const bool long_lived = rng_.chance(40);
      const std::int64_t gap_max_s = long_lived ? 12 * seconds_per_day : 2 * seconds_per_day;
      std::int64_t at = t;
      const std::uint64_t fills = rng_.below(5);
      for (std::uint64_t i = 0; i < fills; ++i) {
        at += rng_.between(5 * seconds_per_minute, gap_max_s);
        if (at > end_s || !fill(order, at, t)) break;
      }
      const std::uint64_t ending = rng_.below(100);
      const std::int64_t close_s = at + rng_.between(1, gap_max_s / 2);
      if (ending < 65 && !order.fills.empty()) {
        if (order.fills.back().at_s <= end_s) order.statuses.push_back({order.fills.back().at_s, "Finished"});
      } else if (ending < 90 && close_s <= end_s) {
        order.statuses.push_back({close_s, "Canceled"});
      }
    }
    for (const SimFill& f : order.fills) order.amount += f.base;
    if (order.statuses.back().status != "Finished") order.amount += draw_amount(*account_.currency(order.base)) / 16 + 1;
    account_.orders_.push_back(std::move(order));
  }

  // An instant buy or sell (type 36): one negative and one positive leg, fee in the quote.
  void conversion(std::int64_t t) {
    const SimCurrency& from = pick(rng_.chance(500));
    const SimCurrency& to = pick(!from.crypto);
    core::int128 paid = draw_outflow(from);
    if (paid == 0) return fiat_deposit(t);
    const core::int128 received = draw_amount(to) / 3 + 1;
    const SimCurrency& quote = from.crypto ? to : from;
    const core::int128 fee = rng_.chance(700) ? std::min<core::int128>(paid, received) / 500 : 0;
    if (&quote == &from && paid + fee > spendable_[from.ticker]) paid -= fee;  // the fee comes on top
    SimTransaction& row = add_row(t, type_instant_conversion, {{from.ticker, -paid}, {to.ticker, received}});
    if (fee > 0) {
      row.fee_minor = fee;
      row.fee_ticker = quote.ticker;
    }
    ledger(t, from.ticker, -paid, t);
    ledger(t, to.ticker, received, t);
    if (fee > 0) ledger(t, quote.ticker, -fee, t);
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

Account::Account(std::uint64_t seed, const AccountShape& shape) : shape_(shape), currencies_(standard_currencies()) {
  HistoryWriter(*this, seed).write();
}

const SimCurrency* Account::currency(std::string_view ticker) const {
  for (const SimCurrency& c : currencies_) {
    if (c.ticker == ticker) return &c;
  }
  return nullptr;
}

core::int128 Account::available(std::string_view ticker, std::int64_t at_s) const {
  core::int128 total = 0;
  for (const LedgerEntry& entry : ledger_) {
    if (entry.at_s > at_s) break;
    if (entry.ticker == ticker) total += entry.delta;
  }
  return total;
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
