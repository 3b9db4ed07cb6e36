// RDATA presentation <-> wire (RFC 1035 §3.3 and §5.1, RFC 3596 §2.5 for AAAA, RFC 3597 §5 for the
// generic `\# len hex` form).
#include "vouchd/dnswire/rdata_text.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/wire_reader.h"

namespace vouchd::dnswire {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Fields = std::span<const TextToken>;

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::size_t kMaxRdata = 65535;

RdataResult fail(std::string message) {
  return RdataResult{{}, std::move(message)};
}
RdataResult done(Bytes rdata) {
  return RdataResult{std::move(rdata), {}};
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void put16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(Bytes& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

std::optional<std::uint32_t> parse_decimal(std::string_view s, std::uint32_t max) noexcept {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

std::string count_error(RRType type, std::size_t want, std::size_t got) {
  return type_to_text(type) + " needs " + std::to_string(want) +
         (want == 1 ? " field" : " fields") + ", found " + std::to_string(got);
}

// Appends one <character-string> (RFC 1035 §3.3) decoded from `\"`, `\\`, `\X` and `\DDD`
// escapes; returns what is wrong, or an empty view.
std::string_view append_char_string(std::string_view text, Bytes& out) {
  const std::size_t length_at = out.size();
  out.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<std::uint8_t>(text[i]);
    if (c == '\\') {
      if (i + 1 >= text.size()) return "backslash at end of string";
      if (is_digit(text[i + 1])) {
        if (i + 3 >= text.size() || !is_digit(text[i + 2]) || !is_digit(text[i + 3])) {
          return "bad \\DDD escape";
        }
        const int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (v > 255) return "bad \\DDD escape";
        c = static_cast<std::uint8_t>(v);
        i += 3;
      } else {
        c = static_cast<std::uint8_t>(text[++i]);
      }
    }
    out.push_back(c);
  }
  const std::size_t length = out.size() - length_at - 1;
  if (length > kMaxCharString) return "string longer than 255 octets";
  out[length_at] = static_cast<std::uint8_t>(length);
  return {};
}

bool append_name(std::string_view text, const Name& origin, Bytes& out) {
  const std::optional<Name> name = Name::from_text(text, &origin);
  if (!name) return false;
  out.insert(out.end(), name->wire().begin(), name->wire().end());
  return true;
}

// RFC 3597 §5: `\# <length> <hex words>`, valid for every type.
RdataResult generic_from_text(Fields f) {
  if (f.empty()) return fail("\\# needs a length");
  const std::optional<std::uint32_t> length = parse_decimal(f[0].text, kMaxRdata);
  if (!length || f[0].quoted) return fail("bad \\# length " + quoted(f[0].text));
  Bytes out;
  out.reserve(*length);
  for (const TextToken& word : f.subspan(1)) {
    if (word.text.size() % 2 != 0) return fail("odd number of hex digits in \\# rdata");
    for (std::size_t i = 0; i < word.text.size(); i += 2) {
      const int hi = hex_value(word.text[i]);
      const int lo = hex_value(word.text[i + 1]);
      if (hi < 0 || lo < 0) return fail("bad hex " + quoted(word.text) + " in \\# rdata");
      out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
  }
  if (out.size() != *length) {
    return fail("\\# length " + std::to_string(*length) + " but " + std::to_string(out.size()) +
                " octets given");
  }
  return done(std::move(out));
}

RdataResult address_from_text(RRType type, Fields f) {
  if (f.size() != 1) return fail(count_error(type, 1, f.size()));
  const IpFamily family = type == RRType::A ? IpFamily::V4 : IpFamily::V6;
  const std::string_view text = f[0].text;
  const std::optional<IpPrefix> ip =
      text.find('/') == std::string_view::npos ? IpPrefix::parse(text) : std::nullopt;
  if (!ip || ip->family != family) {
    return fail(std::string(family == IpFamily::V4 ? "bad IPv4 address " : "bad IPv6 address ") +
                quoted(text));
  }
  return done(Bytes(ip->addr.data(), ip->addr.data() + ip->address_bytes()));
}

RdataResult name_from_text(RRType type, Fields f, const Name& origin) {
  if (f.size() != 1) return fail(count_error(type, 1, f.size()));
  Bytes out;
  if (!append_name(f[0].text, origin, out)) return fail("bad name " + quoted(f[0].text));
  return done(std::move(out));
}

RdataResult mx_from_text(Fields f, const Name& origin) {
  if (f.size() != 2) return fail(count_error(RRType::Mx, 2, f.size()));
  const std::optional<std::uint32_t> preference = parse_decimal(f[0].text, 65535);
  if (!preference) return fail("bad MX preference " + quoted(f[0].text));
  Bytes out;
  put16(out, static_cast<std::uint16_t>(*preference));
  if (!append_name(f[1].text, origin, out)) return fail("bad name " + quoted(f[1].text));
  return done(std::move(out));
}

// RFC 1035 §3.3.13: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM.
RdataResult soa_from_text(Fields f, const Name& origin) {
  if (f.size() != 7) return fail(count_error(RRType::Soa, 7, f.size()));
  Bytes out;
  for (std::size_t i = 0; i < 2; ++i) {
    if (!append_name(f[i].text, origin, out)) return fail("bad name " + quoted(f[i].text));
  }
  const std::optional<std::uint32_t> serial =
      parse_decimal(f[2].text, std::numeric_limits<std::uint32_t>::max());
  if (!serial) return fail("bad SOA serial " + quoted(f[2].text));
  put32(out, *serial);
  for (std::size_t i = 3; i < 7; ++i) {
    const std::optional<std::uint32_t> seconds = ttl_from_text(f[i].text);
    if (!seconds) return fail("bad SOA time " + quoted(f[i].text));
    put32(out, *seconds);
  }
  return done(std::move(out));
}

// TXT takes one or more character-strings, HINFO exactly two (CPU and OS).
RdataResult strings_from_text(RRType type, Fields f) {
  if (type == RRType::Hinfo && f.size() != 2) return fail(count_error(type, 2, f.size()));
  if (f.empty()) return fail(type_to_text(type) + " needs at least one string");
  Bytes out;
  for (const TextToken& s : f) {
    const std::string_view error = append_char_string(s.text, out);
    if (!error.empty()) return fail(type_to_text(type) + " " + std::string(error));
    if (out.size() > kMaxRdata) return fail(type_to_text(type) + " rdata longer than 65535 octets");
  }
  return done(std::move(out));
}

// The length of the uncompressed name at rdata[at], or 0 if there is none.
std::size_t name_length(std::span<const std::uint8_t> rdata, std::size_t at) noexcept {
  std::size_t pos = at;
  while (pos < rdata.size() && pos - at < kMaxNameWire) {
    const std::uint8_t label = rdata[pos];
    if (label == 0) return pos + 1 - at;
    if (label > kMaxLabel) return 0;
    pos += 1 + label;
  }
  return 0;
}

// Appends the name at rdata[at] in absolute presentation form and returns the offset after it,
// or 0 if it is malformed.
std::size_t append_name_text(std::span<const std::uint8_t> rdata, std::size_t at,
                             std::string& out) {
  const std::size_t length = name_length(rdata, at);
  if (length == 0) return 0;
  const std::optional<Name> name = Name::from_uncompressed(rdata.subspan(at, length));
  if (!name) return 0;
  out += name->to_text();
  return at + length;
}

void append_char_string_text(std::span<const std::uint8_t> s, std::string& out) {
  out += '"';
  for (const std::uint8_t c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + c / 100);
      out += static_cast<char>('0' + c / 10 % 10);
      out += static_cast<char>('0' + c % 10);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// Appends every character-string, space-separated; false unless they cover the rdata exactly.
bool append_strings_text(std::span<const std::uint8_t> rdata, std::size_t want, std::string& out) {
  std::size_t pos = 0, count = 0;
  while (pos < rdata.size()) {
    const std::size_t length = rdata[pos];
    if (rdata.size() - pos - 1 < length) return false;
    if (count++ > 0) out += ' ';
    append_char_string_text(rdata.subspan(pos + 1, length), out);
    pos += 1 + length;
  }
  return count > 0 && (want == 0 || count == want);
}

std::string generic_to_text(std::span<const std::uint8_t> rdata) {
  std::string out = "\\# " + std::to_string(rdata.size());
  if (!rdata.empty()) out += ' ';
  for (const std::uint8_t b : rdata) {
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0xf];
  }
  return out;
}

bool append_address_text(std::span<const std::uint8_t> rdata, IpFamily family, std::string& out) {
  IpPrefix ip;
  ip.family = family;
  if (rdata.size() != ip.address_bytes()) return false;
  std::copy(rdata.begin(), rdata.end(), ip.addr.begin());
  ip.length = ip.max_length();
  out += ip.to_text();
  return true;
}

bool append_soa_text(std::span<const std::uint8_t> rdata, std::string& out) {
  std::size_t pos = append_name_text(rdata, 0, out);
  out += ' ';
  if (pos != 0) pos = append_name_text(rdata, pos, out);
  if (pos == 0 || rdata.size() - pos != 20) return false;
  WireReader r{rdata.subspan(pos)};
  for (int i = 0; i < 5; ++i) {
    out += ' ';
    out += std::to_string(r.u32());
  }
  return true;
}

// The known types' presentation form; false if the rdata does not fit the type.
bool append_known_text(RRType type, std::span<const std::uint8_t> rdata, std::string& out) {
  switch (type) {
    case RRType::A:
      return append_address_text(rdata, IpFamily::V4, out);
    case RRType::Aaaa:
      return append_address_text(rdata, IpFamily::V6, out);
    case RRType::Ns:
    case RRType::Cname:
    case RRType::Ptr:
      return !rdata.empty() && append_name_text(rdata, 0, out) == rdata.size();
    case RRType::Mx:
      if (rdata.size() < 3) return false;
      out += std::to_string(rdata[0] << 8 | rdata[1]);
      out += ' ';
      return append_name_text(rdata, 2, out) == rdata.size();
    case RRType::Soa:
      return append_soa_text(rdata, out);
    case RRType::Txt:
      return append_strings_text(rdata, 0, out);
    case RRType::Hinfo:
      return append_strings_text(rdata, 2, out);
    default:
      return false;
  }
}

}  // namespace

RdataResult rdata_from_text(RRType type, std::span<const TextToken> fields, const Name& origin) {
  if (!fields.empty() && !fields[0].quoted && fields[0].text == "\\#") {
    return generic_from_text(fields.subspan(1));
  }
  switch (type) {
    case RRType::A:
    case RRType::Aaaa:
      return address_from_text(type, fields);
    case RRType::Ns:
    case RRType::Cname:
    case RRType::Ptr:
      return name_from_text(type, fields, origin);
    case RRType::Mx:
      return mx_from_text(fields, origin);
    case RRType::Soa:
      return soa_from_text(fields, origin);
    case RRType::Txt:
    case RRType::Hinfo:
      return strings_from_text(type, fields);
    default:
      return fail(type_to_text(type) + " rdata must use the \\# generic form");
  }
}

std::string rdata_to_text(RRType type, std::span<const std::uint8_t> rdata) {
  std::string out;
  if (append_known_text(type, rdata, out)) return out;
  return generic_to_text(rdata);
}

std::vector<std::string> txt_strings(std::span<const std::uint8_t> rdata) {
  std::vector<std::string> strings;
  std::size_t pos = 0;
  while (pos < rdata.size()) {
    const std::size_t length = rdata[pos];
    if (rdata.size() - pos - 1 < length) return {};
    const auto* begin = reinterpret_cast<const char*>(rdata.data() + pos + 1);
    strings.emplace_back(begin, length);
    pos += 1 + length;
  }
  return strings;
}

std::vector<std::uint8_t> txt_rdata(std::span<const std::string> strings) {
  Bytes out;
  for (const std::string& s : strings) {
    if (s.size() > kMaxCharString) return {};
    out.push_back(static_cast<std::uint8_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

namespace {

// Seconds in a BIND-style TTL unit (s, m, h, d, w, either case); 0 for anything else.
std::uint64_t unit_seconds(char c) noexcept {
  switch (c) {
    case 's':
    case 'S':
      return 1;
    case 'm':
    case 'M':
      return 60;
    case 'h':
    case 'H':
      return 3600;
    case 'd':
    case 'D':
      return 86400;
    case 'w':
    case 'W':
      return 604800;
    default:
      return 0;
  }
}

}  // namespace

std::optional<std::uint32_t> ttl_from_text(std::string_view s) noexcept {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();
  if (s.empty()) return std::nullopt;
  std::uint64_t total = 0;
  std::uint64_t value = 0;
  bool digits = false;
  bool units = false;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
      if (value > kMax) return std::nullopt;
      digits = true;
      continue;
    }
    const std::uint64_t unit = unit_seconds(c);
    if (unit == 0 || !digits) return std::nullopt;
    total += value * unit;
    if (total > kMax) return std::nullopt;
    value = 0;
    digits = false;
    units = true;
  }
  if (digits && units) return std::nullopt;  // "1h30" is ambiguous
  return static_cast<std::uint32_t>(digits ? value : total);
}

}  // namespace vouchd::dnswire
