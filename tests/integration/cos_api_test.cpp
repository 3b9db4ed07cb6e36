// Class-of-service zones (design.md §11) against the real vouchd binary over HTTP and DNS: a cos
// zone created through the API answers its default class for unknown IPv4, IPv6 and domain
// senders; a listing of each family changes that sender's class before the 2xx and its removal
// brings the default back; PATCH of the default class is served at once; names of no key shape
// are NXDOMAIN; no RFC 5782 test points; rejections name their field; master files refuse cos.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;
using json = nlohmann::json;
using testing::Reply;

// A cos zone body; `extra` members are added to it.
json cos_zone(const std::string& apex, const json& extra = json::object()) {
  json z = {{"apex", apex},
            {"kind", "cos"},
            {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
            {"default_ttl", 300},
            {"ns", {"ns.provider.example."}}};
  z.update(extra);
  return z;
}

class CosApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }

  static HttpReply create(const json& body) {
    return http(port(), "POST", "/api/v1/zones", admin_, body.dump());
  }
  static HttpReply patch(const std::string& zone, const json& body) {
    return http(port(), "PATCH", "/api/v1/zones/" + zone, admin_, body.dump());
  }
  static HttpReply put(const std::string& zone, const std::string& key, const json& body) {
    return http(port(), "PUT", "/api/v1/zones/" + zone + "/listings/" + key, certifier_,
                body.dump());
  }
  static HttpReply del(const std::string& zone, const std::string& key) {
    return http(port(), "DELETE", "/api/v1/zones/" + zone + "/listings/" + key, certifier_);
  }

  // The DNS name of a sender in `zone`: reversed octets or nibbles, or the domain itself.
  static std::string owner_of(const std::string& key, const std::string& zone) {
    const auto p = dnswire::IpPrefix::parse(key);
    return (p ? dnswire::reversed_labels(*p) : key) + "." + zone + ".";
  }
  static Reply ask(const std::string& name, RRType type) {
    return testing::parse_reply(
        testing::udp_exchange(server_->dns_port(), testing::query(name, type)));
  }
  // What DNS answers at `name`: "NXDOMAIN", "NODATA", or the sorted A codes, then " | " and the
  // TXT text when there is one ("127.0.0.1 | unknown sender").
  static std::string served(const std::string& name) {
    std::string out = a_codes(server_->dns_port(), name);
    if (out == "NXDOMAIN" || out == "NODATA" || out == "(no reply)") return out;
    const Reply t = ask(name, RRType::Txt);
    if (t.ok() && t.msg().answers.size() == 1 && t.msg().answers[0].type == RRType::Txt) {
      std::string text;
      for (const std::string& s : dnswire::txt_strings(t.msg().answers[0].rdata))
        text += s;
      out += " | " + text;
    }
    return out;
  }
  static std::string served_key(const std::string& key, const std::string& zone) {
    return served(owner_of(key, zone));
  }
};

TEST_F(CosApi, UnknownSendersOfEveryFamilyGetTheDefaultClass) {
  const HttpReply r = create(cos_zone("cos-default.example"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.j()["kind"], "cos");
  EXPECT_EQ(r.j()["default_class"], json({{"codes", {"127.0.0.1"}}, {"txt", nullptr}})) << r;
  const std::string z = "cos-default.example";
  EXPECT_EQ(served_key("192.0.2.1", z), "127.0.0.1");
  EXPECT_EQ(served_key("2001:db8::1", z), "127.0.0.1");
  EXPECT_EQ(served_key("sender.example", z), "127.0.0.1");
  const Reply a = ask(owner_of("192.0.2.1", z), RRType::A);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a.msg().answers.size(), 1u);
  EXPECT_EQ(a.msg().answers[0].ttl, 300u);  // the zone's default TTL
  // A cos zone is not a blocklist: no RFC 5782 §5 test points.
  EXPECT_EQ(served("2.0.0.127.cos-default.example."), "127.0.0.1");
  EXPECT_EQ(served("test.cos-default.example."), "127.0.0.1");
}

