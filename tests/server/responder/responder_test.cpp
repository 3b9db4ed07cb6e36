// Tests of responder::answer on zones imported from master files into a real store: answers,
// negative answers (RFC 2308 §2–§5, RFC 8020), early errors (RFC 1035 §4.1.1, RFC 6891 §6.1,
// RFC 7873 §5.2.2, RFC 8906 §3.1), truncation (RFC 1035 §4.2.1, RFC 6891 §7) and header bits
// (RFC 6840 §5.9), checked by parsing the response bytes.
#include "vouchd/responder/responder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/dns_client.h"
#include "support/temp_dir.h"
#include "vouchd/cli/zone_import.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/master_file.h"
#include "vouchd/dnswire/message.h"
#include "vouchd/store/store.h"
#include "vouchd/zone/builder.h"

namespace vouchd::responder {
namespace {

using Bytes = std::vector<std::uint8_t>;
using dnswire::RCode;
using dnswire::RRType;
namespace flag = dnswire::flag;

constexpr std::uint16_t kId = 0xBEEF;
constexpr std::uint16_t kOptionCookie = 10;

// ---- Zones, imported the way `vouchd import` does ----

std::string txt_strings(char fill, int count, std::size_t length) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += " \"" + std::to_string(i) + std::string(length - std::to_string(i).size(), fill) + "\"";
  }
  return out;
}

std::string vbr_zone() {
  std::string text =
      "$ORIGIN vouch.example.\n"
      "$TTL 3600\n"
      "@ 3600 IN SOA ns.vouch.example. hostmaster.vouch.example. 1 3600 600 604800 300\n"
      "@ IN NS ns.vouch.example.\n"
      "ns IN A 192.0.2.53\n"
      "example.com._vouch IN TXT \"transaction list\"\n"
      "a.b.example.org._vouch IN TXT \"all\"\n"
      "Odd\\.Name.example._vouch IN TXT \"personal\"\n"
      "User\\@Host.example._vouch IN TXT \"personal\"\n"
      "alias IN CNAME ns.vouch.example.\n";
  // big: one TXT RR of 8 strings (~900 octets of answer); huge: 20 RRs (~2300 octets).
  text += "big IN TXT" + txt_strings('b', 8, 100) + "\n";
  for (int i = 0; i < 20; ++i)
    text += "huge IN TXT" + txt_strings(static_cast<char>('a' + i), 1, 100) + "\n";
  return text;
}

std::string bl_zone() {
  return "$ORIGIN bl.example.\n"
         "$TTL 300\n"
         "@ 60 IN SOA ns.bl.example. hostmaster.bl.example. 1 3600 600 604800 600\n"
         "@ 60 IN NS ns.vouch.example.\n"
         "2.0.0.127 IN A 127.0.0.2\n"
         "2.0.0.127 IN TXT \"listed for testing\"\n"
         "*.2.0.192 IN A 127.0.0.3\n";
}

void import_zone(store::Store& s, store::ZoneKind kind, const std::string& text) {
  cli::ZoneImporter importer{kind};
  const auto error = dnswire::parse_master_file(
      text, {}, [&importer](dnswire::MasterRecord&& r) { importer.add(std::move(r)); });
  if (error) {
    throw std::runtime_error("master file line " + std::to_string(error->line) + ": " +
                             error->message);
  }
  auto contents = std::move(importer).finish(std::nullopt);
  if (!contents) throw std::runtime_error("import: " + contents.error().message);
  const auto stored =
      s.replace_zone(*contents, std::chrono::sys_seconds{std::chrono::seconds{1767225600}});
  if (!stored) throw std::runtime_error("replace_zone: " + stored.error().message);
}

// A class-of-service zone (design.md §11) made the way the API makes one: default class 127.0.0.1
// with TXT "unknown sender" at the default TTL 120, and one entry per key family.
void create_cos_zone(store::Store& s) {
  const auto at = std::chrono::sys_seconds{std::chrono::seconds{1767225600}};
  const store::Actor who{"test"};
  store::Zone z;
  z.apex = *dnswire::Name::from_text("cos.example.");
  z.kind = store::ZoneKind::Cos;
  z.soa.mname = *dnswire::Name::from_text("ns.cos.example.");
  z.soa.rname = *dnswire::Name::from_text("hostmaster.cos.example.");
  z.default_ttl = 120;
  z.default_class = store::CodedAnswer{{0x7F000001}, "unknown sender"};
  const auto created = s.create_zone(z, {}, who, at);
  if (!created) throw std::runtime_error("create_zone: " + created.error().message);
  const std::vector<std::pair<store::ListingKey, std::uint32_t>> entries{
      {*dnswire::IpPrefix::parse("192.0.2.0/24"), 0x7F000102},
      {*dnswire::IpPrefix::parse("2001:db8::/32"), 0x7F000103},
      {*dnswire::IpPrefix::parse("2001:db8:1::/48"), 0x7F000104},
      {std::string{"good.example"}, 0x7F000105}};
  for (const auto& [key, code] : entries) {
    const auto put =
        s.put_listing(created->id, key, store::to_answer({{code}, {}}, 600), std::nullopt, who, at);
    if (!put) throw std::runtime_error("put_listing: " + put.error().message);
  }
}

