// Name look-up inside one zone: exact names first, then RFC 5782 reversed-address names; empty
// non-terminals answer NODATA (RFC 8020).
#include "vouchd/zone/zone.h"

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

Zone::Zone(Parts parts) : parts_{std::move(parts)} {
  const auto put16 = [this](std::uint32_t v) {
    negative_soa_.push_back(static_cast<std::uint8_t>(v >> 8));
    negative_soa_.push_back(static_cast<std::uint8_t>(v));
  };
  put16(static_cast<std::uint16_t>(dnswire::RRType::Soa));
  put16(1);
  const std::uint32_t ttl = std::min(parts_.soa_ttl, parts_.soa_minimum);
  put16(ttl >> 16);
  put16(ttl & 0xFFFF);
  put16(static_cast<std::uint32_t>(parts_.soa_rdata.size()));
  negative_soa_.insert(negative_soa_.end(), parts_.soa_rdata.begin(), parts_.soa_rdata.end());
}

std::size_t Zone::memory_bytes() const noexcept {
  return parts_.names.memory_bytes() + parts_.ip4.memory_bytes() + parts_.ip6.memory_bytes();
}

Hit Zone::lookup(const QueryName& q) const noexcept {
  const std::span<const std::uint8_t> rel = q.relative(parts_.apex.wire_size());
  if (const auto v = parts_.names.find(rel)) return hit(*v);
  if (parts_.kind != Kind::DnsblIp4 && parts_.kind != Kind::DnsblIp6) return {};
  const std::size_t rel_labels = q.labels - parts_.apex.label_count();
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
      if (const auto v = parts_.ip4.find(Addr128{0, addr})) return hit(*v);
      // Not a listed IPv4 address, but four nibbles ("1.0.0.2") may name an IPv6 range that
      // holds listings: NXDOMAIN there would deny everything below it (RFC 8020).
    } else {
      const std::uint64_t span = (1ULL << (8 * (4 - n))) - 1;
      if (ok && parts_.ip4.any_in(Addr128{0, addr}, Addr128{0, addr | span})) {
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
      if (const auto v = parts_.ip6.find(addr)) return hit(*v);
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
    if (parts_.ip6.any_in(addr, last)) return {Hit::What::EmptyNonTerminal, nullptr};
  }
  return {};
}

}  // namespace vouchd::zone
