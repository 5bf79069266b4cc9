// Mapping throughput (response bytes -> records in memory): exact decimal parsing,
// account_balances, user_transactions, crypto-transactions and withdrawal-requests pages,
// order_status/ with many fills; the request signer; a whole simulated backfill.
// Run: build-release/bench/bitstamp_bench (numbers and targets: BENCHMARKS.md)
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "allocation_counter.hpp"
#include "harness/memory_store.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/core/accounts.hpp"
#include "connector/amount.hpp"
#include "bitstamp/core/crypto_transactions.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/orders.hpp"
#include "bitstamp/core/signing.hpp"
#include "bitstamp/core/user_transactions.hpp"
#include "bitstamp/core/withdrawal_requests.hpp"
#include "bitstamp/simulator/backfill.hpp"

namespace {

using namespace bitstamp::core;
namespace simulator = bitstamp::simulator;

// Heap allocations over a benchmark's timed loop, reported per emitted record and per row read
// (issue 19's target: at most one per record, none per dropped row).
class AllocationCount {
 public:
  AllocationCount() : start_(bench::allocations()) {}
  void report(benchmark::State& state, std::uint64_t records, std::uint64_t rows) const {
    const auto made = static_cast<double>(bench::allocations() - start_);
    state.counters["allocs/record"] = records ? made / static_cast<double>(records) : 0.0;
    state.counters["allocs/row"] = rows ? made / static_cast<double>(rows) : 0.0;
  }

 private:
  std::uint64_t start_;
};

void BM_ParseDecimal(benchmark::State& state) {
  const std::string texts[] = {"-0.94492494", "10588.90", "123.456789012345678901", "0.00000000"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_decimal(texts[i++ & 3], 8));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseDecimal);

// A balances body of `rows` currencies, a third of them zero (as Bitstamp sends).
std::string balances_body(int rows) {
  std::string body = "[";
  for (int i = 0; i < rows; ++i) {
    if (i) body += ',';
    const std::string amount = i % 3 == 0 ? "0.00000000" : std::to_string(i) + ".12345678";
    body += R"({"currency":"c)" + std::to_string(i) + R"(","total":")" + amount +
            R"(","available":")" + amount + R"(","reserved":"0.00000000"})";
  }
  return body + "]";
}

void BM_MapAccountBalances(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  std::vector<Currency> currencies;
  for (int i = 0; i < rows; ++i) currencies.push_back({"C" + std::to_string(i), 8, "crypto"});
  std::vector<Diagnostic> ignored;
  const AssetTable table = make_asset_table(currencies, 0, ignored);
  const std::string body = balances_body(rows);
  if (const auto refused = map_account_balances(body, table, 0).error) return state.SkipWithError(refused->c_str());
  for (auto _ : state) {
    benchmark::DoNotOptimize(map_account_balances(body, table, 0));
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapAccountBalances)->Arg(100)->Arg(1000);

}  // namespace

namespace {

// A 1000-row page of mixed types, shaped like the digest's samples (legacy zero keys, number
// and string amounts, with and without microseconds, fills and conversions among payments).
std::string user_transactions_page() {
  std::string body = "[";
  for (int i = 0; i < 1000; ++i) {
    if (i) body += ',';
    const std::string id = std::to_string(50000000 + i);
    switch (i % 5) {
      case 0:
        body += R"({"fee":"0.00000000","btc_usd":"0.00","datetime":"2018-01-29 16:25:51","usd":"10588.90","btc":0.0,"type":"0","id":)" + id + R"(,"eur":0.0})";
        break;
      case 1:
        body += R"({"fee":"0.00000000","btc_usd":"0.00","datetime":"2018-01-29 20:26:20","usd":0.0,"btc":"-0.94492494","type":"1","id":)" + id + R"(,"eur":0.0})";
        break;
      case 2:
        body += R"({"usd":"-10555.01","btc_usd":11170.21,"order_id":857979733,"datetime":"2018-01-29 20:22:34","fee":"26.39","btc":"0.94492494","type":"2","id":)" + id + R"(,"eur":0.0})";
        break;
      case 3:
        body += R"({"usd":0.0,"btc":0.0,"btc_usd":"0.00","fee":"0.00000000","algo":"0.24178042","type":"27","id":)" + id + R"(,"datetime":"2021-11-24 09:00:33.607389"})";
        break;
      default:
        body += R"({"id":)" + id + R"(,"datetime":"2025-09-25 14:42:59.894846","type":"36","fee":"0.000000","eur":"-5.00","usdc":"5.810770","usdc_eur":0.86047,"usd":"0.00","btc":"0.00000000"})";
    }
  }
  return body + "]";
}

// The currencies the page above names.
AssetTable user_transactions_table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table(
      {{"USD", 2, "fiat"}, {"EUR", 2, "fiat"}, {"BTC", 8, "crypto"}, {"ALGO", 8, "crypto"}, {"USDC", 6, "crypto"}},
      0, ignored);
}

