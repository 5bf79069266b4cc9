#pragma once
// A small in-memory account answering the three payments sources with Bitstamp's semantics,
// for the payments tests: user_transactions/ (since_id inclusive, sort=asc, offset, limit),
// crypto-transactions/ (newest first, since_timestamp inclusive, limit/offset applied to each
// list), withdrawal-requests/ (newest first, timedelta window, limit and offset required).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "bitstamp/core/engine.hpp"
#include "connector/request.hpp"
#include "connector/time.hpp"

namespace bitstamp::core::testing {

struct FakeCryptoRow {
  std::string list;  // "deposits", "withdrawals", "ripple_iou_transactions"
  std::int64_t id = 0;  // deposits: the id; others: used to build the txid
  std::int64_t datetime_s = 0;
  std::string status = "COMPLETED";  // deposits only
};

struct FakeWithdrawal {
  std::int64_t id = 0;
  std::int64_t datetime_s = 0;
  int status = 0;
};

struct FakePaymentSources {
  std::vector<std::int64_t> transaction_ids;  // ascending
  std::vector<FakeCryptoRow> crypto;          // any order; answered newest first
  std::vector<FakeWithdrawal> withdrawals;    // any order; answered newest first
  std::int64_t now_s = 0;                     // the server's clock, for timedelta
  bool crypto_refused = false;                // a sub-account key
  int refuse_answer = -1;  // the answer with this index (0-based, all paths) is an auth error
  std::vector<std::string> bodies_asked;      // "path?form" of every request, in order
  std::vector<std::uint32_t> offsets_seen;

  static std::string param(const Request& request, std::string_view name, std::string fallback = "") {
    for (const Param& p : request.params) {
      if (p.name == name) return p.value;
    }
    return fallback;
  }

  std::string answer(const Request& request) {
    bodies_asked.push_back(request.path + "?" + encode_form(request.params));
    if (static_cast<int>(bodies_asked.size()) - 1 == refuse_answer) {
      return R"({"status":"error","reason":"Invalid signature","code":"API0005"})";  // with HTTP 200
    }
    offsets_seen.push_back(static_cast<std::uint32_t>(std::stoul(param(request, "offset", "0"))));
    if (request.path == "/api/v2/crypto-transactions/") return answer_crypto(request);
    if (request.path == "/api/v2/withdrawal-requests/") return answer_withdrawals(request);
    return answer_user_transactions(request);
  }

  std::string answer_user_transactions(const Request& request) const {
    const std::int64_t since_id = std::stoll(param(request, "since_id", "-1"));
    const std::size_t offset = std::stoul(param(request, "offset", "0"));
    // "if since_id is used, limit is set to 1000"
    const std::size_t limit = since_id >= 0 ? 1000 : std::stoul(param(request, "limit", "100"));
    std::string body = "[";
    std::size_t skipped = 0;
    std::size_t taken = 0;
    for (const std::int64_t id : transaction_ids) {
      if (id < since_id) continue;
      if (skipped++ < offset) continue;
      if (taken++ == limit) break;
      if (taken > 1) body += ',';
      body += R"({"id":)" + std::to_string(id) +
              R"(,"datetime":"2024-01-01 00:00:00","type":"0","fee":"0.00","usd":"1.00","btc":0.0})";
    }
    return body + "]";
  }

