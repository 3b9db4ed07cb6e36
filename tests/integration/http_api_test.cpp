// The HTTP API slice against the real vouchd binary: `vouchd token create`, health and readiness,
// bearer-token roles, the vouch routes (PUT/GET/DELETE, suspend/resume, listing with cursor and
// prefix), the error body shape, and the contract with DNS: every acknowledged write is answered
// over UDP at once, raises the zone serial, and survives kill -9.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;
using json = nlohmann::json;
using testing::RecordsAre;
using testing::Reply;

constexpr char kZone[] = "vouch.example";
constexpr std::size_t kMiB = 1024 * 1024;

// The demo certifier zone (docker/demo/vouch.example.zone).
constexpr char kVouchZone[] = R"($ORIGIN vouch.example.
$TTL 3600
@        3600 IN SOA ns1.vouch.example. hostmaster.vouch.example. 1 3600 600 604800 300
@             IN NS  ns1.vouch.example.
ns1           IN A   192.0.2.53
sender.example._vouch  IN TXT "transaction list"
bank.example._vouch    IN TXT "all"
mixed.example._vouch   IN TXT "transaction"
)";

// A domain block list: a zone that exists but is not a vbr zone.
constexpr char kDblZone[] = R"($ORIGIN dbl.example.
$TTL 900
@        3600 IN SOA ns1.dbl.example. hostmaster.dbl.example. 1 3600 600 604800 300
@             IN NS  ns1.dbl.example.
spammer.example   IN A   127.0.1.2
                  IN TXT "spam source"
)";

// A vouch object as the spec writes it.
::testing::AssertionResult IsVouch(const HttpReply& r, int status, const std::string& domain,
                                   const std::vector<std::string>& categories,
                                   std::optional<bool> suspended = false) {
  auto fail = [&](const std::string& why) { return ::testing::AssertionFailure() << why << r; };
  if (r.status != status)
    return fail("status " + std::to_string(r.status) + ", expected " + std::to_string(status));
  if (r.content_type.rfind("application/json", 0) != 0) return fail("Content-Type is not JSON");
  if (!r.doc || !r.doc->is_object()) return fail("body is not a JSON object");
  const json& v = *r.doc;
  for (const char* k : {"zone", "domain", "categories", "note", "ttl", "suspended", "serial"}) {
    if (!v.contains(k)) return fail(std::string{"member missing: "} + k);
  }
  if (v["zone"] != "vouch.example.") return fail("zone is not \"vouch.example.\"");
  if (v["domain"] != domain) return fail("domain is not \"" + domain + "\"");
  if (v["categories"] != json(categories)) return fail("categories differ");
  if (!v["ttl"].is_number_integer()) return fail("ttl is not an integer");
  if (!v["serial"].is_number_integer()) return fail("serial is not an integer");
  if (!v["suspended"].is_boolean()) return fail("suspended is not a boolean");
  if (suspended && v["suspended"] != *suspended) return fail("suspended is not as expected");
  return ::testing::AssertionSuccess();
}

// The TXT reply for `domain` under vouch.example. from the server on `dns_port`.
Reply ask_vouch_at(std::uint16_t dns_port, const std::string& domain) {
  return testing::parse_reply(testing::udp_exchange(
      dns_port, testing::query(domain + "._vouch." + kZone + ".", RRType::Txt)));
}

// ---------------------------------------------------------------------------------------------
// Fixture: one server for the suite, with a token of every role.

class HttpApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite({{"vbr", kVouchZone}, {"dnsbl-domain", kDblZone}}); }

  static std::string vouch_path(const std::string& domain, const std::string& zone = kZone) {
    return "/api/v1/zones/" + zone + "/vouches/" + domain;
  }
  static HttpReply put(const std::string& domain, const json& body,
                       const std::string& token = certifier_, const std::string& zone = kZone) {
    return http(port(), "PUT", vouch_path(domain, zone), token, body.dump());
  }
  static HttpReply get(const std::string& domain, const std::string& token = viewer_,
                       const std::string& zone = kZone) {
    return http(port(), "GET", vouch_path(domain, zone), token);
  }
  static HttpReply del(const std::string& domain, const std::string& token = certifier_) {
    return http(port(), "DELETE", vouch_path(domain), token);
  }
  static HttpReply post(const std::string& domain, const std::string& action,
                        const std::string& token = certifier_) {
    return http(port(), "POST", vouch_path(domain) + "/" + action, token);
  }
  static HttpReply list(const std::string& query, const std::string& token = viewer_,
                        const std::string& zone = kZone) {
    return http(port(), "GET", "/api/v1/zones/" + zone + "/vouches" + query, token);
  }

  static Reply ask(std::uint16_t dns_port, const std::string& name, RRType type) {
    return testing::parse_reply(testing::udp_exchange(dns_port, testing::query(name + ".", type)));
  }
  static Reply ask_vouch(const std::string& domain, std::uint16_t dns_port = 0) {
    return ask_vouch_at(dns_port != 0 ? dns_port : server_->dns_port(), domain);
  }
  // The single TXT answer's text ("transaction list"), or "NXDOMAIN", or a description.
  static std::string served(const std::string& domain, std::uint16_t dns_port = 0) {
    const Reply r = ask_vouch(domain, dns_port);
    if (!r.ok()) return "(no reply)";
    if (r.rcode() == static_cast<std::uint16_t>(dnswire::RCode::NxDomain)) return "NXDOMAIN";
    if (r.msg().answers.size() != 1) return "(unexpected) " + testing::describe(r);
    const auto strings = dnswire::txt_strings(r.msg().answers[0].rdata);
    return strings.size() == 1 ? strings[0] : "(unexpected) " + testing::describe(r);
  }
  static std::uint32_t soa_serial(std::uint16_t dns_port = 0) {
    const Reply r =
        ask(dns_port != 0 ? dns_port : server_->dns_port(), std::string{kZone}, RRType::Soa);
    EXPECT_TRUE(r.ok());
    for (const dnswire::Record& rr : r.msg().answers) {
      if (rr.type != RRType::Soa) continue;
      const auto t = testing::tokens_of(
          dnswire::record_to_text(rr.owner, rr.ttl, rr.rclass, rr.type, rr.rdata));
      return static_cast<std::uint32_t>(std::stoul(t.at(6)));
    }
    ADD_FAILURE() << "no SOA answer: " << testing::describe(r);
    return 0;
  }
};

