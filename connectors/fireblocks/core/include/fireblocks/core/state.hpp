#pragma once
// What the Fireblocks core remembers between calls. The committed part is encoded as
// versioned canonical JSON (encode_state); `running` is the cycles in flight and is never
// persisted: a restart drops them and they start again from the committed cursors.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fireblocks/core/assets.hpp"
#include "fireblocks/core/kernel.hpp"

namespace fireblocks::core {

inline constexpr std::int64_t state_version = 1;

// A transaction this connector has seen and still watches: every one created inside the
// re-scan window, every one not in an end state (followed by id), and every one held back.
struct KnownTransaction {
  std::int64_t created_at_ms = 0;
  std::string status;      // the Fireblocks status last emitted (or seen, when held)
  std::string held_raw;    // non-empty: not emitted yet (unknown asset, unreadable amount); the row
  friend bool operator==(const KnownTransaction&, const KnownTransaction&) = default;
};

// Each cycle reads its pages one after another and knows the one request it waits for
// (`awaiting`, its request-target): an answer to anything else (a response delivered twice, a
// late answer to a request already retried) is not read again.
struct CatalogueCycle {
  std::string awaiting;
  bool blockchains_done = false;
  std::map<std::string, bool> testnet;
  Catalogue assets;
  std::set<std::string> skipped;  // catalogue keys the rules leave out (NFT, deprecated, …)
  friend bool operator==(const CatalogueCycle&, const CatalogueCycle&) = default;
};

struct AccountsCycle {
  std::string awaiting;
  std::vector<Record> records;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, std::int64_t> vaults_first_seen_ms;
  bool unknown_asset = false;
  friend bool operator==(const AccountsCycle&, const AccountsCycle&) = default;
};

struct PaymentsCycle {
  std::string awaiting;            // the walk's next page; "" once the walk is done
  std::int64_t before_ms = 0;      // the walk's upper bound, fixed when it starts
  std::int64_t after_ms = 0;       // the page asked for now
  std::uint32_t limit = 0;
  std::uint32_t pages = 0;
  bool walk_done = false;
  bool stopped_at_budget = false;  // the walk is not over: the next cycle resumes at after_ms
  std::set<std::string> follows_out;  // ids asked by GET /v1/transactions/{id}, not answered yet
  std::vector<Record> records;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, KnownTransaction> known;  // the committed map, updated as rows arrive
  std::int64_t last_created_at_ms = 0;
  bool unknown_asset = false;
  friend bool operator==(const PaymentsCycle&, const PaymentsCycle&) = default;
};

struct Running {
  std::optional<CatalogueCycle> catalogue;
  std::optional<AccountsCycle> accounts;
  std::optional<PaymentsCycle> payments;
  friend bool operator==(const Running&, const Running&) = default;
};

struct SyncState {
  Catalogue catalogue;
  std::set<std::string> catalogue_skipped;
  std::int64_t catalogue_loaded_at_ms = 0;  // 0: never
  bool catalogue_stale = false;             // an unknown asset was met: refresh before the TTL
  std::map<std::string, std::int64_t> vaults_first_seen_ms;
  std::int64_t accounts_completed_at_ms = 0;
  std::int64_t payments_completed_at_ms = 0;
  std::int64_t last_created_at_ms = 0;  // the newest createdAt read; 0 before the first sync
  bool backfill_pending = false;        // the last payments cycle stopped at its page budget...
  std::int64_t resume_after_ms = 0;     // ...and the next one resumes its walk from here
  std::map<std::string, KnownTransaction> known;
  Running running;

  friend bool operator==(const SyncState&, const SyncState&) = default;
};

// Canonical JSON of the committed part (never `running`).
[[nodiscard]] std::string encode_state(const SyncState& state);

struct StateDecode {
  std::optional<SyncState> state;
  std::string error;
};
// Total: any text gives a state or a reason.
[[nodiscard]] StateDecode decode_state(std::string_view text);

}  // namespace fireblocks::core
