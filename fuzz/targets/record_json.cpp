// Fuzz target: any bytes as the text fields of a record and as a wire row. Invariants: every
// record is one line of valid JSON whose strings read back as written (or U+FFFD where the bytes
// were not UTF-8); a row compacts only when it is valid JSON, and compacting is idempotent.
#include <nlohmann/json.hpp>

#include "connector/compact_json.hpp"
#include "connector/record_json.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::fuzz {

int record_json(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  // The input split in three at its first two NULs: reference, metadata value, raw row.
  const std::size_t first = std::min(bytes.find('\0'), bytes.size());
  const std::size_t second = first < bytes.size() ? std::min(bytes.find('\0', first + 1), bytes.size()) : bytes.size();
  const std::string reference = bytes.substr(0, first);
  const std::string value = first < bytes.size() ? bytes.substr(first + 1, second - first - 1) : "";
  const std::string row = second < bytes.size() ? bytes.substr(second + 1) : "";
  std::string raw;
  const bool row_is_json = core::compact_json(row, raw).empty();
  if (row_is_json) {
    std::string twice;
    require(core::compact_json(raw, twice).empty() && twice == raw, "compacting is idempotent");
  }
  core::PspPayment payment;
  payment.reference = reference;
  payment.metadata.set("com.bitstamp.spec/x", value);
  payment.raw = row_is_json ? raw : "";
  const std::string line = core::to_json(core::Record{payment});
  require(line.find('\n') == std::string::npos, "a record is one line");
  const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
  require(!parsed.is_discarded(), "a record is valid JSON: " + line);
  bool valid_utf8 = true;
  try {
    (void)nlohmann::json(reference).dump();
  } catch (const nlohmann::json::exception&) {
    valid_utf8 = false;
  }
  if (valid_utf8) require(parsed["reference"].get<std::string>() == reference, "a valid string reads back as written");
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(record_json)
