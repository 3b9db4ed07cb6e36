// Every SQL statement the store runs, in one place; Db::query() caches them by address.
#pragma once

namespace vouchd::store::sql {

// --- zones
inline constexpr char kSelectZones[] =
    "SELECT id, apex, kind, mname, rname, serial, refresh, retry, expire, minimum, soa_ttl,"
    " default_ttl, default_codes, default_txt FROM zones ORDER BY apex";
inline constexpr char kSelectZoneByApex[] =
    "SELECT id, apex, kind, mname, rname, serial, refresh, retry, expire, minimum, soa_ttl,"
    " default_ttl, default_codes, default_txt FROM zones WHERE apex = ?1";
inline constexpr char kSelectZoneSerial[] = "SELECT id, serial FROM zones WHERE apex = ?1";
// ?13, ?14: the default class of a cos zone (NULL for other kinds).
inline constexpr char kInsertZone[] =
    "INSERT INTO zones (apex, kind, mname, rname, serial, refresh, retry, expire, minimum,"
    " soa_ttl, default_ttl, created, updated, default_codes, default_txt)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)";
inline constexpr char kUpdateZone[] =
    "UPDATE zones SET kind = ?2, mname = ?3, rname = ?4, serial = ?5, refresh = ?6, retry = ?7,"
    " expire = ?8, minimum = ?9, soa_ttl = ?10, default_ttl = ?11, updated = ?12,"
    " default_codes = ?13, default_txt = ?14 WHERE id = ?1";
inline constexpr char kUpdateDefaultClass[] =
    "UPDATE zones SET default_codes = ?2, default_txt = ?3 WHERE id = ?1";

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
// Listings that answer (policy 'list'); allow entries are read apart (kSelectIpAllows).
inline constexpr char kSelectIpListings[] =
    "SELECT addr, plen, answer_id FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL"
    " AND policy = 'list' ORDER BY addr, plen";
inline constexpr char kSelectDomainListings[] =
    "SELECT domain, answer_id FROM listings WHERE zone_id = ?1 AND domain IS NOT NULL"
    " AND policy = 'list' ORDER BY domain";
inline constexpr char kSelectIpAllows[] =
    "SELECT addr, plen FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL"
    " AND policy = 'allow' ORDER BY addr, plen";
// How many entries a zone has, so the zone builder can size its tables once.
inline constexpr char kCountEntries[] =
    "SELECT (SELECT count(*) FROM vouches WHERE zone_id = ?1 AND suspended = 0)"
    " + (SELECT count(*) FROM listings WHERE zone_id = ?1)";
inline constexpr char kSelectChanges[] =
    "SELECT id, serial, op, owner, type, ttl, rdata, at FROM changes WHERE zone_id = ?1"
    " ORDER BY id";

// --- the typed write API: one mutation's zone, serial, journal and audit rows
inline constexpr char kSelectZoneById[] =
    "SELECT id, apex, kind, mname, rname, serial, refresh, retry, expire, minimum, soa_ttl,"
    " default_ttl, default_codes, default_txt FROM zones WHERE id = ?1";
inline constexpr char kSetZoneSerial[] = "UPDATE zones SET serial = ?2, updated = ?3 WHERE id = ?1";
inline constexpr char kInsertChange[] =
    "INSERT INTO changes (zone_id, serial, op, owner, type, ttl, rdata, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
inline constexpr char kInsertAudit[] =
    "INSERT INTO audit (at, actor, action, object, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

// --- vouches, one at a time (columns as read by read_vouch() in vouches.cpp)
#define VOUCHD_VOUCH_COLUMNS \
  "SELECT domain, categories, ttl, note, expires, suspended, created, updated, actor FROM vouches"
inline constexpr char kSelectVouch[] = VOUCHD_VOUCH_COLUMNS " WHERE zone_id = ?1 AND domain = ?2";
// Keyset pages; the prefix form bounds the primary key range on both sides.
inline constexpr char kListVouches[] =
    VOUCHD_VOUCH_COLUMNS " WHERE zone_id = ?1 AND domain > ?2 ORDER BY domain LIMIT ?3";
inline constexpr char kListVouchesPrefix[] = VOUCHD_VOUCH_COLUMNS
    " WHERE zone_id = ?1 AND domain > ?2 AND domain >= ?3 AND domain < ?4"
    " ORDER BY domain LIMIT ?5";
#undef VOUCHD_VOUCH_COLUMNS
// Keeps `created` on update.
inline constexpr char kUpsertVouch[] =
    "INSERT INTO vouches (zone_id, domain, categories, ttl, note, expires, suspended, created,"
    " updated, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
    " ON CONFLICT (zone_id, domain) DO UPDATE SET categories = excluded.categories,"
    " ttl = excluded.ttl, note = excluded.note, expires = excluded.expires,"
    " suspended = excluded.suspended, updated = excluded.updated, actor = excluded.actor";
inline constexpr char kDeleteVouch[] = "DELETE FROM vouches WHERE zone_id = ?1 AND domain = ?2";
inline constexpr char kExpiredVouches[] =
    "SELECT zone_id, domain FROM vouches WHERE expires IS NOT NULL AND expires <= ?1"
    " ORDER BY expires LIMIT ?2";

// --- listings, one at a time (columns as read by read_listing() in listings.cpp)
// Allow entries have no answer: a.data is NULL for them.
#define VOUCHD_LISTING_COLUMNS                                                                \
  "SELECT l.id, l.domain, l.addr, l.plen, a.data, l.source, l.expires, l.created, l.updated," \
  " l.policy FROM listings l LEFT JOIN answers a ON a.id = l.answer_id"
inline constexpr char kSelectDomainListing[] =
    VOUCHD_LISTING_COLUMNS " WHERE l.zone_id = ?1 AND l.domain IS NOT NULL AND l.domain = ?2";
inline constexpr char kSelectIpListing[] = VOUCHD_LISTING_COLUMNS
    " WHERE l.zone_id = ?1 AND l.addr IS NOT NULL AND l.addr = ?2 AND l.plen = ?3";
inline constexpr char kListDomainListings[] = VOUCHD_LISTING_COLUMNS
    " WHERE l.zone_id = ?1 AND l.domain IS NOT NULL AND l.domain > ?2 ORDER BY l.domain LIMIT ?3";
inline constexpr char kListIpListings[] = VOUCHD_LISTING_COLUMNS
    " WHERE l.zone_id = ?1 AND l.addr IS NOT NULL AND (l.addr, l.plen) > (?2, ?3)"
    " ORDER BY l.addr, l.plen LIMIT ?4";
// Listings (policy 'list') strictly inside the prefix [?2, ?3] of ?5 bits, address length ?4:
// the ones an allow entry there hides.
inline constexpr char kListInnerIpListings[] = VOUCHD_LISTING_COLUMNS
    " WHERE l.zone_id = ?1 AND l.addr IS NOT NULL AND l.addr >= ?2 AND l.addr <= ?3"
    " AND length(l.addr) = ?4 AND l.plen > ?5 AND l.policy = 'list' ORDER BY l.addr, l.plen";
inline constexpr char kSelectListingById[] = VOUCHD_LISTING_COLUMNS " WHERE l.id = ?1";
inline constexpr char kExpiredListings[] =
    "SELECT zone_id, id FROM listings WHERE expires IS NOT NULL AND expires <= ?1"
    " ORDER BY expires LIMIT ?2";
inline constexpr char kSelectComputedListings[] =
    VOUCHD_LISTING_COLUMNS " WHERE l.zone_id = ?1 AND l.source = 'computed'";
inline constexpr char kSelectManualListings[] =
    VOUCHD_LISTING_COLUMNS " WHERE l.zone_id = ?1 AND l.source = 'manual'";
#undef VOUCHD_LISTING_COLUMNS

// --- reports and evidence
inline constexpr char kFindReport[] =
    "SELECT id FROM reports WHERE digest = ?1 OR (?2 <> '' AND dedup_key = ?2) LIMIT 1";
inline constexpr char kInsertReport[] =
    "INSERT INTO reports (reporter, format, digest, dedup_key, received, quirks, raw)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr Batch kInsertEvidenceRows{
    "INSERT INTO evidence (report_id, reporter, at, kind, identity, key, count) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?)"};
