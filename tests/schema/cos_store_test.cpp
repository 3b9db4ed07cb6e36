// Tests of class-of-service zones in the store (design.md §11): the default class created,
// validated, read back, changed in one transaction with the SOA and audited; listings of all
// three key families in one zone; keys a cos zone could not serve refused; mixed keyset pages.
#include <gtest/gtest.h>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

class CosStoreTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    cos_ = make_zone(ZoneKind::Cos, "cos.example.");
  }
  Zone cos_;
};

TEST(CosKindTest, TextRoundTrips) {
  EXPECT_EQ(kind_to_text(ZoneKind::Cos), "cos");
  EXPECT_EQ(kind_from_text("cos"), ZoneKind::Cos);
}

TEST(CodedAnswerTest, BecomesARecordsAndOneSplitTxt) {
  const std::string long_text(300, 'x');
  const Answer a = to_answer(CodedAnswer{{0x7F000102, 0x7F000001}, long_text}, 60);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0], (AnswerRR{1, 60, {127, 0, 1, 2}}));
  EXPECT_EQ(a[1], (AnswerRR{1, 60, {127, 0, 0, 1}}));
  EXPECT_EQ(a[2].type, 16);
  ASSERT_EQ(a[2].rdata.size(), 302u);  // 255 and 45 octets, each after its length
  EXPECT_EQ(a[2].rdata[0], 255);
  EXPECT_EQ(a[2].rdata[256], 45);
  EXPECT_EQ(to_answer(CodedAnswer{{0x7F000001}, {}}, 60).size(), 1u);  // no TXT
}

TEST(CodedAnswerTest, ProblemsAreNamed) {
  EXPECT_EQ(coded_answer_problem(CodedAnswer{{0x7F000001}, "ok"}), "");
  EXPECT_NE(coded_answer_problem(CodedAnswer{{}, {}}), "");
  EXPECT_NE(coded_answer_problem(CodedAnswer{{0x0A000001}, {}}).find("127.0.0.0/8"),
            std::string::npos);
  EXPECT_NE(coded_answer_problem(CodedAnswer{{0x7F000001, 0x7F000001}, {}}).find("twice"),
            std::string::npos);
  EXPECT_NE(coded_answer_problem(CodedAnswer{{0x7F000001}, std::string(1025, 'x')}), "");
}

TEST_F(CosStoreTest, NewCosZoneGets127001WithoutTxt) {
  const Zone z = ok(store_->zone_by_id(cos_.id));
  EXPECT_EQ(z.kind, ZoneKind::Cos);
  ASSERT_TRUE(z.default_class.has_value());
  EXPECT_EQ(*z.default_class, (CodedAnswer{{0x7F000001}, {}}));
  EXPECT_EQ(ok(store_->zone_by_id(make_zone(ZoneKind::DnsblIp4, "bl.example.").id)).default_class,
            std::nullopt);
}

TEST_F(CosStoreTest, CreateKeepsAGivenClassAndRefusesOneOnOtherKinds) {
  Zone z = cos_;
  z.apex = dns_name("cos2.example.");
  z.default_class = CodedAnswer{{0x7F000002, 0x7F000101}, "unknown sender"};
  const Zone stored = ok(store_->create_zone(z, {}, admin_, kT0));
  const std::optional<Zone> read = store_->zone(dns_name("cos2.example."));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->default_class, z.default_class);
  EXPECT_EQ(stored.default_class, z.default_class);

  z.apex = dns_name("bl.example.");
  z.kind = ZoneKind::DnsblIp4;
  EXPECT_EQ(code_of(store_->create_zone(z, {}, admin_, kT0)), StoreError::Code::Invalid);
  z.kind = ZoneKind::Cos;
  z.default_class = CodedAnswer{{0x0A000001}, {}};
  EXPECT_EQ(code_of(store_->create_zone(z, {}, admin_, kT0)), StoreError::Code::Invalid);
  EXPECT_FALSE(store_->zone(dns_name("bl.example.")).has_value());
}

TEST_F(CosStoreTest, UpdateZoneChangesTheClassAndSoaAtOneSerial) {
  const CodedAnswer next{{0x7F000009}, "new default"};
  const Committed c =
      ok(store_->update_zone(cos_.id, std::nullopt, next, admin_, kT0 + seconds{10}));
  EXPECT_FALSE(c.journal_complete);  // no RR form: consumers rebuild
  EXPECT_TRUE(c.changes.empty());
  const Zone z = ok(store_->zone_by_id(cos_.id));
  EXPECT_EQ(z.default_class, next);
  EXPECT_EQ(z.soa.serial, c.serial);
  const auto audit = ok(store_->list_audit(action_filter("zone.default_class")));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].after.find("new default"), std::string::npos) << audit[0].after;

  Soa soa = z.soa;
  soa.refresh = 1234;
  const CodedAnswer both{{0x7F000003}, {}};
  const Committed c2 = ok(store_->update_zone(cos_.id, soa, both, admin_, kT0 + seconds{20}));
  EXPECT_EQ(c2.changes.size(), 2u);  // the SOA's del and add
  const Zone z2 = ok(store_->zone_by_id(cos_.id));
  EXPECT_EQ(z2.soa.refresh, 1234u);
  EXPECT_EQ(z2.default_class, both);
}

