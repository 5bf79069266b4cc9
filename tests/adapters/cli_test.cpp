// Proves the command line: --help on every command, clear errors and exit codes for bad
// input, validate-config naming fields, and the API secret absent from every byte printed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status;
  std::string out;
  std::string err;
};

CliRun run(const std::vector<std::string>& args, CliEnvironment environment = {}) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_cli(args, environment, out, err);
  return {status, out.str(), err.str()};
}

// A file in the test's temporary directory, removed with the fixture.
class CliTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("bitstamp-cli-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path directory_;
};

const std::string basic_capture =
    std::string(BITSTAMP_FIXTURES_DIR) + "/captures/accounts/basic_snapshot.jsonl";

TEST_F(CliTest, EveryCommandHasHelp) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"help"}, {"replay", "--help"},
        {"validate-config", "--help"}, {"simulate", "--help"}, {"help", "replay"}}) {
    const CliRun result = run(args);
    EXPECT_EQ(result.status, exit_ok);
    EXPECT_NE(result.out.find("Usage: bitstamp-connector"), std::string::npos);
  }
}

TEST_F(CliTest, UnknownCommandsAndOptionsAreUsageErrors) {
  EXPECT_EQ(run({}).status, exit_usage);
  const CliRun unknown = run({"frobnicate"});
  EXPECT_EQ(unknown.status, exit_usage);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(run({"replay", basic_capture, "--fast"}).err.find("unknown option '--fast'"), std::string::npos);
  EXPECT_EQ(run({"replay"}).status, exit_usage);
}

TEST_F(CliTest, SimulateTwicePrintsTheSameSummaryAndTraceHash) {
  const CliRun first = run({"simulate", "--seed", "7", "--days", "1"});
  const CliRun second = run({"simulate", "--seed", "7", "--days", "1"});
  ASSERT_EQ(first.status, exit_ok) << first.out << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out.find("invariants   hold"), std::string::npos);
  EXPECT_NE(first.out.find("trace-hash   0x"), std::string::npos);
  EXPECT_NE(first.out, run({"simulate", "--seed", "8", "--days", "1"}).out);
}

TEST_F(CliTest, SimulateWithAnInjectedBugExitsOneNamingTheViolation) {
  const CliRun broken = run({"simulate", "--seed", "1", "--days", "1", "--inject-bug", "no_cross_source_dedupe"});
  EXPECT_EQ(broken.status, exit_failure);
  EXPECT_NE(broken.out.find("violated"), std::string::npos);
  EXPECT_NE(broken.out.find("missing from the store (lost)"), std::string::npos);
}

TEST_F(CliTest, SimulateRefusesBadArgumentsClearly) {
  EXPECT_NE(run({"simulate", "--days", "0"}).err.find("--days must be an integer in 1..60"), std::string::npos);
  EXPECT_NE(run({"simulate", "--faults", "gremlins"}).err.find("unknown fault 'gremlins'"), std::string::npos);
  EXPECT_NE(run({"simulate", "--inject-bug", "typo"}).err.find("unknown bug 'typo'"), std::string::npos);
  EXPECT_NE(run({"simulate", "--seed"}).err.find("--seed needs a value"), std::string::npos);
  EXPECT_EQ(run({"simulate", "--seed", "-3"}).status, exit_usage);
}

TEST_F(CliTest, SimulateWritesAReplayableCapture) {
  const fs::path capture = directory_ / "run.jsonl";
  const CliRun simulated = run({"simulate", "--seed", "3", "--days", "1", "--faults", "none", "--page-size", "1000",
                                "--capture-out", capture.string()});
  ASSERT_EQ(simulated.status, exit_ok) << simulated.out;
  const CliRun replayed = run({"replay", capture.string(), "--strict", "--quiet"});
  EXPECT_EQ(replayed.status, exit_ok) << replayed.err;
  EXPECT_NE(replayed.err.find("0 unused"), std::string::npos);
}

TEST_F(CliTest, ReplayPrintsRecordsThenASummary) {
  const CliRun result = run({"replay", basic_capture, "--tasks", "accounts"});
  ASSERT_EQ(result.status, exit_ok) << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 8);
  EXPECT_NE(result.err.find("records    8 (4 account, 4 balance)"), std::string::npos);
}