TEST_F(CosApi, ListingOfEachFamilyIsServedAtOnceAndItsRemovalRestoresTheDefault) {
  ASSERT_EQ(create(cos_zone("cos.example",
                            {{"default_class", {{"codes", {"127.0.0.1"}}, {"txt", "unknown"}}}}))
                .status,
            201);
  const std::string z = "cos.example";
  struct Case {
    std::string key;    // as the API takes it
    std::string probe;  // a sender it covers
  };
  const std::vector<Case> cases = {{"192.0.2.0%2F24", "192.0.2.77"},
                                   {"2001:db8:1::/48", "2001:db8:1:2::5"},
                                   {"good.example", "good.example"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    EXPECT_EQ(served_key(c.probe, z), "127.0.0.1 | unknown");
    const HttpReply put_r = put(z, c.key, {{"codes", {"127.0.1.3"}}, {"txt", "trusted"}});
    ASSERT_EQ(put_r.status, 201) << put_r;
    EXPECT_EQ(served_key(c.probe, z), "127.0.1.3 | trusted");
    const HttpReply del_r = del(z, c.key);
    ASSERT_EQ(del_r.status, 200) << del_r;
    EXPECT_EQ(served_key(c.probe, z), "127.0.0.1 | unknown");
  }
  // Longest prefix wins among learned IPv6 prefixes.
  ASSERT_EQ(put(z, "2001:db8::/32", {{"codes", {"127.0.1.2"}}}).status, 201);
  ASSERT_EQ(put(z, "2001:db8:5:6::/64", {{"codes", {"127.0.1.4"}}}).status, 201);
  EXPECT_EQ(served_key("2001:db8:5:6::1", z), "127.0.1.4");
  EXPECT_EQ(served_key("2001:db8:5:7::1", z), "127.0.1.2");
  // All three families page through one listing.
  ASSERT_EQ(put(z, "mail.example", {{"codes", {"127.0.1.2"}}}).status, 201);
  ASSERT_EQ(put(z, "198.51.100.9", {{"codes", {"127.0.1.2"}}}).status, 201);
  std::vector<std::string> keys;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    const HttpReply l = http(
        port(), "GET",
        "/api/v1/zones/cos.example/listings?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
        viewer_);
    ASSERT_EQ(l.status, 200) << l;
    for (const json& item : l.j()["items"])
      keys.push_back(item["key"]);
    if (l.j()["next_cursor"].is_null()) break;
    cursor = l.j()["next_cursor"];
  }
  // Prefixes by address bytes (0x20 of 2001: before 0xC6 of 198.), then domains.
  EXPECT_EQ(keys, (std::vector<std::string>{"2001:db8::/32", "2001:db8:5:6::/64", "198.51.100.9",
                                            "mail.example"}));
}

