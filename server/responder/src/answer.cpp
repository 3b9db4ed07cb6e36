// Composing responses (design.md §6): answers copied from prebuilt answer sets, negative answers
// with the SOA (RFC 2308 §2–§5), EDNS(0) OPT (RFC 6891 §6.1.3, §7), TC when a UDP answer does
// not fit (RFC 1035 §4.2.1), ANY per RFC 8482 §4.2.
#include <cstring>

#include "screen.h"
#include "vouchd/responder/responder.h"

namespace vouchd::responder {
namespace {

using dnswire::RCode;
using dnswire::RRType;

constexpr std::size_t kOptSize = 11;

// A response under construction in the caller's buffer; nothing is written past `limit`.
class Response {
 public:
  Response(std::span<std::uint8_t> out, std::size_t limit) noexcept
      : out_{out.data()}, limit_{std::min(limit, out.size())} {}

  bool fits(std::size_t n) const noexcept { return pos_ + n <= limit_; }
  void put(const void* data, std::size_t n) noexcept {
    std::memcpy(out_ + pos_, data, n);
    pos_ += n;
  }
  void put16(std::uint16_t v) noexcept {
    out_[pos_++] = static_cast<std::uint8_t>(v >> 8);
    out_[pos_++] = static_cast<std::uint8_t>(v);
  }
  void set16(std::size_t at, std::uint16_t v) noexcept {
    out_[at] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 1] = static_cast<std::uint8_t>(v);
  }
  std::size_t size() const noexcept { return pos_; }