std::shared_ptr<const zone::ZoneSet> build_zones() {
  const testing::TempDir dir;
  auto s = store::Store::open(dir.file("vouchd.db"), true);
  if (!s) throw std::runtime_error("open: " + s.error().message);
  import_zone(**s, store::ZoneKind::Vbr, vbr_zone());
  import_zone(**s, store::ZoneKind::DnsblIp4, bl_zone());
  create_cos_zone(**s);
  return zone::build_zone_set(**s);  // owns its data: the store and its directory may go
}

const zone::ZoneSet& zones() {
  static const std::shared_ptr<const zone::ZoneSet> set = build_zones();
  return *set;
}

// ---- Hand-built queries ----

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

Bytes header(std::uint16_t flags, std::uint16_t qd, std::uint16_t an = 0, std::uint16_t ns = 0,
             std::uint16_t ar = 0, std::uint16_t id = kId) {
  Bytes b;
  for (const std::uint16_t v : {id, flags, qd, an, ns, ar})
    put16(b, v);
  return b;
}

Bytes name_wire(std::string_view text) {
  const auto n = dnswire::Name::from_text(text);
  if (!n) throw std::invalid_argument(std::string{text});
  return Bytes(n->wire().begin(), n->wire().end());
}

Bytes question(std::string_view qname, RRType type, std::uint16_t qclass = 1) {
  Bytes b = name_wire(qname);
  put16(b, static_cast<std::uint16_t>(type));
  put16(b, qclass);
  return b;
}

Bytes option(std::uint16_t code, std::size_t length) {
  Bytes b;
  put16(b, code);
  put16(b, static_cast<std::uint16_t>(length));
  for (std::size_t i = 0; i < length; ++i)
    b.push_back(static_cast<std::uint8_t>(i + 1));
  return b;
}

// An OPT RR (RFC 6891 §6.1.2) owned by the root.
Bytes opt(std::uint16_t udp_size = 4096, std::uint8_t version = 0, const Bytes& options = {}) {
  Bytes b{0};
  put16(b, static_cast<std::uint16_t>(RRType::Opt));
  put16(b, udp_size);
  b.push_back(0);  // extended RCODE
  b.push_back(version);
  put16(b, 0);  // flags
  put16(b, static_cast<std::uint16_t>(options.size()));
  b.insert(b.end(), options.begin(), options.end());
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

// One question, with an OPT when `udp_size` is given.
Bytes query(std::string_view qname, RRType type, std::optional<std::uint16_t> udp_size = {},
            std::uint16_t flags = 0) {
  if (!udp_size) return cat({header(flags, 1), question(qname, type)});
  return cat({header(flags, 1, 0, 0, 1), question(qname, type), opt(*udp_size)});
}

// ---- Responses ----

struct Reply {
  Outcome outcome;
  Bytes wire;
  dnswire::Message m;
  bool parsed = false;
};

Reply ask(const Bytes& q, Transport transport = Transport::Udp, const Options& options = {}) {
  Reply r;
  Bytes out(kMaxResponse);
  r.outcome = answer(q, transport, zones(), options, out);
  out.resize(r.outcome.size);
  r.wire = out;
  if (!out.empty()) {
    dnswire::ParseResult p = dnswire::parse_message(out);
    r.parsed = p.ok();
    r.m = std::move(p.message);
  }
  return r;
}

std::set<RRType> types(const std::vector<dnswire::Record>& rrs) {
  std::set<RRType> out;
  for (const auto& rr : rrs)
    out.insert(rr.type);
  return out;
}

// The header and question every response to a readable query carries.
void expect_echo(const Reply& r, const Bytes& q) {
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.header.id, kId);
  EXPECT_TRUE(r.m.header.is_response());
  ASSERT_EQ(r.m.questions.size(), 1u);
  const std::size_t qlen = name_wire(r.m.questions[0].qname.to_text()).size() + 4;
  ASSERT_GE(r.wire.size(), 12 + qlen);
  EXPECT_EQ(Bytes(r.wire.begin() + 12, r.wire.begin() + 12 + static_cast<std::ptrdiff_t>(qlen)),
            Bytes(q.begin() + 12, q.begin() + 12 + static_cast<std::ptrdiff_t>(qlen)));
}