TEST_F(CosStoreTest, UpdateZoneRefusesAClassOnOtherKindsAndChangesNothing) {
  const Zone bl = make_zone(ZoneKind::DnsblIp4, "bl.example.");
  Soa soa = bl.soa;
  soa.refresh = 1;
  EXPECT_EQ(code_of(store_->update_zone(bl.id, soa, CodedAnswer{{0x7F000001}, {}}, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_NE(ok(store_->zone_by_id(bl.id)).soa.refresh, 1u);
  EXPECT_EQ(code_of(store_->update_zone(cos_.id, std::nullopt, CodedAnswer{{}, {}}, admin_, kT0)),
            StoreError::Code::Invalid);
}

TEST_F(CosStoreTest, TakesListingsOfAllThreeFamilies) {
  for (const ListingKey& key : {ListingKey{ip("192.0.2.0/24")}, ListingKey{ip("2001:db8::/48")},
                                ListingKey{std::string{"good.example"}}}) {
    const Committed c =
        ok(store_->put_listing(cos_.id, key, a_answer(5, "trusted"), std::nullopt, admin_, kT0));
    EXPECT_FALSE(c.changes.empty());
    EXPECT_EQ(ok(store_->get_listing(cos_.id, key)).answer, a_answer(5, "trusted"));
  }
  std::vector<std::string> prefixes;
  ASSERT_TRUE(store_->for_each_ip_listing(
      cos_.id, [&](const dnswire::IpPrefix& p, std::int64_t) { prefixes.push_back(p.to_text()); }));
  // Address bytes order them: 0x20 (2001:) before 0xC0 (192.).
  EXPECT_EQ(prefixes, (std::vector<std::string>{"2001:db8::/48", "192.0.2.0/24"}));
  std::vector<std::string> domains;
  ASSERT_TRUE(store_->for_each_domain_listing(
      cos_.id, [&](std::string_view d, std::int64_t) { domains.emplace_back(d); }));
  EXPECT_EQ(domains, std::vector<std::string>{"good.example"});
  ok(store_->delete_listing(cos_.id, std::string{"good.example"}, admin_, kT0));
  EXPECT_EQ(code_of(store_->get_listing(cos_.id, std::string{"good.example"})),
            StoreError::Code::NotFound);
}

TEST_F(CosStoreTest, RefusesKeysItCouldNotServe) {
  for (const ListingKey& key :
       {ListingKey{ip("10.0.0.0/7")}, ListingKey{ip("2000::/12")}, ListingKey{std::string{"1.2.3"}},
        ListingKey{std::string{"sender.123"}}, ListingKey{std::string{"a.b.c"}}}) {
    EXPECT_EQ(code_of(store_->put_listing(cos_.id, key, a_answer(5), std::nullopt, admin_, kT0)),
              StoreError::Code::Invalid);
  }
  EXPECT_TRUE(
      ok(store_->put_listing(cos_.id, ip("10.0.0.0/8"), a_answer(5), std::nullopt, admin_, kT0))
          .journal_complete);
  ok(store_->put_listing(cos_.id, ip("2001::/16"), a_answer(5), std::nullopt, admin_, kT0));
}

TEST_F(CosStoreTest, PagesThroughPrefixesThenDomains) {
  for (const ListingKey& key :
       {ListingKey{std::string{"b.example"}}, ListingKey{ip("192.0.2.1")},
        ListingKey{std::string{"a.example"}}, ListingKey{ip("2001:db8::/64")}}) {
    ok(store_->put_listing(cos_.id, key, a_answer(5), std::nullopt, admin_, kT0));
  }
  std::vector<ListingKey> seen;
  std::optional<ListingKey> after;
  for (int page = 0; page < 5; ++page) {
    const auto items = ok(store_->list_listings(cos_.id, after, 3));
    for (const ListingRecord& r : items)
      seen.push_back(r.key);
    if (items.size() < 3) break;
    after = items.back().key;
  }
  const std::vector<ListingKey> want{ip("2001:db8::/64"), ip("192.0.2.1"), std::string{"a.example"},
                                     std::string{"b.example"}};
  EXPECT_EQ(seen, want);
}

TEST_F(CosStoreTest, ReplaceZoneRefusesCos) {
  ZoneContents c;
  c.zone = cos_;
  EXPECT_EQ(code_of(store_->replace_zone(c, kT0)), StoreError::Code::Invalid);
}

}  // namespace
}  // namespace vouchd::store
