// The typed store API over SQLite (design.md §4): the only place in vouchd that speaks SQL.
// One writer connection, WAL, migrations embedded in the binary and applied on open.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <variant>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"

struct sqlite3;

namespace vouchd::store {

template <typename T, typename E>
using Expected = tl::expected<T, E>;

struct StoreError {
  enum class Code : std::uint8_t { Io, Corrupt, Busy, NotFound, Conflict, Invalid };
  Code code = Code::Io;
  std::string message;  // for logs and CLI output
};

// Cos: a class-of-service zone (design.md §11), keyed by IPv4 and IPv6 prefixes and domains in one
// zone, answering its default class for a key with no entry.
enum class ZoneKind : std::uint8_t { Vbr, DnsblIp4, DnsblIp6, DnsblDomain, Static, Cos };
std::string_view kind_to_text(ZoneKind kind) noexcept;  // "vbr", "dnsbl-ip4", ..., "cos"
std::optional<ZoneKind> kind_from_text(std::string_view text) noexcept;

struct Soa {
  dnswire::Name mname;
  dnswire::Name rname;
  std::uint32_t serial = 0;
  std::uint32_t refresh = 3600;
  std::uint32_t retry = 600;
  std::uint32_t expire = 604800;
  std::uint32_t minimum = 300;
  std::uint32_t ttl = 3600;  // TTL of the SOA RR itself
};

// RFC 5518 §5: a vbr zone's apex is the certifier (vouches at `<domain>._vouch.<apex>`) or
// `_vouch.<certifier>` itself (vouches at `<domain>.<apex>`); true for the second form.
bool apex_is_vouch(const dnswire::Name& apex) noexcept;

// The SOA's wire RDATA (uncompressed names, then the five 32-bit fields; RFC 1035 §3.3.13).
std::vector<std::uint8_t> soa_rdata(const Soa& soa);

// One RR of a listing's answer, without owner (the owner is the query name).
struct AnswerRR {
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
  friend bool operator==(const AnswerRR&, const AnswerRR&) = default;
};
using Answer = std::vector<AnswerRR>;  // shared by many listings; stored once per zone

// A DNSxL answer as return codes (RFC 5782 §2.3): A records in 127.0.0.0/8, in the order given,
// and an optional TXT text.
struct CodedAnswer {
  std::vector<std::uint32_t> codes;  // 1 to kMaxCodes distinct values in 127.0.0.0/8
  std::string txt;                   // empty: no TXT; at most kMaxTxt octets
  friend bool operator==(const CodedAnswer&, const CodedAnswer&) = default;
  static constexpr std::size_t kMaxCodes = 16;
  static constexpr std::size_t kMaxTxt = 1024;
};
// Its RRs with `ttl`: one A per code, then one TXT whose text is split into character-strings of
// at most 255 octets (RFC 1035 §3.3.14), never inside a UTF-8 sequence.
Answer to_answer(const CodedAnswer& coded, std::uint32_t ttl);
// Why `coded` is not a valid CodedAnswer, or empty if it is.
std::string coded_answer_problem(const CodedAnswer& coded);

struct Zone {
  std::int64_t id = 0;
  dnswire::Name apex;  // lower-case
  ZoneKind kind = ZoneKind::Static;
  Soa soa;
  std::uint32_t default_ttl = 3600;
  // Cos zones only (nullopt for every other kind): the class answered, with the default TTL, for
  // a valid key that has no entry. create_zone gives a cos zone without one 127.0.0.1, no TXT.
  std::optional<CodedAnswer> default_class;
};

// A record served as stored (apex NS, test points, anything imported that is not an entry).
struct StaticRecord {
  dnswire::Name owner;  // absolute, case as written
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
};

// A VBR vouch: `<domain>._vouch.<certifier>` TXT "<categories>".
struct Vouch {
  std::string domain;      // presentation, lower-case, no final dot ("sender.example")
  std::string categories;  // "transaction list": [a-z]+ tokens, single spaces
  std::uint32_t ttl = 0;
};

// What a DNSxL listing is keyed by: an IPv4/IPv6 prefix or a domain (presentation, lower-case, no
// final dot).
using ListingKey = std::variant<dnswire::IpPrefix, std::string>;

struct Listing {
  ListingKey key;
  Answer answer;
};

// One row of the change journal. A Reset means the zone was replaced whole at `serial` (IXFR
// across it falls back to AXFR); its `rr` is empty.
enum class ChangeOp : std::uint8_t { Add, Del, Reset };
struct Change {
  std::int64_t id = 0;
  std::uint32_t serial = 0;
  ChangeOp op = ChangeOp::Reset;
  StaticRecord rr;
  std::chrono::sys_seconds at{};
};

// A whole zone as `import` reads it from a master file.
struct ZoneContents {
  Zone zone;  // id ignored
  std::vector<StaticRecord> records;
  std::vector<Vouch> vouches;
  std::vector<Listing> listings;
};

// --- the typed write API (design.md §3, §12): every mutation is one BEGIN IMMEDIATE transaction
// that changes the rows, raises the zone serial with next_serial(), journals the record-level
// changes at the new serial and appends an audit row; it returns only after COMMIT.

// Who made a change: a token label, "cli", ... (audit.actor, vouches.actor).
struct Actor {
  std::string name;
  std::optional<std::int64_t> token = std::nullopt;  // the API token acting, if any
};

// What a committed mutation did to the served zone: the new serial and the journal rows written
// at it ('del' for each RR removed, 'add' for each RR added; owners absolute).
struct Committed {
  std::uint32_t serial = 0;
  std::vector<Change> changes;
  // False when the served change has no RR form, so the journal rows alone do not describe it:
  // an allow entry made, changed to a listing or removed inside a broader listed prefix (a hole
  // in a wildcard, which no master file can express). A consumer that applies `changes` as a
  // delta must rebuild the zone from the store instead.
  bool journal_complete = true;
};

// A vouch with its bookkeeping. `created`, `updated` and `actor` are set by the store (ignored on
// input). Times are unix seconds.
struct VouchRecord {
  std::string domain;      // lower-case presentation, no final dot
  std::string categories;  // [a-z]+( [a-z]+)*, at most 255 octets (one TXT string)
  std::uint32_t ttl = 0;
  std::string note;
  std::optional<std::int64_t> expires;
  bool suspended = false;  // kept but not served
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::string actor;
  friend bool operator==(const VouchRecord&, const VouchRecord&) = default;
};

// What a listings row means: List serves its answer; Allow is an allow-list override with no
// answer: its key (for a prefix, every address in it) is not listed, whatever imported, manual or
// computed listing covers it. In domain zones an allow entry covers its own domain only.
enum class ListingPolicy : std::uint8_t { List, Allow };
std::string_view policy_to_text(ListingPolicy policy) noexcept;  // "list", "allow"
std::optional<ListingPolicy> policy_from_text(std::string_view text) noexcept;

// A listing with its bookkeeping; `source` is "import", "manual" or "computed".
struct ListingRecord {
  ListingKey key;
  ListingPolicy policy = ListingPolicy::List;
  Answer answer;  // empty for an allow entry
  std::string source;
  std::optional<std::int64_t> expires;
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

enum class TokenRole : std::uint8_t { Admin, Certifier, Reporter, Viewer };
std::string_view role_to_text(TokenRole role) noexcept;  // "admin", ...
std::optional<TokenRole> role_from_text(std::string_view text) noexcept;

// An API token as stored: only its SHA-256 is kept, never the token.
struct Token {
  std::int64_t id = 0;
  TokenRole role = TokenRole::Viewer;
  std::string label;
  std::int64_t created = 0;
  std::optional<std::int64_t> expires;  // unix seconds; none: never
  std::optional<std::int64_t> revoked;  // when it was revoked; none: live
  std::optional<double> trust;  // a reporter's trust fixed by the operator (0..1); none: learned
  // Neither revoked nor expired at `now`.
  bool usable(std::chrono::sys_seconds now) const noexcept;
};

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string actor;
  std::string action;  // "vouch.put", "token.revoke", ...
  std::string object;  // "vouch.example./sender.example", "token/3", ...
  std::string before;  // JSON; empty when the object did not exist
  std::string after;   // JSON; empty when the object was deleted
};

// A listing the reputation sweep wants served (source 'computed').
struct ComputedListing {
  ListingKey key;
  Answer answer;
};

// What sync_computed changed.
struct ComputedSync {
  std::optional<Committed> committed;  // none: nothing changed, nothing written
  std::size_t added = 0;
  std::size_t changed = 0;   // answer differs
  std::size_t removed = 0;
  std::size_t withheld = 0;  // held by a manual or imported row or covered by an allow entry
  std::size_t unfit = 0;     // keys the zone cannot hold (family, syntax): skipped
};

// Empty strings and absent bounds match everything; `after_id` is the keyset cursor (the last id
// seen: the next page holds older entries).
struct AuditFilter {
  std::string actor;
  std::string action;
  std::string object_prefix;
  std::optional<std::int64_t> since;  // at >= since
  std::optional<std::int64_t> until;  // at <= until
  std::optional<std::int64_t> after_id;
  std::size_t limit = 100;
};

enum class ReportFormat : std::uint8_t { Arf, Dmarc, Event };

// One piece of evidence: when (the report's own date), what ("complaint", "trap_hit",
// "delivered", "not_spam"), about whom ("domain" or "address", and the key), how many.
struct EvidenceRow {
  std::int64_t at = 0;
  std::string kind;
  std::string identity;
  std::string key;
  std::uint64_t count = 1;
};

struct NewReport {
  std::int64_t reporter = 0;  // token id
  ReportFormat format = ReportFormat::Event;
  std::array<std::uint8_t, 32> digest{};  // SHA-256 of `raw`
  std::string dedup_key;  // the report's own identity ("arf:<Message-ID>", ...); "" if none
  std::string quirks;     // space-separated
  std::string raw;
  std::vector<EvidenceRow> evidence;
};

struct StoredReport {
  std::int64_t id = 0;
  bool duplicate = false;  // true: `id` is the report stored before
};

// Entry counts of a zone, for a "show" view.
struct ZoneCounts {
  std::size_t vouches = 0;  // including suspended ones
  std::size_t suspended = 0;
  std::size_t listings = 0;
  std::size_t records = 0;
};

// One SQLite connection: use a Store from one thread at a time.
class Store {
 public:
  // Opens (creating if asked) the database at `path` and applies pending migrations.
  [[nodiscard]] static Expected<std::unique_ptr<Store>, StoreError> open(const std::string& path,
                                                                         bool create);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Schema version after migrations (PRAGMA user_version); -1 on a read error.
  int schema_version();

