// The vouch write API (store.h): put, bulk put, suspend, delete, get and keyset-paged lists, each
// write one Mutation (mutation.h).
#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include "import_plan.h"
#include "mutation.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Mutation;
using detail::Query;

[[noreturn]] void invalid(std::string message) {
  detail::fail(StoreError::Code::Invalid, std::move(message));
}

// [a-z]+( [a-z]+)*, one TXT character-string.
bool valid_categories(std::string_view c) noexcept {
  if (c.empty() || c.size() > 255 || c.front() == ' ' || c.back() == ' ') return false;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const bool letter = c[i] >= 'a' && c[i] <= 'z';
    const bool single_space = c[i] == ' ' && c[i - 1] != ' ';  // i > 0: c.front() != ' '
    if (!letter && !single_space) return false;
  }
  return true;
}

void validate(const VouchRecord& v) {
  if (!detail::is_entry_domain(v.domain)) invalid("bad vouch domain '" + v.domain + "'");
  if (!valid_categories(v.categories)) invalid("bad categories '" + v.categories + "'");
}

// Columns as in sql::kSelectVouch.
VouchRecord read_vouch(const Query& q) {
  VouchRecord v;
  v.domain.assign(q.text(0));
  v.categories.assign(q.text(1));
  v.ttl = q.u32(2);
  v.note.assign(q.text(3));
  v.expires = q.optional_int64(4);
  v.suspended = q.int64(5) != 0;
  v.created = q.int64(6);
  v.updated = q.int64(7);
  v.actor.assign(q.text(8));
  return v;
}

std::optional<VouchRecord> find_vouch(Db& db, std::int64_t zone_id, std::string_view domain) {
  Query q = db.query(sql::kSelectVouch);
  q.bind(1, zone_id).bind(2, domain);
  return q.step() ? std::optional{read_vouch(q)} : std::nullopt;
}

std::string vouch_json(const VouchRecord& v) {
  return detail::JsonObject{}
      .text("domain", v.domain)
      .text("categories", v.categories)
      .number("ttl", v.ttl)
      .text("note", v.note)
      .optional_number("expires", v.expires)
      .boolean("suspended", v.suspended)
      .str();
}

std::string object_of(const Zone& zone, std::string_view domain) {
  return zone.apex.to_text() + "/" + std::string{domain};
}

// 'del' of the RR served before, 'add' of the RR served after; nothing if they are the same.
void journal_vouch(Mutation& m, const VouchRecord* before, const VouchRecord* after) {
  std::optional<StaticRecord> old_rr, new_rr;
  if (before != nullptr && !before->suspended) old_rr = detail::vouch_rr(m.zone(), *before);
  if (after != nullptr && !after->suspended) new_rr = detail::vouch_rr(m.zone(), *after);
  if (old_rr && new_rr && old_rr->ttl == new_rr->ttl && old_rr->rdata == new_rr->rdata) return;
  if (old_rr) m.journal(ChangeOp::Del, *old_rr);
  if (new_rr) m.journal(ChangeOp::Add, *new_rr);
}

void apply_put(Mutation& m, const VouchRecord& in, const Actor& who, std::string_view action) {
  const std::optional<VouchRecord> old = find_vouch(m.db(), m.zone().id, in.domain);
  VouchRecord stored = in;
  stored.created = old ? old->created : m.at();
  stored.updated = m.at();
  stored.actor = who.name;
  Query q = m.db().query(sql::kUpsertVouch);
  q.bind(1, m.zone().id).bind(2, std::string_view{stored.domain});
  q.bind(3, std::string_view{stored.categories}).bind(4, std::int64_t{stored.ttl});
  q.bind(5, std::string_view{stored.note}).bind(6, stored.expires);
  q.bind(7, std::int64_t{stored.suspended ? 1 : 0}).bind(8, m.at());
  q.bind(9, std::string_view{stored.actor});
  q.run();
  journal_vouch(m, old ? &*old : nullptr, &stored);
  m.audit(who, action, object_of(m.zone(), stored.domain), old ? vouch_json(*old) : "",
          vouch_json(stored));
}

