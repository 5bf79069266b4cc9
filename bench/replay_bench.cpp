// Replay of a long capture: the first N exchanges of `simulate --seed 3 --days 1 --intensity 300
// --capture-out` (about 50,000 exchanges: every fault at three times its rate, so many retries,
// crashes and duplicated deliveries), replayed with the recording's page size. Answering a
// request must cost O(log n): before the index, 5k / 10k / 20k exchanges took 10.8 / 45.1 /
// 144.6 s. Target (BENCHMARKS.md): 20k under 5 s, t(20k) / t(5k) < 6.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "harness/capture.hpp"
#include "harness/cli.hpp"
#include "harness/replay.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp {
namespace {

struct LongCapture {
  std::vector<harness::Exchange> exchanges;
  std::uint32_t page_size = core::page_size_max;
};

// Recorded in-process, through the simulate command a user would run.
LongCapture record(std::vector<std::string> simulate_args) {
  LongCapture made;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("bitstamp-replay-bench-" + std::to_string(::getpid()) + ".jsonl");
  std::ostringstream out;
  std::ostringstream err;
  simulate_args.push_back("--capture-out");
  simulate_args.push_back(path.string());
  const int status = harness::run_simulate(simulate_args, out, err);
  if (status != harness::exit_ok) throw std::runtime_error("simulate failed: " + err.str());
  // "shell        page size 119, …": the replay asks pages as the recording did.
  const std::string text = out.str();
  const std::size_t at = text.find("page size ");
  if (at != std::string::npos)
    made.page_size = static_cast<std::uint32_t>(std::stoul(text.substr(at + 10)));
  harness::CaptureRead read = harness::read_capture_file(path.string());
  std::filesystem::remove(path);
  if (!read.error.empty()) throw std::runtime_error("capture: " + read.error);
  made.exchanges = std::move(read.exchanges);
  return made;
}

// The capture: every fault at three times its rate (about 50,000 exchanges). Its
// crashes make a replay diverge from the recording (a restarted process re-asks what it had not
// committed; the replay never crashed), so a longer prefix is not all used: exchanges_used says
// how much was.
const LongCapture& faulty_capture() {
  static const LongCapture capture = record({"--seed", "3", "--days", "1", "--intensity", "300"});
  return capture;
}

// A calm account over 10 days in pages of 5 (about 43,000 exchanges): the replay answers every
// exchange, so the time per exchange shows the cost of answering alone.
const LongCapture& calm_capture() {
  static const LongCapture capture =
      record({"--seed", "3", "--days", "10", "--faults", "none", "--page-size", "5"});
  return capture;
}

void replay_prefix(benchmark::State& state, const LongCapture& capture) {
  const auto count =
      std::min<std::size_t>(static_cast<std::size_t>(state.range(0)), capture.exchanges.size());
  const std::vector<harness::Exchange> prefix(
      capture.exchanges.begin(), capture.exchanges.begin() + static_cast<std::ptrdiff_t>(count));
  core::Settings settings;
  settings.page_size = capture.page_size;
  std::size_t used = 0;
  for (auto _ : state) {
    const harness::ReplayResult result = harness::replay(prefix, settings);
    used = result.summary.exchanges_used;
    benchmark::DoNotOptimize(result.records.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
  state.counters["exchanges_used"] = static_cast<double>(used);
}
void BM_ReplayCapturePrefix(benchmark::State& state) { replay_prefix(state, faulty_capture()); }
BENCHMARK(BM_ReplayCapturePrefix)
    ->Arg(5'000)
    ->Arg(10'000)
    ->Arg(20'000)
    ->Unit(benchmark::kMillisecond);

void BM_ReplayCalmCapturePrefix(benchmark::State& state) { replay_prefix(state, calm_capture()); }
BENCHMARK(BM_ReplayCalmCapturePrefix)
    ->Arg(5'000)
    ->Arg(10'000)
    ->Arg(20'000)
    ->Arg(40'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bitstamp
