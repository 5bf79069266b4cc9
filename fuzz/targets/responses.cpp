// Fuzz target: any body as the answer of any endpoint the core reads, fed through step() to a
// state that waits for it. Invariants: records only with a commit; every record one line of
// valid JSON; no data cursor ever moves back; a page the core did not take (retried or failed)
// moves no cursor and emits nothing.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "connector/record_json.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"
#include "support/endpoint_harness.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::fuzz {
namespace {

using core::testing::AtEndpoint;
using core::testing::DataCursors;

struct Endpoint {
  std::string path;
  core::Settings settings;
  AtEndpoint at;
};

// Every endpoint with a state waiting for its answer, made once.
const std::vector<Endpoint>& endpoints() {
  static const std::vector<Endpoint> all = [] {
    std::vector<Endpoint> made;
    for (const auto& [path, body] : core::testing::good_bodies()) {
      const core::Settings settings = core::testing::settings_for(path);
      std::optional<AtEndpoint> at = core::testing::reach(path, settings);
      if (at) made.push_back({path, settings, std::move(*at)});
    }
    return made;
  }();
  return all;
}

bool never_back(const DataCursors& before, const DataCursors& after) {
  const auto& b = before.payments;
  const auto& a = after.payments;
  return a.user_transactions.last_id >= b.user_transactions.last_id &&
         a.withdrawal_requests.last_id >= b.withdrawal_requests.last_id &&
         a.crypto_transactions.walked_through_s >= b.crypto_transactions.walked_through_s &&
         after.conversions.last_id >= before.conversions.last_id && after.fills.last_id >= before.fills.last_id;
}

}  // namespace

int responses(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr int statuses[] = {200, 400, 404, 500};
  const std::vector<Endpoint>& all = endpoints();
  require(all.size() == core::testing::good_bodies().size(), "the harness reaches every endpoint");
  const Endpoint& endpoint = all[data[0] % all.size()];
  const int status = statuses[(data[0] / all.size()) % std::size(statuses)];
  const core::Response response{core::Transport::received, status, {},
                                std::string(reinterpret_cast<const char*>(data + 1), size - 1)};
  const DataCursors before = core::testing::cursors_of(endpoint.at.state);
  core::StepResult result = core::step(endpoint.at.state, endpoint.settings, endpoint.at.request, response,
                                       core::testing::endpoint_t0_ms);
  const DataCursors after = core::testing::cursors_of(result.state);
  require(result.commit || result.records.empty(), "records leave only with a commit");
  require(never_back(before, after), "no data cursor moves back");
  const bool not_taken = std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [](const core::Diagnostic& d) {
    return d.code == "request.retry" || d.code.ends_with(".cycle_failed");
  });
  if (not_taken && endpoint.path != core::order_status_path) {  // one order's failure lets the others commit
    require(result.records.empty(), "a page not taken emits nothing");
    require(after == before, "a page not taken moves no cursor");
  }
  for (const core::Record& record : result.records) {
    const std::string line = core::to_json(record);
    require(line.find('\n') == std::string::npos, "a record is one line");
    require(!nlohmann::json::parse(line, nullptr, false).is_discarded(), "a record is valid JSON: " + line);
  }
  return 0;
}

}  // namespace bitstamp::fuzz

BITSTAMP_FUZZ_ENTRY(responses)
