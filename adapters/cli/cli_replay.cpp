// `replay CAPTURE`: the core over a capture, records to stdout, log and summary to stderr.
#include <algorithm>
#include <fstream>
#include <map>

#include "harness/cli.hpp"
#include "harness/file_io.hpp"
#include "harness/log.hpp"
#include "harness/cores.hpp"
#include "harness/replay.hpp"
#include "cli_arguments.hpp"
#include "connector/record_json.hpp"

namespace harness {
namespace {

constexpr const char* replay_help = R"(Usage: bitstamp-connector replay CAPTURE [options]

Runs a connector's core over CAPTURE, a JSON-lines file of recorded request/response
exchanges (format: README.md, "Capture format"). The core plans its requests as in a live
sync; each is answered by the first unused exchange with the same method, path and
parameters (the clock-derived parameters excepted: Bitstamp's timedelta and since_timestamp,
Fireblocks' before; a replay starts tasks when the capture's exchanges arrived, not when the
recording started them), and answers arrive in the capture's order.
The connector is the one whose paths the capture holds (/api/v2/...: bitstamp, /v1/...:
fireblocks) unless --connector names it; the choice is printed to standard error.
Committed records go to standard output as canonical JSON lines; log lines and
a summary go to standard error. No network, no clock: the same capture always prints the
same bytes.

Options:
  --connector NAME bitstamp or fireblocks (default: detected from the capture's paths)
  --state FILE     start from this state document instead of a fresh install
  --state-out FILE write the final committed state document to FILE
  --tasks LIST     plan only these root tasks, comma-separated: accounts,payments,conversions,
                   orders,enrichment (the datasets that add metadata), or all
                   (the default); Fireblocks has accounts and payments
  --page-size N    ask pages of N rows (Bitstamp 1..1000, default 1000; Fireblocks
                   transactions 1..500, default 200), as the recording did: a capture from
                   `simulate --page-size N` replays with the same N
  --pages-in-flight N
                   user_transactions/ pages one walk asks for at once (1..16, default 4), as
                   the recording did: a capture made one page at a time replays with 1
  --strict         exit 3 if the core asked for a request the capture lacks, left
                   exchanges unused, abandoned a cycle, or wrote any error diagnostic
  --quiet          log errors only (default: info and above)
  --verbose        log everything, debug included
  --help           this text
)";

// More pages at once than this gains nothing under Bitstamp's rate limits.
constexpr std::uint32_t pages_in_flight_option_max = 16;

struct ReplayOptions {
  std::string connector;  // "" until chosen or detected
  std::string capture_path;
  std::string state_path;
  std::string state_out_path;
  bool strict = false;
  std::optional<std::uint32_t> page_size;
  std::uint32_t pages_in_flight = bitstamp::core::pages_in_flight_default;
  bitstamp::core::EnabledTasks tasks;
  connector::Severity log_threshold = connector::Severity::info;
};

// Returns an error message, or "" when the options parsed.
std::string parse_options(const std::vector<std::string>& args, ReplayOptions& options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value_of = [&](const char* flag, std::string& target) -> std::string {
      if (i + 1 >= args.size()) return std::string(flag) + " needs a file";
      target = args[++i];
      return "";
    };
    if (arg == "--connector") {
      if (auto e = value_of("--connector", options.connector); !e.empty()) return "--connector needs a name";
      if (std::find(std::begin(connector_names), std::end(connector_names), options.connector) == std::end(connector_names)) {
        return "--connector must be bitstamp or fireblocks, not '" + options.connector + "'";
      }
    } else if (arg == "--state") {
      if (auto e = value_of("--state", options.state_path); !e.empty()) return e;
    } else if (arg == "--state-out") {
      if (auto e = value_of("--state-out", options.state_out_path); !e.empty()) return e;
    } else if (arg == "--tasks") {
      std::string list;
      if (auto e = value_of("--tasks", list); !e.empty()) return "--tasks needs a list";
      if (auto e = parse_tasks(list, options.tasks); !e.empty()) return e;
    } else if (arg == "--page-size") {
      std::string text;
      if (auto e = value_of("--page-size", text); !e.empty()) return "--page-size needs a number";
      std::uint32_t size = 0;
      if (!parse_integer<std::uint32_t>(text, 1, bitstamp::core::page_size_max, size)) {
        return "--page-size must be an integer in 1..1000, not '" + text + "'";
      }
      options.page_size = size;
    } else if (arg == "--pages-in-flight") {
      std::string text;
      if (auto e = value_of("--pages-in-flight", text); !e.empty()) return "--pages-in-flight needs a number";
      if (!parse_integer<std::uint32_t>(text, 1, pages_in_flight_option_max, options.pages_in_flight)) {
        return "--pages-in-flight must be an integer in 1.." + std::to_string(pages_in_flight_option_max) + ", not '" +
               text + "'";
      }
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (arg == "--quiet") {
      options.log_threshold = connector::Severity::error;
    } else if (arg == "--verbose") {
      options.log_threshold = connector::Severity::debug;
    } else if (!arg.empty() && arg.front() == '-') {
      return "unknown option '" + arg + "'";
    } else if (options.capture_path.empty()) {
      options.capture_path = arg;
    } else {
      return "one CAPTURE only (got '" + options.capture_path + "' and '" + arg + "')";
    }
  }
  if (options.capture_path.empty()) return "missing CAPTURE";
  return "";
}

void print_summary(const ReplayOptions& options, const ReplayRun& result, std::ostream& err) {
  std::map<std::string_view, std::size_t> by_kind;
  for (const connector::Record& record : result.records) ++by_kind[connector::record_kind(record)];
  std::map<connector::Severity, std::size_t> by_severity;
  for (const connector::Diagnostic& d : result.diagnostics) ++by_severity[d.severity];
  const ReplaySummary& s = result.summary;
  err << "replay summary: " << options.capture_path << "\n"
      << "  exchanges  " << s.exchanges_total << " read, " << s.exchanges_used << " used, "
      << s.unused.size() << " unused\n"
      << "  rounds     " << s.rounds << ", commits " << s.commits << "\n"
      << "  records    " << result.records.size();
  const char* separator = " (";
  for (const auto& [kind, count] : by_kind) {
    err << separator << count << " " << kind;
    separator = ", ";
  }
  err << (by_kind.empty() ? "" : ")") << "\n"
      << "  diagnostics " << by_severity[connector::Severity::error] << " error, "
      << by_severity[connector::Severity::warning] << " warning, "
      << by_severity[connector::Severity::info] << " info\n";
  for (const connector::Request& request : s.unanswered) {
    err << "  unanswered " << connector::to_string(request.method) << " " << request.path
        << (request.params.empty() ? "" : "?" + connector::encode_form(request.params)) << "\n";
  }
  for (const std::size_t index : s.unused) err << "  unused     exchange #" << index + 1 << "\n";
}

// The --state document through a connector's decoder; false (and why) when it is not one.
template <class Decode, class State>
bool decode_initial(const ReplayOptions& options, const std::optional<std::string>& state_text, Decode decode,
                    State& initial, std::string& problem) {
  if (!state_text) return true;
  auto decoded = decode(*state_text);
  if (!decoded.state) {
    problem = options.state_path + ": " + decoded.error;
    return false;
  }
  initial = std::move(*decoded.state);
  return true;
}

std::unique_ptr<ConnectorCore> bitstamp_core(const ReplayOptions& options, const std::optional<std::string>& state_text,
                                             std::string& problem) {
  bitstamp::core::SyncState initial;
  if (!decode_initial(options, state_text, bitstamp::core::decode_state, initial, problem)) return nullptr;
  bitstamp::core::Settings settings;
  settings.tasks = options.tasks;
  settings.page_size = options.page_size.value_or(bitstamp::core::page_size_max);
  settings.pages_in_flight_max = options.pages_in_flight;
  settings.polling_period_ms = 0;  // a replay plans every idle task each round
  return std::make_unique<BitstampCore>(settings, std::move(initial));
}

std::unique_ptr<ConnectorCore> fireblocks_core(const ReplayOptions& options, const std::optional<std::string>& state_text,
                                               std::string& problem) {
  fireblocks::core::SyncState initial;
  if (!decode_initial(options, state_text, fireblocks::core::decode_state, initial, problem)) return nullptr;
  fireblocks::core::Settings settings;
  settings.accounts = options.tasks.accounts;
  settings.payments = options.tasks.payments;
  if (options.page_size) {
    if (*options.page_size > fireblocks::core::transactions_page_size_max) {
      problem = "--page-size must be 1..500 for fireblocks";
      return nullptr;
    }
    settings.page_size = *options.page_size;
  }
  settings.polling_period_ms = 0;
  return std::make_unique<FireblocksCore>(settings, std::move(initial));
}

}  // namespace

int run_replay(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << replay_help;
      return exit_ok;
    }
  }
  ReplayOptions options;
  if (const std::string problem = parse_options(args, options); !problem.empty()) {
    err << "replay: " << problem << "\n\n" << replay_help;
    return exit_usage;
  }
  const CaptureRead capture = read_capture_file(options.capture_path);
  if (!capture.error.empty()) {
    err << "replay: " << options.capture_path << ": " << capture.error << "\n";
    return exit_usage;
  }
  if (options.connector.empty()) {
    std::vector<std::string_view> paths;
    for (const Exchange& exchange : capture.exchanges) paths.push_back(exchange.request.path);
    options.connector = std::string(connector_of_paths(paths));
    if (options.connector.empty()) options.connector = "bitstamp";
    err << "replay: connector " << options.connector << " (detected from the capture's paths)\n";
  } else {
    err << "replay: connector " << options.connector << " (--connector)\n";
  }
  std::optional<std::string> state_text;
  if (!options.state_path.empty()) {
    state_text = read_file(options.state_path);
    if (!state_text) {
      err << "replay: cannot read state file " << options.state_path << "\n";
      return exit_usage;
    }
  }
  std::string problem;
  std::unique_ptr<ConnectorCore> core =
      options.connector == "fireblocks" ? fireblocks_core(options, state_text, problem) : bitstamp_core(options, state_text, problem);
  if (!core) {
    err << "replay: " << problem << "\n";
    return exit_usage;
  }
  const ReplayRun result = replay(capture.exchanges, *core);
  for (const connector::Record& record : result.records) out << connector::to_json(record) << '\n';
  out.flush();
  const Redactor no_secrets;  // a capture holds no credentials; nothing to redact
  Logger logger(err, no_secrets, options.log_threshold);
  for (const connector::Diagnostic& diagnostic : result.diagnostics) logger.log(diagnostic);
  print_summary(options, result, err);
  if (!options.state_out_path.empty()) {
    std::ofstream state_out(options.state_out_path, std::ios::binary | std::ios::trunc);
    state_out << core->encode_state() << '\n';
    if (!state_out.flush()) {
      err << "replay: cannot write " << options.state_out_path << "\n";
      return exit_failure;
    }
  }
  if (!options.strict) return exit_ok;
  if (!result.summary.unanswered.empty() || !result.summary.unused.empty()) {
    err << "replay: --strict: the capture and the core disagree (see unanswered/unused above)\n";
    return exit_strict_mismatch;
  }
  const auto errors = std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                                    [](const connector::Diagnostic& d) { return d.severity == connector::Severity::error; });
  if (errors > 0) {
    err << "replay: --strict: " << errors << " error diagnostic(s): a cycle was abandoned or data was reported lost\n";
    return exit_strict_mismatch;
  }
  return exit_ok;
}

}  // namespace harness