TEST_F(CliTest, ReplayRefusesAMalformedCaptureClearly) {
  const fs::path capture = write("bad.jsonl", "{\"request\":{}}\n");
  const CliRun result = run({"replay", capture.string()});
  EXPECT_EQ(result.status, exit_usage);
  EXPECT_NE(result.err.find("line 1:"), std::string::npos);
  EXPECT_TRUE(result.out.empty());
  const CliRun missing = run({"replay", (directory_ / "absent.jsonl").string()});
  EXPECT_EQ(missing.status, exit_usage);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
}

TEST_F(CliTest, ReplayStrictFailsWhenCaptureAndCoreDisagree) {
  std::ifstream in(basic_capture);
  std::string first_line;
  std::getline(in, first_line);
  const fs::path capture = write("currencies_only.jsonl", first_line + "\n");
  EXPECT_EQ(run({"replay", capture.string(), "--tasks", "accounts"}).status, exit_ok);
  const CliRun strict = run({"replay", capture.string(), "--tasks", "accounts", "--strict"});
  EXPECT_EQ(strict.status, exit_strict_mismatch);
  EXPECT_NE(strict.err.find("unanswered POST /api/v2/account_balances/"), std::string::npos);
}

// A capture recorded one page at a time replays with --pages-in-flight 1, and only then: the
// default asks pages ahead that such a capture does not hold.
TEST_F(CliTest, ReplayAsksPagesAheadUnlessToldTheRecordingDidNot) {
  const std::string fixture = std::string(BITSTAMP_FIXTURES_DIR) + "/captures/orders/historical_across_pages.jsonl";
  std::ifstream in(fixture);
  std::string one_at_a_time;
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"(["offset","6"])") == std::string::npos && line.find(R"(["offset","8"])") == std::string::npos) {
      one_at_a_time += line + "\n";
    }
  }
  const fs::path capture = write("one_at_a_time.jsonl", one_at_a_time);
  const std::vector<std::string> replay = {"replay", capture.string(), "--tasks", "orders", "--page-size", "2", "--strict"};
  const CliRun ahead = run(replay);
  EXPECT_EQ(ahead.status, exit_strict_mismatch);
  EXPECT_NE(ahead.err.find("unanswered POST /api/v2/user_transactions/?limit=2&sort=asc&offset=6"), std::string::npos)
      << ahead.err;
  std::vector<std::string> sequential = replay;
  sequential.insert(sequential.end(), {"--pages-in-flight", "1"});
  const CliRun one = run(sequential);
  EXPECT_EQ(one.status, exit_ok) << one.err;
  EXPECT_NE(one.out.find(R"("com.bitstamp.spec/historical":"true")"), std::string::npos) << one.out;
}

TEST_F(CliTest, ReplayWritesAndResumesFromState) {
  const fs::path state = directory_ / "state.json";
  ASSERT_EQ(run({"replay", basic_capture, "--tasks", "accounts", "--state-out", state.string()}).status, exit_ok);
  std::ifstream in(state);
  std::string document;
  std::getline(in, document);
  EXPECT_NE(document.find("\"lastCompletedMs\":1759320001250"), std::string::npos);
  // Resuming from that state, the currencies table is fresh: only balances are asked for.
  const CliRun resumed = run({"replay", basic_capture, "--tasks", "accounts", "--state", state.string()});
  ASSERT_EQ(resumed.status, exit_ok) << resumed.err;
  EXPECT_NE(resumed.err.find("unused     exchange #1"), std::string::npos);
  const fs::path broken = write("broken.json", "{\"version\":9}");
  EXPECT_EQ(run({"replay", basic_capture, "--state", broken.string()}).status, exit_usage);
}

TEST_F(CliTest, ValidateConfigAcceptsAGoodConfigWithoutShowingTheSecret) {
  const fs::path config = write(
      "good.json", R"({"apiKey":"key-123","apiSecret":"TOPSECRET-abc","name":"bitstamp-main","pollingPeriod":"1h"})");
  const CliRun result = run({"validate-config", config.string()});
  EXPECT_EQ(result.status, exit_ok) << result.err;
  EXPECT_NE(result.out.find("config OK"), std::string::npos);
  EXPECT_NE(result.out.find("pollingPeriod  1h"), std::string::npos);
  EXPECT_EQ((result.out + result.err).find("TOPSECRET"), std::string::npos);
}

