// Live changes on a published zone (design.md §5 "Updates"): a new snapshot shares the base and
// carries the old delta merged with the new changes, in time proportional to the delta.
#include "delta.h"

#include <algorithm>
#include <map>
#include <string>

namespace vouchd::zone {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::string_view view(std::span<const std::uint8_t> b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::span<const std::uint8_t> bytes_of(const std::string& s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool is_data(std::uint32_t v) noexcept {
  return v != kDeleted && v != kEmptyNonTerminal;
}

// Override order: longest prefix first, then by first address (IpOverrides' groups).
struct IpKey {
  int minus_length;
  Addr128 first;
  friend auto operator<=>(const IpKey&, const IpKey&) = default;
};

IpKey ip_key(const dnswire::IpPrefix& p) {
  return {-static_cast<int>(p.length), to_addr128(p)};
}

// RFC 5782 §5: a DNSxL zone MUST list its test point; a removal there keeps what the base holds.
bool is_test_point(const dnswire::IpPrefix& p) noexcept {
  if (p.family == dnswire::IpFamily::V4) {
    return p.length == 32 && to_addr128(p) == Addr128{0, 0x7F000002};
  }
  return p.length == 128 && to_addr128(p) == Addr128{0, 0x0000FFFF7F000002ULL};
}

// The base's most specific listing strictly enclosing `p`, found by probing the addresses next to
// p and the edges of each shorter prefix around it: where a deleted override answers instead.
std::optional<IpTable::Match> enclosing(const IpTable& table, const dnswire::IpPrefix& p) {
  std::optional<IpTable::Match> best;
  const auto probe = [&](Addr128 a) {
    const auto m = table.match(a);
    if (!m || m->length >= p.length || (best && best->length >= m->length)) return;
    if (prefix_of(a, m->length, p.family).contains(p)) best = m;
  };
  const Addr128 first = to_addr128(p);
  const Addr128 last = last_addr128(p);
  if (first != Addr128{})
    probe(first.lo == 0 ? Addr128{first.hi - 1, ~0ULL} : Addr128{first.hi, first.lo - 1});
  if (last != Addr128{~0ULL, ~0ULL})
    probe(last.lo == ~0ULL ? Addr128{last.hi + 1, 0} : Addr128{last.hi, last.lo + 1});
  for (unsigned len = 0; len < p.length; ++len) {
    const dnswire::IpPrefix q = prefix_of(first, len, p.family);
    probe(to_addr128(q));
    probe(last_addr128(q));
  }
  return best;
}

// The merged overrides while a new delta is made: old entries first, then the changes in order.
class DeltaBuilder {
 public:
  DeltaBuilder(const Zone::Base& base, const Delta* old) : base_{base}, old_{old} {
    if (old == nullptr) return;
    old->names.for_each([this](std::span<const std::uint8_t> k, std::uint32_t v) {
      names_.emplace(std::string{view(k)}, adopt(v));
    });
    for (const IpOverride& o : old->ip4.entries())
      keep_ip(o);
    for (const IpOverride& o : old->ip6.entries())
      keep_ip(o);
  }

  void apply(const EntryChange& c) {
    const std::optional<std::uint32_t> value =
        c.answer ? std::optional{intern(*c.answer)} : std::nullopt;
    if (const auto* key = std::get_if<NameKey>(&c.key)) {
      set_name(std::string{view(*key)}, value);
    } else {
      set_ip(std::get<dnswire::IpPrefix>(c.key), value);
    }
  }

  // The apex SOA carries the new serial (RFC 1035 §3.3.13), so SOA and IXFR clients see it.
  void set_serial(std::uint32_t serial) {
    const std::uint32_t ref = apex_value();
    if (!is_data(ref)) return;
    std::vector<AnswerSet::RR> rrs = answer_of(ref).rrs();
    std::vector<OwnedRR> owned;
    for (const AnswerSet::RR& rr : rrs)
      owned.push_back({rr.type, rr.ttl, {rr.rdata.begin(), rr.rdata.end()}});
    for (OwnedRR& rr : owned) {
      if (rr.type != dnswire::RRType::Soa || rr.rdata.size() < 20) continue;
      const std::size_t at = soa_serial_offset(rr.rdata.size());
      for (std::size_t i = 0; i < 4; ++i)
        rr.rdata[at + i] = static_cast<std::uint8_t>(serial >> (24 - 8 * i));
    }
    names_[std::string{}] = intern(owned);
  }

  std::shared_ptr<const Delta> build() && {
    add_empty_non_terminals();
    auto d = std::make_shared<Delta>();
    NameTable::Builder nb;
    nb.reserve(names_.size());
    for (const auto& [k, v] : names_)
      nb.add(bytes_of(k), v);
    d->names = std::move(nb).build();
    d->ip4 = IpOverrides{take_ips(dnswire::IpFamily::V4)};
    d->ip6 = IpOverrides{take_ips(dnswire::IpFamily::V6)};
    d->answers = std::move(answers_);
    return d;
  }

 private:
  // An old delta value in the new delta's numbering; its answer set is shared, not copied.
  std::uint32_t adopt(std::uint32_t v) {
    if (!is_data(v) || (v & kDeltaAnswer) == 0) return v;
    const std::uint32_t i = v & ~kDeltaAnswer;
    if (remap_.empty()) remap_.assign(old_->answers.size(), kDeleted);
    if (remap_[i] == kDeleted) remap_[i] = push(old_->answers[i]);
    return remap_[i];
  }

  std::uint32_t push(std::shared_ptr<const AnswerSet> set) {
    const auto v = static_cast<std::uint32_t>(answers_.size()) | kDeltaAnswer;
    ids_.emplace(view(set->bytes()), v);
    answers_.push_back(std::move(set));
    return v;
  }

  std::uint32_t intern(const std::vector<OwnedRR>& owned) {
    std::vector<AnswerSet::RR> rrs;
    for (const OwnedRR& rr : owned)
      rrs.push_back({rr.type, rr.ttl, rr.rdata});
    auto set = std::make_shared<const AnswerSet>(rrs);
    if (const auto it = base_.answer_ids.find(view(set->bytes())); it != base_.answer_ids.end()) {
      return it->second;
    }
    if (const auto it = ids_.find(view(set->bytes())); it != ids_.end()) return it->second;
    return push(std::move(set));
  }

  const AnswerSet& answer_of(std::uint32_t ref) const {
    if ((ref & kDeltaAnswer) != 0) return *answers_[ref & ~kDeltaAnswer];
    return base_.parts.answers[ref];
  }

  std::uint32_t apex_value() const {
    if (const auto it = names_.find(std::string{}); it != names_.end()) return it->second;
    return base_.parts.names.find({}).value_or(kDeleted);
  }

  // A removal hides a base entry; a name only the delta added simply goes.
  void set_name(std::string key, std::optional<std::uint32_t> value) {
    if (value) {
      names_[std::move(key)] = *value;
      return;
    }
    // RFC 5782 §5: a domain list MUST list TEST; a removal there keeps what the base holds.
    if (base_.parts.kind == Kind::DnsblDomain && key == std::string_view{"\4test", 5}) {
      names_.erase(key);
      return;
    }
    const auto in_base = base_.parts.names.find(bytes_of(key));
    if (in_base && is_data(*in_base)) {
      names_[std::move(key)] = kDeleted;
    } else {
      names_.erase(key);
    }
  }

  void set_ip(const dnswire::IpPrefix& p, std::optional<std::uint32_t> value) {
    const IpTable& table = p.family == dnswire::IpFamily::V4 ? base_.parts.ip4 : base_.parts.ip6;
    auto& ips = p.family == dnswire::IpFamily::V4 ? ip4_ : ip6_;
    if (!value && base_.parts.kind != Kind::Cos && is_test_point(p)) {
      ips.erase(ip_key(p));
      return;
    }
    IpOverride o{p, to_addr128(p), last_addr128(p), value.value_or(kDeleted), std::nullopt};
    if (!value) o.fallback = enclosing(table, p);
    ips.insert_or_assign(ip_key(p), o);
  }

  void keep_ip(IpOverride o) {
    o.value = adopt(o.value);
    (o.prefix.family == dnswire::IpFamily::V4 ? ip4_ : ip6_).insert_or_assign(ip_key(o.prefix), o);
  }

  // RFC 8020: a name the delta adds makes its ancestors exist; those neither in the base nor in
  // the delta (or removed by it) become empty non-terminals here.
  void add_empty_non_terminals() {
    std::vector<std::string> data;
    for (const auto& [k, v] : names_) {
      if (is_data(v)) data.push_back(k);
    }
    for (const std::string& k : data) {
      for (std::size_t pos = k.empty() ? 0 : 1u + static_cast<std::uint8_t>(k[0]); pos < k.size();
           pos += 1u + static_cast<std::uint8_t>(k[pos])) {
        if (!mark_ancestor(k.substr(pos))) break;
      }
    }
  }

  // False once an ancestor already exists (its own ancestors then exist too).
  bool mark_ancestor(std::string anc) {
    if (const auto it = names_.find(anc); it != names_.end()) {
      if (it->second != kDeleted) return false;
      it->second = kEmptyNonTerminal;
      return true;
    }
    if (base_.parts.names.find(bytes_of(anc))) return false;
    names_.emplace(std::move(anc), kEmptyNonTerminal);
    return true;
  }

  std::vector<IpOverride> take_ips(dnswire::IpFamily family) {
    std::vector<IpOverride> out;
    for (auto& [k, o] : family == dnswire::IpFamily::V4 ? ip4_ : ip6_)
      out.push_back(o);
    return out;
  }

  const Zone::Base& base_;
  const Delta* old_;
  std::unordered_map<std::string, std::uint32_t> names_;
  std::map<IpKey, IpOverride> ip4_;
  std::map<IpKey, IpOverride> ip6_;
  std::vector<std::shared_ptr<const AnswerSet>> answers_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;  // views into answers_
  std::vector<std::uint32_t> remap_;                         // old delta answer -> new value
};

}  // namespace

Zone::Base::Base(Parts p) : parts{std::move(p)} {
  for (std::size_t i = 0; i < parts.answers.size(); ++i) {
    answer_ids.emplace(view(parts.answers[i].bytes()), static_cast<std::uint32_t>(i));
  }
}

std::shared_ptr<const Zone> Zone::with_changes(std::span<const EntryChange> changes,
                                               std::uint32_t new_serial) const {
  DeltaBuilder b{*base_, delta_.get()};
  for (const EntryChange& c : changes)
    b.apply(c);
  if (new_serial != serial_) b.set_serial(new_serial);
  return std::make_shared<const Zone>(Key{}, base_, std::move(b).build(), new_serial);
}

IpOverrides::IpOverrides(std::vector<IpOverride> sorted) : entries_{std::move(sorted)} {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const std::uint8_t len = entries_[i].prefix.length;
    if (groups_.empty() || groups_.back().length != len) {
      groups_.push_back({len, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i)});
    }
    groups_.back().end = static_cast<std::uint32_t>(i + 1);
  }
}

