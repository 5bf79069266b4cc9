// Proves the SQLite store keeps the books exactly as MemoryStore does (same view, same counts,
// for any way the records are split into commits), survives reopening, refuses files it cannot
// read, and keeps nothing of a commit that fails.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/capture.hpp"
#include "adapters/sample_records.hpp"
#include "harness/memory_store.hpp"
#include "harness/replay.hpp"
#include "harness/sqlite_store.hpp"
#include "bitstamp/core/engine.hpp"
#include "bitstamp/core/orders.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

// A fresh file per test, removed with its WAL companions.
class TempStorePath {
 public:
  TempStorePath() {
    static int counter = 0;
    path_ = (fs::temp_directory_path() / ("bitstamp-store-test-" + std::to_string(::getpid()) + "-" +
                                          std::to_string(counter++) + ".sqlite"))
                .string();
    remove();
  }
  ~TempStorePath() { remove(); }
  [[nodiscard]] const std::string& str() const { return path_; }

 private:
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  std::string path_;
};

// The settings a fixture capture replays with: tasks from its directory ("accounts+enrichment"),
// a page size from its NAME.args sidecar.
bitstamp::core::Settings fixture_settings(const fs::path& capture) {
  bitstamp::core::Settings settings;
  settings.tasks = bitstamp::core::EnabledTasks{false, false, false, false, false};
  std::istringstream names(capture.parent_path().filename().string());
  for (std::string name; std::getline(names, name, '+');) {
    if (name == "all") settings.tasks = bitstamp::core::EnabledTasks{};
    settings.tasks.accounts |= name == "accounts";
    settings.tasks.payments |= name == "payments";
    settings.tasks.conversions |= name == "conversions";
    settings.tasks.orders |= name == "orders";
    settings.tasks.enrichment |= name == "enrichment";
  }
  fs::path args = capture;
  std::ifstream in(args.replace_extension(".args"));
  for (std::string word; in >> word;) {
    if (word == "--page-size") in >> settings.page_size;
  }
  return settings;
}

// Every record the fixture captures produce, in commit order.
const std::vector<connector::Record>& fixture_records() {
  static const std::vector<connector::Record> records = [] {
    std::vector<fs::path> captures;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(BITSTAMP_FIXTURES_DIR) / "captures")) {
      if (entry.path().extension() == ".jsonl") captures.push_back(entry.path());
    }
    std::sort(captures.begin(), captures.end());
    std::vector<connector::Record> all;
    for (const fs::path& capture : captures) {
      const CaptureRead read = read_capture_file(capture.string());
      const ReplayResult result = replay(read.exchanges, fixture_settings(capture));
      all.insert(all.end(), result.records.begin(), result.records.end());
    }
    return all;
  }();
  return records;
}

using testing::payment;

void expect_same_counts(const StoreCounts& a, const StoreCounts& b) {
  EXPECT_EQ(a.commits, b.commits);
  EXPECT_EQ(a.accounts, b.accounts);
  EXPECT_EQ(a.balance_rows, b.balance_rows);
  EXPECT_EQ(a.payments, b.payments);
  EXPECT_EQ(a.payment_adjustments, b.payment_adjustments);
  EXPECT_EQ(a.conversions, b.conversions);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.order_adjustments, b.order_adjustments);
  EXPECT_EQ(a.repeated_records, b.repeated_records);
  EXPECT_EQ(a.order_fold_conflicts, b.order_fold_conflicts);
}

TEST(SqliteStore, KeepsTheFixtureBooksExactlyAsTheMemoryStore) {
  ASSERT_GT(fixture_records().size(), 100u);
  TempStorePath path;
  SqliteStore disk(path.str());
  MemoryStore memory;
  disk.commit(fixture_records(), R"({"v":1})");
  memory.commit(fixture_records(), R"({"v":1})");
  EXPECT_EQ(disk.canonical_view(), memory.canonical_view());
  expect_same_counts(disk.counts(), memory.counts());
  EXPECT_GT(disk.counts().orders, 0u);
  EXPECT_GT(disk.counts().payment_adjustments, disk.counts().payments) << "the fixtures move some payments' status";
}

RC_GTEST_PROP(SqliteStoreProperty, AnySplitIntoCommitsGivesTheMemoryStoresBooks, ()) {
  const std::vector<connector::Record>& records = fixture_records();
  // Up to ~20 commits a case: each is an fsync'd transaction, and more cuts find nothing new.
  constexpr int cuts_max = 20;
  const auto cuts = *rc::gen::resize(
      cuts_max, rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, records.size())));
  std::vector<std::size_t> bounds = cuts;
  bounds.push_back(0);
  bounds.push_back(records.size());
  std::sort(bounds.begin(), bounds.end());
  TempStorePath path;
  SqliteStore disk(path.str());
  MemoryStore memory;
  for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
    const std::vector<connector::Record> chunk(records.begin() + static_cast<std::ptrdiff_t>(bounds[i]),
                                          records.begin() + static_cast<std::ptrdiff_t>(bounds[i + 1]));
    const std::string document = R"({"commit":)" + std::to_string(i) + "}";
    disk.commit(chunk, document);
    memory.commit(chunk, document);
  }
  RC_ASSERT(disk.canonical_view() == memory.canonical_view());
  RC_ASSERT(disk.load_state_document() == memory.load_state_document());
  const StoreCounts a = disk.counts();
  const StoreCounts b = memory.counts();
  RC_ASSERT(a.balance_rows == b.balance_rows);
  RC_ASSERT(a.payment_adjustments == b.payment_adjustments);
  RC_ASSERT(a.order_adjustments == b.order_adjustments);
  RC_ASSERT(a.repeated_records == b.repeated_records);
}

