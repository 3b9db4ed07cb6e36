// REPUTE over real HTTP (RFC 7072 §3, RFC 7071, RFC 7073): a receiver without a token reads
// /.well-known/repute-template, expands it (RFC 6570 level 1) and gets an
// application/reputon+json answer about the domains and addresses the posted reports named; the
// numbers agree with GET /api/v1/reputation; no data is an empty array, an unknown application
// 404, a bad subject 400; --repute-rater names the rater.
#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

const std::string kReputonType = "application/reputon+json";

// A GET without a token (unless given), with the caching headers of the reply.
struct Fetched {
  HttpReply reply;
  std::string cache_control;
  std::string expires;
};

Fetched fetch(std::uint16_t port, const std::string& path, const std::string& token = "") {
  httplib::Client cli("127.0.0.1", port);
  cli.set_url_encode(false);
  cli.set_connection_timeout(std::chrono::seconds(10));
  cli.set_read_timeout(std::chrono::seconds(30));
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  Fetched f;
  f.reply.request = "GET " + path;
  const httplib::Result res = cli.Get(path, headers);
  if (!res) {
    f.reply.body = "(no response: " + httplib::to_string(res.error()) + ")";
    return f;
  }
  f.reply.status = res->status;
  f.reply.content_type = res->get_header_value("Content-Type");
  f.reply.body = res->body;
  f.cache_control = res->get_header_value("Cache-Control");
  f.expires = res->get_header_value("Expires");
  parse_body(f.reply);
  return f;
}

// RFC 6570 §3.2.2 simple string expansion: every character but the unreserved ones is
// percent-encoded.
std::string expand(std::string uri_template, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    std::string encoded;
    for (const char c : value) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
          c == '~') {
        encoded += c;
      } else {
        constexpr char kHex[] = "0123456789ABCDEF";
        encoded += '%';
        encoded += kHex[static_cast<unsigned char>(c) >> 4];
        encoded += kHex[static_cast<unsigned char>(c) & 15];
      }
    }
    const std::string var = "{" + name + "}";
    for (std::size_t at = uri_template.find(var); at != std::string::npos;
         at = uri_template.find(var))
      uri_template.replace(at, var.size(), encoded);
  }
  return uri_template;
}

bool unit_interval_three_decimals(const json& v) {
  if (!v.is_number()) return false;
  const double d = v.get<double>();
  const std::string text = json(d).dump();
  const std::size_t dot = text.find('.');
  return d >= 0 && d <= 1 && (dot == std::string::npos || text.size() - dot - 1 <= 3);
}

// A 200 application/reputon+json body as RFC 7071 §6.2 and RFC 7073 §3 define it.
::testing::AssertionResult IsReputonReply(const HttpReply& r) {
  auto fail = [&](const std::string& why) { return ::testing::AssertionFailure() << why << r; };
  if (r.status != 200) return fail("status is not 200");
  if (r.content_type != kReputonType) return fail("Content-Type is not " + kReputonType);
  if (!r.doc || !r.doc->is_object() || r.doc->size() != 2) return fail("not a two-member object");
  const json& d = *r.doc;
  if (d.value("application", "") != "email-id") return fail("application is not email-id");
  if (!d.contains("reputons") || !d["reputons"].is_array()) return fail("no reputons array");
  const std::set<std::string> allowed = {"rater",      "assertion",     "rated",       "rating",
                                         "confidence", "normal-rating", "sample-size", "generated",
                                         "expires",    "identity",      "sources"};
  for (const json& rep : d["reputons"]) {
    if (!rep.is_object()) return fail("a reputon is not an object");
    for (const auto& [k, v] : rep.items()) {
      if (!allowed.contains(k)) return fail("member " + k + " is not RFC 7071/7073");
    }
    for (const char* k : {"rater", "assertion", "rated"}) {
      if (!rep.contains(k) || !rep[k].is_string() || rep[k].get<std::string>().empty())
        return fail(std::string{k} + " is missing or not text");
    }
    if (!rep.contains("rating") || !unit_interval_three_decimals(rep["rating"]))
      return fail("rating is missing or not 0..1 with three decimals at most");
    for (const char* k : {"confidence", "normal-rating"}) {
      if (rep.contains(k) && !unit_interval_three_decimals(rep[k]))
        return fail(std::string{k} + " is not 0..1 with three decimals at most");
    }
    for (const char* k : {"sample-size", "generated", "expires", "sources"}) {
      if (rep.contains(k) && !rep[k].is_number_unsigned())
        return fail(std::string{k} + " is not an unsigned integer");
    }
    if (rep.value("expires", 0) < rep.value("generated", 0))
      return fail("expires before generated");
    const std::set<std::string> identities = {
        "dkim", "ipv4", "ipv6", "rfc5321.helo", "rfc5321.mailfrom", "rfc5322.from", "spf"};
    if (rep.contains("identity") && !identities.contains(rep.value("identity", "")))
      return fail("identity is not an RFC 7073 identity");
  }
  return ::testing::AssertionSuccess();
}

class ReputeApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }

  static void post_report(const std::string& body, const std::string& type) {
    const HttpReply r = http(port(), "POST", "/api/v1/reports", reporter_, body, type);
    ASSERT_EQ(r.status, 202) << r;
  }
  // JSON events dated an hour ago, so that decay has not erased them.
  static void post_event(const std::string& type, const std::string& domain, int count,
                         const std::string& id) {
    const std::int64_t at = static_cast<std::int64_t>(std::time(nullptr)) - 3600;
    post_report(
        json{{"type", type}, {"at", at}, {"domain", domain}, {"count", count}, {"id", id}}.dump(),
        "application/json");
  }
  static void post_samples() {
    post_report(ingest_sample("arf-abuse.eml"), "message/rfc822");
    post_report(ingest_sample("dmarc-sample.xml"), "application/xml");
  }
  // The path of the query the published template gives for these values.
  static std::string query_path(const std::string& subject, const std::string& assertion) {
    const Fetched t = fetch(port(), "/.well-known/repute-template");
    const std::string origin = "http://127.0.0.1:" + std::to_string(port());
    const std::string url =
        expand(t.reply.body,
               {{"application", "email-id"}, {"subject", subject}, {"assertion", assertion}});
    EXPECT_EQ(url.rfind(origin, 0), 0u) << url;
    return url.substr(std::min(url.size(), origin.size()));
  }
  static json reputation(const std::string& identity) {
    const HttpReply r = http(port(), "GET", "/api/v1/reputation/" + identity, viewer_);
    EXPECT_EQ(r.status, 200) << r;
    return r.j();
  }
};

TEST_F(ReputeApi, TemplateLeadsToReputonsWithoutAToken) {
  post_samples();
  const Fetched t = fetch(port(), "/.well-known/repute-template");
  ASSERT_EQ(t.reply.status, 200) << t.reply;
  EXPECT_EQ(t.reply.content_type.rfind("text/plain", 0), 0u) << t.reply;
  EXPECT_EQ(t.reply.body, "http://127.0.0.1:" + std::to_string(port()) +
                              "/repute/{application}/{subject}/{assertion}");
  EXPECT_EQ(t.cache_control, "max-age=86400");
  EXPECT_TRUE(t.expires.ends_with(" GMT")) << "RFC 7072 §3: SHOULD have Expires: " << t.expires;

  const Fetched q = fetch(port(), query_path("sender.example", "spam"));
  ASSERT_TRUE(IsReputonReply(q.reply));
  ASSERT_EQ(q.reply.j()["reputons"].size(), 1u) << q.reply;
  const json& r = q.reply.j()["reputons"][0];
  EXPECT_EQ(r["rater"], "127.0.0.1") << "the host the client asked for";
  EXPECT_EQ(r["rated"], "sender.example");
  EXPECT_EQ(r["assertion"], "spam");
  EXPECT_EQ(r["identity"], "dkim");
  EXPECT_NEAR(r["generated"].get<double>(), static_cast<double>(std::time(nullptr)), 60);
  EXPECT_EQ(q.cache_control, "max-age=" + std::to_string(r["expires"].get<std::int64_t>() -
                                                         r["generated"].get<std::int64_t>()));
  EXPECT_TRUE(q.expires.ends_with(" GMT")) << q.expires;
  // The same source of truth as the operator's view.
  const json rep = reputation("sender.example");
  EXPECT_EQ(r["sample-size"], rep["totals"]["delivered"].get<std::uint64_t>() +
                                  rep["totals"]["complaints"].get<std::uint64_t>())
      << rep;
  EXPECT_GE(r["sample-size"].get<std::uint64_t>(), 1200u) << "the DMARC report's messages";
  EXPECT_EQ(r["sources"], rep["totals"]["reporters"]);
}

