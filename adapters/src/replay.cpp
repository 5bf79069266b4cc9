#include "bitstamp/adapters/replay.hpp"

#include <deque>
#include <optional>

namespace bitstamp::adapters {
namespace {

// Moves what one core call produced into the replay's result; returns its further requests.
std::vector<core::Request> absorb(core::StepResult&& step, ReplayResult& result, const CommitObserver& on_commit) {
  if (step.commit) {
    ++result.summary.commits;
    if (on_commit) on_commit(step.records, step.state);
    for (core::Record& record : step.records) result.records.push_back(std::move(record));
  }
  for (core::Diagnostic& diagnostic : step.diagnostics) {
    result.diagnostics.push_back(std::move(diagnostic));
  }
  result.state = std::move(step.state);
  return std::move(step.requests);
}

std::optional<std::size_t> first_unused(const std::vector<bool>& used) {
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) return i;
  }
  return std::nullopt;
}

// When the next round starts: the arrival of the earliest unused exchange not older than the
// replay's clock. An older one (a response delivered twice, say, that no request will take)
// must not turn the clock back: a task that completed later would then not be due, and the
// replay would stop with the rest of the capture unread.
std::int64_t next_round_ms(const std::vector<Exchange>& exchanges, const std::vector<bool>& used,
                           std::int64_t clock_ms) {
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    if (!used[i] && exchanges[i].received_at_ms >= clock_ms) return exchanges[i].received_at_ms;
  }
  return clock_ms;
}

std::optional<std::size_t> find_answer(const std::vector<Exchange>& exchanges,
                                       const std::vector<bool>& used, const core::Request& request) {
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    if (!used[i] && same_request(exchanges[i].request, request)) return i;
  }
  return std::nullopt;
}

}  // namespace

ReplayResult replay(const std::vector<Exchange>& exchanges, const core::Settings& settings,
                    core::SyncState initial, const CommitObserver& on_commit) {
  ReplayResult result;
  result.state = std::move(initial);
  result.summary.exchanges_total = exchanges.size();
  core::Settings round_settings = settings;
  round_settings.polling_period_ms = 0;
  std::vector<bool> used(exchanges.size(), false);
  // Each round consumes at least one exchange or ends the replay: at most exchanges.size() rounds.
  std::int64_t clock_ms = exchanges.empty() ? 0 : exchanges.front().received_at_ms;
  while (first_unused(used)) {
    std::int64_t now_ms = next_round_ms(exchanges, used, clock_ms);
    std::deque<core::Request> queue;
    for (core::Request& r : absorb(core::plan(std::move(result.state), round_settings, now_ms), result, on_commit)) {
      queue.push_back(std::move(r));
    }
    bool answered_any = false;
    bool abandoned_any = false;
    while (!queue.empty()) {
      // Of the requests out, the one whose answer the capture holds first is answered first:
      // answers arrive in the recorded order, so a walk that asks pages ahead grows its window
      // as the recording's did and asks for the same pages.
      std::size_t next = 0;
      std::optional<std::size_t> answer;
      for (std::size_t i = 0; i < queue.size(); ++i) {
        const std::optional<std::size_t> candidate = find_answer(exchanges, used, queue[i]);
        if (candidate && (!answer || *candidate < *answer)) {
          answer = candidate;
          next = i;
        }
      }
      const core::Request request = std::move(queue[next]);
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(next));
      if (!answer) {
        result.summary.unanswered.push_back(request);
        abandoned_any = true;
        continue;
      }
      used[*answer] = true;
      answered_any = true;
      ++result.summary.exchanges_used;
      now_ms = std::max(now_ms, exchanges[*answer].received_at_ms);
      for (core::Request& r : absorb(core::step(std::move(result.state), round_settings, request,
                                                exchanges[*answer].response, now_ms),
                                     result, on_commit)) {
        queue.push_back(std::move(r));
      }
    }
    clock_ms = now_ms;
    ++result.summary.rounds;
    if (abandoned_any) {
      // Like a process restart: cycles left waiting for an answer that will never come are
      // dropped; their committed progress stays.
      result.state.running = {};
    }
    if (!answered_any) break;
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) result.summary.unused.push_back(i);
  }
  return result;
}

}  // namespace bitstamp::adapters
