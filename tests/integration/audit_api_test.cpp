// The audit route against the real vouchd binary: every API write (zone create, SOA update and
// delete; vouch put, suspend, resume and delete; token create and revoke) leaves one entry with
// its actor, action, object and before/after state; filters, keyset cursor paging, roles and
// parameter checks.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RFC 3339 UTC text through the C library, to check the server's own formatting against.
std::string utc_text(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

json zone_body(const std::string& apex) {
  return {{"apex", apex},
          {"kind", "vbr"},
          {"soa", {{"mname", "ns.provider.example."}, {"rname", "hostmaster.provider.example."}}},
          {"ns", {"ns.provider.example."}}};
}

class AuditApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }

  static HttpReply audit(const std::string& query, const std::string& token = viewer_) {
    return http(port(), "GET", "/api/v1/audit" + query, token);
  }
  // Every entry the query selects, following next_cursor (pages of `limit`).
  static std::vector<json> audit_all(const std::string& query, int limit = 1000) {
    std::vector<json> out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      const HttpReply r = audit("?limit=" + std::to_string(limit) + query + cursor);
      EXPECT_EQ(r.status, 200) << r;
      if (r.status != 200) break;
      for (const json& e : r.j()["items"])
        out.push_back(e);
      if (r.j()["next_cursor"].is_null()) break;
      cursor = "&cursor=" + std::to_string(r.j()["next_cursor"].get<std::int64_t>());
    }
    return out;
  }
  static void ok(const HttpReply& r, int status) { ASSERT_EQ(r.status, status) << r; }
  static std::string vouches(const std::string& zone, const std::string& domain) {
    return "/api/v1/zones/" + zone + "/vouches/" + domain;
  }
};

