// Proves log lines are structured and that a configured secret is redacted wherever it appears.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/log.hpp"

namespace harness {
namespace {

TEST(Log, WritesLogfmtQuotingWhenNeeded) {
  EXPECT_EQ(format_log_line(connector::Severity::warning, "asset.unknown_ticker", "ticker FOO \"x\""),
            R"(level=warning code=asset.unknown_ticker msg="ticker FOO \"x\"")");
  EXPECT_EQ(format_log_line(connector::Severity::info, "a", "b"), "level=info code=a msg=b");
}

TEST(Log, RedactsEveryOccurrenceOfTheSecret) {
  Redactor redactor;
  redactor.add_secret("hunter22");
  EXPECT_EQ(redactor.redact("x hunter22 y hunter22hunter22"), "x [redacted] y [redacted][redacted]");
  std::ostringstream out;
  Logger logger(out, redactor, connector::Severity::info);
  logger.log(connector::Severity::error, "auth", "signed with hunter22");
  logger.log(connector::Severity::debug, "hidden", "below the threshold");
  EXPECT_EQ(out.str(), "level=error code=auth msg=\"signed with [redacted]\"\n");
}

}  // namespace
}  // namespace harness
