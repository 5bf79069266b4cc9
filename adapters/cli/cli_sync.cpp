// `sync` and `record`: the live loop against a Bitstamp endpoint or a Fireblocks workspace. sync keeps the books in
// SQLite; record makes one pass and writes every exchange as a capture, credentials excluded.
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <optional>
#include <random>

#include "harness/cli.hpp"
#include "harness/file_io.hpp"
#include "harness/memory_store.hpp"
#include "harness/sqlite_store.hpp"
#include "harness/sync.hpp"
#include "connector/record_json.hpp"
#include "cli_arguments.hpp"

namespace harness {
namespace {

constexpr const char* sync_help = R"(Usage: bitstamp-connector sync --config FILE [options]

Polls one Bitstamp account scope and keeps its books in a SQLite store: accounts, balances,
payments (user_transactions, crypto-transactions, withdrawal-requests), orders and instant
conversions. Each root task runs on its own schedule every pollingPeriod (at least 20m); a
long history is backfilled over consecutive cycles, each committing its progress. Records and
cursors are committed in one transaction, so an interrupted sync (Ctrl-C, kill -9, power
loss) resumes where the last commit left off, losing nothing and repeating nothing.
A Fireblocks config (one with a privateKey; README "Fireblocks") syncs that workspace instead:
vault accounts, balances and transactions, each request signed with an RS256 JWT.

Options:
  --config FILE    connector config (see validate-config --help); the secret may come from
                   BITSTAMP_API_SECRET instead of the file (Bitstamp)
  --store PATH     SQLite store (default bitstamp.sqlite); created when absent
  --once           one pass of every task (the whole backfill included), then exit
  --jsonl FILE     also append every committed record to FILE as a JSON line
  --tasks LIST     only these root tasks: accounts,payments,conversions,orders,enrichment or all
  --quiet          log errors only (default: info and above)
  --verbose        log everything, debug included
  --help           this text

Logs are structured lines (logfmt) on standard error and never contain the secret or any
signature. On a terminal a progress line shows requests, pages per endpoint and records.
SIGINT/SIGTERM stop between transactions. Exit: 0 done or stopped, 1 a cycle failed in a
--once run or the store failed, 2 bad arguments or config.
)";

constexpr const char* record_help = R"(Usage: bitstamp-connector record --config FILE --out CAPTURE [options]

Makes one pass of every task against the configured endpoint, like `sync --once` but keeping
nothing but the capture: every request and response as a JSON line (README, "Capture format")
that `replay CAPTURE` runs offline. A capture holds no key, secret, signature or nonce (those
live only in request headers, which are not recorded) and only the content-type,
retry-after and date response headers. Send one to us to reproduce what your account's API
does.

Options:
  --config FILE    connector config; the secret may come from BITSTAMP_API_SECRET
  --out CAPTURE    the capture file to write (replaced)
  --tasks LIST     only these root tasks (default all)
  --quiet, --verbose, --help
)";

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

struct LiveArguments {
  std::string config_path;
  std::string store_path = "bitstamp.sqlite";
  std::string jsonl_path;
  std::string out_path;
  bool once = false;
  bitstamp::core::EnabledTasks tasks;
  connector::Severity log_threshold = connector::Severity::info;
};

std::string parse_live_arguments(const std::vector<std::string>& args, bool recording, LiveArguments& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&](std::string& target) {
      if (i + 1 >= args.size()) return false;
      target = args[++i];
      return true;
    };
    std::string list;
    if (arg == "--config") {
      if (!value(parsed.config_path)) return "--config needs a file";
    } else if (arg == "--store" && !recording) {
      if (!value(parsed.store_path)) return "--store needs a path";
    } else if (arg == "--jsonl" && !recording) {
      if (!value(parsed.jsonl_path)) return "--jsonl needs a file";
    } else if (arg == "--out" && recording) {
      if (!value(parsed.out_path)) return "--out needs a file";
    } else if (arg == "--once" && !recording) {
      parsed.once = true;
    } else if (arg == "--tasks") {
      if (!value(list)) return "--tasks needs a list";
      if (std::string e = parse_tasks(list, parsed.tasks); !e.empty()) return e;
    } else if (arg == "--quiet") {
      parsed.log_threshold = connector::Severity::error;
    } else if (arg == "--verbose") {
      parsed.log_threshold = connector::Severity::debug;
    } else {
      return "unknown argument '" + arg + "'";
    }
  }
  if (parsed.config_path.empty()) return "--config FILE is required";
  if (recording && parsed.out_path.empty()) return "--out CAPTURE is required";
  return "";
}

void print_config_errors(const std::string& path, const std::vector<connector::ConfigError>& errors,
                         const Redactor& redactor, std::ostream& err) {
  for (const connector::ConfigError& error : errors) {
    err << redactor.redact(path + ": " + (error.field.empty() ? "config" : error.field) + ": " + error.message) << "\n";
  }
}

