// Zip archives of reports: every file entry read, each refused on its own (nested archive, past
// the caps), the whole archive refused only when it does not open.
#include "vouchd/ingest/zip_entries.h"

#include <gtest/gtest.h>

#include "samples.h"

namespace vouchd::ingest {
namespace {

using Code = DmarcError::Code;

TEST(ZipEntriesTest, ReadsEveryFileInOrder) {
  const auto entries = zip_entries(sample("batch-mixed.zip"), 1 << 20, 16 << 20);
  ASSERT_TRUE(entries) << entries.error().message;
  std::vector<std::string> names;
  for (const ZipEntry& e : *entries)
    names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a/dmarc-sample.xml", "a/dmarc-sample.xml.gz",
                                             "arf-abuse.eml", "dmarc-other.xml", "nested.zip",
                                             "notes.txt"}))
      << "the directory entry a/ is skipped";
  EXPECT_EQ((*entries)[0].bytes, sample("dmarc-sample.xml"));
  EXPECT_EQ((*entries)[1].bytes, sample("dmarc-sample.xml.gz")) << "gzip entries stay packed";
  EXPECT_FALSE((*entries)[2].error);
  ASSERT_TRUE((*entries)[4].error);
  EXPECT_EQ((*entries)[4].error->code, Code::Hostile);
  EXPECT_TRUE((*entries)[4].bytes.empty());
}

TEST(ZipEntriesTest, EntriesPastTheCapsAreRefusedOneByOne) {
  const std::string zip = sample("batch-mixed.zip");
  const auto small = zip_entries(zip, 1000, 16 << 20);
  ASSERT_TRUE(small);
  EXPECT_TRUE((*small)[0].error) << "dmarc-sample.xml is over 1000 bytes";
  EXPECT_EQ((*small)[0].error->code, Code::TooLarge);
  EXPECT_FALSE((*small)[1].error) << "the gzip entry is under 1000 bytes";
  const std::size_t first = sample("dmarc-sample.xml").size();
  const auto total = zip_entries(zip, 1 << 20, first + 10);
  ASSERT_TRUE(total);
  EXPECT_FALSE((*total)[0].error);
  ASSERT_TRUE((*total)[2].error) << "the entries before it used up the total";
  EXPECT_EQ((*total)[2].error->code, Code::TooLarge);
}

TEST(ZipEntriesTest, NotAZipIsRefusedWhole) {
  EXPECT_FALSE(zip_entries("PK\x03\x04 but nothing else", 1 << 20, 1 << 20));
  EXPECT_FALSE(zip_entries(sample("dmarc-sample.xml"), 1 << 20, 1 << 20));
}

}  // namespace
}  // namespace vouchd::ingest