void expect_negative_soa(const Reply& r, std::string_view apex, std::uint32_t ttl) {
  ASSERT_EQ(r.m.authority.size(), 1u);
  EXPECT_EQ(r.m.authority[0].type, RRType::Soa);
  EXPECT_EQ(r.m.authority[0].owner.to_text(), apex);
  EXPECT_EQ(r.m.authority[0].ttl, ttl);
}

// ---- Answers ----

TEST(ResponderTest, VouchIsAnAuthoritativeTxtAnswer) {
  const Bytes q = query("example.com._vouch.vouch.example.", RRType::Txt);
  const Reply r = ask(q);
  expect_echo(r, q);
  EXPECT_EQ(r.m.rcode(), 0);
  EXPECT_EQ(r.outcome.rcode, 0);
  EXPECT_FALSE(r.outcome.truncated);
  EXPECT_TRUE(r.m.header.has(flag::kAa));
  EXPECT_FALSE(r.m.header.has(flag::kTc));
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{
                "example.com._vouch.vouch.example. 3600 IN TXT \"transaction list\""});
  EXPECT_TRUE(r.m.authority.empty());
  EXPECT_TRUE(r.m.additional.empty());
  EXPECT_FALSE(r.m.edns.has_value());  // none asked for, none given
}

TEST(ResponderTest, ApexAnswersItsNsRecords) {
  const Reply r = ask(query("vouch.example.", RRType::Ns));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{"vouch.example. 3600 IN NS ns.vouch.example."});
}

TEST(ResponderTest, DnsxlListingAnswersAAndTxt) {
  const Reply a = ask(query("2.0.0.127.bl.example.", RRType::A));
  ASSERT_TRUE(a.parsed);
  EXPECT_EQ(testing::as_text(a.m.answers),
            std::vector<std::string>{"2.0.0.127.bl.example. 300 IN A 127.0.0.2"});
  const Reply txt = ask(query("2.0.0.127.bl.example.", RRType::Txt));
  EXPECT_EQ(testing::as_text(txt.m.answers),
            std::vector<std::string>{"2.0.0.127.bl.example. 300 IN TXT \"listed for testing\""});
}

TEST(ResponderTest, DnsxlRangeAnswersEveryAddressInside) {
  const Reply r = ask(query("77.2.0.192.bl.example.", RRType::A));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{"77.2.0.192.bl.example. 300 IN A 127.0.0.3"});
}

TEST(ResponderTest, VouchForADomainNeedingAnEscapeIsAnswered) {
  // The store keeps the domain as "user\@host.example", which the builder parses as a name.
  const Reply r = ask(query("USER\\@host.example._vouch.vouch.example.", RRType::Txt));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), 0);
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{
                "USER\\@host.example._vouch.vouch.example. 3600 IN TXT \"personal\""});
}

TEST(ResponderTest, VouchForADomainWithAnEscapedDotIsAnswered) {
  // The label "odd.name" holds a dot, so the store keeps the domain as "odd\.name.example".
  const Reply r = ask(query("ODD\\.name.example._vouch.vouch.example.", RRType::Txt));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), 0);
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{
                "ODD\\.name.example._vouch.vouch.example. 3600 IN TXT \"personal\""});
  // One label "odd.name", not two: there is nothing at name.example.
  const Reply split = ask(query("name.example._vouch.vouch.example.", RRType::Txt));
  EXPECT_EQ(split.m.rcode(), static_cast<std::uint16_t>(RCode::NxDomain));
}

TEST(ResponderTest, QnameCaseIsEchoed) {
  const Bytes q = query("EXAMPLE.com._VOUCH.Vouch.Example.", RRType::Txt);
  const Reply r = ask(q);
  expect_echo(r, q);
  EXPECT_EQ(r.m.questions[0].qname.to_text(), "EXAMPLE.com._VOUCH.Vouch.Example.");
  ASSERT_EQ(r.m.answers.size(), 1u);
  EXPECT_EQ(r.m.answers[0].owner.to_text(), "EXAMPLE.com._VOUCH.Vouch.Example.");
}

TEST(ResponderTest, AnyGivesOneRRset) {
  const Reply apex = ask(query("vouch.example.", RRType::Any));  // SOA and NS live here
  ASSERT_TRUE(apex.parsed);
  EXPECT_EQ(apex.m.rcode(), 0);
  ASSERT_EQ(apex.m.answers.size(), 1u);
  EXPECT_EQ(types(apex.m.answers).size(), 1u);
  const Reply huge = ask(query("huge.vouch.example.", RRType::Any), Transport::Tcp);
  EXPECT_EQ(huge.m.answers.size(), 20u);
  EXPECT_EQ(types(huge.m.answers), std::set<RRType>{RRType::Txt});
}

