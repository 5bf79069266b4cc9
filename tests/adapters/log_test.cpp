// Proves log lines are structured and that a configured secret is redacted wherever it appears.
#include <gtest/gtest.h>

#include <sstream>

#include "bitstamp/adapters/log.hpp"

namespace bitstamp::adapters {
namespace {

TEST(Log, WritesLogfmtQuotingWhenNeeded) {
  EXPECT_EQ(format_log_line(core::Severity::warning, "asset.unknown_ticker", "ticker FOO \"x\""),
            R"(level=warning code=asset.unknown_ticker msg="ticker FOO \"x\"")");
  EXPECT_EQ(format_log_line(core::Severity::info, "a", "b"), "level=info code=a msg=b");
}

TEST(Log, RedactsEveryOccurrenceOfTheSecret) {
  Redactor redactor;
  redactor.add_secret("hunter22");
  EXPECT_EQ(redactor.redact("x hunter22 y hunter22hunter22"), "x [redacted] y [redacted][redacted]");
  std::ostringstream out;
  Logger logger(out, redactor, core::Severity::info);
  logger.log(core::Severity::error, "auth", "signed with hunter22");
  logger.log(core::Severity::debug, "hidden", "below the threshold");
  EXPECT_EQ(out.str(), "level=error code=auth msg=\"signed with [redacted]\"\n");
}

}  // namespace
}  // namespace bitstamp::adapters
