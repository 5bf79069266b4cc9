// Properties of the Fireblocks core over generated workspaces: whatever the page size, whether
// `after` is inclusive or not, and in whatever order answers arrive, every transaction is
// emitted, none twice, and every status change is an adjustment; the emitted status of every
// transaction ends equal to the workspace's.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "fake_workspace.hpp"
#include "fireblocks/core/transactions.hpp"

namespace fireblocks::core {
namespace {

using testing_bodies::CycleRun;
using testing_bodies::FakeTransaction;
using testing_bodies::FakeWorkspace;
using testing_bodies::run_cycle;

constexpr std::int64_t t0 = 1759320000000;
const std::vector<std::string> statuses = {"SUBMITTED", "CONFIRMING", "BROADCASTING", "COMPLETED", "FAILED",
                                           "CANCELLED", "REJECTED", "BLOCKED", "CANCELLING", "TIMEOUT"};
const std::vector<std::string> assets = {"ETH", "USDT_ERC20", "USDT_TRX", "ETH_TEST5"};

// A workspace of `count` transactions: most created within the last day (the re-scan window
// covers them, so even end states may change), a few long ago (followed by id while not ended).
// createdAt values collide often, so that pages end inside runs of one millisecond.
FakeWorkspace generated_workspace() {
  FakeWorkspace workspace;
  workspace.after_inclusive = *rc::gen::arbitrary<bool>();
  const auto count = *rc::gen::inRange<std::size_t>(0, 30);
  for (std::size_t i = 0; i < count; ++i) {
    FakeTransaction t;
    t.id = "tx" + std::to_string(i);
    const bool old = *rc::gen::inRange(0, 5) == 0;
    t.created_at_ms = old ? t0 - 40 * ms_per_day - *rc::gen::inRange(0, 4) : t0 - 2 * ms_per_hour + *rc::gen::inRange(0, 8);
    t.status = *rc::gen::elementOf(statuses);
    t.asset_id = *rc::gen::elementOf(assets);
    workspace.transactions.push_back(std::move(t));
  }
  return workspace;
}

Settings generated_settings() {
  Settings settings;
  settings.page_size = *rc::gen::inRange<std::uint32_t>(1, 7);
  settings.pages_per_cycle_max = *rc::gen::inRange<std::uint32_t>(2, 12);
  return settings;
}

// Answers in an order rapidcheck chooses.
CycleRun shuffled_cycle(SyncState state, const Settings& settings, std::int64_t now_ms, const FakeWorkspace& workspace) {
  return run_cycle(std::move(state), settings, now_ms, [&](const Request& r) { return workspace.answer(r); },
                   [](std::size_t n) { return static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, n)); });
}

// Runs cycles until none is pending (a backfill may take several); folds emitted statuses.
SyncState sync_until_settled(SyncState state, const Settings& settings, std::int64_t& now_ms, const FakeWorkspace& workspace,
                             std::map<std::string, std::vector<std::string>>& emitted) {
  for (int cycle = 0; cycle < 200; ++cycle) {
    CycleRun run = shuffled_cycle(std::move(state), settings, now_ms, workspace);
    for (const Record& record : run.records) {
      if (const auto* payment = std::get_if<PspPayment>(&record)) {
        emitted[payment->reference].push_back(std::string(payment->metadata.at("com.fireblocks.spec/status")));
      }
    }
    state = std::move(run.state);
    now_ms += settings.polling_period_ms;
    if (!state.backfill_pending) break;
  }
  return state;
}

void expect_emitted_equals_workspace(const FakeWorkspace& workspace, const std::map<std::string, std::vector<std::string>>& emitted) {
  for (const FakeTransaction& t : workspace.transactions) {
    const auto it = emitted.find(t.id);
    RC_ASSERT(it != emitted.end());
    RC_ASSERT(it->second.back() == t.status);
    for (std::size_t i = 1; i < it->second.size(); ++i) {
      RC_ASSERT(it->second[i] != it->second[i - 1]);  // a repeat is a duplicate adjustment
    }
  }
  RC_ASSERT(emitted.size() == workspace.transactions.size());
}

RC_GTEST_PROP(FireblocksProperty, AnyPagingSplitEmitsEveryTransactionOnce, ()) {
  const FakeWorkspace workspace = generated_workspace();
  const Settings settings = generated_settings();
  std::int64_t now_ms = t0;
  std::map<std::string, std::vector<std::string>> emitted;
  sync_until_settled({}, settings, now_ms, workspace, emitted);
  for (const auto& [id, list] : emitted) RC_ASSERT(list.size() == 1U);
  expect_emitted_equals_workspace(workspace, emitted);
}

RC_GTEST_PROP(FireblocksProperty, StatusChangesInAnyOrderBecomeAdjustmentsNeverLostNorRepeated, ()) {
  FakeWorkspace workspace = generated_workspace();
  const Settings settings = generated_settings();
  std::int64_t now_ms = t0;
  std::map<std::string, std::vector<std::string>> emitted;
  SyncState state = sync_until_settled({}, settings, now_ms, workspace, emitted);
  const auto rounds = *rc::gen::inRange(1, 5);
  for (int round = 0; round < rounds; ++round) {
    for (FakeTransaction& t : workspace.transactions) {
      const bool ended = read_status(t.status).terminal;
      const bool recent = t.created_at_ms > t0 - ms_per_day;
      // Old transactions in an end state are outside the re-scan window: they stay as they are.
      if ((recent || !ended) && *rc::gen::inRange(0, 3) == 0) t.status = *rc::gen::elementOf(statuses);
    }
    const auto arrivals = *rc::gen::inRange(0, 4);
    for (int i = 0; i < arrivals; ++i) {
      FakeTransaction t;
      t.id = "new" + std::to_string(round) + "-" + std::to_string(i);
      t.created_at_ms = now_ms - *rc::gen::inRange(0, 3);
      t.status = *rc::gen::elementOf(statuses);
      workspace.transactions.push_back(std::move(t));
    }
    state = sync_until_settled(std::move(state), settings, now_ms, workspace, emitted);
    expect_emitted_equals_workspace(workspace, emitted);
  }
}

}  // namespace
}  // namespace fireblocks::core
