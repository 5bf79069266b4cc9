#include "harness/sqlite_store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <set>
#include <string_view>
#include <variant>

#include "bitstamp/core/order_fold.hpp"
#include "connector/record_json.hpp"

namespace harness {
namespace {

// Schema migrations, in order; migration i takes user_version i to i + 1. Never edit a
// released one: add the next.
constexpr const char* migrations[] = {
    R"sql(
CREATE TABLE commits (id INTEGER PRIMARY KEY, records INTEGER NOT NULL);
CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE accounts (reference TEXT PRIMARY KEY, record TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE TABLE balances (id INTEGER PRIMARY KEY, account_reference TEXT NOT NULL, asset TEXT NOT NULL,
                       amount TEXT NOT NULL, created_at_us INTEGER NOT NULL, view TEXT NOT NULL,
                       commit_id INTEGER NOT NULL);
CREATE INDEX balances_by_account ON balances (account_reference, id);
CREATE TABLE payments (reference TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL,
                       commit_id INTEGER NOT NULL);
CREATE TABLE payment_adjustments (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, status TEXT NOT NULL,
                                  record TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE INDEX payment_adjustments_by_reference ON payment_adjustments (reference, id);
CREATE TABLE conversions (reference TEXT PRIMARY KEY, record TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE TABLE orders (reference TEXT PRIMARY KEY, status TEXT NOT NULL, base_quantity_filled TEXT NOT NULL,
                     historical INTEGER NOT NULL, historical_and_live INTEGER NOT NULL,
                     emissions INTEGER NOT NULL, record TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE TABLE order_adjustments (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, status TEXT NOT NULL,
                                base_quantity_filled TEXT NOT NULL, commit_id INTEGER NOT NULL);
CREATE INDEX order_adjustments_by_reference ON order_adjustments (reference, id);
)sql",
};
static_assert(std::size(migrations) == store_schema_version);

constexpr const char* view_tables[] = {"accounts", "payments", "conversions", "orders"};

// One prepared statement, finalized on scope exit; binds by position from 1.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("SQLite: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text) {
    check(sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(statement_, index, value));
    return *this;
  }
  // True while a row is available.
  bool row() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  void run() {
    while (row()) {
    }
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
  [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw StoreError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

namespace {

// What the first 100 bytes of an SQLite file promise, checked before SQLite opens it: an
// empty file, another kind of file or a truncated database is refused without SQLite touching
// it (opening a WAL-mode file makes -wal and -shm files beside it, even to read).
std::string header_problem(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return "cannot read the file: " + error.message();
  if (size == 0) return "not a bitstamp-connector store: the database is empty (a 0-byte file)";
  constexpr std::size_t header_bytes = 100;
  std::string header(header_bytes, '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (in.gcount() < static_cast<std::streamsize>(header_bytes) || header.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0) {
    return "not a bitstamp-connector store: not an SQLite database";
  }
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])); };
  const auto big_endian = [&](std::size_t at) { return byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3); };
  const std::uint32_t page_size = byte(16) << 8 | byte(17);
  const std::uintmax_t page_bytes = page_size == 1 ? 65536 : page_size;
  const std::uint32_t pages = big_endian(28);
  // The in-header size counts only when the change counter and "version valid for" agree.
  if (big_endian(24) == big_endian(92) && pages > 0 && size < page_bytes * pages) {
    return "the database is truncated (" + std::to_string(size) + " bytes; its header says " +
           std::to_string(page_bytes * pages) + ")";
  }
  return "";
}

// Why this process cannot write the store at `path` (the file, or the directory that holds it
// and its -wal and -shm files, is read-only to it), or "" when it can.
std::string unwritable_place(const std::string& path) {
  const std::filesystem::path file(path);
  const std::filesystem::path directory = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (std::filesystem::exists(file) && ::access(path.c_str(), W_OK) != 0) return "the file is read-only here";
  if (::access(directory.c_str(), W_OK) != 0) return "its directory is read-only here";
  return "";
}

// Opens read-only. A store in WAL mode needs its -shm file; in a place this process may not
// write, SQLite cannot make one, so the file is opened immutable instead (no locks: nobody can
// be writing there either).
sqlite3* open_read_only(const std::string& path, std::string& reason) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK) {
    return db;
  }
  reason = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  sqlite3_close(db);
  db = nullptr;
  std::string uri = "file:";
  for (const char c : path) {  // percent-encode what a URI gives meaning to
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char hex[] = "0123456789ABCDEF";
      uri += '%';
      uri += hex[static_cast<unsigned char>(c) >> 4];
      uri += hex[static_cast<unsigned char>(c) & 0xf];
    } else {
      uri += c;
    }
  }
  uri += "?immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK) return db;
  sqlite3_close(db);
  return nullptr;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, StoreAccess access, int busy_timeout_ms) : path_(path) {
  std::string reason;
  if (access == StoreAccess::read_only) {
    if (!std::filesystem::is_regular_file(path)) throw StoreError("store " + path + ": no such file");
    if (const std::string problem = header_problem(path); !problem.empty()) throw StoreError("store " + path + ": " + problem);
    db_ = open_read_only(path, reason);
    if (db_ == nullptr) throw StoreError("cannot open store " + path + " to read: " + reason);
  } else if (const std::string place = unwritable_place(path); !place.empty()) {
    throw StoreError("store " + path + ": " + place + "; sync needs to write its store");
  } else if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open store " + path + ": " + reason);
  }
  try {
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    check_is_store(access);
    if (access == StoreAccess::read_write) {
      // SQLite opens a write-protected file read-only without a word; say so now, not at the
      // first commit, an hour into a backfill.
      if (sqlite3_db_readonly(db_, "main") == 1) throw StoreError("the file is read-only here; sync needs to write it");
      try {
        exec("PRAGMA journal_mode = WAL");
        // FULL: a commit the program reported is on disk even if the machine loses power next.
        exec("PRAGMA synchronous = FULL");
        exec("PRAGMA foreign_keys = ON");
        migrate();
      } catch (const StoreError& error) {
        const int code = sqlite3_errcode(db_);
        if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_IOERR) {
          throw StoreError(std::string("cannot write the store here (is the file or its directory read-only?): ") +
                           error.what());
        }
        throw;
      }
    }
  } catch (const StoreError& error) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("store " + path + ": " + error.what());
  }
  read_only_ = access == StoreAccess::read_only;
}

