// IP address and prefix text (RFC 4291 §2.2-§2.3 input, RFC 5952 §4-§5 canonical output) and the
// reversed DNSxL labels of RFC 5782 §2.1 (IPv4) and §2.4 (IPv6).
#include "vouchd/dnswire/ip_prefix.h"

#include <algorithm>
#include <cstring>

namespace vouchd::dnswire {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Up to `max_digits` decimal digits at s[i], advancing i; -1 when there are none, too many, or a
// leading zero ("010" reads as octal to inet_aton, RFC 6943 §3.1.1).
int read_decimal(std::string_view s, std::size_t& i, std::size_t max_digits) noexcept {
  const std::size_t start = i;
  int value = 0;
  while (i < s.size() && is_digit(s[i]) && i - start < max_digits) {
    value = value * 10 + (s[i] - '0');
    ++i;
  }
  const std::size_t digits = i - start;
  if (digits == 0 || (digits > 1 && s[start] == '0')) return -1;
  if (i < s.size() && is_digit(s[i])) return -1;  // more digits than allowed
  return value;
}

// Strict dotted quad: exactly four decimal octets 0-255, no leading zeros.
bool parse_v4(std::string_view s, std::uint8_t* out) noexcept {
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    const int value = read_decimal(s, i, 3);
    if (value < 0 || value > 255) return false;
    out[part] = static_cast<std::uint8_t>(value);
  }
  return i == s.size();
}

// One to four hex digits at s[i]; -1 if there are none or more than four.
int read_hex_group(std::string_view s, std::size_t& i) noexcept {
  const std::size_t start = i;
  int value = 0;
  while (i < s.size() && i - start < 5 && hex_value(s[i]) >= 0) {
    value = value * 16 + hex_value(s[i]);
    ++i;
  }
  const std::size_t digits = i - start;
  return (digits == 0 || digits > 4) ? -1 : value;
}

// RFC 4291 §2.2: eight groups, one "::" for one or more zero groups, an optional dotted-quad tail.
bool parse_v6(std::string_view s, std::uint8_t* out) noexcept {
  std::array<std::uint8_t, 16> bytes{};
  std::size_t n = 0;  // bytes written
  int gap = -1;       // byte offset of "::"
  std::size_t i = 0;
  if (s.starts_with("::")) {
    gap = 0;
    i = 2;
  }
  while (i < s.size()) {
    const std::size_t start = i;
    const int group = read_hex_group(s, i);
    if (i < s.size() && s[i] == '.') {  // embedded IPv4 ends the address
      if (n > 12 || !parse_v4(s.substr(start), bytes.data() + n)) return false;
      n += 4;
      break;
    }
    if (group < 0 || n == 16) return false;
    bytes[n++] = static_cast<std::uint8_t>(group >> 8);
    bytes[n++] = static_cast<std::uint8_t>(group);
    if (i == s.size()) break;
    if (s[i++] != ':' || i == s.size()) return false;  // a single trailing colon is wrong
    if (s[i] == ':') {
      if (gap >= 0) return false;
      gap = static_cast<int>(n);
      ++i;
    }
  }
  if (gap < 0) {
    if (n != 16) return false;
  } else {
    if (n > 14) return false;  // "::" stands for at least one group
    const auto at = static_cast<std::size_t>(gap);
    std::memmove(bytes.data() + 16 - (n - at), bytes.data() + at, n - at);
    std::memset(bytes.data() + at, 0, 16 - n);
  }
  std::memcpy(out, bytes.data(), 16);
  return true;
}

bool host_bits_clear(const IpPrefix& p) noexcept {
  for (std::size_t bit = p.length; bit < p.address_bytes() * 8; ++bit) {
    if (p.addr[bit / 8] & (0x80 >> (bit % 8))) return false;
  }
  return true;
}

void append_v4(std::string& out, const std::uint8_t* b) {
  for (int k = 0; k < 4; ++k) {
    if (k > 0) out += '.';
    out += std::to_string(b[k]);
  }
}

void append_group(std::string& out, unsigned group) {
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned nibble = (group >> shift) & 0xf;
    if (nibble == 0 && !started && shift > 0) continue;
    started = true;
    out += kHexDigits[nibble];
  }
}

