// Proves `report` shows a person what the store holds: balances as exact decimals read from the
// stored integers (never through a double, past 64 bits too), with the minor units and asset
// beside them.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "harness/report.hpp"
#include "harness/sqlite_store.hpp"
#include "connector/amount.hpp"
#include "bitstamp/core/state.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string report_of(const std::vector<connector::Record>& records) {
  const std::string path = (fs::temp_directory_path() / ("bitstamp-report-" + std::to_string(::getpid()) + ".sqlite")).string();
  fs::remove(path);
  std::ostringstream out;
  {
    SqliteStore store(path);
    store.commit(records, bitstamp::core::encode_state(bitstamp::core::SyncState{}));
    print_report(store, out);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return out.str();
}

connector::PspAccount account(const std::string& ticker, std::uint32_t decimals) {
  connector::PspAccount a;
  a.reference = ticker;
  a.name = ticker;
  a.default_asset = ticker + "/" + std::to_string(decimals);
  return a;
}

TEST(Report, PrintsBalancesAsExactDecimalsWithTheMinorUnitsBeside) {
  const connector::Amount eth = connector::parse_decimal("755.695511053394047825", 18).amount;
  const std::string report = report_of({account("BTC", 8), connector::PspBalance{"BTC", 0, connector::Amount{24805530658}, "BTC/8"},
                                        account("ETH", 18), connector::PspBalance{"ETH", 0, eth, "ETH/18"},
                                        account("JPY", 0), connector::PspBalance{"JPY", 0, connector::Amount{-7}, "JPY/0"},
                                        account("USD", 2), connector::PspBalance{"USD", 0, connector::Amount{5}, "USD/2"}});
  EXPECT_NE(report.find("  BTC  248.05530658 BTC  (24805530658 BTC/8)\n"), std::string::npos) << report;
  EXPECT_NE(report.find("  ETH  755.695511053394047825 ETH  (755695511053394047825 ETH/18)\n"), std::string::npos);
  EXPECT_NE(report.find("  JPY  -7 JPY  (-7 JPY/0)\n"), std::string::npos);
  EXPECT_NE(report.find("  USD  0.05 USD  (5 USD/2)\n"), std::string::npos);
}

}  // namespace
}  // namespace harness
