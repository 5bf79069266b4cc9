// The orders cycle (DESIGN.md §4 "Orders"): snapshot open_orders/all/ and walk new type-2
// fill rows side by side; then ask order_status/ about the snapshot, the tracked orders and the
// recent orders only the fills revealed; commit one PspOrder per changed order, the tracking
// memory and the fills cursor together. Orders whose fills are too old for order_status/ are
// rebuilt from the fills alone (historical): one emission per cycle with the fills that cycle
// read, folded together by the store (order_fold.hpp), so nothing per order outlives a cycle.
// Once followed live (tracked, then settled), an order is never rebuilt from fills; an order
// rebuilt from old fills whose later fills are recent is asked about, and its order_status/
// answer (every fill, the real status and fee) replaces the rebuilt one.
#include <algorithm>
#include <iterator>

#include "connector/time.hpp"
#include "cycle_support.hpp"
#include "state_sections.hpp"
#include "bitstamp/core/kernel.hpp"
#include "bitstamp/core/metadata_keys.hpp"

namespace bitstamp::core {
namespace {

std::optional<std::int64_t> order_id_of(const Request& request) {
  for (const Param& param : request.params) {
    std::int64_t id = 0;
    if (param.name == "id") return decode_id(param.value, id) ? std::optional<std::int64_t>(id) : std::nullopt;
  }
  return std::nullopt;
}

// The fill rows of this cycle, grouped by order, each group in id order.
std::map<std::int64_t, std::vector<const UserTransaction*>> fills_by_order(const OrdersCycle& cycle) {
  std::map<std::int64_t, std::vector<const UserTransaction*>> groups;
  for (const UserTransaction& row : cycle.fill_rows) groups[*row.order_id].push_back(&row);
  return groups;
}

// Orders the live path owns: followed now, or followed until recently.
bool owned_live(const OrdersCursor& cursor, std::int64_t id) {
  return cursor.tracked.contains(id) || cursor.settled.contains(id);
}

// Decides which orders this cycle asks order_status/ about, and asks.
void ask_statuses(StepResult& result, std::int64_t now_ms) {
  OrdersCycle& cycle = *result.state.running.orders;
  const OrdersCursor& cursor = result.state.orders_cursor;
  cycle.statuses_asked = true;
  for (const auto& [id, tracked] : cursor.tracked) cycle.asking.emplace(id, tracked.context);
  for (const auto& [id, context] : *cycle.snapshot) cycle.asking.emplace(id, context);  // tracked keep first sight
  const std::int64_t reach_us = (now_ms - order_tracking_max_ms) * us_per_ms;
  for (const auto& [id, rows] : fills_by_order(cycle)) {
    if (cycle.asking.contains(id) || owned_live(cursor, id)) continue;
    FillAggregate aggregate;
    std::vector<Diagnostic> quiet;  // the commit reports unreadable fills, once
    for (const UserTransaction* row : rows) add_fill(aggregate, *row, result.state.assets, quiet);
    // An order only the fills revealed (filled at once, or between two snapshots): order_status/
    // knows its real status and fee while it is recent enough.
    if (!aggregate.rows.empty() && aggregate.last_fill_us >= reach_us) cycle.asking.emplace(id, context_from_fills(aggregate));
  }
  for (const auto& [id, context] : cycle.asking) result.requests.push_back(order_status_request(id));
}

// The order `body` describes, mapped under `context`; nullopt when it cannot be.
std::optional<PspOrder> order_from_body(std::string_view body, const OrderContext& context, const SyncState& state,
                                        std::vector<Diagnostic>& diagnostics) {
  const OrderStatusParse parsed = parse_order_status(body);
  if (!parsed.order) return std::nullopt;
  return map_order_status(*parsed.order, context, state.assets, state.enrichment, diagnostics);
}

void mark_retention_expired(PspOrder& order) {
  order.metadata.set(metadata_key::retention_expired, "true");
}

struct OrdersCommit {
  std::vector<Record> records;
  std::set<std::int64_t> to_historical;  // asked, not found, never emitted: their fills rebuild them
};

void settle(OrdersCursor& cursor, std::int64_t id, std::int64_t now_ms) {
  cursor.tracked.erase(id);
  cursor.settled[id] = now_ms;
}

// One answered order of the live path.
void commit_live_order(StepResult& result, OrdersCommit& commit, std::int64_t id, const OrderContext& context,
                       const std::optional<OrderStatusReading>& answer, bool in_snapshot, std::int64_t now_ms) {
  OrdersCursor& cursor = result.state.orders_cursor;
  const auto tracked = cursor.tracked.find(id);
  const bool emitted_before = tracked != cursor.tracked.end() && !tracked->second.last_body.empty();
  if (!answer) {
    // Past Bitstamp's retention: the last known state is final, and says so.
    if (emitted_before) {
      std::optional<PspOrder> last = order_from_body(tracked->second.last_body, context, result.state, result.diagnostics);
      if (last) {
        mark_retention_expired(*last);
        commit.records.emplace_back(std::move(*last));
      }
      result.diagnostics.push_back({Severity::info, "order.retention_expired",
                                    "order " + std::to_string(id) +
                                        ": order_status/ says 'Order not found'; last known state kept, marked "
                                        "retention_expired"});
      settle(cursor, id, now_ms);
    } else if (in_snapshot) {
      cursor.tracked.try_emplace(id, TrackedOrder{now_ms, context, ""});  // ask again next cycle
    } else {
      // Revealed by its fills (or followed but never readable): what the fills say is all there is.
      if (tracked != cursor.tracked.end()) cursor.tracked.erase(tracked);
      commit.to_historical.insert(id);
      result.diagnostics.push_back({Severity::info, "order.not_found",
                                    "order " + std::to_string(id) +
                                        ": order_status/ says 'Order not found'; rebuilt from its fills, if any"});
    }
    return;
  }
  std::optional<PspOrder> order = map_order_status(*answer, context, result.state.assets, result.state.enrichment,
                                                   result.diagnostics);
  auto [entry, seeded] = cursor.tracked.try_emplace(id, TrackedOrder{now_ms, context, ""});
  entry->second.failed_cycles = 0;  // answered: a run of failures, if any, is over
  if (!order) return;  // unreadable: followed, asked again next cycle
  const OrderStatusMeaning meaning = read_order_status(answer->status, !order->base_quantity_filled.is_zero());
  const bool expired = !meaning.terminal && !in_snapshot && now_ms - entry->second.first_seen_ms >= order_tracking_max_ms;
  if (expired) {
    mark_retention_expired(*order);
    result.diagnostics.push_back({Severity::info, "order.retention_expired",
                                  "order " + std::to_string(id) + ": followed for 25 days and no longer open; "
                                                                  "last state marked retention_expired, no longer followed"});
  }
  std::vector<Diagnostic> quiet;  // the previous body was reported when it was read
  const std::optional<PspOrder> previous =
      entry->second.last_body.empty() ? std::nullopt
                                      : order_from_body(entry->second.last_body, context, result.state, quiet);
  if (!previous || *previous != *order) commit.records.emplace_back(*order);
  if (meaning.terminal || expired) {
    settle(cursor, id, now_ms);
  } else {
    entry->second.last_body = answer->raw;
  }
}

// One order whose order_status/ could not be had this cycle: left out of the commit and still
// followed, unless that has now happened order_status_failed_cycles_max cycles running. Its
// fills of this cycle are not lost meanwhile: an order never emitted live is rebuilt from them
// (a later live answer replaces that), one emitted live keeps its last state.
void commit_failed_order(StepResult& result, OrdersCommit& commit, std::int64_t id, const OrderContext& context,
                         const std::string& why, std::int64_t now_ms) {
  OrdersCursor& cursor = result.state.orders_cursor;
  TrackedOrder& entry = cursor.tracked.try_emplace(id, TrackedOrder{now_ms, context, ""}).first->second;
  const bool emitted_live = !entry.last_body.empty();
  ++entry.failed_cycles;
  if (!emitted_live) commit.to_historical.insert(id);
  const std::string name = "order " + std::to_string(id);
  if (entry.failed_cycles < order_status_failed_cycles_max) {
    result.diagnostics.push_back({Severity::warning, "order.status_unavailable",
                                  name + ": " + why + "; left out of this cycle and still followed (" +
                                      std::to_string(entry.failed_cycles) + " of " +
                                      std::to_string(order_status_failed_cycles_max) + " cycles)"});
    return;
  }
  result.diagnostics.push_back(
      {Severity::error, "order.follow_abandoned",
       name + ": order_status/ could not be read in " + std::to_string(order_status_failed_cycles_max) +
           " consecutive cycles (" + why + "); no longer followed, " +
           (emitted_live ? "its last emitted state stands" : "what its fills say is all there is (historical)")});
  if (emitted_live) {
    settle(cursor, id, now_ms);  // never rebuilt from fills once emitted live
  } else {
    cursor.tracked.erase(id);  // its later fills are rebuilt like any order no live path owns
  }
}

// Orders no live path owns, rebuilt from the fills this cycle read (the store folds in what
// earlier cycles read of them), and orders the live path could not read this cycle.
void commit_historical_orders(StepResult& result, OrdersCommit& commit) {
  const OrdersCycle& cycle = *result.state.running.orders;
  const OrdersCursor& cursor = result.state.orders_cursor;
  for (const auto& [id, rows] : fills_by_order(cycle)) {
    const bool rebuild = commit.to_historical.contains(id);
    if (!rebuild && (cycle.asking.contains(id) || owned_live(cursor, id))) continue;
    FillAggregate aggregate;
    for (const UserTransaction* row : rows) add_fill(aggregate, *row, result.state.assets, result.diagnostics);
    if (aggregate.rows.empty()) continue;
    if (auto order = map_historical_order(id, aggregate, result.state.assets, result.state.enrichment,
                                          result.diagnostics)) {
      commit.records.emplace_back(std::move(*order));
    }
  }
}

void commit_orders_cycle(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  OrdersCursor& cursor = result.state.orders_cursor;
  const OrdersCycle& cycle = *running.orders;
  OrdersCommit commit;
  for (const auto& [id, context] : cycle.asking) {
    if (const auto failed = cycle.failed.find(id); failed != cycle.failed.end()) {
      commit_failed_order(result, commit, id, context, failed->second, now_ms);
    } else {
      commit_live_order(result, commit, id, context, cycle.answers.at(id), cycle.snapshot->contains(id), now_ms);
    }
  }
  commit_historical_orders(result, commit);
  if (settings.injected_bug == InjectedBug::tracked_orders_dropped_early) {
    for (const auto& [id, tracked] : cursor.tracked) cursor.settled[id] = now_ms;
    cursor.tracked.clear();
  }
  const TransactionsWalk& walk = *running.order_fills;
  report_derivatives_left_out(result, Task::orders, walk);
  const std::int64_t before = cursor.fills.last_id;
  cursor.fills.last_id = std::max(before, walk.max_id);
  cursor.fills.backfill_pending = walk.more_pending;
  if (!walk.more_pending) {
    // Caught up: every fill that existed when this cycle began has been read. An order settled
    // before then can get no further fill.
    std::erase_if(cursor.settled, [&](const auto& entry) { return entry.second < cycle.started_ms; });
  }
  result.diagnostics.push_back(
      {Severity::info, "orders.committed",
       "orders: " + std::to_string(cycle.snapshot->size()) + " open, " + std::to_string(cycle.asking.size()) +
           " asked, " + std::to_string(commit.records.size()) + " record(s), " + std::to_string(cursor.tracked.size()) +
           " followed; fills cursor " + std::to_string(before) + " -> " + std::to_string(cursor.fills.last_id) +
           (cursor.fills.backfill_pending ? "; more history pending, continuing next cycle" : "")});
  std::move(commit.records.begin(), commit.records.end(), std::back_inserter(result.records));
  result.state.orders.last_completed_ms = now_ms;
  running.orders.reset();
  running.order_fills.reset();
  result.commit = true;
}

}  // namespace

void start_orders_cycle(StepResult& result, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  running.orders = OrdersCycle{};
  running.orders->started_ms = now_ms;
  const RecentReads& recent = result.state.recent;
  if (recent.open_orders && now_ms - recent.open_orders_ms < open_orders_reuse_ms) {
    running.orders->snapshot = recent.open_orders;
  }
}

std::string on_open_orders(StepResult& result, const Settings& settings, std::string_view body, std::int64_t now_ms) {
  OpenOrdersParse parsed = parse_open_orders(body);
  if (parsed.error) return *parsed.error;
  std::map<std::int64_t, OrderContext> snapshot;
  for (OpenOrder& order : parsed.orders) snapshot.emplace(order.id, std::move(order.context));
  result.state.recent.open_orders = snapshot;
  result.state.recent.open_orders_ms = now_ms;
  result.state.running.orders->snapshot = std::move(snapshot);
  result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  advance_orders_cycle(result, settings, now_ms);
  return "";
}

std::string on_order_status(StepResult& result, const Settings& settings, const Request& request,
                            std::optional<std::string_view> answer, std::int64_t now_ms) {
  OrdersCycle& cycle = *result.state.running.orders;
  const std::int64_t id = *order_id_of(request);  // orders_cycle_waits_for checked it
  std::optional<OrderStatusReading> reading;
  if (answer) {
    OrderStatusParse parsed = parse_order_status(*answer);
    if (!parsed.order) return *parsed.error;
    if (parsed.order->id != id) {
      return "order_status: asked about order " + std::to_string(id) + ", answered about " +
             std::to_string(parsed.order->id);
    }
    reading = std::move(parsed.order);
  }
  cycle.answers[id] = std::move(reading);
  advance_orders_cycle(result, settings, now_ms);
  return "";
}

void advance_orders_cycle(StepResult& result, const Settings& settings, std::int64_t now_ms) {
  RunningCycles& running = result.state.running;
  if (!running.orders || !running.order_fills) return;
  OrdersCycle& cycle = *running.orders;
  if (!cycle.snapshot || !running.order_fills->done) return;
  if (!cycle.statuses_asked) ask_statuses(result, now_ms);
  if (cycle.answers.size() + cycle.failed.size() < cycle.asking.size()) return;
  commit_orders_cycle(result, settings, now_ms);
}

bool orders_cycle_waits_for(const RunningCycles& running, const Request& request) {
  if (!running.orders) return false;
  const OrdersCycle& cycle = *running.orders;
  if (is_open_orders(request)) return !cycle.snapshot && request.params.empty();
  if (!is_order_status(request) || !cycle.statuses_asked) return false;
  const std::optional<std::int64_t> id = order_id_of(request);
  return id && cycle.asking.contains(*id) && !cycle.answers.contains(*id) && !cycle.failed.contains(*id) &&
         request.params.size() == 1;
}

bool order_status_failed(StepResult& result, const Settings& settings, const Request& request,
                         const Classification& outcome, std::string why, std::int64_t now_ms) {
  // An authentication failure is no one order's: it stops the cycle as on any endpoint.
  if (!is_order_status(request) || outcome.outcome == Outcome::auth_failed ||
      outcome.outcome == Outcome::nonce_rejected || !result.state.running.orders) {
    return false;
  }
  const std::optional<std::int64_t> id = order_id_of(request);
  if (!id) return false;
  result.state.running.orders->failed.emplace(*id, std::move(why));
  advance_orders_cycle(result, settings, now_ms);
  return true;
}

}  // namespace bitstamp::core
