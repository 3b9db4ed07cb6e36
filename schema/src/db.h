// The SQLite layer under the store: RAII handles, one connection with cached statements, bound
// values, and a BEGIN IMMEDIATE guard. Failures throw `Failure`, which the public API turns into
// StoreError (api_guard.h), so store code reads as straight-line SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

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

  // True while there is a row; false when done.
  bool step();
  // Steps a statement that returns no row, then resets it for the next bind-and-run.
  void run();

  std::int64_t int64(int column) const noexcept;
  std::uint32_t u32(int column) const;  // Corrupt unless 0..2^32-1
  std::string_view text(int column) const noexcept;
  std::span<const std::uint8_t> blob(int column) const noexcept;
  bool is_null(int column) const noexcept;

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
  std::int64_t last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(raw()); }
  std::int64_t pragma_int(const char* sql);

 private:
  DbHandle handle_;
  std::unordered_map<const char*, StmtHandle> statements_;
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
