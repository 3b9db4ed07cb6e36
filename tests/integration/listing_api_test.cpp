// The listing routes against the real vouchd binary over HTTP and DNS (RFC 5782): round trips for
// IPv4 addresses, CIDR prefixes (literal '/' and %2F), IPv6 prefixes and domains (IDN); DNS
// answers (A codes and TXT) changed before the 2xx; allow entries punching holes in listed
// prefixes and hiding listings inside them; every rejection naming its field; roles; keyset
// pages; serials rising with every write; expiry stored and returned.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
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

constexpr char kBl[] = R"($ORIGIN bl.example.
$TTL 900
@        3600 IN SOA ns1.bl.example. hostmaster.bl.example. 1 3600 600 604800 300
@             IN NS  ns1.bl.example.
*.113.0.203   IN A   127.0.0.2
              IN TXT "imported range"
)";

constexpr char kBl6[] = R"($ORIGIN bl6.example.
$TTL 900
@        3600 IN SOA ns1.bl6.example. hostmaster.bl6.example. 1 3600 600 604800 300
@             IN NS  ns1.bl6.example.
)";

constexpr char kDbl[] = R"($ORIGIN dbl.example.
$TTL 900
@        3600 IN SOA ns1.dbl.example. hostmaster.dbl.example. 1 3600 600 604800 300
@             IN NS  ns1.dbl.example.
)";

constexpr char kPages[] = R"($ORIGIN pages.example.
$TTL 900
@        3600 IN SOA ns1.pages.example. hostmaster.pages.example. 1 3600 600 604800 300
@             IN NS  ns1.pages.example.
)";

constexpr char kExp[] = R"($ORIGIN exp.example.
$TTL 900
@        3600 IN SOA ns1.exp.example. hostmaster.exp.example. 1 3600 600 604800 300
@             IN NS  ns1.exp.example.
)";

constexpr char kVbr[] = R"($ORIGIN vouch.example.
$TTL 900
@        3600 IN SOA ns1.vouch.example. hostmaster.vouch.example. 1 3600 600 604800 300
@             IN NS  ns1.vouch.example.
)";

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The DNS name of a key in `zone`: reversed octets or nibbles, or the domain itself.
std::string owner_of(const std::string& key, const std::string& zone) {
  const auto p = dnswire::IpPrefix::parse(key);
  return (p ? dnswire::reversed_labels(*p) : key) + "." + zone + ".";
}

class ListingApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() {
    start_suite({{"dnsbl-ip4", kBl},
                 {"dnsbl-ip6", kBl6},
                 {"dnsbl-domain", kDbl},
                 {"dnsbl-ip4", kPages},
                 {"dnsbl-ip4", kExp},
                 {"vbr", kVbr}});
  }

  static std::string path(const std::string& zone, const std::string& key) {
    return "/api/v1/zones/" + zone + "/listings/" + key;
  }
  static HttpReply put(const std::string& zone, const std::string& key, const json& body,
                       const std::string& token = certifier_) {
    return http(server_->http_port(), "PUT", path(zone, key), token, body.dump());
  }
  static HttpReply put_raw(const std::string& zone, const std::string& key,
                           const std::string& body) {
    return http(server_->http_port(), "PUT", path(zone, key), certifier_, body);
  }
  static HttpReply get(const std::string& zone, const std::string& key,
                       const std::string& token = viewer_) {
    return http(server_->http_port(), "GET", path(zone, key), token);
  }
  static HttpReply del(const std::string& zone, const std::string& key,
                       const std::string& token = certifier_) {
    return http(server_->http_port(), "DELETE", path(zone, key), token);
  }
  static HttpReply list(const std::string& zone, const std::string& query,
                        const std::string& token = viewer_) {
    return http(server_->http_port(), "GET", "/api/v1/zones/" + zone + "/listings" + query, token);
  }

  static Reply ask(const std::string& name, RRType type) {
    return testing::parse_reply(
        testing::udp_exchange(server_->dns_port(), testing::query(name, type)));
  }
  // The A answers for `key` in `zone`, sorted and space-separated, or "NXDOMAIN".
  static std::string codes_served(const std::string& key, const std::string& zone) {
    return a_codes(server_->dns_port(), owner_of(key, zone));
  }
  // The TXT character-strings served for `key`.
  static std::vector<std::string> txt_served(const std::string& key, const std::string& zone) {
    const Reply r = ask(owner_of(key, zone), RRType::Txt);
    EXPECT_TRUE(r.ok());
    if (!r.ok() || r.msg().answers.size() != 1) return {};
    return dnswire::txt_strings(r.msg().answers[0].rdata);
  }
  static std::uint32_t dns_serial(const std::string& zone) {
    const Reply r = ask(zone + ".", RRType::Soa);
    EXPECT_TRUE(r.ok());
    for (const dnswire::Record& rr : r.ok() ? r.msg().answers : std::vector<dnswire::Record>{}) {
      if (rr.type != RRType::Soa) continue;
      const auto t = testing::tokens_of(
          dnswire::record_to_text(rr.owner, rr.ttl, rr.rclass, rr.type, rr.rdata));
      return static_cast<std::uint32_t>(std::stoul(t.at(6)));
    }
    ADD_FAILURE() << "no SOA for " << zone;
    return 0;
  }
};