TEST(ResponderTest, AnyClassIsAnswered) {
  const Bytes q =
      cat({header(0, 1), question("example.com._vouch.vouch.example.", RRType::Txt, 255)});
  const Reply r = ask(q);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), 0);
  EXPECT_EQ(r.m.answers.size(), 1u);
}

TEST(ResponderTest, CnameAnswersOtherTypes) {
  for (const RRType t : {RRType::A, RRType::Aaaa, RRType::Txt, RRType::Cname}) {
    const Reply r = ask(query("alias.vouch.example.", t));
    ASSERT_TRUE(r.parsed);
    EXPECT_EQ(r.m.rcode(), 0);
    EXPECT_EQ(testing::as_text(r.m.answers),
              std::vector<std::string>{"alias.vouch.example. 3600 IN CNAME ns.vouch.example."})
        << static_cast<int>(t);
  }
}

// ---- Class-of-service zones (design.md §11) ----

std::string v6_name(std::string_view address) {
  return dnswire::reversed_labels(*dnswire::IpPrefix::parse(address)) + ".cos.example.";
}

TEST(ResponderTest, CosZoneAnswersTheDefaultClassForUnknownKeysOfEachFamily) {
  for (const std::string& n : {std::string{"9.9.51.198.cos.example."}, v6_name("2001:db9::1"),
                               std::string{"unknown.example.cos.example."}}) {
    const Reply a = ask(query(n, RRType::A));
    ASSERT_TRUE(a.parsed) << n;
    EXPECT_EQ(a.m.rcode(), 0) << n;
    EXPECT_TRUE(a.m.header.has(flag::kAa)) << n;
    EXPECT_EQ(testing::as_text(a.m.answers), std::vector<std::string>{n + " 120 IN A 127.0.0.1"});
    const Reply txt = ask(query(n, RRType::Txt));
    EXPECT_EQ(testing::as_text(txt.m.answers),
              std::vector<std::string>{n + " 120 IN TXT \"unknown sender\""});
  }
}

TEST(ResponderTest, CosZoneAnswersTheEarnedClassOfEachFamily) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"7.2.0.192.cos.example.", "127.0.1.2"},
      {v6_name("2001:db8:2::7"), "127.0.1.3"},
      {v6_name("2001:db8:1:5::7"), "127.0.1.4"},  // the longest prefix wins
      {"good.example.cos.example.", "127.0.1.5"}};
  for (const auto& [n, code] : cases) {
    const Reply a = ask(query(n, RRType::A));
    ASSERT_TRUE(a.parsed) << n;
    EXPECT_EQ(testing::as_text(a.m.answers), std::vector<std::string>{n + " 600 IN A " + code});
    EXPECT_TRUE(ask(query(n, RRType::Txt)).m.answers.empty()) << n;  // NODATA: no TXT given
  }
}

TEST(ResponderTest, CosZoneNamesOfNoKeyShapeAreNxDomainAndRangesNoData) {
  for (const std::string& n : {std::string{"10.20.30.40.50.cos.example."},
                               std::string{"x.example.42.cos.example."}, "f." + v6_name("::1")}) {
    const Reply r = ask(query(n, RRType::A));
    ASSERT_TRUE(r.parsed) << n;
    EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NxDomain)) << n;
    expect_negative_soa(r, "cos.example.", 300);
  }
  const Reply range = ask(query("51.198.cos.example.", RRType::A));
  ASSERT_TRUE(range.parsed);
  EXPECT_EQ(range.m.rcode(), 0);
  EXPECT_TRUE(range.m.answers.empty());
  expect_negative_soa(range, "cos.example.", 300);
}

TEST(ResponderTest, CosZoneHasNoTestPoints) {
  const Reply r = ask(query("2.0.0.127.cos.example.", RRType::A));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(testing::as_text(r.m.answers),
            std::vector<std::string>{"2.0.0.127.cos.example. 120 IN A 127.0.0.1"});
}

// ---- Negative answers ----

TEST(ResponderTest, UnknownNameIsNxDomainWithSoaAtMinimumTtl) {
  const Bytes q = query("nobody.example._vouch.vouch.example.", RRType::Txt);
  const Reply r = ask(q);
  expect_echo(r, q);
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NxDomain));
  EXPECT_EQ(r.outcome.rcode, static_cast<std::uint16_t>(RCode::NxDomain));
  EXPECT_TRUE(r.m.header.has(flag::kAa));
  EXPECT_TRUE(r.m.answers.empty());
  expect_negative_soa(r, "vouch.example.", 300);  // min(SOA TTL 3600, MINIMUM 300)
}

