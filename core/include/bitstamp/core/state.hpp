#pragma once
// The connector's state: what is committed (persisted as one versioned JSON document per
// install) and what a running cycle holds (transient: a restart starts every cycle afresh, so
// nothing half-done is ever persisted).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bitstamp/core/assets.hpp"

namespace bitstamp::core {

inline constexpr int state_version = 1;

// The committed progress of one periodic task.
struct TaskProgress {
  std::int64_t last_completed_ms = -1;  // -1: never completed
  friend bool operator==(const TaskProgress&, const TaskProgress&) = default;
};

// Work under way. Never persisted.
struct CycleFlags {
  bool currencies_running = false;
  bool accounts_running = false;
  bool accounts_waiting_for_assets = false;
  friend bool operator==(const CycleFlags&, const CycleFlags&) = default;
};

struct SyncState {
  AssetTable assets;
  TaskProgress accounts;
  CycleFlags running;  // transient

  friend bool operator==(const SyncState&, const SyncState&) = default;
};

// Canonical JSON of the committed part: {"accounts":{...},"assets":{...},"version":1}.
[[nodiscard]] std::string encode_state(const SyncState& state);

struct StateDecode {
  std::optional<SyncState> state;
  std::string error;  // names the offending field when state is empty
};

// Total: any text gives a state or a message. Missing sections take their defaults, so an
// older document with fewer sections decodes; a newer version than this build is refused.
[[nodiscard]] StateDecode decode_state(std::string_view json);

}  // namespace bitstamp::core
