// Fuzz target: any bytes as a capture file. Invariants: read or refused with a message naming
// a line, never a partial capture; what reads writes back as lines that read to the same
// exchanges (the capture format round-trips).
#include <algorithm>
#include <sstream>

#include "harness/capture.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::fuzz {

int capture(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  const harness::CaptureRead read = harness::read_capture(in);
  if (!read.error.empty()) {
    require(read.exchanges.empty(), "a refused capture returns no exchange");
    return 0;
  }
  std::string written;
  for (const harness::Exchange& exchange : read.exchanges) {
    const std::string line = harness::write_exchange(exchange);
    require(line.find('\n') == std::string::npos, "an exchange is written as one line");
    written += line + "\n";
  }
  std::istringstream again(written);
  const harness::CaptureRead reread = harness::read_capture(again);
  require(reread.error.empty(), "a written capture reads back: " + reread.error);
  require(reread.exchanges.size() == read.exchanges.size(), "every exchange reads back");
  for (std::size_t i = 0; i < read.exchanges.size(); ++i) {
    harness::Exchange expected = read.exchanges[i];
    // Headers outside the allow-list are not written: compare what the format keeps.
    std::erase_if(expected.response.headers, [](const core::Header& header) {
      return std::none_of(std::begin(harness::capture_header_allowlist), std::end(harness::capture_header_allowlist),
                          [&](const char* kept) { return header.name == kept; });
    });
    require(harness::write_exchange(reread.exchanges[i]) == harness::write_exchange(expected),
            "an exchange round-trips byte for byte");
  }
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(capture)
