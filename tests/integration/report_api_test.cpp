// POST /api/v1/reports over real HTTP: ARF, DMARC (plain, gzip, zip) and JSON events accepted
// with 202 and their evidence counted; the same report from another reporter is a duplicate
// naming the original; malformed or hostile input is refused with 4xx and nothing is stored
// (checked in the SQLite file with the sqlite3 command); an acknowledged report survives kill -9.
#include <gtest/gtest.h>

#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

HttpReply post(std::uint16_t port, const std::string& token, const std::string& body,
               const std::string& type) {
  return http(port, "POST", "/api/v1/reports", token, body, type);
}

class ReportApi : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }
  static HttpReply send(const std::string& body, const std::string& type,
                        const std::string& token = reporter_) {
    return post(port(), token, body, type);
  }
  static std::string count(const std::string& table) {
    return sql_value(server_->db(), "SELECT count(*) FROM " + table);
  }
};

TEST_F(ReportApi, ArfIsStoredOnceWhoeverSendsIt) {
  const std::string arf = ingest_sample("arf-abuse.eml");
  const HttpReply first = send(arf, "message/rfc822");
  ASSERT_EQ(first.status, 202) << first;
  EXPECT_EQ(first.j()["duplicate"], false);
  EXPECT_EQ(first.j()["evidence"], 3) << "source IP, DKIM domain, SPF domain";
  const auto second_reporter = token_create(server_->db(), "reporter", "second-fbl");
  ASSERT_EQ(second_reporter.exit_code, 0);
  std::string token = second_reporter.out;
  token.pop_back();
  const HttpReply again = send(arf, "message/rfc822", token);
  ASSERT_EQ(again.status, 202) << again;
  EXPECT_EQ(again.j()["duplicate"], true);
  EXPECT_EQ(again.j()["id"], first.j()["id"]) << "a duplicate names the original";
  // The same report re-sent with LF line ends: other bytes, same Message-ID.
  std::string lf;
  for (const char c : arf) {
    if (c != '\r') lf += c;
  }
  const HttpReply relayed = send(lf, "message/rfc822");
  EXPECT_EQ(relayed.j()["duplicate"], true) << relayed;
  const std::string id = std::to_string(first.j()["id"].get<std::int64_t>());
  EXPECT_EQ(sql_value(server_->db(), "SELECT count(*) FROM evidence WHERE report_id = " + id), "3");
  EXPECT_EQ(sql_value(server_->db(), "SELECT key FROM evidence WHERE report_id = " + id +
                                         " AND identity = 'address'"),
            "192.0.2.25");
}

TEST_F(ReportApi, DmarcInEveryPackaging) {
  for (const auto& [file, type] :
       std::vector<std::pair<std::string, std::string>>{{"dmarc-sample.xml", "application/xml"},
                                                        {"dmarc-sample.xml.gz", "application/gzip"},
                                                        {"dmarc-sample.zip", "application/zip"}}) {
    const HttpReply r = send(ingest_sample(file), type);
    ASSERT_EQ(r.status, 202) << file << r;
    EXPECT_EQ(r.j()["evidence"].get<int>() + (r.j()["duplicate"] == true ? 3 : 0), 3) << file;
  }
  EXPECT_EQ(sql_value(server_->db(), "SELECT count(*) FROM reports WHERE format = 'dmarc'"), "1")
      << "one report whatever its packaging";
  EXPECT_EQ(sql_value(server_->db(),
                      "SELECT sum(count) FROM evidence WHERE kind = 'delivered' AND "
                      "identity = 'domain' AND key = 'sender.example'"),
            "1200")
      << "only the aligned messages count for the domain";
}

TEST_F(ReportApi, BadInputIsRefusedAndNothingStored) {
  const std::string reports = count("reports");
  const std::string evidence = count("evidence");
  EXPECT_TRUE(IsError(send("hello", "text/plain"), 415, "unsupported_media_type", "Content-Type"));
  EXPECT_TRUE(IsError(send("%PDF-1.4", "application/zip"), 415, "unsupported_media_type", "body"));
  EXPECT_TRUE(IsError(send(ingest_sample("dmarc-nested.zip"), "application/zip"), 400, "invalid_report",
                      "body"));
  EXPECT_TRUE(IsError(send(ingest_sample("dmarc-bad-crc.xml.gz"), "application/gzip"), 400,
                      "invalid_report", "body"));
  const std::string doctype = "<!DOCTYPE feedback [<!ENTITY x \"y\">]><feedback/>";
  EXPECT_TRUE(IsError(send(doctype, "application/xml"), 400, "invalid_report", "body"));
  std::string arf = ingest_sample("arf-abuse.eml");
  arf.replace(arf.find("Feedback-Type: abuse\r\n"), 22, "");
  const HttpReply no_type = send(arf, "message/rfc822");
  EXPECT_TRUE(IsError(no_type, 400, "invalid_report", "body"));
  EXPECT_NE(no_type.j()["error"]["message"].get<std::string>().find("Feedback-Type"),
            std::string::npos)
      << no_type;
  EXPECT_TRUE(
      IsError(send(R"({"type":"complaint","at":1717200000,"ip":"300.1.2.3"})", "application/json"),
              400, "invalid_field", "ip"));
  EXPECT_TRUE(IsError(send("", "application/json"), 400, "invalid_report", "body"));
  EXPECT_EQ(count("reports"), reports);
  EXPECT_EQ(count("evidence"), evidence);
}

