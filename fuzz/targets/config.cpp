// Fuzz target: any bytes as a connector config. Invariants: a config or a list of errors,
// never both, never a throw; no message quotes the secret or holds a control character; an
// accepted endpoint parses again to the same base URL (what sync will send to).
#include "bitstamp/core/config.hpp"
#include "bitstamp/core/endpoint.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"

namespace bitstamp::fuzz {

int config(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const core::ConfigParse parsed = core::parse_config(text);
  require(parsed.config.has_value() != !parsed.errors.empty(), "a config or errors, never both");
  const std::string secret = core::extract_api_secret(text);
  for (const core::ConfigError& error : parsed.errors) {
    // Secrets as long as a field name cannot be told from one (the config reader's rule).
    if (secret.size() > 20) require(error.message.find(secret) == std::string::npos, "no message quotes the secret");
    for (const char c : error.message) require(static_cast<unsigned char>(c) >= 0x20, "no control character in a message");
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
