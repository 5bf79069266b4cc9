#pragma once
// Records as canonical JSON lines, with Formance's field names and enum strings:
//   {"createdAt":"2011-08-02T00:00:00Z","defaultAsset":"BTC/8","kind":"account",...}
// The same record always gives the same bytes.

#include <string>

#include "connector/record.hpp"

namespace connector {

[[nodiscard]] std::string to_json(const Record& record);

}  // namespace connector