void BM_ParseUserTransactionsPage(benchmark::State& state) {
  const AssetTable table = user_transactions_table();
  const std::string body = user_transactions_page();
  // A refused page is cheap to "parse": measuring one would report a speed nothing reaches.
  if (const auto refused = parse_user_transactions(body, table).error) return state.SkipWithError(refused->c_str());
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_user_transactions(body, table));
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_ParseUserTransactionsPage);

void BM_MapUserTransactionsPage(benchmark::State& state) {
  const AssetTable table = user_transactions_table();
  const std::string body = user_transactions_page();
  if (const auto refused = parse_user_transactions(body, table).error) return state.SkipWithError(refused->c_str());
  std::size_t payments = 0;
  const AllocationCount allocations;
  for (auto _ : state) {
    UserTransactionsPage page = parse_user_transactions(body, table);
    std::vector<Diagnostic> diagnostics;
    for (UserTransaction& row : page.rows) {
      if (auto payment = map_user_transaction_payment(std::move(row), table, diagnostics)) ++payments;
    }
    benchmark::DoNotOptimize(payments);
  }
  allocations.report(state, payments, state.iterations() * 1000);
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapUserTransactionsPage);

// A 1000-row page of every kind the shared walk routes: 3 in 7 rows are fills (three per order,
// BTC/USD with legacy keys and ETH/EUR with 18-decimal amounts behind a legacy zero btc_usd), 3 in
// 7 payments (a fiat deposit, an 18-decimal withdrawal, an inter-account transfer leg), 1 in 7 an
// instant conversion.
std::string every_kind_page() {
  std::string body = "[";
  for (int i = 0; i < 1000; ++i) {
    if (i) body += ',';
    const std::string id = std::to_string(60000000 + i);
    const std::string order_id = std::to_string(1458532827000000 + i / 7);
    switch (i % 7) {
      case 0:
      case 1:
      case 2:
        if ((i / 7) % 2 == 0) {
          body += R"({"usd":"-105.55","btc_usd":11170.21,"order_id":)" + order_id +
                  R"(,"datetime":"2018-01-29 20:22:34","fee":"0.26","btc":"0.00944924","type":"2","id":)" + id +
                  R"(,"eur":0.0})";
        } else {
          body += R"({"btc_usd":"0.00","eth_eur":"2412.50","order_id":)" + order_id +
                  R"(,"datetime":"2024-03-01 10:00:00.123456","fee":"1.21","eth":"-0.500000000000000001","eur":"1206.25","usd":0.0,"btc":0.0,"type":2,"id":)" +
                  id + "}";
        }
        break;
      case 3:
        body += R"({"fee":"0.00000000","btc_usd":"0.00","datetime":"2018-01-29 16:25:51","usd":"10588.90","btc":0.0,"type":"0","id":)" + id + R"(,"eur":0.0})";
        break;
      case 4:
        body += R"({"id":)" + id + R"(,"datetime":"2024-05-02 08:11:09.000001","type":1,"fee":"0.000420000000000000","eth":"-1.234567890123456789","eur":"0.00","usd":"0.00","btc":"0.00000000"})";
        break;
      case 5:
        body += R"({"id":)" + id + R"(,"datetime":"2025-01-09 12:00:00.5","type":35,"fee":"0.00","usd":"-250.00","eur":"0.00","btc":"0.00000000"})";
        break;
      default:
        body += R"({"id":)" + id + R"(,"datetime":"2025-09-25 14:42:59.894846","type":"36","fee":"0.000000","eur":"-5.00","usdc":"5.810770","usdc_eur":0.86047,"usd":"0.00","btc":"0.00000000"})";
    }
  }
  return body + "]";
}

