// Tests of zone reputation policies (server/scoring zone_policy.h): the one check of the policy
// JSON with the field at fault, its canonical form, and the answers a policy gives: the band a
// listed identity's rate reaches (RFC 5782 §2.3 A codes in 127/8, never 127.0.0.1; the TXT in
// character-strings of at most 255 octets, RFC 1035 §3.3.14), the class an identity earned, the
// listing keys of identities and which zones serve which identities.
#include "vouchd/scoring/zone_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vouchd::scoring {
namespace {

namespace rep = vouchd::reputation;
using store::ZoneKind;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kDay = 86400;

constexpr std::string_view kFull = R"json({
  "bands": [{"min_rate": 0.005, "code": "127.0.0.2", "reason": "spam source"},
            {"min_rate": 0.05, "code": "127.0.0.3", "reason": "heavy spam source"}],
  "txt": "{identity}: {reason} ({code})", "ttl": 300})json";

ZonePolicy parsed(std::string_view json, ZoneKind kind = ZoneKind::DnsblIp4) {
  const auto p = parse_zone_policy(json, kind);
  EXPECT_TRUE(p.has_value()) << json << ": "
                             << (p ? "" : p.error().field + " " + p.error().message);
  return p.value_or(ZonePolicy{});
}

// The field parse_zone_policy names for `json`, or "(accepted)".
std::string field_of(std::string_view json, ZoneKind kind = ZoneKind::DnsblIp4) {
  const auto p = parse_zone_policy(json, kind);
  if (p) return "(accepted)";
  EXPECT_FALSE(p.error().message.empty()) << json;
  return p.error().field;
}

// A policy of one band, with `extra` members spliced into the band object.
std::string band(std::string_view extra) {
  return R"({"bands":[{"code":"127.0.0.2")" + std::string{extra} + "}]}";
}

rep::Identity ip4(std::string key) {
  return {rep::IdentityKind::Ip4, std::move(key)};
}

rep::Score rated(double rate) {
  rep::Score s;
  s.rate = rate;
  s.listed = true;
  return s;
}

// The TXT rdata's character-strings.
std::vector<std::string> strings_of(const std::vector<std::uint8_t>& rdata) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < rdata.size();) {
    const std::size_t n = rdata[at];
    EXPECT_LE(at + 1 + n, rdata.size()) << "character-string runs past the rdata";
    if (at + 1 + n > rdata.size()) break;
    out.emplace_back(rdata.begin() + static_cast<std::ptrdiff_t>(at + 1),
                     rdata.begin() + static_cast<std::ptrdiff_t>(at + 1 + n));
    at += 1 + n;
  }
  return out;
}

// The A record's code, "none" without an answer.
std::string code_of(const std::optional<store::Answer>& answer) {
  if (!answer) return "none";
  if (answer->empty() || (*answer)[0].type != 1 || (*answer)[0].rdata.size() != 4) return "(no A)";
  const auto& r = (*answer)[0].rdata;
  return std::to_string(r[0]) + "." + std::to_string(r[1]) + "." + std::to_string(r[2]) + "." +
         std::to_string(r[3]);
}

TEST(ZonePolicyParseTest, DnsblPolicyReadsBandsTemplateAndTtl) {
  for (const ZoneKind kind : {ZoneKind::DnsblIp4, ZoneKind::DnsblIp6, ZoneKind::DnsblDomain}) {
    const ZonePolicy p = parsed(kFull, kind);
    ASSERT_EQ(p.bands.size(), 2u);
    EXPECT_DOUBLE_EQ(p.bands[0].min_rate, 0.005);
    EXPECT_EQ(p.bands[0].code, (Code{127, 0, 0, 2}));
    EXPECT_EQ(p.bands[0].reason, "spam source");
    EXPECT_EQ(p.bands[1].code, (Code{127, 0, 0, 3}));
    EXPECT_TRUE(p.classes.empty());
    EXPECT_EQ(p.txt, "{identity}: {reason} ({code})");
    EXPECT_EQ(p.ttl, 300u);
  }
  const ZonePolicy minimal = parsed(R"({"bands":[{"code":"127.0.0.2"}]})");
  EXPECT_DOUBLE_EQ(minimal.bands[0].min_rate, 0) << "min_rate defaults to 0";
  EXPECT_EQ(minimal.bands[0].reason, "");
  EXPECT_EQ(minimal.txt, "");
  EXPECT_FALSE(minimal.ttl.has_value()) << "no ttl: the zone's default";
  EXPECT_EQ(parsed(R"({"bands":[{"code":"127.255.255.254"}],"ttl":0})").ttl, 0u);
  EXPECT_EQ(parsed(R"({"bands":[{"code":"127.0.0.2"}],"ttl":2147483647})").ttl, 2147483647u);
}

