// Properties of the orders task over generated order lifecycles and polling schedules, against
// a small model of Bitstamp's order endpoints (open_orders/all/ cached 10 s, order_status/
// forgetting closed orders created over 30 days ago, type-2 fill rows in user_transactions/):
//   - every order the account shows (a fill, or resting at a poll) ends as a terminal record or
//     a retention_expired one;
//   - one reference per order; once followed live, never rebuilt from fills again; the
//     emissions of an order rebuilt from fills fold (as the store folds them) into its totals;
//   - the followed orders are, after every orders commit, resting ones or first seen within 25 days.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "bitstamp/core/order_fold.hpp"
#include "connector/time.hpp"

namespace bitstamp::core {
namespace {

constexpr std::int64_t day_s = 86400;
constexpr std::int64_t epoch_s = 1'700'000'000;
constexpr std::int64_t horizon_s = epoch_s + 120 * day_s;  // polls run this long, then one after every order ended
constexpr std::int64_t retention_s = 30 * day_s;

struct ModelFill {
  std::int64_t at_s = 0;
  std::int64_t base = 0;  // satoshi
  std::int64_t quote = 0;  // cents
  std::int64_t id = 0;     // its user_transactions/ id and order_status/ tid
};

struct ModelOrder {
  std::int64_t id = 0;
  std::int64_t created_s = 0;
  int side = 0;
  bool legacy = false;
  std::vector<ModelFill> fills;
  std::int64_t closed_s = 0;
  std::string end_status;  // "Finished" or "Canceled"

  bool resting_at(std::int64_t at_s) const { return created_s <= at_s && at_s < closed_s; }
};

struct Model {
  std::vector<ModelOrder> orders;
  std::vector<std::int64_t> polls_s;  // ascending
};

std::string decimal(std::int64_t minor, std::uint32_t precision) { return format_decimal(Amount{minor}, precision); }
std::string datetime(std::int64_t at_s) {
  std::string text = format_rfc3339(at_s * 1'000'000);
  text[10] = ' ';
  text.pop_back();
  return text;
}

rc::Gen<Model> model_gen() {
  return rc::gen::exec([] {
    Model model;
    const int count = *rc::gen::inRange(1, 7);
    for (int i = 0; i < count; ++i) {
      ModelOrder order;
      order.id = 900'000 + i;
      order.created_s = epoch_s + *rc::gen::inRange<std::int64_t>(0, 60 * day_s);
      order.side = *rc::gen::inRange(0, 2);
      order.legacy = *rc::gen::inRange(0, 5) == 0;
      std::int64_t at = order.created_s;
      const int fills = *rc::gen::inRange(0, 4);
      for (int f = 0; f < fills; ++f) {
        at += *rc::gen::inRange<std::int64_t>(60, 15 * day_s);
        order.fills.push_back({at, *rc::gen::inRange<std::int64_t>(1, 100'000'000), *rc::gen::inRange<std::int64_t>(1, 1'000'000), 0});
      }
      const bool finished = !order.fills.empty() && *rc::gen::arbitrary<bool>();
      order.closed_s = finished ? at : at + *rc::gen::inRange<std::int64_t>(1, 40 * day_s);
      order.end_status = finished ? "Finished" : "Canceled";
      model.orders.push_back(order);
    }
    // Fill rows are numbered in time order, as Bitstamp's ids are.
    std::vector<ModelFill*> all;
    for (ModelOrder& order : model.orders) {
      for (ModelFill& fill : order.fills) all.push_back(&fill);
    }
    std::stable_sort(all.begin(), all.end(), [](const ModelFill* a, const ModelFill* b) { return a->at_s < b->at_s; });
    for (std::size_t i = 0; i < all.size(); ++i) all[i]->id = 5000 + static_cast<std::int64_t>(i);
    std::int64_t poll = epoch_s + *rc::gen::inRange<std::int64_t>(0, 60 * day_s);  // the install
    while (poll < horizon_s) {
      model.polls_s.push_back(poll);
      poll += *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(20 * 60, 6 * 3600),
                              rc::gen::inRange<std::int64_t>(6 * 3600, 12 * day_s));
    }
    std::int64_t last_close_s = horizon_s;
    for (const ModelOrder& order : model.orders) last_close_s = std::max(last_close_s, order.closed_s);
    model.polls_s.push_back(last_close_s + day_s);  // settles after every order has ended
    return model;
  });
}

// Bitstamp's answers from the model.
class ModelServer {
 public:
  explicit ModelServer(const Model& model) : model_(model) {}