const json kSpam = {{"codes", {"127.0.0.2"}}};

// ---------------------------------------------------------------------------------------------
// Round trips

TEST_F(ListingApi, Ipv4AddressRoundTripChangesDnsAtOnce) {
  const std::int64_t expires = unix_now() + 86400;
  const HttpReply created = put("bl.example", "192.0.2.10",
                                {{"codes", {"127.0.0.4", "127.0.0.2"}},
                                 {"txt", "spam source"},
                                 {"ttl", 600},
                                 {"expires", expires}});
  ASSERT_EQ(created.status, 201) << created;
  const json want = {{"zone", "bl.example."},
                     {"key", "192.0.2.10"},
                     {"policy", "list"},
                     {"codes", {"127.0.0.4", "127.0.0.2"}},
                     {"txt", "spam source"},
                     {"ttl", 600},
                     {"expires", expires},
                     {"source", "manual"},
                     {"serial", created.j()["serial"]}};
  EXPECT_EQ(created.j(), want) << created;
  EXPECT_EQ(codes_served("192.0.2.10", "bl.example"), "127.0.0.2 127.0.0.4");
  EXPECT_EQ(txt_served("192.0.2.10", "bl.example"), std::vector<std::string>{"spam source"});
  const Reply a = ask(owner_of("192.0.2.10", "bl.example"), RRType::A);
  ASSERT_TRUE(a.ok());
  ASSERT_FALSE(a.msg().answers.empty());
  EXPECT_EQ(a.msg().answers[0].ttl, 600u);

  const HttpReply got = get("bl.example", "192.0.2.10");
  ASSERT_EQ(got.status, 200) << got;
  EXPECT_EQ(got.j()["codes"], want["codes"]);
  EXPECT_EQ(got.j()["expires"], expires);

  const HttpReply replaced = put("bl.example", "192.0.2.10", {{"codes", {"127.0.0.3"}}});
  ASSERT_EQ(replaced.status, 200) << replaced;
  // The zone's default TTL: import takes the SOA's TTL when given none.
  EXPECT_EQ(replaced.j()["ttl"], 3600) << replaced;
  EXPECT_EQ(replaced.j()["txt"], nullptr);
  EXPECT_EQ(replaced.j()["expires"], nullptr);
  EXPECT_EQ(codes_served("192.0.2.10", "bl.example"), "127.0.0.3");

  const HttpReply gone = del("bl.example", "192.0.2.10");
  ASSERT_EQ(gone.status, 200) << gone;
  EXPECT_EQ(codes_served("192.0.2.10", "bl.example"), "NXDOMAIN");
  EXPECT_TRUE(IsError(get("bl.example", "192.0.2.10"), 404, "not_found", "key"));
  EXPECT_TRUE(IsError(del("bl.example", "192.0.2.10"), 404, "not_found", "key"));
}

TEST_F(ListingApi, CidrKeyTakesLiteralOrEscapedSlash) {
  const HttpReply created = put("bl.example", "198.51.100.0/24", kSpam);
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(created.j()["key"], "198.51.100.0/24");
  EXPECT_EQ(codes_served("198.51.100.1", "bl.example"), "127.0.0.2");
  EXPECT_EQ(codes_served("198.51.100.255", "bl.example"), "127.0.0.2");
  EXPECT_EQ(codes_served("198.51.101.1", "bl.example"), "NXDOMAIN");
  const HttpReply escaped = get("bl.example", "198.51.100.0%2F24");
  ASSERT_EQ(escaped.status, 200) << escaped;
  EXPECT_EQ(escaped.j()["key"], "198.51.100.0/24");
  EXPECT_EQ(put("bl.example", "198.51.100.0%2f24", kSpam).status, 200);
  ASSERT_EQ(del("bl.example", "198.51.100.0%2F24").status, 200);
  EXPECT_EQ(codes_served("198.51.100.1", "bl.example"), "NXDOMAIN");
}

