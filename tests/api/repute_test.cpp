// The pure parts of REPUTE (api/http/src/repute.cpp, reputation_view.cpp): the template text
// (RFC 7072 §3), the authority it is built from, the rating mapping and the reputon's members
// and number formats (RFC 7071 §6.2, RFC 7073 §3), HTTP dates, and the identity parser both
// reputation routes share.
#include "repute.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "reputation_view.h"

namespace vouchd::api {
namespace {

using nlohmann::json;
namespace rep = vouchd::reputation;

// Digits after the decimal point in a JSON number's text ("0.012" → 3, "1" → 0).
std::size_t decimals(const std::string& number) {
  const std::size_t dot = number.find('.');
  return dot == std::string::npos ? 0 : number.size() - dot - 1;
}

IdentityReport report(rep::IdentityKind kind, std::string key) {
  IdentityReport r;
  r.identity = {kind, std::move(key)};
  r.score.rate = 0.0123456;
  r.score.confidence = 0.95432;
  r.delivered = 1000;
  r.complaints = 12;
  r.reporters = 3;
  return r;
}

TEST(ReputeTest, TemplateNamesSchemeAuthorityAndTheRfc7072Variables) {
  EXPECT_EQ(repute::query_template(false, "rep.example:8080"),
            "http://rep.example:8080/repute/{application}/{subject}/{assertion}");
  EXPECT_EQ(repute::query_template(true, "rep.example"),
            "https://rep.example/repute/{application}/{subject}/{assertion}");
}

TEST(ReputeTest, AuthorityIsAHostAndAnOptionalPort) {
  EXPECT_EQ(repute::checked_authority("Rep.Example:8080"), "rep.example:8080");
  EXPECT_EQ(repute::checked_authority("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(repute::checked_authority("[2001:DB8::1]:443"), "[2001:db8::1]:443");
  for (const char* bad : {"", "a b", "rep.example:", "rep.example:123456", "rep.example:8o",
                          "evil/path", "x@rep.example", "[zz::1]", "[]", "[::1", ":80",
                          "rep.example:80:90", "rep.example\r\nX: y"}) {
    EXPECT_EQ(repute::checked_authority(bad), std::nullopt) << bad;
  }
}

TEST(ReputeTest, HostOfDropsOnlyThePort) {
  EXPECT_EQ(repute::host_of("rep.example:8080"), "rep.example");
  EXPECT_EQ(repute::host_of("rep.example"), "rep.example");
  EXPECT_EQ(repute::host_of("[2001:db8::1]:443"), "[2001:db8::1]");
  EXPECT_EQ(repute::host_of("[2001:db8::1]"), "[2001:db8::1]");
}

// RFC 7073 §3.1: linear, 0.0 no data supports "spam", 1.0 all data does: the complaint rate.
TEST(ReputeTest, SpamRatingIsTheRateClampedAndRounded) {
  rep::Score s;
  const auto rating = [&s](double rate) {
    s.rate = rate;
    return repute::spam_rating(s);
  };
  EXPECT_DOUBLE_EQ(rating(0.0123456), 0.012);
  EXPECT_DOUBLE_EQ(rating(0.01251), 0.013);
  EXPECT_DOUBLE_EQ(rating(0.0004), 0.0);
  EXPECT_DOUBLE_EQ(rating(0.5), 0.5);
  EXPECT_DOUBLE_EQ(rating(-0.2), 0.0);
  EXPECT_DOUBLE_EQ(rating(1.7), 1.0);
  EXPECT_DOUBLE_EQ(rating(std::numeric_limits<double>::quiet_NaN()), 0.0);
  EXPECT_DOUBLE_EQ(rating(std::numeric_limits<double>::infinity()), 1.0);
}

// RFC 7071 §6.2.2: at most three decimals, whatever the value, as the JSON text shows it.
TEST(ReputeTest, RatingsPrintWithAtMostThreeDecimals) {
  for (int i = 0; i <= 20000; ++i) {
    const double v = repute::three_decimals(i / 19999.0);
    const std::string text = json(v).dump();
    ASSERT_LE(decimals(text), 3u) << i << " printed as " << text;
    ASSERT_GE(v, 0.0);
    ASSERT_LE(v, 1.0);
  }
}

TEST(ReputeTest, ReputonHasTheRfc7071AndRfc7073Members) {
  const json r = repute::spam_reputon(report(rep::IdentityKind::Domain, "sender.example"),
                                      "Sender.Example", {"rep.vouch.example", 1717286400});
  std::set<std::string> keys;
  for (const auto& [k, v] : r.items())
    keys.insert(k);
  EXPECT_EQ(keys,
            (std::set<std::string>{"rater", "assertion", "rated", "rating", "confidence",
                                   "sample-size", "generated", "expires", "identity", "sources"}));
  EXPECT_EQ(r["rater"], "rep.vouch.example");
  EXPECT_EQ(r["assertion"], "spam");
  EXPECT_EQ(r["rated"], "Sender.Example") << "the subject as asked";
  EXPECT_EQ(r["rating"].dump(), "0.012");
  EXPECT_EQ(r["confidence"].dump(), "0.954");
  EXPECT_EQ(r["sample-size"], 1012) << "delivered + complaints";
  EXPECT_TRUE(r["sample-size"].is_number_unsigned());
  EXPECT_EQ(r["generated"], 1717286400);
  EXPECT_EQ(r["expires"], 1717286400 + repute::kReputonTtl);
  EXPECT_EQ(r["identity"], "dkim");
  EXPECT_EQ(r["sources"], 3);
}

TEST(ReputeTest, AddressesAreIpv4AndIpv6Identities) {
  const repute::Rater rater{"r", 1};
  EXPECT_EQ(repute::spam_reputon(report(rep::IdentityKind::Ip4, "192.0.2.25"), "192.0.2.25",
                                 rater)["identity"],
            "ipv4");
  EXPECT_EQ(repute::spam_reputon(report(rep::IdentityKind::Ip6, "2001:db8::/64"), "2001:db8::25",
                                 rater)["identity"],
            "ipv6");
}

TEST(ReputeTest, EmailIdAssertionsAndIdentityTypes) {
  for (const char* a : {"abusive", "fraud", "invalid-recipients", "malware", "spam"})
    EXPECT_TRUE(repute::is_email_id_assertion(a)) << a;
  for (const char* a : {"", "phishing", "spam ", "reputation"})
    EXPECT_FALSE(repute::is_email_id_assertion(a)) << a;
  for (const char* i :
       {"dkim", "ipv4", "ipv6", "rfc5321.helo", "rfc5321.mailfrom", "rfc5322.from", "spf"})
    EXPECT_TRUE(repute::is_email_id_identity(i)) << i;
  for (const char* i : {"", "domain", "email-id-identity", "ip"})
    EXPECT_FALSE(repute::is_email_id_identity(i)) << i;
}

TEST(ReputeTest, HttpDatesAreImfFixdate) {
  EXPECT_EQ(repute::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(repute::http_date(1717286400), "Sun, 02 Jun 2024 00:00:00 GMT");
  EXPECT_EQ(repute::http_date(1717286400 + 86400 * 200 + 3723), "Thu, 19 Dec 2024 01:02:03 GMT");
}

TEST(ReputationViewTest, IdentitiesAreAddressesOrDomains) {
  ApiError error;
  EXPECT_EQ(parse_identity("192.0.2.25", "subject", error),
            (rep::Identity{rep::IdentityKind::Ip4, "192.0.2.25"}));
  EXPECT_EQ(parse_identity("2001:db8::25", "subject", error),
            (rep::Identity{rep::IdentityKind::Ip6, "2001:db8::/64"}));
  EXPECT_EQ(parse_identity("Sender.Example.", "subject", error),
            (rep::Identity{rep::IdentityKind::Domain, "sender.example"}));
  EXPECT_EQ(parse_identity("bücher.example", "subject", error),
            (rep::Identity{rep::IdentityKind::Domain, "xn--bcher-kva.example"}));
  for (const char* bad : {"192.0.2.300", "bad!name", "2001:db8::/64", "192.0.2.0/24", "", "1.2"}) {
    ApiError e;
    EXPECT_EQ(parse_identity(bad, "subject", e), std::nullopt) << bad;
    EXPECT_EQ(e.status, 400) << bad;
    EXPECT_EQ(e.field, "subject") << bad;
  }
}

}  // namespace
}  // namespace vouchd::api
