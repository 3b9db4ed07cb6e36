// Store::replace_zone: a whole zone replaced in one transaction, fast enough for millions of
// entries (design.md §4), with the serial policy of design.md §3 (RFC 1982 arithmetic).
//
// Speed comes from: CPU work (validation, answer interning, sorting) before the write lock;
// one prepared statement per table with the per-zone values bound once; rows inserted in index key
// order so every B-tree insert appends; text and blobs bound without copies; a large page cache
// for the duration of the import.
#include <algorithm>
#include <compare>
#include <deque>
#include <functional>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "answer_codec.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::fail;
using detail::Query;
using Index = std::uint32_t;  // position in ZoneContents::listings or in Interned::blobs

constexpr std::string_view kImportActor = "import";

std::int64_t unix_seconds(std::chrono::sys_seconds t) noexcept {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}

std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// --- validation, before any SQL

// An entry key (Vouch::domain, a domain listing): presentation, lower-case, no final dot.
bool is_entry_domain(std::string_view d) noexcept {
  if (d.empty() || d.size() > 253 || d.back() == '.') return false;
  return std::none_of(d.begin(), d.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A prefix whose length fits its family and whose host bits are clear, so that equal prefixes
// are equal keys.
bool is_clean_prefix(const dnswire::IpPrefix& p) noexcept {
  if (p.length > p.max_length()) return false;
  for (std::size_t i = 0; i < p.address_bytes(); ++i) {
    const std::size_t bits = std::min<std::size_t>(8, std::max<std::size_t>(p.length, i * 8) - i * 8);
    const auto host_mask = static_cast<std::uint8_t>(0xffu >> bits);
    if ((p.addr[i] & host_mask) != 0) return false;
  }
  return true;
}

std::optional<StoreError> invalid(std::string message) {
  return StoreError{StoreError::Code::Invalid, std::move(message)};
}

std::optional<StoreError> validate(const ZoneContents& c) {
  for (const StaticRecord& r : c.records) {
    if (!r.owner.is_below(c.zone.apex)) return invalid("record owner outside the zone");
    if (r.rdata.size() > 0xffff) return invalid("record rdata longer than 65535 octets");
  }
  for (const Vouch& v : c.vouches) {
    if (!is_entry_domain(v.domain)) return invalid("bad vouch domain '" + v.domain + "'");
  }
  for (const Listing& l : c.listings) {
    if (const auto* p = std::get_if<dnswire::IpPrefix>(&l.key)) {
      if (!is_clean_prefix(*p)) return invalid("bad listing prefix");
    } else if (const auto& d = std::get<std::string>(l.key); !is_entry_domain(d)) {
      return invalid("bad listing domain '" + d + "'");
    }
  }
  return std::nullopt;
}

// --- answers: identical answers share one row

struct Interned {
  std::deque<std::string> blobs;  // distinct encodings, first seen first (deque: stable addresses)
  std::vector<Index> blob_of;     // per listing, in contents order
};

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

Interned intern_answers(const std::vector<Listing>& listings) {
  Interned out;
  out.blob_of.reserve(listings.size());
  std::unordered_map<std::string_view, Index, ViewHash> seen;
  std::string buffer;
  for (std::size_t i = 0; i < listings.size(); ++i) {
    if (i > 0 && listings[i].answer == listings[i - 1].answer) {  // the common case: one answer
      out.blob_of.push_back(out.blob_of.back());
      continue;
    }
    if (!detail::encode_answer(listings[i].answer, buffer)) {
      fail(StoreError::Code::Invalid, "answer rdata longer than 65535 octets");
    }
    auto it = seen.find(buffer);
    if (it == seen.end()) {
      const std::string& blob = out.blobs.emplace_back(buffer);
      it = seen.emplace(blob, static_cast<Index>(out.blobs.size() - 1)).first;
    }
    out.blob_of.push_back(it->second);
  }
  return out;
}

// --- keys in index order (bytewise, as SQLite compares TEXT and BLOB)

int compare_prefix(const dnswire::IpPrefix& a, const dnswire::IpPrefix& b) noexcept {
  const auto ab = std::span{a.addr}.first(a.address_bytes());
  const auto bb = std::span{b.addr}.first(b.address_bytes());
  const auto order = std::lexicographical_compare_three_way(ab.begin(), ab.end(), bb.begin(),
                                                            bb.end());
  if (order != 0) return order < 0 ? -1 : 1;
  return static_cast<int>(a.length) - static_cast<int>(b.length);
}

template <typename T, typename Less>
void sort_unless_sorted(std::vector<T>& v, Less less) {
  if (!std::is_sorted(v.begin(), v.end(), less)) std::sort(v.begin(), v.end(), less);
}

struct SortedKeys {
  std::vector<const Vouch*> vouches;
  std::vector<std::pair<const std::string*, Index>> domains;
  std::vector<std::pair<const dnswire::IpPrefix*, Index>> prefixes;
};

SortedKeys sort_keys(const ZoneContents& c) {
  SortedKeys out;
  out.vouches.reserve(c.vouches.size());
  for (const Vouch& v : c.vouches) out.vouches.push_back(&v);
  sort_unless_sorted(out.vouches, [](const Vouch* a, const Vouch* b) { return a->domain < b->domain; });
  for (std::size_t i = 0; i < c.listings.size(); ++i) {
    const Index index = static_cast<Index>(i);
    if (const auto* p = std::get_if<dnswire::IpPrefix>(&c.listings[i].key)) {
      out.prefixes.emplace_back(p, index);
    } else {
      out.domains.emplace_back(&std::get<std::string>(c.listings[i].key), index);
    }
  }
  sort_unless_sorted(out.domains, [](const auto& a, const auto& b) { return *a.first < *b.first; });
  sort_unless_sorted(out.prefixes, [](const auto& a, const auto& b) {
    return compare_prefix(*a.first, *b.first) < 0;
  });
  return out;
}

// --- SQL steps, all inside the one transaction

// Runs an insert for one entry; a failure names the entry ("duplicate vouch example.com").
// `key()` gives the entry's name, and is called only on failure.
template <typename KeyFn>
void run_entry(Query& q, std::string_view what, const KeyFn& key) {
  try {
    q.run();
  } catch (detail::Failure& f) {
    const bool duplicate = f.sqlite_rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
                           f.sqlite_rc == SQLITE_CONSTRAINT_UNIQUE;
    std::string message = duplicate ? "duplicate " : "";
    message.append(what).append(" ").append(key());
    if (!duplicate) message.append(": ").append(f.error.message);
    f.error.message = std::move(message);
    throw;
  }
}

// A large page cache while a bulk import runs (pages are allocated only as they are touched),
// handed back afterwards.
class BulkCache {
 public:
  explicit BulkCache(Db& db) : db_{db} { db_.exec(sql::kCacheSizeBulk, "raise cache size"); }
  ~BulkCache() {
    sqlite3_exec(db_.raw(), sql::kCacheSizeDefault, nullptr, nullptr, nullptr);
    sqlite3_db_release_memory(db_.raw());
  }
  BulkCache(const BulkCache&) = delete;
  BulkCache& operator=(const BulkCache&) = delete;

 private:
  Db& db_;
};

std::uint32_t later(std::uint32_t a, std::uint32_t b) noexcept {
  return serial_after(b, a) ? b : a;
}

struct StoredZone {
  Zone zone;
  bool existed = false;
};

// Creates or updates the zone row with the SOA values of `in` and the serial policy.
StoredZone put_zone(Db& db, const Zone& in, std::chrono::sys_seconds now) {
  StoredZone out{in, false};
  out.zone.apex = in.apex.lowered();
  const std::string apex = out.zone.apex.to_text();
  std::optional<std::uint32_t> old_serial;
  {
    Query q = db.query(sql::kSelectZoneSerial);
    q.bind(1, apex);
    if (q.step()) {
      out.zone.id = q.int64(0);
      old_serial = q.u32(1);
    }
  }
  out.existed = old_serial.has_value();
  const std::uint32_t file_serial = in.soa.serial;
  // max(old + 1, file serial, now), or max(file serial, now) for a new zone, in RFC 1982 terms.
  const auto unix_time = static_cast<std::uint32_t>(unix_seconds(now));  // modulo 2^32
  out.zone.soa.serial = old_serial ? later(next_serial(*old_serial, now), file_serial)
                                   : later(file_serial, unix_time);
  const std::string mname = in.soa.mname.to_text();
  const std::string rname = in.soa.rname.to_text();
  Query q = db.query(out.existed ? sql::kUpdateZone : sql::kInsertZone);
  if (out.existed) {
    q.bind(1, out.zone.id);
  } else {
    q.bind(1, apex);
  }
  const Soa& soa = out.zone.soa;
  q.bind(2, kind_to_text(in.kind)).bind(3, mname).bind(4, rname);
  q.bind(5, std::int64_t{soa.serial}).bind(6, std::int64_t{soa.refresh});
  q.bind(7, std::int64_t{soa.retry}).bind(8, std::int64_t{soa.expire});
  q.bind(9, std::int64_t{soa.minimum}).bind(10, std::int64_t{soa.ttl});
  q.bind(11, std::int64_t{in.default_ttl}).bind(12, unix_seconds(now));
  q.run();
  if (!out.existed) out.zone.id = db.last_insert_rowid();
  return out;
}

void clear_zone(Db& db, std::int64_t zone_id) {
  for (const char* statement : {sql::kDeleteRecords, sql::kDeleteVouches,
                                sql::kDeleteDomainListings, sql::kDeleteIpListings,
                                sql::kDeleteAnswers}) {
    db.query(statement).bind(1, zone_id).run();
  }
}

void insert_records(Db& db, std::int64_t zone_id, const std::vector<StaticRecord>& records) {
  Query q = db.query(sql::kInsertRecord);
  q.bind(1, zone_id);
  for (const StaticRecord& r : records) {
    const std::string owner = r.owner.to_text();
    q.bind(2, owner).bind(3, std::int64_t{r.type}).bind(4, std::int64_t{r.ttl});
    q.bind(5, std::span{r.rdata});
    run_entry(q, "record", [&] { return owner; });
  }
}

void insert_vouches(Db& db, std::int64_t zone_id, const std::vector<const Vouch*>& sorted,
                    std::int64_t now) {
  Query q = db.query(sql::kInsertVouch);
  q.bind(1, zone_id).bind(5, now).bind(6, kImportActor);
  for (const Vouch* v : sorted) {
    q.bind(2, v->domain).bind(3, v->categories).bind(4, std::int64_t{v->ttl});
    run_entry(q, "vouch", [&] { return v->domain; });
  }
}

// Inserts the distinct answers in blob order; returns the row id of each, by blob index.
std::vector<std::int64_t> insert_answers(Db& db, std::int64_t zone_id, const Interned& in) {
  std::vector<Index> order(in.blobs.size());
  std::iota(order.begin(), order.end(), Index{0});
  sort_unless_sorted(order, [&](Index a, Index b) { return in.blobs[a] < in.blobs[b]; });
  std::vector<std::int64_t> ids(in.blobs.size());
  Query q = db.query(sql::kInsertAnswer);
  q.bind(1, zone_id);
  for (const Index i : order) {
    q.bind(2, as_bytes(in.blobs[i])).run();
    ids[i] = db.last_insert_rowid();
  }
  return ids;
}

struct ListingRows {
  std::int64_t zone_id;
  std::int64_t now;
  const Interned& interned;
  const std::vector<std::int64_t>& answer_ids;
  std::int64_t answer_id(Index listing) const { return answer_ids[interned.blob_of[listing]]; }
};

void insert_domain_listings(Db& db, const ListingRows& rows, const SortedKeys& keys) {
  Query q = db.query(sql::kInsertDomainListing);
  q.bind(1, rows.zone_id).bind(4, rows.now);
  for (const auto& [domain, listing] : keys.domains) {
    q.bind(2, *domain).bind(3, rows.answer_id(listing));
    run_entry(q, "listing", [&] { return *domain; });
  }
}

void insert_ip_listings(Db& db, const ListingRows& rows, const SortedKeys& keys) {
  Query q = db.query(sql::kInsertIpListing);
  q.bind(1, rows.zone_id).bind(5, rows.now);
  for (const auto& [prefix, listing] : keys.prefixes) {
    q.bind(2, std::span{prefix->addr}.first(prefix->address_bytes()));
    q.bind(3, std::int64_t{prefix->length}).bind(4, rows.answer_id(listing));
    run_entry(q, "listing", [&] { return prefix->to_text(); });
  }
}

#include <cstdio>
#include <ctime>
struct Tm { std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now(); double c = cpu(); static double cpu() { timespec ts; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9; } void lap(const char* w) { auto n = std::chrono::steady_clock::now(); double cn = cpu(); std::fprintf(stderr, "  %s wall %.2f cpu %.2f\n", w, std::chrono::duration<double>(n - t).count(), cn - c); t = n; c = cn; } };
Zone replace(Db& db, const ZoneContents& c, std::chrono::sys_seconds now) {
  Tm tm;
  const Interned interned = intern_answers(c.listings);
  tm.lap("intern");
  const SortedKeys keys = sort_keys(c);
  tm.lap("sort");
  const std::int64_t at = unix_seconds(now);
  const BulkCache cache{db};
  detail::WriteTxn txn{db};
  const StoredZone stored = put_zone(db, c.zone, now);
  const std::int64_t zone_id = stored.zone.id;
  if (stored.existed) clear_zone(db, zone_id);
  tm.lap("clear");
  insert_records(db, zone_id, c.records);
  insert_vouches(db, zone_id, keys.vouches, at);
  tm.lap("vouches");
  const std::vector<std::int64_t> answer_ids = insert_answers(db, zone_id, interned);
  const ListingRows rows{zone_id, at, interned, answer_ids};
  insert_domain_listings(db, rows, keys);
  insert_ip_listings(db, rows, keys);
  tm.lap("listings");
  db.query(sql::kInsertReset).bind(1, zone_id).bind(2, std::int64_t{stored.zone.soa.serial})
      .bind(3, at).run();
  txn.commit();
  tm.lap("commit");
  return stored.zone;
}

}  // namespace

Expected<Zone, StoreError> Store::replace_zone(const ZoneContents& contents,
                                               std::chrono::sys_seconds now) {
  Tm tm;
  if (auto bad = validate(contents)) return tl::unexpected(std::move(*bad));
  tm.lap("validate");
  return detail::guarded([&] { return replace(impl_->db, contents, now); });
}

}  // namespace vouchd::store