// Parse + map the every-kind page as the shared walk routes it: payments and conversions
// mapped per row, fills gathered per order and each order rebuilt from them (historical).
void BM_MapEveryKindPage(benchmark::State& state) {
  std::vector<Diagnostic> ignored;
  const AssetTable table = make_asset_table({{"USD", 2, "fiat"}, {"EUR", 2, "fiat"}, {"BTC", 8, "crypto"},
                                             {"ETH", 18, "crypto"}, {"USDC", 6, "crypto"}},
                                            0, ignored);
  const std::string body = every_kind_page();
  if (const auto refused = parse_user_transactions(body, table).error) return state.SkipWithError(refused->c_str());
  std::uint64_t records = 0;
  std::uint64_t records_per_page = 0;
  const AllocationCount allocations;
  for (auto _ : state) {
    UserTransactionsPage page = parse_user_transactions(body, table);
    std::vector<Diagnostic> diagnostics;
    std::vector<Record> out;
    std::map<std::int64_t, FillAggregate> orders;
    for (UserTransaction& row : page.rows) {
      if (row.type == tx_type_trade) {
        if (row.order_id) add_fill(orders[*row.order_id], row, table, diagnostics);
      } else if (row.type == tx_type_instant_conversion) {
        if (auto conversion = map_user_transaction_conversion(std::move(row), table, diagnostics)) {
          out.emplace_back(std::move(*conversion));
        }
      } else if (auto payment = map_user_transaction_payment(std::move(row), table, diagnostics)) {
        out.emplace_back(std::move(*payment));
      }
    }
    for (const auto& [id, aggregate] : orders) {
      if (auto order = map_historical_order(id, aggregate, table, Enrichment{}, diagnostics)) out.emplace_back(std::move(*order));
    }
    records += out.size();
    records_per_page = out.size();
    benchmark::DoNotOptimize(out);
  }
  // 429 payments, 142 conversions and one order per three fills (143): a page that lost any is broken.
  if (records_per_page != 429 + 142 + 143) return state.SkipWithError("the page did not map whole");
  allocations.report(state, records, state.iterations() * 1000);
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapEveryKindPage);

AssetTable crypto_table() {
  std::vector<Diagnostic> ignored;
  return make_asset_table({{"BTC", 8, "crypto"}, {"ETH", 18, "crypto"}, {"XRP", 6, "crypto"}, {"EUR", 2, "fiat"}},
                          0, ignored);
}

// A full crypto-transactions page: 1000 rows in each of its three lists.
std::string crypto_transactions_page() {
  std::string body = "{";
  const char* lists[] = {"deposits", "withdrawals", "ripple_iou_transactions"};
  for (const char* list : lists) {
    if (body.size() > 1) body += ',';
    body += "\"" + std::string(list) + "\":[";
    for (int i = 0; i < 1000; ++i) {
      if (i > 0) body += ',';
      body += R"({"id":)" + std::to_string(7000000 + i) + R"(,"network":"bitcoin","currency":"BTC","txid":"e4123d1d57df4106aaae5ec4d77eb6cd42e226d020a0a2c1c7919d14b93)" +
              std::to_string(10000 + i) + R"(","amount":)" + std::to_string(i) + R"(.00012,"datetime":)" +
              std::to_string(1759995000 + i) +
              R"(,"status":"COMPLETED","destinationAddress":"3FiKkjgZ6Sj4RWp3ZsCjYh5Pt7ZCBsL7uF"})";
    }
    body += "]";
  }
  return body + "}";
}

void BM_MapCryptoTransactionsPage(benchmark::State& state) {
  const AssetTable table = crypto_table();
  const std::string body = crypto_transactions_page();
  if (const auto refused = parse_crypto_transactions(body).error) return state.SkipWithError(refused->c_str());
  std::size_t payments = 0;
  const AllocationCount allocations;
  for (auto _ : state) {
    CryptoTransactionsPage page = parse_crypto_transactions(body);
    std::vector<Diagnostic> diagnostics;
    for (auto* list : {&page.deposits, &page.withdrawals, &page.ripple_ious}) {
      for (CryptoTransaction& row : *list) {
        if (auto payment = map_crypto_transaction(std::move(row), table, diagnostics)) ++payments;
      }
    }
    benchmark::DoNotOptimize(payments);
  }
  allocations.report(state, payments, state.iterations() * 3000);
  state.SetItemsProcessed(state.iterations() * 3000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapCryptoTransactionsPage);

void BM_MapWithdrawalRequestsPage(benchmark::State& state) {
  const AssetTable table = crypto_table();
  std::string body = "[";
  for (int i = 0; i < 1000; ++i) {
    if (i > 0) body += ',';
    body += R"({"address":"aMDHooGmAkyrsaQiKhAORhSNTmoRzxqWIO","amount":")" + std::to_string(i) +
            R"(.00006000","currency":"BTC","datetime":"2022-01-31 16:07:32","id":)" + std::to_string(i) +
            R"(,"network":"bitcoin","status":)" + std::to_string(i % 5) +
            R"(,"transaction_id":"NsOeFbQhRnpGzNIThWGBTkQwRJqTNOGPVhYavrVyMfkAyMUmIlUpFIwGTzSvpeOP","txid":)" +
            std::to_string(i) + R"(,"type":0})";
  }
  body += "]";
  if (const auto refused = parse_withdrawal_requests(body).error) return state.SkipWithError(refused->c_str());
  std::size_t payments = 0;
  const AllocationCount allocations;
  for (auto _ : state) {
    WithdrawalRequestsPage page = parse_withdrawal_requests(body);
    std::vector<Diagnostic> diagnostics;
    for (WithdrawalRequest& row : page.rows) {
      if (auto payment = map_withdrawal_request(std::move(row), table, diagnostics)) ++payments;
    }
    benchmark::DoNotOptimize(payments);
  }
  allocations.report(state, payments, state.iterations() * 1000);
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapWithdrawalRequestsPage);

}  // namespace

