#pragma once
// The seam between the shared shell and a connector's pure core. Every connector's core has the
// same contract (DESIGN.md §2): plan(state, settings, now) and step(state, settings, request,
// response, now) give records, a new state, further requests and diagnostics, and a commit flag.
// This interface holds one connector's state and settings behind that contract, so the replay
// driver (and what else runs a core) is written once for every connector.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connector/diagnostic.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"
#include "harness/http_client.hpp"

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

  // What the live loop needs besides. A store's state document replaces the state ("" when it
  // decodes, otherwise why not: the loop never overwrites a state it cannot read).
  [[nodiscard]] virtual std::string load_state(std::string_view document) = 0;
  // Tasks plan() holds back from now on (resting after a failed cycle).
  virtual void set_resting(const std::set<connector::Task>& tasks) = 0;
  [[nodiscard]] virtual bool task_enabled(connector::Task task) const = 0;
  // Whether plan() would start this task's cycle now if none were running.
  [[nodiscard]] virtual bool task_due(connector::Task task, std::int64_t now_ms) const = 0;
  [[nodiscard]] virtual std::int64_t polling_period_ms() const = 0;
  // How a path is named in the progress line: "user_transactions", "transactions/{id}".
  [[nodiscard]] virtual std::string progress_name(std::string_view path) const = 0;
};

// The shell's half of a connector: the HTTP request that carries a core's request, signed as
// the API wants it (Bitstamp's HMAC headers, Fireblocks' JWT), at `now_ms`.
class RequestSigner {
 public:
  virtual ~RequestSigner() = default;
  [[nodiscard]] virtual HttpRequest to_http(const connector::Request& request, std::int64_t now_ms) const = 0;
};

// The connectors this build knows, by name.
inline constexpr std::string_view connector_names[] = {"bitstamp", "fireblocks"};

// The connector a capture was recorded from, by its paths: Fireblocks' all start with /v1/,
// Bitstamp's with /api/. "" when the capture says nothing (no exchanges).
[[nodiscard]] std::string_view connector_of_paths(const std::vector<std::string_view>& paths);

}  // namespace harness
