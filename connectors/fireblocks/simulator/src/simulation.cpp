#include "fireblocks/simulator/simulation.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "connector/record_json.hpp"
#include "harness/cores.hpp"
#include "harness/rng.hpp"

namespace fireblocks::simulator {
namespace {

constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;

void mix(std::uint64_t& hash, std::string_view bytes) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= fnv_prime;
  }
  hash ^= 0xff;  // a separator, so "ab"+"c" and "a"+"bc" differ
  hash *= fnv_prime;
}

enum class Fault { none, timeout, rate_limited, server_error, expired_token, future_token, cut_body, twice };

Fault draw_fault(harness::Rng& rng, std::uint32_t per_mille) {
  if (!rng.chance(per_mille)) return Fault::none;
  constexpr Fault kinds[] = {Fault::timeout, Fault::rate_limited, Fault::server_error, Fault::expired_token,
                             Fault::future_token, Fault::cut_body, Fault::twice};
  return kinds[rng.below(std::size(kinds))];
}

connector::Response faulted(Fault fault, connector::Response answer) {
  const auto error = [](int status, std::string body) {
    return connector::Response{connector::Transport::received, status, {{"content-type", "application/json"}}, std::move(body)};
  };
  switch (fault) {
    case Fault::timeout: return connector::Response{connector::Transport::timeout, 0, {}, ""};
    case Fault::rate_limited: return error(429, R"({"message":"Too many requests","code":429})");
    case Fault::server_error: return error(503, "<html>unavailable</html>");
    case Fault::expired_token: return error(401, R"({"message":"The request has expired.","code":-10})");
    case Fault::future_token: return error(401, R"({"message":"The request is with a future issuance timestamp (iat).","code":-12})");
    case Fault::cut_body: answer.body.resize(answer.body.size() / 2); return answer;
    default: return answer;
  }
}