  // zones(), zone() and answers() return nothing (empty, nullopt) on a read error; zones of a
  // kind this build does not know are left out.
  std::vector<Zone> zones();
  std::optional<Zone> zone(const dnswire::Name& apex);

  // Creates the zone or replaces all its contents in one transaction (all or nothing), raises its
  // serial to max(old + 1, file serial, now) in RFC 1982 terms, and journals a reset. Returns the
  // zone as stored. Errors leave the store as it was: Invalid for malformed contents (a record
  // outside the zone, rdata over 65535 octets, a domain key not in the form above, a prefix with
  // host bits set, a cos zone: its default class has no master-file form), Conflict for a key
  // given twice ("duplicate vouch a.example"), Busy when another writer holds the lock past the
  // busy timeout.
  [[nodiscard]] Expected<Zone, StoreError> replace_zone(const ZoneContents& contents,
                                                        std::chrono::sys_seconds now);

  // Streamed reads for the zone builder and export; the views passed to `fn` live for the call,
  // and `fn` must not call back into the store. Each call is its own read transaction. Records
  // come in stored order, vouches and listings in key order (bytewise); a read error (I/O,
  // corruption) stops the stream and is returned.
  // for_each_vouch skips suspended vouches (they are not served); expiry is the caller's to judge.
  Expected<void, StoreError> for_each_record(std::int64_t zone_id,
                                             const std::function<void(const StaticRecord&)>& fn);
  Expected<void, StoreError> for_each_vouch(std::int64_t zone_id,
                                            const std::function<void(const Vouch&)>& fn);
  std::vector<std::pair<std::int64_t, Answer>> answers(std::int64_t zone_id);
  // Served vouches plus listings of the zone (a sizing hint for the zone builder).
  [[nodiscard]] Expected<std::size_t, StoreError> entry_count(std::int64_t zone_id);
  // Listings that serve an answer (policy List), including those an allow entry hides; allow
  // entries are streamed by for_each_ip_allow (a domain zone serves none of its allow entries).
  Expected<void, StoreError> for_each_ip_listing(
      std::int64_t zone_id, const std::function<void(const dnswire::IpPrefix&, std::int64_t)>& fn);
  Expected<void, StoreError> for_each_domain_listing(
      std::int64_t zone_id, const std::function<void(std::string_view, std::int64_t)>& fn);
  // The prefixes of the zone's allow entries, in key order: holes in what the listings serve.
  Expected<void, StoreError> for_each_ip_allow(
      std::int64_t zone_id, const std::function<void(const dnswire::IpPrefix&)>& fn);

