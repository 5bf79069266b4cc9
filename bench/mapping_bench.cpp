// Mapping throughput of what exists so far: exact decimal parsing and account_balances
// responses (bytes -> records in memory). Run: build/bench/bitstamp_bench
#include <benchmark/benchmark.h>

#include <string>

#include "bitstamp/core/accounts.hpp"
#include "bitstamp/core/amount.hpp"

namespace {

using namespace bitstamp::core;

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
  for (auto _ : state) {
    benchmark::DoNotOptimize(map_account_balances(body, table, 0));
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_MapAccountBalances)->Arg(100)->Arg(1000);

}  // namespace