// The shape of one entry, with `at` within [from, to].
::testing::AssertionResult IsEntry(const json& e, std::int64_t from, std::int64_t to) {
  for (const char* k : {"id", "at", "at_rfc3339", "actor", "action", "object", "before", "after"}) {
    if (!e.contains(k))
      return ::testing::AssertionFailure() << "member missing: " << k << " in " << e;
  }
  if (e.size() != 8) return ::testing::AssertionFailure() << "extra members in " << e;
  if (!e["id"].is_number_integer() || !e["at"].is_number_integer()) {
    return ::testing::AssertionFailure() << "id or at is not an integer in " << e;
  }
  const auto at = e["at"].get<std::int64_t>();
  if (at < from || at > to) return ::testing::AssertionFailure() << "at out of range in " << e;
  if (e["at_rfc3339"] != utc_text(at))
    return ::testing::AssertionFailure() << "at_rfc3339 in " << e;
  for (const char* k : {"before", "after"}) {
    if (!e[k].is_null() && !e[k].is_object()) {
      return ::testing::AssertionFailure() << k << " is neither null nor an object in " << e;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST_F(AuditApi, EveryWriteIsRecordedWithActorObjectBeforeAndAfter) {
  const std::int64_t t0 = unix_now();
  const std::string zone = "audited.example";
  const std::string vouch = vouches(zone, "a.example");
  ok(http(port(), "POST", "/api/v1/zones", admin_, zone_body(zone).dump()), 201);
  ok(http(port(), "PUT", vouch, certifier_, R"({"categories":["transaction"],"note":"n1"})"), 201);
  ok(http(port(), "PUT", vouch, certifier_, R"({"categories":["all"],"note":"n2"})"), 200);
  ok(http(port(), "POST", vouch + "/suspend", certifier_), 200);
  ok(http(port(), "POST", vouch + "/resume", admin_), 200);
  ok(http(port(), "DELETE", vouch, certifier_), 200);
  ok(http(port(), "PATCH", "/api/v1/zones/" + zone, admin_, R"({"soa":{"refresh":9999}})"), 200);
  ok(http(port(), "DELETE", "/api/v1/zones/" + zone + "?confirm=" + zone, admin_), 200);
  const std::int64_t t1 = unix_now();

  const std::vector<json> e = audit_all("&object_prefix=audited.example.");
  ASSERT_EQ(e.size(), 8u);
  for (const json& entry : e)
    EXPECT_TRUE(IsEntry(entry, t0, t1));
  for (std::size_t i = 1; i < e.size(); ++i) {
    EXPECT_LT(e[i]["id"].get<std::int64_t>(), e[i - 1]["id"].get<std::int64_t>())
        << "not newest first";
  }
  const std::string admin = "token:test-admin", certifier = "token:test-certifier";
  const std::string zone_object = "audited.example.", vouch_object = "audited.example./a.example";
  struct Expected {
    const char* action;
    std::string actor;
    std::string object;
  };
  const std::vector<Expected> expected = {
      {"zone.delete", admin, zone_object},        {"zone.soa", admin, zone_object},
      {"vouch.delete", certifier, vouch_object},  {"vouch.resume", admin, vouch_object},
      {"vouch.suspend", certifier, vouch_object}, {"vouch.put", certifier, vouch_object},
      {"vouch.put", certifier, vouch_object},     {"zone.create", admin, zone_object}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(e[i]["action"], expected[i].action) << i << ": " << e[i];
    EXPECT_EQ(e[i]["actor"], expected[i].actor) << i << ": " << e[i];
    EXPECT_EQ(e[i]["object"], expected[i].object) << i << ": " << e[i];
  }
  // zone.create: nothing before; the zone after.
  EXPECT_TRUE(e[7]["before"].is_null()) << e[7];
  EXPECT_EQ(e[7]["after"]["apex"], "audited.example.") << e[7];
  EXPECT_EQ(e[7]["after"]["kind"], "vbr") << e[7];
  EXPECT_EQ(e[7]["after"]["ns"], json::array({"ns.provider.example."})) << e[7];
  // vouch.put: created, then replaced.
  EXPECT_TRUE(e[6]["before"].is_null()) << e[6];
  EXPECT_EQ(e[6]["after"]["categories"], "transaction") << e[6];
  EXPECT_EQ(e[6]["after"]["note"], "n1") << e[6];
  EXPECT_EQ(e[5]["before"]["categories"], "transaction") << e[5];
  EXPECT_EQ(e[5]["after"]["categories"], "all") << e[5];
  EXPECT_EQ(e[5]["after"]["note"], "n2") << e[5];
  // suspend and resume flip `suspended`.
  EXPECT_EQ(e[4]["before"]["suspended"], false) << e[4];
  EXPECT_EQ(e[4]["after"]["suspended"], true) << e[4];
  EXPECT_EQ(e[3]["before"]["suspended"], true) << e[3];
  EXPECT_EQ(e[3]["after"]["suspended"], false) << e[3];
  // vouch.delete: the vouch before, nothing after.
  EXPECT_EQ(e[2]["before"]["categories"], "all") << e[2];
  EXPECT_TRUE(e[2]["after"].is_null()) << e[2];
  // zone.soa: old and new SOA fields and serials.
  EXPECT_EQ(e[1]["before"]["refresh"], 3600) << e[1];
  EXPECT_EQ(e[1]["after"]["refresh"], 9999) << e[1];
  EXPECT_TRUE(serial_after(e[1]["after"]["serial"].get<std::uint32_t>(),
                           e[1]["before"]["serial"].get<std::uint32_t>()))
      << e[1];
  // zone.delete: the zone before, nothing after.
  EXPECT_EQ(e[0]["before"]["apex"], "audited.example.") << e[0];
  EXPECT_EQ(e[0]["before"]["refresh"], 9999) << e[0];
  EXPECT_EQ(e[0]["before"]["ns"], json::array({"ns.provider.example."})) << e[0];
  EXPECT_TRUE(e[0]["after"].is_null()) << e[0];
}

TEST_F(AuditApi, TokenCreateAndRevokeAreRecordedWithoutTheSecret) {
  const HttpReply created = http(port(), "POST", "/api/v1/tokens", admin_,
                                 std::string{R"({"role":"viewer","label":"audited token"})"});
  ASSERT_EQ(created.status, 201) << created;
  const std::string secret = created.j()["token"];
  const auto id = created.j()["id"].get<std::int64_t>();
  ok(http(port(), "DELETE", "/api/v1/tokens/" + std::to_string(id), admin_), 200);
  const std::string object = "token/" + std::to_string(id);
  const HttpReply r = audit("?object_prefix=" + object, admin_);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body.find(secret), std::string::npos) << "the audit shows a token's secret";
  std::vector<json> mine;
  for (const json& e : r.j()["items"]) {
    if (e["object"] == object) mine.push_back(e);
  }
  ASSERT_EQ(mine.size(), 2u) << r;
  EXPECT_EQ(mine[0]["action"], "token.revoke") << r;
  EXPECT_EQ(mine[0]["actor"], "token:test-admin") << r;
  EXPECT_TRUE(mine[0]["before"]["revoked"].is_null()) << r;
  EXPECT_TRUE(mine[0]["after"]["revoked"].is_number_integer()) << r;
  EXPECT_EQ(mine[1]["action"], "token.create") << r;
  EXPECT_TRUE(mine[1]["before"].is_null()) << r;
  EXPECT_EQ(mine[1]["after"]["label"], "audited token") << r;
  EXPECT_EQ(mine[1]["after"]["role"], "viewer") << r;
}

TEST_F(AuditApi, FiltersByActorActionObjectAndTime) {
  const std::int64_t t0 = unix_now();
  const std::string zone = "filtered.example";
  ok(http(port(), "POST", "/api/v1/zones", admin_, zone_body(zone).dump()), 201);
  for (const char* d : {"x.example", "y.example"}) {
    ok(http(port(), "PUT", vouches(zone, d), certifier_, R"({"categories":["all"]})"), 201);
  }
  ok(http(port(), "DELETE", vouches(zone, "x.example"), admin_), 200);
  const std::string in_zone = "&object_prefix=filtered.example.";

  const auto by_certifier = audit_all(in_zone + "&actor=token:test-certifier");
  ASSERT_EQ(by_certifier.size(), 2u);
  for (const json& e : by_certifier)
    EXPECT_EQ(e["action"], "vouch.put") << e;
  const auto deletes = audit_all(in_zone + "&action=vouch.delete");
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0]["object"], "filtered.example./x.example");
  EXPECT_EQ(audit_all(in_zone + "&action=vouch.delete&actor=token:test-certifier").size(), 0u);
  EXPECT_EQ(audit_all("&object_prefix=filtered.example./y.").size(), 1u);
  EXPECT_EQ(audit_all(in_zone).size(), 4u);
  // Time bounds, as unix seconds or RFC 3339 text.
  EXPECT_EQ(audit_all(in_zone + "&since=" + std::to_string(t0)).size(), 4u);
  EXPECT_EQ(audit_all(in_zone + "&since=" + std::to_string(unix_now() + 1000)).size(), 0u);
  EXPECT_EQ(audit_all(in_zone + "&until=" + std::to_string(t0 - 1000)).size(), 0u);
  EXPECT_EQ(
      audit_all(in_zone + "&since=2000-01-01T00:00:00Z&until=" + utc_text(unix_now() + 60)).size(),
      4u);
  EXPECT_EQ(audit_all(in_zone + "&until=2000-01-01T01:00:00%2B01:00").size(), 0u);
  EXPECT_EQ(audit_all(in_zone + "&since=" + utc_text(unix_now() + 3600)).size(), 0u);
}

