#pragma once
// Fireblocks' pure core, on the same contract as Bitstamp's (DESIGN.md §2):
//   plan(state, settings, now)                    -> requests for the cycles now due
//   step(state, settings, request, response, now) -> records, new state, further requests
// Three cycles: the asset catalogue (blockchains then assets, every page), accounts (vaults and
// their balances) and payments (transactions by createdAt, a trailing re-scan window, and the
// transactions not in an end state followed by id). A cycle's records are returned only with
// the commit that ends it; a failed cycle commits nothing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fireblocks/core/limits.hpp"
#include "fireblocks/core/state.hpp"

namespace fireblocks::core {

// Test-only: the harness's teeth. Each value re-creates one bug a Fireblocks connector really
// has or had (Formance's, wire digest §6) so that CI proves the simulation's properties catch it.
// No config key or flag reaches it; only the simulator and tests set it.
enum class InjectedBug {
  none,
  created_at_only_cursor,      // pages by createdAt only: no re-scan window, nothing followed by id
  catalogue_first_page_only,   // the asset catalogue read to its first page
  multi_destination_flat,      // destinations[] read as flat peers, not under .destination
};

inline constexpr InjectedBug injected_bugs[] = {InjectedBug::created_at_only_cursor, InjectedBug::catalogue_first_page_only,
                                                InjectedBug::multi_destination_flat};

[[nodiscard]] std::string_view to_string(InjectedBug bug);

struct Settings {
  bool accounts = true;
  bool payments = true;
  bool catalogue = true;  // refresh the catalogue when due; off while it rests after a failed cycle
  std::int64_t polling_period_ms = polling_period_ms_default;
  std::int64_t catalogue_ttl_ms = catalogue_ttl_ms_default;
  std::int64_t rescan_window_ms = rescan_window_ms_default;
  std::uint32_t pages_per_cycle_max = pages_per_cycle_max_default;
  std::uint32_t page_size = transactions_page_size;  // 1..500, settable so tests split pages finely
  InjectedBug injected_bug = InjectedBug::none;       // test-only, see above
  friend bool operator==(const Settings&, const Settings&) = default;
};

struct StepResult {
  std::vector<Record> records;
  SyncState state;
  std::vector<Request> requests;
  std::vector<Diagnostic> diagnostics;
  bool commit = false;
};

[[nodiscard]] StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms);
[[nodiscard]] StepResult step(SyncState state, const Settings& settings, const Request& request,
                              const Response& response, std::int64_t now_ms);
// Whether plan() at now_ms would start this task's cycle if none were running.
[[nodiscard]] bool task_due(const SyncState& state, const Settings& settings, Task task, std::int64_t now_ms);

inline constexpr std::string_view blockchains_path = "/v1/blockchains";
inline constexpr std::string_view assets_path = "/v1/assets";
inline constexpr std::string_view vaults_path = "/v1/vault/accounts_paged";
inline constexpr std::string_view transactions_path = "/v1/transactions";

[[nodiscard]] Request blockchains_request(std::string_view cursor);
[[nodiscard]] Request assets_request(std::string_view cursor);
[[nodiscard]] Request vaults_request(std::string_view after);
// limit=L&orderBy=createdAt&sort=ASC&after=A&before=B (ms).
[[nodiscard]] Request transactions_request(std::int64_t after_ms, std::int64_t before_ms, std::uint32_t limit);
[[nodiscard]] Request transaction_request(std::string_view id);  // /v1/transactions/{id}, the id percent-encoded

// The request-target the shell sends and the JWT's `uri` claim signs: the path, then '?' and
// the query (percent-encoded, in order) when there is one.
[[nodiscard]] std::string request_target(const Request& request);

// Parameters the core derives from the clock (the walk's `before`): a replay matches them by
// name only.
inline constexpr const char* clock_derived_params[] = {"before"};

}  // namespace fireblocks::core
