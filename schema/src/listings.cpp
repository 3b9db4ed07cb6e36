// Manual DNSxL listings and allow entries (store.h): put, delete, get, keyset-paged lists and
// allow coverage, each write one Mutation (mutation.h). Answers are interned per zone in
// `answers`, encoded as replace_zone encodes them (answer_codec.h). An allow entry hides every
// listing at or inside its prefix (RFC 5782 §2.1 ranges), so the journal records the RRs of the
// listings it hides or uncovers.
#include <algorithm>
#include <array>
#include <map>
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

// Shortest prefixes in a cos zone (design.md §11): a shorter IPv4 prefix would be served at `*`
// below the apex, over every domain too; a shorter IPv6 one at `*.<3 nibbles or fewer>`, which
// also reads as an IPv4 range.
constexpr unsigned kMinCosIp4Length = 8;
constexpr unsigned kMinCosIp6Length = 16;

// The key must fit the zone: prefixes (either family: the server serves both) in address zones,
// domains in domain zones, all three in cos zones, where each key's owner names must read as its
// own family (dnswire::cos_shape), or DNS could not serve it.
void check_key(const Zone& zone, const ListingKey& key) {
  const bool cos = zone.kind == ZoneKind::Cos;
  if (const auto* p = std::get_if<IpPrefix>(&key)) {
    if (!is_ip_zone(zone.kind) && !cos) {
      invalid("an address listing needs a dnsbl-ip4/-ip6 or cos zone");
    }
    if (!detail::is_clean_prefix(*p)) invalid("bad listing prefix " + p->to_text());
    const bool v4 = p->family == dnswire::IpFamily::V4;
    if (cos && p->length < (v4 ? kMinCosIp4Length : kMinCosIp6Length)) {
      invalid(std::string{"a cos zone takes IPv4 prefixes of /8 or longer and IPv6 prefixes of "
                          "/16 or longer, not "} +
              p->to_text());
    }
    return;
  }
  const std::string& domain = std::get<std::string>(key);
  if (zone.kind != ZoneKind::DnsblDomain && !cos) {
    invalid("a domain listing needs a dnsbl-domain or cos zone");
  }
  if (!detail::is_entry_domain(domain)) invalid("bad listing domain '" + domain + "'");
  if (!cos) return;
  const std::optional<dnswire::Name> name = dnswire::Name::from_text(domain + ".");
  if (!name) invalid("bad listing domain '" + domain + "'");
  const dnswire::Name lower = name->lowered();  // wire() is a view into it
  const std::string relative(lower.wire().begin(), lower.wire().end() - 1);  // no root label
  if (dnswire::cos_shape(relative) != dnswire::CosShape::Domain) {
    invalid("'" + domain +
            "' does not read as a domain in a cos zone (it has the shape of an address or an "
            "address range, or a numeric top-level label)");
  }
}

// Whether check_key() accepts `key` in `zone`.
bool fits(const Zone& zone, const ListingKey& key) {
  try {
    check_key(zone, key);
    return true;
  } catch (const detail::Failure&) {
    return false;
  }
}

Blob addr_of(const IpPrefix& p) noexcept {
  return std::span{p.addr}.first(p.address_bytes());
}

std::string key_text(const ListingKey& key) {
  if (const auto* p = std::get_if<IpPrefix>(&key)) return p->to_text();
  return std::get<std::string>(key);
}

