#pragma once
// A minimal Fireblocks workspace for the core's tests: it answers the core's requests with the
// API's documented semantics (transactions by createdAt between after and before, ascending,
// `limit` at most; assets and blockchains paged by the top-level `next`; vaults by paging.after)
// and lets a test change transactions between cycles. Written from the wire digest, not from the
// core. The simulated workspace with faults is issue 21's.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fireblocks/core/engine.hpp"
#include "fireblocks_bodies.hpp"

namespace fireblocks::testing_bodies {

struct FakeTransaction {
  std::string id;
  std::int64_t created_at_ms = 0;
  std::string status;
  std::string asset_id = "ETH";
  std::string amount = "1";
  Peer source{"UNKNOWN", ""};
  Peer destination{"VAULT_ACCOUNT", "0"};
};

class FakeWorkspace {
 public:
  std::vector<FakeTransaction> transactions;
  std::vector<std::string> assets{asset("ETH", "ETH", "NATIVE", 18, "main"), asset("USDT_ERC20", "USDT", "FT", 6, "main"),
                                  asset("USDT_TRX", "USDT", "FT", 6, "tron"), asset("ETH_TEST5", "ETH", "NATIVE", 18, "sepolia"),
                                  asset("PUNK", "PUNK", "NFT", 0, "main")};
  std::vector<std::pair<std::string, bool>> chains{{"main", false}, {"tron", false}, {"sepolia", true}};
  std::vector<std::string> vaults{vault("0", "Default", {{"ETH", "1.5"}, {"USDT_ERC20", "100"}, {"USDT_TRX", "50.5"}})};
  std::size_t assets_page_size = 2;  // pages of the catalogue, so that paging is exercised
  bool after_inclusive = false;      // the digest leaves it open: tests run both

  connector::Response answer(const connector::Request& request) const {
    const auto param = [&](std::string_view name) {
      for (const connector::Param& p : request.params) {
        if (p.name == name) return p.value;
      }
      return std::string();
    };
    if (request.path == core::blockchains_path) return ok(blockchains_body(chains, ""));
    if (request.path == core::assets_path) {
      const std::size_t start = param("pageCursor").empty() ? 0 : std::stoul(param("pageCursor").substr(1));
      const std::size_t end = std::min(assets.size(), start + assets_page_size);
      const std::vector<std::string> page(assets.begin() + static_cast<std::ptrdiff_t>(start), assets.begin() + static_cast<std::ptrdiff_t>(end));
      return ok(assets_body(page, end < assets.size() ? "p" + std::to_string(end) : ""));
    }
    if (request.path == core::vaults_path) {
      const std::size_t start = param("after").empty() ? 0 : std::stoul(param("after").substr(1));
      const std::size_t end = std::min(vaults.size(), start + 1);  // one vault per page
      const std::vector<std::string> page(vaults.begin() + static_cast<std::ptrdiff_t>(start), vaults.begin() + static_cast<std::ptrdiff_t>(end));
      return ok(vaults_body(page, end < vaults.size() ? "v" + std::to_string(end) : ""));
    }
    if (request.path == core::transactions_path) {
      const std::int64_t after = std::stoll(param("after"));
      const std::int64_t before = std::stoll(param("before"));
      const std::size_t limit = std::stoul(param("limit"));
      std::vector<FakeTransaction> sorted = transactions;
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const FakeTransaction& a, const FakeTransaction& b) { return a.created_at_ms < b.created_at_ms; });
      std::vector<std::string> rows;
      for (const FakeTransaction& t : sorted) {
        const bool above = after_inclusive ? t.created_at_ms >= after : t.created_at_ms > after;
        if (above && t.created_at_ms <= before && rows.size() < limit) rows.push_back(body_of(t));
      }
      return ok("[" + join(rows) + "]");
    }
    const std::string prefix = std::string(core::transactions_path) + "/";
    if (request.path.starts_with(prefix)) {
      const std::string id = request.path.substr(prefix.size());
      for (const FakeTransaction& t : transactions) {
        if (t.id == id) return ok(body_of(t));
      }
      return connector::Response{connector::Transport::received, 404, {}, R"({"message":"Not found","code":1404})"};
    }
    return connector::Response{connector::Transport::received, 404, {}, R"({"message":"Not found","code":1404})"};
  }

  static std::string body_of(const FakeTransaction& t) {
    return transaction(t.id, t.created_at_ms, t.status, t.asset_id, t.amount, t.source, t.destination);
  }

 private:
  static connector::Response ok(std::string body) {
    return connector::Response{connector::Transport::received, 200, {{"content-type", "application/json"}}, std::move(body)};
  }
};

// Runs plan and every request it leads to against `answer`, in order (first asked, first
// answered); returns the results of every call.
struct CycleRun {
  std::vector<connector::Record> records;
  std::vector<connector::Diagnostic> diagnostics;
  std::vector<connector::Request> asked;
  core::SyncState state;
  std::size_t commits = 0;
};

// `pick(n)` chooses which of the n requests out is answered next (0: the oldest).
template <class Answer, class Pick>
CycleRun run_cycle(core::SyncState state, const core::Settings& settings, std::int64_t now_ms, const Answer& answer,
                   const Pick& pick) {
  CycleRun run;
  std::vector<connector::Request> queue;
  const auto absorb = [&](core::StepResult&& result) {
    if (result.commit) {
      ++run.commits;
      for (connector::Record& r : result.records) run.records.push_back(std::move(r));
    }
    for (connector::Diagnostic& d : result.diagnostics) run.diagnostics.push_back(std::move(d));
    for (connector::Request& r : result.requests) queue.push_back(std::move(r));
    state = std::move(result.state);
  };
  absorb(core::plan(std::move(state), settings, now_ms));
  for (std::size_t guard = 0; !queue.empty() && guard < 100000; ++guard) {
    const std::size_t next = std::min(pick(queue.size()), queue.size() - 1);
    const connector::Request request = queue[next];
    queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(next));
    run.asked.push_back(request);
    absorb(core::step(std::move(state), settings, request, answer(request), now_ms));
  }
  run.state = std::move(state);
  return run;
}

template <class Answer>
CycleRun run_cycle(core::SyncState state, const core::Settings& settings, std::int64_t now_ms, const Answer& answer) {
  return run_cycle(std::move(state), settings, now_ms, answer, [](std::size_t) { return std::size_t{0}; });
}

}  // namespace fireblocks::testing_bodies
