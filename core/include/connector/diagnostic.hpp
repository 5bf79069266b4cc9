#pragma once
// What the core noticed but did not turn into a record: skipped rows, truncated digits,
// unknown codes, permission skips, failed cycles. Data, so tests can assert on it.

#include <string>

namespace connector {

enum class Severity { debug, info, warning, error };

struct Diagnostic {
  Severity severity = Severity::info;
  std::string code;    // stable, dotted: "asset.unknown_ticker", "amount.truncated"
  std::string detail;  // human-readable; never contains credentials (the core has none)

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

[[nodiscard]] std::string_view to_string(Severity severity);

}  // namespace connector