TEST(ZonePolicyParseTest, DnsblZonesNeedBandsAndTakeNoClasses) {
  EXPECT_EQ(field_of("{}"), "bands");
  EXPECT_EQ(field_of(R"({"bands":[]})"), "bands");
  EXPECT_EQ(field_of(R"({"txt":"{identity}"})", ZoneKind::DnsblDomain), "bands");
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"}],"classes":[{"code":"127.0.1.2"}]})"),
            "classes");
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"}],"classes":[]})"), "classes");
}

TEST(ZonePolicyParseTest, VbrAndStaticZonesTakeNoPolicy) {
  for (const ZoneKind kind : {ZoneKind::Vbr, ZoneKind::Static}) {
    const auto p = parse_zone_policy(kFull, kind);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().field, "zone");
    EXPECT_NE(p.error().message.find("dnsbl-ip4"), std::string::npos) << p.error().message;
    // Whatever the document: the zone is what is wrong, not a member of a policy it cannot take.
    EXPECT_EQ(field_of(R"({"colour":1})", kind), "zone");
    EXPECT_EQ(field_of("[]", kind), "zone");
    EXPECT_EQ(field_of("not json", kind), "zone");
  }
}

TEST(ZonePolicyParseTest, DocumentErrorsNameNoField) {
  EXPECT_EQ(field_of(""), "");
  EXPECT_EQ(field_of("{\"bands\":"), "");
  EXPECT_EQ(field_of("[]"), "");
  EXPECT_EQ(field_of("\"bands\""), "");
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2","min_rate":1e400}]})"), "") << "overflow";
  EXPECT_EQ(parse_zone_policy("{", ZoneKind::DnsblIp4).error().message, "not valid JSON");
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"}],"colour":"red"})"), "colour");
}

TEST(ZonePolicyParseTest, BandErrorsNameTheBandAndMember) {
  EXPECT_EQ(field_of(R"({"bands":{}})"), "bands");
  EXPECT_EQ(field_of(R"({"bands":"127.0.0.2"})"), "bands");
  EXPECT_EQ(field_of(R"({"bands":[7]})"), "bands[0]");
  EXPECT_EQ(field_of(R"({"bands":[{"min_rate":0.1}]})"), "bands[0].code");
  EXPECT_EQ(field_of(band(R"(,"colour":1)")), "bands[0].colour");
  // code: an IPv4 address in 127/8 other than 127.0.0.1
  for (const std::string_view code :
       {R"("127.0.0.1")", R"("10.0.0.2")", R"("127.0.0.0/8")", R"("::1")", R"("::ffff:127.0.0.2")",
        R"("127.0.0.256")", R"("")", "2130706434", "null"}) {
    EXPECT_EQ(field_of(R"({"bands":[{"code":)" + std::string{code} + "}]}"), "bands[0].code")
        << code;
  }
  // min_rate: a number in 0..1, rising from band to band
  for (const std::string_view rate : {R"("0.1")", "-0.001", "1.5", "true", "null"}) {
    EXPECT_EQ(field_of(band(R"(,"min_rate":)" + std::string{rate})), "bands[0].min_rate") << rate;
  }
  EXPECT_EQ(field_of(band(R"(,"min_rate":1)")), "(accepted)");
  EXPECT_EQ(field_of(R"({"bands":[{"min_rate":0.1,"code":"127.0.0.2"},)"
                     R"({"min_rate":0.1,"code":"127.0.0.3"}]})"),
            "bands[1].min_rate");
  EXPECT_EQ(
      field_of(R"({"bands":[{"min_rate":0.1,"code":"127.0.0.2"},)"
               R"({"min_rate":0.2,"code":"127.0.0.3"},{"min_rate":0.15,"code":"127.0.0.4"}]})"),
      "bands[2].min_rate");
  // reason: printable ASCII, at most 200 octets
  EXPECT_EQ(field_of(band(R"(,"reason":5)")), "bands[0].reason");
  EXPECT_EQ(field_of(band(R"(,"reason":"line\nbreak")")), "bands[0].reason");
  EXPECT_EQ(field_of(band(R"(,"reason":"caf\u00e9")")), "bands[0].reason");
  EXPECT_EQ(field_of(band(R"(,"reason":")" + std::string(201, 'r') + "\"")), "bands[0].reason");
  EXPECT_EQ(field_of(band(R"(,"reason":")" + std::string(200, 'r') + "\"")), "(accepted)");
  // The index is the failing band's.
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"},{"code":"127.0.0.3","min_rate":0.1,)"
                     R"("reason":[]}]})"),
            "bands[1].reason");
}

