#include "harness/cores.hpp"

#include "bitstamp/core/signing.hpp"
#include "bitstamp/core/state.hpp"
#include "fireblocks/core/state.hpp"
#include "harness/capture.hpp"

namespace harness {
namespace {

// Both cores' StepResult have the same members; the harness takes them the same way.
template <class StepResult, class State>
CoreOutput take(StepResult&& result, State& state) {
  state = std::move(result.state);
  return CoreOutput{std::move(result.records), std::move(result.requests), std::move(result.diagnostics), result.commit};
}

// The path without the API's prefix and trailing slash: "/api/v2/user_transactions/" ->
// "user_transactions".
std::string without_prefix(std::string_view path, std::string_view prefix) {
  if (path.starts_with(prefix)) path.remove_prefix(prefix.size());
  if (path.ends_with('/')) path.remove_suffix(1);
  return std::string(path);
}

}  // namespace

std::string_view connector_of_paths(const std::vector<std::string_view>& paths) {
  for (const std::string_view path : paths) {
    if (path.starts_with("/v1/")) return "fireblocks";
    if (path.starts_with("/api/")) return "bitstamp";
  }
  return "";
}

CoreOutput BitstampCore::plan(std::int64_t now_ms) {
  bitstamp::core::Settings settings = settings_;
  for (const connector::Task task : resting_) {
    if (task == connector::Task::accounts) settings.tasks.accounts = false;
    if (task == connector::Task::payments) settings.tasks.payments = false;
    if (task == connector::Task::conversions) settings.tasks.conversions = false;
    if (task == connector::Task::orders) settings.tasks.orders = false;
  }
  return absorb(bitstamp::core::plan(std::move(state_), settings, now_ms));
}

std::string BitstampCore::load_state(std::string_view document) {
  bitstamp::core::StateDecode decoded = bitstamp::core::decode_state(document);
  if (!decoded.state) return decoded.error;
  state_ = std::move(*decoded.state);
  return "";
}

bool BitstampCore::task_enabled(connector::Task task) const { return bitstamp::core::is_enabled(settings_.tasks, task); }

bool BitstampCore::task_due(connector::Task task, std::int64_t now_ms) const {
  return bitstamp::core::task_due(state_, settings_, task, now_ms);
}

std::string BitstampCore::progress_name(std::string_view path) const { return without_prefix(path, "/api/v2/"); }

CoreOutput BitstampCore::step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) {
  return absorb(bitstamp::core::step(std::move(state_), settings_, request, response, now_ms));
}

CoreOutput BitstampCore::absorb(bitstamp::core::StepResult&& result) { return take(std::move(result), state_); }

std::string BitstampCore::encode_state() const { return bitstamp::core::encode_state(state_); }

std::vector<std::string_view> BitstampCore::clock_derived_params() const {
  return {std::begin(harness::clock_derived_params), std::end(harness::clock_derived_params)};
}

CoreOutput FireblocksCore::plan(std::int64_t now_ms) {
  fireblocks::core::Settings settings = settings_;
  settings.accounts = settings.accounts && !resting_.contains(connector::Task::accounts);
  settings.payments = settings.payments && !resting_.contains(connector::Task::payments);
  settings.catalogue = !resting_.contains(connector::Task::currencies);
  return absorb(fireblocks::core::plan(std::move(state_), settings, now_ms));
}

std::string FireblocksCore::load_state(std::string_view document) {
  fireblocks::core::StateDecode decoded = fireblocks::core::decode_state(document);
  if (!decoded.state) return decoded.error;
  state_ = std::move(*decoded.state);
  return "";
}

bool FireblocksCore::task_enabled(connector::Task task) const {
  return (task == connector::Task::accounts && settings_.accounts) || (task == connector::Task::payments && settings_.payments);
}

bool FireblocksCore::task_due(connector::Task task, std::int64_t now_ms) const {
  return fireblocks::core::task_due(state_, settings_, task, now_ms);
}

std::string FireblocksCore::progress_name(std::string_view path) const {
  const std::string name = without_prefix(path, "/v1/");
  return name.starts_with("transactions/") ? std::string("transactions/{id}") : name;
}

CoreOutput FireblocksCore::step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) {
  return absorb(fireblocks::core::step(std::move(state_), settings_, request, response, now_ms));
}

CoreOutput FireblocksCore::absorb(fireblocks::core::StepResult&& result) { return take(std::move(result), state_); }

std::string FireblocksCore::encode_state() const { return fireblocks::core::encode_state(state_); }

std::vector<std::string_view> FireblocksCore::clock_derived_params() const {
  return {std::begin(fireblocks::core::clock_derived_params), std::end(fireblocks::core::clock_derived_params)};
}

HttpRequest BitstampSigner::to_http(const connector::Request& request, std::int64_t now_ms) const {
  const bitstamp::core::WireRequest wire = bitstamp::core::to_wire(request);
  HttpRequest http;
  http.method = request.method;
  http.url = endpoint_.base_url() + wire.path + (wire.query.empty() ? "" : "?" + wire.query);
  http.body = wire.body;
  // Bitstamp signs the Host header it received: send exactly the string that is signed,
  // rather than let the transport spell the authority its own way.
  const std::string host = endpoint_.host_header();
  if (request.authenticated) {
    const std::string nonce = bitstamp::adapters::random_nonce();
    http.headers = bitstamp::adapters::signed_headers(wire, {api_key_, host, nonce, now_ms}, secret_);
  }
  http.headers.push_back({"Host", host});
  return http;
}

HttpRequest FireblocksSigner::to_http(const connector::Request& request, std::int64_t now_ms) const {
  HttpRequest http;
  http.method = connector::Method::get;
  // The JWT's uri claim signs this request-target byte for byte; the transport sends it as is.
  http.url = endpoint_.base_url() + fireblocks::core::request_target(request);
  http.headers = fireblocks::adapters::authorization_headers(request, api_key_, key_, now_ms / connector::ms_per_second,
                                                             fireblocks::adapters::random_uuid());
  return http;
}

}  // namespace harness
