#pragma once
// The command-line program, as a function of its arguments and environment, writing to the
// given streams: main() is a thin wrapper, and tests run commands in-process.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace harness {

struct CliEnvironment {
  std::optional<std::string> api_secret;  // BITSTAMP_API_SECRET
};

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;       // the work itself failed
inline constexpr int exit_usage = 2;         // bad arguments or unreadable input
inline constexpr int exit_strict_mismatch = 3;  // replay --strict: capture and core disagree

// `args` excludes the program name.
[[nodiscard]] int run_cli(const std::vector<std::string>& args, const CliEnvironment& environment,
                          std::ostream& out, std::ostream& err);

// Subcommands, each with its own --help.
[[nodiscard]] int run_replay(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err);
[[nodiscard]] int run_simulate(const std::vector<std::string>& args, std::ostream& out,
                               std::ostream& err);
[[nodiscard]] int run_validate_config(const std::vector<std::string>& args,
                                      const CliEnvironment& environment, std::ostream& out,
                                      std::ostream& err);

[[nodiscard]] int run_sync_command(const std::vector<std::string>& args, const CliEnvironment& environment,
                                   std::ostream& out, std::ostream& err);
[[nodiscard]] int run_record(const std::vector<std::string>& args, const CliEnvironment& environment,
                             std::ostream& out, std::ostream& err);
[[nodiscard]] int run_demo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
[[nodiscard]] int run_report(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// Serves until SIGINT/SIGTERM; its first line of `out` (flushed) names the URL, key and secret.
[[nodiscard]] int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace harness
