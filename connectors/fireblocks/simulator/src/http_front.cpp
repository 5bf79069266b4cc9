#include "fireblocks/simulator/http_front.hpp"

#include <openssl/sha.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <set>

#include <nlohmann/json.hpp>

#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/core/jwt.hpp"
#include "harness/clock.hpp"
#include "harness/loopback_server.hpp"

namespace fireblocks::simulator {
namespace {

harness::ServedResponse unauthorized(std::string_view message, int code) {
  return {401, "application/json", R"({"message":")" + std::string(message) + R"(","code":)" + std::to_string(code) + "}", {}};
}

std::string sha256_hex(std::string_view body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0x0f];
  }
  return out;
}

}  // namespace

struct HttpFront::Impl {
  Impl(const Workspace& served, FrontOptions front_options) : workspace(served), options(std::move(front_options)) {}

  const Workspace& workspace;
  FrontOptions options;
  std::uint64_t checked = 0;  // requests that passed the checks: the fault storms' clock
  std::set<std::string> nonces;
  mutable std::mutex mutex;
  FrontStats stats;
  std::unique_ptr<harness::LoopbackServer> http;  // last: it serves from the members above

  std::optional<harness::ServedResponse> check(const harness::ServedRequest& request, std::int64_t now_s) {
    const std::string authorization = request.header("authorization");
    if (!authorization.starts_with("Bearer ")) return unauthorized("JWT is missing", -3);
    const std::string token = authorization.substr(7);
    const std::size_t first = token.find('.');
    const std::size_t last = token.rfind('.');
    std::string claims_text;
    std::string signature;
    if (first == std::string::npos || first == last || !core::base64url_decode(token.substr(first + 1, last - first - 1), claims_text) ||
        !core::base64url_decode(token.substr(last + 1), signature)) {
      return unauthorized("Invalid token format", -5);
    }
    if (!adapters::verify_rs256(options.public_key_pem, token.substr(0, last), signature)) {
      ++stats.refused_signature;
      return unauthorized("Invalid signature", -1);
    }
    const nlohmann::json claims = nlohmann::json::parse(claims_text, nullptr, false);
    if (!claims.is_object()) return unauthorized("Invalid token format", -5);
    const auto text = [&](const char* key) { return claims.contains(key) && claims[key].is_string() ? claims[key].get<std::string>() : std::string(); };
    const auto integer = [&](const char* key) { return claims.contains(key) && claims[key].is_number_integer() ? claims[key].get<std::int64_t>() : std::int64_t{-1}; };
    if (text("sub").empty()) return unauthorized("API key is missing in the JWT", -2);
    if (text("sub") != options.api_key || request.header("x-api-key") != options.api_key) {
      return unauthorized("Unauthorized: Token was not accepted.", -7);
    }
    const std::string target = request.path + (request.query.empty() ? "" : "?" + request.query);
    if (text("uri") != target) {
      ++stats.refused_uri;
      return unauthorized("Wrong URL in the JWT", -4);
    }
    if (text("bodyHash") != sha256_hex(request.body)) return unauthorized("Invalid signature", -1);
    const std::int64_t iat = integer("iat");
    const std::int64_t exp = integer("exp");
    if (iat > now_s + issued_at_tolerance_s) {
      ++stats.refused_time;
      return unauthorized("The request is with a future issuance timestamp (iat).", -12);
    }
    if (exp < now_s || exp - iat > token_lifetime_s_max) {
      ++stats.refused_time;
      return unauthorized("The request has expired.", -10);
    }
    if (!nonces.insert(text("nonce")).second) return unauthorized("Nonce was already used", -1);
    return std::nullopt;
  }

  harness::ServedResponse handle(const harness::ServedRequest& request) {
    if (options.faults.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.faults.latency_ms));
    const std::int64_t now_ms = harness::wall_clock_ms();
    const std::lock_guard lock(mutex);
    ++stats.requests;
    if (std::optional<harness::ServedResponse> refused = check(request, now_ms / 1000)) {
      ++stats.refused;
      return *refused;
    }
    const FrontFaults& faults = options.faults;
    const std::uint64_t slot = faults.period == 0 ? 0 : checked++ % faults.period;
    const std::uint64_t faulted = faults.rate_limited + faults.server_errors + faults.truncated;
    const bool is_fault = faults.period != 0 && (slot * faulted) % faults.period < faulted;
    const std::uint64_t which = faults.period == 0 ? 0 : slot * faulted / faults.period;
    if (is_fault && which < faults.rate_limited) {
      ++stats.faults_injected;
      return {429, "application/json", R"({"message":"Too many requests","code":429})", {}};
    }
    if (is_fault && which < faults.rate_limited + faults.server_errors) {
      ++stats.faults_injected;
      return {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", {}};
    }
    connector::Request inner;
    inner.method = request.method == "GET" ? connector::Method::get : connector::Method::post;
    inner.path = harness::percent_decode(request.path);
    inner.params = harness::decode_form(request.query);
    const connector::Response answer = workspace.answer(inner, now_ms);
    ++stats.answered;
    harness::ServedResponse response{answer.status, "application/json", answer.body, {}};
    if (is_fault) {  // a body cut short, as a dropped connection behind a proxy leaves it
      ++stats.faults_injected;
      response.body.resize(response.body.size() / 2);
    }
    return response;
  }
};

HttpFront::HttpFront(const Workspace& workspace, FrontOptions options)
    : impl_(std::make_unique<Impl>(workspace, std::move(options))) {
  impl_->http = std::make_unique<harness::LoopbackServer>(
      "simulated Fireblocks front", impl_->options.port,
      [impl = impl_.get()](const harness::ServedRequest& request) { return impl->handle(request); });
}

HttpFront::~HttpFront() { impl_->http.reset(); }

std::string HttpFront::endpoint() const { return impl_->http->endpoint(); }

std::uint16_t HttpFront::port() const { return impl_->http->port(); }

FrontStats HttpFront::stats() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace fireblocks::simulator
