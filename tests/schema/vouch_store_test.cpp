// Tests of the vouch write API: round trips, the serial policy, journal rows for new, updated,
// suspended and deleted vouches, audit rows, bulk all-or-nothing, keyset pages, prefix search and
// concurrent writers on one file.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

class VouchStoreTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    zone_ = make_zone(ZoneKind::Vbr, "vouch.example.");
  }
  Zone zone_;
};

TEST_F(VouchStoreTest, PutThenGetRoundTripsEveryField) {
  VouchRecord v = vouch("sender.example", "transaction list", 600);
  v.note = "customer 42";
  v.expires = 1800000000;
  ok(store_->put_vouch(zone_.id, v, cli_, kT0 + seconds{5}));
  const VouchRecord got = ok(store_->get_vouch(zone_.id, "sender.example"));
  EXPECT_EQ(got.categories, "transaction list");
  EXPECT_EQ(got.ttl, 600u);
  EXPECT_EQ(got.note, "customer 42");
  EXPECT_EQ(got.expires, 1800000000);
  EXPECT_FALSE(got.suspended);
  EXPECT_EQ(got.created, 1767225605);
  EXPECT_EQ(got.updated, 1767225605);
  EXPECT_EQ(got.actor, "cli");
}

TEST_F(VouchStoreTest, UpdateKeepsCreatedAndChangesUpdated) {
  ok(store_->put_vouch(zone_.id, vouch("sender.example"), cli_, kT0 + seconds{1}));
  ok(store_->put_vouch(zone_.id, vouch("sender.example", "list"), admin_, kT0 + seconds{9}));
  const VouchRecord got = ok(store_->get_vouch(zone_.id, "sender.example"));
  EXPECT_EQ(got.categories, "list");
  EXPECT_EQ(got.created, 1767225601);
  EXPECT_EQ(got.updated, 1767225609);
  EXPECT_EQ(got.actor, "admin-token");
}

TEST_F(VouchStoreTest, NewVouchJournalsOneAddAtTheNewSerial) {
  const std::uint32_t before = serial_of(zone_.id);
  const Committed c = ok(store_->put_vouch(zone_.id, vouch("sender.example", "all", 600), cli_, kT0));
  EXPECT_EQ(c.serial, before + 1);  // same second as the zone's creation: old + 1
  EXPECT_EQ(serial_of(zone_.id), c.serial);
  ASSERT_EQ(c.changes.size(), 1u);
  EXPECT_EQ(c.changes[0].op, ChangeOp::Add);
  EXPECT_EQ(c.changes[0].serial, c.serial);
  EXPECT_EQ(c.changes[0].rr.owner.to_text(), "sender.example._vouch.vouch.example.");
  EXPECT_EQ(c.changes[0].rr.type, 16);
  EXPECT_EQ(c.changes[0].rr.ttl, 600u);
  EXPECT_EQ(c.changes[0].rr.rdata, txt("all"));
  const std::vector<Change> stored = journal(zone_.id);
  ASSERT_EQ(stored.size(), 2u);  // the creation's reset, then the add
  EXPECT_EQ(stored[1].id, c.changes[0].id);
  EXPECT_EQ(stored[1].rr.owner.to_text(), "sender.example._vouch.vouch.example.");
  EXPECT_EQ(stored[1].rr.rdata, txt("all"));
}

TEST_F(VouchStoreTest, UpdateJournalsDelOfOldThenAddOfNew) {
  ok(store_->put_vouch(zone_.id, vouch("sender.example", "all", 600), cli_, kT0));
  const Committed c =
      ok(store_->put_vouch(zone_.id, vouch("sender.example", "list", 900), cli_, kT0));
  ASSERT_EQ(c.changes.size(), 2u);
  EXPECT_EQ(c.changes[0].op, ChangeOp::Del);
  EXPECT_EQ(c.changes[0].rr.rdata, txt("all"));
  EXPECT_EQ(c.changes[0].rr.ttl, 600u);
  EXPECT_EQ(c.changes[1].op, ChangeOp::Add);
  EXPECT_EQ(c.changes[1].rr.rdata, txt("list"));
  EXPECT_EQ(c.changes[1].rr.ttl, 900u);
  EXPECT_EQ(c.changes[1].serial, c.serial);
}

