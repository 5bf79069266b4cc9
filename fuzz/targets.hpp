#pragma once
// The fuzz targets, each a function over arbitrary bytes that returns 0 and checks the core's
// invariants (fuzz_check.hpp). The same functions replay the committed corpora and regression
// inputs in the normal test suite (tests/fuzz/fuzz_replay_test.cpp).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bitstamp::fuzz {

// The first byte picks an endpoint of the core (and an HTTP status); the rest is the body its
// answer carries, fed through step() to a state waiting for it.
int responses(const std::uint8_t* data, std::size_t size);
// The same for Fireblocks' core: blockchains, assets, vaults, a transactions page, one by id.
int fireblocks_responses(const std::uint8_t* data, std::size_t size);
// The bytes as a capture file: read; what reads writes back and reads again the same.
int capture(const std::uint8_t* data, std::size_t size);
// The bytes as a connector config: validated without throwing; no message quotes the secret.
int config(const std::uint8_t* data, std::size_t size);
// The bytes as a state document: decoded or refused; what decodes encodes to a fixed point.
int state(const std::uint8_t* data, std::size_t size);
// The bytes as record fields and a raw row: every record is one line of valid JSON.
int record_json(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string_view name;  // the corpus folder: fuzz/corpus/<name>
  int (*run)(const std::uint8_t*, std::size_t);
};

inline constexpr Target targets[] = {
    {"responses", responses}, {"capture", capture}, {"config", config}, {"state", state}, {"record_json", record_json},
    {"fireblocks_responses", fireblocks_responses}};

}  // namespace bitstamp::fuzz
