#pragma once
// The pure core's contract (DESIGN.md §2):
//   plan(state, settings, now)                    -> requests for the cycles now due
//   step(state, settings, request, response, now) -> records, new state, further requests
// No I/O, no clock, no randomness. Every input, however malformed, has a defined result.
// When `commit` is set the shell persists `records` and encode_state(state) in one transaction;
// records of a cycle are only ever returned together with the commit that ends that cycle.

#include <cstdint>
#include <optional>
#include <vector>

#include "connector/diagnostic.hpp"
#include "bitstamp/core/limits.hpp"
#include "connector/record.hpp"
#include "connector/request.hpp"
#include "bitstamp/core/state.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// The periodic root tasks a run plans; a focused replay or sync can turn some off.
struct EnabledTasks {
  bool accounts = true;
  bool payments = true;
  bool conversions = true;
  bool orders = true;
  bool enrichment = true;  // load the enrichment datasets with the currencies one
  friend bool operator==(const EnabledTasks&, const EnabledTasks&) = default;
};

// Whether a root task (accounts, payments, conversions, orders) is on; false for the others.
[[nodiscard]] bool is_enabled(const EnabledTasks& tasks, Task task);

// Test-only: the harness's teeth. Each value re-creates one realistic connector bug so that CI
// proves the simulator's properties catch it (tests/simulator/teeth_test.cpp). No config key,
// sync flag or environment variable reaches it; only the simulator and tests set it.
enum class InjectedBug {
  none,
  exclusive_watermark,         // since_id read as exclusive: the boundary row is emitted again
  cursor_before_records,       // the user_transactions cursor commits page by page, records at the end
  rate_limit_as_empty_page,    // a 429 / 400.002 read as "no rows"
  no_cross_source_dedupe,      // references without their source prefix: wr:7 and ct-dep:7 collide
  followed_payments_dropped_early,  // pending deposits/withdrawal requests no longer followed
  tracked_orders_dropped_early,     // an order stops being followed once it was seen open
};

inline constexpr InjectedBug injected_bugs[] = {
    InjectedBug::exclusive_watermark, InjectedBug::cursor_before_records, InjectedBug::rate_limit_as_empty_page,
    InjectedBug::no_cross_source_dedupe, InjectedBug::followed_payments_dropped_early,
    InjectedBug::tracked_orders_dropped_early};

struct Settings {
  EnabledTasks tasks;
  std::int64_t polling_period_ms = polling_period_ms_default;
  std::int64_t enrichment_ttl_ms = enrichment_ttl_ms_default;
  // Pages of user_transactions/ one payments or conversions cycle walks before it commits. A longer history
  // is backfilled over several cycles, each committing its progress; this bounds the memory
  // a cycle holds and keeps every offset far below Bitstamp's 200000 cap.
  std::uint32_t pages_per_cycle_max = 20;
  // user_transactions/ pages of one walk asked for at once (and held answered ahead of the one
  // to read next) once the walk proves long; 1 asks one page after another.
  std::uint32_t pages_in_flight_max = pages_in_flight_default;
  // Bitstamp's limits, settable so tests can split pages finely and reach the cap cheaply.
  std::uint32_t page_size = page_size_max;  // 1..page_size_max
  std::uint32_t offset_max = core::offset_max;
  InjectedBug injected_bug = InjectedBug::none;  // test-only, see above
};

[[nodiscard]] std::string_view to_string(InjectedBug bug);  // "exclusive_watermark", ...

struct StepResult {
  std::vector<Record> records;
  SyncState state;
  std::vector<Request> requests;  // effects as data; the shell carries them out
  std::vector<Diagnostic> diagnostics;
  bool commit = false;
};

[[nodiscard]] StepResult plan(SyncState state, const Settings& settings, std::int64_t now_ms);

// Whether plan() at now_ms would start a cycle of this root task (accounts, payments,
// conversions, orders) if none were running: it never completed, its polling period has
// passed, or its backfill is pending. False for the reference datasets.
[[nodiscard]] bool task_due(const SyncState& state, const Settings& settings, Task task, std::int64_t now_ms);

[[nodiscard]] StepResult step(SyncState state, const Settings& settings, const Request& request,
                              const Response& response, std::int64_t now_ms);

// The endpoints the core reads.
inline constexpr std::string_view currencies_path = "/api/v2/currencies/";
inline constexpr std::string_view account_balances_path = "/api/v2/account_balances/";
inline constexpr std::string_view user_transactions_path = "/api/v2/user_transactions/";
inline constexpr std::string_view crypto_transactions_path = "/api/v2/crypto-transactions/";
inline constexpr std::string_view withdrawal_requests_path = "/api/v2/withdrawal-requests/";

// The requests the core makes, built in one place so captures and the simulator agree.
[[nodiscard]] Request currencies_request();
// GET markets/ (public), POST my_markets/, fees/trading/, fees/withdrawal/ (signed, no body).
[[nodiscard]] std::vector<Request> enrichment_requests();
[[nodiscard]] Request open_orders_request();
[[nodiscard]] Request order_status_request(std::int64_t order_id);  // id=N
[[nodiscard]] Request account_balances_request();
// limit=L&offset=O&include_ious=true[&since_timestamp=S]; the whole list without S.
[[nodiscard]] Request crypto_transactions_request(std::optional<std::int64_t> since_timestamp,
                                                  std::uint32_t offset,
                                                  std::uint32_t limit = page_size_max);
// timedelta=T&limit=L&offset=O: Bitstamp wants limit and offset together, always.
[[nodiscard]] Request withdrawal_requests_request(std::int64_t timedelta_s, std::uint32_t offset,
                                                  std::uint32_t limit = page_size_max);
// limit=L[&since_id=N]&sort=asc&offset=O; since_id is omitted on a cold start (-1). With
// since_id Bitstamp sets the limit to 1000 whatever is asked, so the request says so.
[[nodiscard]] Request user_transactions_request(Task task, std::int64_t since_id,
                                                std::uint32_t offset,
                                                std::uint32_t limit = page_size_max);

}  // namespace bitstamp::core