TEST_F(VouchStoreTest, NoteOnlyUpdateRaisesSerialWithoutJournalRows) {
  const Committed first = ok(store_->put_vouch(zone_.id, vouch("sender.example"), cli_, kT0));
  VouchRecord v = vouch("sender.example");
  v.note = "renewed";
  const Committed second = ok(store_->put_vouch(zone_.id, v, cli_, kT0));
  EXPECT_TRUE(second.changes.empty());
  EXPECT_EQ(second.serial, first.serial + 1);
  EXPECT_EQ(ok(store_->get_vouch(zone_.id, "sender.example")).note, "renewed");
}

TEST_F(VouchStoreTest, SuspendedVouchIsNotJournaledNorServed) {
  VouchRecord v = vouch("sender.example");
  v.suspended = true;
  const Committed put = ok(store_->put_vouch(zone_.id, v, cli_, kT0));
  EXPECT_TRUE(put.changes.empty());
  int served = 0;
  ASSERT_TRUE(store_->for_each_vouch(zone_.id, [&](const Vouch&) { ++served; }));
  EXPECT_EQ(served, 0);
  const Committed resumed =
      ok(store_->set_vouch_suspended(zone_.id, "sender.example", false, cli_, kT0));
  ASSERT_EQ(resumed.changes.size(), 1u);
  EXPECT_EQ(resumed.changes[0].op, ChangeOp::Add);
  const Committed suspended =
      ok(store_->set_vouch_suspended(zone_.id, "sender.example", true, cli_, kT0));
  ASSERT_EQ(suspended.changes.size(), 1u);
  EXPECT_EQ(suspended.changes[0].op, ChangeOp::Del);
  EXPECT_EQ(suspended.changes[0].rr.owner.to_text(), "sender.example._vouch.vouch.example.");
  EXPECT_TRUE(ok(store_->get_vouch(zone_.id, "sender.example")).suspended);
  EXPECT_GT(suspended.serial, resumed.serial);
}

