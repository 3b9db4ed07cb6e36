// Building a zone's in-memory index from the store (design.md §3 store -> zone index), with the
// RFC 5782 §5 test points every DNSxL zone must carry.
#include "vouchd/zone/builder.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "vouchd/store/store.h"

namespace vouchd::zone {
namespace {

using Bytes = std::vector<std::uint8_t>;

Kind to_kind(store::ZoneKind k) {
  switch (k) {
    case store::ZoneKind::Vbr:
      return Kind::Vbr;
    case store::ZoneKind::DnsblIp4:
      return Kind::DnsblIp4;
    case store::ZoneKind::DnsblIp6:
      return Kind::DnsblIp6;
    case store::ZoneKind::DnsblDomain:
      return Kind::DnsblDomain;
    case store::ZoneKind::Static:
      return Kind::Static;
    case store::ZoneKind::Cos:
      return Kind::Cos;
  }
  return Kind::Static;
}

template <typename Out>
void put32(Out& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<typename Out::value_type>(v >> shift));
  }
}

// "sender.example" -> lower-case wire labels without the root ("\6sender\7example"); nullopt if
// the text is not a plain name.
bool append_domain_key(std::string_view domain, Bytes& key) {
  if (domain.find('\\') != std::string_view::npos) {
    const auto n = dnswire::Name::from_text(std::string{domain} + ".");
    if (!n) return false;
    const dnswire::Name lower = n->lowered();  // keep it alive: wire() is a view into it
    key.insert(key.end(), lower.wire().begin(), lower.wire().end() - 1);
    return true;
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    const std::size_t len = dot - start;
    if (len == 0 || len > dnswire::kMaxLabel) return false;
    key.push_back(static_cast<std::uint8_t>(len));
    for (std::size_t i = start; i < dot; ++i) {
      key.push_back(dnswire::ascii_lower_char(static_cast<unsigned char>(domain[i])));
    }
    start = dot + 1;
  }
  return key.size() < dnswire::kMaxNameWire;
}

// Interns answers by their content, so millions of entries share a few hundred answer sets.
class Interner {
 public:
  std::uint32_t intern(const store::Answer& answer) {
    std::string key;
    for (const store::AnswerRR& rr : answer) {
      put32(key, rr.type);
      put32(key, rr.ttl);
      put32(key, static_cast<std::uint32_t>(rr.rdata.size()));
      key.insert(key.end(), rr.rdata.begin(), rr.rdata.end());
    }
    const auto [it, inserted] = index_.try_emplace(std::move(key), 0);
    if (inserted) {
      it->second = static_cast<std::uint32_t>(contents_.size());
      contents_.push_back(answer);
    }
    return it->second;
  }
  const store::Answer& content(std::uint32_t id) const { return contents_[id]; }
  std::span<const store::Answer> contents() const { return contents_; }

  std::vector<AnswerSet> take() && {
    std::vector<AnswerSet> sets;
    sets.reserve(contents_.size());
    for (const store::Answer& answer : contents_) {
      std::vector<AnswerSet::RR> rrs;
      for (const store::AnswerRR& rr : answer) {
        rrs.push_back({static_cast<dnswire::RRType>(rr.type), rr.ttl, rr.rdata});
      }
      sets.emplace_back(rrs);
    }
    return sets;
  }

 private:
  std::map<std::string, std::uint32_t> index_;
  std::vector<store::Answer> contents_;
};

// A store read that failed leaves the zone incomplete: serving it would answer NXDOMAIN for
// entries that exist, so the build stops (start-up reports it and exits).
template <typename T>
T checked(store::Expected<T, store::StoreError> result) {
  if (!result) throw std::runtime_error("store read failed: " + result.error().message);
  return *result;
}

void checked(store::Expected<void, store::StoreError> result) {
  if (!result) throw std::runtime_error("store read failed: " + result.error().message);
}

store::Answer test_point_answer(std::uint32_t a_value, std::uint32_t ttl) {
  store::AnswerRR a{static_cast<std::uint16_t>(dnswire::RRType::A), ttl, {}};
  put32(a.rdata, a_value);
  const std::string text = "RFC 5782 test point";
  store::AnswerRR txt{static_cast<std::uint16_t>(dnswire::RRType::Txt), ttl, {}};
  txt.rdata.push_back(static_cast<std::uint8_t>(text.size()));
  txt.rdata.insert(txt.rdata.end(), text.begin(), text.end());
  return {a, txt};
}

