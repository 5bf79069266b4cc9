#pragma once
// The oracle: what the books must hold once a run has settled, derived from the account's
// timeline by the mapping rules of DESIGN.md §4, independently of the core's code. Every
// payment and conversion the account holds, with its final status, amount and asset; the
// final balance of every currency; every order it can know of with its fills and final status;
// nothing else. A status the core could not observe because
// Bitstamp's own reach ran out must be reported by a `payment.follow_expired` diagnostic.

#include <string>
#include <vector>

#include "harness/memory_store.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/simulator/account.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {

// One sentence per discrepancy; empty when the books are right.
[[nodiscard]] std::vector<std::string> check_books(const Account& account, const harness::MemoryStore& store,
                                                   const std::vector<core::Diagnostic>& diagnostics,
                                                   std::int64_t install_s, std::int64_t final_s);

}  // namespace bitstamp::simulator
