// `validate-config FILE`: every violation named by field; the secret is never echoed.
#include <algorithm>

#include "harness/cli.hpp"
#include "harness/file_io.hpp"
#include "harness/log.hpp"
#include "bitstamp/core/config.hpp"
#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/core/config.hpp"

namespace harness {
namespace {

constexpr const char* validate_config_help = R"(Usage: bitstamp-connector validate-config FILE

Checks a connector config file (JSON). A config with a privateKey is a Fireblocks one (below);
any other is Bitstamp's:
  apiKey         required, non-empty string
  apiSecret      required, non-empty string; may instead come from BITSTAMP_API_SECRET
  endpoint       optional, default https://www.bitstamp.net; https (plain http only for
                 loopback addresses), scheme and host only
  name           required, non-empty string (e.g. bitstamp-main)
  pollingPeriod  optional, default 30m; a Go duration ("30m", "1h", "1h30m"), at least 20m
Unknown fields are errors (a misspelt field would otherwise be silently ignored).

Fireblocks (seed 003):
  apiKey         required: the API user's key
  endpoint       required: https://api.fireblocks.io, https://sandbox-api.fireblocks.io,
                 https://eu-api.fireblocks.io, ...; a trailing /v1 or / is dropped
  name           required
  pollingPeriod  optional, default 30m, at least 20m
  privateKey     required: the API user's unencrypted RSA private key in PEM, as one line
                 with literal \n (awk '{printf "%s\\n", $0}' key.pem) or with real line
                 breaks; it must load and be RSA (Fireblocks signs with RS256)

Prints "config OK" and the effective settings, or one line per problem naming the field,
and exits 2. The secret's (or private key's) value is never printed.
)";

bool is_fireblocks_config(const std::string& text) {
  return !fireblocks::core::extract_private_key(text).empty() || text.find("\"privateKey\"") != std::string::npos;
}

int validate_fireblocks(const std::string& path, const std::string& text, std::ostream& out, std::ostream& err) {
  fireblocks::core::ConfigParse parsed = fireblocks::core::parse_config(text);
  Redactor redactor;
  const std::string pem = fireblocks::core::unescape_private_key(fireblocks::core::extract_private_key(text));
  redactor.add_secret_and_its_lines(pem);
  const bool key_text_ok = std::none_of(parsed.errors.begin(), parsed.errors.end(),
                                         [](const connector::ConfigError& e) { return e.field == "privateKey"; });
  if (key_text_ok && !pem.empty()) {
    // The text looks like a PEM key; whether OpenSSL can sign with it is checked here too.
    std::string problem;
    if (!fireblocks::adapters::PrivateKey::load(pem, problem)) {
      parsed.errors.push_back({"privateKey", problem});
      parsed.config.reset();
    }
  }
  if (!parsed.config) {
    for (const connector::ConfigError& error : parsed.errors) {
      const std::string field = error.field.empty() ? "config" : error.field;
      err << redactor.redact(path + ": " + field + ": " + error.message) << "\n";
    }
    err << "validate-config: " << parsed.errors.size() << " problem" << (parsed.errors.size() == 1 ? "" : "s") << " in "
        << path << " (Fireblocks)\n";
    return exit_usage;
  }
  const fireblocks::core::Config& config = *parsed.config;
  out << redactor.redact("config OK: " + path + " (Fireblocks)\n" +
                         "  name           " + config.name + "\n" +
                         "  endpoint       " + config.endpoint + "\n" +
                         "  pollingPeriod  " + connector::format_duration(config.polling_period_ms) + "\n" +
                         "  apiKey         " + std::to_string(config.api_key.size()) + " characters\n" +
                         "  privateKey     RSA key, loads (not shown)\n");
  return exit_ok;
}

}  // namespace

int run_validate_config(const std::vector<std::string>& args, const CliEnvironment& environment,
                        std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << validate_config_help;
      return exit_ok;
    }
  }
  if (args.size() != 1 || (!args[0].empty() && args[0].front() == '-')) {
    err << "validate-config: expected exactly one FILE\n\n" << validate_config_help;
    return exit_usage;
  }
  const std::string& path = args[0];
  const std::optional<std::string> file = read_file(path);
  if (!file) {
    err << "validate-config: cannot read " << path << "\n";
    return exit_usage;
  }
  const std::string& text = *file;
  if (is_fireblocks_config(text)) return validate_fireblocks(path, text, out, err);
  const bitstamp::core::ConfigParse parsed = bitstamp::core::parse_config(text, environment.api_secret);

  // Whatever the file holds, its secret is redacted from everything printed below, even if
  // it was pasted into the wrong field.
  Redactor redactor;
  if (environment.api_secret) redactor.add_secret(*environment.api_secret);
  if (parsed.config) redactor.add_secret(parsed.config->api_secret);
  redactor.add_secret(bitstamp::core::extract_api_secret(text));

  if (!parsed.config) {
    for (const bitstamp::core::ConfigError& error : parsed.errors) {
      const std::string field = error.field.empty() ? "config" : error.field;
      err << redactor.redact(path + ": " + field + ": " + error.message) << "\n";
    }
    err << "validate-config: " << parsed.errors.size() << " problem"
        << (parsed.errors.size() == 1 ? "" : "s") << " in " << path << "\n";
    return exit_usage;
  }
  const bitstamp::core::Config& config = *parsed.config;
  out << redactor.redact("config OK: " + path + "\n" +
                         "  name           " + config.name + "\n" +
                         "  endpoint       " + config.endpoint + "\n" +
                         "  pollingPeriod  " + bitstamp::core::format_duration(config.polling_period_ms) + "\n" +
                         "  apiKey         " + std::to_string(config.api_key.size()) + " characters\n" +
                         "  apiSecret      set (" + std::to_string(config.api_secret.size()) +
                         " characters, not shown)\n");
  return exit_ok;
}

}  // namespace harness