 private:
  std::uint8_t* out_;
  std::size_t limit_;
  std::size_t pos_ = 0;
};

// RFC 6891 §7: the requestor's size, at least 512, at most ours; TCP is bounded by the length
// prefix only.
std::size_t size_limit(const Screened& s, Transport transport, const Options& o) noexcept {
  if (transport == Transport::Tcp) return kMaxResponse;
  if (!s.edns) return dnswire::kPlainUdpSize;
  return std::min<std::size_t>(s.udp_size, std::max<std::uint16_t>(o.max_udp_payload, 512));
}

// Header and question; counts after QDCOUNT start at zero and are set as sections are added.
// `extra` adds AA and TC.
void begin(Response& r, std::span<const std::uint8_t> query, const Screened& s, RCode rcode,
           std::uint16_t extra) noexcept {
  // QR, the query's opcode, RD and CD copied (RFC 1035 §4.1.1, RFC 6840 §5.9); AD, Z and RA not.
  const auto flags =
      static_cast<std::uint16_t>(dnswire::flag::kQr | (s.flags & 0x7800) |
                                 (s.flags & (dnswire::flag::kRd | dnswire::flag::kCd)) | extra |
                                 (static_cast<std::uint16_t>(rcode) & 0xF));
  r.put16(s.id);
  r.put16(flags);
  r.put16(s.question_end != 0 ? 1 : 0);
  r.put16(0);
  r.put16(0);
  r.put16(0);
  if (s.question_end != 0) r.put(query.data() + 12, s.question_end - 12);
}

// RFC 6891 §6.1.3: OPT in every response to an OPT query; extended RCODE in the TTL; no options
// echoed; DO not set (no DNSSEC yet).
void end_with_opt(Response& r, const Screened& s, RCode rcode, const Options& o) noexcept {
  if (!s.edns) return;
  const std::uint8_t opt[kOptSize] = {0,
                                      0,
                                      41,
                                      static_cast<std::uint8_t>(o.max_udp_payload >> 8),
                                      static_cast<std::uint8_t>(o.max_udp_payload),
                                      static_cast<std::uint8_t>(static_cast<unsigned>(rcode) >> 4),
                                      0,
                                      0,
                                      0,
                                      0,
                                      0};
  r.put(opt, kOptSize);
  r.set16(10, 1);
}

Outcome finish(const Response& r, RCode rcode, bool truncated) noexcept {
  return Outcome{r.size(), static_cast<std::uint16_t>(rcode), truncated};
}

Outcome error(std::span<const std::uint8_t> query, const Screened& s, RCode rcode, const Options& o,
              std::span<std::uint8_t> out) noexcept {
  Response r{out, out.size()};
  // A question we could not read is not echoed, and neither is an OPT we did not accept.
  begin(r, query, s, rcode, 0);
  end_with_opt(r, s, rcode, o);
  return finish(r, rcode, false);
}

// RFC 1035 §4.2.1, RFC 2181 §9: an answer that does not fit is not cut; the requestor gets the
// question with TC and retries over TCP.
Outcome truncated(std::span<const std::uint8_t> query, const Screened& s, RCode rcode,
                  const Options& o, std::span<std::uint8_t> out) noexcept {
  Response r{out, out.size()};
  begin(r, query, s, rcode, dnswire::flag::kAa | dnswire::flag::kTc);
  end_with_opt(r, s, rcode, o);
  return finish(r, rcode, true);
}

// The RRset to answer `qtype` with: the type itself; for ANY one RRset (RFC 8482 §4.2); else a
// CNAME at the name (RFC 1034 §3.6.2; chains are not followed).
const zone::AnswerSet::RRset* pick(const zone::AnswerSet& set, RRType qtype) noexcept {
  if (qtype == RRType::Any) return set.sets().empty() ? nullptr : &set.sets().front();
  if (const auto* rrs = set.find(qtype)) return rrs;
  return set.find(RRType::Cname);
}

// A query inside zone `z`: its answer, NODATA or NXDOMAIN (RFC 2308 §2), or TC when too big.
Outcome answer_in(std::span<const std::uint8_t> query, const Screened& s, const zone::Zone& z,
                  Transport transport, const Options& options,
                  std::span<std::uint8_t> out) noexcept {
  const zone::Hit hit = z.lookup(s.qname);
  const zone::AnswerSet::RRset* rrset =
      hit.what == zone::Hit::What::Data ? pick(*hit.answers, s.qtype) : nullptr;
  const RCode rcode = hit.what == zone::Hit::What::NxDomain ? RCode::NxDomain : RCode::NoError;

  Response r{out, size_limit(s, transport, options)};
  const std::size_t opt_room = s.edns ? kOptSize : 0;
  begin(r, query, s, rcode, dnswire::flag::kAa);
  if (rrset != nullptr) {
    const auto wire = hit.answers->wire(*rrset);
    if (!r.fits(wire.size() + opt_room)) return truncated(query, s, rcode, options, out);
    r.put(wire.data(), wire.size());
    r.set16(6, rrset->count);
  } else {
    // NODATA or NXDOMAIN: the SOA, owned by the apex, which is the question name's suffix.
    const auto soa = z.negative_soa();
    if (!r.fits(2 + soa.size() + opt_room)) return truncated(query, s, rcode, options, out);
    const std::size_t apex_at = 12 + s.qname.size - z.apex().wire_size();
    r.put16(static_cast<std::uint16_t>(0xC000 | apex_at));
    r.put(soa.data(), soa.size());
    r.set16(8, 1);
  }
  end_with_opt(r, s, rcode, options);
  return finish(r, rcode, false);
}

}  // namespace

Outcome answer(std::span<const std::uint8_t> query, Transport transport, const zone::ZoneSet& zones,
               const Options& options, std::span<std::uint8_t> out) noexcept {
  if (should_drop(query)) return {};
  const Screened s = screen(query);
  if (s.rcode != RCode::NoError) return error(query, s, s.rcode, options, out);
  const std::size_t index = zones.find_index(s.qname);
  if (index == zone::ZoneSet::kNotFound) return error(query, s, RCode::Refused, options, out);
  Outcome o = answer_in(query, s, *zones.zones()[index], transport, options, out);
  o.zone = index;
  return o;
}

}  // namespace vouchd::responder
