// The SQLite layer under the store: connection set-up, cached statements, binding, transactions.
#include "db.h"

#include <limits>
#include <new>
#include <string>
#include <utility>

namespace vouchd::store::detail {
namespace {

StoreError::Code code_for(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreError::Code::Busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreError::Code::Corrupt;
    case SQLITE_CONSTRAINT:
      return StoreError::Code::Conflict;
    case SQLITE_CANTOPEN:
      return StoreError::Code::NotFound;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return StoreError::Code::Invalid;
    default:
      return StoreError::Code::Io;
  }
}

int to_int_size(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    fail(StoreError::Code::Invalid, "value too large to store");
  }
  return static_cast<int>(n);
}

}  // namespace

void fail(StoreError::Code code, std::string message) {
  throw Failure{StoreError{code, std::move(message)}};
}

void fail_sqlite(sqlite3* db, int rc, std::string_view what) {
  if ((rc & 0xff) == SQLITE_NOMEM) throw std::bad_alloc{};
  std::string message{what};
  if (!message.empty()) message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Failure{StoreError{code_for(rc), std::move(message)}, rc};
}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::check_bind(int rc) {
  if (rc != SQLITE_OK) fail_sqlite(db_.raw(), rc, "bind");
}

Query& Query::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Query& Query::bind(int index, std::string_view text) {
  // A null pointer would bind SQL NULL, not the empty string.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(sqlite3_bind_text(stmt_, index, data, to_int_size(text.size()), SQLITE_STATIC));
  return *this;
}

Query& Query::bind(int index, std::span<const std::uint8_t> blob) {
  if (blob.empty()) {
    check_bind(sqlite3_bind_zeroblob(stmt_, index, 0));  // empty, not NULL
  } else {
    check_bind(
        sqlite3_bind_blob(stmt_, index, blob.data(), to_int_size(blob.size()), SQLITE_STATIC));
  }
  return *this;
}

Query& Query::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Query& Query::bind(int index, std::optional<std::int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

Query& Query::bind(int index, std::optional<double> value) {
  if (!value) return bind_null(index);
  check_bind(sqlite3_bind_double(stmt_, index, *value));
  return *this;
}

bool Query::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail_sqlite(db_.raw(), rc, {});
}

void Query::run() {
  while (step()) {
  }
  sqlite3_reset(stmt_);
}

std::int64_t Query::int64(int column) const noexcept {
  return sqlite3_column_int64(stmt_, column);
}

std::uint32_t Query::u32(int column) const {
  const std::int64_t v = int64(column);
  if (v < 0 || v > std::numeric_limits<std::uint32_t>::max()) {
    fail(StoreError::Code::Corrupt, "stored value out of 32-bit range");
  }
  return static_cast<std::uint32_t>(v);
}

std::string_view Query::text(int column) const noexcept {
  const unsigned char* p = sqlite3_column_text(stmt_, column);  // before _bytes: SQLite's rule
  const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), n};
}

std::span<const std::uint8_t> Query::blob(int column) const noexcept {
  const void* p = sqlite3_column_blob(stmt_, column);
  const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  if (p == nullptr) return {};
  return {static_cast<const std::uint8_t*>(p), n};
}

bool Query::is_null(int column) const noexcept {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Query::optional_int64(int column) const noexcept {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

double Query::real(int column) const noexcept {
  return sqlite3_column_double(stmt_, column);
}

Db Db::connect(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle handle{raw};  // owns the handle even when the open failed
  if (rc != SQLITE_OK) fail_sqlite(nullptr, rc, "open " + path);
  Db db{std::move(handle)};
  sqlite3_busy_timeout(db.raw(), 5000);
  sqlite3_db_config(db.raw(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.raw(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  // A database that is not SQLite fails here, at the first read of the header.
  db.exec("PRAGMA journal_mode = WAL", "enable WAL");
  // In WAL mode FULL syncs the log at every commit: an acknowledged write survives a crash.
  db.exec("PRAGMA synchronous = FULL", "set synchronous");
  db.exec(sql::kForeignKeysOn, "enable foreign keys");
  // Statement journals (a multi-row INSERT inside a larger transaction keeps one, to undo just
  // that statement) in memory: on disk, a batch of reports wrote each page to a temporary file
  // dozens of times, several times the cost of the inserts themselves.
  db.exec("PRAGMA temp_store = MEMORY", "keep temporary data in memory");
  // Truncate the log after a checkpoint that followed a large import.
  db.exec("PRAGMA journal_size_limit = 67108864", "limit journal size");
  return db;
}

void Db::exec(const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(raw(), sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail_sqlite(raw(), rc, what);
}

Query Db::query(const char* sql) {
  const Key key{reinterpret_cast<std::uintptr_t>(sql), 0};
  const auto it = statements_.find(key);
  return it != statements_.end() ? Query{*this, it->second.get()} : cached(key, sql);
}

Query Db::query(const sql::Batch& sql, std::size_t rows) {
  const Key key{reinterpret_cast<std::uintptr_t>(&sql), rows};
  const auto it = statements_.find(key);
  if (it != statements_.end()) return Query{*this, it->second.get()};
  std::string text{sql.head};
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) text += ", ";
    text += sql.row;
  }
  return cached(key, text);
}

Query Db::cached(Key key, const std::string& text) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(raw(), text.c_str(), to_int_size(text.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  StmtHandle handle{stmt};
  if (rc != SQLITE_OK) fail_sqlite(raw(), rc, "prepare");
  const auto it = statements_.emplace(key, std::move(handle)).first;
  return Query{*this, it->second.get()};
}

std::int64_t Db::pragma_int(const char* sql) {
  Query q = query(sql);
  return q.step() ? q.int64(0) : 0;
}

WriteTxn::WriteTxn(Db& db) : db_{db} {
  db_.exec("BEGIN IMMEDIATE", "begin");
}

WriteTxn::~WriteTxn() {
  if (sqlite3_get_autocommit(db_.raw()) == 0) {
    sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void WriteTxn::commit() {
  db_.exec("COMMIT", "commit");
}

}  // namespace vouchd::store::detail
