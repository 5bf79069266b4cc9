#pragma once
// The seam between the shared shell and a connector's pure core. Every connector's core has the
// same contract (DESIGN.md §2): plan(state, settings, now) and step(state, settings, request,
// response, now) give records, a new state, further requests and diagnostics, and a commit flag.
// This interface holds one connector's state and settings behind that contract, so the replay
// driver (and what else runs a core) is written once for every connector.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connector/diagnostic.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"

namespace harness {

struct CoreOutput {
  std::vector<connector::Record> records;  // meaningful only when `commit`
  std::vector<connector::Request> requests;
  std::vector<connector::Diagnostic> diagnostics;
  bool commit = false;
};

class ConnectorCore {
 public:
  virtual ~ConnectorCore() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;  // "bitstamp", "fireblocks"
  virtual CoreOutput plan(std::int64_t now_ms) = 0;
  virtual CoreOutput step(const connector::Request& request, const connector::Response& response,
                          std::int64_t now_ms) = 0;
  // Like a process restart: the cycles in flight are dropped; committed progress stays.
  virtual void drop_running_cycles() = 0;
  // The committed state as the store keeps it (canonical JSON).
  [[nodiscard]] virtual std::string encode_state() const = 0;
  // Request parameters this core derives from the clock: a replay matches them by name only.
  [[nodiscard]] virtual std::vector<std::string_view> clock_derived_params() const = 0;
};

// The connectors this build knows, by name.
inline constexpr std::string_view connector_names[] = {"bitstamp", "fireblocks"};

// The connector a capture was recorded from, by its paths: Fireblocks' all start with /v1/,
// Bitstamp's with /api/. "" when the capture says nothing (no exchanges).
[[nodiscard]] std::string_view connector_of_paths(const std::vector<std::string_view>& paths);

}  // namespace harness
