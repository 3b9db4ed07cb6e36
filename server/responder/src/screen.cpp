// Header, question and OPT checks of the responder (RFC 1035 §4.1, RFC 6891 §6.1.1–§6.1.3,
// RFC 7873 §5.2.2, RFC 8906 §3.1).
#include "screen.h"

#include "vouchd/dnswire/wire_reader.h"

namespace vouchd::responder {
namespace {

using dnswire::RCode;
using dnswire::RRType;

constexpr std::uint16_t kOptionCookie = 10;

// Reads the question name without compression (a query's first name has nothing to point back
// to) into `q`, lower-cased. False if malformed.
bool read_qname(dnswire::WireReader& r, zone::QueryName& q) noexcept {
  std::size_t out = 0;
  std::uint8_t labels = 0;
  for (;;) {
    const std::uint8_t len = r.u8();
    if (!r.ok() || len > dnswire::kMaxLabel) return false;
    if (out + 1u + len > dnswire::kMaxNameWire) return false;
    q.lower[out] = len;
    if (len == 0) break;
    q.starts[labels++] = static_cast<std::uint8_t>(out);
    const auto label = r.bytes(len);
    if (!r.ok()) return false;
    for (std::size_t k = 0; k < len; ++k) q.lower[out + 1 + k] = dnswire::ascii_lower_char(label[k]);
    out += 1u + len;
  }
  q.size = static_cast<std::uint8_t>(out + 1);
  q.labels = labels;
  return true;
}

// Skips a possibly compressed name in the answer/authority/additional sections.
void skip_name(dnswire::WireReader& r) noexcept {
  for (int guard = 0; guard < 128 && r.ok(); ++guard) {
    const std::uint8_t len = r.u8();
    if (len == 0) return;
    if ((len & 0xC0) == 0xC0) {
      r.u8();
      return;
    }
    if ((len & 0xC0) != 0) {
      r.fail(dnswire::WireError::BadLabelType);
      return;
    }
    r.skip(len);
  }
  r.fail(dnswire::WireError::NameTooLong);
}

// RFC 6891 §6.1.2 options; RFC 7873 §5.2.2: a COOKIE of a length other than 8 or 16–40 is FORMERR.
bool options_well_formed(std::span<const std::uint8_t> rdata) noexcept {
  dnswire::WireReader r{rdata};
  bool cookie_seen = false;
  while (r.ok() && r.remaining() > 0) {
    const std::uint16_t code = r.u16();
    const std::uint16_t len = r.u16();
    r.skip(len);
    if (code == kOptionCookie && !cookie_seen) {
      cookie_seen = true;
      if (len != 8 && (len < 16 || len > 40)) return false;
    }
  }
  return r.ok();
}

// Walks the answer, authority and additional sections, taking the OPT RR. False if malformed.
bool read_sections(dnswire::WireReader& r, std::span<const std::uint8_t> query, Screened& s,
                   std::uint8_t& edns_version) noexcept {
  const auto count = [&](std::size_t at) {
    return static_cast<std::uint16_t>(query[at] << 8 | query[at + 1]);
  };
  const unsigned before_additional = count(6) + count(8);
  const unsigned total = before_additional + count(10);
  for (unsigned i = 0; i < total; ++i) {
    const std::size_t owner_at = r.pos();
    skip_name(r);
    const auto type = static_cast<RRType>(r.u16());
    const std::uint16_t rclass = r.u16();
    const std::uint32_t ttl = r.u32();
    const std::uint16_t rdlen = r.u16();
    const auto rdata = r.bytes(rdlen);
    if (!r.ok()) return false;
    if (type != RRType::Opt) continue;
    // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
    if (s.edns || i < before_additional || query[owner_at] != 0) return false;
    // From here the requestor speaks EDNS: even a FORMERR for its options carries an OPT (§7).
    s.edns = true;
    s.udp_size = rclass < dnswire::kPlainUdpSize ? dnswire::kPlainUdpSize : rclass;
    edns_version = static_cast<std::uint8_t>(ttl >> 16);
    if (!options_well_formed(rdata)) return false;
  }
  return true;
}

bool is_unsupported_meta_type(RRType t) noexcept {
  const auto v = static_cast<std::uint16_t>(t);
  return v >= 128 && v <= 254;  // AXFR, IXFR, MAILA, MAILB, TSIG, TKEY: not over this path
}

}  // namespace

bool should_drop(std::span<const std::uint8_t> query) noexcept {
  return query.size() < dnswire::kHeaderSize || (query[2] & 0x80) != 0;
}

Screened screen(std::span<const std::uint8_t> query) noexcept {
  Screened s;
  const auto fail = [&s](RCode rcode) {
    s.rcode = rcode;
    return s;
  };
  dnswire::WireReader r{query};
  s.id = r.u16();
  s.flags = r.u16();
  const std::uint16_t qdcount = r.u16();
  r.skip(6);
  const bool is_query = ((s.flags >> 11) & 0xF) == static_cast<unsigned>(dnswire::Opcode::Query);
  const bool has_question = qdcount == 1 && read_qname(r, s.qname);
  s.qtype = static_cast<RRType>(r.u16());
  s.qclass = r.u16();
  if (has_question && r.ok()) s.question_end = r.pos();
  std::uint8_t version = 0;
  const bool sections_ok = s.question_end != 0 && read_sections(r, query, s, version);
  // RFC 8906 §3.1.3: an opcode we do not implement is NOTIMP, whatever else the message holds
  // (with an OPT if the query had one, RFC 6891 §7).
  if (!is_query) return fail(RCode::NotImp);
  if (!sections_ok) return fail(RCode::FormErr);
  if (s.edns && version > 0) return fail(RCode::BadVers);  // RFC 6891 §6.1.3
  if (s.qtype == RRType::Opt) return fail(RCode::FormErr);
  if (is_unsupported_meta_type(s.qtype)) return fail(RCode::NotImp);
  // CHAOS (version.bind and friends) is not configured; other classes are not ours.
  if (s.qclass != 1 && s.qclass != 255) return fail(RCode::Refused);
  return s;
}

}  // namespace vouchd::responder
