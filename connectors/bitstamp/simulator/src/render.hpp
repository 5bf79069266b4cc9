#pragma once
// Rows as Bitstamp writes them, quirks included (see the wire-format digest): private to the
// simulator's server.

#include <cstdint>
#include <string>

#include "bitstamp/simulator/account.hpp"

namespace bitstamp::simulator::render {

// "YYYY-MM-DD HH:MM:SS" and, when asked, ".ffffff".
std::string bitstamp_datetime(std::int64_t unix_us, bool microseconds);

void transaction(std::string& out, const Account& account, const SimTransaction& row);
void crypto_transaction(std::string& out, const Account& account, const SimCryptoTransaction& row,
                        std::int64_t now_s);
void withdrawal_request(std::string& out, const Account& account, const SimWithdrawalRequest& row,
                        std::int64_t now_s);
std::string currencies(const Account& account);
// open_orders/all/: the orders resting at `view_s` (ids as strings, remaining amount).
std::string open_orders(const Account& account, std::int64_t view_s);
// order_status/: the rich shape, or the legacy minimal one for orders drawn that way; fills
// up to `now_s`, the first listed twice with `duplicate_fill`.
std::string order_status(const Account& account, const SimOrder& order, std::int64_t now_s, bool duplicate_fill);
std::string markets(const Account& account);
std::string my_markets(const Account& account);
std::string trading_fees(const Account& account);
std::string withdrawal_fees(const Account& account);
std::string account_balances(const Account& account, std::int64_t now_s);

}  // namespace bitstamp::simulator::render
