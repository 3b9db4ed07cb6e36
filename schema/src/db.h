// The SQLite layer under the store: RAII handles, one connection with cached statements, bound
// values, multi-row inserts and a BEGIN IMMEDIATE guard. Failures throw `Failure`, which every
// public Store method turns into a StoreError (guarded(), below), so store code reads as
// straight-line SQL.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sql.h"
#include "vouchd/store/store.h"

namespace vouchd::store::detail {

template <auto Release>
struct ReleaseWith {
  void operator()(auto* p) const noexcept { Release(p); }
};
using DbHandle = std::unique_ptr<sqlite3, ReleaseWith<sqlite3_close_v2>>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, ReleaseWith<sqlite3_finalize>>;

// Thrown inside the store only; every public Store method catches it.
struct Failure {
  StoreError error;
  int sqlite_rc = 0;  // extended result code when SQLite failed
};
[[noreturn]] void fail(StoreError::Code code, std::string message);
// Maps a SQLite result code to a Failure ("<what>: <sqlite message>"); SQLITE_NOMEM becomes
// std::bad_alloc.
[[noreturn]] void fail_sqlite(sqlite3* db, int rc, std::string_view what);

class Db;

// A cached statement in use: binds values (text and blobs without copying: the caller's buffers
// must outlive each step), steps, and resets and clears its bindings when it goes out of scope.
class Query {
 public:
  Query(Db& db, sqlite3_stmt* stmt) noexcept : db_{db}, stmt_{stmt} {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int index, std::int64_t value);
  Query& bind(int index, std::string_view text);
  Query& bind(int index, std::span<const std::uint8_t> blob);
  Query& bind_null(int index);
  Query& bind(int index, std::optional<std::int64_t> value);  // NULL when empty
  Query& bind(int index, std::optional<double> value);        // NULL when empty

  // True while there is a row; false when done.
  bool step();
  // Steps a statement that returns no row, then resets it for the next bind-and-run.
  void run();

  std::int64_t int64(int column) const noexcept;
  std::uint32_t u32(int column) const;  // Corrupt unless 0..2^32-1
  std::string_view text(int column) const noexcept;
  std::span<const std::uint8_t> blob(int column) const noexcept;
  bool is_null(int column) const noexcept;
  std::optional<std::int64_t> optional_int64(int column) const noexcept;
  double real(int column) const noexcept;

 private:
  void check_bind(int rc);
  Db& db_;
  sqlite3_stmt* stmt_;
};

// One connection. Not thread-safe: one thread uses it at a time.
class Db {
 public:
  explicit Db(DbHandle handle) noexcept : handle_{std::move(handle)} {}

  // Opens with WAL, foreign_keys=ON, synchronous=FULL and a 5 s busy timeout (design.md §4).
  static Db connect(const std::string& path, bool create);

  sqlite3* raw() const noexcept { return handle_.get(); }
  // Runs SQL text without values (pragmas, migrations, BEGIN/COMMIT).
  void exec(const char* sql, std::string_view what);
  // The statement for `sql`, prepared on first use. `sql` must be a constant from sql.h: the cache
  // is keyed by its address.
  Query query(const char* sql);
  // The INSERT of `rows` rows built from `sql` (sql.h), prepared on first use.
  Query query(const sql::Batch& sql, std::size_t rows);
  std::int64_t last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(raw()); }
  std::int64_t pragma_int(const char* sql);

 private:
  using Key = std::pair<std::uintptr_t, std::size_t>;  // address of the SQL constant, rows
  Query cached(Key key, const std::string& text);
  DbHandle handle_;
  std::map<Key, StmtHandle> statements_;
};

// Inserts rows with multi-row INSERTs of kRows rows: SQLite's cost per statement run (cursors
// opened on the table, its indexes and foreign-key parents; B-trees sought from the root) is paid
// once per batch instead of once per row, which makes a bulk import several times faster.
// `V...` are the types of one row's values (std::int64_t, std::string_view, blob spans), in the
// order of the '?' in sql::Batch::row. Text and blobs are bound without copies: they must live
// until finish().
template <typename... V>
class BatchInsert {
 public:
  static constexpr std::size_t kRows = 64;
  using Row = std::tuple<V...>;
  using Describe = std::function<std::string(const Row&)>;

  // `describe` names a row in an error message ("duplicate <describe(row)>").
  BatchInsert(Db& db, const sql::Batch& sql, Describe describe)
      : db_{db}, sql_{sql}, describe_{std::move(describe)} {}

  void add(const V&... values) {
    rows_[pending_++] = Row{values...};
    if (pending_ == kRows) flush();
  }
  void finish() { flush(); }

 private:
  void flush() {
    if (pending_ == kRows) {
      try {
        run(db_.query(sql_, kRows), 0, kRows);
        pending_ = 0;
        return;
      } catch (const Failure& f) {
        // A constraint failure undoes just the statement: find the culprit row by row below.
        // Anything else may have ended the transaction, and more writes would autocommit.
        if ((f.sqlite_rc & 0xff) != SQLITE_CONSTRAINT || sqlite3_get_autocommit(db_.raw()) != 0) {
          throw;
        }
      }
    }
    for (std::size_t i = 0; i < pending_; ++i) {  // a partial batch, or a failed one
      try {
        run(db_.query(sql_, 1), i, 1);
      } catch (const Failure& f) {
        throw named(f, rows_[i]);
      }
    }
    pending_ = 0;
  }

  void run(Query&& q, std::size_t first, std::size_t count) {
    int index = 1;
    for (std::size_t i = first; i < first + count; ++i) {
      std::apply([&](const auto&... value) { (q.bind(index++, value), ...); }, rows_[i]);
    }
    q.run();
  }

  // "duplicate vouch a.example", or "vouch a.example: <what SQLite said>".
  Failure named(const Failure& f, const Row& row) const {
    const int rc = f.sqlite_rc;
    Failure out = f;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
      out.error.message = "duplicate " + describe_(row);
    } else {
      out.error.message = describe_(row) + ": " + f.error.message;
    }
    return out;
  }

  Db& db_;
  const sql::Batch& sql_;
  Describe describe_;
  std::array<Row, kRows> rows_{};
  std::size_t pending_ = 0;
};

// BEGIN IMMEDIATE; rolls back on destruction unless commit() succeeded.
class WriteTxn {
 public:
  explicit WriteTxn(Db& db);
  ~WriteTxn();
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;
  void commit();

 private:
  Db& db_;
};

// Runs `fn` and turns a Failure into the StoreError of an Expected: the API boundary.
template <typename Fn>
auto guarded(Fn&& fn) -> Expected<std::invoke_result_t<Fn&>, StoreError> {
  try {
    if constexpr (std::is_void_v<std::invoke_result_t<Fn&>>) {
      fn();
      return {};
    } else {
      return fn();
    }
  } catch (const Failure& f) {
    return tl::unexpected(f.error);
  }
}

}  // namespace vouchd::store::detail
