#pragma once
// Each connector's core behind the harness's ConnectorCore seam.

#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/core/config.hpp"
#include "bitstamp/core/engine.hpp"
#include "connector/endpoint.hpp"
#include "fireblocks/adapters/jwt_signer.hpp"
#include "fireblocks/core/config.hpp"
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
  [[nodiscard]] std::string load_state(std::string_view document) override;
  void set_resting(const std::set<connector::Task>& tasks) override { resting_ = tasks; }
  [[nodiscard]] bool task_enabled(connector::Task task) const override;
  [[nodiscard]] bool task_due(connector::Task task, std::int64_t now_ms) const override;
  [[nodiscard]] std::int64_t polling_period_ms() const override { return settings_.polling_period_ms; }
  [[nodiscard]] std::string progress_name(std::string_view path) const override;
  [[nodiscard]] const bitstamp::core::SyncState& state() const { return state_; }
  [[nodiscard]] bitstamp::core::SyncState take_state() { return std::move(state_); }

 private:
  CoreOutput absorb(bitstamp::core::StepResult&& result);
  bitstamp::core::Settings settings_;
  bitstamp::core::SyncState state_;
  std::set<connector::Task> resting_;
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
  [[nodiscard]] std::string load_state(std::string_view document) override;
  void set_resting(const std::set<connector::Task>& tasks) override { resting_ = tasks; }
  [[nodiscard]] bool task_enabled(connector::Task task) const override;
  [[nodiscard]] bool task_due(connector::Task task, std::int64_t now_ms) const override;
  [[nodiscard]] std::int64_t polling_period_ms() const override { return settings_.polling_period_ms; }
  [[nodiscard]] std::string progress_name(std::string_view path) const override;
  [[nodiscard]] const fireblocks::core::SyncState& state() const { return state_; }

 private:
  CoreOutput absorb(fireblocks::core::StepResult&& result);
  fireblocks::core::Settings settings_;
  fireblocks::core::SyncState state_;
  std::set<connector::Task> resting_;
};

// Bitstamp's v2 HMAC signature, with the Host header sent exactly as signed.
class BitstampSigner final : public RequestSigner {
 public:
  BitstampSigner(std::string api_key, std::string api_secret, connector::Endpoint endpoint)
      : api_key_(std::move(api_key)), secret_(std::move(api_secret)), endpoint_(std::move(endpoint)) {}
  [[nodiscard]] HttpRequest to_http(const connector::Request& request, std::int64_t now_ms) const override;

 private:
  std::string api_key_;
  bitstamp::adapters::ApiSecret secret_;
  connector::Endpoint endpoint_;
};

// Fireblocks' X-API-Key and RS256 JWT, the `uri` claim the request-target exactly as sent.
class FireblocksSigner final : public RequestSigner {
 public:
  FireblocksSigner(std::string api_key, fireblocks::adapters::PrivateKey key, connector::Endpoint endpoint)
      : api_key_(std::move(api_key)), key_(std::move(key)), endpoint_(std::move(endpoint)) {}
  [[nodiscard]] HttpRequest to_http(const connector::Request& request, std::int64_t now_ms) const override;

 private:
  std::string api_key_;
  fireblocks::adapters::PrivateKey key_;
  connector::Endpoint endpoint_;
};

}  // namespace harness