TEST_F(ReportApi, OnlyReportersAndAdminsIngest) {
  const std::string event = R"({"type":"trap_hit","at":1717200000,"ip":"198.51.100.7","id":"r-1"})";
  EXPECT_TRUE(IsError(send(event, "application/json", viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(send(event, "application/json", certifier_), 403, "forbidden"));
  EXPECT_TRUE(IsError(send(event, "application/json", ""), 401, "unauthorized"));
  EXPECT_EQ(send(event, "application/json", admin_).status, 202);
  // The reporters' own feeds: event ids are theirs, so the same id from another token is new.
  const HttpReply mine = send(event, "application/json");
  EXPECT_EQ(mine.status, 202) << mine;
  EXPECT_EQ(mine.j()["duplicate"], false) << mine;
  EXPECT_EQ(send(event, "application/json").j()["duplicate"], true);
}

// The engine's view of an identity built from the stored evidence: totals match the reports'
// own numbers, IPv6 folds into the /64, the day of the report is its own date.
TEST_F(ReportApi, ReputationSummarisesTheEvidence) {
  ASSERT_EQ(send(ingest_sample("dmarc-sample.xml"), "application/xml").status, 202);
  ASSERT_EQ(send(ingest_sample("arf-auth-failure.eml"), "message/rfc822").status, 202);
  const HttpReply ip = http(port(), "GET", "/api/v1/reputation/192.0.2.25", viewer_);
  ASSERT_EQ(ip.status, 200) << ip;
  EXPECT_EQ(ip.j()["identity"]["kind"], "ipv4");
  EXPECT_EQ(ip.j()["totals"]["delivered"], 1200) << ip;
  EXPECT_EQ(ip.j()["score"]["listed"], false) << ip;
  ASSERT_FALSE(ip.j()["daily"].empty());
  EXPECT_EQ(ip.j()["daily"][0]["day"], 1717200000) << "dated by the report's own range";
  const HttpReply v6 = http(port(), "GET", "/api/v1/reputation/2001:db8::25", viewer_);
  ASSERT_EQ(v6.status, 200) << v6;
  EXPECT_EQ(v6.j()["identity"]["key"], "2001:db8::/64");
  EXPECT_EQ(v6.j()["totals"]["delivered"], 3);
  const HttpReply domain = http(port(), "GET", "/api/v1/reputation/Sender.Example", viewer_);
  ASSERT_EQ(domain.status, 200) << domain;
  EXPECT_EQ(domain.j()["totals"]["delivered"], 1200) << domain;
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/reputation/nobody.example", viewer_), 404,
                      "not_found", "identity"));
  EXPECT_TRUE(IsError(http(port(), "GET", "/api/v1/reputation/bad!name", viewer_), 400,
                      "invalid_field", "identity"));
  EXPECT_TRUE(
      IsError(http(port(), "GET", "/api/v1/reputation/192.0.2.25", reporter_), 403, "forbidden"));
}

TEST(ReportDurability, AcknowledgedReportSurvivesKillNine) {
  testing::VouchdServer server;
  server.init();
  const std::string token = make_token(server.db(), "reporter");
  server.start({"--http", "127.0.0.1:0"});
  const std::string event =
      R"({"type":"complaint","at":1717200000,"domain":"x.example","id":"k9"})";
  const HttpReply first = post(server.http_port(), token, event, "application/json");
  ASSERT_EQ(first.status, 202) << first;
  server.kill9();
  server.start({"--http", "127.0.0.1:0"});
  const HttpReply again = post(server.http_port(), token, event, "application/json");
  EXPECT_EQ(again.j()["duplicate"], true) << again;
  EXPECT_EQ(again.j()["id"], first.j()["id"]);
}

}  // namespace
}  // namespace vouchd::integration
