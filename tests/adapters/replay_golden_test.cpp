// Proves `replay` of every capture under fixtures/captures prints exactly its golden record
// file, and that replay is deterministic and matches requests to exchanges as documented.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli.hpp"
#include "harness/replay.hpp"
#include "connector/record_json.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<fs::path> captures() {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(BITSTAMP_FIXTURES_DIR) / "captures")) {
    if (entry.path().extension() == ".jsonl") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// The replay arguments of a capture: its tasks from its directory ("accounts+enrichment" ->
// "accounts,enrichment") and any options recorded beside it in NAME.args.
std::vector<std::string> replay_arguments(const fs::path& capture) {
  std::string task = capture.parent_path().filename().string();
  std::replace(task.begin(), task.end(), '+', ',');
  std::vector<std::string> arguments{capture.string(), "--tasks", task};
  fs::path args_file = capture;
  args_file.replace_extension(".args");
  if (fs::exists(args_file)) {
    std::istringstream words(slurp(args_file));
    for (std::string word; words >> word;) arguments.push_back(word);
  }
  return arguments;
}

// The exit status `replay --strict` must give: NAME.exit beside a capture that shows an
// abandoned cycle on purpose, 0 otherwise.
int strict_exit_for(const fs::path& capture) {
  fs::path exit_file = capture;
  exit_file.replace_extension(".exit");
  return fs::exists(exit_file) ? std::stoi(slurp(exit_file)) : exit_ok;
}

fs::path golden_for(const fs::path& capture) {
  const fs::path relative = fs::relative(capture, fs::path(BITSTAMP_FIXTURES_DIR) / "captures");
  fs::path golden = fs::path(BITSTAMP_FIXTURES_DIR) / "golden" / relative;
  golden.replace_extension(".records.jsonl");
  return golden;
}

TEST(ReplayGolden, EveryCaptureHasAGoldenFileAndMatchesIt) {
  const std::vector<fs::path> all = captures();
  ASSERT_GE(all.size(), 5u);
  for (const fs::path& capture : all) {
    SCOPED_TRACE(capture.string());
    const fs::path golden = golden_for(capture);
    ASSERT_TRUE(fs::exists(golden)) << "no golden file " << golden;
    std::ostringstream out;
    std::ostringstream err;
    std::vector<std::string> arguments = replay_arguments(capture);
    arguments.push_back("--strict");
    ASSERT_EQ(run_replay(arguments, out, err), strict_exit_for(capture)) << err.str();
    EXPECT_EQ(out.str(), slurp(golden));
  }
}

// `--strict` fails a replay that abandoned a cycle, and only such a one: the captures showing
// an auth failure and a missing currencies dataset exit 3 with the reason, the others 0.
TEST(ReplayGolden, StrictFailsWhenACycleWasAbandoned) {
  const fs::path capture = fs::path(BITSTAMP_FIXTURES_DIR) / "captures/accounts/auth_failure.jsonl";
  std::ostringstream out;
  std::ostringstream err;
  std::vector<std::string> arguments = replay_arguments(capture);
  EXPECT_EQ(run_replay(arguments, out, err), exit_ok);
  arguments.push_back("--strict");
  EXPECT_EQ(run_replay(arguments, out, err), exit_strict_mismatch);
  EXPECT_NE(err.str().find("a cycle was abandoned"), std::string::npos) << err.str();
}

// An indenting proxy's capture and the compact one replay to the same bytes: raw is compact.
TEST(ReplayGolden, AnIndentedCaptureGivesTheBytesOfItsCompactTwin) {
  const fs::path golden = fs::path(BITSTAMP_FIXTURES_DIR) / "golden/payments";
  EXPECT_EQ(slurp(golden / "crypto_all_lists_indented.records.jsonl"), slurp(golden / "crypto_all_lists.records.jsonl"));
  const std::string indented = slurp(fs::path(BITSTAMP_FIXTURES_DIR) / "captures/payments/crypto_all_lists_indented.jsonl");
  EXPECT_NE(indented.find("\\n  "), std::string::npos) << "the twin's bodies are indented";
}

TEST(ReplayGolden, TheSameCaptureAlwaysGivesTheSameBytes) {
  for (const fs::path& capture : captures()) {
    std::ostringstream first;
    std::ostringstream second;
    std::ostringstream err;
    ASSERT_EQ(run_replay(replay_arguments(capture), first, err), exit_ok);
    ASSERT_EQ(run_replay(replay_arguments(capture), second, err), exit_ok);
    EXPECT_EQ(first.str(), second.str()) << capture;
  }
}

// A response delivered twice leaves an exchange no request takes, stamped early in the
// capture. It must not turn the replay's clock back: every later cycle still replays.
TEST(ReplayGolden, AStaleUnusedExchangeDoesNotStopTheReplay) {
  const fs::path stale_capture = fs::temp_directory_path() / ("bitstamp-stale-" + std::to_string(::getpid()) + ".jsonl");
  for (const fs::path& capture : captures()) {
    SCOPED_TRACE(capture.string());
    const CaptureRead read = read_capture_file(capture.string());
    ASSERT_EQ(read.error, "");
    std::vector<Exchange> exchanges = read.exchanges;
    exchanges.insert(exchanges.begin() + 1, exchanges.front());
    exchanges[1].request.path = "/api/v2/never-asked/";
    {
      std::ofstream out(stale_capture, std::ios::binary | std::ios::trunc);
      for (const Exchange& exchange : exchanges) out << write_exchange(exchange) << '\n';
    }
    std::vector<std::string> arguments = replay_arguments(capture);
    arguments[0] = stale_capture.string();
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(run_replay(arguments, out, err), exit_ok) << err.str();
    EXPECT_EQ(out.str(), slurp(golden_for(capture)));
  }
  fs::remove(stale_capture);
}