TEST_F(VouchStoreTest, SuspendingMissingVouchIsNotFound) {
  const std::uint32_t before = serial_of(zone_.id);
  EXPECT_EQ(code_of(store_->set_vouch_suspended(zone_.id, "nobody.example", true, cli_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_EQ(serial_of(zone_.id), before);
}

TEST_F(VouchStoreTest, ApexUnderVouchLabelPutsDomainDirectlyBelowIt) {
  const Zone z = make_zone(ZoneKind::Vbr, "_vouch.cert.example.");
  const Committed c = ok(store_->put_vouch(z.id, vouch("sender.example"), cli_, kT0));
  ASSERT_EQ(c.changes.size(), 1u);
  EXPECT_EQ(c.changes[0].rr.owner.to_text(), "sender.example._vouch.cert.example.");
}

TEST_F(VouchStoreTest, SerialFollowsMaxOfOldPlusOneAndNow) {
  const std::uint32_t created = serial_of(zone_.id);
  EXPECT_EQ(created, 1767225600u);
  const Committed a = ok(store_->put_vouch(zone_.id, vouch("a.example"), cli_, kT0));
  const Committed b = ok(store_->put_vouch(zone_.id, vouch("b.example"), cli_, kT0));
  EXPECT_EQ(a.serial, created + 1);
  EXPECT_EQ(b.serial, created + 2);
  const Committed later = ok(store_->put_vouch(zone_.id, vouch("c.example"), cli_, kT0 + seconds{100}));
  EXPECT_EQ(later.serial, 1767225700u);
  // A clock that went back still raises the serial.
  const Committed back = ok(store_->put_vouch(zone_.id, vouch("d.example"), cli_, kT0));
  EXPECT_EQ(back.serial, 1767225701u);
  EXPECT_EQ(serial_of(zone_.id), 1767225701u);
}

TEST_F(VouchStoreTest, DeleteJournalsDelAndAuditsBefore) {
  ok(store_->put_vouch(zone_.id, vouch("sender.example", "list"), cli_, kT0));
  const Committed c = ok(store_->delete_vouch(zone_.id, "sender.example", admin_, kT0));
  ASSERT_EQ(c.changes.size(), 1u);
  EXPECT_EQ(c.changes[0].op, ChangeOp::Del);
  EXPECT_EQ(c.changes[0].rr.rdata, txt("list"));
  EXPECT_EQ(code_of(store_->get_vouch(zone_.id, "sender.example")), StoreError::Code::NotFound);
  const auto audit = ok(store_->list_audit(action_filter("vouch.delete")));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "admin-token");
  EXPECT_EQ(audit[0].object, "vouch.example./sender.example");
  EXPECT_NE(audit[0].before.find("\"categories\":\"list\""), std::string::npos) << audit[0].before;
  EXPECT_EQ(audit[0].after, "");
}

TEST_F(VouchStoreTest, DeletingMissingVouchIsNotFoundAndChangesNothing) {
  const std::uint32_t before = serial_of(zone_.id);
  EXPECT_EQ(code_of(store_->delete_vouch(zone_.id, "nobody.example", cli_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_EQ(serial_of(zone_.id), before);
  EXPECT_TRUE(ok(store_->list_audit(action_filter("vouch.delete"))).empty());
}

TEST_F(VouchStoreTest, RefusesMalformedVouchesAndNonVbrZones) {
  const Zone bl = make_zone(ZoneKind::DnsblIp4, "bl.example.");
  EXPECT_EQ(code_of(store_->put_vouch(bl.id, vouch("sender.example"), cli_, kT0)),
            StoreError::Code::Invalid);
  for (const char* categories : {"", "Transaction", "a  b", " all", "all ", "all,list", "list1"}) {
    EXPECT_EQ(code_of(store_->put_vouch(zone_.id, vouch("s.example", categories), cli_, kT0)),
              StoreError::Code::Invalid)
        << categories;
  }
  EXPECT_EQ(code_of(store_->put_vouch(zone_.id, vouch("s.example", std::string(256, 'a')), cli_, kT0)),
            StoreError::Code::Invalid);
  for (const char* domain : {"", "Sender.example", "sender.example."}) {
    EXPECT_EQ(code_of(store_->put_vouch(zone_.id, vouch(domain), cli_, kT0)),
              StoreError::Code::Invalid)
        << domain;
  }
  EXPECT_EQ(code_of(store_->put_vouch(999, vouch("s.example"), cli_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_TRUE(ok(store_->list_vouches(zone_.id, "", "", 100)).empty());
  EXPECT_EQ(serial_of(zone_.id), 1767225600u);
}

TEST_F(VouchStoreTest, AuditRowsCarryBeforeAndAfterNewestFirst) {
  ok(store_->put_vouch(zone_.id, vouch("sender.example", "all"), cli_, kT0));
  ok(store_->put_vouch(zone_.id, vouch("sender.example", "list"), admin_, kT0 + seconds{1}));
  const auto audit = ok(store_->list_audit(action_filter("vouch.put")));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_GT(audit[0].id, audit[1].id);
  EXPECT_EQ(audit[0].actor, "admin-token");
  EXPECT_EQ(audit[0].at, 1767225601);
  EXPECT_EQ(audit[0].object, "vouch.example./sender.example");
  EXPECT_NE(audit[0].before.find("\"categories\":\"all\""), std::string::npos) << audit[0].before;
  EXPECT_NE(audit[0].after.find("\"categories\":\"list\""), std::string::npos) << audit[0].after;
  EXPECT_EQ(audit[1].actor, "cli");
  EXPECT_EQ(audit[1].before, "");
  EXPECT_EQ(audit[1].after,
            "{\"domain\":\"sender.example\",\"categories\":\"all\",\"ttl\":3600,\"note\":\"\","
            "\"expires\":null,\"suspended\":false}");
}

TEST_F(VouchStoreTest, BulkPutAppliesAllAtOneSerial) {
  const std::vector<VouchRecord> rows{vouch("a.example"), vouch("b.example", "list"),
                                      vouch("c.example")};
  const Committed c = ok(store_->put_vouches(zone_.id, rows, cli_, kT0));
  EXPECT_EQ(c.serial, 1767225601u);
  ASSERT_EQ(c.changes.size(), 3u);
  for (const Change& change : c.changes) EXPECT_EQ(change.serial, c.serial);
  EXPECT_EQ(ok(store_->list_vouches(zone_.id, "", "", 10)).size(), 3u);
  EXPECT_EQ(ok(store_->list_audit(action_filter("vouch.put"))).size(), 3u);
}

TEST_F(VouchStoreTest, BulkPutWithOneBadRowAppliesNothing) {
  ok(store_->put_vouch(zone_.id, vouch("keep.example", "all"), cli_, kT0));
  const std::uint32_t before = serial_of(zone_.id);
  const std::vector<VouchRecord> bad{vouch("a.example"), vouch("keep.example", "list"),
                                     vouch("c.example", "Bad")};
  EXPECT_EQ(code_of(store_->put_vouches(zone_.id, bad, cli_, kT0)), StoreError::Code::Invalid);
  const std::vector<VouchRecord> twice{vouch("a.example"), vouch("a.example", "list")};
  EXPECT_EQ(code_of(store_->put_vouches(zone_.id, twice, cli_, kT0)), StoreError::Code::Conflict);
  EXPECT_EQ(serial_of(zone_.id), before);
  const auto all = ok(store_->list_vouches(zone_.id, "", "", 10));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].categories, "all");
  EXPECT_EQ(journal(zone_.id).size(), 2u);  // reset + the one add
}

TEST_F(VouchStoreTest, KeysetPagesNeitherRepeatNorSkipWhileRowsAreInserted) {
  std::vector<VouchRecord> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(vouch("d" + std::to_string(100 + i * 2) + ".example"));
  ok(store_->put_vouches(zone_.id, rows, cli_, kT0));
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0;; ++page) {
    const auto got = ok(store_->list_vouches(zone_.id, "", after, 7));
    for (const VouchRecord& v : got) seen.push_back(v.domain);
    if (got.size() < 7) break;
    after = got.back().domain;
    // Insert one row before the cursor and one after it between pages.
    ok(store_->put_vouch(zone_.id, vouch("a" + std::to_string(page) + ".example"), cli_, kT0));
    ok(store_->put_vouch(zone_.id, vouch("d" + std::to_string(101 + page * 10) + ".example"),
                         cli_, kT0));
  }
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << "a repeat";
  for (const VouchRecord& v : rows) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), v.domain), seen.end()) << v.domain << " skipped";
  }
  EXPECT_TRUE(std::none_of(seen.begin(), seen.end(), [](const std::string& d) { return d[0] == 'a'; }));
}

TEST_F(VouchStoreTest, PrefixSearchReturnsOnlyMatchingDomainsInOrder) {
  const std::vector<VouchRecord> rows{vouch("a.example"), vouch("ab.example"), vouch("abc.org"),
                                      vouch("abd.net"), vouch("b.example"), vouch("aa.example")};
  ok(store_->put_vouches(zone_.id, rows, cli_, kT0));
  const auto all = ok(store_->list_vouches(zone_.id, "ab", "", 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].domain, "ab.example");
  EXPECT_EQ(all[1].domain, "abc.org");
  EXPECT_EQ(all[2].domain, "abd.net");
  const auto next = ok(store_->list_vouches(zone_.id, "ab", "ab.example", 1));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].domain, "abc.org");
  EXPECT_TRUE(ok(store_->list_vouches(zone_.id, "zz", "", 10)).empty());
}

TEST_F(VouchStoreTest, TwoStoresWritingFromTwoThreadsLoseNothing) {
  auto other = open();
  ASSERT_NE(other, nullptr);
  constexpr int kEach = 60;
  const auto writer = [&](Store& store, const std::string& tag) {
    for (int i = 0; i < kEach; ++i) {
      const auto c = store.put_vouch(zone_.id, vouch(tag + std::to_string(i) + ".example"),
                                     Actor{tag}, kT0);
      EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
    }
  };
  std::thread a{writer, std::ref(*store_), "a"};
  std::thread b{writer, std::ref(*other), "b"};
  a.join();
  b.join();
  EXPECT_EQ(ok(store_->list_vouches(zone_.id, "", "", 1000)).size(), 2u * kEach);
  EXPECT_EQ(serial_of(zone_.id), 1767225600u + 2 * kEach);
  std::set<std::uint32_t> serials;
  for (const Change& c : journal(zone_.id)) {
    if (c.op == ChangeOp::Add) serials.insert(c.serial);
  }
  EXPECT_EQ(serials.size(), 2u * kEach) << "each write has its own serial";
}

}  // namespace
}  // namespace vouchd::store
