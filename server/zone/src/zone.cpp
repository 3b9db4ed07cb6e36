// Name look-up inside one zone: exact names first, then RFC 5782 reversed-address names; empty
// non-terminals answer NODATA (RFC 8020). Cos zones (design.md §11) read a name by its shape and
// answer their default class for a key without an entry.
#include "vouchd/zone/zone.h"

#include "delta.h"

namespace vouchd::zone {
namespace {

// A decimal octet label ("0".."255", no leading zero), or -1.
int octet_label(const std::uint8_t* label) noexcept {
  const std::uint8_t len = label[0];
  if (len == 0 || len > 3 || (len > 1 && label[1] == '0')) return -1;
  int v = 0;
  for (std::size_t k = 1; k <= len; ++k) {
    if (label[k] < '0' || label[k] > '9') return -1;
    v = v * 10 + (label[k] - '0');
  }
  return v <= 255 ? v : -1;
}

// A single hex nibble label (already lower-case), or -1.
int nibble_label(const std::uint8_t* label) noexcept {
  if (label[0] != 1) return -1;
  const std::uint8_t c = label[1];
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

namespace {

// RFC 2308 §3: the SOA of a negative answer, TTL min(SOA TTL, MINIMUM), carrying `serial`.
std::vector<std::uint8_t> negative_soa_rr(const Zone::Parts& p, std::uint32_t serial) {
  std::vector<std::uint8_t> out;
  const auto put16 = [&out](std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  };
  put16(static_cast<std::uint16_t>(dnswire::RRType::Soa));
  put16(1);
  const std::uint32_t ttl = std::min(p.soa_ttl, p.soa_minimum);
  put16(ttl >> 16);
  put16(ttl & 0xFFFF);
  put16(static_cast<std::uint32_t>(p.soa_rdata.size()));
  const std::size_t rdata_at = out.size();
  out.insert(out.end(), p.soa_rdata.begin(), p.soa_rdata.end());
  if (p.soa_rdata.size() >= 20) {
    const std::size_t at = rdata_at + soa_serial_offset(p.soa_rdata.size());
    for (std::size_t i = 0; i < 4; ++i)
      out[at + i] = static_cast<std::uint8_t>(serial >> (24 - 8 * i));
  }
  return out;
}

}  // namespace

Zone::Zone(Parts parts)
    : base_{std::make_shared<const Base>(std::move(parts))},
      parts_{&base_->parts},
      serial_{parts_->serial},
      negative_soa_{negative_soa_rr(*parts_, serial_)} {}

Zone::Zone(Key, std::shared_ptr<const Base> base, std::shared_ptr<const Delta> delta,
           std::uint32_t serial)
    : base_{std::move(base)},
      parts_{&base_->parts},
      delta_{std::move(delta)},
      serial_{serial},
      negative_soa_{negative_soa_rr(*parts_, serial_)} {}

std::size_t Zone::entry_count() const noexcept {
  return parts_->names.size() + parts_->ip4.size() + parts_->ip6.size() + delta_size();
}

std::size_t Zone::delta_size() const noexcept {
  return delta_ == nullptr ? 0 : delta_->size();
}

std::size_t Zone::memory_bytes() const noexcept {
  const std::size_t delta =
      delta_ == nullptr ? 0 : delta_->names.memory_bytes() + delta_->size() * sizeof(IpOverride);
  return parts_->names.memory_bytes() + parts_->ip4.memory_bytes() + parts_->ip6.memory_bytes() +
         delta;
}

Hit Zone::delta_hit(std::uint32_t value) const noexcept {
  if (value == kDeleted) return {};
  if (value == kEmptyNonTerminal || (value & kDeltaAnswer) == 0) return hit(value);
  return {Hit::What::Data, delta_->answers[value & ~kDeltaAnswer].get()};
}

std::optional<Hit> Zone::ip_hit(Addr128 addr, dnswire::IpFamily family) const noexcept {
  const IpTable& table = family == dnswire::IpFamily::V4 ? parts_->ip4 : parts_->ip6;
  if (delta_ == nullptr) {
    if (const auto v = table.find(addr)) return hit(*v);
    return std::nullopt;
  }
  const IpOverrides& o = family == dnswire::IpFamily::V4 ? delta_->ip4 : delta_->ip6;
  // The base's most specific match may be a hole (an allow entry): it answers "not listed".
  const auto v = o.resolve(addr, table.match(addr));
  if (!v || *v == IpTable::kNotListed) return std::nullopt;
  return delta_hit(*v);
}

// A range that holds a delta listing exists; one whose listings were all removed by the delta
// still exists until compaction (see README: empty non-terminals).
bool Zone::any_ip_in(Addr128 first, Addr128 last, dnswire::IpFamily family) const noexcept {
  const IpTable& table = family == dnswire::IpFamily::V4 ? parts_->ip4 : parts_->ip6;
  if (table.any_in(first, last)) return true;
  if (delta_ == nullptr) return false;
  return (family == dnswire::IpFamily::V4 ? delta_->ip4 : delta_->ip6).any_in(first, last);
}

Hit Zone::lookup(const QueryName& q) const noexcept {
  const std::span<const std::uint8_t> rel = q.relative(parts_->apex.wire_size());
  if (parts_->kind == Kind::Cos) return cos_lookup(q, rel);
  if (delta_ != nullptr) {  // the delta's entries hide the base's (design.md §5)
    if (const auto v = delta_->names.find(rel)) return delta_hit(*v);
  }
  if (const auto v = parts_->names.find(rel)) return hit(*v);
  if (parts_->kind != Kind::DnsblIp4 && parts_->kind != Kind::DnsblIp6) return {};
  const std::size_t rel_labels = q.labels - parts_->apex.label_count();
  return address_lookup(q, rel_labels);
}

// RFC 5782 §2.1/§2.4: 4 reversed octets or 32 reversed nibbles name one address; fewer labels
// name a range, which exists (as an empty non-terminal) when any listing lies inside it.
Hit Zone::address_lookup(const QueryName& q, std::size_t n) const noexcept {
  if (n >= 1 && n <= 4) {
    std::uint64_t addr = 0;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i) {  // labels are least significant first
      const int v = octet_label(q.lower.data() + q.starts[i]);
      ok = v >= 0;
      addr |= static_cast<std::uint64_t>(v < 0 ? 0 : v) << (8 * (4 - n + i));
    }
    if (ok && n == 4) {
      if (const auto h = ip_hit(Addr128{0, addr}, dnswire::IpFamily::V4)) return *h;
      // Not a listed IPv4 address, but four nibbles ("1.0.0.2") may name an IPv6 range that
      // holds listings: NXDOMAIN there would deny everything below it (RFC 8020).
    } else {
      const std::uint64_t span = (1ULL << (8 * (4 - n))) - 1;
      if (ok && any_ip_in(Addr128{0, addr}, Addr128{0, addr | span}, dnswire::IpFamily::V4)) {
        return {Hit::What::EmptyNonTerminal, nullptr};
      }
    }
  }
  if (n >= 1 && n <= 32) {
    Addr128 addr{};
    for (std::size_t i = 0; i < n; ++i) {
      const int v = nibble_label(q.lower.data() + q.starts[i]);
      if (v < 0) return {};
      const std::size_t bit = 4 * (32 - n + i);  // bit position of this nibble from the bottom
      if (bit >= 64) {
        addr.hi |= static_cast<std::uint64_t>(v) << (bit - 64);
      } else {
        addr.lo |= static_cast<std::uint64_t>(v) << bit;
      }
    }
    if (n == 32) {
      if (const auto h = ip_hit(addr, dnswire::IpFamily::V6)) return *h;
      return {};
    }
    Addr128 last = addr;
    const std::size_t host_bits = 4 * (32 - n);
    if (host_bits >= 64) {
      last.lo = ~0ULL;
      if (host_bits > 64) last.hi |= ~0ULL >> (128 - host_bits);
    } else {
      last.lo |= ~0ULL >> (64 - host_bits);
    }
    if (any_ip_in(addr, last, dnswire::IpFamily::V6)) return {Hit::What::EmptyNonTerminal, nullptr};
  }
  return {};
}

// The data at an exact name (static records, domain entries): the delta's first, where a removal
// hides the base's; nullopt where there is none (an empty non-terminal holds no entry either).
std::optional<Hit> Zone::cos_entry(std::span<const std::uint8_t> rel) const noexcept {
  if (delta_ != nullptr) {
    if (const auto v = delta_->names.find(rel)) {
      if (*v == kDeleted || *v == kEmptyNonTerminal) return std::nullopt;
      return delta_hit(*v);
    }
  }
  const auto v = parts_->names.find(rel);
  if (!v || *v == kEmptyNonTerminal) return std::nullopt;
  return hit(*v);
}

// design.md §11: every valid key exists; one without an entry (or hidden by an allow entry)
// answers the zone's default class.
Hit Zone::cos_lookup(const QueryName& q, std::span<const std::uint8_t> rel) const noexcept {
  if (const auto entry = cos_entry(rel)) return *entry;
  const bool has_default = parts_->default_answer < parts_->answers.size();
  const Hit fallback =
      has_default ? Hit{Hit::What::Data, &parts_->answers[parts_->default_answer]} : Hit{};
  const std::string_view wire{reinterpret_cast<const char*>(rel.data()), rel.size()};
  switch (dnswire::cos_shape(wire)) {
    case dnswire::CosShape::Ip4Address: {
      std::uint64_t addr = 0;
      for (std::size_t i = 0; i < 4; ++i) {  // labels are least significant first
        addr |= static_cast<std::uint64_t>(octet_label(q.lower.data() + q.starts[i])) << (8 * i);
      }
      return ip_hit(Addr128{0, addr}, dnswire::IpFamily::V4).value_or(fallback);
    }
    case dnswire::CosShape::Ip6Address: {
      Addr128 addr{};
      for (std::size_t i = 0; i < 32; ++i) {
        const auto v = static_cast<std::uint64_t>(nibble_label(q.lower.data() + q.starts[i]));
        if (i >= 16) {
          addr.hi |= v << (4 * (i - 16));
        } else {
          addr.lo |= v << (4 * i);
        }
      }
      return ip_hit(addr, dnswire::IpFamily::V6).value_or(fallback);
    }
    case dnswire::CosShape::AddressRange:
      return {Hit::What::EmptyNonTerminal, nullptr};  // RFC 8020: addresses exist below it
    case dnswire::CosShape::Domain:
      return fallback;
    case dnswire::CosShape::Invalid:
      return {};
  }
  return {};
}

}  // namespace vouchd::zone
