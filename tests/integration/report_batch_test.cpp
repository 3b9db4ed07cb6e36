// POST /api/v1/reports:batch over real HTTP: a mailbox, JSON lines or a zip, each item accepted
// or refused on its own; duplicates within a batch and across batches name the original; the
// batch as a whole is refused for a wrong media type, a broken container or a wrong role, with
// nothing stored (checked in the SQLite file with the sqlite3 command); an acknowledged batch
// survives kill -9.
#include <gtest/gtest.h>

#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

// The ARF sample as report number `n` of `tag` (its own Message-ID and source address).
std::string arf(const std::string& tag, int n) {
  std::string text = ingest_sample("arf-abuse.eml");
  const std::string id = "<arf-0001@mbp.example>";
  text.replace(text.find(id), id.size(), "<" + tag + "-" + std::to_string(n) + "@mbp.example>");
  const std::string ip = "Source-IP: 192.0.2.25";
  text.replace(text.find(ip), ip.size(), "Source-IP: 198.51.100." + std::to_string(n % 250));
  return text;
}

std::string mbox_of(const std::vector<std::string>& messages) {
  std::string out;
  for (const std::string& m : messages)
    out += "From fbl@mbp.example Sat Jun  1 12:00:00 2024\n" + m + "\n";
  return out;
}

std::string event(const std::string& id, const std::string& ip = "203.0.113.9") {
  return R"({"type":"complaint","at":1717200000,"ip":")" + ip + R"(","id":")" + id + "\"}";
}

class ReportBatch : public ApiSuite {
 protected:
  static void SetUpTestSuite() { start_suite(); }
  static HttpReply send(const std::string& body, const std::string& type,
                        const std::string& token = reporter_) {
    return http(port(), "POST", "/api/v1/reports:batch", token, body, type);
  }
  static std::string count(const std::string& where = "1") {
    return sql_value(server_->db(), "SELECT count(*) FROM reports WHERE " + where);
  }
};

TEST_F(ReportBatch, ZipItemsAreAcceptedOrRefusedOneByOne) {
  const HttpReply r = send(ingest_sample("batch-mixed.zip"), "application/zip");
  ASSERT_EQ(r.status, 200) << r;
  const json& j = r.j();
  EXPECT_EQ(j["items"], 6);
  EXPECT_EQ(j["accepted"], 3) << "two DMARC reports and the ARF message";
  EXPECT_EQ(j["duplicates"], 1) << "the .xml.gz is the .xml's report";
  ASSERT_EQ(j["ids"].size(), 6U) << r;
  EXPECT_EQ(j["ids"][1], j["ids"][0]);
  EXPECT_TRUE(j["ids"][4].is_null());
  EXPECT_TRUE(j["ids"][5].is_null());
  ASSERT_EQ(j["refused"].size(), 2U) << r;
  EXPECT_EQ(j["refused"][0]["index"], 4);
  EXPECT_EQ(j["refused"][0]["name"], "nested.zip");
  EXPECT_EQ(j["refused"][0]["code"], "invalid_report");
  EXPECT_EQ(j["refused"][1]["name"], "notes.txt");
  EXPECT_EQ(j["refused"][1]["code"], "unsupported_media_type");
  EXPECT_EQ(count("format = 'dmarc'"), "2");
  const std::string ids = j["ids"][0].dump() + "," + j["ids"][2].dump() + "," + j["ids"][3].dump();
  EXPECT_EQ(
      sql_value(server_->db(), "SELECT count(*) FROM evidence WHERE report_id IN (" + ids + ")"),
      std::to_string(j["evidence"].get<int>()));
  const HttpReply again = send(ingest_sample("batch-mixed.zip"), "application/zip");
  ASSERT_EQ(again.status, 200) << again;
  EXPECT_EQ(again.j()["accepted"], 0);
  EXPECT_EQ(again.j()["duplicates"], 4);
  EXPECT_EQ(again.j()["ids"], j["ids"]) << "every duplicate names the original";
}

TEST_F(ReportBatch, MailboxOfArfMessages) {
  std::string broken = arf("mbox", 99);
  broken.replace(broken.find("Feedback-Type: abuse\r\n"), 22, "");
  const std::string box =
      mbox_of({arf("mbox", 1), arf("mbox", 2), broken, arf("mbox", 1), arf("mbox", 3)});
  const std::string before = count();
  const HttpReply r = send(box, "application/mbox");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["items"], 5);
  EXPECT_EQ(r.j()["accepted"], 3) << r;
  EXPECT_EQ(r.j()["duplicates"], 1);
  ASSERT_EQ(r.j()["refused"].size(), 1U) << r;
  EXPECT_EQ(r.j()["refused"][0]["index"], 2);
  EXPECT_EQ(r.j()["refused"][0]["code"], "invalid_report");
  EXPECT_GT(r.j()["refused"][0]["line"].get<int>(), 1);
  EXPECT_NE(r.j()["refused"][0]["message"].get<std::string>().find("Feedback-Type"),
            std::string::npos);
  EXPECT_EQ(r.j()["ids"][3], r.j()["ids"][0]);
  EXPECT_EQ(std::stoi(count()), std::stoi(before) + 3);
  EXPECT_EQ(count("dedup_key = 'arf:mbox-2@mbp.example'"), "1");
}

