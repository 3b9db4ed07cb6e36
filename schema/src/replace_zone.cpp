// Store::replace_zone: a whole zone replaced in one transaction, fast enough for millions of
// entries (design.md §4), with the serial policy of design.md §3 (RFC 1982 arithmetic).
//
// Speed comes from: CPU work (validation, answer interning, sorting: import_plan.h) before the
// write lock; rows inserted in index key order, so every B-tree insert appends; multi-row INSERTs
// from cached statements (BatchInsert); text and blobs bound without copies; and BulkMode below.
#include <algorithm>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "import_plan.h"
#include "sql.h"
#include "store_impl.h"
#include "zone_rows.h"

namespace vouchd::store {
namespace {

using detail::BatchInsert;
using detail::Db;
using detail::ImportPlan;
using detail::Index;
using detail::Query;
using Blob = std::span<const std::uint8_t>;
using Int = std::int64_t;
using Text = std::string_view;

constexpr std::string_view kImportActor = "import";

using detail::unix_seconds;

std::uint32_t later(std::uint32_t a, std::uint32_t b) noexcept {
  return serial_after(b, a) ? b : a;
}

}  // namespace

// --- SQL steps, all inside the one transaction (shared through zone_rows.h)

detail::BulkMode::BulkMode(Db& db) : db_{db} {
  db_.exec(sql::kCacheSizeBulk, "raise cache size");
  db_.exec(sql::kForeignKeysOff, "pause foreign keys");
}

detail::BulkMode::~BulkMode() {
  sqlite3_exec(db_.raw(), sql::kForeignKeysOn, nullptr, nullptr, nullptr);
  sqlite3_exec(db_.raw(), sql::kCacheSizeDefault, nullptr, nullptr, nullptr);
  sqlite3_db_release_memory(db_.raw());
}

detail::StoredZone detail::put_zone(Db& db, const Zone& in, std::chrono::sys_seconds now) {
  StoredZone out{in, false};
  out.zone.apex = in.apex.lowered();
  check_default_class(out.zone);
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
  // max(old + 1, file serial, now), or max(file serial, now) for a new zone, in RFC 1982 terms.
  const std::uint32_t file_serial = in.soa.serial;
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
  std::string codes;
  bind_default_class(q, 13, out.zone.default_class, codes);
  q.run();
  if (!out.existed) out.zone.id = db.last_insert_rowid();
  return out;
}

void detail::clear_zone(Db& db, std::int64_t zone_id) {
  for (const char* statement :
       {sql::kDeleteRecords, sql::kDeleteVouches, sql::kDeleteDomainListings,
        sql::kDeleteIpListings, sql::kDeleteAnswers}) {
    db.query(statement).bind(1, zone_id).run();
  }
}

void detail::insert_records(Db& db, Int zone_id, std::span<const StaticRecord> records) {
  std::vector<std::string> owners;  // bound without copies: must outlive finish()
  owners.reserve(records.size());
  for (const StaticRecord& r : records) {
    owners.push_back(r.owner.to_text());
  }
  BatchInsert<Int, Text, Int, Int, Blob> batch{db, sql::kInsertRecords, [](const auto& row) {
                                                 return "record " + std::string{std::get<1>(row)};
                                               }};
  for (std::size_t i = 0; i < records.size(); ++i) {
    const StaticRecord& r = records[i];
    batch.add(zone_id, owners[i], Int{r.type}, Int{r.ttl}, Blob{r.rdata});
  }
  batch.finish();
}

void detail::insert_reset(Db& db, Int zone_id, std::uint32_t serial, Int at) {
  db.query(sql::kInsertReset).bind(1, zone_id).bind(2, Int{serial}).bind(3, at).run();
}

namespace {

void insert_vouches(Db& db, Int zone_id, const ZoneContents& c, const ImportPlan& plan, Int now) {
  BatchInsert<Int, Text, Text, Int, Int, Int, Text> batch{
      db, sql::kInsertVouches,
      [](const auto& row) { return "vouch " + std::string{std::get<1>(row)}; }};
  for (const detail::TextKey& key : plan.vouches) {
    const Vouch& v = c.vouches[key.index];
    batch.add(zone_id, v.domain, v.categories, Int{v.ttl}, now, now, kImportActor);
  }
  batch.finish();
}

// Inserts the distinct answers in blob order with ids assigned here (so both the table and its
// UNIQUE index append); returns the id of each, by ImportPlan::answers index.
std::vector<Int> insert_answers(Db& db, Int zone_id, const ImportPlan& plan) {
  const auto& blobs = plan.answers;
  std::vector<Index> order(blobs.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return blobs[a] < blobs[b]; });
  Int next_id = db.pragma_int(sql::kMaxAnswerId) + 1;
  std::vector<Int> ids(blobs.size());
  BatchInsert<Int, Int, Blob> batch{db, sql::kInsertAnswers,
                                    [](const auto&) { return std::string{"answer"}; }};
  for (const Index i : order) {
    ids[i] = next_id++;
    const std::string& blob = blobs[i];
    batch.add(ids[i], zone_id,
              Blob{reinterpret_cast<const std::uint8_t*>(blob.data()), blob.size()});
  }
  batch.finish();
  return ids;
}

// `answer_ids`: the row id of each ImportPlan::answers entry.
void insert_listings(Db& db, Int zone_id, const ImportPlan& plan,
                     const std::vector<Int>& answer_ids, Int now) {
  BatchInsert<Int, Text, Int, Int, Int> domains{
      db, sql::kInsertDomainListings,
      [](const auto& row) { return "listing " + std::string{std::get<1>(row)}; }};
  for (const detail::TextKey& key : plan.domains) {
    domains.add(zone_id, *key.text, answer_ids[plan.answer_of[key.index]], now, now);
  }
  domains.finish();
  BatchInsert<Int, Blob, Int, Int, Int, Int> prefixes{
      db, sql::kInsertIpListings, [](const auto& row) {
        const Blob addr = std::get<1>(row);
        dnswire::IpPrefix p;
        p.family = addr.size() == 4 ? dnswire::IpFamily::V4 : dnswire::IpFamily::V6;
        std::copy(addr.begin(), addr.end(), p.addr.begin());
        p.length = static_cast<std::uint8_t>(std::get<2>(row));
        return "listing " + p.to_text();
      }};
  for (const detail::PrefixKey& key : plan.prefixes) {
    const dnswire::IpPrefix& p = *key.prefix;
    prefixes.add(zone_id, std::span{p.addr}.first(p.address_bytes()), Int{p.length},
                 answer_ids[plan.answer_of[key.index]], now, now);
  }
  prefixes.finish();
}

Zone replace(Db& db, const ZoneContents& c, std::chrono::sys_seconds now) {
  if (c.zone.kind == ZoneKind::Cos) {
    detail::fail(StoreError::Code::Invalid,
                 "a cos zone cannot be loaded from a master file: its default class has no RR "
                 "form (create it with POST /api/v1/zones)");
  }
  const ImportPlan plan = detail::plan_import(c);  // before the write lock
  const Int at = unix_seconds(now);
  const detail::BulkMode bulk{db};
  detail::WriteTxn txn{db};
  const detail::StoredZone stored = detail::put_zone(db, c.zone, now);
  const Int zone_id = stored.zone.id;
  if (stored.existed) detail::clear_zone(db, zone_id);
  detail::insert_records(db, zone_id, c.records);
  insert_vouches(db, zone_id, c, plan, at);
  insert_listings(db, zone_id, plan, insert_answers(db, zone_id, plan), at);
  detail::insert_reset(db, zone_id, stored.zone.soa.serial, at);
  txn.commit();
  return stored.zone;
}

}  // namespace

Expected<Zone, StoreError> Store::replace_zone(const ZoneContents& contents,
                                               std::chrono::sys_seconds now) {
  return detail::guarded([&] { return replace(impl_->db, contents, now); });
}

}  // namespace vouchd::store
