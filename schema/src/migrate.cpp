// The migration runner: embedded numbered SQL files applied in order, tracked in user_version.
#include <charconv>
#include <string>

#include "embedded.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store::detail {
namespace {

// "0001_initial.sql" -> 1; 0 if the name does not start with a number.
int migration_number(std::string_view name) {
  int number = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
  const char* const last = name.data() + name.size();
  if (ec != std::errc{} || end == name.data() || end == last || *end != '_') return 0;
  return number;
}

void apply(Db& db, int number, const EmbeddedText& migration) {
  const std::string name{migration.name};
  WriteTxn txn{db};
  // Another process may have applied it between our read and our write lock.
  if (db.pragma_int(sql::kUserVersion) >= number) return;
  db.exec(std::string{migration.text}.c_str(), "migration " + name);
  {
    Query check = db.query(sql::kForeignKeyCheck);
    if (check.step())
      fail(StoreError::Code::Corrupt, "migration " + name + " breaks a foreign key");
  }
  // PRAGMA takes no bound values; `number` comes from our own file name.
  db.exec(("PRAGMA user_version = " + std::to_string(number)).c_str(), "set user_version");
  txn.commit();
}

}  // namespace

void migrate(Db& db) {
  const auto migrations = embedded_migrations();
  int latest = 0;
  for (const EmbeddedText& m : migrations) {
    const int number = migration_number(m.name);
    if (number <= latest)
      fail(StoreError::Code::Invalid, "bad migration name " + std::string{m.name});
    latest = number;
  }
  const std::int64_t current = db.pragma_int(sql::kUserVersion);
  if (current > latest) {
    fail(StoreError::Code::Invalid, "database schema " + std::to_string(current) +
                                        " is newer than this vouchd's " + std::to_string(latest));
  }
  // Table rebuilds in later migrations need foreign keys off (SQLite "ALTER TABLE" §7); each
  // migration checks them itself before committing.
  db.exec(sql::kForeignKeysOff, "disable foreign keys");
  for (const EmbeddedText& m : migrations) {
    const int number = migration_number(m.name);
    if (number > current) apply(db, number, m);
  }
  db.exec(sql::kForeignKeysOn, "enable foreign keys");
}

}  // namespace vouchd::store::detail