TEST_F(CliTest, ValidateConfigNamesEachFieldAndExitsNonZero) {
  const fs::path config = write("bad.json", R"({"apiKey":"k","pollingPeriod":"10m","endpoint":"http://example.com"})");
  const CliRun result = run({"validate-config", config.string()});
  EXPECT_EQ(result.status, exit_usage);
  for (const char* field : {"apiSecret: apiSecret is required", "name: name is required",
                            "pollingPeriod: pollingPeriod must be at least 20m",
                            "endpoint: endpoint must use https://", "4 problems"}) {
    EXPECT_NE(result.err.find(field), std::string::npos) << field << "\n" << result.err;
  }
}

TEST_F(CliTest, ValidateConfigNeverEchoesTheSecretEvenInTheWrongField) {
  const std::string secret = "s3cr3t-value-that-must-not-leak";
  for (const std::string& json :
       {R"({"apiKey":"k","apiSecret":")" + secret + R"(","name":"n","endpoint":")" + secret + "\"}",
        R"({"apiKey":"k","apiSecret":")" + secret + R"(","name":"n",")" + secret + "\":1}",
        R"({"apiKey":")" + secret + R"( ","apiSecret":")" + secret + R"(","name":")" + secret + " \"}"}) {
    const fs::path config = write("leak.json", json);
    const CliRun result = run({"validate-config", config.string()});
    EXPECT_EQ(result.status, exit_usage);
    EXPECT_EQ((result.out + result.err).find(secret), std::string::npos) << result.err;
  }
  // The secret from the environment is protected the same way.
  const fs::path config = write("env.json", R"({"apiKey":"k","name":"n","pollingPeriod":")" + secret + "\"}");
  const CliRun from_env = run({"validate-config", config.string()}, CliEnvironment{secret});
  EXPECT_EQ((from_env.out + from_env.err).find(secret), std::string::npos);
}

std::string golden_key_single_line() {
  std::ifstream in(std::string(BITSTAMP_FIXTURES_DIR) + "/fireblocks/golden_key.pem");
  std::string line;
  std::string out;
  while (std::getline(in, line)) out += line + "\\n";  // seed 003's single line with literal \n
  return out;
}

TEST_F(CliTest, ValidateConfigChecksAFireblocksConfigAndItsKeyWithoutShowingIt) {
  const std::string key = golden_key_single_line();
  const fs::path good = write("fb.json", R"({"apiKey":"b6f8a3c2","endpoint":"https://api.fireblocks.io/v1/","name":"fb",)"
                                         R"("privateKey":")" + key + "\"}");
  const CliRun ok = run({"validate-config", good.string()});
  ASSERT_EQ(ok.status, exit_ok) << ok.err;
  EXPECT_NE(ok.out.find("(Fireblocks)"), std::string::npos);
  EXPECT_NE(ok.out.find("endpoint       https://api.fireblocks.io\n"), std::string::npos) << ok.out;
  const std::string key_line = "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCvFVmLb+ulDYPs";
  EXPECT_EQ((ok.out + ok.err).find(key_line), std::string::npos);

  // A key that is PEM-shaped but cannot sign, a short polling period, the key pasted as a field.
  std::string broken = key;
  broken.replace(broken.find("MIIEv"), 5, "AAAAA");
  const fs::path bad = write("fb-bad.json", R"({"apiKey":"k","endpoint":"https://api.fireblocks.io","name":"fb",)"
                                           R"("pollingPeriod":"5m","privateKey":")" + broken + R"(",")" + key_line + R"(":1})");
  const CliRun refused = run({"validate-config", bad.string()});
  EXPECT_EQ(refused.status, exit_usage);
  for (const char* problem : {"pollingPeriod: pollingPeriod must be at least 20m", "privateKey: privateKey is not a readable",
                              "config: an unknown field", "3 problems"}) {
    EXPECT_NE(refused.err.find(problem), std::string::npos) << problem << "\n" << refused.err;
  }
  EXPECT_EQ((refused.out + refused.err).find(key_line.substr(10, 30)), std::string::npos) << refused.err;
}

TEST_F(CliTest, ValidateConfigReportsUnreadableFiles) {
  const CliRun result = run({"validate-config", (directory_ / "absent.json").string()});
  EXPECT_EQ(result.status, exit_usage);
  EXPECT_NE(result.err.find("cannot read"), std::string::npos);
  const fs::path not_json = write("x.json", "apiKey = 1");
  EXPECT_NE(run({"validate-config", not_json.string()}).err.find("config: the config is not valid JSON"),
            std::string::npos);
}

}  // namespace
}  // namespace harness