constexpr std::string_view kList = "list";
constexpr std::string_view kAllow = "allow";

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
  const std::optional<ListingPolicy> policy = policy_from_text(q.text(9));
  if (!policy) detail::fail(StoreError::Code::Corrupt, "stored listing policy unknown");
  r.policy = *policy;
  if (r.policy == ListingPolicy::List && !detail::decode_answer(q.blob(4), r.answer)) {
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

// --- allow coverage: an allow entry at prefix A covers every key at or inside A. It is found by
// probing the key's own prefix at each length the zone's allow entries have (usually a few).

// `p` cut to its first `length` bits (host bits cleared).
IpPrefix truncated(IpPrefix p, unsigned length) noexcept {
  p.length = static_cast<std::uint8_t>(length);
  for (std::size_t i = 0; i < p.addr.size(); ++i) {
    const unsigned first_bit = static_cast<unsigned>(8 * i);
    if (first_bit >= length) {
      p.addr[i] = 0;
    } else if (length - first_bit < 8) {
      p.addr[i] &= static_cast<std::uint8_t>(0xFF << (8 - (length - first_bit)));
    }
  }
  return p;
}

// The last address of `p` (host bits set), address_bytes() long.
std::array<std::uint8_t, 16> last_address(const IpPrefix& p) noexcept {
  std::array<std::uint8_t, 16> last = p.addr;
  for (std::size_t i = 0; i < p.address_bytes(); ++i) {
    const unsigned first_bit = static_cast<unsigned>(8 * i);
    if (first_bit >= p.length) {
      last[i] = 0xFF;
    } else if (p.length - first_bit < 8) {
      last[i] |= static_cast<std::uint8_t>(0xFF >> (p.length - first_bit));
    }
  }
  return last;
}

bool prefix_has(Db& db, std::int64_t zone_id, const IpPrefix& p, std::string_view policy) {
  Query q = db.query(sql::kPrefixHasPolicy);
  q.bind(1, zone_id).bind(2, addr_of(p)).bind(3, std::int64_t{p.length}).bind(4, policy);
  return q.step();
}

std::vector<unsigned> allow_lengths(Db& db, std::int64_t zone_id, dnswire::IpFamily family) {
  Query q = db.query(sql::kAllowLengths);
  q.bind(1, zone_id).bind(2, static_cast<std::int64_t>(family == dnswire::IpFamily::V4 ? 4 : 16));
  std::vector<unsigned> out;
  while (q.step())
    out.push_back(static_cast<unsigned>(q.int64(0)));
  return out;
}

// The allow entry of at most `max_length` bits whose prefix contains `p` (lengths ascending).
std::optional<IpPrefix> allow_over(Db& db, std::int64_t zone_id, const IpPrefix& p,
                                   const std::vector<unsigned>& lengths, unsigned max_length) {
  for (const unsigned length : lengths) {
    if (length > max_length || length > p.length) break;
    const IpPrefix candidate = truncated(p, length);
    if (prefix_has(db, zone_id, candidate, kAllow)) return candidate;
  }
  return std::nullopt;
}

// Whether an allow entry at a strictly shorter prefix hides the row at `key` (a domain allow
// entry covers only its own domain, which is the row itself).
bool hidden_by_broader_allow(Db& db, std::int64_t zone_id, const ListingKey& key) {
  const auto* p = std::get_if<IpPrefix>(&key);
  if (p == nullptr || p->length == 0) return false;
  return allow_over(db, zone_id, *p, allow_lengths(db, zone_id, p->family), p->length - 1u)
      .has_value();
}

// Whether a listing at a strictly shorter prefix contains `p` (an allow entry at p is a hole in
// what it serves).
bool under_broader_listing(Db& db, std::int64_t zone_id, const IpPrefix& p) {
  for (unsigned length = 0; length < p.length; ++length) {
    if (prefix_has(db, zone_id, truncated(p, length), kList)) return true;
  }
  return false;
}

std::vector<ListingRecord> inner_listings(Db& db, std::int64_t zone_id, const IpPrefix& p) {
  const std::array<std::uint8_t, 16> last = last_address(p);
  const auto bytes = static_cast<std::int64_t>(p.address_bytes());
  Query q = db.query(sql::kListInnerIpListings);
  q.bind(1, zone_id).bind(2, addr_of(p)).bind(3, std::span{last}.first(p.address_bytes()));
  q.bind(4, bytes).bind(5, std::int64_t{p.length});
  std::vector<ListingRecord> out;
  while (q.step())
    out.push_back(read_listing(q).record);
  return out;
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
    answer +=
        detail::JsonObject{}
            .number("type", rr.type)
            .number("ttl", rr.ttl)
            .text("rdata", dnswire::rdata_to_text(static_cast<dnswire::RRType>(rr.type), rr.rdata))
            .str();
  }
  return detail::JsonObject{}
      .text("key", key_text(r.key))
      .text("policy", policy_to_text(r.policy))
      .raw("answer", answer + "]")
      .text("source", r.source)
      .optional_number("expires", r.expires)
      .str();
}

