// Mailboxes (RFC 4155, mboxrd quoting): messages split on "From " lines after an empty line,
// ">From " unquoted once, CRLF kept, separator dates read.
#include "vouchd/ingest/mbox.h"

#include <gtest/gtest.h>

#include "samples.h"

namespace vouchd::ingest {
namespace {

TEST(MboxTest, SplitsOnFromLinesAfterAnEmptyLine) {
  const std::string box =
      "From a@example Thu Jan  1 00:00:00 2024\n"
      "Subject: one\n"
      "\n"
      "body one\n"
      "\n"
      "From b@example Fri Jan  2 10:20:30 2024\n"
      "Subject: two\n"
      "\n"
      "body two\n";
  const auto m = split_mbox(box);
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[0].text, "Subject: one\n\nbody one\n") << "the empty line before From is the box's";
  EXPECT_EQ(m[0].separator, "From a@example Thu Jan  1 00:00:00 2024");
  EXPECT_EQ(m[0].line, 1U);
  EXPECT_EQ(m[1].text, "Subject: two\n\nbody two\n");
  EXPECT_EQ(m[1].line, 6U);
}

TEST(MboxTest, QuotedFromLinesLoseOneMark) {
  const std::string box =
      "From a@example Thu Jan  1 00:00:00 2024\n"
      "Subject: q\n"
      "\n"
      ">From the start\n"
      ">>From deeper\n"
      "> From not quoting\n";
  const auto m = split_mbox(box);
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].text, "Subject: q\n\nFrom the start\n>From deeper\n> From not quoting\n");
}

TEST(MboxTest, FromInsideAParagraphIsBodyText) {
  const std::string box =
      "From a@example Thu Jan  1 00:00:00 2024\n"
      "Subject: q\n"
      "\n"
      "a line\n"
      "From here on it is body\n";
  const auto m = split_mbox(box);
  ASSERT_EQ(m.size(), 1U);
  EXPECT_NE(m[0].text.find("From here on it is body\n"), std::string::npos);
}

TEST(MboxTest, CrLfMessagesKeepTheirLineEnds) {
  const std::string box =
      "From a@example Thu Jan  1 00:00:00 2024\r\n"
      "Subject: one\r\n"
      "\r\n"
      "x\r\n"
      "\r\n"
      "From b@example Thu Jan  1 00:00:00 2024\r\n"
      "Subject: two\r\n";
  const auto m = split_mbox(box);
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[0].text, "Subject: one\r\n\r\nx\r\n");
  EXPECT_EQ(m[0].separator, "From a@example Thu Jan  1 00:00:00 2024");
  EXPECT_EQ(m[1].text, "Subject: two\r\n");
}

TEST(MboxTest, OnlyABoxOpeningWithFromIsAMailbox) {
  EXPECT_TRUE(is_mbox("From x Thu Jan  1 00:00:00 2024\n"));
  EXPECT_FALSE(is_mbox("Subject: x\n\nFrom y\n"));
  EXPECT_FALSE(is_mbox(""));
  EXPECT_TRUE(split_mbox("Subject: no separator\n").empty());
  EXPECT_TRUE(split_mbox("").empty());
}

TEST(MboxTest, ArfReportsSurviveARoundTripThroughAMailbox) {
  const std::string arf = sample("arf-abuse.eml");
  const std::string box = "From fbl@example Sat Jun  1 00:00:00 2024\n" + arf + "\n" +
                          "From fbl@example Sat Jun  1 00:00:01 2024\n" + arf;
  const auto m = split_mbox(box);
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[0].text, arf);
  EXPECT_EQ(m[1].text, arf);
}

TEST(MboxTest, SeparatorDatesAreAsctimeInUtc) {
  EXPECT_EQ(mbox_separator_time("From a@example Thu Jan  1 00:00:00 1970"), 0);
  EXPECT_EQ(mbox_separator_time("From MAILER-DAEMON Sat Jun  1 00:00:00 2024"), 1717200000);
  EXPECT_EQ(mbox_separator_time("From a@example Sat Jun 01 00:00:10 2024 +0000"), 1717200010);
  EXPECT_EQ(mbox_separator_time("From a@example"), std::nullopt);
  EXPECT_EQ(mbox_separator_time("From a@example Sat Jux  1 00:00:00 2024"), std::nullopt);
  EXPECT_EQ(mbox_separator_time("From a@example Sat Jun  1 24:00:00 2024"), std::nullopt);
  EXPECT_EQ(mbox_separator_time("Subject: x"), std::nullopt);
}

}  // namespace
}  // namespace vouchd::ingest
