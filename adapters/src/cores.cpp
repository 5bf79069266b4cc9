#include "harness/cores.hpp"

#include "bitstamp/core/state.hpp"
#include "harness/capture.hpp"

namespace harness {
namespace {

// Both cores' StepResult have the same members; the harness takes them the same way.
template <class StepResult, class State>
CoreOutput take(StepResult&& result, State& state) {
  state = std::move(result.state);
  return CoreOutput{std::move(result.records), std::move(result.requests), std::move(result.diagnostics), result.commit};
}

}  // namespace

std::string_view connector_of_paths(const std::vector<std::string_view>& paths) {
  for (const std::string_view path : paths) {
    if (path.starts_with("/v1/")) return "fireblocks";
    if (path.starts_with("/api/")) return "bitstamp";
  }
  return "";
}

CoreOutput BitstampCore::plan(std::int64_t now_ms) { return absorb(bitstamp::core::plan(std::move(state_), settings_, now_ms)); }

CoreOutput BitstampCore::step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) {
  return absorb(bitstamp::core::step(std::move(state_), settings_, request, response, now_ms));
}

CoreOutput BitstampCore::absorb(bitstamp::core::StepResult&& result) { return take(std::move(result), state_); }

std::string BitstampCore::encode_state() const { return bitstamp::core::encode_state(state_); }

std::vector<std::string_view> BitstampCore::clock_derived_params() const {
  return {std::begin(harness::clock_derived_params), std::end(harness::clock_derived_params)};
}

CoreOutput FireblocksCore::plan(std::int64_t now_ms) { return absorb(fireblocks::core::plan(std::move(state_), settings_, now_ms)); }

CoreOutput FireblocksCore::step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) {
  return absorb(fireblocks::core::step(std::move(state_), settings_, request, response, now_ms));
}

CoreOutput FireblocksCore::absorb(fireblocks::core::StepResult&& result) { return take(std::move(result), state_); }

std::string FireblocksCore::encode_state() const { return fireblocks::core::encode_state(state_); }

std::vector<std::string_view> FireblocksCore::clock_derived_params() const {
  return {std::begin(fireblocks::core::clock_derived_params), std::end(fireblocks::core::clock_derived_params)};
}

}  // namespace harness
