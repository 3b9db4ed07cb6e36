// Manual DNSxL listings (store.h): put, delete, get and keyset-paged lists, each write one
// Mutation (mutation.h). Answers are interned per zone in `answers`, encoded as replace_zone
// encodes them (answer_codec.h).
#include <algorithm>
#include <string>
#include <utility>

#include "answer_codec.h"
#include "import_plan.h"
#include "mutation.h"
#include "sql.h"
#include "store_impl.h"
#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Mutation;
using detail::Query;
using dnswire::IpPrefix;
using Blob = std::span<const std::uint8_t>;

[[noreturn]] void invalid(std::string message) {
  detail::fail(StoreError::Code::Invalid, std::move(message));
}

bool is_ip_zone(ZoneKind kind) noexcept {
  return kind == ZoneKind::DnsblIp4 || kind == ZoneKind::DnsblIp6;
}

// The key must fit the zone: prefixes (either family: the server serves both) in address zones,
// domains in domain zones.
void check_key(const Zone& zone, const ListingKey& key) {
  if (const auto* p = std::get_if<IpPrefix>(&key)) {
    if (!is_ip_zone(zone.kind)) invalid("an address listing needs a dnsbl-ip4/-ip6 zone");
    if (!detail::is_clean_prefix(*p)) invalid("bad listing prefix " + p->to_text());
    return;
  }
  const std::string& domain = std::get<std::string>(key);
  if (zone.kind != ZoneKind::DnsblDomain) invalid("a domain listing needs a dnsbl-domain zone");
  if (!detail::is_entry_domain(domain)) invalid("bad listing domain '" + domain + "'");
}

Blob addr_of(const IpPrefix& p) noexcept {
  return std::span{p.addr}.first(p.address_bytes());
}

std::string key_text(const ListingKey& key) {
  if (const auto* p = std::get_if<IpPrefix>(&key)) return p->to_text();
  return std::get<std::string>(key);
}

struct StoredListing {
  std::int64_t id = 0;
  ListingRecord record;
};

// Columns as in sql::kSelectDomainListing.
StoredListing read_listing(const Query& q) {
  StoredListing out{q.int64(0), {}};
  ListingRecord& r = out.record;
  if (!q.is_null(1)) {
    r.key = std::string{q.text(1)};
  } else {
    const Blob addr = q.blob(2);
    IpPrefix p;
    p.family = addr.size() == 4 ? dnswire::IpFamily::V4 : dnswire::IpFamily::V6;
    const std::int64_t length = q.int64(3);
    if ((addr.size() != 4 && addr.size() != 16) || length < 0 || length > p.max_length()) {
      detail::fail(StoreError::Code::Corrupt, "stored prefix out of range");
    }
    std::copy(addr.begin(), addr.end(), p.addr.begin());
    p.length = static_cast<std::uint8_t>(length);
    r.key = p;
  }
  if (!detail::decode_answer(q.blob(4), r.answer)) {
    detail::fail(StoreError::Code::Corrupt, "stored answer does not decode");
  }
  r.source.assign(q.text(5));
  r.expires = q.optional_int64(6);
  r.created = q.int64(7);
  r.updated = q.int64(8);
  return out;
}

std::optional<StoredListing> find_listing(Db& db, std::int64_t zone_id, const ListingKey& key) {
  if (const auto* p = std::get_if<IpPrefix>(&key)) {
    Query q = db.query(sql::kSelectIpListing);
    q.bind(1, zone_id).bind(2, addr_of(*p)).bind(3, std::int64_t{p->length});
    return q.step() ? std::optional{read_listing(q)} : std::nullopt;
  }
  Query q = db.query(sql::kSelectDomainListing);
  q.bind(1, zone_id).bind(2, std::string_view{std::get<std::string>(key)});
  return q.step() ? std::optional{read_listing(q)} : std::nullopt;
}

// The id of `answer` in the zone's interned answers, inserted if new (ids as replace_zone makes
// them: above every id in use).
std::int64_t intern_answer(Db& db, std::int64_t zone_id, const std::string& blob) {
  const Blob data{reinterpret_cast<const std::uint8_t*>(blob.data()), blob.size()};
  {
    Query q = db.query(sql::kFindAnswer);
    q.bind(1, zone_id).bind(2, data);
    if (q.step()) return q.int64(0);
  }
  const std::int64_t id = db.pragma_int(sql::kMaxAnswerId) + 1;
  db.query(sql::kInsertAnswers, 1).bind(1, id).bind(2, zone_id).bind(3, data).run();
  return id;
}

std::string listing_json(const ListingRecord& r) {
  std::string answer = "[";
  for (const AnswerRR& rr : r.answer) {
    if (answer.size() > 1) answer.push_back(',');
    answer += detail::JsonObject{}
                  .number("type", rr.type)
                  .number("ttl", rr.ttl)
                  .text("rdata", dnswire::rdata_to_text(static_cast<dnswire::RRType>(rr.type),
                                                        rr.rdata))
                  .str();
  }
  return detail::JsonObject{}
      .text("key", key_text(r.key))
      .raw("answer", answer + "]")
      .text("source", r.source)
      .optional_number("expires", r.expires)
      .str();
}

