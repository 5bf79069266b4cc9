// Proves the store refuses what is not its own before writing a byte: a schema version outside
// 0..current (a negative one once indexed the migration list with -1), an empty or truncated
// file, somebody else's SQLite database; that `report` opens read-only and leaves every byte as
// it was; that `sync` refuses a foreign database rather than adding its tables to it; and that a
// store in a read-only place can be reported but not synced into, said at once.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli.hpp"
#include "harness/sqlite_store.hpp"
#include "bitstamp/core/state.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("bitstamp-open-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(path_);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// A store with one commit, checkpointed into the main file and closed.
void make_store(const std::string& path) {
  SqliteStore store(path);
  store.commit({connector::PspBalance{"USD", 0, connector::Amount{5}, "USD/2"}}, bitstamp::core::encode_state(bitstamp::core::SyncState{}));
}

std::string error_opening(const std::string& path, StoreAccess access) {
  try {
    SqliteStore store(path, access);
  } catch (const StoreError& error) {
    return error.what();
  }
  return "";
}

int report(const std::string& path, std::string& err) {
  std::ostringstream out;
  std::ostringstream errors;
  const int status = run_cli({"report", "--store", path}, CliEnvironment{}, out, errors);
  err = errors.str();
  return status;
}

TEST(SqliteStoreOpen, AVersionOutsideTheKnownRangeIsRefusedBeforeAnythingIsWritten) {
  for (const int version : {-1, -2147483647, store_schema_version + 1}) {
    SCOPED_TRACE(version);
    TempDir dir;
    const std::string path = dir.file("books.sqlite");
    make_store(path);
    sql(path, "PRAGMA user_version = " + std::to_string(version));
    const std::string before = bytes_of(path);
    for (const StoreAccess access : {StoreAccess::read_write, StoreAccess::read_only, StoreAccess::read_write}) {
      const std::string error = error_opening(path, access);
      EXPECT_NE(error.find(path), std::string::npos) << error;
      EXPECT_NE(error.find("schema version " + std::to_string(version)), std::string::npos) << error;
      EXPECT_EQ(bytes_of(path), before) << "the file changed";
    }
  }
}

TEST(SqliteStoreOpen, ReportRefusesWhatIsNotAStoreWithExit2AndChangesNoByte) {
  TempDir dir;
  std::ofstream(dir.file("empty.sqlite"));  // 0 bytes
  make_store(dir.file("whole.sqlite"));
  const std::string whole = bytes_of(dir.file("whole.sqlite"));
  std::ofstream(dir.file("truncated.sqlite"), std::ios::binary) << whole.substr(0, whole.size() / 2);
  sql(dir.file("theirs.sqlite"), "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)");
  sql(dir.file("app.sqlite"), "PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE commits (id INTEGER)");
  std::ofstream(dir.file("text.sqlite")) << "not a database at all, but long enough to look like a page header.....";
  const std::pair<const char*, const char*> cases[] = {
      {"empty.sqlite", "the database is empty"}, {"truncated.sqlite", "truncated"},
      {"theirs.sqlite", "another database"},     {"app.sqlite", "another application"},
      {"text.sqlite", "not an SQLite database"}};
  for (const auto& [name, reason] : cases) {
    SCOPED_TRACE(name);
    const std::string path = dir.file(name);
    const std::string before = bytes_of(path);
    std::string err;
    EXPECT_EQ(report(path, err), exit_usage);
    EXPECT_NE(err.find(path), std::string::npos) << err;
    EXPECT_NE(err.find(reason), std::string::npos) << err;
    EXPECT_EQ(bytes_of(path), before) << "report changed the file";
    EXPECT_FALSE(fs::exists(path + "-wal")) << "report switched the journal mode";
  }
}

TEST(SqliteStoreOpen, ReportReadsAStoreWithoutChangingAByte) {
  TempDir dir;
  const std::string path = dir.file("books.sqlite");
  make_store(path);
  const std::string before = bytes_of(path);
  std::string err;
  EXPECT_EQ(report(path, err), exit_ok) << err;
  EXPECT_EQ(bytes_of(path), before);
  EXPECT_THROW(SqliteStore(path, StoreAccess::read_only).commit({}, "{}"), StoreError);
  EXPECT_EQ(bytes_of(path), before);
}

// A store made before the application id existed (schema v1, id 0) is still this connector's.
TEST(SqliteStoreOpen, AStoreWithoutTheApplicationIdIsRecognisedByItsTables) {
  TempDir dir;
  const std::string path = dir.file("books.sqlite");
  make_store(path);
  sql(path, "PRAGMA application_id = 0");
  EXPECT_EQ(error_opening(path, StoreAccess::read_only), "");
  EXPECT_EQ(error_opening(path, StoreAccess::read_write), "");
}

TEST(SqliteStoreOpen, SyncRefusesAForeignDatabaseRatherThanAddingTablesToIt) {
  TempDir dir;
  const std::string path = dir.file("theirs.sqlite");
  sql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)");
  const std::string before = bytes_of(path);
  std::ofstream(dir.file("config.json"))
      << R"({"apiKey":"k","apiSecret":"s","endpoint":"http://127.0.0.1:9","name":"n","pollingPeriod":"20m"})";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_cli({"sync", "--config", dir.file("config.json"), "--store", path, "--once"}, CliEnvironment{}, out, err),
            exit_usage);
  EXPECT_NE(err.str().find("refusing to add tables"), std::string::npos) << err.str();
  EXPECT_EQ(bytes_of(path), before);
}

// In a read-only place report works and sync fails at once. Root writes through permissions,
// so the checks run in a child that gives root up (as nobody) when the test runs as root.
TEST(SqliteStoreOpen, AStoreInAReadOnlyPlaceCanBeReportedButNotSyncedInto) {
  TempDir dir;
  const std::string path = dir.file("books.sqlite");
  make_store(path);
  const std::string before = bytes_of(path);
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const passwd* nobody = ::getuid() == 0 ? ::getpwnam("nobody") : nullptr;
  if (::getuid() == 0 && nobody == nullptr) GTEST_SKIP() << "running as root without a 'nobody' user";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (nobody != nullptr && (::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0)) ::_exit(10);
    std::string err;
    const bool reported = report(path, err) == exit_ok;
    const std::string refusal = error_opening(path, StoreAccess::read_write);
    const bool refused = refusal.find("read-only") != std::string::npos;
    ::_exit((reported ? 0 : 1) | (refused ? 0 : 2));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status) & 1, 0) << "report failed in a read-only place";
  EXPECT_EQ(WEXITSTATUS(status) & 2, 0) << "sync did not say the store is read-only";
  EXPECT_NE(WEXITSTATUS(status), 10) << "could not give up root";
  EXPECT_EQ(bytes_of(path), before);
}

}  // namespace
}  // namespace harness