TEST(SqliteStore, AStatusChangeIsAnAdjustmentABalanceRowOnlyOnChangeAndARepeatIsCounted) {
  TempStorePath path;
  SqliteStore store(path.str());
  store.commit({payment("wr:1", connector::PaymentStatus::pending), connector::PspBalance{"USD", 1, {5}, "USD/2"}}, "{}");
  store.commit({payment("wr:1", connector::PaymentStatus::pending), connector::PspBalance{"USD", 2, {5}, "USD/2"}}, "{}");
  store.commit({payment("wr:1", connector::PaymentStatus::succeeded), connector::PspBalance{"USD", 3, {0}, "USD/2"}}, "{}");
  const StoreCounts counts = store.counts();
  EXPECT_EQ(counts.commits, 3u);
  EXPECT_EQ(counts.payments, 1u);
  EXPECT_EQ(counts.payment_adjustments, 2u);
  EXPECT_EQ(counts.balance_rows, 2u);
  EXPECT_EQ(counts.repeated_records, 1u);
}

// One emission of historical order 9: the sell fills with ids in [first, last], as a cycle
// that read just those emits it.
connector::PspOrder historical_emission(std::int64_t first, std::int64_t last) {
  std::vector<connector::Diagnostic> diagnostics;
  const bitstamp::core::AssetTable assets = bitstamp::core::make_asset_table({{"USD", 2, "fiat"}, {"BTC", 8, "crypto"}}, 0, diagnostics);
  bitstamp::core::FillAggregate aggregate;
  for (std::int64_t id = first; id <= last; ++id) {
    bitstamp::core::UserTransaction row;
    row.id = id;
    row.datetime_us = 1'600'000'000'000'000 + id;
    row.type = bitstamp::core::tx_type_trade;
    row.amounts = {{"BTC", "-0.0" + std::to_string(id)}, {"USD", std::to_string(id) + "00.00"}};
    row.fee = "0.5";
    row.order_id = 9;
    row.rates = {{"btc_usd", "30000.00"}};
    row.raw = R"({"id":)" + std::to_string(id) + "}";
    bitstamp::core::add_fill(aggregate, row, assets, diagnostics);
  }
  return *bitstamp::core::map_historical_order(9, aggregate, assets, {}, diagnostics);
}

TEST(SqliteStore, FoldsAHistoricalOrdersEmissionsAsTheMemoryStoreDoes) {
  TempStorePath path;
  SqliteStore disk(path.str());
  MemoryStore memory;
  for (Store* store : {static_cast<Store*>(&disk), static_cast<Store*>(&memory)}) {
    store->commit({historical_emission(1, 2)}, "{}");
    store->commit({historical_emission(3, 3)}, "{}");
    store->commit({historical_emission(4, 6)}, "{}");
    store->commit({historical_emission(3, 3)}, "{}");  // held already: a repeat
    store->commit({historical_emission(6, 7)}, "{}");  // overlaps part-way: refused, counted
  }
  ASSERT_EQ(memory.orders().size(), 1u);
  EXPECT_EQ(memory.orders().at("9").latest, historical_emission(1, 6));
  EXPECT_EQ(disk.canonical_view(), memory.canonical_view());
  expect_same_counts(disk.counts(), memory.counts());
  EXPECT_EQ(disk.counts().repeated_records, 1u);
  EXPECT_EQ(disk.counts().order_fold_conflicts, 1u);
  EXPECT_EQ(memory.counts().order_fold_conflicts, 1u);
  EXPECT_EQ(disk.counts().order_adjustments, 3u) << "each fold moved the filled quantity";
}

TEST(SqliteStore, KeepsItsBooksAndStateAcrossReopening) {
  TempStorePath path;
  std::string view;
  {
    SqliteStore store(path.str());
    EXPECT_EQ(store.load_state_document(), std::nullopt) << "a fresh install";
    store.commit({payment("7", connector::PaymentStatus::succeeded)}, R"({"cursor":7})");
    view = store.canonical_view();
  }
  SqliteStore reopened(path.str());
  EXPECT_EQ(reopened.load_state_document(), std::optional<std::string>(R"({"cursor":7})"));
  EXPECT_EQ(reopened.canonical_view(), view);
  EXPECT_EQ(reopened.schema_version(), store_schema_version);
}

TEST(SqliteStore, RefusesAFileThatIsNotAStoreNamingIt) {
  TempStorePath path;
  std::ofstream(path.str()) << "these are not the books you are looking for, padded to a page............";
  try {
    SqliteStore store(path.str());
    FAIL() << "opened a text file as a store";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find(path.str()), std::string::npos) << error.what();
  }
}

TEST(SqliteStore, RefusesASchemaNewerThanItKnows) {
  TempStorePath path;
  { SqliteStore store(path.str()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(store_schema_version + 1)).c_str(), nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_THROW(SqliteStore store(path.str()), StoreError);
}

TEST(SqliteStore, AFailedCommitKeepsNothingAndTheNextOneWorks) {
  TempStorePath path;
  SqliteStore store(path.str(), StoreAccess::read_write, /*busy_timeout_ms=*/50);
  store.commit({payment("1", connector::PaymentStatus::pending)}, R"({"v":1})");
  const std::string before = store.canonical_view();

  // Another writer holds the lock: the commit cannot start, or is rolled back.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_THROW(store.commit({payment("1", connector::PaymentStatus::succeeded), payment("2", connector::PaymentStatus::pending)},
                            R"({"v":2})"),
               StoreError);
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);

  EXPECT_EQ(store.canonical_view(), before);
  EXPECT_EQ(store.load_state_document(), std::optional<std::string>(R"({"v":1})"));
  store.commit({payment("2", connector::PaymentStatus::pending)}, R"({"v":3})");
  EXPECT_EQ(store.counts().payments, 2u);
}

}  // namespace
}  // namespace harness
