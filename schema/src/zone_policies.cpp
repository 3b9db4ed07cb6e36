// Zone reputation policies (store.h): stored as the JSON text the API checked, audited as
// policy.put / policy.delete with the zone's apex as object.
#include <string>

#include "mutation.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Query;

std::optional<std::string> stored_policy(Db& db, std::int64_t zone_id) {
  Query q = db.query(sql::kSelectZonePolicy);
  q.bind(1, zone_id);
  return q.step() ? std::optional{std::string{q.text(0)}} : std::nullopt;
}

std::string apex_of(Db& db, std::int64_t zone_id) {
  Query q = db.query(sql::kSelectZoneById);
  q.bind(1, zone_id);
  const std::optional<Zone> zone = q.step() ? detail::read_zone(q) : std::nullopt;
  if (!zone) detail::fail(StoreError::Code::NotFound, "no zone with id " + std::to_string(zone_id));
  return zone->apex.to_text();
}

}  // namespace

Expected<std::optional<std::string>, StoreError> Store::zone_policy(std::int64_t zone_id) {
  return detail::guarded([&] { return stored_policy(impl_->db, zone_id); });
}

Expected<std::vector<std::pair<std::int64_t, std::string>>, StoreError> Store::zone_policies() {
  return detail::guarded([&] {
    std::vector<std::pair<std::int64_t, std::string>> out;
    Query q = impl_->db.query(sql::kSelectZonePolicies);
    while (q.step())
      out.emplace_back(q.int64(0), std::string{q.text(1)});
    return out;
  });
}

Expected<void, StoreError> Store::put_zone_policy(std::int64_t zone_id, std::string_view policy,
                                                  const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    const std::string apex = apex_of(db, zone_id);
    const std::optional<std::string> old = stored_policy(db, zone_id);
    db.query(sql::kPutZonePolicy).bind(1, zone_id).bind(2, policy).bind(3, at).run();
    detail::append_audit(db, at, who, "policy.put", apex, old.value_or(""), policy);
    txn.commit();
  });
}

Expected<void, StoreError> Store::delete_zone_policy(std::int64_t zone_id, const Actor& who,
                                                     std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    const std::string apex = apex_of(db, zone_id);
    const std::optional<std::string> old = stored_policy(db, zone_id);
    if (!old) detail::fail(StoreError::Code::NotFound, "zone " + apex + " has no policy");
    db.query(sql::kDeleteZonePolicy).bind(1, zone_id).run();
    detail::append_audit(db, at, who, "policy.delete", apex, *old, "");
    txn.commit();
  });
}

}  // namespace vouchd::store