// The index answering requests keys exchanges by method, path and parameters with the
// clock-derived windows by name only: a capture whose windows all differ from what the core
// asks replays to the same records, every exchange used.
TEST(Replay, MatchesWhateverTheClockDerivedWindowsSay) {
  const fs::path capture = fs::path(BITSTAMP_FIXTURES_DIR) / "captures/payments/withdrawal_status_change.jsonl";
  CaptureRead read = read_capture_file(capture.string());
  ASSERT_EQ(read.error, "");
  std::size_t changed = 0;
  for (Exchange& exchange : read.exchanges) {
    for (connector::Param& param : exchange.request.params) {
      if (param.name == "timedelta" || param.name == "since_timestamp") {
        param.value = "12345";
        ++changed;
      }
    }
  }
  ASSERT_GT(changed, 0u);
  bitstamp::core::Settings settings;
  settings.tasks = bitstamp::core::EnabledTasks{false, true, false, false, false};
  const ReplayResult result = replay(read.exchanges, settings);
  EXPECT_TRUE(result.summary.unused.empty());
  EXPECT_TRUE(result.summary.unanswered.empty());
  std::string printed;
  for (const connector::Record& record : result.records) printed += connector::to_json(record) + "\n";
  EXPECT_EQ(printed, slurp(golden_for(capture)));
}

bitstamp::core::Settings accounts_only() {
  bitstamp::core::Settings settings;
  settings.tasks.payments = false;
  settings.tasks.conversions = false;
  settings.tasks.orders = false;
  settings.tasks.enrichment = false;
  return settings;
}

TEST(Replay, ServesTheFirstUnusedMatchingExchangeAndReportsTheRest) {
  const CaptureRead capture = read_capture_file(
      (fs::path(BITSTAMP_FIXTURES_DIR) / "captures/accounts/basic_snapshot.jsonl").string());
  ASSERT_EQ(capture.error, "");
  std::vector<Exchange> exchanges = capture.exchanges;
  Exchange stray = exchanges.back();
  stray.request.path = "/api/v2/user_transactions/";
  exchanges.push_back(stray);
  const ReplayResult result = replay(exchanges, accounts_only());
  EXPECT_EQ(result.summary.exchanges_used, 2u);
  EXPECT_EQ(result.summary.unused, std::vector<std::size_t>{2});
  EXPECT_EQ(result.records.size(), 8u);
}

TEST(Replay, ReportsRequestsTheCaptureCannotAnswer) {
  const CaptureRead capture = read_capture_file(
      (fs::path(BITSTAMP_FIXTURES_DIR) / "captures/accounts/basic_snapshot.jsonl").string());
  ASSERT_EQ(capture.error, "");
  const std::vector<Exchange> only_currencies{capture.exchanges.front()};
  const ReplayResult result = replay(only_currencies, accounts_only());
  ASSERT_EQ(result.summary.unanswered.size(), 1u);
  EXPECT_EQ(result.summary.unanswered[0].path, "/api/v2/account_balances/");
  EXPECT_TRUE(result.records.empty());
  EXPECT_EQ(result.state.running, bitstamp::core::RunningCycles{});
}

// Pages asked ahead may arrive in any order, and how far a walk asks ahead depends on that
// order. A capture where the short last page (offset 4) arrived before the page before it
// (offset 2) replays exactly when answers are taken in the capture's order: answering page 2
// first would have opened the window to pages 6 and 8, which the recording never asked for.
TEST(Replay, AnswersInTheCapturesOrderSoAWalkAsksWhatTheRecordingAsked) {
  const CaptureRead capture = read_capture_file(
      (fs::path(BITSTAMP_FIXTURES_DIR) / "captures/orders/historical_across_pages.jsonl").string());
  ASSERT_EQ(capture.error, "");
  std::vector<Exchange> arrived;
  const auto offset_of = [](const Exchange& exchange) -> std::string {
    for (const connector::Param& param : exchange.request.params) {
      if (param.name == "offset" && exchange.request.params.size() == 3) return param.value;
    }
    return "";
  };
  for (const Exchange& exchange : capture.exchanges) {
    const std::string offset = offset_of(exchange);
    if (offset == "6" || offset == "8") continue;  // never asked when page 4 comes first
    arrived.push_back(exchange);
  }
  const auto page = [&](const std::string& offset) {
    return std::find_if(arrived.begin(), arrived.end(), [&](const Exchange& e) { return offset_of(e) == offset; });
  };
  ASSERT_NE(page("2"), arrived.end());
  ASSERT_NE(page("4"), arrived.end());
  std::iter_swap(page("2"), page("4"));
  bitstamp::core::Settings settings;
  settings.tasks = bitstamp::core::EnabledTasks{false, false, false, true, false};
  settings.page_size = 2;
  const ReplayResult result = replay(arrived, settings);
  EXPECT_TRUE(result.summary.unanswered.empty()) << result.summary.unanswered.front().path;
  EXPECT_TRUE(result.summary.unused.empty());
  EXPECT_EQ(result.records.size(), 2u);  // the two historical orders, as in the golden file
}

}  // namespace
}  // namespace harness
