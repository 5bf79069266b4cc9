#include "fireblocks/core/config.hpp"

#include <nlohmann/json.hpp>

#include "connector/endpoint.hpp"
#include "fireblocks/core/limits.hpp"

namespace fireblocks::core {
namespace {

using nlohmann::json;

constexpr std::size_t name_length_max = 200;
constexpr std::size_t api_key_length_max = 200;
constexpr std::size_t private_key_length_max = 16384;  // a 4096-bit PKCS#8 PEM is ~3.3 kB
constexpr std::string_view known_fields[] = {"apiKey", "endpoint", "name", "pollingPeriod", "privateKey"};

void check_private_key(const json& document, std::string& out, std::vector<ConfigError>& errors) {
  const auto it = document.find("privateKey");
  if (it == document.end() || it->is_null()) return errors.push_back({"privateKey", "privateKey is required"});
  if (!it->is_string()) return errors.push_back({"privateKey", "privateKey must be a string"});
  out = unescape_private_key(it->get<std::string>());
  if (out.size() > private_key_length_max) return errors.push_back({"privateKey", "privateKey is too long"});
  const bool begins = out.find("-----BEGIN ") != std::string::npos && out.find("PRIVATE KEY-----") != std::string::npos;
  if (!begins || out.find("-----END ") == std::string::npos) {
    return errors.push_back({"privateKey", "privateKey must be a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)"});
  }
  if (out.find("ENCRYPTED") != std::string::npos) {
    return errors.push_back({"privateKey", "privateKey must not be encrypted"});
  }
  for (const char c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\r') || byte == 0x7f) {
      return errors.push_back({"privateKey", "privateKey must not contain control characters"});
    }
  }
}

}  // namespace

std::string unescape_private_key(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += value[i];
    }
  }
  return out;
}

std::string normalize_endpoint(std::string_view endpoint) {
  while (endpoint.ends_with('/')) endpoint.remove_suffix(1);
  if (endpoint.ends_with("/v1")) endpoint.remove_suffix(3);
  while (endpoint.ends_with('/')) endpoint.remove_suffix(1);
  return std::string(endpoint);
}

ConfigParse parse_config(std::string_view text) {
  ConfigParse parse;
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    parse.errors.push_back({"", "the config must be a JSON object"});
    return parse;
  }
  for (const auto& [key, value] : document.items()) {
    if (std::find(std::begin(known_fields), std::end(known_fields), key) == std::end(known_fields)) {
      parse.errors.push_back({"", looks_like_field_name(key) ? "unknown field " + key : std::string("an unknown field")});
    }
  }
  Config config;
  require_string(document, "apiKey", api_key_length_max, config.api_key, parse.errors);
  std::string endpoint;
  require_string(document, "endpoint", name_length_max, endpoint, parse.errors);
  if (!endpoint.empty() && !has_control_character(endpoint)) {
    config.endpoint = normalize_endpoint(endpoint);
    const EndpointParse parsed = parse_endpoint(config.endpoint);
    if (!parsed.endpoint) {
      parse.errors.push_back({"endpoint", "endpoint " + parsed.problem});
    } else if (!parsed.endpoint->https && !parsed.endpoint->is_loopback()) {
      parse.errors.push_back({"endpoint", "endpoint must use https (plain http only for loopback)"});
    }
  }
  require_string(document, "name", name_length_max, config.name, parse.errors);
  config.polling_period_ms = polling_period_ms_default;
  if (const auto period = document.find("pollingPeriod"); period != document.end() && !period->is_null()) {
    const std::optional<std::int64_t> ms =
        period->is_string() ? parse_duration_ms(period->get<std::string>()) : std::nullopt;
    if (!ms) {
      parse.errors.push_back({"pollingPeriod", "pollingPeriod must be a duration string such as \"30m\" or \"1h\""});
    } else if (*ms < polling_period_ms_min) {
      parse.errors.push_back({"pollingPeriod", "pollingPeriod must be at least 20m (it is " + format_duration(*ms) + ")"});
    } else {
      config.polling_period_ms = *ms;
    }
  }
  check_private_key(document, config.private_key_pem, parse.errors);
  if (parse.errors.empty()) parse.config = std::move(config);
  return parse;
}

std::string extract_private_key(std::string_view text) {
  const json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) return "";
  const auto key = document.find("privateKey");
  return key != document.end() && key->is_string() ? key->get<std::string>() : "";
}

}  // namespace fireblocks::core
