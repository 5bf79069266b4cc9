#pragma once
// Private to the core: what the engine and the stream cycles (payments, conversions) share:
// which running walk and committed cursor belong to a task, and the next request of each walk.

#include <algorithm>
#include <cstdint>
#include <optional>

#include <string>
#include <string_view>
#include <vector>

#include "bitstamp/core/classify.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/user_transactions.hpp"
#include "payment_walks.hpp"
#include "state_sections.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// The tasks that walk user_transactions/, each under its own watermark: payments,
// conversions, and the orders task's walk over fill rows.
inline bool walks_user_transactions(Task task) {
  return task == Task::payments || task == Task::conversions || task == Task::orders;
}

// `Running` is RunningCycles or const RunningCycles. REQUIRES: walks_user_transactions(task).
template <class Running>
inline auto& walk_of(Running& running, Task task) {
  if (task == Task::orders) return running.order_fills;
  return task == Task::payments ? running.payments : running.conversions;
}

// The stream readers in the order a cycle group starts them; the first of equal cursors leads.
inline constexpr Task transactions_readers[] = {Task::payments, Task::conversions, Task::orders};

// The tasks reading the walk `leader` asks pages for: the leader first, then its riders.
template <class Running>
inline std::vector<Task> readers_of(Running& running, Task leader) {
  std::vector<Task> readers{leader};
  for (const Task task : transactions_readers) {
    const auto& walk = walk_of(running, task);
    if (task != leader && walk && walk->rides_with == leader) readers.push_back(task);
  }
  return readers;
}

// The reader a user_transactions/ row belongs to: fills to orders, instant conversions to
// conversions, every other type (an unreadable one included) to payments.
inline Task reader_of_type(std::optional<std::int64_t> type) {
  if (type == tx_type_trade) return Task::orders;
  if (type == tx_type_instant_conversion) return Task::conversions;
  return Task::payments;
}

template <class Running>
inline auto& waiting_of(Running& running, Task task) {
  if (task == Task::orders) return running.orders_waiting_for_assets;
  return task == Task::payments ? running.payments_waiting_for_assets : running.conversions_waiting_for_assets;
}

inline StreamCursor& cursor_of(SyncState& state, Task task) {
  if (task == Task::orders) return state.orders_cursor.fills;
  return task == Task::payments ? state.payments_cursor.user_transactions : state.conversions_cursor;
}

inline TaskProgress& progress_of(SyncState& state, Task task) {
  if (task == Task::orders) return state.orders;
  return task == Task::payments ? state.payments : state.conversions;
}

inline std::uint32_t page_size(const Settings& settings) {
  return std::clamp<std::uint32_t>(settings.page_size, 1, page_size_max);
}

// Rows a full user_transactions/ page holds: Bitstamp sets the limit to 1000 with since_id.
inline std::uint32_t page_span(const TransactionsWalk& walk, const Settings& settings) {
  return walk.since_id >= 0 ? page_size_max : page_size(settings);
}

inline bool same_call(const Request& a, const Request& b) {
  return a.task == b.task && a.method == b.method && a.path == b.path && a.params == b.params;
}

// The `offset` a request names; nullopt when it names none or one that is no page offset.
inline std::optional<std::uint32_t> page_offset(const Request& request) {
  for (const Param& param : request.params) {
    std::int64_t offset = 0;
    if (param.name != "offset") continue;
    if (!decode_id(param.value, offset) || offset > offset_max) return std::nullopt;
    return static_cast<std::uint32_t>(offset);
  }
  return std::nullopt;
}

inline Request page_request(Task task, const TransactionsWalk& walk, std::uint32_t offset, const Settings& settings) {
  return user_transactions_request(task, walk.since_id, offset, page_size(settings));
}

inline PageLimits page_limits(const Settings& settings) {
  return PageLimits{page_size(settings), settings.offset_max};
}

