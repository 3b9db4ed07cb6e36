// Feedback reports in the store: many in one transaction, deduplicated against the stored ones and
// within the batch, evidence kept per newly stored report only, and nothing stored when one fails.
#include <gtest/gtest.h>

#include <array>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

class ReportStoreTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    std::array<std::uint8_t, 32> hash{};
    hash[0] = 1;
    reporter_ = ok(store_->create_token(hash, TokenRole::Reporter, "fbl", std::nullopt, cli_, kT0));
  }

  NewReport report(std::uint8_t digest, std::string dedup_key, std::size_t evidence) const {
    NewReport r;
    r.reporter = reporter_;
    r.format = ReportFormat::Event;
    r.digest[0] = digest;
    r.dedup_key = std::move(dedup_key);
    r.raw = "raw " + std::to_string(digest);
    for (std::size_t i = 0; i < evidence; ++i)
      r.evidence.push_back({1717200000, "complaint", "address", "192.0.2." + std::to_string(i), 1});
    return r;
  }

  std::size_t evidence_rows() {
    std::size_t n = 0;
    EXPECT_TRUE(store_->for_each_evidence([&](std::int64_t, const EvidenceRow&) { ++n; }));
    return n;
  }

  std::int64_t reporter_ = 0;
};

TEST_F(ReportStoreTest, ABatchIsDeduplicatedWithinItselfAndAgainstTheStore) {
  const std::vector<NewReport> first{report(1, "k1", 2), report(2, "", 100), report(1, "", 5),
                                     report(3, "k1", 5)};
  const auto a = ok(store_->add_reports(first, kT0));
  ASSERT_EQ(a.size(), 4U);
  EXPECT_FALSE(a[0].duplicate);
  EXPECT_FALSE(a[1].duplicate);
  EXPECT_TRUE(a[2].duplicate) << "same digest as item 0";
  EXPECT_EQ(a[2].id, a[0].id);
  EXPECT_TRUE(a[3].duplicate) << "same dedup key as item 0";
  EXPECT_EQ(a[3].id, a[0].id);
  EXPECT_EQ(evidence_rows(), 102U)
      << "100 rows go through full 64-row statements and a partial one";
  const std::vector<NewReport> second{report(2, "", 1), report(4, "k4", 1)};
  const auto b = ok(store_->add_reports(second, kT0));
  ASSERT_EQ(b.size(), 2U);
  EXPECT_TRUE(b[0].duplicate);
  EXPECT_EQ(b[0].id, a[1].id);
  EXPECT_FALSE(b[1].duplicate);
  EXPECT_EQ(evidence_rows(), 103U);
  const StoredReport single = ok(store_->add_report(report(4, "", 1), kT0));
  EXPECT_TRUE(single.duplicate);
  EXPECT_EQ(single.id, b[1].id);
}

TEST_F(ReportStoreTest, OneFailingReportStoresNone) {
  NewReport orphan = report(9, "", 1);
  orphan.reporter = reporter_ + 100;  // no such token: the foreign key fails
  const std::vector<NewReport> batch{report(7, "", 3), orphan};
  EXPECT_FALSE(store_->add_reports(batch, kT0).has_value());
  EXPECT_EQ(evidence_rows(), 0U);
  const auto again = ok(store_->add_reports(std::vector<NewReport>{report(7, "", 3)}, kT0));
  ASSERT_EQ(again.size(), 1U);
  EXPECT_FALSE(again[0].duplicate) << "the failed batch left nothing behind";
}

}  // namespace
}  // namespace vouchd::store
