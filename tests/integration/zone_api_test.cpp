// The zone routes against the real vouchd binary over real HTTP and DNS: a created zone answers
// SOA, NS, glue and RFC 5782 §5 test points at once; an SOA update raises the serial and is
// served before the reply; a delete needs the apex repeated and leaves the names REFUSED; the
// list and show views count entries; roles; and every rejection names its field.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RCode;
using dnswire::RRType;
using testing::RecordsAre;
using testing::Reply;

// A vbr zone body with an in-zone and an out-of-zone name server.
json vbr_zone(const std::string& apex) {
  return {{"apex", apex},
          {"kind", "vbr"},
          {"soa",
           {{"mname", "ns1." + apex + "."},
            {"rname", "hostmaster." + apex + "."},
            {"refresh", 7200},
            {"retry", 900},
            {"expire", 1209600},
            {"minimum", 120},
            {"ttl", 1800}}},
          {"default_ttl", 600},
          {"ns", {"ns1." + apex + ".", "ns.provider.example."}},
          {"addresses", {{"ns1." + apex + ".", {"192.0.2.53", "2001:db8::53"}}}}};
}

// A zone of `kind` with only the required members.
json minimal_zone(const std::string& apex, const std::string& kind) {
  return {{"apex", apex},
          {"kind", kind},
          {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
          {"ns", {"ns.provider.example."}}};
}

class ZoneApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }

  static HttpReply create(const json& body, const std::string& token = admin_) {
    return http(port(), "POST", "/api/v1/zones", token, body.dump());
  }
  static HttpReply create_text(const std::string& body) {
    return http(port(), "POST", "/api/v1/zones", admin_, body);
  }
  static HttpReply show(const std::string& zone, const std::string& token = viewer_) {
    return http(port(), "GET", "/api/v1/zones/" + zone, token);
  }
  static HttpReply patch(const std::string& zone, const json& body,
                         const std::string& token = admin_) {
    return http(port(), "PATCH", "/api/v1/zones/" + zone, token, body.dump());
  }
  static HttpReply remove(const std::string& zone, const std::string& query,
                          const std::string& token = admin_) {
    return http(port(), "DELETE", "/api/v1/zones/" + zone + query, token);
  }
  static HttpReply put_vouch(const std::string& zone, const std::string& domain) {
    return http(port(), "PUT", "/api/v1/zones/" + zone + "/vouches/" + domain, certifier_,
                json({{"categories", {"all"}}}).dump());
  }
  static Reply ask(const std::string& name, RRType type) {
    return testing::parse_reply(
        testing::udp_exchange(server_->dns_port(), testing::query(name, type)));
  }
  static std::uint16_t rcode(const std::string& name, RRType type) {
    const Reply r = ask(name, type);
    EXPECT_TRUE(r.ok()) << name;
    return r.rcode();
  }
};

constexpr auto kRefused = static_cast<std::uint16_t>(RCode::Refused);
constexpr auto kNxDomain = static_cast<std::uint16_t>(RCode::NxDomain);
constexpr auto kNoError = static_cast<std::uint16_t>(RCode::NoError);

// ---------------------------------------------------------------------------------------------
// Create

