// Proves the crypto-transactions and withdrawal-requests walks of the payments cycle: nothing
// lost however many rows arrive (mid-walk too), status changes surface as a re-emission of the
// same reference, the watermarks are actually sent, a sub-account's refusal is remembered, and
// every cursor only moves forward.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/metadata_keys.hpp"
#include "payment_sources_fake.hpp"

namespace bitstamp::core {
namespace {

using testing::CycleRun;
using testing::FakeCryptoRow;
using testing::FakePaymentSources;
using testing::FakeWithdrawal;
using testing::run_cycle;
using testing::t0;

constexpr std::int64_t t0_s = t0 / 1000;
constexpr std::int64_t day_ms = 24LL * 60 * 60 * 1000;

using testing::payments_only;

std::vector<std::string> asked(const FakePaymentSources& server, std::string_view path) {
  std::vector<std::string> forms;
  for (const std::string& line : server.bodies_asked) {
    if (line.starts_with(path)) forms.push_back(line.substr(line.find('?') + 1));
  }
  return forms;
}

const PspPayment* find(const CycleRun& run, const std::string& reference) {
  for (const PspPayment& payment : run.payments) {
    if (payment.reference == reference) return &payment;
  }
  return nullptr;
}

TEST(WithdrawalWalk, MoreThanAThousandNewRequestsInOneCycleLoseNone) {
  FakePaymentSources server;
  for (std::int64_t id = 1; id <= 2500; ++id) server.withdrawals.push_back({id, t0_s - 5000 + id, 2});
  const CycleRun run = run_cycle(SyncState{}, payments_only(), server, t0);
  std::set<std::string> references(run.references.begin(), run.references.end());
  EXPECT_EQ(run.references.size(), 2500u);
  EXPECT_EQ(references.size(), 2500u);
  EXPECT_EQ(asked(server, "/api/v2/withdrawal-requests/"),
            (std::vector<std::string>{"timedelta=50000000&limit=1000&offset=0",
                                      "timedelta=50000000&limit=1000&offset=1000",
                                      "timedelta=50000000&limit=1000&offset=2000"}));
  EXPECT_EQ(run.state.payments_cursor.withdrawal_requests.last_id, 2500);
  EXPECT_TRUE(run.state.payments_cursor.withdrawal_requests.pending.empty());
}

TEST(WithdrawalWalk, AStatusChangeIsTheSameReferenceAgainAndThenNothing) {
  FakePaymentSources server;
  server.withdrawals = {{7, t0_s - 600, 0}, {6, t0_s - 900, 2}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  EXPECT_EQ(first.references, (std::vector<std::string>{"wr:7", "wr:6"}));
  EXPECT_EQ(find(first, "wr:7")->status, PaymentStatus::pending);
  EXPECT_EQ(first.state.payments_cursor.withdrawal_requests.pending.size(), 1u);

  server.withdrawals[0].status = 2;  // PENDING -> SUCCEEDED
  const std::int64_t later = t0 + 30 * 60 * 1000;
  CycleRun second = run_cycle(std::move(first.state), payments_only(), server, later);
  EXPECT_EQ(second.references, std::vector<std::string>{"wr:7"});
  EXPECT_EQ(find(second, "wr:7")->status, PaymentStatus::succeeded);
  EXPECT_TRUE(second.state.payments_cursor.withdrawal_requests.pending.empty());
  // Id-based now: the window reaches back to the previous walk's start, plus a day.
  // Id-based now: the window reaches back to the oldest request it followed (600 s before the
  // first walk), plus a day of margin.
  EXPECT_EQ(asked(server, "/api/v2/withdrawal-requests/").back(),
            "timedelta=" + std::to_string(30 * 60 + 600 + 24 * 60 * 60) + "&limit=1000&offset=0");

  CycleRun third = run_cycle(std::move(second.state), payments_only(), server, later + 30 * 60 * 1000);
  EXPECT_TRUE(third.references.empty());
}

TEST(WithdrawalWalk, AFollowedRequestOlderThanTheWidestWindowIsDroppedWithAWarning) {
  FakePaymentSources server;
  server.withdrawals = {{1, t0_s - 60, 0}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  ASSERT_EQ(first.state.payments_cursor.withdrawal_requests.pending.size(), 1u);
  const std::int64_t much_later = t0 + 600 * day_ms;  // beyond timedelta's 50000000 s
  CycleRun second = run_cycle(std::move(first.state), payments_only(), server, much_later);
  EXPECT_TRUE(second.state.payments_cursor.withdrawal_requests.pending.empty());
  EXPECT_TRUE(std::any_of(second.diagnostics.begin(), second.diagnostics.end(),
                          [](const Diagnostic& d) { return d.code == "payment.follow_expired"; }));
  EXPECT_EQ(asked(server, "/api/v2/withdrawal-requests/").back(), "timedelta=50000000&limit=1000&offset=0");
}

TEST(WithdrawalWalk, RowsBeyondTheOffsetCapAreReportedAsNotSyncedNeverAskedFor) {
  Settings settings = payments_only();
  settings.page_size = 2;
  settings.offset_max = 4;  // offsets 0, 2, 4: six rows readable
  FakePaymentSources server;
  for (std::int64_t id = 1; id <= 9; ++id) server.withdrawals.push_back({id, t0_s - 100, 2});
  const CycleRun run = run_cycle(SyncState{}, settings, server, t0);
  EXPECT_EQ(run.references.size(), 6u);
  EXPECT_EQ(asked(server, "/api/v2/withdrawal-requests/").back(), "timedelta=50000000&limit=2&offset=4");
  EXPECT_TRUE(std::any_of(run.diagnostics.begin(), run.diagnostics.end(), [](const Diagnostic& d) {
    return d.code == "payment.offset_cap" && d.severity == Severity::error;
  }));
}

TEST(CryptoWalk, TheWatermarkIsSentAndALateRowIsStillCaught) {
  FakePaymentSources server;
  server.crypto = {{"withdrawals", 1, t0_s - 100}, {"deposits", 2, t0_s - 50, "COMPLETED"}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  EXPECT_EQ(first.references, (std::vector<std::string>{"ct-dep:2", "ct-wd:tx1"}));
  EXPECT_EQ(first.state.payments_cursor.crypto_transactions.withdrawals.since_ts, t0_s - 100);
  EXPECT_EQ(first.state.payments_cursor.crypto_transactions.deposits.since_ts, t0_s - 50);

  // Listed only now, though dated before the watermark: inside the late window, so caught.
  server.crypto.push_back({"withdrawals", 3, t0_s - 3600});
  server.crypto.push_back({"ripple_iou_transactions", 4, t0_s + 60});
  const std::int64_t later = t0 + 30 * 60 * 1000;
  CycleRun second = run_cycle(std::move(first.state), payments_only(), server, later);
  EXPECT_EQ(second.references, (std::vector<std::string>{"ct-wd:tx3", "ct-iou:tx4"}));
  EXPECT_EQ(asked(server, "/api/v2/crypto-transactions/").back(),
            "limit=1000&offset=0&include_ious=true&since_timestamp=" + std::to_string(t0_s - 24 * 60 * 60 - 1));
  CycleRun third = run_cycle(std::move(second.state), payments_only(), server, later + 30 * 60 * 1000);
  EXPECT_TRUE(third.references.empty());
}

TEST(CryptoWalk, APendingDepositIsFollowedUntilItCompletes) {
  FakePaymentSources server;
  server.crypto = {{"deposits", 9, t0_s - 10, "PENDING"}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  EXPECT_EQ(find(first, "ct-dep:9")->status, PaymentStatus::pending);
  CycleRun same = run_cycle(std::move(first.state), payments_only(), server, t0 + day_ms);
  EXPECT_TRUE(same.references.empty());  // unchanged: not emitted again
  server.crypto[0].status = "COMPLETED";
  CycleRun done = run_cycle(std::move(same.state), payments_only(), server, t0 + 2 * day_ms);
  ASSERT_EQ(done.references, std::vector<std::string>{"ct-dep:9"});
  EXPECT_EQ(done.payments[0].status, PaymentStatus::succeeded);
  EXPECT_TRUE(done.state.payments_cursor.crypto_transactions.pending_deposits.empty());
}

TEST(CryptoWalk, BeyondTheThirtyDayReachTheWholeListIsWalked) {
  FakePaymentSources server;
  server.crypto = {{"withdrawals", 1, t0_s - 100}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  server.crypto.push_back({"withdrawals", 2, t0_s + 20 * 24 * 60 * 60});
  CycleRun second = run_cycle(std::move(first.state), payments_only(), server, t0 + 40 * day_ms);
  EXPECT_EQ(second.references, std::vector<std::string>{"ct-wd:tx2"});
  EXPECT_EQ(asked(server, "/api/v2/crypto-transactions/").back(), "limit=1000&offset=0&include_ious=true");
}

TEST(CryptoWalk, ASubAccountRefusalIsRememberedLoggedOnceAndTreatedAsEmpty) {
  FakePaymentSources server;
  server.crypto_refused = true;
  server.transaction_ids = {1};
  server.withdrawals = {{5, t0_s - 60, 2}};
  CycleRun first = run_cycle(SyncState{}, payments_only(), server, t0);
  EXPECT_EQ(first.commits, 2u);  // currencies, then the payments cycle
  EXPECT_EQ(first.references, (std::vector<std::string>{"1", "wr:5"}));
  const auto refusals = [](const CycleRun& run) {
    return std::count_if(run.diagnostics.begin(), run.diagnostics.end(),
                         [](const Diagnostic& d) { return d.code == "crypto_transactions.unavailable"; });
  };
  EXPECT_EQ(refusals(first), 1);
  EXPECT_TRUE(first.state.skip.crypto_transactions);
  const std::size_t asked_before = asked(server, "/api/v2/crypto-transactions/").size();
  CycleRun second = run_cycle(std::move(first.state), payments_only(), server, t0 + day_ms / 2);
  EXPECT_EQ(refusals(second), 0);
  EXPECT_EQ(asked(server, "/api/v2/crypto-transactions/").size(), asked_before);  // never asked again
  EXPECT_EQ(second.commits, 1u);
}

TEST(CryptoWalk, ATransientFailureStillFailsTheWholeCycle) {
  FakePaymentSources server;
  server.withdrawals = {{5, t0_s - 60, 2}};
  Settings settings = payments_only();
  StepResult result = plan(SyncState{}, settings, t0);
  result = step(std::move(result.state), settings, result.requests.at(0), testing::ok(testing::currencies_body), t0);
  std::vector<Request> queue = result.requests;
  std::size_t commits = 0;
  while (!queue.empty()) {
    const Request request = queue.front();
    queue.erase(queue.begin());
    const bool crypto = request.path == "/api/v2/crypto-transactions/";
    const Response response = crypto ? Response{Transport::received, 502, {}, "<html>bad gateway</html>"}
                                     : testing::ok(server.answer(request));
    result = step(std::move(result.state), settings, request, response, t0);
    commits += result.commit ? 1 : 0;
    queue.insert(queue.end(), result.requests.begin(), result.requests.end());
  }
  EXPECT_EQ(commits, 0u);
  EXPECT_FALSE(result.state.skip.crypto_transactions);
  EXPECT_EQ(result.state.payments_cursor, PaymentsCursor{});
}

// One account's sources changing over time: new rows (mid-walk too), late-listed crypto
// rows, statuses moving on, now and then a cycle failing part-way. Whatever the page size and
// schedule: every row is emitted, each emission is a new (reference, status), the last
// emission carries the row's final status, every cursor only moves forward, and a failed
// cycle commits nothing.
RC_GTEST_PROP(PaymentWalksProperty, NothingLostNothingRepeatedStatusesFollowed, ()) {
  Settings settings = payments_only();
  settings.page_size = *rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(1, 8), rc::gen::inRange<std::uint32_t>(1, 1001));
  FakePaymentSources server;
  std::int64_t now_ms = t0;
  std::int64_t next_id = 1;
  const auto add_rows = [&](FakePaymentSources& account, int count) {
    for (int i = 0; i < count; ++i) {
      const std::int64_t id = next_id++;
      const std::int64_t at_s = now_ms / 1000 - *rc::gen::inRange<std::int64_t>(0, 12 * 60 * 60);
      switch (*rc::gen::inRange(0, 4)) {
        case 0: account.withdrawals.push_back({id, at_s, *rc::gen::inRange(0, 5)}); break;
        case 1:
          account.crypto.push_back({"deposits", id, at_s, *rc::gen::elementOf(std::vector<std::string>{"PENDING", "COMPLETED"})});
          break;
        case 2: account.crypto.push_back({"withdrawals", id, at_s}); break;
        default: account.crypto.push_back({"ripple_iou_transactions", id, at_s}); break;
      }
    }
  };
  // Per reference, the wire statuses emitted, in order ("" for lists without a status).
  std::map<std::string, std::vector<std::string>> emitted;
  const auto wire_status = [](const PspPayment& payment) {
    for (const char* key : {"withdrawal_status", "deposit_status"}) {
      if (const auto value = payment.metadata.find(std::string(metadata_prefix) + key)) return std::string(*value);
    }
    return std::string();
  };
  SyncState state;
  const int rounds = *rc::gen::inRange(1, 6);
  for (int round = 0; round <= rounds; ++round) {
    const bool settle = round == rounds;  // a last cycle once everything has stopped moving
    if (settle) {
      for (FakeWithdrawal& w : server.withdrawals) w.status = std::max(w.status, 2);
      for (FakeCryptoRow& row : server.crypto) row.status = "COMPLETED";
    } else {
      add_rows(server, *rc::gen::inRange(0, 15));
      for (FakeWithdrawal& w : server.withdrawals) {
        if (w.status < 2 && *rc::gen::inRange(0, 3) == 0) w.status = *rc::gen::inRange(1, 5);
      }
      for (FakeCryptoRow& row : server.crypto) {
        if (row.status == "PENDING" && *rc::gen::inRange(0, 3) == 0) row.status = "COMPLETED";
      }
    }
    int arrivals_left = settle ? 0 : *rc::gen::inRange(0, 4);
    const PaymentsCursor before = state.payments_cursor;
    const bool interrupted = !settle && *rc::gen::inRange(0, 4) == 0;
    server.refuse_answer = interrupted ? static_cast<int>(server.bodies_asked.size()) + *rc::gen::inRange(0, 4) : -1;
    CycleRun run = run_cycle(std::move(state), settings, server, now_ms, [&](FakePaymentSources& account) {
      if (arrivals_left > 0 && *rc::gen::inRange(0, 2) == 0) {
        --arrivals_left;
        add_rows(account, 1);
      }
    });
    state = std::move(run.state);
    server.refuse_answer = -1;
    const bool failed = std::any_of(run.diagnostics.begin(), run.diagnostics.end(),
                                    [](const Diagnostic& d) { return d.code == "payments.cycle_failed"; });
    RC_ASSERT(failed || run.commits >= 1u);
    RC_CLASSIFY(failed, "a cycle failed part-way");
    if (failed) {
      RC_ASSERT(run.payments.empty());
      RC_ASSERT(state.payments_cursor == before);
      RC_ASSERT(!state.running.payments && !state.running.crypto_transactions && !state.running.withdrawal_requests);
    }
    for (const PspPayment& payment : run.payments) {
      std::vector<std::string>& history = emitted[payment.reference];
      // (RC_ASSERT decomposes its expression and would evaluate both sides of an ||.)
      const bool a_new_status = history.empty() || history.back() != wire_status(payment);
      RC_ASSERT(a_new_status);
      history.push_back(wire_status(payment));
    }
    const PaymentsCursor& after = state.payments_cursor;
    RC_ASSERT(after.withdrawal_requests.last_id >= before.withdrawal_requests.last_id);
    RC_ASSERT(after.crypto_transactions.deposits.since_ts >= before.crypto_transactions.deposits.since_ts);
    RC_ASSERT(after.crypto_transactions.withdrawals.since_ts >= before.crypto_transactions.withdrawals.since_ts);
    RC_ASSERT(after.crypto_transactions.ripple_ious.since_ts >= before.crypto_transactions.ripple_ious.since_ts);
    RC_ASSERT(after.crypto_transactions.walked_through_s >= before.crypto_transactions.walked_through_s);
    now_ms += settings.polling_period_ms + *rc::gen::inRange<std::int64_t>(0, 11 * 60 * 60 * 1000);
  }
  for (const FakeWithdrawal& w : server.withdrawals) {
    const auto it = emitted.find("wr:" + std::to_string(w.id));
    RC_ASSERT(it != emitted.end());
    RC_ASSERT(it->second.back() == std::to_string(w.status));
  }
  for (const FakeCryptoRow& row : server.crypto) {
    const std::string reference = row.list == "deposits"      ? "ct-dep:" + std::to_string(row.id)
                                  : row.list == "withdrawals" ? "ct-wd:tx" + std::to_string(row.id)
                                                              : "ct-iou:tx" + std::to_string(row.id);
    const auto it = emitted.find(reference);
    RC_ASSERT(it != emitted.end());
    RC_ASSERT(it->second.back() == (row.list == "deposits" ? row.status : std::string()));
  }
  RC_ASSERT(emitted.size() == server.withdrawals.size() + server.crypto.size());
}

}  // namespace
}  // namespace bitstamp::core
