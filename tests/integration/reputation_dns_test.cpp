// Reports in, DNS answers out: feedback posted over HTTP to a `vouchd serve --clock manual` moves
// IPv4 addresses, IPv6 /64s, learned IPv6 /48s and domains into the DNSxL zones that have a
// policy (score bands → codes, TXT template) once the clock is stepped, through the same journal
// as manual edits; one reporter alone lists nobody; an allow entry wins; everything is delisted
// once the evidence has decayed. Also the policy, clock and token-trust routes' own checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;
using testing::Reply;

constexpr std::int64_t kStart = 1793577600;  // 2026-11-02T00:00:00Z
constexpr std::int64_t kDay = 86400;

json dnsbl_zone(const std::string& apex, const std::string& kind) {
  return {{"apex", apex},
          {"kind", kind},
          {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
          {"ns", {"ns.provider.example."}}};
}

json spam_policy() {
  return {{"bands",
           {{{"min_rate", 0}, {"code", "127.0.0.2"}, {"reason", "spam source"}},
            {{"min_rate", 0.5}, {"code", "127.0.0.3"}, {"reason", "heavy spam source"}}}},
          {"txt", "{identity}: {reason}, see https://rep.example/{identity}"},
          {"ttl", 300}};
}

std::string owner_of(const std::string& key, const std::string& zone) {
  const auto p = dnswire::IpPrefix::parse(key);
  return (p ? dnswire::reversed_labels(*p) : key) + "." + zone + ".";
}

class ReputationDns : public ApiSuite {
 protected:
  static void SetUpTestSuite() {
    start_suite({}, {"--clock", "manual", "--clock-start", std::to_string(kStart - kDay)});
    for (const auto& [apex, kind] : {std::pair{"rep4.example", "dnsbl-ip4"},
                                     {"rep6.example", "dnsbl-ip6"},
                                     {"repd.example", "dnsbl-domain"}}) {
      const HttpReply r =
          http(port(), "POST", "/api/v1/zones", admin_, dnsbl_zone(apex, kind).dump());
      ASSERT_EQ(r.status, 201) << r;
    }
    for (std::string* token : {&honest1_, &honest2_, &hostile_}) {
      *token = make_token(server_->db(), "reporter");
      ASSERT_FALSE(token->empty());
    }
  }

  static HttpReply event(const std::string& token, const json& e) {
    return http(port(), "POST", "/api/v1/reports", token, e.dump(), "application/json");
  }
  static void complain(const std::string& token, const std::string& member,
                       const std::string& value, int count, std::int64_t at) {
    static int serial = 0;
    const HttpReply r = event(token, {{"type", "complaint"},
                                      {"at", at},
                                      {member, value},
                                      {"count", count},
                                      {"id", "evt-" + std::to_string(++serial)}});
    ASSERT_EQ(r.status, 202) << r;
  }
  static HttpReply set_clock(std::int64_t t) {
    return http(port(), "PUT", "/api/v1/clock", admin_, json{{"now", t}}.dump());
  }
  // The A answers for `key` in `zone`, sorted and space-separated, or "NXDOMAIN".
  static std::string codes(const std::string& key, const std::string& zone) {
    return a_codes(server_->dns_port(), owner_of(key, zone));
  }
  static std::vector<std::string> txt(const std::string& key, const std::string& zone) {
    const Reply r = testing::parse_reply(testing::udp_exchange(
        server_->dns_port(), testing::query(owner_of(key, zone), RRType::Txt)));
    if (!r.ok() || r.msg().answers.size() != 1) return {};
    return dnswire::txt_strings(r.msg().answers[0].rdata);
  }

  inline static std::string honest1_, honest2_, hostile_;
};

TEST_F(ReputationDns, PolicyIsCheckedAndEchoed) {
  json bad = spam_policy();
  bad["bands"][0]["code"] = "127.0.0.1";
  HttpReply r = http(port(), "PUT", "/api/v1/zones/rep4.example/policy", admin_, bad.dump());
  EXPECT_TRUE(IsError(r, 400, "invalid_field", "bands[0].code"));
  bad = spam_policy();
  bad["txt"] = "listed: {score}";
  r = http(port(), "PUT", "/api/v1/zones/rep4.example/policy", admin_, bad.dump());
  EXPECT_TRUE(IsError(r, 400, "invalid_field", "txt"));
  bad = spam_policy();
  bad["bands"][1]["min_rate"] = 0;
  r = http(port(), "PUT", "/api/v1/zones/rep4.example/policy", admin_, bad.dump());
  EXPECT_TRUE(IsError(r, 400, "invalid_field", "bands[1].min_rate"));
  bad = spam_policy();
  bad["classes"] = json::array({{{"code", "127.0.1.2"}}});
  r = http(port(), "PUT", "/api/v1/zones/rep4.example/policy", admin_, bad.dump());
  EXPECT_TRUE(IsError(r, 400, "invalid_field", "classes")) << "classes belong to cos zones";
  r = http(port(), "PUT", "/api/v1/zones/rep4.example/policy", certifier_, spam_policy().dump());
  EXPECT_EQ(r.status, 403) << r;
  r = http(port(), "PUT", "/api/v1/zones/none.example/policy", admin_, spam_policy().dump());
  EXPECT_TRUE(IsError(r, 404, "not_found", "zone"));
  r = http(port(), "GET", "/api/v1/zones/repd.example/policy", viewer_);
  EXPECT_TRUE(IsError(r, 404, "not_found", "policy"));
}

TEST_F(ReputationDns, TrustIsCheckedAndShown) {
  HttpReply r = http(port(), "PATCH", "/api/v1/tokens/999999", admin_, R"({"trust":0.5})");
  EXPECT_TRUE(IsError(r, 404, "not_found", "id"));
  r = http(port(), "GET", "/api/v1/tokens", admin_);
  ASSERT_EQ(r.status, 200) << r;
  const json first = r.j()["items"][0];
  const std::string path = "/api/v1/tokens/" + std::to_string(first["id"].get<int>());
  EXPECT_TRUE(IsError(http(port(), "PATCH", path, admin_, R"({"trust":1.5})"), 400, "invalid_field",
                      "trust"));
  EXPECT_TRUE(IsError(http(port(), "PATCH", path, admin_, R"({"trusted":1})"), 400, "unknown_field",
                      "trusted"));
  EXPECT_EQ(http(port(), "PATCH", path, certifier_, R"({"trust":1})").status, 403);
}

TEST_F(ReputationDns, ClockNeverGoesBack) {
  const HttpReply now = http(port(), "GET", "/api/v1/clock", viewer_);
  ASSERT_EQ(now.status, 200) << now;
  EXPECT_EQ(now.j()["mode"], "manual");
  const std::int64_t t = now.j()["now"].get<std::int64_t>();
  EXPECT_GE(t, kStart - kDay);
  EXPECT_TRUE(IsError(set_clock(t - 1), 409, "conflict", "now"));
  EXPECT_TRUE(IsError(http(port(), "PUT", "/api/v1/clock", admin_, R"({"now":"yesterday"})"), 400,
                      "invalid_field", "now"));
  EXPECT_EQ(http(port(), "PUT", "/api/v1/clock", viewer_, json{{"now", t}}.dump()).status, 403);
}

// The whole story, in order: policies, trusted reporters, reports, a clock step, DNS.
TEST_F(ReputationDns, ReportsChangeWhatDnsAnswers) {
  for (const char* zone : {"rep4.example", "rep6.example", "repd.example"}) {
    const HttpReply r = http(port(), "PUT", std::string{"/api/v1/zones/"} + zone + "/policy",
                             admin_, spam_policy().dump());
    ASSERT_EQ(r.status, 201) << r;
    EXPECT_EQ(r.j()["policy"]["bands"][0]["code"], "127.0.0.2");
  }
  // The operator trusts the two feedback loops it knows; the third reporter is new.
  const HttpReply tokens = http(port(), "GET", "/api/v1/tokens", admin_);
  ASSERT_EQ(tokens.status, 200);
  std::vector<std::int64_t> reporter_ids;
  for (const json& t : tokens.j()["items"]) {
    if (t["role"] == "reporter") reporter_ids.push_back(t["id"].get<std::int64_t>());
  }
  ASSERT_GE(reporter_ids.size(), 3u);
  const std::size_t n = reporter_ids.size();  // the last three are honest1, honest2, hostile
  for (const std::int64_t id : {reporter_ids[n - 3], reporter_ids[n - 2]}) {
    const HttpReply r =
        http(port(), "PATCH", "/api/v1/tokens/" + std::to_string(id), admin_, R"({"trust":1})");
    ASSERT_EQ(r.status, 200) << r;
  }

  const std::int64_t at = kStart - 3600;
  for (const std::string* reporter : {&honest1_, &honest2_}) {
    complain(*reporter, "ip", "192.0.2.25", 20, at);
    complain(*reporter, "ip", "192.0.2.26", 20, at);
    complain(*reporter, "ip", "2001:db8:1:2::25", 20, at);
    for (const char* a : {"2001:db8:5:1::1", "2001:db8:5:2::1", "2001:db8:5:3::1"})
      complain(*reporter, "ip", a, 20, at);
    complain(*reporter, "domain", "spam.example", 20, at);
  }
  // A hostile reporter alone, however loud, lists nobody.
  complain(hostile_, "ip", "198.51.100.7", 500, at);
  complain(hostile_, "domain", "good.example", 500, at);
  // The operator allows one of the spammed addresses.
  HttpReply allow = http(port(), "PUT", "/api/v1/zones/rep4.example/listings/192.0.2.26",
                         certifier_, R"({"policy":"allow"})");
  ASSERT_EQ(allow.status / 100, 2) << allow;

  // Before the clock reaches the reports, the evidence does not exist yet: nothing listed.
  EXPECT_EQ(codes("192.0.2.25", "rep4.example"), "NXDOMAIN");
  const HttpReply step = set_clock(kStart);
  ASSERT_EQ(step.status, 200) << step;
  // 192.0.2.25, 2001:db8:1:2::/64, three /64s and their /48, spam.example; the allowed address
  // is the operator's decision, which the engine itself respects.
  // (The background sweep may have run at the new instant first and written the listings; the
  // clock's own sweep then finds nothing left to add, and answers after it, so DNS is current.)
  EXPECT_EQ(step.j()["sweep"]["listed"], 7) << step;

  EXPECT_EQ(codes("192.0.2.25", "rep4.example"), "127.0.0.2");
  EXPECT_EQ(
      txt("192.0.2.25", "rep4.example"),
      std::vector<std::string>{"192.0.2.25: spam source, see https://rep.example/192.0.2.25"});
  EXPECT_EQ(codes("192.0.2.26", "rep4.example"), "NXDOMAIN") << "allow entries win";
  EXPECT_EQ(codes("198.51.100.7", "rep4.example"), "NXDOMAIN") << "one reporter lists nobody";
  // IPv6: the /64 of the reported address, any address in it.
  EXPECT_EQ(codes("2001:db8:1:2::25", "rep6.example"), "127.0.0.2");
  EXPECT_EQ(codes("2001:db8:1:2:ffff::9", "rep6.example"), "127.0.0.2");
  EXPECT_EQ(codes("2001:db8:1:3::25", "rep6.example"), "NXDOMAIN");
  // Three listed /64s in one /48 list the /48 (rotation inside a prefix).
  EXPECT_EQ(codes("2001:db8:5:ffff::9", "rep6.example"), "127.0.0.2");
  EXPECT_EQ(codes("spam.example", "repd.example"), "127.0.0.2");
  EXPECT_EQ(codes("good.example", "repd.example"), "NXDOMAIN");
  EXPECT_EQ(codes("192.0.2.25", "rep6.example"), "NXDOMAIN") << "IPv4 stays in the IPv4 zone";

  // The reputation API agrees, and the computed listings are audited.
  const HttpReply rep = http(port(), "GET", "/api/v1/reputation/192.0.2.25", viewer_);
  ASSERT_EQ(rep.status, 200) << rep;
  EXPECT_EQ(rep.j()["score"]["listed"], true) << rep;
  const HttpReply audit =
      http(port(), "GET", "/api/v1/audit?action=reputation.sync&limit=10", admin_);
  ASSERT_EQ(audit.status, 200) << audit;
  EXPECT_GE(audit.j()["items"].size(), 3u) << audit;
  // A computed listing shows as such in the listing API.
  const HttpReply listing =
      http(port(), "GET", "/api/v1/zones/rep4.example/listings/192.0.2.25", viewer_);
  ASSERT_EQ(listing.status, 200) << listing;
  EXPECT_EQ(listing.j()["source"], "computed") << listing;

  // A month later, without new reports, the evidence has decayed: everything is delisted.
  const HttpReply later = set_clock(kStart + 30 * kDay);
  ASSERT_EQ(later.status, 200) << later;
  EXPECT_EQ(codes("192.0.2.25", "rep4.example"), "NXDOMAIN");
  EXPECT_EQ(codes("2001:db8:1:2::25", "rep6.example"), "NXDOMAIN");
  EXPECT_EQ(codes("2001:db8:5:ffff::9", "rep6.example"), "NXDOMAIN");
  EXPECT_EQ(codes("spam.example", "repd.example"), "NXDOMAIN");

  // Without a policy a zone serves no computed listings (and the policy is gone).
  const HttpReply del = http(port(), "DELETE", "/api/v1/zones/rep4.example/policy", admin_);
  ASSERT_EQ(del.status, 200) << del;
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/zones/rep4.example/policy", viewer_), 404,
                      "not_found", "policy"));
}

