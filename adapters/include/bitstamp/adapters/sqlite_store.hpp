#pragma once
// The embedded default store: one SQLite file in WAL mode, the same semantics as MemoryStore
// (memory_store.hpp), each commit one IMMEDIATE transaction holding every record and the state
// document, so a kill -9 at any instant leaves either the whole commit or none of it.
// The schema is versioned (PRAGMA user_version) and migrated forward on open.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bitstamp/adapters/memory_store.hpp"
#include "bitstamp/adapters/store.hpp"

struct sqlite3;

namespace bitstamp::adapters {

// Opening, migrating or writing failed; the message names the file and SQLite's words.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int store_schema_version = 1;
// How long a commit waits for another process's write lock before it fails (and rolls back).
inline constexpr int store_busy_timeout_ms_default = 5000;

class SqliteStore final : public Store {
 public:
  // Creates the file when absent. Throws StoreError when the file is not a store this
  // program can read (not SQLite, or a schema newer than store_schema_version).
  explicit SqliteStore(const std::string& path, int busy_timeout_ms = store_busy_timeout_ms_default);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Throws StoreError; nothing of the commit is kept then.
  void commit(const std::vector<core::Record>& records, std::string state_document) override;
  [[nodiscard]] std::optional<std::string> load_state_document() const override;

  [[nodiscard]] StoreCounts counts() const;
  // Byte-identical to MemoryStore::canonical_view() for the same commits.
  [[nodiscard]] std::string canonical_view() const;
  [[nodiscard]] int schema_version() const;
  [[nodiscard]] const std::string& path() const { return path_; }

  // Rows of one table as canonical JSON lines, for reports and tests ("payments", ...).
  struct Row {
    std::string reference;
    std::string record;  // canonical JSON of the latest version
  };
  [[nodiscard]] std::vector<Row> latest(const std::string& table) const;

 private:
  void exec(const char* sql) const;
  void migrate();
  void apply(const core::Record& record, std::int64_t commit_id);

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace bitstamp::adapters