// RFC 5952 §4: lower case, no leading zeros, the first longest run of two or more zero groups as
// "::"; §5: IPv4-mapped addresses end in a dotted quad.
void append_v6(std::string& out, const std::array<std::uint8_t, 16>& b) {
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b.data(), kMapped, sizeof kMapped) == 0) {
    out += "::ffff:";
    append_v4(out, b.data() + 12);
    return;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t k = 0; k < 8; ++k) {
    g[k] = static_cast<unsigned>(b[2 * k] << 8 | b[2 * k + 1]);
  }
  std::size_t best = 8, best_len = 1;
  for (std::size_t k = 0; k < 8;) {
    std::size_t end = k;
    while (end < 8 && g[end] == 0) {
      ++end;
    }
    if (end - k > best_len) {
      best = k;
      best_len = end - k;
    }
    k = end == k ? k + 1 : end;
  }
  for (std::size_t k = 0; k < 8; ++k) {
    if (k == best) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (k > 0 && k != best + best_len) out += ':';
    append_group(out, g[k]);
  }
}

}  // namespace

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  IpPrefix p;
  const std::size_t slash = text.find('/');
  const std::string_view address = text.substr(0, slash);
  if (address.find(':') != std::string_view::npos) {
    p.family = IpFamily::V6;
    if (!parse_v6(address, p.addr.data())) return std::nullopt;
  } else if (!parse_v4(address, p.addr.data())) {
    return std::nullopt;
  }
  p.length = p.max_length();
  if (slash != std::string_view::npos) {
    const std::string_view len = text.substr(slash + 1);
    std::size_t i = 0;
    const int value = read_decimal(len, i, 3);
    if (value < 0 || i != len.size() || value > p.max_length()) return std::nullopt;
    p.length = static_cast<std::uint8_t>(value);
  }
  if (!host_bits_clear(p)) return std::nullopt;
  return p;
}

std::string IpPrefix::to_text() const {
  std::string out;
  if (family == IpFamily::V4) {
    append_v4(out, addr.data());
  } else {
    append_v6(out, addr);
  }
  if (length != max_length()) {
    out += '/';
    out += std::to_string(length);
  }
  return out;
}

bool IpPrefix::contains(const IpPrefix& other) const noexcept {
  if (family != other.family || other.length < length) return false;
  const std::size_t whole = length / 8;
  if (std::memcmp(addr.data(), other.addr.data(), whole) != 0) return false;
  const unsigned rest = length % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (addr[whole] & mask) == (other.addr[whole] & mask);
}

// RFC 5782 §2.1: the four octets in reverse order; §2.4: the 32 nibbles, low nibble of the last
// octet first, as in ip6.arpa.
std::string reversed_labels(const IpPrefix& address) {
  std::string out;
  if (address.family == IpFamily::V4) {
    for (int k = 3; k >= 0; --k) {
      out += std::to_string(address.addr[static_cast<std::size_t>(k)]);
      if (k > 0) out += '.';
    }
    return out;
  }
  out.reserve(63);
  for (int k = 15; k >= 0; --k) {
    const std::uint8_t b = address.addr[static_cast<std::size_t>(k)];
    out += kHexDigits[b & 0xf];
    out += '.';
    out += kHexDigits[b >> 4];
    if (k > 0) out += '.';
  }
  return out;
}

namespace {

// The relative owner of one label-aligned range `sub` that is `aligned` bits long.
std::string range_owner(const IpPrefix& sub, unsigned aligned) {
  constexpr char kHex[] = "0123456789abcdef";
  const bool v4 = sub.family == IpFamily::V4;
  std::string owner = aligned == sub.max_length() ? "" : "*";
  const unsigned labels = aligned / (v4 ? 8 : 4);
  for (unsigned i = labels; i-- > 0;) {
    if (!owner.empty()) owner.push_back('.');
    if (v4) {
      owner += std::to_string(sub.addr[i]);
    } else {
      const std::uint8_t b = sub.addr[i / 2];
      owner.push_back(kHex[i % 2 == 0 ? b >> 4 : b & 0xF]);
    }
  }
  return owner;
}

}  // namespace

std::vector<IpPrefix> dnsxl_tiles(const IpPrefix& p) {
  const unsigned step = p.family == IpFamily::V4 ? 8 : 4;
  const unsigned aligned = p.length == 0 ? step : (p.length + step - 1u) / step * step;
  std::vector<IpPrefix> tiles;
  const unsigned expand = 1u << (aligned - p.length);
  tiles.reserve(expand);
  for (unsigned k = 0; k < expand; ++k) {
    IpPrefix sub = p;
    sub.length = static_cast<std::uint8_t>(aligned);
    // k fills the bits from p.length up to `aligned`, which lie inside one octet.
    const unsigned byte = (aligned - 1) / 8;
    const unsigned low_bit = 7 - (aligned - 1) % 8;
    sub.addr[byte] = static_cast<std::uint8_t>(sub.addr[byte] | (k << low_bit));
    tiles.push_back(sub);
  }
  return tiles;
}