// The addresses a zone's allow entries cover, as disjoint intervals per family: a listing inside
// one is not served, however specific it is (an allow entry beats every listing it covers).
class AllowCover {
 public:
  explicit AllowCover(std::vector<dnswire::IpPrefix> allows) {
    std::sort(allows.begin(), allows.end(), [](const auto& a, const auto& b) {
      return std::tuple{a.family, to_addr128(a), a.length} <
             std::tuple{b.family, to_addr128(b), b.length};
    });
    for (const dnswire::IpPrefix& p : allows) {
      const Span s{p.family, to_addr128(p), last_addr128(p)};
      // Prefixes are nested or disjoint, and a shorter one sorts first at the same start.
      if (!spans_.empty() && spans_.back().family == s.family && s.first <= spans_.back().last) {
        continue;
      }
      spans_.push_back(s);
    }
  }

  bool covers(const dnswire::IpPrefix& p) const noexcept {
    const Addr128 first = to_addr128(p);
    const auto it = std::upper_bound(spans_.begin(), spans_.end(), std::pair{p.family, first},
                                     [](const auto& key, const Span& s) {
                                       return key < std::pair{s.family, s.first};
                                     });
    if (it == spans_.begin()) return false;
    const Span& s = *std::prev(it);
    return s.family == p.family && last_addr128(p) <= s.last;
  }

 private:
  struct Span {
    dnswire::IpFamily family;
    Addr128 first;
    Addr128 last;
  };
  std::vector<Span> spans_;
};
// Listings keyed as the journal and IXFR name them (dnswire::dnsxl_tiles): a prefix that does not
// end on a label boundary (a /23, a /62) becomes its aligned sub-ranges, so that a live change at
// one owner replaces exactly the entry the base holds there. Where a tile coincides with a longer
// listing, the longer one wins, as the most specific prefix does in the look-up.
std::vector<IpTable::Entry> owner_tiles(std::vector<IpTable::Entry> entries) {
  const bool aligned = std::all_of(entries.begin(), entries.end(), [](const IpTable::Entry& e) {
    return e.prefix.length % (e.prefix.family == dnswire::IpFamily::V4 ? 8 : 4) == 0 &&
           e.prefix.length != 0;
  });
  if (aligned) return entries;
  std::stable_sort(entries.begin(), entries.end(),
                   [](const IpTable::Entry& a, const IpTable::Entry& b) {
                     return a.prefix.length > b.prefix.length;
                   });
  std::vector<IpTable::Entry> out;
  out.reserve(entries.size());
  for (const IpTable::Entry& e : entries) {
    for (const dnswire::IpPrefix& tile : dnswire::dnsxl_tiles(e.prefix)) {
      out.push_back({tile, e.value});
    }
  }
  return out;
}

class ZoneBuilder {
 public:
  ZoneBuilder(store::Store& s, const store::Zone& z) : store_{s}, zone_{z} {
    parts_.apex = z.apex.lowered();
    parts_.kind = to_kind(z.kind);
    parts_.serial = z.soa.serial;
    parts_.soa_rdata = store::soa_rdata(z.soa);
    parts_.soa_ttl = z.soa.ttl;
    parts_.soa_minimum = z.soa.minimum;
  }

  std::shared_ptr<const Zone> build() {
    collect_static();
    if (parts_.kind == Kind::Vbr || parts_.kind == Kind::DnsblDomain || parts_.kind == Kind::Cos) {
      names_.reserve(checked(store_.entry_count(zone_.id)) + static_.size());
    }
    switch (parts_.kind) {
      case Kind::Vbr:
        add_vouches();
        break;
      case Kind::DnsblDomain:
        add_domain_listings(true);
        break;
      case Kind::DnsblIp4:
      case Kind::DnsblIp6:
        add_ip_listings(true);
        break;
      case Kind::Cos:  // design.md §11: not a blocklist, so no RFC 5782 §5 test points
        add_ip_listings(false);
        add_domain_listings(false);
        add_default_class();
        break;
      case Kind::Static:
        break;
    }
    add_static();
    parts_.answers = std::move(interner_).take();
    parts_.names = std::move(names_).build();
    return std::make_shared<const Zone>(std::move(parts_));
  }