// ---------------------------------------------------------------------------------------------
// Tokens

TEST(HttpApiTokens, TokenCreatePrintsOneHexLinePerRoleAndRefusesOtherRoles) {
  testing::VouchdServer db;
  db.init();
  std::set<std::string> seen;
  for (const std::string role : {"admin", "certifier", "reporter", "viewer"}) {
    const testing::CommandResult r = token_create(db.db(), role, "label " + role);
    EXPECT_EQ(r.exit_code, 0) << role << ": " << r.out;
    ASSERT_FALSE(r.out.empty()) << role;
    EXPECT_EQ(r.out.back(), '\n') << role;
    const std::string t = r.out.substr(0, r.out.size() - 1);
    EXPECT_TRUE(is_token(t)) << role << " printed: [" << r.out << "]";  // also: one line only
    EXPECT_TRUE(seen.insert(t).second) << "token printed twice: " << t;
  }
  for (const std::string role : {"superuser", "Admin", ""}) {
    const testing::CommandResult r = token_create(db.db(), role, "bad");
    EXPECT_NE(r.exit_code, 0) << "role [" << role << "] accepted: " << r.out;
    EXPECT_FALSE(is_token(r.out.substr(0, 64))) << "role [" << role << "] printed a token";
  }
}

// ---------------------------------------------------------------------------------------------
// Health, auth, roles

TEST_F(HttpApi, HealthAndReady) {
  const HttpReply h = http(port(), "GET", "/healthz", "");
  EXPECT_EQ(h.status, 200) << h;
  EXPECT_EQ(h.content_type.rfind("application/json", 0), 0u) << h;
  EXPECT_EQ(h.j(), json({{"status", "ok"}})) << h;
  const HttpReply r = http(port(), "GET", "/readyz", "");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u) << r;
  EXPECT_EQ(r.j(), json({{"status", "ready"}})) << r;
}

TEST_F(HttpApi, MissingTokenIs401WithErrorShape) {
  // No Authorization header, an unknown token, a malformed header: all 401 on reads and writes.
  EXPECT_TRUE(IsError(get("sender.example", ""), 401, "unauthorized"));
  EXPECT_TRUE(IsError(list("", ""), 401, "unauthorized"));
  EXPECT_TRUE(IsError(get("sender.example", std::string(64, '0')), 401, "unauthorized"));
  EXPECT_TRUE(IsError(put("unauth.example", {{"categories", {"all"}}}, ""), 401, "unauthorized"));
  EXPECT_TRUE(IsError(put("unauth.example", {{"categories", {"all"}}}, std::string(64, 'a')), 401,
                      "unauthorized"));
  EXPECT_TRUE(IsError(del("sender.example", ""), 401, "unauthorized"));
  EXPECT_TRUE(IsError(post("sender.example", "suspend", ""), 401, "unauthorized"));
  {
    httplib::Client cli("127.0.0.1", port());
    const auto res = cli.Get(vouch_path("sender.example"),
                             httplib::Headers{{"Authorization", "Basic " + certifier_}});
    HttpReply r;
    r.request = "GET with Authorization: Basic";
    if (res) {
      r.status = res->status;
      r.content_type = res->get_header_value("Content-Type");
      r.body = res->body;
      parse_body(r);
    }
    EXPECT_TRUE(IsError(r, 401, "unauthorized"));
  }
  // Nothing was written or removed.
  EXPECT_TRUE(IsError(get("unauth.example", admin_), 404, "not_found", "domain"));
  EXPECT_EQ(served("unauth.example"), "NXDOMAIN");
  EXPECT_EQ(served("sender.example"), "transaction list");
}

