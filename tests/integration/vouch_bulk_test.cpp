// Bulk vouch import and export over real HTTP, checked over DNS: JSON lines and CSV in, one
// transaction and one serial per import, every refused line reported with nothing applied, and
// exports that import back unchanged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;

constexpr char kZone[] = "bulk.example";
constexpr char kBulkZone[] = R"($ORIGIN bulk.example.
@   3600 IN SOA ns1.bulk.example. hostmaster.bulk.example. 1 3600 600 604800 300
@        IN NS  ns1.bulk.example.
ns1      IN A   192.0.2.53
kept.example._vouch  IN TXT "all"
)";

class VouchBulk : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite({{"vbr", kBulkZone}}); }

  static HttpReply import(const std::string& body, const std::string& type,
                          const std::string& token = certifier_) {
    return http(port(), "POST", std::string{"/api/v1/zones/"} + kZone + "/vouches:import", token,
                body, type);
  }
  static HttpReply exported(const std::string& format, const std::string& token = viewer_) {
    return http(server_->http_port(), "GET",
                std::string{"/api/v1/zones/"} + kZone + "/vouches:export?format=" + format, token);
  }
  // The one TXT string served for `domain`, or "NXDOMAIN".
  static std::string served(const std::string& domain) {
    const auto r = testing::parse_reply(testing::udp_exchange(
        server_->dns_port(), testing::query(domain + "._vouch." + kZone + ".", RRType::Txt)));
    if (!r.ok()) return "(no reply)";
    if (r.rcode() == static_cast<std::uint16_t>(dnswire::RCode::NxDomain)) return "NXDOMAIN";
    if (r.msg().answers.size() != 1) return "(unexpected) " + testing::describe(r);
    const auto strings = dnswire::txt_strings(r.msg().answers[0].rdata);
    return strings.size() == 1 ? strings[0] : "(unexpected) " + testing::describe(r);
  }
  static std::uint32_t serial() {
    const HttpReply r =
        http(server_->http_port(), "GET",
             std::string{"/api/v1/zones/"} + kZone + "/vouches/kept.example", viewer_);
    EXPECT_EQ(r.status, 200) << r;
    return r.j().value("serial", 0U);
  }
};

TEST_F(VouchBulk, JsonLinesApplyInOneSerialAndReachDns) {
  const std::uint32_t before = serial();
  const std::string body =
      "{\"domain\":\"one.example\",\"categories\":[\"transaction\"]}\n"
      "\n"
      "{\"domain\":\"Two.Example\",\"categories\":[\"list\",\"all\"],\"ttl\":60,\"note\":\"n\"}\r\n"
      "{\"domain\":\"kept.example\",\"categories\":[\"list\"],\"suspended\":false}\n";
  const HttpReply r = import(body, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["count"], 3);
  EXPECT_EQ(r.j()["created"], 2);
  EXPECT_EQ(r.j()["updated"], 1);
  const std::uint32_t after = r.j()["serial"].get<std::uint32_t>();
  EXPECT_TRUE(serial_after(after, before)) << before << " -> " << after;
  EXPECT_EQ(serial(), after) << "one serial for the whole import";
  EXPECT_EQ(served("one.example"), "transaction");
  EXPECT_EQ(served("two.example"), "list all");
  EXPECT_EQ(served("kept.example"), "list");
}

TEST_F(VouchBulk, BadLinesAreAllReportedAndNothingApplied) {
  const std::uint32_t before = serial();
  const std::string body =
      "{\"domain\":\"good.example\",\"categories\":[\"all\"]}\n"
      "{\"domain\":\"bad.example\",\"categories\":[\"ALL\"]}\n"
      "not json\n"
      "{\"domain\":\"good.example\",\"categories\":[\"list\"]}\n"
      "{\"domain\":\"x.example\",\"categories\":[\"all\"],\"colour\":1}\n";
  const HttpReply r = import(body, "application/x-ndjson");
  ASSERT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.j()["error"]["code"], "invalid_lines") << r;
  EXPECT_EQ(r.j()["error"]["field"], "line 2: categories[0]") << r;
  const json& lines = r.j()["lines"];
  ASSERT_EQ(lines.size(), 4U) << r;
  EXPECT_EQ(lines[0]["line"], 2);
  EXPECT_EQ(lines[1]["line"], 3);
  EXPECT_EQ(lines[1]["code"], "invalid_json");
  EXPECT_EQ(lines[2]["line"], 4);
  EXPECT_EQ(lines[2]["code"], "duplicate");
  EXPECT_EQ(lines[3]["line"], 5);
  EXPECT_EQ(lines[3]["field"], "colour");
  EXPECT_EQ(served("good.example"), "NXDOMAIN") << "a refused import applies nothing";
  EXPECT_EQ(serial(), before);
}