TEST(ResponderTest, NxDomainTtlIsTheSoaTtlWhenSmaller) {
  const Reply r = ask(query("1.0.0.127.bl.example.", RRType::A));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NxDomain));
  expect_negative_soa(r, "bl.example.", 60);  // min(SOA TTL 60, MINIMUM 600)
}

TEST(ResponderTest, NegativeSoaOwnerKeepsTheQueryCase) {
  const Reply r = ask(query("Nobody.VOUCH.Example.", RRType::A));
  ASSERT_TRUE(r.parsed);
  ASSERT_EQ(r.m.authority.size(), 1u);
  EXPECT_EQ(r.m.authority[0].owner.to_text(), "VOUCH.Example.");  // a pointer into the question
}

TEST(ResponderTest, EmptyNonTerminalIsNoData) {
  for (const char* n :
       {"_vouch.vouch.example.", "com._vouch.vouch.example.", "b.example.org._vouch.vouch.example.",
        "2.0.192.bl.example.", "0.127.bl.example."}) {
    const Reply r = ask(query(n, RRType::Txt));
    ASSERT_TRUE(r.parsed) << n;
    EXPECT_EQ(r.m.rcode(), 0) << n;
    EXPECT_TRUE(r.m.header.has(flag::kAa)) << n;
    EXPECT_TRUE(r.m.answers.empty()) << n;
    expect_negative_soa(
        r, n[0] == '_' || n[0] == 'c' || n[0] == 'b' ? "vouch.example." : "bl.example.",
        n[0] == '_' || n[0] == 'c' || n[0] == 'b' ? 300u : 60u);
  }
}

TEST(ResponderTest, MissingTypeIsNoData) {
  const Reply r = ask(query("example.com._vouch.vouch.example.", RRType::A));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), 0);
  EXPECT_TRUE(r.m.answers.empty());
  expect_negative_soa(r, "vouch.example.", 300);
}

TEST(ResponderTest, OutsideOurZonesIsRefusedWithoutAa) {
  for (const char* n : {"example.org.", "notvouch.example.", "example.", "."}) {
    const Bytes q = query(n, RRType::A);
    const Reply r = ask(q);
    expect_echo(r, q);
    EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::Refused)) << n;
    EXPECT_FALSE(r.m.header.has(flag::kAa)) << n;
    EXPECT_TRUE(r.m.answers.empty() && r.m.authority.empty()) << n;
  }
}

// The Outcome names the answering zone for the caller's per-zone counters.
TEST(ResponderTest, OutcomeNamesTheAnsweringZone) {
  for (const char* n : {"example.com._vouch.vouch.example.", "nobody._vouch.vouch.example.",
                        "2.0.0.127.bl.example."}) {
    const Reply r = ask(query(n, RRType::Txt));
    ASSERT_NE(r.outcome.zone, zone::ZoneSet::kNotFound) << n;
    ASSERT_LT(r.outcome.zone, zones().zones().size()) << n;
    const std::string apex =
        std::string{n}.ends_with("bl.example.") ? "bl.example." : "vouch.example.";
    EXPECT_EQ(zones().zones()[r.outcome.zone]->apex().to_text(), apex) << n;
  }
  EXPECT_EQ(ask(query("example.org.", RRType::A)).outcome.zone, zone::ZoneSet::kNotFound);
  EXPECT_EQ(ask(cat({header(0, 0)})).outcome.zone, zone::ZoneSet::kNotFound);  // FORMERR
}

TEST(ResponderTest, ChaosClassIsRefused) {
  const Reply r = ask(cat({header(0, 1), question("version.bind.", RRType::Txt, 3)}));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::Refused));
  EXPECT_TRUE(r.m.answers.empty());
}

// ---- Header bits ----

TEST(ResponderTest, RdAndCdAreCopiedAdAndZAreNot) {
  constexpr std::uint16_t kZ = 0x0040;
  const Reply set = ask(query("example.com._vouch.vouch.example.", RRType::Txt, {},
                              flag::kRd | flag::kCd | flag::kAd | kZ));
  ASSERT_TRUE(set.parsed);
  EXPECT_TRUE(set.m.header.has(flag::kRd));
  EXPECT_TRUE(set.m.header.has(flag::kCd));
  EXPECT_FALSE(set.m.header.has(flag::kAd));
  EXPECT_FALSE(set.m.header.has(kZ));
  EXPECT_FALSE(set.m.header.has(flag::kRa));
  const Reply clear = ask(query("example.com._vouch.vouch.example.", RRType::Txt));
  EXPECT_FALSE(clear.m.header.has(flag::kRd));
  EXPECT_FALSE(clear.m.header.has(flag::kCd));
}

