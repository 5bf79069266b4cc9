// Fireblocks end to end through the real libcurl client, RS256 signer and stores against the
// simulated workspace's loopback front (127.0.0.1 only): a full sync judged by an oracle written
// from the wire digest; the front's JWT checks refusing a tampered signature, a wrong uri, an
// expired token, one issued in the future and a reused nonce; fault storms survived with
// nothing lost; kill -9 of `sync` mid-run then a restart giving the calm run's books; the
// private key found nowhere the program writes.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "connector/endpoint.hpp"
#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/simulator/http_front.hpp"
#include "fireblocks/simulator/simulation.hpp"
#include "harness/clock.hpp"
#include "harness/cli.hpp"
#include "harness/cores.hpp"
#include "harness/http_client.hpp"
#include "harness/memory_store.hpp"
#include "harness/sqlite_store.hpp"
#include "harness/sync.hpp"
#include "support/child_sync.hpp"
#include "support/sync_into_memory.hpp"

namespace fireblocks {
namespace {

namespace fs = std::filesystem;
using connector::ms_per_day;

constexpr const char* api_key = "5e2e0000-fb00-4000-8000-00000000e2e0";

const adapters::PrivateKey& test_key() {
  static const adapters::PrivateKey key = *adapters::PrivateKey::generate(2048);
  return key;
}

// A workspace whose last transaction is three days old: every status has reached its end (the
// latest reversal comes 30 h after completion), so every run sees the same books.
struct Bench {
  explicit Bench(simulator::FrontFaults faults = {}, std::uint32_t transactions = 150)
      : workspace(11, shape(transactions)), front(workspace, {api_key, test_key().public_pem(), faults, 0}) {}

  static simulator::WorkspaceShape shape(std::uint32_t transactions) {
    simulator::WorkspaceShape shape;
    shape.end_ms = harness::wall_clock_ms() - 3 * ms_per_day;
    shape.start_ms = shape.end_ms - 60 * ms_per_day;
    shape.transactions = transactions;
    return shape;
  }

  [[nodiscard]] harness::SyncOptions options() const {
    harness::SyncOptions options;
    harness::FireblocksSync sync{core::Config{api_key, front.endpoint(), "e2e", core::polling_period_ms_min, test_key().private_pem()}, {}};
    sync.settings.polling_period_ms = core::polling_period_ms_min;
    options.fireblocks = std::move(sync);
    options.once = true;
    options.jitter_seed = 1;
    return options;
  }

  [[nodiscard]] std::string config_json() const {
    std::string single_line;
    for (const char c : test_key().private_pem()) single_line += c == '\n' ? std::string("\\n") : std::string(1, c);
    return R"({"apiKey":")" + std::string(api_key) + R"(","endpoint":")" + front.endpoint() +
           R"(","name":"e2e","pollingPeriod":"20m","privateKey":")" + single_line + "\"}";
  }

