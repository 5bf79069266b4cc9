// `demo`: the whole product on one machine with no credentials and no network beyond
// loopback: a simulated account served over HTTP on 127.0.0.1, `sync --once` through the
// real libcurl adapter and signer into a fresh SQLite file, then its report.
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <random>

#include "harness/cli.hpp"
#include "harness/clock.hpp"
#include "harness/report.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "harness/sqlite_store.hpp"
#include "harness/sync.hpp"
#include "bitstamp/simulator/http_front.hpp"
#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/simulator/http_front.hpp"
#include "cli_arguments.hpp"

namespace harness {
namespace {

constexpr const char* demo_help = R"(Usage: bitstamp-connector demo [options]

Starts a simulated Bitstamp account on a free 127.0.0.1 port (it checks signatures, nonces
and timestamps like Bitstamp), runs `sync --once` against it through the real HTTP client
into a fresh SQLite store, and prints the store's report. No credentials, no network beyond
loopback; the key and secret are made up for the run and never printed.

With --connector fireblocks, a simulated Fireblocks workspace instead (vaults, multi-chain
assets, transactions moving through their statuses; it verifies every request's RS256 JWT like
Fireblocks), synced with an RSA key pair made for the run and kept in memory only.

Options:
  --connector NAME  bitstamp (default) or fireblocks
  --seed N          the simulated account (default 42)
  --history-days D  days of account history before now (1..365, default 30)
  --store PATH      where to keep the store (must not exist; default a new file under the
                    temporary directory, printed at the end)
  --verbose         log every step (default: warnings and errors only)
  --help            this text
)";

constexpr std::int64_t demo_history_days_max = 365;
constexpr unsigned demo_key_bits = 2048;

// `sync --once` into a fresh store, then what it made, what the simulated server checked and
// refused (`served`, asked after the sync), and the store's report.
int sync_and_report(const SyncOptions& options, Logger& logger, const std::string& store_path, std::string_view signed_kind,
                    const std::function<std::pair<std::uint64_t, std::uint64_t>()>& served, std::ostream& out,
                    std::ostream& err) {
  try {
    SqliteStore store(store_path);
    const std::atomic<bool> never_stop{false};
    const SyncOutcome outcome = run_sync(options, store, logger, never_stop);
    const auto [checked, refused] = served();
    out << "demo: sync --once made " << outcome.requests_sent << " " << signed_kind << " requests, " << outcome.commits
        << " commits, " << outcome.records << " records; the server checked " << checked << " requests and refused "
        << refused << "\n\n";
    print_report(store, out);
    out << "\nThe store is " << store_path << "; `bitstamp-connector report --store " << store_path
        << "` prints this report again.\n";
    return outcome.failed_cycles == 0 && !outcome.store_failed ? exit_ok : exit_failure;
  } catch (const StoreError& error) {
    err << "demo: " << error.what() << "\n";
    return exit_failure;
  }
}

int run_fireblocks_demo(std::uint64_t seed, std::int64_t history_days, const std::string& store_path,
                        connector::Severity threshold, std::ostream& out, std::ostream& err) {
  const std::int64_t now_ms = wall_clock_ms();
  fireblocks::simulator::WorkspaceShape shape;
  shape.start_ms = now_ms - history_days * connector::ms_per_day;
  shape.end_ms = now_ms;
  const fireblocks::simulator::Workspace workspace(seed, shape);
  std::optional<fireblocks::adapters::PrivateKey> key = fireblocks::adapters::PrivateKey::generate(demo_key_bits);
  if (!key) {
    err << "demo: OpenSSL could not make an RSA key\n";
    return exit_failure;
  }
  const std::string api_key = fireblocks::adapters::random_uuid();
  const fireblocks::simulator::HttpFront front(workspace, {api_key, key->public_pem(), {}, 0});
  Redactor redactor;
  const std::string pem = key->private_pem();
  redactor.add_secret_and_its_lines(pem);
  Logger logger(err, redactor, threshold);
  SyncOptions options;
  FireblocksSync fireblocks{fireblocks::core::Config{api_key, front.endpoint(), "demo", fireblocks::core::polling_period_ms_min, pem}, {}};
  fireblocks.settings.polling_period_ms = fireblocks::core::polling_period_ms_min;
  options.fireblocks = std::move(fireblocks);
  options.once = true;
  options.jitter_seed = std::random_device{}();
  if (::isatty(STDERR_FILENO) != 0) options.progress = &err;
  out << "demo: simulated Fireblocks workspace (seed " << seed << ", " << history_days << " days of history, "
      << workspace.transactions().size() << " transactions) at " << front.endpoint() << "\n";
  return sync_and_report(options, logger, store_path, "JWT-signed", [&] {
    const fireblocks::simulator::FrontStats stats = front.stats();
    return std::pair{stats.requests, stats.refused};
  }, out, err);
}

}  // namespace

