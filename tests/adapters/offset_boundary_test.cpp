// Proves the 200000-offset boundary at full scale: a history of 201,500 user transactions is
// backfilled without ever asking for an offset beyond Bitstamp's cap. The capture is written
// at test time (a committed one would weigh 14 MB) in the capture format, with Bitstamp's own
// answer to offset=201000 ("Invalid offset") in it: replay must never need that exchange.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "harness/capture.hpp"
#include "harness/replay.hpp"

namespace harness {
namespace {

constexpr std::int64_t history_rows = 201'500;
constexpr std::int64_t rows_per_page = 1000;

constexpr std::int64_t cycle_one_s = 1759320000;  // 2025-10-01T12:00:00Z

std::string exchange_line(const std::string& path, const std::string& params, const std::string& body,
                          int minute) {
  std::string escaped;
  for (const char c : body) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  return R"({"request":{"method":"POST","path":")" + path + R"(","params":)" + params +
         R"(},"response":{"status":200,"headers":{},"body":")" + escaped +
         R"("},"receivedAt":"2025-10-01T12:0)" + std::to_string(minute) + R"(:00Z"})";
}

// The two other payments sources, empty: a payments cycle commits only when all three finish.
std::string other_sources(int minute, const std::string& crypto_since, const std::string& timedelta) {
  const std::string crypto_params = R"([["limit","1000"],["offset","0"],["include_ious","true"])" +
                                    (crypto_since.empty() ? "" : R"(,["since_timestamp",")" + crypto_since + R"("])") + "]";
  return exchange_line("/api/v2/crypto-transactions/", crypto_params,
                       R"({"deposits":[],"withdrawals":[],"ripple_iou_transactions":[]})", minute) +
         "\n" +
         exchange_line("/api/v2/withdrawal-requests/",
                       R"([["timedelta",")" + timedelta + R"("],["limit","1000"],["offset","0"]])", "[]", minute) +
         "\n";
}

// Rows first_id.. (at most one page) as Bitstamp sends them: ascending ids, inclusive.
std::string page_of(std::int64_t first_id) {
  std::string body = "[";
  for (std::int64_t id = first_id; id <= history_rows && id < first_id + rows_per_page; ++id) {
    if (id != first_id) body += ',';
    body += R"({"id":)" + std::to_string(id) + R"(,"datetime":"2025-10-01 00:00:00","type":"0","fee":"0.00","usd":"1.00"})";
  }
  return body + "]";
}

std::string page_params(const std::string& since_id, std::int64_t offset) {
  return R"([["limit","1000"],)" + (since_id.empty() ? "" : R"(["since_id",")" + since_id + R"("],)") +
         R"(["sort","asc"],["offset",")" + std::to_string(offset) + R"("]])";
}

TEST(OffsetBoundary, ABackfillPastTwoHundredThousandRowsNeverAsksBeyondTheCap) {
  const std::string user_transactions = "/api/v2/user_transactions/";
  std::stringstream capture;
  capture << R"({"request":{"method":"GET","path":"/api/v2/currencies/"},"response":{"status":200,"headers":{},)"
          << R"("body":"[{\"currency\":\"USD\",\"decimals\":2,\"type\":\"fiat\"}]"},"receivedAt":"2025-10-01T12:00:00Z"})"
          << '\n';
  // Cycle 1, cold: offsets 0 .. 200000 under no since_id (201 full pages).
  for (std::int64_t offset = 0; offset <= 200'000; offset += rows_per_page) {
    capture << exchange_line(user_transactions, page_params("", offset), page_of(offset + 1), 1) << '\n';
  }
  capture << other_sources(1, "", "50000000");
  // Cycle 2 (planned at 12:02) goes on from the committed watermark; row 201000 comes back.
  // The backfill is known to go on, so the cycle asks pages ahead at once: they are empty.
  capture << exchange_line(user_transactions, page_params("201000", 0), page_of(201'000), 2) << '\n';
  for (std::int64_t offset = 1000; offset < bitstamp::core::pages_in_flight_default * rows_per_page; offset += rows_per_page) {
    capture << exchange_line(user_transactions, page_params("201000", offset), "[]", 2) << '\n';
  }
  capture << other_sources(2, std::to_string(cycle_one_s - 86'401), std::to_string(120 + 86'400));
  // What Bitstamp answers one page further than the cap: the connector must never ask it.
  const std::size_t beyond_cap_index = 201 + 2 + 1 + 1 + (bitstamp::core::pages_in_flight_default - 1) + 2;
  capture << exchange_line(user_transactions, page_params("", 201'000), R"({"status":"error","reason":"Invalid offset"})", 3)
          << '\n';
  const CaptureRead read = read_capture(capture);
  ASSERT_TRUE(read.error.empty()) << read.error;
  ASSERT_EQ(read.exchanges.size(), beyond_cap_index + 1);

  bitstamp::core::Settings settings;
  settings.tasks = bitstamp::core::EnabledTasks{false, true, false, false, false};
  settings.pages_per_cycle_max = 1000;  // let one cycle reach the cap (the default stops at 20)
  const ReplayResult result = replay(read.exchanges, settings);

  std::set<std::string> references;
  for (const connector::Record& record : result.records) {
    references.insert(std::get<connector::PspPayment>(record).reference);
  }
  EXPECT_EQ(result.records.size(), static_cast<std::size_t>(history_rows));
  EXPECT_EQ(references.size(), static_cast<std::size_t>(history_rows));
  EXPECT_EQ(result.state.payments_cursor.user_transactions.last_id, history_rows);
  EXPECT_FALSE(result.state.payments_cursor.user_transactions.backfill_pending);
  EXPECT_EQ(result.summary.commits, 3u);  // currencies, cycle 1 at the cap, cycle 2
  EXPECT_EQ(result.summary.unused, std::vector<std::size_t>{beyond_cap_index});
}

}  // namespace
}  // namespace harness
