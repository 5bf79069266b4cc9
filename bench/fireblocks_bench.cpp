// Fireblocks mapping throughput beside Bitstamp's: a full page of 500 transactions as the
// simulated workspace renders them (nested peers, amountInfo strings beside the deprecated float
// fields, multi-destination payouts), read and mapped to payments. Numbers: BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include "fireblocks/core/assets.hpp"
#include "fireblocks/core/transactions.hpp"
#include "fireblocks/simulator/workspace.hpp"

namespace {

using namespace fireblocks;

constexpr std::uint32_t page_rows = 500;  // the API's maximum page

struct Fixture {
  std::string body;
  core::Catalogue catalogue;
};

Fixture fixture() {
  simulator::WorkspaceShape shape;
  shape.start_ms = 1735689600000;
  shape.end_ms = shape.start_ms + 30LL * 86'400'000;
  shape.transactions = page_rows;
  shape.filler_assets = 0;
  const simulator::Workspace workspace(5, shape);
  Fixture made;
  made.body = "[";
  for (std::size_t i = 0; i < workspace.transactions().size(); ++i) {
    made.body += (i == 0 ? "" : ",") + workspace.render(workspace.transactions()[i], shape.end_ms);
  }
  made.body += "]";
  connector::Request assets;
  assets.method = connector::Method::get;
  assets.path = "/v1/assets";
  assets.params = {{"pageSize", "1000"}};
  connector::Request chains = assets;
  chains.path = "/v1/blockchains";
  chains.params = {{"pageSize", "500"}};
  const core::BlockchainsPage blockchains = core::read_blockchains_page(workspace.answer(chains, shape.end_ms).body);
  const core::AssetsPage page = core::read_assets_page(workspace.answer(assets, shape.end_ms).body, blockchains.testnet);
  for (const auto& [key, info] : page.assets) made.catalogue[key] = info;
  return made;
}

void BM_MapFireblocksTransactionsPage(benchmark::State& state) {
  const Fixture f = fixture();
  std::size_t payments = 0;
  for (auto _ : state) {
    const core::TransactionsRead read = core::read_transactions_page(f.body);
    for (const core::TransactionRow& row : read.rows) {
      if (core::map_transaction(row, f.catalogue).payment) ++payments;
    }
    benchmark::DoNotOptimize(payments);
  }
  state.SetItemsProcessed(state.iterations() * page_rows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(f.body.size()));
}
BENCHMARK(BM_MapFireblocksTransactionsPage);

}  // namespace
