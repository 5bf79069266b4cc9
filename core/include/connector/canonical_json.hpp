#pragma once
// A small writer for canonical JSON: object keys sorted bytewise, no insignificant whitespace,
// strings escaped one way only, integers of any width written exactly. Equal values give equal
// bytes, which is what trace hashes and golden files compare.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connector/amount.hpp"

namespace connector {

// Appends `value` as a JSON string literal. Well-formed UTF-8 passes through unchanged; a byte
// that is not part of a well-formed sequence becomes U+FFFD, so the output is always JSON
// whatever bytes came in.
void append_json_string(std::string& out, std::string_view value);

class CanonicalObject {
 public:
  CanonicalObject& string(std::string_view key, std::string_view value);
  CanonicalObject& integer(std::string_view key, std::int64_t value);
  CanonicalObject& amount(std::string_view key, Amount value);  // a JSON number, exact
  CanonicalObject& boolean(std::string_view key, bool value);
  // REQUIRES: `json` is one valid JSON value (e.g. a verbatim wire row, a nested object).
  CanonicalObject& raw(std::string_view key, std::string_view json);

  // Members sorted by key. REQUIRES: keys are distinct.
  [[nodiscard]] std::string finish();

 private:
  std::vector<std::pair<std::string, std::string>> members_;
};

}  // namespace connector