TEST_F(ZoneApi, CreatedZoneAnswersSoaNsAndGlueAtOnce) {
  ASSERT_EQ(rcode("fresh.example.", RRType::Soa), kRefused) << "served before it was created";
  const HttpReply r = create(vbr_zone("fresh.example"));
  ASSERT_EQ(r.status, 201) << r;
  const json& z = r.j();
  EXPECT_EQ(z["apex"], "fresh.example.") << r;
  EXPECT_EQ(z["kind"], "vbr") << r;
  EXPECT_EQ(z["default_ttl"], 600) << r;
  EXPECT_EQ(z["soa"], json({{"mname", "ns1.fresh.example."},
                            {"rname", "hostmaster.fresh.example."},
                            {"refresh", 7200},
                            {"retry", 900},
                            {"expire", 1209600},
                            {"minimum", 120},
                            {"ttl", 1800}}))
      << r;
  EXPECT_EQ(z["ns"], json::array({"ns1.fresh.example.", "ns.provider.example."})) << r;
  EXPECT_EQ(z["counts"], json({{"vouches", 0}, {"suspended", 0}, {"listings", 0}, {"records", 4}}))
      << r;
  ASSERT_TRUE(z["serial"].is_number_unsigned()) << r;
  const std::string serial = std::to_string(z["serial"].get<std::uint32_t>());

  // No wait: the 201 came after the zone was published.
  const Reply soa = ask("fresh.example.", RRType::Soa);
  EXPECT_EQ(soa.rcode(), kNoError) << testing::describe(soa);
  EXPECT_TRUE(soa.flag(dnswire::flag::kAa)) << testing::describe(soa);
  EXPECT_TRUE(
      RecordsAre(soa.msg().answers,
                 {"fresh.example. 1800 IN SOA ns1.fresh.example. hostmaster.fresh.example. " +
                  serial + " 7200 900 1209600 120"}))
      << testing::describe(soa);
  const Reply ns = ask("fresh.example.", RRType::Ns);
  EXPECT_TRUE(RecordsAre(ns.msg().answers, {"fresh.example. 600 IN NS ns1.fresh.example.",
                                            "fresh.example. 600 IN NS ns.provider.example."}))
      << testing::describe(ns);
  const Reply a = ask("ns1.fresh.example.", RRType::A);
  EXPECT_TRUE(RecordsAre(a.msg().answers, {"ns1.fresh.example. 600 IN A 192.0.2.53"}))
      << testing::describe(a);
  const Reply aaaa = ask("ns1.fresh.example.", RRType::Aaaa);
  EXPECT_TRUE(RecordsAre(aaaa.msg().answers, {"ns1.fresh.example. 600 IN AAAA 2001:db8::53"}))
      << testing::describe(aaaa);
  // A vouch written at once into the new zone is served too.
  ASSERT_EQ(put_vouch("fresh.example", "sender.example").status, 201);
  EXPECT_EQ(rcode("sender.example._vouch.fresh.example.", RRType::Txt), kNoError);
  EXPECT_EQ(rcode("other.example._vouch.fresh.example.", RRType::Txt), kNxDomain);
}

TEST_F(ZoneApi, DnsblZonesServeRfc5782TestPointsAtOnce) {
  ASSERT_EQ(create(minimal_zone("bl4.example", "dnsbl-ip4")).status, 201);
  const Reply listed = ask("2.0.0.127.bl4.example.", RRType::A);
  EXPECT_TRUE(RecordsAre(listed.msg().answers, {"2.0.0.127.bl4.example. 3600 IN A 127.0.0.2"}))
      << testing::describe(listed);
  EXPECT_EQ(rcode("1.0.0.127.bl4.example.", RRType::A), kNxDomain);

  ASSERT_EQ(create(minimal_zone("bl6.example", "dnsbl-ip6")).status, 201);
  // RFC 5782 §5: ::FFFF:7F00:2 is listed.
  EXPECT_EQ(rcode("2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl6.example.",
                  RRType::A),
            kNoError);
  EXPECT_EQ(rcode("1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl6.example.",
                  RRType::A),
            kNxDomain);

  ASSERT_EQ(create(minimal_zone("dbl-new.example", "dnsbl-domain")).status, 201);
  const Reply test = ask("test.dbl-new.example.", RRType::A);
  EXPECT_TRUE(RecordsAre(test.msg().answers, {"test.dbl-new.example. 3600 IN A 127.0.0.2"}))
      << testing::describe(test);
  EXPECT_EQ(rcode("invalid.dbl-new.example.", RRType::A), kNxDomain);
}

TEST_F(ZoneApi, ExistingApexIsConflictWhateverItsSpelling) {
  ASSERT_EQ(create(minimal_zone("twice.example", "static")).status, 201);
  EXPECT_TRUE(IsError(create(minimal_zone("twice.example", "static")), 409, "conflict", "apex"));
  EXPECT_TRUE(IsError(create(minimal_zone("TWICE.Example.", "vbr")), 409, "conflict", "apex"));
}