TEST_F(ListingApi, Ipv6PrefixAndAddressRoundTrip) {
  const HttpReply prefix =
      put("bl6.example", "2001:DB8::/48", {{"codes", {"127.0.0.2"}}, {"txt", "v6 range"}});
  ASSERT_EQ(prefix.status, 201) << prefix;
  EXPECT_EQ(prefix.j()["key"], "2001:db8::/48");
  EXPECT_EQ(codes_served("2001:db8:0:ffff::1", "bl6.example"), "127.0.0.2");
  EXPECT_EQ(txt_served("2001:db8::1", "bl6.example"), std::vector<std::string>{"v6 range"});
  EXPECT_EQ(codes_served("2001:db8:1::1", "bl6.example"), "NXDOMAIN");
  const HttpReply host = put("bl6.example", "2001:db8:0:1::5", {{"codes", {"127.0.0.3"}}});
  ASSERT_EQ(host.status, 201) << host;
  EXPECT_EQ(codes_served("2001:db8:0:1::5", "bl6.example"), "127.0.0.3");  // most specific
  EXPECT_EQ(get("bl6.example", "2001:db8::%2F48").j()["txt"], "v6 range");
  ASSERT_EQ(del("bl6.example", "2001:db8::/48").status, 200);
  EXPECT_EQ(codes_served("2001:db8::1", "bl6.example"), "NXDOMAIN");
  EXPECT_EQ(codes_served("2001:db8:0:1::5", "bl6.example"), "127.0.0.3");
}

TEST_F(ListingApi, DomainRoundTripWithIdnKey) {
  const HttpReply ascii =
      put("dbl.example", "Bad.Example", {{"codes", {"127.0.1.2"}}, {"txt", "spam domain"}});
  ASSERT_EQ(ascii.status, 201) << ascii;
  EXPECT_EQ(ascii.j()["key"], "bad.example");
  EXPECT_EQ(codes_served("bad.example", "dbl.example"), "127.0.1.2");
  EXPECT_EQ(txt_served("bad.example", "dbl.example"), std::vector<std::string>{"spam domain"});
  // "bücher.example" as UTF-8, percent-encoded in the path.
  const HttpReply idn = put("dbl.example", "b%C3%BCcher.example", kSpam);
  ASSERT_EQ(idn.status, 201) << idn;
  EXPECT_EQ(idn.j()["key"], "xn--bcher-kva.example");
  EXPECT_EQ(codes_served("xn--bcher-kva.example", "dbl.example"), "127.0.0.2");
  EXPECT_EQ(get("dbl.example", "xn--bcher-kva.example").status, 200);
  ASSERT_EQ(del("dbl.example", "bad.example").status, 200);
  EXPECT_EQ(codes_served("bad.example", "dbl.example"), "NXDOMAIN");
}

TEST_F(ListingApi, LongTxtIsSplitIntoStringsOf255Octets) {
  const std::string text(600, 'x');
  ASSERT_EQ(put("bl.example", "192.0.2.20", {{"codes", {"127.0.0.2"}}, {"txt", text}}).status, 201);
  const std::vector<std::string> strings = txt_served("192.0.2.20", "bl.example");
  ASSERT_EQ(strings.size(), 3u);
  EXPECT_EQ(strings[0].size(), 255u);
  EXPECT_EQ(strings[1].size(), 255u);
  EXPECT_EQ(strings[2].size(), 90u);
  EXPECT_EQ(get("bl.example", "192.0.2.20").j()["txt"], text);
}

// ---------------------------------------------------------------------------------------------
// Allow entries

TEST_F(ListingApi, AllowInsideListedPrefixIsNxDomainWhileNeighboursStayListed) {
  ASSERT_EQ(put("bl.example", "10.1.2.0/24", kSpam).status, 201);
  ASSERT_EQ(codes_served("10.1.2.7", "bl.example"), "127.0.0.2");
  const HttpReply allowed = put("bl.example", "10.1.2.7", {{"policy", "allow"}});
  ASSERT_EQ(allowed.status, 201) << allowed;
  EXPECT_EQ(allowed.j()["policy"], "allow");
  EXPECT_EQ(allowed.j()["codes"], json::array());
  EXPECT_EQ(allowed.j()["txt"], nullptr);
  EXPECT_EQ(allowed.j()["ttl"], nullptr);
  EXPECT_EQ(codes_served("10.1.2.7", "bl.example"), "NXDOMAIN");
  EXPECT_EQ(codes_served("10.1.2.6", "bl.example"), "127.0.0.2");
  EXPECT_EQ(codes_served("10.1.2.8", "bl.example"), "127.0.0.2");
  EXPECT_EQ(get("bl.example", "10.1.2.7").j()["policy"], "allow");
  ASSERT_EQ(del("bl.example", "10.1.2.7").status, 200);
  EXPECT_EQ(codes_served("10.1.2.7", "bl.example"), "127.0.0.2");
}