  std::string answer_crypto(const Request& request) const {
    if (crypto_refused) return R"({"status":"error","reason":"No permission found","code":"API0003"})";
    const std::int64_t since = std::stoll(param(request, "since_timestamp", "-1"));
    const std::size_t offset = std::stoul(param(request, "offset"));
    const std::size_t limit = std::stoul(param(request, "limit"));
    std::vector<FakeCryptoRow> rows = crypto;
    std::stable_sort(rows.begin(), rows.end(),
                     [](const FakeCryptoRow& a, const FakeCryptoRow& b) { return a.datetime_s > b.datetime_s; });
    std::string body = "{";
    for (const char* list : {"deposits", "withdrawals", "ripple_iou_transactions"}) {
      if (body.size() > 1) body += ',';
      body += "\"" + std::string(list) + "\":[";
      std::size_t skipped = 0;
      std::size_t taken = 0;
      for (const FakeCryptoRow& row : rows) {
        if (row.list != list || row.datetime_s < since) continue;
        if (skipped++ < offset) continue;
        if (taken++ == limit) break;
        if (taken > 1) body += ',';
        body += R"({"currency":"USD","network":"test","amount":1.5,"datetime":)" + std::to_string(row.datetime_s);
        if (row.list == "deposits") {
          body += R"(,"id":)" + std::to_string(row.id) + R"(,"status":")" + row.status + "\"";
        }
        body += R"(,"txid":"tx)" + std::to_string(row.id) + "\"}";
      }
      body += "]";
    }
    return body + "}";
  }

  std::string answer_withdrawals(const Request& request) const {
    if (param(request, "limit").empty() || param(request, "offset").empty()) {
      return R"({"status":"error","reason":"Both limit and offset must be present"})";
    }
    const std::int64_t from_s = now_s - std::stoll(param(request, "timedelta", "86400"));
    const std::size_t offset = std::stoul(param(request, "offset"));
    const std::size_t limit = std::stoul(param(request, "limit"));
    std::vector<FakeWithdrawal> rows = withdrawals;
    std::sort(rows.begin(), rows.end(), [](const FakeWithdrawal& a, const FakeWithdrawal& b) { return a.id > b.id; });
    std::string body = "[";
    std::size_t skipped = 0;
    std::size_t taken = 0;
    for (const FakeWithdrawal& row : rows) {
      if (row.datetime_s < from_s) continue;
      if (skipped++ < offset) continue;
      if (taken++ == limit) break;
      if (taken > 1) body += ',';
      body += R"({"id":)" + std::to_string(row.id) + R"(,"datetime":")" + datetime_text(row.datetime_s) +
              R"(","type":0,"currency":"usd","amount":"2.00","status":)" + std::to_string(row.status) + "}";
    }
    return body + "]";
  }

  // "YYYY-MM-DD HH:MM:SS", Bitstamp's layout, for whole Unix seconds.
  static std::string datetime_text(std::int64_t unix_s) {
    std::string text = format_rfc3339(unix_s * 1'000'000);  // "2024-01-01T00:00:00Z"
    text[10] = ' ';
    text.pop_back();
    return text;
  }
};

inline constexpr std::int64_t t0 = 1759320000000;  // 2025-10-01T12:00:00Z
inline constexpr const char* currencies_body = R"([{"currency":"USD","decimals":2,"type":"fiat"}])";

// The payments task alone: these tests are about its three sources.
inline Settings payments_only() {
  Settings settings;
  settings.tasks = EnabledTasks{false, true, false, false, false};
  return settings;
}

inline Response ok(std::string body) { return Response{Transport::received, 200, {}, std::move(body)}; }

struct CycleRun {
  SyncState state;
  std::vector<std::string> references;  // committed payment references, in commit order
  std::vector<PspPayment> payments;     // the committed payments themselves
  std::vector<Diagnostic> diagnostics;
  std::size_t commits = 0;
};

// Plans once and answers every request until the cycle (and any currencies load) is over.
// `between_answers` runs after each answer: the account changing while a cycle walks it.
inline CycleRun run_cycle(SyncState state, const Settings& settings, FakePaymentSources& server,
                          std::int64_t now_ms,
                          const std::function<void(FakePaymentSources&)>& between_answers = {}) {
  CycleRun run;
  server.now_s = now_ms / 1000;
  StepResult result = plan(std::move(state), settings, now_ms);
  std::vector<Request> pending = result.requests;
  run.diagnostics = result.diagnostics;
  while (!pending.empty()) {
    const Request request = pending.front();
    pending.erase(pending.begin());
    const Response response =
        ok(request.task == Task::currencies ? std::string(currencies_body) : server.answer(request));
    if (between_answers) between_answers(server);
    result = step(std::move(result.state), settings, request, response, now_ms);
    if (result.commit) ++run.commits;
    for (const Record& record : result.records) {
      if (const auto* payment = std::get_if<PspPayment>(&record)) {
        run.references.push_back(payment->reference);
        run.payments.push_back(*payment);
      }
    }
    run.diagnostics.insert(run.diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
    pending.insert(pending.end(), result.requests.begin(), result.requests.end());
  }
  run.state = std::move(result.state);
  return run;
}

}  // namespace bitstamp::core::testing
