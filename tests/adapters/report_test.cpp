// Proves `report` shows a person what the store holds: balances as exact decimals read from the
// stored integers (never through a double, past 64 bits too), with the minor units and asset
// beside them.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "bitstamp/adapters/report.hpp"
#include "bitstamp/adapters/sqlite_store.hpp"
#include "connector/amount.hpp"
#include "bitstamp/core/state.hpp"

namespace bitstamp::adapters {
namespace {

namespace fs = std::filesystem;

std::string report_of(const std::vector<core::Record>& records) {
  const std::string path = (fs::temp_directory_path() / ("bitstamp-report-" + std::to_string(::getpid()) + ".sqlite")).string();
  fs::remove(path);
  std::ostringstream out;
  {
    SqliteStore store(path);
    store.commit(records, core::encode_state(core::SyncState{}));
    print_report(store, out);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return out.str();
}

core::PspAccount account(const std::string& ticker, std::uint32_t decimals) {
  core::PspAccount a;
  a.reference = ticker;
  a.name = ticker;
  a.default_asset = ticker + "/" + std::to_string(decimals);
  return a;
}

TEST(Report, PrintsBalancesAsExactDecimalsWithTheMinorUnitsBeside) {
  const core::Amount eth = core::parse_decimal("755.695511053394047825", 18).amount;
  const std::string report = report_of({account("BTC", 8), core::PspBalance{"BTC", 0, core::Amount{24805530658}, "BTC/8"},
                                        account("ETH", 18), core::PspBalance{"ETH", 0, eth, "ETH/18"},
                                        account("JPY", 0), core::PspBalance{"JPY", 0, core::Amount{-7}, "JPY/0"},
                                        account("USD", 2), core::PspBalance{"USD", 0, core::Amount{5}, "USD/2"}});
  EXPECT_NE(report.find("  BTC  248.05530658 BTC  (24805530658 BTC/8)\n"), std::string::npos) << report;
  EXPECT_NE(report.find("  ETH  755.695511053394047825 ETH  (755695511053394047825 ETH/18)\n"), std::string::npos);
  EXPECT_NE(report.find("  JPY  -7 JPY  (-7 JPY/0)\n"), std::string::npos);
  EXPECT_NE(report.find("  USD  0.05 USD  (5 USD/2)\n"), std::string::npos);
}

}  // namespace
}  // namespace bitstamp::adapters