TEST_F(ListingApi, AllowedPrefixBeatsImportedAndMoreSpecificListings) {
  ASSERT_EQ(codes_served("203.0.113.5", "bl.example"), "127.0.0.2");  // imported
  ASSERT_EQ(put("bl.example", "203.0.113.200", {{"codes", {"127.0.0.9"}}}).status, 201);
  ASSERT_EQ(put("bl.example", "203.0.113.128/25", {{"policy", "allow"}}).status, 201);
  EXPECT_EQ(codes_served("203.0.113.200", "bl.example"), "NXDOMAIN") << "allow beats a /32";
  EXPECT_EQ(codes_served("203.0.113.129", "bl.example"), "NXDOMAIN");
  EXPECT_EQ(codes_served("203.0.113.5", "bl.example"), "127.0.0.2");
  // Turning the allow entry into a listing brings the /32 back and lists the /25.
  ASSERT_EQ(put("bl.example", "203.0.113.128/25", {{"codes", {"127.0.0.5"}}}).status, 200);
  EXPECT_EQ(codes_served("203.0.113.200", "bl.example"), "127.0.0.9");
  EXPECT_EQ(codes_served("203.0.113.129", "bl.example"), "127.0.0.5");
  ASSERT_EQ(del("bl.example", "203.0.113.128/25").status, 200);
  ASSERT_EQ(del("bl.example", "203.0.113.200").status, 200);
  EXPECT_EQ(codes_served("203.0.113.200", "bl.example"), "127.0.0.2");
}

TEST_F(ListingApi, AllowedDomainIsNotListed) {
  ASSERT_EQ(put("dbl.example", "mixed.example", kSpam).status, 201);
  ASSERT_EQ(codes_served("mixed.example", "dbl.example"), "127.0.0.2");
  const HttpReply allowed = put("dbl.example", "mixed.example", {{"policy", "allow"}});
  ASSERT_EQ(allowed.status, 200) << allowed;
  EXPECT_EQ(codes_served("mixed.example", "dbl.example"), "NXDOMAIN");
  ASSERT_EQ(put("dbl.example", "mixed.example", kSpam).status, 200);
  EXPECT_EQ(codes_served("mixed.example", "dbl.example"), "127.0.0.2");
}

TEST_F(ListingApi, AllowDoesNotHideTheRfc5782TestPoint) {
  ASSERT_EQ(put("bl.example", "127.0.0.0/8", {{"policy", "allow"}}).status, 201);
  EXPECT_EQ(codes_served("127.0.0.2", "bl.example"), "127.0.0.2");  // RFC 5782 §5: MUST
  ASSERT_EQ(del("bl.example", "127.0.0.0/8").status, 200);
}

// ---------------------------------------------------------------------------------------------
// Rejections, roles