  // The zone's change journal, oldest first (the source of IXFR, RFC 1995).
  [[nodiscard]] Expected<std::vector<Change>, StoreError> changes(std::int64_t zone_id);

  // --- vouches (vbr zones only). Errors: NotFound for an unknown zone or vouch, Invalid for a
  // zone that is not vbr, categories not [a-z]+( [a-z]+)* (<= 255 octets), a domain that is not
  // lower-case presentation without a final dot, Conflict for a domain given twice in a bulk put,
  // Busy when the write lock stays taken past the busy timeout.
  // Inserts or updates (keeping `created`); journals del of the served RR it replaces and add of
  // the new one unless it is suspended (an unchanged RR is neither).
  [[nodiscard]] Expected<Committed, StoreError> put_vouch(std::int64_t zone_id,
                                                          const VouchRecord& vouch,
                                                          const Actor& who,
                                                          std::chrono::sys_seconds now);
  // Bulk put: one transaction, one serial, all or nothing.
  [[nodiscard]] Expected<Committed, StoreError> put_vouches(std::int64_t zone_id,
                                                            std::span<const VouchRecord> vouches,
                                                            const Actor& who,
                                                            std::chrono::sys_seconds now);
  [[nodiscard]] Expected<VouchRecord, StoreError> get_vouch(std::int64_t zone_id,
                                                            std::string_view domain);
  [[nodiscard]] Expected<Committed, StoreError> delete_vouch(std::int64_t zone_id,
                                                             std::string_view domain,
                                                             const Actor& who,
                                                             std::chrono::sys_seconds now);
  [[nodiscard]] Expected<Committed, StoreError> set_vouch_suspended(std::int64_t zone_id,
                                                                    std::string_view domain,
                                                                    bool suspended,
                                                                    const Actor& who,
                                                                    std::chrono::sys_seconds now);
  // Up to `limit` vouches in domain order (bytewise) whose domain starts with `prefix` and sorts
  // after `after` (the keyset cursor: the last domain of the previous page; empty: from the start).
  [[nodiscard]] Expected<std::vector<VouchRecord>, StoreError> list_vouches(std::int64_t zone_id,
                                                                            std::string_view prefix,
                                                                            std::string_view after,
                                                                            std::size_t limit);