int run_demo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::uint64_t seed = 42;
  std::int64_t history_days = 30;
  std::string store_path;
  std::string connector_name = "bitstamp";
  connector::Severity threshold = connector::Severity::warning;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--help" || arg == "-h") {
      out << demo_help;
      return exit_ok;
    } else if (arg == "--seed" && has_value) {
      if (!parse_integer<std::uint64_t>(args[++i], 0, UINT64_MAX, seed)) {
        err << "demo: --seed must be a non-negative integer\n";
        return exit_usage;
      }
    } else if (arg == "--history-days" && has_value) {
      if (!parse_integer<std::int64_t>(args[++i], 1, demo_history_days_max, history_days)) {
        err << "demo: --history-days must be an integer in 1..365\n";
        return exit_usage;
      }
    } else if (arg == "--connector" && has_value) {
      connector_name = args[++i];
      if (connector_name != "bitstamp" && connector_name != "fireblocks") {
        err << "demo: --connector must be bitstamp or fireblocks\n";
        return exit_usage;
      }
    } else if (arg == "--store" && has_value) {
      store_path = args[++i];
    } else if (arg == "--verbose") {
      threshold = connector::Severity::debug;
    } else {
      err << "demo: unknown argument '" << arg << "'\n\n" << demo_help;
      return exit_usage;
    }
  }
  if (store_path.empty()) {
    store_path = (std::filesystem::temp_directory_path() /
                  (connector_name + "-demo-" + std::to_string(::getpid()) + "-" + std::to_string(wall_clock_ms()) +
                   ".sqlite"))
                     .string();
  }
  if (std::filesystem::exists(store_path)) {
    err << "demo: " << store_path << " exists; the demo writes a fresh store only\n";
    return exit_usage;
  }
  if (connector_name == "fireblocks") return run_fireblocks_demo(seed, history_days, store_path, threshold, out, err);

  const std::int64_t now_s = wall_clock_ms() / 1000;
  const bitstamp::simulator::Account account = bitstamp::simulator::static_account(seed, history_days, now_s);
  bitstamp::simulator::HttpFrontOptions front_options{"demo-key", bitstamp::adapters::random_nonce(), {}};
  const bitstamp::simulator::HttpFront front(account, front_options);

  Redactor redactor;
  redactor.add_secret(front_options.api_secret);
  Logger logger(err, redactor, threshold);
  SyncOptions options;
  options.config = bitstamp::core::Config{front_options.api_key, front_options.api_secret, front.endpoint(), "demo",
                                bitstamp::core::polling_period_ms_min};
  options.settings.polling_period_ms = bitstamp::core::polling_period_ms_min;
  options.once = true;
  options.jitter_seed = std::random_device{}();
  if (::isatty(STDERR_FILENO) != 0) options.progress = &err;
  out << "demo: simulated account (seed " << seed << ", " << history_days << " days of history) at "
      << front.endpoint() << "\n";
  return sync_and_report(options, logger, store_path, "signed", [&] {
    const bitstamp::simulator::HttpFrontStats stats = front.stats();
    return std::pair{stats.requests, stats.rejected_auth};
  }, out, err);
}

}  // namespace harness
