#pragma once
// What a store holds, for a person: accounts and their latest balances, payment counts by
// source, type and status, orders by status, conversions, and the cursors of the state.

#include <ostream>

#include "harness/sqlite_store.hpp"

namespace harness {

void print_report(const SqliteStore& store, std::ostream& out);

}  // namespace harness
