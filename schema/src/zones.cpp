// The zone API (store.h): create, update SOA fields and a cos zone's default class, delete, read
// one zone and its counts.
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "import_plan.h"
#include "mutation.h"
#include "sql.h"
#include "store_impl.h"
#include "zone_rows.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Query;

constexpr std::uint16_t kTypeNs = 2;
constexpr std::uint16_t kTypeSoa = 6;

// The apex NS names among `records`, as a JSON array ("ns" in the audit of a zone).
std::string ns_json(const Zone& z, std::span<const StaticRecord> records) {
  std::string out = "[";
  for (const StaticRecord& rr : records) {
    if (rr.type != kTypeNs || !(rr.owner == z.apex)) continue;
    const std::optional<dnswire::Name> target = dnswire::Name::from_uncompressed(rr.rdata);
    if (!target) continue;
    if (out.size() > 1) out.push_back(',');
    out += detail::json_quote(target->to_text());
  }
  return out + "]";
}

std::vector<StaticRecord> stored_records(Db& db, std::int64_t zone_id) {
  Query q = db.query(sql::kSelectRecords);
  q.bind(1, zone_id);
  std::vector<StaticRecord> out;
  while (q.step())
    detail::read_rr(q, 0, out.emplace_back());
  return out;
}

// The zone's row, and its NS set when `records` are given (zone.create and zone.delete).
std::string zone_json(const Zone& z, std::optional<std::span<const StaticRecord>> records = {}) {
  detail::JsonObject o;
  o.text("apex", z.apex.to_text())
      .text("kind", kind_to_text(z.kind))
      .text("mname", z.soa.mname.to_text())
      .text("rname", z.soa.rname.to_text())
      .number("serial", z.soa.serial)
      .number("refresh", z.soa.refresh)
      .number("retry", z.soa.retry)
      .number("expire", z.soa.expire)
      .number("minimum", z.soa.minimum)
      .number("ttl", z.soa.ttl)
      .number("default_ttl", z.default_ttl);
  if (z.default_class) o.raw("default_class", detail::default_class_json(*z.default_class));
  if (records) o.raw("ns", ns_json(z, *records));
  return o.str();
}

std::optional<Zone> find_zone(Db& db, std::int64_t zone_id) {
  Query q = db.query(sql::kSelectZoneById);
  q.bind(1, zone_id);
  return q.step() ? detail::read_zone(q) : std::nullopt;
}

bool apex_exists(Db& db, const std::string& apex) {
  Query q = db.query(sql::kSelectZoneSerial);
  q.bind(1, apex);
  return q.step();
}

StaticRecord soa_rr(const Zone& z) {
  return StaticRecord{z.apex, kTypeSoa, z.soa.ttl, soa_rdata(z.soa)};
}

// The SOA fields of `soa` (not its serial: the serial policy applies), journaled as del of the
// old SOA and add of the new one; `after` takes them.
void write_soa(detail::Mutation& m, const Soa& soa, Zone& after) {
  after.soa = soa;
  after.soa.serial = m.serial();
  const std::string mname = soa.mname.to_text();
  const std::string rname = soa.rname.to_text();
  Query q = m.db().query(sql::kUpdateSoa);
  q.bind(1, m.zone().id).bind(2, std::string_view{mname}).bind(3, std::string_view{rname});
  q.bind(4, std::int64_t{soa.refresh}).bind(5, std::int64_t{soa.retry});
  q.bind(6, std::int64_t{soa.expire}).bind(7, std::int64_t{soa.minimum});
  q.bind(8, std::int64_t{soa.ttl});
  q.run();
  m.journal(ChangeOp::Del, soa_rr(m.zone()));
  m.journal(ChangeOp::Add, soa_rr(after));
}