TEST(ZonePolicyParseTest, BandCountIsBounded) {
  const auto bands = [](int n) {
    std::string json = R"({"bands":[)";
    for (int i = 0; i < n; ++i) {
      json += (i ? "," : "") + std::string{R"({"min_rate":)"} + std::to_string(i) + "e-3," +
              R"("code":"127.0.1.)" + std::to_string(i + 1) + "\"}";
    }
    return json + "]}";
  };
  EXPECT_EQ(parsed(bands(64)).bands.size(), 64u);
  EXPECT_EQ(field_of(bands(65)), "bands");
}

TEST(ZonePolicyParseTest, TemplateKnowsThreePlaceholdersInBalancedBraces) {
  const auto txt = [](std::string_view t) {
    return R"({"bands":[{"code":"127.0.0.2"}],"txt":")" + std::string{t} + "\"}";
  };
  EXPECT_EQ(field_of(txt("{identity} {code} {reason} see https://rep.example/")), "(accepted)");
  EXPECT_EQ(field_of(txt("no placeholder at all")), "(accepted)");
  for (const std::string_view bad : {"{score}", "{}", "{identity", "identity}", "a}b{code}",
                                     "{{identity}}", "{Identity}", "tab\\there"}) {
    EXPECT_EQ(field_of(txt(bad)), "txt") << bad;
  }
  EXPECT_NE(parse_zone_policy(txt("{score}"), ZoneKind::DnsblIp4)
                .error()
                .message.find("unknown placeholder {score}"),
            std::string::npos);
  EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"}],"txt":7})"), "txt");
  EXPECT_EQ(field_of(txt(std::string(1024, 't'))), "(accepted)");
  EXPECT_EQ(field_of(txt(std::string(1025, 't'))), "txt");
}

TEST(ZonePolicyParseTest, TtlIsAnUnsignedIntegerOfAtMost31Bits) {
  for (const std::string_view ttl : {"-1", "2147483648", "1.5", R"("300")", "null", "true"}) {
    EXPECT_EQ(field_of(R"({"bands":[{"code":"127.0.0.2"}],"ttl":)" + std::string{ttl} + "}"), "ttl")
        << ttl;
  }
}