TEST_F(ReportBatch, JsonLinesOfEvents) {
  const std::string lines = event("nd-1") + "\n\n" + event("nd-2", "300.1.1.1") + "\r\n" +
                            event("nd-3") + "\n" + event("nd-1") + "\n";
  const HttpReply r = send(lines, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["items"], 4);
  EXPECT_EQ(r.j()["accepted"], 2);
  EXPECT_EQ(r.j()["duplicates"], 1);
  ASSERT_EQ(r.j()["refused"].size(), 1U);
  EXPECT_EQ(r.j()["refused"][0]["index"], 1);
  EXPECT_EQ(r.j()["refused"][0]["line"], 3) << "empty lines count as lines";
  EXPECT_EQ(r.j()["refused"][0]["code"], "invalid_field");
  EXPECT_EQ(r.j()["refused"][0]["field"], "ip");
  // Across batches: the same events again are duplicates of the first batch's.
  const HttpReply again = send(event("nd-3") + "\n" + event("nd-4") + "\n", "application/x-ndjson");
  EXPECT_EQ(again.j()["accepted"], 1) << again;
  EXPECT_EQ(again.j()["duplicates"], 1);
  EXPECT_EQ(again.j()["ids"][0], r.j()["ids"][2]);
}

TEST_F(ReportBatch, WholeBatchRefusalsStoreNothing) {
  const std::string before = count();
  EXPECT_TRUE(IsError(send(event("x-1"), "application/json"), 415, "unsupported_media_type",
                      "Content-Type"));
  EXPECT_TRUE(IsError(send(arf("x", 1), "application/mbox"), 400, "invalid_batch", "body"));
  EXPECT_TRUE(IsError(send("not a zip", "application/zip"), 415, "unsupported_media_type", "body"));
  EXPECT_TRUE(IsError(send("\n\n", "application/x-ndjson"), 400, "invalid_batch", "body"));
  EXPECT_TRUE(IsError(send("", "application/x-ndjson"), 400, "invalid_batch", "body"));
  EXPECT_TRUE(IsError(send(event("x-2"), "application/x-ndjson", viewer_), 403, "forbidden"));
  EXPECT_TRUE(IsError(send(event("x-3"), "application/x-ndjson", certifier_), 403, "forbidden"));
  EXPECT_TRUE(IsError(send(event("x-4"), "application/x-ndjson", ""), 401, "unauthorized"));
  EXPECT_EQ(count(), before);
  const HttpReply admin = send(event("x-5"), "application/x-ndjson", admin_);
  EXPECT_EQ(admin.status, 200) << admin;
  EXPECT_EQ(admin.j()["accepted"], 1);
}

TEST_F(ReportBatch, BatchesTakeTheBulkBodyLimit) {
  std::string lines;
  for (int i = 0; lines.size() < (5u << 18); ++i)  // 1.25 MiB: over the 1 MiB of other routes
    lines += event("big-" + std::to_string(i), "192.0.2." + std::to_string(i % 250)) + "\n";
  const HttpReply r = send(lines, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.j()["refused"].size(), 0U);
  EXPECT_EQ(r.j()["accepted"].get<std::size_t>(), r.j()["items"].get<std::size_t>());
  EXPECT_EQ(count("dedup_key LIKE 'event:%!big-%'"), r.j()["items"].dump());
}

TEST(ReportBatchDurability, AcknowledgedBatchSurvivesKillNine) {
  testing::VouchdServer server;
  server.init();
  const std::string token = make_token(server.db(), "reporter");
  server.start({"--http", "127.0.0.1:0"});
  std::string lines;
  for (int i = 0; i < 500; ++i)
    lines += event("k9-" + std::to_string(i)) + "\n";
  const HttpReply first = http(server.http_port(), "POST", "/api/v1/reports:batch", token, lines,
                               "application/x-ndjson");
  ASSERT_EQ(first.status, 200) << first;
  ASSERT_EQ(first.j()["accepted"], 500);
  server.kill9();
  server.start({"--http", "127.0.0.1:0"});
  EXPECT_EQ(sql_value(server.db(), "SELECT count(*) FROM reports"), "500");
  EXPECT_EQ(sql_value(server.db(), "SELECT count(*) FROM evidence"), "500");
  const HttpReply again = http(server.http_port(), "POST", "/api/v1/reports:batch", token, lines,
                               "application/x-ndjson");
  EXPECT_EQ(again.j()["duplicates"], 500) << again;
  EXPECT_EQ(again.j()["ids"], first.j()["ids"]);
}

}  // namespace
}  // namespace vouchd::integration