 private:
  // Static records grouped by relative owner; the apex also gets its SOA.
  void collect_static() {
    const store::AnswerRR soa{static_cast<std::uint16_t>(dnswire::RRType::Soa), zone_.soa.ttl,
                              parts_.soa_rdata};
    static_[{}].push_back(soa);
    checked(store_.for_each_record(zone_.id, [this](const store::StaticRecord& r) {
      if (!r.owner.is_below(parts_.apex)) return;
      const dnswire::Name rel = r.owner.lowered().relative_to(parts_.apex);
      const std::string key{reinterpret_cast<const char*>(rel.wire().data()), rel.wire_size() - 1};
      static_[key].push_back({r.type, r.ttl, r.rdata});
    }));
  }

  void add_static() {
    for (auto& [key, rrs] : static_) {
      const std::span<const std::uint8_t> k{reinterpret_cast<const std::uint8_t*>(key.data()),
                                            key.size()};
      names_.add(k, interner_.intern(rrs));
      names_.add_ancestors(k);
    }
  }

  // An entry's RRs; where static records share the owner, the entry joins them instead.
  void add_entry(const Bytes& key, std::uint32_t answer) {
    const std::string_view k{reinterpret_cast<const char*>(key.data()), key.size()};
    if (const auto it = static_.find(k); it != static_.end()) {
      const store::Answer& rrs = interner_.content(answer);
      it->second.insert(it->second.end(), rrs.begin(), rrs.end());
      return;
    }
    names_.add_later(key, answer);  // entry keys are distinct: placed in one pass at build()
    names_.add_ancestors(key);
  }

  void add_vouches() {
    const bool apex_is_vouch = store::apex_is_vouch(parts_.apex);
    // Vouches share a handful of answers: find one by (categories, TTL) without allocating.
    std::map<std::string, std::uint32_t, std::less<>> by_content;
    std::string content;
    Bytes key;
    checked(store_.for_each_vouch(zone_.id, [&](const store::Vouch& v) {
      key.clear();
      if (!append_domain_key(v.domain, key)) return;
      if (!apex_is_vouch) key.insert(key.end(), {6, '_', 'v', 'o', 'u', 'c', 'h'});
      content.assign(v.categories);
      put32(content, v.ttl);
      auto it = by_content.find(content);
      if (it == by_content.end()) {
        store::AnswerRR txt{static_cast<std::uint16_t>(dnswire::RRType::Txt), v.ttl, {}};
        txt.rdata.push_back(static_cast<std::uint8_t>(v.categories.size()));
        txt.rdata.insert(txt.rdata.end(), v.categories.begin(), v.categories.end());
        it = by_content.emplace(content, interner_.intern({txt})).first;
      }
      add_entry(key, it->second);
    }));
  }

  std::map<std::int64_t, std::uint32_t> intern_store_answers() {
    std::map<std::int64_t, std::uint32_t> local;
    for (const auto& [id, answer] : store_.answers(zone_.id))
      local[id] = interner_.intern(answer);
    return local;
  }

  // A cos zone's answer for keys without an entry (127.0.0.1 if the store row has none).
  void add_default_class() {
    const store::CodedAnswer coded =
        zone_.default_class.value_or(store::CodedAnswer{{0x7F000001}, {}});
    parts_.default_answer = interner_.intern(store::to_answer(coded, zone_.default_ttl));
  }

  void add_domain_listings(bool test_point) {
    const auto local = intern_store_answers();
    Bytes key;
    bool has_test = false;
    checked(
        store_.for_each_domain_listing(zone_.id, [&](std::string_view domain, std::int64_t answer) {
          const auto it = local.find(answer);
          key.clear();
          if (it == local.end() || !append_domain_key(domain, key)) return;
          has_test = has_test || domain == "test";
          add_entry(key, it->second);
        }));
    // RFC 5782 §5: domain lists MUST list TEST and MUST NOT list INVALID.
    if (test_point && !has_test) {
      add_entry(Bytes{4, 't', 'e', 's', 't'},
                interner_.intern(test_point_answer(0x7F000002, zone_.default_ttl)));
    }
  }