// Class of service: a sender with good volume over a week earns a higher class than the default;
// a spammer keeps the default (no class); names of all three families answer.
TEST_F(ReputationDns, CosClassesAreEarned) {
  json zone = dnsbl_zone("cos.example", "cos");
  zone["default_class"] = {{"codes", {"127.0.1.1"}}, {"txt", "unknown sender"}};
  HttpReply r = http(port(), "POST", "/api/v1/zones", admin_, zone.dump());
  ASSERT_EQ(r.status, 201) << r;
  const json policy = {{"classes",
                        {{{"code", "127.0.1.2"},
                          {"min_days", 3},
                          {"min_messages", 1000},
                          {"max_rate", 0.002},
                          {"reason", "established"}},
                         {{"code", "127.0.1.3"},
                          {"min_days", 10},
                          {"min_messages", 10000},
                          {"max_rate", 0.002},
                          {"reason", "trusted"}}}},
                       {"txt", "{identity}: {reason}"}};
  r = http(port(), "PUT", "/api/v1/zones/cos.example/policy", admin_, policy.dump());
  ASSERT_EQ(r.status, 201) << r;
  const HttpReply clock = http(port(), "GET", "/api/v1/clock", viewer_);
  ASSERT_EQ(clock.status, 200);
  const std::int64_t t0 = clock.j()["now"].get<std::int64_t>();
  // A week of delivered mail (the operator's own DMARC feed) for one address and one domain.
  static int serial = 0;
  for (int day = 0; day < 7; ++day) {
    for (const auto& [member, value] :
         {std::pair{"ip", "192.0.2.80"}, {"domain", "bank.example"}}) {
      const HttpReply e = event(honest1_, {{"type", "delivered"},
                                           {"at", t0 + day * kDay + 60},
                                           {member, value},
                                           {"count", 500},
                                           {"id", "dlv-" + std::to_string(++serial)}});
      ASSERT_EQ(e.status, 202) << e;
    }
  }
  ASSERT_EQ(set_clock(t0 + 7 * kDay + 3600).status, 200);
  EXPECT_EQ(codes("192.0.2.80", "cos.example"), "127.0.1.2");
  EXPECT_EQ(txt("192.0.2.80", "cos.example"), std::vector<std::string>{"192.0.2.80: established"});
  EXPECT_EQ(codes("bank.example", "cos.example"), "127.0.1.2");
  EXPECT_EQ(codes("192.0.2.81", "cos.example"), "127.0.1.1")
      << "unknown senders get the default class";
  EXPECT_EQ(codes("2001:db8:77::1", "cos.example"), "127.0.1.1");
  EXPECT_EQ(codes("stranger.example", "cos.example"), "127.0.1.1");
}

// On the system clock the clock cannot be set.
class SystemClock : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }
};

TEST_F(SystemClock, ClockCannotBeSet) {
  const HttpReply r = http(port(), "PUT", "/api/v1/clock", admin_, R"({"now":1793577600})");
  EXPECT_TRUE(IsError(r, 404, "not_found", "clock"));
  const HttpReply now = http(port(), "GET", "/api/v1/clock", viewer_);
  ASSERT_EQ(now.status, 200) << now;
  EXPECT_EQ(now.j()["mode"], "system");
}

}  // namespace
}  // namespace vouchd::integration