  Response answer(const Request& request, std::int64_t now_s) const {
    if (request.path == currencies_path) {
      return ok(R"([{"currency":"BTC","decimals":8,"type":"crypto"},{"currency":"USD","decimals":2,"type":"fiat"}])");
    }
    if (request.path == open_orders_path) return ok(open_orders(now_s - now_s % 10));
    if (request.path == order_status_path) return order_status(std::stoll(request.params.at(0).value), now_s);
    return ok(fill_rows(request, now_s));
  }

 private:
  static Response ok(std::string body) { return Response{Transport::received, 200, {}, std::move(body)}; }

  std::string open_orders(std::int64_t view_s) const {
    std::string out = "[";
    for (const ModelOrder& order : model_.orders) {
      if (!order.resting_at(view_s)) continue;
      if (out.size() > 1) out += ',';
      out += R"({"id":")" + std::to_string(order.id) + R"(","datetime":")" + datetime(order.created_s) +
             R"(","type":")" + std::to_string(order.side) + R"(","price":"100.00","amount":"1.0",)"
             R"("amount_at_create":"9.0","market":"BTC/USD","currency_pair":"BTC/USD"})";
    }
    return out + "]";
  }

  Response order_status(std::int64_t id, std::int64_t now_s) const {
    const auto it = std::find_if(model_.orders.begin(), model_.orders.end(), [&](const ModelOrder& o) { return o.id == id; });
    const bool closed = it != model_.orders.end() && it->closed_s <= now_s;
    if (it == model_.orders.end() || it->created_s > now_s || (closed && it->created_s < now_s - retention_s)) {
      return Response{Transport::received, 404, {}, R"({"status":"error","reason":"Order not found","code":"404.002"})"};
    }
    std::string out = R"({"status":")" + std::string(closed ? it->end_status : "Open") + R"(","id":)" + std::to_string(id);
    if (!it->legacy) {
      out += R"(,"datetime":")" + datetime(it->created_s) + R"(","type":")" + std::to_string(it->side) +
             R"(","subtype":"LIMIT","market":"BTC/USD")";
    }
    out += R"(,"transactions":[)";
    bool first = true;
    for (const ModelFill& fill : it->fills) {
      if (fill.at_s > now_s) continue;
      if (!first) out += ',';
      first = false;
      out += R"({"tid":)" + std::to_string(fill.id) + R"(,"btc":")" + decimal(fill.base, 8) + R"(","usd":")" +
             decimal(fill.quote, 2) + R"(","fee":"0.00","datetime":")" + datetime(fill.at_s) + R"(","type":2})";
    }
    return ok(out + "]}");
  }

  // user_transactions/: the fill rows up to now, since_id inclusive, ascending, paged.
  std::string fill_rows(const Request& request, std::int64_t now_s) const {
    std::int64_t since_id = -1;
    std::size_t offset = 0;
    std::size_t limit = 1000;
    for (const Param& p : request.params) {
      if (p.name == "since_id") since_id = std::stoll(p.value);
      if (p.name == "offset") offset = std::stoul(p.value);
      if (p.name == "limit") limit = std::stoul(p.value);
    }
    std::vector<std::pair<const ModelOrder*, const ModelFill*>> rows;
    for (const ModelOrder& order : model_.orders) {
      for (const ModelFill& fill : order.fills) {
        if (fill.at_s <= now_s && fill.id >= since_id) rows.emplace_back(&order, &fill);
      }
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second->id < b.second->id; });
    std::string out = "[";
    for (std::size_t i = offset; i < rows.size() && i < offset + limit; ++i) {
      const auto& [order, fill] = rows[i];
      const bool buy = order->side == 0;
      if (out.size() > 1) out += ',';
      out += R"({"id":)" + std::to_string(fill->id) + R"(,"datetime":")" + datetime(fill->at_s) +
             R"(","type":"2","fee":"0.00","btc":")" + (buy ? "" : "-") + decimal(fill->base, 8) + R"(","usd":")" +
             (buy ? "-" : "") + decimal(fill->quote, 2) + R"(","btc_usd":"100.00","order_id":)" +
             std::to_string(order->id) + "}";
    }
    return out + "]";
  }

  const Model& model_;
};

bool has(const PspOrder& order, const char* key) { return order.metadata.contains(std::string(metadata_prefix) + key); }