void SqliteStore::check_is_store(StoreAccess access) const {
  const auto pragma_integer = [&](const char* sql) {
    Statement statement(db_, sql);
    return statement.row() ? statement.integer(0) : 0;
  };
  const std::int64_t version = pragma_integer("PRAGMA user_version");
  const std::int64_t application = pragma_integer("PRAGMA application_id");
  Statement tables(db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
  std::set<std::string> names;
  while (tables.row()) names.insert(tables.text(0));
  if (version > store_schema_version) {
    throw StoreError("schema version " + std::to_string(version) + " was written by a newer program (this one reads up to " +
                     std::to_string(store_schema_version) + ")");
  }
  if (version < 0) {
    throw StoreError("schema version " + std::to_string(version) +
                     " is not one any version of this program writes; refusing to touch the file");
  }
  if (application != 0 && application != store_application_id) {
    throw StoreError("not a bitstamp-connector store: it belongs to another application (application_id " +
                     std::to_string(application) + ")");
  }
  if (version == 0) {
    if (!names.empty()) {
      throw StoreError("not a bitstamp-connector store: it is another database (" + std::to_string(names.size()) +
                       " tables of its own); refusing to add tables to it");
    }
    if (access == StoreAccess::read_only) throw StoreError("not a bitstamp-connector store: the database is empty");
    return;  // an empty database: the store is created in it
  }
  if (application == 0 && !(names.contains("commits") && names.contains("state"))) {
    throw StoreError("not a bitstamp-connector store: schema version " + std::to_string(version) +
                     " but not the store's tables");
  }
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

void SqliteStore::exec(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw StoreError("SQLite: " + reason);
  }
}

int SqliteStore::schema_version() const {
  Statement version(db_, "PRAGMA user_version");
  return version.row() ? static_cast<int>(version.integer(0)) : 0;
}

void SqliteStore::migrate() {
  // One migration per transaction, the version read inside it: two processes opening a new
  // file at once apply each migration once.
  while (true) {
    exec("BEGIN IMMEDIATE");
    try {
      const int found = schema_version();
      if (found < 0 || found > store_schema_version) {  // another process changed it since check_is_store
        throw StoreError("schema version " + std::to_string(found) + " is outside 0.." +
                         std::to_string(store_schema_version));
      }
      if (found == store_schema_version) {
        exec("COMMIT");
        return;
      }
      if (found == 0) exec(("PRAGMA application_id = " + std::to_string(store_application_id)).c_str());
      exec(migrations[found]);
      exec(("PRAGMA user_version = " + std::to_string(found + 1)).c_str());
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

void SqliteStore::commit(const std::vector<connector::Record>& records, std::string state_document) {
  if (read_only_) throw StoreError("store " + path_ + ": opened to read only; nothing committed");
  try {
    exec("BEGIN IMMEDIATE");
  } catch (const StoreError& error) {
    throw StoreError("store " + path_ + ": commit not started: " + error.what());
  }
  try {
    Statement add_commit(db_, "INSERT INTO commits (records) VALUES (?)");
    add_commit.bind(1, static_cast<std::int64_t>(records.size())).run();
    const std::int64_t commit_id = sqlite3_last_insert_rowid(db_);
    for (const connector::Record& record : records) apply(record, commit_id);
    Statement save_state(db_,
                         "INSERT INTO state (id, document, commit_id) VALUES (1, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET document = excluded.document, commit_id = excluded.commit_id");
    save_state.bind(1, state_document).bind(2, commit_id).run();
    exec("COMMIT");
  } catch (const StoreError& error) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw StoreError("store " + path_ + ": commit rolled back: " + error.what());
  }
}

void SqliteStore::apply(const connector::Record& record, std::int64_t commit_id) {
  const auto count = [&](std::string_view counter) {
    Statement(db_, "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1")
        .bind(1, counter)
        .run();
  };
  const auto count_repeat = [&] { count("repeated_records"); };
  if (const auto* account = std::get_if<connector::PspAccount>(&record)) {
    Statement(db_, "INSERT INTO accounts (reference, record, commit_id) VALUES (?, ?, ?) "
                   "ON CONFLICT (reference) DO UPDATE SET record = excluded.record, commit_id = excluded.commit_id")
        .bind(1, account->reference)
        .bind(2, connector::to_json(*account))
        .bind(3, commit_id)
        .run();
  } else if (const auto* balance = std::get_if<connector::PspBalance>(&record)) {
    const std::string amount = connector::to_string(balance->amount);
    // One series per (account, asset): a Fireblocks vault holds many assets, a Bitstamp account one.
    Statement last(db_, "SELECT amount FROM balances WHERE account_reference = ? AND asset = ? ORDER BY id DESC LIMIT 1");
    last.bind(1, balance->account_reference);
    last.bind(2, balance->asset);
    if (last.row() && last.text(0) == amount) return;
    Statement(db_, "INSERT INTO balances (account_reference, asset, amount, created_at_us, view, commit_id) "
                   "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, balance->account_reference)
        .bind(2, balance->asset)
        .bind(3, amount)
        .bind(4, balance->created_at_us)
        .bind(5, balance_view_line(*balance))
        .bind(6, commit_id)
        .run();
  } else if (const auto* payment = std::get_if<connector::PspPayment>(&record)) {
    const std::string json = connector::to_json(*payment);
    const std::string_view status = connector::to_string(payment->status);
    Statement stored(db_, "SELECT status, record FROM payments WHERE reference = ?");
    stored.bind(1, payment->reference);
    const bool found = stored.row();
    if (found && stored.text(1) == json) return count_repeat();
    if (!found || stored.text(0) != status) {
      Statement(db_, "INSERT INTO payment_adjustments (reference, status, record, commit_id) VALUES (?, ?, ?, ?)")
          .bind(1, payment->reference)
          .bind(2, status)
          .bind(3, json)
          .bind(4, commit_id)
          .run();
    }
    Statement(db_, "INSERT INTO payments (reference, status, record, commit_id) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (reference) DO UPDATE SET status = excluded.status, record = excluded.record, "
                   "commit_id = excluded.commit_id")
        .bind(1, payment->reference)
        .bind(2, status)
        .bind(3, json)
        .bind(4, commit_id)
        .run();
  } else if (const auto* conversion = std::get_if<connector::PspConversion>(&record)) {
    const std::string json = connector::to_json(*conversion);
    Statement stored(db_, "SELECT record FROM conversions WHERE reference = ?");
    stored.bind(1, conversion->reference);
    if (stored.row() && stored.text(0) == json) count_repeat();
    Statement(db_, "INSERT INTO conversions (reference, record, commit_id) VALUES (?, ?, ?) "
                   "ON CONFLICT (reference) DO UPDATE SET record = excluded.record, commit_id = excluded.commit_id")
        .bind(1, conversion->reference)
        .bind(2, json)
        .bind(3, commit_id)
        .run();
  } else if (const auto* incoming = std::get_if<connector::PspOrder>(&record)) {
    Statement stored(db_, "SELECT record, historical FROM orders WHERE reference = ?");
    stored.bind(1, incoming->reference);
    const bool found = stored.row();
    const std::string stored_json = found ? stored.text(0) : std::string();
    const bitstamp::core::OrderFold fold =
        bitstamp::core::fold_order(found ? bitstamp::core::historical_fills_from_json(stored_json) : std::nullopt, *incoming);
    if (fold.outcome == bitstamp::core::FoldOutcome::already_held || fold.outcome == bitstamp::core::FoldOutcome::conflict) {
      Statement(db_, "UPDATE orders SET emissions = emissions + 1 WHERE reference = ?").bind(1, incoming->reference).run();
      return fold.outcome == bitstamp::core::FoldOutcome::conflict ? count("order_fold_conflicts") : count_repeat();
    }
    const connector::PspOrder* order = &fold.order;
    const std::string json = connector::to_json(*order);
    const std::string_view status = connector::to_string(order->status);
    const std::string filled = connector::to_string(order->base_quantity_filled);
    const std::int64_t historical = connector::is_historical(*order) ? 1 : 0;
    const std::int64_t mixed = found && stored.integer(1) != historical ? 1 : 0;
    const bool repeated = found && stored_json == json;
    Statement(db_, "INSERT INTO orders (reference, status, base_quantity_filled, historical, historical_and_live, "
                   "emissions, record, commit_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
                   "ON CONFLICT (reference) DO UPDATE SET status = excluded.status, "
                   "base_quantity_filled = excluded.base_quantity_filled, historical = excluded.historical, "
                   "historical_and_live = MAX(historical_and_live, excluded.historical_and_live), "
                   "emissions = emissions + 1, record = excluded.record, commit_id = excluded.commit_id")
        .bind(1, order->reference)
        .bind(2, status)
        .bind(3, filled)
        .bind(4, historical)
        .bind(5, mixed)
        .bind(6, json)
        .bind(7, commit_id)
        .run();
    if (repeated) return count_repeat();
    Statement last(db_, "SELECT status, base_quantity_filled FROM order_adjustments WHERE reference = ? "
                        "ORDER BY id DESC LIMIT 1");
    last.bind(1, order->reference);
    if (last.row() && last.text(0) == status && last.text(1) == filled) return;
    Statement(db_, "INSERT INTO order_adjustments (reference, status, base_quantity_filled, commit_id) "
                   "VALUES (?, ?, ?, ?)")
        .bind(1, order->reference)
        .bind(2, status)
        .bind(3, filled)
        .bind(4, commit_id)
        .run();
  }
}

std::optional<std::string> SqliteStore::load_state_document() const {
  Statement state(db_, "SELECT document FROM state WHERE id = 1");
  if (!state.row()) return std::nullopt;
  return state.text(0);
}

StoreCounts SqliteStore::counts() const {
  const auto count = [&](const char* sql) {
    Statement statement(db_, sql);
    return statement.row() ? static_cast<std::size_t>(statement.integer(0)) : std::size_t{0};
  };
  StoreCounts counts;
  counts.commits = count("SELECT COUNT(*) FROM commits");
  counts.accounts = count("SELECT COUNT(*) FROM accounts");
  counts.balance_rows = count("SELECT COUNT(*) FROM balances");
  counts.payments = count("SELECT COUNT(*) FROM payments");
  counts.payment_adjustments = count("SELECT COUNT(*) FROM payment_adjustments");
  counts.conversions = count("SELECT COUNT(*) FROM conversions");
  counts.orders = count("SELECT COUNT(*) FROM orders");
  counts.order_adjustments = count("SELECT COUNT(*) FROM order_adjustments");
  counts.repeated_records = count("SELECT COALESCE(SUM(value), 0) FROM counters WHERE name = 'repeated_records'");
  counts.order_fold_conflicts =
      count("SELECT COALESCE(SUM(value), 0) FROM counters WHERE name = 'order_fold_conflicts'");
  return counts;
}

std::vector<SqliteStore::Row> SqliteStore::latest(const std::string& table) const {
  bool known = false;
  for (const char* name : view_tables) known = known || table == name;
  if (!known) throw StoreError("no table " + table + " in the store's view");
  Statement rows(db_, "SELECT reference, record FROM " + table + " ORDER BY reference");
  std::vector<Row> result;
  while (rows.row()) result.push_back({rows.text(0), rows.text(1)});
  return result;
}

std::string SqliteStore::canonical_view() const {
  std::string view;
  for (const Row& row : latest("accounts")) view += row.record + "\n";
  Statement balances(db_,
                     "SELECT view FROM balances WHERE id IN (SELECT MAX(id) FROM balances GROUP BY account_reference, asset) "
                     "ORDER BY account_reference, asset");
  while (balances.row()) view += balances.text(0) + "\n";
  for (const char* table : {"payments", "conversions", "orders"}) {
    for (const Row& row : latest(table)) view += row.record + "\n";
  }
  return view;
}

}  // namespace harness