// Reads and validates the config (a Fireblocks one when it has a privateKey, else Bitstamp's)
// into the options of a live run; on failure prints every problem and returns nullopt.
std::optional<SyncOptions> load_options(const std::string& path, const CliEnvironment& environment,
                                        const LiveArguments& arguments, Redactor& redactor, std::ostream& err) {
  const std::optional<std::string> text = read_file(path);
  if (!text) {
    err << "cannot read config " << path << "\n";
    return std::nullopt;
  }
  SyncOptions options;
  options.once = arguments.once;
  options.jitter_seed = std::random_device{}();
  const std::string private_key = fireblocks::core::extract_private_key(*text);
  if (!private_key.empty() || text->find("\"privateKey\"") != std::string::npos) {
    redactor.add_secret_and_its_lines(fireblocks::core::unescape_private_key(private_key));
    const fireblocks::core::ConfigParse parsed = fireblocks::core::parse_config(*text);
    if (!parsed.config) {
      print_config_errors(path, parsed.errors, redactor, err);
      return std::nullopt;
    }
    FireblocksSync fireblocks{*parsed.config, {}};
    fireblocks.settings.polling_period_ms = parsed.config->polling_period_ms;
    fireblocks.settings.accounts = arguments.tasks.accounts;
    fireblocks.settings.payments = arguments.tasks.payments;
    options.fireblocks = std::move(fireblocks);
    return options;
  }
  if (environment.api_secret) redactor.add_secret(*environment.api_secret);
  redactor.add_secret(bitstamp::core::extract_api_secret(*text));
  const bitstamp::core::ConfigParse parsed = bitstamp::core::parse_config(*text, environment.api_secret);
  if (!parsed.config) {
    print_config_errors(path, parsed.errors, redactor, err);
    return std::nullopt;
  }
  redactor.add_secret(parsed.config->api_secret);
  options.config = *parsed.config;
  options.settings.polling_period_ms = parsed.config->polling_period_ms;
  options.settings.tasks = arguments.tasks;
  return options;
}

void install_stop_handlers() {
  stop_requested.store(false);
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

// The shared start of `sync` and `record`: --help, or the arguments read. The exit code when
// the command ends here (help shown, or a usage error), nullopt when it goes on.
std::optional<int> read_live_command(std::string_view name, std::string_view help, const std::vector<std::string>& args,
                                     bool recording, LiveArguments& arguments, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << help;
      return exit_ok;
    }
  }
  if (const std::string problem = parse_live_arguments(args, recording, arguments); !problem.empty()) {
    err << name << ": " << problem << "\n\n" << help;
    return exit_usage;
  }
  return std::nullopt;
}

}  // namespace

int run_sync_command(const std::vector<std::string>& args, const CliEnvironment& environment, std::ostream& out,
                     std::ostream& err) {
  LiveArguments arguments;
  if (const std::optional<int> done = read_live_command("sync", sync_help, args, false, arguments, out, err)) {
    return *done;
  }
  Redactor redactor;
  std::optional<SyncOptions> loaded = load_options(arguments.config_path, environment, arguments, redactor, err);
  if (!loaded) return exit_usage;
  Logger logger(err, redactor, arguments.log_threshold);
  std::ofstream jsonl;
  if (!arguments.jsonl_path.empty()) {
    jsonl.open(arguments.jsonl_path, std::ios::app | std::ios::binary);
    if (!jsonl) {
      err << "sync: cannot open " << arguments.jsonl_path << " for appending\n";
      return exit_usage;
    }
  }
  std::unique_ptr<SqliteStore> opened;
  try {
    opened = std::make_unique<SqliteStore>(arguments.store_path);
  } catch (const StoreError& error) {
    // Not this connector's store, or not writable here: refused before anything is sent or written.
    err << "sync: " << redactor.redact(error.what()) << "\n";
    return exit_usage;
  }
  SqliteStore& store = *opened;
  try {
    SyncOptions& options = *loaded;
    if (jsonl.is_open()) {
      options.on_commit = [&](const std::vector<connector::Record>& records) {
        for (const connector::Record& record : records) jsonl << connector::to_json(record) << '\n';
        jsonl.flush();
      };
    }
    if (::isatty(STDERR_FILENO) != 0) options.progress = &err;
    install_stop_handlers();
    const SyncOutcome outcome = run_sync(options, store, logger, stop_requested);
    if (outcome.store_failed) return exit_failure;
    if (arguments.once && outcome.failed_cycles > 0) {
      err << "sync: " << outcome.failed_cycles << " cycle(s) failed; the first: "
          << redactor.redact(outcome.failures.front()) << "\n";
      return exit_failure;
    }
    return exit_ok;
  } catch (const StoreError& error) {
    err << "sync: " << redactor.redact(error.what()) << "\n";
    return exit_failure;
  }
}

int run_record(const std::vector<std::string>& args, const CliEnvironment& environment, std::ostream& out,
               std::ostream& err) {
  LiveArguments arguments;
  if (const std::optional<int> done = read_live_command("record", record_help, args, true, arguments, out, err)) {
    return *done;
  }
  arguments.once = true;
  Redactor redactor;
  std::optional<SyncOptions> loaded = load_options(arguments.config_path, environment, arguments, redactor, err);
  if (!loaded) return exit_usage;
  std::ofstream capture(arguments.out_path, std::ios::trunc | std::ios::binary);
  if (!capture) {
    err << "record: cannot write " << arguments.out_path << "\n";
    return exit_usage;
  }
  Logger logger(err, redactor, arguments.log_threshold);
  MemoryStore store;
  SyncOptions& options = *loaded;
  std::size_t exchanges = 0;
  options.on_exchange = [&](const Exchange& exchange) {
    // The capture is written through the redactor too: a body echoing the secret keeps none of it.
    capture << redactor.redact(write_exchange(exchange)) << '\n';
    ++exchanges;
  };
  if (::isatty(STDERR_FILENO) != 0) options.progress = &err;
  install_stop_handlers();
  const SyncOutcome outcome = run_sync(options, store, logger, stop_requested);
  capture.flush();
  err << "record: " << exchanges << " exchange(s) written to " << arguments.out_path << "\n";
  return outcome.failed_cycles > 0 ? exit_failure : exit_ok;
}

}  // namespace harness