  simulator::Workspace workspace;
  simulator::HttpFront front;
};

// The simulation's oracle, written from the wire digest rather than the core (simulation.hpp).
std::vector<std::string> oracle_verdict(const simulator::Workspace& workspace, const harness::MemoryStore& store,
                                        std::int64_t now_ms) {
  return simulator::check_books(workspace, store, now_ms);
}

using harness::testing::MemoryRun;
using harness::testing::sync_into_memory;

TEST(FireblocksEndToEnd, AFullSyncThroughLibcurlKeepsTheWholeWorkspace) {
  const Bench bench;
  const MemoryRun run = sync_into_memory(bench.options());
  ASSERT_EQ(run.outcome.failed_cycles, 0u) << run.log;
  EXPECT_EQ(oracle_verdict(bench.workspace, run.store, harness::wall_clock_ms()), std::vector<std::string>{});
  EXPECT_EQ(bench.front.stats().refused, 0u) << run.log;
  EXPECT_GE(run.outcome.requests_sent, 5u) << "two catalogue pages, blockchains, vaults, transactions";
}

TEST(FireblocksEndToEnd, StormsOfRateLimitsServerErrorsAndCutBodiesLoseNothing) {
  const Bench bench(simulator::FrontFaults{6, 1, 1, 1, 0}, 400);
  harness::SyncOptions options = bench.options();
  options.fireblocks->settings.page_size = 50;  // more pages, more faults met
  const MemoryRun run = sync_into_memory(options);
  EXPECT_EQ(run.outcome.failed_cycles, 0u) << run.log;
  EXPECT_GT(bench.front.stats().faults_injected, 3u);
  EXPECT_EQ(oracle_verdict(bench.workspace, run.store, harness::wall_clock_ms()), std::vector<std::string>{});
}

// One request through libcurl, as the signer made it (possibly altered), and the front's answer.
connector::Response send(harness::HttpRequest http) {
  harness::HttpClient client;
  client.start(std::move(http));
  for (int i = 0; i < 100; ++i) {
    for (harness::HttpAnswer& answer : client.wait(100)) return answer.response;
  }
  return {};
}

std::int64_t code_of(const connector::Response& response) {
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  return body.is_object() && body.contains("code") && body["code"].is_number_integer() ? body["code"].get<std::int64_t>() : 0;
}

TEST(FireblocksEndToEnd, TheFrontRefusesWhatFireblocksRefuses) {
  const Bench bench;
  const connector::Endpoint endpoint = *connector::parse_endpoint(bench.front.endpoint()).endpoint;
  const harness::FireblocksSigner signer(api_key, test_key(), endpoint);
  const connector::Request request = core::transactions_request(1, harness::wall_clock_ms(), 200);
  const std::int64_t now_ms = harness::wall_clock_ms();

  const harness::HttpRequest good = signer.to_http(request, now_ms);
  EXPECT_EQ(send(good).status, 200);
  const connector::Response replayed = send(good);
  EXPECT_EQ(replayed.status, 401);
  EXPECT_EQ(code_of(replayed), -1) << "a nonce is used once";

  harness::HttpRequest tampered = signer.to_http(request, now_ms);
  std::string& token = tampered.headers[1].value;
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(send(tampered)), -1);

  harness::HttpRequest elsewhere = signer.to_http(core::vaults_request(""), now_ms);
  elsewhere.url = signer.to_http(request, now_ms).url;  // signed for one uri, sent to another
  EXPECT_EQ(code_of(send(elsewhere)), -4);

