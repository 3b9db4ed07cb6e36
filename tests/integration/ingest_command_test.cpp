// `vouchd ingest` on a backfill folder: a maildir, a mailbox, DMARC reports in every packaging and
// JSON lines; counts checked in the SQLite file with the sqlite3 command; a second run finds
// everything a duplicate; a refused item makes exit status 1 with the rest stored; usage errors
// (unknown token, wrong role) are exit status 2 with a clear message.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

namespace fs = std::filesystem;

std::string arf(int n) {
  std::string text = ingest_sample("arf-abuse.eml");
  const std::string id = "<arf-0001@mbp.example>";
  text.replace(text.find(id), id.size(), "<cli-" + std::to_string(n) + "@mbp.example>");
  return text;
}

class IngestCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_vouchd({"init", "--db", db_}).exit_code, 0);
    make_token(db_, "reporter");
    make_token(db_, "viewer");
    reporter_id_ = sql_value(db_, "SELECT id FROM tokens WHERE role = 'reporter'");
    viewer_id_ = sql_value(db_, "SELECT id FROM tokens WHERE role = 'viewer'");
    ASSERT_FALSE(reporter_id_.empty());
    // A maildir: cur/ and new/ are read, tmp/ (deliveries in progress) and the top are not.
    const fs::path root = dir_.path() / "backfill";
    for (const char* sub : {"fbl/cur", "fbl/new", "fbl/tmp", "dmarc/2024"})
      fs::create_directories(root / sub);
    write_file(dir_, "backfill/fbl/cur/1.host:2,S", arf(1));
    write_file(dir_, "backfill/fbl/cur/2.host:2,S", arf(2));
    write_file(dir_, "backfill/fbl/new/3.host", arf(3));
    write_file(dir_, "backfill/fbl/tmp/4.host", arf(4));
    write_file(dir_, "backfill/fbl/dovecot-uidlist", "3 V1 N4\n");
    // A mailbox of three messages, one repeated from the maildir.
    std::string box;
    for (const int n : {5, 6, 1})
      box += "From fbl@mbp.example Sat Jun  1 12:00:00 2024\n" + arf(n) + "\n";
    write_file(dir_, "backfill/fbl.mbox", box);
    // DMARC: one report in three packagings (one stored, two duplicates) and a zip of others.
    write_file(dir_, "backfill/dmarc/2024/a.xml", ingest_sample("dmarc-sample.xml"));
    write_file(dir_, "backfill/dmarc/2024/a.xml.gz", ingest_sample("dmarc-sample.xml.gz"));
    write_file(dir_, "backfill/dmarc/2024/a", ingest_sample("dmarc-sample.zip"));
    write_file(dir_, "backfill/events.jsonl",
               R"({"type":"trap_hit","at":1717200000,"ip":"192.0.2.77","id":"t1"})"
               "\n"
               R"({"type":"trap_hit","at":1717200000,"ip":"192.0.2.78","id":"t2"})"
               "\n");
  }

  CommandResult ingest(const std::vector<std::string>& paths, const std::string& token = "") {
    std::vector<std::string> args = {"ingest", "--db", db_, "--reporter",
                                     token.empty() ? reporter_id_ : token};
    args.insert(args.end(), paths.begin(), paths.end());
    return run_vouchd(args);
  }
  std::string count(const std::string& where = "1") {
    return sql_value(db_, "SELECT count(*) FROM reports WHERE " + where);
  }

  testing::TempDir dir_;
  std::string db_ = dir_.file("vouchd.db");
  std::string reporter_id_;
  std::string viewer_id_;
};

TEST_F(IngestCommand, BackfillsAFolderAndFindsDuplicatesTheSecondTime) {
  const CommandResult first = ingest({dir_.file("backfill")});
  EXPECT_EQ(first.exit_code, 0) << first.out;
  // 3 maildir + 2 new mailbox messages, 1 DMARC report, 2 events.
  EXPECT_EQ(count("format = 'arf'"), "5") << first.out;
  EXPECT_EQ(count("format = 'dmarc'"), "1");
  EXPECT_EQ(count("format = 'event'"), "2");
  EXPECT_EQ(count("dedup_key = 'arf:cli-4@mbp.example'"), "0") << "tmp/ is not read";
  EXPECT_EQ(count("dedup_key = 'arf:cli-3@mbp.example'"), "1") << "new/ is read";
  EXPECT_EQ(sql_value(db_, "SELECT count(DISTINCT reporter) FROM evidence"), "1");
  EXPECT_NE(first.out.find("8 stored, 3 duplicates, 0 refused"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("ingest: 8/8 files"), std::string::npos)
      << "a progress line when standard error is not a terminal\n"
      << first.out;
  const std::string evidence = sql_value(db_, "SELECT count(*) FROM evidence");
  EXPECT_NE(first.out.find("evidence  " + evidence + " rows"), std::string::npos) << first.out;

  const CommandResult second = ingest({dir_.file("backfill")});
  EXPECT_EQ(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find("0 stored, 11 duplicates, 0 refused"), std::string::npos) << second.out;
  EXPECT_EQ(count(), "8");
  EXPECT_EQ(sql_value(db_, "SELECT count(*) FROM evidence"), evidence);
}

TEST_F(IngestCommand, RefusedItemsGiveExitOneAndTheRestIsStored) {
  std::string broken = arf(9);
  broken.replace(broken.find("Feedback-Type: abuse\r\n"), 22, "");
  write_file(dir_, "backfill/fbl/new/9.host", broken);
  write_file(dir_, "backfill/notes.txt", "nothing to see\n");
  const CommandResult r = ingest({dir_.file("backfill")});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(count(), "8") << "the good reports are stored";
  EXPECT_NE(r.out.find("2 refused"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("refused   " + dir_.file("backfill/fbl/new/9.host") + ": "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Feedback-Type"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("backfill/notes.txt: neither"), std::string::npos) << r.out;
}

TEST_F(IngestCommand, SingleFilesAndMailboxItemsAreNamed) {
  std::string box = "From a Sat Jun  1 12:00:00 2024\n" + arf(20) + "\n" +
                    "From a Sat Jun  1 12:00:00 2024\nSubject: not a report\n\nhello\n";
  const std::string path = write_file(dir_, "one.mbox", box);
  const CommandResult r = ingest({path, dir_.file("backfill/dmarc/2024/a.xml")});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("refused   " + path + ":1 (line "), std::string::npos) << r.out;
  EXPECT_EQ(count(), "2");
}

TEST_F(IngestCommand, UsageErrorsAreExitTwo) {
  const CommandResult viewer = ingest({dir_.file("backfill")}, viewer_id_);
  EXPECT_EQ(viewer.exit_code, 2) << viewer.out;
  EXPECT_NE(viewer.out.find("role is viewer, not reporter or admin"), std::string::npos)
      << viewer.out;
  const CommandResult unknown = ingest({dir_.file("backfill")}, "999");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("--reporter 999: no such token"), std::string::npos) << unknown.out;
  const CommandResult missing = ingest({dir_.file("nowhere")});
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_NE(missing.out.find("nowhere: no such file or directory"), std::string::npos)
      << missing.out;
  const CommandResult no_db = run_vouchd(
      {"ingest", "--db", dir_.file("none.db"), "--reporter", "1", dir_.file("backfill")});
  EXPECT_EQ(no_db.exit_code, 2) << no_db.out;
  EXPECT_EQ(count(), "0");
}

}  // namespace
}  // namespace vouchd::integration