TEST_F(HttpApi, WrongRoleIs403) {
  const json body = {{"categories", {"all"}}};
  // The reporter may use none of these routes.
  EXPECT_TRUE(IsError(get("sender.example", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(list("", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(put("forbidden.example", body, reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(del("sender.example", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(post("sender.example", "suspend", reporter_), 403, "forbidden"));
  // The viewer may read but not write.
  EXPECT_TRUE(IsError(put("forbidden.example", body, viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(del("sender.example", viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(post("sender.example", "suspend", viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(post("sender.example", "resume", viewer_), 403, "forbidden"));
  // None of it took effect.
  EXPECT_TRUE(IsError(get("forbidden.example", admin_), 404, "not_found", "domain"));
  EXPECT_EQ(served("forbidden.example"), "NXDOMAIN");
  EXPECT_EQ(served("sender.example"), "transaction list");
  EXPECT_TRUE(IsVouch(get("sender.example", admin_), 200, "sender.example", {"transaction", "list"},
                      false));
  // Admin and certifier may write.
  EXPECT_TRUE(IsVouch(put("role-admin.example", body, admin_), 201, "role-admin.example", {"all"}));
  EXPECT_TRUE(
      IsVouch(put("role-cert.example", body, certifier_), 201, "role-cert.example", {"all"}));
}

TEST_F(HttpApi, ViewerCanRead) {
  // A vouch from the imported zone file.
  const HttpReply r = get("sender.example", viewer_);
  ASSERT_TRUE(IsVouch(r, 200, "sender.example", {"transaction", "list"}));
  EXPECT_EQ(r.j()["ttl"], 3600) << r;
  // serial is the zone's current serial.
  const std::uint32_t dns_serial = soa_serial();
  const HttpReply again = get("sender.example", viewer_);
  EXPECT_EQ(again.j()["serial"], dns_serial) << again;
  // The zone with its final dot, and the domain in upper case, name the same vouch.
  EXPECT_TRUE(IsVouch(get("SENDER.Example", viewer_, "vouch.example."), 200, "sender.example",
                      {"transaction", "list"}));
  EXPECT_TRUE(
      IsVouch(get("sender.example", certifier_), 200, "sender.example", {"transaction", "list"}));
  EXPECT_TRUE(
      IsVouch(get("sender.example", admin_), 200, "sender.example", {"transaction", "list"}));
  const HttpReply l = list("?prefix=sender.", viewer_);
  ASSERT_EQ(l.status, 200) << l;
  ASSERT_TRUE(l.j().contains("items")) << l;
  ASSERT_EQ(l.j()["items"].size(), 1u) << l;
  EXPECT_EQ(l.j()["items"][0]["domain"], "sender.example") << l;
  EXPECT_TRUE(l.j()["next_cursor"].is_null()) << l;
}

// ---------------------------------------------------------------------------------------------
// Writes and DNS

TEST_F(HttpApi, PutCreatesThenReplaces) {
  const HttpReply created =
      put("create-replace.example",
          {{"categories", {"transaction", "list"}}, {"note", "first"}, {"ttl", 3600}});
  ASSERT_TRUE(IsVouch(created, 201, "create-replace.example", {"transaction", "list"}));
  EXPECT_EQ(created.j()["note"], "first") << created;
  EXPECT_EQ(created.j()["ttl"], 3600) << created;

  const HttpReply replaced =
      put("create-replace.example", {{"categories", {"all"}}, {"note", "second"}, {"ttl", 60}});
  ASSERT_TRUE(IsVouch(replaced, 200, "create-replace.example", {"all"}));
  EXPECT_EQ(replaced.j()["note"], "second") << replaced;
  EXPECT_EQ(replaced.j()["ttl"], 60) << replaced;

  const HttpReply read = get("create-replace.example");
  ASSERT_TRUE(IsVouch(read, 200, "create-replace.example", {"all"}));
  EXPECT_EQ(read.j()["note"], "second") << read;
  EXPECT_EQ(read.j()["ttl"], 60) << read;

  // Without ttl, the zone's default: the same TTL DNS then serves.
  const HttpReply defaulted = put("create-replace.example", {{"categories", {"list"}}});
  ASSERT_TRUE(IsVouch(defaulted, 200, "create-replace.example", {"list"}));
  const Reply dns = ask_vouch("create-replace.example");
  ASSERT_EQ(dns.msg().answers.size(), 1u) << testing::describe(dns);
  EXPECT_EQ(defaulted.j()["ttl"], dns.msg().answers[0].ttl) << defaulted << testing::describe(dns);

  // The domain is lower-cased.
  const HttpReply mixed = put("MiXed-Case.Example", {{"categories", {"list"}}});
  EXPECT_TRUE(IsVouch(mixed, 201, "mixed-case.example", {"list"}));
  EXPECT_TRUE(IsVouch(get("mixed-case.example"), 200, "mixed-case.example", {"list"}));
  EXPECT_TRUE(IsVouch(put("mixed-case.example", {{"categories", {"all"}}}), 200,
                      "mixed-case.example", {"all"}));
}

TEST_F(HttpApi, PutIsServedByDnsAtOnce) {
  ASSERT_EQ(served("at-once.example"), "NXDOMAIN");
  ASSERT_TRUE(
      IsVouch(put("at-once.example", {{"categories", {"list", "transaction"}}, {"ttl", 120}}), 201,
              "at-once.example", {"list", "transaction"}));
  const Reply r = ask_vouch("at-once.example");
  EXPECT_TRUE(RecordsAre(
      r.msg().answers, {R"(at-once.example._vouch.vouch.example. 120 IN TXT "list transaction")"}))
      << testing::describe(r);
  ASSERT_TRUE(IsVouch(put("at-once.example", {{"categories", {"all"}}, {"ttl", 300}}), 200,
                      "at-once.example", {"all"}));
  const Reply s = ask_vouch("at-once.example");
  EXPECT_TRUE(
      RecordsAre(s.msg().answers, {R"(at-once.example._vouch.vouch.example. 300 IN TXT "all")"}))
      << testing::describe(s);
  // An imported vouch replaced over HTTP.
  ASSERT_TRUE(IsVouch(put("bank.example", {{"categories", {"transaction"}}}), 200, "bank.example",
                      {"transaction"}));
  EXPECT_EQ(served("bank.example"), "transaction");
}

TEST_F(HttpApi, SerialRisesAfterEveryWrite) {
  const std::string d = "serial.example";
  std::uint32_t before = soa_serial();
  auto check = [&](const HttpReply& r, int status, const char* what) {
    EXPECT_EQ(r.status, status) << what << r;
    const std::uint32_t after = soa_serial();
    EXPECT_TRUE(serial_after(after, before)) << what << ": serial " << before << " -> " << after;
    EXPECT_EQ(r.j().value("serial", json()), after) << what << ": body serial vs DNS SOA" << r;
    before = after;
  };
  check(put(d, {{"categories", {"list"}}}), 201, "create");
  check(put(d, {{"categories", {"all"}}}), 200, "replace");
  check(put(d, {{"categories", {"all"}}}), 200, "replace with the same data");
  check(post(d, "suspend"), 200, "suspend");
  check(post(d, "resume"), 200, "resume");
  check(del(d), 200, "delete");
}

TEST_F(HttpApi, DeleteRemovesFromDns) {
  ASSERT_TRUE(IsVouch(put("delete-me.example", {{"categories", {"list"}}}), 201,
                      "delete-me.example", {"list"}));
  ASSERT_EQ(served("delete-me.example"), "list");
  const HttpReply r = del("delete-me.example");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u) << r;
  ASSERT_TRUE(r.j().is_object()) << r;
  EXPECT_EQ(r.j().size(), 1u) << r;
  EXPECT_TRUE(r.j()["serial"].is_number_integer()) << r;
  EXPECT_EQ(served("delete-me.example"), "NXDOMAIN");
  EXPECT_TRUE(IsError(get("delete-me.example"), 404, "not_found", "domain"));
  EXPECT_TRUE(IsError(del("delete-me.example"), 404, "not_found", "domain"));
  // An imported vouch, deleted by the admin.
  ASSERT_EQ(http(port(), "DELETE", vouch_path("mixed.example"), admin_).status, 200);
  EXPECT_EQ(served("mixed.example"), "NXDOMAIN");
  // Other vouches are untouched.
  EXPECT_EQ(served("sender.example"), "transaction list");
}

TEST_F(HttpApi, SuspendAndResume) {
  const std::string d = "suspend.example";
  ASSERT_TRUE(IsVouch(put(d, {{"categories", {"transaction", "list"}}, {"note", "n"}}), 201, d,
                      {"transaction", "list"}));
  ASSERT_EQ(served(d), "transaction list");

  const HttpReply s = post(d, "suspend");
  EXPECT_TRUE(IsVouch(s, 200, d, {"transaction", "list"}, true));
  EXPECT_EQ(served(d), "NXDOMAIN");
  EXPECT_TRUE(IsVouch(get(d), 200, d, {"transaction", "list"}, true));
  const HttpReply l = list("?prefix=suspend.");
  ASSERT_EQ(l.status, 200) << l;
  ASSERT_EQ(l.j()["items"].size(), 1u) << l;
  EXPECT_EQ(l.j()["items"][0]["suspended"], true) << l;

  const HttpReply r = post(d, "resume");
  EXPECT_TRUE(IsVouch(r, 200, d, {"transaction", "list"}, false));
  EXPECT_EQ(r.j()["note"], "n") << r;
  EXPECT_EQ(served(d), "transaction list");
  EXPECT_TRUE(IsVouch(get(d), 200, d, {"transaction", "list"}, false));

  EXPECT_TRUE(IsError(post("never-there.example", "suspend"), 404, "not_found", "domain"));
  EXPECT_TRUE(IsError(post("never-there.example", "resume"), 404, "not_found", "domain"));
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_F(HttpApi, GetUnknownIs404WithField) {
  EXPECT_TRUE(IsError(get("never-vouched.example"), 404, "not_found", "domain"));
  EXPECT_TRUE(IsError(get("never-vouched.example", admin_), 404, "not_found", "domain"));
  EXPECT_TRUE(IsError(del("never-vouched.example"), 404, "not_found", "domain"));
}

TEST_F(HttpApi, BadDomainIs400) {
  const std::string label63(63, 'a');
  std::string long_name;  // 4 x 63 + 3 dots = 255 characters
  for (int i = 0; i < 4; ++i)
    long_name += (i ? "." : "") + label63;
  const std::vector<std::string> bad = {
      "a..example",           // empty label
      ".lead.example",        // empty first label
      label63 + "b.example",  // label of 64
      long_name,              // name over 253
      "bad!name.example",     // character outside the set
      "sp%20ace.example",     // a space (or a '%')
      "star*.example",
  };
  for (const std::string& d : bad) {
    EXPECT_TRUE(IsError(put(d, {{"categories", {"list"}}}), 400, "invalid_field", "domain"))
        << "domain " << d;
  }
  // The limits themselves are fine: a 63-character label, underscores, hyphens, digits.
  EXPECT_TRUE(IsVouch(put(label63 + ".example", {{"categories", {"list"}}}), 201,
                      label63 + ".example", {"list"}));
  EXPECT_TRUE(
      IsVouch(put("_u-1.example", {{"categories", {"list"}}}), 201, "_u-1.example", {"list"}));
}

// IDN: U-labels (sent percent-encoded UTF-8) are stored and served as their A-labels; text that
// is not a valid IDNA 2008 name is refused with the reason.
TEST_F(HttpApi, UnicodeDomainIsStoredAsALabels) {
  // "bücher.example" in UTF-8, percent-encoded in the path.
  const HttpReply r = put("b%C3%BCcher.example", {{"categories", {"list"}}});
  EXPECT_TRUE(IsVouch(r, 201, "xn--bcher-kva.example", {"list"}));
  EXPECT_EQ(served("xn--bcher-kva.example"), "list");
  EXPECT_TRUE(IsVouch(get("xn--bcher-kva.example"), 200, "xn--bcher-kva.example", {"list"}));
  // U+2603 SNOWMAN is not allowed by IDNA 2008.
  const HttpReply bad = put("%E2%98%83.example", {{"categories", {"list"}}});
  EXPECT_TRUE(IsError(bad, 400, "invalid_field", "domain"));
  EXPECT_NE(bad.j()["error"]["message"].get<std::string>().find("internationalized"),
            std::string::npos)
      << bad;
}

TEST_F(HttpApi, BadCategoryNamesItsIndex) {
  const std::string d = "bad-category.example";
  struct Case {
    json body;
    std::string field;
  };
  std::vector<std::string> seventeen;
  for (char c = 'a'; c < 'a' + 17; ++c)
    seventeen.push_back(std::string(1, c));
  const std::vector<Case> cases = {
      {{{"categories", {"list", "Bad!"}}}, "categories[1]"},
      {{{"categories", {"list", "transaction", "UPPER"}}}, "categories[2]"},
      {{{"categories", {std::string(33, 'a')}}}, "categories[0]"},
      {{{"categories", {""}}}, "categories[0]"},
      {{{"categories", {"list", "li st"}}}, "categories[1]"},
      {{{"categories", {"list", 7}}}, "categories[1]"},
      {{{"categories", {"list", "all", "list"}}}, "categories[2]"},  // duplicate
      {{{"categories", json::array()}}, "categories"},
      {{{"categories", seventeen}}, "categories"},
      {{{"categories", "list"}}, "categories"},
      {{{"note", "no categories"}}, "categories"},
      {{{"categories", {"list"}}, {"ttl", -1}}, "ttl"},
      {{{"categories", {"list"}}, {"ttl", 2147483648LL}}, "ttl"},
      {{{"categories", {"list"}}, {"ttl", "60"}}, "ttl"},
      {{{"categories", {"list"}}, {"ttl", 1.5}}, "ttl"},
      {{{"categories", {"list"}}, {"note", std::string(1025, 'n')}}, "note"},
      {{{"categories", {"list"}}, {"note", 5}}, "note"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(put(d, c.body), 400, "invalid_field", c.field)) << c.body.dump();
  }
  EXPECT_TRUE(IsError(get(d), 404, "not_found", "domain"));
  EXPECT_EQ(served(d), "NXDOMAIN");
  // The limits themselves are fine.
  std::vector<std::string> sixteen(seventeen.begin(), seventeen.end() - 1);
  EXPECT_TRUE(IsVouch(
      put(d, {{"categories", sixteen}, {"note", std::string(1024, 'n')}, {"ttl", 2147483647}}), 201,
      d, sixteen));
  EXPECT_TRUE(IsVouch(put(d, {{"categories", {std::string(32, 'z')}}, {"ttl", 0}}), 200, d,
                      {std::string(32, 'z')}));
  EXPECT_EQ(served(d), std::string(32, 'z'));
}

// The spec allows 16 categories of 32 characters (527 characters joined), but DNS serves them as
// one TXT character-string of at most 255. Up to 255 must be served; beyond, a refusal must name
// "categories" (the offending member), not the domain.
TEST_F(HttpApi, LongestCategoryListsAreServedOrRefusedAsCategories) {
  std::vector<std::string> fits;  // 16 x 15 + 15 spaces = 255 characters
  for (char c = 'a'; c < 'a' + 16; ++c)
    fits.push_back(std::string(15, c));
  std::string joined;
  for (const std::string& c : fits)
    joined += (joined.empty() ? "" : " ") + c;
  ASSERT_EQ(joined.size(), 255u);
  EXPECT_TRUE(IsVouch(put("longest-fits.example", {{"categories", fits}}), 201,
                      "longest-fits.example", fits));
  EXPECT_EQ(served("longest-fits.example"), joined);

  std::vector<std::string> widest;  // 16 x 32: allowed by the per-category limits
  for (char c = 'a'; c < 'a' + 16; ++c)
    widest.push_back(std::string(32, c));
  const HttpReply r = put("longest-widest.example", {{"categories", widest}});
  if (r.status == 201) {
    EXPECT_TRUE(IsVouch(r, 201, "longest-widest.example", widest));
    EXPECT_NE(served("longest-widest.example"), "NXDOMAIN");
  } else {
    EXPECT_TRUE(IsError(r, 400, "invalid_field", "categories"));
    EXPECT_TRUE(IsError(get("longest-widest.example"), 404, "not_found", "domain"));
  }
}

TEST_F(HttpApi, UnknownFieldIsRefused) {
  const HttpReply r = put("unknown-field.example", {{"categories", {"list"}}, {"colour", "red"}});
  EXPECT_TRUE(IsError(r, 400, "unknown_field", "colour"));
  EXPECT_TRUE(IsError(put("unknown-field.example", {{"categories", {"list"}}, {"suspended", true}}),
                      400, "unknown_field", "suspended"));
  EXPECT_TRUE(IsError(get("unknown-field.example"), 404, "not_found", "domain"));
}

TEST_F(HttpApi, InvalidJsonIs400) {
  for (const std::string body : {"{not json", R"({"categories":["list"])", "", "\xff\xfe"}) {
    const HttpReply r = http(port(), "PUT", vouch_path("invalid-json.example"), certifier_, body);
    EXPECT_TRUE(IsError(r, 400, "invalid_json", "")) << "body [" << body << "]";
  }
  EXPECT_TRUE(IsError(get("invalid-json.example"), 404, "not_found", "domain"));
}

TEST_F(HttpApi, OversizedBodyIs413) {
  const std::string head_fmt = "PUT " + vouch_path("oversized.example") +
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                               certifier_ +
                               "\r\nContent-Type: application/json\r\nConnection: close\r\n";
  auto request = [&](const std::string& body) {
    return raw_http(port(),
                    head_fmt + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n", body);
  };
  // Valid JSON padded with white space to exactly 1 MiB is accepted ...
  std::string body = R"({"categories":["list"]})";
  body.resize(kMiB, ' ');
  EXPECT_TRUE(IsVouch(request(body), 201, "oversized.example", {"list"}));
  // ... one byte more is not.
  body.push_back(' ');
  const HttpReply r = request(body);
  EXPECT_TRUE(IsError(r, 413, "payload_too_large"));
  // A large body that is not JSON white space either.
  EXPECT_TRUE(IsError(request(std::string(2 * kMiB, 'x')), 413, "payload_too_large"));
  // The server is still serving.
  EXPECT_EQ(http(port(), "GET", "/healthz", "").status, 200);
  EXPECT_EQ(served("oversized.example"), "list");
}

TEST_F(HttpApi, ListPagesWithCursorAndPrefix) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "pg-%02d.example", i);
    expected.push_back(name);
  }
  std::vector<std::string> order = expected;
  std::shuffle(order.begin(), order.end(), std::mt19937{42});
  for (const std::string& d : order) {
    ASSERT_EQ(put(d, {{"categories", {"list"}}}).status, 201) << d;
  }
  // Decoys around the prefix.
  ASSERT_EQ(put("pg.example", {{"categories", {"list"}}}).status, 201);
  ASSERT_EQ(put("pgz-00.example", {{"categories", {"list"}}}).status, 201);
  ASSERT_EQ(put("a-pg-00.example", {{"categories", {"list"}}}).status, 201);

  std::vector<std::string> got;
  std::optional<std::string> cursor;
  for (int page = 0; page < 10; ++page) {
    const HttpReply r = list("?prefix=pg-&limit=10" + (cursor ? "&cursor=" + *cursor : ""));
    ASSERT_EQ(r.status, 200) << r;
    ASSERT_TRUE(r.j().is_object() && r.j().contains("items") && r.j().contains("next_cursor")) << r;
    const json& items = r.j()["items"];
    ASSERT_TRUE(items.is_array()) << r;
    EXPECT_LE(items.size(), 10u) << r;
    if (page == 0) {
      EXPECT_EQ(items.size(), 10u) << r;
    }
    for (const json& v : items) {
      EXPECT_EQ(v["zone"], "vouch.example.") << r;
      EXPECT_EQ(v["categories"], json({"list"})) << r;
      got.push_back(v["domain"].get<std::string>());
    }
    if (r.j()["next_cursor"].is_null()) break;
    ASSERT_FALSE(items.empty()) << "a page with no items but a next_cursor" << r;
    EXPECT_EQ(r.j()["next_cursor"], items.back()["domain"]) << r;
    cursor = r.j()["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(got, expected);  // in domain order, no repeats, no skips, no decoys

  // The default limit (100) takes all 25 at once.
  const HttpReply all = list("?prefix=pg-");
  ASSERT_EQ(all.status, 200) << all;
  EXPECT_EQ(all.j()["items"].size(), 25u) << all;
  EXPECT_TRUE(all.j()["next_cursor"].is_null()) << all;
  // A cursor in the middle: what follows it.
  const HttpReply mid = list("?prefix=pg-&cursor=pg-19.example");
  ASSERT_EQ(mid.status, 200) << mid;
  ASSERT_EQ(mid.j()["items"].size(), 5u) << mid;
  EXPECT_EQ(mid.j()["items"][0]["domain"], "pg-20.example") << mid;
  // Limits.
  EXPECT_EQ(list("?prefix=pg-&limit=1000").status, 200);
  EXPECT_TRUE(IsError(list("?prefix=pg-&limit=1001"), 400, "invalid_field", "limit"));
  // Without a prefix: every vouch of the zone, sorted.
  const HttpReply everything = list("?limit=1000");
  ASSERT_EQ(everything.status, 200) << everything;
  std::vector<std::string> domains;
  for (const json& v : everything.j()["items"])
    domains.push_back(v["domain"].get<std::string>());
  EXPECT_TRUE(std::is_sorted(domains.begin(), domains.end())) << everything;
  EXPECT_TRUE(std::includes(domains.begin(), domains.end(), expected.begin(), expected.end()))
      << everything;
}

TEST_F(HttpApi, NonVbrZoneIsRefused) {
  EXPECT_TRUE(IsError(put("x.example", {{"categories", {"list"}}}, certifier_, "dbl.example"), 400,
                      "invalid_field", "zone"));
  EXPECT_TRUE(IsError(put("x.example", {{"categories", {"list"}}}, certifier_, "dbl.example."), 400,
                      "invalid_field", "zone"));
  // The block list is served as before.
  const Reply r = ask(server_->dns_port(), "spammer.example.dbl.example", RRType::A);
  EXPECT_TRUE(RecordsAre(r.msg().answers, {"spammer.example.dbl.example. 900 IN A 127.0.1.2"}))
      << testing::describe(r);
}

// RFC 9110 §15.5.6: a path that exists with other methods gets 405 and Allow; an unknown path 404.
TEST_F(HttpApi, WrongMethodIs405WithAllow) {
  const HttpReply r = http(port(), "POST", vouch_path("sender.example"), certifier_, "{}");
  EXPECT_TRUE(IsError(r, 405, "method_not_allowed")) << r;
  httplib::Client cli("127.0.0.1", port());
  const auto raw = cli.Patch(vouch_path("sender.example"), "{}", "application/json");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 405);
  EXPECT_EQ(raw->get_header_value("Allow"), "PUT, GET, DELETE");
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/nothing/here", viewer_), 404, "not_found"));
}

TEST_F(HttpApi, UnknownZoneIs404) {
  EXPECT_TRUE(IsError(put("x.example", {{"categories", {"list"}}}, certifier_, "nosuch.example"),
                      404, "not_found", "zone"));
  EXPECT_TRUE(IsError(get("x.example", viewer_, "nosuch.example"), 404, "not_found", "zone"));
  EXPECT_TRUE(IsError(list("", viewer_, "nosuch.example"), 404, "not_found", "zone"));
  // A name below an existing zone is not that zone.
  EXPECT_TRUE(IsError(put("x.example", {{"categories", {"list"}}}, certifier_, "sub.vouch.example"),
                      404, "not_found", "zone"));
}

// ---------------------------------------------------------------------------------------------
// Durability and concurrency

TEST(HttpApiDurability, KillNineKeepsAcknowledgedWrite) {
  testing::VouchdServer server;
  server.init();
  server.import_zone("vbr", kVouchZone);
  const std::string token = make_token(server.db(), "certifier");
  ASSERT_FALSE(token.empty());
  server.start({"--http", "127.0.0.1:0"});
  ASSERT_NE(server.http_port(), 0);

  const std::string path = "/api/v1/zones/vouch.example/vouches/";
  const HttpReply created =
      http(server.http_port(), "PUT", path + "durable.example", token,
           json({{"categories", {"transaction", "list"}}, {"ttl", 600}}).dump());
  ASSERT_EQ(created.status, 201) << created;
  const HttpReply removed = http(server.http_port(), "DELETE", path + "sender.example", token);
  ASSERT_EQ(removed.status, 200) << removed;
  const HttpReply suspended =
      http(server.http_port(), "POST", path + "bank.example/suspend", token);
  ASSERT_EQ(suspended.status, 200) << suspended;
  const std::uint32_t acked_serial = removed.j().value("serial", 0u);

  server.kill9();
  server.start({"--http", "127.0.0.1:0"});
  ASSERT_NE(server.http_port(), 0);

  const Reply r = ask_vouch_at(server.dns_port(), "durable.example");
  EXPECT_TRUE(RecordsAre(
      r.msg().answers, {R"(durable.example._vouch.vouch.example. 600 IN TXT "transaction list")"}))
      << testing::describe(r);
  const Reply gone = ask_vouch_at(server.dns_port(), "sender.example");
  EXPECT_EQ(gone.rcode(), static_cast<std::uint16_t>(dnswire::RCode::NxDomain))
      << testing::describe(gone);
  const Reply susp = ask_vouch_at(server.dns_port(), "bank.example");
  EXPECT_EQ(susp.rcode(), static_cast<std::uint16_t>(dnswire::RCode::NxDomain))
      << testing::describe(susp);
  const HttpReply read = http(server.http_port(), "GET", path + "durable.example", token);
  EXPECT_TRUE(IsVouch(read, 200, "durable.example", {"transaction", "list"}));
  const HttpReply bank = http(server.http_port(), "GET", path + "bank.example", token);
  EXPECT_TRUE(IsVouch(bank, 200, "bank.example", {"all"}, true));
  // The serial did not go back.
  const Reply soa = testing::parse_reply(
      testing::udp_exchange(server.dns_port(), testing::query("vouch.example.", RRType::Soa)));
  ASSERT_EQ(soa.msg().answers.size(), 1u) << testing::describe(soa);
  const auto t = testing::tokens_of(dnswire::record_to_text(
      soa.msg().answers[0].owner, soa.msg().answers[0].ttl, soa.msg().answers[0].rclass,
      soa.msg().answers[0].type, soa.msg().answers[0].rdata));
  const auto serial = static_cast<std::uint32_t>(std::stoul(t.at(6)));
  EXPECT_FALSE(serial_after(acked_serial, serial)) << acked_serial << " then " << serial;
}

TEST_F(HttpApi, ParallelWritersLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::vector<HttpReply>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &results] {
      const std::string& token = t % 2 == 0 ? certifier_ : admin_;
      for (int i = 0; i < kEach; ++i) {
        const std::string d = "par-" + std::to_string(t) + "-" + std::to_string(i) + ".example";
        results[t].push_back(http(port(), "PUT", vouch_path(d), token,
                                  json({{"categories", {"list"}}, {"note", d}}).dump()));
      }
    });
  }
  for (std::thread& th : threads)
    th.join();
  std::set<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const std::string d = "par-" + std::to_string(t) + "-" + std::to_string(i) + ".example";
      expected.insert(d);
      const HttpReply& r = results[t][i];
      EXPECT_TRUE(IsVouch(r, 201, d, {"list"}));
    }
  }
  for (const std::string& d : expected)
    EXPECT_EQ(served(d), "list") << d;
  const HttpReply l = list("?prefix=par-&limit=1000");
  ASSERT_EQ(l.status, 200) << l;
  std::set<std::string> listed;
  for (const json& v : l.j()["items"]) {
    listed.insert(v["domain"].get<std::string>());
    EXPECT_EQ(v["note"], v["domain"]) << v.dump();
  }
  EXPECT_EQ(listed, expected);
  EXPECT_EQ(l.j()["items"].size(), expected.size());
}

// ---------------------------------------------------------------------------------------------
// Token routes (admin only): a token is shown once at creation, works at once, and stops
// working when revoked.

TEST_F(HttpApi, AdminCreatesListsAndRevokesTokens) {
  const std::string body = R"({"role":"viewer","label":"ops dashboard"})";
  EXPECT_TRUE(IsError(http(port(), "POST", "/api/v1/tokens", certifier_, body), 403, "forbidden"));
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/tokens", viewer_), 403, "forbidden"));
  const HttpReply created = http(port(), "POST", "/api/v1/tokens", admin_, body);
  ASSERT_EQ(created.status, 201) << created;
  const std::string token = created.j().value("token", "");
  ASSERT_EQ(token.size(), 64u) << created;
  const std::int64_t id = created.j().value("id", std::int64_t{0});
  EXPECT_EQ(get("sender.example", token).status, 200);

  const HttpReply listed = http(port(), "GET", "/api/v1/tokens", admin_);
  ASSERT_EQ(listed.status, 200) << listed;
  const auto& items = listed.j()["items"];
  const auto mine = std::find_if(items.begin(), items.end(),
                                 [id](const json& t) { return t.value("id", 0) == id; });
  ASSERT_NE(mine, items.end()) << listed;
  EXPECT_EQ((*mine)["label"], "ops dashboard");
  EXPECT_EQ((*mine)["role"], "viewer");
  EXPECT_TRUE((*mine)["revoked"].is_null());
  EXPECT_EQ(listed.body.find(token), std::string::npos)
      << "a listed token must not show its secret";

  const std::string path = "/api/v1/tokens/" + std::to_string(id);
  EXPECT_EQ(http(port(), "DELETE", path, admin_).status, 200);
  EXPECT_TRUE(IsError(get("sender.example", token), 401, "unauthorized"));
  EXPECT_TRUE(IsError(http(port(), "DELETE", path, admin_), 409, "conflict", "id"));
  EXPECT_TRUE(
      IsError(http(port(), "DELETE", "/api/v1/tokens/987654321", admin_), 404, "not_found", "id"));
}

TEST_F(HttpApi, TokenBodyIsChecked) {
  EXPECT_TRUE(IsError(
      http(port(), "POST", "/api/v1/tokens", admin_, std::string{R"({"role":"root","label":"x"})"}),
      400, "invalid_field", "role"));
  EXPECT_TRUE(IsError(http(port(), "POST", "/api/v1/tokens", admin_,
                           std::string{R"({"role":"viewer","label":""})"}),
                      400, "invalid_field", "label"));
  EXPECT_TRUE(IsError(http(port(), "POST", "/api/v1/tokens", admin_,
                           std::string{R"({"role":"viewer","label":"x","scope":"all"})"}),
                      400, "unknown_field", "scope"));
}

}  // namespace
}  // namespace vouchd::integration