  // Vouches whose expiry is at or before `now`, earliest first, at most `limit`, as (zone id,
  // domain); withdrawing them is the caller's (delete_vouch, so that each is journaled and
  // audited).
  [[nodiscard]] Expected<std::vector<std::pair<std::int64_t, std::string>>, StoreError>
  expired_vouches(std::chrono::sys_seconds now, std::size_t limit);

  // Listings and allow entries whose expiry is at or before `now`, earliest first, at most
  // `limit`, as (zone id, key); withdrawing them is the caller's (delete_listing).
  [[nodiscard]] Expected<std::vector<std::pair<std::int64_t, ListingKey>>, StoreError>
  expired_listings(std::chrono::sys_seconds now, std::size_t limit);

  // --- manual listings and allow entries (dnsbl and cos zones). The key family must fit the
  // zone: prefixes (either family) in dnsbl-ip4/-ip6 zones, domains in dnsbl-domain zones, any of
  // the three in cos zones (else Invalid). In a cos zone an IPv4 prefix needs at least 8 bits and
  // an IPv6 prefix at least 16 (shorter ones would be served at owners that also read as the other
  // family or as domains), and a domain must read as a domain there (dnswire::cos_shape: not
  // "1.2.3", no numeric TLD, not all single hex digits). A prefix with host bits set or an rdata
  // over 65535 octets is Invalid, and so is an empty answer for List or a non-empty one for Allow.
  // Answers are interned per zone. In a cos zone an entry is the class its key earned; an allow
  // entry there hides the entries it covers, so their keys get the default class.
  // Creates or replaces the row with this key, whatever its source or policy, as source 'manual'.
  // The journal holds the RRs that stop or start being served: the key's own, and for an allow
  // entry made or removed, those of the listings inside its prefix that it hides or uncovers
  // (see Committed::journal_complete for what has no RR form).
  [[nodiscard]] Expected<Committed, StoreError> put_listing(
      std::int64_t zone_id, const ListingKey& key, ListingPolicy policy, const Answer& answer,
      std::optional<std::int64_t> expires, const Actor& who, std::chrono::sys_seconds now);
  // The same with policy List.
  [[nodiscard]] Expected<Committed, StoreError> put_listing(
      std::int64_t zone_id, const ListingKey& key, const Answer& answer,
      std::optional<std::int64_t> expires, const Actor& who, std::chrono::sys_seconds now);
  // The allow entry that covers `key`, if any: for a prefix, an allow entry at the same or a
  // shorter prefix of the same family containing it; for a domain, an allow entry for that
  // domain. A computed listing at a covered key would not be served (the reputation engine asks
  // this before it lists anything).
  [[nodiscard]] Expected<std::optional<ListingKey>, StoreError> covering_allow(
      std::int64_t zone_id, const ListingKey& key);
  [[nodiscard]] Expected<ListingRecord, StoreError> get_listing(std::int64_t zone_id,
                                                                const ListingKey& key);
  [[nodiscard]] Expected<Committed, StoreError> delete_listing(std::int64_t zone_id,
                                                               const ListingKey& key,
                                                               const Actor& who,
                                                               std::chrono::sys_seconds now);
  // Up to `limit` listings in key order (domains bytewise; prefixes by address bytes, then
  // length) after the keyset cursor `after` (none: from the start). A cos zone lists its prefixes
  // first, then its domains.
  [[nodiscard]] Expected<std::vector<ListingRecord>, StoreError> list_listings(
      std::int64_t zone_id, const std::optional<ListingKey>& after, std::size_t limit);

