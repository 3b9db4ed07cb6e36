// Tests of manual DNSxL listings: round trips, owners journaled as the server serves them
// (reversed addresses, `*.` ranges, domains), replacement, deletion, answer interning, key checks
// and keyset pages.
#include <gtest/gtest.h>

#include <algorithm>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

class ListingStoreTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    ip4_ = make_zone(ZoneKind::DnsblIp4, "bl.example.");
    dom_ = make_zone(ZoneKind::DnsblDomain, "dbl.example.");
  }
  std::vector<std::string> owners(const Committed& c, ChangeOp op) {
    std::vector<std::string> out;
    for (const Change& ch : c.changes) {
      if (ch.op == op) out.push_back(ch.rr.owner.to_text());
    }
    return out;
  }
  Zone ip4_, dom_;
};

TEST_F(ListingStoreTest, AddressListingRoundTripsAndJournalsReversedOwner) {
  const Committed c = ok(store_->put_listing(ip4_.id, ip("192.0.2.1"), a_answer(2, "spam"),
                                             1800000000, admin_, kT0 + seconds{3}));
  EXPECT_EQ(c.serial, 1767225603u);
  ASSERT_EQ(c.changes.size(), 2u);
  EXPECT_EQ(owners(c, ChangeOp::Add),
            (std::vector<std::string>{"1.2.0.192.bl.example.", "1.2.0.192.bl.example."}));
  EXPECT_EQ(c.changes[0].rr.type, 1);
  EXPECT_EQ(c.changes[1].rr.rdata, txt("spam"));
  const ListingRecord got = ok(store_->get_listing(ip4_.id, ip("192.0.2.1")));
  EXPECT_EQ(got.answer, a_answer(2, "spam"));
  EXPECT_EQ(got.source, "manual");
  EXPECT_EQ(got.expires, 1800000000);
  EXPECT_EQ(got.created, 1767225603);
}

TEST_F(ListingStoreTest, RangesJournalWildcardOwners) {
  const Committed c24 = ok(store_->put_listing(ip4_.id, ip("198.51.100.0/24"), a_answer(2),
                                               std::nullopt, admin_, kT0));
  EXPECT_EQ(owners(c24, ChangeOp::Add), std::vector<std::string>{"*.100.51.198.bl.example."});
  const Committed c23 = ok(store_->put_listing(ip4_.id, ip("203.0.112.0/23"), a_answer(2),
                                               std::nullopt, admin_, kT0));
  EXPECT_EQ(owners(c23, ChangeOp::Add),
            (std::vector<std::string>{"*.112.0.203.bl.example.", "*.113.0.203.bl.example."}));
  const Committed v6 = ok(store_->put_listing(ip4_.id, ip("2001:db8::/32"), a_answer(2),
                                              std::nullopt, admin_, kT0));
  EXPECT_EQ(owners(v6, ChangeOp::Add),
            std::vector<std::string>{"*.8.b.d.0.1.0.0.2.bl.example."});
}

TEST_F(ListingStoreTest, DomainListingJournalsDomainBelowApex) {
  const Committed c = ok(store_->put_listing(dom_.id, std::string{"bad.example"}, a_answer(2),
                                             std::nullopt, admin_, kT0));
  EXPECT_EQ(owners(c, ChangeOp::Add), std::vector<std::string>{"bad.example.dbl.example."});
  EXPECT_EQ(ok(store_->get_listing(dom_.id, std::string{"bad.example"})).answer, a_answer(2));
}

TEST_F(ListingStoreTest, ReplacingJournalsDelThenAddAndBecomesManual) {
  ZoneContents imported;
  imported.zone = ok(store_->zone_by_id(ip4_.id));
  imported.listings.push_back({ip("192.0.2.9"), a_answer(2)});
  ok(store_->replace_zone(imported, kT0));
  EXPECT_EQ(ok(store_->get_listing(ip4_.id, ip("192.0.2.9"))).source, "import");
  const Committed c = ok(store_->put_listing(ip4_.id, ip("192.0.2.9"), a_answer(4),
                                             std::nullopt, admin_, kT0 + seconds{50}));
  ASSERT_EQ(c.changes.size(), 2u);
  EXPECT_EQ(c.changes[0].op, ChangeOp::Del);
  EXPECT_EQ(c.changes[0].rr.rdata, (std::vector<std::uint8_t>{127, 0, 0, 2}));
  EXPECT_EQ(c.changes[1].op, ChangeOp::Add);
  EXPECT_EQ(c.changes[1].rr.rdata, (std::vector<std::uint8_t>{127, 0, 0, 4}));
  const ListingRecord got = ok(store_->get_listing(ip4_.id, ip("192.0.2.9")));
  EXPECT_EQ(got.source, "manual");
  EXPECT_EQ(got.answer, a_answer(4));
  EXPECT_EQ(got.created, 1767225600);
  EXPECT_EQ(got.updated, 1767225650);
  const auto audit = ok(store_->list_audit(action_filter("listing.put")));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object, "bl.example./192.0.2.9");
  EXPECT_NE(audit[0].before.find("\"source\":\"import\""), std::string::npos) << audit[0].before;
  EXPECT_NE(audit[0].after.find("127.0.0.4"), std::string::npos) << audit[0].after;
}