const IpOverride* IpOverrides::find_in(const Group& g, Addr128 addr) const noexcept {
  const Addr128 first = to_addr128(prefix_of(addr, g.length, entries_[g.begin].prefix.family));
  const auto b = entries_.begin() + g.begin;
  const auto e = entries_.begin() + g.end;
  const auto it =
      std::lower_bound(b, e, first, [](const IpOverride& o, Addr128 a) { return o.first < a; });
  return it != e && it->first == first ? &*it : nullptr;
}

std::optional<std::uint32_t> IpOverrides::resolve(
    Addr128 addr, std::optional<IpTable::Match> base) const noexcept {
  for (const Group& g : groups_) {
    const IpOverride* o = find_in(g, addr);
    if (o == nullptr) continue;
    if (base && base->length > g.length) break;  // a more specific base listing wins
    if (o->value != kDeleted) return o->value;
    // A removal hides the base's entry at this exact prefix; what enclosed it answers instead.
    if (base && base->length == g.length) base = o->fallback;
  }
  if (!base) return std::nullopt;
  return base->value;
}

bool IpOverrides::any_in(Addr128 first, Addr128 last) const noexcept {
  return std::any_of(entries_.begin(), entries_.end(), [&](const IpOverride& o) {
    return o.value != kDeleted && o.first <= last && first <= o.last;
  });
}

const IpOverride* IpOverrides::find_exact(const dnswire::IpPrefix& p) const noexcept {
  for (const Group& g : groups_) {
    if (g.length != p.length) continue;
    const IpOverride* o = find_in(g, to_addr128(p));
    return o != nullptr && o->prefix == p ? o : nullptr;
  }
  return nullptr;
}

}  // namespace vouchd::zone
