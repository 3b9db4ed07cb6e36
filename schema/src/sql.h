// Every SQL statement the store runs, in one place; Db::query() caches them by address.
#pragma once

namespace vouchd::store::sql {

// --- zones
inline constexpr char kSelectZones[] =
    "SELECT id, apex, kind, mname, rname, serial, refresh, retry, expire, minimum, soa_ttl,"
    " default_ttl FROM zones ORDER BY apex";
inline constexpr char kSelectZoneByApex[] =
    "SELECT id, apex, kind, mname, rname, serial, refresh, retry, expire, minimum, soa_ttl,"
    " default_ttl FROM zones WHERE apex = ?1";
inline constexpr char kSelectZoneSerial[] = "SELECT id, serial FROM zones WHERE apex = ?1";
inline constexpr char kInsertZone[] =
    "INSERT INTO zones (apex, kind, mname, rname, serial, refresh, retry, expire, minimum,"
    " soa_ttl, default_ttl, created, updated)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
inline constexpr char kUpdateZone[] =
    "UPDATE zones SET kind = ?2, mname = ?3, rname = ?4, serial = ?5, refresh = ?6, retry = ?7,"
    " expire = ?8, minimum = ?9, soa_ttl = ?10, default_ttl = ?11, updated = ?12 WHERE id = ?1";

// --- clearing a zone's contents (listings before the answers they reference)
inline constexpr char kDeleteRecords[] = "DELETE FROM records WHERE zone_id = ?1";
inline constexpr char kDeleteVouches[] = "DELETE FROM vouches WHERE zone_id = ?1";
// Two statements so that each can use its partial index.
inline constexpr char kDeleteDomainListings[] =
    "DELETE FROM listings WHERE zone_id = ?1 AND domain IS NOT NULL";
inline constexpr char kDeleteIpListings[] =
    "DELETE FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL";
inline constexpr char kDeleteAnswers[] = "DELETE FROM answers WHERE zone_id = ?1";

// --- inserting contents, many rows per statement (detail::BatchInsert): `head` and then `row`
// once per row, each '?' a value of that row.
struct Batch {
  const char* head;
  const char* row;
};
inline constexpr Batch kInsertRecords{
    "INSERT INTO records (zone_id, owner, type, ttl, rdata) VALUES ", "(?, ?, ?, ?, ?)"};
inline constexpr Batch kInsertVouches{
    "INSERT INTO vouches (zone_id, domain, categories, ttl, created, updated, actor) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?)"};
inline constexpr Batch kInsertAnswers{"INSERT INTO answers (id, zone_id, data) VALUES ",
                                      "(?, ?, ?)"};
inline constexpr Batch kInsertDomainListings{
    "INSERT INTO listings (zone_id, domain, answer_id, source, created, updated) VALUES ",
    "(?, ?, ?, 'import', ?, ?)"};
inline constexpr Batch kInsertIpListings{
    "INSERT INTO listings (zone_id, addr, plen, answer_id, source, created, updated) VALUES ",
    "(?, ?, ?, ?, 'import', ?, ?)"};
inline constexpr char kMaxAnswerId[] = "SELECT coalesce(max(id), 0) FROM answers";
inline constexpr char kInsertReset[] =
    "INSERT INTO changes (zone_id, serial, op, at) VALUES (?1, ?2, 'reset', ?3)";

// --- streamed reads
inline constexpr char kSelectRecords[] =
    "SELECT owner, type, ttl, rdata FROM records WHERE zone_id = ?1 ORDER BY id";
// Suspended vouches are not served, so the zone builder never sees them.
inline constexpr char kSelectVouches[] =
    "SELECT domain, categories, ttl FROM vouches WHERE zone_id = ?1 AND suspended = 0"
    " ORDER BY domain";
inline constexpr char kSelectAnswers[] =
    "SELECT id, data FROM answers WHERE zone_id = ?1 ORDER BY id";
inline constexpr char kSelectIpListings[] =
    "SELECT addr, plen, answer_id FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL"
    " ORDER BY addr, plen";
inline constexpr char kSelectDomainListings[] =
    "SELECT domain, answer_id FROM listings WHERE zone_id = ?1 AND domain IS NOT NULL"
    " ORDER BY domain";
// How many entries a zone has, so the zone builder can size its tables once.
inline constexpr char kCountEntries[] =
    "SELECT (SELECT count(*) FROM vouches WHERE zone_id = ?1 AND suspended = 0)"
    " + (SELECT count(*) FROM listings WHERE zone_id = ?1)";
inline constexpr char kSelectChanges[] =
    "SELECT id, serial, op, owner, type, ttl, rdata, at FROM changes WHERE zone_id = ?1"
    " ORDER BY id";

// --- connection settings: a bulk import runs with a large page cache (SQLite's default is 2 MB)
// and without foreign-key enforcement (see BulkMode in replace_zone.cpp)
inline constexpr char kCacheSizeBulk[] = "PRAGMA cache_size = -262144";  // KiB: 256 MiB
inline constexpr char kCacheSizeDefault[] = "PRAGMA cache_size = -2000";
inline constexpr char kForeignKeysOn[] = "PRAGMA foreign_keys = ON";
inline constexpr char kForeignKeysOff[] = "PRAGMA foreign_keys = OFF";

// --- migrations
inline constexpr char kUserVersion[] = "PRAGMA user_version";
inline constexpr char kForeignKeyCheck[] = "PRAGMA foreign_key_check";

}  // namespace vouchd::store::sql
