// Proves every Bitstamp error shape is recognised, on HTTP 200 too, and mapped to the right
// outcome (retry, rate limit, nonce, auth, permission, not found, rejected).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/classify.hpp"

namespace bitstamp::core {
namespace {

Classification of(int status, std::string body, std::vector<Header> headers = {}) {
  return classify(Response{Transport::received, status, std::move(headers), std::move(body)});
}

TEST(Classify, DataIsOk) {
  EXPECT_EQ(of(200, R"([{"currency":"usd"}])").outcome, Outcome::ok);
  EXPECT_EQ(of(200, R"({"id":1,"status":"Open","transactions":[]})").outcome, Outcome::ok);
  EXPECT_EQ(of(200, "[]").outcome, Outcome::ok);
}

TEST(Classify, RecognisesTheFourErrorShapesEvenWithHttp200) {
  const Classification nonce = of(200, R"({"status": "error", "reason": "Invalid nonce", "code": "API0004"})");
  EXPECT_EQ(nonce.outcome, Outcome::nonce_rejected);
  EXPECT_EQ(nonce.code, "API0004");
  EXPECT_EQ(nonce.reason, "Invalid nonce");

  const Classification validation =
      of(200, R"({"status":"error","reason":{"__all__":["Invalid offset"],"limit":["Too big"]}})");
  EXPECT_EQ(validation.outcome, Outcome::rejected);
  EXPECT_EQ(validation.reason, "Invalid offset; limit: Too big");

  const Classification rate = of(200, R"({"status":"error","reason":"Request rejected due to exceeded rate limit.","response_code":"400.002"})");
  EXPECT_EQ(rate.outcome, Outcome::rate_limited);
  EXPECT_EQ(rate.code, "400.002");

  const Classification derivatives = of(200, R"({"code":"API5506","message":"Trade account does not support derivatives."})");
  EXPECT_EQ(derivatives.outcome, Outcome::rejected);
  EXPECT_EQ(derivatives.code, "API5506");

  EXPECT_EQ(of(200, R"({"error":"No permission found"})").outcome, Outcome::permission_denied);
  EXPECT_EQ(of(200, R"({"error":"Bitstamp is under scheduled maintenance."})").outcome, Outcome::retry);
}

TEST(Classify, MapsAuthCodesAndStatuses) {
  EXPECT_EQ(of(403, R"({"status":"error","reason":"Invalid signature","code":"API0005"})").outcome,
            Outcome::auth_failed);
  EXPECT_EQ(of(403, R"({"status":"error","reason":"IP not allowed","code":"API0002"})").outcome,
            Outcome::auth_failed);
  EXPECT_EQ(of(403, R"({"status":"error","reason":"Timestamp","code":"API0017"})").outcome,
            Outcome::nonce_rejected);
  EXPECT_EQ(of(403, R"({"status":"error","reason":"No permission","code":"API0003"})").outcome,
            Outcome::permission_denied);
  EXPECT_EQ(of(200, R"({"status":"error","reason":"Order not found","code":"404.002"})").outcome,
            Outcome::not_found);
  EXPECT_EQ(of(404, "").outcome, Outcome::not_found);
  EXPECT_EQ(of(502, "<html>Bad Gateway</html>").outcome, Outcome::retry);
  EXPECT_EQ(of(400, R"({"status":"error","reason":"Invalid limit"})").outcome, Outcome::rejected);
}

TEST(Classify, HonoursRetryAfterOn429) {
  const Classification limited = of(429, "", {{"retry-after", "7"}});
  EXPECT_EQ(limited.outcome, Outcome::rate_limited);
  EXPECT_EQ(limited.retry_after_ms, 7000);
  EXPECT_EQ(of(429, "", {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}).retry_after_ms, 0);
  EXPECT_EQ(of(429, "", {{"retry-after", "999999"}}).retry_after_ms, 600000);
}

TEST(Classify, TreatsUnreadableSuccessAndTransportFailuresAsTransient) {
  EXPECT_EQ(of(200, "").outcome, Outcome::retry);
  EXPECT_EQ(of(200, "<html>").outcome, Outcome::retry);
  EXPECT_EQ(of(200, R"({"status":"err)").outcome, Outcome::retry);
  EXPECT_EQ(classify(Response{Transport::timeout, 0, {}, ""}).outcome, Outcome::retry);
  EXPECT_EQ(classify(Response{Transport::connection_failed, 0, {}, ""}).outcome, Outcome::retry);
}

TEST(Classify, NamesTheLikelyCauseOfAuthFailures) {
  EXPECT_NE(auth_failure_hint("API0002").find("allow-list"), std::string_view::npos);
  EXPECT_NE(auth_failure_hint("API0005").find("apiSecret"), std::string_view::npos);
  EXPECT_NE(auth_failure_hint("API0017").find("clock"), std::string_view::npos);
}

}  // namespace
}  // namespace bitstamp::core

namespace bitstamp::core {
namespace {

// Totality: whatever bytes arrive, with whatever status, classification is a defined value.
RC_GTEST_PROP(ClassifyProperty, AnyBodyAndStatusClassifies, (const std::string& body)) {
  const int status = *rc::gen::inRange(100, 600);
  const Classification c = classify(Response{Transport::received, status, {}, body});
  RC_ASSERT(c.retry_after_ms == 0);
  if (status >= 500) RC_ASSERT(c.outcome != Outcome::ok);
}

}  // namespace
}  // namespace bitstamp::core