inline constexpr char kSelectEvidence[] =
    "SELECT reporter, at, kind, identity, key, count FROM evidence ORDER BY id";
// The distinct lengths of a zone's allow entries of one address length (?2 bytes).
inline constexpr char kAllowLengths[] =
    "SELECT DISTINCT plen FROM listings WHERE zone_id = ?1 AND policy = 'allow'"
    " AND addr IS NOT NULL AND length(addr) = ?2 ORDER BY plen";
// Is there a row at this exact prefix with policy ?4?
inline constexpr char kPrefixHasPolicy[] =
    "SELECT 1 FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL AND addr = ?2 AND plen = ?3"
    " AND policy = ?4";
inline constexpr char kDomainHasPolicy[] =
    "SELECT 1 FROM listings WHERE zone_id = ?1 AND domain IS NOT NULL AND domain = ?2"
    " AND policy = ?3";
inline constexpr char kFindAnswer[] = "SELECT id FROM answers WHERE zone_id = ?1 AND data = ?2";
// ?answer_id is NULL for an allow entry.
inline constexpr char kInsertDomainListing[] =
    "INSERT INTO listings (zone_id, domain, answer_id, source, expires, created, updated, policy)"
    " VALUES (?1, ?2, ?3, ?7, ?4, ?5, ?5, ?6)";