TEST_F(AuditApi, CursorPagesNewestFirstWithoutRepeatsOrGaps) {
  const std::string zone = "paged.example";
  ok(http(port(), "POST", "/api/v1/zones", admin_, zone_body(zone).dump()), 201);
  for (int i = 0; i < 7; ++i) {
    ok(http(port(), "PUT", vouches(zone, "d" + std::to_string(i) + ".example"), certifier_,
            R"({"categories":["all"]})"),
       201);
  }
  const std::string prefix = "&object_prefix=paged.example.";
  const std::vector<json> whole = audit_all(prefix);
  ASSERT_EQ(whole.size(), 8u);

  const HttpReply first = audit("?limit=3" + prefix);
  ASSERT_EQ(first.status, 200) << first;
  ASSERT_EQ(first.j()["items"].size(), 3u) << first;
  EXPECT_EQ(first.j()["next_cursor"], first.j()["items"][2]["id"]) << first;
  const std::vector<json> paged = audit_all(prefix, 3);
  ASSERT_EQ(paged.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i)
    EXPECT_EQ(paged[i]["id"], whole[i]["id"]) << i;
  // The last page ends the walk; a page written while paging does not repeat entries.
  const HttpReply tail =
      audit("?limit=10&cursor=" + std::to_string(whole[5]["id"].get<std::int64_t>()) + prefix);
  ASSERT_EQ(tail.status, 200) << tail;
  EXPECT_EQ(tail.j()["items"].size(), 2u) << tail;
  EXPECT_TRUE(tail.j()["next_cursor"].is_null()) << tail;
  ok(http(port(), "PUT", vouches(zone, "late.example"), certifier_, R"({"categories":["all"]})"),
     201);
  const HttpReply after =
      audit("?limit=10&cursor=" + std::to_string(whole[5]["id"].get<std::int64_t>()) + prefix);
  EXPECT_EQ(after.j()["items"], tail.j()["items"]) << after;
  EXPECT_EQ(audit_all(prefix).size(), 9u);
}