TEST_F(ListingApi, EveryRejectionNamesItsField) {
  const std::uint32_t serial = dns_serial("bl.example");
  struct Case {
    std::string zone, key, body;
    int status;
    std::string code, field;
  };
  const std::string future = std::to_string(unix_now() + 3600);
  const std::vector<Case> cases{
      {"bl.example", "192.0.2.1%2F24", kSpam.dump(), 400, "invalid_field", "key"},
      {"bl.example", "192.0.2.1/24", kSpam.dump(), 400, "invalid_field", "key"},
      {"bl.example", "192.0.2.0/33", kSpam.dump(), 400, "invalid_field", "key"},
      {"bl.example", "not-an-address", kSpam.dump(), 400, "invalid_field", "key"},
      {"dbl.example", "192.0.2.1", kSpam.dump(), 400, "invalid_field", "key"},
      {"dbl.example", "bad..example", kSpam.dump(), 400, "invalid_field", "key"},
      {"vouch.example", "192.0.2.1", kSpam.dump(), 400, "invalid_field", "zone"},
      {"nowhere.example", "192.0.2.1", kSpam.dump(), 404, "not_found", "zone"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"colour":1})", 400, "unknown_field",
       "colour"},
      {"bl.example", "192.0.2.1", "{}", 400, "invalid_field", "codes"},
      {"bl.example", "192.0.2.1", R"({"codes":[]})", 400, "invalid_field", "codes"},
      {"bl.example", "192.0.2.1", R"({"codes":"127.0.0.2"})", 400, "invalid_field", "codes"},
      {"bl.example", "192.0.2.1", R"({"codes":["10.0.0.1"]})", 400, "invalid_field", "codes[0]"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2","::1"]})", 400, "invalid_field",
       "codes[1]"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2","127.0.0.2"]})", 400, "invalid_field",
       "codes[1]"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"txt":""})", 400, "invalid_field",
       "txt"},
      {"bl.example", "192.0.2.1",
       R"({"codes":["127.0.0.2"],"txt":")" + std::string(1025, 'x') + R"("})", 400, "invalid_field",
       "txt"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"ttl":-1})", 400, "invalid_field",
       "ttl"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"ttl":2147483648})", 400,
       "invalid_field", "ttl"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"ttl":"60"})", 400, "invalid_field",
       "ttl"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"expires":1000})", 400, "invalid_field",
       "expires"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"expires":)" + future + "000}", 400,
       "invalid_field", "expires"},
      {"bl.example", "192.0.2.1", R"({"codes":["127.0.0.2"],"policy":"deny"})", 400,
       "invalid_field", "policy"},
      {"bl.example", "192.0.2.1", R"({"policy":"allow","codes":["127.0.0.2"]})", 400,
       "invalid_field", "codes"},
      {"bl.example", "192.0.2.1", R"({"policy":"allow","txt":"why"})", 400, "invalid_field", "txt"},
      {"bl.example", "192.0.2.1", R"({"policy":"allow","ttl":60})", 400, "invalid_field", "ttl"},
      {"bl.example", "192.0.2.1", "[1]", 400, "invalid_json", ""},
      {"bl.example", "192.0.2.1", "{", 400, "invalid_json", ""},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(put_raw(c.zone, c.key, c.body), c.status, c.code, c.field))
        << c.zone << " " << c.key << " " << c.body.substr(0, 80);
  }
  EXPECT_TRUE(IsError(get("bl.example", "192.0.2.1/24"), 400, "invalid_field", "key"));
  EXPECT_TRUE(IsError(del("dbl.example", "2001:db8::1"), 400, "invalid_field", "key"));
  EXPECT_EQ(dns_serial("bl.example"), serial) << "a refused write changed the zone";
  EXPECT_TRUE(IsError(get("bl.example", "192.0.2.1"), 404, "not_found", "key"));
}