// 'del' of every RR served before, 'add' of every RR served after, at every owner of the key;
// nullptr where nothing is served.
void journal_listing(Mutation& m, const ListingRecord* before, const ListingRecord* after) {
  if (before == nullptr && after == nullptr) return;
  if (before != nullptr && after != nullptr && before->answer == after->answer) return;
  const ListingKey& key = before != nullptr ? before->key : after->key;
  const std::vector<dnswire::Name> owners = detail::listing_owners(m.zone().apex, key);
  for (const auto& [op, record] : {std::pair{ChangeOp::Del, before}, {ChangeOp::Add, after}}) {
    if (record == nullptr) continue;
    for (const dnswire::Name& owner : owners) {
      for (const AnswerRR& rr : record->answer)
        m.journal(op, {owner, rr.type, rr.ttl, rr.rdata});
    }
  }
}

// An allow entry at `p` being made (`hide`: call before its row is written) or removed (call
// after): journals the listings inside `p` that stop or start being served, skipping those
// another allow entry hides either way.
void journal_inner(Mutation& m, const IpPrefix& p, bool hide) {
  Db& db = m.db();
  const std::int64_t zone_id = m.zone().id;
  const std::vector<unsigned> lengths = allow_lengths(db, zone_id, p.family);
  for (const ListingRecord& inner : inner_listings(db, zone_id, p)) {
    const IpPrefix& q = std::get<IpPrefix>(inner.key);
    if (allow_over(db, zone_id, q, lengths, q.length - 1u)) continue;
    journal_listing(m, hide ? &inner : nullptr, hide ? nullptr : &inner);
  }
}

std::string object_of(const Zone& zone, const ListingKey& key) {
  return zone.apex.to_text() + "/" + key_text(key);
}

constexpr std::string_view kManual = "manual";
constexpr std::string_view kComputed = "computed";

void write_listing(Mutation& m, const std::optional<StoredListing>& old, const ListingKey& key,
                   ListingPolicy policy, std::optional<std::int64_t> answer_id,
                   std::optional<std::int64_t> expires, std::string_view source = kManual) {
  Db& db = m.db();
  const std::string_view policy_text = policy_to_text(policy);
  if (old) {
    db.query(sql::kUpdateListing)
        .bind(1, old->id)
        .bind(2, answer_id)
        .bind(3, expires)
        .bind(4, m.at())
        .bind(5, policy_text)
        .bind(6, source)
        .run();
  } else if (const auto* p = std::get_if<IpPrefix>(&key)) {
    db.query(sql::kInsertIpListing)
        .bind(1, m.zone().id)
        .bind(2, addr_of(*p))
        .bind(3, std::int64_t{p->length})
        .bind(4, answer_id)
        .bind(5, expires)
        .bind(6, m.at())
        .bind(7, policy_text)
        .bind(8, source)
        .run();
  } else {
    db.query(sql::kInsertDomainListing)
        .bind(1, m.zone().id)
        .bind(2, std::string_view{std::get<std::string>(key)})
        .bind(3, answer_id)
        .bind(4, expires)
        .bind(5, m.at())
        .bind(6, policy_text)
        .bind(7, source)
        .run();
  }
}

// An allow entry made or removed at `key` under a broader listing changes what is served in a
// way no RR expresses (a hole in a wildcard): the journal alone is then not the whole change.
void note_hole_change(Mutation& m, const ListingKey& key, bool was_allow, bool is_allow,
                      bool covered) {
  const auto* p = std::get_if<IpPrefix>(&key);
  if (p == nullptr || was_allow == is_allow || covered) return;
  if (under_broader_listing(m.db(), m.zone().id, *p)) m.mark_journal_incomplete();
}

// Whether an allow entry lies strictly inside `p`: a listing there has a hole no RR expresses.
bool has_allow_inside(Db& db, std::int64_t zone_id, const IpPrefix& p) {
  const std::array<std::uint8_t, 16> last = last_address(p);
  Query q = db.query(sql::kAllowInside);
  q.bind(1, zone_id).bind(2, addr_of(p)).bind(3, std::span{last}.first(p.address_bytes()));
  q.bind(4, static_cast<std::int64_t>(p.address_bytes())).bind(5, std::int64_t{p.length});
  return q.step();
}