std::vector<std::string> dnsxl_owners(const IpPrefix& p) {
  std::vector<std::string> owners;
  for (const IpPrefix& tile : dnsxl_tiles(p))
    owners.push_back(range_owner(tile, tile.length));
  return owners;
}

namespace {

int octet_label(std::string_view l) noexcept {
  if (l.empty() || l.size() > 3 || (l.size() > 1 && l[0] == '0')) return -1;
  int v = 0;
  for (const char c : l) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v <= 255 ? v : -1;
}

int nibble_label(std::string_view l) noexcept {
  if (l.size() != 1) return -1;
  const char c = l[0];
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The labels of a relative wire name, first label first; nullopt past 33 labels (no DNSxL owner
// has more) or on a malformed length.
std::optional<std::vector<std::string_view>> owner_labels(std::string_view wire) {
  std::vector<std::string_view> out;
  for (std::size_t pos = 0; pos < wire.size();) {
    const auto len = static_cast<unsigned char>(wire[pos]);
    if (len == 0 || pos + 1 + len > wire.size() || out.size() == 33) return std::nullopt;
    out.push_back(wire.substr(pos + 1, len));
    pos += 1u + len;
  }
  return out;
}

}  // namespace

std::optional<IpPrefix> dnsxl_prefix(std::string_view relative_wire, IpFamily prefer) {
  auto parsed = owner_labels(relative_wire);
  if (!parsed) return std::nullopt;
  std::vector<std::string_view>& labels = *parsed;
  const bool wildcard = !labels.empty() && labels.front() == "*";
  if (wildcard) labels.erase(labels.begin());
  const std::size_t n = labels.size();
  const auto as_v4 = [&]() -> std::optional<IpPrefix> {
    if (n == 0 || n > 4 || (n == 4) == wildcard) return std::nullopt;
    IpPrefix p{IpFamily::V4, {}, static_cast<std::uint8_t>(8 * n)};
    for (std::size_t i = 0; i < n; ++i) {
      const int v = octet_label(labels[n - 1 - i]);
      if (v < 0) return std::nullopt;
      p.addr[i] = static_cast<std::uint8_t>(v);
    }
    return p;
  };
  const auto as_v6 = [&]() -> std::optional<IpPrefix> {
    if (n == 0 || n > 32 || (n == 32) == wildcard) return std::nullopt;
    IpPrefix p{IpFamily::V6, {}, static_cast<std::uint8_t>(4 * n)};
    for (std::size_t i = 0; i < n; ++i) {
      const int v = nibble_label(labels[n - 1 - i]);
      if (v < 0) return std::nullopt;
      p.addr[i / 2] |= static_cast<std::uint8_t>(i % 2 == 0 ? v << 4 : v);
    }
    return p;
  };
  if (prefer == IpFamily::V4) {
    if (auto p = as_v4()) return p;
    return as_v6();
  }
  if (auto p = as_v6()) return p;
  return as_v4();
}

CosShape cos_shape(std::string_view wire) noexcept {
  std::size_t labels = 0;
  bool all_octets = true;
  bool all_nibbles = true;
  bool top_is_number = false;
  for (std::size_t pos = 0; pos < wire.size();) {
    const auto len = static_cast<unsigned char>(wire[pos]);
    if (len == 0 || pos + 1 + len > wire.size()) return CosShape::Invalid;
    const std::string_view label = wire.substr(pos + 1, len);
    all_octets = all_octets && octet_label(label) >= 0;
    all_nibbles = all_nibbles && nibble_label(label) >= 0;
    top_is_number = std::all_of(label.begin(), label.end(), is_digit);
    ++labels;
    pos += 1u + len;
  }
  if (labels == 0) return CosShape::Invalid;
  if (all_octets && labels == 4) return CosShape::Ip4Address;
  if (all_nibbles && labels == 32) return CosShape::Ip6Address;
  if ((all_octets && labels < 4) || (all_nibbles && labels < 32)) return CosShape::AddressRange;
  if (top_is_number || all_nibbles) return CosShape::Invalid;
  return CosShape::Domain;
}

}  // namespace vouchd::dnswire