TEST_F(VouchBulk, CsvWithQuotedCellsAndHeaderInAnyOrder) {
  const std::string body =
      "categories,domain,note,ttl\r\n"
      "transaction list,csv-a.example,\"billing, \"\"main\"\"\nsecond line\",120\r\n"
      "all,csv-b.example,,\r\n";
  const HttpReply r = import(body, "text/csv; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["count"], 2);
  EXPECT_EQ(served("csv-a.example"), "transaction list");
  EXPECT_EQ(served("csv-b.example"), "all");
  const HttpReply got =
      http(server_->http_port(), "GET",
           std::string{"/api/v1/zones/"} + kZone + "/vouches/csv-a.example", viewer_);
  EXPECT_EQ(got.j()["note"], "billing, \"main\"\nsecond line") << got;
  EXPECT_EQ(got.j()["ttl"], 120) << got;

  const HttpReply bad = import("domain,categories,colour\nz.example,all,red\n", "text/csv");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.j()["lines"][0]["field"], "colour") << bad;
  const HttpReply open_quote = import("domain,categories\n\"z.example,all\n", "text/csv");
  EXPECT_EQ(open_quote.j()["lines"][0]["code"], "invalid_csv") << open_quote;
}

TEST_F(VouchBulk, ExportImportsBackUnchanged) {
  ASSERT_EQ(import("{\"domain\":\"exp.example\",\"categories\":[\"list\"],\"note\":\"a,b\","
                   "\"expires\":4102444800,\"suspended\":true}\n",
                   "application/x-ndjson")
                .status,
            200);
  for (const std::string format : {"jsonl", "csv"}) {
    const HttpReply first = exported(format);
    ASSERT_EQ(first.status, 200) << first;
    EXPECT_NE(first.body.find("exp.example"), std::string::npos) << first;
    const std::string type = format == "csv" ? "text/csv" : "application/x-ndjson";
    EXPECT_EQ(first.content_type, type);
    const HttpReply again = import(first.body, type);
    ASSERT_EQ(again.status, 200) << again;
    EXPECT_EQ(again.j()["created"], 0) << "every exported vouch exists already";
    EXPECT_EQ(exported(format).body, first.body) << "re-importing an export changes nothing";
  }
  EXPECT_EQ(served("exp.example"), "NXDOMAIN") << "suspended vouches stay unserved";
}

TEST_F(VouchBulk, LargeImportIsAllowedPastTheSingleBodyLimit) {
  std::string body;
  const std::string note(200, 'n');
  for (int i = 0; i < 6000; ++i) {
    body += "{\"domain\":\"big" + std::to_string(i) +
            ".example\",\"categories\":[\"list\"],"
            "\"note\":\"" +
            note + "\"}\n";
  }
  ASSERT_GT(body.size(), std::size_t{1} << 20);
  const HttpReply r = import(body, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["count"], 6000);
  EXPECT_EQ(served("big5999.example"), "list");
}

TEST_F(VouchBulk, RolesAndMediaTypes) {
  const std::string line = "{\"domain\":\"r.example\",\"categories\":[\"all\"]}\n";
  EXPECT_TRUE(IsError(import(line, "application/x-ndjson", viewer_), 403, "forbidden"));
  EXPECT_TRUE(
      IsError(import(line, "application/json"), 415, "unsupported_media_type", "Content-Type"));
  EXPECT_TRUE(IsError(import("", "application/x-ndjson"), 400, "invalid_field", "body"));
  EXPECT_TRUE(IsError(exported("xml"), 400, "invalid_field", "format"));
  EXPECT_TRUE(IsError(exported("jsonl", ""), 401, "unauthorized"));
}

}  // namespace
}  // namespace vouchd::integration