// Whether a manual decision covers `key`: an allow entry at or over it.
bool allowed(Db& db, std::int64_t zone_id, const ListingKey& key) {
  if (const auto* p = std::get_if<IpPrefix>(&key)) {
    return allow_over(db, zone_id, *p, allow_lengths(db, zone_id, p->family), p->length)
        .has_value();
  }
  Query q = db.query(sql::kDomainHasPolicy);
  q.bind(1, zone_id).bind(2, std::string_view{std::get<std::string>(key)}).bind(3, kAllow);
  return q.step();
}

// The audit row of one sync: counts and up to 100 keys of each change.
class SyncLog {
 public:
  void note(std::string& list, std::size_t& count, const ListingKey& key) {
    if (++count <= kKeys) list += (list.empty() ? "" : ",") + detail::json_quote(key_text(key));
  }
  std::string json(const ComputedSync& sync) const {
    return detail::JsonObject{}
        .number("added", static_cast<std::int64_t>(sync.added))
        .number("changed", static_cast<std::int64_t>(sync.changed))
        .number("removed", static_cast<std::int64_t>(sync.removed))
        .number("withheld", static_cast<std::int64_t>(sync.withheld))
        .number("unfit", static_cast<std::int64_t>(sync.unfit))
        .raw("added_keys", "[" + added + "]")
        .raw("removed_keys", "[" + removed + "]")
        .str();
  }
  std::string added;
  std::string removed;

 private:
  static constexpr std::size_t kKeys = 100;
};

}  // namespace

std::string_view policy_to_text(ListingPolicy policy) noexcept {
  switch (policy) {  // no default: -Wswitch names a new policy left out
    case ListingPolicy::List:
      return kList;
    case ListingPolicy::Allow:
      return kAllow;
  }
  return kList;  // unreachable for a valid enumerator
}

std::optional<ListingPolicy> policy_from_text(std::string_view text) noexcept {
  if (text == kList) return ListingPolicy::List;
  if (text == kAllow) return ListingPolicy::Allow;
  return std::nullopt;
}

Expected<Committed, StoreError> Store::put_listing(std::int64_t zone_id, const ListingKey& key,
                                                   const Answer& answer,
                                                   std::optional<std::int64_t> expires,
                                                   const Actor& who, std::chrono::sys_seconds now) {
  return put_listing(zone_id, key, ListingPolicy::List, answer, expires, who, now);
}

Expected<Committed, StoreError> Store::put_listing(std::int64_t zone_id, const ListingKey& key,
                                                   ListingPolicy policy, const Answer& answer,
                                                   std::optional<std::int64_t> expires,
                                                   const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    const bool is_allow = policy == ListingPolicy::Allow;
    if (is_allow && !answer.empty()) invalid("an allow entry has no answer");
    if (!is_allow && answer.empty()) invalid("a listing needs at least one RR");
    std::string blob;
    if (!detail::encode_answer(answer, blob)) invalid("answer rdata longer than 65535 octets");
    Mutation m{impl_->db, zone_id, now};
    check_key(m.zone(), key);
    Db& db = m.db();
    const std::optional<StoredListing> old = find_listing(db, zone_id, key);
    const bool was_allow = old && old->record.policy == ListingPolicy::Allow;
    // A broader allow entry hides this key before and after: this write does not change it.
    const bool covered = hidden_by_broader_allow(db, zone_id, key);
    const auto* prefix = std::get_if<IpPrefix>(&key);
    if (prefix != nullptr && is_allow && !was_allow) journal_inner(m, *prefix, true);
    const std::optional<std::int64_t> answer_id =
        is_allow ? std::nullopt : std::optional{intern_answer(db, zone_id, blob)};
    write_listing(m, old, key, policy, answer_id, expires);
    if (prefix != nullptr && was_allow && !is_allow) journal_inner(m, *prefix, false);
    const ListingRecord after{
        key, policy, answer, "manual", expires, old ? old->record.created : m.at(), m.at()};
    const bool served_before = old && !was_allow && !covered;
    journal_listing(m, served_before ? &old->record : nullptr,
                    !is_allow && !covered ? &after : nullptr);
    note_hole_change(m, key, was_allow, is_allow, covered);
    m.audit(who, is_allow ? "listing.allow" : "listing.put", object_of(m.zone(), key),
            old ? listing_json(old->record) : "", listing_json(after));
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
    Db& db = m.db();
    const std::optional<StoredListing> old = find_listing(db, zone_id, key);
    if (!old) detail::fail(StoreError::Code::NotFound, "no listing " + key_text(key));
    const bool was_allow = old->record.policy == ListingPolicy::Allow;
    const bool covered = hidden_by_broader_allow(db, zone_id, key);
    db.query(sql::kDeleteListing).bind(1, old->id).run();
    if (const auto* prefix = std::get_if<IpPrefix>(&key); prefix != nullptr && was_allow) {
      journal_inner(m, *prefix, false);
    }
    journal_listing(m, !was_allow && !covered ? &old->record : nullptr, nullptr);
    note_hole_change(m, key, was_allow, false, covered);
    m.audit(who, "listing.delete", object_of(m.zone(), key), listing_json(old->record), "");
    return m.commit();
  });
}