inline constexpr char kInsertIpListing[] =
    "INSERT INTO listings (zone_id, addr, plen, answer_id, source, expires, created, updated,"
    " policy) VALUES (?1, ?2, ?3, ?4, ?8, ?5, ?6, ?6, ?7)";
// Keeps the row (and its id and `created`) when a listing is replaced.
inline constexpr char kUpdateListing[] =
    "UPDATE listings SET answer_id = ?2, source = ?6, expires = ?3, updated = ?4,"
    " policy = ?5 WHERE id = ?1";
inline constexpr char kDeleteListing[] = "DELETE FROM listings WHERE id = ?1";

// --- tokens
#define VOUCHD_TOKEN_COLUMNS \
  "SELECT id, role, label, created, expires, revoked, trust FROM tokens"
inline constexpr char kSelectTokenByHash[] = VOUCHD_TOKEN_COLUMNS " WHERE hash = ?1";
inline constexpr char kSelectTokenById[] = VOUCHD_TOKEN_COLUMNS " WHERE id = ?1";
inline constexpr char kSelectTokens[] = VOUCHD_TOKEN_COLUMNS " ORDER BY id";
#undef VOUCHD_TOKEN_COLUMNS
inline constexpr char kInsertToken[] =
    "INSERT INTO tokens (hash, role, label, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)";
inline constexpr char kRevokeToken[] = "UPDATE tokens SET revoked = ?2 WHERE id = ?1";
inline constexpr char kSetTokenTrust[] = "UPDATE tokens SET trust = ?2 WHERE id = ?1";

// --- reputation
// Whether an allow entry lies strictly inside the prefix [?2, ?3] of ?5 bits (a hole in it).
inline constexpr char kAllowInside[] =
    "SELECT 1 FROM listings WHERE zone_id = ?1 AND addr IS NOT NULL AND addr >= ?2"
    " AND addr <= ?3 AND length(addr) = ?4 AND plen > ?5 AND policy = 'allow' LIMIT 1";
inline constexpr char kSelectZonePolicy[] = "SELECT policy FROM zone_policies WHERE zone_id = ?1";
inline constexpr char kSelectZonePolicies[] =
    "SELECT zone_id, policy FROM zone_policies ORDER BY zone_id";
inline constexpr char kPutZonePolicy[] =
    "INSERT INTO zone_policies (zone_id, policy, updated) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (zone_id) DO UPDATE SET policy = excluded.policy, updated = excluded.updated";
inline constexpr char kDeleteZonePolicy[] = "DELETE FROM zone_policies WHERE zone_id = ?1";

// --- audit, newest first; '' and NULL bounds match everything (one statement for every filter)
inline constexpr char kSelectAudit[] =
    "SELECT id, at, actor, action, object, before, after FROM audit"
    " WHERE id < ?1 AND (?2 = '' OR actor = ?2) AND (?3 = '' OR action = ?3)"
    " AND object >= ?4 AND (?5 IS NULL OR object < ?5) AND at >= ?6 AND at <= ?7"
    " ORDER BY id DESC LIMIT ?8";

// --- zones
inline constexpr char kUpdateSoa[] =
    "UPDATE zones SET mname = ?2, rname = ?3, refresh = ?4, retry = ?5, expire = ?6,"
    " minimum = ?7, soa_ttl = ?8 WHERE id = ?1";
inline constexpr char kDeleteChanges[] = "DELETE FROM changes WHERE zone_id = ?1";
inline constexpr char kDeleteZone[] = "DELETE FROM zones WHERE id = ?1";
inline constexpr char kCountZone[] =
    "SELECT (SELECT count(*) FROM vouches WHERE zone_id = ?1),"
    " (SELECT count(*) FROM vouches WHERE zone_id = ?1 AND suspended = 1),"
    " (SELECT count(*) FROM listings WHERE zone_id = ?1),"
    " (SELECT count(*) FROM records WHERE zone_id = ?1)";

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
