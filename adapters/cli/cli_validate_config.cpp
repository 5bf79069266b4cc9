// `validate-config FILE`: every violation named by field; the secret is never echoed.
#include "harness/cli.hpp"
#include "harness/file_io.hpp"
#include "harness/log.hpp"
#include "bitstamp/core/config.hpp"

namespace harness {
namespace {

constexpr const char* validate_config_help = R"(Usage: bitstamp-connector validate-config FILE

Checks a connector config file (JSON):
  apiKey         required, non-empty string
  apiSecret      required, non-empty string; may instead come from BITSTAMP_API_SECRET
  endpoint       optional, default https://www.bitstamp.net; https (plain http only for
                 loopback addresses), scheme and host only
  name           required, non-empty string (e.g. bitstamp-main)
  pollingPeriod  optional, default 30m; a Go duration ("30m", "1h", "1h30m"), at least 20m
Unknown fields are errors (a misspelt field would otherwise be silently ignored).

Prints "config OK" and the effective settings, or one line per problem naming the field,
and exits 2. The secret's value is never printed.
)";

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