Expected<std::optional<ListingKey>, StoreError> Store::covering_allow(std::int64_t zone_id,
                                                                      const ListingKey& key) {
  return detail::guarded([&]() -> std::optional<ListingKey> {
    Db& db = impl_->db;
    if (const auto* p = std::get_if<IpPrefix>(&key)) {
      if (!detail::is_clean_prefix(*p)) invalid("bad listing prefix " + p->to_text());
      const auto found =
          allow_over(db, zone_id, *p, allow_lengths(db, zone_id, p->family), p->length);
      return found ? std::optional<ListingKey>{*found} : std::nullopt;
    }
    Query q = db.query(sql::kDomainHasPolicy);
    q.bind(1, zone_id).bind(2, std::string_view{std::get<std::string>(key)}).bind(3, kAllow);
    return q.step() ? std::optional<ListingKey>{key} : std::nullopt;
  });
}

Expected<std::vector<ListingRecord>, StoreError> Store::list_listings(
    std::int64_t zone_id, const std::optional<ListingKey>& after, std::size_t limit) {
  return detail::guarded([&] {
    const Expected<Zone, StoreError> zone = zone_by_id(zone_id);
    if (!zone) throw detail::Failure{zone.error()};
    const bool cos = zone->kind == ZoneKind::Cos;
    const bool ip = is_ip_zone(zone->kind) || cos;
    const bool domains = !is_ip_zone(zone->kind);
    const auto* after_prefix = after ? std::get_if<IpPrefix>(&*after) : nullptr;
    const auto* after_domain = after ? std::get_if<std::string>(&*after) : nullptr;
    if ((!domains && after_domain != nullptr) || (!ip && after_prefix != nullptr)) {
      invalid("cursor does not fit the zone");
    }
    std::vector<ListingRecord> out;
    // A cos zone pages through its prefixes, then its domains: a domain cursor is past them all.
    if (ip && after_domain == nullptr) {
      Query q = impl_->db.query(sql::kListIpListings);
      q.bind(1, zone_id);
      q.bind(2, after_prefix != nullptr ? addr_of(*after_prefix) : Blob{});
      q.bind(3, after_prefix != nullptr ? std::int64_t{after_prefix->length} : -1);
      q.bind(4, detail::sql_limit(limit));
      while (q.step())
        out.push_back(read_listing(q).record);
    }
    if (domains && out.size() < limit) {
      Query q = impl_->db.query(sql::kListDomainListings);
      q.bind(1, zone_id);
      q.bind(2, after_domain != nullptr ? std::string_view{*after_domain} : std::string_view{});
      q.bind(3, detail::sql_limit(limit - out.size()));
      while (q.step())
        out.push_back(read_listing(q).record);
    }
    return out;
  });
}