  // Listings not covered by an allow entry, then the test points, then the allow entries as holes
  // (IpTable keeps the first of identical prefixes: a stored listing, then a test point, wins).
  void add_ip_listings(bool test_points) {
    const auto local = intern_store_answers();
    std::vector<dnswire::IpPrefix> allows;
    checked(store_.for_each_ip_allow(zone_.id,
                                     [&](const dnswire::IpPrefix& p) { allows.push_back(p); }));
    const AllowCover cover{allows};
    std::vector<IpTable::Entry> v4;
    std::vector<IpTable::Entry> v6;
    checked(
        store_.for_each_ip_listing(zone_.id, [&](const dnswire::IpPrefix& p, std::int64_t answer) {
          const auto it = local.find(answer);
          if (it == local.end() || cover.covers(p)) return;
          (p.family == dnswire::IpFamily::V4 ? v4 : v6).push_back({p, it->second});
        }));
    v4 = owner_tiles(std::move(v4));
    v6 = owner_tiles(std::move(v6));
    // RFC 5782 §5: the test points stay listed whatever allow entry covers them; being full
    // addresses, they are more specific than any hole but one at the same address.
    if (test_points) add_test_points(v4, v6);
    for (const dnswire::IpPrefix& p : allows) {
      (p.family == dnswire::IpFamily::V4 ? v4 : v6).push_back({p, IpTable::kNotListed});
    }
    parts_.ip4 = IpTable::build(std::move(v4), dnswire::IpFamily::V4);
    parts_.ip6 = IpTable::build(std::move(v6), dnswire::IpFamily::V6);
  }

  // RFC 5782 §5: 127.0.0.2 and ::FFFF:7F00:2 listed (appended last, so imported entries for
  // them win), 127.0.0.1 and ::FFFF:7F00:1 not; §5 SHOULD: one test address per return value.
  void add_test_points(std::vector<IpTable::Entry>& v4, std::vector<IpTable::Entry>& v6) {
    std::vector<std::uint32_t> values{0x7F000002};
    for (const store::Answer& answer : interner_.contents()) {
      for (const store::AnswerRR& rr : answer) {
        if (rr.type != static_cast<std::uint16_t>(dnswire::RRType::A) || rr.rdata.size() != 4) {
          continue;
        }
        const std::uint32_t v = static_cast<std::uint32_t>(rr.rdata[0]) << 24 |
                                static_cast<std::uint32_t>(rr.rdata[1]) << 16 |
                                static_cast<std::uint32_t>(rr.rdata[2]) << 8 | rr.rdata[3];
        if ((v >> 24) == 127 && v != 0x7F000001 &&
            std::find(values.begin(), values.end(), v) == values.end()) {
          values.push_back(v);
        }
      }
    }
    for (const std::uint32_t v : values) {
      const std::uint32_t answer = interner_.intern(test_point_answer(v, zone_.default_ttl));
      dnswire::IpPrefix p4{dnswire::IpFamily::V4, {}, 32};
      for (std::size_t i = 0; i < 4; ++i)
        p4.addr[i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
      v4.push_back({p4, answer});
      if (v != 0x7F000002) continue;
      dnswire::IpPrefix p6{dnswire::IpFamily::V6, {}, 128};
      p6.addr[10] = 0xFF;
      p6.addr[11] = 0xFF;
      for (std::size_t i = 0; i < 4; ++i)
        p6.addr[12 + i] = p4.addr[i];
      v6.push_back({p6, answer});
    }
  }

  store::Store& store_;
  const store::Zone& zone_;
  Zone::Parts parts_;
  Interner interner_;
  NameTable::Builder names_;
  std::map<std::string, store::Answer, std::less<>> static_;  // relative owner wire -> RRs
};

}  // namespace

std::shared_ptr<const Zone> build_zone(store::Store& store, const store::Zone& zone) {
  return ZoneBuilder{store, zone}.build();
}

std::shared_ptr<const ZoneSet> build_zone_set(store::Store& store) {
  std::vector<std::shared_ptr<const Zone>> zones;
  for (const store::Zone& z : store.zones())
    zones.push_back(build_zone(store, z));
  return std::make_shared<const ZoneSet>(std::move(zones));
}

}  // namespace vouchd::zone
