#pragma once
// Each connector's core behind the harness's ConnectorCore seam.

#include "bitstamp/core/engine.hpp"
#include "fireblocks/core/engine.hpp"
#include "harness/connector_core.hpp"

namespace harness {

class BitstampCore final : public ConnectorCore {
 public:
  BitstampCore(bitstamp::core::Settings settings, bitstamp::core::SyncState state)
      : settings_(std::move(settings)), state_(std::move(state)) {}
  [[nodiscard]] std::string_view name() const override { return "bitstamp"; }
  CoreOutput plan(std::int64_t now_ms) override;
  CoreOutput step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) override;
  void drop_running_cycles() override { state_.running = {}; }
  [[nodiscard]] std::string encode_state() const override;
  [[nodiscard]] std::vector<std::string_view> clock_derived_params() const override;
  [[nodiscard]] const bitstamp::core::SyncState& state() const { return state_; }
  [[nodiscard]] bitstamp::core::SyncState take_state() { return std::move(state_); }

 private:
  CoreOutput absorb(bitstamp::core::StepResult&& result);
  bitstamp::core::Settings settings_;
  bitstamp::core::SyncState state_;
};

class FireblocksCore final : public ConnectorCore {
 public:
  FireblocksCore(fireblocks::core::Settings settings, fireblocks::core::SyncState state)
      : settings_(settings), state_(std::move(state)) {}
  [[nodiscard]] std::string_view name() const override { return "fireblocks"; }
  CoreOutput plan(std::int64_t now_ms) override;
  CoreOutput step(const connector::Request& request, const connector::Response& response, std::int64_t now_ms) override;
  void drop_running_cycles() override { state_.running = {}; }
  [[nodiscard]] std::string encode_state() const override;
  [[nodiscard]] std::vector<std::string_view> clock_derived_params() const override;
  [[nodiscard]] const fireblocks::core::SyncState& state() const { return state_; }

 private:
  CoreOutput absorb(fireblocks::core::StepResult&& result);
  fireblocks::core::Settings settings_;
  fireblocks::core::SyncState state_;
};

}  // namespace harness
