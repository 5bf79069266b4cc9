#include "harness/cli.hpp"

namespace harness {
namespace {

constexpr const char* program_help = R"(bitstamp-connector: a read-only Bitstamp account connector (Formance record model)

Usage: bitstamp-connector <command> [options]

Commands:
  demo                      try it with no credentials: a simulated account on 127.0.0.1,
                            sync --once through the real HTTP client into a fresh SQLite
                            store, then its report
  sync --config FILE        poll a Bitstamp account and keep its books in a SQLite store
                            (--once for one pass; SIGINT/SIGTERM stop between commits)
  record --config FILE --out CAPTURE
                            one live pass written as a capture without any credential,
                            for `replay`
  report --store PATH       what a store holds: accounts, balances, payments, orders, cursors
  serve [--port P]          serve a simulated account on 127.0.0.1 for any client (signed
                            like Bitstamp), until SIGINT/SIGTERM
  replay CAPTURE            run the core over a captured API exchange file (JSON lines) and
                            print the resulting records as JSON lines, then a summary
  simulate [--seed N]       run the core against a simulated Bitstamp account with injected
                            faults and crashes; check the books; print a trace hash
  validate-config FILE      check a connector config (apiKey, apiSecret, endpoint, name,
                            pollingPeriod); every problem is named, the secret never shown
  help [COMMAND]            this text, or a command's own help

Every command takes --help. Exit codes: 0 success, 1 the work failed, 2 bad arguments or
unreadable input, 3 replay --strict found a mismatch (simulate: 1 = an invariant broke).
)";

}  // namespace

int run_cli(const std::vector<std::string>& args, const CliEnvironment& environment,
            std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << program_help;
    return exit_usage;
  }
  const std::string& command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h") {
    out << program_help;
    return exit_ok;
  }
  if (command == "help") {
    if (rest.empty()) {
      out << program_help;
      return exit_ok;
    }
    return run_cli({rest.front(), "--help"}, environment, out, err);
  }
  if (command == "--version") {
    out << "bitstamp-connector 0.1.0\n";
    return exit_ok;
  }
  if (command == "replay") return run_replay(rest, out, err);
  if (command == "sync") return run_sync_command(rest, environment, out, err);
  if (command == "record") return run_record(rest, environment, out, err);
  if (command == "demo") return run_demo(rest, out, err);
  if (command == "report") return run_report(rest, out, err);
  if (command == "serve") return run_serve(rest, out, err);
  if (command == "simulate") return run_simulate(rest, out, err);
  if (command == "validate-config") return run_validate_config(rest, environment, out, err);
  err << "bitstamp-connector: unknown command '" << command << "'\n\n" << program_help;
  return exit_usage;
}

}  // namespace harness