TEST(ResponderTest, ErrorsCopyRdToo) {
  const Reply r = ask(query("example.org.", RRType::A, {}, flag::kRd));
  ASSERT_TRUE(r.parsed);
  EXPECT_TRUE(r.m.header.has(flag::kRd));
  EXPECT_FALSE(r.m.header.has(flag::kRa));
}

// ---- What is not answered ----

TEST(ResponderTest, ResponsesGetNoResponse) {
  Bytes q = query("example.com._vouch.vouch.example.", RRType::Txt);
  q[2] |= 0x80;  // QR
  EXPECT_EQ(ask(q).outcome.size, 0u);
  EXPECT_EQ(ask(q, Transport::Tcp).outcome.size, 0u);
}

TEST(ResponderTest, ShortPacketsGetNoResponse) {
  const Bytes full = query("example.com._vouch.vouch.example.", RRType::Txt);
  for (std::size_t n = 0; n < 12; ++n) {
    const Bytes q(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(ask(q).outcome.size, 0u) << n;
  }
}

// ---- FORMERR ----

void expect_formerr(const Bytes& q, bool question_echoed = false) {
  const Reply r = ask(q);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.header.id, kId);
  EXPECT_TRUE(r.m.header.is_response());
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::FormErr));
  EXPECT_EQ(r.outcome.rcode, static_cast<std::uint16_t>(RCode::FormErr));
  EXPECT_FALSE(r.m.header.has(flag::kAa));
  EXPECT_TRUE(r.m.answers.empty() && r.m.authority.empty());
  EXPECT_EQ(r.m.questions.size(), question_echoed ? 1u : 0u);
}

TEST(ResponderTest, NoQuestionIsFormErr) {
  expect_formerr(header(0, 0));
}

TEST(ResponderTest, TwoQuestionsAreFormErr) {
  expect_formerr(cat({header(0, 2), question("a.vouch.example.", RRType::A),
                      question("b.vouch.example.", RRType::A)}));
}

TEST(ResponderTest, TruncatedQuestionIsFormErr) {
  const Bytes full =
      cat({header(0, 1), question("example.com._vouch.vouch.example.", RRType::Txt)});
  for (std::size_t cut = 12; cut < full.size(); ++cut) {
    SCOPED_TRACE(cut);
    expect_formerr(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut)));
  }
}

TEST(ResponderTest, CompressionPointerInQuestionIsFormErr) {
  Bytes q = header(0, 1);
  q.insert(q.end(), {0xC0, 0x0C});
  put16(q, 1);
  put16(q, 1);
  expect_formerr(q);
  // A pointer after a first label.
  Bytes later = header(0, 1);
  later.insert(later.end(), {3, 'f', 'o', 'o', 0xC0, 0x0C});
  put16(later, 1);
  put16(later, 1);
  expect_formerr(later);
}

TEST(ResponderTest, ReservedLabelTypeInQuestionIsFormErr) {
  Bytes q = header(0, 1);
  q.insert(q.end(), {0x41, 'x', 0});
  put16(q, 1);
  put16(q, 1);
  expect_formerr(q);
}

TEST(ResponderTest, OverlongQnameIsFormErr) {
  Bytes q = header(0, 1);
  for (int i = 0; i < 5; ++i) {
    q.push_back(63);
    q.insert(q.end(), 63, 'x');
  }
  q.push_back(0);
  put16(q, 1);
  put16(q, 1);
  expect_formerr(q);
}

TEST(ResponderTest, TwoOptsAreFormErr) {
  expect_formerr(
      cat({header(0, 1, 0, 0, 2), question("vouch.example.", RRType::Soa), opt(), opt()}), true);
}

TEST(ResponderTest, OptOutsideTheAdditionalSectionIsFormErr) {
  expect_formerr(cat({header(0, 1, 1, 0, 0), question("vouch.example.", RRType::Soa), opt()}),
                 true);
  expect_formerr(cat({header(0, 1, 0, 1, 0), question("vouch.example.", RRType::Soa), opt()}),
                 true);
}

TEST(ResponderTest, OptNotOwnedByTheRootIsFormErr) {
  Bytes o = opt();
  o.erase(o.begin());
  const Bytes owner = name_wire("x.");
  o.insert(o.begin(), owner.begin(), owner.end());
  expect_formerr(cat({header(0, 1, 0, 0, 1), question("vouch.example.", RRType::Soa), o}), true);
}

TEST(ResponderTest, TruncatedOptIsFormErr) {
  const Bytes full = cat({header(0, 1, 0, 0, 1), question("vouch.example.", RRType::Soa),
                          opt(4096, 0, option(kOptionCookie, 8))});
  const Bytes cut(full.begin(), full.end() - 3);
  expect_formerr(cut, true);
}

