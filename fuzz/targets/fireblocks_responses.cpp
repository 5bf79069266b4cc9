// Fuzz target: any body, with any of a few statuses, as the answer of any request Fireblocks'
// core makes (blockchains, assets, vaults, a transactions page, one transaction by id), fed
// through step() to a state waiting for it. Invariants: records only with a commit; every record
// one line of valid JSON; an answer the core did not take (retried or its cycle failed) leaves
// the committed state as it was and emits nothing.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "connector/record_json.hpp"
#include "fireblocks/fake_workspace.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"

namespace bitstamp::fuzz {
namespace {

namespace fb = ::fireblocks::core;
constexpr std::int64_t t0_ms = 1759320000000;

struct Waiting {
  fb::SyncState state;
  connector::Request request;
};

// One state waiting for each kind of request, reached by syncing a small workspace: the first
// cycle reaches the catalogue, vaults and transactions pages; a second, a follow by id.
const std::vector<Waiting>& waiting() {
  static const std::vector<Waiting> all = [] {
    ::fireblocks::testing_bodies::FakeWorkspace workspace;
    workspace.transactions = {{"old", t0_ms - 40 * connector::ms_per_day, "CONFIRMING"}, {"new", t0_ms - 1, "COMPLETED"}};
    std::vector<Waiting> made;
    const auto kind = [](const connector::Request& r) {
      return r.path.starts_with(std::string(fb::transactions_path) + "/") ? std::string("by-id") : r.path;
    };
    fb::SyncState state;
    for (const std::int64_t now_ms : {t0_ms, t0_ms + fb::polling_period_ms_default}) {
      fb::StepResult result = fb::plan(std::move(state), fb::Settings{}, now_ms);
      std::vector<connector::Request> queue = result.requests;
      state = std::move(result.state);
      while (!queue.empty()) {
        const connector::Request request = queue.front();
        queue.erase(queue.begin());
        if (std::none_of(made.begin(), made.end(), [&](const Waiting& w) { return kind(w.request) == kind(request); })) {
          made.push_back({state, request});
        }
        result = fb::step(std::move(state), fb::Settings{}, request, workspace.answer(request), now_ms);
        for (connector::Request& r : result.requests) queue.push_back(std::move(r));
        state = std::move(result.state);
      }
    }
    return made;
  }();
  return all;
}

}  // namespace

int fireblocks_responses(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr int statuses[] = {200, 401, 404, 500};
  const std::vector<Waiting>& all = waiting();
  require(all.size() == 5, "the harness reaches every kind of request");
  const Waiting& at = all[data[0] % all.size()];
  const int status = statuses[(data[0] / all.size()) % std::size(statuses)];
  const connector::Response response{connector::Transport::received, status, {},
                                     std::string(reinterpret_cast<const char*>(data + 1), size - 1)};
  const std::string before = fb::encode_state(at.state);
  fb::StepResult result = fb::step(at.state, fb::Settings{}, at.request, response, t0_ms);
  require(result.commit || result.records.empty(), "records leave only with a commit");
  const bool not_taken = std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [](const connector::Diagnostic& d) {
    return d.code == "request.retry" || d.code.ends_with(".cycle_failed");
  });
  if (not_taken) {
    require(result.records.empty(), "an answer not taken emits nothing");
    require(fb::encode_state(result.state) == before, "an answer not taken changes no committed state");
  }
  for (const connector::Record& record : result.records) {
    const std::string line = connector::to_json(record);
    require(line.find('\n') == std::string::npos, "a record is one line");
    require(!nlohmann::json::parse(line, nullptr, false).is_discarded(), "a record is valid JSON: " + line);
  }
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(fireblocks_responses)