TEST_F(ReputeApi, AddressesAreRatedAsIpv4AndIpv6) {
  post_samples();
  const Fetched v4 = fetch(port(), query_path("192.0.2.25", "spam"));
  ASSERT_TRUE(IsReputonReply(v4.reply));
  ASSERT_EQ(v4.reply.j()["reputons"].size(), 1u) << v4.reply;
  EXPECT_EQ(v4.reply.j()["reputons"][0]["identity"], "ipv4");
  EXPECT_EQ(v4.reply.j()["reputons"][0]["rated"], "192.0.2.25");
  // The template percent-encodes the colons; the address is rated by its /64.
  const std::string path = query_path("2001:db8::25", "spam");
  EXPECT_NE(path.find("2001%3Adb8%3A%3A25"), std::string::npos) << path;
  const Fetched v6 = fetch(port(), path);
  ASSERT_TRUE(IsReputonReply(v6.reply));
  ASSERT_EQ(v6.reply.j()["reputons"].size(), 1u) << v6.reply;
  const json& r = v6.reply.j()["reputons"][0];
  EXPECT_EQ(r["identity"], "ipv6");
  EXPECT_EQ(r["rated"], "2001:db8::25");
  const json rep = reputation("2001:db8::99");  // the same /64
  EXPECT_EQ(r["sample-size"], rep["totals"]["delivered"].get<std::uint64_t>() +
                                  rep["totals"]["complaints"].get<std::uint64_t>());
}

// RFC 7073 §3.1: the rating is linear in the data, the smoothed complaint rate itself (not
// scaled to the listing threshold, which would give the complained-about domain 1.0).
TEST_F(ReputeApi, RatingIsTheComplaintRate) {
  post_event("complaint", "spammy.example", 40, "rate-1");
  post_event("delivered", "spammy.example", 100, "rate-2");
  post_event("delivered", "clean.example", 5000, "rate-3");
  const Fetched spammy = fetch(port(), query_path("spammy.example", "spam"));
  const Fetched clean = fetch(port(), query_path("clean.example", "spam"));
  ASSERT_TRUE(IsReputonReply(spammy.reply));
  ASSERT_TRUE(IsReputonReply(clean.reply));
  ASSERT_EQ(spammy.reply.j()["reputons"].size(), 1u);
  ASSERT_EQ(clean.reply.j()["reputons"].size(), 1u);
  const double bad = spammy.reply.j()["reputons"][0]["rating"].get<double>();
  const double good = clean.reply.j()["reputons"][0]["rating"].get<double>();
  EXPECT_GT(bad, good) << spammy.reply << clean.reply;
  EXPECT_LT(bad, 1.0) << spammy.reply;
  const double rate = reputation("spammy.example")["score"]["rate"].get<double>();
  EXPECT_NEAR(bad, rate, 0.0005 + 1e-9) << "rounded to three decimals";
  EXPECT_EQ(spammy.reply.j()["reputons"][0]["sample-size"], 140);
  EXPECT_EQ(spammy.reply.j()["reputons"][0]["sources"], 1);
}

TEST_F(ReputeApi, NoDataIsAnEmptyReputonsArray) {
  post_samples();
  const json empty = {{"application", "email-id"}, {"reputons", json::array()}};
  const Fetched unknown = fetch(port(), query_path("nobody.example", "spam"));
  ASSERT_TRUE(IsReputonReply(unknown.reply));
  EXPECT_EQ(unknown.reply.j(), empty) << unknown.reply;
  // Only "spam" is rated; the other email-id assertions have no data.
  for (const char* assertion : {"abusive", "fraud", "invalid-recipients", "malware"}) {
    const Fetched other = fetch(port(), query_path("sender.example", assertion));
    ASSERT_TRUE(IsReputonReply(other.reply)) << assertion;
    EXPECT_EQ(other.reply.j(), empty) << assertion << other.reply;
  }
  // RFC 7073: the identity parameter narrows the query to one identity type.
  const std::string spam = query_path("sender.example", "spam");
  EXPECT_EQ(fetch(port(), spam + "?identity=ipv4").reply.j(), empty);
  EXPECT_EQ(fetch(port(), spam + "?identity=dkim").reply.j()["reputons"].size(), 1u);
  // No assertion (RFC 7072 §3: all of them): the template leaves a final slash.
  for (const std::string& path :
       {query_path("sender.example", ""), std::string{"/repute/email-id/sender.example"}}) {
    const Fetched all = fetch(port(), path);
    ASSERT_TRUE(IsReputonReply(all.reply)) << path;
    ASSERT_EQ(all.reply.j()["reputons"].size(), 1u) << all.reply;
    EXPECT_EQ(all.reply.j()["reputons"][0]["assertion"], "spam");
  }
}

