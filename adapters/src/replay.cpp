#include "harness/replay.hpp"

#include "harness/cores.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace harness {
namespace {

// Moves what one core call produced into the replay's result; returns its further requests.
std::vector<connector::Request> absorb(CoreOutput&& step, ReplayRun& result, const RecordsObserver& on_commit) {
  if (step.commit) {
    ++result.summary.commits;
    if (on_commit) on_commit(step.records);
    for (connector::Record& record : step.records) result.records.push_back(std::move(record));
  }
  for (connector::Diagnostic& diagnostic : step.diagnostics) {
    result.diagnostics.push_back(std::move(diagnostic));
  }
  return std::move(step.requests);
}

// The exchanges a replay has not used yet, indexed so that answering a request costs O(log n),
// not a scan of the capture: a week's live sync is tens of thousands of exchanges.
class UnusedExchanges {
 public:
  UnusedExchanges(const std::vector<Exchange>& exchanges, std::vector<std::string_view> clock_derived)
      : exchanges_(exchanges), clock_derived_(std::move(clock_derived)), used_(exchanges.size(), false) {
    for (std::size_t i = 0; i < exchanges.size(); ++i) by_call_[call_key(exchanges[i].request)].indexes.push_back(i);
  }

  // The first unused exchange answering `request` (same method, path and parameters, the
  // clock-derived windows excepted), if any.
  [[nodiscard]] std::optional<std::size_t> find(const connector::Request& request) const {
    const auto it = by_call_.find(call_key(request));
    if (it == by_call_.end()) return std::nullopt;
    const Call& call = it->second;
    // Within one call key the first unused is always taken, so the used ones are a prefix.
    if (call.next == call.indexes.size()) return std::nullopt;
    return call.indexes[call.next];
  }

  // REQUIRES: index == find(request) for the request it answers.
  void use(std::size_t index) {
    used_[index] = true;
    ++by_call_.at(call_key(exchanges_[index].request)).next;
    while (first_unused_ < used_.size() && used_[first_unused_]) ++first_unused_;
  }

  [[nodiscard]] bool any_unused() const { return first_unused_ < used_.size(); }

  // When the next round starts: the arrival of the earliest unused exchange not older than the
  // replay's clock. An older one (a response delivered twice, say, that no request will take)
  // must not turn the clock back: a task that completed later would then not be due, and the
  // replay would stop with the rest of the capture unread.
  [[nodiscard]] std::int64_t next_round_ms(std::int64_t clock_ms) const {
    for (std::size_t i = first_unused_; i < exchanges_.size(); ++i) {
      if (!used_[i] && exchanges_[i].received_at_ms >= clock_ms) return exchanges_[i].received_at_ms;
    }
    return clock_ms;
  }

  [[nodiscard]] std::vector<std::size_t> unused() const {
    std::vector<std::size_t> out;
    for (std::size_t i = first_unused_; i < used_.size(); ++i) {
      if (!used_[i]) out.push_back(i);
    }
    return out;
  }

 private:
  struct Call {
    std::vector<std::size_t> indexes;  // ascending: capture order
    std::size_t next = 0;              // indexes[..next) are used
  };

  // Method, path and parameters; the clock-derived parameters by name only (see same_request).
  std::string call_key(const connector::Request& request) const {
    std::string key = std::string(connector::to_string(request.method)) + ' ' + request.path;
    for (const connector::Param& param : request.params) {
      const bool clock_derived = std::any_of(clock_derived_.begin(), clock_derived_.end(),
                                             [&](std::string_view name) { return param.name == name; });
      key += '\n' + param.name + '=' + (clock_derived ? std::string() : param.value);
    }
    return key;
  }

  const std::vector<Exchange>& exchanges_;
  std::vector<std::string_view> clock_derived_;
  std::vector<bool> used_;
  std::size_t first_unused_ = 0;  // every exchange before it is used
  std::map<std::string, Call> by_call_;
};

}  // namespace

ReplayRun replay(const std::vector<Exchange>& exchanges, ConnectorCore& core, const RecordsObserver& on_commit) {
  ReplayRun result;
  result.summary.exchanges_total = exchanges.size();
  UnusedExchanges unused(exchanges, core.clock_derived_params());
  // Each round consumes at least one exchange or ends the replay: at most exchanges.size() rounds.
  std::int64_t clock_ms = exchanges.empty() ? 0 : exchanges.front().received_at_ms;
  while (unused.any_unused()) {
    std::int64_t now_ms = unused.next_round_ms(clock_ms);
    std::deque<connector::Request> queue;
    for (connector::Request& r : absorb(core.plan(now_ms), result, on_commit)) queue.push_back(std::move(r));
    bool answered_any = false;
    bool abandoned_any = false;
    while (!queue.empty()) {
      // Of the requests out, the one whose answer the capture holds first is answered first:
      // answers arrive in the recorded order, so a walk that asks pages ahead grows its window
      // as the recording's did and asks for the same pages.
      std::size_t next = 0;
      std::optional<std::size_t> answer;
      for (std::size_t i = 0; i < queue.size(); ++i) {
        const std::optional<std::size_t> candidate = unused.find(queue[i]);
        if (candidate && (!answer || *candidate < *answer)) {
          answer = candidate;
          next = i;
        }
      }
      const connector::Request request = std::move(queue[next]);
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(next));
      if (!answer) {
        result.summary.unanswered.push_back(request);
        abandoned_any = true;
        continue;
      }
      unused.use(*answer);
      answered_any = true;
      ++result.summary.exchanges_used;
      now_ms = std::max(now_ms, exchanges[*answer].received_at_ms);
      for (connector::Request& r : absorb(core.step(request, exchanges[*answer].response, now_ms), result, on_commit)) {
        queue.push_back(std::move(r));
      }
    }
    clock_ms = now_ms;
    ++result.summary.rounds;
    // Like a process restart: cycles left waiting for an answer that will never come are
    // dropped; their committed progress stays.
    if (abandoned_any) core.drop_running_cycles();
    if (!answered_any) break;
  }
  result.summary.unused = unused.unused();
  return result;
}

ReplayResult replay(const std::vector<Exchange>& exchanges, const bitstamp::core::Settings& settings,
                    bitstamp::core::SyncState initial, const CommitObserver& on_commit) {
  bitstamp::core::Settings round_settings = settings;
  round_settings.polling_period_ms = 0;
  BitstampCore core(round_settings, std::move(initial));
  RecordsObserver observer;
  if (on_commit) observer = [&](const std::vector<connector::Record>& records) { on_commit(records, core.state()); };
  ReplayResult result;
  static_cast<ReplayRun&>(result) = replay(exchanges, core, observer);
  result.state = core.take_state();
  return result;
}

}  // namespace harness
