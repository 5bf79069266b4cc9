// Proves `bitstamp-connector serve` serves the simulated account to any client: started as its
// own process, it prints its URL, key and secret on one line; a request signed with the
// project's signer is answered, one with a wrong signature is refused with API0005 as Bitstamp
// does, `sync --once` keeps the whole account through it, and SIGTERM ends it cleanly within a
// second with a summary of what it served and refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

#include "harness/cli.hpp"
#include "harness/clock.hpp"
#include "harness/http_client.hpp"
#include "harness/memory_store.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "harness/sync.hpp"
#include "connector/endpoint.hpp"
#include "bitstamp/core/signing.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp {
namespace {

// `serve` as a child process, its standard output on a pipe.
class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args) {
    args.insert(args.begin(), {BITSTAMP_CONNECTOR_BINARY, "serve"});
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      ::close(pipe_fds[1]);
      ::execv(BITSTAMP_CONNECTOR_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out_ = ::fdopen(pipe_fds[0], "r");
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) std::fclose(out_);
  }

  std::string line() {
    char buffer[1024];
    return std::fgets(buffer, sizeof buffer, out_) != nullptr ? std::string(buffer) : std::string();
  }

  // SIGTERM, then how long it took to exit and its status.
  std::pair<std::chrono::milliseconds, int> terminate() {
    const auto start = std::chrono::steady_clock::now();
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return {std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start),
            WIFEXITED(status) ? WEXITSTATUS(status) : -1};
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
};

struct Served {
  std::string endpoint;
  std::string key;
  std::string secret;
};

// "serve: http://127.0.0.1:PORT key KEY secret SECRET (…)"
Served read_banner(const std::string& line) {
  std::istringstream words(line);
  std::string prefix, endpoint, key_word, key, secret_word, secret;
  words >> prefix >> endpoint >> key_word >> key >> secret_word >> secret;
  EXPECT_EQ(prefix, "serve:") << line;
  EXPECT_EQ(key_word, "key");
  EXPECT_EQ(secret_word, "secret");
  return {endpoint, key, secret};
}

core::Response signed_post(const Served& served, std::string_view path, const std::string& secret) {
  const core::Request request{core::Task::accounts, core::Method::post, std::string(path), {}, true};
  const core::WireRequest wire = core::to_wire(request);
  const std::string host = core::parse_endpoint(served.endpoint).endpoint->host_header();
  std::vector<core::Header> headers = bitstamp::adapters::signed_headers(
      wire, {served.key, host, bitstamp::adapters::random_nonce(), harness::wall_clock_ms()}, bitstamp::adapters::ApiSecret(secret));
  harness::HttpClient client;
  client.start({1, core::Method::post, served.endpoint + wire.path, wire.body, headers});
  for (int round = 0; round < 100; ++round) {
    std::vector<harness::HttpAnswer> answers = client.wait(100);
    if (!answers.empty()) return answers.front().response;
  }
  return {};
}

TEST(Serve, AnswersSignedRequestsRefusesBadSignaturesAndStopsOnSigterm) {
  ServeProcess serve({"--seed", "7", "--history-days", "10", "--key", "any-client", "--secret", "any-client-secret-1"});
  const Served served = read_banner(serve.line());
  ASSERT_EQ(served.endpoint.rfind("http://127.0.0.1:", 0), 0u) << "loopback only";
  EXPECT_EQ(served.key, "any-client");
  const core::Response balances = signed_post(served, core::account_balances_path, served.secret);
  EXPECT_EQ(balances.status, 200) << balances.body;
  EXPECT_NE(balances.body.find("\"reserved\""), std::string::npos);
  const core::Response refused = signed_post(served, core::account_balances_path, "not-the-secret");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("API0005"), std::string::npos) << refused.body;
  // sync itself, through it
  harness::SyncOptions options;
  options.config = core::Config{served.key, served.secret, served.endpoint, "serve", core::polling_period_ms_min};
  options.once = true;
  options.jitter_seed = 3;
  harness::MemoryStore store;
  std::ostringstream log;
  harness::Redactor redactor;
  harness::Logger logger(log, redactor, core::Severity::warning);
  const std::atomic<bool> never{false};
  const harness::SyncOutcome outcome = harness::run_sync(options, store, logger, never);
  EXPECT_EQ(outcome.failed_cycles, 0u) << log.str();
  EXPECT_GT(store.counts().payments, 10u);
  const auto [took, status] = serve.terminate();
  EXPECT_LT(took.count(), 1000) << "SIGTERM ends it within a second";
  EXPECT_EQ(status, 0);
  const std::string summary = serve.line();
  EXPECT_NE(summary.find("serve: stopped;"), std::string::npos) << summary;
  EXPECT_NE(summary.find("1 refused (1 signature"), std::string::npos) << summary;
}

TEST(Serve, RefusesAPortThatIsTakenAndArgumentsThatAreWrong) {
  ServeProcess first({"--seed", "1", "--history-days", "1"});
  const Served served = read_banner(first.line());
  const std::string port = served.endpoint.substr(served.endpoint.rfind(':') + 1);
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(harness::run_cli({"serve", "--port", port}, {}, out, err), harness::exit_failure);
  EXPECT_NE(err.str().find("is it taken"), std::string::npos) << err.str();
  EXPECT_EQ(harness::run_cli({"serve", "--key", "k"}, {}, out, err), harness::exit_usage);
  EXPECT_EQ(harness::run_cli({"serve", "--faults", "meteor"}, {}, out, err), harness::exit_usage);
  EXPECT_EQ(harness::run_cli({"serve", "--port", "70000"}, {}, out, err), harness::exit_usage);
}

}  // namespace
}  // namespace bitstamp
