#pragma once
// FetchAccounts and FetchBalances from one POST /api/v2/account_balances/ response:
// one PspAccount and one PspBalance per currency with any non-zero value, and per currency in
// `known` (accounts emitted before), so that a balance falling to zero is reported as zero.
// `enrichment` adds what it knows of each currency to the account's metadata.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/assets.hpp"
#include "connector/diagnostic.hpp"
#include "bitstamp/core/enrichment.hpp"
#include "connector/record.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

struct AccountsMapping {
  std::vector<Record> records;  // account then balance, per currency, in wire order
  std::vector<Diagnostic> diagnostics;
  std::size_t zero_rows_skipped = 0;
  std::optional<std::string> error;  // the body as a whole is unusable: nothing is emitted
};

[[nodiscard]] AccountsMapping map_account_balances(std::string_view body, const AssetTable& assets,
                                                   std::int64_t now_ms,
                                                   const std::set<std::string>& known = {},
                                                   const Enrichment& enrichment = {});

}  // namespace bitstamp::core
