// Fuzz target: any bytes as a connector config. Invariants: a config or a list of errors,
// never both, never a throw; no message depends on the secret's value (the same config with
// another secret of the same shape gives the same messages) or holds a control character; an
// accepted endpoint parses again to the same base URL (what sync will send to).
#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "bitstamp/core/config.hpp"
#include "connector/endpoint.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::fuzz {

int config(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const core::ConfigParse parsed = core::parse_config(text);
  require(parsed.config.has_value() != !parsed.errors.empty(), "a config or errors, never both");
  for (const core::ConfigError& error : parsed.errors) {
    for (const char c : error.message) require(static_cast<unsigned char>(c) >= 0x20, "no control character in a message");
  }
  // The secret changed, its shape kept (whitespace and control characters where they were,
  // every other character an 'x'): the messages may not change. A message that quoted the
  // secret would. (Searching messages for the secret's text is no test: a secret may happen
  // to be a phrase of a message, " has leading or trail".)
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto secret = document.is_object() ? document.find("apiSecret") : document.end();
  if (document.is_object()) {
    // A long unknown key may be a secret pasted as a field name: never printed back. Renamed to
    // filler of its length, the errors may not change (as a set: they come in key order).
    // (Searching the messages for the key is no test: a key may be a phrase of a message.)
    constexpr std::size_t field_name_length_max = 20;
    nlohmann::json renamed = nlohmann::json::object();
    std::size_t filler = 0;
    for (const auto& [key, value] : document.items()) {
      if (key.size() <= field_name_length_max) {
        renamed[key] = value;
      } else {
        std::string other = "~" + std::to_string(filler++);
        other.resize(key.size(), '~');
        renamed[other] = value;
      }
    }
    if (filler > 0) {
      try {
        const auto sorted = [](std::vector<core::ConfigError> errors) {
          std::sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) {
            return std::tie(a.field, a.message) < std::tie(b.field, b.message);
          });
          return errors;
        };
        require(sorted(core::parse_config(document.dump()).errors) == sorted(core::parse_config(renamed.dump()).errors),
                "no message names a long unknown key");
      } catch (const nlohmann::json::exception&) {
        // not UTF-8: nothing to compare
      }
    }
  }
  if (document.is_object() && secret != document.end() && secret->is_string()) {
    const std::string original = secret->get<std::string>();
    std::string other = original;
    for (char& c : other) {
      if (static_cast<unsigned char>(c) > 0x20 && c != 0x7f) c = 'x';
    }
    if (other == original) return 0;
    bool dumpable = true;
    std::string with_original;
    std::string with_other;
    try {
      with_original = document.dump();
      *secret = other;
      with_other = document.dump();
    } catch (const nlohmann::json::exception&) {
      dumpable = false;  // not UTF-8: nothing to compare
    }
    if (dumpable) {
      const std::vector<core::ConfigError> a = core::parse_config(with_original).errors;
      const std::vector<core::ConfigError> b = core::parse_config(with_other).errors;
      require(a == b, "no message depends on the secret's value");
    }
  }
  if (parsed.config) {
    const core::EndpointParse endpoint = core::parse_endpoint(parsed.config->endpoint);
    require(endpoint.endpoint.has_value(), "an accepted endpoint parses");
    require(endpoint.endpoint->base_url() == parsed.config->endpoint, "the endpoint is kept normalised");
    require(endpoint.endpoint->https || endpoint.endpoint->is_loopback(), "plain http only for loopback");
  }
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(config)
