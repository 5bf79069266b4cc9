// `serve`: the simulated Bitstamp account (or Fireblocks workspace) on 127.0.0.1 for any client (another library, curl
// and openssl, `sync` itself), with the checks of `demo`, until SIGINT or SIGTERM.
#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "harness/cli.hpp"
#include "harness/clock.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/simulator/http_front.hpp"
#include "cli_arguments.hpp"
#include "connector/limits.hpp"
#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/simulator/http_front.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace harness {
namespace {

constexpr const char* serve_help = R"(Usage: bitstamp-connector serve [options]

Serves a simulated Bitstamp account on 127.0.0.1 (never another interface) with the API's
semantics and its checks: X-Auth, the version, the timestamp (within 150 s), the nonce (a
lowercase UUID never reused within 150 s) and the HMAC-SHA256 v2 signature over the Host
header the client sent, exactly as Bitstamp does (a wrong signature gets 403 API0005).
Prints one line with the base URL, the key and the secret to sign with, then serves until
SIGINT or SIGTERM, and prints what it served and refused.

With --connector fireblocks, a simulated Fireblocks workspace instead, checking every request's
RS256 JWT as Fireblocks does (signature, uri, sub, bodyHash, iat/exp, nonce: 401 with codes -1,
-4, -7, -10, -12). An RSA key pair is made for the run; the private key, which clients sign
with, is written to a new file (mode 0600) whose path is printed instead of a secret.

Options:
  --connector NAME  bitstamp (default) or fireblocks
  --seed N          the simulated account (default 42)
  --history-days D  days of account history before now (1..365, default 30)
  --port P          the port (1..65535; default a free one, printed)
  --faults LIST     none (default), all, or a comma-separated list of rate_limited and
                    server_error: storms of 429 (400.002, Retry-After: 1) and 502 answers
  --intensity PCT   how many of every 100 checked requests each fault takes, x PCT/100
                    (0..1000, default 100: 3 of every 100)
  --key KEY         the API key clients must send (default made up)
  --secret SECRET   the API secret they sign with (default made up; with --key only)
  --help            this text

Example, a signed request with curl and openssl (seed 002's string to sign):
  nonce=$(cat /proc/sys/kernel/random/uuid); ts=$(($(date +%s%N)/1000000))
  sig=$(printf 'BITSTAMP %sPOST%s/api/v2/account_balances/%s%sv2' "$KEY" "127.0.0.1:$PORT" "$nonce" "$ts" |
        openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')
  curl -s -X POST "http://127.0.0.1:$PORT/api/v2/account_balances/" -H "X-Auth: BITSTAMP $KEY" \
       -H "X-Auth-Signature: $sig" -H "X-Auth-Nonce: $nonce" -H "X-Auth-Timestamp: $ts" -H "X-Auth-Version: v2"
)";

constexpr std::int64_t serve_history_days_max = 365;
constexpr std::uint32_t fault_period = 100;          // faults come as storms within every 100 requests
constexpr std::uint32_t faults_per_period_base = 3;  // at 100% intensity
constexpr std::uint32_t intensity_percent_max = 1000;
constexpr std::int64_t stop_poll_ms = 50;

std::atomic<bool> serve_stop{false};
extern "C" void request_serve_stop(int) { serve_stop.store(true); }

struct ServeArguments {
  std::uint64_t seed = 42;
  std::int64_t history_days = 30;
  std::uint16_t port = 0;
  bool rate_limited = false;
  bool server_errors = false;
  std::uint32_t intensity_percent = 100;
  std::string key;
  std::string secret;
  std::string connector = "bitstamp";
};

// "" when read, else the problem.
std::string read_faults(const std::string& list, ServeArguments& arguments) {
  arguments.rate_limited = arguments.server_errors = false;
  if (list == "none") return "";
  if (list == "all") {
    arguments.rate_limited = arguments.server_errors = true;
    return "";
  }
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    const std::string name = list.substr(begin, end - begin);
    if (name == "rate_limited") {
      arguments.rate_limited = true;
    } else if (name == "server_error") {
      arguments.server_errors = true;
    } else {
      return "--faults takes none, all, or rate_limited and server_error, not '" + name + "'";
    }
    begin = end + 1;
  }
  return "";
}

std::string read_arguments(const std::vector<std::string>& args, ServeArguments& arguments) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (i + 1 >= args.size()) return "unknown argument '" + arg + "' (or it needs a value)";
    const std::string& value = args[++i];
    if (arg == "--connector") {
      if (value != "bitstamp" && value != "fireblocks") return "--connector must be bitstamp or fireblocks";
      arguments.connector = value;
    } else if (arg == "--seed") {
      if (!parse_integer<std::uint64_t>(value, 0, UINT64_MAX, arguments.seed)) return "--seed must be a non-negative integer";
    } else if (arg == "--history-days") {
      if (!parse_integer<std::int64_t>(value, 1, serve_history_days_max, arguments.history_days)) {
        return "--history-days must be an integer in 1..365";
      }
    } else if (arg == "--port") {
      if (!parse_integer<std::uint16_t>(value, 1, 65535, arguments.port)) return "--port must be an integer in 1..65535";
    } else if (arg == "--faults") {
      if (const std::string problem = read_faults(value, arguments); !problem.empty()) return problem;
    } else if (arg == "--intensity") {
      if (!parse_integer<std::uint32_t>(value, 0, intensity_percent_max, arguments.intensity_percent)) {
        return "--intensity must be an integer in 0..1000";
      }
    } else if (arg == "--key") {
      arguments.key = value;
    } else if (arg == "--secret") {
      arguments.secret = value;
    } else {
      return "unknown argument '" + arg + "'";
    }
  }
  if (arguments.secret.empty() != arguments.key.empty()) return "--key and --secret go together";
  if (arguments.connector == "fireblocks" && !arguments.secret.empty()) return "--secret is Bitstamp's; Fireblocks signs with a key made for the run";
  return "";
}

