// The RFC 4180 CSV reader behind bulk imports: quoting, line endings, blank lines, and the line
// numbers of its errors.
#include "csv.h"

#include <gtest/gtest.h>

namespace vouchd::api {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, PlainRecordsWithEitherLineEnding) {
  const auto r = parse_csv("a,b,c\r\nd,,f\ng,h,i");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3U);
  EXPECT_EQ((*r)[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ((*r)[1].fields, (Fields{"d", "", "f"}));
  EXPECT_EQ((*r)[2].fields, (Fields{"g", "h", "i"}));
  EXPECT_EQ((*r)[2].line, 3U);
}

TEST(Csv, QuotedFieldsHoldCommasBreaksAndQuotes) {
  const auto r = parse_csv("\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\"\n");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2U);
  EXPECT_EQ((*r)[0].fields, (Fields{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ((*r)[1].line, 3U) << "a break inside quotes still counts as a line";
  EXPECT_EQ((*r)[1].fields, (Fields{"next", ""}));
}

TEST(Csv, BlankLinesAndTrailingCommas) {
  const auto r = parse_csv("\n\r\na,\n\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1U);
  EXPECT_EQ((*r)[0].line, 3U);
  EXPECT_EQ((*r)[0].fields, (Fields{"a", ""}));
  EXPECT_TRUE(parse_csv("")->empty());
}

TEST(Csv, ErrorsNameTheirLine) {
  const auto open = parse_csv("a\nb\n\"never closed\n");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().line, 3U);
  const auto after = parse_csv("a\n\"q\"x,b\n");
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().line, 2U);
  const auto bare = parse_csv("a\"b\n");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().line, 1U);
}

TEST(Csv, QuotingRoundTrips) {
  for (const std::string s : {"plain", "a,b", "say \"x\"", "two\nlines", "", "cr\r\n"}) {
    const auto r = parse_csv(csv_field(s) + ",end\n");
    ASSERT_TRUE(r) << s;
    ASSERT_EQ(r->size(), 1U) << s;
    EXPECT_EQ((*r)[0].fields, (Fields{s, "end"})) << s;
  }
}

}  // namespace
}  // namespace vouchd::api