  // --- reputation (design.md §11)
  // Makes the zone's computed listings exactly `wanted` (keys unique) in one transaction with
  // one serial: adds, changes and removes rows of source 'computed', journaled like any edit
  // and audited once as action "reputation.sync" (counts and the keys, at most 100 of each).
  // Manual decisions win: a key held by a manual or imported listing or an allow entry, or
  // covered by an allow entry, is withheld (and a computed row there removed). Nothing is
  // written when nothing changes.
  [[nodiscard]] Expected<ComputedSync, StoreError> sync_computed(
      std::int64_t zone_id, std::span<const ComputedListing> wanted, const Actor& who,
      std::chrono::sys_seconds now);
  // The zone's manual listings and allow entries (source 'manual'): the operator's decisions,
  // which the reputation engine learns from.
  [[nodiscard]] Expected<std::vector<ListingRecord>, StoreError> manual_listings(
      std::int64_t zone_id);
  // A zone's reputation policy (JSON text the API checked), nullopt if it has none.
  [[nodiscard]] Expected<std::optional<std::string>, StoreError> zone_policy(std::int64_t zone_id);
  // Every zone's policy as (zone id, JSON), by zone id.
  [[nodiscard]] Expected<std::vector<std::pair<std::int64_t, std::string>>, StoreError>
  zone_policies();
  // Sets (audited policy.put) or removes (policy.delete; NotFound without one) a zone's policy.
  [[nodiscard]] Expected<void, StoreError> put_zone_policy(std::int64_t zone_id,
                                                           std::string_view policy,
                                                           const Actor& who,
                                                           std::chrono::sys_seconds now);
  [[nodiscard]] Expected<void, StoreError> delete_zone_policy(std::int64_t zone_id,
                                                              const Actor& who,
                                                              std::chrono::sys_seconds now);