TEST(ResponderTest, CookieOfBadLengthIsFormErr) {
  for (const std::size_t len : {0u, 1u, 7u, 9u, 15u, 41u}) {
    SCOPED_TRACE(len);
    expect_formerr(cat({header(0, 1, 0, 0, 1), question("vouch.example.", RRType::Soa),
                        opt(4096, 0, option(kOptionCookie, len))}),
                   true);
  }
}

TEST(ResponderTest, CookieOfGoodLengthIsAnsweredWithoutEcho) {
  for (const std::size_t len : {8u, 16u, 40u}) {
    const Reply r = ask(cat({header(0, 1, 0, 0, 1), question("vouch.example.", RRType::Soa),
                             opt(4096, 0, option(kOptionCookie, len))}));
    ASSERT_TRUE(r.parsed) << len;
    EXPECT_EQ(r.m.rcode(), 0) << len;
    EXPECT_EQ(r.m.answers.size(), 1u) << len;
    ASSERT_TRUE(r.m.edns.has_value()) << len;
    EXPECT_TRUE(r.m.edns->options.empty()) << len;
  }
}

TEST(ResponderTest, OptAsQtypeIsFormErr) {
  expect_formerr(query("vouch.example.", RRType::Opt), true);
}

// ---- NOTIMP and BADVERS ----

TEST(ResponderTest, UnimplementedOpcodesAreNotImp) {
  for (const unsigned opcode : {1u, 2u, 3u, 4u, 5u, 6u, 15u}) {
    const auto flags = static_cast<std::uint16_t>(opcode << 11);
    const Bytes q = query("vouch.example.", RRType::Soa, {}, flags);
    const Reply r = ask(q);
    expect_echo(r, q);
    EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NotImp)) << opcode;
    EXPECT_EQ(static_cast<unsigned>(r.m.header.opcode()), opcode);
    EXPECT_FALSE(r.m.header.has(flag::kAa)) << opcode;
    EXPECT_TRUE(r.m.answers.empty()) << opcode;
  }
}

TEST(ResponderTest, UnimplementedOpcodeWithoutQuestionIsStillNotImp) {
  const Reply r = ask(header(5 << 11, 0));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NotImp));
}

TEST(ResponderTest, ZoneTransfersAreNotImpHere) {
  for (const RRType t : {RRType::Axfr, RRType::Ixfr}) {
    for (const Transport tr : {Transport::Udp, Transport::Tcp}) {
      const Reply r = ask(query("vouch.example.", t), tr);
      ASSERT_TRUE(r.parsed);
      EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::NotImp));
      EXPECT_TRUE(r.m.answers.empty());
    }
  }
}

TEST(ResponderTest, UnknownEdnsVersionIsBadVers) {
  const Reply r =
      ask(cat({header(0, 1, 0, 0, 1), question("example.com._vouch.vouch.example.", RRType::Txt),
               opt(4096, 1)}));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.m.rcode(), static_cast<std::uint16_t>(RCode::BadVers));
  EXPECT_EQ(r.outcome.rcode, static_cast<std::uint16_t>(RCode::BadVers));
  EXPECT_EQ(r.m.header.rcode(), 0);  // the upper bits travel in the OPT
  ASSERT_TRUE(r.m.edns.has_value());
  EXPECT_EQ(r.m.edns->version, 0);
  EXPECT_EQ(r.m.edns->extended_rcode, 1);
  EXPECT_TRUE(r.m.answers.empty());
}

// ---- EDNS and truncation ----

TEST(ResponderTest, EdnsQueryGetsOptWithOurPayloadSize) {
  const Reply r = ask(query("example.com._vouch.vouch.example.", RRType::Txt, 4096));
  ASSERT_TRUE(r.parsed);
  ASSERT_TRUE(r.m.edns.has_value());
  EXPECT_EQ(r.m.edns->udp_size, 1232);
  EXPECT_EQ(r.m.edns->version, 0);
  EXPECT_EQ(r.m.opt_count, 1);
  Options o;
  o.max_udp_payload = 1400;
  const Reply r2 =
      ask(query("example.com._vouch.vouch.example.", RRType::Txt, 4096), Transport::Udp, o);
  ASSERT_TRUE(r2.m.edns.has_value());
  EXPECT_EQ(r2.m.edns->udp_size, 1400);
}