// A cos zone's default class. It has no RR form (it answers for every key without an entry), so
// the journal cannot carry it: consumers rebuild the zone.
void write_default_class(detail::Mutation& m, const CodedAnswer& coded, Zone& after) {
  after.default_class = coded;
  detail::check_default_class(after);  // Invalid unless the zone is cos and the class is valid
  std::string codes;
  Query q = m.db().query(sql::kUpdateDefaultClass);
  q.bind(1, m.zone().id);
  detail::bind_default_class(q, 2, after.default_class, codes);
  q.run();
  m.mark_journal_incomplete();
}

}  // namespace

Expected<Zone, StoreError> Store::create_zone(const Zone& zone,
                                              std::span<const StaticRecord> records,
                                              const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    detail::check_records(zone.apex, records);
    Zone checked = zone;
    detail::check_default_class(checked);  // before the write lock
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    const std::string apex = zone.apex.lowered().to_text();
    if (apex_exists(db, apex)) detail::fail(StoreError::Code::Conflict, "zone " + apex + " exists");
    const detail::StoredZone stored = detail::put_zone(db, checked, now);
    detail::insert_records(db, stored.zone.id, records);
    detail::insert_reset(db, stored.zone.id, stored.zone.soa.serial, at);
    detail::append_audit(db, at, who, "zone.create", apex, "", zone_json(stored.zone, records));
    txn.commit();
    return stored.zone;
  });
}

Expected<Committed, StoreError> Store::update_soa(std::int64_t zone_id, const Soa& soa,
                                                  const Actor& who, std::chrono::sys_seconds now) {
  return update_zone(zone_id, soa, std::nullopt, who, now);
}

Expected<Committed, StoreError> Store::update_zone(std::int64_t zone_id,
                                                   const std::optional<Soa>& soa,
                                                   const std::optional<CodedAnswer>& default_class,
                                                   const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    detail::Mutation m{impl_->db, zone_id, now};
    Zone after = m.zone();
    if (soa) write_soa(m, *soa, after);
    if (default_class) write_default_class(m, *default_class, after);
    after.soa.serial = m.serial();
    const std::string_view action = !default_class ? "zone.soa"
                                    : !soa         ? "zone.default_class"
                                                   : "zone.update";
    m.audit(who, action, after.apex.to_text(), zone_json(m.zone()), zone_json(after));
    return m.commit();
  });
}

Expected<void, StoreError> Store::delete_zone(std::int64_t zone_id, const Actor& who,
                                              std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    const detail::BulkMode bulk{db};  // clear_zone() deletes every row that references the zone
    detail::WriteTxn txn{db};
    const std::optional<Zone> zone = find_zone(db, zone_id);
    if (!zone)
      detail::fail(StoreError::Code::NotFound, "no zone with id " + std::to_string(zone_id));
    const std::vector<StaticRecord> records = stored_records(db, zone_id);
    detail::clear_zone(db, zone_id);
    db.query(sql::kDeleteChanges).bind(1, zone_id).run();
    db.query(sql::kDeleteZonePolicy).bind(1, zone_id).run();
    db.query(sql::kDeleteZone).bind(1, zone_id).run();
    detail::append_audit(db, detail::unix_seconds(now), who, "zone.delete", zone->apex.to_text(),
                         zone_json(*zone, records), "");
    txn.commit();
  });
}

Expected<Zone, StoreError> Store::zone_by_id(std::int64_t zone_id) {
  return detail::guarded([&] {
    std::optional<Zone> zone = find_zone(impl_->db, zone_id);
    if (!zone)
      detail::fail(StoreError::Code::NotFound, "no zone with id " + std::to_string(zone_id));
    return std::move(*zone);
  });
}

Expected<ZoneCounts, StoreError> Store::zone_counts(std::int64_t zone_id) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kCountZone);
    q.bind(1, zone_id);
    ZoneCounts c;
    if (q.step()) {
      c.vouches = static_cast<std::size_t>(q.int64(0));
      c.suspended = static_cast<std::size_t>(q.int64(1));
      c.listings = static_cast<std::size_t>(q.int64(2));
      c.records = static_cast<std::size_t>(q.int64(3));
    }
    return c;
  });
}

}  // namespace vouchd::store