TEST_F(ListingApi, RolesGuardReadsAndWrites) {
  EXPECT_TRUE(IsError(put("bl.example", "192.0.2.30", kSpam, viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(put("bl.example", "192.0.2.30", kSpam, reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(put("bl.example", "192.0.2.30", kSpam, ""), 401, "unauthorized"));
  EXPECT_EQ(codes_served("192.0.2.30", "bl.example"), "NXDOMAIN");
  ASSERT_EQ(put("bl.example", "192.0.2.30", kSpam, admin_).status, 201);
  EXPECT_TRUE(IsError(get("bl.example", "192.0.2.30", reporter_), 403, "forbidden"));
  EXPECT_TRUE(IsError(list("bl.example", "", reporter_), 403, "forbidden"));
  EXPECT_EQ(get("bl.example", "192.0.2.30", viewer_).status, 200);
  EXPECT_EQ(get("bl.example", "192.0.2.30", certifier_).status, 200);
  EXPECT_EQ(list("bl.example", "", viewer_).status, 200);
  EXPECT_TRUE(IsError(del("bl.example", "192.0.2.30", viewer_), 403, "forbidden"));
  EXPECT_EQ(codes_served("192.0.2.30", "bl.example"), "127.0.0.2");
  EXPECT_EQ(del("bl.example", "192.0.2.30", certifier_).status, 200);
}

// ---------------------------------------------------------------------------------------------
// Pages, serials, expiry

TEST_F(ListingApi, KeysetPagesVisitEveryListingOnce) {
  const std::vector<std::string> keys{"10.0.0.0/8", "192.0.2.1",   "2001:db8::/32", "192.0.2.0/24",
                                      "10.9.9.9",   "203.0.113.7", "172.16.0.0/12"};
  for (const std::string& k : keys) {
    ASSERT_EQ(put("pages.example", k, kSpam).status, 201) << k;
  }
  ASSERT_EQ(put("pages.example", "172.16.5.0/24", {{"policy", "allow"}}).status, 201);
  std::vector<std::string> seen;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    const HttpReply r = list("pages.example", "?limit=3" + cursor);
    ASSERT_EQ(r.status, 200) << r;
    ASSERT_TRUE(r.j()["items"].is_array()) << r;
    EXPECT_LE(r.j()["items"].size(), 3u);
    for (const json& item : r.j()["items"])
      seen.push_back(item["key"]);
    if (r.j()["next_cursor"].is_null()) break;
    const std::string next = r.j()["next_cursor"];
    EXPECT_EQ(next, seen.back());
    std::string escaped;
    for (const char c : next)
      escaped += c == '/' ? std::string{"%2F"} : std::string{c};
    cursor = "&cursor=" + escaped;
  }
  // Address bytes, then length: 0x0a (10/8, 10.9.9.9) < 0x20 (2001:db8::/32) < 0xac (172.16/12,
  // 172.16.5/24, an allow entry) < 0xc0 (192.0.2/24, 192.0.2.1) < 0xcb (203.0.113.7).
  const std::vector<std::string> want{"10.0.0.0/8",    "10.9.9.9",      "2001:db8::/32",
                                      "172.16.0.0/12", "172.16.5.0/24", "192.0.2.0/24",
                                      "192.0.2.1",     "203.0.113.7"};
  EXPECT_EQ(seen, want);
  EXPECT_TRUE(IsError(list("pages.example", "?limit=0"), 400, "invalid_field", "limit"));
  EXPECT_TRUE(
      IsError(list("pages.example", "?cursor=bad.example"), 400, "invalid_field", "cursor"));
  EXPECT_TRUE(IsError(list("vouch.example", ""), 400, "invalid_field", "zone"));
}

TEST_F(ListingApi, SerialRisesAfterEveryWriteAndDnsServesIt) {
  std::uint32_t last = dns_serial("bl.example");
  const std::vector<std::pair<std::string, HttpReply (*)()>> writes{
      {"create", [] { return put("bl.example", "192.0.2.40", kSpam); }},
      {"replace",
       [] {
         return put("bl.example", "192.0.2.40", {{"codes", {"127.0.0.3"}}});
       }},
      {"allow",
       [] {
         return put("bl.example", "192.0.2.40", {{"policy", "allow"}});
       }},
      {"hole",
       [] {
         return put("bl.example", "192.0.2.41", {{"policy", "allow"}});
       }},
      {"delete", [] { return del("bl.example", "192.0.2.40"); }},
      {"delete hole", [] { return del("bl.example", "192.0.2.41"); }},
  };
  for (const auto& [what, write] : writes) {
    const HttpReply r = write();
    ASSERT_TRUE(r.status == 200 || r.status == 201) << what << r;
    const std::uint32_t serial = r.j()["serial"];
    EXPECT_TRUE(serial_after(serial, last)) << what << ": " << serial << " after " << last;
    EXPECT_EQ(dns_serial("bl.example"), serial) << what;
    last = serial;
  }
}

TEST_F(ListingApi, ExpiryIsStoredAndReturned) {
  const std::int64_t expires = unix_now() + 7 * 86400;
  ASSERT_EQ(
      put("exp.example", "198.18.0.0/15", {{"codes", {"127.0.0.2"}}, {"expires", expires}}).status,
      201);
  EXPECT_EQ(get("exp.example", "198.18.0.0/15").j()["expires"], expires);
  const HttpReply page = list("exp.example", "?limit=1");
  ASSERT_EQ(page.status, 200) << page;
  ASSERT_EQ(page.j()["items"].size(), 1u) << page;
  EXPECT_EQ(page.j()["items"][0]["key"], "198.18.0.0/15");
  EXPECT_EQ(page.j()["items"][0]["expires"], expires);
  const HttpReply cleared =
      put("exp.example", "198.18.0.0/15", {{"codes", {"127.0.0.2"}}, {"expires", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared;
  EXPECT_EQ(get("exp.example", "198.18.0.0/15").j()["expires"], nullptr);
  const HttpReply allow =
      put("exp.example", "198.18.0.0/15", {{"policy", "allow"}, {"expires", expires}});
  EXPECT_EQ(allow.j()["expires"], expires) << allow;
  EXPECT_EQ(get("exp.example", "198.18.0.0/15").j()["expires"], expires);
}

}  // namespace
}  // namespace vouchd::integration