TEST(ResponderTest, LargeAnswerWithoutEdnsIsTruncatedAt512) {
  const Bytes q = query("big.vouch.example.", RRType::Txt);
  const Reply r = ask(q);
  expect_echo(r, q);
  EXPECT_TRUE(r.m.header.has(flag::kTc));
  EXPECT_TRUE(r.outcome.truncated);
  EXPECT_TRUE(r.m.header.has(flag::kAa));
  EXPECT_LE(r.wire.size(), 512u);
  EXPECT_TRUE(r.m.answers.empty());  // not cut mid-RRset
  EXPECT_EQ(r.m.rcode(), 0);
}

TEST(ResponderTest, SmallEdnsSizeCountsAs512) {
  const Reply r = ask(query("big.vouch.example.", RRType::Txt, 100));
  ASSERT_TRUE(r.parsed);
  EXPECT_TRUE(r.m.header.has(flag::kTc));
  EXPECT_LE(r.wire.size(), 512u);
  EXPECT_TRUE(r.m.edns.has_value());
}

TEST(ResponderTest, LargeAnswerFitsWithEdns) {
  const Reply r = ask(query("big.vouch.example.", RRType::Txt, 4096));
  ASSERT_TRUE(r.parsed);
  EXPECT_FALSE(r.m.header.has(flag::kTc));
  EXPECT_FALSE(r.outcome.truncated);
  ASSERT_EQ(r.m.answers.size(), 1u);
  EXPECT_GT(r.m.answers[0].rdata.size(), 800u);
  EXPECT_GT(r.wire.size(), 512u);
  EXPECT_LE(r.wire.size(), 1232u);
}

TEST(ResponderTest, RequestorSizeBoundsTheAnswer) {
  const Reply r = ask(query("big.vouch.example.", RRType::Txt, 600));
  ASSERT_TRUE(r.parsed);
  EXPECT_TRUE(r.m.header.has(flag::kTc));
  EXPECT_LE(r.wire.size(), 600u);
}

TEST(ResponderTest, EdnsAnswerIsLimitedToOurMaximum) {
  const Bytes q = query("huge.vouch.example.", RRType::Txt, 4096);
  const Reply r = ask(q);
  expect_echo(r, q);
  EXPECT_TRUE(r.m.header.has(flag::kTc));
  EXPECT_TRUE(r.outcome.truncated);
  EXPECT_LE(r.wire.size(), 1232u);
  EXPECT_TRUE(r.m.answers.empty());
  EXPECT_TRUE(r.m.edns.has_value());  // the OPT survives truncation
}

TEST(ResponderTest, HigherMaximumLetsTheAnswerThrough) {
  Options o;
  o.max_udp_payload = 4096;
  const Reply r = ask(query("huge.vouch.example.", RRType::Txt, 4096), Transport::Udp, o);
  ASSERT_TRUE(r.parsed);
  EXPECT_FALSE(r.m.header.has(flag::kTc));
  EXPECT_EQ(r.m.answers.size(), 20u);
  EXPECT_GT(r.wire.size(), 1232u);
  EXPECT_LE(r.wire.size(), 4096u);
}

TEST(ResponderTest, TcpAnswersAreComplete) {
  for (const std::optional<std::uint16_t> udp :
       {std::optional<std::uint16_t>{}, std::optional<std::uint16_t>{512}}) {
    const Reply huge = ask(query("huge.vouch.example.", RRType::Txt, udp), Transport::Tcp);
    ASSERT_TRUE(huge.parsed);
    EXPECT_FALSE(huge.m.header.has(flag::kTc));
    EXPECT_FALSE(huge.outcome.truncated);
    EXPECT_EQ(huge.m.answers.size(), 20u);
    EXPECT_GT(huge.wire.size(), 2000u);
    const Reply big = ask(query("big.vouch.example.", RRType::Txt, udp), Transport::Tcp);
    EXPECT_FALSE(big.m.header.has(flag::kTc));
    EXPECT_EQ(big.m.answers.size(), 1u);
  }
}

TEST(ResponderTest, OutcomeSizeMatchesTheBytes) {
  Bytes out(kMaxResponse, 0xAA);
  const Bytes q = query("example.com._vouch.vouch.example.", RRType::Txt, 1232);
  const Outcome o = answer(q, Transport::Udp, zones(), Options{}, out);
  ASSERT_GT(o.size, 12u);
  const auto parsed = dnswire::parse_message({out.data(), o.size});
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(out[o.size], 0xAA);  // nothing written past the response
}

TEST(ResponderTest, UdpBufferOfThePayloadSizeIsEnough) {
  Bytes out(512);
  const Outcome o =
      answer(query("huge.vouch.example.", RRType::Txt), Transport::Udp, zones(), Options{}, out);
  EXPECT_TRUE(o.truncated);
  EXPECT_LE(o.size, 512u);
  EXPECT_TRUE(dnswire::parse_message({out.data(), o.size}).ok());
}

}  // namespace
}  // namespace vouchd::responder