TEST_F(ReputeApi, UnknownApplicationIsNotFound) {
  post_samples();
  // RFC 7072 §3: MUST answer 404.
  EXPECT_TRUE(IsError(fetch(port(), "/repute/unknown-app/sender.example/spam").reply, 404,
                      "not_found", "application"));
  EXPECT_TRUE(IsError(fetch(port(), "/repute/unknown-app/sender.example/").reply, 404, "not_found",
                      "application"));
}

TEST_F(ReputeApi, BadQueriesAreRefusedByField) {
  EXPECT_TRUE(IsError(fetch(port(), "/repute/email-id/bad!name/spam").reply, 400, "invalid_field",
                      "subject"));
  EXPECT_TRUE(IsError(fetch(port(), "/repute/email-id/192.0.2.300/spam").reply, 400,
                      "invalid_field", "subject"));
  EXPECT_TRUE(IsError(fetch(port(), "/repute/email-id/192.0.2.0%2F24/spam").reply, 400,
                      "invalid_field", "subject"));
  EXPECT_TRUE(IsError(fetch(port(), "/repute/email-id/sender.example/phishing").reply, 400,
                      "invalid_field", "assertion"));
  EXPECT_TRUE(IsError(fetch(port(), "/repute/email-id/sender.example/spam?identity=ip").reply, 400,
                      "invalid_field", "identity"));
  const HttpReply host = raw_http(port(),
                                  "GET /.well-known/repute-template HTTP/1.1\r\nHost: a/b\r\n"
                                  "Connection: close\r\n\r\n",
                                  "");
  EXPECT_TRUE(IsError(host, 400, "invalid_field", "Host"));
}

// Public like a DNSxL: a token is neither needed nor looked at, whatever its role.
TEST_F(ReputeApi, TokensAreNeitherNeededNorChecked) {
  post_samples();
  const std::string path = query_path("sender.example", "spam");
  for (const std::string& token : {std::string{}, reporter_, std::string(64, '0')}) {
    const Fetched f = fetch(port(), path, token);
    ASSERT_TRUE(IsReputonReply(f.reply)) << "token " << token;
    EXPECT_EQ(f.reply.j()["reputons"].size(), 1u);
    EXPECT_EQ(fetch(port(), "/.well-known/repute-template", token).reply.status, 200);
  }
}

TEST(ReputeRater, OptionNamesTheRater) {
  testing::VouchdServer server;
  server.init();
  const std::string reporter = make_token(server.db(), "reporter");
  server.start({"--http", "127.0.0.1:0", "--repute-rater", "rep.vouch.example"});
  const std::int64_t at = static_cast<std::int64_t>(std::time(nullptr)) - 60;
  const HttpReply posted =
      http(server.http_port(), "POST", "/api/v1/reports", reporter,
           json{{"type", "complaint"}, {"at", at}, {"ip", "198.51.100.7"}, {"id", "r"}}.dump());
  ASSERT_EQ(posted.status, 202) << posted;
  const Fetched f = fetch(server.http_port(), "/repute/email-id/198.51.100.7/spam");
  ASSERT_TRUE(IsReputonReply(f.reply));
  ASSERT_EQ(f.reply.j()["reputons"].size(), 1u) << f.reply;
  EXPECT_EQ(f.reply.j()["reputons"][0]["rater"], "rep.vouch.example");
  EXPECT_EQ(f.reply.j()["reputons"][0]["identity"], "ipv4");
  EXPECT_EQ(f.reply.j()["reputons"][0]["sample-size"], 1);
}

}  // namespace
}  // namespace vouchd::integration
