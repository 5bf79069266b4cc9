#include "bitstamp/simulator/http_front.hpp"
#include "bitstamp/simulator/rng.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/clock.hpp"
#include "harness/loopback_server.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/core/signing.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

harness::ServedResponse auth_error(std::string_view code, std::string_view reason) {
  return {403, "application/json",
          R"({"status":"error","reason":")" + std::string(reason) + R"(","code":")" + std::string(code) + R"("})", {}};
}

}  // namespace

Account static_account(std::uint64_t seed, std::int64_t history_days, std::int64_t end_s) {
  AccountShape shape;
  shape.history_start_s = end_s - history_days * 86400;
  shape.end_s = end_s;
  Rng rng(seed ^ 0x6f6c642d6869737aULL);  // "old-hist": a stream apart from the history's
  draw_old_history(rng, shape);
  return Account(seed, shape);
}

struct HttpFront::Impl {
  Impl(const Account& account, HttpFrontOptions front_options)
      : options(std::move(front_options)), server(account) {}

  HttpFrontOptions options;
  BitstampServer server;
  std::uint64_t checked_requests = 0;  // requests that passed the checks: the fault storms' clock
  mutable std::mutex stats_mutex;
  HttpFrontStats stats;
  std::deque<std::pair<std::int64_t, std::string>> nonces_seen;  // arrival order
  std::set<std::string> nonces_recent;

  std::unique_ptr<harness::LoopbackServer> http;  // last: it serves from the members above
  harness::ServedResponse handle(const harness::ServedRequest& request);
  std::optional<harness::ServedResponse> check_auth(const harness::ServedRequest& request, std::int64_t now_ms);
  void count(std::uint64_t HttpFrontStats::*field) {
    const std::lock_guard lock(stats_mutex);
    ++(stats.*field);
  }
};

std::optional<harness::ServedResponse> HttpFront::Impl::check_auth(const harness::ServedRequest& request, std::int64_t now_ms) {
  if (request.header("x-auth") != "BITSTAMP " + options.api_key) {
    return auth_error("API0001", "API key not found");
  }
  if (request.header("x-auth-version") != core::auth_version) return auth_error("API0010", "Invalid version");
  std::int64_t timestamp_ms = 0;
  try {
    timestamp_ms = std::stoll(request.header("x-auth-timestamp"));
  } catch (...) {
    return auth_error("API0017", "X-Auth-Timestamp header is missing or not a number");
  }
  if (timestamp_ms < now_ms - auth_timestamp_skew_ms_max || timestamp_ms > now_ms + auth_timestamp_skew_ms_max) {
    return auth_error("API0017", "X-Auth-Timestamp header is out of range");
  }
  const std::string nonce = request.header("x-auth-nonce");
  while (!nonces_seen.empty() && nonces_seen.front().first < now_ms - nonce_memory_ms) {
    nonces_recent.erase(nonces_seen.front().second);
    nonces_seen.pop_front();
  }
  if (!core::is_wellformed_nonce(nonce) || nonces_recent.contains(nonce)) {
    count(&HttpFrontStats::rejected_nonce);
    return auth_error("API0004", "Invalid nonce");
  }
  const std::string content_type = request.header("content-type");
  if (request.body.empty() && !content_type.empty()) {
    return auth_error("API0020", "Content-Type header should not be present");
  }
  const core::WireRequest wire{request.method == "GET" ? core::Method::get : core::Method::post, request.path,
                               request.query, request.body, content_type};
  const std::string host = request.header("host");
  const core::SignatureInputs inputs{options.api_key, host, nonce, timestamp_ms};
  const std::string expected = bitstamp::adapters::hmac_sha256_hex(options.api_secret, core::string_to_sign(wire, inputs));
  if (request.header("x-auth-signature") != expected) {
    count(&HttpFrontStats::rejected_signature);
    return auth_error("API0005", "Invalid signature");
  }
  // Only a request that passed every check spends its nonce.
  nonces_seen.emplace_back(now_ms, nonce);
  nonces_recent.insert(nonce);
  return std::nullopt;
}

harness::ServedResponse HttpFront::Impl::handle(const harness::ServedRequest& request) {
  count(&HttpFrontStats::requests);
  const std::int64_t now_ms = harness::wall_clock_ms();
  const bool get = request.method == "GET";
  if (!get && request.method != "POST") return {405, "application/json", R"({"status":"error","reason":"Method not allowed"})", {}};
  if (!get) {
    if (std::optional<harness::ServedResponse> refused = check_auth(request, now_ms)) {
      count(&HttpFrontStats::rejected_auth);
      return *refused;
    }
  }
  if (options.faults.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.faults.latency_ms));
  const HttpFrontFaults& faults = options.faults;
  // The faulted slots are spread over the period, not bunched at its start: a request retried
  // alone must not meet three refusals in a row made by the pattern itself.
  const std::uint64_t slot = faults.period == 0 ? 0 : checked_requests++ % faults.period;
  const std::uint64_t faulted = std::min<std::uint64_t>(std::uint64_t{faults.rate_limited} + faults.server_errors, faults.period);
  const bool is_fault = faults.period != 0 && (slot * faulted) % faults.period < faulted;
  const std::uint64_t fault_index = faults.period == 0 ? 0 : slot * faulted / faults.period;
  const bool limited = is_fault && fault_index < faults.rate_limited;
  const bool broken = is_fault && !limited;
  if (limited) {
    count(&HttpFrontStats::faults_injected);
    return {429, "application/json",
            R"({"status":"error","reason":"Request rejected due to exceeded rate limit.","response_code":"400.002"})",
            "1"};
  }
  if (broken) {
    count(&HttpFrontStats::faults_injected);
    return {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", {}};
  }
  core::Request inner{core::Task::accounts, get ? core::Method::get : core::Method::post, request.path,
                      harness::decode_form(get ? request.query : request.body), !get};
  const std::uint64_t violations_before = server.rate_limit_violations();
  const core::Response answer = server.answer(inner, now_ms);
  if (server.rate_limit_violations() > violations_before) count(&HttpFrontStats::rate_limit_violations);
  count(&HttpFrontStats::answered_by_account);
  harness::ServedResponse response{answer.status, std::string(answer.header("content-type")), answer.body, {}};
  if (response.content_type.empty()) response.content_type = "application/json";
  if (const std::string_view retry = answer.header("retry-after"); !retry.empty()) response.retry_after = std::string(retry);
  return response;
}

HttpFront::HttpFront(const Account& account, HttpFrontOptions options)
    : impl_(std::make_unique<Impl>(account, std::move(options))) {
  impl_->http = std::make_unique<harness::LoopbackServer>(
      "simulator HTTP front", impl_->options.port, [impl = impl_.get()](const harness::ServedRequest& request) {
        return impl->handle(request);
      });
}

HttpFront::~HttpFront() { impl_->http.reset(); }  // the serving thread stops before the account goes

std::uint16_t HttpFront::port() const { return impl_->http->port(); }

std::string HttpFront::endpoint() const { return impl_->http->endpoint(); }

HttpFrontStats HttpFront::stats() const {
  const std::lock_guard lock(impl_->stats_mutex);
  return impl_->stats;
}

}  // namespace bitstamp::simulator