TEST(ZonePolicyJsonTest, CanonicalFormRoundTrips) {
  const ZonePolicy p = parsed(kFull);
  const std::string canonical = policy_to_json(p);
  EXPECT_EQ(canonical, R"({"bands":[{"code":"127.0.0.2","min_rate":0.005,"reason":"spam source"},)"
                       R"({"code":"127.0.0.3","min_rate":0.05,"reason":"heavy spam source"}],)"
                       R"json("ttl":300,"txt":"{identity}: {reason} ({code})"})json");
  const ZonePolicy back = parsed(canonical);
  ASSERT_EQ(back.bands.size(), p.bands.size());
  for (std::size_t i = 0; i < p.bands.size(); ++i) {
    EXPECT_EQ(back.bands[i].min_rate, p.bands[i].min_rate);
    EXPECT_EQ(back.bands[i].code, p.bands[i].code);
    EXPECT_EQ(back.bands[i].reason, p.bands[i].reason);
  }
  EXPECT_EQ(back.txt, p.txt);
  EXPECT_EQ(back.ttl, p.ttl);
  EXPECT_EQ(policy_to_json(back), canonical);
  // Rates keep every digit; absent members stay absent.
  const ZonePolicy exact = parsed(R"({"bands":[{"min_rate":0.1234567890123456,"code":"127.0.0.9",)"
                                  R"("reason":"quote \" and \\ backslash"}]})");
  const ZonePolicy exact_back = parsed(policy_to_json(exact));
  EXPECT_EQ(exact_back.bands[0].min_rate, 0.1234567890123456);
  EXPECT_EQ(exact_back.bands[0].reason, "quote \" and \\ backslash");
  EXPECT_EQ(policy_to_json(exact).find("ttl"), std::string::npos);
  EXPECT_EQ(policy_to_json(exact).find("txt"), std::string::npos);
}

TEST(ZonePolicyJsonTest, ClassesAreWrittenWithEveryMember) {
  ZonePolicy p;
  p.classes.push_back({Code{127, 0, 1, 2}, 7, 1000, 0.002, "established sender"});
  EXPECT_EQ(policy_to_json(p), R"({"classes":[{"code":"127.0.1.2","max_rate":0.002,"min_days":7.0,)"
                               R"("min_messages":1000,"reason":"established sender"}]})");
}

class ListingAnswerTest : public ::testing::Test {
 protected:
  ZonePolicy policy_ = parsed(R"json({"bands":[
      {"min_rate":0.005,"code":"127.0.0.2","reason":"spam source"},
      {"min_rate":0.05,"code":"127.0.0.3","reason":"heavy spam source"},
      {"min_rate":0.5,"code":"127.0.0.4","reason":"spam only"}],
    "txt":"{identity} is a {reason} ({code})"})json");
  rep::Identity id_ = ip4("192.0.2.25");
};

TEST_F(ListingAnswerTest, HighestBandReachedGivesTheCode) {
  EXPECT_FALSE(listing_answer(policy_, id_, rated(0.0049), 900).has_value())
      << "below the first band: no answer";
  EXPECT_EQ(code_of(listing_answer(policy_, id_, rated(0.005), 900)), "127.0.0.2");
  EXPECT_EQ(code_of(listing_answer(policy_, id_, rated(0.0499), 900)), "127.0.0.2");
  EXPECT_EQ(code_of(listing_answer(policy_, id_, rated(0.05), 900)), "127.0.0.3");
  EXPECT_EQ(code_of(listing_answer(policy_, id_, rated(0.3), 900)), "127.0.0.3");
  EXPECT_EQ(code_of(listing_answer(policy_, id_, rated(1), 900)), "127.0.0.4");
}

TEST_F(ListingAnswerTest, ManualListingTakesTheFirstBandWhateverTheRate) {
  rep::Score s = rated(0.0001);
  s.manual = rep::Manual::List;
  const auto answer = listing_answer(policy_, id_, s, 900);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(code_of(*answer), "127.0.0.2");
  s.rate = 0.07;
  EXPECT_EQ(code_of(listing_answer(policy_, id_, s, 900)), "127.0.0.3")
      << "a manual listing with a high rate still gets its band";
}

TEST_F(ListingAnswerTest, TxtNamesTheBandAndTtlIsThePolicysOrTheZones) {
  const auto answer = listing_answer(policy_, id_, rated(0.06), 900);
  ASSERT_TRUE(answer.has_value());
  ASSERT_EQ(answer->size(), 2u);
  EXPECT_EQ((*answer)[0].ttl, 900u) << "no policy ttl: the zone's default";
  EXPECT_EQ((*answer)[1].type, 16);
  EXPECT_EQ((*answer)[1].ttl, 900u);
  EXPECT_EQ(strings_of((*answer)[1].rdata),
            (std::vector<std::string>{"192.0.2.25 is a heavy spam source (127.0.0.3)"}));
  policy_.ttl = 60;
  const auto with_ttl = listing_answer(policy_, id_, rated(0.06), 900);
  ASSERT_TRUE(with_ttl.has_value() && with_ttl->size() == 2u);
  EXPECT_EQ((*with_ttl)[0].ttl, 60u);
  EXPECT_EQ((*with_ttl)[1].ttl, 60u);
  policy_.txt.clear();
  const auto no_txt = listing_answer(policy_, id_, rated(0.06), 900);
  ASSERT_TRUE(no_txt.has_value());
  EXPECT_EQ(no_txt->size(), 1u) << "no template: the A record alone";
}