namespace {

// An order_status/ answer for an order filled in `fills` pieces (the rich shape).
std::string order_status_body(int fills) {
  std::string body =
      R"({"id":1458532827766784,"datetime":"2022-01-31 14:43:15","type":"0","subtype":"LIMIT","status":"Finished","market":"BTC/USD","amount_remaining":"0.00000000","client_order_id":"my-id","transactions":[)";
  for (int i = 0; i < fills; ++i) {
    if (i > 0) body += ',';
    body += R"({"tid":)" + std::to_string(209895701 + i) + R"(,"price":"60000.00","btc":"0.00)" + std::to_string(100000 + i) +
            R"(","usd":"6)" + std::to_string(i) + R"(.00","fee":"0.15","datetime":"2022-01-31 14:43:15.322000","type":2})";
  }
  return body + "]}";
}

void BM_MapOrderStatus(benchmark::State& state) {
  const int fills = static_cast<int>(state.range(0));
  std::vector<Diagnostic> ignored;
  const AssetTable assets = make_asset_table({{"BTC", 8, "crypto"}, {"USD", 2, "fiat"}}, 0, ignored);
  const std::string body = order_status_body(fills);
  const OrderContext context{"BTC/USD", order_side_buy, "60000.00", "1.00000000", "", std::nullopt};
  std::size_t orders = 0;
  for (auto _ : state) {
    const OrderStatusParse parsed = parse_order_status(body);
    std::vector<Diagnostic> diagnostics;
    if (parsed.order && map_order_status(*parsed.order, context, assets, Enrichment{}, diagnostics)) ++orders;
    benchmark::DoNotOptimize(orders);
  }
  if (orders == 0) state.SkipWithError("the order did not map");
  state.SetItemsProcessed(state.iterations() * fills);  // fills per second
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapOrderStatus)->Arg(1)->Arg(100)->Arg(1000);

// One signature as the live client makes it per request: string to sign, HMAC-SHA256, hex.
void BM_SignRequest(benchmark::State& state) {
  const bitstamp::adapters::ApiSecret secret("bench-secret-not-a-real-one-0123456789");
  Request request = user_transactions_request(Task::payments, 458254264, 0, page_size_max);
  const WireRequest wire = to_wire(request);
  const std::string nonce = "f93c979d-b00d-43a9-9b9c-fd4cd9547fa6";
  for (auto _ : state) {
    benchmark::DoNotOptimize(bitstamp::adapters::signed_headers(wire, {"api-key", "www.bitstamp.net", nonce, 1759320000000}, secret));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignRequest);

// A whole first sync on the simulator: the core, the simulated API and an in-memory store.
// CPU per user transaction of history; bitstamp_backfill_bench reports the rest (requests,
// simulated time, memory) with a SQLite store.
void BM_WholeBackfill(benchmark::State& state) {
  simulator::BackfillOptions options;
  options.user_transactions = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t requests = 0;
  for (auto _ : state) {
    harness::MemoryStore store;
    const simulator::BackfillReport report = simulator::run_backfill(options, store);
    requests = report.requests;
    if (!report.problems.empty()) state.SkipWithError(report.problems.front().c_str());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["requests"] = static_cast<double>(requests);
}
BENCHMARK(BM_WholeBackfill)->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace
