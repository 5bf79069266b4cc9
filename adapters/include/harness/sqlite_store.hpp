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

#include "harness/memory_store.hpp"
#include "harness/store.hpp"

struct sqlite3;

namespace harness {

// Opening, migrating or writing failed; the message names the file and SQLite's words.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int store_schema_version = 1;
// PRAGMA application_id of a store ("BSTP"): SQLite's header field for telling one program's
// files from another's. Stores made before it was set (schema v1) are told by their tables.
inline constexpr std::int32_t store_application_id = 0x42535450;
// How long a commit waits for another process's write lock before it fails (and rolls back).
inline constexpr int store_busy_timeout_ms_default = 5000;

// read_write: sync, demo (creates a new store, migrates an older one). read_only: report and
// anything else that only reads: no journal-mode switch, no migration, no write of any kind;
// every byte of the file stays as it was.
enum class StoreAccess { read_write, read_only };

class SqliteStore final : public Store {
 public:
  // read_write creates the file when absent. Throws StoreError, before anything is written,
  // when the file is not this connector's store: not SQLite, somebody else's database (tables of
  // its own, another application id), a schema version outside 0..store_schema_version. A
  // read_only store must exist and be a store (not empty); commit() on it throws.
  explicit SqliteStore(const std::string& path, StoreAccess access = StoreAccess::read_write,
                       int busy_timeout_ms = store_busy_timeout_ms_default);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Throws StoreError; nothing of the commit is kept then.
  void commit(const std::vector<connector::Record>& records, std::string state_document) override;
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
  // Throws StoreError unless the open file is this connector's store, or (read_write) an empty
  // database the store may be created in. Reads only.
  void check_is_store(StoreAccess access) const;
  void migrate();
  void apply(const connector::Record& record, std::int64_t commit_id);

  std::string path_;
  sqlite3* db_ = nullptr;
  bool read_only_ = false;
};

}  // namespace harness