inline Request crypto_page_request(const CryptoWalk& walk, const Settings& settings) {
  return crypto_transactions_request(walk.since_timestamp, walk.offset, page_size(settings));
}

inline Request withdrawal_page_request(const WithdrawalRequestsWalk& walk, const Settings& settings) {
  return withdrawal_requests_request(walk.timedelta_s, walk.offset, page_size(settings));
}


// Which source a payments request reads; user_transactions/ when neither.
inline bool is_crypto_transactions(const Request& request) {
  return request.path == crypto_transactions_path;
}
inline bool is_withdrawal_requests(const Request& request) {
  return request.path == withdrawal_requests_path;
}

// Asks for the pages the walk led by `task` needs next: the one it reads next, and once the
// walk proves long, the ones after it up to settings.pages_in_flight_max not yet read.
void ask_pages(StepResult& result, const Settings& settings, Task task);

// Whether `request` is a page the walk led by its task has asked for and still waits for.
bool walk_waits_for(const TransactionsWalk& walk, const Request& request, const Settings& settings);

// Reads a page into its walk: "" when used (then further pages are asked for, or the cycle
// commits once every walk it runs is done), otherwise why the body is unusable. Pages are
// read in offset order whatever order they arrive in.
std::string on_user_transactions(StepResult& result, const Settings& settings, const Request& request,
                                 std::string_view body, std::int64_t now_ms);

// One info diagnostic per cycle counting the derivatives rows its walk left out, if any.
void report_derivatives_left_out(StepResult& result, Task task, const TransactionsWalk& walk);

// A page asked for ahead that turned out to lie past the walk's end and could not be had: it
// was never needed, so it does not fail the cycle. False, changing nothing, for any other.
bool settle_surplus_page(StepResult& result, const Settings& settings, const Request& request, std::int64_t now_ms);
std::string on_crypto_transactions(StepResult& result, const Settings& settings, std::string_view body,
                                   std::int64_t now_ms);
std::string on_withdrawal_requests(StepResult& result, const Settings& settings, std::string_view body,
                                   std::int64_t now_ms);

// crypto-transactions/ is Main-only: a permission refusal (what a sub-account key gets) means
// "not available for this scope": the walk counts as done and empty, and the process never
// asks again (logged this once). False, changing nothing, for any other outcome: those fail the
// cycle like on any other endpoint.
bool skip_crypto_transactions(StepResult& result, const Settings& settings, const Classification& refusal,
                              std::int64_t now_ms);

// The orders cycle (orders_cycle.cpp). It starts with the open-orders snapshot and the fills
// walk; once both are in it asks order_status/ about every order it follows, and commits when
// every answer is in. start_orders_cycle sets the cycle up beside the fills walk that
// start_cycle has begun.
void start_orders_cycle(StepResult& result, std::int64_t now_ms);
std::string on_open_orders(StepResult& result, const Settings& settings, std::string_view body, std::int64_t now_ms);
// `answer` is nullopt for "Order not found".
std::string on_order_status(StepResult& result, const Settings& settings, const Request& request,
                            std::optional<std::string_view> answer, std::int64_t now_ms);
// Called when the fills walk reads its last page, and after each answer: asks or commits when due.
void advance_orders_cycle(StepResult& result, const Settings& settings, std::int64_t now_ms);
// An order_status/ request whose retries ran out (or that the cycle may not retry): the order
// is left out of this cycle instead of failing it, and the cycle goes on. False, changing
// nothing, for any other request and for authentication failures (those stop the cycle).
bool order_status_failed(StepResult& result, const Settings& settings, const Request& request,
                         const Classification& outcome, std::string why, std::int64_t now_ms);
// Whether `request` is one the running orders cycle still waits for (snapshot or status).
bool orders_cycle_waits_for(const RunningCycles& running, const Request& request);
inline bool is_open_orders(const Request& request) { return request.path == open_orders_path; }
inline bool is_order_status(const Request& request) { return request.path == order_status_path; }

}  // namespace bitstamp::core
