#pragma once
// Structured log lines (logfmt: key=value, values quoted when needed), written through a
// Redactor so that a configured secret can never reach a log, an error or any output.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "connector/diagnostic.hpp"

namespace harness {

class Redactor {
 public:
  // Secrets shorter than this are not searched for: replacing every "a" would ruin the
  // output and protect nothing; configs refuse such secrets anyway.
  static constexpr std::size_t secret_length_min = 4;

  void add_secret(std::string secret);
  // A multi-line secret (a PEM private key): the whole, and each line long enough to be its own,
  // so that no fragment of it survives either.
  void add_secret_and_its_lines(std::string_view secret);
  [[nodiscard]] std::string redact(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;
};

// "level=warning code=asset.unknown_ticker msg=\"ticker FOO is not ...\""
[[nodiscard]] std::string format_log_line(connector::Severity severity, std::string_view code,
                                          std::string_view message);

class Logger {
 public:
  Logger(std::ostream& out, const Redactor& redactor, connector::Severity threshold)
      : out_(out), redactor_(redactor), threshold_(threshold) {}

  void log(connector::Severity severity, std::string_view code, std::string_view message);
  void log(const connector::Diagnostic& diagnostic) {
    log(diagnostic.severity, diagnostic.code, diagnostic.detail);
  }

 private:
  std::ostream& out_;
  const Redactor& redactor_;
  connector::Severity threshold_;
};

}  // namespace harness