// The vouch, or NotFound.
VouchRecord existing(Mutation& m, std::string_view domain) {
  std::optional<VouchRecord> old = find_vouch(m.db(), m.zone().id, domain);
  if (!old) detail::fail(StoreError::Code::NotFound, "no vouch " + std::string{domain});
  return std::move(*old);
}

constexpr std::string_view kNotVbr = "not a vbr zone";

}  // namespace

Expected<Committed, StoreError> Store::put_vouch(std::int64_t zone_id, const VouchRecord& vouch,
                                                 const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    validate(vouch);
    Mutation m{impl_->db, zone_id, now};
    detail::require_kind(m.zone(), ZoneKind::Vbr, kNotVbr);
    apply_put(m, vouch, who, "vouch.put");
    return m.commit();
  });
}

Expected<Committed, StoreError> Store::put_vouches(std::int64_t zone_id,
                                                   std::span<const VouchRecord> vouches,
                                                   const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    std::set<std::string_view> seen;
    for (const VouchRecord& v : vouches) {
      validate(v);
      if (!seen.insert(v.domain).second) {
        detail::fail(StoreError::Code::Conflict, "duplicate vouch " + v.domain);
      }
    }
    Mutation m{impl_->db, zone_id, now};
    detail::require_kind(m.zone(), ZoneKind::Vbr, kNotVbr);
    for (const VouchRecord& v : vouches)
      apply_put(m, v, who, "vouch.put");
    return m.commit();
  });
}

Expected<VouchRecord, StoreError> Store::get_vouch(std::int64_t zone_id, std::string_view domain) {
  return detail::guarded([&] {
    std::optional<VouchRecord> v = find_vouch(impl_->db, zone_id, domain);
    if (!v) detail::fail(StoreError::Code::NotFound, "no vouch " + std::string{domain});
    return std::move(*v);
  });
}

Expected<Committed, StoreError> Store::delete_vouch(std::int64_t zone_id, std::string_view domain,
                                                    const Actor& who,
                                                    std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Mutation m{impl_->db, zone_id, now};
    const VouchRecord old = existing(m, domain);
    m.db().query(sql::kDeleteVouch).bind(1, zone_id).bind(2, domain).run();
    journal_vouch(m, &old, nullptr);
    m.audit(who, "vouch.delete", object_of(m.zone(), domain), vouch_json(old), "");
    return m.commit();
  });
}

Expected<Committed, StoreError> Store::set_vouch_suspended(std::int64_t zone_id,
                                                           std::string_view domain, bool suspended,
                                                           const Actor& who,
                                                           std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Mutation m{impl_->db, zone_id, now};
    VouchRecord v = existing(m, domain);
    v.suspended = suspended;
    apply_put(m, v, who, suspended ? "vouch.suspend" : "vouch.resume");
    return m.commit();
  });
}

Expected<std::vector<VouchRecord>, StoreError> Store::list_vouches(std::int64_t zone_id,
                                                                   std::string_view prefix,
                                                                   std::string_view after,
                                                                   std::size_t limit) {
  return detail::guarded([&] {
    const std::optional<std::string> end = detail::prefix_end(prefix);
    const bool bounded = !prefix.empty() && end;
    Query q = impl_->db.query(bounded ? sql::kListVouchesPrefix : sql::kListVouches);
    q.bind(1, zone_id).bind(2, after);
    if (bounded) {
      q.bind(3, prefix).bind(4, std::string_view{*end}).bind(5, detail::sql_limit(limit));
    } else {
      q.bind(3, detail::sql_limit(limit));
    }
    std::vector<VouchRecord> out;
    while (q.step()) {
      VouchRecord v = read_vouch(q);
      if (v.domain.starts_with(prefix)) out.push_back(std::move(v));  // only 0xff.. prefixes filter
    }
    return out;
  });
}

Expected<std::vector<std::pair<std::int64_t, std::string>>, StoreError> Store::expired_vouches(
    std::chrono::sys_seconds now, std::size_t limit) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kExpiredVouches);
    q.bind(1, std::int64_t{now.time_since_epoch().count()}).bind(2, detail::sql_limit(limit));
    std::vector<std::pair<std::int64_t, std::string>> out;
    while (q.step())
      out.emplace_back(q.int64(0), q.text(1));
    return out;
  });
}

}  // namespace vouchd::store