// What a run of every poll leaves: each order's emissions, the store's folded view, the state.
struct ModelRun {
  std::map<std::string, std::vector<PspOrder>> emitted;
  std::map<std::string, PspOrder> stored;  // what the store holds: historical emissions folded
  SyncState state;
  std::vector<Diagnostic> diagnostics;
};

using Answer = std::function<Response(const Request&, std::int64_t now_s)>;

ModelRun run_polls(const Model& model, const Settings& settings, const Answer& answer) {
  ModelRun run;
  for (const std::int64_t poll_s : model.polls_s) {
    const std::int64_t now_ms = poll_s * ms_per_second;
    StepResult result = plan(std::move(run.state), settings, now_ms);
    std::vector<Request> pending = result.requests;
    while (!pending.empty()) {
      const Request request = pending.front();
      pending.erase(pending.begin());
      result = step(std::move(result.state), settings, request, answer(request, poll_s), now_ms);
      pending.insert(pending.end(), result.requests.begin(), result.requests.end());
      run.diagnostics.insert(run.diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
      if (!result.commit) continue;
      for (const Record& record : result.records) {
        const PspOrder& order = std::get<PspOrder>(record);
        run.emitted[order.reference].push_back(order);
        const auto held = run.stored.find(order.reference);
        const OrderFold fold =
            fold_order(held == run.stored.end() ? std::nullopt : historical_fills_of(held->second), order);
        RC_ASSERT(fold.outcome != FoldOutcome::conflict);
        RC_ASSERT(fold.outcome != FoldOutcome::already_held);  // the core never emits a fill twice
        run.stored[order.reference] = fold.order;
      }
      if (result.state.orders.last_completed_ms != now_ms) continue;  // another commit (the currencies table)
      const std::int64_t view_s = poll_s - poll_s % 10;
      for (const auto& entry : result.state.orders_cursor.tracked) {
        const std::int64_t id = entry.first;
        const TrackedOrder& tracked = entry.second;
        const auto order = std::find_if(model.orders.begin(), model.orders.end(), [&](const auto& o) { return o.id == id; });
        RC_ASSERT(order != model.orders.end());
        RC_ASSERT(order->resting_at(view_s) || now_ms - tracked.first_seen_ms < order_tracking_max_ms ||
                  tracked.failed_cycles > 0);
      }
    }
    RC_ASSERT(result.state.running == RunningCycles{});
    run.state = std::move(result.state);
  }
  return run;
}

Settings orders_settings() {
  Settings settings;
  settings.tasks = EnabledTasks{false, false, false, true, false};
  settings.polling_period_ms = polling_period_ms_min;
  // Small pages and budgets: a backfill spans pages and cycles, so do historical orders' fills.
  settings.page_size = *rc::gen::inRange<std::uint32_t>(1, 4);
  settings.pages_per_cycle_max = *rc::gen::inRange<std::uint32_t>(1, 3);
  return settings;
}

// The model order ended in the store as the model says: terminal with every fill, or marked
// retention_expired; and never rebuilt from fills once followed live.
void check_order_ended(const ModelOrder& order, const Model& model, const ModelRun& run) {
  const bool seen_resting = std::any_of(model.polls_s.begin(), model.polls_s.end(), [&](std::int64_t p) {
    return order.resting_at(p - p % 10);
  });
  const auto records = run.emitted.find(std::to_string(order.id));
  if (order.fills.empty() && !seen_resting) return;  // nothing anywhere shows it
  RC_ASSERT(records != run.emitted.end());
  const std::vector<PspOrder>& versions = records->second;
  const auto first_live = std::find_if(versions.begin(), versions.end(), [](const PspOrder& v) { return !has(v, "historical"); });
  RC_ASSERT(std::none_of(first_live, versions.end(), [](const PspOrder& v) { return has(v, "historical"); }));
  const PspOrder& last = run.stored.at(records->first);
  const bool terminal = last.status == OrderStatus::filled || last.status == OrderStatus::cancelled;
  RC_ASSERT(terminal || has(last, "retention_expired"));
  if (!has(last, "retention_expired")) {
    std::int64_t filled = 0;
    std::int64_t paid = 0;
    for (const ModelFill& fill : order.fills) {
      filled += fill.base;
      paid += fill.quote;
    }
    RC_ASSERT(last.base_quantity_filled == Amount{filled});
    RC_ASSERT(last.quote_quantity_filled == Amount{paid});
  }
}

RC_GTEST_PROP(OrdersProperty, EveryOrderEndsOnceAndFollowingStaysBounded, ()) {
  const Model model = *model_gen();
  const ModelServer server(model);
  const ModelRun run = run_polls(model, orders_settings(), [&](const Request& r, std::int64_t s) { return server.answer(r, s); });
  for (const ModelOrder& order : model.orders) check_order_ended(order, model, run);
  const auto any_with = [&](const char* key) {
    return std::any_of(run.stored.begin(), run.stored.end(), [&](const auto& e) { return has(e.second, key); });
  };
  const bool folded = std::any_of(run.emitted.begin(), run.emitted.end(), [](const auto& e) {
    return std::count_if(e.second.begin(), e.second.end(), [](const PspOrder& v) { return has(v, "historical"); }) > 1;
  });
  RC_CLASSIFY(any_with("historical"), "a historical order");
  RC_CLASSIFY(folded, "a historical order emitted in parts");
  RC_CLASSIFY(any_with("retention_expired"), "a retention_expired order");
  for (const auto& entry : run.emitted) {
    const std::string& reference = entry.first;
    RC_ASSERT(std::any_of(model.orders.begin(), model.orders.end(),
                          [&](const ModelOrder& o) { return std::to_string(o.id) == reference; }));
  }
  RC_ASSERT(run.state.orders_cursor.tracked.empty());  // every order has ended: nothing is followed
}

// One order whose order_status/ never gives a usable answer (a persistent 5xx, an answer about
// another order, a body of another shape) among many: every other order still ends exactly as
// without it, and the poisoned one is dropped from following after a bounded number of cycles.
RC_GTEST_PROP(OrdersProperty, OnePoisonedIdNeverStopsTheOthersRecords, ()) {
  Model model = *model_gen();
  RC_PRE(model.orders.size() >= 2u);
  // Room to give up: the poisoned order may first be followed at the very last poll, and it is
  // dropped only after order_status_failed_cycles_max cycles of failures (CI found a model whose
  // run ended one cycle short: seed 8824285712591478925).
  for (std::uint32_t extra = 1; extra <= order_status_failed_cycles_max; ++extra) {
    model.polls_s.push_back(model.polls_s.back() + day_s);
  }
  const ModelServer server(model);
  const std::int64_t poisoned = model.orders[*rc::gen::inRange<std::size_t>(0, model.orders.size())].id;
  const Response failure = *rc::gen::element(
      Response{Transport::received, 500, {}, "<html>bad gateway</html>"},
      Response{Transport::received, 200, {}, R"({"status":"Finished","id":1,"transactions":[]})"},
      Response{Transport::received, 200, {}, R"({"withdrawal_id":1})"},
      Response{Transport::received, 200, {}, "[]"}, Response{Transport::timeout, 0, {}, ""});
  const ModelRun run = run_polls(model, orders_settings(), [&](const Request& request, std::int64_t now_s) {
    if (request.path == order_status_path && request.params.at(0).value == std::to_string(poisoned)) return failure;
    return server.answer(request, now_s);
  });
  for (const ModelOrder& order : model.orders) {
    if (order.id != poisoned) check_order_ended(order, model, run);
  }
  RC_ASSERT(!run.state.orders_cursor.tracked.contains(poisoned));  // dropped, not followed forever
  // Never readable, so never emitted live: every fill of it, before and after it was dropped,
  // is in the order rebuilt from them.
  const ModelOrder& lost = *std::find_if(model.orders.begin(), model.orders.end(),
                                         [&](const ModelOrder& o) { return o.id == poisoned; });
  if (!lost.fills.empty()) {
    std::int64_t filled = 0;
    for (const ModelFill& fill : lost.fills) filled += fill.base;
    const auto stored = run.stored.find(std::to_string(poisoned));
    RC_ASSERT(stored != run.stored.end());
    RC_ASSERT(stored->second.base_quantity_filled == Amount{filled});
  }
  const auto said = [&](std::string_view code) {
    return std::any_of(run.diagnostics.begin(), run.diagnostics.end(), [&](const Diagnostic& d) { return d.code == code; });
  };
  RC_ASSERT(!said("orders.cycle_failed"));
  RC_CLASSIFY(said("order.follow_abandoned"), "the poisoned order was followed and dropped");
}

}  // namespace
}  // namespace bitstamp::core
