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
std::string account_balances(const Account& account, std::int64_t now_s);

}  // namespace bitstamp::simulator::render
