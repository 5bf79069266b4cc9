// The backfill benchmark: a first sync of accounts with 10^4, 10^5 and 10^6 user transactions
// on the simulator (virtual time, 150 ms per request, the live client's 4 transfers in flight
// and rate limiter), records streamed into a SQLite store on disk. Each size runs in its own
// child process, so its peak RSS and CPU time are its own. See BENCHMARKS.md.
// Run: build-release/bench/bitstamp_backfill_bench [--rows N]... [--latency-ms MS] [--in-flight K]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/sqlite_store.hpp"
#include "bitstamp/simulator/backfill.hpp"
#include "bitstamp/simulator/synthetic_ledger.hpp"

namespace {

using namespace bitstamp;

constexpr const char* usage =
    "Usage: bitstamp_backfill_bench [--rows N]... [--latency-ms MS] [--in-flight K] [--dir D]\n"
    "\n"
    "Runs a first sync of a simulated account with N user transactions (default: 10000, 100000\n"
    "and 1000000, each in its own process) into a SQLite store under D (default: a fresh\n"
    "directory in /tmp, removed afterwards) and prints, per size: requests made against the\n"
    "lower bound, simulated wall time at MS per request (default 150) with K requests in flight\n"
    "(default 4), CPU time, peak RSS, and whether the store holds exactly the expected books.\n"
    "Exit codes: 0 every run complete and exact, 1 otherwise, 2 bad arguments.\n";

struct Arguments {
  std::vector<std::uint64_t> rows;
  std::int64_t latency_ms = 150;
  std::size_t in_flight = 4;
  std::string dir;
};

bool parse_number(const char* text, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return end != text && *end == '\0';
}

std::optional<Arguments> parse(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::cout << usage;
      std::exit(0);
    }
    std::uint64_t value = 0;
    if (i + 1 >= argc) return std::nullopt;
    const char* text = argv[++i];
    if (flag == "--dir") {
      arguments.dir = text;
      continue;
    }
    if (!parse_number(text, value)) return std::nullopt;
    if (flag == "--rows" && value > 0) {
      arguments.rows.push_back(value);
    } else if (flag == "--latency-ms") {
      arguments.latency_ms = static_cast<std::int64_t>(value);
    } else if (flag == "--in-flight" && value > 0) {
      arguments.in_flight = value;
    } else {
      return std::nullopt;
    }
  }
  if (arguments.rows.empty()) arguments.rows = {10'000, 100'000, 1'000'000};
  return arguments;
}

// The child: one backfill, its report as one line on `out`.
int run_one(const Arguments& arguments, std::uint64_t rows, const std::string& store_path, FILE* out) {
  simulator::BackfillOptions options;
  options.user_transactions = rows;
  options.latency_ms = arguments.latency_ms;
  options.in_flight_max = arguments.in_flight;
  harness::SqliteStore store(store_path);
  const simulator::BackfillReport report = simulator::run_backfill(options, store);
  const harness::StoreCounts counts = store.counts();
  // The store's own counters speak too: a record re-sent identically, or a historical order's
  // emission overlapping fills already folded in, is a fault of the core.
  std::vector<std::string> problems = report.problems;
  if (counts.repeated_records > 0) problems.push_back(std::to_string(counts.repeated_records) + " repeated record(s)");
  if (counts.order_fold_conflicts > 0) {
    problems.push_back(std::to_string(counts.order_fold_conflicts) + " historical order emission(s) refused by the store");
  }
  std::ostringstream line;
  line << report.requests << ' ' << report.user_transactions_requests << ' ' << report.user_transactions_pages_min
       << ' ' << report.simulated_ms << ' ' << report.commits << ' ' << report.records << ' '
       << report.records_per_commit_max << ' ' << report.rate_limit_violations << ' ' << problems.size() << ' '
       << counts.payments << ' ' << counts.conversions << ' ' << counts.orders;
  std::fprintf(out, "%s\n", line.str().c_str());
  for (const std::string& problem : problems) std::fprintf(stderr, "  problem: %s\n", problem.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<Arguments> parsed = parse(argc, argv);
  if (!parsed) {
    std::cerr << usage;
    return 2;
  }
  Arguments arguments = *parsed;
  const bool own_dir = arguments.dir.empty();
  if (own_dir) {
    char pattern[] = "/tmp/bitstamp-backfill-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    arguments.dir = pattern;
  }
  std::printf("%10s %9s %9s %7s %7s %9s %9s %8s %9s %8s %s\n", "rows", "requests", "ut-pages", "ut-min", "ratio",
              "sim-s", "cpu-s", "rss-MB", "commits", "max/cmt", "books");
  bool all_good = true;
  for (const std::uint64_t rows : arguments.rows) {
    const std::string store_path = arguments.dir + "/backfill-" + std::to_string(rows) + ".db";
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return 1;
    const pid_t child = fork();
    if (child == 0) {
      close(pipe_fds[0]);
      FILE* out = fdopen(pipe_fds[1], "w");
      const int code = run_one(arguments, rows, store_path, out);
      std::fclose(out);
      std::_Exit(code);
    }
    close(pipe_fds[1]);
    FILE* in = fdopen(pipe_fds[0], "r");
    char buffer[512] = {};
    const bool got = std::fgets(buffer, sizeof buffer, in) != nullptr;
    std::fclose(in);
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    std::uint64_t requests = 0, ut_requests = 0, ut_min = 0, commits = 0, records = 0, per_commit = 0, violations = 0,
                  problems = 0, payments = 0, conversions = 0, orders = 0;
    std::int64_t simulated_ms = 0;
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        std::sscanf(buffer, "%lu %lu %lu %ld %lu %lu %lu %lu %lu %lu %lu %lu", &requests, &ut_requests, &ut_min,
                    &simulated_ms, &commits, &records, &per_commit, &violations, &problems, &payments, &conversions,
                    &orders) != 12) {
      std::printf("%10lu  the run failed\n", rows);
      all_good = false;
      continue;
    }
    const auto expected = simulator::SyntheticLedger::expected_books(rows);
    const bool exact = expected.payments == payments && expected.conversions == conversions &&
                       expected.orders == orders && violations == 0 && problems == 0;
    all_good = all_good && exact;
    const double cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("%10lu %9lu %9lu %7lu %7.2f %9.1f %9.2f %8.1f %9lu %8lu %s\n", rows, requests, ut_requests, ut_min,
                static_cast<double>(ut_requests) / static_cast<double>(ut_min), static_cast<double>(simulated_ms) / 1000,
                cpu_s, static_cast<double>(usage.ru_maxrss) / 1024, commits, per_commit,
                exact ? "exact" : "WRONG (see stderr)");
    std::fflush(stdout);
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(store_path + suffix, ignored);
  }
  if (own_dir) std::filesystem::remove_all(arguments.dir);
  return all_good ? 0 : 1;
}
