// Proves the capture format reads what it writes, refuses malformed lines with their line
// number, and has no place for credentials.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <sstream>

#include "harness/capture.hpp"

namespace harness {
namespace {

CaptureRead read(const std::string& text) {
  std::istringstream in(text);
  return read_capture(in);
}

Exchange sample() {
  Exchange exchange;
  exchange.request = connector::Request{connector::Task::accounts, connector::Method::post, "/api/v2/user_transactions/",
                                   {{"limit", "1000"}, {"since_id", "1"}}, true};
  exchange.response = connector::Response{connector::Transport::received, 200,
                                     {{"content-type", "application/json"}},
                                     "[{\"usd\":\"-1.5\",\"note\":\"ü\\n\"}]\n"};
  exchange.received_at_ms = 1759320001250;
  return exchange;
}

TEST(Capture, WritesCanonicalLinesThatReadBack) {
  const std::string line = write_exchange(sample());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const CaptureRead read_back = read(line + "\n\n");
  ASSERT_EQ(read_back.error, "");
  ASSERT_EQ(read_back.exchanges.size(), 1u);
  Exchange expected = sample();
  expected.request.task = connector::Request{}.task;  // tasks are not stored: the default reads back
  EXPECT_EQ(read_back.exchanges[0], expected);
  EXPECT_EQ(write_exchange(read_back.exchanges[0]), line);
}

TEST(Capture, KeepsOnlyAllowlistedResponseHeaders) {
  Exchange exchange = sample();
  exchange.response.headers.push_back({"x-server-auth-signature", "deadbeef"});
  exchange.response.headers.push_back({"set-cookie", "session=1"});
  const std::string line = write_exchange(exchange);
  EXPECT_EQ(line.find("deadbeef"), std::string::npos);
  EXPECT_EQ(line.find("session"), std::string::npos);
  EXPECT_NE(line.find("content-type"), std::string::npos);
}

TEST(Capture, RecordsTransportFailures) {
  Exchange exchange = sample();
  exchange.response = connector::Response{connector::Transport::timeout, 0, {}, ""};
  const CaptureRead read_back = read(write_exchange(exchange));
  ASSERT_EQ(read_back.error, "");
  EXPECT_EQ(read_back.exchanges.at(0).response.transport, connector::Transport::timeout);
}

TEST(Capture, RefusesMalformedLinesNamingTheLine) {
  const std::string good = write_exchange(sample());
  EXPECT_EQ(read(good + "\n[1,2]\n").error, "line 2: not a JSON object");
  EXPECT_EQ(read("").error, "the capture holds no exchange");
  EXPECT_EQ(read(R"({"request":{"method":"PUT","path":"/x"},"response":{"status":200,"body":""},"receivedAt":"2025-10-01T12:00:00Z"})").error,
            "line 1: request.method must be \"GET\" or \"POST\"");
  EXPECT_EQ(read(R"({"request":{"method":"GET","path":"/x"},"response":{"status":200},"receivedAt":"2025-10-01T12:00:00Z"})").error,
            "line 1: response.body must be a string (the wire bytes, verbatim)");
  EXPECT_EQ(read(R"({"request":{"method":"GET","path":"/x"},"response":{"status":200,"body":""},"receivedAt":"yesterday"})").error,
            "line 1: receivedAt must be an RFC 3339 UTC time such as \"2025-10-01T12:00:00Z\"");
  EXPECT_EQ(read(R"({"request":{"method":"GET","path":"/x"},"response":{"status":200,"body":""}})").error,
            "line 1: an exchange needs request, response and receivedAt");
  // A partially read capture is never returned.
  EXPECT_TRUE(read(good + "\n{}\n").exchanges.empty());
}

// A line that is not JSON is reported in the parser's own words with the byte where it broke,
// not as "not a JSON object": an object with invalid UTF-8, a truncated line, a deep nest.
TEST(Capture, ALineThatIsNotJsonIsReportedWithTheParsersReasonAndPosition) {
  const std::string good = write_exchange(sample());
  const std::string invalid_utf8 = good.substr(0, good.size() - 1) + ",\"x\":\"\xc3\x28\"}";
  const std::string truncated = good.substr(0, good.size() - 1);  // the closing brace lost
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  const std::string cases[][2] = {{"not json", "syntax error"},
                                  {invalid_utf8, "UTF-8"},
                                  {truncated, "unexpected end of input"},
                                  {deep, "nested deeper than 64 levels at byte 65"}};
  for (const auto& [line, reason] : cases) {
    const std::string error = read(good + "\n" + line + "\n").error;
    EXPECT_EQ(error.rfind("line 2: not valid JSON: ", 0), 0u) << error;
    EXPECT_NE(error.find(reason), std::string::npos) << error;
    EXPECT_NE(error.find("byte "), std::string::npos) << error;
    EXPECT_LT(error.size(), 400u) << "the message quotes too much of the line";
  }
}

TEST(Capture, HasNoPlaceForCredentials) {
  const CaptureRead with_headers = read(
      R"({"request":{"method":"POST","path":"/api/v2/balance/","headers":{"X-Auth-Signature":"abc"}},)"
      R"("response":{"status":200,"body":"[]"},"receivedAt":"2025-10-01T12:00:00Z"})");
  EXPECT_EQ(with_headers.error, "line 1: request has unknown field 'headers'");
}

TEST(Capture, RefusesExchangesOutOfArrivalOrder) {
  Exchange later = sample();
  Exchange earlier = sample();
  earlier.received_at_ms -= 1000;
  EXPECT_EQ(read(write_exchange(later) + "\n" + write_exchange(earlier) + "\n").error,
            "line 2: receivedAt goes back in time (exchanges are in arrival order)");
}

// A replay starts idle tasks at the earliest unused exchange's arrival, not when the recording
// started each of them, so a window drawn from the clock may differ; a data cursor may not.
TEST(Capture, ARequestMatchesItsRecordingWhateverItsClockDerivedWindow) {
  const connector::Request withdrawals{connector::Task::payments, connector::Method::post, "/api/v2/withdrawal-requests/",
                                  {{"timedelta", "90300"}, {"limit", "1000"}, {"offset", "0"}}, true};
  connector::Request replayed = withdrawals;
  replayed.params[0].value = "90000";
  EXPECT_TRUE(same_request(withdrawals, replayed));
  replayed.params[2].value = "1000";
  EXPECT_FALSE(same_request(withdrawals, replayed)) << "offset is a data cursor";

  const connector::Request crypto{connector::Task::payments, connector::Method::post, "/api/v2/crypto-transactions/",
                             {{"limit", "1000"}, {"since_timestamp", "1759268399"}}, true};
  connector::Request later = crypto;
  later.params[1].value = "1759268699";
  EXPECT_TRUE(same_request(crypto, later));

  connector::Request walk = sample().request;
  connector::Request moved = walk;
  moved.params[1].value = "2";
  EXPECT_FALSE(same_request(walk, moved)) << "since_id is a data cursor";
  moved = walk;
  moved.params.pop_back();
  EXPECT_FALSE(same_request(walk, moved));
}

RC_GTEST_PROP(CaptureProperty, AnyBodyRoundTripsByteForByte, (const std::string& body)) {
  // Bodies are wire bytes; JSON strings carry UTF-8, so the property holds for ASCII bytes.
  std::string ascii = body;
  for (char& c : ascii) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
  Exchange exchange = sample();
  exchange.response.body = ascii;
  const CaptureRead read_back = read(write_exchange(exchange));
  RC_ASSERT(read_back.error.empty());
  RC_ASSERT(read_back.exchanges.at(0).response.body == ascii);
}

}  // namespace
}  // namespace harness
