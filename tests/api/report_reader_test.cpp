// The one report reader of the API and `vouchd ingest`: media by Content-Type and by content,
// batches split into items (mailbox, JSON lines, zip), reports read into what the store keeps.
#include "vouchd/api/report_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace vouchd::api {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::string{VOUCHD_TEST_DATA} + "/ingest/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReportReaderTest, MediaFromContentType) {
  EXPECT_EQ(report_media("message/rfc822"), ReportMedia::Arf);
  EXPECT_EQ(report_media("Application/XML; charset=utf-8"), ReportMedia::Dmarc);
  EXPECT_EQ(report_media("application/json"), ReportMedia::Event);
  EXPECT_EQ(report_media("text/plain"), std::nullopt);
  EXPECT_EQ(batch_media("application/mbox"), BatchMedia::Mbox);
  EXPECT_EQ(batch_media("application/x-ndjson ; charset=utf-8"), BatchMedia::Ndjson);
  EXPECT_EQ(batch_media("application/zip"), BatchMedia::Zip);
  EXPECT_EQ(batch_media("application/json"), std::nullopt);
}

TEST(ReportReaderTest, MediaFromContent) {
  EXPECT_EQ(sniff_report(sample("arf-abuse.eml")), ReportMedia::Arf);
  EXPECT_EQ(sniff_report(sample("dmarc-sample.xml")), ReportMedia::Dmarc);
  EXPECT_EQ(sniff_report(sample("dmarc-sample.xml.gz")), ReportMedia::Dmarc);
  EXPECT_EQ(sniff_report(sample("dmarc-sample.zip")), ReportMedia::Dmarc);
  EXPECT_EQ(sniff_report("\n  {\"type\":\"complaint\"}"), ReportMedia::Event);
  EXPECT_EQ(sniff_report("just some text\n"), std::nullopt);
  EXPECT_EQ(sniff_report(": no name\n"), std::nullopt);
  EXPECT_EQ(sniff_batch("x", "From a Thu Jan  1 00:00:00 2024\n"), BatchMedia::Mbox);
  EXPECT_EQ(sniff_batch("x.zip", sample("batch-mixed.zip")), BatchMedia::Zip);
  EXPECT_EQ(sniff_batch("feed.jsonl", "{}"), BatchMedia::Ndjson);
  EXPECT_EQ(sniff_batch("feed", "{\"a\":1}\r\n{\"b\":2}\r\n"), BatchMedia::Ndjson);
  EXPECT_EQ(sniff_batch("event.json", "{\n  \"type\": \"complaint\"\n}\n"), std::nullopt)
      << "one object over several lines is one event";
  EXPECT_EQ(sniff_batch("report.eml", sample("arf-abuse.eml")), std::nullopt);
}

TEST(ReportReaderTest, JsonLinesSkipEmptyLinesAndKeepLineNumbers) {
  const auto items = split_batch(BatchMedia::Ndjson, "{\"a\":1}\n\n  \n{\"b\":2}\r\n");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2U);
  EXPECT_EQ((*items)[0].line, 1U);
  EXPECT_EQ((*items)[1].line, 4U);
  EXPECT_EQ((*items)[1].bytes, "{\"b\":2}") << "CR dropped";
  EXPECT_EQ((*items)[1].media, ReportMedia::Event);
  const auto none = split_batch(BatchMedia::Ndjson, "\n\n");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "invalid_batch");
}

TEST(ReportReaderTest, MailboxMustOpenWithFrom) {
  const auto bad = split_batch(BatchMedia::Mbox, sample("arf-abuse.eml"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 400);
  const auto good =
      split_batch(BatchMedia::Mbox, "From a Sat Jun  1 00:00:00 2024\n" + sample("arf-abuse.eml"));
  ASSERT_TRUE(good);
  ASSERT_EQ(good->size(), 1U);
  EXPECT_EQ((*good)[0].delivered, 1717200000);
  EXPECT_EQ((*good)[0].media, ReportMedia::Arf);
}

TEST(ReportReaderTest, ZipItemsAreJudgedOneByOne) {
  const auto items = split_batch(BatchMedia::Zip, sample("batch-mixed.zip"));
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 6U);
  EXPECT_EQ((*items)[0].media, ReportMedia::Dmarc);
  EXPECT_EQ((*items)[2].media, ReportMedia::Arf);
  ASSERT_TRUE((*items)[4].refused);
  EXPECT_EQ((*items)[4].refused->code, "invalid_report") << "an archive inside an archive";
  ASSERT_TRUE((*items)[5].refused);
  EXPECT_EQ((*items)[5].refused->status, 415);
  EXPECT_EQ((*items)[5].name, "notes.txt");
  const auto not_zip = split_batch(BatchMedia::Zip, "hello");
  ASSERT_FALSE(not_zip);
  EXPECT_EQ(not_zip.error().status, 415);
}

TEST(ReportReaderTest, ReportsCarryDigestDedupKeyAndEvidence) {
  const std::string arf = sample("arf-abuse.eml");
  const auto r = read_report(ReportMedia::Arf, arf, 7, 1717200000);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->reporter, 7);
  EXPECT_EQ(r->format, store::ReportFormat::Arf);
  EXPECT_TRUE(r->dedup_key.starts_with("arf:"));
  EXPECT_EQ(r->raw, arf);
  EXPECT_EQ(r->evidence.size(), 3U);
  const auto dmarc = read_report(ReportMedia::Dmarc, sample("dmarc-sample.xml.gz"), 7, 0);
  ASSERT_TRUE(dmarc);
  EXPECT_EQ(dmarc->dedup_key, "dmarc:receiver.example!rcv-2024-06-01-0001");
  const std::string event = R"({"type":"trap_hit","at":1717200000,"ip":"192.0.2.1","id":"e1"})";
  const auto mine = read_report(ReportMedia::Event, event, 7, 0);
  const auto theirs = read_report(ReportMedia::Event, event, 8, 0);
  ASSERT_TRUE(mine && theirs);
  EXPECT_NE(mine->digest, theirs->digest) << "an event belongs to its reporter's feed";
  EXPECT_EQ(mine->dedup_key, "event:7!e1");
  const auto bad = read_report(ReportMedia::Event, R"({"type":"x","at":1})", 7, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "type");
  const auto not_dmarc = read_report(ReportMedia::Dmarc, "%PDF", 7, 0);
  ASSERT_FALSE(not_dmarc);
  EXPECT_EQ(not_dmarc.error().status, 415);
}

}  // namespace
}  // namespace vouchd::api