Expected<std::vector<std::pair<std::int64_t, ListingKey>>, StoreError> Store::expired_listings(
    std::chrono::sys_seconds now, std::size_t limit) {
  return detail::guarded([&] {
    std::vector<std::pair<std::int64_t, std::int64_t>> due;  // (zone id, row id)
    Query q = impl_->db.query(sql::kExpiredListings);
    q.bind(1, std::int64_t{now.time_since_epoch().count()}).bind(2, detail::sql_limit(limit));
    while (q.step()) due.emplace_back(q.int64(0), q.int64(1));
    std::vector<std::pair<std::int64_t, ListingKey>> out;
    for (const auto& [zone_id, id] : due) {
      Query row = impl_->db.query(sql::kSelectListingById);
      row.bind(1, id);
      if (row.step()) out.emplace_back(zone_id, read_listing(row).record.key);
    }
    return out;
  });
}

Expected<std::vector<ListingRecord>, StoreError> Store::manual_listings(std::int64_t zone_id) {
  return detail::guarded([&] {
    std::vector<ListingRecord> out;
    Query q = impl_->db.query(sql::kSelectManualListings);
    q.bind(1, zone_id);
    while (q.step())
      out.push_back(read_listing(q).record);
    return out;
  });
}

Expected<ComputedSync, StoreError> Store::sync_computed(std::int64_t zone_id,
                                                       std::span<const ComputedListing> wanted,
                                                       const Actor& who,
                                                       std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Mutation m{impl_->db, zone_id, now};
    Db& db = m.db();
    // Computed rows not (yet) wanted, by tagged key text ("a:" prefix, "d:" domain).
    const auto tag = [](const ListingKey& key) {
      return (std::holds_alternative<IpPrefix>(key) ? "a:" : "d:") + key_text(key);
    };
    std::map<std::string, StoredListing> stale;
    {
      Query q = db.query(sql::kSelectComputedListings);
      q.bind(1, zone_id);
      while (q.step()) {
        StoredListing row = read_listing(q);
        stale.emplace(tag(row.record.key), std::move(row));
      }
    }
    ComputedSync sync;
    SyncLog log;
    std::size_t changed_keys = 0;
    for (const ComputedListing& want : wanted) {
      if (want.answer.empty()) invalid("a computed listing needs at least one RR");
      if (!fits(m.zone(), want.key)) {
        ++sync.unfit;
        continue;
      }
      std::optional<StoredListing> old;
      if (const auto it = stale.find(tag(want.key)); it != stale.end()) {
        old = std::move(it->second);
        stale.erase(it);
      } else {
        old = find_listing(db, zone_id, want.key);
        if (old) {  // a manual or imported row, or an allow entry, holds the key
          ++sync.withheld;
          continue;
        }
      }
      if (allowed(db, zone_id, want.key)) {
        ++sync.withheld;
        if (old) stale.emplace(tag(want.key), std::move(*old));
        continue;
      }
      if (old && old->record.answer == want.answer) continue;
      std::string blob;
      if (!detail::encode_answer(want.answer, blob)) invalid("answer rdata longer than 65535 octets");
      write_listing(m, old, want.key, ListingPolicy::List, intern_answer(db, zone_id, blob),
                    std::nullopt, kComputed);
      const ListingRecord after{want.key,    ListingPolicy::List, want.answer, std::string{kComputed},
                                std::nullopt, m.at(),             m.at()};
      journal_listing(m, old ? &old->record : nullptr, &after);
      if (const auto* p = std::get_if<IpPrefix>(&want.key);
          !old && p != nullptr && has_allow_inside(db, zone_id, *p)) {
        m.mark_journal_incomplete();
      }
      if (old) {
        ++sync.changed;
      } else {
        log.note(log.added, sync.added, want.key);
      }
      ++changed_keys;
    }
    for (const auto& [tagged, row] : stale) {
      db.query(sql::kDeleteListing).bind(1, row.id).run();
      if (!allowed(db, zone_id, row.record.key)) journal_listing(m, &row.record, nullptr);
      log.note(log.removed, sync.removed, row.record.key);
      ++changed_keys;
    }
    if (changed_keys == 0) return sync;  // the transaction rolls back: nothing was written
    m.audit(who, "reputation.sync", m.zone().apex.to_text(), "", log.json(sync));
    sync.committed = m.commit();
    return sync;
  });
}

}  // namespace vouchd::store
