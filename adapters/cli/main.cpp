// bitstamp-connector: the only place that reads the process environment and catches
// everything, so every failure ends as a clear message and a non-zero exit.
#include <cstdlib>
#include <exception>
#include <iostream>

#include "harness/cli.hpp"

int main(int argc, char** argv) {
  try {
    harness::CliEnvironment environment;
    if (const char* secret = std::getenv("BITSTAMP_API_SECRET"); secret != nullptr && *secret) {
      environment.api_secret = secret;
    }
    const std::vector<std::string> args(argv + 1, argv + argc);
    return harness::run_cli(args, environment, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "bitstamp-connector: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "bitstamp-connector: internal error\n";
  }
  return harness::exit_failure;
}
