// Fuzz target: responder::answer over arbitrary query bytes, on both transports, against a small
// in-memory ZoneSet (VBR, DNSxL IPv4 and IPv6 zones). The response must fit its buffer and limit
// (RFC 1035 §4.2.1, RFC 6891 §7), parse, echo the query ID, and exist for every query that is
// not a response or shorter than a header.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/dnswire/message.h"
#include "vouchd/responder/responder.h"
#include "vouchd/zone/zone_set.h"

namespace {

using vouchd::dnswire::IpFamily;
using vouchd::dnswire::IpPrefix;
using vouchd::dnswire::Name;
using vouchd::dnswire::RRType;
using vouchd::zone::AnswerSet;
using vouchd::zone::IpTable;
using vouchd::zone::Kind;
using vouchd::zone::NameTable;
using vouchd::zone::Zone;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kMaxUdp = 1232;

Name name(std::string_view text) {
  const auto n = Name::from_text(text);
  if (!n) std::abort();
  return *n;
}

Bytes relative_key(std::string_view relative) {
  if (relative.empty()) return {};
  const Name n = name(std::string{relative} + ".");
  return Bytes(n.wire().begin(), n.wire().end() - 1);
}

Bytes txt(std::string_view text) {
  Bytes out(1 + text.size());
  out[0] = static_cast<std::uint8_t>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    out[1 + i] = static_cast<std::uint8_t>(text[i]);
  return out;
}

AnswerSet answer_set(const std::vector<std::pair<RRType, Bytes>>& rrs) {
  std::vector<AnswerSet::RR> out;
  for (const auto& [type, rdata] : rrs)
    out.push_back({type, 300, rdata});
  return AnswerSet{out};
}

// A zone whose answers[0] is the apex (SOA, NS); `names` and the address tables refer to the
// answers added by the caller after it.
Zone::Parts base(std::string_view apex, Kind kind) {
  Zone::Parts p;
  p.apex = name(apex);
  p.kind = kind;
  p.serial = 1;
  const Name ns = name("ns.vouch.example.");
  p.soa_rdata.assign(ns.wire().begin(), ns.wire().end());
  p.soa_rdata.insert(p.soa_rdata.end(), ns.wire().begin(), ns.wire().end());
  for (int i = 0; i < 5; ++i)
    p.soa_rdata.insert(p.soa_rdata.end(), {0, 0, 1, 44});
  p.soa_ttl = 3600;
  p.soa_minimum = 300;
  p.answers.push_back(answer_set(
      {{RRType::Soa, p.soa_rdata}, {RRType::Ns, Bytes(ns.wire().begin(), ns.wire().end())}}));
  return p;
}

NameTable names(const std::vector<std::pair<std::string, std::uint32_t>>& entries) {
  NameTable::Builder b;
  for (const auto& [relative, value] : entries) {
    b.add(relative_key(relative), value);
    b.add_ancestors(relative_key(relative));
  }
  return std::move(b).build();
}

IpTable ips(const std::vector<std::pair<std::string, std::uint32_t>>& entries, IpFamily family) {
  std::vector<IpTable::Entry> e;
  for (const auto& [text, value] : entries) {
    const auto p = IpPrefix::parse(text);
    if (!p) std::abort();
    e.push_back({*p, value});
  }
  return IpTable::build(std::move(e), family);
}

std::shared_ptr<const Zone> vbr_zone() {
  Zone::Parts p = base("vouch.example.", Kind::Vbr);
  p.answers.push_back(answer_set({{RRType::Txt, txt("transaction list")}}));  // 1
  std::vector<std::pair<RRType, Bytes>> big;  // 2: ~700 octets, past 512 but within 1232
  for (int i = 0; i < 6; ++i)
    big.emplace_back(RRType::Txt, txt(std::string(100, 'a')));
  p.answers.push_back(answer_set(big));
  const auto one = big.front();
  big.resize(14, one);  // 3: ~1600 octets, past 1232
  p.answers.push_back(answer_set(big));
  const Name target = name("ns.vouch.example.");
  p.answers.push_back(  // 4
      answer_set({{RRType::Cname, Bytes(target.wire().begin(), target.wire().end())}}));
  p.names = names({{"", 0}, {"example.com._vouch", 1}, {"big", 2}, {"huge", 3}, {"alias", 4}});
  return std::make_shared<const Zone>(std::move(p));
}

std::shared_ptr<const Zone> ip4_zone() {
  Zone::Parts p = base("bl.example.", Kind::DnsblIp4);
  p.answers.push_back(answer_set({{RRType::A, Bytes{127, 0, 0, 2}}, {RRType::Txt, txt("listed")}}));
  p.names = names({{"", 0}});
  p.ip4 = ips({{"127.0.0.2", 1}, {"192.0.2.0/24", 1}, {"10.0.0.0/8", 1}}, IpFamily::V4);
  p.ip6 = ips({{"::ffff:127.0.0.2", 1}}, IpFamily::V6);
  return std::make_shared<const Zone>(std::move(p));
}

std::shared_ptr<const Zone> ip6_zone() {
  Zone::Parts p = base("bl6.example.", Kind::DnsblIp6);
  p.answers.push_back(answer_set({{RRType::A, Bytes{127, 0, 0, 2}}}));
  p.names = names({{"", 0}, {"test", 1}});
  p.ip6 = ips({{"2001:db8::/32", 1}, {"2001:db8::1", 1}, {"::ffff:127.0.0.2", 1}}, IpFamily::V6);
  return std::make_shared<const Zone>(std::move(p));
}

const vouchd::zone::ZoneSet& zones() {
  static const vouchd::zone::ZoneSet set{{vbr_zone(), ip4_zone(), ip6_zone()}};
  return set;
}

// The most a UDP response to `query` may hold: 512 without EDNS, else the requestor's size
// bounded by ours (never under 512).
std::size_t udp_limit(std::span<const std::uint8_t> query,
                      const vouchd::dnswire::ParseResult& response) {
  if (!response.message.edns) return 512;
  const auto q = vouchd::dnswire::parse_message(query);
  if (!q.ok() || !q.message.edns || q.message.opt_count != 1) return kMaxUdp;
  const std::size_t asked = q.message.edns->udp_size < 512 ? 512 : q.message.edns->udp_size;
  return asked < kMaxUdp ? asked : kMaxUdp;
}

void check(std::span<const std::uint8_t> query, vouchd::responder::Transport transport) {
  using vouchd::responder::Transport;
  const vouchd::responder::Options options{.max_udp_payload = kMaxUdp};
  // Exactly as large as the contract asks, so that a write past it is a heap overflow.
  Bytes out(transport == Transport::Tcp ? vouchd::responder::kMaxResponse : kMaxUdp);
  const auto outcome = vouchd::responder::answer(query, transport, zones(), options, out);
  if (outcome.size > out.size()) std::abort();
  const bool must_answer = query.size() >= 12 && (query[2] & 0x80) == 0;
  if (outcome.size == 0) {
    if (must_answer) std::abort();
    return;
  }
  if (!must_answer) std::abort();
  const std::span<const std::uint8_t> response{out.data(), outcome.size};
  const auto parsed = vouchd::dnswire::parse_message(response);
  if (!parsed.ok() || parsed.message.opt_count > 1) std::abort();
  const auto& h = parsed.message.header;
  if (h.id != static_cast<std::uint16_t>(query[0] << 8 | query[1])) std::abort();
  if (!h.is_response() || parsed.message.rcode() != outcome.rcode) std::abort();
  if (parsed.message.questions.size() > 1) std::abort();
  if (transport == Transport::Udp && outcome.size > udp_limit(query, parsed)) std::abort();
  if (outcome.truncated && !parsed.message.answers.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> query{data, size};
  check(query, vouchd::responder::Transport::Udp);
  check(query, vouchd::responder::Transport::Tcp);
  return 0;
}