TEST_F(CosApi, PatchedDefaultClassIsServedBeforeThe200) {
  ASSERT_EQ(create(cos_zone("cos-patch.example")).status, 201);
  const std::string z = "cos-patch.example";
  ASSERT_EQ(put(z, "listed.example", {{"codes", {"127.0.1.5"}}}).status, 201);
  const HttpReply r = patch(z, {{"default_class", {{"codes", {"127.0.0.9"}}, {"txt", "new"}}}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["default_class"], json({{"codes", {"127.0.0.9"}}, {"txt", "new"}})) << r;
  EXPECT_EQ(served_key("203.0.113.5", z), "127.0.0.9 | new");
  EXPECT_EQ(served_key("2001:db8::5", z), "127.0.0.9 | new");
  EXPECT_EQ(served_key("other.example", z), "127.0.0.9 | new");
  EXPECT_EQ(served_key("listed.example", z), "127.0.1.5");  // entries keep their class
  const HttpReply shown = http(port(), "GET", "/api/v1/zones/" + z, viewer_);
  ASSERT_EQ(shown.status, 200) << shown;
  EXPECT_EQ(shown.j()["default_class"]["codes"], json({"127.0.0.9"}));
  // A listing made after the rebuild still reaches DNS through the journal.
  ASSERT_EQ(put(z, "later.example", {{"codes", {"127.0.1.6"}}}).status, 201);
  EXPECT_EQ(served_key("later.example", z), "127.0.1.6");
}

TEST_F(CosApi, NamesOfNoKeyShapeAreNxDomainAndRangesAreNodata) {
  ASSERT_EQ(create(cos_zone("cos-shape.example")).status, 201);
  EXPECT_EQ(served("10.20.30.40.50.cos-shape.example."), "NXDOMAIN");
  EXPECT_EQ(served("sender.42.cos-shape.example."), "NXDOMAIN");
  EXPECT_EQ(served("a." + owner_of("2001:db8::1", "cos-shape.example")), "NXDOMAIN");
  EXPECT_EQ(served("2.0.192.cos-shape.example."), "NODATA");  // RFC 8020: addresses below it
}

TEST_F(CosApi, RejectionsNameTheirField) {
  const HttpReply not_cos = create(
      {{"apex", "bl-class.example"},
       {"kind", "dnsbl-ip4"},
       {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
       {"ns", {"ns.provider.example."}},
       {"default_class", {{"codes", {"127.0.0.1"}}}}});
  EXPECT_TRUE(IsError(not_cos, 400, "invalid_field", "default_class")) << not_cos;
  const HttpReply bad_code =
      create(cos_zone("cos-bad.example", {{"default_class", {{"codes", {"10.0.0.1"}}}}}));
  EXPECT_TRUE(IsError(bad_code, 400, "invalid_field", "default_class.codes[0]")) << bad_code;
  const HttpReply no_codes =
      create(cos_zone("cos-bad.example", {{"default_class", {{"txt", "x"}}}}));
  EXPECT_TRUE(IsError(no_codes, 400, "invalid_field", "default_class.codes")) << no_codes;
  const HttpReply extra = create(
      cos_zone("cos-bad.example", {{"default_class", {{"codes", {"127.0.0.1"}}, {"ttl", 5}}}}));
  EXPECT_TRUE(IsError(extra, 400, "unknown_field", "default_class.ttl")) << extra;

  ASSERT_EQ(create(cos_zone("cos-rej.example")).status, 201);
  // PATCH of a default class on another kind of zone.
  const HttpReply vbr = create(
      {{"apex", "v-class.example"},
       {"kind", "vbr"},
       {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
       {"ns", {"ns.provider.example."}}});
  ASSERT_EQ(vbr.status, 201) << vbr;
  const HttpReply patch_vbr =
      patch("v-class.example", {{"default_class", {{"codes", {"127.0.0.1"}}}}});
  EXPECT_TRUE(IsError(patch_vbr, 400, "invalid_field", "default_class")) << patch_vbr;
  // Keys that a cos zone could not serve.
  for (const char* key : {"1.2.3", "sender.123", "0.0.0.0%2F4", "2000::%2F12"}) {
    SCOPED_TRACE(key);
    const HttpReply r = put("cos-rej.example", key, {{"codes", {"127.0.1.2"}}});
    EXPECT_TRUE(IsError(r, 400, "invalid_field", "key")) << r;
  }
}

TEST_F(CosApi, MasterFilesRefuseCosZones) {
  ASSERT_EQ(create(cos_zone("cos-file.example")).status, 201);
  const testing::CommandResult exported = testing::run_vouchd(
      {"export", "--db", server_->db(), "--zone", "cos-file.example", "--output", "-"});
  EXPECT_NE(exported.exit_code, 0);
  EXPECT_NE(exported.out.find("no master-file form"), std::string::npos) << exported.out;
  const std::string path = server_->db() + ".cos.zone";
  std::ofstream(path)
      << "$ORIGIN c.example.\n@ 3600 IN SOA ns1.c.example. h.c.example. 1 2 3 4 5\n";
  const testing::CommandResult imported =
      testing::run_vouchd({"import", "--db", server_->db(), "--kind", "cos", path});
  EXPECT_EQ(imported.exit_code, 2);
  EXPECT_NE(imported.out.find("no master-file form"), std::string::npos) << imported.out;
}

}  // namespace
}  // namespace vouchd::integration