  // --- tokens (audited as token.create / token.revoke; the hash never appears in the audit)
  [[nodiscard]] Expected<std::int64_t, StoreError> create_token(
      std::span<const std::uint8_t, 32> hash, TokenRole role, std::string_view label,
      std::optional<std::int64_t> expires, const Actor& who, std::chrono::sys_seconds now);
  // The token with this SHA-256, revoked or not (check Token::usable()); nullopt if none.
  [[nodiscard]] Expected<std::optional<Token>, StoreError> find_token(
      std::span<const std::uint8_t, 32> hash);
  [[nodiscard]] Expected<std::vector<Token>, StoreError> list_tokens();
  // NotFound if there is no such token, Conflict if it is already revoked.
  [[nodiscard]] Expected<void, StoreError> revoke_token(std::int64_t id, const Actor& who,
                                                        std::chrono::sys_seconds now);
  // Fixes a reporter's trust (0..1) or, with nullopt, leaves it to learning (token.trust).
  // NotFound if there is no such token; Invalid outside 0..1.
  [[nodiscard]] Expected<void, StoreError> set_token_trust(std::int64_t id,
                                                           std::optional<double> trust,
                                                           const Actor& who,
                                                           std::chrono::sys_seconds now);

  // --- feedback reports (design.md §10), kept raw with the evidence normalised from them.
  // Stores `report` and its evidence in one transaction, unless a report with the same digest or
  // dedup key exists: then nothing is written and the original's id comes back as a duplicate.
  [[nodiscard]] Expected<StoredReport, StoreError> add_report(const NewReport& report,
                                                              std::chrono::sys_seconds now);
  // Stores many reports in one transaction (received at `now`), each deduplicated as add_report
  // does, against the stored ones and the ones before it in `reports`: one StoredReport per
  // report, in order. All or nothing: a failure stores none of them.
  [[nodiscard]] Expected<std::vector<StoredReport>, StoreError> add_reports(
      std::span<const NewReport> reports, std::chrono::sys_seconds now);
  // A page cache of 256 MiB on this connection (on) or the default 2 MiB (off): for a long bulk
  // job such as a backfill, whose index inserts would otherwise re-read pages every batch.
  Expected<void, StoreError> use_bulk_cache(bool on);
  // Every evidence row in id order, with its reporter (token id).
  Expected<void, StoreError> for_each_evidence(
      const std::function<void(std::int64_t reporter, const EvidenceRow&)>& fn);

  // --- audit, newest first
  [[nodiscard]] Expected<std::vector<AuditEntry>, StoreError> list_audit(const AuditFilter& filter);

  // --- zones
  // Creates an empty zone with `records` (its NS set and any other static RR; owners must lie
  // in the zone), serial max(zone.soa.serial, now), and a reset journal row. Conflict if the
  // apex exists; Invalid for a default class on a zone that is not cos, or a bad one
  // (coded_answer_problem). Returns the zone as stored.
  [[nodiscard]] Expected<Zone, StoreError> create_zone(const Zone& zone,
                                                       std::span<const StaticRecord> records,
                                                       const Actor& who,
                                                       std::chrono::sys_seconds now);
  // Sets mname, rname, refresh, retry, expire, minimum and ttl from `soa` (its serial is
  // ignored: the serial policy applies) and journals del of the old SOA and add of the new one.
  [[nodiscard]] Expected<Committed, StoreError> update_soa(std::int64_t zone_id, const Soa& soa,
                                                           const Actor& who,
                                                           std::chrono::sys_seconds now);
  // Changes the SOA fields as update_soa() does and/or a cos zone's default class, in one
  // transaction at one new serial (all or nothing). A default class has no RR form, so changing
  // it leaves the journal incomplete (Committed::journal_complete): consumers rebuild the zone.
  // Invalid for a default class on a zone that is not cos, or a bad one.
  [[nodiscard]] Expected<Committed, StoreError> update_zone(
      std::int64_t zone_id, const std::optional<Soa>& soa,
      const std::optional<CodedAnswer>& default_class, const Actor& who,
      std::chrono::sys_seconds now);
  // Deletes the zone with all its contents and journal.
  [[nodiscard]] Expected<void, StoreError> delete_zone(std::int64_t zone_id, const Actor& who,
                                                       std::chrono::sys_seconds now);
  [[nodiscard]] Expected<Zone, StoreError> zone_by_id(std::int64_t zone_id);  // NotFound
  [[nodiscard]] Expected<ZoneCounts, StoreError> zone_counts(std::int64_t zone_id);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// RFC 1982 serial arithmetic: is `a` after `b`?
bool serial_after(std::uint32_t a, std::uint32_t b) noexcept;
// The next serial: max(old + 1, unix time) in RFC 1982 terms.
std::uint32_t next_serial(std::uint32_t old, std::chrono::sys_seconds now) noexcept;

}  // namespace vouchd::store