bool is_external(std::string_view type) {
  for (const std::string_view outside : {"EXTERNAL_WALLET", "ONE_TIME_ADDRESS", "UNKNOWN", "NETWORK_CONNECTION", "FIAT_ACCOUNT",
                                         "END_USER_WALLET"}) {
    if (type == outside) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> check_books(const Workspace& workspace, const harness::MemoryStore& store, std::int64_t now_ms) {
  std::vector<std::string> problems;
  const auto canonical = [&](const SimAsset& asset) {
    bool testnet = false;
    for (const auto& [chain, test] : workspace.chains()) testnet = testnet || (chain == asset.chain && test);
    return asset.symbol + (testnet ? "_TEST" : "") + (asset.decimals == 0 ? "" : "/" + std::to_string(asset.decimals));
  };
  std::set<std::string> expected;
  for (const SimTransaction& t : workspace.transactions()) {
    const SimAsset* asset = workspace.asset(t.asset_id);
    if (t.created_at_ms > now_ms || asset->asset_class == "NFT" || asset->deprecated) continue;
    expected.insert(t.id);
    const auto stored = store.payments().find(t.id);
    if (stored == store.payments().end()) {
      problems.push_back("payment " + t.id + " (" + t.step_at(now_ms).status + ") is missing");
      continue;
    }
    const connector::PspPayment& payment = stored->second.latest;
    const std::string& status = t.step_at(now_ms).status;
    const connector::PaymentStatus want = status == "COMPLETED" ? connector::PaymentStatus::succeeded : connector::PaymentStatus::failed;
    if (payment.status != want) problems.push_back("payment " + t.id + " is " + std::string(connector::to_string(payment.status)) + ", not " + status);
    const std::vector<connector::PaymentStatus>& adjustments = stored->second.adjustments;
    for (std::size_t i = 1; i < adjustments.size(); ++i) {
      if (adjustments[i] == adjustments[i - 1]) problems.push_back("payment " + t.id + " repeats a status");
    }
    if (payment.asset != canonical(*asset)) problems.push_back("payment " + t.id + " has asset " + payment.asset);
    connector::PaymentType type = connector::PaymentType::other;
    if (t.operation == "TRANSFER") {
      bool destination_outside = is_external(t.destination.type);
      if (!t.destinations.empty()) {
        destination_outside = std::all_of(t.destinations.begin(), t.destinations.end(),
                                          [](const SimPeer& peer) { return is_external(peer.type); });
      }
      const bool source_outside = is_external(t.source.type);
      type = source_outside && !destination_outside   ? connector::PaymentType::pay_in
             : !source_outside && destination_outside ? connector::PaymentType::payout
                                                      : connector::PaymentType::transfer;
    }
    if (payment.type != type) problems.push_back("payment " + t.id + " is " + std::string(connector::to_string(payment.type)));
  }
  for (const auto& [reference, stored] : store.payments()) {
    if (!expected.contains(reference)) problems.push_back("payment " + reference + " was not expected");
  }
  if (store.counts().repeated_records != 0) problems.push_back(std::to_string(store.counts().repeated_records) + " records repeated");
  for (const SimVault& vault : workspace.vaults()) {
    std::map<std::string, connector::Amount> want;
    for (const auto& [legacy, amount] : workspace.available(vault.id, now_ms)) {
      want[canonical(*workspace.asset(legacy))].minor_units += amount.minor_units;
    }
    for (const auto& [asset, amount] : want) {
      const auto rows = store.balances().find({vault.id, asset});
      if (rows == store.balances().end() || rows->second.back().amount != amount) {
        problems.push_back("vault " + vault.id + " " + asset + " is not " + connector::to_string(amount));
      }
    }
  }
  return problems;
}

SimulationRun simulate(const SimulationOptions& options) {
  SimulationRun run;
  WorkspaceShape shape;
  shape.start_ms = simulation_start_ms - options.history_days * connector::ms_per_day;
  shape.end_ms = simulation_start_ms + options.live_days * connector::ms_per_day;
  shape.transactions = options.transactions;
  shape.filler_assets = options.filler_assets;
  shape.catalogue_page_max = options.catalogue_page_max;
  const Workspace workspace(options.seed, shape);
  harness::Rng rng = harness::Rng(options.seed).fork(0xfa17);
  core::Settings settings = options.settings;
  auto core = std::make_unique<harness::FireblocksCore>(settings, core::SyncState{});
  std::uint64_t hash = fnv_offset;
  const std::int64_t final_ms = shape.end_ms + settle_ms;
  // A little over a polling period apart: each cycle finds every task due again.
  const std::int64_t step_ms = settings.polling_period_ms + connector::ms_per_minute;
  for (std::int64_t now_ms = simulation_start_ms; now_ms <= final_ms; now_ms += step_ms) {
    ++run.cycles;
    std::deque<connector::Request> queue;
    const auto absorb = [&](harness::CoreOutput&& output) {
      if (output.commit) {
        run.store.commit(output.records, core->encode_state());
        ++run.commits;
        for (const connector::Record& record : output.records) mix(hash, connector::to_json(record));
      }
      for (connector::Diagnostic& diagnostic : output.diagnostics) {
        if (diagnostic.severity == connector::Severity::error) run.errors.push_back(std::move(diagnostic));
      }
      for (connector::Request& request : output.requests) queue.push_back(std::move(request));
    };
    absorb(core->plan(now_ms));
    std::int64_t clock_ms = now_ms;
    for (std::size_t guard = 0; !queue.empty() && guard < 100000; ++guard) {
      // Answers arrive in any order.
      const std::size_t next = static_cast<std::size_t>(rng.below(queue.size()));
      const connector::Request request = queue[next];
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(next));
      clock_ms += 200;
      // Once the workspace has stopped changing the run settles without faults or crashes, as
      // Bitstamp's does: a first sync of many pages must be able to finish once.
      const bool settling = now_ms > shape.end_ms;
      const Fault fault = draw_fault(rng, settling ? 0 : options.fault_per_mille);
      run.faults += fault != Fault::none;
      const connector::Response answer = faulted(fault, workspace.answer(request, clock_ms));
      ++run.exchanges;
      mix(hash, fireblocks::core::request_target(request));
      mix(hash, std::to_string(answer.status) + answer.body);
      absorb(core->step(request, answer, clock_ms));
      if (fault == Fault::twice) absorb(core->step(request, answer, clock_ms));
      if (rng.chance(settling ? 0 : options.crash_per_mille)) {
        // The process dies: what was not committed is gone; the next start reads the store.
        ++run.crashes;
        queue.clear();
        auto restarted = std::make_unique<harness::FireblocksCore>(settings, core::SyncState{});
        if (const std::optional<std::string> document = run.store.load_state_document()) {
          if (const std::string error = restarted->load_state(*document); !error.empty()) run.problems.push_back("state: " + error);
        }
        core = std::move(restarted);
      }
    }
  }
  std::vector<std::string> verdict = check_books(workspace, run.store, final_ms);
  run.problems.insert(run.problems.end(), verdict.begin(), verdict.end());
  run.trace_hash = hash;
  return run;
}

}  // namespace fireblocks::simulator