// 'del' of every RR served before, 'add' of every RR served after, at every owner of the key.
void journal_listing(Mutation& m, const ListingRecord* before, const ListingRecord* after) {
  if (before != nullptr && after != nullptr && before->answer == after->answer) return;
  const ListingKey& key = before != nullptr ? before->key : after->key;
  const std::vector<dnswire::Name> owners = detail::listing_owners(m.zone().apex, key);
  for (const auto& [op, record] : {std::pair{ChangeOp::Del, before}, {ChangeOp::Add, after}}) {
    if (record == nullptr) continue;
    for (const dnswire::Name& owner : owners) {
      for (const AnswerRR& rr : record->answer) m.journal(op, {owner, rr.type, rr.ttl, rr.rdata});
    }
  }
}

std::string object_of(const Zone& zone, const ListingKey& key) {
  return zone.apex.to_text() + "/" + key_text(key);
}

void write_listing(Mutation& m, const std::optional<StoredListing>& old, const ListingKey& key,
                   std::int64_t answer_id, std::optional<std::int64_t> expires) {
  Db& db = m.db();
  if (old) {
    db.query(sql::kUpdateListing).bind(1, old->id).bind(2, answer_id).bind(3, expires)
        .bind(4, m.at()).run();
  } else if (const auto* p = std::get_if<IpPrefix>(&key)) {
    db.query(sql::kInsertIpListing).bind(1, m.zone().id).bind(2, addr_of(*p))
        .bind(3, std::int64_t{p->length}).bind(4, answer_id).bind(5, expires).bind(6, m.at())
        .run();
  } else {
    db.query(sql::kInsertDomainListing).bind(1, m.zone().id)
        .bind(2, std::string_view{std::get<std::string>(key)}).bind(3, answer_id)
        .bind(4, expires).bind(5, m.at()).run();
  }
}

}  // namespace

Expected<Committed, StoreError> Store::put_listing(std::int64_t zone_id, const ListingKey& key,
                                                   const Answer& answer,
                                                   std::optional<std::int64_t> expires,
                                                   const Actor& who,
                                                   std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    std::string blob;
    if (!detail::encode_answer(answer, blob)) invalid("answer rdata longer than 65535 octets");
    Mutation m{impl_->db, zone_id, now};
    check_key(m.zone(), key);
    const std::optional<StoredListing> old = find_listing(m.db(), zone_id, key);
    write_listing(m, old, key, intern_answer(m.db(), zone_id, blob), expires);
    const ListingRecord after{key, answer, "manual", expires, old ? old->record.created : m.at(),
                              m.at()};
    journal_listing(m, old ? &old->record : nullptr, &after);
    m.audit(who, "listing.put", object_of(m.zone(), key), old ? listing_json(old->record) : "",
            listing_json(after));
    return m.commit();
  });
}

Expected<ListingRecord, StoreError> Store::get_listing(std::int64_t zone_id,
                                                       const ListingKey& key) {
  return detail::guarded([&] {
    std::optional<StoredListing> found = find_listing(impl_->db, zone_id, key);
    if (!found) detail::fail(StoreError::Code::NotFound, "no listing " + key_text(key));
    return std::move(found->record);
  });
}

Expected<Committed, StoreError> Store::delete_listing(std::int64_t zone_id, const ListingKey& key,
                                                      const Actor& who,
                                                      std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Mutation m{impl_->db, zone_id, now};
    const std::optional<StoredListing> old = find_listing(m.db(), zone_id, key);
    if (!old) detail::fail(StoreError::Code::NotFound, "no listing " + key_text(key));
    m.db().query(sql::kDeleteListing).bind(1, old->id).run();
    journal_listing(m, &old->record, nullptr);
    m.audit(who, "listing.delete", object_of(m.zone(), key), listing_json(old->record), "");
    return m.commit();
  });
}

Expected<std::vector<ListingRecord>, StoreError> Store::list_listings(
    std::int64_t zone_id, const std::optional<ListingKey>& after, std::size_t limit) {
  return detail::guarded([&] {
    const Expected<Zone, StoreError> zone = zone_by_id(zone_id);
    if (!zone) throw detail::Failure{zone.error()};
    const bool ip = is_ip_zone(zone->kind);
    const auto* after_prefix = after ? std::get_if<IpPrefix>(&*after) : nullptr;
    const auto* after_domain = after ? std::get_if<std::string>(&*after) : nullptr;
    if ((ip && after_domain != nullptr) || (!ip && after_prefix != nullptr)) {
      invalid("cursor does not fit the zone");
    }
    Query q = impl_->db.query(ip ? sql::kListIpListings : sql::kListDomainListings);
    q.bind(1, zone_id);
    if (ip) {
      q.bind(2, after_prefix != nullptr ? addr_of(*after_prefix) : Blob{});
      q.bind(3, after_prefix != nullptr ? std::int64_t{after_prefix->length} : -1);
      q.bind(4, detail::sql_limit(limit));
    } else {
      q.bind(2, after_domain != nullptr ? std::string_view{*after_domain} : std::string_view{});
      q.bind(3, detail::sql_limit(limit));
    }
    std::vector<ListingRecord> out;
    while (q.step()) out.push_back(read_listing(q).record);
    return out;
  });
}

}  // namespace vouchd::store