TEST_F(ZoneApi, UnicodeApexIsStoredAsALabels) {
  const HttpReply r = create(minimal_zone("bücher.example", "vbr"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.j()["apex"], "xn--bcher-kva.example.") << r;
  EXPECT_EQ(show("xn--bcher-kva.example").status, 200);
  EXPECT_EQ(show("bücher.example").status, 200);
  EXPECT_EQ(rcode("xn--bcher-kva.example.", RRType::Soa), kNoError);
}

TEST_F(ZoneApi, SoaNumbersDefaultWhenLeftOut) {
  const HttpReply r = create(minimal_zone("defaults.example", "static"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.j()["soa"]["refresh"], 3600) << r;
  EXPECT_EQ(r.j()["soa"]["retry"], 600) << r;
  EXPECT_EQ(r.j()["soa"]["expire"], 604800) << r;
  EXPECT_EQ(r.j()["soa"]["minimum"], 300) << r;
  EXPECT_EQ(r.j()["soa"]["ttl"], 3600) << r;
  EXPECT_EQ(r.j()["default_ttl"], 3600) << r;
}

// Each bad body gets 400 naming the member at fault, and no zone is created.
TEST_F(ZoneApi, CreateRejectionsNameTheirField) {
  struct Case {
    std::string what;
    json body;
    std::string code;
    std::string field;
  };
  const auto with = [](json body, const json::json_pointer& at, json value) {
    body[at] = std::move(value);
    return body;
  };
  const auto without = [](json body, const std::string& member) {
    body.erase(member);
    return body;
  };
  const json good = vbr_zone("bad.example");
  json no_mname = good;
  no_mname["soa"].erase("mname");
  const std::vector<Case> cases = {
      {"no apex", without(good, "apex"), "invalid_field", "apex"},
      {"bad apex", with(good, "/apex"_json_pointer, "bad..example"), "invalid_field", "apex"},
      {"long label", with(good, "/apex"_json_pointer, std::string(64, 'a') + ".example"),
       "invalid_field", "apex"},
      {"apex not text", with(good, "/apex"_json_pointer, 5), "invalid_field", "apex"},
      {"bad kind", with(good, "/kind"_json_pointer, "dnsbl"), "invalid_field", "kind"},
      {"no kind", without(good, "kind"), "invalid_field", "kind"},
      {"unknown member", with(good, "/colour"_json_pointer, "blue"), "unknown_field", "colour"},
      {"no soa", without(good, "soa"), "invalid_field", "soa"},
      {"soa not object", with(good, "/soa"_json_pointer, "ns1"), "invalid_field", "soa"},
      {"no mname", no_mname, "invalid_field", "soa.mname"},
      {"bad rname", with(good, "/soa/rname"_json_pointer, "host master.example."), "invalid_field",
       "soa.rname"},
      {"negative refresh", with(good, "/soa/refresh"_json_pointer, -1), "invalid_field",
       "soa.refresh"},
      {"retry past 2^31-1", with(good, "/soa/retry"_json_pointer, 2147483648LL), "invalid_field",
       "soa.retry"},
      {"expire as text", with(good, "/soa/expire"_json_pointer, "604800"), "invalid_field",
       "soa.expire"},
      {"minimum fraction", with(good, "/soa/minimum"_json_pointer, 1.5), "invalid_field",
       "soa.minimum"},
      {"soa ttl null", with(good, "/soa/ttl"_json_pointer, nullptr), "invalid_field", "soa.ttl"},
      {"soa serial", with(good, "/soa/serial"_json_pointer, 5), "unknown_field", "soa.serial"},
      {"soa unknown", with(good, "/soa/owner"_json_pointer, "x"), "unknown_field", "soa.owner"},
      {"default_ttl negative", with(good, "/default_ttl"_json_pointer, -3), "invalid_field",
       "default_ttl"},
      {"no ns", without(good, "ns"), "invalid_field", "ns"},
      {"empty ns", with(good, "/ns"_json_pointer, json::array()), "invalid_field", "ns"},
      {"bad ns name", with(good, "/ns/1"_json_pointer, "ns provider"), "invalid_field", "ns[1]"},
      {"ns twice", with(good, "/ns/1"_json_pointer, "NS1.bad.example"), "invalid_field", "ns[1]"},
      {"in-zone ns without address", without(good, "addresses"), "invalid_field", "ns[0]"},
      {"address for unknown ns",
       with(good, "/addresses/ns9.bad.example."_json_pointer, {"192.0.2.9"}), "invalid_field",
       "addresses.ns9.bad.example."},
      {"address for out-of-zone ns",
       with(good, "/addresses/ns.provider.example."_json_pointer, {"192.0.2.9"}), "invalid_field",
       "addresses.ns.provider.example."},
      {"bad address", with(good, "/addresses/ns1.bad.example./1"_json_pointer, "192.0.2.300"),
       "invalid_field", "addresses.ns1.bad.example.[1]"},
      {"prefix as address",
       with(good, "/addresses/ns1.bad.example./0"_json_pointer, "192.0.2.0/24"), "invalid_field",
       "addresses.ns1.bad.example.[0]"},
      {"no addresses", with(good, "/addresses/ns1.bad.example."_json_pointer, json::array()),
       "invalid_field", "addresses.ns1.bad.example."},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(create(c.body), 400, c.code, c.field)) << c.what;
  }
  EXPECT_TRUE(IsError(create_text("[1,2]"), 400, "invalid_json", ""));
  EXPECT_TRUE(IsError(create_text("{\"apex\":"), 400, "invalid_json", ""));
  EXPECT_TRUE(IsError(show("bad.example"), 404, "not_found", "zone"));
  EXPECT_EQ(rcode("bad.example.", RRType::Soa), kRefused);
  // The same body, corrected, is accepted.
  EXPECT_EQ(create(good).status, 201);
}

// ---------------------------------------------------------------------------------------------
// Show, list, counts

TEST_F(ZoneApi, ShowAndListCountEntriesAfterVouchWrites) {
  ASSERT_EQ(create(vbr_zone("counted.example")).status, 201);
  for (const char* d : {"a.example", "b.example", "c.example"}) {
    ASSERT_EQ(put_vouch("counted.example", d).status, 201) << d;
  }
  ASSERT_EQ(
      http(port(), "POST", "/api/v1/zones/counted.example/vouches/b.example/suspend", certifier_)
          .status,
      200);
  const HttpReply s = show("counted.example.");
  ASSERT_EQ(s.status, 200) << s;
  EXPECT_EQ(s.j()["counts"],
            json({{"vouches", 3}, {"suspended", 1}, {"listings", 0}, {"records", 4}}))
      << s;
  // The serial shown is the one DNS serves.
  const Reply soa = ask("counted.example.", RRType::Soa);
  ASSERT_EQ(soa.msg().answers.size(), 1u) << testing::describe(soa);
  const auto t = testing::tokens_of(testing::as_text(soa.msg().answers)[0]);
  EXPECT_EQ(std::to_string(s.j()["serial"].get<std::uint32_t>()), t.at(6)) << s;

  const HttpReply l = http(port(), "GET", "/api/v1/zones", viewer_);
  ASSERT_EQ(l.status, 200) << l;
  const json* mine = nullptr;
  for (const json& z : l.j()["items"]) {
    if (z["apex"] == "counted.example.") mine = &z;
  }
  ASSERT_NE(mine, nullptr) << l;
  EXPECT_EQ((*mine)["counts"], s.j()["counts"]) << l;
  EXPECT_EQ((*mine)["serial"], s.j()["serial"]) << l;
  EXPECT_EQ((*mine)["kind"], "vbr") << l;

  ASSERT_EQ(
      http(port(), "DELETE", "/api/v1/zones/counted.example/vouches/a.example", certifier_).status,
      200);
  EXPECT_EQ(show("counted.example").j()["counts"]["vouches"], 2);
  EXPECT_TRUE(IsError(show("nowhere.example"), 404, "not_found", "zone"));
}

// ---------------------------------------------------------------------------------------------
// Update

TEST_F(ZoneApi, PatchRaisesSerialAndDnsServesNewSoaFields) {
  const HttpReply c = create(vbr_zone("patched.example"));
  ASSERT_EQ(c.status, 201) << c;
  const auto before = c.j()["serial"].get<std::uint32_t>();
  const HttpReply p = patch(
      "patched.example", {{"soa", {{"refresh", 10800}, {"rname", "dns-admin.patched.example."}}}});
  ASSERT_EQ(p.status, 200) << p;
  const auto after = p.j()["serial"].get<std::uint32_t>();
  EXPECT_TRUE(serial_after(after, before)) << before << " -> " << after;
  EXPECT_EQ(p.j()["soa"]["refresh"], 10800) << p;
  EXPECT_EQ(p.j()["soa"]["rname"], "dns-admin.patched.example.") << p;
  EXPECT_EQ(p.j()["soa"]["retry"], 900) << "an untouched field changed" << p;
  EXPECT_EQ(p.j()["ns"].size(), 2u) << p;

  const Reply soa = ask("patched.example.", RRType::Soa);
  EXPECT_TRUE(RecordsAre(soa.msg().answers, {"patched.example. 1800 IN SOA ns1.patched.example. "
                                             "dns-admin.patched.example. " +
                                             std::to_string(after) + " 10800 900 1209600 120"}))
      << testing::describe(soa);
  // Negative answers carry the new SOA too (RFC 2308 §3: TTL min(SOA TTL, MINIMUM)).
  const Reply nx = ask("nobody.example._vouch.patched.example.", RRType::Txt);
  EXPECT_EQ(nx.rcode(), kNxDomain);
  EXPECT_TRUE(RecordsAre(nx.msg().authority, {"patched.example. 120 IN SOA ns1.patched.example. "
                                              "dns-admin.patched.example. " +
                                              std::to_string(after) + " 10800 900 1209600 120"}))
      << testing::describe(nx);
  // Served entries survive the rebuild.
  ASSERT_EQ(put_vouch("patched.example", "kept.example").status, 201);
  const HttpReply again = patch("patched.example.", {{"soa", {{"minimum", 60}}}});
  ASSERT_EQ(again.status, 200) << again;
  EXPECT_TRUE(serial_after(again.j()["serial"].get<std::uint32_t>(), after));
  EXPECT_EQ(rcode("kept.example._vouch.patched.example.", RRType::Txt), kNoError);
  EXPECT_EQ(show("patched.example").j()["soa"]["minimum"], 60);
}

TEST_F(ZoneApi, PatchRejectionsNameTheirField) {
  ASSERT_EQ(create(minimal_zone("patch-bad.example", "static")).status, 201);
  const auto serial = show("patch-bad.example").j()["serial"];
  EXPECT_TRUE(IsError(patch("patch-bad.example", json::object()), 400, "invalid_field", "soa"));
  EXPECT_TRUE(
      IsError(patch("patch-bad.example", {{"soa", json::object()}}), 400, "invalid_field", "soa"));
  EXPECT_TRUE(IsError(patch("patch-bad.example", {{"soa", {{"expire", -5}}}}), 400, "invalid_field",
                      "soa.expire"));
  EXPECT_TRUE(IsError(patch("patch-bad.example", {{"soa", {{"mname", "a..b"}}}}), 400,
                      "invalid_field", "soa.mname"));
  EXPECT_TRUE(IsError(patch("patch-bad.example", {{"soa", {{"serial", 7}}}}), 400, "unknown_field",
                      "soa.serial"));
  EXPECT_TRUE(IsError(patch("patch-bad.example", {{"kind", "vbr"}}), 400, "unknown_field", "kind"));
  EXPECT_TRUE(
      IsError(patch("nowhere.example", {{"soa", {{"retry", 60}}}}), 404, "not_found", "zone"));
  EXPECT_EQ(show("patch-bad.example").j()["serial"], serial) << "a refused PATCH changed the zone";
}

// ---------------------------------------------------------------------------------------------
// Delete

TEST_F(ZoneApi, DeleteNeedsTheApexRepeatedThenIsRefusedOverDns) {
  ASSERT_EQ(create(vbr_zone("doomed.example")).status, 201);
  ASSERT_EQ(put_vouch("doomed.example", "sender.example").status, 201);
  EXPECT_TRUE(IsError(remove("doomed.example", ""), 400, "invalid_field", "confirm"));
  EXPECT_TRUE(IsError(remove("doomed.example", "?confirm="), 400, "invalid_field", "confirm"));
  EXPECT_TRUE(
      IsError(remove("doomed.example", "?confirm=fresh.example"), 400, "invalid_field", "confirm"));
  EXPECT_TRUE(
      IsError(remove("doomed.example", "?confirm=example"), 400, "invalid_field", "confirm"));
  EXPECT_TRUE(IsError(remove("doomed.example", "?confirm=doomed.example&confirm=x"), 400,
                      "invalid_field", "confirm"));
  EXPECT_TRUE(
      IsError(remove("doomed.example", "?confirm=doomed.example", certifier_), 403, "forbidden"));
  // Still there and served.
  EXPECT_EQ(show("doomed.example").status, 200);
  EXPECT_EQ(rcode("sender.example._vouch.doomed.example.", RRType::Txt), kNoError);

  const HttpReply d = remove("doomed.example", "?confirm=Doomed.Example.");
  ASSERT_EQ(d.status, 200) << d;
  EXPECT_EQ(d.j()["deleted"], "doomed.example.") << d;
  EXPECT_EQ(rcode("doomed.example.", RRType::Soa), kRefused);
  EXPECT_EQ(rcode("sender.example._vouch.doomed.example.", RRType::Txt), kRefused);
  EXPECT_TRUE(IsError(show("doomed.example"), 404, "not_found", "zone"));
  EXPECT_TRUE(
      IsError(remove("doomed.example", "?confirm=doomed.example"), 404, "not_found", "zone"));
  // The apex can be created again, empty.
  const HttpReply again = create(vbr_zone("doomed.example"));
  ASSERT_EQ(again.status, 201) << again;
  EXPECT_EQ(again.j()["counts"]["vouches"], 0) << again;
  EXPECT_EQ(rcode("sender.example._vouch.doomed.example.", RRType::Txt), kNxDomain);
}

TEST_F(ZoneApi, DeletingOneZoneLeavesItsParentAndChildServed) {
  ASSERT_EQ(create(minimal_zone("parent.example", "static")).status, 201);
  ASSERT_EQ(create(minimal_zone("child.parent.example", "static")).status, 201);
  ASSERT_EQ(create(minimal_zone("other.example", "static")).status, 201);
  ASSERT_EQ(remove("parent.example", "?confirm=parent.example").status, 200);
  EXPECT_EQ(rcode("parent.example.", RRType::Soa), kRefused);
  EXPECT_EQ(rcode("child.parent.example.", RRType::Soa), kNoError);
  EXPECT_EQ(rcode("other.example.", RRType::Soa), kNoError);
}

// ---------------------------------------------------------------------------------------------
// Roles

TEST_F(ZoneApi, OnlyAdminsWriteZonesAndReportersReadNone) {
  EXPECT_TRUE(IsError(create(minimal_zone("roles.example", "vbr"), certifier_), 403, "forbidden"));
  EXPECT_TRUE(IsError(create(minimal_zone("roles.example", "vbr"), viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(create(minimal_zone("roles.example", "vbr"), ""), 401, "unauthorized"));
  EXPECT_EQ(rcode("roles.example.", RRType::Soa), kRefused);
  ASSERT_EQ(create(minimal_zone("roles.example", "vbr")).status, 201);
  EXPECT_TRUE(
      IsError(patch("roles.example", {{"soa", {{"retry", 60}}}}, certifier_), 403, "forbidden"));
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/zones", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(show("roles.example", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(show("roles.example", ""), 401, "unauthorized"));
  EXPECT_EQ(show("roles.example", certifier_).status, 200);
  EXPECT_EQ(show("roles.example", viewer_).status, 200);
  EXPECT_EQ(http(port(), "GET", "/api/v1/zones", certifier_).status, 200);
  EXPECT_EQ(show("roles.example").j()["soa"]["retry"], 600) << "a forbidden PATCH took effect";
}

}  // namespace
}  // namespace vouchd::integration