TEST_F(ListingStoreTest, DeleteJournalsDelsAndMissingIsNotFound) {
  ok(store_->put_listing(ip4_.id, ip("192.0.2.1"), a_answer(2, "x"), std::nullopt, admin_, kT0));
  const Committed c = ok(store_->delete_listing(ip4_.id, ip("192.0.2.1"), admin_, kT0));
  EXPECT_EQ(owners(c, ChangeOp::Del).size(), 2u);
  EXPECT_TRUE(owners(c, ChangeOp::Add).empty());
  EXPECT_EQ(code_of(store_->get_listing(ip4_.id, ip("192.0.2.1"))), StoreError::Code::NotFound);
  const std::uint32_t serial = serial_of(ip4_.id);
  EXPECT_EQ(code_of(store_->delete_listing(ip4_.id, ip("192.0.2.1"), admin_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_EQ(serial_of(ip4_.id), serial);
}

TEST_F(ListingStoreTest, IdenticalAnswersAreInternedOnce) {
  ok(store_->put_listing(ip4_.id, ip("192.0.2.1"), a_answer(2, "x"), std::nullopt, admin_, kT0));
  ok(store_->put_listing(ip4_.id, ip("192.0.2.2"), a_answer(2, "x"), std::nullopt, admin_, kT0));
  ok(store_->put_listing(ip4_.id, ip("192.0.2.3"), a_answer(3), std::nullopt, admin_, kT0));
  EXPECT_EQ(store_->answers(ip4_.id).size(), 2u);
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(store_->for_each_ip_listing(
      ip4_.id, [&](const dnswire::IpPrefix&, std::int64_t id) { ids.push_back(id); }));
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_NE(ids[0], ids[2]);
}

TEST_F(ListingStoreTest, KeyMustFitTheZoneKind) {
  const Zone vbr = make_zone(ZoneKind::Vbr, "vouch.example.");
  EXPECT_EQ(code_of(store_->put_listing(dom_.id, ip("192.0.2.1"), a_answer(2), std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_EQ(code_of(store_->put_listing(ip4_.id, std::string{"bad.example"}, a_answer(2),
                                        std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_EQ(code_of(store_->put_listing(vbr.id, ip("192.0.2.1"), a_answer(2), std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_EQ(code_of(store_->put_listing(dom_.id, std::string{"Bad.example"}, a_answer(2),
                                        std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  dnswire::IpPrefix host_bits = ip("192.0.2.0/24");
  host_bits.addr[3] = 1;
  EXPECT_EQ(code_of(store_->put_listing(ip4_.id, host_bits, a_answer(2), std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_EQ(serial_of(ip4_.id), 1767225600u);
  EXPECT_TRUE(ok(store_->list_listings(ip4_.id, std::nullopt, 10)).empty());
}

TEST_F(ListingStoreTest, KeysetPagesOverMixedFamiliesNeitherRepeatNorSkip) {
  const std::vector<std::string> keys{"192.0.2.1", "10.0.0.0/8", "2001:db8::1", "192.0.2.0/24",
                                      "198.51.100.7", "2001:db8::/48", "203.0.113.5"};
  for (const std::string& k : keys) {
    ok(store_->put_listing(ip4_.id, ip(k), a_answer(2), std::nullopt, admin_, kT0));
  }
  std::vector<std::string> seen;
  std::optional<ListingKey> after;
  for (int page = 0;; ++page) {
    const auto got = ok(store_->list_listings(ip4_.id, after, 3));
    for (const ListingRecord& r : got) seen.push_back(std::get<dnswire::IpPrefix>(r.key).to_text());
    if (got.size() < 3) break;
    after = got.back().key;
    ok(store_->put_listing(ip4_.id, ip("1.0.0." + std::to_string(page)), a_answer(2),
                           std::nullopt, admin_, kT0));  // before every cursor
  }
  ASSERT_EQ(seen.size(), keys.size());
  for (const std::string& k : keys) {
    EXPECT_EQ(std::count(seen.begin(), seen.end(), ip(k).to_text()), 1) << k;
  }
  // Address bytes, then length: 0x0a.. < 0x20.. (2001:db8::) < 0xc0.. (192.0.2.x).
  EXPECT_EQ(seen[0], "10.0.0.0/8");
  EXPECT_EQ(seen[1], "2001:db8::/48");
  EXPECT_EQ(seen[2], "2001:db8::1");
  EXPECT_EQ(seen[3], "192.0.2.0/24");
  EXPECT_EQ(seen[4], "192.0.2.1");
}

TEST_F(ListingStoreTest, DomainListingsPageInDomainOrder) {
  for (const char* d : {"c.example", "a.example", "b.example"}) {
    ok(store_->put_listing(dom_.id, std::string{d}, a_answer(2), std::nullopt, admin_, kT0));
  }
  const auto first = ok(store_->list_listings(dom_.id, std::nullopt, 2));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(std::get<std::string>(first[0].key), "a.example");
  const auto rest = ok(store_->list_listings(dom_.id, first.back().key, 2));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(std::get<std::string>(rest[0].key), "c.example");
}

}  // namespace
}  // namespace vouchd::store
