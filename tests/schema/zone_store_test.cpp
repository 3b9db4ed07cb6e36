// Tests of the zone API: creation (with its records, Conflict on an existing apex), SOA updates
// journaled as del/add of the SOA, deletion of everything, and per-zone counts.
#include <gtest/gtest.h>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

using ZoneStoreTest = WriteApiTest;

TEST_F(ZoneStoreTest, CreateStoresRecordsAndRefusesExistingApex) {
  const Zone z = make_zone(ZoneKind::Vbr, "vouch.example.", 1800000000);
  EXPECT_EQ(z.soa.serial, 1800000000u);  // a later given serial wins over now
  EXPECT_EQ(ok(store_->zone_by_id(z.id)).apex.to_text(), "vouch.example.");
  int records = 0;
  ASSERT_TRUE(store_->for_each_record(z.id, [&](const StaticRecord& r) {
    ++records;
    EXPECT_EQ(r.type, 2);
  }));
  EXPECT_EQ(records, 1);
  Zone again = z;
  again.apex = dns_name("VOUCH.example.");
  EXPECT_EQ(code_of(store_->create_zone(again, {}, admin_, kT0)), StoreError::Code::Conflict);
  const auto audit = ok(store_->list_audit(action_filter("zone.create")));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object, "vouch.example.");
}

TEST_F(ZoneStoreTest, CreateRefusesRecordOutsideTheZone) {
  Zone z;
  z.apex = dns_name("vouch.example.");
  z.kind = ZoneKind::Vbr;
  const std::vector<StaticRecord> outside{{dns_name("other.example."), 16, 60, txt("x")}};
  EXPECT_EQ(code_of(store_->create_zone(z, outside, admin_, kT0)), StoreError::Code::Invalid);
  EXPECT_TRUE(store_->zones().empty());
}

TEST_F(ZoneStoreTest, UpdateSoaJournalsDelOfOldAndAddOfNew) {
  const Zone z = make_zone(ZoneKind::DnsblIp4, "bl.example.");
  Soa soa = z.soa;
  soa.refresh = 7200;
  soa.minimum = 60;
  soa.ttl = 1800;
  soa.rname = dns_name("dns.bl.example.");
  const Committed c = ok(store_->update_soa(z.id, soa, admin_, kT0 + seconds{30}));
  EXPECT_EQ(c.serial, 1767225630u);
  const Zone after = ok(store_->zone_by_id(z.id));
  EXPECT_EQ(after.soa.serial, c.serial);
  EXPECT_EQ(after.soa.refresh, 7200u);
  EXPECT_EQ(after.soa.minimum, 60u);
  EXPECT_EQ(after.soa.ttl, 1800u);
  EXPECT_EQ(after.soa.rname.to_text(), "dns.bl.example.");
  ASSERT_EQ(c.changes.size(), 2u);
  EXPECT_EQ(c.changes[0].op, ChangeOp::Del);
  EXPECT_EQ(c.changes[0].rr.type, 6);
  EXPECT_EQ(c.changes[0].rr.owner.to_text(), "bl.example.");
  EXPECT_EQ(c.changes[0].rr.ttl, 3600u);
  EXPECT_EQ(c.changes[1].op, ChangeOp::Add);
  EXPECT_EQ(c.changes[1].rr.ttl, 1800u);
  const auto serial_at = [](const std::vector<std::uint8_t>& rdata) {
    const std::size_t at = rdata.size() - 20;  // serial, refresh, retry, expire, minimum
    return std::uint32_t{rdata[at]} << 24 | std::uint32_t{rdata[at + 1]} << 16 |
           std::uint32_t{rdata[at + 2]} << 8 | rdata[at + 3];
  };
  EXPECT_EQ(serial_at(c.changes[0].rr.rdata), z.soa.serial);
  EXPECT_EQ(serial_at(c.changes[1].rr.rdata), c.serial);
  EXPECT_EQ(journal(z.id).size(), 3u);
}

TEST_F(ZoneStoreTest, DeleteRemovesZoneWithContentsAndIsAudited) {
  const Zone z = make_zone(ZoneKind::DnsblIp4, "bl.example.");
  const Zone keep = make_zone(ZoneKind::Vbr, "vouch.example.");
  ok(store_->put_listing(z.id, ip("192.0.2.1"), a_answer(2), std::nullopt, admin_, kT0));
  ok(store_->put_vouch(keep.id, vouch("s.example"), admin_, kT0));
  ASSERT_TRUE(store_->delete_zone(z.id, admin_, kT0).has_value());
  EXPECT_EQ(code_of(store_->zone_by_id(z.id)), StoreError::Code::NotFound);
  EXPECT_TRUE(store_->answers(z.id).empty());
  EXPECT_TRUE(ok(store_->changes(z.id)).empty());
  EXPECT_EQ(ok(store_->zone_counts(z.id)).listings, 0u);
  EXPECT_EQ(store_->zones().size(), 1u);
  EXPECT_EQ(ok(store_->zone_counts(keep.id)).vouches, 1u);
  EXPECT_EQ(ok(store_->list_audit(action_filter("zone.delete"))).size(), 1u);
  EXPECT_EQ(code_of(store_->delete_zone(z.id, admin_, kT0)), StoreError::Code::NotFound);
}

TEST_F(ZoneStoreTest, CountsVouchesSuspendedListingsAndRecords) {
  const Zone z = make_zone(ZoneKind::Vbr, "vouch.example.");
  VouchRecord off = vouch("b.example");
  off.suspended = true;
  const std::vector<VouchRecord> rows{vouch("a.example"), off};
  ok(store_->put_vouches(z.id, rows, admin_, kT0));
  const ZoneCounts c = ok(store_->zone_counts(z.id));
  EXPECT_EQ(c.vouches, 2u);
  EXPECT_EQ(c.suspended, 1u);
  EXPECT_EQ(c.listings, 0u);
  EXPECT_EQ(c.records, 1u);
  EXPECT_EQ(ok(store_->entry_count(z.id)), 1u);  // the zone builder's count: served only
}

}  // namespace
}  // namespace vouchd::store