TEST_F(AuditApi, AdminAndViewerReadItOthersDoNot) {
  EXPECT_EQ(audit("", admin_).status, 200);
  EXPECT_EQ(audit("", viewer_).status, 200);
  EXPECT_TRUE(IsError(audit("", certifier_), 403, "forbidden"));
  EXPECT_TRUE(IsError(audit("", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(audit("", ""), 401, "unauthorized"));
  EXPECT_TRUE(IsError(audit("", std::string(64, 'f')), 401, "unauthorized"));
}

TEST_F(AuditApi, BadParametersAreRefusedByName) {
  struct Case {
    std::string query;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"?limit=0", "invalid_field", "limit"},
      {"?limit=1001", "invalid_field", "limit"},
      {"?limit=ten", "invalid_field", "limit"},
      {"?cursor=0", "invalid_field", "cursor"},
      {"?cursor=-5", "invalid_field", "cursor"},
      {"?cursor=abc", "invalid_field", "cursor"},
      {"?cursor=99999999999999999999", "invalid_field", "cursor"},
      {"?since=yesterday", "invalid_field", "since"},
      {"?since=", "invalid_field", "since"},
      {"?since=2026-02-30T00:00:00Z", "invalid_field", "since"},
      {"?until=2026-13-01T00:00:00Z", "invalid_field", "until"},
      {"?until=2026-01-01T24:00:00Z", "invalid_field", "until"},
      {"?until=2026-01-01T00:00:00", "invalid_field", "until"},
      {"?since=2000&until=1000", "invalid_field", "until"},
      {"?colour=blue", "unknown_field", "colour"},
      {"?actor=a&actor=b", "invalid_field", "actor"},
      {"?action=" + std::string(513, 'a'), "invalid_field", "action"},
      {"?object_prefix=a%0Ab", "invalid_field", "object_prefix"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(audit(c.query), 400, c.code, c.field)) << c.query;
  }
  // Fractions of seconds and offsets are RFC 3339 too.
  EXPECT_EQ(audit("?since=2026-01-01T00:00:00.250%2B02:00").status, 200);
  EXPECT_EQ(audit("?until=2026-01-01t00:00:00z").status, 200);
}

}  // namespace
}  // namespace vouchd::integration
