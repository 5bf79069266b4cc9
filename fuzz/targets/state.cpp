// Fuzz target: any bytes as a state document. Invariants: decoded or refused with a message,
// never a throw; a decoded state encodes to a document that decodes to the same state and
// encodes to the same bytes (canonical), so a restart reads exactly what was committed.
#include "bitstamp/core/state.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::fuzz {

int state(const std::uint8_t* data, std::size_t size) {
  const core::StateDecode decoded = core::decode_state(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!decoded.state) {
    require(!decoded.error.empty(), "a refused document says why");
    return 0;
  }
  const std::string encoded = core::encode_state(*decoded.state);
  const core::StateDecode again = core::decode_state(encoded);
  require(again.state.has_value(), "an encoded state decodes: " + again.error);
  require(core::encode_state(*again.state) == encoded, "encoding is a fixed point");
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(state)
