// IPv4/IPv6 addresses and prefixes, and their RFC 5782 §2.1/§2.4 reversed DNSxL labels.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vouchd::dnswire {

enum class IpFamily : std::uint8_t { V4 = 4, V6 = 6 };

struct IpPrefix {
  IpFamily family = IpFamily::V4;
  std::array<std::uint8_t, 16> addr{};  // network order; V4 uses the first 4 bytes
  std::uint8_t length = 0;              // prefix length in bits

  // "192.0.2.1", "192.0.2.0/24", "2001:db8::/56", "::ffff:127.0.0.2". Host bits set after the
  // prefix are rejected ("192.0.2.1/24" is an error, not 192.0.2.0/24).
  [[nodiscard]] static std::optional<IpPrefix> parse(std::string_view text);
  std::string to_text() const;  // "192.0.2.0/24"; a full-length prefix prints as the address
  std::size_t address_bytes() const noexcept { return family == IpFamily::V4 ? 4 : 16; }
  std::uint8_t max_length() const noexcept { return family == IpFamily::V4 ? 32 : 128; }
  bool contains(const IpPrefix& other) const noexcept;

  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

// "192.0.2.99" -> "99.2.0.192"; IPv6 -> 32 reversed nibbles. Full addresses only.
std::string reversed_labels(const IpPrefix& address);

// Relative owner names that together name every address of `prefix` in a DNSxL zone
// (RFC 5782 §2.1, §2.4): the reversed labels of a full address, a `*.` wildcard over a prefix that
// ends on a label boundary (octets for IPv4, nibbles for IPv6), else one wildcard per aligned
// sub-range (a /23 gives two /24 wildcards).
std::vector<std::string> dnsxl_owners(const IpPrefix& prefix);
// The label-aligned prefixes those owners name, in the same order: `prefix` itself when its
// length is a multiple of 8 (IPv4) or 4 (IPv6), else its aligned sub-ranges.
std::vector<IpPrefix> dnsxl_tiles(const IpPrefix& prefix);
// The inverse of dnsxl_owners() for one owner: `relative_wire` is the owner relative to the zone
// apex as lower-case wire labels without the root label. Four reversed octets or 32 reversed
// nibbles name an address; a `*` label over fewer names the prefix they cover (`*.2.0.192` is
// 192.0.2.0/24). `prefer` decides names that read both ways; nullopt for any other name.
[[nodiscard]] std::optional<IpPrefix> dnsxl_prefix(std::string_view relative_wire, IpFamily prefer);

// How a name below the apex of a class-of-service zone reads (design.md §11), one zone holding
// all three DNSxL key families: four decimal octets (RFC 5782 §2.1) name an IPv4 address and 32
// single-hex-digit labels (§2.4) an IPv6 address; fewer of either name a range of addresses (an
// empty non-terminal: names exist below it, RFC 8020); any other name is a domain (§2.2), unless
// its top label is all digits (no domain has a numeric TLD, RFC 3696 §2) or it has more nibble
// labels than an address: those name nothing. One decimal digit is also a nibble, so "4.3.2.1" is
// an IPv4 address but "5.4.3.2.1" the IPv6 range 1:2345::/20.
enum class CosShape : std::uint8_t { Ip4Address, Ip6Address, AddressRange, Domain, Invalid };
// `relative_wire`: lower-case wire labels below the apex without the root label; the apex itself
// (empty) and malformed wire are Invalid.
CosShape cos_shape(std::string_view relative_wire) noexcept;

}  // namespace vouchd::dnswire