TEST_F(ListingAnswerTest, LongTxtIsSplitInto255OctetStrings) {
  const auto txt_of = [&](std::string txt, const rep::Identity& id) {
    policy_.txt = std::move(txt);
    const auto answer = listing_answer(policy_, id, rated(0.01), 900);
    EXPECT_TRUE(answer.has_value() && answer->size() == 2u);
    return answer && answer->size() == 2u ? (*answer)[1].rdata : std::vector<std::uint8_t>{};
  };
  // 245 + 10 octets of "192.0.2.25": exactly one full string.
  const std::vector<std::uint8_t> full = txt_of(std::string(245, 'a') + "{identity}", id_);
  ASSERT_EQ(full.size(), 256u);
  EXPECT_EQ(full[0], 255);
  // One octet more: a full string and one of a single octet.
  const std::vector<std::uint8_t> over = txt_of(std::string(246, 'a') + "{identity}", id_);
  const std::vector<std::string> parts = strings_of(over);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].size(), 255u);
  EXPECT_EQ(parts[1], "5");
  EXPECT_EQ(parts[0] + parts[1], std::string(246, 'a') + "192.0.2.25");
  // A long domain repeated: every string at most 255, the text whole.
  const rep::Identity domain{rep::IdentityKind::Domain, std::string(60, 'd') + ".example"};
  const std::vector<std::uint8_t> many = txt_of(
      "{identity} {identity} {identity} {identity} "
      "{identity} {identity} {identity} {identity}",
      domain);
  std::string whole;
  for (const std::string& s : strings_of(many)) {
    EXPECT_LE(s.size(), 255u);
    whole += s;
  }
  EXPECT_EQ(strings_of(many).size(), 3u);
  EXPECT_EQ(whole.size(), 8 * 68u + 7);
  // A template that expands to nothing still makes one (empty) string.
  policy_.bands[0].reason.clear();
  EXPECT_EQ(txt_of("{reason}", id_), (std::vector<std::uint8_t>{0}));
}

TEST(ExpandTxtTest, FillsEachPlaceholder) {
  const rep::Identity id{rep::IdentityKind::Ip6, "2001:db8:1:2::/64"};
  EXPECT_EQ(expand_txt("{identity}|{code}|{reason}|{identity}", id, Code{127, 0, 0, 10}, "why"),
            "2001:db8:1:2::/64|127.0.0.10|why|2001:db8:1:2::/64");
  EXPECT_EQ(expand_txt("plain", id, Code{127, 0, 0, 2}, "why"), "plain");
  EXPECT_EQ(expand_txt("", id, Code{127, 0, 0, 2}, "why"), "");
}

class ClassAnswerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_.classes.push_back({Code{127, 0, 1, 2}, 7, 1000, 0.002, "established sender"});
    policy_.classes.push_back({Code{127, 0, 1, 3}, 30, 100000, 0.001, "trusted sender"});
    policy_.txt = "{identity}: {reason}";
  }
  // An identity first seen `days` before kNow with `messages` delivered at `rate`.
  static rep::Score seen(double days, std::uint64_t messages, double rate) {
    rep::Score s;
    s.first_seen = kNow - static_cast<std::int64_t>(days * kDay);
    s.total_delivered = messages;
    s.rate = rate;
    return s;
  }
  std::string code(const rep::Score& s) {
    return code_of(class_answer(policy_, ip4("192.0.2.25"), s, kNow, 900));
  }
  ZonePolicy policy_;
};