  EXPECT_EQ(code_of(send(signer.to_http(request, now_ms - 120'000))), -10) << "expired";
  EXPECT_EQ(code_of(send(signer.to_http(request, now_ms + 120'000))), -12) << "issued in the future";

  harness::HttpRequest other_key = signer.to_http(request, now_ms);
  other_key.headers[0].value = "someone-else";
  EXPECT_EQ(code_of(send(other_key)), -7);
  EXPECT_EQ(bench.front.stats().refused, 6u);
}

TEST(FireblocksEndToEnd, AClockOffByMinutesFailsTheCycleNamingTheClock) {
  const Bench bench;
  harness::SyncOptions options = bench.options();
  options.clock = [] { return harness::wall_clock_ms() - 10 * connector::ms_per_minute; };
  const MemoryRun run = sync_into_memory(options);
  EXPECT_GT(run.outcome.failed_cycles, 0u);
  EXPECT_NE(run.log.find("check this machine's clock"), std::string::npos) << run.log;
  EXPECT_EQ(run.store.counts().payments, 0u);
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("fireblocks-e2e-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// `record` against the front writes a capture that `replay --strict` runs to the same payments.
TEST(FireblocksEndToEnd, ARecordedCaptureReplaysStrictlyToTheSamePayments) {
  const Bench bench;
  TempDir dir;
  std::ofstream(dir.file("config.json")) << bench.config_json();
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(harness::run_cli({"record", "--config", dir.file("config.json"), "--out", dir.file("capture.jsonl")}, {}, out, err),
            harness::exit_ok)
      << err.str();
  std::ifstream capture_file(dir.file("capture.jsonl"));
  const std::string capture((std::istreambuf_iterator<char>(capture_file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(capture.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(capture.find("Bearer"), std::string::npos) << "no token is recorded";
  std::ostringstream records;
  std::ostringstream log;
  ASSERT_EQ(harness::run_cli({"replay", dir.file("capture.jsonl"), "--strict"}, {}, records, log), harness::exit_ok) << log.str();
  EXPECT_NE(log.str().find("connector fireblocks (detected"), std::string::npos);
  std::size_t replayed_payments = 0;
  std::istringstream lines(records.str());
  for (std::string line; std::getline(lines, line);) replayed_payments += line.find(R"("kind":"payment")") != std::string::npos;
  const MemoryRun synced = sync_into_memory(bench.options());
  EXPECT_EQ(replayed_payments, synced.store.payments().size());
  EXPECT_GT(replayed_payments, 100u);
}

std::string without_account_lines(const std::string& view) {
  // An account's createdAt is when this connector first saw the vault: it differs between runs.
  std::string out;
  std::istringstream in(view);
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"("kind":"account")") == std::string::npos) out += line + "\n";
  }
  return out;
}

TEST(FireblocksEndToEnd, KillNineMidRunThenRestartGivesTheCalmRunsBooksAndTheKeyIsNowhere) {
  const Bench bench(simulator::FrontFaults{0, 0, 0, 0, /*latency_ms=*/25}, 1500);
  TempDir dir;
  std::ofstream(dir.file("config.json")) << bench.config_json();
  const std::string config = dir.file("config.json");
  const auto spawn_sync = [&](const std::string& store, const std::string& log) {
    return harness::testing::spawn_sync_once(BITSTAMP_CONNECTOR_BINARY, config, store, log, /*keep_stderr=*/false,
                                             /*verbose=*/true);
  };
  using harness::testing::wait_for;
  const int calm_status = wait_for(spawn_sync(dir.file("calm.sqlite"), dir.file("calm.log")));
  ASSERT_TRUE(WIFEXITED(calm_status) && WEXITSTATUS(calm_status) == 0) << calm_status;

  std::size_t killed = 0;
  for (const int after_ms : {150, 300, 450}) {
    const pid_t child = spawn_sync(dir.file("killed.sqlite"), dir.file("killed.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
    ::kill(child, SIGKILL);
    if (WIFSIGNALED(wait_for(child))) ++killed;
  }
  EXPECT_GE(killed, 2u) << "the kills should land while sync runs";
  const int final_status = wait_for(spawn_sync(dir.file("killed.sqlite"), dir.file("killed.log")));
  ASSERT_TRUE(WIFEXITED(final_status) && WEXITSTATUS(final_status) == 0) << final_status;
  const harness::SqliteStore calm(dir.file("calm.sqlite"));
  const harness::SqliteStore restarted(dir.file("killed.sqlite"));
  EXPECT_EQ(without_account_lines(restarted.canonical_view()), without_account_lines(calm.canonical_view()));
  EXPECT_EQ(restarted.counts().repeated_records, 0u);

  // The private key, and each line of it, is in no log, store or state.
  std::vector<std::string> secrets;
  std::istringstream pem(test_key().private_pem());
  for (std::string line; std::getline(pem, line);) {
    if (line.size() >= 40) secrets.push_back(line);
  }
  ASSERT_FALSE(secrets.empty());
  for (const char* file : {"calm.log", "killed.log", "calm.sqlite", "killed.sqlite"}) {
    std::ifstream in(dir.file(file), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& secret : secrets) EXPECT_EQ(bytes.find(secret), std::string::npos) << file;
  }
}

}  // namespace
}  // namespace fireblocks
