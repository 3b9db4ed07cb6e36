// Whole DNS messages: header, sections, OPT (RFC 1035 §4.1, RFC 3597 §4, RFC 6891 §6.1).
#include "vouchd/dnswire/message.h"

#include <cstring>

#include "vouchd/dnswire/name_compressor.h"

namespace vouchd::dnswire {
namespace {

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> b) {
  if (b.empty()) return;
  const std::size_t at = out.size();
  out.resize(at + b.size());
  std::memcpy(out.data() + at, b.data(), b.size());
}

// Rdata of the RFC 1035 types whose names may be compressed, expanded; `end` is where it stops.
std::vector<std::uint8_t> expand_rdata(WireReader& r, RRType type, std::size_t end) {
  std::vector<std::uint8_t> out;
  auto name = [&] { append(out, Name::from_wire(r).wire()); };
  switch (type) {
    case RRType::Ns:
    case RRType::Cname:
    case RRType::Ptr:
      name();
      break;
    case RRType::Mx:
      append(out, r.bytes(2));
      name();
      break;
    case RRType::Soa:
      name();
      name();
      append(out, r.bytes(20));
      break;
    default:
      append(out, r.bytes(end - r.pos()));
      break;
  }
  if (r.ok() && r.pos() != end) r.fail(WireError::BadRdata);
  return out;
}

Edns decode_opt(const Record& rr, WireError& error) {
  Edns e;
  e.udp_size = rr.rclass;
  e.extended_rcode = static_cast<std::uint8_t>(rr.ttl >> 24);
  e.version = static_cast<std::uint8_t>(rr.ttl >> 16);
  e.flags = static_cast<std::uint16_t>(rr.ttl);
  WireReader r{rr.rdata};
  while (r.ok() && r.remaining() > 0) {
    EdnsOption o;
    o.code = r.u16();
    const std::uint16_t len = r.u16();
    append(o.data, r.bytes(len));
    if (r.ok()) e.options.push_back(std::move(o));
  }
  if (!r.ok() || !rr.owner.is_root()) error = WireError::BadRdata;
  return e;
}

void write_record(WireWriter& w, NameCompressor& names, const Record& rr) {
  names.write(w, rr.owner);
  w.u16(static_cast<std::uint16_t>(rr.type));
  w.u16(rr.rclass);
  w.u32(rr.ttl);
  w.u16(static_cast<std::uint16_t>(rr.rdata.size()));
  w.bytes(rr.rdata);
}

}  // namespace

Header read_header(WireReader& r) noexcept {
  return Header{.id = r.u16(),
                .flags = r.u16(),
                .qdcount = r.u16(),
                .ancount = r.u16(),
                .nscount = r.u16(),
                .arcount = r.u16()};
}

void write_header(WireWriter& w, const Header& h) noexcept {
  w.u16(h.id);
  w.u16(h.flags);
  w.u16(h.qdcount);
  w.u16(h.ancount);
  w.u16(h.nscount);
  w.u16(h.arcount);
}

Record read_record(WireReader& r) {
  Record rr;
  rr.owner = Name::from_wire(r);
  rr.type = static_cast<RRType>(r.u16());
  rr.rclass = r.u16();
  rr.ttl = r.u32();
  const std::uint16_t rdlen = r.u16();
  if (!r.ok()) return rr;
  if (r.remaining() < rdlen) {
    r.fail(WireError::Truncated);
    return rr;
  }
  rr.rdata = expand_rdata(r, rr.type, r.pos() + rdlen);
  return rr;
}

std::uint16_t Message::rcode() const noexcept {
  const std::uint16_t high = edns ? static_cast<std::uint16_t>(edns->extended_rcode << 4) : 0;
  return static_cast<std::uint16_t>(high | header.rcode());
}

ParseResult parse_message(std::span<const std::uint8_t> wire) {
  ParseResult out;
  WireReader r{wire};
  Message& m = out.message;
  m.header = read_header(r);
  for (int i = 0; i < m.header.qdcount && r.ok(); ++i) {
    Question q;
    q.qname = Name::from_wire(r);
    q.qtype = static_cast<RRType>(r.u16());
    q.qclass = r.u16();
    if (r.ok()) m.questions.push_back(q);
  }
  auto section = [&r](std::uint16_t count, std::vector<Record>& into) {
    for (int i = 0; i < count && r.ok(); ++i) {
      Record rr = read_record(r);
      if (r.ok()) into.push_back(std::move(rr));
    }
  };
  section(m.header.ancount, m.answers);
  section(m.header.nscount, m.authority);
  std::vector<Record> additional;
  section(m.header.arcount, additional);
  WireError opt_error = WireError::None;
  for (Record& rr : additional) {
    if (rr.type != RRType::Opt) {
      m.additional.push_back(std::move(rr));
      continue;
    }
    if (++m.opt_count == 1) m.edns = decode_opt(rr, opt_error);
  }
  if (r.ok() && r.remaining() != 0) r.fail(WireError::TrailingData);
  if (r.ok() && opt_error != WireError::None) r.fail(opt_error);
  out.error = r.error();
  return out;
}

std::vector<std::uint8_t> make_query(std::uint16_t id, const Name& qname, RRType qtype,
                                     std::uint16_t flags, const std::optional<Edns>& edns,
                                     std::uint16_t qclass) {
  Message m;
  m.header.id = id;
  m.header.flags = flags;
  m.questions.push_back(Question{qname, qtype, qclass});
  m.edns = edns;
  return write_message(m);
}

std::vector<std::uint8_t> write_message(const Message& m) {
  std::vector<std::uint8_t> buf(65535);
  WireWriter w{buf};
  NameCompressor names;
  Header h = m.header;
  h.qdcount = static_cast<std::uint16_t>(m.questions.size());
  h.ancount = static_cast<std::uint16_t>(m.answers.size());
  h.nscount = static_cast<std::uint16_t>(m.authority.size());
  h.arcount = static_cast<std::uint16_t>(m.additional.size() + (m.edns ? 1 : 0));
  write_header(w, h);
  for (const Question& q : m.questions) {
    names.write(w, q.qname);
    w.u16(static_cast<std::uint16_t>(q.qtype));
    w.u16(q.qclass);
  }
  for (const Record& rr : m.answers) write_record(w, names, rr);
  for (const Record& rr : m.authority) write_record(w, names, rr);
  for (const Record& rr : m.additional) write_record(w, names, rr);
  if (m.edns) {
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(RRType::Opt));
    w.u16(m.edns->udp_size);
    w.u32(static_cast<std::uint32_t>(m.edns->extended_rcode) << 24 |
          static_cast<std::uint32_t>(m.edns->version) << 16 | m.edns->flags);
    std::size_t len = 0;
    for (const EdnsOption& o : m.edns->options) len += 4 + o.data.size();
    w.u16(static_cast<std::uint16_t>(len));
    for (const EdnsOption& o : m.edns->options) {
      w.u16(o.code);
      w.u16(static_cast<std::uint16_t>(o.data.size()));
      w.bytes(o.data);
    }
  }
  buf.resize(w.pos());
  return buf;
}

}  // namespace vouchd::dnswire