void install_serve_stop() {
  serve_stop.store(false);
  std::signal(SIGINT, request_serve_stop);
  std::signal(SIGTERM, request_serve_stop);
}

void wait_for_serve_stop() {
  while (!serve_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(stop_poll_ms));
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

int serve_fireblocks(const ServeArguments& arguments, std::ostream& out, std::ostream& err) {
  constexpr unsigned key_bits = 2048;
  const std::optional<fireblocks::adapters::PrivateKey> key = fireblocks::adapters::PrivateKey::generate(key_bits);
  if (!key) {
    err << "serve: OpenSSL could not make an RSA key\n";
    return exit_failure;
  }
  const std::int64_t now_ms = wall_clock_ms();
  fireblocks::simulator::WorkspaceShape shape;
  shape.start_ms = now_ms - arguments.history_days * connector::ms_per_day;
  shape.end_ms = now_ms;
  const fireblocks::simulator::Workspace workspace(arguments.seed, shape);
  fireblocks::simulator::FrontOptions options{arguments.key.empty() ? fireblocks::adapters::random_uuid() : arguments.key,
                                              key->public_pem(), {}, arguments.port};
  const std::uint32_t per_period = faults_per_period_base * arguments.intensity_percent / 100;
  if ((arguments.rate_limited || arguments.server_errors) && per_period > 0) {
    options.faults.period = fault_period;
    options.faults.rate_limited = arguments.rate_limited ? per_period : 0;
    options.faults.server_errors = arguments.server_errors ? per_period : 0;
  }
  const std::string key_path = (std::filesystem::temp_directory_path() /
                                ("fireblocks-serve-" + std::to_string(::getpid()) + "-key.pem")).string();
  {
    const mode_t previous = ::umask(077);  // the file is born private
    std::ofstream file(key_path, std::ios::trunc);
    ::umask(previous);
    file << key->private_pem();
    if (!file.flush()) {
      err << "serve: cannot write " << key_path << "\n";
      return exit_failure;
    }
  }
  try {
    const fireblocks::simulator::HttpFront front(workspace, options);
    install_serve_stop();
    out << "serve: " << front.endpoint() << " key " << options.api_key << " private-key " << key_path << " (seed "
        << arguments.seed << ", " << arguments.history_days << " days of history, " << workspace.transactions().size()
        << " transactions; SIGINT or SIGTERM stops)" << std::endl;
    wait_for_serve_stop();
    const fireblocks::simulator::FrontStats stats = front.stats();
    out << "serve: stopped; " << stats.requests << " request(s), " << stats.answered << " answered, " << stats.refused
        << " refused (" << stats.refused_signature << " signature, " << stats.refused_uri << " uri, " << stats.refused_time
        << " time), " << stats.faults_injected << " faults injected" << std::endl;
  } catch (const std::runtime_error& error) {
    err << "serve: " << error.what() << "\n";
    std::filesystem::remove(key_path);
    return exit_failure;
  }
  std::filesystem::remove(key_path);
  return exit_ok;
}

}  // namespace

int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << serve_help;
      return exit_ok;
    }
  }
  ServeArguments arguments;
  if (const std::string problem = read_arguments(args, arguments); !problem.empty()) {
    err << "serve: " << problem << "\n\n" << serve_help;
    return exit_usage;
  }
  if (arguments.connector == "fireblocks") return serve_fireblocks(arguments, out, err);
  bitstamp::simulator::HttpFrontOptions options;
  options.api_key = arguments.key.empty() ? "serve-" + bitstamp::adapters::random_nonce().substr(0, 8) : arguments.key;
  options.api_secret = arguments.secret.empty() ? bitstamp::adapters::random_nonce() : arguments.secret;
  options.port = arguments.port;
  const std::uint32_t per_period = faults_per_period_base * arguments.intensity_percent / 100;
  if ((arguments.rate_limited || arguments.server_errors) && per_period > 0) {
    options.faults.period = fault_period;
    options.faults.rate_limited = arguments.rate_limited ? per_period : 0;
    options.faults.server_errors = arguments.server_errors ? per_period : 0;
  }
  const std::int64_t now_s = wall_clock_ms() / 1000;
  const bitstamp::simulator::Account account = bitstamp::simulator::static_account(arguments.seed, arguments.history_days, now_s);
  try {
    const bitstamp::simulator::HttpFront front(account, options);
    install_serve_stop();
    // The one line a client needs; the secret is the simulation's own, made up for this run.
    out << "serve: " << front.endpoint() << " key " << options.api_key << " secret " << options.api_secret
        << " (seed " << arguments.seed << ", " << arguments.history_days << " days of history; SIGINT or SIGTERM stops)"
        << std::endl;
    wait_for_serve_stop();
    const bitstamp::simulator::HttpFrontStats stats = front.stats();
    out << "serve: stopped; " << stats.requests << " request(s), " << stats.answered_by_account << " answered, "
        << stats.rejected_auth << " refused (" << stats.rejected_signature << " signature, " << stats.rejected_nonce
        << " nonce), " << stats.faults_injected << " faults injected, " << stats.rate_limit_violations
        << " over the rate limits" << std::endl;
  } catch (const std::runtime_error& error) {
    err << "serve: " << error.what() << "\n";
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace harness
