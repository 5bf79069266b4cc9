// Proves, for every endpoint the core reads, that a body is data only when it has that
// endpoint's documented shape: any valid JSON that is not (objects and scalars, arrays of wrong
// rows, the other endpoints' answers, error bodies of both API generations), answered on every
// attempt, never emits a record, never moves a data cursor and never marks a dataset
// unavailable. The shapes here are written from the wire digest, apart from the core's table.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <map>

#include "support/endpoint_harness.hpp"

namespace bitstamp::core {
namespace {

using testing::AtEndpoint;
using testing::cursors_of;
using testing::DataCursors;
using testing::endpoint_t0_ms;
using testing::good_bodies;
using testing::settings_for;

// Any JSON value, shallow, with keys that no documented shape uses together.
rc::Gen<std::string> json_scalar() {
  return rc::gen::oneOf(rc::gen::just<std::string>("null"), rc::gen::just<std::string>("true"),
                        rc::gen::just<std::string>("0"), rc::gen::just<std::string>("\"\""),
                        rc::gen::map(rc::gen::inRange(-1000, 1000), [](int n) { return std::to_string(n); }),
                        rc::gen::map(rc::gen::elementOf(std::vector<std::string>{"ok", "error", "x", "Order not found"}),
                                     [](const std::string& s) { return "\"" + s + "\""; }));
}

rc::Gen<std::string> json_object() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::pair<std::string, std::string>>>(rc::gen::pair(
          rc::gen::elementOf(std::vector<std::string>{"status", "id", "data", "result", "deposits", "withdrawals",
                                                      "currency", "amount", "withdrawal_id", "fee", "datetime", "type",
                                                      "transactions", "name", "items", "next"}),
          json_scalar())),
      [](const std::vector<std::pair<std::string, std::string>>& members) {
        std::string out = "{";
        std::set<std::string> seen;
        for (const auto& [key, value] : members) {
          if (!seen.insert(key).second) continue;
          if (out.size() > 1) out += ',';
          out += "\"" + key + "\":" + value;
        }
        return out + "}";
      });
}

// Error bodies of both generations, none of them the permission refusal (that one is the
// documented sub-account answer and may mark crypto-transactions unavailable).
rc::Gen<std::string> error_body() {
  return rc::gen::oneOf(
      rc::gen::map(json_object(), [](const std::string& value) { return R"({"error":)" + value + "}"; }),
      rc::gen::map(json_scalar(), [](const std::string& value) { return R"({"error":)" + value + "}"; }),
      rc::gen::just<std::string>(R"({"error":{"amount":["This field is required."]}})"),
      rc::gen::just<std::string>(R"({"errors":["Invalid limit"]})"),
      rc::gen::just<std::string>(R"({"status":"error","reason":"Invalid offset","code":"400.001"})"),
      rc::gen::just<std::string>(R"({"status":"error","reason":{"__all__":["Invalid limit"]}})"),
      rc::gen::just<std::string>(R"({"code":"API5506","message":"Trade account does not support derivatives."})"),
      rc::gen::just<std::string>(R"({"code":"API0000","status":"ok"})"));
}

rc::Gen<std::string> foreign_body(const std::string& path) {
  std::vector<std::string> others;
  for (const auto& [other, body] : good_bodies()) {
    if (other != path) others.push_back(body);
  }
  return rc::gen::oneOf(
      json_object(), json_scalar(), error_body(), rc::gen::elementOf(others),
      // Arrays of wrong rows, never empty: an empty array is a valid page of every list endpoint.
      rc::gen::map(rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(json_object())),
                   [](const std::vector<std::string>& rows) {
                     std::string out = "[";
                     for (const std::string& row : rows) out += (out.size() > 1 ? "," : "") + row;
                     return out + "]";
                   }));
}

RC_GTEST_PROP(BodyShapeProperty, AForeignBodyNeverEmitsMovesACursorOrMarksADatasetUnavailable, ()) {
  std::vector<std::string> paths;
  for (const auto& [path, body] : good_bodies()) paths.push_back(path);
  const std::string path = *rc::gen::elementOf(paths);
  const std::string body = *foreign_body(path);
  const int status = *rc::gen::element(200, 400);
  RC_TAG(path);
  const Settings settings = settings_for(path);
  std::optional<AtEndpoint> reached = testing::reach(path, settings);
  RC_ASSERT(reached.has_value());
  AtEndpoint at = std::move(*reached);
  const DataCursors before = cursors_of(at.state);
  const SkipCache skip_before = at.state.skip;
  StepResult result;
  result.state = std::move(at.state);
  std::deque<Request> queue{at.request};
  std::size_t attempts = 0;
  // The same foreign body on every attempt; the other requests the cycle makes meanwhile are
  // left unanswered (the property is about this endpoint's answer).
  while (!queue.empty()) {
    const Request request = queue.front();
    queue.pop_front();
    if (request.path != path) continue;
    ++attempts;
    result = step(std::move(result.state), settings, request, Response{Transport::received, status, {}, body}, endpoint_t0_ms);
    RC_ASSERT(result.records.empty());
    DataCursors after = cursors_of(result.state);
    // One order's unreadable status does not hold the other orders back: the cycle commits what
    // its fills walk read (that order stays followed, checked below).
    if (path == order_status_path) after.fills = before.fills;
    RC_ASSERT(after == before);
    RC_ASSERT(result.state.skip == skip_before);
    queue.insert(queue.end(), result.requests.begin(), result.requests.end());
  }
  RC_ASSERT(attempts >= 1u);
  RC_ASSERT(attempts <= std::size_t{request_attempt_max});
  // An order whose status could not be read is still followed, never dropped or settled.
  if (path == order_status_path) {
    RC_ASSERT(result.state.orders_cursor.tracked.contains(1500000000000001));
    RC_ASSERT(!result.state.orders_cursor.settled.contains(1500000000000001));
  }
}

// The same harness with the endpoint's own good body: proves the property above is not passing
// because nothing is ever read.
TEST(BodyShape, TheHarnessReadsEachEndpointsGoodBody) {
  for (const auto& [path, body] : good_bodies()) {
    SCOPED_TRACE(path);
    const Settings settings = settings_for(path);
    std::optional<AtEndpoint> reached = testing::reach(path, settings);
    ASSERT_TRUE(reached.has_value());
    AtEndpoint at = std::move(*reached);
    ASSERT_EQ(at.request.path, path);
    const StepResult result = step(std::move(at.state), settings, at.request, Response{Transport::received, 200, {}, body}, endpoint_t0_ms);
    for (const Diagnostic& d : result.diagnostics) {
      EXPECT_NE(d.code, "request.retry") << d.detail;
    }
  }
}

}  // namespace
}  // namespace bitstamp::core