TEST_F(ClassAnswerTest, DaysMessagesAndRateEarnAClass) {
  EXPECT_EQ(code(seen(10, 5000, 0.001)), "127.0.1.2");
  EXPECT_EQ(code(seen(7, 1000, 0.002)), "127.0.1.2") << "every bound is inclusive";
  EXPECT_EQ(code(seen(6.99, 5000, 0.001)), "none") << "too new";
  EXPECT_EQ(code(seen(10, 999, 0.001)), "none") << "too few messages";
  EXPECT_EQ(code(seen(10, 5000, 0.0021)), "none") << "too many complaints";
}

TEST_F(ClassAnswerTest, HighestClassEarnedWins) {
  EXPECT_EQ(code(seen(40, 200000, 0.0005)), "127.0.1.3");
  EXPECT_EQ(code(seen(40, 200000, 0.0015)), "127.0.1.2") << "the higher class's rate fails";
  EXPECT_EQ(code(seen(20, 200000, 0.0005)), "127.0.1.2") << "not old enough for the higher class";
  const auto answer = class_answer(policy_, ip4("192.0.2.25"), seen(40, 200000, 0.0005), kNow, 900);
  ASSERT_TRUE(answer.has_value());
  ASSERT_EQ(answer->size(), 2u);
  EXPECT_EQ(strings_of((*answer)[1].rdata),
            (std::vector<std::string>{"192.0.2.25: trusted sender"}));
}

TEST_F(ClassAnswerTest, ListedOrUnseenIdentitiesGetNone) {
  rep::Score listed = seen(40, 200000, 0.0005);
  listed.listed = true;
  EXPECT_EQ(code(listed), "none");
  rep::Score unseen = seen(40, 200000, 0.0005);
  unseen.first_seen.reset();
  EXPECT_EQ(code(unseen), "none");
  EXPECT_EQ(code(seen(-1, 200000, 0.0005)), "none") << "first seen after now";
}

TEST(KeyOfTest, AddressesBecomePrefixesAndDomainsStayText) {
  const auto v4 = key_of(ip4("192.0.2.25"));
  ASSERT_TRUE(v4.has_value());
  const auto* p4 = std::get_if<dnswire::IpPrefix>(&*v4);
  ASSERT_NE(p4, nullptr);
  EXPECT_EQ(p4->length, 32);
  EXPECT_EQ(p4->to_text(), "192.0.2.25");
  const auto v6 = key_of({rep::IdentityKind::Ip6, "2001:db8:77::/48"});
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(std::get<dnswire::IpPrefix>(*v6).length, 48);
  EXPECT_EQ(std::get<dnswire::IpPrefix>(*v6).family, dnswire::IpFamily::V6);
  EXPECT_EQ(key_of({rep::IdentityKind::Domain, "sender.example"}),
            std::optional<store::ListingKey>{std::string{"sender.example"}});
  EXPECT_FALSE(key_of(ip4("not an address")).has_value());
  EXPECT_FALSE(key_of(ip4("192.0.2.1/24")).has_value()) << "host bits set";
}

TEST(ZoneServesTest, EachDnsblZoneServesItsOwnIdentities) {
  using K = rep::IdentityKind;
  EXPECT_TRUE(zone_serves(ZoneKind::DnsblIp4, K::Ip4));
  EXPECT_FALSE(zone_serves(ZoneKind::DnsblIp4, K::Ip6));
  EXPECT_FALSE(zone_serves(ZoneKind::DnsblIp4, K::Domain));
  EXPECT_TRUE(zone_serves(ZoneKind::DnsblIp6, K::Ip6));
  EXPECT_FALSE(zone_serves(ZoneKind::DnsblIp6, K::Ip4));
  EXPECT_FALSE(zone_serves(ZoneKind::DnsblIp6, K::Domain));
  EXPECT_TRUE(zone_serves(ZoneKind::DnsblDomain, K::Domain));
  EXPECT_FALSE(zone_serves(ZoneKind::DnsblDomain, K::Ip4));
  for (const K k : {K::Ip4, K::Ip6, K::Domain}) {
    EXPECT_FALSE(zone_serves(ZoneKind::Vbr, k));
    EXPECT_FALSE(zone_serves(ZoneKind::Static, k));
  }
}

}  // namespace
}  // namespace vouchd::scoring
